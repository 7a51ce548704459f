"""Cost arithmetic: every expected value is derived by hand in a comment."""

import math

import pandas as pd
import pytest

from analysis.compute.costs import Workload, blend_shares, blended_usd_per_mtok, cheapest_per_model, monthly_cost
from analysis.core.errors import ParameterError


def prices(rows):
    return pd.DataFrame(rows, columns=["model_id", "provider", "usd_per_mtok_input", "usd_per_mtok_output",
                                       "usd_per_mtok_cached_input"])


SEED_WORKLOAD = Workload(input_tokens=10_000_000, output_tokens=5_000_000)


def test_budget_at_five_and_sixteen_dollars_per_million():
    # 10M input x $5.00/1M + 5M output x $16.00/1M = 10*5 + 5*16 = 50 + 80 = 130.00 USD
    out = monthly_cost(prices([["m", "p", 5.0, 16.0, None]]), SEED_WORKLOAD)
    assert out.loc[0, "usd_input"] == pytest.approx(50.0)
    assert out.loc[0, "usd_output"] == pytest.approx(80.0)
    assert out.loc[0, "usd_total"] == pytest.approx(130.0)


def test_budget_small_prices_keep_their_magnitude():
    # nscale-style prices: 10 x 0.06 + 5 x 0.20 = 0.60 + 1.00 = 1.60 USD (not 0.0016)
    out = monthly_cost(prices([["m", "p", 0.06, 0.20, None]]), SEED_WORKLOAD)
    assert out.loc[0, "usd_total"] == pytest.approx(1.60)


def test_missing_price_gives_missing_total_not_zero():
    out = monthly_cost(prices([["m", "p", None, 16.0, None], ["m", "q", 1.0, None, None]]), SEED_WORKLOAD)
    assert out["usd_total"].isna().all()


def test_cached_tokens_are_part_of_input_not_on_top():
    # 10M input of which 4M cached; base $2.00, cached $0.50, output 1M at $8.00:
    # 6 x 2.00 + 4 x 0.50 + 1 x 8.00 = 12.00 + 2.00 + 8.00 = 22.00 USD
    workload = Workload(input_tokens=10_000_000, output_tokens=1_000_000, cached_input_tokens=4_000_000)
    out = monthly_cost(prices([["m", "p", 2.0, 8.0, 0.5]]), workload)
    assert out.loc[0, "usd_input"] == pytest.approx(12.0)
    assert out.loc[0, "usd_cached_input"] == pytest.approx(2.0)
    assert out.loc[0, "usd_total"] == pytest.approx(22.0)


def test_cached_tokens_without_cached_rate_pay_the_base_rate():
    # no cached rate listed: 6 x 2.00 + 4 x 2.00 + 1 x 8.00 = 28.00 USD (= 10 x 2 + 8)
    workload = Workload(input_tokens=10_000_000, output_tokens=1_000_000, cached_input_tokens=4_000_000)
    out = monthly_cost(prices([["m", "p", 2.0, 8.0, None]]), workload)
    assert out.loc[0, "usd_total"] == pytest.approx(28.0)


@pytest.mark.parametrize("kwargs", [
    {"input_tokens": -1, "output_tokens": 0},
    {"input_tokens": 1, "output_tokens": 0, "cached_input_tokens": 2},
    {"input_tokens": float("nan"), "output_tokens": 0},
])
def test_bad_workloads_are_rejected(kwargs):
    with pytest.raises(ParameterError):
        Workload(**kwargs)


def test_cheapest_per_model_skips_missing_and_breaks_ties_by_name():
    # model a: p2 costs 10 x 1 + 5 x 1 = 15, p1 costs 10 x 1 + 5 x 1 = 15 (tie -> p1), p3 missing
    # model b: only a missing price -> one row with NaN total
    table = monthly_cost(prices([
        ["a", "p3", None, None, None], ["a", "p2", 1.0, 1.0, None], ["a", "p1", 1.0, 1.0, None],
        ["b", "p1", None, 2.0, None]]), SEED_WORKLOAD)
    chosen = cheapest_per_model(table).set_index("model_id")
    assert chosen.loc["a", "provider"] == "p1"
    assert chosen.loc["a", "usd_total"] == pytest.approx(15.0)
    assert math.isnan(chosen.loc["b", "usd_total"])


def test_blended_price_three_to_one():
    # (3 x 5.00 + 1 x 16.00) / 4 = (15 + 16) / 4 = 7.75 USD per 1M
    assert blended_usd_per_mtok(prices([["m", "p", 5.0, 16.0, None]])).iloc[0] == pytest.approx(7.75)


def test_blend_shares():
    # 10M in : 5M out -> parts (2, 1) -> 2/3 input, 1/3 output; output only -> 0 and 1
    assert blend_shares((2.0, 1.0)) == pytest.approx((2 / 3, 1 / 3))
    assert blend_shares((0.0, 4.0)) == (0.0, 1.0)
