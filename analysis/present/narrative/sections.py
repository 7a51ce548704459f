"""The report's core sections as Markdown, in the reader's language.

Each function takes the computed :class:`~analysis.compute.report.ReportData` and a
:class:`~analysis.present.i18n.Localizer`; every number is formatted here, at the last moment, from the
same variables, so the key points, the summary and the body cannot disagree. Data strings go
through :func:`~analysis.present.i18n.escape_markdown`.
"""

from __future__ import annotations

import pandas as pd

from analysis.compute.costs import TOKENS_PER_MTOK
from analysis.compute.report import ReportData, provider_summary, speed_extremes
from analysis.compute.scores import widely_reported
from analysis.present.i18n import Localizer
from analysis.present.i18n import escape_markdown as esc
from analysis.present.i18n import message_id as _
from analysis.present.markdown import bullets, link, table
from analysis.present.vocabulary import CATEGORY_NAMES, names_of

#: the report's title (translated per language; also the PDF and HTML title)
REPORT_TITLE = _("Which LLM gives the most for the money? A cited cost and quality report")
#: the title of the second document (full tables, further analyses, seed audit, sources)
APPENDIX_TITLE = _("Appendix: full tables, further analyses, audit and sources")

MODALITY_NAMES = {"text": _("text"), "image": _("image"), "audio": _("audio"), "video": _("video")}


def _mtok(loc: Localizer, tokens: float) -> str:
    """Tokens as a count of millions (10_000_000 -> '10')."""
    return loc.number(tokens / TOKENS_PER_MTOK, 3)


def modalities(loc: Localizer, value: str) -> str:
    return " + ".join(loc.gettext(MODALITY_NAMES.get(part, part)) for part in str(value).split("+"))


def workload_text(data: ReportData, loc: Localizer) -> str:
    _ = loc.gettext
    w = data.workload
    text = _("{input} input and {output} output tokens a month").format(
        input=loc.tokens(w.input_tokens), output=loc.tokens(w.output_tokens))
    if w.cached_input_tokens:
        text += " " + _("(of the input, {cached} from cache)").format(cached=loc.tokens(w.cached_input_tokens))
    return text


def title_block(data: ReportData, loc: Localizer, title: str) -> str:
    _ = loc.gettext
    return "\n\n".join([
        f"# {esc(title)}",
        _("Data as of {date}. Workload: {workload}. All prices in US dollars per 1 million tokens; "
          "all budgets in US dollars per month. Every figure is computed from the cited data tables "
          "listed in the sources appendix.").format(date=loc.date(data.snapshot_date), workload=workload_text(data, loc)),
    ])


def _model_provider(row: pd.Series) -> str:
    return f"{esc(row['display_name'])} ({esc(row['provider_name'])})"


#: after a figure whose price is not verified, and after one whose price ends within 90 days
UNVERIFIED_MARK, ENDS_MARK = " †", " ‡"


def price_marks(verified: object, ends: object = "") -> str:
    """' †' after a figure whose price is not verified (False; nothing when verified or unknown,
    NA) and ' ‡' after one whose price ends soon (``ends``: its last day, "" if not soon)."""
    mark = "" if pd.isna(verified) or bool(verified) else UNVERIFIED_MARK
    return mark + (ENDS_MARK if isinstance(ends, str) and ends else "")


def key_points(data: ReportData, loc: Localizer, extra: list[str] | None = None, lead: list[str] | None = None) -> str:
    """Bullets: ``lead`` first (e.g. how sure the answer is), then the cost facts, then ``extra``."""
    _ = loc.gettext
    items = list(lead or [])
    priced = data.priced
    if len(priced):
        cheapest = priced.iloc[0]
        items.append(_("{model} is the cheapest for this workload: {cost} a month via {provider} "
                       "({price_in} input, {price_out} output per 1M tokens).").format(
            model=esc(cheapest["display_name"]),
            cost=loc.money(cheapest["usd_total"]) + price_marks(cheapest.get("verified", pd.NA), cheapest.get("price_ends", "")),
            provider=esc(cheapest["provider_name"]), price_in=loc.money(cheapest["usd_per_mtok_input"]),
            price_out=loc.money(cheapest["usd_per_mtok_output"])))
        dearest = priced.iloc[-1]
        if len(priced) > 1:
            items.append(_("{model} is the most expensive at its cheapest provider: {cost} a month via {provider}.").format(
                model=esc(dearest["display_name"]),
                cost=loc.money(dearest["usd_total"]) + price_marks(dearest.get("verified", pd.NA), dearest.get("price_ends", "")),
                provider=esc(dearest["provider_name"])))
    spreads = data.provider_spread
    if len(spreads):
        top = spreads.iloc[0]
        models = names_of(data.models)
        providers = dict(zip(data.providers["provider"], data.providers["display_name"]))
        items.append(_("The provider matters as much as the model: {model} costs from {low} ({low_provider}) "
                       "to {high} ({high_provider}) a month, {ratio} times as much.").format(
            model=esc(models[top["model_id"]]), low=loc.money(top["usd_total_min"]),
            low_provider=esc(providers[top["cheapest_provider"]]), high=loc.money(top["usd_total_max"]),
            high_provider=esc(providers[top["dearest_provider"]]), ratio=loc.number(top["max_to_min_ratio"], 1)))
    missing = data.missing_prices
    if missing:
        items.append(loc.ngettext(
            "{count} provider price is not listed in our sources; it is shown as missing ({dash}), not as free.",
            "{count} provider prices are not listed in our sources; they are shown as missing ({dash}), not as free.",
            missing).format(count=missing, dash=loc.money(None)))
    items.extend(extra or [])
    return "## " + _("Key points") + "\n\n" + bullets(items)


def executive_summary(data: ReportData, loc: Localizer, extra: str = "") -> str:
    _ = loc.gettext
    parts = ["## " + _("Executive summary"),
             _("This report compares {count} models from {developers} developers (listed under what it covers) for "
               "a workload of {workload}, using list prices of the providers that serve them, cross-checked against "
               "four price catalogues, and benchmark scores from independent leaderboards and the developers "
               "themselves.").format(count=len(data.models), developers=data.developer_count,
                                     workload=workload_text(data, loc))]
    priced = data.priced
    if len(priced) >= 2:
        low, high = priced.iloc[0], priced.iloc[-1]
        parts.append(_("At the provider each model is priced at (its cheapest verified one), the monthly budget ranges from {low} "
                       "({low_model}) to {high} ({high_model}). The appendix shows the arithmetic "
                       "for every figure.").format(low=loc.money(low["usd_total"]), low_model=_model_provider(low),
                                                   high=loc.money(high["usd_total"]), high_model=_model_provider(high)))
    unpriced = data.chosen[data.chosen["usd_total"].isna()]
    if len(unpriced):
        parts.append(_("No provider in our sources lists a price for: {names}.").format(
            names=", ".join(esc(n) for n in unpriced["display_name"])))
    if extra:
        parts.append(extra)
    return "\n\n".join(parts)


def comparison_table(data: ReportData, loc: Localizer, router_labels: pd.DataFrame | None = None) -> str:
    """One row per model at its cheapest priced provider (all providers: budget section).
    ``router_labels`` (``model_id, labels``; :func:`analysis.compute.router.router_labels`) adds the
    claude-code-router routes derived for each model."""
    labels = None if router_labels is None else {
        row.model_id: ", ".join(row.labels) for row in router_labels.itertuples()}
    _ = loc.gettext
    models = data.models.set_index("model_id")
    headers = [_("Model"), _("Cheapest provider"), _("Input, USD per 1M"), _("Output, USD per 1M"),
               _("Context window (provider / model)"), _("Input")]
    if labels is not None:
        headers.append(_("Router label"))
    rows = []
    for row in data.chosen.sort_values("model_id").itertuples():
        model = models.loc[row.model_id]
        priced = pd.notna(row.usd_total)
        mark = price_marks(getattr(row, "verified", pd.NA), getattr(row, "price_ends", ""))
        cells = [esc(row.display_name), esc(row.provider_name) if priced else loc.money(None),
                 loc.money(row.usd_per_mtok_input) + (mark if priced else ""),
                 loc.money(row.usd_per_mtok_output) + (mark if priced else ""),
                 f"{loc.tokens(row.context_window_tokens) if priced else loc.money(None)} / {loc.tokens(model['context_window_tokens'])}",
                 modalities(loc, model["input_modalities"])]
        if labels is not None:
            cells.append(f"`{labels[row.model_id]}`" if labels.get(row.model_id) else loc.money(None))
        rows.append(cells)
    note = _("{dash} = not listed in our sources.").format(dash=loc.money(None))
    return "## " + _("Comparison table") + "\n\n" + table(headers, rows, ["l", "l", "r", "r", "r", "l", "l"][: len(headers)]) + "\n\n" + note


def benchmark_table(data: ReportData, loc: Localizer, columns: int = 6) -> str:
    """Models x the most widely reported benchmarks (score %, as each developer reports it)."""
    _ = loc.gettext
    scores = widely_reported(data.benchmarks, columns)
    chosen = list(scores.columns)
    rows = [[esc(r.display_name)] + [loc.fixed(scores.at[r.model_id, b], 1) if r.model_id in scores.index else loc.money(None)
                                      for b in chosen] for r in data.models.itertuples()]
    note = _("Scores in percent, as each developer reports them; settings differ between cards (see the sources "
             "appendix, which also lists the other benchmarks). {dash} = not reported.").format(dash=loc.money(None))
    return "### " + _("Benchmark scores") + "\n\n" + table([_("Model")] + [esc(b) for b in chosen], rows,
                                                             ["l"] + ["r"] * len(chosen)) + "\n\n" + note


def arithmetic(row: pd.Series, data: ReportData, loc: Localizer) -> str:
    """``10 × $5.00 + 5 × $16.00 = $130.00`` (millions of tokens × USD per 1M tokens)."""
    w = data.workload
    terms = [f"{_mtok(loc, w.uncached_input_tokens)} × {loc.money(row['usd_per_mtok_input'])}"]
    if w.cached_input_tokens:
        cached_rate = row["usd_per_mtok_cached_input"] if pd.notna(row["usd_per_mtok_cached_input"]) else row["usd_per_mtok_input"]
        terms.append(f"{_mtok(loc, w.cached_input_tokens)} × {loc.money(cached_rate)}")
    terms.append(f"{_mtok(loc, w.output_tokens)} × {loc.money(row['usd_per_mtok_output'])}")
    return " + ".join(terms) + f" = **{loc.money(row['usd_total'])}**" + price_marks(row.get("verified", pd.NA), row.get("price_ends", ""))


def budget_impact(data: ReportData, loc: Localizer, arithmetic_lines: bool = True) -> str:
    """The formula, then (``arithmetic_lines``) the arithmetic of every model at the provider it is
    priced at; without them, a pointer to the appendix where they are."""
    _ = loc.gettext
    w = data.workload
    formula = _("Monthly cost = input tokens ÷ 1,000,000 × input price + output tokens ÷ 1,000,000 × output price.")
    if w.cached_input_tokens:
        formula += " " + _("Cached input tokens are part of the input and are billed at the cached rate instead of the input rate.")
    parts = ["## " + _("Budget impact"), _("Workload: {workload}.").format(workload=workload_text(data, loc)), formula]
    if not arithmetic_lines:
        parts.append(_("The chart shows each model's monthly cost at the provider it is priced at and how far the "
                       "dearest provider goes; the arithmetic of every figure and the budget at every provider are in "
                       "the appendix."))
        return "\n\n".join(parts)
    lines = []
    for row in data.chosen.sort_values(["usd_total", "model_id"], na_position="last").itertuples(index=False):
        series = pd.Series(row._asdict())
        if pd.isna(row.usd_total):
            lines.append(_("**{model}**: no listed price, so no budget.").format(model=esc(row.display_name)))
        else:
            lines.append(_("**{model}** via {provider}: {arithmetic}").format(
                model=esc(row.display_name), provider=esc(row.provider_name), arithmetic=arithmetic(series, data, loc)))
    parts.append(_("At the provider each model is priced at, its cheapest verified one (millions of tokens × USD per 1M "
                   "tokens):"))
    parts.append(bullets(lines))
    return "\n\n".join(parts)


def budget_table(data: ReportData, loc: Localizer) -> str:
    """Monthly cost at every provider we have a price for (missing prices stay missing)."""
    _ = loc.gettext
    parts = ["## " + _("Budget at every provider"), _("Workload: {workload}.").format(workload=workload_text(data, loc))]
    headers = [_("Model"), _("Provider"), _("Input, USD per 1M"), _("Output, USD per 1M"),
               _("Cached input, USD per 1M"), _("USD per month"), _("Confirmed by")]
    rows = [[esc(r.display_name), esc(r.provider_name), loc.money(r.usd_per_mtok_input), loc.money(r.usd_per_mtok_output),
             loc.money(r.usd_per_mtok_cached_input), loc.money(r.usd_total) + price_marks(getattr(r, "verified", pd.NA), getattr(r, "price_ends", "")),
             esc(str(getattr(r, "verified_by", "") or "").replace(";", ", ")) or loc.money(None)]
            for r in data.costs.itertuples()]
    parts.append(table(headers, rows, ["l", "l", "r", "r", "r", "r", "l"]))
    return "\n\n".join(parts)


def provider_considerations(data: ReportData, loc: Localizer) -> str:
    _ = loc.gettext
    headers = [_("Provider"), _("Models priced"), _("Cheapest for"), _("Cached-input price listed"),
               _("Serves less context than the model")]
    rows = []
    for r in provider_summary(data).itertuples():
        short = [f"{esc(name)} ({loc.tokens(served)} / {loc.tokens(full)})" for name, served, full in r.short_context]
        rows.append([esc(r.provider_name), f"{r.priced} / {r.listed}", str(r.cheapest_for),
                     _("yes") if r.cached_listed else _("no"), "; ".join(short) or _("no")])
    notes = data.providers[data.providers["provider"].isin(data.costs["provider"]) & (data.providers["notes"] != "")]
    parts = ["## " + _("Provider considerations"), table(headers, rows, ["l", "r", "r", "l", "l"])]
    parts.append(_("A provider may serve a model with a shorter context window than the model supports; "
                   "check it before sending long prompts."))
    if len(notes):
        parts.append(bullets(f"**{esc(r.display_name)}**: {esc(loc.data(r.notes))}" for r in notes.itertuples()))
    return "\n\n".join(parts)


def latency_vs_cost(data: ReportData, speed: pd.DataFrame, loc: Localizer) -> str:
    """Measured speed (Aider benchmark seconds per exercise) beside the monthly cost."""
    _ = loc.gettext
    parts = ["## " + _("Latency vs cost"),
             _("Speed is taken from measurements, not adjectives: Aider's public coding benchmarks record the "
               "average wall time per exercise for each run, through the provider route named below. It depends "
               "on the provider and the day, so treat it as an order of magnitude.")]
    selected = speed[speed["model_id"].isin(data.models["model_id"])]
    cost = data.chosen.set_index("model_id")["usd_total"]
    rows = [[esc(r.display_name), esc(r.leaderboard), esc(r.route), r.date, loc.fixed(r.seconds_per_case, 1),
             loc.fixed(r.pass_rate_2_percent, 1), loc.money(cost.get(r.model_id))]
            for r in selected.merge(data.models[["model_id", "display_name"]], on="model_id").itertuples()]
    if rows:
        parts.append(table([_("Model"), _("Benchmark"), _("Route"), _("Date"), _("Seconds per exercise"),
                            _("Solved (%)"), _("USD per month")], rows, ["l", "l", "l", "l", "r", "r", "r"]))
        extremes = speed_extremes(selected)
        if extremes is not None:
            fastest, slowest, ratio = extremes
            parts.append(_("Among the measured runs, the fastest took {fast} s per exercise ({fast_model}) and the slowest "
                           "{slow} s ({slow_model}), {ratio} times as long.").format(
                fast=loc.fixed(fastest["seconds_per_case"], 1), fast_model=esc(fastest["route"]),
                slow=loc.fixed(slowest["seconds_per_case"], 1), slow_model=esc(slowest["route"]),
                ratio=loc.number(ratio, 1)))
    unmeasured = data.models[~data.models["model_id"].isin(selected["model_id"])]
    if len(unmeasured):
        parts.append(_("No measured speed in our sources for: {names}.").format(
            names=", ".join(esc(n) for n in unmeasured["display_name"])))
    return "\n\n".join(parts)


def sources_appendix(data: ReportData, loc: Localizer, speed: pd.DataFrame | None = None) -> str:
    """Where every figure comes from, and why a missing one is missing."""
    _ = loc.gettext
    parts = ["## " + _("Appendix: sources"), "### " + _("Datasets")]
    dataset_lines = []
    for name, origin in sorted(data.curated.origins.items()):
        licence = origin.get("licence") or {}
        dataset_lines.append(_("**{title}** ({producer}), {url}; accessed {date}; licence: {licence}.").format(
            title=esc(loc.data(origin.get("title"))), producer=esc(loc.data(origin.get("producer"))),
            url=link(origin.get("url_main", "")), date=esc(origin.get("date_accessed")),
            licence=esc(loc.data(licence.get("name", "") if isinstance(licence, dict) else licence))))
    parts.append(bullets(dataset_lines))
    parts.append("### " + _("Prices"))
    price_rows = [[esc(r.display_name), esc(r.provider_name), link(r.source_url), esc(r.catalog_key) or loc.money(None), r.retrieved,
                   esc(loc.data(r.notes))] for r in data.costs.itertuples()]
    parts.append(table([_("Model"), _("Provider"), _("Source"), _("Catalogue entry"), _("Retrieved"), _("Notes")], price_rows))
    parts.append("### " + _("Model facts"))
    model_rows = [[esc(r.display_name), link(r.source_url), r.retrieved, esc(loc.data(r.licence))] for r in data.models.itertuples()]
    parts.append(table([_("Model"), _("Source"), _("Retrieved"), _("Licence")], model_rows))
    parts.append("### " + _("Benchmark scores"))
    names = data.models.set_index("model_id")["display_name"]
    bench_rows = [[esc(names[r.model_id]), esc(r.benchmark), esc(loc.gettext(CATEGORY_NAMES.get(r.category, r.category))),
                   loc.fixed(r.score_percent, 1), esc(loc.data(r.setting)), link(r.source_url), r.retrieved]
                  for r in data.benchmarks.sort_values(["model_id", "benchmark"]).itertuples()]
    parts.append(table([_("Model"), _("Benchmark"), _("Category"), _("Score (%)"), _("Setting"), _("Source"), _("Retrieved")], bench_rows))
    if speed is not None and len(speed):
        parts.append("### " + _("Measured speed"))
        selected = speed[speed["model_id"].isin(data.models["model_id"])]
        parts.append(bullets(_("{model}: {board} run of {date}, {url} (retrieved {retrieved})").format(
            model=esc(names[r.model_id]), board=esc(r.leaderboard), date=r.date, url=link(r.source_url), retrieved=r.retrieved)
            for r in selected.itertuples()))
    return "\n\n".join(parts)
