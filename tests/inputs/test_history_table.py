"""data/price_history.csv as a table, and its bad rows named by file, row and column."""

from __future__ import annotations

import pytest

from analysis.core.errors import DataError
from analysis.inputs.history_table import HISTORY_FILE, listing_history, load_price_history


def test_the_committed_history_loads():
    history = load_price_history()
    assert len(history) > 1000 and history["usd_per_mtok_input"].dtype == float
    listed = listing_history(history)
    assert set(listed["catalog"]) == {"litellm"} and (listed["valid_from"] != "").all()


@pytest.mark.parametrize("column,value,message", [
    ("usd_per_mtok_input", "abc", "is not a positive price"),
    ("usd_per_mtok_output", "-1", "is not a positive price"),
    ("valid_from", "2025-13-01", "is not a date"),
])
def test_a_bad_cell_is_named(tmp_path, column, value, message):
    lines = HISTORY_FILE.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[2].split(",")  # data row 2 (no quoted commas in the first columns)
    cells[header.index(column)] = value
    bad = tmp_path / "price_history.csv"
    bad.write_text("\n".join([lines[0], lines[1], ",".join(cells)]) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=message) as caught:
        load_price_history(bad)
    assert caught.value.row == 2 and caught.value.column == column


def test_a_missing_file_says_how_to_build_it(tmp_path):
    with pytest.raises(DataError, match="python -m analysis history"):
        load_price_history(tmp_path / "none.csv")


@pytest.mark.parametrize("edit,message,column", [
    (lambda lines: [lines[0].replace(",proposed_role", "")] + [l.rsplit(",", 4)[0] + "," + ",".join(l.rsplit(",", 4)[2:])
                                                                for l in lines[1:]], "missing column", "proposed_role"),
    (lambda lines: [lines[0], "price_drop" + lines[1][lines[1].index(","):]] + lines[2:], "unknown kind", "kind"),
])
def test_a_bad_edition_table_is_named(tmp_path, edit, message, column):
    from analysis.inputs.history_table import EDITION_FILE, load_edition_changes
    bad = tmp_path / "edition_changes.csv"
    bad.write_text("\n".join(edit(EDITION_FILE.read_text(encoding="utf-8").splitlines())) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=message) as caught:
        load_edition_changes(bad)
    assert caught.value.column == column
