"""What the notebooks call to show a section or a chart (presentation glue, no logic).

Markdown goes out with every bare ``$`` escaped (:func:`analysis.present.markdown.escape_dollars`), so
JupyterLab and any maths-aware renderer show prices, not formulas. Charts go out as PNG with their
alt text in the output's metadata (the HTML writes it into ``<img alt>``)."""

from __future__ import annotations

from IPython.display import Image, Markdown, display

from analysis.present.markdown import escape_dollars


def markdown(*sections: str) -> None:
    """Display each Markdown section (dollar signs escaped)."""
    for text in sections:
        display(Markdown(escape_dollars(text)))


def chart(figure, alt: str = "") -> None:
    """Display a chart: an object with ``png`` and ``alt`` (``analysis.present.charts.figures.Chart``) or PNG bytes."""
    png = getattr(figure, "png", figure)
    display(Image(png, alt=getattr(figure, "alt", alt) or alt))
