"""The report as one self-contained HTML file (presentation, no compute).

nbconvert's ``lab`` template loads require.js and MathJax from a CDN and treats ``$…$`` as maths,
which garbles every line with two prices. Our template (``templates/html_report``) drops every
external script, and Markdown outputs are rendered here with mistune (which nbconvert ships)
*without* a maths plugin, so ``$`` is always a dollar sign. Headings get stable ids (slugs) so the
contents list and links between sections work.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

import mistune
import nbformat

from analysis.core.paths import TEMPLATES_DIR
from analysis.render.export_language import export_language

HTML_TEMPLATE = "html_report"


def slug(text: str) -> str:
    """A heading's id: lower-case ASCII words joined by '-' ('Key points' -> 'key-points')."""
    plain = unicodedata.normalize("NFKD", html.unescape(re.sub(r"<[^>]+>", "", text)))
    plain = plain.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "section"


class _Renderer(mistune.HTMLRenderer):
    """HTML renderer whose headings carry a slug id."""

    def heading(self, text: str, level: int, **attrs) -> str:
        return f'<h{level} id="{slug(text)}">{text}</h{level}>\n'


@lru_cache(maxsize=1)
def _markdown() -> mistune.Markdown:
    return mistune.create_markdown(renderer=_Renderer(escape=False), plugins=["table", "strikethrough", "url"])


def markdown_to_html(text: str) -> str:
    """Markdown (CommonMark + pipe tables) to HTML, with no maths: ``\\$`` and ``$`` both give '$'."""
    return _markdown()(text)


def export_html(nb: nbformat.NotebookNode, *, lang: str) -> str:
    """The notebook's outputs as one HTML page declaring ``lang`` (:class:`ParameterError` for an
    unknown one); code cells hidden; nothing loaded from outside the file."""
    from nbconvert import HTMLExporter

    lang = export_language(lang, "HTML")

    exporter = HTMLExporter(template_name=HTML_TEMPLATE, extra_template_basedirs=[str(TEMPLATES_DIR)],
                            language_code=lang, exclude_input=True, exclude_markdown=True,
                            exclude_input_prompt=True, exclude_output_prompt=True)
    exporter.register_filter("markdown_to_html", markdown_to_html)
    body, _resources = exporter.from_notebook_node(nb)
    return body
