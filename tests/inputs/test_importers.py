"""Catalogue importers: the real files price every imported entry exactly as the catalogue does,
the small fixtures (real entries copied from them) import and skip what a hand count says, and
malformed files stop with the file, the entry and the field named."""

import json
import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from analysis.compute.costs import Workload, monthly_cost
from analysis.core.errors import DataError
from analysis.core.paths import REPO_ROOT, external_dir
from analysis.inputs.importers import PRICE_COLUMNS, SKIP_REASONS, load_litellm, load_openrouter
from analysis.inputs.units import check_usd_per_mtok

FIXTURES = REPO_ROOT / "tests" / "fixtures"
LITELLM_SMALL = FIXTURES / "litellm_small.json"
OPENROUTER_SMALL = FIXTURES / "openrouter_small.json"
ONE_M_EACH = Workload(input_tokens=1_000_000, output_tokens=1_000_000)


def real(name):
    """A file of ../shared/external; CI has them, so a missing one is a failure, not a skip."""
    path = external_dir() / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: the catalogue tests need ../shared/external (see its README.md)")
    return path


@pytest.fixture(scope="module")
def litellm():
    path = real("litellm_model_prices.json")
    return load_litellm(path), json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def openrouter():
    path = real("openrouter_models.json")
    return load_openrouter(path), {m["id"]: m for m in json.loads(path.read_text(encoding="utf-8"))}


def litellm_base(entry, field):
    """The catalogue's own per-token price: the top-level field, else the range-0 tier."""
    if entry.get(field) is not None:
        return entry[field]
    return next(t[field] for t in entry["tiered_pricing"] if t["range"][0] == 0)


# --- the real catalogues -------------------------------------------------------------------

def test_real_litellm_costs_equal_catalogue_per_token_fields(litellm):
    result, raw = litellm
    costs = monthly_cost(result.prices, ONE_M_EACH)
    # 1M input + 1M output tokens cost (input + output per-token price) x 1e6 USD
    expected = [(litellm_base(raw[k], "input_cost_per_token") + litellm_base(raw[k], "output_cost_per_token")) * 1e6
                for k in costs["catalog_key"]]
    np.testing.assert_allclose(costs["usd_total"], expected, rtol=0, atol=1e-9)
    cached = result.prices.dropna(subset=["usd_per_mtok_cached_input"])
    expected_cached = [litellm_base(raw[k], "cache_read_input_token_cost") * 1e6 for k in cached["catalog_key"]]
    np.testing.assert_allclose(cached["usd_per_mtok_cached_input"], expected_cached, rtol=0, atol=1e-9)


def test_real_openrouter_costs_equal_catalogue_per_token_strings(openrouter):
    result, raw = openrouter
    costs = monthly_cost(result.prices, ONE_M_EACH)
    expected = [float((Decimal(raw[k]["pricing"]["prompt"]) + Decimal(raw[k]["pricing"]["completion"])) * 10**6)
                for k in costs["catalog_key"]]
    np.testing.assert_allclose(costs["usd_total"], expected, rtol=0, atol=1e-9)


def test_real_files_account_for_every_entry(litellm, openrouter):
    for (result, raw), total in ((litellm, 4553), (openrouter, 371)):
        assert len(raw) == total  # the sizes ../shared/external/README.md states
        assert len(result.prices) + len(result.skipped) == total
        assert result.skip_counts.sum() == len(result.skipped)
        assert set(result.skipped["reason"]) <= set(SKIP_REASONS)
        assert list(result.prices.columns) == PRICE_COLUMNS
        assert not result.prices.duplicated(["model_id", "provider"]).any()
        check_usd_per_mtok(result.prices, file="imported")  # no 0, no per-token value left
    # README: 1 sample_spec; 3 routers priced -1; 29 ':free' variants of 33 entries priced 0/0
    assert litellm[0].skip_counts["sample_spec"] == 1
    assert openrouter[0].skip_counts[["variable_price", "free_variant", "zero_price"]].tolist() == [3, 29, 4]


def test_real_ids_are_canonical(litellm, openrouter):
    for result, _ in (litellm, openrouter):
        assert result.prices["model_id"].str.fullmatch(r"[a-z0-9][a-z0-9._-]*").all()
        assert result.prices["source_url"].str.match(r"https?://").all()
    prices = litellm[0].prices
    qwen = prices[prices["model_id"] == "qwen2.5-coder-32b-instruct"]
    assert {"nscale", "fireworks_ai", "together_ai", "hyperbolic", "lambda_ai"} <= set(qwen["provider"])
    assert not prices["provider"].str.contains("_models").any()


def test_real_litellm_import_is_fast(litellm):
    import time
    start = time.perf_counter()
    load_litellm(real("litellm_model_prices.json"))
    assert time.perf_counter() - start < 2.0


# --- the fixtures: real entries copied from the files ---------------------------------------

def test_litellm_fixture_matches_hand_count():
    # tests/fixtures/litellm_small.json, 16 entries in file order:
    #  1 sample_spec -> sample_spec           2 stable-diffusion image_generation -> unsupported_mode
    #  3 azure_ai/jais-30b-chat ($3,200/1M) -> implausible_price
    #  4 bedrock/*/1-month-commitment/... (per second) -> no_token_price
    #  5 coralbricks/glm-5.3 -> imported       6 dashscope/qwen-flash (tiered_pricing) -> imported
    #  7 fireworks qwen2p5-coder-32b-instruct -> imported   8 gemini-2.5-pro (200k tier) -> imported
    #  9 lambda_ai/qwen25-coder-32b-instruct -> imported    10 meta.llama3-2-90b-instruct-v1:0 -> imported
    # 11 nscale/Qwen/Qwen2.5-Coder-32B-Instruct -> imported
    # 12 perplexity/sonar-medium-online (input 0, output 1.8e-06) -> incomplete_token_price
    # 13 text-embedding-3-small -> unsupported_mode
    # 14 us.meta.llama3-2-90b-instruct-v1:0 (same model, provider, price as 10; longer key) -> duplicate
    # 15 vertex_ai/meta/llama-3.2-90b-vision-instruct-maas (0/0, "no cost during preview") -> zero_price
    # 16 kyma/qwen3.7-flash (32k and 256k tiers) -> imported
    # imported 8 (5-11, 16); skipped 8 = sample_spec 1, unsupported_mode 2, implausible_price 1,
    # no_token_price 1, incomplete_token_price 1, duplicate 1, zero_price 1
    result = load_litellm(LITELLM_SMALL)
    assert len(result.prices) == 8
    counts = result.skip_counts
    assert counts[counts > 0].to_dict() == {"sample_spec": 1, "unsupported_mode": 2, "no_token_price": 1,
                                            "incomplete_token_price": 1, "zero_price": 1, "implausible_price": 1,
                                            "duplicate": 1}
    assert result.skipped["position"].tolist() == [1, 2, 3, 4, 12, 13, 14, 15]
    assert result.skipped.set_index("catalog_key").loc["us.meta.llama3-2-90b-instruct-v1:0", "detail"] == \
        "kept meta.llama3-2-90b-instruct-v1:0"


def test_openrouter_fixture_matches_hand_count():
    # tests/fixtures/openrouter_small.json, 7 models sorted by id:
    # 1 anthropic/claude-3.7-sonnet -> imported   2 ...claude-3.7-sonnet:thinking (same price) -> duplicate
    # 3 deepseek/deepseek-r1-distill-llama-70b -> imported   4 google/lyria-3-pro-preview 0/0 -> zero_price
    # 5 openrouter/auto "-1" -> variable_price   6 qwen/qwen-2.5-coder-32b-instruct -> imported
    # 7 qwen/qwen3-coder:free 0/0 -> free_variant
    # imported 3, skipped 4
    result = load_openrouter(OPENROUTER_SMALL)
    assert result.prices["catalog_key"].tolist() == ["anthropic/claude-3.7-sonnet",
                                                     "deepseek/deepseek-r1-distill-llama-70b",
                                                     "qwen/qwen-2.5-coder-32b-instruct"]
    assert dict(zip(result.skipped["position"], result.skipped["reason"])) == {
        2: "duplicate", 4: "zero_price", 5: "variable_price", 7: "free_variant"}
    row = result.prices.set_index("catalog_key").loc["qwen/qwen-2.5-coder-32b-instruct"]
    # "0.00000066" per token = 0.66 per 1M exactly; from hugging_face_id Qwen/Qwen2.5-Coder-32B-Instruct
    assert (row["model_id"], row["provider"], row["usd_per_mtok_input"]) == ("qwen2.5-coder-32b-instruct",
                                                                              "openrouter", 0.66)
    assert row["source_url"] == "https://openrouter.ai/qwen/qwen-2.5-coder-32b-instruct"
    assert row["retrieved"] == "2026-05-01"


def test_litellm_fixture_rows():
    result = load_litellm(LITELLM_SMALL)
    prices = result.prices.set_index("catalog_key")
    nscale = prices.loc["nscale/Qwen/Qwen2.5-Coder-32B-Instruct"]
    # 6e-08 and 2e-07 per token -> exactly 0.06 and 0.2 per 1M (no 0.059999999)
    assert (nscale["usd_per_mtok_input"], nscale["usd_per_mtok_output"]) == (0.06, 0.2)
    assert nscale["retrieved"] == "2026-11-12" and nscale["source_url"].startswith("https://docs.nscale.com/")
    assert prices.loc["lambda_ai/qwen25-coder-32b-instruct", "model_id"] == "qwen2.5-coder-32b-instruct"  # alias
    gemini = prices.loc["gemini-2.5-pro"]
    # provider vertex_ai-language-models -> vertex_ai; 1.25e-06, 1e-05, cache 1.25e-07, batch 6.25e-07 / 5e-06;
    # above 200k: 2.5e-06, 1.5e-05, cache 2.5e-07
    assert gemini["provider"] == "vertex_ai"
    assert gemini[["usd_per_mtok_input", "usd_per_mtok_output", "usd_per_mtok_cached_input",
                   "usd_per_mtok_input_batch", "usd_per_mtok_output_batch"]].tolist() == [1.25, 10.0, 0.125, 0.625, 5.0]
    assert gemini[["tier_threshold_tokens", *result.tiers.columns[-3:]]].tolist() == [200_000, 2.5, 15.0, 0.25]
    # kyma: two tiers (32k and 256k); prices holds the lowest, tiers holds both
    assert prices.loc["kyma/qwen3.7-flash", "tier_count"] == 2
    assert prices.loc["kyma/qwen3.7-flash", "tier_threshold_tokens"] == 32_000
    assert result.tiers.loc[result.tiers["catalog_key"] == "kyma/qwen3.7-flash",
                            "tier_threshold_tokens"].tolist() == [32_000, 256_000]
    # dashscope lists only tiered_pricing: range [0, 256000] is the base price, [256000, ...] a tier
    assert prices.loc["dashscope/qwen-flash", ["usd_per_mtok_input", "usd_per_mtok_output",
                                               "tier_threshold_tokens"]].tolist() == [0.05, 0.4, 256_000]
    # coralbricks lists cache reads at 0: missing, with a note (never 0 as a price)
    assert math.isnan(prices.loc["coralbricks/glm-5.3", "usd_per_mtok_cached_input"])
    assert "cached_input listed as 0" in prices.loc["coralbricks/glm-5.3", "notes"]
    # an entry without its own source cites the LiteLLM release
    assert prices.loc["kyma/qwen3.7-flash", "source_url"] == "https://pypi.org/project/litellm/1.109.1/"


# --- malformed files ------------------------------------------------------------------------

def write_litellm(tmp_path, change):
    data = json.loads(LITELLM_SMALL.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "litellm_bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def set_field(key, field, value):
    def change(data):
        data[key][field] = value
    return change


NSCALE = "nscale/Qwen/Qwen2.5-Coder-32B-Instruct"  # entry 11 of the fixture


@pytest.mark.parametrize("key,field,value,fragment", [
    (NSCALE, "input_cost_per_token", "6e-08", "'6e-08' is not a number"),
    (NSCALE, "output_cost_per_token", -2e-07, "negative price"),
    (NSCALE, "output_cost_per_token", True, "not a number"),
    ("gemini-2.5-pro", "input_cost_per_token_above_200k_tokens", "2.5e-06", "not a number"),
    ("gemini-2.5-pro", "max_input_tokens", "1048576", "not a number"),
    ("gemini-2.5-pro", "supports_vision", "yes", "not true/false"),
], ids=["string price", "negative price", "bool price", "string tier price", "string context", "string flag"])
def test_malformed_litellm_entry_names_file_entry_and_field(tmp_path, key, field, value, fragment):
    path = write_litellm(tmp_path, set_field(key, field, value))
    with pytest.raises(DataError) as caught:
        load_litellm(path)
    error = caught.value
    position = list(json.loads(path.read_text())).index(key) + 1
    assert (error.row, error.column) == (position, field)
    assert "litellm_bad.json" in error.file
    assert fragment in str(error) and repr(key) in str(error)


def test_malformed_tiered_pricing_names_the_tier(tmp_path):
    def change(data):
        data["dashscope/qwen-flash"]["tiered_pricing"][1]["output_cost_per_token"] = "2e-06"
    with pytest.raises(DataError, match=r"row 6, column 'tiered_pricing\[1\].output_cost_per_token'"):
        load_litellm(write_litellm(tmp_path, change))


@pytest.mark.parametrize("loader,source", [(load_litellm, LITELLM_SMALL), (load_openrouter, OPENROUTER_SMALL)])
def test_truncated_json_names_the_file(tmp_path, loader, source):
    path = tmp_path / source.name
    path.write_bytes(source.read_bytes()[:2000])
    with pytest.raises(DataError, match=r"not valid JSON at line \d+") as caught:
        loader(path)
    assert source.name in str(caught.value) and "truncated" in str(caught.value)


@pytest.mark.parametrize("field,value,fragment", [
    ("prompt", "free", "'free' is not a number"),
    ("completion", "-0.000001", "negative price"),
])
def test_malformed_openrouter_price_names_file_entry_and_field(tmp_path, field, value, fragment):
    models = json.loads(OPENROUTER_SMALL.read_text(encoding="utf-8"))
    models[5]["pricing"][field] = value  # entry 6: qwen/qwen-2.5-coder-32b-instruct
    path = tmp_path / "openrouter_bad.json"
    path.write_text(json.dumps(models), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_openrouter(path)
    assert (caught.value.row, caught.value.column) == (6, f"pricing.{field}")
    assert "openrouter_bad.json" in str(caught.value) and "'qwen/qwen-2.5-coder-32b-instruct'" in str(caught.value)
    assert fragment in str(caught.value)


def test_per_token_price_in_a_per_million_column_is_rejected():
    prices = load_litellm(LITELLM_SMALL).prices
    prices.loc[prices["catalog_key"] == NSCALE, "usd_per_mtok_input"] = 6e-08  # the catalogue's per-token value
    with pytest.raises(DataError) as caught:
        check_usd_per_mtok(prices, file="imported prices")
    message = str(caught.value)
    assert "column 'usd_per_mtok_input'" in message
    assert "looks like a USD-per-token price; multiply by 1,000,000" in message and "0.06 per 1M" in message


def test_skip_counts_list_every_reason():
    counts = load_openrouter(OPENROUTER_SMALL).skip_counts
    assert list(counts.index) == list(SKIP_REASONS)
    assert counts["sample_spec"] == 0 and isinstance(counts, pd.Series)
