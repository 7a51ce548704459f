"""Quality scores per use case, from the benchmark table and the use-case weights.

Three steps (``data/use_cases.yaml`` documents the same rule for readers of the data):

1. **Benchmark score**, 0-100. Default ``method="percent"``: ``score_percent`` as reported. The
   benchmarks already share a bounded percent scale, and a fixed scale keeps every score stable
   when a model is added or removed (a min-max rescale moves all scores whenever the best or worst
   model changes, and it turns a benchmark that only one model reports into 0/0). The price: a
   category mixes easy and hard benchmarks (MMLU-Pro vs GPQA), so a model that only reports the
   easy one looks better; the table of scores shows ``n_benchmarks`` for that reason.
   ``method="minmax"`` is offered for comparison: per benchmark ``100 * (s - min) / (max - min)``
   over the models given; fewer than two models or ``max == min`` gives NaN, never 0.
2. **Category score**: the mean of the model's benchmark scores in the category.
3. **Use-case score**: the weighted mean over the categories the model has, weights renormalised;
   ``coverage`` = share of the use case's weight on categories with data. Below ``min_coverage``
   the score is NaN with ``reason="low_coverage"`` (``"no_benchmarks"`` if the model has none).
   A missing category is never counted as 0.
4. **Requirements** (optional, per use case): ``requires: [image_input]`` leaves the score of a
   model without image input NaN (``reason="no_image_input"``) whatever its benchmarks say.

5. **Who reported it** (``reported_by``: ``independent`` or ``developer``): :func:`select_reported`
   keeps the rows of the chosen reporters (a table without the column counts as developer-reported),
   so every score can be recomputed from independent measurements only.
6. **Same benchmarks** (``shared_only=True``): per use case, only the benchmarks that *every*
   model scored under the normal rule has (in the use case's weighted categories) are used, so the
   compared models are ranked on one benchmark set; a use case whose scored models share no
   benchmark gets NaN with ``reason="no_shared_benchmarks"``. :mod:`analysis.compute.comparable` reports
   the benchmark sets and where they differ.

Everything is vectorised over models, categories and (for :mod:`analysis.compute.sensitivity`) draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from analysis.core.errors import ParameterError
from analysis.inputs.use_cases import CATEGORIES, REQUIREMENTS, UseCases, has_image_input, use_cases_from_mapping  # noqa: F401 (re-exported)

METHODS = ("percent", "minmax")
#: tolerance of the coverage threshold (weights are floats that sum to 1)
COVERAGE_TOLERANCE = 1e-9
#: who measured a score (``benchmarks.reported_by``)
REPORTED_BY = ("independent", "developer")


def select_reported(benchmarks: pd.DataFrame, reported_by: Sequence[str] | str = REPORTED_BY) -> pd.DataFrame:
    """The rows of ``benchmarks`` whose ``reported_by`` is in ``reported_by`` (``"independent"``,
    ``"developer"`` or both); a table without the column counts as developer-reported."""
    wanted = [reported_by] if isinstance(reported_by, str) else list(reported_by)
    unknown = sorted(set(wanted) - set(REPORTED_BY))
    if unknown:
        raise ParameterError(f"unknown reported_by {unknown}; use {', '.join(REPORTED_BY)}")
    who = benchmarks["reported_by"] if "reported_by" in benchmarks else pd.Series("developer", index=benchmarks.index)
    return benchmarks[who.isin(wanted)].reset_index(drop=True)


# --- step 1 and 2: benchmark and category scores -------------------------------------------------
def benchmark_scores(benchmarks: pd.DataFrame, method: str = "percent") -> pd.DataFrame:
    """``model_id, benchmark, category, score`` (0-100) and ``points_scale`` (score points per
    reported percentage point: 1 for ``percent``, ``100 / (max - min)`` for ``minmax``)."""
    if method not in METHODS:
        raise ParameterError(f"unknown normalisation {method!r}; use one of {', '.join(METHODS)}")
    frame = benchmarks[["model_id", "benchmark", "category", "score_percent"]].copy()
    raw = frame["score_percent"].astype(float)
    if method == "percent":
        frame["score"], frame["points_scale"] = raw, 1.0
    else:
        grouped = raw.groupby(frame["benchmark"])
        low, high = grouped.transform("min"), grouped.transform("max")
        spread = (high - low).where((high > low) & (grouped.transform("count") >= 2))
        frame["score"] = 100.0 * (raw - low) / spread
        frame["points_scale"] = 100.0 / spread
    frame = frame.drop(columns="score_percent")
    return frame.sort_values(["model_id", "category", "benchmark"], kind="mergesort").reset_index(drop=True)


@dataclass(frozen=True)
class CategoryDesign:
    """Linear map from benchmark rows to category means: ``categories = scores @ design``.

    ``scores`` (rows,) are benchmark scores; ``design`` (rows, models*categories) holds
    ``1/n`` for the ``n`` benchmarks of a (model, category); ``counts`` (models, categories)."""

    model_ids: list[str]
    scores: np.ndarray
    points_scale: np.ndarray
    design: np.ndarray
    counts: np.ndarray

    def categories(self, scores: np.ndarray | None = None) -> np.ndarray:
        """Category means (..., models, categories); NaN where a model has no benchmark."""
        values = self.scores if scores is None else scores
        out = (values @ self.design).reshape(*values.shape[:-1], len(self.model_ids), len(CATEGORIES))
        return np.where(self.counts > 0, out, np.nan)

    def use_case_draws(self, scores: np.ndarray, weights: np.ndarray, min_coverage: float) -> np.ndarray:
        """Use-case scores (draws, models, use cases), points 0-100, of benchmark score draws
        ``scores`` (draws, rows; finite): ``aggregate(self.categories(scores), weights,
        min_coverage)[0]``, the same numbers, but the coverage rule is applied once (which
        categories have data does not change with the draws) instead of once per draw."""
        have = self.counts > 0
        w_t = np.swapaxes(np.asarray(weights, dtype=float), -1, -2)
        ok, denominator = _coverage_rule(have.astype(float) @ w_t, min_coverage)
        values = (scores @ self.design).reshape(*scores.shape[:-1], len(self.model_ids), len(CATEGORIES))
        weighted = np.where(have, values, 0.0) @ w_t
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(ok, weighted / denominator, np.nan)


def category_design(benchmarks: pd.DataFrame, model_ids: Sequence[str] | None = None,
                    method: str = "percent") -> CategoryDesign:
    """The :class:`CategoryDesign` of ``model_ids`` (default: every model of ``benchmarks``, sorted).
    Rows with a NaN score (e.g. a min-max benchmark reported once) are left out."""
    scored = benchmark_scores(benchmarks, method)
    ids = sorted(scored["model_id"].unique()) if model_ids is None else list(dict.fromkeys(model_ids))
    scored = scored[scored["model_id"].isin(ids) & scored["score"].notna()].reset_index(drop=True)
    m = pd.Index(ids).get_indexer(scored["model_id"])
    c = pd.Index(CATEGORIES).get_indexer(scored["category"])
    if (c < 0).any():
        bad = scored.loc[c < 0, "category"].iloc[0]
        raise ParameterError(f"unknown benchmark category {bad!r}; known: {', '.join(CATEGORIES)}")
    counts = np.zeros((len(ids), len(CATEGORIES)))
    np.add.at(counts, (m, c), 1)
    design = np.zeros((len(scored), len(ids) * len(CATEGORIES)))
    if len(scored):
        design[np.arange(len(scored)), m * len(CATEGORIES) + c] = 1.0 / counts[m, c]
    return CategoryDesign(model_ids=ids, scores=scored["score"].to_numpy(float),
                          points_scale=scored["points_scale"].to_numpy(float), design=design, counts=counts)


def category_scores(benchmarks: pd.DataFrame, model_ids: Sequence[str] | None = None,
                    method: str = "percent") -> pd.DataFrame:
    """Long table ``model_id, category, score, n_benchmarks`` (score NaN when n is 0)."""
    design = category_design(benchmarks, model_ids, method)
    values = design.categories()
    return pd.DataFrame({
        "model_id": np.repeat(design.model_ids, len(CATEGORIES)),
        "category": CATEGORIES * len(design.model_ids),
        "score": values.ravel(),
        "n_benchmarks": design.counts.ravel().astype(int),
    })


# --- step 3: use cases ----------------------------------------------------------------------
def aggregate(categories: np.ndarray, weights: np.ndarray, min_coverage: float) -> tuple[np.ndarray, np.ndarray]:
    """Use-case scores and coverage from category scores.

    ``categories`` (..., models, categories) with NaN = missing; ``weights`` (..., use cases,
    categories), rows summing to 1. Leading dimensions broadcast (draws of scores or of weights).
    Returns ``(score, coverage)``, each (..., models, use cases); score is NaN where coverage is
    below ``min_coverage`` or 0."""
    have = ~np.isnan(categories)
    filled = np.where(have, categories, 0.0)
    w_t = np.swapaxes(np.asarray(weights, dtype=float), -1, -2)
    coverage = have.astype(float) @ w_t
    weighted = filled @ w_t
    ok, denominator = _coverage_rule(coverage, min_coverage)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(ok, weighted / denominator, np.nan)
    return score, coverage


def _coverage_rule(coverage: np.ndarray, min_coverage: float) -> tuple[np.ndarray, np.ndarray]:
    """``(ok, denominator)`` of :func:`aggregate`: where the coverage (0-1) is positive and reaches
    ``min_coverage``, and the coverage with 0 replaced by 1 (a safe divisor)."""
    ok = (coverage > 0) & (coverage >= min_coverage - COVERAGE_TOLERANCE)
    return ok, np.where(coverage > 0, coverage, 1.0)


def use_case_scores(benchmarks: pd.DataFrame, use_cases: UseCases, model_ids: Sequence[str] | None = None,
                    method: str = "percent", models: pd.DataFrame | None = None,
                    shared_only: bool = False) -> pd.DataFrame:
    """Tidy ``model_id, use_case, score, coverage, n_benchmarks, reason`` (sorted by use case, then
    model). ``score`` 0-100 or NaN; ``coverage`` 0-1; ``reason``: ``""``, ``"low_coverage"``,
    ``"no_benchmarks"``, ``"no_shared_benchmarks"`` (``shared_only``) or a requirement's code
    (``"no_image_input"``; needs ``models``). ``model_ids`` lists the models to score (those without
    benchmarks get a row with NaN); default every model in ``benchmarks``. ``shared_only``: score
    each use case on the benchmarks all its scored models share (module docstring, step 6)."""
    if shared_only:
        return _shared_scores(benchmarks, use_cases, model_ids, method, models)
    design = category_design(benchmarks, model_ids, method)
    score, coverage = aggregate(design.categories(), use_cases.matrix(), use_cases.min_coverage)
    allowed = use_cases.allowed(models, design.model_ids)
    blocked = ~allowed
    score = np.where(allowed, score, np.nan)
    n_models, n_cases = score.shape
    n_bench = design.counts.sum(axis=1).astype(int)
    frame = pd.DataFrame({
        "model_id": np.repeat(design.model_ids, n_cases),
        "use_case": use_cases.names * n_models,
        "score": score.ravel(),
        "coverage": coverage.ravel(),
        "n_benchmarks": np.repeat(n_bench, n_cases),
    })
    frame["reason"] = np.where(frame["score"].notna(), "",
                               np.where(frame["n_benchmarks"] == 0, "no_benchmarks", "low_coverage"))
    frame.loc[blocked.ravel(), "reason"] = "no_image_input"
    return _sort_by_use_case(frame, use_cases.names)


def _sort_by_use_case(frame: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    order = {name: i for i, name in enumerate(names)}
    frame = frame.sort_values(["use_case", "model_id"], key=lambda s: s.map(order) if s.name == "use_case" else s,
                              kind="mergesort")
    return frame.reset_index(drop=True)


def use_case_benchmarks(benchmarks: pd.DataFrame, use_cases: UseCases) -> pd.DataFrame:
    """``use_case, model_id, benchmark, category``: each benchmark row of ``benchmarks`` under every
    use case that gives its category a positive weight (what a use-case score is built from)."""
    weighted = use_cases.weights.stack()
    weighted = weighted[weighted > 0].reset_index()
    weighted.columns = ["use_case", "category", "weight"]
    rows = benchmarks[["model_id", "benchmark", "category"]].merge(weighted[["use_case", "category"]], on="category")
    rows = rows[["use_case", "model_id", "benchmark", "category"]]
    return _sort_by_use_case(rows.sort_values(["model_id", "benchmark"], kind="mergesort"), use_cases.names)


def shared_benchmarks(benchmarks: pd.DataFrame, use_cases: UseCases, model_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Per use case, the benchmarks (sorted) that every model of ``model_ids`` has in the use
    case's weighted categories; empty when ``model_ids`` is empty or they share none."""
    rows = use_case_benchmarks(benchmarks[benchmarks["model_id"].isin(list(model_ids))], use_cases)
    out = {}
    for name in use_cases.names:
        sets = [set(g["benchmark"]) for _, g in rows[rows["use_case"] == name].groupby("model_id")]
        complete = len(sets) == len(set(model_ids)) and len(sets) > 0
        out[name] = tuple(sorted(set.intersection(*sets))) if complete else ()
    return out


def _shared_scores(benchmarks: pd.DataFrame, use_cases: UseCases, model_ids: Sequence[str] | None, method: str,
                   models: pd.DataFrame | None) -> pd.DataFrame:
    """:func:`use_case_scores` with ``shared_only``: per use case, rescore the models that the normal
    rule scores on the benchmarks they all share; the others keep their NaN and reason."""
    base = use_case_scores(benchmarks, use_cases, model_ids, method, models)
    frames = []
    for name in use_cases.names:
        rows = base[base["use_case"] == name]
        scored = sorted(rows.loc[rows["score"].notna(), "model_id"])
        common = shared_benchmarks(benchmarks, use_cases.subset([name]), scored)[name]
        kept = benchmarks[benchmarks["model_id"].isin(scored) & benchmarks["benchmark"].isin(common)]
        again = use_case_scores(kept, use_cases.subset([name]), list(rows["model_id"]), method, models)
        again = again.set_index("model_id")
        out = rows.set_index("model_id").copy()
        out.loc[scored, ["score", "coverage", "n_benchmarks", "reason"]] = again.loc[
            scored, ["score", "coverage", "n_benchmarks", "reason"]].to_numpy()
        if scored and not common:
            out.loc[scored, "reason"] = "no_shared_benchmarks"
        frames.append(out.reset_index())
    frame = pd.concat(frames, ignore_index=True)
    frame["score"] = frame["score"].astype(float)
    frame["coverage"] = frame["coverage"].astype(float)
    frame["n_benchmarks"] = frame["n_benchmarks"].astype(int)
    return _sort_by_use_case(frame[base.columns], use_cases.names)


def score_table(scores: pd.DataFrame) -> pd.DataFrame:
    """Wide view: one row per model, one score column per use case (NaN stays NaN)."""
    order = list(dict.fromkeys(scores["use_case"]))
    wide = scores.pivot(index="model_id", columns="use_case", values="score")
    return wide[order].sort_index()


def widely_reported(benchmarks: pd.DataFrame, columns: int = 6) -> pd.DataFrame:
    """Model x benchmark ``score_percent`` (as reported; the first row of a pair) for the ``columns``
    benchmarks that the most models report (ties: by name), columns sorted by
    name; a model without any benchmark has no row, a missing score is NaN."""
    reported = benchmarks.groupby("benchmark")["model_id"].nunique()
    chosen = sorted(reported.sort_values(ascending=False, kind="mergesort").index[:columns])
    scores = benchmarks.pivot_table(index="model_id", columns="benchmark", values="score_percent", aggfunc="first")
    return scores.reindex(columns=chosen)
