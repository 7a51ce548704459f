"""Chart plumbing: the Chart object and its alt text in the notebook and the HTML; label layout
(analysis.present.charts.labels) without overlap, 1-D spreading and lane packing."""

import base64
import re

import matplotlib
import nbformat
import numpy as np
import pytest
from chart_fixtures import overlapping_labels

from analysis.build.language import export_html
from analysis.present.charts import costs as plots
from analysis.present.charts import figures, labels, style

PNG_1x1 = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def test_chart_displays_with_its_alt_text():
    chart = figures.Chart(png=PNG_1x1, alt='Alpha <b> is "cheapest"', name="budget")
    data, metadata = chart._repr_mimebundle_()
    assert base64.b64decode(data["image/png"]) == PNG_1x1
    assert data["text/plain"] == chart.alt and metadata == {"image/png": {"alt": chart.alt}}
    assert chart.size_px == (1, 1)
    assert "bytes" in repr(chart) and "iVBOR" not in repr(chart)


def test_html_export_writes_the_alt_text_escaped():
    chart = figures.Chart(png=PNG_1x1, alt='Alpha <b> costs "$1.00" & more', name="budget")
    data, metadata = chart._repr_mimebundle_()
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("display(chart)")
    cell.outputs = [nbformat.v4.new_output("display_data", data=data, metadata=metadata)]
    nb.cells = [cell]
    html = export_html(nb, lang="en")
    images = re.findall(r"<img[^>]*>", html)
    assert len(images) == 1
    assert "No description has been provided" not in html
    assert "alt='Alpha &lt;b&gt; costs \"$1.00\" &amp; more'" in images[0] or \
        'alt="Alpha &lt;b&gt; costs &quot;$1.00&quot; &amp; more"' in images[0]


def test_spread_1d_centres_a_crowd_on_its_targets():
    # three labels of height 3 all wanting 0, 1, 2: one block of 9 centred on their mean 1,
    # so centres -2, 1, 4
    assert labels.spread_1d([0, 1, 2], [3, 3, 3], -100, 100, gap=0).tolist() == [-2.0, 1.0, 4.0]
    # labels with room stay where they are
    assert labels.spread_1d([0, 10], [2, 2], -100, 100, gap=1).tolist() == [0.0, 10.0]
    # input order is kept: the result maps back to each target
    assert labels.spread_1d([10, 0], [2, 2], -100, 100, gap=1).tolist() == [10.0, 0.0]


def test_spread_1d_keeps_within_bounds_and_apart():
    rng = np.random.default_rng(1)
    targets, sizes = rng.uniform(0, 100, 40), rng.uniform(2, 4, 40)
    centres = labels.spread_1d(targets, sizes, 0, 200, gap=1)
    order = np.argsort(centres)
    lows, highs = centres[order] - sizes[order] / 2, centres[order] + sizes[order] / 2
    assert np.all(lows[1:] >= highs[:-1] + 1 - 1e-9)
    assert lows.min() >= 0 - 1e-9 and highs.max() <= 200 + 1e-9
    assert np.all(np.diff(targets[order]) >= 0)        # order of targets kept


def test_pack_lanes_puts_labels_left_when_right_is_taken():
    # two points 120 px apart, labels 100 px: the second fits to the right in row 0
    lanes, right = plots.pack_lanes(np.array([0.0, 120.0]), np.array([100.0, 100.0]), 5, 3, 1000)
    assert lanes.tolist() == [0, 0] and right.tolist() == [True, True]
    # a point near the right edge puts its label on its left
    lanes, right = plots.pack_lanes(np.array([950.0]), np.array([100.0]), 5, 3, 1000)
    assert right.tolist() == [False]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_place_labels_never_overlaps(seed):
    rng = np.random.default_rng(seed)
    n = 40
    xs, ys = 10 ** rng.uniform(-2, 1, n), rng.uniform(30, 90, n)
    names = [f"Model-{chr(65 + i % 26)}{i}-{'x' * (i % 7)}" for i in range(n)]
    with matplotlib.rc_context(style.rc_params()):
        fig, ax = figures.new_figure(figures.labelled_height(names, 4.2))
        ax.scatter(xs, ys)
        ax.set_xscale("log")
        ax.set_xlim(xs.min() / 2, xs.max() * 2)
        ax.set_ylim(20, 100)
        fig.tight_layout()
        placed = labels.place_labels(ax, xs, ys, names)
        fig.canvas.draw()
        assert [a.get_text() for a in placed] == names
        assert overlapping_labels(fig) == []
        frame = ax.get_window_extent()
        boxes = labels.label_boxes(fig)
        assert (boxes[:, 0] >= frame.x0 - 1).all() and (boxes[:, 2] <= frame.x1 + 1).all()
