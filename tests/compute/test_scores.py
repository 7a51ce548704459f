"""Use-case scores: normalisation, aggregation, the coverage rule and requirements.
Every expected value is derived by hand in a comment."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis.compute.scores import (CATEGORIES, aggregate, benchmark_scores, category_design, category_scores,
                                     score_table, select_reported, shared_benchmarks, use_case_benchmarks,
                                     use_case_scores, use_cases_from_mapping, widely_reported)
from analysis.core.errors import ParameterError


def bench(rows):
    return pd.DataFrame(rows, columns=["model_id", "benchmark", "category", "score_percent"])


BENCH = bench([
    ["a", "GPQA", "reasoning", 60.0],
    ["a", "AIME", "reasoning", 40.0],
    ["a", "MATH", "math", 90.0],
    ["a", "HumanEval", "coding", 80.0],
    ["b", "GPQA", "reasoning", 70.0],
    ["b", "MMLU", "knowledge", 85.0],
])

CASES = use_cases_from_mapping({
    "reasoning": {"weights": {"reasoning": 3, "math": 1}},          # rescaled to 0.75 / 0.25
    "coding": {"weights": {"coding": 0.8, "reasoning": 0.2}},
}, min_coverage=0.6)


def test_weights_are_rescaled_to_sum_to_one():
    assert CASES.weights.loc["reasoning", "reasoning"] == pytest.approx(0.75)
    assert CASES.weights.loc["reasoning", "math"] == pytest.approx(0.25)
    assert list(CASES.weights.columns) == CATEGORIES
    assert CASES.weights.sum(axis=1).to_numpy() == pytest.approx([1.0, 1.0])


def test_category_score_is_the_mean_of_the_benchmarks():
    # a: reasoning = (60 + 40) / 2 = 50; math 90; coding 80; knowledge none (NaN, n=0)
    cats = category_scores(BENCH).set_index(["model_id", "category"])
    assert cats.loc[("a", "reasoning"), "score"] == pytest.approx(50.0)
    assert cats.loc[("a", "reasoning"), "n_benchmarks"] == 2
    assert math.isnan(cats.loc[("a", "knowledge"), "score"])
    assert cats.loc[("a", "knowledge"), "n_benchmarks"] == 0


def test_use_case_score_full_coverage():
    # a, reasoning: 0.75 * 50 + 0.25 * 90 = 37.5 + 22.5 = 60.0, coverage 1
    # a, coding:    0.8 * 80 + 0.2 * 50 = 64 + 10 = 74.0, coverage 1
    out = use_case_scores(BENCH, CASES).set_index(["model_id", "use_case"])
    assert out.loc[("a", "reasoning"), "score"] == pytest.approx(60.0)
    assert out.loc[("a", "reasoning"), "coverage"] == pytest.approx(1.0)
    assert out.loc[("a", "coding"), "score"] == pytest.approx(74.0)


def test_missing_category_is_renormalised_not_zero():
    # b, reasoning: only reasoning (70) has data; coverage 0.75 >= 0.6, so the score is 70
    # (renormalised 0.75*70/0.75), not 0.75*70 + 0.25*0 = 52.5
    out = use_case_scores(BENCH, CASES).set_index(["model_id", "use_case"])
    assert out.loc[("b", "reasoning"), "score"] == pytest.approx(70.0)
    assert out.loc[("b", "reasoning"), "coverage"] == pytest.approx(0.75)
    assert out.loc[("b", "reasoning"), "reason"] == ""


def test_coverage_below_threshold_gives_nan_with_reason():
    # b, coding: only reasoning (weight 0.2) has data, 0.2 < 0.6 -> NaN, "low_coverage"
    out = use_case_scores(BENCH, CASES).set_index(["model_id", "use_case"])
    assert math.isnan(out.loc[("b", "coding"), "score"])
    assert out.loc[("b", "coding"), "coverage"] == pytest.approx(0.2)
    assert out.loc[("b", "coding"), "reason"] == "low_coverage"


def test_coverage_exactly_at_threshold_counts():
    # weights 0.6 reasoning / 0.4 coding; b has reasoning only: coverage 0.6 == threshold -> scored 70
    cases = use_cases_from_mapping({"x": {"weights": {"reasoning": 0.6, "coding": 0.4}}}, 0.6)
    out = use_case_scores(BENCH, cases).set_index("model_id")
    assert out.loc["b", "score"] == pytest.approx(70.0)


def test_model_without_benchmarks_has_a_row_with_reason():
    out = use_case_scores(BENCH, CASES, model_ids=["a", "b", "c"]).set_index(["model_id", "use_case"])
    assert math.isnan(out.loc[("c", "coding"), "score"])
    assert out.loc[("c", "coding"), "reason"] == "no_benchmarks"
    assert out.loc[("c", "coding"), "coverage"] == 0


def test_output_is_tidy_and_sorted():
    out = use_case_scores(BENCH, CASES)
    assert list(out.columns) == ["model_id", "use_case", "score", "coverage", "n_benchmarks", "reason"]
    assert list(out["use_case"]) == ["reasoning", "reasoning", "coding", "coding"]
    assert list(out["model_id"]) == ["a", "b", "a", "b"]
    wide = score_table(out)
    assert list(wide.columns) == ["reasoning", "coding"]


def test_minmax_normalisation_per_benchmark():
    # GPQA: a 60, b 70 -> a 0, b 100; AIME only reported by a -> NaN (left out, not 0)
    scored = benchmark_scores(BENCH, "minmax").set_index(["model_id", "benchmark"])
    assert scored.loc[("a", "GPQA"), "score"] == pytest.approx(0.0)
    assert scored.loc[("b", "GPQA"), "score"] == pytest.approx(100.0)
    assert math.isnan(scored.loc[("a", "AIME"), "score"])
    # a, reasoning (minmax): AIME dropped, so reasoning = GPQA = 0; math (one model) NaN;
    # coverage 0.75 -> score 0.0
    out = use_case_scores(BENCH, CASES, method="minmax").set_index(["model_id", "use_case"])
    assert out.loc[("a", "reasoning"), "score"] == pytest.approx(0.0)


def test_unknown_method_and_bad_weights_are_refused():
    with pytest.raises(ParameterError):
        benchmark_scores(BENCH, "zscore")
    with pytest.raises(ParameterError, match="unknown categories"):
        use_cases_from_mapping({"x": {"weights": {"poetry": 1}}})
    with pytest.raises(ParameterError, match="sum to 0"):
        use_cases_from_mapping({"x": {"weights": {"coding": 0}}})
    with pytest.raises(ParameterError, match="non-negative"):
        use_cases_from_mapping({"x": {"weights": {"coding": -1, "math": 2}}})


def test_aggregate_broadcasts_over_draws():
    # two draws of one model's categories; weights reasoning 0.5 / math 0.5
    cats = np.full((2, 1, len(CATEGORIES)), np.nan)
    cats[0, 0, CATEGORIES.index("reasoning")], cats[0, 0, CATEGORIES.index("math")] = 40, 60   # -> 50
    cats[1, 0, CATEGORIES.index("reasoning")] = 80                                               # cov 0.5 -> NaN at 0.6
    weights = np.zeros((1, len(CATEGORIES)))
    weights[0, [CATEGORIES.index("reasoning"), CATEGORIES.index("math")]] = 0.5
    score, coverage = aggregate(cats, weights, 0.6)
    assert score.shape == (2, 1, 1)
    assert score[0, 0, 0] == pytest.approx(50.0)
    assert math.isnan(score[1, 0, 0]) and coverage[1, 0, 0] == pytest.approx(0.5)


def test_use_case_draws_equal_aggregate_of_the_drawn_categories():
    # the Monte Carlo shortcut (coverage rule applied once) must give aggregate's numbers exactly;
    # model b lacks math and coding, so its "coding" score is NaN (coverage 0.2 < 0.6) in every draw
    design = category_design(BENCH, ["a", "b", "c"])          # c has no benchmark: NaN everywhere
    draws = np.clip(design.scores + np.random.default_rng(3).normal(0, 5, (50, len(design.scores))), 0, 100)
    fast = design.use_case_draws(draws, CASES.matrix(), CASES.min_coverage)
    slow, _ = aggregate(design.categories(draws), CASES.matrix(), CASES.min_coverage)
    assert fast.shape == (50, 3, 2)
    np.testing.assert_array_equal(fast, slow)                   # bit for bit, NaN where NaN
    assert np.isnan(fast[:, 1, 1]).all() and np.isnan(fast[:, 2]).all() and not np.isnan(fast[:, 0]).any()


def test_image_requirement():
    cases = use_cases_from_mapping({"vision": {"weights": {"reasoning": 1}, "requires": ["image_input"]}})
    models = pd.DataFrame({"model_id": ["a", "b"], "input_modalities": ["text+image", "text"]})
    out = use_case_scores(BENCH, cases, models=models).set_index("model_id")
    assert out.loc["a", "score"] == pytest.approx(50.0)
    assert math.isnan(out.loc["b", "score"]) and out.loc["b", "reason"] == "no_image_input"
    with pytest.raises(ParameterError, match="requires"):
        use_cases_from_mapping({"x": {"weights": {"coding": 1}, "requires": ["gpu"]}})


# --- reported_by and the same-benchmarks option -------------------------------------------------------------
REPORTED = BENCH.assign(reported_by=["developer", "independent", "developer", "independent", "independent", "developer"])


def test_select_reported_keeps_the_chosen_reporters():
    independent = select_reported(REPORTED, "independent")
    assert independent[["model_id", "benchmark"]].values.tolist() == [["a", "AIME"], ["a", "HumanEval"], ["b", "GPQA"]]
    assert len(select_reported(REPORTED)) == 6
    # without the column every row counts as developer-reported
    assert len(select_reported(BENCH, "developer")) == 6 and select_reported(BENCH, "independent").empty
    with pytest.raises(ParameterError, match="reported_by"):
        select_reported(REPORTED, "vendor")


def test_scores_without_developer_rows():
    out = use_case_scores(select_reported(REPORTED, "independent"), CASES, ["a", "b"]).set_index(["model_id", "use_case"])
    # a keeps AIME (reasoning 40) and HumanEval (coding 80): coding 0.8 * 80 + 0.2 * 40 = 72.0;
    # reasoning: only reasoning 40 (coverage 0.75) -> 40.0
    assert out.loc[("a", "coding"), "score"] == pytest.approx(72.0)
    assert out.loc[("a", "reasoning"), "score"] == pytest.approx(40.0)
    assert out.loc[("b", "reasoning"), "score"] == pytest.approx(70.0)


def test_use_case_benchmarks_follow_the_weighted_categories():
    rows = use_case_benchmarks(BENCH, CASES)
    # reasoning weighs reasoning+math: a has AIME, GPQA, MATH; b has GPQA (MMLU is knowledge, weight 0)
    reasoning = rows[rows["use_case"] == "reasoning"]
    assert reasoning[["model_id", "benchmark"]].values.tolist() == [["a", "AIME"], ["a", "GPQA"], ["a", "MATH"], ["b", "GPQA"]]
    assert shared_benchmarks(BENCH, CASES, ["a", "b"]) == {"reasoning": ("GPQA",), "coding": ("GPQA",)}
    assert shared_benchmarks(BENCH, CASES, ["a", "c"]) == {"reasoning": (), "coding": ()}   # c has none


def test_shared_only_scores_on_the_common_benchmarks():
    out = use_case_scores(BENCH, CASES, shared_only=True).set_index(["model_id", "use_case"])
    # reasoning: a and b are both scored normally and share only GPQA -> a 60, b 70 (coverage 0.75)
    assert out.loc[("a", "reasoning"), "score"] == pytest.approx(60.0)
    assert out.loc[("b", "reasoning"), "score"] == pytest.approx(70.0)
    assert out.loc[("a", "reasoning"), "n_benchmarks"] == 1
    # coding: only a is scored normally (b has no coding benchmark: low_coverage), so the set is a's own
    assert out.loc[("a", "coding"), "score"] == pytest.approx(74.0)
    assert out.loc[("b", "coding"), "reason"] == "low_coverage"


def test_shared_only_without_a_common_benchmark_says_so():
    without_gpqa = BENCH[BENCH["benchmark"] != "GPQA"]
    bench_rows = pd.concat([without_gpqa, pd.DataFrame([["b", "ARC", "reasoning", 50.0]], columns=BENCH.columns)])
    out = use_case_scores(bench_rows, CASES, shared_only=True).set_index(["model_id", "use_case"])
    # reasoning: a (AIME, MATH) and b (ARC) are both scored but share nothing
    assert math.isnan(out.loc[("a", "reasoning"), "score"])
    assert out.loc[("a", "reasoning"), "reason"] == out.loc[("b", "reasoning"), "reason"] == "no_shared_benchmarks"


def test_widely_reported_benchmarks():
    bench = pd.DataFrame({"model_id": ["a", "b", "c", "a", "b", "a", "c"],
                          "benchmark": ["Z", "Z", "Z", "Y", "Y", "X", "W"],
                          "score_percent": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0]})
    # reported by: Z 3 models, Y 2, W 1, X 1 -> top 3: Z, Y and W (the tie W/X by name); columns by name
    wide = widely_reported(bench, columns=3)
    assert list(wide.columns) == ["W", "Y", "Z"]
    assert wide.loc["a", "Y"] == 40.0 and math.isnan(wide.loc["c", "Y"])          # c reports no Y: missing, not 0
