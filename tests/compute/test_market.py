"""Market summary over a whole price table, and the catalogue-backed report parameters."""

import pandas as pd
import pytest

from analysis.compute.costs import Workload
from analysis.compute.market import PriceTable, catalogue_models, load_prices, summarise
from analysis.core.errors import ParameterError
from analysis.inputs.catalog import load_curated


def table():
    # blended (3:1) per row: a/p: (3*1+1*5)/4 = 2.0; a/q: (3*2+1*10)/4 = 4.0; b/p: (3*0.1+1*0.5)/4 = 0.2;
    # c/p: no price (NaN) -> not priced
    prices = pd.DataFrame({
        "model_id": ["a", "a", "b", "c"], "provider": ["p", "q", "p", "p"],
        "usd_per_mtok_input": [1.0, 2.0, 0.1, None], "usd_per_mtok_output": [5.0, 10.0, 0.5, None],
        "usd_per_mtok_cached_input": [None] * 4,
    })
    return PriceTable("curated", prices)


def test_summary_counts_and_cheapest_provider():
    # workload 1M in + 1M out: a/p = 1 + 5 = 6, a/q = 2 + 10 = 12, b/p = 0.1 + 0.5 = 0.6
    summary = summarise(table(), Workload(1_000_000, 1_000_000))
    assert (summary.priced_rows, summary.models, summary.providers) == (3, 2, 2)
    per_model = summary.per_model.set_index("model_id")
    assert per_model.loc["a", "provider"] == "p"
    assert per_model.loc["a", "usd_total"] == pytest.approx(6.0)
    assert per_model.loc["a", "max_to_min_ratio"] == pytest.approx(2.0)  # 12 / 6
    # b is the cheaper of two models: no model is cheaper than b, one of two is cheaper than a
    assert per_model.loc["b", "share_cheaper"] == 0.0
    assert per_model.loc["a", "share_cheaper"] == 0.5
    distribution = summary.distribution.set_index("quantile")
    assert distribution.loc[0.0, "usd_total"] == pytest.approx(0.6)
    assert distribution.loc[1.0, "usd_total"] == pytest.approx(6.0)
    assert distribution.loc[0.5, "usd_per_mtok_blended"] == pytest.approx((0.2 + 2.0) / 2)


def test_unknown_catalog_is_refused():
    with pytest.raises(ParameterError, match="unknown catalog 'sheet'"):
        load_prices("sheet", load_curated())


def test_litellm_market_keeps_seed_models_and_curated_facts():
    curated = load_curated()
    prices = load_prices("litellm", curated)
    models = catalogue_models(prices.prices, curated.models)
    assert models["model_id"].is_unique
    qwen = models.set_index("model_id").loc["qwen2.5-coder-32b-instruct"]
    assert qwen["display_name"] == "Qwen2.5-Coder-32B-Instruct"  # the curated row, not the catalogue id
    summary = summarise(prices, Workload(10_000_000, 5_000_000))
    assert summary.models > 1000 and summary.providers > 50
    assert summary.skip_counts["unsupported_mode"] > 0
