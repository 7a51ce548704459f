"""Benchmark sets per use case, comparability with the top model, shared-benchmark comparisons and
the top pick with and without developer-reported scores. Expected values derived by hand."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis.compute.comparable import (benchmark_sets, comparability, comparable_counts, shared_comparison, top_pairs,
                                         top_picks_by_reporting)
from analysis.compute.scores import use_case_scores, use_cases_from_mapping
from analysis.core.errors import ParameterError

CASES = use_cases_from_mapping({"coding": {"weights": {"coding": 1.0}}}, min_coverage=0.6)
BENCH = pd.DataFrame([
    # model, benchmark, category, score, reported_by
    ["a", "SWE", "coding", 80.0, "developer"],
    ["a", "LCB", "coding", 60.0, "developer"],
    ["a", "Aider", "coding", 40.0, "independent"],
    ["b", "SWE", "coding", 70.0, "developer"],
    ["b", "Aider", "coding", 50.0, "independent"],
    ["c", "MMLU", "knowledge", 90.0, "developer"],
], columns=["model_id", "benchmark", "category", "score_percent", "reported_by"])
# coding scores: a (80 + 60 + 40) / 3 = 60.0; b (70 + 50) / 2 = 60.0; c has no coding benchmark
SCORES = use_case_scores(BENCH, CASES, ["a", "b", "c"])


def test_benchmark_sets():
    sets = benchmark_sets(BENCH, CASES, ["a", "b", "c"]).set_index("model_id")
    assert sets.loc["a", "benchmarks_used"] == "Aider;LCB;SWE" and sets.loc["a", "n_benchmarks_used"] == 3
    assert sets.loc["c", "benchmarks_used"] == "" and sets.loc["c", "n_benchmarks_used"] == 0


def test_comparability_with_the_top_model():
    table = comparability(SCORES, BENCH, CASES).set_index("model_id")
    # a and b tie at 60.0; ties go to the model id, so a ranks first and is the top model
    assert table["rank_by_score"].to_dict() == {"a": 1, "b": 2}
    assert (table["top_model_id"] == "a").all()
    # b lacks LCB of a's set, has nothing a lacks, shares SWE and Aider
    assert (table.loc["b", "missing_vs_top"], table.loc["b", "extra_vs_top"], table.loc["b", "shared_with_top"]) == ("LCB", "", 2)
    assert table["comparable_with_top"].to_dict() == {"a": True, "b": False}
    assert table.loc["a", "common_benchmarks"] == "Aider;SWE" and table.loc["a", "n_common"] == 2
    assert "c" not in table.index        # not scored, not compared


def test_comparability_with_a_given_top_pick():
    table = comparability(SCORES, BENCH, CASES, top={"coding": "b"}).set_index("model_id")
    assert table.loc["a", "extra_vs_top"] == "LCB" and table.loc["a", "missing_vs_top"] == ""
    with pytest.raises(ParameterError, match="no score"):
        comparability(SCORES, BENCH, CASES, top={"coding": "c"})


def test_shared_comparison_by_hand():
    pairs = pd.DataFrame({"use_case": ["coding"], "model_id": ["a"], "other_id": ["b"]})
    row = shared_comparison(BENCH, CASES, pairs).iloc[0]
    # on SWE and Aider only: a (80 + 40) / 2 = 60.0, b (70 + 50) / 2 = 60.0 -> a leads (>=)
    assert row["shared_benchmarks"] == "Aider;SWE" and row["n_shared"] == 2
    assert (row["score_shared"], row["other_score_shared"]) == pytest.approx((60.0, 60.0))
    assert bool(row["leads"]) is True
    none = shared_comparison(BENCH, CASES, pairs.assign(other_id="c")).iloc[0]
    assert none["n_shared"] == 0 and math.isnan(none["score_shared"]) and math.isnan(none["leads"])


def test_top_pairs():
    ranking = pd.DataFrame({"use_case": ["x", "x", "y"], "rank": [1, 2, 1], "model_id": ["m", "n", "o"]})
    assert top_pairs(ranking).values.tolist() == [["x", "m", "n"]]


def test_top_pick_with_and_without_developer_scores_by_score():
    out = top_picks_by_reporting(BENCH, CASES, ["a", "b", "c"]).iloc[0]
    # all rows: a and b tie at 60 -> a (model id); independent only: a 40 (Aider), b 50 -> b
    assert (out["ranking"], out["top_all"], out["top_independent"]) == ("score", "a", "b")
    assert out["score_independent"] == pytest.approx(50.0)
    assert bool(out["same_top"]) is False and out["rank_of_top_all_independent"] == 2.0
    assert (out["n_ranked_all"], out["n_ranked_independent"]) == (2, 2)


def test_top_pick_by_value_uses_prices():
    prices = pd.DataFrame({"model_id": ["a", "b"], "provider": ["p", "p"], "usd_per_mtok_input": [10.0, 1.0],
                           "usd_per_mtok_output": [10.0, 1.0], "context_window_tokens": [np.nan, np.nan]})
    models = pd.DataFrame({"model_id": ["a", "b", "c"], "context_window_tokens": [1000] * 3,
                           "input_modalities": ["text"] * 3, "open_weights": [True] * 3, "reasoning_model": [False] * 3})
    out = top_picks_by_reporting(BENCH, CASES, ["a", "b", "c"], models=models, prices=prices).iloc[0]
    # value = score - 10 * log10(price): a 60 - 10 = 50, b 60 - 0 = 60 -> b; independent: b 50 - 0 > a 40 - 10
    assert (out["ranking"], out["top_all"], out["top_independent"]) == ("value", "b", "b")
    assert bool(out["same_top"]) is True and out["rank_of_top_all_independent"] == 1.0


def test_comparable_counts():
    table = pd.DataFrame({"use_case": ["coding", "coding", "coding", "general", "general"],
                          "model_id": ["a", "b", "c", "a", "b"],
                          "comparable_with_top": [True, False, True, True, False]})
    # coding: a and c share the top pick's set, 2 of 3; general: a only, 1 of 2 (sorted by use case)
    assert comparable_counts(table).values.tolist() == [["coding", 2, 3], ["general", 1, 2]]
    # no model comparable at all: 0, not missing
    assert comparable_counts(table.assign(comparable_with_top=False))["comparable"].tolist() == [0, 0]
