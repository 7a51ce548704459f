"""Are the compared scores comparable? Where the benchmark sets differ, and how the top pick
changes when developer-reported scores are left out (:mod:`analysis.compute.comparable`)."""

from __future__ import annotations

import pandas as pd

from analysis.compute.comparable import comparable_counts
from analysis.present.i18n import Localizer
from analysis.present.i18n import escape_markdown as esc
from analysis.present.markdown import bullets, table
from analysis.present.narrative.decision import model_name
from analysis.present.vocabulary import names_of, use_case_name


def _list(text: str) -> str:
    return ", ".join(esc(b) for b in str(text).split(";") if b) or "—"


def comparability_section(comparability: pd.DataFrame, shared: pd.DataFrame, by_reporting: pd.DataFrame,
                          models: pd.DataFrame, loc: Localizer) -> str:
    """Main report: per use case, whether the top pick and its runner-up were scored on the same
    benchmarks and what the shared ones say; then the top pick without developer-reported scores."""
    _ = loc.gettext
    names = names_of(models)
    parts = ["## " + _("Are the scores comparable?"),
             _("Developers publish different benchmarks, so two scores can rest on different tests. Scores marked "
               "independent come from leaderboards that run every model the same way (Aider, SWE-bench, LiveBench, "
               "LMArena, Terminal-Bench); the others are what each developer reports. No use case has a benchmark "
               "that every scored model shares, so we say where the sets differ instead of hiding it.")]
    lines = []
    for r in shared.itertuples():
        pair = dict(first=model_name(names, r.model_id), second=model_name(names, r.other_id),
                    use_case=use_case_name(loc, r.use_case))
        if r.n_shared == 0:
            lines.append(_("{use_case}: {first} and {second} share no benchmark, so their scores are not directly "
                           "comparable.").format(**pair))
        elif pd.isna(r.score_shared) or pd.isna(r.other_score_shared):
            lines.append(_("{use_case}: {first} and {second} share only {benchmarks}, too little to score both on it.").format(
                benchmarks=_list(r.shared_benchmarks), **pair))
        else:
            verdict = _("the order holds") if bool(r.leads) else _("the order flips")
            lines.append(_("{use_case}: on the {count} benchmarks {first} and {second} share ({benchmarks}) they score "
                           "{first_score} and {second_score}: {verdict}.").format(
                count=loc.integer(r.n_shared), benchmarks=_list(r.shared_benchmarks),
                first_score=loc.fixed(r.score_shared, 1), second_score=loc.fixed(r.other_score_shared, 1),
                verdict=verdict, **pair))
    if lines:
        parts.append(_("The top pick against the runner-up, on the benchmarks both have:"))
        parts.append(bullets(lines))
    parts.append(_("Models scored on exactly the top pick's benchmark set: {counts}. The appendix lists every model's "
                   "set and what it lacks.").format(counts="; ".join(
                       f"{use_case_name(loc, r.use_case)} {loc.integer(r.comparable)} / {loc.integer(r.scored)}"
                       for r in comparable_counts(comparability).itertuples())))
    lines = []
    for r in by_reporting.itertuples():
        case = use_case_name(loc, r.use_case)
        if not isinstance(r.top_independent, str) or not r.top_independent:
            lines.append(_("{use_case}: no model has independent scores for it.").format(use_case=case))
        elif r.same_top:
            lines.append(_("{use_case}: unchanged, {model}.").format(use_case=case, model=model_name(names, r.top_all)))
        else:
            lines.append(_("{use_case}: {first} gives way to {second}.").format(
                use_case=case, first=model_name(names, r.top_all), second=model_name(names, r.top_independent)))
    parts.append(_("With developer-reported scores left out, the top pick by value:"))
    parts.append(bullets(lines))
    return "\n\n".join(parts)


def benchmark_sets_section(comparability: pd.DataFrame, models: pd.DataFrame, loc: Localizer) -> str:
    """Appendix: per use case and scored model, its benchmarks and how they differ from the top pick's."""
    _ = loc.gettext
    names = names_of(models)
    parts = ["## " + _("Benchmark sets behind each score")]
    for case, group in comparability.groupby("use_case", sort=False):
        parts.append("### " + use_case_name(loc, case))
        rows = [[model_name(names, r.model_id), loc.fixed(r.score, 1), _list(r.benchmarks_used),
                 _list(r.missing_vs_top), _list(r.extra_vs_top)] for r in group.itertuples()]
        parts.append(table([_("Model"), _("Score"), _("Benchmarks used"), _("Lacks (of the top pick's)"),
                            _("Has besides")], rows, ["l", "r", "l", "l", "l"]))
    return "\n\n".join(parts)
