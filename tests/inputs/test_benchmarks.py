"""data/benchmarks.csv: who reported each score, the Arena conversion, and the independent rows
taken from the Aider leaderboard. Expected values derived by hand."""

import shutil

import pandas as pd
import pytest

from analysis.core.errors import DataError
from analysis.core.paths import DATA_DIR
from analysis.inputs.aider import load_mapping, runs_for_models
from analysis.inputs.catalog import load_curated, read_table
from analysis.inputs.schemas import arena_win_percent

CURATED = load_curated()
BENCH = CURATED.benchmarks


def test_arena_win_percent_by_hand():
    # equal ratings: 100 / (1 + 10**0) = 50; 400 points ahead: 100 / (1 + 10**-1) = 90.909...
    assert arena_win_percent(1300, 1300) == pytest.approx(50.0)
    assert arena_win_percent(1400, 1000) == pytest.approx(90.9090909)
    assert arena_win_percent(1000, 1400) == pytest.approx(9.0909091)


def test_every_row_says_who_reported_it():
    assert set(BENCH["reported_by"]) == {"independent", "developer"}
    assert BENCH["source_url"].str.startswith("http").all() and BENCH["retrieved"].ne("").all()


def test_a_benchmark_name_is_either_independent_or_developer():
    # an independent run carries its harness in the name, so it never merges with a developer's own run
    kinds = BENCH.groupby("benchmark")["reported_by"].nunique()
    assert kinds.max() == 1, kinds[kinds > 1]


def test_arena_rows_are_converted_not_copied():
    arena = BENCH[BENCH["raw_unit"] == "arena_rating"]
    assert len(arena) > 0 and arena["benchmark"].str.startswith("LMArena").all()
    assert (arena["raw_score"] > 100).all()       # the rating itself (an Elo-scale number) stays in raw_score


def test_an_inconsistent_arena_row_is_rejected(tmp_path):
    for name in ("models.csv", "benchmarks.csv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    table = pd.read_csv(tmp_path / "benchmarks.csv", dtype=str, keep_default_na=False)
    row = table.index[table["raw_unit"] == "arena_rating"][0]
    table.loc[row, "score_percent"] = "99.0"
    table.to_csv(tmp_path / "benchmarks.csv", index=False)
    with pytest.raises(DataError, match="Arena win rate") as info:
        read_table(tmp_path / "benchmarks.csv", "benchmarks")
    assert info.value.row == row + 1


def test_an_unknown_reporter_is_rejected(tmp_path):
    table = pd.read_csv(DATA_DIR / "benchmarks.csv", dtype=str, keep_default_na=False)
    table.loc[0, "reported_by"] = "vendor"
    table.to_csv(tmp_path / "benchmarks.csv", index=False)
    with pytest.raises(DataError, match="vendor") as info:
        read_table(tmp_path / "benchmarks.csv", "benchmarks")
    assert (info.value.row, info.value.column) == (1, "reported_by")


def test_aider_rows_are_each_lineup_models_best_polyglot_run():
    runs = runs_for_models(load_mapping(DATA_DIR / "aider_runs.csv", CURATED.models["model_id"]))
    polyglot = runs[(runs["leaderboard"] == "aider-polyglot") & runs["in_lineup"]]
    best = polyglot.groupby("model_id")["pass_rate_2_percent"].max()
    rows = BENCH[BENCH["benchmark"] == "Aider polyglot"].set_index("model_id")
    # polyglot_leaderboard.yml: gpt-oss-120b (high) 41.8; Llama 4 Maverick 15.6;
    # Qwen2.5-Coder-32B-Instruct 8.0 (diff) and 16.4 (whole) -> 16.4
    assert best.to_dict() == {"gpt-oss-120b": 41.8, "llama-4-maverick-17b-128e-instruct": 15.6,
                              "qwen2.5-coder-32b-instruct": 16.4}
    assert rows["score_percent"].to_dict() == best.to_dict()
    assert (rows["reported_by"] == "independent").all()
