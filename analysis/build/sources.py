"""Keep the texts that restate the parameters in step with :class:`ReportParameters`:
``python -m analysis parameters`` rewrites the notebooks' cells tagged ``parameters`` and the
README's table of parameters from :mod:`analysis.inputs.parameters` (tests check they agree)."""

from __future__ import annotations

import json
from pathlib import Path

from analysis.core.errors import BuildError
from analysis.core.paths import REPO_ROOT, REPORT_NOTEBOOK, display_path
from analysis.inputs.parameters import parameters_cell, readme_table

README = REPO_ROOT / "README.md"
EXPLORE_NOTEBOOK = REPO_ROOT / "notebooks" / "explore.ipynb"
TABLE_HEADER = "| parameter | default |"


def sync_notebook(notebook: Path = REPORT_NOTEBOOK) -> bool:
    """Rewrite the notebook's parameters cell; True if it changed."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise BuildError(f"{display_path(notebook)}: expected one cell tagged 'parameters', found {len(cells)}")
    wanted = parameters_cell().splitlines(keepends=True)
    if cells[0]["source"] == wanted:
        return False
    cells[0]["source"] = wanted
    notebook.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return True


def sync_readme(readme: Path = README) -> bool:
    """Rewrite the README's table of parameters (from its header row to the next blank line)."""
    text = readme.read_text(encoding="utf-8")
    start = text.find(TABLE_HEADER)
    if start < 0:
        raise BuildError(f"{display_path(readme)}: no table starting with {TABLE_HEADER!r}")
    end = text.find("\n\n", start)
    new = text[:start] + readme_table() + text[end if end >= 0 else len(text):]
    if new == text:
        return False
    readme.write_text(new, encoding="utf-8")
    return True
