"""Cost, market and task-cost charts: edges that keep the extremes, labels that never overlap,
text that prints at 8 pt or more, alt text that states the finding in each language."""

import numpy as np
import pandas as pd
import pytest
from chart_fixtures import aider_task_frame, captured_figures, overlapping_labels, printed_font_sizes

from analysis.compute.costs import Workload
from analysis.compute.market import load_prices, summarise
from analysis.inputs.catalog import load_curated
from analysis.present.charts import costs as plots
from analysis.present.charts import style
from analysis.present.charts.figures import Chart
from analysis.present.i18n import Localizer

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CURATED = load_curated()
WORKLOAD = Workload(10_000_000, 5_000_000)


def market(catalog: str):
    return summarise(load_prices(catalog, CURATED), WORKLOAD)


COSTS = pd.DataFrame({
    "model_id": ["a", "a", "b", "c"], "display_name": ["Alpha", "Alpha", "Beta $x$", "Gamma"],
    "provider_name": ["P1", "P2", "P1", "P2"], "usd_total": [2.0, 5.0, 40.0, np.nan]})
MODELS = pd.DataFrame({"model_id": ["a", "b", "c"], "display_name": ["Alpha", "Beta $x$", "Gamma"],
                       "developer": ["Dev One", "Dev Two", "Dev One"]})


# --- histogram edges ---------------------------------------------------------------------------
def test_logspace_alone_drops_the_cheapest_curated_model():
    low = market("curated").per_model["usd_per_mtok_blended"].min()
    assert low == 0.025                                               # the cheapest curated blend
    assert np.logspace(np.log10(low), np.log10(4.375), 31)[0] > low   # 0.025000000000000005: the bug


@pytest.mark.parametrize("catalog", ["curated", "litellm", "openrouter"])
def test_histogram_edges_hold_the_real_extremes(catalog):
    values = market(catalog).per_model["usd_per_mtok_blended"].dropna()
    edges = plots.histogram_edges(values, 30)
    assert edges[0] == values.min() and edges[-1] == values.max()
    counts, _ = np.histogram(values, bins=edges)
    assert counts.sum() == len(values)                                 # nobody falls outside


def test_histogram_edges_single_value_and_non_positive():
    assert plots.histogram_edges([2.0, 2.0], 5).tolist() == [1.6, 2.5]   # 2 / 1.25, 2 * 1.25
    with pytest.raises(ValueError):
        plots.histogram_edges([0.0, 1.0], 5)


# --- budget --------------------------------------------------------------------------------------
def test_budget_chart_alt_states_cheapest_and_dearest():
    chart = plots.budget_chart(COSTS, Localizer("en"), MODELS)
    assert isinstance(chart, Chart) and chart.png.startswith(PNG_SIGNATURE) and chart.name == "budget"
    # cheapest: Alpha at its cheaper provider P1 (2.00 < 5.00); dearest: Beta at 40.00; Gamma unpriced
    assert chart.alt == ("Monthly cost of the workload at each model's cheapest provider: Alpha is the cheapest at "
                         "$2.00 via P1; Beta $x$ is the dearest at $40.00.")
    german = plots.budget_chart(COSTS, Localizer("de"), MODELS).alt
    assert "2,00\xa0$" in german and "über P1" in german


def test_budget_chart_names_models_without_price_and_prints_large_enough():
    with captured_figures() as figs:
        plots.budget_chart(COSTS, Localizer("en"), MODELS)
    texts = [t.get_text() for t in figs[0].findobj(lambda a: hasattr(a, "get_text"))]
    assert any("No listed price (not drawn): Gamma" in t for t in texts)
    assert min(printed_font_sizes(figs[0])) >= style.PRINT_MIN_PT


# --- market --------------------------------------------------------------------------------------
def selected_market(catalog: str, count: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The market of a catalogue with ``count`` models spread over its price range highlighted."""
    per_model = market(catalog).per_model.sort_values(["usd_per_mtok_blended", "model_id"]).reset_index(drop=True)
    picks = per_model.iloc[np.linspace(0, len(per_model) - 1, count).round().astype(int)].copy()
    picks["display_name"] = picks["model_id"]
    return per_model, picks


def test_market_chart_labels_thirty_six_models_without_overlap():
    per_model, picks = selected_market("litellm", 36)
    with captured_figures() as figs:
        chart = plots.market_chart(per_model, picks, Localizer("en"))
    assert len(figs[0].findobj(lambda a: a.get_gid() == "data-label")) == 36
    assert overlapping_labels(figs[0]) == []
    assert min(printed_font_sizes(figs[0])) >= style.PRINT_MIN_PT
    assert chart.width_in == pytest.approx(style.TEXT_WIDTH_IN, abs=1 / style.DPI)


def test_market_chart_alt_states_the_range():
    per_model, picks = selected_market("curated", 3)
    chart = plots.market_chart(per_model, picks, Localizer("en"), CURATED.models)
    # curated blended 3:1 prices of the 42 models: cheapest (3 x 0.025 + 0.025) / 4 = 0.025 (DeepSeek-R1-Distill-Llama-8B
    # at Nscale), dearest (3 x 10 + 50) / 4 = 20.00 (GPT-6 Astra at OpenAI)
    n = CURATED.models["model_id"].nunique()
    assert chart.alt.startswith(f"Blended prices of {n} models in the market run from $0.025 to $20.00 per 1M tokens")
    assert "(0% of the market is cheaper)" in chart.alt


def test_market_chart_draws_the_cheapest_model():
    per_model, picks = selected_market("curated", 2)
    with captured_figures() as figs:
        plots.market_chart(per_model, picks, Localizer("en"))
    heights = [patch.get_height() for patch in figs[0].axes[0].patches]
    assert sum(heights) == len(per_model)             # every model counted, the cheapest included


# --- task cost -----------------------------------------------------------------------------------
TASKS = aider_task_frame()


def test_task_frame_from_the_leaderboard():
    gpt5 = TASKS[TASKS["aider_model"] == "gpt-5 (high)"].iloc[0]
    # 29.0829 USD / (88.0% of 225 = 198 solved) = 0.146883 USD per solved task
    assert gpt5["usd_per_solved_task"] == pytest.approx(29.0829 / 198)
    assert gpt5["reasoning_setting"] == "high" and bool(gpt5["on_frontier"])


def test_task_cost_chart_labels_every_run_with_its_setting_without_overlap():
    with captured_figures() as figs:
        chart = plots.task_cost_chart(TASKS, Localizer("en"))
    drawn = TASKS["usd_per_solved_task"].notna().sum()
    assert drawn >= 30
    labels = [t.get_text() for t in figs[0].findobj(lambda a: a.get_gid() == "data-label")]
    assert len(labels) == drawn and "gpt-5 (high)" in labels and "gpt-5 (low)" in labels
    assert overlapping_labels(figs[0]) == []
    assert min(printed_font_sizes(figs[0])) >= style.PRINT_MIN_PT
    # front: gpt-5 (high) solves the most (88.0%) at 0.1469 per solved task; the cheapest front
    # run is DeepSeek Chat V3 (prev): 0.3369 / (48.4% of 225 = 108.9) = 0.0031
    assert chart.alt == ("On Aider's polyglot coding benchmark, gpt-5 (high) solves the most tasks (88.0%) at $0.1469 "
                         "per solved task; the cheapest run on the front is DeepSeek Chat V3 (prev) (48.4%, $0.0031 "
                         "per solved task).")


def test_task_cost_chart_in_german_and_empty():
    assert "gelöster Aufgabe" in plots.task_cost_chart(TASKS, Localizer("de")).alt
    empty = plots.task_cost_chart(TASKS.iloc[:0], Localizer("en"))
    assert empty.png.startswith(PNG_SIGNATURE) and empty.alt == "No Aider run has a measured cost."
