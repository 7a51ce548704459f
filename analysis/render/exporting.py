"""Export one language's documents (report, appendix) to HTML and PDF: side by side, cached.

Each document's HTML (:func:`analysis.render.html.export_html`) and PDF (:func:`analysis.render.typeset.render_pdf`,
xelatex) depend only on the document's bytes, the language, the date stamp, the templates, the
code and the tools; the result is kept in the content-hashed cache (:mod:`analysis.core.cache`) under
a key over all of these, so a rebuild whose notebook came out the same exports nothing again.
Documents are exported in parallel, one forked process each, when the machine has a core to
spare (the appendix's PDF alone takes most of a build's export time).
"""

from __future__ import annotations

import multiprocessing
import shutil
import signal
import subprocess
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from typing import Callable, Mapping

import nbformat

from analysis.core import cache
from analysis.core.paths import TEMPLATES_DIR
from analysis.render.export_language import export_language

#: tools whose version can change an exported page
EXPORT_LIBRARIES = ("nbconvert", "nbformat", "jinja2", "mistune", "pygments", "bleach", "pillow")


@lru_cache(maxsize=None)
def tool_version(command: str) -> str:
    """First line of ``command --version`` (empty if the tool is missing)."""
    path = shutil.which(command)
    if path is None:
        return ""
    done = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
    return (done.stdout or done.stderr).splitlines()[0] if (done.stdout or done.stderr) else ""


def export_key(doc: nbformat.NotebookNode, lang: str, fmt: str, epoch: int) -> str:
    """Content hash of everything one export reads (``fmt``: "html" or "pdf")."""
    tools = {"xelatex": tool_version("xelatex"), "pandoc": tool_version("pandoc")} if fmt == "pdf" else {}
    return cache.key_of("export", fmt, lang, epoch if fmt == "pdf" else None, nbformat.writes(doc),
                        cache.digest_files([TEMPLATES_DIR], TEMPLATES_DIR), cache.code_version(),
                        cache.library_versions(EXPORT_LIBRARIES), tools)


def export_document(doc: nbformat.NotebookNode, *, lang: str, formats: tuple[str, ...], epoch: int) -> dict[str, bytes]:
    """``{format: bytes}`` of one document in ``lang``, each through the cache."""
    from analysis.render.html import export_html
    from analysis.render.typeset import render_pdf

    lang = export_language(lang, "document")
    render: dict[str, Callable[[], bytes]] = {
        "html": lambda: export_html(doc, lang=lang).encode("utf-8"),
        "pdf": lambda: render_pdf(doc, lang=lang, epoch=epoch).pdf,
    }
    return {fmt: cache.cached("exports", export_key(doc, lang, fmt, epoch), render[fmt]) for fmt in formats}


def _stored(doc: nbformat.NotebookNode, lang: str, formats: tuple[str, ...], epoch: int) -> dict[str, bytes] | None:
    """The document's exports if the cache has every one of them, else None."""
    files = {fmt: cache.lookup("exports", export_key(doc, lang, fmt, epoch)) for fmt in formats}
    return None if any(data is None for data in files.values()) else files


def _leave_signals_to_the_parent() -> None:
    """In an export process: ignore SIGINT (the build's process handles it and stops us) and die
    quietly on SIGTERM (how it stops us), instead of the build's handler inherited by the fork."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def export_documents(documents: Mapping[str, nbformat.NotebookNode], *, lang: str, formats: tuple[str, ...],
                     epoch: int, processes: int = 1,
                     log: Callable[[str], None] = print) -> dict[str, bytes]:
    """``{"<document>.<format>": bytes}`` for every document, in ``lang`` (:class:`ParameterError`
    for an unknown one); ``processes`` > 1 exports the documents side by side in forked
    processes. The first failure is raised."""
    lang = export_language(lang, "document")
    names = list(documents)
    out: dict[str, bytes] = {}

    def collect(name: str, files: dict[str, bytes]) -> None:
        out.update({f"{name}.{fmt}": data for fmt, data in files.items()})
        log(f"[{lang}] exported {name} ({', '.join(formats)})")

    stored = {name: _stored(documents[name], lang, formats, epoch) for name in names}
    if all(files is not None for files in stored.values()):  # nothing to export: no process to start
        for name in names:
            collect(name, stored[name])
        return out
    if processes <= 1 or len(names) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for name in names:
            collect(name, export_document(documents[name], lang=lang, formats=formats, epoch=epoch))
        return out
    context = multiprocessing.get_context("fork")  # the child imports nothing: it has the parent's modules
    with ProcessPoolExecutor(max_workers=min(processes, len(names)), mp_context=context,
                             initializer=_leave_signals_to_the_parent) as pool:
        futures = {name: pool.submit(export_document, documents[name], lang=lang, formats=formats, epoch=epoch)
                   for name in names}
        try:
            for name in names:
                collect(name, futures[name].result())
        except BaseException:
            for child in multiprocessing.active_children():
                child.terminate()
            raise
    return out
