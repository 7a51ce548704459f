"""Aider leaderboards and data/aider_runs.csv: every polyglot run mapped to a canonical model id
and a reasoning setting; typo protection without a closed list of ids."""

import pandas as pd
import pytest

from analysis.core.errors import DataError
from analysis.core.paths import DATA_DIR
from analysis.inputs.aider import (MAPPING_COLUMNS, load_leaderboard, load_mapping, misattributed_runs, runs_for_models,
                                   unmapped_runs)
from analysis.inputs.catalog import load_curated
from analysis.inputs.identity import load_aliases

LINEUP = load_curated().models["model_id"]
MAPPING = load_mapping(DATA_DIR / "aider_runs.csv", LINEUP)


def write(tmp_path, rows):
    path = tmp_path / "aider_runs.csv"
    pd.DataFrame(rows, columns=MAPPING_COLUMNS).to_csv(path, index=False)
    return path


GPT_OSS = ["aider-polyglot", "gpt-oss-120b (high)", "2025-08-06", "gpt-oss-120b", "gpt-oss-120b", "high", "true", ""]


def test_polyglot_board_has_69_runs_and_51_costs():
    board = load_leaderboard("aider-polyglot")
    # ../shared/external/README.md: 69 runs, 51 with a non-zero total_cost; one record
    # (qwen-max-2025-01-25) has no total_cost at all, so 69 - 51 - 1 = 17 record 0.0
    assert len(board) == 69
    assert board["cost_status"].value_counts().to_dict() == {"recorded": 51, "zero": 17, "absent": 1}
    assert board["run_usd_total"].notna().sum() == 51


def test_every_polyglot_run_is_mapped():
    assert unmapped_runs(MAPPING).empty
    assert (MAPPING["leaderboard"] == "aider-polyglot").sum() == 69
    assert MAPPING["display_name"].ne("").all()


def test_gpt5_efforts_are_three_points():
    gpt5 = MAPPING[MAPPING["model_id"] == "gpt-5"].sort_values("reasoning_setting")
    assert gpt5["reasoning_setting"].tolist() == ["high", "low", "medium"]
    assert gpt5["aider_model"].tolist() == ["gpt-5 (high)", "gpt-5 (low)", "gpt-5 (medium)"]


def test_lineup_models_with_a_run_are_mapped_to_their_lineup_id():
    # a run whose provider route canonicalises to a lineup id must carry that id
    assert misattributed_runs(MAPPING, LINEUP, load_aliases()).empty
    mapped = set(MAPPING.loc[MAPPING["in_lineup"], "model_id"])
    assert {"gpt-oss-120b", "llama-4-maverick-17b-128e-instruct", "qwen2.5-coder-32b-instruct"} <= mapped
    assert mapped <= set(LINEUP)


def test_a_typo_of_a_lineup_id_is_caught(tmp_path):
    typo = [*GPT_OSS[:3], "gpt-oss-12b", "gpt-oss-120b", "high", "false", ""]
    mapping = load_mapping(write(tmp_path, [typo]), LINEUP)        # a valid id, just not the lineup's
    found = misattributed_runs(mapping, LINEUP, load_aliases())
    # route openrouter/openai/gpt-oss-120b -> gpt-oss-120b, which is in the lineup
    assert found[["route_model_id", "model_id"]].values.tolist() == [["gpt-oss-120b", "gpt-oss-12b"]]


def test_in_lineup_must_agree_with_models_csv(tmp_path):
    wrong = [*GPT_OSS[:6], "false", ""]
    with pytest.raises(DataError, match="in_lineup disagrees") as info:
        load_mapping(write(tmp_path, [wrong]), LINEUP)
    assert info.value.row == 1 and info.value.column == "in_lineup"


@pytest.mark.parametrize("column, value, message", [
    ("model_id", "GPT-5", "not a canonical id"),
    ("reasoning_setting", "very high", "unknown reasoning setting"),
    ("leaderboard", "aider-python", "unknown leaderboard"),
    ("display_name", "", "required value is empty"),
])
def test_bad_cells_are_rejected(tmp_path, column, value, message):
    row = dict(zip(MAPPING_COLUMNS, GPT_OSS))
    row[column] = value
    if column == "model_id":
        row["in_lineup"] = "false"
    with pytest.raises(DataError, match=message) as info:
        load_mapping(write(tmp_path, [list(row.values())]), LINEUP)
    assert info.value.column == column


def test_thinking_budgets_are_settings(tmp_path):
    row = [*GPT_OSS[:5], "32k thinking tokens", "true", ""]
    assert load_mapping(write(tmp_path, [row]), LINEUP)["reasoning_setting"].tolist() == ["32k thinking tokens"]


def test_a_run_mapped_twice_is_rejected(tmp_path):
    with pytest.raises(DataError, match="mapped twice") as info:
        load_mapping(write(tmp_path, [GPT_OSS, GPT_OSS]), LINEUP)
    assert info.value.row == 2


def test_a_stale_mapping_is_an_error(tmp_path):
    stale = [*GPT_OSS[:2], "2025-08-07", *GPT_OSS[3:]]
    with pytest.raises(DataError, match="no aider-polyglot run"):
        runs_for_models(load_mapping(write(tmp_path, [stale]), LINEUP))


def test_runs_carry_the_leaderboard_figures():
    runs = runs_for_models(MAPPING)
    medium = runs[(runs["aider_model"] == "gpt-5 (medium)")].iloc[0]
    # polyglot_leaderboard.yml, gpt-5 (medium): pass_rate_2 86.7, total_cost 17.693, 225 cases
    assert (medium["pass_rate_2_percent"], medium["run_usd_total"], medium["test_cases"]) == (86.7, 17.693, 225)
    assert medium["model_display_name"] == "GPT-5" and medium["reasoning_setting"] == "medium"
    assert "display_name" not in runs.columns       # models.csv keeps its own display_name in joins
    edit = runs[runs["leaderboard"] == "aider-edit"]
    assert edit["model_id"].tolist() == ["qwen2.5-coder-32b-instruct"]   # the latency table still has it
