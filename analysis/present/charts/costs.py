"""Charts of the report's cost and market sections, and the task-cost chart.

Every chart function takes computed DataFrames and a :class:`~analysis.present.i18n.Localizer` and
returns an :class:`analysis.present.charts.figures.Chart` (PNG bytes, translated alt text stating the finding,
file slug), drawn at print width with the fixed style of :mod:`analysis.present.charts.style`; a model has the
same colour and marker in every chart (:func:`analysis.present.charts.style.model_styles`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.present.charts import style
from analysis.present.charts.figures import (Chart, blank_figure, footnote, front_scatter, label, labelled_height,
                                             log_ticks, new_figure, render, short_name, styled, styles_for, title)
from analysis.present.charts.labels import LABEL_GID, text_size_px
from analysis.present.i18n import Localizer


def histogram_edges(values, bins: int) -> np.ndarray:
    """``bins + 1`` log-spaced edges whose first and last equal the smallest and largest value
    exactly (``logspace`` alone can land a hair inside and drop an extreme). Positive values only."""
    values = np.asarray(values, float)
    low, high = float(values.min()), float(values.max())
    if low <= 0:
        raise ValueError("log-spaced bins need positive values")
    if low == high:
        return np.array([low / 1.25, high * 1.25])
    edges = np.logspace(np.log10(low), np.log10(high), bins + 1)
    edges[0], edges[-1] = low, high
    return edges


@styled
def budget_chart(costs: pd.DataFrame, loc: Localizer, models: pd.DataFrame | None = None) -> Chart:
    """One row per model, cheapest first: a marker at the monthly cost at its cheapest provider
    with the amount on its left, a line to the dearest provider's cost, the cheapest provider's
    name on the right. Models without any price are named below the chart, not drawn as 0.
    ``costs`` needs ``model_id``, ``display_name``, ``provider_name``, ``usd_total``; ``models``
    (with ``developer``) gives each model its colour and marker."""
    _ = loc.gettext
    priced = costs[costs["usd_total"].notna()]
    grouped = priced.groupby("model_id")["usd_total"]
    summary = pd.DataFrame({"low": grouped.min(), "high": grouped.max()}).rename_axis("id")
    summary = summary.sort_values(["low", "high", "id"], ascending=False)
    cheapest = priced.sort_values(["usd_total", "provider_name"]).drop_duplicates("model_id").set_index("model_id")
    names = dict(zip(costs["model_id"], costs["display_name"]))
    missing = sorted({label(names[m]) for m in set(costs["model_id"]) - set(summary.index)})
    styles = styles_for(models, summary.index)
    rows = max(len(summary), 1)
    fig, ax = new_figure(float(np.clip(7.6 / rows, 0.18, 0.25)) * rows + 1.4)   # about 9 in at most for 42 rows
    y = np.arange(len(summary))
    spread = (summary["high"] > summary["low"]).to_numpy()
    ax.hlines(y[spread], summary["low"][spread], summary["high"][spread], color="#9A9A9A", lw=1.2, zorder=2)
    ax.plot(summary["high"][spread], y[spread], "|", color="#555555", ms=9, mew=1.4, zorder=2,
            label=_("dearest provider"))
    ax.scatter([], [], marker="o", s=48, facecolors=style.GREY, edgecolors="white", label=_("cheapest provider"))
    amounts = [loc.money(v) for v in summary["low"]]
    providers = [label(cheapest.loc[m, "provider_name"]) for m in summary.index]
    for position, model_id, amount, provider in zip(y, summary.index, amounts, providers):
        low, high = summary.loc[model_id, ["low", "high"]]
        ax.scatter([low], [position], zorder=3, **styles[model_id].scatter(48))
        ax.annotate(amount, (low, position), xytext=(-7, 0), textcoords="offset points", ha="right", va="center",
                    fontsize=style.FONT_PT, color=style.INK)
        ax.annotate(provider, (high, position), xytext=(7, 0), textcoords="offset points", ha="left", va="center",
                    fontsize=style.FONT_PT, color="#555555")
    ax.set_yticks(y, [short_name(names[m]) for m in summary.index])
    ax.set_xscale("log")
    log_ticks(ax.xaxis, loc, "money")
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(_("USD per month (log scale)"))
    title(fig, _("Monthly cost of the workload by model"))
    if missing:
        footnote(fig, _("No listed price (not drawn): {names}").format(names=", ".join(missing)))
    if len(summary):
        ax.set_xlim(summary["low"].min() / 2, summary["high"].max() * 2)
        ax.set_ylim(-0.7, len(summary) - 0.3)
        ax.legend(loc="lower left")
    for text in ax.texts:
        text.set_in_layout(False)
    fig.tight_layout()
    if len(summary):
        gap = 7 * fig.dpi / 72 + 10               # the 7 pt offset, half a marker and a little air, in px
        width = lambda texts: np.array([text_size_px(fig, t, style.FONT_PT)[0] + gap for t in texts])  # noqa: E731
        fit_log_limits(ax, summary["low"].to_numpy(float), width(amounts), summary["high"].to_numpy(float),
                       width(providers))
    return render(fig, _budget_alt(summary, cheapest, names, loc), "budget")


def fit_log_limits(ax, lows: np.ndarray, left_px: np.ndarray, highs: np.ndarray, right_px: np.ndarray) -> None:
    """Set a log x-axis' limits so that ``left_px`` pixels fit left of each ``lows`` value and
    ``right_px`` right of each ``highs`` value. With ``s`` px per decade the limits are
    ``min(log lows - left/s)`` and ``max(log highs + right/s)``, and ``s`` = axes width / their
    span: a fixed point, found by iteration (it exists while the labels fit in the width)."""
    width = ax.get_window_extent().width
    logs_low, logs_high = np.log10(lows), np.log10(highs)
    s = width / max(logs_high.max() - logs_low.min() + 1.0, 1e-9)
    for _step in range(50):
        start, end = (logs_low - left_px / s).min(), (logs_high + right_px / s).max()
        s = width / (end - start)
    ax.set_xlim(10 ** start, 10 ** end)


def _budget_alt(summary: pd.DataFrame, cheapest: pd.DataFrame, names: dict, loc: Localizer) -> str:
    _ = loc.gettext
    if summary.empty:
        return _("No model has a listed price for this workload.")
    low_id, high_id = summary.index[-1], summary.index[0]
    return _("Monthly cost of the workload at each model's cheapest provider: {cheap_model} is the cheapest at "
             "{cheap_cost} via {provider}; {dear_model} is the dearest at {dear_cost}.").format(
        cheap_model=label(names[low_id]), cheap_cost=loc.money(summary.loc[low_id, "low"]),
        provider=label(cheapest.loc[low_id, "provider_name"]), dear_model=label(names[high_id]),
        dear_cost=loc.money(summary.loc[high_id, "low"]))


def pack_lanes(x: np.ndarray, widths: np.ndarray, offset: float, gap: float, right_edge: float) -> tuple[np.ndarray, np.ndarray]:
    """Rows for labels beside points on one axis (all in pixels): each point, left to right,
    goes into the first row where its label fits to the right of it, else to the left of it
    (``gap`` from any other label or point of that row), else into a new row. Returns
    (row, label_on_the_right) per point."""
    rows: list[list[tuple[float, float]]] = []
    lane = np.zeros(len(x), dtype=int)
    right = np.ones(len(x), dtype=bool)
    for i in np.argsort(x, kind="mergesort"):
        options = [(True, x[i] - offset, x[i] + offset + widths[i]), (False, x[i] - offset - widths[i], x[i] + offset)]
        options = [o for o in options if o[1] >= -offset and o[2] <= right_edge + offset] or options[1:]
        for row, spans in enumerate([*rows, []]):
            fit = next((o for o in options if all(o[2] + gap <= a or b + gap <= o[1] for a, b in spans)), None)
            if fit is not None:
                if row == len(rows):
                    rows.append([])
                rows[row].append((fit[1], fit[2]))
                lane[i], right[i] = row, fit[0]
                break
    return lane, right


@styled
def market_chart(per_model: pd.DataFrame, highlight: pd.DataFrame, loc: Localizer,
                 models: pd.DataFrame | None = None) -> Chart:
    """Histogram of the market's blended prices (log x) and, below it on the same axis, the
    selected models, each labelled; labels are packed into rows so that none overlap.
    ``per_model`` needs ``usd_per_mtok_blended``; ``highlight`` also ``model_id, display_name``."""
    _ = loc.gettext
    values = per_model["usd_per_mtok_blended"].dropna()
    positive = values[values > 0]
    chosen = highlight.dropna(subset=["usd_per_mtok_blended"])
    chosen = chosen[chosen["usd_per_mtok_blended"] > 0].sort_values(["usd_per_mtok_blended", "model_id"])
    styles = styles_for(models, chosen["model_id"])
    everything = pd.concat([positive, chosen["usd_per_mtok_blended"]])
    lo, hi = (everything.min() / 1.5, everything.max() * 1.5) if len(everything) else (0.01, 100.0)
    left_in, right_in, hist_in, lane_in = 0.75, 0.2, 1.9, 0.175
    axes_in = style.FIGURE_WIDTH_IN - left_in - right_in
    probe = blank_figure(1.0)
    px = style.DPI
    span = np.log10(hi) - np.log10(lo)
    x_px = (np.log10(chosen["usd_per_mtok_blended"].to_numpy(float)) - np.log10(lo)) / span * axes_in * px
    widths = np.array([text_size_px(probe, short_name(n), style.FONT_PT)[0] for n in chosen["display_name"]])
    lanes, right_side = pack_lanes(x_px, widths, offset=6 / 72 * px, gap=5 / 72 * px, right_edge=axes_in * px)
    n_lanes = int(lanes.max()) + 1 if len(lanes) else 1
    strip_in = lane_in * n_lanes + 0.15
    bottom_in, gap_in, top_in = 0.55, 0.08, 0.35
    height = bottom_in + strip_in + gap_in + hist_in + top_in
    fig = blank_figure(height)
    hist = fig.add_axes((left_in / style.FIGURE_WIDTH_IN, (bottom_in + strip_in + gap_in) / height,
                         axes_in / style.FIGURE_WIDTH_IN, hist_in / height))
    strip = fig.add_axes((left_in / style.FIGURE_WIDTH_IN, bottom_in / height, axes_in / style.FIGURE_WIDTH_IN,
                          strip_in / height), sharex=hist)
    if len(positive):
        hist.hist(positive, bins=histogram_edges(positive, int(np.clip(np.ceil(2 * np.sqrt(len(positive))), 6, 30))),
                  color=style.LIGHT_GREY, edgecolor="white", linewidth=0.5)
    hist.set_xscale("log")
    hist.set_xlim(lo, hi)
    hist.yaxis.set_major_formatter(loc.tick_formatter("number"))
    hist.set_ylabel(_("Models"))
    hist.tick_params(axis="x", labelbottom=False)
    title(fig, _("Where the selected models sit in the market"))
    for r in chosen.itertuples():
        hist.axvline(r.usd_per_mtok_blended, color=styles[r.model_id].colour, lw=0.8, alpha=0.7, ymax=0.08)
    strip.set_ylim(n_lanes - 0.4, -0.6)
    strip.set_yticks([])
    strip.grid(axis="y", visible=False)
    strip.spines["left"].set_visible(False)
    for (r, lane, right) in zip(chosen.itertuples(), lanes, right_side):
        s = styles[r.model_id]
        strip.scatter([r.usd_per_mtok_blended], [lane], zorder=3, **s.scatter(30))
        text = strip.annotate(short_name(r.display_name), (r.usd_per_mtok_blended, lane), xytext=(6 if right else -6, 0),
                              textcoords="offset points", ha="left" if right else "right", va="center",
                              fontsize=style.FONT_PT, color=style.INK)
        text.set_gid(LABEL_GID)
    log_ticks(strip.xaxis, loc, "money")
    strip.set_xlabel(_("Blended price, USD per 1M tokens (3 input : 1 output, log scale)"))
    return render(fig, _market_alt(positive, chosen, loc), "market")


def _market_alt(values: pd.Series, chosen: pd.DataFrame, loc: Localizer) -> str:
    _ = loc.gettext
    if values.empty:
        return _("No market prices to show.")
    text = _("Blended prices of {count} models in the market run from {low} to {high} per 1M tokens (median {median}).").format(
        count=loc.integer(len(values)), low=loc.money(values.min()), high=loc.money(values.max()),
        median=loc.money(values.median()))
    if len(chosen):
        first, last = chosen.iloc[0], chosen.iloc[-1]
        share = (values < first["usd_per_mtok_blended"]).mean()
        text += " " + _("The selected models range from {cheap_model} at {cheap_price} ({share} of the market is cheaper) "
                        "to {dear_model} at {dear_price}.").format(
            cheap_model=label(first["display_name"]), cheap_price=loc.money(first["usd_per_mtok_blended"]),
            share=loc.percent(share), dear_model=label(last["display_name"]),
            dear_price=loc.money(last["usd_per_mtok_blended"]))
    return text


@styled
def task_cost_chart(frame: pd.DataFrame, loc: Localizer, models: pd.DataFrame | None = None) -> Chart:
    """Aider polyglot pass rate (%, y) against the cost per solved task (USD, log x), one point
    per run, the front (``on_frontier``) joined by a line, every run labelled with its reasoning
    setting ("gpt-5 (high)"). ``frame``: ``aider_model, model_id, display_name,
    reasoning_setting, pass_rate_2_percent, usd_per_solved_task, on_frontier`` (see
    :mod:`analysis.compute.tasks`); ``models`` gives each model its colour and marker."""
    _ = loc.gettext
    costed = frame.dropna(subset=["usd_per_solved_task", "pass_rate_2_percent"])
    costed = costed[costed["usd_per_solved_task"] > 0].reset_index(drop=True)
    ids = costed["model_id"].fillna("").astype(str)
    points = pd.DataFrame({"model_id": ids, "usd": costed["usd_per_solved_task"].astype(float),
                           "rate": costed["pass_rate_2_percent"].astype(float),
                           "on_front": costed["on_frontier"].fillna(False).astype(bool)})
    labels = [_run_label(r) for r in costed.itertuples()]
    fig, ax = new_figure(labelled_height(labels, 4.3))
    place = front_scatter(ax, points, "usd", "rate", labels, styles_for(models, ids),
                          front_label=_("front: no other run solves more for less"),
                          other_label=_("beaten on cost and pass rate"))
    if len(points):
        ax.set_xscale("log")
        ax.set_xlim(points["usd"].min() / 1.8, points["usd"].max() * 1.8)
        ax.set_ylim(max(0.0, points["rate"].min() - 8), min(100.0, points["rate"].max() + 6))
    log_ticks(ax.xaxis, loc, "money")
    ax.yaxis.set_major_formatter(loc.tick_formatter("number"))
    ax.set_xlabel(_("USD per solved task (log scale)"))
    ax.set_ylabel(_("Tasks solved, % (Aider polyglot, 2 tries)"))
    ax.legend(loc="lower right")
    title(fig, _("Coding tasks: pass rate against cost per solved task"))
    unpriced = len(frame) - len(costed)
    if unpriced:
        footnote(fig, loc.ngettext("{count} run without a measured cost is not drawn.",
                                   "{count} runs without a measured cost are not drawn.", unpriced).format(
            count=loc.integer(unpriced)))
    fig.tight_layout()
    place()
    return render(fig, _task_alt(points, labels, loc), "task-cost")


def _run_label(row) -> str:
    name = row.display_name if isinstance(row.display_name, str) and row.display_name else row.aider_model
    setting = row.reasoning_setting if isinstance(row.reasoning_setting, str) else ""
    return f"{label(name)} ({label(setting)})" if setting else label(name)


def _task_alt(points: pd.DataFrame, labels: list[str], loc: Localizer) -> str:
    _ = loc.gettext
    front = points[points["on_front"]].sort_values(["usd", "rate"])
    if front.empty:
        return _("No Aider run has a measured cost.")
    cheap, best = front.index[0], front.index[-1]
    return _("On Aider's polyglot coding benchmark, {top_model} solves the most tasks ({top_rate}) at {top_cost} per "
             "solved task; the cheapest run on the front is {cheap_model} ({cheap_rate}, {cheap_cost} per solved task).").format(
        top_model=labels[best], top_rate=loc.percent(points.loc[best, "rate"] / 100, 1),
        top_cost=loc.money(points.loc[best, "usd"]), cheap_model=labels[cheap],
        cheap_rate=loc.percent(points.loc[cheap, "rate"] / 100, 1), cheap_cost=loc.money(points.loc[cheap, "usd"]))
