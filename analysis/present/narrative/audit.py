"""The section "Audit of the 2025-09-06 report": an errata table of the published report's
numeric and qualitative claims, from the frame of :func:`analysis.compute.audit.audit_claims`, in the
reader's language.

Quotes are shown as published (the report's in its own language, a source's in the source's),
escaped and in quotation marks; our findings are data text, translated through the ``data``
catalogue; every number is formatted here by the :class:`~analysis.present.i18n.Localizer`.
"""

from __future__ import annotations

import math
import re
from typing import Sequence

import pandas as pd

from analysis.compute.audit import verdict_counts
from analysis.present.i18n import MISSING, Localizer
from analysis.present.i18n import escape_markdown as esc
from analysis.present.i18n import message_id as _
from analysis.present.markdown import link, table

SECTION_NAMES = {
    "key_points": _("key points"), "executive_summary": _("executive summary"),
    "comparison_table": _("comparison table"), "recommendations": _("recommendations"),
    "budget_impact": _("budget impact"), "provider_considerations": _("provider considerations"),
    "latency_tradeoff": _("latency vs. cost"),
}
VERDICT_NAMES = {
    "holds": _("holds"), "wrong_by_factor": _("wrong by a factor"), "wrong": _("wrong"),
    "inconsistent": _("contradicts the report itself"), "supported": _("supported by the source"),
    "unsupported": _("not supported by the source"), "contradicted": _("contradicted by the source"),
    "not_checkable": _("not checkable"),
}
REASON_TEXTS = {
    "no_price_listed": _("Our data lists no price of this model at this provider."),
    "no_data": _("Our data has no figure for this model at this provider."),
    "input_output_differ": _("The provider's input and output prices differ, so there is no single price per token."),
    "unnamed_comparison": _("The report does not name the alternatives it compares with."),
    "not_in_our_data": _("Our data does not record this figure."),
}
#: reasons about our data that are worth saying even when another check decided the verdict
DATA_REASONS = ("no_price_listed", "no_data", "input_output_differ")
FACTOR_TEXTS = {
    ("own_inputs", "too_low"): _("Redoing the report's own arithmetic gives {value}: the stated figure is "
                                 "{factor} times too low."),
    ("own_inputs", "too_high"): _("Redoing the report's own arithmetic gives {value}: the stated figure is "
                                  "{factor} times too high."),
    ("our_data", "too_low"): _("Our data gives {value} ({source}): the stated figure is {factor} times too low."),
    ("our_data", "too_high"): _("Our data gives {value} ({source}): the stated figure is {factor} times too high."),
}


def named(loc: Localizer, names: dict, code: object) -> str:
    """The translated name of a code (``VERDICT_NAMES``, ``SECTION_NAMES``, ...); the code itself
    if it has none."""
    return loc.gettext(names.get(code, str(code)))


def _factor(loc: Localizer, factor: float) -> str:
    """A ratio: one decimal below 10 (``6.7``), whole above (``1,231``)."""
    return loc.number(factor, 1 if factor < 10 else 0)


def _money(loc: Localizer, usd: float) -> str:
    """USD with enough decimals that a small amount keeps two significant digits."""
    small = 0 < abs(usd) < 0.01
    return loc.money(usd, 1 - math.floor(math.log10(abs(usd))) if small else None)


def figure(loc: Localizer, value: float, unit: str) -> str:
    """A value in an audit ``canonical_unit`` as text (``$5.00 per 1M tokens``); "—" if NaN."""
    _ = loc.gettext
    if pd.isna(value):
        return MISSING
    if unit == "usd_per_mtok":
        return _("{price} per 1M tokens").format(price=_money(loc, value))
    if unit == "usd_per_month":
        return _("{amount} a month").format(amount=_money(loc, value))
    if unit == "tokens":
        return _("{count} tokens").format(count=loc.tokens(value))
    if unit == "fraction":
        return loc.percent(value)
    if unit == "rank":
        return _("rank {rank} by monthly cost").format(rank=loc.integer(value))
    if unit == "times":
        return f"{loc.number(value, 1)}×"
    return loc.number(value, 2)


_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


def as_read(quote: object) -> str:
    """A quote as the seed's reader saw it: its Markdown bold markers (``**$0.75**``) removed, the
    words and figures kept verbatim."""
    return _EMPHASIS.sub(r"\2", str(quote or ""))


def claim_cell(loc: Localizer, claim: pd.Series) -> str:
    """Where the claim is and what it says, quoted as published."""
    _ = loc.gettext
    section = named(loc, SECTION_NAMES, claim["section"])
    if claim["column"]:
        return _("{section}, column “{column}”: “{quote}”").format(
            section=esc(section), column=esc(claim["column"]), quote=esc(as_read(claim["quote"])))
    return _("{section}: “{quote}”").format(section=esc(section), quote=esc(as_read(claim["quote"])))


def verdict_text(loc: Localizer, claim: pd.Series) -> str:
    _ = loc.gettext
    if claim["verdict"] == "wrong_by_factor" and pd.notna(claim["factor"]):
        return _("wrong by a factor of {factor}").format(factor=_factor(loc, claim["factor"]))
    return named(loc, VERDICT_NAMES, claim["verdict"])


def explanation(loc: Localizer, claim: pd.Series, related: pd.Series | None) -> str:
    """Short explanation of one verdict: the check that decided it, then what the other checks
    found (the report's own inputs, our data, catalogue entries)."""
    _ = loc.gettext
    unit, basis, verdict = claim["canonical_unit"], claim["basis"], claim["verdict"]
    source = link(claim["data_source_url"], _("source")) if claim["data_source_url"] else _("curated data")
    own = figure(loc, claim["recomputed_value"], unit)
    ours = figure(loc, claim["data_value"], unit)
    parts = []
    if verdict == "wrong_by_factor":
        parts.append(named(loc, FACTOR_TEXTS, (basis, claim["direction"])).format(
            value=own if basis == "own_inputs" else ours, source=source, factor=_factor(loc, claim["factor"])))
    elif verdict == "inconsistent":
        where = claim_cell(loc, related) if related is not None else esc(claim["related_claim_id"])
        parts.append(_("The same report states {value} elsewhere: {claim}.").format(
            value=figure(loc, claim["related_value"], unit), claim=where))
        if pd.notna(claim["factor"]):
            parts.append(_("The two differ by a factor of {factor}.").format(factor=_factor(loc, claim["factor"])))
    elif basis == "our_data":
        parts.append((_("Our data agrees: {value} ({source}).") if verdict == "holds"
                      else _("Our data gives {value} ({source}).")).format(value=ours, source=source))
    elif basis == "own_inputs":
        parts.append(_("Redoing the report's own arithmetic gives {value}.").format(value=own))
    elif basis == "cited_source":
        parts.append(_("{finding} Source ({source}, retrieved {date}): “{quote}”").format(
            finding=esc(loc.data(claim["evidence_finding"])), source=link(claim["evidence_source_url"], _("source")),
            date=loc.date(claim["evidence_retrieved"]), quote=esc(claim["evidence_source_quote"])))
    else:
        parts.append(named(loc, REASON_TEXTS, claim["reason"]))
    if basis != "own_inputs" and pd.notna(claim["recomputed_value"]):
        parts.append(_("The report's own inputs give {value}.").format(value=own))
    if basis != "our_data" and claim["data_verdict"] != "not_checkable":
        parts.append(_("Our data gives {value} ({source}).").format(value=ours, source=source))
    elif verdict != "not_checkable" and claim["data_reason"] in DATA_REASONS:
        parts.append(named(loc, REASON_TEXTS, claim["data_reason"]))
    if claim["data_reason"] == "no_price_listed" and claim["data_catalog_key"]:
        parts.append(_("Catalogue entry: {key}.").format(key=esc(claim["data_catalog_key"])))
    if claim["catalog_match_keys"]:
        parts.append(_("The stated prices are those of the catalogue entry {keys}, a different model.").format(
            keys=esc(claim["catalog_match_keys"])))
    return " ".join(parts)


def _seed_block(loc: Localizer, claims: pd.DataFrame) -> str:
    _ = loc.gettext
    first = claims.iloc[0]
    language = loc.locale.languages.get(first["language"], first["language"])
    counts = verdict_counts(claims)
    counts = counts[counts["claims"] > 0]
    by_id = claims.set_index("claim_id")
    rows = [[claim_cell(loc, c), figure(loc, c["expected_value"], c["canonical_unit"]), verdict_text(loc, c),
             explanation(loc, c, by_id.loc[c["related_claim_id"]] if c["related_claim_id"] in by_id.index else None)]
            for _i, c in claims.iterrows()]
    return "\n\n".join([
        "### " + _("{title} ({language}, {file})").format(
            title=esc(first["seed_title"]), language=esc(language), file=esc(first["seed"])),
        table([_("Verdict"), _("Claims")],
              [[named(loc, VERDICT_NAMES, v), loc.integer(n)] for v, n in zip(counts["verdict"], counts["claims"])],
              ["l", "r"]),
        table([_("Claim as published"), _("What it should be"), _("Verdict"), _("Explanation")], rows,
              ["l", "r", "l", "l"]),
    ])


def audit_section(audit: pd.DataFrame, loc: Localizer, seeds: Sequence[str] | None = None) -> str:
    """Markdown of the section "Audit of the <date> report" for the audited claims of
    ``seeds`` (seed file names; default: every seed in ``audit``), one errata table per seed,
    claims in reading order."""
    _ = loc.gettext
    chosen = audit if seeds is None else audit[audit["seed"].isin(list(seeds))]
    chosen = chosen.sort_values(["seed", "position"], kind="mergesort")
    date = loc.date(chosen["seed_date"].min()) if len(chosen) else MISSING
    parts = [
        "## " + _("Audit of the {date} report").format(date=date),
        _("We checked every numeric claim of the report published on {date}: against the arithmetic of its own "
          "stated inputs, against its other claims, and against our cited data. Each claim is quoted as "
          "published, in its original language. “What it should be” comes from our data where we have the "
          "figure, else from the report's own inputs.").format(date=date),
        _("Claims our data cannot check, such as what a model is optimised for, take the verdict of the source "
          "that decides them, quoted in its own language."),
        _("Our prices were read after the report was published (see the sources appendix); where they differ, "
          "the price may also have changed since."),
    ]
    parts += [_seed_block(loc, group) for _seed, group in chosen.groupby("seed", sort=True)]
    return "\n\n".join(parts)
