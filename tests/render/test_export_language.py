"""Every exporter takes the language as an argument, checks it and ignores the notebook's metadata
(analysis.render.export_language; the PDF's own tests are in test_pdf.py)."""

from __future__ import annotations

import nbformat
import pytest
import yaml

from analysis.core.errors import ParameterError
from analysis.render import exporting
from analysis.render.documents import blog_post
from analysis.render.export_language import export_language
from analysis.render.html import export_html


def document(metadata_language: str = "en") -> nbformat.NotebookNode:
    """One Markdown output, in a notebook whose metadata names ``metadata_language``."""
    nb = nbformat.v4.new_notebook(metadata={"language": metadata_language, "title": "T"})
    nb.cells = [nbformat.v4.new_code_cell("show()", outputs=[
        nbformat.v4.new_output("display_data", data={"text/markdown": "# T\n\nText."})])]
    return nb


def test_a_supported_language_is_returned_and_others_are_refused_naming_the_exporter():
    assert [export_language(lang, "HTML") for lang in ("en", "es", "de")] == ["en", "es", "de"]
    for missing in (None, ""):
        with pytest.raises(ParameterError, match=r"^the HTML export needs a language \(lang=\); supported: en, es, de$"):
            export_language(missing, "HTML")
    for unknown in ("fr", "EN", "en_US", 7):
        with pytest.raises(ParameterError, match=r"^the blog post export: unsupported language .*; supported: en, es, de$"):
            export_language(unknown, "blog post")


def test_html_declares_the_language_passed_not_the_metadata():
    page = export_html(document("en"), lang="es")
    assert '<html lang="es">' in page and 'lang="en"' not in page
    with pytest.raises(TypeError, match="'lang'"):
        export_html(document("en"))  # no default
    with pytest.raises(ParameterError, match="HTML export: unsupported language 'fr'"):
        export_html(document("fr"), lang="fr")


def test_blog_post_front_matter_has_the_language_passed():
    text, _files = blog_post(document("en"), lang="de", title="T", date="2026-11-23")
    assert yaml.safe_load(text.split("---\n")[1])["lang"] == "de"
    with pytest.raises(ParameterError, match="blog post export needs a language"):
        blog_post(document("en"), lang=None, title="T", date="2026-11-23")


def test_documents_are_refused_an_unknown_language_before_any_export(monkeypatch):
    monkeypatch.setattr("analysis.render.html.export_html", lambda *_a, **_k: pytest.fail("exported"))
    with pytest.raises(ParameterError, match="document export: unsupported language 'xx'"):
        exporting.export_documents({"report": document()}, lang="xx", formats=("html",), epoch=0)
    with pytest.raises(ParameterError, match="document export needs a language"):
        exporting.export_document(document(), lang=None, formats=("html",), epoch=0)
