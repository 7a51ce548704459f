"""Short pointers from the main report to its appendix: the seed audit in one paragraph and the
sources in brief (the appendix keeps every table and every source row)."""

from __future__ import annotations

import pandas as pd

from analysis.compute.audit import verdict_counts
from analysis.present.i18n import Localizer
from analysis.present.i18n import escape_markdown as esc
from analysis.present.markdown import bullets, link
from analysis.present.narrative.audit import VERDICT_NAMES, named

APPENDIX_HTML = "appendix.html"
APPENDIX_PDF = "appendix.pdf"


def appendix_link(loc: Localizer) -> str:
    """'the appendix (HTML, PDF)' as Markdown links to the files beside the report."""
    return loc.gettext("the appendix ([HTML]({html}), [PDF]({pdf}))").format(html=APPENDIX_HTML, pdf=APPENDIX_PDF)


def audit_summary(audit: pd.DataFrame, loc: Localizer) -> str:
    """One paragraph per audited report: how many claims hold and how many do not."""
    _ = loc.gettext
    parts = ["## " + _("What was wrong with the reports this one replaces")]
    if not len(audit):
        parts.append(_("No published report was audited for this build."))
        return "\n\n".join(parts)
    counts = verdict_counts(audit)
    lines = []
    for seed, group in audit.groupby("seed", sort=True):
        mine = counts[(counts["seed"] == seed) & (counts["claims"] > 0)]
        tally = ", ".join(f"{named(loc, VERDICT_NAMES, v)}: {loc.integer(n)}" for v, n in zip(mine["verdict"], mine["claims"]))
        lines.append(_("**{title}** ({date}, {count} claims checked): {tally}.").format(
            title=esc(group["seed_title"].iloc[0]), date=loc.date(group["seed_date"].iloc[0]),
            count=loc.integer(len(group)), tally=tally))
    parts.append(bullets(lines))
    parts.append(_("Every claim, quoted as published, with what it should be and why, is in {appendix}.").format(
        appendix=appendix_link(loc)))
    return "\n\n".join(parts)


def sources_brief(origins: dict, loc: Localizer) -> str:
    """The datasets behind the report (title, producer, link, date accessed); row-level sources in the appendix."""
    _ = loc.gettext
    lines = [_("**{title}** ({producer}), {url}, accessed {date}.").format(
        title=esc(o.get("title")), producer=esc(o.get("producer")), url=link(o.get("url_main", "")),
        date=esc(o.get("date_accessed"))) for _name, o in sorted(origins.items())]
    return "\n\n".join(["## " + _("Sources"), bullets(lines),
                        _("The source and retrieval date of every price, model fact and benchmark score is listed "
                          "in {appendix}.").format(appendix=appendix_link(loc))])
