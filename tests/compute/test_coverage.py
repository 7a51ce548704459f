"""Coverage statement: whose lineups are covered, the catalogue dates, the models left out and why,
and the guard that no model marked current has a successor in models.csv."""

import json

import pandas as pd
import pytest

from analysis.compute.coverage import (COVERAGE_COLUMNS, DEVELOPER_PATTERNS, LEFT_OUT_COLUMNS, REASONS,
                                       catalogue_snapshots, covered_developers, current_with_successor, left_out_models,
                                       litellm_entries)
from analysis.core.iorw import read_yaml
from analysis.core.paths import DATA_DIR, external_dir
from analysis.inputs.catalog import load_curated
from analysis.inputs.identity import load_aliases


def entry(provider, usd_in=2e-06, usd_out=1e-05, mode="chat", **extra):
    return {"litellm_provider": provider, "mode": mode, "input_cost_per_token": usd_in,
            "output_cost_per_token": usd_out, **extra}


RAW = {
    "sample_spec": {"mode": "chat"},                                        # no prices: not a model
    "gpt-6.1-sol": entry("openai"),                                         # listed
    "azure/eu/gpt-6.1-sol": entry("azure", 2.4e-06, 1.2e-05),               # listed, EU data zone
    "gpt-6.1-sol-2026-09-29": entry("openai"),                              # dated snapshot of a listed model
    "ft:gpt-4o-2024-08-06": entry("openai", 3.75e-06, 1.5e-05),             # fine-tune route
    "gpt-4-turbo": entry("openai", 1e-05, 3e-05, deprecation_date="2026-10-23"),
    "gpt-5.5": entry("openai", 5e-06, 3e-05),                               # 5.5 < 6.1 listed
    "gpt-audio": entry("openai", 2.5e-06, 1e-05),                           # single purpose
    "gpt-sol-latest": entry("openai"),                                      # moving alias
    "gpt-7-sun": entry("openai"),                                           # newer than any listed: not picked
    "kyma/gpt-7-nova": entry("kyma"),                                       # only a small reseller sells it
    "claude-opus-5-5": entry("anthropic", 4e-06, 2e-05),                    # listed
    "azure_ai/claude-opus-5-5-fast": entry("azure_ai", 8e-06, 4e-05),       # speed tier of a listed model
    "claude-mythos-5-1": entry("anthropic", 1e-05, 5e-05),                  # invitation only
    "claude-sonnet-5": entry("anthropic"),                                  # 5 < 5.5 listed
    "gemini/gemini-3.8-flash": entry("gemini", 7.5e-07, 3.75e-06),          # Google is not covered here
    "openai/free-thing": entry("openai", 0, 0),                             # 0/0: not priced
    "text-embedding-3-large": entry("openai", 1.3e-07, 0, mode="embedding"),
}
MODELS = pd.DataFrame({
    "model_id": ["gpt-6.1-sol", "gpt-6.1-terra", "claude-opus-5-5"],
    "developer": ["OpenAI", "OpenAI", "Anthropic"],
    "status": ["current", "current", "current"],
    "superseded_by": ["", "", ""],
    "lineup_role": ["mid", "mid", "flagship"],
    "released": ["2026-09-29", "2026-10-26", "2026-09-22"],
})


@pytest.fixture(scope="module")
def entries():
    return litellm_entries(RAW, aliases={})


def test_litellm_entries_keeps_priced_chat_models_in_usd_per_mtok(entries):
    # 18 keys - sample_spec - 0/0 entry - embedding = 15 priced chat entries
    assert len(entries) == 15
    sol_eu = entries.set_index("catalog_key").loc["azure/eu/gpt-6.1-sol"]
    # 2.4e-06 USD per token x 1e6 = 2.40 USD per 1M; 1.2e-05 x 1e6 = 12.00
    assert (sol_eu["model_id"], sol_eu["provider"], sol_eu["developer"]) == ("gpt-6.1-sol", "azure", "OpenAI")
    assert sol_eu["usd_per_mtok_input"] == pytest.approx(2.4)
    assert sol_eu["usd_per_mtok_output"] == pytest.approx(12.0)
    assert entries.set_index("catalog_key").loc["gemini/gemini-3.8-flash", "developer"] == "Google DeepMind"


def test_left_out_models_gives_each_a_reason(entries):
    table = left_out_models(entries, MODELS, snapshot_date="2026-11-12")
    assert list(table.columns) == LEFT_OUT_COLUMNS
    got = dict(zip(table["model_id"] + "|" + table["reason"], table["catalog_key"]))
    # hand-derived, one rule each (first rule that holds wins):
    assert got == {
        "ft-gpt-4o-2024-08-06|fine_tune": "ft:gpt-4o-2024-08-06",        # 'ft:' key (':' -> '-')
        "gpt-4-turbo|deprecated": "gpt-4-turbo",                         # 2026-10-23 < 2026-11-12
        "gpt-audio|specialised": "gpt-audio",                            # token 'audio'
        "gpt-sol-latest|alias": "gpt-sol-latest",                        # token 'latest'
        "gpt-6.1-sol-2026-09-29|dated_snapshot": "gpt-6.1-sol-2026-09-29",  # date suffix of a listed id
        "gpt-6.1-sol|regional_variant": "azure/eu/gpt-6.1-sol",          # listed id, '/eu/' data zone
        "gpt-5.5|superseded": "gpt-5.5",                                 # gpt 5.5 < newest listed gpt 6.1
        "gpt-7-nova|other_host_only": "kyma/gpt-7-nova",                 # not openai, kyma not a major host
        "gpt-7-sun|not_selected": "gpt-7-sun",                           # 7 > 6.1, sold by openai
        "claude-opus-5-5-fast|tier_variant": "azure_ai/claude-opus-5-5-fast",  # token 'fast'
        "claude-mythos-5-1|restricted_access": "claude-mythos-5-1",       # invitation only
        "claude-sonnet-5|superseded": "claude-sonnet-5",                 # claude 5 < 5.5
    }
    # listed models never appear except as regional variants; Google is not a covered developer here
    assert set(table.loc[table["reason"] != "regional_variant", "model_id"]).isdisjoint(MODELS["model_id"])
    assert "Google DeepMind" not in set(table["developer"])


def test_a_model_is_deprecated_only_when_every_entry_is():
    raw = {"gpt-4-turbo": entry("openai", deprecation_date="2026-10-23"),
           "azure/gpt-4-turbo": entry("azure")}  # Azure names no date: still sold there
    table = left_out_models(litellm_entries(raw, {}), MODELS)
    # not deprecated; gpt 4 < 6.1 listed -> superseded
    assert table["reason"].tolist() == ["superseded"]


def test_covered_developers_lists_each_role(entries):
    table = covered_developers(MODELS)
    assert list(table.columns) == COVERAGE_COLUMNS
    openai = table.set_index("developer").loc["OpenAI"]
    assert openai["n_current"] == 2
    assert openai["mid"] == "gpt-6.1-sol;gpt-6.1-terra" and openai["flagship"] == ""
    assert openai["newest_released"] == "2026-10-26"  # terra, the later of the two


def test_catalogue_snapshots_are_data_with_their_own_dates():
    from analysis.inputs.wheels import read_lock

    locked = read_lock(DATA_DIR / "catalogues.lock.yaml")["litellm"]
    snapshots = catalogue_snapshots(locked.version, locked.built).set_index("catalog")  # as coverage_of gives them
    assert list(snapshots.index) == ["litellm", "openrouter", "genai-prices", "models-dev"]
    origins = read_yaml(DATA_DIR / "origins.yaml")
    for name in ("litellm", "openrouter"):  # the origin records of the two files we hold
        assert snapshots.loc[name, "snapshot_date"] == str(origins[name]["date_published"])
    # the report must show both dates, not one "as of" date
    assert snapshots.loc["litellm", "snapshot_date"] != snapshots.loc["openrouter", "snapshot_date"]
    assert snapshots["current_enough"].tolist() == [True, False, True, False]


def test_no_current_model_has_a_successor_in_models_csv():
    models = load_curated().models
    stale = current_with_successor(models)
    assert stale.empty, f"current models with a successor: {stale['model_id'].tolist()}"


def test_current_with_successor_catches_both_kinds():
    models = pd.DataFrame({
        "model_id": ["grok-4.6", "grok-4.7", "gpt-6-luna", "gpt-6.1-luna"],
        "developer": ["xAI", "xAI", "OpenAI", "OpenAI"],
        "status": ["current"] * 4,
        "superseded_by": ["", "", "gpt-6.1-luna", ""],
        "lineup_role": ["flagship", "flagship", "small", "small"],
        "released": ["2026-08-12", "2026-09-21", "2026-09-22", "2026-11-01"],
    })
    # grok-4.6: same developer, role and line 'grok' as grok-4.7, released later -> flagged;
    # gpt-6-luna: has a superseded_by of its own (and a later 'gpt-luna' sibling) -> flagged
    assert current_with_successor(models)["model_id"].tolist() == ["grok-4.6", "gpt-6-luna"]


def test_real_catalogue_left_out_list():
    raw = json.loads((external_dir() / "litellm_model_prices.json").read_text())
    models = load_curated().models
    table = left_out_models(litellm_entries(raw, load_aliases()), models)
    assert set(table["reason"]) <= set(REASONS)
    assert set(table["developer"]) == set(models["developer"]) <= set(DEVELOPER_PATTERNS)
    listed = set(models["model_id"])
    assert set(table.loc[table["reason"] != "regional_variant", "model_id"]).isdisjoint(listed)
    reasons = table.set_index("model_id")["reason"]
    # spot checks against the catalogue: GPT-6 Sol was followed by GPT-6.1 Sol; the one entry of
    # vertex_ai/gemini-2.0-flash has deprecation_date 2026-06-01, before the 2026-11-12 snapshot;
    # gpt-4-turbo is deprecated on openai (2026-10-23) but azure lists no date -> only superseded;
    # Mythos is invitation-only
    assert reasons["gpt-6-sol"] == "superseded"
    assert reasons["gemini-2.0-flash"] == "deprecated"
    assert reasons["gpt-4-turbo"] == "superseded"
    assert reasons["claude-mythos-5-1"] == "restricted_access"


def test_the_litellm_snapshot_is_the_locked_release():
    snapshots = catalogue_snapshots("1.110.2", "2026-11-20").set_index("catalog")
    assert snapshots.loc["litellm", ["version", "snapshot_date"]].tolist() == ["1.110.2", "2026-11-20"]
    assert snapshots.loc["genai-prices", "version"] == "0.2.3"  # the others as they were
