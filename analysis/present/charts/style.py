"""The one look of every chart: sizes for print, fixed fonts and rcParams, one style per model.

**Print size.** The PDF sets each chart at the text width, :data:`TEXT_WIDTH_IN` (A4 less two
2.5 cm margins = 16 cm = 6.30 in). Figures are drawn at that width, so a font of *s* pt prints at
*s* pt; the smallest font is :data:`FONT_PT` (9 pt), which stays above the 8 pt floor
(:data:`PRINT_MIN_PT`) even if a template shrinks images to 90% of the line.

**Same bytes on every machine.** Text uses only the DejaVu Sans files that ship inside
matplotlib (registered under the private family name :data:`FONT_FAMILY`, so a system-wide
DejaVu, Arial or Liberation can never be chosen), mathtext is off (a ``$`` in a model name stays
a dollar sign), hinting and anti-aliasing are fixed, and PNGs carry no Software or date
metadata. What remains machine-dependent is the library build (matplotlib's bundled FreeType,
Pillow's zlib), which ``constraints.txt`` pins.

**A model looks the same in every chart** (:func:`model_styles`): colour = developer, marker =
model. Developers, most models first (ties: alphabetical, case-insensitive), take the Okabe-Ito
hues of :data:`HUES` in turn: the first seven with filled markers, the next seven with hollow
ones, and so on (so the developers with the most models get the most distinct styles). Within a
developer, models in ``model_id`` order take :data:`MARKERS` in turn. A model without a
developer is grey. The rule reads only the models table, never the order in which a chart meets
the models, so every chart that receives the same table draws a model alike.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import matplotlib
import pandas as pd
from matplotlib import font_manager

#: width of the PDF's text block, inches (A4 210 mm - 2 x 25 mm = 160 mm)
TEXT_WIDTH_IN = 160 / 25.4
#: every figure is drawn at the text width, so it prints at scale 1
FIGURE_WIDTH_IN = TEXT_WIDTH_IN
#: no text may print smaller than this (points)
PRINT_MIN_PT = 8.0
#: body text of charts: ticks, axis labels, data labels, legends (points)
FONT_PT = 9.0
#: chart titles (points)
TITLE_PT = 10.5
#: raster resolution: 6.3 in x 150 dpi = 945 px wide (sharp in print, scaled to fit on screen)
DPI = 150

#: the private family name under which matplotlib's own DejaVu Sans files are registered
FONT_FAMILY = "DejaVu Sans (matplotlib)"
_BUNDLED_FAMILY = "DejaVu Sans"

#: Okabe & Ito (2008), "Color Universal Design", https://jfly.uni-koeln.de/color/ : the eight
#: colours minus yellow (#F0E442, too light on white), in the order developers take them
HUES = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
#: markers taken in turn by the models of one developer
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">", "h", "p")
#: neutral colours: models without a developer, context (dominated points, the market)
GREY = "#8C8C8C"
LIGHT_GREY = "#C8C8C8"
INK = "#222222"


def bundled_font_files() -> list[Path]:
    """matplotlib's own DejaVu Sans files (regular, bold, oblique, bold oblique)."""
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return sorted(folder.glob("DejaVuSans*.ttf"))


@lru_cache(maxsize=None)
def register_bundled_font() -> str:
    """Register matplotlib's bundled DejaVu Sans files as :data:`FONT_FAMILY` (idempotent) and
    return that name. Only those files carry the name, so font lookup cannot land elsewhere."""
    bundled = {str(path) for path in bundled_font_files()}
    manager = font_manager.fontManager
    if not any(entry.name == FONT_FAMILY for entry in manager.ttflist):
        entries = [entry for entry in manager.ttflist if entry.fname in bundled and entry.name == _BUNDLED_FAMILY]
        if not entries:                      # a font cache built elsewhere: read the files themselves
            for path in sorted(bundled):
                manager.addfont(path)
            entries = [entry for entry in manager.ttflist if entry.fname in bundled and entry.name == _BUNDLED_FAMILY]
        manager.ttflist.extend(dataclasses.replace(entry, name=FONT_FAMILY) for entry in entries)
        manager._findfont_cached.cache_clear()   # findfont memoises per manager state
    return FONT_FAMILY


def rc_params() -> dict:
    """The fixed rcParams every chart is drawn with (see the module docstring)."""
    return {
        "font.family": [register_bundled_font()],
        "font.size": FONT_PT,
        "axes.titlesize": TITLE_PT,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": FONT_PT,
        "xtick.labelsize": FONT_PT,
        "ytick.labelsize": FONT_PT,
        "legend.fontsize": FONT_PT,
        "legend.title_fontsize": FONT_PT,
        "figure.titlesize": TITLE_PT,
        "figure.labelsize": FONT_PT,
        "text.parse_math": False,
        "text.hinting": "no_hinting",
        "text.antialiased": True,
        "lines.antialiased": True,
        "patch.antialiased": True,
        "axes.unicode_minus": True,
        "path.simplify": True,
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "axes.facecolor": "white",
        "axes.edgecolor": "#BBBBBB",
        "axes.linewidth": 0.8,
        "axes.grid": True,
        "axes.axisbelow": True,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.labelcolor": INK,
        "axes.titlecolor": INK,
        "grid.color": "#E6E6E6",
        "grid.linewidth": 0.8,
        "xtick.color": "#555555",
        "ytick.color": "#555555",
        "xtick.labelcolor": INK,
        "ytick.labelcolor": INK,
        "legend.frameon": False,
        "svg.hashsalt": "llm-cost-report",
        "image.interpolation": "nearest",
    }


def resolved_font_file() -> Path:
    """The font file matplotlib uses for chart text under :func:`rc_params`."""
    properties = font_manager.FontProperties(family=rc_params()["font.family"], size=FONT_PT)
    return Path(font_manager.findfont(properties, fallback_to_default=False))


# --- one style per model ---------------------------------------------------------------------
@dataclass(frozen=True)
class Style:
    """How one model is drawn: ``colour`` (its developer's), ``marker`` and ``filled``."""

    colour: str
    marker: str
    filled: bool = True

    def scatter(self, size: float = 42.0) -> dict:
        """Keyword arguments for ``Axes.scatter`` (hollow: white face, thicker coloured edge)."""
        face = self.colour if self.filled else "white"
        return {"marker": self.marker, "s": size, "facecolors": face, "edgecolors": self.colour if not self.filled else "white",
                "linewidths": 1.4 if not self.filled else 0.6}

    def line(self) -> dict:
        """Keyword arguments for ``Axes.plot`` of a line with this model's markers."""
        return {"color": self.colour, "marker": self.marker, "markersize": 5,
                "markerfacecolor": self.colour if self.filled else "white", "markeredgecolor": self.colour,
                "markeredgewidth": 1.0}

    def bar(self) -> dict:
        """Keyword arguments for ``Axes.barh`` (hollow developers: pale fill, coloured edge)."""
        if self.filled:
            return {"color": self.colour, "edgecolor": "white", "linewidth": 0.5}
        return {"color": matplotlib.colors.to_rgba(self.colour, 0.28), "edgecolor": self.colour, "linewidth": 1.0}


UNKNOWN = Style(GREY, "o", False)


def _developers(models: pd.DataFrame) -> pd.DataFrame:
    """``model_id, developer`` (stripped, missing = "") of ``models``, one row per model."""
    developer = models["developer"] if "developer" in models else pd.Series("", index=models.index)
    return pd.DataFrame({"model_id": models["model_id"].astype(str),
                         "developer": developer.fillna("").astype(str).str.strip()}).drop_duplicates("model_id")


def developer_styles(models: pd.DataFrame) -> dict[str, Style]:
    """Developer -> its colour and fill (marker ``o``), in the order they take the hues."""
    frame = _developers(models)
    counts = frame.loc[frame["developer"] != "", "developer"].value_counts()
    order = sorted(counts.index, key=lambda d: (-counts[d], d.casefold(), d))
    return {d: Style(HUES[k % len(HUES)], "o", filled=(k // len(HUES)) % 2 == 0) for k, d in enumerate(order)}


def model_styles(models: pd.DataFrame) -> dict[str, Style]:
    """``model_id`` -> :class:`Style` by the rule in the module docstring. ``models`` needs
    ``model_id``; ``developer`` if present (missing or empty: grey)."""
    frame = _developers(models)
    by_developer = developer_styles(models)
    styles: dict[str, Style] = {}
    for developer, group in frame.groupby("developer", sort=False):
        base = by_developer.get(developer, Style(GREY, "o", filled=False))
        for j, model_id in enumerate(sorted(group["model_id"])):
            styles[model_id] = Style(base.colour, MARKERS[j % len(MARKERS)], base.filled)
    return dict(sorted(styles.items()))
