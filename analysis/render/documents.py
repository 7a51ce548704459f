"""One executed notebook, two published documents and a blog post (presentation, no compute).

The report notebook runs once per language. Its cells are then split by tag: a cell tagged
``appendix`` goes to the appendix only, a cell tagged ``both`` (and the parameters cells, which
carry no output) to both documents, every other cell to the main report. Each document keeps the
code cells it needs to run on its own, so nbval can re-run either one.

:func:`blog_post` turns the main report's outputs into Markdown with the seeds' front matter and
its charts as PNG files beside it.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import re

import nbformat
import yaml

from analysis.render.export_language import export_language
from analysis.render.html import slug

DOCUMENTS = ("report", "appendix")
APPENDIX_TAG = "appendix"
BOTH_TAGS = {"both", "parameters", "injected-parameters"}


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def split(nb: nbformat.NotebookNode, titles: dict[str, str]) -> dict[str, nbformat.NotebookNode]:
    """``{"report": ..., "appendix": ...}``: copies of ``nb`` holding the cells of each document,
    their metadata ``title`` set from ``titles``."""
    out = {}
    for name in DOCUMENTS:
        doc = copy.deepcopy(nb)
        keep = []
        for cell in doc.cells:
            tags = _tags(cell)
            if tags & BOTH_TAGS or (APPENDIX_TAG in tags) == (name == "appendix"):
                keep.append(cell)
        doc.cells = keep
        doc.metadata["title"] = titles[name]
        out[name] = doc
    return out


def _outputs(nb: nbformat.NotebookNode):
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        yield from cell.get("outputs", [])


def blog_post(nb: nbformat.NotebookNode, *, lang: str, title: str, date: str,
              image_prefix: str = "report") -> tuple[str, dict[str, bytes]]:
    """The main report as a Markdown post: ``(text, {file name: PNG bytes})``.

    Front matter as the seeds have it (``audio, date, generated, image, lang, layout, title,
    translated, type``); ``translated: false`` since every language is generated, not translated.
    The ``#`` title line is dropped (the front matter carries the title); charts become
    ``<image_prefix>-NN-<alt slug>.png`` beside the post, with their alt text. ``lang``: the post's
    language (:class:`ParameterError` for an unknown one)."""
    lang = export_language(lang, "blog post")
    parts, files = [], {}
    for output in _outputs(nb):
        data = output.get("data", {})
        if "text/markdown" in data:
            text = data["text/markdown"]
            text = re.sub(r"\A# [^\n]*\n+", "", text) if not parts else text
            parts.append(text.strip())
        elif "image/png" in data:
            alt = output.get("metadata", {}).get("image/png", {}).get("alt", "")
            name = f"{image_prefix}-{len(files) + 1:02d}-{slug(alt)[:40].rstrip('-') or 'chart'}.png"
            files[name] = base64.b64decode(data["image/png"])
            alt_text = alt.replace("[", "(").replace("]", ")")
            parts.append(f"![{alt_text}]({name})")
    front = {"audio": False, "date": dt.date.fromisoformat(date), "generated": True, "image": bool(files), "lang": lang,
             "layout": "post", "title": title, "translated": False, "type": "note"}
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=True, default_flow_style=False).strip()
    return f"---\n{header}\n---\n\n" + "\n\n".join(p for p in parts if p) + "\n", files
