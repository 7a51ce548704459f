"""Reading input files with one clear error for each way they can be bad."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import yaml

from analysis.core.errors import DataError
from analysis.core.paths import display_path

#: libyaml's parser when PyYAML was built with it (about 10x faster); same safe constructor
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path | str, hint: str | None = None) -> object:
    """Parse a YAML file; a missing file or bad YAML raises :class:`DataError` naming the file.
    Parsed with libyaml when available; a file it rejects is parsed again by PyYAML's own
    parser, so the error (line, column, problem) reads as PyYAML words it."""
    shown = display_path(Path(path))
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DataError("file not found", file=shown, hint=hint) from exc
    try:
        return yaml.load(text, Loader=_FAST_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        pass
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataError(f"not valid YAML: {exc}", file=shown) from exc


def read_json(path: Path | str, hint: str | None = "see ../shared/external/README.md") -> object:
    """Parse a JSON file; a missing file or bad JSON raises :class:`DataError` naming the file
    (and the line and column of a syntax error)."""
    shown = display_path(Path(path))
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DataError("file not found", file=shown, hint=hint) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        where = f" at line {exc.lineno}, column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise DataError(f"not valid JSON{where}: {exc}", file=shown,
                        hint="the file looks truncated or edited; compare its SHA-256 with "
                             "../shared/external/README.md") from exc


def check_utf8(path: Path | str) -> None:
    """Raise :class:`DataError` naming the file, the data row (1-based, header not counted), the
    column and the byte if a CSV file is not valid UTF-8 (pandas would name only the file)."""
    raw = Path(path).read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8", errors="surrogateescape"), newline="")))
        header = rows[0] if rows else []
        for position, cells in enumerate(rows):
            for index, cell in enumerate(cells):
                if any("\udc80" <= char <= "\udcff" for char in cell):
                    line = raw[:exc.start].count(b"\n") + 1
                    column = header[index] if position and index < len(header) else None
                    raise DataError(f"byte 0x{raw[exc.start]:02X} (line {line}) is not UTF-8",
                                    file=display_path(Path(path)), row=position or None, column=column,
                                    hint="save the file as UTF-8") from exc
        raise DataError(f"byte 0x{raw[exc.start]:02X} at offset {exc.start} is not UTF-8",
                        file=display_path(Path(path)), hint="save the file as UTF-8") from exc


def sha256_of(path: Path | str) -> str:
    """Hex SHA-256 of a file, read in 1 MiB blocks (a wheel need not fit in memory twice)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
