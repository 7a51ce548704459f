"""Dated prices and time-of-day prices (pure compute, no text).

A price row may hold only for a time (``valid_from`` .. ``valid_until``, inclusive, ISO dates) and
name the price that follows (``usd_per_mtok_*_after``, USD per 1M tokens; empty: not announced).
It may also have an off-peak price (``usd_per_mtok_*_offpeak``) for the provider's off-peak hours.

- :func:`prices_as_of` prices every row as of a date: a window that has ended gives way to the
  price after it (missing when none is announced: the row is then unpriced, never priced at the
  old figure); a window that has not begun leaves the row unpriced.
- :func:`with_offpeak` blends peak and off-peak prices for the share of traffic that can wait
  for off-peak hours (0: the peak price, as every other row).
- :func:`price_ends` gives the end date of each row's price when it falls within
  :data:`PRICE_ENDS_HORIZON_DAYS` of a date, and :func:`changes_ahead` what the workload costs
  before and after.
"""

from __future__ import annotations

import pandas as pd

from analysis.compute.costs import Workload, monthly_cost
from analysis.core.errors import ParameterError

#: a price that ends within this many days of the data date is marked wherever it is shown
PRICE_ENDS_HORIZON_DAYS = 90
PRICE_PARTS = ("usd_per_mtok_input", "usd_per_mtok_output", "usd_per_mtok_cached_input")


def iso_dates(values: pd.Series) -> pd.Series:
    """ISO dates (YYYY-MM-DD) as timestamps; an empty or missing date is NaT."""
    return pd.to_datetime(values.fillna("").replace("", None), format="%Y-%m-%d")


def _dates(prices: pd.DataFrame, column: str) -> pd.Series:
    return iso_dates(prices[column] if column in prices else pd.Series("", index=prices.index))


def _after(prices: pd.DataFrame, part: str) -> pd.Series:
    column = f"{part}_after"
    return prices[column].astype(float) if column in prices else pd.Series(float("nan"), index=prices.index)


def prices_as_of(prices: pd.DataFrame, as_of: str) -> pd.DataFrame:
    """``prices`` with each row's price as of ``as_of`` (ISO date); rows without a window, or
    inside theirs, are returned as they are."""
    day = pd.Timestamp(as_of)
    ended = (_dates(prices, "valid_until") < day).to_numpy()
    not_begun = (_dates(prices, "valid_from") > day).to_numpy()
    if not (ended.any() or not_begun.any()):
        return prices
    out = prices.copy()
    for part in PRICE_PARTS:
        out[part] = out[part].astype(float).where(~ended, _after(prices, part)).where(~not_begun)
    return out


def with_offpeak(prices: pd.DataFrame, offpeak_share: float) -> pd.DataFrame:
    """Prices for traffic of which ``offpeak_share`` (0 to 1) runs in off-peak hours: on rows with
    an off-peak price, ``(1 - share) x peak + share x off-peak``; other rows unchanged."""
    if not 0 <= offpeak_share <= 1:
        raise ParameterError(f"the off-peak share must be from 0 to 1, not {offpeak_share!r}")
    if offpeak_share == 0 or "usd_per_mtok_input_offpeak" not in prices:
        return prices
    out = prices.copy()
    for part in PRICE_PARTS:
        offpeak = prices[f"{part}_offpeak"].astype(float)
        peak = prices[part].astype(float)
        out[part] = peak.where(offpeak.isna(), (1 - offpeak_share) * peak + offpeak_share * offpeak)
    return out


def price_ends(prices: pd.DataFrame, as_of: str, horizon_days: int = PRICE_ENDS_HORIZON_DAYS) -> pd.Series:
    """Per row, its ``valid_until`` (ISO) when it is from ``as_of`` to ``horizon_days`` later, else ""."""
    day = pd.Timestamp(as_of)
    until = _dates(prices, "valid_until")
    soon = (until >= day) & (until <= day + pd.Timedelta(days=horizon_days))
    text = prices["valid_until"].fillna("") if "valid_until" in prices else pd.Series("", index=prices.index)
    return text.where(soon.to_numpy(), "")


def changes_ahead(costs: pd.DataFrame, workload: Workload, as_of: str,
                  horizon_days: int = PRICE_ENDS_HORIZON_DAYS) -> pd.DataFrame:
    """The rows of ``costs`` (priced, with ``usd_total``) whose price ends within the horizon:
    model_id, provider, valid_until, the prices after (USD per 1M tokens; NaN: not announced) and
    the monthly cost of ``workload`` now and after (USD)."""
    ends = price_ends(costs, as_of, horizon_days)
    rows = costs[(ends != "").to_numpy()]
    if rows.empty:
        return pd.DataFrame(columns=["model_id", "provider", "valid_until", "usd_per_mtok_input_after",
                                     "usd_per_mtok_output_after", "usd_month", "usd_month_after"])
    after = rows.copy()
    for part in PRICE_PARTS:
        after[part] = _after(rows, part)
    after_cost = monthly_cost(after, workload)["usd_total"]
    return pd.DataFrame({
        "model_id": rows["model_id"].to_numpy(), "provider": rows["provider"].to_numpy(),
        "valid_until": rows["valid_until"].to_numpy(),
        "usd_per_mtok_input_after": _after(rows, "usd_per_mtok_input").to_numpy(),
        "usd_per_mtok_output_after": _after(rows, "usd_per_mtok_output").to_numpy(),
        "usd_month": rows["usd_total"].to_numpy(), "usd_month_after": after_cost.to_numpy(),
    }).sort_values(["valid_until", "model_id", "provider"]).reset_index(drop=True)


def offpeak_offers(costs: pd.DataFrame, workload: Workload) -> pd.DataFrame:
    """The rows of ``costs`` with an off-peak price: model_id, provider, the off-peak prices (USD per
    1M tokens) and the monthly cost of ``workload`` at peak and wholly off-peak (USD)."""
    if "usd_per_mtok_input_offpeak" not in costs:
        return pd.DataFrame(columns=["model_id", "provider", "usd_month", "usd_month_offpeak"])
    rows = costs[costs["usd_per_mtok_input_offpeak"].notna()]
    offpeak = monthly_cost(with_offpeak(rows, 1.0), workload)["usd_total"]
    return pd.DataFrame({"model_id": rows["model_id"].to_numpy(), "provider": rows["provider"].to_numpy(),
                         "usd_per_mtok_input_offpeak": rows["usd_per_mtok_input_offpeak"].to_numpy(),
                         "usd_per_mtok_output_offpeak": rows["usd_per_mtok_output_offpeak"].to_numpy(),
                         "usd_month": rows["usd_total"].to_numpy(), "usd_month_offpeak": offpeak.to_numpy(),
                         }).sort_values(["model_id", "provider"]).reset_index(drop=True)
