"""The "Prices over time" section and its charts render in every language, translated (strict),
from the computed trends; figures come from the computation, formatted by the Localizer."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.compute.trends import price_trends
from analysis.inputs.catalog import load_curated
from analysis.present.charts.trends import decimal_year, price_steps_chart, threshold_chart, trend_charts
from analysis.present.i18n import SUPPORTED_LANGUAGES, Localizer
from analysis.present.narrative.trends import prices_over_time_section

CURATED = load_curated()
#: two lineup models: gpt-6-luna 1/4 until 2025-09-01 then 0.5/2; deepseek-v4-flash 0.3/1.2 throughout
HISTORY = pd.DataFrame([
    ("gpt-6-luna", "openai", 1.0, 4.0, "2025-01-15", "2025-09-01"),
    ("gpt-6-luna", "openai", 0.5, 2.0, "2025-09-01", ""),
    ("deepseek-v4-flash", "deepseek", 0.3, 1.2, "2024-12-01", ""),
], columns=["model_id", "provider", "usd_per_mtok_input", "usd_per_mtok_output", "valid_from", "valid_to"])
SCORES = pd.DataFrame({"model_id": ["gpt-6-luna", "deepseek-v4-flash"], "use_case": ["coding", "coding"],
                       "score": [70.0, 60.0]})
TRENDS = price_trends(HISTORY, SCORES, list(CURATED.models["model_id"]), "2026-11-23", (2, 1), 15_000_000)


@pytest.mark.parametrize("lang", sorted(SUPPORTED_LANGUAGES))
def test_the_section_renders_translated(lang):
    loc = Localizer(lang, strict=True)
    text = prices_over_time_section(TRENDS, CURATED.published_trends, CURATED.models, loc)
    assert text.startswith("## " + loc.gettext("Prices over time"))
    # gpt-6-luna blended at 2:1: (2 x 1 + 4) / 3 = 2.00 then, (2 x 0.5 + 2) / 3 = 1.00 today: -50 %
    assert loc.money(2.0) in text and loc.money(1.0) in text and loc.percent(-0.5) in text
    # Epoch's figures come from data/published_trends.csv: 40x, and 9x to 900x a year
    assert loc.gettext("{factor}×").format(factor=loc.number(40, 1)) in text
    assert "https://epoch.ai/data-insights/llm-inference-price-trends" in text


@pytest.mark.parametrize("lang", sorted(SUPPORTED_LANGUAGES))
def test_the_charts_render_translated_with_their_finding(lang):
    loc = Localizer(lang, strict=True)
    steps = price_steps_chart(TRENDS, CURATED.models, loc)
    assert steps.png.startswith(b"\x89PNG") and "GPT-6 Luna" in steps.alt and loc.percent(-0.5) in steps.alt
    curve = threshold_chart(TRENDS, loc)
    assert curve.png.startswith(b"\x89PNG") and loc.number(60, 0) in curve.alt


def test_an_empty_history_says_so():
    empty = price_trends(HISTORY.iloc[0:0], SCORES, ["gpt-6-luna"], "2026-11-23", (2, 1), 15_000_000)
    text = prices_over_time_section(empty, CURATED.published_trends, CURATED.models, Localizer("en"))
    assert "The price history lists no model of the lineup." in text


def test_decimal_years():
    # 2025-07-02 is day 182 of 365 -> 2025 + 182 / 365; 2024-12-31 is day 365 of a leap year's 366
    years = decimal_year(pd.Series(["2025-01-01", "2025-07-02", "2024-12-31"]))
    assert years.tolist() == pytest.approx([2025.0, 2025 + 182 / 365, 2024 + 365 / 366])


def test_a_data_folder_without_history_says_so():
    text = prices_over_time_section(None, CURATED.published_trends, CURATED.models, Localizer("de", strict=True))
    assert "data/price_history.csv" in text and text.startswith("## Preise im Zeitverlauf")


def test_no_history_draws_no_chart():
    assert trend_charts(None, CURATED.models, Localizer("en")) == []
    assert len(trend_charts(TRENDS, CURATED.models, Localizer("en"))) == 2
