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


def budget_chart(costs: pd.DataFrame, loc: Localizer) -> bytes:
    """One bar per model: the monthly cost at its cheapest provider; a line to the dearest
    provider shows the spread. Models without any price are named below the chart, not drawn
    as 0. ``costs`` needs ``model_id``, ``display_name``, ``provider_name``, ``usd_total``."""
    _ = loc.gettext
    priced = costs[costs["usd_total"].notna()]
    grouped = priced.groupby("display_name")["usd_total"]
    summary = pd.DataFrame({"low": grouped.min(), "high": grouped.max()}).sort_values(["low", "high"])
    cheapest = (priced.sort_values(["usd_total", "provider_name"]).drop_duplicates("display_name")
                .set_index("display_name")["provider_name"])
    missing = sorted(set(costs["display_name"]) - set(summary.index))
    fig, ax = new_figure(7.5, 0.38 * max(len(summary), 1) + 1.6)
    y = np.arange(len(summary))
    ax.barh(y, summary["low"], color=sns.color_palette(PALETTE)[0], label=_("cheapest provider"))
    spread = summary["high"] > summary["low"]
    ax.hlines(y[spread], summary["low"][spread], summary["high"][spread], color="0.35", lw=1.2)
    ax.plot(summary["high"][spread], y[spread], "|", color="0.35", ms=9, label=_("dearest provider"))
    ax.set_yticks(y, [f"{label(name)} ({label(cheapest[name])})" for name in summary.index], fontsize=8)
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(loc.tick_formatter("money"))
    for position, value in zip(y, summary["low"]):
        ax.annotate(loc.money(value), (value, position), xytext=(3, -9), textcoords="offset points", fontsize=7)
    if len(summary):
        ax.set_xlim(summary["low"].min() / 3, summary["high"].max() * 3)
    ax.set_xlabel(_("USD per month (log scale)"))
    ax.set_title(_("Monthly cost of the workload by model"))
    ax.legend(loc="lower right", fontsize=8)
    if missing:
        fig.text(0.01, 0.005, _("No listed price (not drawn): {names}").format(names=", ".join(label(m) for m in missing)),
                 fontsize=7, ha="left", va="bottom")
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
