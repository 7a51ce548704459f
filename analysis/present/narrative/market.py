"""The "market overview" section: the whole price table (curated or an imported catalogue)."""

from __future__ import annotations

from analysis.compute.report import ReportData
from analysis.present.i18n import Localizer
from analysis.present.i18n import escape_markdown as esc
from analysis.present.i18n import message_id as _
from analysis.present.markdown import bullets, table

CATALOG_NAMES = {"curated": _("the curated price table (data/prices.csv)"),
                 "litellm": _("LiteLLM's model price catalogue"),
                 "openrouter": _("OpenRouter's models API snapshot")}
SKIP_REASONS = {
    "sample_spec": _("schema example, not a model"),
    "unsupported_mode": _("not a chat or completion model (embeddings, images, audio, ...)"),
    "variable_price": _("variable price (routers)"),
    "no_token_price": _("no per-token price"),
    "incomplete_token_price": _("only one of input and output priced"),
    "zero_price": _("priced 0 / 0 (a placeholder, not a price)"),
    "free_variant": _("free variant of a priced model"),
    "implausible_price": _("implausible price for its unit"),
    "duplicate": _("duplicate of a cheaper entry for the same model and provider"),
}
QUANTILE_NAMES = {0.0: _("cheapest"), 0.1: _("10th percentile"), 0.25: _("25th percentile"), 0.5: _("median"),
                  0.75: _("75th percentile"), 0.9: _("90th percentile"), 1.0: _("dearest")}


def market_overview(data: ReportData, loc: Localizer) -> str:
    _ = loc.gettext
    market = data.market
    parts = ["## " + _("Market overview"),
             _("Source: {catalog}. For this workload we priced {models} models from {providers} providers "
               "({rows} model and provider prices).").format(
                 catalog=_(CATALOG_NAMES[market.catalog]), models=loc.integer(market.models),
                 providers=loc.integer(market.providers), rows=loc.integer(market.priced_rows))]
    if len(market.skip_counts):
        parts.append(_("Catalogue entries left out, by reason (never counted as free):"))
        parts.append(bullets(f"{loc.gettext(SKIP_REASONS.get(reason, reason))}: {loc.integer(count)}"
                             for reason, count in market.skip_counts.items()))
    parts.append(_("Price distribution over models, each at its cheapest provider (blended price: 3 input : 1 output):"))
    rows = [[_(QUANTILE_NAMES[q.quantile]), loc.money(q.usd_per_mtok_blended), loc.money(q.usd_total)]
            for q in market.distribution.itertuples()]
    parts.append(table([_("Position"), _("Blended, USD per 1M"), _("USD per month")], rows, ["l", "r", "r"]))
    chosen = market.per_model[market.per_model["model_id"].isin(data.models["model_id"])]
    names = data.models.set_index("model_id")["display_name"]
    provider_names = data.providers.set_index("provider")["display_name"]
    rows = [[esc(names[r.model_id]), esc(provider_names.get(r.provider, r.provider)), loc.money(r.usd_total),
             loc.integer(r.priced_providers),
             loc.number(r.max_to_min_ratio, 1) if r.priced_providers > 1 else loc.money(None),
             loc.percent(r.share_cheaper)]
            for r in chosen.itertuples()]
    if rows:
        parts.append(_("Where the selected models stand:"))
        parts.append(table([_("Model"), _("Cheapest provider"), _("USD per month"), _("Priced providers"),
                            _("Dearest ÷ cheapest"), _("Models that are cheaper")], rows, ["l", "l", "r", "r", "r", "r"]))
    return "\n\n".join(parts)
