"""Charts of the report: matplotlib/seaborn figures with translated labels and Babel ticks.

Every chart function takes computed DataFrames and a :class:`~analysis.i18n.Localizer` and
returns PNG bytes (deterministic: fixed size, dpi and no software/date metadata), so that the
notebook only displays them and the tests can check them.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

from analysis.i18n import Localizer, escape_mathtext  # noqa: E402

DPI = 110
PALETTE = "colorblind"


def new_figure(width: float = 7.5, height: float = 4.0):
    """A fresh (figure, axes) pair in the report's style."""
    sns.set_theme(style="whitegrid", palette=PALETTE, rc={"svg.hashsalt": "llm-cost-report"})
    return plt.subplots(figsize=(width, height), dpi=DPI)


def to_png(fig) -> bytes:
    """Render and close a figure; PNG bytes without Software/date metadata (reproducible)."""
    buffer = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def label(text: object) -> str:
    """Data text made safe for a matplotlib label."""
    return escape_mathtext(text)


def budget_chart(budget: pd.DataFrame, loc: Localizer) -> bytes:
    """Horizontal bars: monthly cost in USD per (model, provider); missing prices are listed
    as such, not drawn as 0. ``budget`` needs ``display_name``, ``provider_name``, ``usd_total``."""
    _ = loc.gettext
    frame = budget.copy()
    frame["bar_label"] = [f"{label(m)} · {label(p)}" for m, p in zip(frame["display_name"], frame["provider_name"])]
    priced = frame[frame["usd_total"].notna()].sort_values(["usd_total", "bar_label"])
    missing = frame[frame["usd_total"].isna()]
    fig, ax = new_figure(7.5, 0.45 * max(len(priced), 1) + 1.6)
    colours = sns.color_palette(PALETTE, n_colors=max(priced["display_name"].nunique(), 1))
    colour_of = dict(zip(sorted(priced["display_name"].unique()), colours))
    ax.barh(priced["bar_label"], priced["usd_total"], color=[colour_of[m] for m in priced["display_name"]])
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(loc.tick_formatter("money"))
    for y, value in enumerate(priced["usd_total"]):
        ax.annotate(loc.money(value), (value, y), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=8)
    ax.set_xlim(priced["usd_total"].min() / 2 if len(priced) else 0.01,
                priced["usd_total"].max() * 8 if len(priced) else 1)
    ax.set_xlabel(_("USD per month (log scale)"))
    ax.set_title(_("Monthly cost of the workload by model and provider"))
    if len(missing):
        names = ", ".join(sorted(f"{label(m)} · {label(p)}" for m, p in zip(missing["display_name"], missing["provider_name"])))
        fig.text(0.01, 0.005, _("No listed price (not drawn): {names}").format(names=names), fontsize=7, ha="left", va="bottom")
    return to_png(fig)


def price_vs_score_chart(points: pd.DataFrame, loc: Localizer, *, score_label: str) -> bytes:
    """Scatter: blended price (USD per 1M tokens, log x) against a quality score (y, %).
    ``points`` needs ``display_name``, ``usd_per_mtok_blended``, ``score_percent``."""
    _ = loc.gettext
    frame = points.dropna(subset=["usd_per_mtok_blended", "score_percent"])
    fig, ax = new_figure(7.5, 4.5)
    ax.scatter(frame["usd_per_mtok_blended"], frame["score_percent"], s=40, color=sns.color_palette(PALETTE)[0])
    for name, x, y in zip(frame["display_name"], frame["usd_per_mtok_blended"], frame["score_percent"]):
        ax.annotate(label(name), (x, y), xytext=(4, 3), textcoords="offset points", fontsize=8)
    if len(frame):
        ax.set_xscale("log")
        ax.set_xlim(frame["usd_per_mtok_blended"].min() / 2, frame["usd_per_mtok_blended"].max() * 3)
    ax.xaxis.set_major_formatter(loc.tick_formatter("money"))
    ax.yaxis.set_major_formatter(loc.tick_formatter("number"))
    ax.set_xlabel(_("Blended price, USD per 1M tokens (3 input : 1 output, log scale)"))
    ax.set_ylabel(score_label)
    ax.set_title(_("Price against quality"))
    return to_png(fig)


def market_chart(per_model: pd.DataFrame, highlight: pd.DataFrame, loc: Localizer) -> bytes:
    """Histogram of the market's blended prices (log x), the selected models marked.
    ``per_model`` needs ``usd_per_mtok_blended``; ``highlight`` also ``display_name``."""
    _ = loc.gettext
    values = per_model["usd_per_mtok_blended"].dropna()
    fig, ax = new_figure(7.5, 3.8)
    if len(values):
        bins = np.logspace(np.log10(values.min()), np.log10(values.max()), 30) if values.min() < values.max() else 10
        ax.hist(values, bins=bins, color=sns.color_palette(PALETTE)[0], alpha=0.8)
        ax.set_xscale("log")
    ax.xaxis.set_major_formatter(loc.tick_formatter("money"))
    ax.yaxis.set_major_formatter(loc.tick_formatter("number"))
    top = ax.get_ylim()[1]
    for position, row in enumerate(highlight.dropna(subset=["usd_per_mtok_blended"]).itertuples()):
        ax.axvline(row.usd_per_mtok_blended, color=sns.color_palette(PALETTE)[3], lw=1.2)
        ax.annotate(label(row.display_name), (row.usd_per_mtok_blended, top * (0.92 - 0.1 * (position % 4))),
                    xytext=(3, 0), textcoords="offset points", fontsize=7)
    ax.set_xlabel(_("Blended price, USD per 1M tokens (3 input : 1 output, log scale)"))
    ax.set_ylabel(_("Models"))
    ax.set_title(_("Where the selected models sit in the market"))
    return to_png(fig)
