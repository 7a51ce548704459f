"""The fast paths of analysis.render.table_layout give exactly what the plain per-cell layout gives:
columns laid out at once (:class:`_Column`), layouts reused over the span of widths where they
hold (:class:`_Spans`), and :func:`estimate` built on them."""

from __future__ import annotations

import random

import pytest

from analysis.render.table_layout import _Column, _wrap_span, estimate, pieces, wrap

WORDS = ["GPT-4o", "Llama-3.3-70B-Instruct", "openrouter/meta-llama/llama-3.1-8b", "2024-11-04",
         "a", "the", "explanation", "1,60\u00a0$", "https://example.org/some/long/path_to_a_page",
         "supercalifragilisticexpialidocious", "über", "—", "x" * 40]


def _cells(rng: random.Random, count: int) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 12))) for _ in range(count)]


def test_a_word_pair_fits_over_the_span_its_sums_bound():
    cell = pieces("aaaa aaaa aaaa")  # three words of 4 x 0.5 x 1.05 = 2.1 em, spaces 0.27 em
    lines, inside, low, high = _wrap_span(cell, 4.5)
    assert (lines, inside) == (2, 0)
    assert low == pytest.approx(4.47)   # 2.1 + 0.27 + 2.1: the two words that share a line
    assert high == pytest.approx(6.84)  # 4.47 + 0.27 + 2.1: the third word that did not fit
    assert wrap(cell, 4.47)[0] == 2 and wrap(cell, 6.83)[0] == 2 and wrap(cell, 6.84)[0] == 1


def test_columns_laid_out_at_once_match_the_cells_laid_out_one_by_one():
    rng = random.Random(7)
    texts = _cells(rng, 60)
    cells = [pieces(t) for t in texts + texts[:15]]  # repeated cells share a layout
    column = _Column(cells)
    widths = [rng.uniform(0.3, 40.0) for _ in range(300)]
    widths += [w + d for w in widths[:50] for d in (1e-12, -1e-12, 1e-9, -1e-9)]  # at span edges
    for width in widths:
        lines, inside = column.wrap(width)
        assert [(int(n), int(b)) for n, b in zip(lines, inside)] == [wrap(c, width) for c in cells], width


def test_the_estimate_counts_the_tallest_cell_of_each_row_and_the_broken_words():
    rng = random.Random(11)
    header = ["Model", "Provider", "Note"]
    rows = [_cells(rng, 3) for _ in range(40)]
    for _ in range(20):
        shares = [rng.uniform(0.05, 1.0) for _ in header]
        widths = [s / sum(shares) for s in shares]
        room = 45.0 - 2 * 0.4 * 2
        laid = [[wrap(pieces(r[j]), w * room) for j, w in enumerate(widths)] for r in [header] + rows]
        expected = (sum(max(n for n, _b in r) for r in laid), sum(b for r in laid[1:] for _n, b in r))
        assert estimate(header, rows, widths, 45.0, 0.4) == expected
