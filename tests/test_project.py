"""The project's front door: dependency lists agree, the Makefile refuses unknown languages."""

import re
import subprocess
from pathlib import Path

import pytest
import tomllib
import yaml

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ ;\[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_pyproject_and_environment_list_the_same_packages():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    conda = {_name(d) for d in environment if isinstance(d, str)}
    # PyPI-only packages sit in the pip: sub-list (not `-e .`, the project itself)
    conda |= {_name(d) for entry in environment if isinstance(entry, dict)
              for d in entry.get("pip", []) if not d.startswith("-")}
    conda -= {"python", "pip", "pandoc", "texlive-core"}  # interpreter and system tools, not PyPI deps
    assert {_name(d) for d in project} == conda


def test_issue_required_dependencies_are_declared():
    project = {_name(d) for d in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]}
    assert {"jupyterlab", "pandas", "matplotlib", "seaborn", "papermill", "nbconvert", "scipy", "pytest",
            "nbval", "babel", "pandera", "pyyaml"} <= project


@pytest.mark.parametrize("lang", ["xx", "de;touch_pwned", "$(shell touch pwned)", "en es", "%"])
def test_make_report_rejects_unknown_language_before_anything_runs(lang, tmp_path):
    result = subprocess.run(["make", "-n", "--no-print-directory", "report", f"LANG={lang}"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "supported languages: en es de" in result.stderr
    assert not (ROOT / "pwned").exists()
    assert "venv" not in result.stdout  # nothing was about to run


def test_make_report_accepts_a_supported_language():
    result = subprocess.run(["make", "-n", "--no-print-directory", "report", "LANG=de"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "analysis build --lang de" in result.stdout
