"""Small Markdown builders shared by the narrative modules (tables, links, bullet lists)."""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from analysis.present.i18n import escape_markdown


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], align: Sequence[str] | None = None) -> str:
    """A pipe table. Cells are already-formatted text; data strings must be escaped by the
    caller (:func:`analysis.present.i18n.escape_markdown`). ``align``: ``l``/``r`` per column."""
    align = align or ["l"] * len(headers)
    rule = ["---:" if a == "r" else ":---" for a in align]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(str(cell).replace("\n", " ") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def link(url: str, text: str | None = None) -> str:
    """A link to a validated URL (no spaces or angle brackets; see ``analysis.inputs.schemas``)."""
    if not url:
        return ""
    return f"[{escape_markdown(text)}](<{url}>)" if text else f"<{url}>"


def bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


_FENCE = re.compile(r"^(```|~~~)")
#: spans where a backslash is literal (CommonMark): code spans, autolinks and link destinations
_CODE_SPAN = re.compile(r"(`+)(?:.|\n)*?\1|<https?://[^>\s]*>|\]\((?:<[^>]*>|[^)\s]*)")
_BARE_DOLLAR = re.compile(r"(?<!\\)((?:\\\\)*)\$")


def _escape_line_dollars(text: str) -> str:
    out, last = [], 0
    for span in _CODE_SPAN.finditer(text):
        out.append(_BARE_DOLLAR.sub(r"\1\\$", text[last:span.start()]))
        out.append(span.group(0))
        last = span.end()
    out.append(_BARE_DOLLAR.sub(r"\1\\$", text[last:]))
    return "".join(out)


def escape_dollars(text: str) -> str:
    """Every ``$`` that is not already escaped becomes ``\\$``, outside code spans, fenced code
    blocks, autolinks and link destinations (where a backslash would stay in the URL), so no Markdown renderer with maths (JupyterLab, MathJax) pairs two prices into a formula.
    Idempotent: an escaped ``\\$`` stays as it is."""
    lines, in_fence, chunk, out = text.split("\n"), False, [], []
    for line in lines:
        if _FENCE.match(line.lstrip()):
            if not in_fence and chunk:
                out.append(_escape_line_dollars("\n".join(chunk)))
                chunk = []
            in_fence = not in_fence
            out.append(line)
        elif in_fence:
            out.append(line)
        else:
            chunk.append(line)
            continue
    if chunk:
        out.append(_escape_line_dollars("\n".join(chunk)))
    return "\n".join(out)
