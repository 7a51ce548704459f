"""Shared by the chart tests (not a test module): capture the figures behind rendered charts,
check what a rendered figure prints, and a task-cost frame built from Aider's real leaderboard."""

from __future__ import annotations

import contextlib
import re

import numpy as np
import pandas as pd
import yaml
from matplotlib.text import Text

from analysis.compute.pareto import pareto
from analysis.core.paths import external_dir
from analysis.present.charts import figures, labels, style


@contextlib.contextmanager
def captured_figures():
    """Every matplotlib Figure rendered to PNG inside the block, in order."""
    figs = []
    original = figures.to_png

    def recording(fig):
        png = original(fig)
        figs.append(fig)
        return png

    figures.to_png = recording
    try:
        yield figs
    finally:
        figures.to_png = original


def printed_font_sizes(fig) -> list[float]:
    """Point size of every visible, non-empty text of ``fig`` once the PDF sets the figure at the
    text width (a figure wider than the text block is scaled down)."""
    scale = style.TEXT_WIDTH_IN / fig.get_figwidth()
    return [t.get_fontsize() * scale for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def overlapping_labels(fig) -> list[tuple[str, str]]:
    """Pairs of data labels whose rendered boxes overlap."""
    texts = [t for t in fig.findobj(Text) if t.get_gid() == labels.LABEL_GID and t.get_text()]
    boxes = labels.label_boxes(fig)
    return [(texts[i].get_text(), texts[j].get_text()) for i, j in labels.overlapping_pairs(boxes)]


def aider_task_frame() -> pd.DataFrame:
    """The task-cost schema of analysis/tasks.py from ../shared/external/aider_polyglot_leaderboard.yml:
    one row per run; the setting is the run's reasoning_effort or the name's "(...)" suffix;
    usd_per_solved_task = total_cost / (pass_rate_2 / 100 * test_cases) (cost 0 = not measured: NaN)."""
    runs = yaml.safe_load((external_dir() / "aider_polyglot_leaderboard.yml").read_text(encoding="utf-8"))
    rows = []
    for run in runs:
        model = str(run["model"])
        suffix = re.search(r"\(([^)]*)\)\s*$", model)
        base = re.sub(r"\s*\([^)]*\)\s*$", "", model)
        cost = float(run.get("total_cost") or 0.0)
        solved = run["pass_rate_2"] / 100 * run["test_cases"]
        rows.append({"aider_model": model, "model_id": base.lower().replace(" ", "-"), "display_name": base,
                     "reasoning_setting": str(run.get("reasoning_effort") or (suffix.group(1) if suffix else "")),
                     "date": str(run["date"]), "test_cases": run["test_cases"],
                     "pass_rate_2_percent": float(run["pass_rate_2"]), "solved_cases": solved,
                     "total_cost_usd": cost if cost > 0 else np.nan,
                     "usd_per_solved_task": cost / solved if cost > 0 and solved > 0 else np.nan})
    frame = pd.DataFrame(rows)
    frame["run"] = range(len(frame))
    front = pareto(frame, {"pass_rate_2_percent": "max", "usd_per_solved_task": "min"}, id_column="run")
    frame["on_frontier"] = frame["run"].map(front.points.set_index("run")["on_front"])
    return frame.drop(columns="run")
