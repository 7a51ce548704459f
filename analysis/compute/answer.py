"""The answer a reader came for, per use case (pure compute, no text).

Four roles per use case, all from one ranking (:func:`analysis.compute.recommend.rank_by_value`, the same
rule as the recommendations, the router and the Monte Carlo):

- ``best_value``: rank 1 by value (score minus ``points_per_tenfold_price`` points per tenfold
  blended price, the model priced at its cheapest provider);
- ``runner_up``: rank 2;
- ``best_quality``: the highest score among ranked (scored and priced) models, whatever the price;
  ties to the better value;
- ``cheapest_acceptable``: the cheapest ranked model whose score is *acceptable*: at most
  :data:`ACCEPTABLE_GAP_POINTS` below the best score of the use case (the same number of points
  the value rule trades for a tenfold price); ties to the higher score.

Each row carries the model, its cheapest provider, score, value, blended price (USD per 1M
tokens), the monthly cost of the workload at that provider (USD per month), whether that price
is verified (NA when the price table carries no verification) and the date it ends when that is
within 90 days of the data date (``price_ends``, else "").
"""

from __future__ import annotations

import pandas as pd

from analysis.compute.pareto import POINTS_PER_TENFOLD_PRICE
from analysis.compute.recommend import model_facts, rank_by_value

#: a score this many points below the use case's best is still "acceptable"
ACCEPTABLE_GAP_POINTS = POINTS_PER_TENFOLD_PRICE
ROLES = ["best_value", "runner_up", "best_quality", "cheapest_acceptable"]
COLUMNS = ["use_case", "role", "model_id", "provider", "score", "value", "usd_per_mtok_blended", "usd_month",
           "verified", "price_ends", "acceptable_min_score"]


def answers(scores: pd.DataFrame, prices: pd.DataFrame, models: pd.DataFrame, costs: pd.DataFrame, *,
            input_parts: float, output_parts: float,
            points_per_tenfold_price: float = POINTS_PER_TENFOLD_PRICE,
            acceptable_gap_points: float = ACCEPTABLE_GAP_POINTS) -> pd.DataFrame:
    """One row per (use case, role) with :data:`COLUMNS`; a role no model fills is left out.

    ``scores``: tidy use-case scores; ``prices``: the price table the ranking uses; ``costs``:
    ``model_id, provider, usd_total`` (USD per month for the workload)."""
    facts = model_facts(prices, models, input_parts, output_parts)
    ranked = rank_by_value(scores, facts, points_per_tenfold_price)
    monthly = costs.set_index(["model_id", "provider"])["usd_total"]
    verified = (costs.set_index(["model_id", "provider"])["verified"] if "verified" in costs
                else pd.Series(pd.NA, index=monthly.index, dtype="boolean"))
    ends = (costs.set_index(["model_id", "provider"])["price_ends"] if "price_ends" in costs
            else pd.Series("", index=monthly.index))
    rows = []
    for case, group in ranked.groupby("use_case", sort=False):
        group = group.reset_index(drop=True)          # ranked: value desc, score desc, id
        best_score = group["score"].max()
        floor = best_score - acceptable_gap_points
        picks = {"best_value": group.iloc[0], "runner_up": group.iloc[1] if len(group) > 1 else None,
                 "best_quality": group.sort_values(["score", "rank"], ascending=[False, True], kind="mergesort").iloc[0]}
        acceptable = group[group["score"] >= floor - 1e-9]
        picks["cheapest_acceptable"] = acceptable.sort_values(
            ["usd_per_mtok_blended", "score", "model_id"], ascending=[True, False, True], kind="mergesort").iloc[0]
        for role in ROLES:
            r = picks[role]
            if r is None:
                continue
            rows.append({"use_case": case, "role": role, "model_id": r["model_id"], "provider": r["provider"],
                         "score": r["score"], "value": r["value"], "usd_per_mtok_blended": r["usd_per_mtok_blended"],
                         "usd_month": monthly.get((r["model_id"], r["provider"]), float("nan")),
                         "verified": verified.get((r["model_id"], r["provider"]), pd.NA),
                         "price_ends": ends.get((r["model_id"], r["provider"]), ""),
                         "acceptable_min_score": floor})
    return pd.DataFrame(rows, columns=COLUMNS)
