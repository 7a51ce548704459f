"""Budget impact of a monthly workload, priced for every row of a price table at once.

Prices are USD per 1,000,000 tokens (``usd_per_mtok_*``); token counts are per month; results
are USD per month. Missing prices stay NaN: a row without a listed price has no cost, not 0.

Billing rules (each is how the providers' own price pages define them):
- cached input tokens are a *part of* the input tokens: they are billed at the cached rate
  instead of the base rate, not on top (OpenAI "Prompt caching" guide; Anthropic "Prompt
  caching" pricing). Where a provider lists no cached rate, cached tokens pay the base rate.
- reasoning ("thinking") tokens are billed as output tokens (OpenAI reasoning guide; DeepSeek
  pricing page), so they belong in ``output_tokens``.
- long-context tiers: once a request's input exceeds a row's ``tier_threshold_tokens``, ALL the
  tokens of that request (input, cached input and output) are billed at the tier rates, not
  only the tokens above the threshold. This is LiteLLM's reading (``_get_token_base_cost`` in
  ``litellm/litellm_core_utils/llm_cost_calc/utils.py``: "If input_tokens > threshold ... use the
  corresponding threshold cost for all token types"; ``select_tier_for_input`` for Dashscope's
  ``tiered_pricing``: "every token in the request (input and output) is billed at that one tier's
  rate") and the price pages it cites (Google Gemini pricing "prompts > 200k tokens"; Anthropic
  long-context pricing). The comparison is strict (input > threshold). A workload gives only
  monthly totals, so with ``Workload.monthly_requests`` every request is taken to have the average
  prompt (``input_tokens / monthly_requests``): either all requests cross the threshold or none.
  A tier rate not listed (NaN) falls back to the base rate, as in LiteLLM. Without
  ``monthly_requests`` no tier applies.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.core.errors import ParameterError

TOKENS_PER_MTOK = 1_000_000

COST_COLUMNS = ["usd_input", "usd_cached_input", "usd_output", "usd_total"]


@dataclass(frozen=True)
class Workload:
    """A monthly workload in tokens. ``cached_input_tokens`` is a part of ``input_tokens``.
    ``monthly_requests`` (optional) gives the average prompt length, for long-context tiers."""

    input_tokens: int
    output_tokens: int
    cached_input_tokens: int = 0
    monthly_requests: int | None = None

    def __post_init__(self) -> None:
        for name in ("input_tokens", "output_tokens", "cached_input_tokens"):
            value = getattr(self, name)
            if value is None or not np.isfinite(value) or value < 0:
                raise ParameterError(f"workload {name} must be a non-negative number, got {value!r}")
        requests = self.monthly_requests
        if requests is not None and (isinstance(requests, bool) or not np.isfinite(requests) or requests <= 0):
            raise ParameterError(f"workload monthly_requests must be a positive number, got {requests!r}")
        if self.cached_input_tokens > self.input_tokens:
            raise ParameterError(
                "workload cached_input_tokens "
                f"({self.cached_input_tokens}) cannot exceed input_tokens ({self.input_tokens}): "
                "cached tokens are a part of the input"
            )

    @property
    def uncached_input_tokens(self) -> int:
        return self.input_tokens - self.cached_input_tokens

    @property
    def prompt_tokens_per_request(self) -> float | None:
        """Average input tokens per request (None without ``monthly_requests``)."""
        return None if self.monthly_requests is None else self.input_tokens / self.monthly_requests


TIER_RATES = {"usd_per_mtok_input": "usd_per_mtok_input_tier", "usd_per_mtok_output": "usd_per_mtok_output_tier",
              "usd_per_mtok_cached_input": "usd_per_mtok_cached_input_tier"}


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name].astype(float) if name in frame else pd.Series(np.nan, index=frame.index)


def applicable_tier(prices: pd.DataFrame, tiers: pd.DataFrame, prompt_tokens: float) -> pd.DataFrame:
    """``prices`` with its tier columns (``tier_threshold_tokens``, ``usd_per_mtok_*_tier``) set to
    the highest tier of ``tiers`` (long table, one row per model_id, provider, catalog_key and
    threshold; see :mod:`analysis.inputs.importers`) whose threshold ``prompt_tokens`` (tokens per
    request) exceeds; rows with no such tier keep their own (lowest) tier, which then does not
    apply either."""
    keys = [k for k in ("model_id", "provider", "catalog_key") if k in prices and k in tiers]
    reached = tiers[tiers["tier_threshold_tokens"] < prompt_tokens]
    highest = (reached.sort_values([*keys, "tier_threshold_tokens"], kind="mergesort")
               .drop_duplicates(keys, keep="last")
               .set_index(keys)[["tier_threshold_tokens", *TIER_RATES.values()]])
    chosen = highest.reindex(pd.MultiIndex.from_frame(prices[keys]))
    found = chosen["tier_threshold_tokens"].notna().to_numpy()
    out = prices.copy()
    for column in chosen.columns:
        mine = out[column] if column in out else pd.Series(np.nan, index=out.index)
        out[column] = mine.where(~found, chosen[column].to_numpy())
    return out


def monthly_cost(prices: pd.DataFrame, workload: Workload, tiers: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return ``prices`` with USD-per-month columns ``usd_input`` (uncached input),
    ``usd_cached_input``, ``usd_output`` and ``usd_total`` added (and ``tier_applied``, bool, when
    ``prices`` has a ``tier_threshold_tokens`` column).

    ``usd = tokens / 1e6 * usd_per_mtok``; vectorised over all rows. A NaN input or output
    price gives a NaN total; a NaN cached rate falls back to the base input rate. With
    ``workload.monthly_requests``, rows whose ``tier_threshold_tokens`` the average prompt exceeds
    are billed at their tier rates (module docstring); pass the importer's ``tiers`` table to
    choose among several tiers (otherwise the row's own, lowest, tier is used).
    """
    prompt = workload.prompt_tokens_per_request
    out = prices if tiers is None or prompt is None else applicable_tier(prices, tiers, prompt)
    out = out.copy()
    m_uncached = workload.uncached_input_tokens / TOKENS_PER_MTOK
    m_cached = workload.cached_input_tokens / TOKENS_PER_MTOK
    m_output = workload.output_tokens / TOKENS_PER_MTOK
    threshold = _column(out, "tier_threshold_tokens")
    applied = threshold < prompt if prompt is not None else pd.Series(False, index=out.index)
    if "tier_threshold_tokens" in out:
        out["tier_applied"] = applied
    rates = {}
    for base, tier in TIER_RATES.items():
        own = _column(out, base) if base == "usd_per_mtok_cached_input" else out[base].astype(float)
        rates[base] = own.where(~applied, _column(out, tier).fillna(own))
        if base != "usd_per_mtok_cached_input":  # no base price listed: not priced, tier or not
            rates[base] = rates[base].where(own.notna())
    base_in = rates["usd_per_mtok_input"]
    cached_rate = rates["usd_per_mtok_cached_input"].fillna(base_in)
    out["usd_input"] = m_uncached * base_in
    out["usd_cached_input"] = m_cached * cached_rate if m_cached else 0.0 * base_in
    out["usd_output"] = m_output * rates["usd_per_mtok_output"]
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


def spread_per_model(costs: pd.DataFrame) -> pd.DataFrame:
    """Per ``model_id``: ``priced_providers`` (rows with a ``usd_total``), ``usd_total_min``,
    ``usd_total_max`` (USD per month), ``max_to_min_ratio`` (NaN unless min > 0) and the
    ``cheapest_provider`` / ``dearest_provider`` (ties broken by provider name). Sorted by
    model_id; a model without a priced provider has 0 and NaN."""
    priced = costs[costs["usd_total"].notna()].sort_values(["model_id", "usd_total", "provider"], kind="mergesort")
    groups = priced.groupby("model_id", sort=True)
    spread = pd.DataFrame({
        "priced_providers": groups.size(),
        "usd_total_min": groups["usd_total"].min(),
        "usd_total_max": groups["usd_total"].max(),
        "cheapest_provider": groups["provider"].first(),
        "dearest_provider": priced.drop_duplicates("model_id", keep="last").set_index("model_id")["provider"],
    })
    models = pd.Index(sorted(costs["model_id"].unique()), name="model_id")
    spread = spread.reindex(models)
    spread["priced_providers"] = spread["priced_providers"].fillna(0).astype(int)
    spread["max_to_min_ratio"] = spread["usd_total_max"] / spread["usd_total_min"].where(spread["usd_total_min"] > 0)
    columns = ["priced_providers", "usd_total_min", "usd_total_max", "max_to_min_ratio", "cheapest_provider",
               "dearest_provider"]
    return spread[columns].reset_index()


def blend_shares(blend: tuple[float, float]) -> tuple[float, float]:
    """Input:output parts as shares of the tokens (fractions that sum to 1): (2, 1) -> (2/3, 1/3)."""
    total = blend[0] + blend[1]
    return blend[0] / total, blend[1] / total


def workload_blend(workload: Workload) -> tuple[float, float]:
    """The workload's own input:output parts, scaled so the smaller non-zero part is 1 (10M in, 5M
    out -> (2.0, 1.0); 1M in, 0 out -> (1.0, 0.0)); (3, 1) for an empty workload. Blending prices
    this way makes the value ranking agree with the monthly cost."""
    parts = (float(workload.input_tokens), float(workload.output_tokens))
    positive = [p for p in parts if p > 0]
    if not positive:
        return (3.0, 1.0)
    return (parts[0] / min(positive), parts[1] / min(positive))
