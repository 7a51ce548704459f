"""Uncertainty of the top pick: Monte Carlo over prices and scores, and over use-case weights.

Pure compute; the random generator is passed in (``numpy.random.default_rng(seed)``), so equal
seeds give equal tables. Everything is vectorised over draws (no Python loop over draws).

Assumptions (each a parameter):

- **Prices**: the ranking (:mod:`analysis.compute.recommend`) prices every model at its cheapest
  provider's blended price (USD per 1M tokens, 3:1 input:output by default); the draws are centred
  on exactly that price: ``price x 10**N(0, price_sd_log10)`` (log-normal, median = the ranked
  price; default 0.1, i.e. one standard deviation is a factor of about 1.26 up or down: list
  prices change, and a buyer may end up at another provider). With both spreads 0 every draw
  equals the ranking's inputs, so the Monte Carlo returns the recommended pick with probability 1.
  The summary also keeps the range over listed providers (``usd_per_mtok_low`` / ``_high``).
- **Scores**: every reported benchmark score gets independent normal noise with a standard
  deviation of ``score_sd_points`` (default 2 percentage points; reported scores move by about
  that much across harnesses, prompts and sampling seeds), clipped to 0-100, then aggregated
  exactly as :mod:`analysis.compute.scores` does (the coverage rule does not change with the draws).
- **Top pick**: the eligible model (a score for the use case and a price) with the highest
  :func:`analysis.compute.pareto.value` (score minus ``points_per_tenfold_price`` x log10 price); ties go
  to the higher score, then the first model id: the same order as the recommendations. Top-pick
  probabilities of the eligible models sum to 1 per use case; ineligible models get NaN (not
  assessed), not 0. :func:`confidence` turns a probability into a word with one threshold,
  :data:`ROBUST_P_TOP`.
- **Front**: the probability that a model is on the score/price Pareto front of its draw.
- **Weights**: :func:`weight_dirichlet` draws each use case's weights from a Dirichlet
  distribution centred on them (``alpha = concentration x weights``, categories with weight 0 stay
  0); :func:`weight_sweep` moves one category's weight from 0 to 1, the others scaled in proportion.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from analysis.compute.costs import blended_usd_per_mtok
from analysis.compute.pareto import POINTS_PER_TENFOLD_PRICE, cheapest_blended, non_dominated, value
from analysis.compute.scores import CATEGORIES, UseCases, aggregate, category_design
from analysis.core.errors import ParameterError

DEFAULT_DRAWS = 10_000
SCORE_SD_POINTS = 2.0
#: standard deviation of log10(price) in the draws (0.1: a factor of about 1.26)
PRICE_SD_LOG10 = 0.1
#: a top pick that wins at least this share of the draws is called robust, else contested; the
#: share is compared as the report shows it (rounded to whole percent), so 79.6% reads "80%", robust
ROBUST_P_TOP = 0.8
#: the sections list the models on the Pareto front in at least this share of the draws
FRONT_OFTEN = 0.9
#: the front chart's caption names the models on the front in at least this share of the draws
FRONT_STEADY = 0.95


def confidence(p_top: float) -> str:
    """``"robust"`` when ``p_top`` (0-1, rounded to whole percent) is at least
    :data:`ROBUST_P_TOP`, ``"contested"`` below it, ``""`` when not assessed (NaN)."""
    if p_top is None or not np.isfinite(p_top):
        return ""
    return "robust" if round(float(p_top), 2) >= ROBUST_P_TOP else "contested"


@dataclass(frozen=True)
class MonteCarloResult:
    """``summary``: one row per (use case, model): ``eligible``, ``p_top``, ``p_front`` (0-1, NaN
    if not eligible), ``score_base`` / ``score_mean`` / ``score_p05`` / ``score_p95`` (points) and
    ``usd_per_mtok_low`` / ``_high`` (the price range drawn from)."""

    summary: pd.DataFrame
    n_draws: int
    score_sd_points: float
    price_sd_log10: float
    points_per_tenfold_price: float


def _check_rng(rng) -> None:
    if not isinstance(rng, np.random.Generator):
        raise ParameterError("pass a seeded numpy.random.Generator (numpy.random.default_rng(seed))")


def price_ranges(prices: pd.DataFrame, model_ids: Sequence[str], input_parts: float = 3.0,
                 output_parts: float = 1.0) -> pd.DataFrame:
    """``model_id, usd_per_mtok_low, usd_per_mtok_high, providers`` over the priced providers of
    each model (blended price); NaN and 0 providers if none."""
    blended = prices[["model_id"]].assign(usd=blended_usd_per_mtok(prices, input_parts, output_parts).to_numpy())
    grouped = blended.dropna().groupby("model_id")["usd"]
    out = pd.DataFrame({"usd_per_mtok_low": grouped.min(), "usd_per_mtok_high": grouped.max(),
                        "providers": grouped.count()}).reindex(list(model_ids))
    out["providers"] = out["providers"].fillna(0).astype(int)
    return out.rename_axis("model_id").reset_index()


def draw_prices(centre: np.ndarray, n_draws: int, rng: np.random.Generator,
                sd_log10: float = PRICE_SD_LOG10) -> np.ndarray:
    """(n_draws, models) prices ``centre * 10**N(0, sd_log10)``: log-normal with median ``centre``
    (USD per 1M tokens); ``sd_log10 = 0`` returns ``centre`` in every draw; NaN stays NaN."""
    if not np.isfinite(sd_log10) or sd_log10 < 0:
        raise ParameterError("price_sd_log10 must be a non-negative number")
    noise = rng.standard_normal((int(n_draws), len(centre))) * sd_log10
    return np.asarray(centre, dtype=float)[None, :] * 10.0 ** noise


def top_pick(utility: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Index of the top pick per row of ``utility`` (draws, models): the highest value, ties to
    the higher score, then the first column (models are sorted by id), as the ranking does."""
    best = utility.max(axis=1, keepdims=True)
    tied_score = np.where(utility == best, score, -np.inf)
    return np.argmax(tied_score, axis=1)


def monte_carlo(benchmarks: pd.DataFrame, prices: pd.DataFrame, use_cases: UseCases, rng: np.random.Generator,
                model_ids: Sequence[str] | None = None, n_draws: int = DEFAULT_DRAWS,
                score_sd_points: float = SCORE_SD_POINTS, price_sd_log10: float = PRICE_SD_LOG10,
                input_parts: float = 3.0, output_parts: float = 1.0,
                points_per_tenfold_price: float = POINTS_PER_TENFOLD_PRICE, method: str = "percent",
                models: pd.DataFrame | None = None) -> MonteCarloResult:
    """Probability per use case that each model is the top pick and that it is on the Pareto
    front, under price and score uncertainty (module docstring). ``model_ids`` default: every
    model of ``benchmarks``; ``models`` (models.csv rows) applies the use cases' requirements."""
    _check_rng(rng)
    if int(n_draws) < 1 or score_sd_points < 0:
        raise ParameterError("n_draws must be >= 1 and score_sd_points >= 0")
    n = int(n_draws)
    design = category_design(benchmarks, model_ids, method)
    ids = design.model_ids
    ranges = price_ranges(prices, ids, input_parts, output_parts)
    low, high = ranges["usd_per_mtok_low"].to_numpy(float), ranges["usd_per_mtok_high"].to_numpy(float)
    ranked = cheapest_blended(prices, input_parts, output_parts).set_index("model_id")["usd_per_mtok_blended"]
    centre = ranked.reindex(ids).to_numpy(float)
    drawn = rng.standard_normal((n, len(design.scores)))                                   # (n, rows)
    drawn *= score_sd_points * design.points_scale
    drawn += design.scores
    np.clip(drawn, 0.0, 100.0, out=drawn)
    weights = use_cases.matrix()
    allowed = use_cases.allowed(models, ids)
    score = np.where(allowed, design.use_case_draws(drawn, weights, use_cases.min_coverage), np.nan)   # (n, M, U)
    base = np.where(allowed, aggregate(design.categories(), weights, use_cases.min_coverage)[0], np.nan)
    price = draw_prices(centre, n, rng, price_sd_log10)                                       # (n, M)
    by_case = np.ascontiguousarray(score.transpose(2, 1, 0))   # (U, M, n): rows of draws, for the percentiles
    frames = []
    for u, case in enumerate(use_cases.names):
        eligible = ~np.isnan(base[:, u]) & ~np.isnan(centre)
        p_top, p_front = np.full(len(ids), np.nan), np.full(len(ids), np.nan)
        idx = np.flatnonzero(eligible)
        if len(idx):
            case_score, case_price = score[:, idx, u], price[:, idx]                       # (n, eligible)
            utility = value(case_score, case_price, points_per_tenfold_price)
            p_top[idx] = np.bincount(top_pick(utility, case_score), minlength=len(idx)) / n
            p_front[idx] = non_dominated(np.stack([case_score, case_price], axis=-1), ("max", "min")).mean(axis=0)
        has = ~np.isnan(base[:, u])            # the NaN pattern of the draws is the base one
        stats = np.full((3, len(ids)), np.nan)
        if n and has.any():
            stats[0, has] = score[:, has, u].mean(axis=0)
            stats[1:, has] = np.percentile(by_case[u, has], [5, 95], axis=1)
        frames.append(pd.DataFrame({
            "use_case": case, "model_id": ids, "eligible": eligible, "p_top": p_top, "p_front": p_front,
            "score_base": base[:, u], "score_mean": stats[0], "score_p05": stats[1], "score_p95": stats[2],
            "usd_per_mtok_ranked": centre, "usd_per_mtok_low": low, "usd_per_mtok_high": high,
        }))
    summary = _sort_by_case(pd.concat(frames, ignore_index=True), use_cases.names, "p_top")
    return MonteCarloResult(summary=summary, n_draws=n, score_sd_points=float(score_sd_points),
                            price_sd_log10=float(price_sd_log10), points_per_tenfold_price=float(points_per_tenfold_price))


def _sort_by_case(frame: pd.DataFrame, names: list[str], by: str) -> pd.DataFrame:
    order = {name: i for i, name in enumerate(names)}
    keyed = frame.assign(_case=frame["use_case"].map(order), _neg=-frame[by])
    return (keyed.sort_values(["_case", "_neg", "model_id"], na_position="last", kind="mergesort")
            .drop(columns=["_case", "_neg"]).reset_index(drop=True))


def _base_inputs(benchmarks, prices, use_cases, models, model_ids, input_parts, output_parts, method):
    """Model ids, category scores (M, C), cheapest blended prices (M,) and the requirement mask
    (M, U); a model that fails a use case's requirements is priced NaN for that use case."""
    design = category_design(benchmarks, model_ids, method)
    best = cheapest_blended(prices, input_parts, output_parts).set_index("model_id")
    price = best["usd_per_mtok_blended"].reindex(design.model_ids).to_numpy(float)
    return design.model_ids, design.categories(), price, use_cases.allowed(models, design.model_ids)


def _winners(categories: np.ndarray, weights: np.ndarray, min_coverage: float, price: np.ndarray,
             points_per_tenfold_price: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Top pick per weight row: ``(index or -1 if none eligible, its value, its score)``;
    ``weights`` (k, categories), ``categories`` (models, categories)."""
    score, _ = aggregate(categories, weights[:, None, :], min_coverage)     # (k, M, 1)
    utility = value(score[..., 0], price[None, :], points_per_tenfold_price)
    filled = np.where(np.isnan(utility), -np.inf, utility)
    winner = np.argmax(filled, axis=1)
    rows = np.arange(len(weights))
    best = filled[rows, winner]
    ok = np.isfinite(best)
    return np.where(ok, winner, -1), np.where(ok, best, np.nan), np.where(ok, score[rows, winner, 0], np.nan)


def weight_dirichlet(benchmarks: pd.DataFrame, prices: pd.DataFrame, use_cases: UseCases, rng: np.random.Generator,
                     model_ids: Sequence[str] | None = None, n_draws: int = 2_000, concentration: float = 20.0,
                     input_parts: float = 3.0, output_parts: float = 1.0,
                     points_per_tenfold_price: float = POINTS_PER_TENFOLD_PRICE, method: str = "percent",
                     models: pd.DataFrame | None = None) -> pd.DataFrame:
    """``use_case, model_id, p_top, n_valid``: how often each model is the top pick when the
    use case's weights are drawn from ``Dirichlet(concentration x weights)`` (base prices and
    scores). ``n_valid``: draws with at least one eligible model (the base of ``p_top``). Models
    never on top get 0 (they were assessed); sorted by use case, then ``p_top`` descending."""
    _check_rng(rng)
    if concentration <= 0 or int(n_draws) < 1:
        raise ParameterError("concentration must be > 0 and n_draws >= 1")
    ids, categories, price, allowed = _base_inputs(benchmarks, prices, use_cases, models, model_ids, input_parts,
                                                   output_parts, method)
    frames = []
    for u, (case, weights) in enumerate(zip(use_cases.names, use_cases.matrix())):
        used = weights > 0
        draws = np.zeros((int(n_draws), len(CATEGORIES)))
        draws[:, used] = rng.dirichlet(concentration * weights[used], size=int(n_draws))
        winner, _, _ = _winners(categories, draws, use_cases.min_coverage, np.where(allowed[:, u], price, np.nan),
                                points_per_tenfold_price)
        valid = winner >= 0
        counts = np.bincount(winner[valid], minlength=len(ids))
        frames.append(pd.DataFrame({"use_case": case, "model_id": ids,
                                    "p_top": counts / valid.sum() if valid.any() else np.nan,
                                    "n_valid": int(valid.sum())}))
    return _sort_by_case(pd.concat(frames, ignore_index=True), use_cases.names, "p_top")


def weight_sweep(benchmarks: pd.DataFrame, prices: pd.DataFrame, use_cases: UseCases,
                 model_ids: Sequence[str] | None = None, steps: int = 11, input_parts: float = 3.0,
                 output_parts: float = 1.0, points_per_tenfold_price: float = POINTS_PER_TENFOLD_PRICE,
                 method: str = "percent", models: pd.DataFrame | None = None) -> pd.DataFrame:
    """One-at-a-time sweep: ``use_case, category, weight, top_model, top_value, top_score`` for the
    weight of each used category from 0 to 1 (``steps`` points plus the chosen weight) with the other used categories
    scaled to share ``1 - weight`` in their original proportions. Use cases with a single category
    are skipped. ``top_model`` is ``""`` where no model is eligible."""
    if int(steps) < 2:
        raise ParameterError("steps must be >= 2")
    ids, categories, price, allowed = _base_inputs(benchmarks, prices, use_cases, models, model_ids, input_parts,
                                                   output_parts, method)
    grid = np.linspace(0.0, 1.0, int(steps))
    frames = []
    for u, (case, weights) in enumerate(zip(use_cases.names, use_cases.matrix())):
        used = np.flatnonzero(weights > 0)
        if len(used) < 2:
            continue
        for c in used:
            near = np.isclose(grid, weights[c], atol=1e-9)
            points = np.where(near, weights[c], grid) if near.any() else np.union1d(grid, [weights[c]])
            others = np.where(np.arange(len(weights)) == c, 0.0, weights)
            rows = others[None, :] * ((1 - points) / others.sum())[:, None]
            rows[:, c] = points
            winner, best, top_score = _winners(categories, rows, use_cases.min_coverage,
                                               np.where(allowed[:, u], price, np.nan), points_per_tenfold_price)
            frames.append(pd.DataFrame({"use_case": case, "category": CATEGORIES[c], "weight": points,
                                        "top_model": np.where(winner >= 0, np.array(ids, object)[winner], ""),
                                        "top_value": best, "top_score": top_score}))
    columns = ["use_case", "category", "weight", "top_model", "top_value", "top_score"]
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


def weight_switch_points(sweep: pd.DataFrame, use_cases: UseCases) -> pd.DataFrame:
    """From a :func:`weight_sweep`: per (use case, category) the top pick at the chosen weight
    (``base_top``; the sweep contains that point) and the nearest weights above and below where
    another model takes over: ``up_weight, up_model, down_weight, down_model`` (NaN / ``""``)."""
    rows = []
    for (case, category), group in sweep.groupby(["use_case", "category"], sort=False):
        group = group.sort_values("weight").reset_index(drop=True)
        base_weight = float(use_cases.weights.loc[case, category])
        at = int(np.argmin(np.abs(group["weight"].to_numpy() - base_weight)))
        base_top = group["top_model"].iloc[at]
        changed = group["top_model"] != base_top
        up = group[changed & (group.index > at)].head(1)
        down = group[changed & (group.index < at)].tail(1)
        rows.append({"use_case": case, "category": category, "base_weight": base_weight, "base_top": base_top,
                     "up_weight": up["weight"].iloc[0] if len(up) else np.nan,
                     "up_model": up["top_model"].iloc[0] if len(up) else "",
                     "down_weight": down["weight"].iloc[0] if len(down) else np.nan,
                     "down_model": down["top_model"].iloc[0] if len(down) else ""})
    columns = ["use_case", "category", "base_weight", "base_top", "up_weight", "up_model", "down_weight", "down_model"]
    return pd.DataFrame(rows, columns=columns)


# --- what the sections state about the draws -----------------------------------------------------
def most_frequent_pick(summary: pd.DataFrame) -> pd.DataFrame:
    """``use_case, model_id, p_top``: per use case (in ``summary``'s order) the model that is the top
    pick most often (ties: first model id); a use case without an assessed model is left out."""
    rows = []
    for case, group in summary.groupby("use_case", sort=False):
        best = group.dropna(subset=["p_top"]).sort_values(["p_top", "model_id"], ascending=[False, True])
        if len(best):
            rows.append({"use_case": case, "model_id": best.iloc[0]["model_id"], "p_top": float(best.iloc[0]["p_top"])})
    return pd.DataFrame(rows, columns=["use_case", "model_id", "p_top"])


def pick_stability(summary: pd.DataFrame, top: pd.DataFrame, front_share: float = FRONT_OFTEN) -> pd.DataFrame:
    """Per use case of ``summary`` (its order) with a recommended pick (``top``: the rank-1 rows,
    ``use_case, model_id``) and an assessed model: ``model_id`` (the pick) and ``p_top`` (its share
    of the draws, 0-1; 0 when never on top), ``challenger`` / ``challenger_p_top`` (the other model
    most often on top; missing (NaN) when no other one ever is), ``on_front`` (the models on the front
    in at least ``front_share`` of the draws, most often top first) and :func:`confidence`."""
    picks = top.set_index("use_case")["model_id"]
    rows = []
    for case, group in summary.groupby("use_case", sort=False):
        ranked = group.dropna(subset=["p_top"]).sort_values(["p_top", "model_id"], ascending=[False, True])
        if not len(ranked) or case not in picks.index:
            continue
        pick = picks[case]
        share = float(ranked.set_index("model_id")["p_top"].get(pick, 0.0))
        others = ranked[ranked["model_id"] != pick]
        strong = len(others) and others.iloc[0]["p_top"] > 0
        rows.append({"use_case": case, "model_id": pick, "p_top": share,
                     "challenger": others.iloc[0]["model_id"] if strong else np.nan,
                     "challenger_p_top": float(others.iloc[0]["p_top"]) if strong else np.nan,
                     "on_front": tuple(ranked[ranked["p_front"] >= front_share]["model_id"]),
                     "confidence": confidence(share)})
    return pd.DataFrame(rows, columns=["use_case", "model_id", "p_top", "challenger", "challenger_p_top", "on_front",
                                       "confidence"])
