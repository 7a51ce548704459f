"""The speed benchmark of issue 11: floors, builds, languages, catalogue analysis, batch.

    python bench/run.py [--repeat 3] [--skip-batch] [--skip-pdf] [--out bench/RESULTS.md]

Everything runs as the user runs it, in fresh processes (``python -m analysis ...`` and the
tools' own command lines), with outputs in a temporary folder (``reports/`` is not touched).
Repetitions are interleaved (floor, build, floor, build, ...) so that a change in the machine's
load hits both sides of a ratio; the tables show medians. "Cold" builds start from an empty
content-hashed cache (``$LLM_COST_CACHE_DIR`` set to a fresh folder), "warm" ones from the cache an
identical build left (same inputs: the analysis, charts and exports are loaded). Writes
``bench/RESULTS.md`` and ``bench/results.json`` (the raw numbers).

The floor, as issue 11 defines it: the papermill CLI on an empty notebook with one parameter,
then ``jupyter nbconvert --to html`` of its output (HTML floor); plus ``jupyter nbconvert --to
pdf`` of it (PDF floor). Both are command-line runs (a fresh interpreter each).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.report import write_results  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LANGUAGES = ["en", "es", "de"]


def run(command: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> dict:
    """Run ``command``; wall seconds, CPU seconds of the process tree (children's user+sys),
    the load average before, and stdout. Raises if the command fails."""
    before = os.times()
    load = os.getloadavg()[0]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = os.times()
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return {"wall_s": wall, "cpu_s": cpu, "load": load, "stdout": done.stdout}


def empty_notebook(folder: Path) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x = 1")
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "empty.ipynb"
    nbformat.write(nb, path)
    return path


def floor(folder: Path, pdf: bool) -> dict:
    """papermill CLI + nbconvert HTML CLI (+ nbconvert PDF CLI) on the empty notebook."""
    source = empty_notebook(folder)
    out = folder / "out.ipynb"
    steps = {"papermill": run([str(BIN / "papermill"), "--no-progress-bar", "--log-level", "ERROR", str(source),
                               str(out), "-p", "x", "2"], cwd=folder),
             "nbconvert_html": run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(out)], cwd=folder)}
    if pdf:
        steps["nbconvert_pdf"] = run([str(BIN / "jupyter"), "nbconvert", "--to", "pdf", str(out)], cwd=folder)
    return {"wall_s": sum(s["wall_s"] for s in steps.values()), "cpu_s": sum(s["cpu_s"] for s in steps.values()),
            "load": steps["papermill"]["load"], "steps": {k: round(v["wall_s"], 3) for k, v in steps.items()}}


def build(folder: Path, langs: list[str], pdf: bool, cache: Path, jobs: int | None = None) -> dict:
    command = [sys.executable, "-m", "analysis", "build", "--lang", *langs, "--reports-dir", str(folder / "reports")]
    command += [] if pdf else ["--no-pdf"]
    command += [] if jobs is None else ["--jobs", str(jobs)]
    result = run(command, env={"LLM_COST_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)})
    result["stages"] = stages(result.pop("stdout"))
    return result


def stages(stdout: str) -> dict[str, float]:
    """Seconds from the start to each progress line (``[  4.2 s] [en] exporting HTML``)."""
    found = {}
    for line in stdout.splitlines():
        match = re.match(r"\[\s*([\d.]+) s\] (.*)", line)
        if match:
            found[match.group(2)[:60]] = float(match.group(1))
    return found


def build_options() -> str:
    """The help text of ``python -m analysis build`` (which options this checkout has)."""
    return run([sys.executable, "-m", "analysis", "build", "--help"], env={"PYTHONPATH": str(ROOT)})["stdout"]


def has_cache() -> bool:
    return (ROOT / "analysis" / "cache.py").is_file()


def fresh(folder: Path, name: str) -> Path:
    path = folder / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def median(samples: list[dict], key: str = "wall_s") -> float:
    return statistics.median(s[key] for s in samples)


def bench_builds(tmp: Path, repeat: int, with_pdf: bool) -> dict:
    """Interleaved repetitions of floors and one-language builds (cold and warm)."""
    samples: dict[str, list[dict]] = {}
    warm_cache = fresh(tmp, "warm-cache")
    warm = has_cache()
    if warm:
        build(fresh(tmp, "prime"), ["en"], with_pdf, warm_cache)  # fills the warm cache (charts for PDF too)
    plan = [("floor_html", lambda: floor(fresh(tmp, "floor"), pdf=False)),
            ("build_html_cold", lambda: build(fresh(tmp, "b"), ["en"], False, fresh(tmp, "cold-cache")))]
    plan += [("build_html_warm", lambda: build(fresh(tmp, "b"), ["en"], False, warm_cache))] if warm else []
    if with_pdf:
        plan += [("floor_pdf", lambda: floor(fresh(tmp, "floor"), pdf=True)),
                 ("build_pdf_cold", lambda: build(fresh(tmp, "b"), ["en"], True, fresh(tmp, "cold-cache")))]
        plan += [("build_pdf_warm", lambda: build(fresh(tmp, "b"), ["en"], True, warm_cache))] if warm else []
    for rep in range(repeat):
        for name, step in plan:
            result = step()
            samples.setdefault(name, []).append(result)
            print(f"  {name:18s} rep {rep + 1}: {result['wall_s']:6.2f} s wall, {result['cpu_s']:6.2f} s cpu, "
                  f"load {result['load']:.2f}", flush=True)
    return samples


def bench_languages(tmp: Path, repeat: int, with_pdf: bool) -> dict:
    """All languages: one after another (--jobs 1) and in parallel (default), cold cache; only
    one after another (one process, no --jobs) where the CLI has no --jobs."""
    samples: dict[str, list[dict]] = {}
    modes = ((("languages_sequential", 1), ("languages_parallel", None)) if "--jobs" in build_options()
             else (("languages_sequential", None),))
    for rep in range(repeat):
        for name, jobs in modes:
            result = build(fresh(tmp, "b"), LANGUAGES, with_pdf, fresh(tmp, "cold-cache"), jobs=jobs)
            samples.setdefault(name, []).append(result)
            print(f"  {name:22s} rep {rep + 1}: {result['wall_s']:6.2f} s wall, load {result['load']:.2f}", flush=True)
    return samples


def bench_catalogue(repeat: int) -> list[dict]:
    out = []
    for rep in range(repeat):
        result = run([sys.executable, str(ROOT / "bench" / "catalogue.py")], env={"PYTHONPATH": str(ROOT)})
        numbers = json.loads(result["stdout"].strip().splitlines()[-1])
        out.append({**numbers, "wall_s": result["wall_s"], "load": result["load"]})
        print(f"  catalogue rep {rep + 1}: analysis {numbers['analysis_s']:.3f} s, "
              f"peak RSS {numbers['peak_rss_mib']:.0f} MiB", flush=True)
    return out


def bench_batch(tmp: Path) -> dict:
    """The 24 variants of bench/variants-24.yaml (HTML only), 1 then 2 local workers, cold."""
    samples = {}
    for workers in (1, 2):
        result = run([sys.executable, "-m", "analysis", "batch", str(ROOT / "bench" / "variants-24.yaml"),
                      "--output", str(fresh(tmp, f"batch-{workers}")), "--workers", str(workers)],
                     env={"LLM_COST_CACHE_DIR": str(fresh(tmp, "cold-cache")), "PYTHONPATH": str(ROOT)})
        summary = result.pop("stdout").strip().splitlines()[-1]
        samples[f"batch_{workers}_workers"] = {**result, "summary": summary}
        print(f"  batch, {workers} worker(s): {result['wall_s']:.1f} s ({summary})", flush=True)
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of each build and floor (median)")
    parser.add_argument("--skip-batch", action="store_true", help="leave out the 24-variant batch (about 5 min)")
    parser.add_argument("--skip-pdf", action="store_true", help="leave out everything with a PDF")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args(argv)
    with_pdf = not args.skip_pdf and shutil.which("xelatex") is not None and shutil.which("pandoc") is not None
    tmp = Path(tempfile.mkdtemp(prefix="llm-cost-bench-"))
    started = time.time()
    load_before = os.getloadavg()
    try:
        print("floors and one-language builds", flush=True)
        builds = bench_builds(tmp, args.repeat, with_pdf)
        print("all languages", flush=True)
        languages = bench_languages(tmp, max(1, math.ceil(args.repeat / 2)), with_pdf)
        print("whole-catalogue analysis", flush=True)
        catalogue = bench_catalogue(max(3, args.repeat))
        batch = {} if args.skip_batch else (print("batch of 24 variants", flush=True) or bench_batch(tmp))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    raw = {"builds": builds, "languages": languages, "catalogue": catalogue, "batch": batch, "repeat": args.repeat,
           "language_list": LANGUAGES, "with_pdf": with_pdf, "minutes": (time.time() - started) / 60, "load_before": load_before,
           "load_after": os.getloadavg()}
    (args.out.parent / "results.json").write_text(json.dumps(raw, indent=1, default=str) + "\n", encoding="utf-8")
    write_results(raw, args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
