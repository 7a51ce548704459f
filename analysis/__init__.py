"""llm-cost-report: which LLM gives the most for the money, computed from cited data.

Flow (one direction): catalog/importers -> compute (costs, pareto, ...) -> i18n/plots ->
notebooks -> build. See ../shared/DESIGN.md.
"""

__version__ = "0.1.0"
