"""Small Markdown builders shared by the narrative modules (tables, links, bullet lists)."""

from __future__ import annotations

from typing import Iterable, Sequence

from analysis.i18n import escape_markdown


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], align: Sequence[str] | None = None) -> str:
    """A pipe table. Cells are already-formatted text; data strings must be escaped by the
    caller (:func:`analysis.i18n.escape_markdown`). ``align``: ``l``/``r`` per column."""
    align = align or ["l"] * len(headers)
    rule = ["---:" if a == "r" else ":---" for a in align]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(str(cell).replace("\n", " ") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def link(url: str, text: str | None = None) -> str:
    """A link to a validated URL (no spaces or angle brackets; see ``analysis.schemas``)."""
    if not url:
        return ""
    return f"[{escape_markdown(text)}](<{url}>)" if text else f"<{url}>"


def bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items)
