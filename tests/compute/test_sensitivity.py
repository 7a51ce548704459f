"""Sensitivity sweeps, self-hosting, price shocks, reasoning tokens, Monte Carlo and weights.
Expected values are derived by hand in the comments."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis.compute.costs import Workload
from analysis.compute.decision import prepare_decision
from analysis.compute.montecarlo import (draw_prices, monte_carlo, price_ranges, weight_dirichlet, weight_sweep,
                                         weight_switch_points)
from analysis.compute.report import prepare
from analysis.compute.scores import use_cases_from_mapping
from analysis.compute.sensitivity import (break_even, leaders, output_price_led, price_shocks, ratio_summary,
                                          ratio_sweep, reasoning_costs, reasoning_crossover, reasoning_outcomes,
                                          reasoning_sweep, relative_shocks, self_host_cost, self_host_plans,
                                          volume_sweep)
from analysis.core.errors import ParameterError


def prices(rows):
    return pd.DataFrame(rows, columns=["model_id", "provider", "usd_per_mtok_input", "usd_per_mtok_output",
                                       "usd_per_mtok_cached_input"])


PRICES = prices([
    ["m1", "p1", 1.0, 3.0, None],
    ["m1", "p2", 2.0, 2.0, None],
    ["m2", "p1", 0.5, 5.0, None],
    ["m3", "p1", None, None, None],
])

MODELS = pd.DataFrame({
    "model_id": ["m1", "m2", "m3", "m4"],
    "parameters_billion": [8.0, 35.0, np.nan, 1000.0],
    "open_weights": [True, True, False, True],
    "reasoning_model": [True, False, False, False],
    "input_modalities": ["text", "text", "text+image", "text"],
})

GPUS = pd.DataFrame({
    "setup_id": ["g-8b", "g-70b"], "gpu": ["G", "G"], "gpu_memory_gb": [80.0, 80.0], "usd_per_gpu_hour": [2.0, 2.0],
    "reference_parameters_billion": [8.0, 70.0], "gpus_per_replica": [1.0, 2.0],
    "output_tokens_per_second_per_replica": [1000.0, 500.0],
})


# --- ratio sweep ------------------------------------------------------------------------------
def test_ratio_sweep_cheapest_provider_and_rank():
    # m1: p1 = 1 + 2s -> 1, 2, 3; p2 = 2 flat -> cheapest 1 (p1), 2 (tie -> p1), 2 (p2)
    # m2: 0.5 + 4.5s -> 0.5, 2.75, 5.0; m3 unpriced -> NaN, no rank
    sweep = ratio_sweep(PRICES, [0.0, 0.5, 1.0]).set_index(["model_id", "output_share"])
    assert sweep.loc[("m1", 0.0), "usd_per_mtok"] == pytest.approx(1.0)
    assert sweep.loc[("m1", 0.5), "provider"] == "p1"
    assert sweep.loc[("m1", 1.0), "usd_per_mtok"] == pytest.approx(2.0)
    assert sweep.loc[("m1", 1.0), "provider"] == "p2"
    assert sweep.loc[("m2", 0.5), "usd_per_mtok"] == pytest.approx(2.75)
    # ranks: s=0 -> m2 1st (0.5 < 1); s=0.5 and s=1 -> m1 1st
    assert sweep.loc[("m2", 0.0), "rank"] == 1 and sweep.loc[("m1", 0.0), "rank"] == 2
    assert sweep.loc[("m1", 1.0), "rank"] == 1 and sweep.loc[("m2", 1.0), "rank"] == 2
    assert math.isnan(sweep.loc[("m3", 0.5), "usd_per_mtok"]) and math.isnan(sweep.loc[("m3", 0.5), "rank"])
    lead = leaders(ratio_sweep(PRICES, [0.0, 0.5, 1.0]))
    assert lead["model_id"].tolist() == ["m2", "m1", "m1"]


def test_ratio_sweep_rejects_bad_shares():
    with pytest.raises(ParameterError):
        ratio_sweep(PRICES, [0.5, 1.5])


# --- self-hosting ---------------------------------------------------------------------------
def test_self_host_plans():
    plans = self_host_plans(MODELS, GPUS).set_index("model_id")
    # m1 (8B) -> g-8b: 1 GPU x $2 = $2/h, 730 h = $1,460 a month; 1000 tok/s
    assert plans.loc["m1", "setup_id"] == "g-8b"
    assert plans.loc["m1", "usd_per_month_one_replica"] == pytest.approx(1460.0)
    # m2 (35B): |ln(8/35)| = 1.48 > |ln(70/35)| = 0.69 -> g-70b; 35 <= 0.9*2*80 = 144 fits;
    # throughput 500 * 70/35 = 1000 tok/s; 2 GPUs x $2 = $4/h
    assert plans.loc["m2", "setup_id"] == "g-70b"
    assert plans.loc["m2", "output_tokens_per_second_per_replica"] == pytest.approx(1000.0)
    assert plans.loc["m2", "usd_per_replica_hour"] == pytest.approx(4.0)
    # $4/h / (1000 * 3600 tok/h) * 1e6 = $1.111 per 1M output tokens at full load
    assert plans.loc["m2", "usd_per_mtok_output_full_load"] == pytest.approx(4.0 / 3.6)
    assert plans.loc["m3", "reason"] == "closed_weights"
    assert plans.loc["m4", "reason"] == "does_not_fit"       # 1000 GB of FP8 weights > 144 GB
    assert math.isnan(plans.loc["m4", "usd_per_month_one_replica"])


def test_self_host_cost_always_on_and_per_hour():
    plans = self_host_plans(MODELS, GPUS).set_index("model_id").loc[["m1"]]
    # capacity of one replica: 1000 tok/s * 3600 * 730 = 2.628e9 output tokens a month
    usd, replicas = self_host_cost(plans, [2.5e5, 2.5e9, 5e9])
    assert replicas[0].tolist() == [1.0, 1.0, 2.0]           # 5e9 / 2.628e9 = 1.9 -> 2 replicas
    assert usd[0].tolist() == pytest.approx([1460.0, 1460.0, 2920.0])
    # per hour: 2.5e9 / 3.6e6 tok/h = 694.4 -> 695 replica-hours x $2 = $1,390
    usd, _ = self_host_cost(plans, [2.5e9], billing="per_hour")
    assert usd[0, 0] == pytest.approx(1390.0)
    with pytest.raises(ParameterError):
        self_host_cost(plans, [1.0], billing="spot")


def test_volume_sweep_and_break_even():
    sweep = volume_sweep(PRICES, MODELS, GPUS, volumes=[1e6, 1e10], output_share=0.25).set_index(
        ["model_id", "monthly_tokens"])
    # m1 API at 25% output: p1 0.75*1 + 0.25*3 = 1.5 (p2: 2.0) -> 1M tokens $1.50, 10B tokens $15,000
    assert sweep.loc[("m1", 1e6), "usd_api"] == pytest.approx(1.5)
    assert sweep.loc[("m1", 1e10), "usd_api"] == pytest.approx(15_000.0)
    assert sweep.loc[("m1", 1e6), "usd_self_hosted"] == pytest.approx(1460.0)
    assert math.isnan(sweep.loc[("m3", 1e6), "usd_self_hosted"])
    table = break_even(PRICES, MODELS, GPUS, output_share=0.25).set_index("model_id")
    # m1: V* = $1,460 / $1.50 per 1M = 973.3M tokens; one replica serves 2.628e9/0.25 = 10.5B
    assert table.loc["m1", "break_even_monthly_tokens"] == pytest.approx(1460 / 1.5 * 1e6)
    assert table.loc["m1", "reason"] == ""
    # m2: API 0.75*0.5 + 0.25*5 = 1.625 -> V* = $2,920 / 1.625 * 1e6 = 1.797B tokens
    assert table.loc["m2", "break_even_monthly_tokens"] == pytest.approx(2920 / 1.625 * 1e6)
    assert table.loc["m3", "reason"] == "closed_weights"


def test_break_even_api_cheaper_at_full_load():
    # $0.01 per 1M: V* = 1460 / 0.01 * 1e6 = 1.46e11 tokens > capacity 1.05e10 -> never pays off
    cheap = prices([["m1", "p1", 0.01, 0.01, None]])
    table = break_even(cheap, MODELS[MODELS["model_id"] == "m1"], GPUS).set_index("model_id")
    assert math.isnan(table.loc["m1", "break_even_monthly_tokens"])
    assert table.loc["m1", "reason"] == "api_cheaper_at_full_load"


# --- price shocks ---------------------------------------------------------------------------
def test_price_shocks_rechoose_the_cheapest_provider():
    # workload 1M in + 1M out. m1: p1 1 + 3 = 4, p2 2 + 2 = 4 -> base $4.
    #   input x0.5: p1 3.5, p2 3.0 -> 3.0 (p2 now cheaper); x1.5: p1 4.5, p2 5.0 -> 4.5; swing 1.5
    #   output x0.5: p1 2.5, p2 3.0 -> 2.5; x1.5: p1 5.5, p2 5.0 -> 5.0; swing 2.5
    # m2: base 0.5 + 5 = 5.5; output x0.5 -> 3.0, x1.5 -> 8.0, swing 5.0
    out = price_shocks(PRICES, Workload(1_000_000, 1_000_000))
    m1 = out[out["model_id"] == "m1"].reset_index(drop=True)
    assert m1["component"].tolist() == ["usd_per_mtok_output", "usd_per_mtok_input"]   # largest swing first
    assert m1.loc[0, ["usd_low", "usd_base", "usd_high", "swing"]].tolist() == pytest.approx([2.5, 4.0, 5.0, 2.5])
    assert m1.loc[1, ["usd_low", "usd_high", "swing"]].tolist() == pytest.approx([3.0, 4.5, 1.5])
    m2 = out[(out["model_id"] == "m2") & (out["component"] == "usd_per_mtok_output")].iloc[0]
    assert [m2.usd_low, m2.usd_high] == pytest.approx([3.0, 8.0])
    assert out[out["model_id"] == "m3"]["usd_base"].isna().all()          # no price: NaN, not 0
    with pytest.raises(ParameterError):
        price_shocks(PRICES, Workload(1, 1), shock=1.5)


# --- reasoning tokens ---------------------------------------------------------------------------
def test_reasoning_multiplier_and_crossover():
    table = prices([["m1", "p1", 1.0, 3.0, None], ["m1", "p2", 2.0, 2.0, None], ["m2", "p1", 1.0, 7.0, None]])
    sweep = reasoning_sweep(table, MODELS[MODELS["model_id"].isin(["m1", "m2"])], input_tokens_per_task=1000,
                            output_tokens_per_task=100).set_index(["model_id", "multiplier"])
    # m1 (reasoning): p1 (1000*1 + 100*m*3)/1e6, p2 (1000*2 + 100*m*2)/1e6
    #   m=1: 0.0013 (p1) ; m=10: p1 0.004 = p2 0.004 -> tie, p1
    assert sweep.loc[("m1", 1.0), "usd_per_task"] == pytest.approx(0.0013)
    assert sweep.loc[("m1", 10.0), "usd_per_task"] == pytest.approx(0.004)
    # m2 (not reasoning): (1000*1 + 100*7)/1e6 = 0.0017 at every multiplier
    assert sweep.loc[("m2", 10.0), "usd_per_task"] == pytest.approx(0.0017)
    # m1 dearer than m2 when 1000 + 300m > 1700 -> m > 2.33 -> first grid point 3
    cross = reasoning_crossover(sweep.reset_index())
    assert cross.loc[0, ["model_id", "plain_model"]].tolist() == ["m1", "m2"]
    assert cross.loc[0, "multiplier_dearer"] == 3.0


# --- Monte Carlo --------------------------------------------------------------------------------
MC_BENCH = pd.DataFrame({
    "model_id": ["good", "good", "weak", "weak", "other"],
    "benchmark": ["R", "C", "R", "C", "C"],
    "category": ["reasoning", "coding", "reasoning", "coding", "coding"],
    "score_percent": [90.0, 85.0, 50.0, 40.0, 70.0],
})
MC_PRICES = prices([["good", "a", 0.1, 0.1, None], ["good", "b", 0.2, 0.2, None],
                    ["weak", "a", 1.0, 1.0, None], ["other", "a", 0.3, 0.3, None]])
MC_CASES = use_cases_from_mapping({"reasoning": {"weights": {"reasoning": 1}},
                                   "coding": {"weights": {"coding": 0.7, "reasoning": 0.3}}})


def test_monte_carlo_is_seeded_and_probabilities_sum_to_one():
    one = monte_carlo(MC_BENCH, MC_PRICES, MC_CASES, np.random.default_rng(42), n_draws=2_000).summary
    two = monte_carlo(MC_BENCH, MC_PRICES, MC_CASES, np.random.default_rng(42), n_draws=2_000).summary
    pd.testing.assert_frame_equal(one, two)
    eligible = one[one["eligible"]]
    assert eligible["p_top"].between(0, 1).all() and eligible["p_front"].between(0, 1).all()
    assert eligible.groupby("use_case")["p_top"].sum().to_numpy() == pytest.approx([1.0, 1.0])


def test_monte_carlo_dominant_model_and_ineligible_model():
    # "good" scores 90 vs 50 and costs $0.10-0.20 vs $1.00: top pick and on the front in every draw
    out = monte_carlo(MC_BENCH, MC_PRICES, MC_CASES, np.random.default_rng(0), n_draws=1_000).summary
    reasoning = out[out["use_case"] == "reasoning"].set_index("model_id")
    assert reasoning.loc["good", "p_top"] == 1.0 and reasoning.loc["good", "p_front"] == 1.0
    assert reasoning.loc["weak", "p_top"] == 0.0
    # "other" has no reasoning benchmark: not eligible, NaN (not 0)
    assert not reasoning.loc["other", "eligible"] and math.isnan(reasoning.loc["other", "p_top"])
    # price range of "good": blended 0.1 (a) .. 0.2 (b)
    assert reasoning.loc["good", ["usd_per_mtok_low", "usd_per_mtok_high"]].tolist() == pytest.approx([0.1, 0.2])


def test_monte_carlo_default_has_ten_thousand_draws():
    result = monte_carlo(MC_BENCH, MC_PRICES, MC_CASES, np.random.default_rng(1))
    assert result.n_draws >= 10_000
    with pytest.raises(ParameterError, match="Generator"):
        monte_carlo(MC_BENCH, MC_PRICES, MC_CASES, 42)


def test_price_draws_are_centred_on_the_ranked_price():
    rng = np.random.default_rng(3)
    centre = np.array([1.0, 2.0, np.nan])
    draws = draw_prices(centre, 20_000, rng, sd_log10=0.1)
    # log-normal around the centre: the median of 10**N(0, 0.1) is 10**0 = 1, so the median draw is the centre
    assert np.median(draws[:, 0]) == pytest.approx(1.0, rel=0.01)
    assert np.median(draws[:, 1]) == pytest.approx(2.0, rel=0.01)
    # draws go both ways: about half below the centre (a one-sided draw would give 0 here)
    assert (draws[:, 0] < 1.0).mean() == pytest.approx(0.5, abs=0.02)
    assert np.isnan(draws[:, 2]).all()
    assert (draw_prices(centre, 10, rng, sd_log10=0.0)[:, :2] == centre[:2]).all()
    with pytest.raises(ParameterError):
        draw_prices(centre, 10, rng, sd_log10=-1)
    ranges = price_ranges(MC_PRICES, ["good", "nobody"]).set_index("model_id")
    assert ranges.loc["nobody", "providers"] == 0 and math.isnan(ranges.loc["nobody", "usd_per_mtok_low"])


def test_zero_spread_monte_carlo_returns_the_recommended_pick():
    """With no price and no score spread, every draw equals the ranking's inputs, so the
    recommended (rank 1) model is the top pick with probability 1 in every use case."""
    from decision_fixtures import BENCHMARKS, MODELS, PRICES, USE_CASES

    from analysis.compute.recommend import recommend
    from analysis.compute.scores import use_case_scores

    ids = MODELS["model_id"]
    mc = monte_carlo(BENCHMARKS, PRICES, USE_CASES, np.random.default_rng(0), ids, n_draws=50, models=MODELS,
                     score_sd_points=0.0, price_sd_log10=0.0)
    recs = recommend(use_case_scores(BENCHMARKS, USE_CASES, ids, models=MODELS), PRICES, MODELS, monte_carlo=mc)
    first = recs.top[recs.top["rank"] == 1]
    assert len(first) == 3
    assert first["p_top"].tolist() == [1.0, 1.0, 1.0]
    # and with the real data and the default spreads, the pick wins more draws than any other model
    # (the draws are centred on the ranked values, not pushed upward from the cheapest provider)
    data = prepare(monthly_input_tokens=10_000_000, monthly_output_tokens=5_000_000)
    d = prepare_decision(data, data.workload)
    for case, group in d.monte_carlo.summary.dropna(subset=["p_top"]).groupby("use_case"):
        pick = d.recommendations.for_use_case(case)["model_id"].iloc[0]
        share = group.set_index("model_id")["p_top"]
        assert share[pick] >= 0.3, (case, pick, share.sort_values().tail(3).to_dict())


def test_ties_go_to_the_higher_score_then_the_first_id():
    from analysis.compute.montecarlo import top_pick

    utility = np.array([[5.0, 5.0, 5.0], [1.0, 2.0, 2.0]])
    score = np.array([[60.0, 70.0, 70.0], [90.0, 50.0, 50.0]])
    # row 0: three equal values, 70 > 60, first of the two 70s is column 1; row 1: 2.0 ties, equal scores -> column 1
    assert top_pick(utility, score).tolist() == [1, 1]


def test_confidence_words_come_from_one_threshold():
    from analysis.compute.montecarlo import ROBUST_P_TOP, confidence

    assert ROBUST_P_TOP == 0.8
    # compared as shown: 0.796 reads "80%" -> robust; 0.794 reads "79%" -> contested
    assert confidence(0.796) == "robust" and confidence(0.794) == "contested"
    assert confidence(0.78) == "contested" and confidence(1.0) == "robust" and confidence(float("nan")) == ""


def test_weight_sensitivity():
    bench = pd.DataFrame({"model_id": ["r", "r", "c", "c"], "benchmark": ["R", "C", "R", "C"],
                          "category": ["reasoning", "coding", "reasoning", "coding"],
                          "score_percent": [90.0, 50.0, 50.0, 90.0]})
    table = prices([["r", "a", 1.0, 1.0, None], ["c", "a", 1.0, 1.0, None]])
    cases = use_cases_from_mapping({"mix": {"weights": {"reasoning": 0.6, "coding": 0.4}}})
    sweep = weight_sweep(bench, table, cases, steps=5)
    rows = sweep[sweep["category"] == "reasoning"].set_index("weight")["top_model"]
    # equal prices: reasoning weight w -> r scores 90w + 50(1-w), c 50w + 90(1-w); r wins for w > 0.5;
    # the grid 0, 0.25, 0.5, 0.75, 1 gets the chosen weight 0.6 added (r: 74 against c: 66)
    assert rows.to_dict() == {0.0: "c", 0.25: "c", 0.5: "c", 0.6: "r", 0.75: "r", 1.0: "r"}  # tie at 0.5 -> "c"
    switches = weight_switch_points(sweep, cases).set_index("category")
    assert switches.loc["reasoning", "base_top"] == "r"
    assert switches.loc["reasoning", "down_model"] == "c" and switches.loc["reasoning", "down_weight"] == 0.5
    assert switches.loc["reasoning", "up_model"] == ""
    draws = weight_dirichlet(bench, table, cases, np.random.default_rng(5), n_draws=500)
    assert draws["p_top"].sum() == pytest.approx(1.0)
    assert (draws["n_valid"] == 500).all()


# --- what the sections state (computed here, formatted by analysis.present.narrative.sensitivity) ----
def test_ratio_summary_shows_three_shares_and_the_leaders():
    # costs (see test_ratio_sweep_cheapest_provider_and_rank): m1 1, 2, 2; m2 0.5, 2.75, 5.0; m3 none
    summary = ratio_summary(ratio_sweep(PRICES, [0.0, 0.5, 1.0]))
    assert summary.shares == [0.0, 0.5, 1.0]
    assert summary.usd_per_mtok.index.tolist() == ["m1", "m2", "m3"]       # by the middle share: 2 < 2.75 < none
    assert summary.usd_per_mtok.loc["m2"].tolist() == pytest.approx([0.5, 2.75, 5.0])
    assert summary.rank.loc["m1", 0.0] == 2 and summary.rank.loc["m1", 1.0] == 1
    # m2 leads at 0, m1 from 0.5 on: not flat, the switch is m1 at 0.5
    assert not summary.flat and summary.switch["model_id"] == "m1" and summary.switch["output_share"] == 0.5
    # rank moves: m1 2 -> 1, m2 1 -> 2, both by 1: the first id
    assert summary.mover == "m1"


def test_ratio_summary_of_one_flat_leader():
    # one model at 2 + 2: 2.00 at every share, rank 1 throughout: flat, no switch, no mover
    summary = ratio_summary(ratio_sweep(prices([["m1", "p2", 2.0, 2.0, None]]), [0.0, 0.5, 1.0]))
    assert summary.flat and summary.switch is None and summary.mover is None


def test_relative_shocks_and_the_output_price_count():
    # workload 1M + 1M (test_price_shocks_rechoose_the_cheapest_provider): m1 base 4: output 2.5..5.0,
    # input 3.0..4.5; m2 base 5.5: output 3.0..8.0, input 5.25..5.75 (0.5 x 0.5 + 5 = 5.25); m3 no base: left out
    out = relative_shocks(price_shocks(PRICES, Workload(1_000_000, 1_000_000)))
    # relative swings: m2 output 5 / 5.5 = 0.909, m1 output 2.5 / 4 = 0.625, m1 input 1.5 / 4 = 0.375,
    # m2 input 0.5 / 5.5 = 0.091
    assert list(zip(out["model_id"], out["component"])) == [
        ("m2", "usd_per_mtok_output"), ("m1", "usd_per_mtok_output"), ("m1", "usd_per_mtok_input"),
        ("m2", "usd_per_mtok_input")]
    assert out["relative_swing"].tolist() == pytest.approx([5 / 5.5, 0.625, 0.375, 0.5 / 5.5])
    # m1 output: 2.5 / 4 - 1 = -0.375 and 5 / 4 - 1 = +0.25
    assert out.loc[1, ["change_low", "change_high"]].tolist() == pytest.approx([-0.375, 0.25])
    # output swing > input swing for m1 (2.5 > 1.5) and m2 (5 > 0.5): 2 of 2 models
    assert output_price_led(price_shocks(PRICES, Workload(1_000_000, 1_000_000))) == (2, 2)


def test_reasoning_costs_and_outcomes():
    table = prices([["m1", "p1", 1.0, 3.0, None], ["m2", "p1", 1.0, 7.0, None]])
    sweep = reasoning_sweep(table, MODELS[MODELS["model_id"].isin(["m1", "m2"])], input_tokens_per_task=1000,
                            output_tokens_per_task=100)
    costs = reasoning_costs(sweep)
    # only m1 reasons: (1000 x 1 + 100 x 3)/1e6 = 0.0013 at 1x, (1000 + 100 x 10 x 3)/1e6 = 0.004 at 10x
    assert costs.index.tolist() == ["m1"] and costs.columns.tolist() == [1.0, 10.0]
    assert costs.loc["m1"].tolist() == pytest.approx([0.0013, 0.004])
    cross = pd.DataFrame({"model_id": ["r1", "r1", "r2", "r3", "r3"], "plain_model": ["a", "b", "a", "a", "b"],
                          "usd_plain": [0.002, 0.001, 0.002, 0.001, 0.009],
                          "multiplier_dearer": [3.0, 1.0, np.nan, 1.0, np.nan]})
    out = reasoning_outcomes(cross, 1.0).set_index("model_id")
    # r1 is dearer than b from the start but overtakes a only at 3x: the crossing above 1x is named
    assert out.loc["r1", ["outcome", "plain_model", "multiplier_dearer"]].tolist() == ["overtaken", "a", 3.0]
    assert out.loc["r2", "outcome"] == "cheaper"                       # never dearer over the sweep
    assert out.loc["r3", ["outcome", "dearer_count"]].tolist() == ["dearer_from_start", 1]
