"""Cost per solved task, from Aider's polyglot leaderboard (measured, not list-price arithmetic).

Each polyglot run records the USD cost of the whole run (``total_cost``: every prompt, completion
and hidden reasoning token the provider billed) and the share of its ``test_cases`` exercises
solved after one retry (``pass_rate_2``, percent, rounded to 0.1 by Aider). So:

- ``solved_cases = pass_rate_2_percent / 100 * test_cases`` (the rounding of the pass rate makes
  this differ from Aider's own ``pass_num_2`` by at most 0.11 cases on 225);
- ``usd_per_solved_task = total_cost_usd / solved_cases`` (USD per solved exercise).

A run whose cost is 0.0 (not measured: free tier, local, or a provider Aider could not price) or
absent is not priced: :func:`excluded_runs` lists it with the reason, it never counts as free.

``on_frontier``: no other priced run has a pass rate at least as high *and* a cost per solved
task at least as low with one of them strictly better (:func:`analysis.compute.pareto.non_dominated`).

:func:`price_inversions` sets this beside list prices: pairs of runs where the model with the
lower blended list price per token costs more per solved task (reasoning tokens are billed as
output, and a weaker model fails more exercises, so per-token price does not rank per-task cost).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.compute.pareto import cheapest_blended, non_dominated
from analysis.core.errors import ParameterError

TASK_COLUMNS = ["aider_model", "model_id", "display_name", "reasoning_setting", "date", "in_lineup", "edit_format",
                "editor_model", "test_cases", "pass_rate_2_percent", "solved_cases", "total_cost_usd",
                "usd_per_solved_task", "on_frontier"]
EXCLUDED_COLUMNS = ["aider_model", "model_id", "display_name", "reasoning_setting", "date", "in_lineup",
                    "pass_rate_2_percent", "reason"]
#: why a run has no cost per solved task
REASONS = {"zero": "total_cost is 0.0 (not measured)", "absent": "no total_cost recorded",
           "unsolved": "no exercise solved"}


def _polyglot(runs: pd.DataFrame, leaderboard: str) -> pd.DataFrame:
    needed = {"leaderboard", "aider_model", "model_id", "date", "test_cases", "pass_rate_2_percent", "run_usd_total"}
    missing = sorted(needed - set(runs.columns))
    if missing:
        raise ParameterError(f"runs lack column(s) {missing}; pass analysis.inputs.aider.runs_for_models(...)")
    frame = runs[runs["leaderboard"] == leaderboard].copy()
    frame["display_name"] = frame.get("model_display_name", frame.get("display_name", frame["model_id"]))
    for column, default in (("reasoning_setting", ""), ("in_lineup", False), ("edit_format", ""), ("editor_model", ""),
                            ("cost_status", "")):
        if column not in frame:
            frame[column] = default
    frame["solved_cases"] = frame["pass_rate_2_percent"].astype(float) / 100.0 * frame["test_cases"].astype(float)
    frame["total_cost_usd"] = frame["run_usd_total"].astype(float)
    return frame


def _sorted(frame: pd.DataFrame, first: list[str]) -> pd.DataFrame:
    return frame.sort_values([*first, "model_id", "date", "aider_model"], kind="mergesort").reset_index(drop=True)


def cost_per_solved_task(runs: pd.DataFrame, leaderboard: str = "aider-polyglot") -> pd.DataFrame:
    """One row per run of ``leaderboard`` with a recorded cost (``total_cost_usd > 0``) and at least
    one solved exercise: :data:`TASK_COLUMNS` (USD, percent, cases; module docstring), sorted by
    ``usd_per_solved_task``, then model id, date and run name. ``runs``: the output of
    :func:`analysis.inputs.aider.runs_for_models`."""
    frame = _polyglot(runs, leaderboard)
    frame = frame[(frame["total_cost_usd"] > 0) & (frame["solved_cases"] > 0)].copy()
    frame["usd_per_solved_task"] = frame["total_cost_usd"] / frame["solved_cases"]
    values = frame[["pass_rate_2_percent", "usd_per_solved_task"]].to_numpy(dtype=float)
    frame["on_frontier"] = non_dominated(values, ("max", "min")) if len(frame) else np.zeros(0, dtype=bool)
    return _sorted(frame, ["usd_per_solved_task"])[TASK_COLUMNS]


def excluded_runs(runs: pd.DataFrame, leaderboard: str = "aider-polyglot") -> pd.DataFrame:
    """The runs of ``leaderboard`` that :func:`cost_per_solved_task` leaves out, with ``reason``
    (:data:`REASONS`: cost 0.0, cost absent, nothing solved), sorted by model id, date, run name."""
    frame = _polyglot(runs, leaderboard)
    no_cost = frame["total_cost_usd"].isna()
    code = np.select([no_cost & (frame["cost_status"] == "zero"), no_cost, frame["solved_cases"] <= 0],
                     ["zero", "absent", "unsolved"], default="")
    frame["reason"] = pd.Series(code, index=frame.index).map(REASONS).fillna("")
    return _sorted(frame[frame["reason"] != ""], [])[EXCLUDED_COLUMNS]


def frontier(tasks: pd.DataFrame) -> pd.DataFrame:
    """The frontier runs of :func:`cost_per_solved_task`, cheapest per solved task first."""
    return tasks[tasks["on_frontier"]].reset_index(drop=True)


#: LiteLLM provider keys of developers' own APIs (a catalogue price there is the developer's list price)
FIRST_PARTY_PROVIDERS = ("openai", "anthropic", "gemini", "deepseek", "xai", "mistral", "moonshot", "dashscope")
PRICE_COLUMNS = ["model_id", "provider", "usd_per_mtok_input", "usd_per_mtok_output", "usd_per_mtok_blended",
                 "price_source"]


def _cheapest(table: pd.DataFrame, input_parts: float, output_parts: float, source: str) -> pd.DataFrame:
    best = cheapest_blended(table, input_parts, output_parts).dropna(subset=["usd_per_mtok_blended"])
    best = best.merge(table[["model_id", "provider", "usd_per_mtok_input", "usd_per_mtok_output"]],
                      on=["model_id", "provider"], how="left").drop_duplicates(["model_id"])
    return best.assign(price_source=source)


def list_prices(curated: pd.DataFrame, catalogue: pd.DataFrame | None = None, input_parts: float = 3.0,
                output_parts: float = 1.0, first_party: tuple[str, ...] = FIRST_PARTY_PROVIDERS) -> pd.DataFrame:
    """Per model, one list price (USD per 1M tokens; blended ``input_parts:output_parts``), taken
    in this order: the cheapest provider of the curated table (``price_source="curated"``: the
    lineup); else the cheapest of the developers' own APIs in ``catalogue`` (``first_party``
    providers, ``"catalogue first-party"``); else the cheapest host in ``catalogue`` (``"catalogue
    host"``). Today's prices: a run may have paid another price (prices change, routes differ).
    Columns :data:`PRICE_COLUMNS`, sorted by model id."""
    frames = []
    if curated is not None and not curated.empty:
        frames.append(_cheapest(curated, input_parts, output_parts, "curated"))
    if catalogue is not None and not catalogue.empty:
        own = catalogue[catalogue["provider"].isin(first_party)]
        if not own.empty:
            frames.append(_cheapest(own, input_parts, output_parts, "catalogue first-party"))
        frames.append(_cheapest(catalogue, input_parts, output_parts, "catalogue host"))
    if not frames:
        return pd.DataFrame(columns=PRICE_COLUMNS)
    out = pd.concat(frames, ignore_index=True).drop_duplicates("model_id", keep="first")[PRICE_COLUMNS]
    return out.sort_values("model_id", kind="mergesort").reset_index(drop=True)


def price_inversions(tasks: pd.DataFrame, prices: pd.DataFrame) -> pd.DataFrame:
    """Pairs of priced runs of different models where the *cheaper* model per token (lower
    ``usd_per_mtok_blended`` in ``prices``, e.g. :func:`list_prices`) costs *more* per solved task.

    One row per pair: ``cheap_*`` and ``dear_*`` (``aider_model``, ``model_id``,
    ``reasoning_setting``, ``usd_per_mtok_blended``, ``usd_per_solved_task``,
    ``pass_rate_2_percent``), ``list_price_ratio`` (dear / cheap per token, > 1) and
    ``task_cost_ratio`` (cheap / dear per solved task, > 1). Runs of models without a list price
    are left out. Sorted by ``task_cost_ratio`` (largest inversion first), then the run names."""
    priced = tasks.merge(prices[["model_id", "usd_per_mtok_blended", "price_source"]], on="model_id", how="inner")
    keep = ["aider_model", "model_id", "reasoning_setting", "date", "usd_per_mtok_blended", "usd_per_solved_task",
            "pass_rate_2_percent", "price_source"]
    priced = priced[keep].reset_index(drop=True)
    pairs = priced.add_prefix("cheap_").merge(priced.add_prefix("dear_"), how="cross")
    inverted = ((pairs["cheap_model_id"] != pairs["dear_model_id"])
                & (pairs["cheap_usd_per_mtok_blended"] < pairs["dear_usd_per_mtok_blended"])
                & (pairs["cheap_usd_per_solved_task"] > pairs["dear_usd_per_solved_task"]))
    out = pairs[inverted].copy()
    out["list_price_ratio"] = out["dear_usd_per_mtok_blended"] / out["cheap_usd_per_mtok_blended"]
    out["task_cost_ratio"] = out["cheap_usd_per_solved_task"] / out["dear_usd_per_solved_task"]
    out = out.sort_values(["task_cost_ratio", "cheap_aider_model", "cheap_date", "dear_aider_model", "dear_date"],
                          ascending=[False, True, True, True, True], kind="mergesort")
    return out.reset_index(drop=True)
