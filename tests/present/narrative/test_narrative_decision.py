"""Decision sections: render in every language, escape data, use only translated message ids."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from decision_fixtures import EVIL, GPUS, MODELS, PROVIDERS, USE_CASES, computed

from analysis.compute.router import router_json
from analysis.core.paths import LOCALES_DIR, PACKAGE_DIR
from analysis.present.i18n import SUPPORTED_LANGUAGES, Localizer, escape_markdown
from analysis.present.messages import placeholders
from analysis.present.narrative import decision as nd
from analysis.present.narrative import sensitivity as ns

DATA = computed()
#: modules whose message ids live in decision.po (the charts' ids are in report.po:
#: tests/present/charts/test_charts_decision.py), as paths inside the package
MODULES = {"compute/scores.py", "compute/pareto.py", "compute/sensitivity.py", "compute/montecarlo.py",
           "compute/recommend.py", "compute/router.py", "present/narrative/decision.py",
           "present/narrative/sensitivity.py"}
PACKAGE = PACKAGE_DIR


def sections(loc: Localizer) -> list[str]:
    return [
        nd.scores_section(USE_CASES, DATA["scores"], MODELS, loc),
        nd.pareto_section(DATA["fronts"], MODELS, loc),
        ns.ratio_section(DATA["ratio"], MODELS, loc),
        ns.volume_section(DATA["break_even"], GPUS, MODELS, loc),
        ns.shocks_section(DATA["shocks"], MODELS, loc),
        ns.reasoning_section(DATA["reasoning"], DATA["crossover"], MODELS, loc),
        ns.montecarlo_section(DATA["mc"], DATA["recs"].top[DATA["recs"].top["rank"] == 1], MODELS, loc),
        ns.weights_section(DATA["dirichlet"], DATA["switches"], MODELS, loc),
        nd.recommendations_section(DATA["recs"], MODELS, PROVIDERS, loc),
        nd.router_section(DATA["config"], DATA["rationale"], MODELS, PROVIDERS, loc, adequate_score=50.0),
    ]


@pytest.mark.parametrize("lang", sorted(SUPPORTED_LANGUAGES))
def test_sections_render_with_headings_and_escaped_data(lang):
    for text in sections(Localizer(lang)):
        assert text.startswith("## ")
        assert EVIL not in text                      # raw Markdown/HTML/TeX never reaches the page
    joined = "\n".join(sections(Localizer(lang)))
    assert escape_markdown(EVIL) in joined


def test_sections_are_translated():
    en, de, es = ("\n".join(sections(Localizer(lang))) for lang in ("en", "de", "es"))
    assert "## Recommendations" in en and "## Empfehlungen" in de and "## Recomendaciones" in es
    assert "In short:" in en and "Kurz gesagt:" in de and "En resumen:" in es
    assert "In short:" not in de


def test_numbers_are_localised():
    de = ns.ratio_section(DATA["ratio"], MODELS, Localizer("de"))
    # alpha at 0% output: $0.10 (p1) -> German "0,10 $" (Babel puts a no-break space before the sign)
    assert "0,10\xa0$" in de


def test_conclusions_follow_the_numbers():
    en = ns.ratio_section(DATA["ratio"], MODELS, Localizer("en"))
    # alpha: 0.1 in / 0.3 out at p1, 0.2 flat at p2 -> cheapest at every mix (0.10 .. 0.20)
    assert "Alpha 1 is the cheapest at every mix, from $0.10 to $0.20" in en


def test_router_config_block_is_json_in_a_fence():
    block = nd.router_config_block(router_json(DATA["config"]))
    assert block.startswith("```json\n") and block.endswith("\n```")


def used_ids() -> dict[str, str]:
    found = {}
    for filename, lineno, message, _c, _x in extract_from_dir(PACKAGE, method_map=[("**.py", "python")],
                                                              keywords={"_": None, "gettext": None}):
        if Path(filename).as_posix() in MODULES:
            found.setdefault(message, f"{filename}:{lineno}")
    return found


@pytest.mark.parametrize("lang", sorted(SUPPORTED_LANGUAGES))
def test_decision_catalogue_has_every_id_with_the_same_placeholders(lang):
    path = LOCALES_DIR / lang / "LC_MESSAGES" / "decision.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    assert catalog.locale_identifier == lang
    entries = {m.id: m.string for m in catalog if m.id}
    for msgid, where in used_ids().items():
        assert entries.get(msgid), f"{lang}: {msgid!r} ({where}) is not translated in decision.po"
        assert placeholders(entries[msgid]) == placeholders(msgid), f"{lang}: placeholders differ in {msgid!r}"
        if lang == "en":
            assert entries[msgid] == msgid


def test_catalogue_loads_through_the_localizer():
    assert Localizer("de").gettext("Price shocks") == "Preisschocks"
    assert Localizer("es").gettext("Hidden reasoning tokens") == "Tokens de razonamiento ocultos"
    assert Localizer("de").gettext("{model}, rented GPUs").format(model="X") == "X, gemietete GPUs"
