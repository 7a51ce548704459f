"""Draw a language's charts ahead of its kernel, on a free core, into the chart cache.

A cold build's kernel spends most of its time drawing charts, one after another, while the
machine's second core waits. When the build has a core to spare, it starts this module as a
process of its own (``python -m analysis.build.prefetch``) beside the kernel: it sets the notebook's
parameters, runs the notebook's set-up cell (metadata ``"role": "setup"``), then the statements of the other code cells that
draw a chart (``chart(...)``) or assign a name, **from the last cell to the first**. Each chart
goes through the content-hashed chart cache (:mod:`analysis.present.charts.cache`; concurrent misses of
one key are computed once), so the kernel, going from the first cell to the last, finds the
charts the prefetcher drew and draws the others itself; the two meet in the middle.

The kernel remains the only source of the report: it runs every cell and reports every error. A
chart function is pure, so a chart drawn here is byte for byte the one the kernel would draw
(tests/test_build.py compares builds with and without the cache). The prefetcher stops at its
first error (the kernel will meet it in its cell) and is stopped when the kernel is done.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from analysis.core.envvars import CHART_CACHE_ENV

#: what the prefetcher's ``chart`` and ``markdown`` do: nothing (the chart is in the cache)
_QUIET = "def chart(figure, alt=''):\n    pass\n\n\ndef markdown(*sections):\n    pass\n"


def _draws_or_assigns(node: ast.stmt) -> bool:
    calls = {n.func.id for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    return "chart" in calls or isinstance(node, (ast.Assign, ast.AnnAssign))


def _tagged(cell: dict, tag: str) -> bool:
    return tag in cell.get("metadata", {}).get("tags", [])


def _is_setup(cell: dict) -> bool:
    """The set-up cell says so in its metadata (``"role": "setup"``; not a tag, which the
    published HTML would show as a class)."""
    return cell.get("metadata", {}).get("role") == "setup"


def chart_blocks(notebook: dict) -> tuple[str, str, list[str]]:
    """``(parameters cell, set-up cell, chart blocks)`` of a notebook (JSON): the cell tagged
    ``parameters`` and the one whose metadata has ``"role": "setup"`` (wherever they are); each block holds one other code cell's
    statements that draw a chart or assign a name, the blocks from the last cell to the first."""
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    source = {id(c): "".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells}
    try:
        parameters = next(c for c in cells if _tagged(c, "parameters"))
        setup = next(c for c in cells if _is_setup(c))
    except StopIteration:
        raise ValueError("the notebook needs a code cell tagged 'parameters' and one with the metadata "
                         "\"role\": \"setup\"") from None
    blocks = []
    for cell in reversed(cells):
        if cell is parameters or cell is setup:
            continue
        text = source[id(cell)]
        kept = [node for node in ast.parse(text).body if _draws_or_assigns(node)]
        if any("chart" in ast.unparse(node) for node in kept):
            blocks.append("\n".join(ast.get_source_segment(text, node) for node in kept))
    return source[id(parameters)], source[id(setup)], blocks


def run(notebook: Path, parameters: dict[str, Any]) -> None:
    """Prefetch ``notebook``'s charts for ``parameters`` (the build's, ``lang`` included)."""
    from papermill.translators import papermill_translators

    parameters_cell, setup, blocks = chart_blocks(json.loads(notebook.read_text(encoding="utf-8")))
    namespace: dict[str, Any] = {}
    exec(parameters_cell, namespace)  # noqa: S102 - the project's own notebook
    exec(papermill_translators.find_translator("python", "python").codify(parameters), namespace)  # noqa: S102
    exec(setup, namespace)  # noqa: S102
    exec(_QUIET, namespace)  # noqa: S102
    for block in blocks:
        exec(block, namespace)  # noqa: S102 - the first error ends the prefetch (see the module docstring)


def start(notebook: Path, parameters: dict[str, Any], cwd: Path, env: dict[str, str]) -> subprocess.Popen:
    """Start the prefetcher for ``notebook`` in a process of its own (stderr: a pipe, read by
    :func:`stop`)."""
    environment = {**env, CHART_CACHE_ENV: "1"}
    return subprocess.Popen([sys.executable, "-m", "analysis.build.prefetch", str(notebook),
                             json.dumps(parameters, default=str)],
                            cwd=cwd, env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


def stop(process: subprocess.Popen) -> str | None:
    """Stop the prefetcher (its work is done or no longer useful; stopping twice is harmless);
    the last line of its error if it ended with one before being stopped, else None."""
    if process.stderr is None or process.stderr.closed:
        return None
    if process.poll() is None:
        process.terminate()
        process.communicate()
        return None
    error = process.communicate()[1].strip()
    return error.splitlines()[-1] if process.returncode and error else None


if __name__ == "__main__":
    run(Path(sys.argv[1]), json.loads(sys.argv[2]))
