"""Small hand-made tables shared by the decision presentation tests (not a test module)."""

import numpy as np
import pandas as pd

from analysis.compute.costs import Workload
from analysis.compute.montecarlo import monte_carlo, weight_dirichlet, weight_sweep, weight_switch_points
from analysis.compute.pareto import quality_price_fronts
from analysis.compute.recommend import recommend
from analysis.compute.router import build_router_config
from analysis.compute.scores import use_case_scores, use_cases_from_mapping
from analysis.compute.sensitivity import (break_even, price_shocks, ratio_sweep, reasoning_crossover, reasoning_sweep,
                                          volume_sweep)

#: a display name with Markdown, HTML and TeX specials, to check escaping
EVIL = "Evil *model* <b>$x$</b>"

MODELS = pd.DataFrame({
    "model_id": ["alpha", "beta", "gamma"],
    "display_name": ["Alpha 1", EVIL, "Gamma"],
    "parameters_billion": [8.0, 70.0, np.nan],
    "context_window_tokens": pd.array([131_072, 131_072, 200_000], dtype="Int64"),
    "input_modalities": ["text", "text+image", "text"],
    "open_weights": pd.array([True, True, False], dtype="boolean"),
    "reasoning_model": pd.array([False, False, True], dtype="boolean"),
})
PROVIDERS = pd.DataFrame({"provider": ["p1", "p2"], "display_name": ["Provider One", "Provider Two"],
                          "api_base_url": ["https://p1.example.com/v1/chat/completions",
                                           "https://p2.example.com/v1/chat/completions"]})
PRICES = pd.DataFrame({
    "model_id": ["alpha", "alpha", "beta", "gamma"], "provider": ["p1", "p2", "p1", "p2"],
    "usd_per_mtok_input": [0.1, 0.2, 0.5, 1.0], "usd_per_mtok_output": [0.3, 0.2, 1.5, 4.0],
    "usd_per_mtok_cached_input": [np.nan] * 4,
    "context_window_tokens": pd.array([131_072, 131_072, 131_072, 200_000], dtype="Int64"),
    "catalog": ["litellm"] * 4, "catalog_key": ["p1/alpha", "p2/alpha", "p1/beta", "p2/gamma"],
})
BENCHMARKS = pd.DataFrame({
    "model_id": ["alpha", "alpha", "beta", "beta", "beta", "gamma", "gamma"],
    "benchmark": ["R", "C", "R", "C", "V", "R", "C"],
    "category": ["reasoning", "coding", "reasoning", "coding", "multimodal", "reasoning", "coding"],
    "score_percent": [60.0, 55.0, 75.0, 80.0, 70.0, 90.0, 85.0],
})
GPUS = pd.DataFrame({
    "setup_id": ["g-8b", "g-70b"], "gpu": ["G", "G"], "gpu_memory_gb": [80.0, 80.0], "usd_per_gpu_hour": [2.0, 2.0],
    "reference_parameters_billion": [8.0, 70.0], "gpus_per_replica": [1.0, 2.0],
    "output_tokens_per_second_per_replica": [1000.0, 500.0], "cloud": ["Cloud", "Cloud"],
})
USE_CASES = use_cases_from_mapping({
    "reasoning": {"weights": {"reasoning": 1}},
    "general": {"weights": {"reasoning": 0.5, "coding": 0.5}},
    "multimodal": {"weights": {"multimodal": 0.8, "reasoning": 0.2}, "requires": ["image_input"]},
})


def computed() -> dict:
    """Every computed table the sections and charts take."""
    ids = MODELS["model_id"]
    scores = use_case_scores(BENCHMARKS, USE_CASES, ids, models=MODELS)
    mc = monte_carlo(BENCHMARKS, PRICES, USE_CASES, np.random.default_rng(11), ids, n_draws=500, models=MODELS)
    sweep = weight_sweep(BENCHMARKS, PRICES, USE_CASES, ids, steps=5, models=MODELS)
    reasoning = reasoning_sweep(PRICES, MODELS, multipliers=[1, 2, 5, 10])
    config, rationale = build_router_config(PRICES, MODELS, PROVIDERS, scores, min_context_tokens=1_000,
                                            adequate_score=50.0)
    return {
        "scores": scores, "fronts": quality_price_fronts(scores, PRICES), "ratio": ratio_sweep(PRICES),
        "volume": volume_sweep(PRICES, MODELS, GPUS), "break_even": break_even(PRICES, MODELS, GPUS),
        "shocks": price_shocks(PRICES, Workload(1_000_000, 500_000)), "reasoning": reasoning,
        "crossover": reasoning_crossover(reasoning), "mc": mc,
        "dirichlet": weight_dirichlet(BENCHMARKS, PRICES, USE_CASES, np.random.default_rng(3), ids, n_draws=200,
                                      models=MODELS),
        "weight_sweep": sweep, "switches": weight_switch_points(sweep, USE_CASES),
        "recs": recommend(scores, PRICES, MODELS, monte_carlo=mc), "config": config, "rationale": rationale,
    }
