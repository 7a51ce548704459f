"""The language every exporter is given: an explicit argument, checked, never read from a
notebook's metadata and never defaulted (a PDF typeset in English by a silent fallback has
English hyphenation, paper and contents name under a German report)."""

from __future__ import annotations

from analysis.core.errors import ParameterError
from analysis.present.i18n import SUPPORTED_LANGUAGES, check_language


def export_language(lang: object, exporter: str) -> str:
    """``lang`` if it is a supported language, else :class:`ParameterError` naming ``exporter``
    (e.g. "PDF") and the supported languages."""
    if lang is None or lang == "":
        raise ParameterError(f"the {exporter} export needs a language (lang=); supported: {', '.join(SUPPORTED_LANGUAGES)}")
    try:
        return check_language(lang)  # type: ignore[arg-type]  (check_language refuses a non-string too)
    except ParameterError as exc:
        raise ParameterError(f"the {exporter} export: {exc}") from None
