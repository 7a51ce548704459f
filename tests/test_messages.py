"""Translation completeness: every message id in the code is translated in every shipped
language, with the same placeholders. A failure names the message and the language."""

from pathlib import Path

from analysis.messages import check, extract_messages, placeholders


def test_every_message_translated_in_every_language():
    problems = check()
    assert not problems, "\n".join(problems)


def test_extraction_finds_the_report_messages():
    messages = extract_messages()
    assert "Key points" in messages
    assert any(isinstance(m, tuple) for m in messages)  # plural forms are extracted too


def test_check_reports_missing_and_mismatched(tmp_path: Path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "mod.py").write_text('def f(loc):\n    _ = loc.gettext\n    return _("Hello {name}"), _("Bye")\n')
    for lang, body in {"en": 'msgid "Hello {name}"\nmsgstr "Hello {name}"\n\nmsgid "Bye"\nmsgstr "Bye"\n',
                       "es": 'msgid "Hello {name}"\nmsgstr "Hola {nombre}"\n',
                       "de": 'msgid "Hello {name}"\nmsgstr "Hallo {name}"\n\nmsgid "Bye"\nmsgstr "Tschüss"\n'}.items():
        folder = tmp_path / "locales" / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "t.po").write_text(body, encoding="utf-8")
    problems = check(locales_dir=tmp_path / "locales", package_dir=package, data_dir=None)
    assert problems == [
        "es: missing translation of 'Bye' (used at mod.py:3)",
        "es: placeholders of 'Hello {name}' differ: expected ['name'], translation has ['nombre']",
    ]


def test_placeholders():
    assert placeholders("{a} and {b:.2f} {{literal}}") == {"a", "b"}
