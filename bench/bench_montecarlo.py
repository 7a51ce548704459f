"""Time the Monte Carlo of the decision analysis (price and score uncertainty, 5 use cases).

    python bench/bench_montecarlo.py [--draws 10000] [--models 15] [--repeat 3]

Prints wall seconds (best of ``--repeat``). Goal: 10,000 draws over about 15 models in under 2 s.
The inputs are the curated tables; if they hold fewer models than ``--models``, copies of the
first models are added under new ids (same scores and prices), so the size is fixed. The seed is
fixed: every run computes the same tables.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from analysis.compute.montecarlo import monte_carlo  # noqa: E402
from analysis.inputs.catalog import load_curated  # noqa: E402
from analysis.inputs.use_cases import load_use_cases  # noqa: E402


def inputs(n_models: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(benchmarks, prices, models) with exactly ``n_models`` models (copies added if needed)."""
    curated = load_curated()
    models, benchmarks, prices = curated.models, curated.benchmarks, curated.prices
    ids = sorted(models["model_id"])
    extra = [(ids[i % len(ids)], f"{ids[i % len(ids)]}-copy{i}") for i in range(max(0, n_models - len(ids)))]
    for source, copy in extra:
        models = pd.concat([models, models[models["model_id"] == source].assign(model_id=copy)], ignore_index=True)
        benchmarks = pd.concat([benchmarks, benchmarks[benchmarks["model_id"] == source].assign(model_id=copy)],
                               ignore_index=True)
        prices = pd.concat([prices, prices[prices["model_id"] == source].assign(model_id=copy)], ignore_index=True)
    keep = sorted(models["model_id"])[:n_models]
    return (benchmarks[benchmarks["model_id"].isin(keep)], prices[prices["model_id"].isin(keep)],
            models[models["model_id"].isin(keep)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--models", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    benchmarks, prices, models = inputs(args.models)
    use_cases = load_use_cases()
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = monte_carlo(benchmarks, prices, use_cases, np.random.default_rng(20261123),
                             model_ids=sorted(models["model_id"]), n_draws=args.draws, models=models)
        times.append(time.perf_counter() - start)
    sums = result.summary.dropna(subset=["p_top"]).groupby("use_case")["p_top"].sum()
    print(f"monte_carlo: {args.draws:,} draws x {models['model_id'].nunique()} models x {len(use_cases.names)} "
          f"use cases: best {min(times):.3f} s (goal < 2 s); top-pick sums {sums.round(6).to_dict()}")
    return 0 if min(times) < 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
