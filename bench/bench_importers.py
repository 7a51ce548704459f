"""Time the catalogue importers and the costing of every imported row.

    python bench/bench_importers.py [--repeat 5]

Prints wall seconds (best of ``--repeat``) per step. Goal: full LiteLLM import + costing under
2 s on 2 cores. The workload is fixed (no clock or randomness in what is computed): 1,000
requests a month averaging 250k input tokens (so 200k-token tiers apply), 20% cached, 50M output.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd  # noqa: E402

from analysis.compute.costs import Workload, monthly_cost, spread_per_model  # noqa: E402
from analysis.core.paths import external_dir  # noqa: E402
from analysis.inputs.importers import load_litellm, load_openrouter  # noqa: E402

WORKLOAD = Workload(input_tokens=250_000_000, output_tokens=50_000_000, cached_input_tokens=50_000_000,
                    monthly_requests=1_000)


def best_of(repeat: int, step):
    """(best seconds, last result) of ``repeat`` runs of ``step()``."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - start)
    return min(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    folder = external_dir()
    litellm_s, litellm = best_of(args.repeat, lambda: load_litellm(folder / "litellm_model_prices.json"))
    openrouter_s, openrouter = best_of(args.repeat, lambda: load_openrouter(folder / "openrouter_models.json"))
    prices = pd.concat([litellm.prices, openrouter.prices], ignore_index=True)
    tiers = pd.concat([litellm.tiers, openrouter.tiers], ignore_index=True)
    cost_s, costs = best_of(args.repeat, lambda: monthly_cost(prices, WORKLOAD, tiers=tiers))
    spread_s, spread = best_of(args.repeat, lambda: spread_per_model(costs))
    full_s, _ = best_of(args.repeat, lambda: monthly_cost(load_litellm(folder / "litellm_model_prices.json").prices,
                                                          WORKLOAD))
    print(f"load_litellm      {litellm_s:7.3f} s  ({len(litellm.prices)} rows, {len(litellm.skipped)} skipped)")
    print(f"load_openrouter   {openrouter_s:7.3f} s  "
          f"({len(openrouter.prices)} rows, {len(openrouter.skipped)} skipped)")
    print(f"monthly_cost      {cost_s:7.3f} s  ({len(costs)} rows, {int(costs['tier_applied'].sum())} at a tier rate)")
    print(f"spread_per_model  {spread_s:7.3f} s  ({len(spread)} models)")
    print(f"LiteLLM import + costing {full_s:7.3f} s  (goal < 2 s)")
    return 0 if full_s < 2.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
