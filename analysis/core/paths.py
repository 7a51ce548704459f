"""Where things live. Everything is relative to the checkout; nothing reads the cwd."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
REPO_ROOT = PACKAGE_DIR.parent
DATA_DIR = REPO_ROOT / "data"
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
REPORT_NOTEBOOK = NOTEBOOKS_DIR / "report.ipynb"
REPORTS_DIR = REPO_ROOT / "reports"
LOCALES_DIR = PACKAGE_DIR / "locales"
TEMPLATES_DIR = PACKAGE_DIR / "render" / "templates"


def external_dir() -> Path:
    """Folder of the public catalogues (``../shared/external`` beside the checkout).

    Override with the environment variable ``LLM_COST_EXTERNAL_DIR``.
    """
    override = os.environ.get("LLM_COST_EXTERNAL_DIR")
    return Path(override) if override else REPO_ROOT.parent / "shared" / "external"


def display_path(path: Path) -> str:
    """A path as shown to users and written to outputs: relative to the checkout if inside it,
    ``../shared/...`` for the shared folder, so no absolute path leaks into a report."""
    path = Path(path).resolve()
    for base, prefix in ((REPO_ROOT, ""), (REPO_ROOT.parent, "../")):
        try:
            return prefix + path.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()
