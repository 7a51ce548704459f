"""Write bench/RESULTS.md from the raw numbers of bench/run.py (also: ``python -m bench.report``
re-renders it from bench/results.json)."""

from __future__ import annotations

import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("papermill", "nbconvert", "nbclient", "ipykernel", "jupyter_client", "matplotlib", "seaborn", "pandas",
            "numpy", "scipy", "pandera", "dask", "distributed")


def machine() -> list[str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    mem_kib = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                    if line.startswith("MemTotal")), 0)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        tex = subprocess.run(["xelatex", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        tex = "not installed"
    versions = ", ".join(f"{name} {_version(name)}" for name in PACKAGES)
    return [f"- CPU: {cpu}, {cores} cores available; RAM {mem_kib / 1024 / 1024:.1f} GiB",
            f"- {platform.platform()}; Python {sys.version.split()[0]}; xelatex: {tex}",
            f"- {versions}"]


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def med(samples: list[dict], key: str = "wall_s") -> float:
    return statistics.median(s[key] for s in samples)


def verdict(value: float, limit: float) -> str:
    return "**met**" if value <= limit else f"**missed** by {value / limit - 1:.0%}"


def stage_breakdown(samples: list[dict]) -> str:
    """Stage lines of the median run, as 'stage (s from start)'."""
    run = sorted(samples, key=lambda s: s["wall_s"])[len(samples) // 2]
    return "; ".join(f"{name} at {t:.1f} s" for name, t in run.get("stages", {}).items())


def write_results(raw: dict, out: Path) -> None:
    b, lang, cat, batch = raw["builds"], raw["languages"], raw["catalogue"], raw["batch"]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    lines = ["# Speed benchmark (issue 11)", "",
             "Written by `python bench/run.py` (do not edit by hand; re-run it). Medians of "
             f"{raw['repeat']} interleaved repetitions; wall seconds unless noted. The run took "
             f"{raw['minutes']:.0f} min; load average before {raw['load_before'][0]:.2f}, after "
             f"{raw['load_after'][0]:.2f} (above {cores} means other processes shared the cores and every time "
             "below is inflated; the ratios are less affected, since both sides ran side by side).", "",
             "## Machine", "", *machine(), ""]
    lines += ["## Floors and one language", "",
              "Floor = `papermill` CLI on an empty notebook with one parameter, then `jupyter nbconvert --to html` "
              "(and `--to pdf`) of it, each a fresh interpreter (issue 11's definition). Build = "
              "`python -m analysis build --lang en --reports-dir TMP [--no-pdf]`, one process; cold = empty "
              "analysis/chart cache, warm = the cache an identical build left.", "",
              "| measure | median s | cpu s (median) | runs |", "|---|---:|---:|---|"]
    for name, samples in b.items():
        runs = ", ".join(f"{s['wall_s']:.2f}" for s in samples)
        lines.append(f"| {name} | {med(samples):.2f} | {med(samples, 'cpu_s'):.2f} | {runs} |")
    breakdown = stage_breakdown(b["build_html_cold"])
    lines += ["", "Where a cold HTML build spends its time (progress lines of the median run, seconds from the "
              f"start): {breakdown or 'not available (this build prints no elapsed seconds on its progress lines)'}.", ""]
    targets = ["## Targets", "", "| target | measured | limit | verdict |", "|---|---:|---:|---|"]
    html_cold, floor_html = med(b["build_html_cold"]), med(b["floor_html"])
    targets.append(f"| one language HTML (cold) ≤ 1.25 × floor | {html_cold:.2f} s = {html_cold / floor_html:.2f} × "
                   f"{floor_html:.2f} s | {1.25 * floor_html:.2f} s | {verdict(html_cold, 1.25 * floor_html)} |")
    if "build_html_warm" in b:
        html_warm = med(b["build_html_warm"])
        targets.append(f"| one language HTML (warm) ≤ 1.25 × floor | {html_warm:.2f} s = {html_warm / floor_html:.2f} × | "
                       f"{1.25 * floor_html:.2f} s | {verdict(html_warm, 1.25 * floor_html)} |")
    if "build_pdf_cold" in b:
        for kind in [k for k in ("cold", "warm") if f"build_pdf_{k}" in b]:
            value, limit = med(b[f"build_pdf_{kind}"]), 1.25 * med(b["floor_pdf"])
            targets.append(f"| HTML + PDF ({kind}) ≤ 1.25 × floor with PDF | {value:.2f} s = "
                           f"{value / med(b['floor_pdf']):.2f} × | {limit:.2f} s | {verdict(value, limit)} |")
    one = med(b["build_pdf_cold"]) if raw["with_pdf"] else html_cold
    n = len(raw.get("language_list", ["en", "es", "de"]))
    limit = 1.3 * one * math.ceil(n / cores)
    for name, samples in lang.items():
        mode = name.split("_")[1]
        judged = verdict(med(samples), limit) if mode == "parallel" else "(for comparison: `--jobs 1`)"
        label = "`make reports` (parallel)" if mode == "parallel" else "one after another"
        targets.append(f"| all {n} languages, {label} ≤ 1.3 × one × ceil({n}/{cores}) | "
                       f"{med(samples):.2f} s | {limit:.2f} s | {judged} |")
    analysis_s = statistics.median(c["analysis_s"] for c in cat)
    rss = max(c["peak_rss_mib"] for c in cat)
    targets.append(f"| whole-catalogue analysis < 1 s | {analysis_s:.3f} s | 1 s | {verdict(analysis_s, 1.0)} |")
    targets.append(f"| … peak RSS < 1 GiB | {rss:.0f} MiB | 1024 MiB | {verdict(rss, 1024)} |")
    if batch:
        one_w, two_w = batch["batch_1_workers"]["wall_s"], batch["batch_2_workers"]["wall_s"]
        targets.append(f"| 24 variants: 2 workers ≤ 0.6 × 1 worker | {two_w:.1f} s = {two_w / one_w:.2f} × "
                       f"{one_w:.1f} s | {0.6 * one_w:.1f} s | {verdict(two_w, 0.6 * one_w)} |")
    lines += targets + [""]
    described = []
    for name, samples in lang.items():
        runs = ", ".join(f"{x['wall_s']:.1f}" for x in samples)
        described.append(f"{name} {med(samples):.2f} s (runs {runs})")
    kind = "HTML + PDF" if raw["with_pdf"] else "HTML"
    lines += [f"All languages ({kind}, cold cache): " + "; ".join(described) + ".", ""]
    c = cat[0]
    lines += ["## Whole LiteLLM catalogue", "",
              f"`bench/catalogue.py` in a process of its own: {c['rows_costed']:,} price rows costed, a Pareto front "
              f"(price vs context window) over {c['catalogue_models']:,} catalogue models ({c['catalogue_front']} on "
              f"the front), use-case scores and fronts of the {c['scored_models']} models with benchmark scores, and "
              f"a {c['draws']:,}-draw Monte Carlo over them. Analysis = everything after the imports.", "",
              "| run | imports s | " + " | ".join(k for k in c["steps_s"] if k != "imports")
              + " | analysis s | peak RSS MiB |", "|---|" + "---:|" * (len(c["steps_s"]) + 2)]
    for i, run in enumerate(cat, 1):
        steps = run["steps_s"]
        lines.append(f"| {i} | {steps['imports']:.2f} | " + " | ".join(f"{v:.3f}" for k, v in steps.items()
                                                                        if k != "imports")
                     + f" | {run['analysis_s']:.3f} | {run['peak_rss_mib']:.0f} |")
    if batch:
        lines += ["", "## Batch", "", "`python -m analysis batch bench/variants-24.yaml --workers N` (3 languages × "
                  "4 workloads × 2 model sets, HTML only, cold cache, fresh output folder):", ""]
        lines += [f"- {name.replace('_', ' ').replace('1 workers', '1 worker')}: {s['wall_s']:.1f} s ({s['summary']})"
                  for name, s in batch.items()]
    notes = ROOT / "bench" / "NOTES.md"
    if notes.is_file():
        lines += ["", notes.read_text(encoding="utf-8").strip()]
    out.write_text("\n".join(re.sub(r"[ \t]+$", "", line) for line in lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    data = json.loads((ROOT / "bench" / "results.json").read_text(encoding="utf-8"))
    write_results(data, ROOT / "bench" / "RESULTS.md")
