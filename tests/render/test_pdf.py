"""The typeset PDF (analysis.render.typeset, analysis/templates/llm_cost_report.tex.j2), checked as a
reader sees it: paper, one title, a contents page, hyphenation language, tables whose cells stay
in their columns, nothing beyond the margins, figures at text width, reproducible bytes.

The xelatex tests render the published executed notebooks (reports/<lang>/report.ipynb) and a
small synthetic notebook; they are skipped when xelatex, pandoc or poppler-utils are missing.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from analysis.build.language import export_pdf
from analysis.core.paths import REPORTS_DIR
from analysis.render.table_layout import column_widths, estimate, line_count, pieces, text_width_em
from analysis.render.typeset import PT_PER_CM, TEXT_WIDTH_CM, MarkdownToLatex, render_pdf

TOOLS = ("xelatex", "pandoc", "pdftotext", "pdfinfo", "pdfimages")
MISSING = [tool for tool in TOOLS if not shutil.which(tool)]
needs_latex = pytest.mark.skipif(
    bool(MISSING), reason=f"{', '.join(MISSING)} not installed: apt-get install texlive-xetex pandoc poppler-utils (see README)")

EPOCH = int(dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc).timestamp())
TEXT_WIDTH_PT = TEXT_WIDTH_CM * PT_PER_CM * 72 / 72.27  # 16 cm in PDF points (1/72 in) = 453.54
PAGE_PT = {"en": (612.0, 792.0),       # US Letter, 8.5 x 11 in
           "es": (595.28, 841.89),     # A4, 210 x 297 mm
           "de": (595.28, 841.89)}
CONTENTS_NAME = {"en": "Contents", "es": "Índice general", "de": "Inhaltsverzeichnis"}  # polyglossia's \contentsname
LANGUAGE = {"en": "english", "es": "spanish", "de": "german"}
# the word, and how its language's patterns hyphenate it (English patterns give "Ar-beit-slast")
HYPHENATION = {"de": ("Arbeitslast", "Ar-beits-last"), "es": ("razonamiento", "ra-zo-na-mien-to"),
               "en": ("reasoning", "rea-son-ing")}
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def _run(*command: str, cwd: Path | None = None) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True, cwd=cwd).stdout


def _text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return _run("pdftotext", *pages, str(pdf), "-")


def _words_by_page(pdf: Path) -> list[tuple[float, list[tuple[float, float, float, float, str]]]]:
    """Per page: its width and its words as (xMin, yMin, xMax, yMax, text), in PDF points."""
    html = _run("pdftotext", "-bbox-layout", str(pdf), "-")
    pages = []
    for chunk in html.split("<page ")[1:]:
        width = float(re.match(r'width="([\d.]+)"', chunk).group(1))
        pages.append((width, [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in WORD.findall(chunk)]))
    return pages


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """{lang: (pdf path, RenderedPDF, notebook)} for the published notebooks."""
    if MISSING:
        pytest.skip(f"{', '.join(MISSING)} not installed")
    out = {}
    folder = tmp_path_factory.mktemp("pdf")
    for lang in PAGE_PT:
        nb = nbformat.read(REPORTS_DIR / lang / "report.ipynb", as_version=4)
        rendered = render_pdf(nb, lang=lang, epoch=EPOCH)
        path = folder / f"{lang}.pdf"
        path.write_bytes(rendered.pdf)
        out[lang] = (path, rendered, nb)
    return out


@needs_latex
@pytest.mark.parametrize("lang", list(PAGE_PT))
def test_paper_is_a4_except_us_english(published, lang):
    info = _run("pdfinfo", str(published[lang][0]))
    width, height = PAGE_PT[lang]
    assert re.search(rf"Page size:\s+{width:g} x {height:g} pts", info), info


@needs_latex
@pytest.mark.parametrize("lang", list(PAGE_PT))
def test_title_is_printed_once_on_page_one(published, lang):
    pdf, _rendered, nb = published[lang]
    title = " ".join(nb.metadata["title"].split())
    assert " ".join(_text(pdf, 1).split()).count(title) == 1
    assert " ".join(_text(pdf).split()).count(title) == 1


@needs_latex
@pytest.mark.parametrize("lang", list(PAGE_PT))
def test_page_one_has_the_contents_numbered_1_2_3(published, lang):
    pdf, _rendered, nb = published[lang]
    page = _text(pdf, 1)
    assert CONTENTS_NAME[lang] in page
    sections = [line[3:].strip() for cell in nb.cells for out in cell.get("outputs", [])
                for line in out.get("data", {}).get("text/markdown", "").splitlines() if line.startswith("## ")]
    numbers = [int(n) for n in re.findall(r"^(\d+)\s", page, flags=re.M)]
    assert numbers[:len(sections)] == list(range(1, len(sections) + 1))
    assert not re.search(r"^\d+\.\d+\s", page, flags=re.M)  # no "1.1" sections
    flat = " ".join(page.split())
    for heading in sections:
        assert " ".join(heading.replace("\\", "").split())[:20] in flat, heading


@needs_latex
@pytest.mark.parametrize("lang", list(PAGE_PT))
def test_hyphenation_follows_the_report_language(published, lang, tmp_path):
    latex = published[lang][1].latex
    assert re.search(r"\\setdefaultlanguage(\[[^]]*\])?\{" + LANGUAGE[lang] + "}", latex)
    word, hyphenated = HYPHENATION[lang]
    preamble = latex.split(r"\begin{document}")[0]
    (tmp_path / "h.tex").write_text(preamble + r"\begin{document}\showhyphens{" + word + r"}\end{document}",
                                    encoding="utf-8")
    subprocess.run(["xelatex", "-interaction=nonstopmode", "h.tex"], cwd=tmp_path, capture_output=True)
    assert hyphenated in (tmp_path / "h.log").read_text(encoding="utf-8", errors="replace")


@needs_latex
@pytest.mark.parametrize("lang", list(PAGE_PT))
def test_nothing_is_set_wider_than_its_box(published, lang):
    """An overfull box is text running past its column (into the next table cell, as
    "Programmieru65,9" did) or past the margin."""
    log = published[lang][1].log
    overfull = [float(m) for m in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", log)]
    assert [pt for pt in overfull if pt > 1.0] == []
    assert "Missing character" not in log
    assert "Programmieru65" not in _text(published[lang][0])


@needs_latex
@pytest.mark.parametrize("lang", list(PAGE_PT))
def test_no_word_beyond_the_margins_and_no_two_words_overprint(published, lang):
    for number, (width, words) in enumerate(_words_by_page(published[lang][0]), start=1):
        left = (width - TEXT_WIDTH_PT) / 2
        # microtype lets a stop, comma, dash, quote or sign at a line's end (or start) hang into the margin
        outside = [w for w in words if w[0] < left - (1.5 if w[4][0].isalnum() else 4.0)
                   or w[2] > width - left + (1.5 if w[4][-1].isalnum() else 4.0)]
        assert outside == [], f"page {number}: {outside[:5]}"
        lines: dict[int, list] = {}
        for word in words:
            lines.setdefault(round(word[3]), []).append(word)
        for baseline, line in lines.items():
            line = sorted(line + lines.get(baseline + 1, []))
            clashes = [(a[4], b[4]) for a, b in zip(line, line[1:]) if a[2] > b[0] + 0.5 and a[1] < b[3] and b[1] < a[3]]
            assert clashes == [], f"page {number}: words overprint: {clashes[:5]}"


@needs_latex
@pytest.mark.parametrize("lang", list(PAGE_PT))
def test_figures_fit_the_text_width(published, lang):
    listing = _run("pdfimages", "-list", str(published[lang][0])).splitlines()[2:]
    widths = [int(row.split()[3]) / int(row.split()[12]) * 72 for row in listing if row.split()[2] == "image"]
    assert widths, "the report has charts"
    assert max(widths) <= TEXT_WIDTH_PT + 1.5
    assert any(abs(w - TEXT_WIDTH_PT) < 2 for w in widths)  # set at text width unless too tall


# --- a small notebook: the appendix's title, "$", routes and dates in a table, reproducibility ---

APPENDIX_TITLE = "Appendix: sources & audit of 50% claims"
MARKDOWN = (f"# {APPENDIX_TITLE}\n\nA \\$5 plan and $3 ($4) and 50% & $x_1$ stay text.\n\n"
            "## Latency\n\n"
            "| Model | Route | Date | Seconds | USD per month |\n| :--- | :--- | :--- | ---: | ---: |\n"
            "| Llama-3.3-70B-Instruct | openrouter/meta-llama/llama-3.3-70b-instruct | 2024-12-06 | 20.2 | \\$2.60 |\n"
            "| Qwen2.5-Coder-32B-Instruct | openai/hf:Qwen/Qwen2.5-Coder-32B-Instruct-very-long-route-name "
            "with words that wrap inside the column rather than into the next | 2024-11-09 | 22.5 | \\$1.60 |\n\n"
            "## Sources\n\n- <https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json>\n")


def small_notebook(lang: str = "en") -> nbformat.NotebookNode:
    """The Markdown above and the first chart of the published English report."""
    published = nbformat.read(REPORTS_DIR / "en" / "report.ipynb", as_version=4)
    png = next(out.data["image/png"] for cell in published.cells for out in cell.get("outputs", [])
               if "image/png" in out.get("data", {}))
    nb = new_notebook(metadata={"title": APPENDIX_TITLE, "language": lang, "date": "Data as of November 23, 2026"})
    nb.cells = [new_code_cell(outputs=[
        new_output("display_data", data={"text/markdown": MARKDOWN, "text/plain": ""}),
        new_output("display_data", data={"image/png": png, "text/plain": ""})])]
    return nb


@pytest.fixture(scope="module")
def small_pdf(tmp_path_factory):
    if MISSING:
        pytest.skip(f"{', '.join(MISSING)} not installed")
    path = tmp_path_factory.mktemp("small") / "appendix.pdf"
    path.write_bytes(export_pdf(small_notebook(), lang="en", epoch=EPOCH))
    return path


@needs_latex
def test_title_comes_from_the_metadata_once_and_dollars_stay_dollars(small_pdf):
    text = " ".join(_text(small_pdf).split())
    assert text.count(APPENDIX_TITLE) == 1
    assert "A $5 plan and $3 ($4) and 50% & $x_1$ stay text." in text
    assert "1 Latency" in text and "2 Sources" in text
    assert "2024-12-06" in text and "2024-11-09" in text  # dates never break
    assert re.search(r"Title:\s+" + re.escape(APPENDIX_TITLE), _run("pdfinfo", str(small_pdf)))


@needs_latex
def test_same_input_gives_the_same_pdf_bytes(small_pdf):
    assert export_pdf(small_notebook(), lang="en", epoch=EPOCH) == small_pdf.read_bytes()


def test_the_language_is_an_argument_checked_before_anything_is_typeset():
    from analysis.core.errors import ParameterError

    nb = new_notebook(metadata={"language": "de"})  # the metadata is never read for the language
    with pytest.raises(TypeError, match="'lang'"):
        render_pdf(nb, epoch=EPOCH)  # no default, not even the metadata's
    with pytest.raises(ParameterError, match=r"^the PDF export needs a language \(lang=\); supported: en, es, de$"):
        render_pdf(nb, lang=None, epoch=EPOCH)
    with pytest.raises(ParameterError, match=r"^the PDF export: unsupported language 'fr'; supported: en, es, de$"):
        render_pdf(nb, lang="fr", epoch=EPOCH)
    with pytest.raises(ParameterError, match="unsupported language 'fr'"):
        export_pdf(nb, lang="fr", epoch=EPOCH)


@needs_latex
def test_the_language_passed_not_the_metadata_sets_polyglossia_pdf_language_and_paper(tmp_path):
    # German, by typeset.LANGUAGES: polyglossia "german" with "spelling=new", PDF language de-DE and
    # A4 paper, 210 x 297 mm = 595.28 x 841.89 pt; the metadata's English would give
    # "english" with "variant=american", en-US and US Letter (612 x 792 pt)
    nb = small_notebook("en")
    rendered = render_pdf(nb, lang="de", epoch=EPOCH)
    assert re.search(r"\\setdefaultlanguage\[spelling=new\]\{german\}", rendered.latex)
    assert "pdflang={de-DE}" in rendered.latex and "english" not in rendered.latex
    path = tmp_path / "de.pdf"
    path.write_bytes(rendered.pdf)
    assert re.search(r"Page size:\s+595.28 x 841.89 pts", _run("pdfinfo", str(path)))


# --- the table layout (pure; no xelatex needed) ---

def test_text_width_uses_the_font_metrics():
    # Pagella: "M" 0.95 em + "i" 0.29 em = 1.24 em, times the 1.05 safety factor = 1.302
    assert text_width_em("Mi") == pytest.approx(1.302)
    # accented letters count as their base letter
    assert text_width_em("ü") == text_width_em("u")


def test_pieces_break_at_spaces_slashes_and_name_hyphens_but_not_dates():
    assert len(pieces("2024-12-06")) == 1
    assert len(pieces("1,60\u00a0$")) == 1               # a no-break space keeps number and unit together
    assert len(pieces("openrouter/meta-llama")) == 3     # "openrouter/", "meta-", "llama"
    assert len(pieces("Llama-3.3-70B-Instruct")) == 3    # "Llama-", "3.3-70B-", "Instruct"


def test_line_count_wraps_greedily():
    cell = pieces("aaaa aaaa aaaa")  # three words of 4 x 0.5 x 1.05 = 2.1 em, spaces 0.27 em
    assert line_count(cell, 10.0) == 1   # 3 x 2.1 + 2 x 0.27 = 6.84 em fits
    assert line_count(cell, 4.5) == 2    # two words take 4.47 em
    assert line_count(cell, 2.2) == 3
    assert line_count(pieces("a" * 20), 2.5) == 5  # 10.5 em hyphenated over 2.5 em lines: 4.2 -> 5


def test_a_narrow_table_keeps_natural_widths():
    assert column_widths(["Model", "USD"], [["GPT-4o", "$1.00"]], capacity_em=45.0, colsep_em=0.4) is None


def test_a_wide_table_gets_widths_that_sum_to_one_and_keep_model_names_whole():
    names = ["DeepSeek-R1-Distill-Llama-8B", "Llama-3.2-90B-Vision-Instruct"]
    note = "a long explanation that can wrap over several lines without harm to anyone reading it"
    header, rows = ["Model", "USD per month", "Note"], [[n, "$0.375", note] for n in names]
    widths = column_widths(header, rows, capacity_em=45.0, colsep_em=0.4)
    assert widths is not None and sum(widths) == pytest.approx(1.0)
    room = 45.0 - 2 * 0.4 * 2
    assert widths[0] * room >= max(text_width_em(n) for n in names)  # names on one line
    assert estimate(header, rows, widths, 45.0, 0.4) < estimate(header, rows, [1 / 3] * 3, 45.0, 0.4)


def test_markdown_title_is_dropped_and_sections_are_numbered_from_level_two():
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc not installed")
    to_latex = MarkdownToLatex()
    latex = to_latex(MARKDOWN)
    assert APPENDIX_TITLE.split(":")[0] not in latex
    assert r"\section{A later part}" in to_latex("# A later part\n")  # only the first "#" is the title
    assert r"\section{Latency}" in latex and r"\section{Sources}" in latex
    assert r"\$5" in latex and r"\$x\_1\$" in latex
    assert not re.search(r"(?<!\\)\$", latex)  # every dollar sign is a literal \$
    assert r"\mbox{2024-12-06}" in latex
    assert r"openrouter/\allowbreak{}meta-llama" in latex
