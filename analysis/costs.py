"""Budget impact of a monthly workload, priced for every row of a price table at once.

Prices are USD per 1,000,000 tokens (``usd_per_mtok_*``); token counts are per month; results
are USD per month. Missing prices stay NaN: a row without a listed price has no cost, not 0.

Billing rules (each is how the providers' own price pages define them):
- cached input tokens are a *part of* the input tokens: they are billed at the cached rate
  instead of the base rate, not on top (OpenAI "Prompt caching" guide; Anthropic "Prompt
  caching" pricing). Where a provider lists no cached rate, cached tokens pay the base rate.
- reasoning ("thinking") tokens are billed as output tokens (OpenAI reasoning guide; DeepSeek
  pricing page), so they belong in ``output_tokens``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.errors import ParameterError

TOKENS_PER_MTOK = 1_000_000

COST_COLUMNS = ["usd_input", "usd_cached_input", "usd_output", "usd_total"]


@dataclass(frozen=True)
class Workload:
    """A monthly workload in tokens. ``cached_input_tokens`` is a part of ``input_tokens``."""

    input_tokens: int
    output_tokens: int
    cached_input_tokens: int = 0

    def __post_init__(self) -> None:
        for name in ("input_tokens", "output_tokens", "cached_input_tokens"):
            value = getattr(self, name)
            if value is None or not np.isfinite(value) or value < 0:
                raise ParameterError(f"workload {name} must be a non-negative number, got {value!r}")
        if self.cached_input_tokens > self.input_tokens:
            raise ParameterError(
                "workload cached_input_tokens "
                f"({self.cached_input_tokens}) cannot exceed input_tokens ({self.input_tokens}): "
                "cached tokens are a part of the input"
            )

    @property
    def uncached_input_tokens(self) -> int:
        return self.input_tokens - self.cached_input_tokens


def monthly_cost(prices: pd.DataFrame, workload: Workload) -> pd.DataFrame:
    """Return ``prices`` with USD-per-month columns ``usd_input`` (uncached input),
    ``usd_cached_input``, ``usd_output`` and ``usd_total`` added.

    ``usd = tokens / 1e6 * usd_per_mtok``; vectorised over all rows. A NaN input or output
    price gives a NaN total; a NaN cached rate falls back to the base input rate.
    """
    out = prices.copy()
    m_uncached = workload.uncached_input_tokens / TOKENS_PER_MTOK
    m_cached = workload.cached_input_tokens / TOKENS_PER_MTOK
    m_output = workload.output_tokens / TOKENS_PER_MTOK
    base_in = out["usd_per_mtok_input"].astype(float)
    cached_rate = (
        out["usd_per_mtok_cached_input"].astype(float)
        if "usd_per_mtok_cached_input" in out
        else pd.Series(np.nan, index=out.index)
    )
    cached_rate = cached_rate.fillna(base_in)
    out["usd_input"] = m_uncached * base_in
    out["usd_cached_input"] = m_cached * cached_rate if m_cached else 0.0 * base_in
    out["usd_output"] = m_output * out["usd_per_mtok_output"].astype(float)
    # sum with NaN propagation: a missing input or output price means no total
    out["usd_total"] = out["usd_input"] + out["usd_cached_input"] + out["usd_output"]
    return out


def cheapest_per_model(costs: pd.DataFrame) -> pd.DataFrame:
    """One row per ``model_id``: the provider with the lowest ``usd_total`` (ties: provider
    name order). Models with no priced provider keep one row with NaN cost."""
    ordered = costs.sort_values(["model_id", "usd_total", "provider"], na_position="last", kind="mergesort")
    return ordered.drop_duplicates("model_id", keep="first").reset_index(drop=True)


def blended_usd_per_mtok(prices: pd.DataFrame, input_parts: float = 3.0, output_parts: float = 1.0) -> pd.Series:
    """Blended price in USD per 1M tokens: ``(in*p_in + out*p_out) / (in + out)``.

    The default 3:1 input:output blend is Artificial Analysis's convention.
    """
    if input_parts < 0 or output_parts < 0 or input_parts + output_parts == 0:
        raise ParameterError("blend ratio parts must be non-negative and not both 0")
    return (
        input_parts * prices["usd_per_mtok_input"].astype(float)
        + output_parts * prices["usd_per_mtok_output"].astype(float)
    ) / (input_parts + output_parts)
