"""The chart style: only matplotlib's own DejaVu Sans, byte-identical PNGs (also from a fresh
process with an empty font cache, as on another machine), one fixed style per model."""

import os
import subprocess
import sys
import zlib
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from chart_fixtures import captured_figures
from matplotlib import font_manager
from matplotlib.text import Text

from analysis.present.charts import costs as plots
from analysis.present.charts import style
from analysis.present.i18n import Localizer

ROOT = Path(__file__).resolve().parents[3]
COSTS = pd.DataFrame({"model_id": ["a", "b"], "display_name": ["Älpha ñ", "Beta"], "provider_name": ["P", "Q"],
                      "usd_total": [1.5, 30.0]})


def test_the_resolved_font_is_matplotlibs_bundled_dejavu_sans():
    bundled = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    assert style.resolved_font_file() == bundled
    # the private family holds only bundled files, even where the system has DejaVu too
    entries = [e for e in font_manager.fontManager.ttflist if e.name == style.FONT_FAMILY]
    assert entries and all(Path(e.fname).parent == bundled.parent for e in entries)


def test_every_text_of_a_chart_uses_the_bundled_font():
    with captured_figures() as figs:
        plots.budget_chart(COSTS, Localizer("de"))
    files = {Path(font_manager.findfont(t.get_fontproperties(), fallback_to_default=False))
             for t in figs[0].findobj(Text) if t.get_text()}
    assert files and all(f.parent == Path(matplotlib.get_data_path()) / "fonts" / "ttf" for f in files)
    assert {f.name for f in files} <= {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"}


def test_style_does_not_leak_into_global_rcparams():
    before = dict(matplotlib.rcParams)
    plots.budget_chart(COSTS, Localizer("en"))
    assert matplotlib.rcParams["font.family"] == before["font.family"]
    assert matplotlib.rcParams["text.parse_math"] == before["text.parse_math"]


def png_chunks(png: bytes) -> list[bytes]:
    """Chunk types of a PNG, in order."""
    chunks, position = [], 8
    while position < len(png):
        length = int.from_bytes(png[position:position + 4], "big")
        chunks.append(png[position + 4:position + 8])
        position += 12 + length
    return chunks


def test_png_has_no_time_or_software_metadata():
    png = plots.budget_chart(COSTS, Localizer("en")).png
    chunks = png_chunks(png)
    assert b"tIME" not in chunks and b"tEXt" not in chunks and b"iTXt" not in chunks and b"zTXt" not in chunks
    assert chunks[0] == b"IHDR" and chunks[-1] == b"IEND"


RENDER = """
import hashlib, pandas as pd
from analysis.present.charts import costs as plots
from analysis.present.i18n import Localizer
costs = pd.DataFrame({"model_id": ["a", "b"], "display_name": ["Älpha ñ", "Beta"], "provider_name": ["P", "Q"],
                      "usd_total": [1.5, 30.0]})
print(hashlib.sha256(plots.budget_chart(costs, Localizer("de")).png).hexdigest())
"""


def test_a_fresh_process_with_an_empty_font_cache_renders_the_same_bytes(tmp_path):
    import hashlib
    here = hashlib.sha256(plots.budget_chart(COSTS, Localizer("de")).png).hexdigest()
    env = {**os.environ, "MPLCONFIGDIR": str(tmp_path / "mpl"), "PYTHONPATH": str(ROOT), "LANG": "C", "LC_ALL": "C"}
    result = subprocess.run([sys.executable, "-c", RENDER], cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == here


def test_render_environment_is_pinned():
    """What else decides the bytes: matplotlib's own FreeType build and Pillow's zlib, both pinned
    in constraints.txt (a wheel built against the system's FreeType would hint differently)."""
    from matplotlib import ft2font
    pins = (ROOT / "constraints.txt").read_text()
    assert f"matplotlib=={matplotlib.__version__}" in pins
    assert "pillow==" in pins.lower()
    assert ft2font.__freetype_build_type__ == "local"
    assert zlib.ZLIB_RUNTIME_VERSION


# --- one style per model --------------------------------------------------------------------------
def test_colour_follows_the_developer_and_markers_the_model_id():
    models = pd.DataFrame({"model_id": ["m-z", "o-1", "o-2", "z-2", "z-1", "x"],
                           "developer": ["Meta", "OpenAI", "openai lab", "zeta", "zeta", None]})
    styles = style.model_styles(models)
    # most models first: zeta (2 models, hue 0); then one model each, case-insensitive order:
    # Meta (hue 1), OpenAI (hue 2), openai lab (hue 3)
    assert styles["z-1"] == style.Style(style.HUES[0], "o") and styles["z-2"] == style.Style(style.HUES[0], "s")
    assert styles["m-z"] == style.Style(style.HUES[1], "o") and styles["o-1"] == style.Style(style.HUES[2], "o")
    assert styles["o-2"] == style.Style(style.HUES[3], "o")
    assert styles["x"] == style.Style(style.GREY, "o", filled=False)          # no developer: grey


def test_styles_do_not_depend_on_row_order_or_on_which_chart_asks():
    models = pd.DataFrame({"model_id": [f"m{i}" for i in range(30)], "developer": [f"Dev {i % 9}" for i in range(30)]})
    assert style.model_styles(models) == style.model_styles(models.sample(frac=1, random_state=3))


def test_up_to_fourteen_developers_with_twelve_models_each_get_distinct_styles():
    models = pd.DataFrame([{"model_id": f"d{d:02d}-m{m:02d}", "developer": f"Dev {d:02d}"}
                           for d in range(14) for m in range(12)])
    styles = style.model_styles(models)
    assert len(set(styles.values())) == 14 * 12
    assert styles["d07-m00"].filled is False and styles["d06-m00"].filled is True   # 8th developer: hollow
    assert styles["d07-m00"].colour == styles["d00-m00"].colour == style.HUES[0]


def test_hues_are_okabe_ito_without_yellow():
    okabe_ito = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
    assert set(style.HUES) == okabe_ito - {"#F0E442"} and len(style.HUES) == 7


@pytest.mark.parametrize("size", [style.FONT_PT, style.TITLE_PT])
def test_font_sizes_print_at_least_8pt(size):
    assert size * style.TEXT_WIDTH_IN / style.FIGURE_WIDTH_IN >= style.PRINT_MIN_PT
    assert style.TEXT_WIDTH_IN == pytest.approx((210 - 2 * 25) / 25.4)      # A4 less 2.5 cm margins
