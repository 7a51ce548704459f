"""What every chart function shares: the :class:`Chart` it returns, figures in the report's
style, deterministic PNG rendering and direct labels that never overlap.

A chart function draws a figure inside :func:`styled` (fixed rcParams, see
:mod:`analysis.present.charts.style`), then returns ``render(fig, alt, name)``: PNG bytes, the alt text (the
chart's finding, translated) and a file slug. The notebook shows it with ``display(chart)``;
the PNG's output metadata carries the alt text, which the report's HTML template writes into
the ``<img alt=...>``. Direct labels are laid out by :mod:`analysis.present.charts.labels`.
"""

from __future__ import annotations

import base64
import functools
import io
import struct
import textwrap
from dataclasses import dataclass
from typing import Callable, Sequence

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import LogFormatter

from analysis.present.charts import style
from analysis.present.charts.cache import cached_chart
from analysis.present.charts.labels import end_labels, place_labels, text_size_px


@dataclass(frozen=True)
class Chart:
    """One rendered chart: ``png`` bytes, ``alt`` text stating its finding, ``name`` (file slug)."""

    png: bytes
    alt: str
    name: str

    @property
    def size_px(self) -> tuple[int, int]:
        """(width, height) in pixels, read from the PNG header."""
        return struct.unpack(">II", self.png[16:24])

    @property
    def width_in(self) -> float:
        """Width at the report's resolution, inches (the PDF prints it at this size)."""
        return self.size_px[0] / style.DPI

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"image/png": base64.b64encode(self.png).decode("ascii"), "text/plain": self.alt}
        return data, {"image/png": {"alt": self.alt}}

    def __repr__(self) -> str:
        return f"Chart(name={self.name!r}, alt={self.alt!r}, {len(self.png)} bytes)"


def styled(function: Callable) -> Callable:
    """Decorator: run a chart function under the report's fixed rcParams (restored afterwards);
    in a build's kernel, through the chart cache (:mod:`analysis.present.charts.cache`)."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        def draw():
            with matplotlib.rc_context(style.rc_params()):
                return function(*args, **kwargs)
        return cached_chart(function, args, kwargs, draw)
    return wrapper


def blank_figure(height_in: float, width_in: float = style.FIGURE_WIDTH_IN) -> Figure:
    """An empty figure at the print width with an Agg canvas (no pyplot, no global state)."""
    fig = Figure(figsize=(width_in, height_in), dpi=style.DPI)
    FigureCanvasAgg(fig)
    return fig


def new_figure(height_in: float, width_in: float = style.FIGURE_WIDTH_IN, **subplots) -> tuple[Figure, object]:
    """A figure at the print width and its axes (``fig.subplots(**subplots)``)."""
    fig = blank_figure(height_in, width_in)
    return fig, fig.subplots(**subplots)


def to_png(fig: Figure) -> bytes:
    """PNG bytes without Software or date metadata (the same bytes on every run)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=style.DPI, metadata={"Software": None})
    return buffer.getvalue()


def render(fig: Figure, alt: str, name: str) -> Chart:
    """The finished figure as a :class:`Chart` (layout must already be final)."""
    return Chart(png=to_png(fig), alt=alt, name=name)


def title(fig: Figure, text: str) -> None:
    """The chart's title, flush with the figure's left edge, wrapped to the figure width."""
    chars = int(fig.get_figwidth() * 72 / (style.TITLE_PT * 0.62))
    fig.suptitle(textwrap.fill(text, chars), x=0.012, ha="left", fontsize=style.TITLE_PT, fontweight="bold",
                 color=style.INK)


def legend_above(ax, ncol: int = 4, **kwargs) -> None:
    """The legend in one row above the axes, left-aligned (it never covers data)."""
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        ax.legend(handles, labels, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=min(ncol, len(handles)),
                  borderaxespad=0.3, handletextpad=0.4, columnspacing=1.2, **kwargs)


class _LocalLogFormatter(LogFormatter):
    """matplotlib's log-axis tick choice (which ticks get a label) with Babel-formatted text
    (its own labels are mathtext, which the report's style turns off)."""

    def __init__(self, formatter):
        super().__init__(labelOnlyBase=False)
        self._formatter = formatter

    def _num_to_string(self, x, vmin, vmax):
        return self._formatter(x, None)


def money_tick(loc, value: float) -> str:
    """A money tick: whole dollars without cents from $1 on (``$1,000``, ``1.000 $``), else as
    :meth:`analysis.present.i18n.Localizer.money` (``$0.10``)."""
    if abs(value) < 1:
        return loc.money(value)
    from babel.numbers import format_currency
    pattern = loc.locale.currency_formats["standard"].pattern.split(";")[0].replace(".00", "")
    return format_currency(round(value), "USD", format=pattern, locale=loc.locale, currency_digits=False)


def log_ticks(axis, loc, kind: str) -> None:
    """Major and minor tick labels of a log ``axis`` (``ax.xaxis``/``ax.yaxis``) in the
    language's format (``kind``: see :meth:`analysis.present.i18n.Localizer.tick_formatter`; money
    without cents from $1 on, see :func:`money_tick`)."""
    formatter = (lambda value, _pos: money_tick(loc, value)) if kind == "money" else loc.tick_formatter(kind)
    axis.set_major_formatter(_LocalLogFormatter(formatter))
    axis.set_minor_formatter(_LocalLogFormatter(formatter))


def footnote(fig: Figure, text: str) -> None:
    """A note under the chart, wrapped to the figure width (``supxlabel``, so that the layout
    leaves room for it)."""
    chars = int(fig.get_figwidth() * 72 / (style.FONT_PT * 0.55))   # DejaVu Sans averages ~0.55 em
    fig.supxlabel(textwrap.fill(text, chars), fontsize=style.FONT_PT, x=0.01, ha="left", va="bottom", y=0.005,
                  color="#444444")


def footnote_height(fig: Figure) -> float:
    """Height of the footnote (if any) as a fraction of the figure, with a little air above it."""
    note = fig._supxlabel
    if note is None or not note.get_text():
        return 0.0
    return (note.get_window_extent(fig.canvas.get_renderer()).height + 6) / fig.bbox.height


def label(text: object) -> str:
    """Data text for a chart label (mathtext is off, so it is drawn as it is)."""
    return "" if text is None else str(text)


def short_name(name: object) -> str:
    """A model's display name for a data label: a trailing "-Instruct" dropped (it is the same
    model; the tables keep the full name)."""
    text = label(name)
    for suffix in ("-Instruct", " Instruct", "-instruct"):
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def styles_for(models: pd.DataFrame | None, ids) -> dict[str, style.Style]:
    """Each id's :class:`~analysis.present.charts.style.Style` (from ``models``), grey for ids it lacks."""
    known = style.model_styles(models) if models is not None and len(models) else {}
    return {m: known.get(m, style.UNKNOWN) for m in ids}


def developer_key(fig, models: pd.DataFrame | None, ids, title_text: str) -> float:
    """A legend of the developers' colours (of the models ``ids``) along the bottom of ``fig``;
    returns the height it takes, as a fraction of the figure (leave it free in the layout)."""
    if models is None or "developer" not in models:
        return 0.0
    shown = models[models["model_id"].isin(list(ids))]
    styles = style.developer_styles(models)
    present = [d for d in styles if d in set(shown["developer"].fillna("").astype(str).str.strip())]
    if not present:
        return 0.0
    from matplotlib.lines import Line2D
    handles = [Line2D([], [], ls="none", marker="o", markersize=7, markerfacecolor=styles[d].colour if styles[d].filled
                      else "white", markeredgecolor=styles[d].colour, markeredgewidth=1.4, label=label(d)) for d in present]
    columns = 4
    rows = -(-len(handles) // columns)
    above = footnote_height(fig)
    legend = fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.01, 0.005 + above), ncol=columns,
                        title=title_text, title_fontsize=style.FONT_PT, alignment="left", handletextpad=0.2,
                        columnspacing=1.0, borderaxespad=0.2)
    legend.set_in_layout(False)
    if above:
        fig._supxlabel.set_in_layout(False)             # the returned height covers it
    return above + (legend.get_window_extent(fig.canvas.get_renderer()).height + 8) / fig.bbox.height


def labelled_height(labels: Sequence[str], base_in: float, max_in: float = 8.0, density: float = 0.17) -> float:
    """A figure height (inches) at which the labels cover at most ``density`` of the plot area
    (so that the layout finds free places near the points), at least ``base_in``."""
    probe = blank_figure(1.0)
    area = sum(np.prod(text_size_px(probe, t, style.FONT_PT)) for t in labels) / style.DPI ** 2
    plot_width = style.FIGURE_WIDTH_IN - 1.1
    return float(np.clip(1.6 + area / density / plot_width, base_in, max_in))


def front_scatter(ax, frame: pd.DataFrame, x: str, y: str, labels: Sequence[str], styles: dict, *,
                  front_label: str, other_label: str, highlight: Sequence[str] = (), size: float = 46.0):
    """Every row of ``frame`` (``model_id``, ``x``, ``y``, ``on_front``) as its model's marker
    (off-front points faded), the front joined by a line. Returns ``place()``, which labels every
    point without overlap; call it once the layout is final."""
    frame = frame.reset_index(drop=True)
    front = frame[frame["on_front"]].sort_values([x, y])
    if len(front):
        ax.plot(front[x], front[y], color=style.INK, lw=1.3, zorder=2, label=front_label)
    for r in frame.itertuples():
        kwargs = styles[r.model_id].scatter(size * (1.35 if r.model_id in highlight else 1.0))
        ax.scatter([getattr(r, x)], [getattr(r, y)], zorder=4 if r.on_front else 3,
                   alpha=1.0 if r.on_front else 0.5, **kwargs)
        if r.model_id in highlight:
            ax.scatter([getattr(r, x)], [getattr(r, y)], s=size * 4.2, facecolors="none", edgecolors=style.INK,
                       linewidths=1.0, zorder=4)
    ax.scatter([], [], s=size, facecolors=style.GREY, edgecolors="white", alpha=0.5, label=other_label)

    def place() -> list:
        order = sorted(range(len(frame)), key=lambda i: (not frame["on_front"].iloc[i], -frame[y].iloc[i]))
        marker_px = np.sqrt(size) * ax.figure.dpi / 72 + 2
        placed = place_labels(
            ax, frame[x].to_numpy(float)[order], frame[y].to_numpy(float)[order], [labels[i] for i in order],
            marker_px=marker_px, groups=[0 if frame["on_front"].iloc[i] else 1 for i in order],
            colours=[style.INK if frame["on_front"].iloc[i] else "#555555" for i in order],
            weights=["bold" if frame["model_id"].iloc[i] in highlight else "normal" for i in order])
        out = [None] * len(frame)
        for slot, annotation in zip(order, placed):
            out[slot] = annotation
        return out
    return place


def draw_lines(ax, lines: dict[str, pd.DataFrame], x: str, y: str, styles: dict, dashed: Sequence[str] = ()) -> None:
    """One line per model in its colour, its marker at the right end."""
    for model_id, group in lines.items():
        kwargs = styles[model_id].line()
        ax.plot(group[x], group[y], lw=1.4, ls="--" if model_id in dashed else "-", markevery=[len(group) - 1], **kwargs)


def lines_with_end_labels(fig, ax, lines: dict[str, pd.DataFrame], x: str, y: str, names: dict, styles: dict,
                           dashed: Sequence[str] = (), draw: bool = True) -> None:
    """Lines per model (see :func:`draw_lines`; ``draw=False`` if already drawn) labelled at
    their right ends; reserves the right margin, lays the figure out and places the labels."""
    if draw:
        draw_lines(ax, lines, x, y, styles, dashed)
    texts = [short_name(names.get(m, m)) for m in lines]
    widest = max((text_size_px(fig, t, style.FONT_PT)[0] for t in texts), default=0.0)
    right = 1 - (widest + 18 * fig.dpi / 72) / fig.bbox.width
    fig.tight_layout(rect=(0, 0, right, 1))
    ends = [(g[x].iloc[-1], g[y].iloc[-1]) for g in lines.values()]
    end_labels(ax, ends, texts, [styles[m].colour for m in lines])
