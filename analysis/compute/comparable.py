"""Are two models ranked on the same benchmarks? Benchmark sets per use case, as data.

A use-case score (:func:`analysis.compute.scores.use_case_scores`) averages whatever benchmarks a model
has in the use case's weighted categories. Developers publish different benchmarks, so two scores
can rest on different sets. This module says exactly where (pure compute, no text):

- :func:`benchmark_sets`: per use case and model, the benchmarks its score uses;
- :func:`comparability`: per use case and scored model, how its set differs from the top model's
  (``missing_vs_top``: the top's benchmarks it lacks; ``extra_vs_top``: benchmarks only it has;
  ``comparable_with_top``: both sets equal), plus the use case's common set (benchmarks every
  scored model has);
- :func:`shared_comparison`: for pairs of models (e.g. the top pick and the runner-up), both
  scores recomputed on the benchmarks the two share, and whether the order holds there;
- :func:`top_picks_by_reporting`: the top pick per use case from all scores and from independent
  scores only (developer-reported rows left out), so the report can say whether it changes.

Benchmarks are identified by name: an independent leaderboard run carries its harness in the name
(``SWE-bench Verified (bash only)``), so it is never the same benchmark as a developer's own run.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.compute.pareto import POINTS_PER_TENFOLD_PRICE
from analysis.compute.recommend import model_facts, rank_by_value
from analysis.compute.scores import UseCases, select_reported, shared_benchmarks, use_case_benchmarks, use_case_scores
from analysis.core.errors import ParameterError

SEPARATOR = ";"


def _join(items) -> str:
    return SEPARATOR.join(sorted(items))


def benchmark_sets(benchmarks: pd.DataFrame, use_cases: UseCases, model_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """``use_case, model_id, benchmarks_used`` (``;``-joined, sorted) and ``n_benchmarks_used``
    for every use case and model (a model without benchmarks there has ``""`` and 0)."""
    ids = sorted(benchmarks["model_id"].unique()) if model_ids is None else list(dict.fromkeys(model_ids))
    rows = use_case_benchmarks(benchmarks[benchmarks["model_id"].isin(ids)], use_cases)
    sets = rows.groupby(["use_case", "model_id"])["benchmark"].agg(lambda b: _join(set(b)))
    grid = pd.MultiIndex.from_product([use_cases.names, sorted(ids)], names=["use_case", "model_id"])
    out = sets.reindex(grid, fill_value="").rename("benchmarks_used").reset_index()
    out["n_benchmarks_used"] = out["benchmarks_used"].map(lambda s: len(s.split(SEPARATOR)) if s else 0)
    return out


def _ranked(scores: pd.DataFrame, use_case: str) -> pd.DataFrame:
    rows = scores[(scores["use_case"] == use_case) & scores["score"].notna()]
    return rows.sort_values(["score", "model_id"], ascending=[False, True], kind="mergesort").reset_index(drop=True)


def comparability(scores: pd.DataFrame, benchmarks: pd.DataFrame, use_cases: UseCases,
                  top: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per use case and *scored* model (``score`` not NaN in ``scores``): ``rank_by_score``,
    ``score``, ``top_model_id`` (``top[use_case]`` if given, e.g. the value-ranked top pick of
    :mod:`analysis.compute.recommend`, else the highest score), ``benchmarks_used``, ``n_benchmarks_used``,
    ``shared_with_top`` (count), ``missing_vs_top`` and ``extra_vs_top`` (``;``-joined),
    ``comparable_with_top`` (same set as the top model), ``common_benchmarks`` (the benchmarks every
    scored model of the use case has) and ``n_common``. Sorted by use case order, then rank."""
    sets = benchmark_sets(benchmarks, use_cases, sorted(scores["model_id"].unique())).set_index(["use_case", "model_id"])
    frames = []
    for name in use_cases.names:
        ranked = _ranked(scores, name)
        if ranked.empty:
            continue
        leader = (top or {}).get(name, ranked["model_id"].iloc[0])
        if leader not in set(ranked["model_id"]):
            raise ParameterError(f"top model {leader!r} has no score for use case {name!r}")
        as_set = {m: set(filter(None, sets.loc[(name, m), "benchmarks_used"].split(SEPARATOR))) for m in ranked["model_id"]}
        common = set.intersection(*as_set.values())
        lead = as_set[leader]
        frames.append(pd.DataFrame({
            "use_case": name,
            "model_id": ranked["model_id"],
            "rank_by_score": np.arange(1, len(ranked) + 1),
            "score": ranked["score"].to_numpy(float),
            "top_model_id": leader,
            "benchmarks_used": [_join(as_set[m]) for m in ranked["model_id"]],
            "n_benchmarks_used": [len(as_set[m]) for m in ranked["model_id"]],
            "shared_with_top": [len(as_set[m] & lead) for m in ranked["model_id"]],
            "missing_vs_top": [_join(lead - as_set[m]) for m in ranked["model_id"]],
            "extra_vs_top": [_join(as_set[m] - lead) for m in ranked["model_id"]],
            "comparable_with_top": [as_set[m] == lead for m in ranked["model_id"]],
            "common_benchmarks": _join(common),
            "n_common": len(common),
        }))
    columns = ["use_case", "model_id", "rank_by_score", "score", "top_model_id", "benchmarks_used", "n_benchmarks_used",
               "shared_with_top", "missing_vs_top", "extra_vs_top", "comparable_with_top", "common_benchmarks", "n_common"]
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


def comparable_counts(comparability: pd.DataFrame) -> pd.DataFrame:
    """``use_case, comparable, scored`` (sorted by use case): of the models scored for the use case
    (:func:`comparability` rows), how many were scored on exactly the top pick's benchmark set."""
    total = comparability.groupby("use_case").size()
    same = comparability[comparability["comparable_with_top"].astype(bool)].groupby("use_case").size()
    return pd.DataFrame({"use_case": total.index, "comparable": same.reindex(total.index).fillna(0).astype(int).to_numpy(),
                         "scored": total.to_numpy()})


def shared_comparison(benchmarks: pd.DataFrame, use_cases: UseCases, pairs: pd.DataFrame, method: str = "percent",
                      models: pd.DataFrame | None = None) -> pd.DataFrame:
    """For each row of ``pairs`` (``use_case, model_id, other_id``): the benchmarks both models have
    in the use case (``shared_benchmarks``, ``n_shared``), both use-case scores on those alone
    (``score_shared``, ``other_score_shared``; NaN when the shared set misses the coverage rule) and
    ``leads`` (model_id scores at least as high as other_id there; NaN when either score is NaN)."""
    rows = []
    for pair in pairs.itertuples(index=False):
        case = use_cases.subset([pair.use_case])
        ids = [pair.model_id, pair.other_id]
        common = shared_benchmarks(benchmarks, case, ids)[pair.use_case]
        kept = benchmarks[benchmarks["model_id"].isin(ids) & benchmarks["benchmark"].isin(common)]
        scored = use_case_scores(kept, case, ids, method, models).set_index("model_id")["score"]
        a, b = scored.get(pair.model_id, np.nan), scored.get(pair.other_id, np.nan)
        rows.append({"use_case": pair.use_case, "model_id": pair.model_id, "other_id": pair.other_id,
                     "shared_benchmarks": _join(common), "n_shared": len(common), "score_shared": a,
                     "other_score_shared": b, "leads": (a >= b) if np.isfinite(a) and np.isfinite(b) else np.nan})
    columns = ["use_case", "model_id", "other_id", "shared_benchmarks", "n_shared", "score_shared",
               "other_score_shared", "leads"]
    return pd.DataFrame(rows, columns=columns)


def top_pairs(ranking: pd.DataFrame) -> pd.DataFrame:
    """``use_case, model_id, other_id``: rank 1 against rank 2 of each use case of a ranking with
    ``use_case, rank, model_id`` (e.g. ``Recommendations.top``); use cases with one model are left out."""
    first = ranking[ranking["rank"] == 1][["use_case", "model_id"]]
    second = ranking[ranking["rank"] == 2][["use_case", "model_id"]].rename(columns={"model_id": "other_id"})
    return first.merge(second, on="use_case").reset_index(drop=True)


def _rank(scores: pd.DataFrame, prices: pd.DataFrame | None, models: pd.DataFrame | None, input_parts: float,
          output_parts: float, points_per_tenfold_price: float) -> pd.DataFrame:
    """``use_case, rank, model_id, score``: by value as :func:`analysis.compute.recommend.rank_by_value`
    when prices and models are given, else by score (ties by model id)."""
    if prices is not None and models is not None:
        facts = model_facts(prices, models, input_parts, output_parts)
        return rank_by_value(scores, facts, points_per_tenfold_price)[["use_case", "rank", "model_id", "score"]]
    rows = scores.dropna(subset=["score"]).copy()
    order = {name: i for i, name in enumerate(dict.fromkeys(scores["use_case"]))}
    rows["_case"] = rows["use_case"].map(order)
    rows = rows.sort_values(["_case", "score", "model_id"], ascending=[True, False, True], kind="mergesort")
    rows["rank"] = rows.groupby("use_case", sort=False).cumcount() + 1
    return rows[["use_case", "rank", "model_id", "score"]].reset_index(drop=True)


def top_picks_by_reporting(benchmarks: pd.DataFrame, use_cases: UseCases, model_ids: Sequence[str] | None = None,
                           models: pd.DataFrame | None = None, prices: pd.DataFrame | None = None,
                           method: str = "percent", input_parts: float = 3.0, output_parts: float = 1.0,
                           points_per_tenfold_price: float = POINTS_PER_TENFOLD_PRICE) -> pd.DataFrame:
    """The top pick per use case computed twice: from every score, and from independent scores
    only (developer-reported rows left out). Ranked by value (score minus
    ``points_per_tenfold_price`` x log10 blended price at the cheapest provider, as the
    recommendations) when ``prices`` and ``models`` are given, else by score.

    Columns: ``use_case, ranking`` (``value`` or ``score``), ``top_all, score_all, n_ranked_all``,
    ``top_independent, score_independent, n_ranked_independent``, ``same_top`` (bool; False when
    either side has no ranked model) and ``rank_of_top_all_independent`` (where the all-scores top
    pick lands without developer-reported scores; NaN if it is not ranked there)."""
    ids = sorted(benchmarks["model_id"].unique()) if model_ids is None else list(dict.fromkeys(model_ids))
    ranking = "value" if prices is not None and models is not None else "score"
    ranked = {}
    for label, rows in (("all", benchmarks), ("independent", select_reported(benchmarks, "independent"))):
        scores = use_case_scores(rows, use_cases, ids, method, models)
        ranked[label] = _rank(scores, prices, models, input_parts, output_parts, points_per_tenfold_price)
    out = []
    for name in use_cases.names:
        every, indep = (ranked[k][ranked[k]["use_case"] == name] for k in ("all", "independent"))
        top_all = every["model_id"].iloc[0] if len(every) else ""
        top_ind = indep["model_id"].iloc[0] if len(indep) else ""
        where = indep.loc[indep["model_id"] == top_all, "rank"]
        out.append({"use_case": name, "ranking": ranking,
                    "top_all": top_all, "score_all": every["score"].iloc[0] if len(every) else np.nan,
                    "n_ranked_all": len(every),
                    "top_independent": top_ind, "score_independent": indep["score"].iloc[0] if len(indep) else np.nan,
                    "n_ranked_independent": len(indep),
                    "same_top": bool(top_all) and top_all == top_ind,
                    "rank_of_top_all_independent": float(where.iloc[0]) if len(where) else np.nan})
    return pd.DataFrame(out)
