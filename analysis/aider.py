"""Aider's public leaderboards (``../shared/external/aider_*_leaderboard.yml``) as a table.

Gives the report a *measured* speed (``seconds_per_case``: average wall time per benchmark
exercise, provider route as run) and a coding score (``pass_rate_2_percent``). Aider's
``total_cost`` is USD for the whole run and 0.0 means "not measured": it stays NaN here.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import DataError
from analysis.iorw import read_yaml
from analysis.paths import display_path, external_dir

LEADERBOARDS = {
    "aider-edit": ("aider_edit_leaderboard.yml",
                   "https://github.com/Aider-AI/aider/blob/main/aider/website/_data/edit_leaderboard.yml"),
    "aider-polyglot": ("aider_polyglot_leaderboard.yml",
                       "https://github.com/Aider-AI/aider/blob/main/aider/website/_data/polyglot_leaderboard.yml"),
}
#: the date the Aider repository snapshot was taken (see ../shared/external/README.md)
AIDER_RETRIEVED = "2026-05-22"

_ROUTE = re.compile(r"--model\s+(\S+)")


def load_leaderboard(name: str, path: Path | None = None) -> pd.DataFrame:
    """One row per benchmark run: ``leaderboard, aider_model, date, route, pass_rate_2_percent,
    seconds_per_case, run_usd_total, test_cases, source_url, retrieved``."""
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
            cost = float(record.get("total_cost") or 0.0)
            rows.append({
                "leaderboard": name, "aider_model": str(record["model"]), "date": str(record["date"]),
                "route": route.group(1) if route else "",
                "pass_rate_2_percent": float(record["pass_rate_2"]),
                "seconds_per_case": float(record["seconds_per_case"]),
                "run_usd_total": cost if cost > 0 else np.nan,  # 0.0 = not measured
                "test_cases": int(record["test_cases"]),
            })
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DataError(f"run {record.get('model', '?') if isinstance(record, dict) else '?'}: {exc}",
                            file=shown, row=position, column=str(exc.args[0]) if isinstance(exc, KeyError) else None) from exc
    frame = pd.DataFrame(rows)
    frame["source_url"] = url
    frame["retrieved"] = AIDER_RETRIEVED
    return frame


def load_mapping(path: Path, known_models: pd.Series) -> pd.DataFrame:
    """``data/aider_runs.csv``: which leaderboard run belongs to which of our models."""
    shown = display_path(path)
    try:
        mapping = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (FileNotFoundError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"cannot read: {exc}", file=shown) from exc
    for column in ("leaderboard", "aider_model", "date", "model_id"):
        if column not in mapping.columns:
            raise DataError("missing column", file=shown, column=column)
    for position, row in enumerate(mapping.itertuples(index=False), start=1):
        if row.leaderboard not in LEADERBOARDS:
            raise DataError(f"unknown leaderboard {row.leaderboard!r}", file=shown, row=position,
                            column="leaderboard", hint=f"one of {', '.join(LEADERBOARDS)}")
        if row.model_id not in set(known_models):
            raise DataError(f"unknown model_id {row.model_id!r}", file=shown, row=position, column="model_id",
                            hint="add the model to data/models.csv first")
    return mapping


def runs_for_models(mapping: pd.DataFrame, external: Path | None = None) -> pd.DataFrame:
    """Aider runs of our models. ``mapping`` (data/aider_runs.csv) names each run by
    ``leaderboard``, ``aider_model`` and ``date`` and gives its ``model_id``; a mapped run that
    is not in the leaderboard is an error (the mapping went stale)."""
    boards = pd.concat([load_leaderboard(name, (Path(external) / LEADERBOARDS[name][0]) if external else None)
                        for name in LEADERBOARDS], ignore_index=True)
    keys = ["leaderboard", "aider_model", "date"]
    if mapping.empty:
        return pd.DataFrame(columns=[*mapping.columns, *boards.columns.difference(mapping.columns)])
    merged = mapping.merge(boards, on=keys, how="left", indicator=True)
    lost = merged[merged["_merge"] != "both"]
    if len(lost):
        first = lost.iloc[0]
        raise DataError(f"no {first['leaderboard']} run {first['aider_model']!r} on {first['date']}",
                        file="data/aider_runs.csv", row=int(lost.index[0]) + 1, column="aider_model")
    return merged.drop(columns="_merge").sort_values(["model_id", "leaderboard", "date"]).reset_index(drop=True)
