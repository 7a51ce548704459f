"""Monthly litellm snapshots: which release each month gives, the wheel's hash and its price map,
read from tiny wheels the tests build themselves and a fake index (no network)."""

import pandas as pd
import pytest
from history_fixtures import entry, index_file, make_wheel

from analysis.core.errors import DataError
from analysis.inputs import releases as history
from analysis.inputs.releases import Release, ensure_wheel, monthly_snapshots, pick_wheel, read_price_map, releases


def _release(version: str, path, sha256: str | None = None) -> Release:
    import hashlib

    digest = sha256 or hashlib.sha256(path.read_bytes()).hexdigest()
    return Release("litellm", version, "2025-01-31T10:00:00Z", path.name, "https://files.example/x", digest, 1)


def test_one_release_a_month_the_highest_final_version(tmp_path):
    wheel = make_wheel(tmp_path, "0", {})
    at = {"1.52.9": "2024-11-30T00:00:00Z", "1.53.0": "2024-11-02T00:00:00Z", "1.53.1": "2024-11-28T00:00:00Z",
          "1.60.0": "2025-01-10T00:00:00Z", "1.61.0": "2025-01-20T00:00:00Z",
          "1.59.9": "2025-01-25T00:00:00Z",        # a backport, uploaded after 1.61.0
          "1.62.0rc1": "2025-01-30T00:00:00Z",     # a pre-release
          "1.62.0": "2025-02-03T00:00:00Z", "1.62.1": "2025-02-10T00:00:00Z"}
    index = {"releases": {v: [index_file(wheel, f"litellm-{v}-py3-none-any.whl", t)] for v, t in at.items()}}
    index["releases"]["1.62.1"][0]["yanked"] = True
    index["releases"]["1.63.0"] = []  # no files
    chosen = monthly_snapshots(releases(index))
    # 2024-11: 1.52.9 is before 1.53 -> 1.53.1; 2025-01: the highest version, 1.61.0 (not the later
    # backport 1.59.9 nor the pre-release); 2025-02: 1.62.1 is yanked -> 1.62.0
    assert [(r.version, r.upload_date) for r in chosen] == [
        ("1.53.1", "2024-11-28"), ("1.61.0", "2025-01-20"), ("1.62.0", "2025-02-03")]


def test_the_wheel_is_the_one_pip_gets_for_cpython_312_on_manylinux_x86_64():
    def files(*names):
        return [{"filename": n, "packagetype": "sdist" if n.endswith(".tar.gz") else "bdist_wheel"} for n in names]

    assert pick_wheel(files("litellm-1.0.tar.gz", "litellm-1.0-py3-none-any.whl"))["filename"] == \
        "litellm-1.0-py3-none-any.whl"
    platform = ["litellm-1.0-cp310-abi3-win_amd64.whl", "litellm-1.0-cp310-abi3-manylinux_2_28_aarch64.whl",
                "litellm-1.0-cp310-abi3-manylinux_2_28_x86_64.whl"]
    assert pick_wheel(files(*platform))["filename"] == "litellm-1.0-cp310-abi3-manylinux_2_28_x86_64.whl"
    per_python = ["litellm-1.0-cp310-cp310-manylinux_2_28_x86_64.whl", "litellm-1.0-cp312-cp312-manylinux_2_28_x86_64.whl"]
    assert pick_wheel(files(*per_python))["filename"] == "litellm-1.0-cp312-cp312-manylinux_2_28_x86_64.whl"
    assert pick_wheel(files("litellm-1.0-cp310-abi3-win_amd64.whl", "litellm-1.0.tar.gz")) is None


def test_a_cached_wheel_is_used_without_download_and_verified(tmp_path):
    wheel = make_wheel(tmp_path / "cache", "1.60.0", {})
    release = _release("1.60.0", wheel)
    assert ensure_wheel(release, tmp_path / "cache", download=None) == wheel
    wrong = _release("1.60.0", wheel, sha256="0" * 64)
    with pytest.raises(DataError, match=r"litellm 1\.60\.0: the wheel's SHA-256 is [0-9a-f]{64}, the index says 0{64}"):
        ensure_wheel(wrong, tmp_path / "cache", download=None)


def test_a_downloaded_wheel_with_another_hash_never_enters_the_cache(tmp_path):
    source = make_wheel(tmp_path / "registry", "1.60.0", {})
    release = _release("1.60.0", source, sha256="f" * 64)

    def download(rel, folder):
        target = folder / rel.filename
        target.write_bytes(source.read_bytes())
        return target

    with pytest.raises(DataError, match=r"litellm 1\.60\.0: the wheel's SHA-256"):
        ensure_wheel(release, tmp_path / "cache", download=download)
    assert list((tmp_path / "cache").iterdir()) == []
    good = _release("1.60.0", source)
    assert ensure_wheel(good, tmp_path / "cache", download=download).read_bytes() == source.read_bytes()


def test_a_wheel_missing_offline_says_so(tmp_path):
    release = _release("1.60.0", make_wheel(tmp_path, "1.60.0", {}))
    with pytest.raises(DataError, match=r"litellm 1\.60\.0: .* is not in the wheel cache"):
        ensure_wheel(release, tmp_path / "empty", download=None)


def test_a_release_without_a_price_map_and_one_that_does_not_parse(tmp_path):
    empty = make_wheel(tmp_path / "a", "1.60.0", None)
    with pytest.raises(DataError, match=r"litellm 1\.60\.0: the wheel has no price map"):
        read_price_map(empty, _release("1.60.0", empty))
    broken = make_wheel(tmp_path / "b", "1.61.0", b'{"o3": {"mode": "chat",')
    with pytest.raises(DataError, match=r"litellm 1\.61\.0: the price map litellm/.*\.json does not parse"):
        read_price_map(broken, _release("1.61.0", broken))
    listed = make_wheel(tmp_path / "c", "1.62.0", [1, 2])
    with pytest.raises(DataError, match=r"litellm 1\.62\.0: .* is not a JSON object"):
        read_price_map(listed, _release("1.62.0", listed))
    not_zip = tmp_path / "litellm-1.63.0-py3-none-any.whl"
    not_zip.write_bytes(b"not a zip")
    with pytest.raises(DataError, match=r"litellm 1\.63\.0: not a wheel"):
        read_price_map(not_zip, _release("1.63.0", not_zip))


def test_snapshot_prices_follow_the_importers_rules_and_keep_every_key(tmp_path):
    price_map = {
        "sample_spec": entry(0, 0),
        "o3": entry(1e-05, 4e-05, 2.5e-06),
        "azure/o3": entry(1e-05, 4e-05, provider="azure"),
        "azure/eu/o3": entry(1.1e-05, 4.4e-05, provider="azure"),  # same (model_id, provider): kept too
        "embed": entry(1e-07, None, mode="embedding"),
        "half": entry(1e-06, None),                           # no output price: left out
        "free": entry(0, 0),                                  # 0/0: a placeholder, left out
    }
    wheel = make_wheel(tmp_path, "1.60.0", price_map)
    release = _release("1.60.0", wheel)
    data, member = read_price_map(wheel, release)
    frame = history.snapshot_prices(data, release, member, aliases={})
    # USD per token x 1e6: 1e-05 -> 10, 4e-05 -> 40, 2.5e-06 -> 2.5, 1.1e-05 -> 11, 4.4e-05 -> 44
    expected = pd.DataFrame({
        "catalog_key": ["azure/eu/o3", "azure/o3", "o3"], "model_id": ["o3", "o3", "o3"],
        "provider": ["azure", "azure", "openai"], "usd_per_mtok_input": [11.0, 10.0, 10.0],
        "usd_per_mtok_output": [44.0, 40.0, 40.0], "usd_per_mtok_cached_input": [float("nan"), float("nan"), 2.5]})
    pd.testing.assert_frame_equal(frame, expected)


def test_a_bad_entry_names_package_and_version(tmp_path):
    wheel = make_wheel(tmp_path, "1.60.0", {"o3": entry("cheap", 4e-05)})
    release = _release("1.60.0", wheel)
    data, member = read_price_map(wheel, release)
    with pytest.raises(DataError, match=r"litellm 1\.60\.0: entry 'o3': 'cheap' is not a number"):
        history.snapshot_prices(data, release, member, aliases={})


def test_the_cache_folder_can_be_set_by_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("LLM_COST_WHEELS_DIR", str(tmp_path))
    assert history.wheel_cache_dir() == tmp_path
    monkeypatch.delenv("LLM_COST_WHEELS_DIR")
    assert history.wheel_cache_dir().parts[-2:] == ("build", ".wheels")


def test_an_unreachable_registry_is_a_plain_data_error(monkeypatch):
    import urllib.error

    def refuse(*args, **kwargs):
        raise urllib.error.URLError("no route to host")

    monkeypatch.setattr(history.urllib.request, "urlopen", refuse)
    with pytest.raises(DataError, match="PyPI is unreachable"):
        history.fetch_index()


def test_pip_download_names_the_release_when_pip_fails_or_saves_another_file(monkeypatch, tmp_path):
    release = _release("1.60.0", make_wheel(tmp_path / "src", "1.60.0", {}))

    class Done:
        def __init__(self, code, err=""):
            self.returncode, self.stderr, self.stdout = code, err, ""

    monkeypatch.setattr(history.subprocess, "run", lambda *a, **k: Done(1, "ERROR: No matching distribution"))
    with pytest.raises(DataError, match=r"litellm 1\.60\.0: pip could not download .*No matching distribution"):
        history.pip_download(release, tmp_path / "a")

    def other_file(command, **kwargs):
        (tmp_path / "b" / "litellm-1.60.0-cp312-cp312-manylinux_2_28_x86_64.whl").write_bytes(b"x")
        return Done(0)

    (tmp_path / "b").mkdir()
    monkeypatch.setattr(history.subprocess, "run", other_file)
    with pytest.raises(DataError, match=r"litellm 1\.60\.0: pip saved litellm-1\.60\.0-cp312.*, not litellm-1\.60\.0-py3"):
        history.pip_download(release, tmp_path / "b")
