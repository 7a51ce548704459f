"""Re-deriving curated prices from a new catalogue map, and the tables of what changed."""

import math

import pandas as pd

from analysis.compute.rederive import (budget_usd, cached_additions, change_percent, price_changes, rederive,
                                      suggested_role)

COLUMNS = ["model_id", "provider", "usd_per_mtok_input", "usd_per_mtok_output", "usd_per_mtok_cached_input",
           "context_window_tokens", "catalog", "catalog_key", "source_kind", "retrieved", "notes"]
PRICES = pd.DataFrame([
    ["m1", "p1", 1.36, 4.18, 0.14, 1048576, "litellm", "p1/m1", "catalogue", "2026-11-12", ""],
    ["m2", "p2", 10.0, 50.0, 0.25, 1000000, "litellm", "m2", "provider_page", "2026-11-12", "page"],
    ["m3", "p3", 0.5, 1.0, None, 128000, "litellm", "p3/m3", "catalogue", "2026-11-12", "x; litellm/1.0.0/"],
    ["m4", "p4", None, None, None, 1000, "litellm", "p4/m4", "catalogue", "2026-11-12", "shut down"],
    ["m5", "p5", 1.0, 2.0, None, 1000, "openrouter", "m5", "catalogue", "2026-05-01", ""],
], columns=COLUMNS).astype({"context_window_tokens": "Int64"})
ENTRIES = pd.DataFrame([
    ["p1/m1", 0.7, 2.1, 0.07, 1048576],
    ["m2", 8.0, 50.0, 0.25, 1000000],
    ["p3/m3", 0.5, 1.0, 0.05, 131072],
    ["p4/m4", 0.05, 0.1, None, 1000],
], columns=["catalog_key", "usd_per_mtok_input", "usd_per_mtok_output", "usd_per_mtok_cached_input",
            "context_window_tokens"]).astype({"context_window_tokens": "Int64"})


def test_budget_and_percent_follow_the_money_rule():
    # DESIGN.md: 10 x 1.65 + 5 x 4.951 = 41.255 -> 41.26 (half-up on the decimal value, not 41.25)
    assert budget_usd(1.65, 4.951) == 41.26
    assert math.isnan(budget_usd(float("nan"), 1.0))
    assert change_percent(0.13, 0.20) == 53.8 and change_percent(4.18, 2.1) == -49.8  # (2.1-4.18)/4.18 = -0.4976


def test_rederive_takes_the_new_entry_except_provider_pages_empty_rows_and_vanished_keys():
    done = rederive(PRICES, ENTRIES.drop(index=[]), version="1.1.0", built="2026-11-20", old_version="1.0.0")
    new = done.prices.set_index("model_id")
    assert new.loc["m1", ["usd_per_mtok_input", "usd_per_mtok_output", "usd_per_mtok_cached_input"]].tolist() == \
        [0.7, 2.1, 0.07]
    assert new.loc["m1", "retrieved"] == "2026-11-20"
    assert new.loc["m1", "notes"] == ("LiteLLM 1.1.0 (built 2026-11-20): input 1.36 -> 0.7 per 1M, "
                                      "output 4.18 -> 2.1 per 1M, cached input 0.14 -> 0.07 per 1M")
    # provider page: 10 kept, flagged (8 differs by 25% > 1%); output 50 agrees, not flagged
    assert new.loc["m2", "usd_per_mtok_input"] == 10.0 and new.loc["m2", "retrieved"] == "2026-11-12"
    assert done.flagged[["model_id", "field", "curated", "catalogue"]].values.tolist() == [["m2", "input", 10.0, 8.0]]
    # unchanged prices: new date, the cited version moved on, the new cached price and context
    assert new.loc["m3", "notes"] == "x; litellm/1.1.0/; LiteLLM 1.1.0 (built 2026-11-20): cached input none -> " \
                                     "0.05 per 1M, context window 128000 -> 131072 tokens"
    assert new.loc["m2", "notes"] == "page"  # provider page: kept
    done = rederive(PRICES.assign(notes="Read."), ENTRIES, version="1.1.0", built="2026-11-20")
    assert done.prices["notes"].iloc[0].startswith("Read. LiteLLM 1.1.0")  # after a full stop, no "; "
    # an empty row stays empty; a row of another catalogue is not touched
    assert pd.isna(new.loc["m4", "usd_per_mtok_input"]) and new.loc["m4", "retrieved"] == "2026-11-12"
    assert new.loc["m5"].equals(PRICES.set_index("model_id").loc["m5"])
    assert done.removed.empty
    assert cached_additions(done.fields)[["model_id", "new"]].values.tolist() == [["m3", 0.05]]

    gone = rederive(PRICES, ENTRIES[ENTRIES["catalog_key"] != "p1/m1"], version="1.1.0", built="2026-11-20")
    assert gone.removed.values.tolist() == [["m1", "p1", "p1/m1", "key removed"]]
    assert gone.prices.iloc[0].equals(PRICES.iloc[0])  # kept as it was


def test_price_changes_give_percent_and_budget_effect():
    done = rederive(PRICES, ENTRIES, version="1.1.0", built="2026-11-20")
    table = price_changes(done.fields, PRICES)
    # m1: 1.36/4.18 -> 0.70/2.10: input -48.5 %, output -49.8 %;
    # budget 10 x 1.36 + 5 x 4.18 = 34.50 -> 10 x 0.70 + 5 x 2.10 = 17.50: -17.00 USD
    assert table[["model_id", "input_change_percent", "output_change_percent", "budget_usd_old", "budget_usd_new",
                  "budget_effect_usd", "direction"]].values.tolist() == [["m1", -48.5, -49.8, 34.5, 17.5, -17.0, "cut"]]


def test_suggested_roles_from_the_name():
    assert [suggested_role(m) for m in ("gemini-4-hydrogen", "gemini-4-flash", "claude-fable-5-2", "kimi-k3.1")] == \
        ["mid", "small", "flagship", "mid"]
