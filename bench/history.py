"""Rebuilding the price history from the cached wheels, timed (issue 17, goal: under 60 s).

    python bench/history.py [--runs 3]

Runs ``build_history(offline=True)`` (the cached PyPI index and wheels, no network: run
``make history`` once first) into a temporary folder, so data/ is never touched, and prints one
JSON object: seconds of each run (each reads and hashes every wheel, parses every price map,
derives the change rows and writes both files), the best run, the snapshots and rows written and
whether every run gave the same bytes as the committed data/price_history.csv.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.build.price_history import HISTORY_FILE, build_history  # noqa: E402
from analysis.core.paths import DATA_DIR  # noqa: E402

GOAL_SECONDS = 60.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    seconds, same, result = [], [], None
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            result = build_history(Path(folder), offline=True, progress=lambda line: None)
            seconds.append(round(time.perf_counter() - start, 2))
            same.append((Path(folder) / HISTORY_FILE).read_bytes() == (DATA_DIR / HISTORY_FILE).read_bytes())
    print(json.dumps({"runs_seconds": seconds, "best_seconds": min(seconds), "goal_seconds": GOAL_SECONDS,
                      "snapshots": len(result.sources), "rows": len(result.history),
                      "same_bytes_as_committed": all(same)}, indent=1))
    return 0 if min(seconds) < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
