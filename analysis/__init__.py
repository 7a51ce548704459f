"""llm-cost-report: which LLM gives the most for the money, computed from cited data.

Flow (one direction, each layer imports only those before it; see README "Architecture" and
../shared/DESIGN.md): core -> inputs -> compute -> present -> render -> build.
"""

__version__ = "0.1.0"
