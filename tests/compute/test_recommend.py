"""Top picks and their rationale (as data), on hand-made tables."""

import math

import pandas as pd
import pytest

from analysis.compute.montecarlo import MonteCarloResult
from analysis.compute.recommend import LIMITS, model_facts, recommend
from analysis.core.errors import ParameterError

MODELS = pd.DataFrame({
    "model_id": ["a", "b", "c"],
    "context_window_tokens": pd.array([100_000, 200_000, 50_000], dtype="Int64"),
    "input_modalities": ["text+image", "text", "text"],
    "open_weights": pd.array([True, False, True], dtype="boolean"),
    "reasoning_model": pd.array([False, True, False], dtype="boolean"),
})
PRICES = pd.DataFrame({
    "model_id": ["a", "b", "b", "c"], "provider": ["p1", "p1", "p2", "p1"],
    "usd_per_mtok_input": [1.0, 10.0, 20.0, 0.1], "usd_per_mtok_output": [1.0, 10.0, 20.0, 0.1],
    "context_window_tokens": pd.array([50_000, None, 200_000, 50_000], dtype="Int64"),
})
SCORES = pd.DataFrame({"model_id": ["a", "b", "c"], "use_case": "x", "score": [80.0, 90.0, 70.0],
                       "coverage": [1.0, 1.0, 0.8]})


def test_ranking_by_value_with_ties_broken_by_score():
    # value = score - 10*log10(price): a 80 - 0 = 80; b 90 - 10 = 80; c 70 + 10 = 80 (all tied);
    # ties -> higher score first: b, a, c
    recs = recommend(SCORES, PRICES, MODELS, top_n=3)
    top = recs.for_use_case("x")
    assert top["model_id"].tolist() == ["b", "a", "c"]
    assert top["rank"].tolist() == [1, 2, 3]
    assert top["value"].tolist() == pytest.approx([80.0, 80.0, 80.0])
    assert top.loc[0, "usd_per_mtok_blended"] == pytest.approx(10.0) and top.loc[0, "provider"] == "p1"


def test_top_n_and_rationale_columns():
    top = recommend(SCORES, PRICES, MODELS, top_n=2).top
    assert len(top) == 2
    for column in ("score", "coverage", "usd_per_mtok_blended", "provider", "context_window_tokens", "on_front",
                   "p_top", "open_weights", "reasoning_model"):
        assert column in top
    b = top.set_index("model_id").loc["b"]
    # b's cheapest provider (p1) lists no context: the model's 200,000 is shown, flagged below
    assert b["context_window_tokens"] == 200_000 and math.isnan(b["provider_context_tokens"])
    assert math.isnan(b["p_top"])          # no Monte Carlo given: NaN, not 0


def test_limits_are_codes():
    recs = recommend(SCORES, PRICES, MODELS, top_n=3)
    limits = recs.limits.groupby("model_id")["limit"].apply(list).to_dict()
    assert set(recs.limits["limit"]) <= set(LIMITS)
    assert limits["b"] == ["text_only", "reasoning_tokens", "provider_context_unknown", "closed_weights"]
    # a: provider serves 50,000 of the model's 100,000 tokens; only one provider
    assert limits["a"] == ["provider_context_below_model", "single_provider"]
    assert limits["c"] == ["text_only", "single_provider", "partial_coverage"]


def test_best_for_and_monte_carlo_columns():
    summary = pd.DataFrame({"use_case": "x", "model_id": ["a", "b", "c"], "p_top": [0.2, 0.5, 0.3],
                            "p_front": [1.0, 1.0, 1.0]})
    mc = MonteCarloResult(summary=summary, n_draws=10, score_sd_points=2.0, price_sd_log10=0.1,
                          points_per_tenfold_price=10.0)
    recs = recommend(SCORES, PRICES, MODELS, monte_carlo=mc)
    assert recs.top.set_index("model_id").loc["b", "p_top"] == pytest.approx(0.5)
    assert recs.best_for.values.tolist() == [["a", "x", 2], ["b", "x", 1], ["c", "x", 3]]


def test_unpriced_or_unscored_models_are_not_ranked():
    scores = pd.concat([SCORES, pd.DataFrame({"model_id": ["d"], "use_case": ["x"], "score": [float("nan")],
                                              "coverage": [0.0]})])
    recs = recommend(scores, PRICES, MODELS, top_n=5)
    assert "d" not in set(recs.top["model_id"])
    with pytest.raises(ParameterError):
        recommend(SCORES, PRICES, MODELS, top_n=0)


def test_model_facts():
    facts = model_facts(PRICES, MODELS).set_index("model_id")
    assert facts.loc["b", "providers"] == 2 and facts.loc["a", "image_input"]
    assert not facts.loc["b", "image_input"]
