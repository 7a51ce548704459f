"""The report's tables as CSV and JSON for other tools (``reports/data/``), with a README.

Pure functions turn the computed frames into export tables (units in every column name);
:func:`write_tables` is the only I/O. Every exported column must be documented in
:data:`COLUMN_DOCS` (a test checks it), and the README is generated from it, so it cannot drift.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd

from analysis.compute.reconcile import PRICE_AGREEMENT_TOLERANCE

#: computed column -> exported name (units in the name)
RENAMES = {
    "score": "score_points", "value": "value_points", "coverage": "coverage_share",
    "p_top": "p_top_share", "p_front": "p_front_share",
    "relative_difference": "relative_difference_share", "usd_input": "usd_per_month_input", "usd_cached_input": "usd_per_month_cached_input",
    "usd_output": "usd_per_month_output", "usd_total": "usd_per_month_total", "usd_month": "usd_per_month_total",
    "acceptable_min_score": "acceptable_min_score_points",
}

COLUMN_DOCS: dict[str, str] = {
    "model_id": "canonical model id (key of data/models.csv)",
    "display_name": "model name as its developer writes it",
    "provider": "provider key (data/providers.csv)",
    "provider_name": "provider name",
    "use_case": "use case (data/use_cases.yaml)",
    "role": "answer-box role: best_value, runner_up, best_quality, cheapest_acceptable",
    "rank": "rank by value within the use case (1 = best)",
    "usd_per_mtok_input": "USD per 1,000,000 input tokens",
    "usd_per_mtok_output": "USD per 1,000,000 output tokens",
    "usd_per_mtok_cached_input": "USD per 1,000,000 cache-read input tokens",
    "usd_per_mtok_blended": "USD per 1,000,000 tokens, input and output blended in the report's ratio, cheapest provider",
    "usd_per_month_input": "USD per month for the uncached input tokens of the workload",
    "usd_per_month_cached_input": "USD per month for the cached input tokens of the workload",
    "usd_per_month_output": "USD per month for the output tokens of the workload",
    "usd_per_month_total": "USD per month for the whole workload",
    "monthly_input_tokens": "input tokens per month of the workload (cached included)",
    "monthly_output_tokens": "output tokens per month of the workload",
    "monthly_cached_input_tokens": "cached input tokens per month of the workload",
    "context_window_tokens": "context window in tokens (the provider's where given)",
    "provider_context_tokens": "context window the provider serves, tokens",
    "model_context_tokens": "context window of the model itself, tokens",
    "catalog": "public catalogue the price row was read from",
    "catalog_key": "the entry's key in that catalogue",
    "source_url": "where the figure was read",
    "retrieved": "ISO date the source was read (snapshot date of a catalogue)",
    "notes": "curator's notes",
    "source_kind": "provider_page (confirmed on the provider's own page) or catalogue",
    "verified": "true when the provider's page or two independent catalogues confirm the price",
    "price_ends": "the last day the price holds (ISO date) when that is within 90 days of the data date, else empty",
    "verified_by": "';'-joined sources confirming the price",
    "score_points": "use-case score, 0-100 points",
    "value_points": "value: score minus 10 points per tenfold blended price",
    "coverage_share": "share (0-1) of the use case's weight on categories with benchmark data",
    "n_benchmarks": "benchmarks behind the score",
    "reason": "why a score is missing (low_coverage, no_benchmarks, no_image_input)",
    "on_front": "on the score/price Pareto front",
    "excluded": "left out of the front (missing score or price)",
    "missing": "the objective that is missing for an excluded model",
    "providers": "number of providers with a price",
    "input_modalities": "'+'-joined input modalities",
    "image_input": "accepts images",
    "open_weights": "weights downloadable",
    "reasoning_model": "emits hidden reasoning tokens billed as output",
    "p_top_share": "share (0-1) of Monte Carlo draws in which the model is the top pick",
    "p_front_share": "share (0-1) of Monte Carlo draws in which the model is on the front",
    "acceptable_min_score_points": "lowest acceptable score: best score of the use case minus 10 points",
    "developer": "organisation that trained the model",
    "aider_model": "the run's model name on Aider's polyglot leaderboard",
    "reasoning_setting": "reasoning effort or thinking budget of the run",
    "date": "date of the run (ISO)",
    "in_lineup": "the model is in this report's lineup",
    "edit_format": "Aider edit format of the run",
    "editor_model": "editor model of an architect run, if any",
    "test_cases": "exercises in the run",
    "pass_rate_2_percent": "exercises solved after one retry, percent",
    "solved_cases": "exercises solved: pass_rate_2_percent / 100 x test_cases",
    "total_cost_usd": "USD the whole run cost",
    "usd_per_solved_task": "USD per solved exercise: total_cost_usd / solved_cases",
    "on_frontier": "no other run has both a higher pass rate and a lower cost per solved task",
    "catalog_key_example": "one LiteLLM key of the model (its developer's own API first)",
    "n_entries": "number of LiteLLM entries of the model",
    "providers_list": "';'-joined providers that list the model in LiteLLM",
    "price_field": "which price: input, output or cached_input",
    "source_a": "first source (curated = our table, or a catalogue name)",
    "source_b": "second source",
    "usd_per_mtok_a": "the first source's price, USD per 1,000,000 tokens",
    "usd_per_mtok_b": "the second source's price, USD per 1,000,000 tokens",
    "snapshot_date_a": "date of the first source's data",
    "snapshot_date_b": "date of the second source's data",
    "catalog_key_a": "the first source's entry key",
    "catalog_key_b": "the second source's entry key",
    "relative_difference_share": "|a - b| / min(a, b), as a share (0.25 = 25%)",
}

TABLE_DOCS = {
    "budgets": "monthly cost of the workload for every (model, provider) price",
    "prices": "price rows with their source, retrieval date and verification",
    "scores": "use-case score per model",
    "pareto_fronts": "score against blended price per use case, with front membership",
    "recommendations": "top picks per use case by value, with rationale",
    "cost_per_solved_task": "every Aider polyglot run with a recorded cost: USD per solved task, with its date and reasoning setting",
    "left_out_models": "priced chat models of the covered developers that the lineup leaves out, with the reason",
    "price_discrepancies": f"every pair of sources that disagree by more than {PRICE_AGREEMENT_TOLERANCE:.0%} on one price "
                           "of one (model, provider)",
    "answers": "the answer box: best value, runner-up, best quality, cheapest acceptable",
}


def _export(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    out = frame[[c for c in columns if c in frame.columns]].rename(columns=RENAMES)
    return out.reset_index(drop=True)


def report_tables(data, decision) -> dict[str, pd.DataFrame]:
    """The export tables of one report (``data``: :class:`~analysis.compute.report.ReportData`,
    ``decision``: :class:`~analysis.compute.decision.DecisionData`), in :data:`TABLE_DOCS` order."""
    w = data.workload
    budgets = _export(data.costs, ["model_id", "display_name", "provider", "provider_name", "usd_per_mtok_input",
                                   "usd_per_mtok_output", "usd_per_mtok_cached_input", "usd_input",
                                   "usd_cached_input", "usd_output", "usd_total"])
    budgets = budgets.assign(monthly_input_tokens=w.input_tokens, monthly_output_tokens=w.output_tokens,
                             monthly_cached_input_tokens=w.cached_input_tokens)
    prices = _export(data.costs, ["model_id", "provider", "usd_per_mtok_input", "usd_per_mtok_output",
                                  "usd_per_mtok_cached_input", "context_window_tokens", "catalog", "catalog_key",
                                  "source_kind", "verified", "verified_by", "source_url", "retrieved", "notes"])
    fronts = pd.concat([r.points.assign(use_case=case) for case, r in decision.fronts.items()], ignore_index=True)
    tables = {
        "budgets": budgets,
        "prices": prices,
        "scores": _export(decision.scores, ["use_case", "model_id", "score", "coverage", "n_benchmarks", "reason"]),
        "pareto_fronts": _export(fronts, ["use_case", "model_id", "score", "usd_per_mtok_blended", "provider",
                                          "on_front", "excluded", "missing"]),
        "recommendations": _export(decision.recommendations.top, list(decision.recommendations.top.columns)),
        "answers": _export(decision.answers, list(decision.answers.columns)),
    }
    if getattr(data, "tasks", None) is not None:
        tables["cost_per_solved_task"] = data.tasks.runs.reset_index(drop=True)
    if getattr(data, "coverage", None) is not None:
        tables["left_out_models"] = data.coverage.left_out.rename(
            columns={"catalog_key": "catalog_key_example", "providers": "providers_list"}).reset_index(drop=True)
    if getattr(data, "checks", None) is not None:
        found = data.checks.discrepancies.merge(data.models[["model_id"]], on="model_id")
        tables["price_discrepancies"] = _export(found, list(found.columns))
    return tables


def undocumented(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    """``table.column`` names that :data:`COLUMN_DOCS` does not describe (should be empty)."""
    return [f"{name}.{column}" for name, frame in tables.items() for column in frame.columns
            if column not in COLUMN_DOCS]


def readme(tables: Mapping[str, pd.DataFrame], *, snapshot_date: str, parameters: Mapping[str, object]) -> str:
    """The folder's README: what each file holds and what each column means (with its unit)."""
    lines = ["# Machine-readable tables of the LLM cost report", "",
             f"Data snapshot: {snapshot_date}. Parameters of the build: "
             f"`{json.dumps(dict(parameters), sort_keys=True, default=str)}`.", "",
             "Each table is written twice, as `<name>.csv` (UTF-8, comma-separated, empty cell = missing) and "
             "`<name>.json` (records; missing = null). Units are in the column names: `usd_per_mtok_*` are USD "
             "per 1,000,000 tokens, `usd_per_month_*` USD per month for the workload, `*_points` 0-100 points, "
             "`*_share` 0-1, `*_tokens` tokens.", ""]
    for name, frame in tables.items():
        lines += [f"## {name}", "", TABLE_DOCS.get(name, ""), "", "| column | meaning |", "| --- | --- |"]
        lines += [f"| `{c}` | {COLUMN_DOCS.get(c, '')} |" for c in frame.columns]
        lines.append("")
    return "\n".join(lines)


def _json_records(frame: pd.DataFrame) -> str:
    clean = frame.astype(object).where(frame.notna(), None)
    records = [{k: (v.item() if isinstance(v, np.generic) else v) for k, v in row.items()}
               for row in clean.to_dict(orient="records")]
    return json.dumps(records, ensure_ascii=False, indent=1, sort_keys=False, default=str) + "\n"


def write_tables(tables: Mapping[str, pd.DataFrame], target: Path, readme_text: str) -> None:
    """Write every table as CSV and JSON plus README.md into ``target``, replacing it atomically
    (a staging folder beside it is renamed over it)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        for name, frame in tables.items():
            frame.to_csv(staging / f"{name}.csv", index=False, lineterminator="\n")
            (staging / f"{name}.json").write_text(_json_records(frame), encoding="utf-8")
        (staging / "README.md").write_text(readme_text, encoding="utf-8")
        for path in [staging, *staging.iterdir()]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        replace_dir(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def replace_dir(new: Path, target: Path) -> None:
    """Put folder ``new`` in the place of ``target`` (renames; the old one is removed after)."""
    old = target.with_name(f".{target.name}-old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    if old.exists():
        shutil.rmtree(old)
