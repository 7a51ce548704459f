"""Top picks per use case, with their rationale as data (no text: the narrative words it).

Ranking: :func:`analysis.compute.pareto.value` (score minus 10 points per tenfold blended price, the
model priced at its cheapest provider), highest first; ties by score, then model id. Only models
with a score for the use case and a listed price are ranked.

Rationale columns: the price and its provider, the score and its coverage, the context window the
chosen provider serves, whether the model is on the score/price Pareto front and (if a Monte
Carlo result is passed) how often it is the top pick. Limits are codes, one row each:

- ``text_only``: no image input (``models.input_modalities``);
- ``reasoning_tokens``: hidden thinking tokens are billed as output (cost per task rises);
- ``provider_context_below_model``: the cheapest provider serves less context than the model has;
- ``provider_context_unknown``: the cheapest provider lists no context window;
- ``single_provider``: only one provider lists a price (no fallback, no price competition);
- ``closed_weights``: cannot be self-hosted;
- ``partial_coverage``: the score rests on categories carrying less than all of the weight.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.compute.montecarlo import MonteCarloResult
from analysis.compute.pareto import POINTS_PER_TENFOLD_PRICE, cheapest_blended, quality_price_fronts, value
from analysis.core.errors import ParameterError

LIMITS = ["text_only", "reasoning_tokens", "provider_context_below_model", "provider_context_unknown",
          "single_provider", "closed_weights", "partial_coverage"]


@dataclass(frozen=True)
class Recommendations:
    """``top``: ``use_case, rank, model_id`` and the rationale columns (module docstring);
    ``limits``: ``use_case, model_id, limit`` (codes of :data:`LIMITS`); ``best_for``:
    ``model_id, use_case, rank`` for every recommended model, best ranks first."""

    top: pd.DataFrame
    limits: pd.DataFrame
    best_for: pd.DataFrame

    def for_use_case(self, use_case: str) -> pd.DataFrame:
        return self.top[self.top["use_case"] == use_case].reset_index(drop=True)


def model_facts(prices: pd.DataFrame, models: pd.DataFrame, input_parts: float = 3.0,
                output_parts: float = 1.0) -> pd.DataFrame:
    """Per model: cheapest blended price and provider, ``providers`` (priced), the provider's
    and the model's context window (tokens), modalities, open weights, reasoning flag."""
    best = cheapest_blended(prices, input_parts, output_parts)
    served = prices[["model_id", "provider", "context_window_tokens"]].rename(
        columns={"context_window_tokens": "provider_context_tokens"})
    best = best.merge(served, on=["model_id", "provider"], how="left")
    priced = prices.dropna(subset=["usd_per_mtok_input", "usd_per_mtok_output"]).groupby("model_id").size()
    facts = models[["model_id", "context_window_tokens", "input_modalities", "open_weights", "reasoning_model"]].rename(
        columns={"context_window_tokens": "model_context_tokens"})
    out = facts.merge(best, on="model_id", how="left")
    out["providers"] = priced.reindex(out["model_id"]).fillna(0).astype(int).to_numpy()
    for column in ("model_context_tokens", "provider_context_tokens"):
        out[column] = out[column].astype("Float64").astype(float)
    for column in ("open_weights", "reasoning_model"):
        out[column] = out[column].fillna(False).astype(bool)
    out["provider"] = out["provider"].fillna("")
    out["image_input"] = out["input_modalities"].str.split("+").apply(lambda parts: "image" in parts)
    return out.sort_values("model_id", kind="mergesort").reset_index(drop=True)


def rank_by_value(scores: pd.DataFrame, facts: pd.DataFrame,
                  points_per_tenfold_price: float = POINTS_PER_TENFOLD_PRICE) -> pd.DataFrame:
    """``scores`` (tidy, from :func:`analysis.compute.scores.use_case_scores`) joined with ``facts`` and
    ranked per use case by value; unranked (no score or no price) rows are dropped."""
    frame = scores.merge(facts, on="model_id", how="inner")
    frame = frame.dropna(subset=["score", "usd_per_mtok_blended"]).copy()
    frame["value"] = value(frame["score"], frame["usd_per_mtok_blended"], points_per_tenfold_price)
    order = {name: i for i, name in enumerate(dict.fromkeys(scores["use_case"]))}
    frame["_case"] = frame["use_case"].map(order)
    frame = frame.sort_values(["_case", "value", "score", "model_id"], ascending=[True, False, False, True],
                              kind="mergesort").drop(columns="_case")
    frame["rank"] = frame.groupby("use_case", sort=False).cumcount() + 1
    return frame.reset_index(drop=True)


def _limits(top: pd.DataFrame) -> pd.DataFrame:
    flags = {
        "text_only": ~top["image_input"],
        "reasoning_tokens": top["reasoning_model"],
        "provider_context_below_model": top["provider_context_tokens"] < top["model_context_tokens"],
        "provider_context_unknown": top["provider_context_tokens"].isna(),
        "single_provider": top["providers"] == 1,
        "closed_weights": ~top["open_weights"],
        "partial_coverage": top["coverage"] < 1 - 1e-9,
    }
    rows = [top.loc[mask.fillna(False).astype(bool), ["use_case", "model_id"]].assign(limit=code)
            for code, mask in flags.items()]
    out = pd.concat(rows, ignore_index=True)
    out["_order"] = out["limit"].map({code: i for i, code in enumerate(LIMITS)})
    keys = top[["use_case", "model_id"]].reset_index().rename(columns={"index": "_row"})
    out = out.merge(keys, on=["use_case", "model_id"]).sort_values(["_row", "_order"], kind="mergesort")
    return out[["use_case", "model_id", "limit"]].reset_index(drop=True)


def recommend(scores: pd.DataFrame, prices: pd.DataFrame, models: pd.DataFrame, *, top_n: int = 3,
              input_parts: float = 3.0, output_parts: float = 1.0,
              points_per_tenfold_price: float = POINTS_PER_TENFOLD_PRICE,
              monte_carlo: MonteCarloResult | pd.DataFrame | None = None) -> Recommendations:
    """The ``top_n`` models per use case by value, with rationale and limits (module docstring).
    ``monte_carlo``: a :class:`~analysis.compute.montecarlo.MonteCarloResult` (or its summary) adds
    ``p_top`` and ``p_front``; without it these columns are NaN."""
    if int(top_n) < 1:
        raise ParameterError("top_n must be at least 1")
    facts = model_facts(prices, models, input_parts, output_parts)
    ranked = rank_by_value(scores, facts, points_per_tenfold_price)
    fronts = quality_price_fronts(scores, prices, input_parts, output_parts)
    on_front = pd.concat([r.points[["model_id", "on_front"]].assign(use_case=case) for case, r in fronts.items()])
    top = ranked[ranked["rank"] <= int(top_n)].merge(on_front, on=["use_case", "model_id"], how="left")
    summary = monte_carlo.summary if isinstance(monte_carlo, MonteCarloResult) else monte_carlo
    if summary is not None:
        top = top.merge(summary[["use_case", "model_id", "p_top", "p_front"]], on=["use_case", "model_id"], how="left")
    else:
        top = top.assign(p_top=np.nan, p_front=np.nan)
    top["context_window_tokens"] = top["provider_context_tokens"].fillna(top["model_context_tokens"])
    columns = ["use_case", "rank", "model_id", "score", "coverage", "value", "usd_per_mtok_blended", "provider",
               "providers", "context_window_tokens", "provider_context_tokens", "model_context_tokens",
               "input_modalities", "image_input", "open_weights", "reasoning_model", "on_front", "p_top", "p_front"]
    top = top[columns].reset_index(drop=True)
    best_for = (top[["model_id", "use_case", "rank"]].sort_values(["model_id", "rank"], kind="mergesort")
                .reset_index(drop=True))
    return Recommendations(top=top, limits=_limits(top), best_for=best_for)
