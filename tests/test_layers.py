"""The package's layers (../shared/DESIGN.md, README "Architecture"): every import between
``analysis`` sub-packages runs one way, core -> inputs -> compute -> present -> render -> build,
and inside present the charts never import the narrative."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from analysis.core.paths import PACKAGE_DIR

#: the layers in the order of the flow; a module may import its own layer and those before it
LAYERS = ["core", "inputs", "compute", "present", "render", "build"]
#: at most this many modules at the top of the package (__init__, __main__)
TOP_LEVEL_MODULES = {"__init__.py", "__main__.py"}
MAX_LINES = 400


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def dotted(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, package: str | None = None) -> list[tuple[int, str]]:
    """(line, module) of every ``analysis...`` import in ``path`` (a module of ``package``, default
    its own), relative ones resolved."""
    if package is None:
        package = dotted(path) if path.name == "__init__.py" else dotted(path).rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1] + ([base] if base else []))
            # ``from analysis.present import i18n`` names a module; ``from analysis.core.errors import X`` a name
            names = [f"{base}.{alias.name}" for alias in node.names] if base.count(".") <= 1 else [base]
            found += [(node.lineno, name) for name in names]
    return [(line, name) for line, name in found if name == "analysis" or name.startswith("analysis.")]


def layer_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def test_the_layers_are_the_package_top_level():
    top = {p.name for p in PACKAGE_DIR.iterdir() if p.suffix == ".py"}
    assert top == TOP_LEVEL_MODULES
    packages = {p.name for p in PACKAGE_DIR.iterdir() if (p / "__init__.py").is_file()}
    assert packages == set(LAYERS)


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(PACKAGE_DIR).as_posix())
def test_imports_run_one_way(path):
    own = layer_of(dotted(path))
    if own is None:  # __init__ / __main__ of the package: the command line may import any layer
        return
    wrong = [f"line {line}: {name}" for line, name in imported(path)
             if layer_of(name) is not None and LAYERS.index(layer_of(name)) > LAYERS.index(own)]
    assert not wrong, f"{path.name} ({own}) imports a later layer: {wrong}"


@pytest.mark.parametrize("path", sorted((PACKAGE_DIR / "present" / "charts").glob("*.py")), ids=lambda p: p.name)
def test_charts_share_the_vocabulary_not_the_narrative(path):
    wrong = [name for _line, name in imported(path) if name.startswith("analysis.present.narrative")]
    assert not wrong, f"charts/{path.name} imports narrative modules {wrong}: use analysis.present.vocabulary"


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(PACKAGE_DIR).as_posix())
def test_no_module_is_over_400_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_the_layer_test_sees_a_wrong_import(tmp_path):
    """The check itself: a compute module that imports present is caught."""
    assert layer_of("analysis.present.i18n") == "present"
    probe = tmp_path / "probe.py"
    probe.write_text("from analysis.present import i18n\nfrom analysis.core.errors import DataError\n"
                     "from .. import inputs\n")
    names = [name for _line, name in imported(probe, "analysis.compute")]
    assert names == ["analysis.present.i18n", "analysis.core.errors", "analysis.inputs"]
    assert [LAYERS.index(layer_of(n)) > LAYERS.index("compute") for n in names] == [True, False, False]
