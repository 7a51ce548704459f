"""Locale formatting through Babel, translations, escaping of data strings."""

import math

import pytest

from analysis.core.errors import ParameterError
from analysis.present.i18n import Localizer, check_language, escape_markdown, escape_mathtext


@pytest.mark.parametrize("lang,expected", [("en", "$0.05"), ("es", "0,05\xa0US$"), ("de", "0,05\xa0$")])
def test_money_per_locale(lang, expected):
    assert Localizer(lang).money(0.05) == expected


@pytest.mark.parametrize("lang,expected", [("en", "$130.00"), ("es", "130,00\xa0US$"), ("de", "130,00\xa0$")])
def test_seed_budget_formats(lang, expected):
    # 10 x 5.00 + 5 x 16.00 = 130.00 USD
    assert Localizer(lang).money(10 * 5.00 + 5 * 16.00) == expected


def test_small_amounts_keep_significant_decimals():
    # 10 x 0.025 + 5 x 0.025 = 0.375 USD: cents would show a wrong 0.38
    assert Localizer("en").money(0.375) == "$0.375"
    assert Localizer("de").money(1234.5) == "1.234,50\xa0$"


def test_missing_is_a_dash_never_zero():
    for lang in ("en", "es", "de"):
        loc = Localizer(lang)
        assert loc.money(float("nan")) == "—"
        assert loc.number(None) == "—"
        assert loc.percent(math.nan) == "—"


def test_numbers_dates_tokens():
    de, en, es = Localizer("de"), Localizer("en"), Localizer("es")
    assert de.number(1234.5) == "1.234,5"
    assert en.number(1234.5) == "1,234.5"
    assert de.percent(0.3) == "30\xa0%"
    assert en.percent(0.3) == "30%"
    assert de.tokens(10_000_000) == "10\xa0Mio."
    assert en.tokens(10_000_000) == "10M"
    assert de.date("2026-11-12") == "12. November 2026"
    assert es.date("2026-11-12") == "12 de noviembre de 2026"


def test_tick_formatter_uses_babel_not_os_locale():
    formatter = Localizer("de").tick_formatter("money")
    assert formatter(1.5, 0) == "1,50\xa0$"


def test_translations_are_loaded_from_po():
    assert Localizer("de").gettext("Key points") != "Key points"
    assert Localizer("es").gettext("Key points") != "Key points"
    assert Localizer("en").gettext("Key points") == "Key points"


@pytest.mark.parametrize("bad", ["xx", "", "de; rm -rf /", "DE", None, "en es"])
def test_unknown_language_lists_supported(bad):
    with pytest.raises(ParameterError, match="supported: en, es, de"):
        check_language(bad)


def test_escape_markdown_neutralises_html_and_maths():
    assert escape_markdown("<script>alert(1)</script>") == "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"
    assert escape_markdown("50% & $x_1$") == "50% &amp; \\$x\\_1\\$"
    assert escape_mathtext("$x_1$") == "\\$x_1\\$"


def test_strict_localizer_refuses_to_fall_back_to_english():
    from analysis.core.errors import TranslationError

    for lang in ("es", "de"):
        with pytest.raises(TranslationError, match=f"{lang}: the message 'Not a message id' has no translation"):
            Localizer(lang, strict=True).gettext("Not a message id")
        with pytest.raises(TranslationError, match="the data text 'not in the data' has no translation"):
            Localizer(lang, strict=True).data("not in the data")
        with pytest.raises(TranslationError):
            Localizer(lang, strict=True).ngettext("{n} thing", "{n} things", 2)
        assert Localizer(lang).gettext("Not a message id") == "Not a message id"  # lenient outside builds
    assert Localizer("en", strict=True).gettext("Not a message id") == "Not a message id"  # English is the source


def test_strict_mode_follows_the_environment(monkeypatch):
    from analysis.core.errors import TranslationError
    from analysis.present.i18n import STRICT_ENV

    monkeypatch.setenv(STRICT_ENV, "1")
    with pytest.raises(TranslationError):
        Localizer("de").gettext("Not a message id")
    monkeypatch.setenv(STRICT_ENV, "0")
    assert Localizer("de").gettext("Not a message id") == "Not a message id"


def test_data_text_is_translated_through_the_data_catalogue():
    assert Localizer("de").data("no context limit listed") == "kein Kontextlimit angegeben"
    assert Localizer("es").data("no context limit listed") == "no indica límite de contexto"
    assert Localizer("en").data("no context limit listed") == "no context limit listed"
    assert Localizer("de", strict=True).data(float("nan")) == "" and Localizer("de").data("") == ""
