"""genai-prices' dated prices: each start date gives a row priced by the package's own rules."""

import datetime as dt

import pytest

from analysis.inputs.dated_prices import COLUMNS, genai_dated_prices, start_dates

genai_data = pytest.importorskip("genai_prices.data", reason="genai-prices is a declared dependency")


@pytest.fixture(scope="module")
def dated():
    return genai_dated_prices(aliases={})


def _model(provider_id: str, model_id: str):
    provider = next(p for p in genai_data.providers if p.id == provider_id)
    return next(m for m in provider.models if m.id == model_id)


def test_o3_has_its_price_before_and_from_2025_06_10(dated):
    frame, version = dated
    assert version == "0.2.3" and list(frame.columns) == COLUMNS
    assert start_dates(_model("openai", "o3")) == [dt.date(2025, 6, 10)]
    o3 = frame[frame["catalog_key"] == "openai/o3"]
    # the package: 10/40 (cache read 0.5) without a constraint, 2/8 from 2025-06-10
    assert o3[["usd_per_mtok_input", "usd_per_mtok_output", "usd_per_mtok_cached_input", "valid_from"]
              ].values.tolist() == [[10.0, 40.0, 0.5, ""], [2.0, 8.0, 0.5, "2025-06-10"]]
    assert set(o3["provider"]) == {"openai"} and set(o3["model_id"]) == {"o3"}


def test_only_models_with_start_dates_and_both_prices(dated):
    frame, _ = dated
    keys = {f"{p.id}/{m.id}" for p in genai_data.providers for m in p.models if start_dates(m)}
    assert set(frame["catalog_key"]) <= keys
    assert (frame["usd_per_mtok_input"] > 0).all() and (frame["usd_per_mtok_output"] > 0).all()
    assert not (frame["usd_per_mtok_cached_input"] == 0).any()
    per_key = frame.groupby("catalog_key")["valid_from"].apply(list)
    assert per_key.map(lambda dates: dates[0] == "" and all(dates[1:])).all()  # the undated price first
