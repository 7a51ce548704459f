"""Cost per solved task from the Aider polyglot runs; expected values derived by hand from
leaderboard rows (../shared/external/aider_polyglot_leaderboard.yml)."""

import pandas as pd
import pytest

from analysis.compute.tasks import (EXCLUDED_COLUMNS, TASK_COLUMNS, cost_per_solved_task, excluded_runs, frontier,
                                    list_prices, price_inversions)
from analysis.core.errors import ParameterError
from analysis.core.paths import DATA_DIR
from analysis.inputs.aider import load_mapping, runs_for_models
from analysis.inputs.catalog import load_curated

RUNS = runs_for_models(load_mapping(DATA_DIR / "aider_runs.csv", load_curated().models["model_id"]))
TASKS = cost_per_solved_task(RUNS)
EXCLUDED = excluded_runs(RUNS)


def run(name, model, cost, rate, cases=225, setting="default", status=None):
    return {"leaderboard": "aider-polyglot", "aider_model": name, "model_id": model, "model_display_name": model,
            "reasoning_setting": setting, "date": "2025-01-01", "in_lineup": False, "edit_format": "diff",
            "editor_model": "", "test_cases": cases, "pass_rate_2_percent": rate, "run_usd_total": cost,
            "cost_status": status or ("recorded" if cost == cost else "zero")}


def row(name):
    return TASKS[TASKS["aider_model"] == name].iloc[0]


def test_gpt5_medium_by_hand():
    medium = row("gpt-5 (medium)")
    # solved = 86.7 / 100 * 225 = 195.075 exercises; 17.693 USD / 195.075 = 0.0906984 USD per solved task
    assert medium["solved_cases"] == pytest.approx(195.075)
    assert medium["usd_per_solved_task"] == pytest.approx(0.0906984, abs=1e-7)
    assert (medium["model_id"], medium["reasoning_setting"], medium["date"]) == ("gpt-5", "medium", "2025-08-25")


def test_deepseek_v3_and_o1_by_hand():
    # DeepSeek Chat V3 (prev): 0.3369 / (0.484 * 225 = 108.9) = 0.0030937
    assert row("DeepSeek Chat V3 (prev)")["usd_per_solved_task"] == pytest.approx(0.0030937, abs=1e-7)
    # o1-2024-12-17 (high) ran 224 cases: 186.4958 / (0.617 * 224 = 138.208) = 1.349385
    assert row("o1-2024-12-17 (high)")["usd_per_solved_task"] == pytest.approx(1.349385, abs=1e-6)


def test_covers_every_run_with_a_cost():
    # 69 runs: 51 with a recorded total_cost (all solve something), 17 with 0.0, 1 with none
    assert len(TASKS) == 51 and len(EXCLUDED) == 18
    assert set(TASKS["aider_model"]) | set(EXCLUDED["aider_model"]) == set(RUNS.loc[RUNS["leaderboard"] == "aider-polyglot", "aider_model"])
    assert EXCLUDED["reason"].value_counts().to_dict() == {"total_cost is 0.0 (not measured)": 17,
                                                           "no total_cost recorded": 1}
    assert EXCLUDED.loc[EXCLUDED["reason"] == "no total_cost recorded", "aider_model"].tolist() == ["qwen-max-2025-01-25"]
    assert list(TASKS.columns) == TASK_COLUMNS and list(EXCLUDED.columns) == EXCLUDED_COLUMNS


def test_sorted_by_cost_per_solved_task():
    assert TASKS["usd_per_solved_task"].is_monotonic_increasing
    assert cost_per_solved_task(RUNS.sample(frac=1, random_state=1)).equals(TASKS)


def test_frontier_runs_are_not_dominated_and_the_others_are():
    values = TASKS[["pass_rate_2_percent", "usd_per_solved_task"]].to_numpy()
    for i, (rate, usd) in enumerate(values):
        dominated = any((r >= rate and u <= usd) and (r > rate or u < usd) for r, u in values)
        assert TASKS["on_frontier"].iloc[i] == (not dominated), TASKS["aider_model"].iloc[i]
    # gpt-5 (high) has the highest pass rate of all priced runs (88.0), so it is on the frontier
    assert "gpt-5 (high)" in set(frontier(TASKS)["aider_model"])


def test_frontier_by_hand():
    runs = pd.DataFrame([run("a", "a", 1.0, 50.0, 100),     # 1.0 / 50 = 0.02 per task
                         run("b", "b", 4.0, 80.0, 100),     # 4.0 / 80 = 0.05, better pass rate: frontier
                         run("c", "c", 3.0, 40.0, 100),     # 3.0 / 40 = 0.075 at 40%: dominated by a
                         run("d", "d", 2.0, 50.0, 100)])    # 0.04 at 50%: same rate as a, dearer: dominated
    tasks = cost_per_solved_task(runs)
    assert tasks["aider_model"].tolist() == ["a", "d", "b", "c"]
    assert tasks["usd_per_solved_task"].tolist() == pytest.approx([0.02, 0.04, 0.05, 0.075])
    assert tasks["on_frontier"].tolist() == [True, False, True, False]


def test_unpriced_and_unsolved_runs_are_excluded_with_a_reason():
    runs = pd.DataFrame([run("free", "x", float("nan"), 30.0), run("none", "y", float("nan"), 30.0, status="absent"),
                         run("zero-pass", "z", 2.0, 0.0), run("ok", "w", 1.0, 10.0)])
    assert cost_per_solved_task(runs)["aider_model"].tolist() == ["ok"]
    reasons = excluded_runs(runs).set_index("aider_model")["reason"].to_dict()
    assert reasons == {"free": "total_cost is 0.0 (not measured)", "none": "no total_cost recorded",
                       "zero-pass": "no exercise solved"}


def test_runs_without_the_needed_columns_are_a_parameter_error():
    with pytest.raises(ParameterError, match="runs_for_models"):
        cost_per_solved_task(pd.DataFrame({"aider_model": ["x"]}))


PRICES = pd.DataFrame({"model_id": ["a", "b", "c"], "provider": ["p", "p", "p"], "usd_per_mtok_input": [0.5, 2.0, 1.0],
                       "usd_per_mtok_output": [1.5, 6.0, 1.0]})


def test_list_prices_prefer_curated_then_first_party_then_cheapest_host():
    curated = PRICES.iloc[:1]                                                 # a: curated
    catalogue = pd.DataFrame({"model_id": ["a", "b", "b", "c"], "provider": ["cheaphost", "openai", "cheaphost", "cheaphost"],
                              "usd_per_mtok_input": [0.1, 2.0, 1.0, 1.0], "usd_per_mtok_output": [0.1, 6.0, 3.0, 1.0]})
    prices = list_prices(curated, catalogue).set_index("model_id")
    # a: curated (3*0.5 + 1.5)/4 = 0.75 although a host is cheaper; b: OpenAI's own (3*2 + 6)/4 = 3.0
    # although a host sells it for (3*1 + 3)/4 = 1.5; c: only a host, (3*1 + 1)/4 = 1.0
    assert prices["usd_per_mtok_blended"].to_dict() == pytest.approx({"a": 0.75, "b": 3.0, "c": 1.0})
    assert prices["price_source"].to_dict() == {"a": "curated", "b": "catalogue first-party", "c": "catalogue host"}


def test_price_inversions_by_hand():
    tasks = cost_per_solved_task(pd.DataFrame([run("a run", "a", 5.0, 50.0, 100),    # 5 / 50 = 0.10 per task
                                               run("b run", "b", 2.0, 80.0, 100),    # 2 / 80 = 0.025 per task
                                               run("c run", "c", 1.0, 20.0, 100)]))  # 1 / 20 = 0.05 per task
    prices = list_prices(PRICES)   # blended a 0.75, b 3.0, c 1.0 (3:1)
    pairs = price_inversions(tasks, prices)
    # a is cheapest per token but dearest per task: dearer b (0.025) and c (0.05) both beat it;
    # c (1.0) is cheaper per token than b (3.0) and dearer per task (0.05 > 0.025)
    assert pairs[["cheap_model_id", "dear_model_id"]].values.tolist() == [["a", "b"], ["a", "c"], ["c", "b"]]
    # ratios: a/b per task 0.10 / 0.025 = 4; a/c 0.10 / 0.05 = 2; c/b 0.05 / 0.025 = 2 (ties by run name)
    assert pairs["task_cost_ratio"].tolist() == pytest.approx([4.0, 2.0, 2.0])
    assert pairs["list_price_ratio"].tolist() == pytest.approx([4.0, 1.0 / 0.75, 3.0])


def test_real_inversions_exist_with_lineup_prices():
    curated = load_curated().prices
    prices = list_prices(curated)
    assert prices.set_index("model_id").loc["gpt-oss-120b", "price_source"] == "curated"
    pairs = price_inversions(TASKS, prices)
    assert pairs.empty    # only one lineup model (gpt-oss-120b) has a priced run: no pair of models
