"""The analysis over the whole LiteLLM catalogue, timed, in a process of its own (for peak RSS).

    python bench/catalogue.py [--draws 10000]

Prints one JSON object: seconds per step (import, costing, Pareto, Monte Carlo), the total of
the analysis (everything after the imports) and the process's peak RSS in MiB. Steps: load and
import the LiteLLM price map; price a fixed workload on every row (long-context tiers apply);
the Pareto front of blended price (min) against context window (max) over every catalogue
model; the use-case scores and quality/price fronts of every model that has benchmark scores;
a 10,000-draw Monte Carlo over those models. Seeded: every run computes the same tables.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

START = time.perf_counter()
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from analysis.compute.costs import Workload, blended_usd_per_mtok, monthly_cost  # noqa: E402
from analysis.compute.market import catalogue_models, load_prices  # noqa: E402
from analysis.compute.montecarlo import monte_carlo  # noqa: E402
from analysis.compute.pareto import pareto, quality_price_fronts  # noqa: E402
from analysis.compute.scores import use_case_scores  # noqa: E402
from analysis.inputs.catalog import load_curated  # noqa: E402
from analysis.inputs.use_cases import load_use_cases  # noqa: E402

WORKLOAD = Workload(input_tokens=250_000_000, output_tokens=50_000_000, cached_input_tokens=50_000_000,
                    monthly_requests=1_000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000)
    args = parser.parse_args(argv)
    steps: dict[str, float] = {"imports": time.perf_counter() - START}
    lap = time.perf_counter()

    def step(name: str) -> None:
        nonlocal lap
        now = time.perf_counter()
        steps[name] = now - lap
        lap = now

    begin = time.perf_counter()
    curated = load_curated()
    table = load_prices("litellm", curated)
    step("load_litellm")
    costs = monthly_cost(table.prices, WORKLOAD, table.tiers)
    step("costing")
    blended = table.prices.assign(usd_per_mtok_blended=blended_usd_per_mtok(table.prices))
    per_model = (blended.sort_values(["model_id", "usd_per_mtok_blended"]).drop_duplicates("model_id")
                 [["model_id", "usd_per_mtok_blended"]])
    models = catalogue_models(table.prices, curated.models)
    frame = per_model.merge(models[["model_id", "context_window_tokens"]], on="model_id", how="left")
    catalogue_front = pareto(frame, {"usd_per_mtok_blended": "min", "context_window_tokens": "max"})
    step("pareto_catalogue")
    scored = sorted(set(curated.benchmarks["model_id"]) & set(table.prices["model_id"]))
    chosen = models[models["model_id"].isin(scored)]
    prices = table.prices[table.prices["model_id"].isin(scored)]
    use_cases = load_use_cases()
    scores = use_case_scores(curated.benchmarks, use_cases, scored, models=chosen)
    fronts = quality_price_fronts(scores, prices)
    step("scores_and_fronts")
    mc = monte_carlo(curated.benchmarks, prices, use_cases, np.random.default_rng(20261123), scored,
                     n_draws=args.draws, models=chosen)
    step("monte_carlo")
    analysis_s = time.perf_counter() - begin
    print(json.dumps({
        "steps_s": steps, "analysis_s": analysis_s,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rows_costed": len(costs), "catalogue_models": len(frame),
        "catalogue_front": int(catalogue_front.points["on_front"].sum()),
        "scored_models": len(scored), "use_cases": len(fronts), "draws": args.draws,
        "monte_carlo_rows": len(mc.summary),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
