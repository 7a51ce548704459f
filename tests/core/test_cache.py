"""The content-hashed cache and the shared analysis stored in it."""

import functools
import pickle

import pytest

from analysis.compute import precompute
from analysis.core import cache
from analysis.core.errors import BuildError
from analysis.inputs.parameters import ReportParameters


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_cached_computes_once_per_key(folder):
    calls = []
    compute = lambda: calls.append(1) or {"value": len(calls)}  # noqa: E731
    assert cache.cached("ns", "k1", compute) == {"value": 1}
    assert cache.cached("ns", "k1", compute) == {"value": 1}  # loaded, not computed
    assert cache.cached("ns", "k2", compute) == {"value": 2}
    assert len(calls) == 2 and (folder / "ns" / "k1.pickle").is_file()


def test_a_torn_entry_is_recomputed_and_replaced(folder):
    path = folder / "ns" / "k.pickle"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x80\x05 not a whole pickle")
    assert cache.cached("ns", "k", lambda: 42) == 42
    assert pickle.loads(path.read_bytes()) == 42


def test_errors_store_nothing_and_off_disables(folder, monkeypatch):
    def fail():
        raise ValueError("bad data")
    with pytest.raises(ValueError):
        cache.cached("ns", "k", fail)
    assert not (folder / "ns" / "k.pickle").exists()
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    assert cache.cache_dir() is None
    assert cache.cached("ns", "k", lambda: 1) == 1 and not (folder / "ns" / "k.pickle").exists()
    assert cache.cached("ns", "other", lambda: 2) == 2 and not (folder / "ns" / "other.pickle.lock").exists()


def test_digest_follows_names_and_bytes(tmp_path):
    (tmp_path / "a.csv").write_text("1\n")
    first = cache.digest_files([tmp_path], tmp_path)
    (tmp_path / "a.csv").write_text("2\n")
    second = cache.digest_files([tmp_path], tmp_path)
    (tmp_path / "a.csv").rename(tmp_path / "b.csv")
    assert len({first, second, cache.digest_files([tmp_path], tmp_path)}) == 3
    assert cache.key_of({"b": 1, "a": (1, 2)}) == cache.key_of({"a": [1, 2], "b": 1})


def test_shared_analysis_loaded_from_the_cache_equals_the_computed_one(folder):
    overrides = dict(monthly_input_tokens=1_000_000, monthly_output_tokens=200_000,
                     models=["gpt-6-luna", "qwen3.8-flash", "deepseek-v4-flash"])
    parameters = ReportParameters.from_overrides(overrides)
    fresh = precompute.compute_inputs(parameters)
    stored = precompute.report_inputs(parameters)
    loaded = precompute.report_inputs(parameters)
    assert stored.key == loaded.key == precompute.inputs_key(parameters) != ""
    assert (folder / "report-inputs" / f"{stored.key}.pickle").is_file()
    assert loaded.data.costs.equals(fresh.data.costs)
    assert loaded.decision.monte_carlo.summary.equals(fresh.decision.monte_carlo.summary)
    assert loaded.decision.router_config == fresh.decision.router_config
    assert loaded.audit.equals(fresh.audit)
    assert loaded.router_json == fresh.router_json
    assert set(loaded.tables) == set(fresh.tables) and all(loaded.tables[n].equals(fresh.tables[n]) for n in fresh.tables)
    # the defaults give the same key whether they are spelled out or not; the language plays no part
    spelled = ReportParameters.from_overrides({**overrides, "seed": 20261123, "blend_ratio": None})
    assert precompute.inputs_key(spelled) == stored.key
    assert precompute.inputs_key(ReportParameters.from_overrides({**overrides, "lang": "de"})) == stored.key
    assert precompute.inputs_key(ReportParameters.from_overrides({**overrides, "seed": 1})) != stored.key


def _slow_count(marker):
    import time

    with open(marker, "a") as handle:
        handle.write("computed\n")
    time.sleep(1.0)
    return "value"


def test_processes_that_miss_the_same_key_at_once_compute_it_once(folder, tmp_path):
    import multiprocessing

    marker = tmp_path / "computed.txt"
    context = multiprocessing.get_context("fork")
    with context.Pool(3) as pool:
        results = pool.starmap(cache.cached, [("ns", "shared", functools.partial(_slow_count, marker))] * 3)
    assert results == ["value"] * 3
    assert marker.read_text() == "computed\n"  # one computed it, two waited and loaded it


def test_an_unwritable_cache_folder_is_a_clear_build_error(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker))
    with pytest.raises(BuildError) as caught:
        cache.cached("ns", "k", lambda: 1)
    assert "cannot be written" in str(caught.value) and f"{cache.CACHE_ENV}=off" in str(caught.value)


def test_the_command_line_says_so_without_a_traceback(tmp_path, monkeypatch, capsys):
    from analysis.__main__ import main

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker))
    assert main(["build", "--lang", "de", "--no-pdf", "--reports-dir", str(tmp_path / "reports")]) == 2
    err = capsys.readouterr().err
    assert "error: the cache folder" in err and "Traceback" not in err
    assert not (tmp_path / "reports" / "de").exists()
