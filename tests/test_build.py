"""The build end to end: reproducible bytes, hidden code, declared language, escaping of data
strings, and bad input that fails clearly while the last good report survives."""

import hashlib
import html.parser
import shutil
import subprocess

import pandas as pd
import pytest

from analysis.build import build
from analysis.errors import BuildError, DataError, ParameterError
from analysis.paths import DATA_DIR

HAS_LATEX = shutil.which("xelatex") is not None and shutil.which("pandoc") is not None


def quiet(_message):
    pass


def hashes(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    reports = tmp_path_factory.mktemp("reports")
    build("en", reports_dir=reports, pdf=False, log=quiet)
    return reports


def test_two_builds_are_byte_identical(built, tmp_path):
    build("en", reports_dir=tmp_path, pdf=False, log=quiet)
    for name in ("report.ipynb", "report.html"):
        assert (tmp_path / "en" / name).read_bytes() == (built / "en" / name).read_bytes(), name


def test_html_declares_language_and_hides_code(built):
    page = (built / "en" / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    assert "report.prepare(" not in page and "import " not in page
    assert "/work/" not in page and "/tmp/" not in page  # no absolute paths


def test_executed_notebook_has_no_volatile_metadata(built):
    text = (built / "en" / "report.ipynb").read_text(encoding="utf-8")
    for volatile in ("start_time", "end_time", "duration", "iopub.", "input_path", "output_path"):
        assert volatile not in text


def corrupt_prices(data_dir, column, value):
    frame = pd.read_csv(data_dir / "prices.csv", dtype=str, keep_default_na=False)
    frame.loc[0, column] = value
    frame.to_csv(data_dir / "prices.csv", index=False)


BAD_INPUTS = [
    ("per-token price", {"usd_per_mtok_input": "5e-06"}, {}, DataError, "usd_per_mtok_input"),
    ("negative price", {"usd_per_mtok_output": "-1"}, {}, DataError, "negative"),
    ("unknown model", {}, {"models": ["gpt-99"]}, ParameterError, "unknown model(s) 'gpt-99'"),
    ("unknown parameter", {}, {"monthly_tokens": 5}, ParameterError, "unknown parameter(s) monthly_tokens"),
    ("unknown catalog", {}, {"catalog": "sheet"}, ParameterError, "unknown catalog 'sheet'"),
    ("unknown claims file", {}, {"audit_claims_files": ["nope.yaml"]}, ParameterError, "no claims file 'nope.yaml'"),
    ("malformed weights", {}, {"weights": {"coding": "x"}}, ParameterError, "parameter 'weights': use case 'coding'"),
    ("zero blend", {}, {"blend_ratio": (0, 0)}, ParameterError, "parameter 'blend_ratio'"),
    ("text seed", {}, {"seed": "x"}, ParameterError, "parameter 'seed'"),
    ("unknown category in weights", {}, {"weights": {"coding": {"vibes": 1}}}, BuildError, "unknown categories ['vibes']"),
    ("bad workload in the notebook", {}, {"monthly_input_tokens": -5}, BuildError, "reports/.failed/en/report.ipynb"),
]


@pytest.mark.parametrize("name,cells,parameters,error,fragment", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_fails_clearly_and_keeps_last_good_report(built, tmp_path, name, cells, parameters, error, fragment):
    before = hashes(built / "en")
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    for column, value in cells.items():
        corrupt_prices(data_dir, column, value)
    with pytest.raises(error) as caught:
        build("en", {"data_dir": str(data_dir), **parameters}, reports_dir=built, pdf=False, log=quiet)
    message = str(caught.value).replace(str(built), "reports")
    assert fragment in message, message
    assert hashes(built / "en") == before
    assert not list(built.glob(".build-*")), "staging folder left behind"
    if error is BuildError:
        assert (built / ".failed" / "en" / "report.ipynb").exists()


def test_unknown_language_fails_before_anything_runs(tmp_path):
    with pytest.raises(ParameterError, match="supported: en, es, de"):
        build("fr", reports_dir=tmp_path, log=quiet)
    assert not any(tmp_path.iterdir())


class _TextAndScripts(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.in_script = False
        self.scripts, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.in_script = tag == "script"

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        (self.scripts if self.in_script else self.text).append(data)


HOSTILE_MODEL = "<script>alert(1)</script>"
HOSTILE_PROVIDER = "50% & $x_1$"


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    data_dir = root / "data"
    shutil.copytree(DATA_DIR, data_dir)
    models = pd.read_csv(data_dir / "models.csv", dtype=str, keep_default_na=False)
    models.loc[models["model_id"] == "qwen2.5-coder-32b-instruct", "display_name"] = HOSTILE_MODEL
    models.to_csv(data_dir / "models.csv", index=False)
    providers = pd.read_csv(data_dir / "providers.csv", dtype=str, keep_default_na=False)
    providers.loc[providers["provider"] == "nscale", "display_name"] = HOSTILE_PROVIDER
    providers.to_csv(data_dir / "providers.csv", index=False)
    build("de", {"data_dir": str(data_dir)}, reports_dir=root / "reports", pdf=HAS_LATEX, log=quiet)
    return root / "reports" / "de"


def test_data_strings_render_as_text_in_html(hostile_build):
    parser = _TextAndScripts()
    parser.feed((hostile_build / "report.html").read_text(encoding="utf-8"))
    assert not any("alert(1)" in script for script in parser.scripts)
    text = "".join(parser.text)
    assert HOSTILE_MODEL in text
    assert HOSTILE_PROVIDER in text


@pytest.mark.skipif(not HAS_LATEX, reason="xelatex/pandoc not installed (CI installs them)")
def test_pdf_has_translated_title_and_escaped_text(hostile_build):
    pdf = hostile_build / "report.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert "Welches LLM" in info  # the German title, not the file name
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "50% & $x_1$" in text
        assert "<script>alert(1)</script>" in text


def test_catalogue_report_over_the_whole_litellm_catalogue(tmp_path):
    from analysis.__main__ import main

    assert main(["build", "--lang", "en", "--no-pdf", "--reports-dir", str(tmp_path), "-p", "catalog='litellm'"]) == 0
    page = (tmp_path / "en" / "report.html").read_text(encoding="utf-8")
    assert "Market overview" in page
    assert "LiteLLM&#39;s model price catalogue" in page or "LiteLLM's model price catalogue" in page


def test_cli_prints_one_line_errors_without_traceback(tmp_path, capsys):
    from analysis.__main__ import main

    assert main(["build", "--lang", "xx", "--reports-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: unsupported language 'xx'") and "Traceback" not in err


def test_without_xelatex_html_is_built_and_the_pdf_skip_is_said(tmp_path, monkeypatch):
    import analysis.build as build_module

    real_which = shutil.which
    monkeypatch.setattr(build_module.shutil, "which", lambda name: None if name == "xelatex" else real_which(name))
    messages = []
    result = build("en", reports_dir=tmp_path, log=messages.append)
    assert (tmp_path / "en" / "report.html").exists()
    assert not (tmp_path / "en" / "report.pdf").exists()
    assert "xelatex" in result.pdf_skipped and "texlive-xetex" in result.pdf_skipped
    assert any("PDF SKIPPED" in m for m in messages)
