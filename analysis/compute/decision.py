"""Every decision table computed once, from one set of parameters (pure compute, no text).

The report and the explore notebook get it from :func:`analysis.compute.precompute.report_inputs`
(which calls :func:`prepare_decision` on the price rows the report ranks), then hand it to
:mod:`analysis.present.narrative.decision`, :mod:`analysis.present.narrative.sensitivity` and
:mod:`analysis.present.charts.decision`, so every section and chart shows the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.compute.answer import answers
from analysis.compute.comparable import comparability, shared_comparison, top_pairs, top_picks_by_reporting
from analysis.compute.costs import Workload, workload_blend
from analysis.compute.montecarlo import (DEFAULT_DRAWS, MonteCarloResult, monte_carlo, weight_dirichlet, weight_sweep,
                                         weight_switch_points)
from analysis.compute.pareto import POINTS_PER_TENFOLD_PRICE, ParetoResult, quality_price_fronts
from analysis.compute.recommend import Recommendations, recommend
from analysis.compute.router import DEFAULT_LONG_CONTEXT_THRESHOLD, build_router_config, router_labels
from analysis.compute.scores import UseCases, use_case_scores
from analysis.compute.sensitivity import (break_even, price_shocks, ratio_sweep, reasoning_crossover, reasoning_sweep,
                                          volume_sweep)
from analysis.core.errors import ParameterError
from analysis.inputs.parameters import DEFAULT_SEED


@dataclass(frozen=True)
class DecisionData:
    """Inputs (filtered to the selected models) and every computed decision table."""

    models: pd.DataFrame
    prices: pd.DataFrame
    providers: pd.DataFrame
    gpu_hosting: pd.DataFrame
    use_cases: UseCases
    blend: tuple[float, float]                 #: input:output parts of blended prices
    output_share: float                        #: share of output tokens (workload) for the volume sweep
    task_tokens: tuple[float, float]           #: input, visible output tokens of one task
    shock: float
    scores: pd.DataFrame
    fronts: dict[str, ParetoResult]
    ratio: pd.DataFrame
    volume: pd.DataFrame
    break_even: pd.DataFrame
    shocks: pd.DataFrame
    reasoning: pd.DataFrame
    crossover: pd.DataFrame
    monte_carlo: MonteCarloResult
    weight_draws: pd.DataFrame
    weight_sweep: pd.DataFrame
    weight_switches: pd.DataFrame
    recommendations: Recommendations
    answers: pd.DataFrame                      #: the answer box: best value, runner-up, best quality, cheapest acceptable
    comparability: pd.DataFrame                #: per use case and model: benchmark set against the top pick's
    shared_top: pd.DataFrame                   #: top pick vs runner-up on the benchmarks both have
    by_reporting: pd.DataFrame                 #: top pick with and without developer-reported scores
    router_config: dict
    router_rationale: pd.DataFrame
    router_labels: pd.DataFrame

    @property
    def first_picks(self) -> pd.DataFrame:
        """The rank-1 recommendation row of each use case (the recommended pick)."""
        return self.recommendations.top[self.recommendations.top["rank"] == 1].reset_index(drop=True)

    @property
    def headline_use_case(self) -> str:
        """The use case of the headline chart: ``general`` when scored, else the first use case."""
        return "general" if "general" in self.fronts else next(iter(self.fronts))

    def answer_models(self, use_case: str) -> list[str]:
        """The models the answer box names for ``use_case`` (to highlight in its chart)."""
        return list(dict.fromkeys(self.answers.loc[self.answers["use_case"] == use_case, "model_id"]))


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool) and np.isfinite(value)


def top_of(recommendations: Recommendations) -> dict[str, str]:
    """use case -> the recommended (rank 1) model id."""
    first = recommendations.top[recommendations.top["rank"] == 1]
    return dict(zip(first["use_case"], first["model_id"]))


def check_decision_parameters(weights: object = None, blend: object = None, seed: object = DEFAULT_SEED) -> None:
    """Raise :class:`ParameterError` with a plain message for a malformed ``weights``
    (``{use_case: {category: weight >= 0}}``), ``blend`` (two non-negative numbers, not both 0)
    or ``seed`` (a whole number). Category names are checked when the weights are applied."""
    if weights is not None:
        if not isinstance(weights, Mapping):
            raise ParameterError("parameter 'weights' must be a dict {use_case: {category: weight}}")
        for case, mix in weights.items():
            if not isinstance(case, str) or not isinstance(mix, Mapping) or not mix:
                raise ParameterError(f"parameter 'weights': use case {case!r} needs a non-empty dict {{category: weight}}")
            bad = {k: v for k, v in mix.items() if not _is_number(v) or v < 0}
            if bad or not any(v > 0 for v in mix.values()):
                raise ParameterError(f"parameter 'weights': use case {case!r} needs non-negative numbers, "
                                     f"not all 0 (got {dict(mix)!r})")
    if blend is not None and (not isinstance(blend, (tuple, list)) or len(blend) != 2 or not all(_is_number(v) and v >= 0 for v in blend)
            or sum(blend) == 0):
        raise ParameterError(f"parameter 'blend_ratio' must be None (the workload's ratio) or two non-negative numbers "
                             f"(input, output), not both 0; got {blend!r}")
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise ParameterError(f"parameter 'seed' must be a non-negative whole number; got {seed!r}")


def prepare_decision(tables, workload: Workload, *, models: Sequence[str] | None = None,
                     use_cases: UseCases | None = None, weights: Mapping[str, Mapping[str, float]] | None = None,
                     blend: tuple[float, float] | None = None, seed: int = DEFAULT_SEED, n_draws: int = DEFAULT_DRAWS,
                     task_tokens: tuple[float, float] = (2_000, 500), shock: float = 0.5,
                     long_context_threshold: int = DEFAULT_LONG_CONTEXT_THRESHOLD,
                     points_per_tenfold_price: float = POINTS_PER_TENFOLD_PRICE,
                     gpu_hosting: pd.DataFrame | None = None) -> DecisionData:
    """Compute every decision table. ``tables``: anything with ``models``, ``prices``,
    ``benchmarks`` and ``providers`` frames and the ``use_cases`` and ``gpu_hosting`` of the same
    data folder (e.g. :class:`analysis.inputs.catalog.Curated`); ``use_cases`` / ``gpu_hosting``
    given here replace those.
    ``models``: ids to compare (default all); ``weights``: use cases to add or replace,
    ``{name: {category: weight}}``; ``blend``: input:output parts (None: the workload's own); ``seed`` seeds one
    ``numpy.random.Generator`` for the Monte Carlo and the weight draws."""
    check_decision_parameters(weights, blend, seed)
    blend = workload_blend(workload) if blend is None else (float(blend[0]), float(blend[1]))
    all_models = tables.models
    if models is not None:
        unknown = sorted(set(models) - set(all_models["model_id"]))
        if unknown:
            raise ParameterError(f"unknown model(s) {unknown}")
    ids = sorted(all_models["model_id"] if models is None else set(models))
    chosen = all_models[all_models["model_id"].isin(ids)].sort_values("model_id").reset_index(drop=True)
    prices = tables.prices[tables.prices["model_id"].isin(ids)].reset_index(drop=True)
    benchmarks = tables.benchmarks[tables.benchmarks["model_id"].isin(ids)].reset_index(drop=True)
    cases = getattr(tables, "use_cases", None) if use_cases is None else use_cases
    gpus = getattr(tables, "gpu_hosting", None) if gpu_hosting is None else gpu_hosting
    if cases is None or gpus is None:
        raise ParameterError("prepare_decision needs the use cases and the GPU set-ups (use_cases.yaml, gpu_hosting.csv)")
    for name, mix in (weights or {}).items():
        cases = cases.with_weights(name, mix, requires=cases.requires.get(name, ()))
    total = workload.input_tokens + workload.output_tokens
    output_share = workload.output_tokens / total if total else 0.25
    rng = np.random.default_rng(seed)
    common = dict(input_parts=blend[0], output_parts=blend[1], points_per_tenfold_price=points_per_tenfold_price)

    scores = use_case_scores(benchmarks, cases, ids, models=chosen)
    costs = prices if "usd_total" in prices else prices.assign(usd_total=float("nan"))
    mc = monte_carlo(benchmarks, prices, cases, rng, ids, n_draws=n_draws, models=chosen, **common)
    recs = recommend(scores, prices, chosen, monte_carlo=mc, **common)
    sweep = weight_sweep(benchmarks, prices, cases, ids, models=chosen, **common)
    reasoning = reasoning_sweep(prices, chosen, *task_tokens)
    config, rationale = build_router_config(prices, chosen, tables.providers, scores,
                                            threshold=long_context_threshold, **common)
    return DecisionData(
        models=chosen, prices=prices, providers=tables.providers, gpu_hosting=gpus, use_cases=cases, blend=blend,
        output_share=output_share, task_tokens=task_tokens, shock=shock, scores=scores,
        fronts=quality_price_fronts(scores, prices, *blend), ratio=ratio_sweep(prices),
        volume=volume_sweep(prices, chosen, gpus, output_share=max(output_share, 1e-9)),
        break_even=break_even(prices, chosen, gpus, output_share=max(output_share, 1e-9)),
        shocks=price_shocks(prices, workload, shock), reasoning=reasoning, crossover=reasoning_crossover(reasoning),
        monte_carlo=mc,
        weight_draws=weight_dirichlet(benchmarks, prices, cases, rng, ids, models=chosen, **common),
        weight_sweep=sweep, weight_switches=weight_switch_points(sweep, cases),
        recommendations=recs,
        answers=answers(scores, prices, chosen, costs, **common),
        comparability=comparability(scores, benchmarks, cases, top=top_of(recs)),
        shared_top=shared_comparison(benchmarks, cases, top_pairs(recs.top), models=chosen),
        by_reporting=top_picks_by_reporting(benchmarks, cases, ids, models=chosen, prices=prices,
                                            input_parts=blend[0], output_parts=blend[1],
                                            points_per_tenfold_price=points_per_tenfold_price),
        router_config=config, router_rationale=rationale, router_labels=router_labels(rationale, ids),
    )
