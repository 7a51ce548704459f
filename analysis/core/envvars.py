"""What the build reads from its environment: the names of its environment variables and the
cores it may use (a light module: the command line imports it before anything heavy)."""

import os

#: "1": a message or data text without a translation raises in es/de (see analysis.present.i18n)
STRICT_ENV = "LLM_COST_REPORT_STRICT_I18N"
#: the content-hashed cache's folder, or "off" (see analysis.core.cache)
CACHE_ENV = "LLM_COST_CACHE_DIR"
#: "1": charts go through the cache (the build sets it for the report's kernel; analysis.present.charts.cache)
CHART_CACHE_ENV = "LLM_COST_CHART_CACHE"
#: processes one build may export its documents on (default: the usable cores; analysis.render.exporting)
EXPORT_PROCESSES_ENV = "LLM_COST_EXPORT_PROCESSES"
#: folder of the downloaded catalogue wheels (default: build/.wheels/ in the checkout; analysis.inputs.wheels
#: for make refresh and the build, analysis.inputs.releases for make history)
WHEELS_ENV = "LLM_COST_WHEELS_DIR"


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity), at least 1."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)
