"""python -m analysis parameters rewrites the notebook's parameters cell and the README table."""

from __future__ import annotations

import json
import shutil

import pytest

from analysis.build.sources import sync_notebook, sync_readme
from analysis.core.errors import BuildError
from analysis.core.paths import REPORT_NOTEBOOK
from analysis.inputs.parameters import parameters_cell, readme_table


def test_a_stale_parameters_cell_and_table_are_rewritten(tmp_path):
    notebook = tmp_path / "report.ipynb"
    shutil.copy(REPORT_NOTEBOOK, notebook)
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
    cell["source"] = ["seed = 1\n"]
    notebook.write_text(json.dumps(nb), encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text("intro\n\n| parameter | default | meaning |\n|---|---|---|\n| `seed` | `1` | old |\n\nafter\n",
                      encoding="utf-8")
    assert sync_notebook(notebook) and sync_readme(readme)
    assert not sync_notebook(notebook) and not sync_readme(readme)  # a second run changes nothing
    cell = next(c for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"]
                if "parameters" in c["metadata"].get("tags", []))
    assert "".join(cell["source"]) == parameters_cell()
    assert readme.read_text(encoding="utf-8") == "intro\n\n" + readme_table() + "\n\nafter\n"


def test_a_readme_without_the_table_is_an_error(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("no table\n", encoding="utf-8")
    with pytest.raises(BuildError, match="no table starting with"):
        sync_readme(readme)
