"""Decision charts: deterministic PNGs in every language, text at 8 pt or more in print, labels
that never overlap (also with 36 models), alt text that states the finding."""

import numpy as np
import pandas as pd
import pytest
from chart_fixtures import captured_figures, overlapping_labels, printed_font_sizes
from decision_fixtures import MODELS, USE_CASES, computed

from analysis.compute.pareto import quality_price_fronts
from analysis.present.charts import decision as charts
from analysis.present.charts import style
from analysis.present.charts.figures import Chart
from analysis.present.i18n import Localizer

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DATA = computed()


def every_chart(loc: Localizer) -> dict[str, Chart]:
    return {
        "pareto": charts.pareto_chart(DATA["fronts"]["general"], MODELS, loc, "general"),
        "headline": charts.headline_chart(DATA["fronts"]["general"].points, MODELS, loc, "general", highlight=["beta"]),
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
    for key, chart in first.items():
        assert chart.png.startswith(PNG_SIGNATURE), key
        assert chart == second[key], f"{key} differs between two calls"
        assert chart.alt and chart.name


def test_names_are_file_slugs():
    names = [chart.name for chart in every_chart(Localizer("en")).values()]
    assert names == ["pareto-general", "headline-general", "ratio-sweep", "volume", "tornado", "reasoning",
                     "montecarlo-top", "montecarlo-front", "weights-general"]


def test_language_changes_chart_and_alt():
    english, german = every_chart(Localizer("en")), every_chart(Localizer("de"))
    for key in english:
        assert english[key].png != german[key].png, key
        assert english[key].alt != german[key].alt, key


def test_every_text_prints_at_8pt_or_more_at_text_width():
    with captured_figures() as figs:
        every_chart(Localizer("de"))                  # German: the longest words
    for fig in figs:
        assert fig.get_figwidth() == pytest.approx(style.TEXT_WIDTH_IN)
        assert min(printed_font_sizes(fig)) >= style.PRINT_MIN_PT
        assert overlapping_labels(fig) == []


def test_pareto_alt_states_the_front():
    alt = charts.pareto_chart(DATA["fronts"]["general"], MODELS, Localizer("en"), "general").alt
    points = DATA["fronts"]["general"].points
    front = points[points["on_front"]].sort_values("usd_per_mtok_blended")
    # the fixture's general front, cheapest first: alpha (p1: 0.1 in, 0.3 out -> (3*0.1+0.3)/4 = 0.15)
    assert front["model_id"].iloc[0] == "alpha" and front["usd_per_mtok_blended"].iloc[0] == pytest.approx(0.15)
    assert alt.startswith(f"General: {len(front)} of 3 models are on the price-quality front. The cheapest of them "
                          "is Alpha 1 (score 57.5, $0.15 per 1M tokens)")      # score: (60 + 55) / 2 = 57.5


def test_empty_inputs_still_draw():
    loc = Localizer("en")
    empty_front = DATA["fronts"]["multimodal"]          # only one eligible model
    assert charts.pareto_chart(empty_front, MODELS, loc, "multimodal").png.startswith(PNG_SIGNATURE)
    nothing = DATA["volume"].iloc[:0]
    chart = charts.volume_chart(nothing, DATA["break_even"], MODELS, loc)
    assert chart.png.startswith(PNG_SIGNATURE)
    assert chart.alt == "No model can be self-hosted with the listed GPU set-ups."


# --- 36 models -----------------------------------------------------------------------------------
DEVELOPERS = ["Alibaba Qwen", "Anthropic", "DeepSeek", "Google DeepMind", "Meta", "Mistral AI", "Moonshot AI",
              "OpenAI", "xAI"]


def many_models(count: int = 36, seed: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``count`` made-up models (names shaped like real ones, four per developer) with scores and
    blended prices drawn from a seeded generator: a layout input, not data."""
    rng = np.random.default_rng(seed)
    ids = [f"{DEVELOPERS[i % len(DEVELOPERS)].split()[0].lower()}-model-{i:02d}-instruct" for i in range(count)]
    models = pd.DataFrame({"model_id": ids, "display_name": [f"{m.title()}" for m in ids],
                           "developer": [DEVELOPERS[i % len(DEVELOPERS)] for i in range(count)]})
    scores = pd.DataFrame({"model_id": ids, "use_case": "coding", "score": rng.uniform(35, 92, count)})
    prices = pd.DataFrame({"model_id": ids, "provider": "p", "usd_per_mtok_input": 10 ** rng.uniform(-1.6, 1.0, count)})
    prices["usd_per_mtok_output"] = prices["usd_per_mtok_input"] * 4
    return models, quality_price_fronts(scores, prices)["coding"].points


@pytest.mark.parametrize("seed", [5, 6])
def test_headline_chart_labels_36_models_without_overlap(seed):
    models, points = many_models(seed=seed)
    with captured_figures() as figs:
        chart = charts.headline_chart(points, models, Localizer("en"), "coding")
    labels = [t.get_text() for t in figs[0].findobj(lambda a: a.get_gid() == "data-label")]
    assert len(labels) == 36 and "Openai-Model-07" in labels        # "-Instruct" dropped on the chart
    assert overlapping_labels(figs[0]) == []
    assert min(printed_font_sizes(figs[0])) >= style.PRINT_MIN_PT
    assert chart.name == "headline-coding" and chart.alt.startswith("Coding: ")


def test_lines_with_36_models_label_every_end_without_overlap():
    models, _points = many_models()
    shares = np.linspace(0, 1, 6)
    rng = np.random.default_rng(2)
    sweep = pd.DataFrame([{"model_id": m, "output_share": s, "usd_per_mtok": p * (1 + 3 * s)}
                          for m, p in zip(models["model_id"], 10 ** rng.uniform(-1.5, 1, 36)) for s in shares])
    with captured_figures() as figs:
        charts.ratio_sweep_chart(sweep, models, Localizer("en"))
    assert len(figs[0].findobj(lambda a: a.get_gid() == "data-label")) == 36
    assert overlapping_labels(figs[0]) == []


@pytest.mark.parametrize("lang", ["en", "es", "de"])
def test_every_chart_message_is_translated_with_the_same_placeholders(lang):
    from analysis.present.messages import extract_messages, placeholders, read_catalogues
    catalogue = read_catalogues(lang)
    used = {m: w for m, w in extract_messages().items()
            if any(place.split(":")[0].endswith(("charts/costs.py", "charts/decision.py", "charts/figures.py")) for place in w)}
    assert len(used) > 40
    for msgid in used:
        translated = catalogue.get(msgid)
        texts = list(translated) if isinstance(translated, (tuple, list)) else [translated]
        assert translated and all(texts), f"{lang}: {msgid!r} is not translated"
        expected = placeholders(msgid if isinstance(msgid, str) else msgid[1])
        assert all(placeholders(t) == expected for t in texts), f"{lang}: placeholders differ in {msgid!r}"
