"""Prices over time (analysis/compute/trends.py): prices in force on a date, the cheapest price of
a fixed quality, the fitted decline and the commit-or-wait figures, on small hand-made histories."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.compute.trends import (MIN_POINTS, Decline, at_priced_providers, changed_models, cheapest_to_reach, commit_or_wait,
                                     first_and_now,
                                     fit_decline, month_ends, price_trends, prices_on, score_thresholds,
                                     widest_use_case)


def _history(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["model_id", "provider", "usd_per_mtok_input", "usd_per_mtok_output",
                                       "valid_from", "valid_to"])


#: model a: 10/40 until 2025-06-10, then 2/8 (the shape of o3's cut); b: 1/4 from 2025-03-01
HISTORY = _history([
    ("a", "openai", 10.0, 40.0, "2025-01-15", "2025-06-10"),
    ("a", "openai", 2.0, 8.0, "2025-06-10", ""),
    ("b", "openai", 1.0, 4.0, "2025-03-01", ""),
])
SCORES = pd.Series({"a": 80.0, "b": 60.0})


def test_a_price_holds_from_its_first_day_to_the_day_before_its_end():
    assert prices_on(HISTORY, "2025-06-09")["usd_per_mtok_input"].tolist() == [10.0, 1.0]
    assert prices_on(HISTORY, "2025-06-10")["usd_per_mtok_input"].tolist() == [2.0, 1.0]
    assert prices_on(HISTORY, "2025-01-14").empty
    open_start = _history([("c", "x", 1.0, 1.0, "", "2025-02-01")])
    assert len(prices_on(open_start, "2020-01-01")) == 1 and prices_on(open_start, "2025-02-01").empty


def test_month_ends_run_to_the_last_date():
    assert month_ends("2025-01-15", "2025-04-10") == ["2025-01-31", "2025-02-28", "2025-03-31", "2025-04-10"]
    assert month_ends("2025-01-01", "2025-02-28") == ["2025-01-31", "2025-02-28"]


def test_the_cheapest_price_of_a_quality_follows_the_cut():
    # blend 2:1 -> a before the cut: (2 x 10 + 40) / 3 = 20.00; after: (2 x 2 + 8) / 3 = 4.00; b: (2 + 4) / 3 = 2.00
    curve = cheapest_to_reach(HISTORY, SCORES, [70, 50], ["2025-02-01", "2025-07-01"], 2, 1)
    at70 = curve[curve["threshold"] == 70]
    assert at70["usd_blended"].round(6).tolist() == [20.0, 4.0]
    at50 = curve[curve["threshold"] == 50]
    # on 2025-02-01 b is not listed yet, so a (20.00) is the cheapest at 50; later b (2.00)
    assert at50["model_id"].tolist() == ["a", "b"] and at50["usd_blended"].round(6).tolist() == [20.0, 2.0]
    nobody = cheapest_to_reach(HISTORY, SCORES, [90], ["2025-07-01"], 2, 1)
    assert nobody["model_id"].isna().all() and nobody["usd_blended"].isna().all()


def test_a_tenfold_fall_a_year_is_a_factor_of_ten():
    # price 100 x 10^(-t) with t in years (whole days / 365.25) at four dates about half a year apart:
    # log10 falls exactly 1 a year -> factor 10, and the interval has no width
    dates = ["2024-01-01", "2024-07-01", "2025-01-01", "2025-07-01"]
    years = [(pd.Timestamp(x) - pd.Timestamp(dates[0])).days / 365.25 for x in dates]
    points = pd.DataFrame({"date": dates, "usd_blended": [100 * 10 ** -y for y in years]})
    decline = fit_decline(points)
    assert decline.points == MIN_POINTS and decline.factor_per_year == pytest.approx(10.0, rel=1e-9)
    assert decline.low == pytest.approx(10.0, rel=1e-6) and decline.high == pytest.approx(10.0, rel=1e-6)
    assert (decline.first, decline.last) == ("2024-01-01", "2025-07-01")


def test_a_noisy_fall_has_an_interval_around_its_factor():
    rng = np.random.default_rng(7)
    dates = [d.date().isoformat() for d in pd.date_range("2024-01-31", periods=24, freq="ME")]
    t = np.array([(pd.Timestamp(d) - pd.Timestamp(dates[0])).days / 365.25 for d in dates])
    prices = 50 * 4.0 ** -t * 10 ** rng.normal(0, 0.05, len(t))  # falls fourfold a year, with noise
    decline = fit_decline(pd.DataFrame({"date": dates, "usd_blended": prices}))
    assert decline.low < decline.factor_per_year < decline.high
    assert 3.0 < decline.factor_per_year < 5.5 and decline.low < 4.0 < decline.high


def test_too_few_points_give_no_fit():
    points = pd.DataFrame({"date": ["2025-01-31", "2025-02-28", "2025-03-31"], "usd_blended": [3.0, 2.0, float("nan")]})
    decline = fit_decline(points)
    assert decline.points == 2 and math.isnan(decline.factor_per_year)
    assert all(math.isnan(v) for v in decline.projected(10.0, 0.5))


def test_first_listing_and_now():
    table = first_and_now(HISTORY, ["a", "b", "c"], "2025-12-01", 2, 1)
    # a: first 2025-01-15 at 20.00, now 4.00 -> 4 / 20 - 1 = -0.80; b: 2.00 then and now -> 0; c: never listed
    assert table["model_id"].tolist() == ["a", "b"]
    assert table["first_listed"].tolist() == ["2025-01-15", "2025-03-01"]
    assert table["change_share"].round(6).tolist() == [-0.8, 0.0]


def test_commit_or_wait_a_year_back_and_half_a_year_ahead():
    curve = pd.DataFrame({"threshold": [70.0] * 3, "date": ["2024-11-30", "2025-06-30", "2025-12-01"],
                          "usd_blended": [20.0, 4.0, 4.0]})
    decline = Decline(factor_per_year=4.0, low=2.0, high=8.0, points=12, first="2024-11-30", last="2025-12-01")
    wait = commit_or_wait(curve, decline, tokens_per_month=15_000_000, today="2025-12-01")
    # a year back (2024-12-01): the 2024-11-30 point, 20.00 x 15 = 300.00 USD a month; today 4.00 x 15 = 60.00
    assert (wait.usd_then, wait.usd_now) == (pytest.approx(300.0), pytest.approx(60.0))
    # in 6 months at 4x a year: 60 / 4 ** 0.5 = 30.00; the interval: 60 / 8 ** 0.5 = 21.21 to 60 / 2 ** 0.5 = 42.43
    assert wait.usd_projected == pytest.approx(30.0)
    assert (round(wait.usd_projected_low, 2), round(wait.usd_projected_high, 2)) == (21.21, 42.43)


def test_thresholds_and_the_widest_use_case():
    # scores 50, 60, 70, 80, 90: quartiles 60, 70, 80 -> already multiples of 5
    assert score_thresholds(pd.Series([50.0, 60.0, 70.0, 80.0, 90.0])) == [60.0, 70.0, 80.0]
    # 61, 66, 79: quartiles 63.5, 66, 72.5 -> 60, 65, 70
    assert score_thresholds(pd.Series([61.0, 66.0, 79.0, float("nan")])) == [60.0, 65.0, 70.0]
    assert score_thresholds(pd.Series([float("nan")])) == []
    scores = pd.DataFrame({"model_id": ["a", "b", "a", "b", "c"], "use_case": ["coding"] * 2 + ["general"] * 3,
                           "score": [1.0, 2.0, 3.0, 4.0, float("nan")]})
    assert widest_use_case(scores) == "coding"  # 2 scored models each: the first by name


def test_price_trends_puts_the_pieces_together():
    scores = pd.DataFrame({"model_id": ["a", "b"], "use_case": ["general", "general"], "score": [80.0, 60.0]})
    trends = price_trends(HISTORY, scores, ["a", "b"], "2025-12-01", (2, 1), 15_000_000)
    assert trends.use_case == "general" and trends.first == "2025-01-15"
    # thresholds from the scores 60 and 80: quartiles 65, 70, 75 -> 65, 70, 75 (only a reaches them)
    assert sorted(set(trends.curves["threshold"])) == [65.0, 70.0, 75.0]
    # month ends 2025-01-31 ... 2025-11-30 and 2025-12-01: 12 points per threshold
    assert len(trends.curves) == 3 * 12 and (trends.declines["points"] == 12).all()
    assert trends.steps["model_id"].tolist() == ["a", "b"]
    # a: 20.00 at the month ends to 2025-05-31, 4.00 from 2025-06-30 (its cut on 2025-06-10); b: 2.00 from March
    a = trends.per_model[trends.per_model["model_id"] == "a"]
    assert a["usd_blended"].round(6).tolist() == [20.0] * 5 + [4.0] * 7
    assert changed_models(trends.per_model) == ["a"]
    # a year back from 2025-12-01: 2024-12-01 precedes the history -> no figure, not a guess
    assert trends.waits["usd_then"].isna().all() and trends.waits["usd_now"].round(2).tolist() == [60.0] * 3


def test_the_history_follows_the_provider_the_report_prices_each_model_at():
    both = pd.concat([HISTORY, _history([("a", "azure", 9.0, 9.0, "2025-01-01", "")])], ignore_index=True)
    kept = at_priced_providers(both, pd.DataFrame({"model_id": ["a"], "provider": ["openai"]}))
    # a at openai only (its two periods); a at azure and b are not the report's priced rows
    assert kept[["model_id", "provider"]].values.tolist() == [["a", "openai"], ["a", "openai"]]
