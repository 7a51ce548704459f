"""Load and validate the curated tables in ``data/`` (see data/README.md).

Every problem stops the load with a :class:`~analysis.core.errors.DataError` naming the file, the
1-based data row and the column. Missing cells stay NaN / ``pd.NA``; nothing becomes 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.errors
import pandera.pandas as pa
from pandera.engines.pandas_engine import Engine

from analysis.core.errors import DataError
from analysis.core.iorw import check_utf8, read_yaml
from analysis.core.paths import DATA_DIR, display_path
from analysis.inputs.gpu_hosting import GPU_HOSTING_FILE, load_gpu_hosting
from analysis.inputs.schemas import (OPTIONAL_COLUMNS, PRICE_CONFIRMERS, PRICE_WINDOW_COLUMNS, SCHEMAS, TABLE_COLUMNS,
                                     TABLE_KEYS)
from analysis.inputs.units import check_usd_per_mtok
from analysis.inputs.use_cases import USE_CASES_FILE, UseCases, load_use_cases

ORIGIN_FIELDS = ["title", "producer", "citation", "url_main", "date_accessed", "licence"]
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


@dataclass(frozen=True)
class Curated:
    """The curated tables, validated, plus their origin records."""

    models: pd.DataFrame
    prices: pd.DataFrame
    benchmarks: pd.DataFrame
    providers: pd.DataFrame
    origins: dict
    published_trends: pd.DataFrame | None = None  #: published price declines to compare with
    use_cases: UseCases | None = None          #: use_cases.yaml of the same folder
    gpu_hosting: pd.DataFrame | None = None    #: gpu_hosting.csv of the same folder

    @property
    def snapshot_date(self) -> str:
        """Newest ``retrieved`` date over all tables (ISO): the date the data describes."""
        frames = (self.models, self.prices, self.benchmarks, self.providers)
        return max(str(f["retrieved"].max()) for f in frames if len(f))


_NOT_NUMBERS = {"nan", "inf", "-inf", "+inf", "infinity", "-infinity", "none", "null", "n/a", "na", "-"}


def _parse_cell(kind: str, text: str):
    if text == "":
        return None
    if kind in ("float", "int") and text.lower() in _NOT_NUMBERS:
        raise ValueError("leave the cell empty for a missing value")
    if kind == "float":
        return float(text)
    if kind == "int":
        number = float(text)
        if not number.is_integer():
            raise ValueError("not a whole number")
        return int(number)
    if kind == "bool":
        low = text.lower()
        if low in _TRUE | _FALSE:
            return low in _TRUE
        raise ValueError("not true/false")
    if kind == "date":
        return dt.date.fromisoformat(text).isoformat()
    return text


_DTYPES = {"float": "float64", "int": "Int64", "bool": "boolean", "date": "object", "str": "object"}


def read_table(path: Path, table: str) -> pd.DataFrame:
    """Read one curated CSV, parse each cell by the table's column types, validate it."""
    shown = display_path(path)
    try:
        check_utf8(path)  # names the row and column of a byte that is not UTF-8
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    except FileNotFoundError as exc:
        raise DataError("file not found", file=shown, hint=f"expected the {table} table here") from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataError(f"not a readable CSV: {exc}", file=shown, hint="check quoting and the number of fields per line") from exc
    columns = TABLE_COLUMNS[table]
    for column in (c for c in PRICE_WINDOW_COLUMNS if table == "prices" and c not in raw.columns):
        raw[column] = ""  # a price table without dated prices: every row holds, peak and off-peak alike
    missing = [c for c in columns if c not in raw.columns]
    if missing:
        raise DataError(f"missing column(s) {', '.join(missing)}", file=shown, column=missing[0],
                        hint="see data/README.md for the columns of this table")
    parsed: dict[str, pd.Series] = {}
    for column, kind in columns.items():
        texts = [text.strip() for text in raw[column].tolist()]
        required = column not in OPTIONAL_COLUMNS[table]
        if kind == "str":   # nothing to parse: the text itself, "" where empty
            if required and "" in texts:
                raise DataError("required value is empty", file=shown, row=texts.index("") + 1, column=column)
            parsed[column] = pd.Series(texts, dtype=object).astype(str)
            continue
        values = []
        for position, text in enumerate(texts):
            if text == "" and required:
                raise DataError("required value is empty", file=shown, row=position + 1, column=column)
            try:
                values.append(_parse_cell(kind, text))
            except ValueError as exc:
                raise DataError(f"cannot read {text!r} as {kind}: {exc}", file=shown, row=position + 1,
                                column=column, hint="dates are YYYY-MM-DD; booleans true/false") from exc
        series = pd.Series(values, dtype=_DTYPES[kind])
        parsed[column] = series.fillna("").astype(str) if kind == "date" else series
    frame = pd.DataFrame(parsed)
    if table == "prices":
        check_usd_per_mtok(frame, file=shown)
    _validate(frame, table, shown)
    _check_unique(frame, TABLE_KEYS[table], shown)
    if table == "models":
        _check_lineage(frame, shown)
    if table == "prices":
        _check_verified(frame, shown)
        _check_windows(frame, shown)
    return frame


def _check_windows(prices: pd.DataFrame, shown: str) -> None:
    """A dated price is a window that ends no earlier than it starts; a price after it needs its
    end date; an off-peak price names both its input and its output part."""
    for position, row in enumerate(prices.itertuples(), start=1):
        if row.valid_from and row.valid_until and row.valid_until < row.valid_from:
            raise DataError(f"the price ends ({row.valid_until}) before it starts ({row.valid_from})", file=shown,
                            row=position, column="valid_until")
        for part in ("input", "output", "cached_input"):
            if pd.notna(getattr(row, f"usd_per_mtok_{part}_after")) and not row.valid_until:
                raise DataError("a price after the window needs the window's last day", file=shown, row=position,
                                column="valid_until", hint=f"usd_per_mtok_{part}_after is set; fill valid_until")
        if pd.isna(row.usd_per_mtok_input_offpeak) != pd.isna(row.usd_per_mtok_output_offpeak):
            raise DataError("an off-peak price needs both its input and its output part", file=shown, row=position,
                            column="usd_per_mtok_input_offpeak" if pd.isna(row.usd_per_mtok_input_offpeak)
                            else "usd_per_mtok_output_offpeak")


def _first_bad(mask: pd.Series) -> int:
    """1-based data row of the first True in ``mask``."""
    return int(mask.to_numpy().nonzero()[0][0]) + 1


def _check_lineage(models: pd.DataFrame, shown: str) -> None:
    """``superseded_by`` names another model of the table; a ``current`` model has none and a
    ``superseded`` one has one (a ``deprecated`` model may name its replacement or not)."""
    successor, status = models["superseded_by"], models["status"]
    rules = [
        (~successor.isin(set(models["model_id"])) & (successor != ""),
         "names no model_id of models.csv", "use an existing model_id or leave it empty"),
        (successor == models["model_id"], "names the model itself", "a model cannot supersede itself"),
        ((status == "current") & (successor != ""),
         "is set on a current model", "a model with a successor is superseded or deprecated, not current"),
        ((status == "superseded") & (successor == ""),
         "is empty on a superseded model", "name the model that supersedes it"),
    ]
    for mask, problem, hint in rules:
        if mask.any():
            row = _first_bad(mask)
            raise DataError(f"superseded_by {successor.iloc[row - 1]!r} {problem}", file=shown, row=row,
                            column="superseded_by", hint=hint)


def _check_verified(prices: pd.DataFrame, shown: str) -> None:
    """``verified`` and ``verified_by`` agree with ``source_kind`` and the rule (data/README.md):
    ``provider_page`` is among the confirmers iff the figure was read there, and a row is verified
    iff it was read on the provider's page or at least two catalogues confirm it."""
    confirmers = prices["verified_by"].map(lambda v: set(v.split(";")) if v else set())
    on_page = confirmers.map(lambda c: "provider_page" in c)
    catalogues = confirmers.map(lambda c: len(c & set(PRICE_CONFIRMERS[1:])))
    page_kind = prices["source_kind"] == "provider_page"
    if (on_page != page_kind).any():
        row = _first_bad(on_page != page_kind)
        raise DataError("verified_by lists provider_page but source_kind is not provider_page, or the reverse",
                        file=shown, row=row, column="verified_by",
                        hint="provider_page confirms a figure only when it was read on the provider's own page")
    expected = page_kind | (catalogues >= 2)
    wrong = prices["verified"].astype(bool) != expected
    if wrong.any():
        row = _first_bad(wrong)
        raise DataError(f"verified is {bool(prices['verified'].iloc[row - 1])} but verified_by is "
                        f"{prices['verified_by'].iloc[row - 1]!r}", file=shown, row=row, column="verified",
                        hint="verified = provider page, or at least two catalogues agreeing within 1%")


def _surely_valid(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> bool:
    """True when pandera's ``schema.validate`` would pass: the same dtype, nullable and check
    functions (pandera's own) run directly, without its error collection, which costs most of
    the time. False on any failure or any schema feature not covered here: then pandera runs
    in full and words the error."""
    plain_schema = (schema.index is None and schema.dtype is None and not schema.strict and not schema.coerce
                    and not schema.unique and not schema.parsers and not schema.add_missing_columns
                    and not schema.ordered)
    if not plain_schema:
        return False
    for name, column in schema.columns.items():
        if (column.regex or not column.required or column.unique or column.coerce or column.parsers
                or column.default is not None or name not in frame):
            return False
        series = frame[name]
        if column.dtype is not None:
            same = column.dtype.check(Engine.dtype(series.dtype), series)
            if not (same if isinstance(same, bool) else bool(same.all())):
                return False
        if not column.nullable and series.isna().any():
            return False
        if not all(check.groupby is None and bool(check(frame, column=name).check_passed) for check in column.checks):
            return False
    return all(check.groupby is None and bool(check(frame).check_passed) for check in schema.checks)


def _validate(frame: pd.DataFrame, table: str, shown: str) -> None:
    if _surely_valid(frame, SCHEMAS[table]):
        return
    try:
        SCHEMAS[table].validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases.dropna(subset=["index"]).sort_values("index", kind="mergesort")
        first = cases.iloc[0] if len(cases) else exc.failure_cases.iloc[0]
        row = int(first["index"]) + 1 if pd.notna(first["index"]) else None
        raise DataError(f"value {first['failure_case']!r} fails check {first['check']}",
                        file=shown, row=row, column=str(first["column"])) from exc


def _check_unique(frame: pd.DataFrame, keys: list[str], shown: str) -> None:
    duplicated = frame.duplicated(keys, keep=False)
    if duplicated.any():
        rows = [i + 1 for i in frame.index[duplicated]]
        key = ", ".join(f"{k}={frame.loc[frame.index[duplicated][0], k]!r}" for k in keys)
        raise DataError(f"duplicate ({', '.join(keys)}) in rows {rows}: {key}", file=shown,
                        row=rows[1], column=keys[-1], hint="one row per key; merge or remove one")


def _check_references(frame: pd.DataFrame, column: str, known: pd.Series, shown: str, target: str) -> None:
    unknown = ~frame[column].isin(set(known))
    if unknown.any():
        position = int(unknown.to_numpy().nonzero()[0][0])
        raise DataError(f"unknown {column} {frame[column].iloc[position]!r}", file=shown, row=position + 1,
                        column=column, hint=f"add it to {target} first")


def load_origins(path: Path, tables: list[str]) -> dict:
    """Origin records (OWID-style) of each dataset, checked for the required fields."""
    shown = display_path(path)
    origins = read_yaml(path)
    if not isinstance(origins, dict):
        raise DataError("expected a mapping of dataset name -> origin record", file=shown)
    for table in tables:
        record = origins.get(table)
        if not isinstance(record, dict):
            raise DataError(f"no origin record for dataset {table!r}", file=shown, column=table)
        absent = [f for f in ORIGIN_FIELDS if not record.get(f)]
        if absent:
            raise DataError(f"origin record {table!r} lacks {', '.join(absent)}", file=shown, column=absent[0])
    return origins


def load_curated(data_dir: Path = DATA_DIR) -> Curated:
    """Load models, prices, benchmarks and providers from ``data_dir``, validated and linked, and
    the use cases and GPU set-ups of the same folder."""
    data_dir = Path(data_dir)
    tables = {name: read_table(data_dir / f"{name}.csv", name) for name in TABLE_COLUMNS}
    models, prices = tables["models"], tables["prices"]
    for table, column, target, known in (
        ("prices", "model_id", "models.csv", models["model_id"]),
        ("prices", "provider", "providers.csv", tables["providers"]["provider"]),
        ("benchmarks", "model_id", "models.csv", models["model_id"]),
    ):
        _check_references(tables[table], column, known, display_path(data_dir / f"{table}.csv"), target)
    origins = load_origins(data_dir / "origins.yaml", list(TABLE_COLUMNS))
    return Curated(models=models, prices=prices, benchmarks=tables["benchmarks"],
                   providers=tables["providers"], origins=origins, published_trends=tables["published_trends"],
                   use_cases=load_use_cases(data_dir / USE_CASES_FILE.name),
                   gpu_hosting=load_gpu_hosting(data_dir / GPU_HOSTING_FILE.name))
