"""Column widths for the PDF's tables, from their content (pure; widths in em of the table font).

LaTeX cannot size wrapping columns by itself, and pandoc gives a pipe table either natural-width
columns (which run off the page) or widths from the ``|---|`` rule (which ignore the content).
:func:`column_widths` estimates how many lines each cell needs at a given width and widens, step
by step, the column that saves the most lines per em: model names end up on one line where the
page allows, and long explanations get the room that is left.

Tables of hundreds of rows are laid out at many trial widths, so the layout is worked out once per
distinct cell and reused: the pieces of a text are cached, and each layout of a cell is kept with
the span of widths over which it holds (:class:`_Spans`), exactly, so results do not depend on it.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

# Advance widths of TeX Gyre Pagella Regular, in hundredths of an em, for " " (32) to "~" (126);
# Latin Modern is within 2 % of them. Accented letters count as their base letter.
_ASCII_EM = [int(w) / 100 for w in (
    "25,28,37,50,50,84,78,21,46,46,39,76,25,33,25,49,50,50,50,50,50,50,50,50,50,50,25,25,77,76,77,44,"
    "75,78,61,71,77,61,56,76,83,34,33,73,61,95,83,79,60,79,67,52,61,78,72,100,67,67,67,43,49,43,61,50,"
    "33,50,55,44,61,48,33,56,58,29,23,56,29,88,58,55,60,56,40,42,33,60,56,83,52,56,50,44,21,44,61").split(",")]
_OTHER_EM = {"\u00a0": 0.25, "—": 1.0, "–": 0.5, "×": 0.63, "÷": 0.76, "→": 0.95, "≥": 0.77, "≤": 0.77}
_SAFETY = 1.05      # bold headings are 4 % wider; kerning
SPACE_EM = 0.27
STEP_EM = 0.5       # how far ahead a column's widening is tried at a time
LEAST_SHARE = 0.25  # no column needs more than a quarter of the line to avoid overflow
NAME_SHARE = 0.4    # a name wider than 40 % of the line may break at its hyphens
CELL_LINE_WEIGHT = 0.25
BROKEN_WORD_WEIGHT = 2.0
HEADER_WORD_EM = 5.0  # longer heading words may be hyphenated

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SLASHES = re.compile(r"(?<=[/_])(?=.)")
_BREAKS = re.compile(r"(?<=[/_])(?=.)|(?<=[^\W\d]-)(?=\w)|(?<=\w-)(?=[^\W\d])")

_EPSILON = 1e-9  # widths computed to fit a piece exactly must fit it
Piece = tuple[float, float]  # (space before it, width); a line may break before any piece


@lru_cache(maxsize=1 << 16)
def text_width_em(text: str) -> float:
    """Approximate width of ``text`` set on one line, in em of its font."""
    return _SAFETY * sum(_char_em(ch) for ch in text)


@lru_cache(maxsize=None)
def _char_em(ch: str) -> float:
    if ch in _OTHER_EM:
        return _OTHER_EM[ch]
    base = unicodedata.normalize("NFKD", ch)[:1] or ch
    if " " <= base <= "~":
        return _ASCII_EM[ord(base) - 32]
    return 0.75 if ch.isupper() else 0.6


def pieces(text: str) -> list[Piece]:
    """The unbreakable pieces of a cell's text, in order. Lines break at spaces (not no-break
    spaces), after ``/`` and ``_`` (where the typesetter adds break points) and at hyphens next
    to a letter (``Llama-3.3-70B``, not ``2024-11-04``); URLs break anywhere (xurl)."""
    return list(_pieces(text))


@lru_cache(maxsize=1 << 14)
def _pieces(text: str) -> tuple[Piece, ...]:
    """:func:`pieces`, cached: a table repeats many cells, and each is laid out several times."""
    out: list[Piece] = []
    for word in re.split(r"[ \t\n]+", text.strip()):
        if not word:
            continue
        if word.startswith(("http://", "https://")):
            parts = [word[i:i + 3] for i in range(0, len(word), 3)]
        elif _ISO_DATE.fullmatch(word):
            parts = [word]
        else:
            parts = _BREAKS.split(word)
        for i, part in enumerate(parts):
            out.append((SPACE_EM if out and i == 0 else 0.0, text_width_em(part)))
    return tuple(out)


@lru_cache(maxsize=1 << 14)
def _one_line_em(text: str) -> float:
    """Width of ``text`` set on one line with its spaces, in em (the sum over its pieces)."""
    return sum(s + w for s, w in _pieces(text))


@lru_cache(maxsize=1 << 14)
def _widest_piece_em(text: str) -> float:
    """Width of the widest unbreakable piece of ``text``, in em; 0 when it has none."""
    return max([w for _s, w in _pieces(text)], default=0.0)


@lru_cache(maxsize=1 << 14)
def _longest_name(text: str) -> float:
    """Width of the widest word of ``text`` when words break only at spaces, ``/`` and ``_``."""
    words = [p for w in re.split(r"[ \t\n]+", text.strip()) if not w.startswith(("http://", "https://"))
             for p in _SLASHES.split(w)]
    return max((text_width_em(w) for w in words), default=0.0)


def wrap(cell: list[Piece], width: float) -> tuple[int, int]:
    """Lines the cell takes in a column ``width`` em wide, and how many of its line breaks fall
    inside a word (at a name's hyphen, after a slash, or hyphenating a piece wider than the
    column, which is counted over as many lines as it needs)."""
    lines, inside, _low, _high = _wrap_span(cell, width)
    return lines, inside


def _wrap_span(cell: Sequence[Piece], width: float) -> tuple[int, int, float, float]:
    """:func:`wrap`, and the span ``[low, high)`` of ``width + _EPSILON`` over which it gives the
    same answer provided no piece is wider than the column: every decision it takes is a
    comparison of a sum of widths (independent of ``width`` then) with that limit."""
    lines, inside, x = 1, 0, 0.0
    low, high, limit = -math.inf, math.inf, width + _EPSILON
    for space, w in cell:
        if x > 0:
            line = x + space + w
            if line <= limit:
                if line > low:
                    low = line
                x += space + w
                continue
            if line < high:
                high = line
            lines += 1
            inside += space == 0
        extra = math.ceil(w / width - _EPSILON) - 1  # lines a piece wider than the column adds
        if extra > 0:
            lines += extra
            inside += extra
        else:
            extra = 0
        x = w - extra * width
    return lines, inside, low, high


def line_count(cell: list[Piece], width: float) -> int:
    """Lines the cell takes in a column ``width`` em wide."""
    return wrap(cell, width)[0]


class _Spans:
    """Every layout of one cell worked out so far, by the span of ``width + _EPSILON`` over which
    it holds when no piece is wider than the column (:func:`_wrap_span`). Two layouts never
    share a limit (it decides every line break), so the spans are disjoint, kept in order."""

    def __init__(self, cell: tuple[Piece, ...]) -> None:
        self.cell = cell
        self.widest = max((w for _s, w in cell), default=-math.inf)
        self.spans: list[tuple[float, float, int, int]] = []  # (low, high, lines, inside)

    def wrap(self, width: float) -> tuple[int, int, float, float]:
        """:func:`_wrap_span` of the cell, from a span already worked out where one holds
        (the span is empty when a piece is wider than the column: it holds for no other width)."""
        limit = width + _EPSILON
        if self.widest > width or not width > 0:
            lines, inside, _low, _high = _wrap_span(self.cell, width)
            return lines, inside, math.inf, -math.inf
        i = bisect.bisect_right(self.spans, limit, key=lambda span: span[0])
        if i and self.spans[i - 1][0] <= limit < self.spans[i - 1][1]:
            low, high, lines, inside = self.spans[i - 1]
            return lines, inside, low, high
        lines, inside, low, high = _wrap_span(self.cell, width)
        self.spans.insert(i, (low, high, lines, inside))
        return lines, inside, low, high


@lru_cache(maxsize=1 << 14)
def _spans(cell: tuple[Piece, ...]) -> _Spans:
    """The layouts of ``cell`` worked out so far, shared by every table and font size it is in."""
    return _Spans(cell)


class _Column:
    """The distinct cells of one column, which row holds which, and for each cell the span of
    its last layout: :meth:`wrap` looks up again only the cells whose span does not hold the
    new width, those whose line breaks move."""

    def __init__(self, cells: list[list[Piece]]) -> None:
        distinct: dict[tuple[Piece, ...], int] = {}
        self.rows = np.array([distinct.setdefault(tuple(cell), len(distinct)) for cell in cells], dtype=np.int64)
        self.cells = [_spans(cell) for cell in distinct]
        self.widest = np.array([cell.widest for cell in self.cells])
        self.lines = np.ones(len(self.cells), dtype=np.int64)
        self.inside = np.zeros(len(self.cells), dtype=np.int64)
        self.low = np.full(len(self.cells), math.inf)  # an empty span: not laid out yet
        self.high = np.full(len(self.cells), -math.inf)

    def wrap(self, width: float) -> tuple[np.ndarray, np.ndarray]:
        """:func:`wrap` of every row's cell in a column ``width`` em wide: lines and line breaks
        inside a word, per row; the same counts, as :func:`wrap` gives them."""
        limit = width + _EPSILON
        if width > 0:
            stale = (self.low > limit) | (self.high <= limit) | (self.widest > width)
        else:
            stale = np.ones(len(self.cells), dtype=bool)  # as wrap() does it, errors included
        for k in np.flatnonzero(stale):
            self.lines[k], self.inside[k], self.low[k], self.high[k] = self.cells[k].wrap(width)
        return self.lines[self.rows], self.inside[self.rows]


def _plan(cells: list[list[list[Piece]]], least: list[float], natural: list[float], room: float) -> list[float]:
    """Start every column at its least width and hand out the rest of the line, each time to
    the column whose widening saves the most per em (never beyond ``natural``, the width that
    sets all its cells on one line), by just the width that saving needs. What it saves: table
    lines (the tallest cell of each row), plus a quarter for each cell line, so that a column is
    widened even when a neighbour's cell keeps its row as tall, plus two for each word broken
    across lines, so that model names stay whole before prose gets wider. What is left goes to
    the columns still short of their natural width, or else in proportion to the widths."""
    columns, rows = len(cells), len(cells[0])
    packed = [_Column(column) for column in cells]
    memo: dict[tuple[int, float], tuple[np.ndarray, float]] = {}

    def wrapped(j: int, width: float) -> tuple[np.ndarray, float]:
        """Lines per cell of column ``j``, and the column's own cost (cell lines, broken words)."""
        key = (j, width)
        if key not in memo:
            counts, inside = packed[j].wrap(width)
            # Multiples of a quarter: the sums are exact in any order.
            memo[key] = (counts, float((CELL_LINE_WEIGHT * counts + BROKEN_WORD_WEIGHT * inside).sum()))
        return memo[key]

    widths = list(least)
    while True:
        spare = room - sum(widths)
        current = np.array([wrapped(j, widths[j])[0] for j in range(columns)])
        best: tuple[float, int, float] | None = None
        for j in range(columns):
            rest = np.delete(current, j, axis=0)
            others = rest.max(axis=0) if len(rest) else np.ones(rows, dtype=np.int64)

            def cost(width: float) -> float:
                counts, own = wrapped(j, width)
                return int(np.maximum(others, counts).sum()) + own

            before, limit = cost(widths[j]), min(natural[j], widths[j] + spare)
            wider = widths[j]
            while wider < limit:
                wider = min(limit, wider + STEP_EM)
                after = cost(wider)
                if after < before:
                    low, high = widths[j], wider  # the least width that saves as much
                    for _ in range(12):
                        middle = (low + high) / 2
                        low, high = (low, middle) if cost(middle) <= after else (middle, high)
                    gain = (before - after) / (high - widths[j])
                    if best is None or gain > best[0]:
                        best = (gain, j, high)
                    break
        if best is None:
            break
        _gain, j, width = best
        widths[j] = width
    short = [max(0.0, n - w) for n, w in zip(natural, widths)]
    weights = short if sum(short) > 0 else widths
    left = room - sum(widths)
    return [w + left * k / sum(weights) for w, k in zip(widths, weights)]


def column_widths(header: list[str], rows: list[list[str]], capacity_em: float,
                  colsep_em: float) -> list[float] | None:
    """Relative column widths (summing to 1) for a table of plain-text cells, or None when every
    cell fits on one line at its natural width (then columns keep their natural width).

    ``capacity_em`` is the line width and ``colsep_em`` the padding on each side of a column,
    both in em of the table font. A column is at least as wide as its longest hyphenated name
    (at most 40 % of the line) if all such names fit side by side, else as its longest
    unbreakable piece (at most a quarter of the line); a heading word over 5 em may be hyphenated.
    """
    columns = len(header)
    room = capacity_em - 2 * colsep_em * (columns - 1)
    head = [pieces(h) for h in header]
    body = [[pieces(r[j]) for r in rows] for j in range(columns)]
    natural = [max([_one_line_em(r[j]) for r in rows] + [0.0]) for j in range(columns)]
    least = [min(LEAST_SHARE * room,
                 max([_widest_piece_em(r[j]) for r in rows] + [min(w, HEADER_WORD_EM) for _s, w in head[j]] + [1.0]))
             for j in range(columns)]
    whole = [min(NAME_SHARE * room, max([least[j]] + [_longest_name(r[j]) for r in rows])) for j in range(columns)]
    if sum(whole) <= room:
        least = whole  # hyphenated names (Llama-3.3-70B-Instruct) never break
    natural = [max(n, l) for n, l in zip(natural, least)]
    one_line = [max(n, sum(s + w for s, w in h)) for n, h in zip(natural, head)]
    if sum(one_line) <= room:
        return None  # headings too fit on one line
    if sum(least) >= room:
        widths = least
    else:
        widths = _plan([[h] + b for h, b in zip(head, body)], least, one_line, room)
    total = sum(widths)
    return [w / total for w in widths]


def estimate(header: list[str], rows: list[list[str]], widths: list[float] | None,
             capacity_em: float, colsep_em: float) -> tuple[int, int]:
    """Lines the table takes (heading row included) with relative ``widths`` (None: natural),
    and how many words its cells break across lines."""
    if widths is None:
        return 1 + len(rows), 0
    room = capacity_em - 2 * colsep_em * (len(header) - 1)
    wrapped = [_Column([pieces(row[j]) for row in [header] + rows]).wrap(w * room) for j, w in enumerate(widths)]
    lines = np.max([n for n, _b in wrapped], axis=0)
    return int(lines.sum()), int(sum(b[1:].sum() for _n, b in wrapped))
