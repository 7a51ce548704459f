"""Audit of the 2025-09-06 report: the claims files quote the seeds verbatim, every budget is
recomputed from the report's own inputs (through analysis.compute.costs) and compared with our data,
malformed claims files stop with a DataError naming the file and the claim, and the errata
section renders in every shipped language.

Curated data are small hand-made frames (the figures of the catalogue entries the curated
tables cite), so the verdicts below do not move when data/*.csv grow; one test runs on the real
data/*.csv when they exist.
"""

import json

import numpy as np
import pandas as pd
import pytest
import yaml

from analysis.compute.audit import AUDIT_COLUMNS, audit_claims, verdict_counts
from analysis.core.errors import DataError
from analysis.core.paths import DATA_DIR, external_dir
from analysis.inputs.catalog import Curated
from analysis.inputs.claims import load_claims, missing_quotes
from analysis.inputs.importers import load_litellm
from analysis.present.i18n import Localizer, escape_markdown
from analysis.present.narrative.audit import audit_section

SEEDS_DIR = external_dir().parent / "seeds"
ES, DE = "000_1ff9cb8b378b7492", "001_a198447be540beb1"
CLAIMS_FILES = {seed: DATA_DIR / "claims" / f"{seed}.yaml" for seed in (ES, DE)}
DEEPSEEK, LLAMA, QWEN = "deepseek-r1-distill-llama-8b", "llama-3.2-90b-vision-instruct", "qwen2.5-coder-32b-instruct"
NSCALE_URL = "https://docs.nscale.com/docs/inference/serverless-models/current#chat-models"
VERTEX_90B_KEY = "vertex_ai/meta/llama-3.2-90b-vision-instruct-maas"
VERTEX_405B_KEY = "vertex_ai/meta/llama-3.1-405b-instruct-maas"


def hand_curated(**changes) -> Curated:
    """The three seed models as the curated tables cite them: nscale's prices from LiteLLM
    (2.5e-08 USD/token = 0.025 USD per 1M for DeepSeek both ways; 6e-08 / 2e-07 = 0.06 / 0.2 for
    Qwen), Vertex AI's Llama 3.2 90B listed 0/0 in LiteLLM, i.e. no price (NaN); context windows
    of the model cards (131,072 tokens)."""
    models = pd.DataFrame({
        "model_id": [DEEPSEEK, LLAMA, QWEN],
        "context_window_tokens": pd.array([131072, 131072, 131072], dtype="Int64"),
        "source_url": ["https://huggingface.co/deepseek-ai/DeepSeek-R1-Distill-Llama-8B",
                       "https://huggingface.co/meta-llama/Llama-3.2-90B-Vision-Instruct",
                       "https://huggingface.co/Qwen/Qwen2.5-Coder-32B-Instruct"]})
    prices = pd.DataFrame({
        "model_id": [DEEPSEEK, LLAMA, QWEN], "provider": ["nscale", "vertex_ai", "nscale"],
        "usd_per_mtok_input": [0.025, np.nan, 0.06], "usd_per_mtok_output": [0.025, np.nan, 0.2],
        "catalog": ["litellm"] * 3,
        "catalog_key": ["nscale/deepseek-ai/DeepSeek-R1-Distill-Llama-8B", VERTEX_90B_KEY,
                        "nscale/Qwen/Qwen2.5-Coder-32B-Instruct"],
        "source_url": [NSCALE_URL, "https://cloud.google.com/vertex-ai/generative-ai/pricing", NSCALE_URL]})
    tables = {"models": models, "prices": prices, "benchmarks": pd.DataFrame(),
              "providers": pd.DataFrame({"provider": ["nscale", "openrouter", "vertex_ai"]}), "origins": {}}
    tables.update(changes)
    return Curated(**tables)


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return pd.concat([load_claims(path) for path in CLAIMS_FILES.values()], ignore_index=True)


@pytest.fixture(scope="module")
def audit(claims) -> pd.DataFrame:
    return audit_claims(claims, hand_curated())


def row(audit: pd.DataFrame, claim_id: str, seed: str = ES) -> pd.Series:
    found = audit[(audit["seed"] == f"{seed}.txt") & (audit["claim_id"] == claim_id)]
    assert len(found) == 1, claim_id
    return found.iloc[0]


# --- the claims files --------------------------------------------------------------------------
@pytest.mark.parametrize("seed", [ES, DE])
def test_quotes_occur_verbatim_in_the_seed(seed):
    claims = load_claims(CLAIMS_FILES[seed])
    text = (SEEDS_DIR / f"{seed}.txt").read_text(encoding="utf-8")
    assert missing_quotes(claims, {f"{seed}.txt": text}) == []
    for quote in claims["quote"]:  # the same, spelled out
        assert quote in text


@pytest.mark.parametrize("seed", [ES, DE])
def test_header_names_the_seed(seed):
    header = yaml.safe_load(CLAIMS_FILES[seed].read_text(encoding="utf-8"))
    front = yaml.safe_load((SEEDS_DIR / f"{seed}.txt").read_text(encoding="utf-8").split("---")[1])
    assert header["seed"] == f"{seed}.txt"
    assert str(header["date"]) == str(front["date"]) == "2025-09-06"
    assert header["language"] == front["lang"]
    assert header["title"] == front["title"]


def test_both_editions_make_the_same_claims(claims):
    es, de = (claims[claims["seed"] == f"{s}.txt"].reset_index(drop=True) for s in (ES, DE))
    assert len(es) == 44  # 41 numeric claims and 3 qualitative ones
    same = ["claim_id", "section", "kind", "model_id", "provider", "component", "stated_value", "unit",
            "evidence_verdict", "evidence_source_url", "evidence_source_quote", "evidence_finding"]
    pd.testing.assert_frame_equal(es[same], de[same])


def test_missing_quote_is_reported(claims):
    one = claims[claims["seed"] == f"{ES}.txt"].head(2).copy()
    one.loc[one.index[1], "quote"] = "$0.04 por 1M"
    assert missing_quotes(one, {f"{ES}.txt": (SEEDS_DIR / f"{ES}.txt").read_text(encoding="utf-8")}) == [
        f"{ES}.txt: kp.deepseek.price (quote)"]


# --- budgets -----------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", [ES, DE])
def test_deepseek_budget_arithmetic_holds_but_the_price_is_twice_ours(audit, seed):
    total = row(audit, "budget.deepseek.total", seed)
    # own inputs: 15M tokens x 0.05 USD per 1M = 10 x 0.05 + 5 x 0.05 = 0.75 USD: the arithmetic holds
    assert total["recomputed_value"] == pytest.approx(0.75)
    # our data (nscale 0.025 in / 0.025 out per 1M): 10 x 0.025 + 5 x 0.025 = 0.375 USD -> 0.75 is 2x too high
    assert total["data_value"] == pytest.approx(0.375)
    assert total["data_source_url"] == NSCALE_URL
    assert (total["verdict"], total["basis"], total["direction"]) == ("wrong_by_factor", "our_data", "too_high")
    assert total["factor"] == pytest.approx(2.0)
    tokens = row(audit, "budget.deepseek.tokens", seed)
    assert (tokens["recomputed_value"], tokens["verdict"]) == (15_000_000, "holds")  # 10M + 5M = 15M


@pytest.mark.parametrize("seed", [ES, DE])
@pytest.mark.parametrize("model,lines,total", [
    # 10M x 5e-06 = 50 USD, 5M x 1.6e-05 = 80 USD, total 130 USD (stated 0.05, 0.08, 0.13)
    ("llama", (50.0, 80.0), 130.0),
    # 10M x 6e-08 = 0.6 USD, 5M x 2e-07 = 1.0 USD, total 1.6 USD (stated 0.0006, 0.001, 0.0016)
    ("qwen", (0.6, 1.0), 1.6),
])
def test_budgets_are_wrong_by_a_factor_1000(audit, seed, model, lines, total):
    for claim_id, expected in zip((f"budget.{model}.input", f"budget.{model}.output", f"budget.{model}.total"),
                                  (*lines, total)):
        claim = row(audit, claim_id, seed)
        assert claim["recomputed_value"] == pytest.approx(expected), claim_id
        assert (claim["verdict"], claim["basis"], claim["direction"]) == ("wrong_by_factor", "own_inputs", "too_low")
        assert claim["factor"] == pytest.approx(1000.0), claim_id
        assert claim["expected_value"] == pytest.approx(expected)


def test_qwen_budget_agrees_with_our_data_and_llama_has_no_price(audit):
    # nscale 0.06 / 0.2 per 1M: 10 x 0.06 + 5 x 0.2 = 1.6 USD, the report's own inputs give the same
    qwen = row(audit, "budget.qwen.total")
    assert qwen["data_value"] == pytest.approx(1.6)
    llama = row(audit, "budget.llama.total")
    assert np.isnan(llama["data_value"])
    assert (llama["data_reason"], llama["data_catalog_key"]) == ("no_price_listed", VERTEX_90B_KEY)


@pytest.mark.parametrize("seed", [ES, DE])
@pytest.mark.parametrize("model,stated,body,recomputed", [
    ("qwen", 0.60, 0.0016, 1.6),      # 10 x 0.06 + 5 x 0.2 = 1.6
    ("deepseek", 5.0, 0.75, 0.75),    # 15 x 0.05 = 0.75
    ("llama", 160.0, 0.13, 130.0),    # 10 x 5 + 5 x 16 = 130
])
def test_executive_summary_contradicts_the_body(audit, seed, model, stated, body, recomputed):
    claim = row(audit, f"exec.{model}.budget", seed)
    assert claim["stated_value"] == pytest.approx(stated)
    assert (claim["verdict"], claim["basis"]) == ("inconsistent", "seed_claims")
    assert claim["related_claim_id"] == f"budget.{model}.total"
    assert claim["related_value"] == pytest.approx(body)
    # the summary states no price: its workload is priced with the body's stated prices
    assert claim["recomputed_value"] == pytest.approx(recomputed)


# --- prices and other claims ---------------------------------------------------------------------
def test_stated_prices_against_our_data(audit):
    # 6e-08 / 2e-07 USD per token = 0.06 / 0.2 USD per 1M = nscale's listed prices
    for claim_id, expected in (("kp.qwen.price_input", 0.06), ("reco.qwen.price_output", 0.2)):
        claim = row(audit, claim_id)
        assert (claim["verdict"], claim["data_value"]) == ("holds", pytest.approx(expected))
    # "0.05 per 1M total" vs nscale's 0.025 in and out: 2x too high
    deepseek = row(audit, "kp.deepseek.price")
    assert (deepseek["verdict"], deepseek["factor"], deepseek["expected_value"]) == (
        "wrong_by_factor", pytest.approx(2.0), pytest.approx(0.025))
    # Vertex AI lists no price for Llama 3.2 90B: not checkable
    llama = row(audit, "kp.llama.price_input")
    assert (llama["verdict"], llama["reason"]) == ("not_checkable", "no_price_listed")


def test_per_token_figures_in_the_per_million_column_contradict_the_report(audit):
    # the table's "per 1M tokens" column holds 5e-06, the key points say 5e-06 per token = 5 per 1M
    claim = row(audit, "table.llama.price_input", DE)
    assert (claim["verdict"], claim["related_claim_id"]) == ("inconsistent", "kp.llama.price_input")
    assert (claim["factor"], claim["direction"]) == (pytest.approx(1e6), "too_low")
    assert claim["expected_value"] == pytest.approx(5.0)


def test_context_windows(audit):
    # "8K" = 8,192 at most vs 131,072 tokens: 131072 / 8192 = 16 times too low
    small = row(audit, "table.deepseek.context")
    assert (small["verdict"], small["factor"], small["direction"]) == ("wrong_by_factor", 16.0, "too_low")
    # "128K" = 128 x 1024 = 131,072 tokens: holds
    assert row(audit, "kp.qwen.context")["verdict"] == "holds"


def test_rank_and_unverifiable_claims(audit):
    # by the report's own budgets 0.75 < 1.6 < 130 USD: DeepSeek cheapest, Llama dearest
    assert row(audit, "kp.deepseek.cheapest")["recomputed_value"] == 1
    assert row(audit, "latency.llama.dearest")[["verdict", "recomputed_value"]].tolist() == ["holds", 3]
    for claim_id, reason in (("latency.deepseek.cheaper", "unnamed_comparison"),
                             ("latency.deepseek.slower", "unnamed_comparison")):
        assert row(audit, claim_id)[["verdict", "reason"]].tolist() == ["not_checkable", reason]


@pytest.mark.parametrize("claim_id,verdict,source", [
    ("kp.qwen.languages", "supported", "github.com/QwenLM/Qwen2.5-Coder"),  # 92 languages listed, > 40
    ("reco.qwen.languages", "supported", "github.com/QwenLM/Qwen2.5-Coder"),
    ("kp.openrouter.markup", "contradicted", "openrouter.ai/docs/faq"),  # a fee on every credit purchase
    ("providers.openrouter.markup", "supported", "openrouter.ai/docs/faq"),  # model prices: no markup
    ("table.llama.edge", "unsupported", "meta-llama/llama-models"),  # a 1B/3B property
    ("reco.llama.edge", "unsupported", "meta-llama/llama-models"),
    ("latency.llama.edge", "unsupported", "meta-llama/llama-models"),
])
def test_qualitative_claims_take_the_verdict_of_their_cited_source(audit, claim_id, verdict, source):
    for seed in (ES, DE):
        claim = row(audit, claim_id, seed)
        assert (claim["verdict"], claim["basis"]) == (verdict, "cited_source")
        assert source in claim["evidence_source_url"] and claim["evidence_source_quote"] and claim["evidence_finding"]
        assert pd.isna(claim["expected_value"])


def test_verdict_counts_per_seed(audit):
    counts = verdict_counts(audit).set_index(["seed", "verdict"])["claims"]
    for seed in (ES, DE):
        assert counts[f"{seed}.txt"].to_dict() == {
            "holds": 12, "wrong_by_factor": 12, "wrong": 0, "inconsistent": 7, "supported": 3, "unsupported": 3,
            "contradicted": 1, "not_checkable": 6}
    es, de = (audit[audit["seed"] == f"{s}.txt"] for s in (ES, DE))
    assert es["verdict"].tolist() == de["verdict"].tolist()


def test_llama_prices_are_the_405b_entry_of_litellm(claims):
    path = external_dir() / "litellm_model_prices.json"
    entries = json.loads(path.read_text(encoding="utf-8"))
    assert (entries[VERTEX_90B_KEY]["input_cost_per_token"], entries[VERTEX_90B_KEY]["output_cost_per_token"]) == (0, 0)
    assert (entries[VERTEX_405B_KEY]["input_cost_per_token"], entries[VERTEX_405B_KEY]["output_cost_per_token"]) == (
        5e-06, 1.6e-05)
    audit = audit_claims(claims, hand_curated(), catalogue=load_litellm(path).prices)
    for claim_id in ("kp.llama.price_input", "kp.llama.price_output", "reco.llama.price_input"):
        assert row(audit, claim_id)["catalog_match_keys"] == VERTEX_405B_KEY
    # Qwen's stated pair is nscale's own entry for Qwen: no finding
    assert row(audit, "kp.qwen.price_input")["catalog_match_keys"] == ""


def test_output_is_deterministic(claims, audit):
    shuffled = claims.sample(frac=1.0, random_state=np.random.default_rng(7))
    again = audit_claims(shuffled, hand_curated())
    assert list(again.columns) == AUDIT_COLUMNS
    pd.testing.assert_frame_equal(again, audit)


def test_real_curated_data_when_present(claims):
    if not (DATA_DIR / "prices.csv").exists():
        pytest.skip("data/prices.csv not written yet")
    from analysis.inputs.catalog import load_curated
    curated = load_curated()
    audit = audit_claims(load_claims(CLAIMS_FILES[ES], known_models=curated.models["model_id"]), curated)
    # verdicts that rest on the report's own inputs alone do not depend on our data
    assert row(audit, "budget.llama.total")[["verdict", "factor"]].tolist() == ["wrong_by_factor", 1000.0]
    assert row(audit, "exec.llama.budget")["verdict"] == "inconsistent"
    # nscale lists DeepSeek-R1-Distill-Llama-8B at 0.025 / 0.025 per 1M: 10 x 0.025 + 5 x 0.025 = 0.375 USD
    deepseek = row(audit, "budget.deepseek.total")
    assert (deepseek["data_value"], deepseek["factor"]) == (pytest.approx(0.375), pytest.approx(2.0))
    # Vertex AI's Llama 3.2 90B is the 0/0 placeholder in LiteLLM: kept as a row without a price
    llama = row(audit, "kp.llama.price_input")
    assert llama[["verdict", "reason", "data_catalog_key"]].tolist() == ["not_checkable", "no_price_listed", VERTEX_90B_KEY]


def test_missing_provider_row_is_no_data(claims):
    curated = hand_curated()
    audit = audit_claims(claims, hand_curated(prices=curated.prices[curated.prices["model_id"] != QWEN]))
    claim = row(audit, "kp.qwen.price_input")
    assert claim[["verdict", "reason"]].tolist() == ["not_checkable", "no_data"]


# --- malformed claims files ------------------------------------------------------------------------
GOOD_CLAIM = {"id": "x.price", "section": "key_points", "language": "es", "quote": "$0.05", "kind": "price_per_mtok",
              "model_id": DEEPSEEK, "provider": "nscale", "component": "total", "stated_value": 0.05,
              "unit": "usd_per_mtok"}


def write_claims(tmp_path, claims, **header):
    document = {"seed": "x.txt", "date": "2025-09-06", "language": "es", "title": "T", "claims": claims, **header}
    path = tmp_path / "claims.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def test_bad_yaml_names_the_file(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("seed: x.txt\nclaims: [\n  - id: a\n", encoding="utf-8")
    with pytest.raises(DataError, match="not valid YAML") as error:
        load_claims(path)
    assert error.value.file.endswith("broken.yaml")


EVIDENCE = {"verdict": "supported", "source_url": "https://example.org/card", "retrieved": "2026-11-23",
            "source_quote": "It does.", "finding": "The card says so."}


def test_a_qualitative_claim_needs_no_value_and_keeps_its_evidence(tmp_path):
    qualitative = {"id": "q", "section": "key_points", "quote": "optimised for edge devices", "kind": "qualitative",
                   "model_id": DEEPSEEK, "evidence": {**EVIDENCE, "verdict": "contradicted"}}
    claims = load_claims(write_claims(tmp_path, [GOOD_CLAIM, qualitative]))
    claim = claims.iloc[1]
    assert claim["unit"] == "none" and pd.isna(claim["stated_value"])
    assert claim[["evidence_verdict", "evidence_retrieved", "evidence_source_quote"]].tolist() == [
        "contradicted", "2026-11-23", "It does."]
    audited = audit_claims(claims, hand_curated()).iloc[1]
    assert (audited["verdict"], audited["basis"]) == ("contradicted", "cited_source")
    # without evidence a qualitative claim is not checkable, never silently "holds"
    plain = audit_claims(load_claims(write_claims(tmp_path, [{k: v for k, v in qualitative.items() if k != "evidence"}])),
                         hand_curated()).iloc[0]
    assert (plain["verdict"], plain["reason"]) == ("not_checkable", "not_in_our_data")


@pytest.mark.parametrize("change,column,message", [
    ({"quote": None}, "quote", "missing field 'quote'"),
    ({"kind": "price"}, "kind", "unknown kind"),
    ({"unit": "usd_per_token"}, "unit", "does not fit kind"),
    ({"stated_value": "cheap"}, "stated_value", "not a number"),
    ({"quote": 5e-06}, "quote", "is not text"),
    ({"inputs": {"input_tokens": 10, "usd_per_kilotoken": 1.0}}, "inputs", "unknown input"),
    ({"evidence": {**EVIDENCE, "verdict": "true"}}, "evidence.verdict", "unknown verdict 'true'"),
    ({"evidence": {**EVIDENCE, "source_url": "openrouter faq"}}, "evidence.source_url", "not an http"),
    ({"evidence": {k: v for k, v in EVIDENCE.items() if k != "source_quote"}}, "evidence.source_quote",
     "missing or empty evidence field 'source_quote'"),
    ({"evidence": {**EVIDENCE, "retrieved": "last week"}}, "evidence.retrieved", "not a date"),
    ({"kind": "qualitative", "unit": None}, "stated_value", "a qualitative claim states no value"),
])
def test_malformed_claim_names_file_claim_and_field(tmp_path, change, column, message):
    bad = {**GOOD_CLAIM, **change}
    path = write_claims(tmp_path, [GOOD_CLAIM, {k: v for k, v in bad.items() if v is not None}])
    with pytest.raises(DataError, match=message) as error:
        load_claims(path)
    assert (error.value.file.endswith("claims.yaml"), error.value.row, error.value.column) == (True, 2, column)
    assert "claim 2" in str(error.value)


def test_missing_header_and_duplicate_id(tmp_path):
    with pytest.raises(DataError, match="missing header field 'title'"):
        load_claims(write_claims(tmp_path, [GOOD_CLAIM], title=""))
    with pytest.raises(DataError, match="duplicate id") as error:
        load_claims(write_claims(tmp_path, [GOOD_CLAIM, GOOD_CLAIM]))
    assert error.value.row == 2


def test_unknown_model_names_file_and_claim(tmp_path):
    path = write_claims(tmp_path, [GOOD_CLAIM, {**GOOD_CLAIM, "id": "y", "model_id": "gpt-9"}])
    with pytest.raises(DataError, match="unknown model 'gpt-9'") as error:
        load_claims(path, known_models=[DEEPSEEK])
    assert (error.value.row, error.value.column) == (2, "model_id")
    # without known_models the loader accepts it, and the audit refuses it against the data
    with pytest.raises(DataError, match=r"claim 2 \('y'\): unknown model_id 'gpt-9'") as error:
        audit_claims(load_claims(path), hand_curated())
    assert error.value.file.endswith("claims.yaml")


# --- the errata section ----------------------------------------------------------------------------
@pytest.mark.parametrize("lang,heading,money,verdict", [
    ("en", "## Audit of the September 6, 2025 report", "$130.00", "wrong by a factor of 1,000"),
    ("es", "## Auditoría del informe del 6 de septiembre de 2025", "130,00\xa0US$", "erróneo por un factor de 1.000"),
    ("de", "## Prüfung des Berichts vom 6. September 2025", "130,00\xa0$", "um den Faktor 1.000 falsch"),
])
def test_section_renders_in_every_language(audit, lang, heading, money, verdict):
    text = audit_section(audit, Localizer(lang), seeds=[f"{DE}.txt"])
    assert text.startswith(heading)
    assert money in text  # 10 x 5 + 5 x 16 = 130 USD a month, in the locale's format
    assert verdict in text
    assert "Gesamt = 0,13 \\$" in text and "\\*\\*0,13" not in text  # quoted as read: bold markers dropped, escaped
    assert VERTEX_405B_KEY.replace("_", "\\_") not in text  # no catalogue given: no finding
    assert text == audit_section(audit, Localizer(lang), seeds=[f"{DE}.txt"])


@pytest.mark.parametrize("lang,verdict,source", [
    ("en", "not supported by the source", "Source ([source]"),
    ("es", "no respaldado por la fuente", "Fuente ([fuente]"),
    ("de", "von der Quelle nicht gestützt", "Quelle ([Quelle]"),
])
def test_section_shows_qualitative_verdicts_with_the_quoted_source(audit, lang, verdict, source):
    loc = Localizer(lang, strict=True)  # every finding is translated: strict mode would raise otherwise
    text = audit_section(audit, loc, seeds=[f"{DE}.txt"])
    assert "optimiert für Edge-Geräte" in text  # the claim, as published
    assert verdict in text and source in text
    # the source's own words stay in English, in quotation marks, in every language
    assert "Llama 3.2 1B and 3B models are expected to be deployed in highly constrained environments, such as " \
           "mobile devices.“" in text or "mobile devices.”" in text
    finding = "Qwen's own repository lists the 92 programming languages Qwen2.5-Coder supports, more than 40."
    assert escape_markdown(loc.data(finding)) in text and (lang == "en") == (finding in text)  # translated


def test_section_escapes_data_strings(audit):
    tampered = audit.copy()
    tampered.loc[0, "quote"] = "<script>x</script> *bold* $1"
    text = audit_section(tampered, Localizer("en"), seeds=[tampered.loc[0, "seed"]])
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "\\*bold\\* \\$1" in text


def test_section_shows_each_seed_and_the_summary(audit):
    text = audit_section(audit, Localizer("es"))
    assert text.count("### ") == 2
    assert "| correcto | 12 |" in text and "| contradice al propio informe | 7 |" in text
