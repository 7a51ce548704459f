"""Names of the environment variables the build reads (a light module: the command line
imports it before anything heavy)."""

#: "1": a message or data text without a translation raises in es/de (see analysis.i18n)
STRICT_ENV = "LLM_COST_REPORT_STRICT_I18N"
#: the content-hashed cache's folder, or "off" (see analysis.cache)
CACHE_ENV = "LLM_COST_CACHE_DIR"
#: "1": charts go through the cache (the build sets it for the report's kernel; analysis.chart_cache)
CHART_CACHE_ENV = "LLM_COST_CHART_CACHE"
#: processes one build may export its documents on (default: the usable cores; analysis.exporting)
EXPORT_PROCESSES_ENV = "LLM_COST_EXPORT_PROCESSES"
