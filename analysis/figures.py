"""What every chart function shares: the :class:`Chart` it returns, figures in the report's
style, deterministic PNG rendering and direct labels that never overlap.

A chart function draws a figure inside :func:`styled` (fixed rcParams, see
:mod:`analysis.style`), then returns ``render(fig, alt, name)``: PNG bytes, the alt text (the
chart's finding, translated) and a file slug. The notebook shows it with ``display(chart)``;
the PNG's output metadata carries the alt text, which the report's HTML template writes into
the ``<img alt=...>``.

Label layout (:func:`place_labels`): greedy, in the order given. Each label tries candidate
positions around its point, nearest first (right, left, above-right, below-right, above-left,
below-left, above, below, at growing distances), measured in display pixels; a candidate is
taken when its box stays inside the axes and overlaps neither a placed label, the legend nor any
point's marker. Among those, the nearest wins; a candidate costs extra (as if it were 25-40 pt
further away) when its leader line would cross another label or marker, when its box covers a
line of the axes, or when it sits nearer to another point than to its own. Labels go in groups
(e.g. the front first); within a group, the label with the fewest free places goes next. A label
away from its point gets a thin leader line.
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
from matplotlib.text import Text
from matplotlib.ticker import LogFormatter

from analysis import style


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
    """Decorator: run a chart function under the report's fixed rcParams (restored afterwards)."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with matplotlib.rc_context(style.rc_params()):
            return function(*args, **kwargs)
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
    :meth:`analysis.i18n.Localizer.money` (``$0.10``)."""
    if abs(value) < 1:
        return loc.money(value)
    from babel.numbers import format_currency
    pattern = loc.locale.currency_formats["standard"].pattern.split(";")[0].replace(".00", "")
    return format_currency(round(value), "USD", format=pattern, locale=loc.locale, currency_digits=False)


def log_ticks(axis, loc, kind: str) -> None:
    """Major and minor tick labels of a log ``axis`` (``ax.xaxis``/``ax.yaxis``) in the
    language's format (``kind``: see :meth:`analysis.i18n.Localizer.tick_formatter`; money
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
    """Each id's :class:`~analysis.style.Style` (from ``models``), grey for ids it lacks."""
    known = style.model_styles(models) if models is not None and len(models) else {}
    return {m: known.get(m, style.UNKNOWN) for m in ids}


# --- label layout ------------------------------------------------------------------------------
#: gid of every data label (tests find them by it)
LABEL_GID = "data-label"
#: candidate directions, degrees, in order of preference (right, left, the diagonals, then steeper)
_ANGLES = (0, 180, 30, -30, 150, -150, 15, -15, 165, -165, 45, -45, 135, -135, 60, -60, 120, -120, 90, -90)
#: distances from the point to the label's nearest edge, points
_RADII = (3, 7, 12, 18, 25, 33, 42, 52, 64, 78, 94, 112, 135, 160, 190)


def _candidates(anchor: np.ndarray, width: float, height: float, half: float, px_per_pt: float, pad: float):
    """Candidate boxes (k, 4) around ``anchor`` (display px) with their offsets (points),
    alignments, radii (points) and direction ranks."""
    boxes, offsets, aligns, radii, ranks = [], [], [], [], []
    for radius in _RADII:
        r = radius * px_per_pt + half
        for rank, angle in enumerate(_ANGLES):
            c, s = np.cos(np.radians(angle)), np.sin(np.radians(angle))
            ha = "left" if c > 0.3 else "right" if c < -0.3 else "center"
            va = "bottom" if s > 0.3 else "top" if s < -0.3 else "center"
            ox, oy = r * c, r * s
            x0 = anchor[0] + ox - (width if ha == "right" else width / 2 if ha == "center" else 0)
            y0 = anchor[1] + oy - (height if va == "top" else height / 2 if va == "center" else 0)
            boxes.append((x0 - pad, y0 - pad, x0 + width + pad, y0 + height + pad))
            offsets.append((ox / px_per_pt, oy / px_per_pt))
            aligns.append((ha, va))
            radii.append(radius)
            ranks.append(rank)
    return np.asarray(boxes), offsets, aligns, np.asarray(radii, float), np.asarray(ranks, float)


def text_size_px(fig: Figure, text: str, fontsize: float, **kwargs) -> tuple[float, float]:
    """(width, height) in display pixels of ``text`` as matplotlib will draw it."""
    probe = Text(0, 0, text, fontsize=fontsize, figure=fig, **kwargs)
    box = probe.get_window_extent(fig.canvas.get_renderer())
    return box.width, box.height


def _overlaps(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """(k,) True where box k (x0, y0, x1, y1) overlaps any of ``others`` (m, 4)."""
    if len(others) == 0:
        return np.zeros(len(boxes), dtype=bool)
    b, o = boxes[:, None, :], others[None, :, :]
    return ((b[..., 0] < o[..., 2]) & (b[..., 2] > o[..., 0]) & (b[..., 1] < o[..., 3]) & (b[..., 3] > o[..., 1])).any(axis=1)


def _segment_hits(start: np.ndarray, ends: np.ndarray, boxes: np.ndarray, samples: int = 12) -> np.ndarray:
    """(k,) True where the segment start -> ends[k] passes through any box (sampled)."""
    if len(boxes) == 0:
        return np.zeros(len(ends), dtype=bool)
    t = np.linspace(0.15, 0.85, samples)[None, :, None]
    points = start[None, None, :] + t * (ends[:, None, :] - start[None, None, :])        # (k, s, 2)
    x, y = points[..., 0][..., None], points[..., 1][..., None]
    inside = (x > boxes[:, 0]) & (x < boxes[:, 2]) & (y > boxes[:, 1]) & (y < boxes[:, 3])
    return inside.any(axis=(1, 2))


def line_samples(ax, step_px: float = 4.0) -> np.ndarray:
    """(n, 2) display points every ``step_px`` along the visible lines of ``ax``."""
    out = [np.empty((0, 2))]
    for line in ax.get_lines():
        xy = line.get_xydata()
        if not line.get_visible() or len(xy) < 2 or line.get_linestyle() in ("None", "none", " ", ""):
            continue
        pts = ax.transData.transform(np.asarray(xy, float))
        pts = pts[np.isfinite(pts).all(axis=1)]
        for a, b in zip(pts[:-1], pts[1:]):
            n = max(2, int(np.hypot(*(b - a)) / step_px) + 1)
            out.append(a + np.linspace(0, 1, n)[:, None] * (b - a))
    return np.vstack(out)


def place_labels(ax, xs: Sequence[float], ys: Sequence[float], texts: Sequence[str], *,
                 marker_px: float = 12.0, fontsize: float = style.FONT_PT, colours: Sequence[str] | None = None,
                 weights: Sequence[str] | None = None, blocked: Sequence = (), pad_px: float = 2.0,
                 groups: Sequence[int] | None = None) -> list:
    """Annotate each point (data coordinates) with its text, no two labels overlapping (see the
    module docstring). Call after the layout is final (axes position and limits fixed). Labels
    also keep clear of the axes' legend and of the ``blocked`` artists, and rather not cover the
    axes' lines. ``groups``: labels of a lower group are placed first (default: all one group).
    Returns the annotations, in input order."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    n = len(texts)
    anchors = ax.transData.transform(np.column_stack([np.asarray(xs, float), np.asarray(ys, float)]).reshape(-1, 2))
    frame = ax.get_window_extent(renderer)
    half = marker_px / 2
    markers = np.column_stack([anchors - half, anchors + half])
    avoid = line_samples(ax)
    avoid_boxes = np.column_stack([avoid - 1.5, avoid + 1.5])
    px_per_pt = fig.dpi / 72
    walls = [a for a in [ax.get_legend(), *blocked] if a is not None]
    walls = np.asarray([tuple(a.get_window_extent(renderer).extents) for a in walls]).reshape(-1, 4)
    weights = list(weights) if weights is not None else ["normal"] * n
    options = []
    for i in range(n):
        width, height = text_size_px(fig, texts[i], fontsize, fontweight=weights[i])
        boxes, offsets, aligns, radii, ranks = _candidates(anchors[i], width, height, half, px_per_pt, pad_px)
        inside = ((boxes[:, 0] >= frame.x0) & (boxes[:, 2] <= frame.x1)
                  & (boxes[:, 1] >= frame.y0) & (boxes[:, 3] <= frame.y1))
        static = ~_overlaps(boxes, walls) & ~_overlaps(boxes, markers)
        free = inside & static
        centres = np.column_stack([(boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2])
        others = np.arange(n) != i
        cost = (radii + 0.4 * ranks + 40.0 * _overlaps(boxes, avoid_boxes)
                + 25.0 * _segment_hits(anchors[i], centres, markers[others])
                + 30.0 * (_box_distance(boxes, anchors[others]).min(axis=1, initial=np.inf)
                          < _box_distance(boxes, anchors[i:i + 1])[:, 0]))
        options.append(dict(boxes=boxes, offsets=offsets, aligns=aligns, radii=radii, inside=inside, static=static, free=free,
                            centres=centres, cost=cost))
    # by group; within a group most constrained first: the label with the fewest free places goes
    # next (ties: input order)
    chosen: dict[int, int] = {}
    placed = np.empty((0, 4))
    while len(chosen) < n:
        waiting = [i for i in range(n) if i not in chosen]
        counts = [int(options[i]["free"].sum()) for i in waiting]
        rank = list(groups) if groups is not None else [0] * n
        i = min(zip(waiting, counts), key=lambda item: (rank[item[0]], item[1] == 0, item[1], item[0]))[0]
        o = options[i]
        if o["free"].any():
            cost = np.where(o["free"], o["cost"] + 40.0 * _segment_hits(anchors[i], o["centres"], placed), np.inf)
        else:                               # nowhere free: least overlap, inside the axes if possible
            cost = 1e6 * ~o["inside"] + _overlap_area(o["boxes"], placed) + o["radii"]
        best = int(np.argmin(cost))
        chosen[i] = best
        box = o["boxes"][best][None, :]
        placed = np.vstack([placed, box])
        for j in waiting:
            if j != i:
                options[j]["free"] &= ~_overlaps(options[j]["boxes"], box)
    _repair(options, chosen)
    annotations = []
    for i in range(n):
        o, best = options[i], chosen[i]
        ha, va = o["aligns"][best]
        leader = o["radii"][best] > _RADII[1]
        annotation = ax.annotate(
            texts[i], (xs[i], ys[i]), xytext=o["offsets"][best], textcoords="offset points", ha=ha, va=va,
            fontsize=fontsize, fontweight=weights[i], color=colours[i] if colours is not None else style.INK,
            annotation_clip=False, zorder=5,
            arrowprops=dict(arrowstyle="-", color="#999999", lw=0.6, shrinkA=1, shrinkB=half / px_per_pt + 1)
            if leader else None)
        annotation.set_in_layout(False)
        annotation.set_gid(LABEL_GID)
        annotations.append(annotation)
    return annotations


def _repair(options: list[dict], chosen: dict[int, int], rounds: int = 3) -> None:
    """Fix labels left overlapping by the greedy pass: move the label to a free place if one
    exists now, else move the one label in its way to a free place of its own (one swap deep)."""
    n = len(options)

    def box(i: int) -> np.ndarray:
        return options[i]["boxes"][chosen[i]][None, :]

    def others(*skip: int) -> np.ndarray:
        rows = [box(j)[0] for j in range(n) if j not in skip]
        return np.asarray(rows).reshape(-1, 4)

    static = [o["inside"] & o["static"] for o in options]
    for _round in range(rounds):
        clashes = [i for i in range(n) if _overlaps(box(i), others(i))[0]]
        if not clashes:
            return
        for i in clashes:
            if not _overlaps(box(i), others(i))[0]:
                continue
            free = static[i] & ~_overlaps(options[i]["boxes"], others(i))
            if free.any():
                chosen[i] = int(np.argmin(np.where(free, options[i]["cost"], np.inf)))
                continue
            for c in np.argsort(np.where(static[i], options[i]["cost"], np.inf), kind="mergesort"):
                if not static[i][c]:
                    break
                blockers = [j for j in range(n) if j != i and _overlaps(options[i]["boxes"][c][None, :], box(j))[0]]
                if len(blockers) != 1:
                    continue
                j = blockers[0]
                rest = np.vstack([others(i, j), options[i]["boxes"][c][None, :]])
                free_j = static[j] & ~_overlaps(options[j]["boxes"], rest)
                if free_j.any():
                    chosen[i], chosen[j] = int(c), int(np.argmin(np.where(free_j, options[j]["cost"], np.inf)))
                    break


def _box_distance(boxes: np.ndarray, points: np.ndarray) -> np.ndarray:
    """(k, m) distance from each box to each point (0 inside), display px."""
    dx = np.maximum(0, np.maximum(boxes[:, None, 0] - points[None, :, 0], points[None, :, 0] - boxes[:, None, 2]))
    dy = np.maximum(0, np.maximum(boxes[:, None, 1] - points[None, :, 1], points[None, :, 1] - boxes[:, None, 3]))
    return np.hypot(dx, dy)


def _overlap_area(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    if len(others) == 0:
        return np.zeros(len(boxes))
    b, o = boxes[:, None, :], others[None, :, :]
    w = np.clip(np.minimum(b[..., 2], o[..., 2]) - np.maximum(b[..., 0], o[..., 0]), 0, None)
    h = np.clip(np.minimum(b[..., 3], o[..., 3]) - np.maximum(b[..., 1], o[..., 1]), 0, None)
    return (w * h).sum(axis=1)


def spread_1d(targets: Sequence[float], sizes: Sequence[float], low: float, high: float, gap: float = 1.0) -> np.ndarray:
    """Centres near ``targets`` such that intervals of ``sizes`` around them keep ``gap`` apart,
    in the same order, within [low, high] when they fit. Overlapping neighbours merge into a
    block centred on the mean of their targets, until no blocks overlap."""
    targets, sizes = np.asarray(targets, float), np.asarray(sizes, float)
    order = np.argsort(targets, kind="mergesort")
    t, s = targets[order], sizes[order] + gap
    blocks: list[list[int]] = []            # each: indices into t (consecutive)
    centres: list[float] = []

    def extent(block: list[int], centre: float) -> tuple[float, float]:
        total = s[block].sum()
        return centre - total / 2, centre + total / 2

    for k in range(len(t)):
        blocks.append([k])
        centres.append(t[k])
        while len(blocks) > 1 and extent(blocks[-2], centres[-2])[1] > extent(blocks[-1], centres[-1])[0]:
            merged = blocks[-2] + blocks[-1]
            blocks[-2:], centres[-2:] = [merged], [float(np.mean(t[merged]))]
    pos = np.empty_like(t)
    if len(t):
        # shift everything into [low, high] when it fits (a block pushed up or down may then
        # touch its neighbour, which keeps the order and spacing)
        for block, centre in zip(blocks, centres):
            start, _end = extent(block, centre)
            edges = start + np.concatenate([[0.0], np.cumsum(s[block])[:-1]])
            pos[block] = edges + s[block] / 2
        for k in range(1, len(pos)):                       # resolve contacts created by merging
            pos[k] = max(pos[k], pos[k - 1] + (s[k - 1] + s[k]) / 2)
        overflow = pos[-1] + s[-1] / 2 - high
        if overflow > 0:
            pos[-1] -= overflow
            for k in range(len(pos) - 2, -1, -1):
                pos[k] = min(pos[k], pos[k + 1] - (s[k] + s[k + 1]) / 2)
        underflow = low - (pos[0] - s[0] / 2)
        if underflow > 0:
            pos += underflow
    out = np.empty_like(pos)
    out[order] = pos
    return out


def end_labels(ax, ends: Sequence[tuple[float, float]], texts: Sequence[str], colours: Sequence[str],
               fontsize: float = style.FONT_PT, gap_pt: float = 1.0, margin_pt: float = 12.0) -> list:
    """Labels to the right of the axes, one per line end (data coordinates), moved apart
    vertically so that none overlap, each joined to its line end by a thin line in the line's
    colour. Leave ``label width + margin_pt`` free right of the axes."""
    fig = ax.figure
    if not len(texts):
        return []
    frame = ax.get_window_extent(fig.canvas.get_renderer())
    anchors = ax.transData.transform(np.asarray(ends, float))
    heights = [text_size_px(fig, t, fontsize)[1] for t in texts]
    px_per_pt = fig.dpi / 72
    centres = spread_1d(anchors[:, 1], heights, 0.0, fig.bbox.height, gap=gap_pt * px_per_pt)
    label_x = frame.x1 + margin_pt * px_per_pt
    out = []
    for (x, y), centre, text, colour in zip(ends, centres, texts, colours):
        target = fig.transFigure.inverted().transform((label_x, centre))
        annotation = ax.annotate(text, (x, y), xytext=target, textcoords="figure fraction", ha="left",
                                 va="center", fontsize=fontsize, color=style.INK, annotation_clip=False,
                                 arrowprops=dict(arrowstyle="-", color=colour, lw=0.8, shrinkA=1, shrinkB=1))
        annotation.set_in_layout(False)
        annotation.set_gid(LABEL_GID)
        out.append(annotation)
    return out


def label_boxes(fig: Figure) -> np.ndarray:
    """(n, 4) display-pixel boxes (x0, y0, x1, y1) of the figure's data labels as rendered
    (the text only: an annotation's own extent would include its leader line)."""
    renderer = fig.canvas.get_renderer()
    texts = [t for t in fig.findobj(Text) if t.get_gid() == LABEL_GID and t.get_text()]
    return np.asarray([tuple(Text.get_window_extent(t, renderer).extents) for t in texts]).reshape(-1, 4)


def overlapping_pairs(boxes: np.ndarray) -> list[tuple[int, int]]:
    """Index pairs of boxes that overlap by more than a pixel."""
    b = np.asarray(boxes, float)
    pairs = []
    for i in range(len(b)):
        for j in range(i + 1, len(b)):
            w = min(b[i, 2], b[j, 2]) - max(b[i, 0], b[j, 0])
            h = min(b[i, 3], b[j, 3]) - max(b[i, 1], b[j, 1])
            if w > 1 and h > 1:
                pairs.append((i, j))
    return pairs


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
