"""The committed price history (``data/price_history.csv``, built by ``python -m analysis history``)
and the changes since the last edition (``data/edition_changes.csv``, written by ``refresh``) as
tables. The history: one row per (catalogue key, price period), prices in USD per 1M tokens, ``valid_from``
and ``valid_to`` as ISO dates (``valid_to`` empty while the price holds). Builds read this file;
they never download."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.core.errors import DataError
from analysis.core.iorw import check_utf8
from analysis.core.paths import DATA_DIR, display_path

HISTORY_FILE = DATA_DIR / "price_history.csv"
#: what changed since the last edition (written by python -m analysis refresh with data/CHANGES.md)
EDITION_FILE = DATA_DIR / "edition_changes.csv"
#: its columns and kinds (analysis.compute.rederive.edition_table writes them)
EDITION_COLUMNS = ("kind", "model_id", "provider", "catalog_key", "usd_per_mtok_input_old", "usd_per_mtok_input_new",
                   "usd_per_mtok_output_old", "usd_per_mtok_output_new", "input_change_percent",
                   "output_change_percent", "budget_usd_old", "budget_usd_new", "budget_effect_usd", "proposed_role",
                   "valid_from", "from_version", "to_version")
EDITION_KINDS = ("price_cut", "price_raise", "price_mixed", "key_removed", "cached_added", "scheduled", "new_model")
PRICE_COLUMNS = ("usd_per_mtok_input", "usd_per_mtok_output", "usd_per_mtok_cached_input")
DATE_COLUMNS = ("valid_from", "valid_to", "changed_after")
REQUIRED_COLUMNS = ("catalog", "catalog_key", "model_id", "provider", *PRICE_COLUMNS, *DATE_COLUMNS,
                    "source_version")


def load_price_history(path: Path = HISTORY_FILE) -> pd.DataFrame:
    """The history table; a missing column, a price that is not a positive number or a date that
    is not YYYY-MM-DD raises :class:`DataError` naming the file, the data row and the column."""
    shown = display_path(Path(path))
    try:
        check_utf8(path)
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    except FileNotFoundError as exc:
        raise DataError("file not found", file=shown, hint="python -m analysis history builds it") from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"not a readable CSV: {exc}", file=shown) from exc
    missing = [c for c in REQUIRED_COLUMNS if c not in raw.columns]
    if missing:
        raise DataError(f"missing column(s) {', '.join(missing)}", file=shown, column=missing[0],
                        hint="see data/README.md (price_history.csv)")
    out = raw.copy()
    for column in PRICE_COLUMNS:
        values = pd.to_numeric(raw[column].replace("", None), errors="coerce")
        bad = (raw[column] != "") & ~(values > 0)
        if bad.any():
            row = int(bad.to_numpy().argmax())
            raise DataError(f"{raw[column].iloc[row]!r} is not a positive price", file=shown, row=row + 1,
                            column=column)
        out[column] = values.astype(float)
    for column in DATE_COLUMNS:
        parsed = pd.to_datetime(raw[column].replace("", None), format="%Y-%m-%d", errors="coerce")
        bad = (raw[column] != "") & parsed.isna()
        if bad.any():
            row = int(bad.to_numpy().argmax())
            raise DataError(f"{raw[column].iloc[row]!r} is not a date", file=shown, row=row + 1, column=column,
                            hint="dates are YYYY-MM-DD")
    return out


def listing_history(history: pd.DataFrame, catalog: str = "litellm") -> pd.DataFrame:
    """The rows of one catalogue whose dates are listing dates (the monthly LiteLLM snapshots:
    every row has a ``valid_from``), for prices over time."""
    rows = history[(history["catalog"] == catalog) & (history["valid_from"] != "")]
    return rows.reset_index(drop=True)


def load_edition_changes(path: Path = EDITION_FILE) -> pd.DataFrame | None:
    """data/edition_changes.csv (None when the folder has none): text columns as text ("" where
    empty), the price, percent and budget columns as numbers (NaN where empty)."""
    if not Path(path).is_file():
        return None
    shown = display_path(Path(path))
    check_utf8(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"not a readable CSV: {exc}", file=shown) from exc
    missing = [c for c in EDITION_COLUMNS if c not in raw.columns]
    if missing:
        raise DataError(f"missing column(s) {', '.join(missing)}", file=shown, column=missing[0],
                        hint="python -m analysis refresh writes this file; see data/README.md")
    unknown = sorted(set(raw["kind"]) - set(EDITION_KINDS))
    if unknown:
        row = int((raw["kind"] == unknown[0]).to_numpy().argmax())
        raise DataError(f"unknown kind {unknown[0]!r}; known: {', '.join(EDITION_KINDS)}", file=shown, row=row + 1,
                        column="kind")
    out = raw.copy()
    for column in [c for c in raw.columns if c.startswith(("usd_", "budget_")) or c.endswith("_percent")]:
        values = pd.to_numeric(raw[column].replace("", None), errors="coerce")
        bad = (raw[column] != "") & values.isna()
        if bad.any():
            row = int(bad.to_numpy().argmax())
            raise DataError(f"{raw[column].iloc[row]!r} is not a number", file=shown, row=row + 1, column=column)
        out[column] = values.astype(float)
    return out
