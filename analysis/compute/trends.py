"""Prices over time: what a model cost when, the cheapest price of a fixed quality month by month,
its fitted decline per year, and what waiting would save (pure compute, no text).

Input: a price history (one row per catalogue key and price period: ``model_id``, ``provider``,
``usd_per_mtok_input``, ``usd_per_mtok_output`` in USD per 1M tokens, ``valid_from`` and
``valid_to`` as ISO dates, ``valid_to`` empty while the price holds) and today's use-case scores
(0-100). A model's score is taken as constant over time, as Epoch AI's price-of-capability
studies do: what falls is the price of reaching that score.

The decline is fitted by least squares on log10(price) against years, so a factor of 10 a year
means the price falls tenfold each year; its interval is the t-interval of the slope. Fewer than
:data:`MIN_POINTS` months give no fit (NaN), never a guess. Projections carry that interval and
are projections, not prices.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from analysis.compute.costs import blended_usd_per_mtok
from analysis.compute.windows import iso_dates

#: the fewest monthly points a decline is fitted on
MIN_POINTS = 4
#: the interval of a fitted decline (two-sided)
DECLINE_CONFIDENCE = 0.9
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class Decline:
    """A fitted price decline: the price is divided by ``factor_per_year`` each year
    (``low``..``high`` at :data:`DECLINE_CONFIDENCE`); NaN when there are too few points."""

    factor_per_year: float
    low: float
    high: float
    points: int
    first: str  #: ISO date of the first point
    last: str   #: ISO date of the last point

    def projected(self, price: float, years: float) -> tuple[float, float, float]:
        """``(central, low, high)`` price after ``years`` at this decline (low: the fastest fall)."""
        if not np.isfinite(self.factor_per_year):
            return (float("nan"),) * 3
        return (price / self.factor_per_year ** years, price / self.high ** years, price / self.low ** years)


def prices_on(history: pd.DataFrame, date: str) -> pd.DataFrame:
    """The history rows whose price holds on ``date`` (ISO): ``valid_from <= date < valid_to``
    (an empty ``valid_from``: since before the history starts; an empty ``valid_to``: still)."""
    day = pd.Timestamp(date)
    start, end = iso_dates(history["valid_from"]), iso_dates(history["valid_to"])
    held = (start.isna() | (start <= day)) & (end.isna() | (end > day))
    return history[held.to_numpy()].reset_index(drop=True)


def month_ends(first: str, last: str) -> list[str]:
    """The last day of every month from ``first`` to ``last`` (ISO dates), and ``last`` itself."""
    ends = pd.date_range(pd.Timestamp(first), pd.Timestamp(last), freq="ME")
    days = [d.date().isoformat() for d in ends]
    return days if days and days[-1] == last else days + [last]


def cheapest_to_reach(history: pd.DataFrame, scores: pd.Series, thresholds: Sequence[float], dates: Sequence[str],
                      input_parts: float, output_parts: float) -> pd.DataFrame:
    """Per threshold and date, the cheapest blended price (USD per 1M tokens) among the rows of
    models whose score (``scores``: model_id -> 0-100) reaches the threshold. Columns:
    threshold, date, model_id, provider, usd_blended; a date with no such model has NaN."""
    rows = []
    for date in dates:
        listed = prices_on(history, date)
        listed = listed.assign(score=listed["model_id"].map(scores),
                               usd_blended=blended_usd_per_mtok(listed, input_parts, output_parts))
        for threshold in thresholds:
            able = listed[(listed["score"] >= threshold) & listed["usd_blended"].notna()]
            if able.empty:
                rows.append({"threshold": float(threshold), "date": date, "model_id": None, "provider": None,
                             "usd_blended": float("nan")})
                continue
            best = able.sort_values(["usd_blended", "model_id", "provider"]).iloc[0]
            rows.append({"threshold": float(threshold), "date": date, "model_id": best["model_id"],
                         "provider": best["provider"], "usd_blended": float(best["usd_blended"])})
    return pd.DataFrame(rows, columns=["threshold", "date", "model_id", "provider", "usd_blended"])


def fit_decline(points: pd.DataFrame, confidence: float = DECLINE_CONFIDENCE) -> Decline:
    """Fit ``log10(usd_blended) = a + b * years`` over ``points`` (columns date, usd_blended; NaN
    and non-positive prices left out): the decline factor per year is ``10 ** -b``."""
    valid = points[points["usd_blended"].gt(0)].sort_values("date")
    n = len(valid)
    if n < MIN_POINTS:
        first = valid["date"].iloc[0] if n else ""
        last = valid["date"].iloc[-1] if n else ""
        return Decline(float("nan"), float("nan"), float("nan"), n, first, last)
    days = (pd.to_datetime(valid["date"]) - pd.Timestamp(valid["date"].iloc[0])).dt.days.to_numpy(dtype=float)
    years = days / DAYS_PER_YEAR
    logs = np.log10(valid["usd_blended"].to_numpy(dtype=float))
    fit = stats.linregress(years, logs)
    if fit.stderr == 0 or not np.isfinite(fit.stderr):
        spread = 0.0
    else:
        spread = stats.t.ppf(0.5 + confidence / 2, n - 2) * fit.stderr
    slope = float(fit.slope)
    return Decline(factor_per_year=10 ** -slope, low=10 ** -(slope + spread), high=10 ** -(slope - spread),
                   points=n, first=valid["date"].iloc[0], last=valid["date"].iloc[-1])


def first_and_now(history: pd.DataFrame, model_ids: Sequence[str], today: str, input_parts: float,
                  output_parts: float) -> pd.DataFrame:
    """Per model: the date it was first listed, its cheapest blended price (USD per 1M tokens) on
    that date and today, and the change as a share (-0.5: half the price). Columns: model_id,
    first_listed, usd_first, usd_now, change_share; models never listed are left out."""
    frame = history[history["model_id"].isin(model_ids)]
    rows = []
    for model_id, own in frame.groupby("model_id", sort=True):
        first = own["valid_from"].min()
        then = prices_on(own, first)
        now = prices_on(own, today)
        usd_first = float(blended_usd_per_mtok(then, input_parts, output_parts).min())
        usd_now = float(blended_usd_per_mtok(now, input_parts, output_parts).min()) if len(now) else float("nan")
        rows.append({"model_id": model_id, "first_listed": first, "usd_first": usd_first, "usd_now": usd_now,
                     "change_share": round(usd_now / usd_first - 1, 4) + 0.0 if usd_first > 0 else float("nan")})
    return pd.DataFrame(rows, columns=["model_id", "first_listed", "usd_first", "usd_now", "change_share"])


@dataclass(frozen=True)
class CommitOrWait:
    """For one quality threshold and a monthly workload of ``tokens_per_month`` (blended at the
    report's ratio): the monthly cost a year ago, today, and projected ``months_ahead`` on (USD)."""

    threshold: float
    usd_then: float
    usd_now: float
    usd_projected: float
    usd_projected_low: float
    usd_projected_high: float
    months_ahead: int


def commit_or_wait(curve: pd.DataFrame, decline: Decline, tokens_per_month: float, today: str,
                   months_back: int = 12, months_ahead: int = 6) -> CommitOrWait:
    """What the cheapest model at ``curve``'s threshold (one threshold of :func:`cheapest_to_reach`)
    cost ``months_back`` months before ``today``, costs today and is projected to cost, for
    ``tokens_per_month`` tokens at the blended price (USD per month = blended x tokens / 1e6)."""
    series = curve.dropna(subset=["usd_blended"]).sort_values("date")
    back = (pd.Timestamp(today) - pd.DateOffset(months=months_back)).date().isoformat()
    earlier = series[series["date"] <= back]
    per_month = tokens_per_month / 1e6
    then = float(earlier["usd_blended"].iloc[-1]) * per_month if len(earlier) else float("nan")
    current = series[series["date"] <= today]
    now = float(current["usd_blended"].iloc[-1]) * per_month if len(current) else float("nan")
    central, low, high = decline.projected(now, months_ahead / 12)
    return CommitOrWait(threshold=float(curve["threshold"].iloc[0]) if len(curve) else float("nan"),
                        usd_then=then, usd_now=now, usd_projected=central, usd_projected_low=low,
                        usd_projected_high=high, months_ahead=months_ahead)


#: quantiles of today's scores that set the fixed-score thresholds (rounded down to whole 5 points)
THRESHOLD_QUANTILES = (0.25, 0.5, 0.75)


def score_thresholds(scores: pd.Series, quantiles: Sequence[float] = THRESHOLD_QUANTILES) -> list[float]:
    """Fixed scores to follow over time: the given quantiles of ``scores`` (0-100), each rounded
    down to a multiple of 5, without repeats, in ascending order."""
    valid = scores.dropna()
    if valid.empty:
        return []
    return sorted({float(np.floor(valid.quantile(q) / 5) * 5) for q in quantiles})


def widest_use_case(scores: pd.DataFrame) -> str | None:
    """The use case with the most scored models (ties: the first by name); None when nothing is scored."""
    counts = scores.dropna(subset=["score"]).groupby("use_case")["model_id"].nunique()
    if counts.empty:
        return None
    return str(counts.sort_index().idxmax())


def at_priced_providers(history: pd.DataFrame, priced: pd.DataFrame) -> pd.DataFrame:
    """The history rows of each model at the provider the report prices it at (``priced``:
    model_id, provider), so "today" in the history is the report's own figure, not another host's."""
    pairs = set(zip(priced["model_id"], priced["provider"]))
    keep = [pair in pairs for pair in zip(history["model_id"], history["provider"])]
    return history[keep].reset_index(drop=True)


def cheapest_per_model_over_time(history: pd.DataFrame, model_ids: Sequence[str], dates: Sequence[str],
                                 input_parts: float, output_parts: float) -> pd.DataFrame:
    """Per model and date, its cheapest blended price (USD per 1M tokens) over the rows in force
    that day. Columns: model_id, date, usd_blended; dates a model is not listed on are left out."""
    frames = []
    own = history[history["model_id"].isin(model_ids)]
    for date in dates:
        listed = prices_on(own, date)
        if listed.empty:
            continue
        listed = listed.assign(usd_blended=blended_usd_per_mtok(listed, input_parts, output_parts), date=date)
        frames.append(listed.groupby("model_id", as_index=False).agg(date=("date", "first"),
                                                                     usd_blended=("usd_blended", "min")))
    if not frames:
        return pd.DataFrame(columns=["model_id", "date", "usd_blended"])
    return pd.concat(frames, ignore_index=True).sort_values(["model_id", "date"]).reset_index(drop=True)


def changed_models(per_model: pd.DataFrame) -> list[str]:
    """The models whose cheapest blended price took more than one value over time, sorted."""
    counts = per_model.dropna(subset=["usd_blended"]).groupby("model_id")["usd_blended"].nunique()
    return sorted(counts[counts > 1].index)


@dataclass(frozen=True)
class PriceTrends:
    """Everything the "Prices over time" section shows, for one use case's scores."""

    use_case: str | None
    first: str                 #: first and last date of the history (ISO)
    last: str
    steps: pd.DataFrame        #: first_and_now() of the lineup
    per_model: pd.DataFrame    #: cheapest_per_model_over_time() of the lineup, at month ends
    curves: pd.DataFrame       #: cheapest_to_reach() per threshold and month end
    declines: pd.DataFrame     #: per threshold: factor_per_year, low, high, points, first, last
    waits: pd.DataFrame        #: per threshold: the CommitOrWait fields


def price_trends(history: pd.DataFrame, scores: pd.DataFrame, model_ids: Sequence[str], today: str,
                 blend: tuple[float, float], tokens_per_month: float) -> PriceTrends:
    """The section's tables from a price history of the lineup (``model_id`` set), today's
    use-case scores (``scores``: model_id, use_case, score) and the report's blend and workload."""
    listed = history[history["model_id"].isin(model_ids)]
    first = str(listed["valid_from"].min()) if len(listed) else today
    case = widest_use_case(scores[scores["model_id"].isin(model_ids)])
    own = scores[scores["use_case"] == case].set_index("model_id")["score"] if case else pd.Series(dtype=float)
    thresholds = score_thresholds(own)
    dates = month_ends(first, today)
    curves = cheapest_to_reach(listed, own, thresholds, dates, *blend)
    declines, waits = [], []
    for threshold, curve in curves.groupby("threshold", sort=True):
        decline = fit_decline(curve)
        declines.append({"threshold": threshold, **{k: getattr(decline, k) for k in
                                                    ("factor_per_year", "low", "high", "points", "first", "last")}})
        waits.append(vars(commit_or_wait(curve, decline, tokens_per_month, today)))
    return PriceTrends(use_case=case, first=first, last=today,
                       steps=first_and_now(listed, model_ids, today, *blend),
                       per_model=cheapest_per_model_over_time(listed, model_ids, dates, *blend), curves=curves,
                       declines=pd.DataFrame(declines, columns=["threshold", "factor_per_year", "low", "high",
                                                                "points", "first", "last"]),
                       waits=pd.DataFrame(waits))
