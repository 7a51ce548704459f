"""Aider's public leaderboards (``../shared/external/aider_*_leaderboard.yml``) as a table.

Gives the report a *measured* speed (``seconds_per_case``: average wall time per benchmark
exercise, provider route as run), a coding score (``pass_rate_2_percent``) and, for the polyglot
board, the USD cost of each whole run (:mod:`analysis.compute.tasks` turns it into a cost per solved task).
Aider's ``total_cost`` is USD for the whole run; 0.0 means "not measured" and an absent field
means "not recorded": both stay NaN here, and ``cost_status`` says which (``recorded``, ``zero``,
``absent``).

``data/aider_runs.csv`` names every run (``leaderboard``, ``aider_model``, ``date``) and gives
its canonical ``model_id``, the model's ``display_name`` and the run's ``reasoning_setting``.
Models outside the curated lineup are allowed (older models the lineup dropped), marked
``in_lineup=false``; the loader checks that flag against models.csv, the id format, the setting
vocabulary, and that a run whose provider route names a lineup model is mapped to that model.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.errors import DataError
from analysis.core.iorw import read_yaml
from analysis.core.paths import display_path, external_dir
from analysis.inputs.identity import canonical_model_id

LEADERBOARDS = {
    "aider-edit": ("aider_edit_leaderboard.yml",
                   "https://github.com/Aider-AI/aider/blob/main/aider/website/_data/edit_leaderboard.yml"),
    "aider-polyglot": ("aider_polyglot_leaderboard.yml",
                       "https://github.com/Aider-AI/aider/blob/main/aider/website/_data/polyglot_leaderboard.yml"),
}
#: the date the Aider repository snapshot was taken (see ../shared/external/README.md)
AIDER_RETRIEVED = "2026-05-22"
MAPPING_COLUMNS = ["leaderboard", "aider_model", "date", "model_id", "display_name", "reasoning_setting",
                   "in_lineup", "notes"]
#: reasoning settings: an effort level, thinking on/off, a thinking-token budget, or the provider default
REASONING_SETTING = re.compile(r"^(default|minimal|low|medium|high|thinking|no thinking|\d+k thinking tokens)$")
MODEL_ID = re.compile(r"^[a-z0-9][a-z0-9._\-]*$")

_ROUTE = re.compile(r"--model\s+(\S+)")


def _number(value) -> float:
    """A leaderboard count or token figure as float; absent -> NaN."""
    return float(value) if value is not None else np.nan


def load_leaderboard(name: str, path: Path | None = None) -> pd.DataFrame:
    """One row per benchmark run: ``leaderboard, aider_model, date, route, edit_format,
    editor_model, reasoning_effort, thinking_tokens, pass_rate_2_percent, seconds_per_case,
    run_usd_total`` (USD for the whole run, NaN unless recorded), ``cost_status``, ``test_cases``,
    ``prompt_tokens``, ``completion_tokens``, ``source_url, retrieved``."""
    filename, url = LEADERBOARDS[name]
    path = Path(path) if path else external_dir() / filename
    shown = display_path(path)
    records = read_yaml(path, hint="../shared/external must sit beside the checkout")
    if not isinstance(records, list):
        raise DataError("expected a list of benchmark runs", file=shown)
    rows = []
    for position, record in enumerate(records, start=1):
        try:
            command = str(record.get("command", ""))
            route = _ROUTE.search(command)
            raw_cost = record.get("total_cost")
            cost = float(raw_cost) if raw_cost is not None else np.nan
            rows.append({
                "leaderboard": name, "aider_model": str(record["model"]), "date": str(record["date"]),
                "route": route.group(1) if route else "",
                "edit_format": str(record.get("edit_format", "")),
                "editor_model": str(record.get("editor_model") or ""),
                "reasoning_effort": str(record.get("reasoning_effort") or ""),
                "thinking_tokens": _number(record.get("thinking_tokens")),
                "pass_rate_2_percent": float(record["pass_rate_2"]),
                "seconds_per_case": float(record["seconds_per_case"]),
                "run_usd_total": cost if cost > 0 else np.nan,  # 0.0 = not measured
                "cost_status": "recorded" if cost > 0 else ("absent" if raw_cost is None else "zero"),
                "test_cases": int(record["test_cases"]),
                "prompt_tokens": _number(record.get("prompt_tokens")),
                "completion_tokens": _number(record.get("completion_tokens")),
            })
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DataError(f"run {record.get('model', '?') if isinstance(record, dict) else '?'}: {exc}",
                            file=shown, row=position, column=str(exc.args[0]) if isinstance(exc, KeyError) else None) from exc
    frame = pd.DataFrame(rows)
    frame["source_url"] = url
    frame["retrieved"] = AIDER_RETRIEVED
    return frame


def _first(mask: pd.Series) -> int:
    return int(np.flatnonzero(mask.to_numpy())[0])


def load_mapping(path: Path, known_models: pd.Series) -> pd.DataFrame:
    """``data/aider_runs.csv``: which leaderboard run belongs to which model (module docstring).
    ``known_models``: the model ids of models.csv, against which ``in_lineup`` is checked.
    ``in_lineup`` is returned as bool."""
    shown = display_path(path)
    try:
        mapping = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (FileNotFoundError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"cannot read: {exc}", file=shown) from exc
    for column in MAPPING_COLUMNS:
        if column not in mapping.columns:
            raise DataError("missing column", file=shown, column=column, hint=", ".join(MAPPING_COLUMNS))
    mapping = mapping[MAPPING_COLUMNS].apply(lambda col: col.str.strip())
    known = set(known_models)
    checks = [
        (~mapping["leaderboard"].isin(list(LEADERBOARDS)), "leaderboard", "unknown leaderboard",
         f"one of {', '.join(LEADERBOARDS)}"),
        (~mapping["model_id"].str.fullmatch(MODEL_ID), "model_id", "not a canonical id",
         "lower-case HF repo name or vendor API name: a-z, 0-9, . _ -"),
        (mapping["display_name"] == "", "display_name", "required value is empty", "the model's name as its developer writes it"),
        (~mapping["reasoning_setting"].str.fullmatch(REASONING_SETTING), "reasoning_setting", "unknown reasoning setting",
         "default, minimal, low, medium, high, thinking, no thinking or '<N>k thinking tokens'"),
        (~mapping["in_lineup"].isin(["true", "false"]), "in_lineup", "not true/false", "true or false"),
        ((mapping["in_lineup"] == "true") != mapping["model_id"].isin(known), "in_lineup",
         "in_lineup disagrees with data/models.csv", "true exactly when model_id is in models.csv (check the id for a typo)"),
        (mapping.duplicated(["leaderboard", "aider_model", "date"], keep="first"), "aider_model", "run mapped twice",
         "one row per (leaderboard, aider_model, date)"),
    ]
    for mask, column, problem, hint in checks:
        if mask.any():
            row = _first(mask)
            raise DataError(f"{problem}: {mapping[column].iloc[row]!r}", file=shown, row=row + 1, column=column, hint=hint)
    return mapping.assign(in_lineup=mapping["in_lineup"] == "true")


def _boards(external: Path | None) -> pd.DataFrame:
    return pd.concat([load_leaderboard(name, (Path(external) / LEADERBOARDS[name][0]) if external else None)
                      for name in LEADERBOARDS], ignore_index=True)


def unmapped_runs(mapping: pd.DataFrame, leaderboard: str = "aider-polyglot", external: Path | None = None) -> pd.DataFrame:
    """Runs of ``leaderboard`` that ``mapping`` does not name (should be empty for the polyglot board)."""
    board = load_leaderboard(leaderboard, (Path(external) / LEADERBOARDS[leaderboard][0]) if external else None)
    keys = ["leaderboard", "aider_model", "date"]
    merged = board.merge(mapping[keys], on=keys, how="left", indicator=True)
    return merged[merged["_merge"] == "left_only"].drop(columns="_merge").reset_index(drop=True)


def misattributed_runs(mapping: pd.DataFrame, known_models: pd.Series, aliases: dict[str, str] | None = None,
                       external: Path | None = None) -> pd.DataFrame:
    """Mapped runs whose provider route names a lineup model (by :func:`canonical_model_id`) but
    whose ``model_id`` is another id: a typo or a stale mapping. Columns ``aider_model, date,
    route, route_model_id, model_id``."""
    runs = runs_for_models(mapping, external)
    runs["route_model_id"] = [canonical_model_id(route, aliases) if route else "" for route in runs["route"]]
    bad = runs["route_model_id"].isin(set(known_models)) & (runs["route_model_id"] != runs["model_id"])
    return runs.loc[bad, ["leaderboard", "aider_model", "date", "route", "route_model_id", "model_id"]].reset_index(drop=True)


def runs_for_models(mapping: pd.DataFrame, external: Path | None = None) -> pd.DataFrame:
    """The mapped runs with their leaderboard figures. ``mapping`` (data/aider_runs.csv, as
    :func:`load_mapping` returns it) names each run by ``leaderboard``, ``aider_model`` and
    ``date``; a mapped run that is not in the leaderboard is an error (the mapping went stale).
    The mapping's ``display_name`` comes back as ``model_display_name`` (so that a join with
    models.csv keeps its own ``display_name``). Sorted by model, leaderboard, date, run name."""
    boards = _boards(external)
    keys = ["leaderboard", "aider_model", "date"]
    mapping = mapping.rename(columns={"display_name": "model_display_name"})
    if mapping.empty:
        return pd.DataFrame(columns=[*mapping.columns, *boards.columns.difference(mapping.columns)])
    merged = mapping.merge(boards, on=keys, how="left", indicator=True)
    lost = merged[merged["_merge"] != "both"]
    if len(lost):
        first = lost.iloc[0]
        raise DataError(f"no {first['leaderboard']} run {first['aider_model']!r} on {first['date']}",
                        file="data/aider_runs.csv", row=int(lost.index[0]) + 1, column="aider_model")
    return (merged.drop(columns="_merge").sort_values(["model_id", "leaderboard", "date", "aider_model"], kind="mergesort")
            .reset_index(drop=True))
