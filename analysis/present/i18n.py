"""Localisation: gettext catalogues, Babel number/money/date formatting, escaping of data text.

Message ids are English, in the ``.py`` code, marked with ``_()``. Catalogues are ``.po`` files
under ``analysis/locales/<lang>/LC_MESSAGES/<domain>.po``; every domain of a language is merged
into one translator, so each module family can own its own ``.po`` file. The ``.po`` files are
the source of truth: they are compiled in memory with Babel at load time (no ``.mo`` to forget).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_compact_decimal, format_currency, format_decimal, format_percent
from babel.support import Translations

from analysis.core.errors import ParameterError, TranslationError
from analysis.core.paths import LOCALES_DIR, display_path
from analysis.inputs.parameters import LANGUAGES

#: shipped languages -> Babel locale used for formatting
SUPPORTED_LANGUAGES: dict[str, str] = LANGUAGES

def message_id(message: str) -> str:
    """Mark a module-level message id for extraction (modules import it as ``_``); the text is
    translated where it is shown (``loc.gettext``)."""
    return message


#: shown in place of a missing figure (the reason is in the sources appendix)
MISSING = "—"

#: catalogue domain of the data's own text (notes, settings, titles, licences), keyed by that text
DATA_DOMAIN = "data"
#: set to "1" (the build does, inside the kernel): a message or data text without a translation
#: raises :class:`~analysis.core.errors.TranslationError` instead of falling back to English
from analysis.core.envvars import STRICT_ENV  # noqa: E402,F401  (re-exported)


def check_language(lang: str) -> str:
    """Return ``lang`` if shipped, else raise :class:`ParameterError` listing the shipped ones."""
    if not isinstance(lang, str) or lang not in SUPPORTED_LANGUAGES:
        shown = repr(lang) if isinstance(lang, str) and len(lang) < 40 else "that value"
        raise ParameterError(
            f"unsupported language {shown}; supported: {', '.join(SUPPORTED_LANGUAGES)}"
        )
    return lang


def po_files(lang: str, locales_dir: Path = LOCALES_DIR) -> list[Path]:
    """The ``.po`` catalogues of the code's messages of one language, sorted by domain name
    (the data text catalogue :func:`data_po_file` is kept apart)."""
    return sorted(p for p in (locales_dir / lang / "LC_MESSAGES").glob("*.po") if p.stem != DATA_DOMAIN)


def data_po_file(lang: str, locales_dir: Path = LOCALES_DIR) -> Path:
    """The catalogue of the data's own text of one language (``data.po``)."""
    return locales_dir / lang / "LC_MESSAGES" / f"{DATA_DOMAIN}.po"


@lru_cache(maxsize=None)
def _translations(lang: str, locales_dir: Path) -> Translations:
    merged = Translations()
    for po_path in po_files(lang, locales_dir):
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=lang, domain=po_path.stem)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        merged.merge(Translations(fp=buffer, domain=po_path.stem))
    return merged


@lru_cache(maxsize=None)
def _data_translations(lang: str, locales_dir: Path) -> dict[str, str]:
    path = data_po_file(lang, locales_dir)
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DATA_DOMAIN)
    return {m.id: m.string for m in catalog if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|$~])")


def escape_markdown(text: object) -> str:
    """Data text made safe for Markdown rendered to HTML *and* LaTeX: HTML special characters
    become entities (so ``<script>`` stays text), Markdown and TeX-math specials are
    backslash-escaped (so ``$x_1$`` is not maths and ``*`` is not emphasis)."""
    value = "" if text is None else str(text)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value)


def escape_mathtext(text: object) -> str:
    """Data text made safe for matplotlib labels (``$`` would start mathtext)."""
    return ("" if text is None else str(text)).replace("$", r"\$")


def _is_missing(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True)
class Localizer:
    """Everything language-specific: translated messages and locale formatting.

    Formatting methods return :data:`MISSING` for NaN/None, never ``0``. ``strict`` (default:
    the environment variable :data:`STRICT_ENV` is "1"): in es/de, a message or data text
    without a translation raises :class:`~analysis.core.errors.TranslationError` naming it.
    """

    lang: str
    locales_dir: Path = field(default=LOCALES_DIR)
    strict: bool | None = None

    def __post_init__(self) -> None:
        check_language(self.lang)

    @property
    def is_strict(self) -> bool:
        return self.strict if self.strict is not None else os.environ.get(STRICT_ENV, "") == "1"

    def _missing(self, kind: str, text: str, where: Path) -> None:
        if self.lang != "en" and self.is_strict:
            raise TranslationError(f"{self.lang}: {kind} {text!r} has no translation in {display_path(where)} "
                                   f"(python -m analysis.present.messages update adds it to translate)")

    @property
    def locale(self) -> Locale:
        return Locale.parse(SUPPORTED_LANGUAGES[self.lang])

    @property
    def translations(self) -> Translations:
        return _translations(self.lang, self.locales_dir)

    # messages ---------------------------------------------------------------------------
    def gettext(self, message: str) -> str:
        """Translate an English message id (falls back to the id, unless strict)."""
        if message not in self.translations._catalog:
            self._missing("the message", message, self.locales_dir / self.lang / "LC_MESSAGES")
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        if (singular, 0) not in self.translations._catalog:
            self._missing("the message", singular, self.locales_dir / self.lang / "LC_MESSAGES")
        return self.translations.ngettext(singular, plural, count)

    def data(self, text: object) -> str:
        """The data's own text (a note, a benchmark setting, a dataset title or licence) in the
        reader's language, from the ``data`` catalogue; ``""`` for a missing value. English is
        the data's language. Falls back to the text itself, unless strict."""
        if _is_missing(text) or text == "":
            return ""
        text = str(text)
        if self.lang == "en":
            return text
        translated = _data_translations(self.lang, self.locales_dir).get(text)
        if translated is None:
            self._missing("the data text", text, data_po_file(self.lang, self.locales_dir))
            return text
        return translated

    # numbers ----------------------------------------------------------------------------
    def money(self, usd: float | None, digits: int | None = None) -> str:
        """USD amount in the locale's currency format (``$0.05`` / ``0,05 US$`` / ``0,05 $``).

        Default precision: cents, but amounts under one dollar keep up to 4 decimals so that a
        price like 0.025 USD per 1M tokens is not shown as 0.03.
        """
        if _is_missing(usd):
            return MISSING
        value = float(usd)  # type: ignore[arg-type]
        if digits is None:
            digits = 4 if 0 < abs(value) < 1 else 2
        return format_currency(round(value, digits), "USD", locale=self.locale, decimal_quantization=False)

    def number(self, value: float | None, digits: int = 2) -> str:
        """A decimal number with at most ``digits`` decimals (``1,234.5`` / ``1.234,5``)."""
        if _is_missing(value):
            return MISSING
        pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
        return format_decimal(float(value), format=pattern, locale=self.locale)  # type: ignore[arg-type]

    def fixed(self, value: float | None, digits: int = 1) -> str:
        """A decimal number with exactly ``digits`` decimals (scores, ratios)."""
        if _is_missing(value):
            return MISSING
        pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
        return format_decimal(float(value), format=pattern, locale=self.locale)  # type: ignore[arg-type]

    def integer(self, value: float | None) -> str:
        if _is_missing(value):
            return MISSING
        return format_decimal(int(round(float(value))), format="#,##0", locale=self.locale)  # type: ignore[arg-type]

    def percent(self, fraction: float | None, digits: int = 0) -> str:
        """A fraction (0.3) as a percentage in the locale's format (``30%`` / ``30 %``)."""
        if _is_missing(fraction):
            return MISSING
        pattern = self.locale.percent_formats[None].pattern
        if digits:
            pattern = pattern.replace("0", "0." + "0" * digits, 1) if "." not in pattern else pattern
        return format_percent(float(fraction), format=pattern, locale=self.locale)  # type: ignore[arg-type]

    def tokens(self, count: float | None) -> str:
        """A token count: compact from a million on (``10M`` / ``10 M`` / ``10 Mio.``), else
        grouped digits (``131,072`` / ``131.072``)."""
        if _is_missing(count):
            return MISSING
        if abs(float(count)) < 1_000_000:  # type: ignore[arg-type]
            return self.integer(count)
        return format_compact_decimal(float(count), locale=self.locale, fraction_digits=1)  # type: ignore[arg-type]

    def date(self, value: str | dt.date) -> str:
        """An ISO date (or ``date``) in the locale's long format."""
        day = dt.date.fromisoformat(value) if isinstance(value, str) else value
        return format_date(day, format="long", locale=self.locale)

    # matplotlib -------------------------------------------------------------------------
    def tick_formatter(self, kind: str = "number"):
        """A matplotlib ``FuncFormatter`` backed by Babel (not the OS locale).

        ``kind``: ``money``, ``number``, ``percent`` (axis in fractions) or ``tokens``.
        """
        from matplotlib.ticker import FuncFormatter

        formatters = {
            "money": lambda v: self.money(v),
            "number": lambda v: self.number(v, 2),
            "percent": lambda v: self.percent(v),
            "tokens": lambda v: self.tokens(v),
        }
        if kind not in formatters:
            raise ValueError(f"unknown tick kind {kind!r}; use one of {sorted(formatters)}")
        chosen = formatters[kind]
        return FuncFormatter(lambda value, _pos: chosen(value))
