"""Decision charts: PNG bytes, deterministic across calls, in every language."""

import pytest

from analysis import plots_decision as charts
from analysis.i18n import Localizer
from decision_fixtures import MODELS, USE_CASES, computed

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DATA = computed()


def every_chart(loc: Localizer) -> dict[str, bytes]:
    return {
        "pareto": charts.pareto_chart(DATA["fronts"]["general"], MODELS, loc, "general"),
        "ratio": charts.ratio_sweep_chart(DATA["ratio"], MODELS, loc),
        "volume": charts.volume_chart(DATA["volume"], DATA["break_even"], MODELS, loc),
        "tornado": charts.tornado_chart(DATA["shocks"], MODELS, loc),
        "reasoning": charts.reasoning_chart(DATA["reasoning"], MODELS, loc),
        "heatmap": charts.montecarlo_heatmap(DATA["mc"].summary, MODELS, loc),
        "front_heatmap": charts.montecarlo_heatmap(DATA["mc"].summary, MODELS, loc, column="p_front"),
        "weights": charts.weight_sensitivity_chart(DATA["weight_sweep"], MODELS, loc, "general", USE_CASES),
    }


@pytest.mark.parametrize("lang", ["en", "es", "de"])
def test_charts_are_png_and_deterministic(lang):
    loc = Localizer(lang)
    first, second = every_chart(loc), every_chart(loc)
    for name, png in first.items():
        assert png.startswith(PNG_SIGNATURE), name
        assert png == second[name], f"{name} differs between two calls"


def test_language_changes_the_chart():
    assert every_chart(Localizer("en"))["tornado"] != every_chart(Localizer("de"))["tornado"]


def test_empty_inputs_still_draw():
    loc = Localizer("en")
    empty_front = DATA["fronts"]["multimodal"]          # only one eligible model
    assert charts.pareto_chart(empty_front, MODELS, loc, "multimodal").startswith(PNG_SIGNATURE)
    nothing = DATA["volume"].iloc[:0]
    assert charts.volume_chart(nothing, DATA["break_even"], MODELS, loc).startswith(PNG_SIGNATURE)
