"""What the "Prices over time" section costs a build (issue 17, part 6: under 1 s on a warm build).

    python bench/trends.py [--runs 3]

Times, from the shared analysis computed once: the section's tables (``report_trends``: reading
data/price_history.csv and fitting the trends; in a build this is inside the cached analysis, so
a warm build pays it never), its Markdown (paid by every build) and its two charts drawn cold (a
warm build loads them from the chart cache). Prints one JSON object with the best of the runs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("LLM_COST_CACHE_DIR", "off")

from analysis.compute.precompute import compute_inputs, report_trends  # noqa: E402
from analysis.core.paths import DATA_DIR  # noqa: E402
from analysis.inputs.parameters import ReportParameters  # noqa: E402
from analysis.present.charts import trends as charts  # noqa: E402
from analysis.present.i18n import Localizer  # noqa: E402
from analysis.present.narrative.trends import prices_over_time_section  # noqa: E402

GOAL_SECONDS = 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args(argv).runs
    inputs = compute_inputs(ReportParameters())
    loc = Localizer("en")
    timings = {"tables_s": [], "markdown_s": [], "charts_cold_s": []}
    for _ in range(runs):
        start = time.perf_counter()
        trends = report_trends(inputs.data, inputs.decision, DATA_DIR)
        tables = time.perf_counter()
        prices_over_time_section(trends, inputs.data.curated.published_trends, inputs.decision.models, loc)
        markdown = time.perf_counter()
        charts.price_steps_chart(trends, inputs.decision.models, loc)
        charts.threshold_chart(trends, loc)
        done = time.perf_counter()
        for name, seconds in zip(timings, (tables - start, markdown - tables, done - markdown)):
            timings[name].append(round(seconds, 3))
    best = {name: min(values) for name, values in timings.items()}
    print(json.dumps({"runs": timings, "best": best, "warm_build_adds_s": best["markdown_s"],
                      "goal_s": GOAL_SECONDS, "meets_goal": best["markdown_s"] < GOAL_SECONDS}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
