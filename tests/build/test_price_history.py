"""``python -m analysis history``: built end to end from tiny wheels and a fake index (no network),
bad input leaves data/ as it was, and the committed data/price_history.csv shows a known change."""

import pandas as pd
import pytest
from history_fixtures import entry, index_file, make_wheel

from analysis import __main__ as cli
from analysis.build import price_history as command
from analysis.build.price_history import SOURCES_COLUMNS, build_history, format_price
from analysis.compute.history import HISTORY_COLUMNS
from analysis.core.errors import DataError
from analysis.core.paths import DATA_DIR

UPLOADS = {"1.60.0": "2025-01-20T08:00:00Z", "1.61.0": "2025-02-27T09:00:00Z"}


def _registry(tmp_path, maps: dict, digests: dict | None = None):
    """Wheels in tmp_path/registry, the index that lists them, and a download that copies them."""
    folder = tmp_path / "registry"
    wheels = {v: make_wheel(folder, v, m) for v, m in maps.items()}
    index = {"releases": {v: [index_file(w, w.name, UPLOADS[v], sha256=(digests or {}).get(v))]
                          for v, w in wheels.items()}}
    fetched = []

    def download(release, target):
        fetched.append(release.version)
        path = target / release.filename
        path.write_bytes(wheels[release.version].read_bytes())
        return path

    return index, download, fetched


MAPS = {
    # 1.60.0: o3 at 1e-05/4e-05 per token = 10/40 per 1M; an embedding and a one-sided entry are left out
    "1.60.0": {"o3": entry(1e-05, 4e-05), "embed": entry(1e-07, None, mode="embedding"), "half": entry(1e-06, None)},
    # 1.61.0: o3 cut to 2/8 with a cache-read price of 0.5; gpt-x new at 0.15/0.6
    "1.61.0": {"o3": entry(2e-06, 8e-06, 5e-07), "gpt-x": entry(1.5e-07, 6e-07)},
}


def _data_dir(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("price_history.csv", "price_history_sources.csv"):
        (folder / name).write_text("previous\n", encoding="utf-8")
    return folder


def test_history_from_two_snapshots(tmp_path):
    index, download, fetched = _registry(tmp_path, MAPS)
    data_dir, cache = _data_dir(tmp_path), tmp_path / "cache"
    result = build_history(data_dir, cache, fetch=lambda: index, download=download, aliases={},
                           progress=lambda line: None)
    assert fetched == ["1.60.0", "1.61.0"]
    # expected litellm rows, by hand: gpt-x 0.15/0.6 from 2025-02-27 (first listed after 2025-01-20);
    # o3 10/40 from 2025-01-20 to 2025-02-27; o3 2/8/0.5 from 2025-02-27, changed after 2025-01-20
    written = pd.read_csv(data_dir / "price_history.csv", dtype=str, keep_default_na=False)
    assert list(written.columns) == HISTORY_COLUMNS
    litellm = written[written["catalog"] == "litellm"]
    assert litellm[["catalog_key", "usd_per_mtok_input", "usd_per_mtok_output", "usd_per_mtok_cached_input",
                    "valid_from", "valid_to", "changed_after", "source_version"]].values.tolist() == [
        ["gpt-x", "0.15", "0.6", "", "2025-02-27", "", "2025-01-20", "1.61.0"],
        ["o3", "10", "40", "", "2025-01-20", "2025-02-27", "", "1.60.0"],
        ["o3", "2", "8", "0.5", "2025-02-27", "", "2025-01-20", "1.61.0"]]
    assert litellm["source_file"].tolist()[1] == "litellm-1.60.0-py3-none-any.whl"
    assert litellm["source_url"].tolist()[1] == "https://pypi.org/project/litellm/1.60.0/"
    assert (written["catalog"] == "genai-prices").sum() > 100  # the installed package's dated prices
    sources = pd.read_csv(data_dir / "price_history_sources.csv", dtype=str)
    assert list(sources.columns) == SOURCES_COLUMNS
    assert sources[["version", "snapshot_date", "entries", "priced_keys"]].values.tolist() == [
        ["1.60.0", "2025-01-20", "3", "1"], ["1.61.0", "2025-02-27", "2", "2"]]
    assert len(result.history) == len(written)

    # a rebuild from the cache alone (offline: the cached index, no download) gives the same bytes
    before = (data_dir / "price_history.csv").read_bytes()
    build_history(data_dir, cache, offline=True, aliases={}, progress=lambda line: None)
    assert (data_dir / "price_history.csv").read_bytes() == before
    assert fetched == ["1.60.0", "1.61.0"]


@pytest.mark.parametrize("case, message", [
    ("hash", r"litellm 1\.61\.0: the wheel's SHA-256 is .* the index says 0{64}"),
    ("unparsable", r"litellm 1\.61\.0: the price map .* does not parse"),
    ("no price map", r"litellm 1\.61\.0: the wheel has no price map"),
    ("bad entry", r"litellm 1\.61\.0: entry 'o3': negative price"),
])
def test_bad_input_names_package_and_version_and_leaves_data_alone(tmp_path, case, message):
    maps, digests = dict(MAPS), {}
    if case == "hash":
        digests["1.61.0"] = "0" * 64
    elif case == "unparsable":
        maps["1.61.0"] = b'{"o3": '
    elif case == "no price map":
        maps["1.61.0"] = None
    else:
        maps["1.61.0"] = {"o3": entry(-2e-06, 8e-06)}
    index, download, _ = _registry(tmp_path, maps, digests)
    data_dir = _data_dir(tmp_path)
    with pytest.raises(DataError, match=message):
        build_history(data_dir, tmp_path / "cache", fetch=lambda: index, download=download, aliases={},
                      progress=lambda line: None)
    assert sorted(p.name for p in data_dir.iterdir()) == ["price_history.csv", "price_history_sources.csv"]
    assert all(p.read_text(encoding="utf-8") == "previous\n" for p in data_dir.iterdir())


def test_the_command_prints_a_data_error_without_traceback(monkeypatch, capsys):
    def fail(**kwargs):
        raise DataError("PyPI is unreachable (no route to host)", file="https://pypi.org/pypi/litellm/json")

    monkeypatch.setattr(command, "build_history", fail)
    assert cli.main(["history"]) == 2
    err = capsys.readouterr().err
    assert "error: https://pypi.org/pypi/litellm/json: PyPI is unreachable" in err
    assert "unchanged" in err and "Traceback" not in err


def test_prices_are_written_at_a_stated_precision():
    # at most 9 decimals, trailing zeros dropped; NaN is an empty cell
    assert [format_price(v) for v in (2.0, 0.075, 1 / 3, 1.0000000004, float("nan"))] == [
        "2", "0.075", "0.333333333", "1", ""]


# --- the committed file ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def committed():
    return pd.read_csv(DATA_DIR / "price_history.csv", dtype=str, keep_default_na=False)


def test_the_committed_history_covers_at_least_20_monthly_snapshots(committed):
    sources = pd.read_csv(DATA_DIR / "price_history_sources.csv", dtype=str)
    assert len(sources) >= 20
    months = sources["snapshot_date"].str[:7]
    assert months.is_unique and months.is_monotonic_increasing
    assert (sources["wheel_sha256"].str.fullmatch(r"[0-9a-f]{64}")).all()
    litellm = committed[committed["catalog"] == "litellm"]
    assert set(litellm["source_version"]) <= set(sources["version"])
    assert set(litellm["valid_from"]) <= set(sources["snapshot_date"])
    assert list(committed.columns) == HISTORY_COLUMNS


def test_o3_price_cut_of_2025_06_10_in_both_sources(committed):
    """OpenAI cut o3 from 10/40 to 2/8 USD per 1M tokens on 2025-06-10."""
    o3 = committed[committed["catalog_key"].isin(["o3", "openai/o3"])]
    cols = ["catalog", "usd_per_mtok_input", "usd_per_mtok_output", "valid_from", "valid_to", "changed_after"]
    rows = o3[cols].values.tolist()
    # genai-prices dates it exactly: 10/40 until 2025-06-10, 2/8 from then on
    assert ["genai-prices", "10", "40", "", "2025-06-10", ""] in rows
    assert ["genai-prices", "2", "8", "2025-06-10", "", ""] in rows
    # litellm shows it between its May release (1.71.3, 2025-05-31) and its June release
    # (1.73.6, 2025-06-28): 10/40 ends, and 2/8 starts, at 2025-06-28, changed after 2025-05-31
    before = o3[(o3["catalog"] == "litellm") & (o3["usd_per_mtok_input"] == "10")]
    after = o3[(o3["catalog"] == "litellm") & (o3["usd_per_mtok_input"] == "2")]
    assert before[["usd_per_mtok_output", "valid_to"]].values.tolist() == [["40", "2025-06-28"]]
    assert after[["usd_per_mtok_output", "valid_from", "changed_after", "source_version"]].values.tolist() == [
        ["8", "2025-06-28", "2025-05-31", "1.73.6"]]
    assert after["changed_after"].iloc[0] < "2025-06-10" <= after["valid_from"].iloc[0]


def test_the_committed_prices_have_the_stated_precision(committed):
    for column in ("usd_per_mtok_input", "usd_per_mtok_output", "usd_per_mtok_cached_input"):
        values = committed[column][committed[column] != ""]
        assert values.map(lambda v: format_price(float(v)) == v).all(), column
