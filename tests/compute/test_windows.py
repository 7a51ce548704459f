"""Dated and off-peak prices (analysis/compute/windows.py), with the figures of data/prices.csv."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.compute.costs import Workload, monthly_cost
from analysis.compute.report import prepare
from analysis.compute.windows import changes_ahead, offpeak_offers, price_ends, prices_as_of, with_offpeak
from analysis.core.errors import ParameterError

NAN = float("nan")
#: Gemini 4 Argon's launch price 2.00 / 10.00 through 2026-11-30, then 4.00 / 20.00; Gemini 3.8 Flash's
#: introductory 0.75 / 3.75 through 2026-12-31 (after: not announced); DeepSeek-V4-Pro peak 1.32 / 3.96,
#: off-peak half; a row whose window ends 2027-03-01
PRICES = pd.DataFrame({
    "model_id": ["argon", "flash", "v4-pro", "later"], "provider": ["gemini", "gemini", "deepseek", "x"],
    "usd_per_mtok_input": [2.0, 0.75, 1.32, 1.0], "usd_per_mtok_output": [10.0, 3.75, 3.96, 1.0],
    "usd_per_mtok_cached_input": [0.1, 0.075, 0.044, NAN],
    "valid_from": ["", "", "", ""], "valid_until": ["2026-11-30", "2026-12-31", "", "2027-03-01"],
    "usd_per_mtok_input_after": [4.0, NAN, NAN, NAN], "usd_per_mtok_output_after": [20.0, NAN, NAN, NAN],
    "usd_per_mtok_cached_input_after": [0.2, NAN, NAN, NAN],
    "usd_per_mtok_input_offpeak": [NAN, NAN, 0.66, NAN], "usd_per_mtok_output_offpeak": [NAN, NAN, 1.98, NAN],
    "usd_per_mtok_cached_input_offpeak": [NAN, NAN, 0.022, NAN],
})
WORKLOAD = Workload(10_000_000, 5_000_000)


def test_a_price_holds_through_its_last_day_then_the_price_after():
    assert prices_as_of(PRICES, "2026-11-23") is PRICES  # no window has ended: the table as it is
    on_the_day = prices_as_of(PRICES, "2026-11-30")
    assert on_the_day.loc[0, ["usd_per_mtok_input", "usd_per_mtok_output"]].tolist() == [2.0, 10.0]
    after = prices_as_of(PRICES, "2027-01-01")
    assert after.loc[0, ["usd_per_mtok_input", "usd_per_mtok_output", "usd_per_mtok_cached_input"]].tolist() == [4.0, 20.0, 0.2]
    # Flash's introductory price ended and nothing is announced: unpriced, never the old figure
    assert math.isnan(after.loc[1, "usd_per_mtok_input"]) and after.loc[2, "usd_per_mtok_input"] == 1.32


def test_a_window_that_has_not_begun_leaves_the_row_unpriced():
    future = PRICES.assign(valid_from=["2027-01-01", "", "", ""])
    assert math.isnan(prices_as_of(future, "2026-11-23").loc[0, "usd_per_mtok_input"])


def test_off_peak_share_blends_peak_and_off_peak_prices():
    assert with_offpeak(PRICES, 0.0) is PRICES
    half = with_offpeak(PRICES, 0.5)
    # 0.5 x 1.32 + 0.5 x 0.66 = 0.99; 0.5 x 3.96 + 0.5 x 1.98 = 2.97; rows without an off-peak price unchanged
    assert half.loc[2, ["usd_per_mtok_input", "usd_per_mtok_output"]].round(6).tolist() == [0.99, 2.97]
    assert half.loc[0, "usd_per_mtok_input"] == 2.0
    with pytest.raises(ParameterError, match="from 0 to 1"):
        with_offpeak(PRICES, 1.5)


def test_prices_ending_within_90_days_are_marked():
    # from 2026-11-23: 2026-11-30 is 7 days on, 2026-12-31 38 days, 2027-03-01 98 days (outside)
    assert price_ends(PRICES, "2026-11-23").tolist() == ["2026-11-30", "2026-12-31", "", ""]


def test_the_budget_before_and_after_a_price_ends():
    costs = monthly_cost(PRICES, WORKLOAD)
    ahead = changes_ahead(costs, WORKLOAD, "2026-11-23")
    assert ahead["model_id"].tolist() == ["argon", "flash"]
    # Argon: 10 x 2.00 + 5 x 10.00 = 70.00 a month now, 10 x 4.00 + 5 x 20.00 = 140.00 after
    argon = ahead.iloc[0]
    assert (argon["usd_month"], argon["usd_month_after"]) == (pytest.approx(70.0), pytest.approx(140.0))
    assert math.isnan(ahead.iloc[1]["usd_month_after"])  # Flash: not announced


def test_the_off_peak_offer():
    offers = offpeak_offers(monthly_cost(PRICES, WORKLOAD), WORKLOAD)
    # DeepSeek-V4-Pro: 10 x 1.32 + 5 x 3.96 = 33.00 at peak; 10 x 0.66 + 5 x 1.98 = 16.50 wholly off-peak
    assert offers["model_id"].tolist() == ["v4-pro"]
    assert (offers.loc[0, "usd_month"], offers.loc[0, "usd_month_offpeak"]) == (pytest.approx(33.0), pytest.approx(16.5))


def test_the_report_prices_as_of_its_data_date_and_counts_off_peak_traffic():
    data = prepare(monthly_input_tokens=10_000_000, monthly_output_tokens=5_000_000,
                   models=["gemini-4-argon", "deepseek-v4-pro"])
    argon = data.costs[(data.costs["model_id"] == "gemini-4-argon") & (data.costs["provider"] == "gemini")].iloc[0]
    # data date 2026-11-23: the launch price holds (10 x 2.00 + 5 x 10.00 = 70.00) and ends 2026-11-30
    assert argon["usd_total"] == pytest.approx(70.0) and argon["price_ends"] == "2026-11-30"
    assert data.changes_ahead.set_index("model_id").loc["gemini-4-argon", "usd_month_after"] == pytest.approx(140.0)
    waiting = prepare(monthly_input_tokens=10_000_000, monthly_output_tokens=5_000_000,
                      models=["deepseek-v4-pro"], offpeak_share=1.0)
    own = waiting.costs[waiting.costs["provider"] == "deepseek"].iloc[0]
    assert own["usd_total"] == pytest.approx(16.5)  # all traffic off-peak: 10 x 0.66 + 5 x 1.98
