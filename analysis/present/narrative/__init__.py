"""The report's sections as Markdown in the reader's language, one module per part of the report.

Each function receives computed tables and a :class:`~analysis.present.i18n.Localizer` and returns
Markdown; it formats, it never computes. The notebook reaches them as ``narrative.<part>``.
"""

from analysis.present.narrative import (answer, audit, brief, changes, coverage, decision, market, prices, quality,
                                        sections, sensitivity, tasks, trends)

__all__ = ["answer", "audit", "brief", "changes", "coverage", "decision", "market", "prices", "quality", "sections",
           "sensitivity", "tasks", "trends"]
