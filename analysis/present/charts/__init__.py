"""The report's charts: one look (style), non-overlapping labels, localised ticks, and the chart cache."""
