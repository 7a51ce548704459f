"""The report's PDF: nbconvert's LaTeX route with our template (``analysis/templates/``).

Every Markdown output goes through pandoc's JSON tree, where :class:`MarkdownToLatex`
- drops the document's first ``#`` heading, the title (the template prints the notebook's
  ``title`` metadata once), and lifts the other headings one level, so ``##`` is a numbered
  ``\\section`` (1, 2, 3) and ``###`` an unnumbered ``\\subsection``; heading ids are made unique;
- gives each pipe table a font (``\\small``, or ``\\footnotesize`` when that saves lines) and column
  widths from its content (:mod:`analysis.render.table_layout`): cells wrap inside their columns, model
  names stay on one line where the page allows, long tokens may break after ``/`` and ``_``, ISO
  dates never break;
- turns code blocks into Verbatim that wraps long lines.
``$`` is never a maths delimiter and raw LaTeX in the Markdown is not passed through, so data
strings print as written. Page and language settings per report language are in :data:`LANGUAGES`.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbconvert import PDFExporter
from nbconvert.utils.pandoc import pandoc

from analysis.core.errors import ParameterError
from analysis.core.paths import TEMPLATES_DIR
from analysis.render.export_language import export_language
from analysis.render.table_layout import BROKEN_WORD_WEIGHT, column_widths, estimate

TEMPLATE_FILE = "llm_cost_report.tex.j2"
# pandoc Markdown without TeX maths or raw TeX: "$" and "\" in data strings stay text.
MARKDOWN_FORMAT = "markdown-tex_math_dollars-raw_tex-raw_attribute"

# Page geometry shared by the template and the table layout (both paper sizes use the same text
# width, so tables and charts are laid out once): 16 cm = 6.3 in.
TEXT_WIDTH_CM = 16.0
BODY_FONT_PT = 11
# Tables are set in \small (10 pt at 11 pt body), or \footnotesize (9 pt) when that saves
# 15 % of their lines and broken words.
TABLE_FONTS = (("small", 10.0), ("footnotesize", 9.0))
SMALLER_FONT_GAIN = 0.85
TABLE_COLSEP_PT = 4.0  # half the gap between two table columns
PT_PER_CM = 72.27 / 2.54


@dataclass(frozen=True)
class PageSettings:
    """polyglossia language (with options) and paper size of one report language."""

    language: str
    language_options: str
    paper: str
    pdf_lang: str


LANGUAGES: dict[str, PageSettings] = {
    "en": PageSettings("english", "variant=american", "letterpaper", "en-US"),
    "es": PageSettings("spanish", "", "a4paper", "es-ES"),
    "de": PageSettings("german", "spelling=new", "a4paper", "de-DE"),
}


def page_settings(lang: str) -> dict[str, Any]:
    """The template's settings for ``lang`` (its ``resources['typeset']``)."""
    if lang not in LANGUAGES:
        raise ParameterError(f"no PDF page settings for language {lang!r}; known: {', '.join(LANGUAGES)}")
    settings = LANGUAGES[lang]
    return {"language": settings.language, "language_options": settings.language_options,
            "paper": settings.paper, "pdf_lang": settings.pdf_lang, "text_width_cm": TEXT_WIDTH_CM,
            "body_font_pt": BODY_FONT_PT, "table_colsep_pt": TABLE_COLSEP_PT}


# --- the pandoc tree ---

_CONTAINERS = {"Emph", "Strong", "Underline", "Strikeout", "SmallCaps", "Superscript", "Subscript"}


def stringify(node: Any) -> str:
    """Plain text of a pandoc inline or block (list), as it prints."""
    if isinstance(node, list):
        return "".join(stringify(n) for n in node)
    kind, content = node.get("t"), node.get("c")
    if kind == "Str":
        return content
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if kind in ("Code", "Math"):
        return content[1]
    if kind in _CONTAINERS or kind in ("Plain", "Para"):
        return stringify(content)
    if kind in ("Link", "Span", "Cite", "Quoted"):
        inner = stringify(content[1])
        return f"“{inner}”" if kind == "Quoted" else inner
    return ""


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BREAK_AFTER = re.compile(r"(?<=[/_])(?=.)")
_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "#": r"\#", "$": r"\$", "%": r"\%",
                  "&": r"\&", "_": r"\_", "^": r"\^{}", "~": r"\textasciitilde{}"}


def _escape_latex(text: str) -> str:
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in text)


def _raw(latex: str) -> dict:
    return {"t": "RawInline", "c": ["latex", latex]}


def with_break_points(inlines: list[dict]) -> list[dict]:
    """Inlines where text and code may break after ``/`` and ``_`` (routes, ids, paths), and
    ISO dates may not break at all."""
    out: list[dict] = []
    for node in inlines:
        kind = node.get("t")
        if kind == "Str" and _ISO_DATE.fullmatch(node["c"]):
            out.append(_raw(r"\mbox{" + node["c"] + "}"))  # no break inside a date
        elif kind == "Str" and _BREAK_AFTER.search(node["c"]):
            for i, piece in enumerate(_BREAK_AFTER.split(node["c"])):
                out += ([_raw(r"\allowbreak{}")] if i else []) + [{"t": "Str", "c": piece}]
        elif kind == "Code" and _BREAK_AFTER.search(node["c"][1]):
            pieces = [_escape_latex(p) for p in _BREAK_AFTER.split(node["c"][1])]
            out.append(_raw(r"\texttt{" + r"\allowbreak{}".join(pieces) + "}"))
        elif kind in _CONTAINERS:
            out.append({"t": kind, "c": with_break_points(node["c"])})
        elif kind == "Link" and stringify(node["c"][1]).startswith(("http://", "https://")):
            out.append(node)  # printed as \url, which breaks anywhere (xurl)
        elif kind in ("Link", "Span"):
            attr, inner, *rest = node["c"]
            out.append({"t": kind, "c": [attr, with_break_points(inner), *rest]})
        else:
            out.append(node)
    return out


def _cells(rows: list) -> list[list]:
    return [row[1] for row in rows]


def _table_text(block: dict) -> tuple[list[str], list[list[str]]] | None:
    """Plain text of a table's heading row and body rows; None if cells span or it has no
    heading."""
    _attr, _caption, _colspecs, head, bodies, foot = block["c"]
    head_rows = _cells(head[1])
    body_rows = [r for body in bodies for r in _cells(body[2]) + _cells(body[3])]
    if not head_rows or any(cell[3] != 1 for row in head_rows + body_rows + _cells(foot[1]) for cell in row):
        return None
    header = [" ".join(stringify(c[4]) for c in cells) for cells in zip(*head_rows)]
    return header, [[stringify(cell[4]) for cell in row] for row in body_rows]


class MarkdownToLatex:
    """The template's ``report_markdown`` filter: one Markdown output -> LaTeX. One instance per
    document: it drops the document's first ``#`` heading (the title) and remembers heading ids."""

    def __init__(self, text_width_pt: float = TEXT_WIDTH_CM * PT_PER_CM) -> None:
        self.text_width_pt = text_width_pt
        self.seen_ids: set[str] = set()
        self.fonts: dict[tuple[str, ...], tuple[str, float]] = {}
        self.fitted: dict[tuple, tuple[list[float] | None, float]] = {}  # fit() by table text and size
        self.title_seen = False

    def __call__(self, markdown: str) -> str:
        tree = json.loads(pandoc(markdown, MARKDOWN_FORMAT, "json"))
        self.fonts = self.choose_fonts(tree["blocks"])
        tree["blocks"] = self.blocks(tree["blocks"])
        return pandoc(json.dumps(tree), "json", "latex")

    def blocks(self, blocks: list[dict]) -> list[dict]:
        out = []
        for block in blocks:
            kind = block.get("t")
            if kind == "Header":
                level, (ident, classes, attrs), inlines = block["c"]
                if level == 1 and not self.title_seen:
                    self.title_seen = True
                    continue  # the title: the template prints it from the metadata
                out.append({"t": "Header", "c": [max(1, level - 1), [self.unique(ident), classes, attrs], inlines]})
            elif kind == "Table":
                out += self.table(block)
            elif kind == "CodeBlock" and r"\end{Verbatim}" not in block["c"][1]:
                out.append({"t": "RawBlock", "c": ["latex", "\\begin{Verbatim}[breaklines,breakanywhere,fontsize=\\small]\n"
                                                   + block["c"][1] + "\n\\end{Verbatim}"]})
            elif kind in ("BulletList", "OrderedList"):
                items = [self.blocks(item) for item in (block["c"] if kind == "BulletList" else block["c"][1])]
                out.append({"t": kind, "c": items if kind == "BulletList" else [block["c"][0], items]})
            elif kind in ("BlockQuote",):
                out.append({"t": kind, "c": self.blocks(block["c"])})
            elif kind == "Div":
                out.append({"t": kind, "c": [block["c"][0], self.blocks(block["c"][1])]})
            else:
                out.append(block)
        return out

    def unique(self, ident: str) -> str:
        if not ident:
            return ident
        candidate, n = ident, 1
        while candidate in self.seen_ids:
            n += 1
            candidate = f"{ident}-{n}"
        self.seen_ids.add(candidate)
        return candidate

    def fit(self, header: list[str], rows: list[list[str]], size_pt: float) -> tuple[list[float] | None, float]:
        """Relative column widths (None: natural) at font size ``size_pt``, and their cost:
        estimated lines plus two for each word broken across lines. Remembered: a table is fitted
        at both sizes to choose its font (:meth:`choose_fonts`), then laid out at one of them."""
        key = (size_pt, tuple(header), tuple(map(tuple, rows)))
        if key not in self.fitted:
            capacity, colsep = self.text_width_pt / size_pt, TABLE_COLSEP_PT / size_pt
            widths = column_widths(header, rows, capacity, colsep)
            lines, broken = estimate(header, rows, widths, capacity, colsep)
            self.fitted[key] = widths, lines + BROKEN_WORD_WEIGHT * broken
        return self.fitted[key]

    def choose_fonts(self, blocks: list[dict]) -> dict[tuple[str, ...], tuple[str, float]]:
        """Table font per heading row: tables with the same headings in one output share it,
        the smaller one when it cuts their cost (:meth:`fit`) by ``1 - SMALLER_FONT_GAIN``."""
        groups: dict[tuple[str, ...], list[list[list[str]]]] = {}
        for block in blocks:
            text = _table_text(block) if block.get("t") == "Table" else None
            if text:
                groups.setdefault(tuple(text[0]), []).append(text[1])
        fonts = {}
        for header, tables in groups.items():
            cost = [sum(self.fit(list(header), rows, size)[1] for rows in tables) for _font, size in TABLE_FONTS]
            fonts[header] = TABLE_FONTS[1] if cost[1] <= SMALLER_FONT_GAIN * cost[0] else TABLE_FONTS[0]
        return fonts

    def table(self, block: dict) -> list[dict]:
        """Font and column widths from the content; break points; a breakable first word in
        each cell."""
        text = _table_text(block)
        if text is None:
            return [block]  # spanning cells: leave pandoc's layout
        header, rows = text
        font, size_pt = self.fonts.get(tuple(header), TABLE_FONTS[0])
        widths, _lines = self.fit(header, rows, size_pt)
        attr, caption, colspecs, head, bodies, foot = block["c"]
        all_rows = _cells(head[1]) + [r for body in bodies for r in _cells(body[2]) + _cells(body[3])] + _cells(foot[1])
        for row in all_rows:
            for cell in row:
                for content in cell[4]:
                    if content.get("t") in ("Plain", "Para"):
                        content["c"] = with_break_points(content["c"])
                if widths and cell[4] and cell[4][0].get("t") in ("Plain", "Para"):
                    # TeX never hyphenates the first word of a paragraph unless glue precedes it
                    cell[4][0]["c"] = [_raw(r"\hspace{0pt}")] + cell[4][0]["c"]
        if widths:
            colspecs = [[align, {"t": "ColWidth", "c": round(w, 4)}] for (align, _w), w in zip(colspecs, widths)]
        table = {"t": "Table", "c": [attr, caption, colspecs, head, bodies, foot]}
        if font == TABLE_FONTS[0][0]:
            return [table]
        return [{"t": "RawBlock", "c": ["latex", "\\begingroup\\renewcommand{\\tablefont}{\\" + font + "}"]},
                table, {"t": "RawBlock", "c": ["latex", "\\endgroup"]}]


# --- nbconvert ---

class ReportPDFExporter(PDFExporter):
    """nbconvert's PDF exporter that keeps the LaTeX source and xelatex's log and skips bibtex."""

    latex_source = ""
    latex_log = ""

    def run_latex(self, filename, raise_on_failure=None):
        from nbconvert.exporters.pdf import LatexFailed

        self.latex_source = Path(filename).read_text(encoding="utf-8")
        ok = self.run_drafts(filename, raise_on_failure or LatexFailed)
        ok = ok and self.run_command(self.latex_command, filename, 1, self._log_error, raise_on_failure or LatexFailed)
        log = Path(filename).with_suffix(".log")
        if log.exists():
            self.latex_log = log.read_text(encoding="utf-8", errors="replace")
        return ok

    def run_drafts(self, filename, raise_on_failure) -> bool:
        """The runs before the last one only settle the table of contents and the references:
        ``-no-pdf`` skips writing their PDF (half of a run's time; the last run writes it)."""
        draft = [self.latex_command[0], "-no-pdf", *self.latex_command[1:]]
        return self.run_command(draft, filename, self.latex_count - 1, self._log_error, raise_on_failure)

    def _log_error(self, command, out) -> None:
        self.log.critical("%s failed: %s\n%s", command[0], command, out)

    def run_bib(self, filename, raise_on_failure=False):
        return False  # the report cites with links, not BibTeX


@dataclass
class RenderedPDF:
    pdf: bytes
    latex: str
    log: str


def render_pdf(nb: nbformat.NotebookNode, *, lang: str, epoch: int) -> RenderedPDF:
    """Typeset ``nb`` without code cells in ``lang`` (polyglossia language, paper, PDF language;
    :class:`ParameterError` for an unknown one; the notebook's metadata gives ``title`` and ``date``).

    Reproducible: xelatex reads the dates it writes from ``SOURCE_DATE_EPOCH`` = ``epoch``.
    """
    lang = export_language(lang, "PDF")
    exporter = ReportPDFExporter(
        exclude_input=True, exclude_markdown=True, exclude_input_prompt=True, exclude_output_prompt=True,
        template_file=TEMPLATE_FILE, extra_template_paths=[str(TEMPLATES_DIR)], latex_count=3,
        filters={"report_markdown": MarkdownToLatex()})
    resources = {"typeset": page_settings(lang)}
    saved = {name: os.environ.get(name) for name in ("SOURCE_DATE_EPOCH", "FORCE_SOURCE_DATE")}
    os.environ.update(SOURCE_DATE_EPOCH=str(epoch), FORCE_SOURCE_DATE="1")
    try:
        pdf, _resources = exporter.from_notebook_node(nb, resources=resources)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return RenderedPDF(pdf=pdf, latex=exporter.latex_source, log=exporter.latex_log)
