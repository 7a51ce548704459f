"""``python -m analysis refresh`` from already-downloaded wheels, timed (issue 17 asks for under 10 s).

    python bench/refresh.py [--repeat 3]

Copies data/ to a temporary folder, then refreshes the copy (``--accept-removed``) in a fresh
process each time, with the wheels in build/.wheels/ (the index is still asked for the newest
versions). Prints one JSON object: the wall seconds of each run and the best; data/ is not touched.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    seconds = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as folder:
            data = Path(folder) / "data"
            shutil.copytree(ROOT / "data", data)
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "analysis", "refresh", "--accept-removed", "--data-dir", str(data)],
                           cwd=ROOT, check=True, capture_output=True)
            seconds.append(round(time.perf_counter() - start, 2))
    print(json.dumps({"refresh_seconds": seconds, "best": min(seconds)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
