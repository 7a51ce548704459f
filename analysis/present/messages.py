"""Translation catalogues: the code's messages and the data's own text, checked and updated.

Two kinds of text reach the report:

- **messages** of the code (English ids marked with ``_()``), in ``<lang>/LC_MESSAGES/<domain>.po``;
- **data text** the report shows (:data:`DATA_TEXT_COLUMNS`: price and provider notes, benchmark
  settings, licences; the datasets' titles, producers and licences in ``data/origins.yaml``;
  the notes the catalogue importers write; the findings of the claims audit), keyed by the text itself in ``<lang>/LC_MESSAGES/data.po``
  and shown through :meth:`analysis.present.i18n.Localizer.data`.

A translation must exist, be non-empty and not be marked fuzzy (gettext ignores fuzzy entries, so
the report would show English), keep the message's placeholders, and keep every quoted passage
(``"..."`` or ``“...”``) verbatim: quotes stay in the language they were said in.

``python -m analysis.present.messages check [LANG ...]`` prints every problem (exit 1 if any);
``python -m analysis.present.messages update`` adds every missing message and data text as an empty entry
to translate (English messages get msgstr = msgid), and drops data text no longer in the data;
``python -m analysis.present.messages update --domain report [module.py ...]`` adds only code messages
(of the named modules) to one domain.
"""

from __future__ import annotations

import re
import string
import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from analysis.core.paths import DATA_DIR, LOCALES_DIR, PACKAGE_DIR, display_path
from analysis.present.i18n import DATA_DOMAIN, SUPPORTED_LANGUAGES, data_po_file, po_files

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}
#: (table of analysis.inputs.catalog.Curated, column) whose text the report shows through Localizer.data
DATA_TEXT_COLUMNS = [("prices", "notes"), ("providers", "notes"), ("benchmarks", "setting"), ("models", "licence"),
                     ("published_trends", "measure")]
#: fields of each origin record (data/origins.yaml) shown in the sources appendix
ORIGIN_TEXT_FIELDS = ["title", "producer", "licence.name"]
#: module (path inside the package) -> catalogue domain its new messages go to (default: report)
MODULE_DOMAINS = {"present/narrative/audit.py": "audit", "present/narrative/decision.py": "decision",
                  "present/narrative/sensitivity.py": "decision", "present/charts/decision.py": "decision",
                  "present/vocabulary.py": "decision"}
_QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”')

Message = str | tuple[str, str]


@dataclass(frozen=True)
class Entry:
    """One catalogue entry: the translation (str, or tuple for plurals), its fuzzy flag, its file."""

    string: object
    fuzzy: bool
    path: Path


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


def quotes(text: str) -> list[str]:
    """The quoted passages of a text (inside ``"..."`` or ``“...”``), which translations keep verbatim."""
    return [a or b for a, b in _QUOTED.findall(text)]


def read_entries(paths: list[Path], lang: str) -> dict[Message, Entry]:
    """All entries of the given catalogues of one language."""
    entries: dict[Message, Entry] = {}
    for path in paths:
        with path.open("rb") as handle:
            for message in read_po(handle, locale=lang):
                if message.id:
                    entries[message.id] = Entry(message.string, message.fuzzy, path)
    return entries


def read_catalogues(lang: str, locales_dir: Path = LOCALES_DIR) -> dict[Message, object]:
    """Code message entries of a language: id -> translation (str, or tuple for plurals)."""
    return {msgid: entry.string for msgid, entry in read_entries(po_files(lang, locales_dir), lang).items()}


def data_texts(data_dir: Path | None = DATA_DIR) -> dict[str, list[str]]:
    """Every data text the report can show -> where it comes from (``file row N, column``)."""
    from analysis.compute.market import load_prices
    from analysis.inputs.catalog import load_curated  # data loading only when the data is checked
    from analysis.inputs.claims import load_claims

    if data_dir is None:
        return {}
    found: dict[str, list[str]] = {}
    curated = load_curated(Path(data_dir))
    for table, column in DATA_TEXT_COLUMNS:
        for row, text in enumerate(getattr(curated, table)[column], start=1):
            if isinstance(text, str) and text.strip():
                found.setdefault(text, []).append(f"{display_path(Path(data_dir) / table)}.csv row {row}, {column}")
    for name, record in sorted(curated.origins.items()):
        for field in ORIGIN_TEXT_FIELDS:
            value = record
            for part in field.split("."):
                value = value.get(part) if isinstance(value, dict) else None
            if isinstance(value, str) and value.strip():
                found.setdefault(value, []).append(f"{display_path(Path(data_dir) / 'origins.yaml')} {name}.{field}")
    for path in sorted((Path(data_dir) / "claims").glob("*.yaml")):
        claims = load_claims(path)
        for claim in claims[claims["evidence_finding"] != ""].itertuples():
            found.setdefault(claim.evidence_finding, []).append(f"{display_path(path)} claim {claim.position} finding")
    for catalog in ("litellm", "openrouter"):
        for text in sorted(set(load_prices(catalog, curated).prices["notes"])):
            if isinstance(text, str) and text.strip():
                found.setdefault(text, []).append(f"notes of the {catalog} import")
    return dict(sorted(found.items()))


def _entry_problem(lang: str, kind: str, shown: str, entry: Entry | None, where: str) -> str | None:
    if entry is None:
        return f"{lang}: missing translation of {kind}{shown!r} (used at {where})"
    texts = list(entry.string) if isinstance(entry.string, (tuple, list)) else [entry.string]
    if not all(texts):
        return f"{lang}: empty translation of {kind}{shown!r} in {display_path(entry.path)} (used at {where})"
    if entry.fuzzy:
        return (f"{lang}: translation of {kind}{shown!r} is marked fuzzy in {display_path(entry.path)}, so the "
                f"report would show English; review it and remove the fuzzy flag")
    return None


def message_problems(lang: str, messages: dict[Message, list[str]], locales_dir: Path = LOCALES_DIR) -> list[str]:
    """Problems of one language's code messages: missing, empty, fuzzy, other placeholders."""
    problems = []
    catalogue = read_entries(po_files(lang, locales_dir), lang)
    for msgid, where in messages.items():
        shown = msgid if isinstance(msgid, str) else msgid[0]
        entry = catalogue.get(msgid)
        problem = _entry_problem(lang, "", shown, entry, where[0])
        if problem:
            problems.append(problem)
            continue
        expected = placeholders(msgid if isinstance(msgid, str) else msgid[1])
        for text in (list(entry.string) if isinstance(entry.string, (tuple, list)) else [entry.string]):
            got = placeholders(text)
            if got != expected:
                problems.append(f"{lang}: placeholders of {shown!r} differ: "
                                f"expected {sorted(expected)}, translation has {sorted(got)}")
    return problems


def data_problems(lang: str, texts: dict[str, list[str]], locales_dir: Path = LOCALES_DIR) -> list[str]:
    """Problems of one language's data text: missing, empty, fuzzy, a quoted passage not kept."""
    if lang == "en" or not texts:
        return []
    path = data_po_file(lang, locales_dir)
    catalogue = read_entries([path] if path.exists() else [], lang)
    problems = []
    for text, where in texts.items():
        entry = catalogue.get(text)
        problem = _entry_problem(lang, "the data text ", text, entry, where[0])
        if problem:
            problems.append(problem)
            continue
        lost = [q for q in quotes(text) if q not in str(entry.string)]
        if lost:
            problems.append(f"{lang}: the translation of the data text {text!r} changes the quoted passage "
                            f"{lost[0]!r}; quotes stay verbatim")
    return problems


def language_problems(lang: str, *, locales_dir: Path = LOCALES_DIR, package_dir: Path = PACKAGE_DIR,
                      data_dir: Path | None = DATA_DIR) -> list[str]:
    """Everything one language lacks for a complete report (the build checks this first)."""
    return (message_problems(lang, extract_messages(package_dir), locales_dir)
            + data_problems(lang, data_texts(data_dir), locales_dir))


def check(locales_dir: Path = LOCALES_DIR, package_dir: Path = PACKAGE_DIR, data_dir: Path | None = DATA_DIR,
          languages=tuple(SUPPORTED_LANGUAGES)) -> list[str]:
    """Problems of every language, one line each (see the module docstring)."""
    messages, texts = extract_messages(package_dir), data_texts(data_dir)
    return [problem for lang in languages
            for problem in message_problems(lang, messages, locales_dir) + data_problems(lang, texts, locales_dir)]


# --- writing catalogues -----------------------------------------------------------------------
def _load_or_new(path: Path, lang: str, domain: str) -> Catalog:
    if path.exists():
        with path.open("rb") as handle:
            return read_po(handle, locale=lang, domain=domain)
    path.parent.mkdir(parents=True, exist_ok=True)
    return Catalog(locale=lang, domain=domain, project="llm-cost-report", charset="utf-8", fuzzy=False)


def _write(path: Path, catalog: Catalog, *, locations: bool = False) -> None:
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False, no_location=not locations, sort_output=True)
    _strip_dates(path)


def update(domain: str | None = None, modules: list[str] | None = None,
           locales_dir: Path = LOCALES_DIR) -> dict[str, int]:
    """Append code message ids that no catalogue of a language has (English gets msgstr = msgid;
    other languages an empty msgstr to translate) to ``domain`` (default: the domain of the module
    that uses the id, :data:`MODULE_DOMAINS`). ``modules``: only ids used in these files."""
    added = {}
    messages = {m: where for m, where in extract_messages().items()
                if modules is None or any(w.split(":")[0] in modules for w in where)}
    for lang in SUPPORTED_LANGUAGES:
        known = read_catalogues(lang, locales_dir)
        catalogs: dict[str, Catalog] = {}
        count = 0
        for msgid, where in messages.items():
            if msgid in known:
                continue
            name = domain or MODULE_DOMAINS.get(Path(where[0].split(":")[0]).as_posix(), "report")
            path = locales_dir / lang / "LC_MESSAGES" / f"{name}.po"
            catalog = catalogs.setdefault(name, _load_or_new(path, lang, name))
            if isinstance(msgid, str):
                catalog.add(msgid, msgid if lang == "en" else "")
            else:
                catalog.add(msgid, tuple(msgid) if lang == "en" else ("", ""))
            count += 1
        for name, catalog in catalogs.items():
            _write(locales_dir / lang / "LC_MESSAGES" / f"{name}.po", catalog)
        added[lang] = count
    return added


def update_data(data_dir: Path = DATA_DIR, locales_dir: Path = LOCALES_DIR) -> dict[str, tuple[int, int]]:
    """Bring each translated language's ``data.po`` in step with the data: add every data text it
    lacks as an empty entry (with where it comes from), drop entries the data no longer has.
    Returns ``{lang: (added, dropped)}``."""
    texts = data_texts(data_dir)
    result = {}
    for lang in SUPPORTED_LANGUAGES:
        if lang == "en":
            continue
        path = data_po_file(lang, locales_dir)
        catalog = _load_or_new(path, lang, DATA_DOMAIN)
        obsolete = [m.id for m in catalog if m.id and m.id not in texts]
        for msgid in obsolete:
            del catalog[msgid]
        added = 0
        for text, where in texts.items():
            comments = ["from " + "; ".join(where[:3]) + (f" (+{len(where) - 3} more)" if len(where) > 3 else "")]
            if quotes(text):
                comments.append("keep the quoted passages verbatim")
            if text in catalog:
                catalog[text].auto_comments = comments
                continue
            catalog.add(text, "", auto_comments=comments)
            added += 1
        _write(path, catalog)
        result[lang] = (added, len(obsolete))
    return result


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
    if args == ["update"]:
        print("messages added:", update())
        print("data texts (added, dropped):", update_data())
        problems = check()
        print(f"{len(problems)} entries still to translate; see: python -m analysis.present.messages check")
        return 0
    if args[:1] == ["check"] and set(args[1:]) <= set(SUPPORTED_LANGUAGES):
        problems = check(languages=tuple(args[1:]) or tuple(SUPPORTED_LANGUAGES))
        print("\n".join(problems) or "all messages and data texts translated")
        return 1 if problems else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
