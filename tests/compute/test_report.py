"""The computed report: model selection, and budgets equal to the data table's arithmetic."""

from types import SimpleNamespace

import pandas as pd
import pytest

from analysis.compute.report import (prepare, provider_spread, provider_summary, select_models, speed_extremes,
                                     verification_counts)
from analysis.core.errors import ParameterError
from analysis.inputs.catalog import load_curated

SEEDS = ["deepseek-r1-distill-llama-8b", "llama-3.2-90b-vision-instruct", "qwen2.5-coder-32b-instruct"]


@pytest.fixture(scope="module")
def data():
    return prepare(monthly_input_tokens=10_000_000, monthly_output_tokens=5_000_000)


def test_every_budget_is_input_times_price_plus_output_times_price(data):
    prices = load_curated().prices.set_index(["model_id", "provider"])
    for row in data.costs.itertuples():
        price = prices.loc[(row.model_id, row.provider)]
        expected = 10 * price["usd_per_mtok_input"] + 5 * price["usd_per_mtok_output"]  # 10M/1e6, 5M/1e6
        if pd.isna(expected):
            assert pd.isna(row.usd_total)
        else:
            assert row.usd_total == pytest.approx(expected, rel=1e-12)


def test_nscale_qwen_budget_from_litellm_prices(data):
    # LiteLLM nscale/Qwen/Qwen2.5-Coder-32B-Instruct: 6e-08 and 2e-07 USD per token = 0.06 / 0.20 per 1M:
    # 10 x 0.06 + 5 x 0.20 = 0.60 + 1.00 = 1.60 USD a month (the seed printed 0.0016)
    row = data.costs[(data.costs["model_id"] == "qwen2.5-coder-32b-instruct") & (data.costs["provider"] == "nscale")]
    assert row["usd_total"].item() == pytest.approx(1.60)


def test_unpriced_providers_have_no_budget(data):
    vertex = data.costs[(data.costs["model_id"] == "llama-3.2-90b-vision-instruct") & (data.costs["provider"] == "vertex_ai")]
    assert len(vertex) == 1 and vertex["usd_total"].isna().all()


def test_chosen_provider_is_the_cheapest_verified_one(data):
    """A model is priced at its cheapest verified provider; only a model with no verified price
    falls back to its cheapest price overall (and is then marked unverified)."""
    for row in data.chosen.itertuples():
        rows = data.costs[(data.costs["model_id"] == row.model_id) & data.costs["usd_total"].notna()]
        verified = rows[rows["verified"].fillna(False).astype(bool)]
        if len(verified):
            assert row.usd_total == verified["usd_total"].min() and row.verified
        elif len(rows):
            assert row.usd_total == rows["usd_total"].min() and not row.verified


def test_ranking_rows_keep_verified_rows_or_all_rows_of_an_unverified_model():
    from analysis.compute.report import ranking_rows

    costs = pd.DataFrame({"model_id": ["a", "a", "b", "b", "c"], "provider": ["p", "q", "p", "q", "p"],
                          "usd_per_mtok_input": [1.0, 0.5, 1.0, 2.0, 1.0], "usd_per_mtok_output": [1.0] * 5,
                          "verified": pd.array([True, False, False, False, pd.NA], dtype="boolean")})
    kept = ranking_rows(costs)
    # a: only its verified row p (q is cheaper but unverified); b: no verified row, so both stay; c: unknown stays
    assert list(zip(kept["model_id"], kept["provider"])) == [("a", "p"), ("b", "p"), ("b", "q"), ("c", "p")]


def test_select_models_keeps_order_and_rejects_unknown():
    models = load_curated().models
    assert list(select_models(models, SEEDS[::-1])["model_id"]) == SEEDS[::-1]
    with pytest.raises(ParameterError, match=r"unknown model\(s\) 'gpt-99'.*known:"):
        select_models(models, ["gpt-99"])
    with pytest.raises(ParameterError, match="selects no model"):
        select_models(models, [])


def test_provider_spread_counts_verified_prices_only():
    costs = pd.DataFrame({
        "model_id": ["a", "a", "a", "b", "b", "c", "c"],
        "provider": ["p1", "p2", "p3", "q1", "q2", "r1", "r2"],
        "usd_total": [10.0, 30.0, 50.0, 4.0, 6.0, 5.0, float("nan")],
        "verified": pd.array([True, True, False, True, pd.NA, True, True], dtype="boolean"),
    })
    out = provider_spread(costs)
    # a: p3 unverified is left out -> 10 (p1) to 30 (p2), 30 / 10 = 3.0; b: NA counts -> 6 / 4 = 1.5;
    # c: one priced provider only -> left out. Widest first.
    assert out["model_id"].tolist() == ["a", "b"]
    assert out["max_to_min_ratio"].tolist() == pytest.approx([3.0, 1.5])
    assert out.loc[0, ["cheapest_provider", "dearest_provider", "usd_total_min", "usd_total_max"]].tolist() == [
        "p1", "p2", 10.0, 30.0]


def test_verification_counts_of_the_selected_models():
    costs = pd.DataFrame({"model_id": ["a", "a", "b"], "provider": ["p", "q", "p"], "usd_total": [1.0, 2.0, float("nan")],
                          "verified": pd.array([True, pd.NA, True], dtype="boolean")})
    pairs = pd.DataFrame({"model_id": ["a", "a", "a", "z"], "provider": ["p", "p", "q", "p"],
                          "price_field": ["usd_per_mtok_input"] * 4, "source_a": ["curated", "litellm", "openrouter", "curated"],
                          "source_b": ["litellm", "curated", "litellm", "litellm"]})
    data = SimpleNamespace(costs=costs, models=pd.DataFrame({"model_id": ["a", "b"]}),
                           checks=SimpleNamespace(discrepancies=pairs))
    counts = verification_counts(data)
    # priced: a/p, a/q (b has no total) = 2, of them verified a/p only (NA is not verified) = 1;
    # disputed: a/p input (twice, counted once); a/q is two catalogues, not ours; z is not selected
    assert (counts.verified, counts.priced, counts.disputed) == (1, 2, 1)


def test_speed_extremes():
    speed = pd.DataFrame({"model_id": ["b", "a", "c"], "seconds_per_case": [30.0, 10.0, 30.0], "route": ["B", "A", "C"]})
    fastest, slowest, ratio = speed_extremes(speed)
    # 10 s (a) to 30 s (c: the tie at 30 goes to the later id, b before c): 30 / 10 = 3.0
    assert (fastest["model_id"], slowest["model_id"], ratio) == ("a", "c", 3.0)
    assert speed_extremes(speed.assign(seconds_per_case=5.0)) is None      # all equally fast: no range
    assert speed_extremes(speed.iloc[:0]) is None


def test_provider_summary():
    models = pd.DataFrame({"model_id": ["a", "b"], "context_window_tokens": [200_000, 100_000]})
    costs = pd.DataFrame({"model_id": ["a", "b", "a"], "provider": ["p", "p", "q"], "provider_name": ["P", "P", "Q"],
                          "display_name": ["A", "B", "A"], "usd_total": [1.0, float("nan"), 3.0],
                          "usd_per_mtok_cached_input": [float("nan"), 0.1, float("nan")],
                          "context_window_tokens": [128_000, 100_000, float("nan")]})
    data = SimpleNamespace(models=models, costs=costs, priced=pd.DataFrame({"model_id": ["a"], "provider": ["p"]}))
    out = provider_summary(data).set_index("provider")
    # p: 1 of 2 rows priced, cheapest for a, lists a cached price (b), serves a with 128k of its 200k
    assert out.loc["p", ["priced", "listed", "cheapest_for", "cached_listed"]].tolist() == [1, 2, 1, True]
    assert out.loc["p", "short_context"] == [("A", 128_000, 200_000)]
    # q: 1 of 1, cheapest for none, no cached price, context unknown (not counted as shorter)
    assert out.loc["q", ["priced", "listed", "cheapest_for", "cached_listed", "short_context"]].tolist() == [1, 1, 0, False, []]
