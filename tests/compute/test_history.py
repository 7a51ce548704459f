"""Snapshot prices -> dated change rows, and dated price-book prices -> rows; expected rows derived
by hand in the comments."""

import numpy as np
import pandas as pd
import pytest

from analysis.compute.history import HISTORY_COLUMNS, dated_runs, history_table, price_changes

NAN = np.nan
SNAPSHOTS = pd.DataFrame({
    "source_version": ["1.62.0", "1.60.0", "1.61.0"],          # given out of order on purpose
    "snapshot_date": ["2025-03-31", "2025-01-31", "2025-02-28"],
    "source_file": ["w62.whl", "w60.whl", "w61.whl"],
    "source_url": ["u62", "u60", "u61"],
})


def _prices(rows):
    return pd.DataFrame(rows, columns=["source_version", "catalog_key", "model_id", "provider",
                                       "usd_per_mtok_input", "usd_per_mtok_output", "usd_per_mtok_cached_input"])


def test_runs_of_equal_prices_become_one_row_each():
    prices = _prices([
        # a: 10/40 in 1.60 and 1.61, 2/8 in 1.62 -> two rows, the cut seen between 02-28 and 03-31
        ("1.60.0", "a", "m", "openai", 10, 40, NAN), ("1.61.0", "a", "m", "openai", 10, 40, NAN),
        ("1.62.0", "a", "m", "openai", 2, 8, NAN),
        # b: listed in 1.60, gone in 1.61, back in 1.62 at the same price -> two rows
        ("1.60.0", "b", "m", "openai", 1, 2, NAN), ("1.62.0", "b", "m", "openai", 1, 2, NAN),
        # c: only in 1.61 -> one row from 02-28 (first listed after 01-31) to 03-31
        ("1.61.0", "c", "m", "azure", 1, 2, 0.5),
        # d: a cached price added in 1.61 is a change; NaN -> NaN (1.60 -> nothing) is not
        ("1.60.0", "d", "m", "openai", 3, 6, NAN), ("1.61.0", "d", "m", "openai", 3, 6, 0.3),
        ("1.62.0", "d", "m", "openai", 3, 6, 0.3),
    ])
    rows = price_changes(prices, SNAPSHOTS)
    assert list(rows.columns) == HISTORY_COLUMNS
    got = rows[["catalog_key", "usd_per_mtok_input", "usd_per_mtok_output", "usd_per_mtok_cached_input",
                "valid_from", "valid_to", "changed_after", "source_version", "source_file", "source_url"]]
    expected = pd.DataFrame([
        ("a", 10, 40, NAN, "2025-01-31", "2025-03-31", "", "1.60.0", "w60.whl", "u60"),
        ("a", 2, 8, NAN, "2025-03-31", "", "2025-02-28", "1.62.0", "w62.whl", "u62"),
        ("b", 1, 2, NAN, "2025-01-31", "2025-02-28", "", "1.60.0", "w60.whl", "u60"),
        ("b", 1, 2, NAN, "2025-03-31", "", "2025-02-28", "1.62.0", "w62.whl", "u62"),
        ("c", 1, 2, 0.5, "2025-02-28", "2025-03-31", "2025-01-31", "1.61.0", "w61.whl", "u61"),
        ("d", 3, 6, NAN, "2025-01-31", "2025-02-28", "", "1.60.0", "w60.whl", "u60"),
        ("d", 3, 6, 0.3, "2025-02-28", "", "2025-01-31", "1.61.0", "w61.whl", "u61"),
    ], columns=got.columns)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert set(rows["catalog"]) == {"litellm"}


def test_a_changed_provider_or_model_id_is_a_new_row():
    prices = _prices([("1.60.0", "k", "m", "openai", 1, 2, NAN), ("1.61.0", "k", "m", "azure", 1, 2, NAN)])
    rows = price_changes(prices, SNAPSHOTS)
    assert rows[["provider", "valid_from", "valid_to"]].values.tolist() == [
        ["openai", "2025-01-31", "2025-02-28"], ["azure", "2025-02-28", "2025-03-31"]]


def test_prices_of_an_unlisted_snapshot_are_refused():
    with pytest.raises(ValueError, match="not listed"):
        price_changes(_prices([("9.9.9", "k", "m", "openai", 1, 2, NAN)]), SNAPSHOTS)


def test_no_prices_no_rows():
    assert price_changes(_prices([]), SNAPSHOTS).empty


def test_dated_runs_end_where_the_next_date_starts():
    dated = pd.DataFrame([
        # o3: 10/40 before 2025-06-10, 2/8 from then on -> valid_to of the first = 2025-06-10
        ("openai/o3", "o3", "openai", 2, 8, 0.5, "2025-06-10"), ("openai/o3", "o3", "openai", 10, 40, 0.5, ""),
        # x: a date that changes nothing the history keeps -> merged; left with one undated row -> dropped
        ("p/x", "x", "p", 1, 2, NAN, ""), ("p/x", "x", "p", 1, 2, NAN, "2026-01-01"),
        # y: three prices, the middle one equal to the first -> 1/2 until 2026-03-01, then 3/4
        ("p/y", "y", "p", 1, 2, NAN, ""), ("p/y", "y", "p", 1, 2, NAN, "2026-02-01"),
        ("p/y", "y", "p", 3, 4, NAN, "2026-03-01"),
    ], columns=["catalog_key", "model_id", "provider", "usd_per_mtok_input", "usd_per_mtok_output",
                "usd_per_mtok_cached_input", "valid_from"])
    rows = dated_runs(dated)
    assert rows[["catalog_key", "usd_per_mtok_input", "usd_per_mtok_output", "valid_from", "valid_to"]
                ].values.tolist() == [
        ["openai/o3", 10, 40, "", "2025-06-10"], ["openai/o3", 2, 8, "2025-06-10", ""],
        ["p/y", 1, 2, "", "2026-03-01"], ["p/y", 3, 4, "2026-03-01", ""]]
    assert set(rows["changed_after"]) == {""}


def test_history_table_sorts_catalogues_keys_and_dates():
    litellm = price_changes(_prices([("1.61.0", "b", "m", "openai", 1, 2, NAN),
                                     ("1.60.0", "a", "m", "openai", 1, 2, NAN)]), SNAPSHOTS)
    book = pd.DataFrame([{"catalog": "genai-prices", "catalog_key": "z", "model_id": "m", "provider": "p",
                          "usd_per_mtok_input": 1.0, "usd_per_mtok_output": 2.0, "usd_per_mtok_cached_input": NAN,
                          "valid_from": "", "valid_to": "2025-01-01", "changed_after": "", "source_version": "0.2.3",
                          "source_file": "f", "source_url": "u"}])
    table = history_table(litellm, book)
    assert table[["catalog", "catalog_key"]].values.tolist() == [["genai-prices", "z"], ["litellm", "a"],
                                                                 ["litellm", "b"]]
    assert history_table().empty
