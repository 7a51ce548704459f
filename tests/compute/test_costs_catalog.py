"""Catalogue-scale costs: long-context tiers, cached input, spread across providers. Every
expected value is derived by hand in a comment."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis.compute.costs import Workload, applicable_tier, monthly_cost, spread_per_model
from analysis.core.errors import ParameterError
from analysis.core.paths import external_dir
from analysis.inputs.importers import load_litellm

COLUMNS = ["model_id", "provider", "usd_per_mtok_input", "usd_per_mtok_output", "usd_per_mtok_cached_input",
           "tier_threshold_tokens", "usd_per_mtok_input_tier", "usd_per_mtok_output_tier",
           "usd_per_mtok_cached_input_tier"]
NAN = float("nan")


def table(*rows):
    return pd.DataFrame(list(rows), columns=COLUMNS).astype({"tier_threshold_tokens": "Int64"})


# base $2 in / $8 out / $0.50 cached; above 128k input tokens: $4 / $16 / $1.00 (2x)
TIERED = ["m", "p", 2.0, 8.0, 0.5, 128_000, 4.0, 16.0, 1.0]


def test_requests_above_the_threshold_pay_the_tier_rate_for_all_tokens():
    # 2 requests x 150k input = 300k input, 10k output; 150k > 128k, so every token at the 2x rate:
    # 0.3M x $4 + 0.01M x $16 = 1.20 + 0.16 = 1.36 USD (not 0.256M x ... above-threshold slicing)
    workload = Workload(input_tokens=300_000, output_tokens=10_000, monthly_requests=2)
    out = monthly_cost(table(TIERED), workload)
    assert out.loc[0, "tier_applied"]
    assert out.loc[0, "usd_input"] == pytest.approx(1.20)
    assert out.loc[0, "usd_output"] == pytest.approx(0.16)
    assert out.loc[0, "usd_total"] == pytest.approx(1.36)


@pytest.mark.parametrize("requests,expected", [
    (3, 0.68),      # 3 x 100k: 100k < 128k, base rate: 0.3 x 2 + 0.01 x 8 = 0.60 + 0.08 = 0.68
    (None, 0.68),   # no request count: the average prompt is unknown, no tier applies
])
def test_requests_below_the_threshold_or_unknown_pay_the_base_rate(requests, expected):
    out = monthly_cost(table(TIERED), Workload(300_000, 10_000, monthly_requests=requests))
    assert not out.loc[0, "tier_applied"]
    assert out.loc[0, "usd_total"] == pytest.approx(expected)


def test_threshold_is_exceeded_not_reached():
    # 1 request of exactly 128,000 tokens stays in the base tier (LiteLLM: input > threshold):
    # 0.128 x 2 = 0.256 USD
    out = monthly_cost(table(TIERED), Workload(128_000, 0, monthly_requests=1))
    assert out.loc[0, "usd_total"] == pytest.approx(0.256)


def test_cached_tokens_are_part_of_input():
    # 10M input of which 4M cached at $0.50, base $2.00, no output: 6 x 2 + 4 x 0.5 = 12 + 2 = 14.00 USD
    out = monthly_cost(table(["m", "p", 2.0, 8.0, 0.5, None, NAN, NAN, NAN]),
                       Workload(10_000_000, 0, cached_input_tokens=4_000_000, monthly_requests=1_000))
    assert out.loc[0, "usd_total"] == pytest.approx(14.00)


def test_cached_tokens_at_the_tier_cached_rate():
    # 2 requests x 150k input, 100k of them cached, no output; tier applies:
    # uncached 0.2M x $4 + cached 0.1M x $1.00 = 0.80 + 0.10 = 0.90 USD
    out = monthly_cost(table(TIERED), Workload(300_000, 0, cached_input_tokens=100_000, monthly_requests=2))
    assert out.loc[0, "usd_cached_input"] == pytest.approx(0.10)
    assert out.loc[0, "usd_total"] == pytest.approx(0.90)


def test_unlisted_tier_rates_fall_back_and_missing_stays_missing():
    # row a: tier lists input only ($4): output keeps $8, cached tier falls back to the base cached $0.50
    #   2 x 150k, 100k cached, 10k out: 0.2 x 4 + 0.1 x 0.5 + 0.01 x 8 = 0.80 + 0.05 + 0.08 = 0.93
    # row b: no output price at all -> no total (NaN), tier or not
    # row c: no tier listed (NaN threshold) -> base: 0.2 x 2 + 0.1 x 0.5 + 0.01 x 8 = 0.40 + 0.05 + 0.08 = 0.53
    prices = table(["a", "p", 2.0, 8.0, 0.5, 128_000, 4.0, NAN, NAN],
                   ["b", "p", 2.0, NAN, 0.5, 128_000, 4.0, 16.0, 1.0],
                   ["c", "p", 2.0, 8.0, 0.5, None, NAN, NAN, NAN])
    out = monthly_cost(prices, Workload(300_000, 10_000, cached_input_tokens=100_000, monthly_requests=2))
    assert out["tier_applied"].tolist() == [True, True, False]
    assert out.loc[0, "usd_total"] == pytest.approx(0.93)
    assert math.isnan(out.loc[1, "usd_total"])
    assert out.loc[2, "usd_total"] == pytest.approx(0.53)


def test_the_highest_tier_reached_is_chosen_from_the_tiers_table():
    # kyma/qwen3.7-flash-like: base $0.0435 / $0.1886; > 32k: $0.135 / $0.54; > 256k: $0.27 / $1.08
    prices = table(["q", "kyma", 0.0435, 0.1886, NAN, 32_000, 0.135, 0.54, NAN])
    tiers = pd.DataFrame({"model_id": "q", "provider": "kyma", "tier_threshold_tokens": [32_000, 256_000],
                          "usd_per_mtok_input_tier": [0.135, 0.27], "usd_per_mtok_output_tier": [0.54, 1.08],
                          "usd_per_mtok_cached_input_tier": NAN})
    # 1 request of 300k in, 100k out: > 256k -> 0.3 x 0.27 + 0.1 x 1.08 = 0.081 + 0.108 = 0.189 USD
    out = monthly_cost(prices, Workload(300_000, 100_000, monthly_requests=1), tiers=tiers)
    assert out.loc[0, "usd_total"] == pytest.approx(0.189)
    # 10 requests of 100k: > 32k only -> 1 x 0.135 + 0.1 x 0.54 = 0.135 + 0.054 = 0.189 USD as well,
    # but through the lower tier
    assert applicable_tier(prices, tiers, 100_000).loc[0, "tier_threshold_tokens"] == 32_000
    out = monthly_cost(prices, Workload(1_000_000, 100_000, monthly_requests=10), tiers=tiers)
    assert out.loc[0, "usd_total"] == pytest.approx(0.189)
    # 10 requests of 20k: no tier reached, the row keeps its lowest tier, unapplied:
    # 0.2 x 0.0435 + 0.1 x 0.1886 = 0.0087 + 0.01886 = 0.02756 USD
    out = monthly_cost(prices, Workload(200_000, 100_000, monthly_requests=10), tiers=tiers)
    assert not out.loc[0, "tier_applied"]
    assert out.loc[0, "usd_total"] == pytest.approx(0.02756)


@pytest.mark.parametrize("requests", [0, -3, float("nan"), True])
def test_bad_request_counts_are_rejected(requests):
    with pytest.raises(ParameterError, match="monthly_requests"):
        Workload(1_000, 1_000, monthly_requests=requests)


def test_spread_per_model():
    # model a: p1 costs 10 x 1 = 10, p2 25, p3 unpriced -> 2 priced, min 10, max 25, ratio 2.5
    # model b: only unpriced -> 0 priced, NaN everywhere
    costs = pd.DataFrame({"model_id": ["a", "a", "a", "b"], "provider": ["p2", "p1", "p3", "p1"],
                          "usd_total": [25.0, 10.0, NAN, NAN]})
    spread = spread_per_model(costs).set_index("model_id")
    assert spread.loc["a", ["priced_providers", "usd_total_min", "usd_total_max", "max_to_min_ratio"]].tolist() == \
        [2, 10.0, 25.0, 2.5]
    assert spread.loc["a", ["cheapest_provider", "dearest_provider"]].tolist() == ["p1", "p2"]
    assert spread.loc["b", "priced_providers"] == 0
    assert spread.loc["b", ["usd_total_min", "max_to_min_ratio"]].isna().all()


def test_real_catalogue_is_costed_in_one_pass():
    path = external_dir() / "litellm_model_prices.json"
    if not path.is_file():
        pytest.fail(f"{path} is missing: the catalogue tests need ../shared/external")
    result = load_litellm(path)
    # 1,000 requests x 250k input (250M in, 50M out): only tiers under 250k apply (200k yes, 272k no)
    workload = Workload(250_000_000, 50_000_000, monthly_requests=1_000)
    costs = monthly_cost(result.prices, workload, tiers=result.tiers)
    threshold = costs["tier_threshold_tokens"].astype(float)
    assert (costs["tier_applied"] == (threshold < 250_000)).all()
    assert costs["tier_applied"].sum() > 50 and costs["usd_total"].notna().all()
    tiered = costs[costs["tier_applied"]]
    expected = 250 * tiered["usd_per_mtok_input_tier"] + 50 * tiered["usd_per_mtok_output_tier"].fillna(
        tiered["usd_per_mtok_output"])
    np.testing.assert_allclose(tiered["usd_total"], expected, rtol=1e-12)
    spread = spread_per_model(costs).set_index("model_id")
    assert spread.loc["qwen2.5-coder-32b-instruct", "priced_providers"] >= 6
    assert (spread["max_to_min_ratio"].dropna() >= 1).all()
