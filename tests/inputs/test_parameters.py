"""ReportParameters is the one definition of the report's parameters: the notebook's parameters
cell, the README's table, preflight and variants all agree with it."""

from __future__ import annotations

import ast
import json

import papermill
import pytest

from analysis.build.preflight import check_parameters
from analysis.compute.market import CATALOGS
from analysis.core.errors import ParameterError
from analysis.core.paths import REPO_ROOT, REPORT_NOTEBOOK
from analysis.inputs.catalog import load_curated
from analysis.inputs.parameters import CATALOG_CHOICES, LANGUAGES, ReportParameters, parameters_cell, readme_table
from analysis.present.i18n import SUPPORTED_LANGUAGES


def _cells(tag: str) -> list[str]:
    """Sources of the notebook's cells tagged ``tag`` (``setup``: the cell whose role is set-up)."""
    cells = json.loads(REPORT_NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if tag in c.get("metadata", {}).get("tags", [])
            or c.get("metadata", {}).get("role") == tag]


def test_the_notebook_parameters_cell_is_generated_from_the_dataclass():
    assert _cells("parameters") == [parameters_cell()], "run: python -m analysis parameters"
    declared = papermill.inspect_notebook(str(REPORT_NOTEBOOK))
    assert tuple(declared) == ReportParameters.names()
    assert {name: ast.literal_eval(spec["default"]) for name, spec in declared.items()} == ReportParameters.defaults()


def test_the_setup_cell_hands_every_parameter_to_the_dataclass():
    (setup,) = _cells("setup")
    calls = [node for node in ast.walk(ast.parse(setup))
             if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "ReportParameters"]
    assert len(calls) == 1
    passed = {kw.arg: kw.value.id for kw in calls[0].keywords}
    assert passed == {name: name for name in ReportParameters.names()}


def test_the_readme_table_is_generated_from_the_dataclass():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    table = readme_table()
    assert table in readme, "run: python -m analysis parameters"
    assert table.count("\n") == len(ReportParameters.names()) + 1  # header, rule, one row per parameter
    assert "| `monthly_input_tokens` | `10_000_000` | whole number: 0 to 10^15 |" in table


def test_choices_agree_with_the_code_that_uses_them():
    assert CATALOG_CHOICES == ("curated", *CATALOGS)
    assert LANGUAGES is SUPPORTED_LANGUAGES


def test_defaults_overrides_and_unknown_names():
    defaults = ReportParameters()
    # the notebook's workload: 10M input and 5M output tokens a month
    assert (defaults.monthly_input_tokens, defaults.monthly_output_tokens) == (10_000_000, 5_000_000)
    changed = ReportParameters.from_overrides({"seed": 7, "lang": "de"})
    assert (changed.seed, changed.lang, changed.catalog) == (7, "de", "curated")
    assert "lang" not in changed.analysis_values() and changed.analysis_values()["seed"] == 7
    with pytest.raises(TypeError, match="monthly_tokens"):
        ReportParameters.from_overrides({"monthly_tokens": 1})
    first, second = ReportParameters(), ReportParameters()
    assert first.audit_claims_files == second.audit_claims_files and first.audit_claims_files is not second.audit_claims_files


def test_preflight_names_the_declared_parameters():
    curated = load_curated()
    with pytest.raises(ParameterError, match=r"unknown parameter\(s\) monthly_tokens; .*monthly_input_tokens"):
        check_parameters({"monthly_tokens": 1}, curated)
    with pytest.raises(ParameterError, match="--lang"):
        check_parameters({"lang": "de"}, curated)
