"""Translation catalogue maintenance: extract message ids from the code, check every shipped
language translates every message with the same placeholders, and add new ids to a catalogue.

``python -m analysis.messages check`` prints problems (exit 1 if any);
``python -m analysis.messages update --domain report [module.py ...]`` appends ids that no
catalogue has yet (only those used in the named modules, if any).
"""

from __future__ import annotations

import re
import string
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from analysis.i18n import SUPPORTED_LANGUAGES, po_files
from analysis.paths import LOCALES_DIR

PACKAGE_DIR = Path(__file__).resolve().parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}

Message = str | tuple[str, str]


def extract_messages(package_dir: Path = PACKAGE_DIR) -> dict[Message, list[str]]:
    """Message ids used in the package's ``.py`` files -> where they are used."""
    found: dict[Message, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            package_dir, method_map=[("**.py", "python")], keywords=KEYWORDS):
        found.setdefault(message, []).append(f"{filename}:{lineno}")
    return dict(sorted(found.items(), key=lambda item: str(item[0])))


def placeholders(text: str) -> set[str]:
    """Named ``str.format`` fields of a message (``{model}`` -> ``model``)."""
    try:
        return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<malformed braces>"}


def read_catalogues(lang: str, locales_dir: Path = LOCALES_DIR) -> dict[Message, object]:
    """All entries of a language's catalogues: id -> translation (str, or tuple for plurals)."""
    entries: dict[Message, object] = {}
    for path in po_files(lang, locales_dir):
        with path.open("rb") as handle:
            for message in read_po(handle, locale=lang):
                if message.id:
                    entries[message.id] = message.string
    return entries


def check(locales_dir: Path = LOCALES_DIR, package_dir: Path = PACKAGE_DIR) -> list[str]:
    """Problems, one line each: a missing or empty translation, or placeholders that differ."""
    problems = []
    messages = extract_messages(package_dir)
    for lang in SUPPORTED_LANGUAGES:
        catalogue = read_catalogues(lang, locales_dir)
        for msgid, where in messages.items():
            shown = msgid if isinstance(msgid, str) else msgid[0]
            translation = catalogue.get(msgid)
            texts = list(translation) if isinstance(translation, (tuple, list)) else [translation]
            if translation is None or not all(texts):
                problems.append(f"{lang}: missing translation of {shown!r} (used at {where[0]})")
                continue
            expected = placeholders(msgid if isinstance(msgid, str) else msgid[1])
            for text in texts:
                got = placeholders(text)
                if got != expected:
                    problems.append(f"{lang}: placeholders of {shown!r} differ: "
                                    f"expected {sorted(expected)}, translation has {sorted(got)}")
    return problems


def update(domain: str, modules: list[str] | None = None, locales_dir: Path = LOCALES_DIR) -> dict[str, int]:
    """Append ids that no catalogue of a language has to ``<lang>/LC_MESSAGES/<domain>.po``
    (English gets msgstr = msgid; other languages an empty msgstr to translate). ``modules``:
    only ids used in these files of the package (e.g. ``["narrative.py"]``)."""
    added = {}
    messages = {m: where for m, where in extract_messages().items()
                if modules is None or any(w.split(":")[0] in modules for w in where)}
    for lang in SUPPORTED_LANGUAGES:
        known = read_catalogues(lang, locales_dir)
        path = locales_dir / lang / "LC_MESSAGES" / f"{domain}.po"
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=lang)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=lang, domain=domain, project="llm-cost-report", charset="utf-8", fuzzy=False)
        count = 0
        for msgid in messages:
            if msgid in known:
                continue
            string_ = (msgid if lang == "en" else "") if isinstance(msgid, str) else (tuple(msgid) if lang == "en" else ("", ""))
            catalog.add(msgid, string_)
            count += 1
        with path.open("wb") as handle:
            write_po(handle, catalog, width=0, omit_header=False, no_location=True, sort_output=True)
        _strip_dates(path)
        added[lang] = count
    return added


def _strip_dates(path: Path) -> None:
    """Remove the creation/revision dates Babel writes into headers (reproducible files)."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'"(POT-Creation-Date|PO-Revision-Date): [^"]*\\n"\n', "", text)
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if args[:1] == ["update"] and len(args) >= 3 and args[1] == "--domain":
        print(update(args[2], args[3:] or None))
        return 0
    if args[:1] == ["check"]:
        problems = check()
        print("\n".join(problems) or "all messages translated")
        return 1 if problems else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
