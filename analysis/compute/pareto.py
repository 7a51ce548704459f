"""Pareto fronts: which models no other model beats on every objective at once.

Definitions (vectorised with numpy; n points, d objectives, each ``"min"`` or ``"max"``):

- *j dominates i* when j is at least as good as i on every objective and strictly better on at
  least one. Ties on one objective are therefore decided by the others.
- *Exact duplicates* (equal on every objective) do not dominate each other: if one is on the front
  both are (neither is strictly better), and both are reported. This is deliberate: the data
  cannot tell them apart, so dropping one would be an arbitrary choice.
- A point with NaN in any objective is *excluded* (not dominated, not on the front) and listed
  with the objective that is missing; missing is not the worst value.
- For every dominated point one dominating model is named: the front member that dominates it and
  is nearest in objective space (each objective min-max scaled to 0-1 over the compared points);
  ties go to the first id in sorted order. Outputs are sorted by id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pandas as pd

from analysis.compute.costs import blended_usd_per_mtok
from analysis.core.errors import ParameterError

SENSES = ("min", "max")


def oriented(values: np.ndarray, senses: list[str] | tuple[str, ...]) -> np.ndarray:
    """Values turned so that larger is better on every objective (``min`` columns negated)."""
    sign = np.array([1.0 if s == "max" else -1.0 for s in senses])
    return np.asarray(values, dtype=float) * sign


def dominance(better: np.ndarray) -> np.ndarray:
    """``D[..., j, i]`` is True when point j dominates point i; ``better`` (..., n, d) is
    oriented larger-is-better (see :func:`oriented`). Leading dimensions are batches (draws).
    Memory is n x n per batch: for the front alone use :func:`non_dominated`."""
    a = better[..., :, None, :]          # j
    b = better[..., None, :, :]          # i
    return np.all(a >= b, axis=-1) & np.any(a > b, axis=-1)


def _dominated_by(better: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``D[k, i]``: point ``rows[k]`` dominates point i (``better`` (n, d), oriented); the rows of
    :func:`dominance` for ``rows`` only, built one objective at a time (no reduce over d)."""
    ge = gt = None
    for o in range(better.shape[-1]):
        column = better[:, o]
        mine = column[rows][:, None]
        ge = mine >= column if ge is None else ge & (mine >= column)
        gt = mine > column if gt is None else gt | (mine > column)
    return ge & gt


def _dominated_loop(better: np.ndarray) -> np.ndarray:
    """Mask (..., n) of dominated points, one dominating candidate j at a time: O(n^2) compares
    but only (batch, n) memory, laid out point-major so every compare is one contiguous sweep."""
    by_point = np.ascontiguousarray(np.moveaxis(better, (-1, -2), (0, 1)))     # (d, n, ...)
    dominated = np.zeros(by_point.shape[1:], dtype=bool)
    ge, gt, tmp = (np.empty(by_point.shape[1:], dtype=bool) for _ in range(3))
    for j in range(by_point.shape[1]):
        np.greater_equal(by_point[0, j], by_point[0], out=ge)
        np.greater(by_point[0, j], by_point[0], out=gt)
        for o in range(1, by_point.shape[0]):
            ge &= np.greater_equal(by_point[o, j], by_point[o], out=tmp)
            gt |= np.greater(by_point[o, j], by_point[o], out=tmp)
        dominated |= np.logical_and(ge, gt, out=ge)
    return np.moveaxis(dominated, 0, -1)


def _dominated_sorted_2d(better: np.ndarray) -> np.ndarray:
    """Mask (..., n) of dominated points for two objectives without NaN, O(n log n) per batch.

    Sorted by (first, second) descending, j dominates i exactly when j comes before the run of
    i's exact duplicates and its second objective is >= i's: so i is dominated when the running
    maximum of the second objective before that run reaches i's value."""
    first, second = better[..., 0], better[..., 1]
    order = np.lexsort((-second, -first), axis=-1)
    a, b = np.take_along_axis(first, order, -1), np.take_along_axis(second, order, -1)
    same = np.zeros(a.shape, dtype=bool)
    same[..., 1:] = (a[..., 1:] == a[..., :-1]) & (b[..., 1:] == b[..., :-1])
    start = np.maximum.accumulate(np.where(same, 0, np.arange(a.shape[-1])), axis=-1)   # run start
    before = np.empty_like(b)
    before[..., :1] = -np.inf
    np.maximum.accumulate(b[..., :-1], axis=-1, out=before[..., 1:])
    hit = (start > 0) & (np.take_along_axis(before, start, -1) >= b)
    out = np.empty(a.shape, dtype=bool)
    np.put_along_axis(out, order, hit, -1)
    return out


def non_dominated(values: np.ndarray, senses: list[str] | tuple[str, ...]) -> np.ndarray:
    """Boolean mask (..., n) of the points no other point dominates (the same as
    ``~dominance(oriented(values, senses)).any(axis=-2)``, without the n x n array). NaN rows
    must be removed first (a comparison with NaN is False, so a NaN row would look non-dominated)."""
    better = oriented(values, senses)
    if better.shape[-2] == 0:
        return np.ones(better.shape[:-1], dtype=bool)
    if better.shape[-1] == 2 and not np.isnan(better).any() and (better.ndim == 2 or better.shape[-2] > 64):
        return ~_dominated_sorted_2d(better)
    return ~_dominated_loop(better)


@dataclass(frozen=True)
class ParetoResult:
    """``points``: one row per id (all columns of the input) with ``on_front`` (bool), ``excluded`` (bool)
    and ``missing`` (name of the first NaN objective, else ``""``). ``dominated``: one row per
    dominated id with ``dominated_by`` (a front member) and both points' objectives."""

    points: pd.DataFrame
    dominated: pd.DataFrame
    objectives: dict[str, str]
    id_column: str = "model_id"

    @property
    def front(self) -> pd.DataFrame:
        """Front members, sorted by the first objective (best first), then id."""
        first, sense = next(iter(self.objectives.items()))
        rows = self.points[self.points["on_front"]]
        return rows.sort_values([first, self.id_column], ascending=[sense == "min", True],
                                kind="mergesort").reset_index(drop=True)

    @property
    def excluded(self) -> pd.DataFrame:
        return self.points[self.points["excluded"]].reset_index(drop=True)


def pareto(frame: pd.DataFrame, objectives: Mapping[str, str], id_column: str = "model_id") -> ParetoResult:
    """Pareto analysis of ``frame`` over ``objectives`` (``{column: "min" | "max"}``)."""
    if not objectives:
        raise ParameterError("pareto needs at least one objective")
    bad = {c: s for c, s in objectives.items() if s not in SENSES}
    if bad:
        raise ParameterError(f"objective sense must be 'min' or 'max', got {bad}")
    missing_cols = [c for c in [id_column, *objectives] if c not in frame]
    if missing_cols:
        raise ParameterError(f"pareto: frame lacks column(s) {missing_cols}")
    if frame[id_column].duplicated().any():
        raise ParameterError(f"pareto: duplicate {id_column} {frame[id_column][frame[id_column].duplicated()].iloc[0]!r}")
    columns, senses = list(objectives), list(objectives.values())
    points = frame.sort_values(id_column, kind="mergesort").reset_index(drop=True)
    values = points[columns].to_numpy(dtype=float)
    nan = np.isnan(values)
    excluded = nan.any(axis=1)
    points["missing"] = np.where(excluded, np.array(columns, dtype=object)[nan.argmax(axis=1)], "").tolist()
    points["excluded"] = excluded
    keep = np.flatnonzero(~excluded)
    better = oriented(values[keep], senses)
    front = non_dominated(values[keep], senses)
    on_front = np.zeros(len(points), dtype=bool)
    on_front[keep] = front
    points["on_front"] = on_front
    dominated = _dominators(points, values, keep, better, front, columns, id_column)
    return ParetoResult(points=points, dominated=dominated, objectives=dict(objectives), id_column=id_column)


def _dominators(points: pd.DataFrame, values: np.ndarray, keep: np.ndarray, better: np.ndarray,
                front: np.ndarray, columns: list[str], id_column: str) -> pd.DataFrame:
    """For each dominated kept point: the nearest dominating front member (ties: first id).
    ``better``: the kept points oriented; ``front``: their front mask. Only front rows are compared
    (front x kept), so memory and time grow with the front, not with n x n."""
    out_columns = [id_column, *columns, "dominated_by", *(f"{c}_dominating" for c in columns)]
    if len(keep) == 0:
        return pd.DataFrame(columns=out_columns)
    kept = values[keep]
    low, span = kept.min(axis=0), kept.max(axis=0) - kept.min(axis=0)
    scaled = (kept - low) / np.where(span > 0, span, 1.0)
    members = np.flatnonzero(front)                                                   # ascending ids
    candidates = _dominated_by(better, members)                                       # [k, i]
    distance = np.sqrt(((scaled[members][:, None, :] - scaled[None, :, :]) ** 2).sum(axis=-1))
    distance = np.where(candidates, distance, np.inf)
    victims = np.flatnonzero(candidates.any(axis=0))
    winners = members[np.argmin(distance[:, victims], axis=0)]   # argmin: the first (lowest id) on ties
    rows = points.iloc[keep[victims]][[id_column, *columns]].reset_index(drop=True)
    winner_rows = points.iloc[keep[winners]][[id_column, *columns]].reset_index(drop=True)
    rows["dominated_by"] = winner_rows[id_column]
    for column in columns:
        rows[f"{column}_dominating"] = winner_rows[column]
    return rows


# --- quality against price --------------------------------------------------------------------
def cheapest_blended(prices: pd.DataFrame, input_parts: float = 3.0, output_parts: float = 1.0) -> pd.DataFrame:
    """One row per model: ``provider`` and ``usd_per_mtok_blended`` (USD per 1M tokens,
    ``input_parts:output_parts`` blend) of its cheapest provider at that blend; NaN (and provider
    ``""``) if no provider lists both prices. Ties: provider name order."""
    frame = prices[["model_id", "provider"]].copy()
    frame["usd_per_mtok_blended"] = blended_usd_per_mtok(prices, input_parts, output_parts).to_numpy()
    frame = frame.sort_values(["model_id", "usd_per_mtok_blended", "provider"], na_position="last", kind="mergesort")
    best = frame.drop_duplicates("model_id").reset_index(drop=True)
    best.loc[best["usd_per_mtok_blended"].isna(), "provider"] = ""
    return best


def quality_price_points(scores: pd.DataFrame, prices: pd.DataFrame, input_parts: float = 3.0,
                         output_parts: float = 1.0) -> pd.DataFrame:
    """``scores`` (``model_id, use_case, score``) joined with each model's cheapest blended price:
    ``model_id, use_case, score, usd_per_mtok_blended, provider``. Every scored model is kept,
    also without a price (NaN), so that the exclusion is reported, not silent."""
    best = cheapest_blended(prices, input_parts, output_parts)
    out = scores[["model_id", "use_case", "score"]].merge(best, on="model_id", how="left")
    out["provider"] = out["provider"].fillna("")
    order = {case: i for i, case in enumerate(dict.fromkeys(scores["use_case"]))}
    out["_case"] = out["use_case"].map(order)
    return (out.sort_values(["_case", "model_id"], kind="mergesort").drop(columns="_case")
            .reset_index(drop=True))


def quality_price_fronts(scores: pd.DataFrame, prices: pd.DataFrame, input_parts: float = 3.0,
                         output_parts: float = 1.0) -> dict[str, ParetoResult]:
    """Per use case (in the order of ``scores``): the Pareto front of score (max) against blended
    price (min) over the models of ``scores``."""
    points = quality_price_points(scores, prices, input_parts, output_parts)
    return {case: pareto(group.drop(columns="use_case").reset_index(drop=True),
                         {"score": "max", "usd_per_mtok_blended": "min"})
            for case, group in points.groupby("use_case", sort=False)}


#: a model must score this many points more to be worth a tenfold price (see :func:`value`)
POINTS_PER_TENFOLD_PRICE = 10.0


def value(score, usd_per_mtok, points_per_tenfold_price: float = POINTS_PER_TENFOLD_PRICE):
    """Value of a model for the money: ``score - points_per_tenfold_price * log10(price)``
    (score 0-100 points, price USD per 1M blended tokens; arrays broadcast; NaN stays NaN).

    Why not score per dollar: ``score / price`` grows without bound as the price falls, so the
    cheapest model wins whatever its quality. This utility says instead that a tenfold price is
    worth ``points_per_tenfold_price`` points (default 10): 0 ranks by score alone, a large value
    ranks by price alone. Used for every "top pick" (recommendations, router, Monte Carlo)."""
    if not np.isfinite(points_per_tenfold_price) or points_per_tenfold_price < 0:
        raise ParameterError("points_per_tenfold_price must be a non-negative number")
    price = np.asarray(usd_per_mtok, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.log10(np.where(price > 0, price, np.nan))
    return np.asarray(score, dtype=float) - points_per_tenfold_price * logs
