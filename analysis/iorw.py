"""Reading input files with one clear error for each way they can be bad."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from analysis.errors import DataError
from analysis.paths import display_path


def read_yaml(path: Path | str, hint: str | None = None) -> object:
    """Parse a YAML file; a missing file or bad YAML raises :class:`DataError` naming the file."""
    shown = display_path(Path(path))
    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DataError("file not found", file=shown, hint=hint) from exc
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
