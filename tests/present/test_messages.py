"""Translation completeness: every message id in the code is translated in every shipped
language, with the same placeholders. A failure names the message and the language."""

from pathlib import Path

from analysis.present.messages import check, extract_messages, placeholders


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


def _catalogues(tmp_path, de_report, de_data):
    for lang, body in {"en": 'msgid "Hello"\nmsgstr "Hello"\n', "es": 'msgid "Hello"\nmsgstr "Hola"\n',
                       "de": de_report}.items():
        folder = tmp_path / "locales" / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "t.po").write_text(body, encoding="utf-8")
    (tmp_path / "locales" / "de" / "LC_MESSAGES" / "data.po").write_text(de_data, encoding="utf-8")
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "mod.py").write_text('def f(loc):\n    return loc.gettext("Hello")\n')
    return tmp_path / "locales", package


def test_fuzzy_translations_count_as_missing(tmp_path):
    locales, package = _catalogues(tmp_path, '#, fuzzy\nmsgid "Hello"\nmsgstr "Hallo"\n', "")
    problems = check(locales_dir=locales, package_dir=package, data_dir=None)
    assert len(problems) == 1 and problems[0].startswith("de: translation of 'Hello' is marked fuzzy in ")


def test_data_text_check_names_missing_fuzzy_and_changed_quotes(tmp_path):
    from analysis.present.messages import data_problems

    data_po = ('msgid "as stated: \\"40+ languages\\""\nmsgstr "laut Text: \\"über 40 Sprachen\\""\n\n'
               '#, fuzzy\nmsgid "no context limit listed"\nmsgstr "kein Limit"\n\n'
               'msgid "resolved"\nmsgstr "gelöst"\n')
    locales, _package = _catalogues(tmp_path, 'msgid "Hello"\nmsgstr "Hallo"\n', data_po)
    texts = {"as stated: \"40+ languages\"": ["data/x.csv row 1, notes"],
             "no context limit listed": ["data/prices.csv row 2, notes"], "resolved": ["data/b.csv row 3, setting"],
             "brand new": ["data/prices.csv row 9, notes"]}
    problems = data_problems("de", texts, locales)
    assert problems[0] == ("de: the translation of the data text 'as stated: \"40+ languages\"' changes the quoted "
                           "passage '40+ languages'; quotes stay verbatim")
    assert problems[1].startswith("de: translation of the data text 'no context limit listed' is marked fuzzy")
    assert problems[2] == "de: missing translation of the data text 'brand new' (used at data/prices.csv row 9, notes)"
    assert len(problems) == 3
    assert data_problems("en", texts, locales) == []


def test_every_data_text_the_report_shows_is_collected():
    from analysis.present.messages import data_texts

    texts = data_texts()
    assert "no context limit listed" in texts  # prices.csv notes
    assert "router: price is the lowest across its upstream providers" in texts  # providers.csv notes
    assert "Proprietary" in texts  # models.csv licence
    assert "GPU hourly prices and inference throughput for the self-hosting comparison" in texts  # origin title
    assert "entry cites no price page: source is the LiteLLM release" in texts  # LiteLLM import notes


def test_update_writes_stubs_for_new_data_text_and_drops_obsolete_ones(tmp_path):
    import shutil

    from analysis.core.paths import DATA_DIR
    from analysis.present.messages import update_data

    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    locales = tmp_path / "locales"
    shutil.copytree(Path(__file__).resolve().parents[2] / "analysis" / "locales", locales)
    providers = (data_dir / "providers.csv").read_text(encoding="utf-8")
    (data_dir / "providers.csv").write_text(providers.replace("older host api.together.xyz also seen in clients",
                                                              "a brand-new note"), encoding="utf-8")
    assert update_data(data_dir, locales) == {"es": (1, 1), "de": (1, 1)}
    text = (locales / "de" / "LC_MESSAGES" / "data.po").read_text(encoding="utf-8")
    assert 'msgid "a brand-new note"\nmsgstr ""' in text
    comment = " ".join(text.split('msgid "a brand-new note"')[0].rsplit("\n\n", 1)[-1].replace("#.", " ").split())
    assert comment.startswith("from ") and comment.endswith("data/providers.csv row 4, notes")  # where to look
    assert "older host api.together.xyz" not in text
    assert update_data(data_dir, locales) == {"es": (0, 0), "de": (0, 0)}  # idempotent
