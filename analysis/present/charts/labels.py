"""Direct labels that never overlap, in display pixels.

:func:`place_labels` labels points inside the axes. Each label has candidate places around its
point: 20 directions (right and left first, then the diagonals, then steeper) at 15 growing
distances. A place is free when the label's box stays inside the axes and overlaps neither a
placed label, the legend nor any point's marker. Among free places the nearest wins; a place
costs extra (as if it were 25-40 pt further away) when its leader line would cross another
label or marker, when its box covers a line of the axes, or when it sits nearer to another point
than to its own. Labels go in groups (e.g. the front first); within a group the label with the
fewest free places goes next. A repair pass then moves any label left overlapping to a free
place, or first moves the one label in its way. A label away from its point gets a thin leader
line.

:func:`end_labels` labels line ends in a column right of the axes, spread vertically
(:func:`spread_1d`). :func:`label_boxes` and :func:`overlapping_pairs` let tests check a
rendered figure.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.text import Text

from analysis.present.charts import style

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
