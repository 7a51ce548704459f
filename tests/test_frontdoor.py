"""The front door: `make lab` (as root too, rooted at the project) and a quiet install."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from analysis.__main__ import lab_command

ROOT = Path(__file__).resolve().parent.parent


def test_lab_command_allows_root_only_for_root():
    as_root, as_user = lab_command(uid=0), lab_command(uid=1000)
    assert "--allow-root" in as_root and "--allow-root" not in as_user
    assert f"--ServerApp.root_dir={ROOT}" in as_user  # reports/ and notebooks/ are both reachable


def test_make_lab_runs_the_lab_command():
    result = subprocess.run(["make", "-n", "--no-print-directory", "lab"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "-m analysis lab" in result.stdout


def test_lab_starts_as_this_user_and_serves_the_published_reports(tmp_path):
    """A real JupyterLab (run here as root in CI): it starts, and its contents API, rooted at the
    project, lists reports/<lang>."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, PYTHONPATH=str(ROOT), JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTER_CONFIG_DIR=str(tmp_path / "config"))
    lab = subprocess.Popen([sys.executable, "-m", "analysis", "lab", "--no-browser", f"--port={port}",
                            "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=t0ken"],
                           cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    listing = None
    try:
        deadline = time.monotonic() + 90
        while listing is None and time.monotonic() < deadline and lab.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents/reports?token=t0ken", timeout=2) as r:
                    listing = [entry["name"] for entry in json.load(r)["content"]]
            except OSError:
                time.sleep(0.5)
    finally:
        lab.send_signal(signal.SIGTERM)
        output = lab.communicate(timeout=30)[0]
    assert listing is not None, output
    assert {"en", "es", "de"} <= set(listing)
    assert "Running as root is not recommended" not in output


def test_building_the_package_prints_no_setuptools_warnings(tmp_path):
    """The wheel (what `pip install` builds) carries the catalogues and the template, and
    setuptools does not warn (license as an SPDX string; data folders as package data)."""
    source = tmp_path / "source"  # a copy: setuptools writes build/ and *.egg-info beside pyproject.toml
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "analysis", source / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(tmp_path), str(source)],
                            capture_output=True, text=True, timeout=600)
    if result.returncode != 0 and ("No matching distribution" in result.stdout + result.stderr
                                   or "Could not fetch" in result.stdout + result.stderr):
        pytest.skip("no package index reachable for the isolated build environment")
    assert result.returncode == 0, result.stderr[-2000:]
    log = result.stdout + result.stderr
    for warning in ("BuildBackendWarning", "SetuptoolsDeprecationWarning", "is absent from the `packages`",
                    "`project.license` as a TOML table is deprecated"):
        assert warning not in log
    wheel = next(tmp_path.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    # every file of the package is in the wheel: each layer's modules, the catalogues, both templates
    expected = {p.relative_to(ROOT).as_posix() for p in (ROOT / "analysis").rglob("*")
                if p.is_file() and "__pycache__" not in p.parts}
    assert "analysis/render/templates/html_report/index.html.j2" in expected
    assert expected - set(names) == set()


def test_pyproject_names_only_files_that_exist():
    """A path to a data file named in pyproject.toml (e.g. in a comment) exists in the checkout."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    named = set(re.findall(r"\b((?:data|analysis|notebooks|tests)/[\w./-]+\.\w+)", text))
    assert named and all((ROOT / name).exists() for name in named), sorted(n for n in named if not (ROOT / n).exists())
