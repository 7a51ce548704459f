"""What the report covers: the developers' lineups, the date of every catalogue, and the priced
chat models the curated set leaves out, each with its reason (:mod:`analysis.compute.coverage`)."""

from __future__ import annotations

import pandas as pd

from analysis.compute.report import ReportData
from analysis.present.i18n import Localizer
from analysis.present.i18n import escape_markdown as esc
from analysis.present.i18n import message_id as _
from analysis.present.markdown import bullets, table

REASON_NAMES = {
    "fine_tune": _("a fine-tuned route"),
    "preview": _("preview, experimental or beta"),
    "deprecated": _("deprecated before the catalogue date"),
    "specialised": _("specialised variant (audio, search, computer use, ...)"),
    "alias": _("moving alias of another model"),
    "tier_variant": _("speed, price or quantisation tier of another model"),
    "dated_snapshot": _("dated snapshot of another model"),
    "regional_variant": _("regional price of a listed model"),
    "restricted_access": _("sold by invitation only"),
    "superseded": _("an older version of a listed family"),
    "other_host_only": _("sold by neither its developer nor a major host"),
    "not_selected": _("current, but not its developer's newest flagship, mid-size or small model"),
}


CATALOGUE_NAMES = {"litellm": "LiteLLM", "openrouter": "OpenRouter", "genai-prices": "genai-prices",
                   "models-dev": "models.dev"}


def _reason(loc: Localizer, code: str) -> str:
    return loc.gettext(REASON_NAMES[code]) if code in REASON_NAMES else esc(code)


def _ids(names: dict[str, str], ids: str) -> str:
    return ", ".join(esc(names.get(i, i)) for i in ids.split(";") if i) or "—"


def coverage_section(data: ReportData, loc: Localizer) -> str:
    """Main report: covered developers and their lineups, each catalogue's date, left-out counts."""
    _ = loc.gettext
    parts = ["## " + _("What this report covers")]
    if data.coverage is None:
        parts.append(_("This build prices the models of the {catalog} catalogue; the curated lineup statement does "
                       "not apply.").format(catalog=esc(data.catalog)))
        return "\n\n".join(parts)
    cov = data.coverage
    names = dict(zip(data.curated.models["model_id"], data.curated.models["display_name"]))
    parts.append(_("The lineup of every major developer that LiteLLM's catalogue prices: each developer's newest "
                   "generally available flagship, mid-size and small model, plus the open-weight models that several "
                   "providers serve. The three models of the audited reports stay as well, marked as superseded."))
    rows = [[esc(r.developer), _ids(names, r.flagship), _ids(names, r.mid), _ids(names, r.small),
             _ids(names, r.open_weight), loc.date(r.newest_released)] for r in cov.developers.itertuples()]
    parts.append(table([_("Developer"), _("Flagship"), _("Mid-size"), _("Small"), _("Open weights"), _("Newest release")],
                       rows, ["l", "l", "l", "l", "l", "r"]))
    parts.append(_("The data has no single date. Each source describes its own day:"))
    parts.append(bullets(_("{catalog} {version}: {date}").format(catalog=esc(CATALOGUE_NAMES.get(r.catalog, r.catalog)), version=esc(r.version),
                                                                   date=loc.date(r.snapshot_date))
                         + ("" if r.current_enough else " " + _("(older; used to cross-check only)"))
                         for r in cov.snapshots.itertuples()))
    counts = cov.left_out["reason"].value_counts()
    listed = [f"{_reason(loc, code)}: {loc.integer(n)}" for code, n in counts.items()]
    parts.append(_("LiteLLM prices {count} other chat models of these developers that the lineup leaves out, by "
                   "reason: {reasons}. The appendix lists each one.").format(
                       count=loc.integer(len(cov.left_out)), reasons="; ".join(listed)))
    return "\n\n".join(parts)


def left_out_section(data: ReportData, loc: Localizer) -> str:
    """Appendix: every left-out priced chat model, grouped by developer and reason."""
    _ = loc.gettext
    parts = ["## " + _("Models left out, with the reason")]
    if data.coverage is None:
        return "\n\n".join(parts + [_("Not applicable to a catalogue build.")])
    left = data.coverage.left_out.sort_values(["developer", "reason", "model_id"], kind="mergesort")
    rows = [[esc(developer), _reason(loc, reason), loc.integer(len(group)), ", ".join(esc(m) for m in group["model_id"])]
            for (developer, reason), group in left.groupby(["developer", "reason"], sort=True)]
    parts.append(table([_("Developer"), _("Reason"), _("Models"), _("Model ids (LiteLLM)")], rows, ["l", "l", "r", "l"]))
    return "\n\n".join(parts)
