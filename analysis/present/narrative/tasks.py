"""Cost per solved task (measured on Aider's polyglot benchmark) against list-price ranking."""

from __future__ import annotations

import pandas as pd

from analysis.compute.report import TaskCosts
from analysis.compute.tasks import REASONS
from analysis.present.i18n import Localizer
from analysis.present.i18n import escape_markdown as esc
from analysis.present.i18n import message_id as _
from analysis.present.markdown import bullets, table

#: the texts of :data:`analysis.compute.tasks.REASONS`, as message ids
REASON_TEXTS = {REASONS["zero"]: _("cost 0.0 recorded (not measured)"), REASONS["absent"]: _("no cost recorded"),
                REASONS["unsolved"]: _("no exercise solved")}

#: list-price sources trusted for the example pair (the developer's own API, or our ranked prices)
STRICT_PRICE_SOURCES = ("curated", "catalogue first-party")


def _run(r, prefix: str = "") -> str:
    raw = str(getattr(r, f"{prefix}aider_model"))
    setting = getattr(r, f"{prefix}reasoning_setting")
    if not setting or setting == "default" or str(setting) in raw:
        return esc(raw)
    return f"{esc(raw)} ({esc(setting)})"


def _rows(loc: Localizer, runs: pd.DataFrame) -> list[list[str]]:
    return [[_run(r), r.date, loc.fixed(r.pass_rate_2_percent, 1), loc.money(r.total_cost_usd),
             loc.fixed(r.solved_cases, 1), loc.money(r.usd_per_solved_task),
             loc.gettext("yes") if r.on_frontier else ""] for r in runs.itertuples()]


def _headers(loc: Localizer) -> list[str]:
    _ = loc.gettext
    return [_("Run"), _("Date"), _("Solved (%)"), _("Cost of the run"), _("Solved tasks"), _("USD per solved task"),
            _("Frontier")]


def task_cost_section(tasks: TaskCosts, lineup: pd.Series, loc: Localizer) -> str:
    """Main report: the definition, the frontier and the lineup's runs, and how this differs from
    ranking by list price (one measured example)."""
    _ = loc.gettext
    runs = tasks.runs
    parts = ["## " + _("Cost per solved task"),
             _("Aider's polyglot benchmark gives {cases} coding exercises to each model and records what the whole run "
               "cost, every billed input, output and hidden reasoning token included. Solved tasks = the share solved "
               "after one retry × the exercises; cost per solved task = the run's cost ÷ solved tasks. {priced} runs "
               "record a cost; {excluded} do not (cost 0 or missing: not measured, never free), so they are left out. "
               "The frontier holds the runs that no other run beats on both pass rate and cost per solved task.").format(
                 cases=loc.integer(int(runs["test_cases"].max())) if len(runs) else "—",
                 priced=loc.integer(len(runs)), excluded=loc.integer(len(tasks.excluded)))]
    shown = runs[runs["on_frontier"] | runs["model_id"].isin(lineup)].sort_values(
        ["usd_per_solved_task", "aider_model"], kind="mergesort")
    parts.append(table(_headers(loc), _rows(loc, shown), ["l", "l", "r", "r", "r", "r", "l"]))
    parts.append(_("The table shows the frontier and the runs of models in this report's lineup; the appendix lists "
                   "every run. The runs are older than the lineup: most current models have no run yet."))
    strict = tasks.inversions[tasks.inversions["cheap_price_source"].isin(STRICT_PRICE_SOURCES)
                              & tasks.inversions["dear_price_source"].isin(STRICT_PRICE_SOURCES)]
    example = (strict if len(strict) else tasks.inversions).head(1)
    text = _("Per-token list prices do not rank cost per task: reasoning tokens are billed as output, and a model "
             "that fails more exercises pays for them too.")
    if len(example):
        r = next(example.itertuples())
        text += " " + _("Of the {count} pairs of runs where the model that is cheaper per token costs more per solved "
                        "task, the widest with the developers' own list prices: {cheap} lists at {cheap_price} per 1M "
                        "tokens, {ratio_price} times less than {dear} ({dear_price}), yet costs {cheap_task} per solved "
                        "task against {dear_task}, {ratio_task} times as much.").format(
            count=loc.integer(len(tasks.inversions)), cheap=_run(r, "cheap_"), dear=_run(r, "dear_"),
            cheap_price=loc.money(r.cheap_usd_per_mtok_blended), dear_price=loc.money(r.dear_usd_per_mtok_blended),
            ratio_price=loc.number(r.list_price_ratio, 1), cheap_task=loc.money(r.cheap_usd_per_solved_task),
            dear_task=loc.money(r.dear_usd_per_solved_task), ratio_task=loc.number(r.task_cost_ratio, 1))
    text += " " + _("List prices are today's; a run paid the price of its day.")
    parts.append(text)
    return "\n\n".join(parts)


def task_cost_appendix(tasks: TaskCosts, loc: Localizer) -> str:
    """Appendix: every priced run, and every run left out with its reason."""
    _ = loc.gettext
    runs = tasks.runs.sort_values(["usd_per_solved_task", "aider_model"], kind="mergesort")
    parts = ["## " + _("Every Aider polyglot run"), table(_headers(loc), _rows(loc, runs), ["l", "l", "r", "r", "r", "r", "l"])]
    if len(tasks.excluded):
        parts.append(_("Runs without a recorded cost:"))
        parts.append(bullets(f"{_run(r)}, {r.date}: {loc.gettext(REASON_TEXTS[r.reason]) if r.reason in REASON_TEXTS else esc(r.reason)}" for r in tasks.excluded.itertuples()))
    return "\n\n".join(parts)
