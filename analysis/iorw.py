"""Reading input files with one clear error for each way they can be bad."""

from __future__ import annotations

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
