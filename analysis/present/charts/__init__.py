"""The report's charts: one look (style), non-overlapping labels, localised ticks, and the chart cache.

The notebook reaches the chart functions as ``charts.costs.<chart>`` (cost and market sections)
``charts.decision.<chart>`` (decision sections) and ``charts.trends.<chart>`` (prices over time); each returns a
:class:`~analysis.present.charts.figures.Chart`.
"""

from analysis.present.charts import costs, decision, trends

__all__ = ["costs", "decision", "trends"]
