"""The build end to end: reproducible bytes, hidden code, declared language, escaping of data
strings, and bad input that fails clearly while the last good report survives."""

import functools
import hashlib
import html.parser
import json
import os
import shutil
import subprocess

import nbformat
import pandas as pd
import pytest
import yaml

import analysis.build.language as build_module
import analysis.build.preflight as preflight
from analysis.build.language import build
from analysis.build.preflight import check_translations
from analysis.compute.router import validate_router_config
from analysis.core.cache import CACHE_ENV
from analysis.core.errors import BuildError, DataError, ParameterError, TranslationError
from analysis.core.paths import DATA_DIR, LOCALES_DIR

HAS_LATEX = shutil.which("xelatex") is not None and shutil.which("pandoc") is not None


def quiet(_message):
    pass


def hashes(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def cache_folder(tmp_path_factory):
    """The content-hashed cache of this module's builds (empty at first)."""
    folder = tmp_path_factory.mktemp("cache")
    saved = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(folder)
    yield folder
    if saved is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = saved


@pytest.fixture(scope="module")
def built(tmp_path_factory, cache_folder):
    reports = tmp_path_factory.mktemp("reports")
    build("en", reports_dir=reports, pdf=False, log=quiet)
    return reports


def test_builds_from_the_cache_and_without_it_are_byte_identical(built, cache_folder, tmp_path, monkeypatch):
    """``built`` filled the cache; a second build loads the analysis, the translation check, the
    charts and the HTML from it; a third, with the cache off, computes everything in the build
    process and the kernel afresh. All three publish the same bytes."""
    assert {p.name for p in cache_folder.iterdir()} == {"report-inputs", "translations", "charts", "exports"}
    assert len(list((cache_folder / "charts").iterdir())) >= 10
    build("en", reports_dir=tmp_path / "warm", pdf=False, log=quiet)
    monkeypatch.setenv(CACHE_ENV, "off")
    build("en", reports_dir=tmp_path / "fresh", pdf=False, log=quiet)
    expected = hashes(built / "en")
    assert "report.html" in expected and "appendix.html" in expected and "report.md" in expected
    assert hashes(tmp_path / "warm" / "en") == expected
    assert hashes(tmp_path / "fresh" / "en") == expected
    assert (tmp_path / "fresh" / "router-config.json").read_bytes() == (built / "router-config.json").read_bytes()


def test_html_declares_language_and_hides_code(built):
    page = (built / "en" / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    assert "report.prepare(" not in page and "import " not in page
    assert "/work/" not in page and "/tmp/" not in page  # no absolute paths


def test_executed_notebook_has_no_volatile_metadata(built):
    text = (built / "en" / "report.ipynb").read_text(encoding="utf-8")
    for volatile in ("start_time", "end_time", "duration", "iopub.", "input_path", "output_path"):
        assert volatile not in text
    # the Python version of the build machine would differ on a fresh clone elsewhere
    assert "version" not in json.loads(text)["metadata"]["language_info"]


def corrupt_prices(column, value):
    def corrupt(data_dir):
        frame = pd.read_csv(data_dir / "prices.csv", dtype=str, keep_default_na=False)
        frame.loc[0, column] = value
        frame.to_csv(data_dir / "prices.csv", index=False)
    return corrupt


def drop_origin(name):
    def corrupt(data_dir):
        origins = yaml.safe_load((data_dir / "origins.yaml").read_text(encoding="utf-8"))
        del origins[name]
        (data_dir / "origins.yaml").write_text(yaml.safe_dump(origins), encoding="utf-8")
    return corrupt


def latin1_byte_in_prices(data_dir):
    """Data row 3 of prices.csv (file line 4) gets an 'é' in Latin-1 (byte 0xE9) in its notes."""
    path = data_dir / "prices.csv"
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3] + b" (caf\xe9)"
    path.write_bytes(b"\n".join(lines))


# (name, change to a copy of data/, parameters, error, fragment of the message). Every case but the
# last fails before a kernel starts; the last fails inside the notebook and keeps it in .failed/.
BAD_INPUTS = [
    ("per-token price", corrupt_prices("usd_per_mtok_input", "5e-06"), {}, DataError, "usd_per_mtok_input"),
    ("negative price", corrupt_prices("usd_per_mtok_output", "-1"), {}, DataError, "negative"),
    ("non-UTF-8 byte", latin1_byte_in_prices, {}, DataError,
     "data/prices.csv, row 3, column 'notes': byte 0xE9 (line 4) is not UTF-8"),
    ("no origin record for a dataset", drop_origin("gpu_hosting"), {}, DataError,
     "column 'gpu_hosting': the report uses the dataset 'gpu_hosting', which has no origin record"),
    ("unknown model", None, {"models": ["gpt-99"]}, ParameterError, "unknown model(s) 'gpt-99'"),
    ("models as a string", None, {"models": "gpt-4o-mini"}, ParameterError,
     "parameter 'models' must be a list of model ids, e.g. -p \"models=['gpt-6-luna']\"; got the text 'gpt-4o-mini'"),
    ("models with a number", None, {"models": ["gpt-4o-mini", 4]}, ParameterError, "model ids as text; got 4"),
    ("tokens above 10^15", None, {"monthly_input_tokens": 1e30}, ParameterError,
     "parameter 'monthly_input_tokens' is 1e+30, above the sane maximum of 10^15"),
    ("huge integer tokens", None, {"monthly_output_tokens": 10**30}, ParameterError, "above the sane maximum of 10^15"),
    ("fractional tokens", None, {"monthly_output_tokens": 1.5}, ParameterError,
     "parameter 'monthly_output_tokens' must be a whole number, not 1.5"),
    ("NaN tokens", None, {"monthly_input_tokens": float("nan")}, ParameterError, "must be a finite whole number, not nan"),
    ("infinite tokens", None, {"monthly_output_tokens": float("inf")}, ParameterError, "finite whole number, not inf"),
    ("text tokens", None, {"monthly_input_tokens": "ten"}, ParameterError,
     "parameter 'monthly_input_tokens' must be a whole number of tokens, not the text 'ten'"),
    ("boolean tokens", None, {"monthly_input_tokens": True}, ParameterError, "not True (bool)"),
    ("negative tokens", None, {"monthly_input_tokens": -5}, ParameterError, "must be at least 0, not -5"),
    ("zero requests", None, {"monthly_requests": 0}, ParameterError, "'monthly_requests' must be at least 1"),
    ("more cached than input", None, {"monthly_input_tokens": 10, "monthly_cached_input_tokens": 20}, ParameterError,
     "cannot exceed 'monthly_input_tokens' (10)"),
    ("unknown parameter", None, {"monthly_tokens": 5}, ParameterError, "unknown parameter(s) monthly_tokens"),
    ("unknown catalog", None, {"catalog": "sheet"}, ParameterError, "unknown catalog 'sheet'"),
    ("unknown claims file", None, {"audit_claims_files": ["nope.yaml"]}, ParameterError, "no claims file 'nope.yaml'"),
    ("malformed weights", None, {"weights": {"coding": "x"}}, ParameterError, "parameter 'weights': use case 'coding'"),
    ("zero blend", None, {"blend_ratio": (0, 0)}, ParameterError, "parameter 'blend_ratio'"),
    ("NaN blend", None, {"blend_ratio": (float("nan"), 1)}, ParameterError, "parameter 'blend_ratio'"),
    ("text seed", None, {"seed": "x"}, ParameterError, "parameter 'seed'"),
    ("unknown category in weights", None, {"weights": {"coding": {"vibes": 1}}}, ParameterError,
     "unknown categories ['vibes']"),
]


@pytest.mark.parametrize("name,corrupt,parameters,error,fragment", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_fails_clearly_and_keeps_last_good_report(built, tmp_path, monkeypatch, name, corrupt, parameters,
                                                            error, fragment):
    before = hashes(built / "en")
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    if corrupt:
        corrupt(data_dir)
    if error is not BuildError:
        monkeypatch.setattr(build_module, "execute_notebook", lambda *a, **k: pytest.fail("a kernel was started"))
    with pytest.raises(error) as caught:
        build("en", {"data_dir": str(data_dir), **parameters}, reports_dir=built, pdf=False, log=quiet)
    message = str(caught.value).replace(str(built), "reports").replace(str(data_dir), "data")
    assert fragment in message, message
    assert "Traceback" not in message
    assert hashes(built / "en") == before
    assert not list(built.glob(".build-*")), "staging folder left behind"
    if error is BuildError:
        assert (built / ".failed" / "en" / "report.ipynb").exists()


def test_cli_refuses_huge_tokens_with_a_plain_message(tmp_path, capsys):
    from analysis.__main__ import main

    assert main(["build", "--lang", "en", "--reports-dir", str(tmp_path), "-p", "monthly_input_tokens=1e30"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: parameter 'monthly_input_tokens' is 1e+30, above the sane maximum") and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


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


def test_a_variant_goes_to_build_and_leaves_the_published_report_alone(tmp_path, monkeypatch):
    """`-p catalog=litellm` (the whole LiteLLM catalogue) without --publish: build/catalog-litellm/,
    with its own router config and parameters; reports/ is not touched."""
    from analysis.__main__ import main

    published = tmp_path / "reports"
    (published / "en").mkdir(parents=True)
    (published / "en" / "report.html").write_text("published")
    (published / "router-config.json").write_text("{}")
    monkeypatch.setattr(build_module, "REPORTS_DIR", published)
    monkeypatch.setattr(preflight, "VARIANTS_DIR", tmp_path / "build")
    assert main(["build", "--lang", "en", "--no-pdf", "-p", "catalog='litellm'"]) == 0
    variant = tmp_path / "build" / "catalog-litellm"
    assert (variant / "en" / "report.html").exists()
    page = (variant / "en" / "appendix.html").read_text(encoding="utf-8")   # the market overview is in the appendix
    assert "Market overview" in page
    assert "LiteLLM&#39;s model price catalogue" in page or "LiteLLM's model price catalogue" in page
    assert json.loads((variant / "parameters.json").read_text()) == {"catalog": "litellm"}
    assert validate_router_config(json.loads((variant / "router-config.json").read_text())) == []
    assert (published / "en" / "report.html").read_text() == "published"
    assert (published / "router-config.json").read_text() == "{}"


def test_a_variant_may_not_replace_the_published_report_without_publish(tmp_path, monkeypatch):
    from analysis.__main__ import main

    monkeypatch.setattr(build_module, "REPORTS_DIR", tmp_path)
    assert main(["build", "--lang", "en", "--reports-dir", str(tmp_path), "-p", "monthly_output_tokens=20_000_000"]) == 2
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("change,fragment", [
    (lambda text: text.replace('msgid "Key points"\nmsgstr "Kernpunkte"\n', ""),
     "de: missing translation of 'Key points' (used at present/narrative/sections.py:"),
    (lambda text: text.replace('msgid "Key points"\nmsgstr "Kernpunkte"', '#, fuzzy\nmsgid "Key points"\nmsgstr "Kernpunkte"'),
     "de: translation of 'Key points' is marked fuzzy in"),
])
def test_a_missing_or_fuzzy_translation_stops_the_build_before_a_kernel(tmp_path, monkeypatch, change, fragment):
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, locales)
    po = locales / "de" / "LC_MESSAGES" / "report.po"
    po.write_text(change(po.read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.setattr(build_module, "check_translations", functools.partial(check_translations, locales_dir=locales))
    monkeypatch.setattr(build_module, "execute_notebook", lambda *a, **k: pytest.fail("a kernel was started"))
    with pytest.raises(TranslationError) as caught:
        build("de", reports_dir=tmp_path / "reports", pdf=False, log=quiet)
    assert fragment in str(caught.value)
    assert not (tmp_path / "reports").exists()


def data_with_an_untranslated_note(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    providers = pd.read_csv(data_dir / "providers.csv", dtype=str, keep_default_na=False)
    providers.loc[providers["provider"] == "openrouter", "notes"] = "a note nobody translated"
    providers.to_csv(data_dir / "providers.csv", index=False)
    return data_dir


def test_an_untranslated_data_text_stops_the_build_before_a_kernel(tmp_path, monkeypatch):
    data_dir = data_with_an_untranslated_note(tmp_path)
    monkeypatch.setattr(build_module, "execute_notebook", lambda *a, **k: pytest.fail("a kernel was started"))
    with pytest.raises(TranslationError) as caught:
        build("es", {"data_dir": str(data_dir)}, reports_dir=tmp_path / "reports", pdf=False, log=quiet)
    message = str(caught.value).replace(str(data_dir), "data")
    assert "es: missing translation of the data text 'a note nobody translated' (used at data/providers.csv row 2, notes)" in message


def test_the_kernel_refuses_to_fall_back_to_english(tmp_path, monkeypatch):
    """With the check before the kernel skipped, the kernel's own strict Localizer stops the
    German build at the untranslated note instead of printing it in English."""
    data_dir = data_with_an_untranslated_note(tmp_path)
    monkeypatch.setattr(build_module, "check_translations", lambda *a, **k: None)
    with pytest.raises(BuildError) as caught:
        build("de", {"data_dir": str(data_dir)}, reports_dir=tmp_path / "reports", pdf=False, log=quiet)
    assert "TranslationError: de: the data text 'a note nobody translated' has no translation" in str(caught.value)
    assert not (tmp_path / "reports" / "de").exists()


def test_cli_prints_one_line_errors_without_traceback(tmp_path, capsys):
    from analysis.__main__ import main

    assert main(["build", "--lang", "xx", "--reports-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: unsupported language 'xx'") and "Traceback" not in err


def test_without_xelatex_html_is_built_and_the_pdf_skip_is_said(tmp_path, monkeypatch):
    import analysis.build.language as build_module

    real_which = shutil.which
    monkeypatch.setattr(build_module.shutil, "which", lambda name: None if name == "xelatex" else real_which(name))
    messages = []
    result = build("en", reports_dir=tmp_path, log=messages.append)
    assert (tmp_path / "en" / "report.html").exists()
    assert not (tmp_path / "en" / "report.pdf").exists()
    assert "xelatex" in result.pdf_skipped and "texlive-xetex" in result.pdf_skipped
    assert any("PDF SKIPPED" in m for m in messages)


class _NoKernel:
    """Stands in for the warm kernel of a build whose notebook run is replaced."""

    def shutdown(self) -> None:
        pass


def test_the_build_passes_its_language_to_every_exporter(tmp_path, monkeypatch):
    """A Spanish build of a notebook whose metadata says English: the exporters are called with
    lang="es" (the build's), and the HTML and the blog post declare "es"."""
    executed = nbformat.v4.new_notebook(metadata={"language": "en"})
    executed.cells = [nbformat.v4.new_code_cell("show()", outputs=[
        nbformat.v4.new_output("display_data", data={"text/markdown": "# Informe\n\nTexto."})])]
    monkeypatch.setenv(CACHE_ENV, "off")
    monkeypatch.setattr(build_module, "execute_notebook", lambda *a, **k: executed)
    called = []

    def spy(name, real):
        def record(*args, **kwargs):
            called.append((name, kwargs.get("lang")))
            return real(*args, **kwargs)
        monkeypatch.setattr(build_module, name, record)

    spy("export_documents", build_module.export_documents)
    spy("blog_post", build_module.blog_post)
    build("es", reports_dir=tmp_path, pdf=False, log=quiet, kernel=_NoKernel())
    assert called == [("export_documents", "es"), ("blog_post", "es")]
    assert '<html lang="es">' in (tmp_path / "es" / "report.html").read_text(encoding="utf-8")
    assert "\nlang: es\n" in (tmp_path / "es" / "report.md").read_text(encoding="utf-8")
