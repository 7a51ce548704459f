"""Readers of the offline price packages: every real entry is priced exactly as the package states
it (USD per 1M tokens, no scaling), the unit is confirmed against LiteLLM's per-token figure,
dated / time-of-day / tiered prices resolve as documented, and bad data stops with a DataError."""

import datetime as dt
import gzip
import json
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
import yaml

from analysis.core.errors import DataError
from analysis.core.paths import DATA_DIR, external_dir
from analysis.inputs import pricebooks
from analysis.inputs.pricebooks import (CANONICAL_COLUMNS, exact_usd_per_mtok, lookup_refs, pricebook_record,
                                        read_genai_prices, read_models_dev)

genai_data = pytest.importorskip("genai_prices.data", reason="genai-prices is a declared dependency")
genai_types = pytest.importorskip("genai_prices.types")


@pytest.fixture(scope="module")
def genai():
    return read_genai_prices()


@pytest.fixture(scope="module")
def models_dev():
    return read_models_dev()


@pytest.fixture(scope="module")
def models_dev_raw():
    with gzip.open(pricebooks.models_dev_path(), "rt", encoding="utf-8") as handle:
        return json.load(handle, parse_float=Decimal)


def to_9_places(raw):
    """The documented conversion: the raw decimal rounded to 9 places (USD_PER_MTOK_DECIMALS). Both
    packages hold float noise such as 0.7989999999999999 (models-dev) or Decimal('0.13999999999999999')
    (genai-prices), which becomes 0.799 / 0.14."""
    return float(Decimal(str(raw)).quantize(Decimal("1e-9")))


def row(frame, catalog_key):
    hits = frame[frame["catalog_key"] == catalog_key]
    assert len(hits) == 1, f"{catalog_key} listed {len(hits)} times"
    return hits.iloc[0]


def genai_model(provider_id, model_id):
    provider = next(p for p in genai_data.providers if p.id == provider_id)
    return next(m for m in provider.models if m.id == model_id)


# --- the unit, against a raw entry of each source --------------------------------------------

def test_both_packages_are_per_million_tokens_as_litellm_per_token_times_a_million(genai, models_dev, models_dev_raw):
    litellm = json.loads((external_dir() / "litellm_model_prices.json").read_text(encoding="utf-8"))["gpt-4o"]
    raw_genai = genai_model("openai", "gpt-4o").prices
    raw_md = models_dev_raw["openai"]["models"]["gpt-4o"]["cost"]
    # raw: LiteLLM 2.5e-06 USD/token and 1e-05; genai-prices input_mtok Decimal('2.5'), output_mtok
    # Decimal('10'); models-dev cost.input 2.5, cost.output 10. 2.5e-06 x 1e6 = 2.5 and 1e-05 x 1e6 = 10,
    # so both packages already give USD per 1M tokens: no factor is applied.
    assert (litellm["input_cost_per_token"], litellm["output_cost_per_token"]) == (2.5e-06, 1e-05)
    assert (raw_genai.input_mtok, raw_genai.output_mtok) == (Decimal("2.5"), Decimal("10"))
    assert (raw_md["input"], raw_md["output"]) == (Decimal("2.5"), 10)
    for frame, key in ((genai, "openai/gpt-4o"), (models_dev, "openai/gpt-4o")):
        got = row(frame, key)
        assert (got["usd_per_mtok_input"], got["usd_per_mtok_output"], got["usd_per_mtok_cached_input"]) == (2.5, 10.0, 1.25)
        assert (got["model_id"], got["provider"]) == ("gpt-4o", "openai")


def test_canonical_columns_and_snapshot_dates(genai, models_dev):
    for frame, catalog, date in ((genai, "genai-prices", "2026-11-10"), (models_dev, "models-dev", "2026-05-21")):
        assert list(frame.columns) == CANONICAL_COLUMNS
        assert set(frame["catalog"]) == {catalog} and set(frame["snapshot_date"]) == {date}
        assert not frame.duplicated(["model_id", "provider"]).any()
        assert frame.equals(frame.sort_values(["model_id", "provider"]).reset_index(drop=True))
        assert (frame["usd_per_mtok_input"] > 0).all() and (frame["usd_per_mtok_output"] > 0).all()
        assert not (frame["usd_per_mtok_cached_input"] == 0).any()  # 0 became NaN


# --- every real entry, exactly ---------------------------------------------------------------

def test_every_models_dev_row_equals_its_raw_decimal(models_dev, models_dev_raw):
    fields = {"usd_per_mtok_input": "input", "usd_per_mtok_output": "output", "usd_per_mtok_cached_input": "cache_read"}
    for got in models_dev.itertuples(index=False):
        provider_id, model_id = got.catalog_key.split("/", 1)
        cost = models_dev_raw[provider_id]["models"][model_id]["cost"]
        for column, field in fields.items():
            raw = cost.get(field)
            expected = np.nan if raw in (None, 0) else to_9_places(raw)
            np.testing.assert_equal(getattr(got, column), expected, err_msg=f"{got.catalog_key} {field}")
            if raw not in (None, 0):
                assert abs(getattr(got, column) - float(raw)) < 1e-9


def test_every_single_price_genai_row_equals_its_raw_decimal(genai):
    checked = 0
    for got in genai.itertuples(index=False):
        provider_id, model_id = got.catalog_key.split("/", 1)
        model = genai_model(provider_id, model_id)
        if not isinstance(model.prices, genai_types.ModelPrice):
            continue  # dated / time-of-day prices: see the tests below
        for column, field in (("usd_per_mtok_input", "input_mtok"), ("usd_per_mtok_output", "output_mtok")):
            raw = getattr(model.prices, field)
            raw = raw.base if isinstance(raw, genai_types.TieredPrices) else raw
            assert getattr(got, column) == to_9_places(raw), f"{got.catalog_key} {field}"
            assert abs(getattr(got, column) - float(raw)) < 1e-9
        checked += 1
    assert checked > 1000  # 1976 rows, most with one price


def test_genai_long_context_tiers_read_the_base_tier(genai):
    raw = genai_model("google", "gemini-2.5-pro").prices
    assert isinstance(raw.input_mtok, genai_types.TieredPrices)
    # base tier (up to 200k prompt tokens) $1.25 / $10 per 1M; the tiers above are not the list price
    got = row(genai, "google/gemini-2.5-pro")
    assert (raw.input_mtok.base, raw.output_mtok.base) == (Decimal("1.25"), Decimal("10"))
    assert (got["usd_per_mtok_input"], got["usd_per_mtok_output"], got["provider"]) == (1.25, 10.0, "gemini")


def test_genai_dated_prices_take_the_one_in_force_on_the_date():
    raw = genai_model("mistral", "mistral-large-4").prices
    # raw: no date 0.68/2.09; from 2026-10-20 1.36/4.18; from 2026-10-29 0.7/2.1
    assert [(c.prices.input_mtok, c.prices.output_mtok) for c in raw] == [
        (Decimal("0.68"), Decimal("2.09")), (Decimal("1.36"), Decimal("4.18")), (Decimal("0.7"), Decimal("2.1"))]
    for as_of, expected in ((dt.date(2026, 11, 10), (0.7, 2.1)),      # snapshot date: the 2026-10-29 price
                            (dt.date(2026, 10, 25), (1.36, 4.18)),    # between the two changes
                            (dt.date(2026, 10, 1), (0.68, 2.09))):    # before both: the undated price
        got = row(read_genai_prices(as_of=as_of), "mistral/mistral-large-4")
        assert (got["usd_per_mtok_input"], got["usd_per_mtok_output"]) == expected, as_of


def test_genai_time_of_day_prices_take_the_one_in_force_most_of_the_day(genai):
    raw = genai_model("deepseek", "deepseek-chat").prices
    window = raw[1].constraint
    assert (raw[0].constraint, raw[0].prices.input_mtok, raw[0].prices.output_mtok) == (None, Decimal("0.135"),
                                                                                         Decimal("0.55"))
    assert (window.start_time.hour, window.start_time.minute, window.end_time.hour, window.end_time.minute) == (0, 30, 16, 30)
    # 00:30-16:30 UTC = 16 h at 0.27/1.1; the other 8 h at 0.135/0.55 (off-peak): 16 h > 8 h
    got = row(genai, "deepseek/deepseek-chat")
    assert (got["usd_per_mtok_input"], got["usd_per_mtok_output"]) == (0.27, 1.1)


def test_genai_unpriced_entries_are_left_out(genai):
    assert genai_model("github-copilot", "gpt-4o").prices.input_mtok is None  # subscription: no token price
    assert "github-copilot/gpt-4o" not in set(genai["catalog_key"])


def test_genai_google_entries_split_into_gemini_api_and_vertex_only_models(genai):
    # Claude and "-maas" models are served by Vertex AI only; Gemini entries cite the Gemini API page
    assert row(genai, "google/claude-3-5-haiku")["provider"] == "vertex_ai"
    assert row(genai, "google/gemma-4-26b-a4b-it-maas")["provider"] == "vertex_ai"
    assert row(genai, "google/gemini-2.0-flash")["provider"] == "gemini"


# --- lookups through the package's own matcher ------------------------------------------------

def test_lookup_refs_most_specific_first():
    curated = pd.DataFrame({"model_id": ["qwen2.5-72b-instruct", "gpt-4o"], "provider": ["together_ai", "openai"],
                            "catalog_key": ["together_ai/Qwen/Qwen2.5-72B-Instruct", ""]})
    assert lookup_refs(curated).values.tolist() == [
        ["qwen2.5-72b-instruct", "together_ai", "Qwen/Qwen2.5-72B-Instruct"],
        ["qwen2.5-72b-instruct", "together_ai", "together_ai/Qwen/Qwen2.5-72B-Instruct"],
        ["qwen2.5-72b-instruct", "together_ai", "qwen2.5-72b-instruct"],
        ["gpt-4o", "openai", "gpt-4o"],
    ]


def test_genai_lookup_uses_the_package_matcher_within_the_provider_only():
    lookups = pd.DataFrame({"model_id": ["claude-3-5-haiku", "gemini-2.0-flash"], "provider": ["anthropic", "vertex_ai"],
                            "ref": ["claude-3-5-haiku", "gemini-2.0-flash"]})
    frame = read_genai_prices(lookups=lookups)
    # anthropic's "claude-3-5-haiku-latest" matches refs starting with claude-3-5-haiku: $0.80 / $4 per 1M
    got = frame[(frame["model_id"] == "claude-3-5-haiku") & (frame["provider"] == "anthropic")].iloc[0]
    assert (got["catalog_key"], got["usd_per_mtok_input"], got["usd_per_mtok_output"]) == (
        "anthropic/claude-3-5-haiku-latest", 0.8, 4.0)
    # google's gemini-2.0-flash is the Gemini API price, not Vertex AI's: no vertex_ai row
    assert frame[(frame["model_id"] == "gemini-2.0-flash") & (frame["provider"] == "vertex_ai")].empty


# --- records, versions, bad input ----------------------------------------------------------------

def test_records_match_the_installed_versions_and_the_pins():
    for catalog, version, date in (("genai-prices", "0.2.3", "2026-11-10"), ("models-dev", "1.0.398", "2026-05-21")):
        record = pricebook_record(catalog)
        assert (record["version"], record["date_published"]) == (version, date)
        assert f"{catalog}=={version}" in (DATA_DIR.parent / "constraints.txt").read_text().splitlines()


def test_a_record_for_another_version_is_refused(tmp_path):
    record = yaml.safe_load((DATA_DIR / "origins.yaml").read_text())["models-dev"]
    path = tmp_path / "origins.yaml"
    path.write_text(yaml.safe_dump({"models-dev": {**record, "version": "1.0.1"}}))
    with pytest.raises(DataError, match=r"1\.0\.398 is installed but the record describes 1\.0\.1"):
        pricebook_record("models-dev", [path])
    with pytest.raises(DataError, match="no origin record for 'genai-prices'"):
        pricebook_record("genai-prices", [path])


def write_models_dev(path, models):
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump({"acme": {"id": "acme", "models": models}}, handle)


def test_models_dev_small_file_skips_and_keeps_what_a_hand_count_says(tmp_path):
    path = tmp_path / "data.json.gz"
    write_models_dev(path, {
        "a-1": {"cost": {"input": 0.132, "output": 1.254, "cache_read": 0}},      # kept, cached 0 -> NaN
        "a-free": {"cost": {"input": 0, "output": 0}},                             # 0/0: left out
        "a-embed": {"cost": {"input": 0.02}, "modalities": {"output": ["embedding"]}},  # no text out
        "a-none": {},                                                              # no cost
        "a-half": {"cost": {"input": 1}},                                          # no output price
    })
    frame = read_models_dev(path, snapshot_date="2026-01-01")
    assert frame[["model_id", "provider", "usd_per_mtok_input", "usd_per_mtok_output"]].values.tolist() == [
        ["a-1", "acme", 0.132, 1.254]]
    assert np.isnan(frame["usd_per_mtok_cached_input"].iloc[0])


@pytest.mark.parametrize(("cost", "message"), [
    ({"input": -1, "output": 2}, "not a non-negative number"),
    ({"input": "cheap", "output": 2}, "is not a number"),
    ({"input": True, "output": 2}, "is not a price"),
])
def test_models_dev_bad_prices_name_the_entry_and_field(tmp_path, cost, message):
    path = tmp_path / "data.json.gz"
    write_models_dev(path, {"m": {"cost": cost}})
    with pytest.raises(DataError, match=message) as raised:
        read_models_dev(path, snapshot_date="2026-01-01")
    assert "acme/m" in str(raised.value) and raised.value.column == "cost.input"


def test_models_dev_file_that_is_not_gzip_json_is_a_data_error(tmp_path):
    path = tmp_path / "data.json.gz"
    path.write_text("{}")
    with pytest.raises(DataError, match="not a gzip-compressed JSON file"):
        read_models_dev(path, snapshot_date="2026-01-01")


def test_exact_conversion_has_no_float_noise():
    # Decimal('0.1') + Decimal('0.2') = 0.3 exactly; floats would give 0.30000000000000004
    assert exact_usd_per_mtok(Decimal("0.1") + Decimal("0.2"), file="f", key="k", field="x") == 0.3
    assert exact_usd_per_mtok("0.0000000001", file="f", key="k", field="x") == 0.0  # below 1e-9: rounds away
    assert np.isnan(exact_usd_per_mtok(None, file="f", key="k", field="x"))
