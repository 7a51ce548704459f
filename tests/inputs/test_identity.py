"""Model and provider identity: the spellings of one model across catalogues meet in one id."""

import pytest

from analysis.core.errors import DataError
from analysis.core.paths import DATA_DIR
from analysis.inputs.identity import ALIAS_COLUMNS, canonical_model_id, canonical_provider, load_aliases, rule_model_id


@pytest.fixture(scope="module")
def aliases():
    return load_aliases()


SAME_MODEL = {
    "qwen2.5-coder-32b-instruct": [
        "openrouter/qwen/qwen-2.5-coder-32b-instruct",
        "nscale/Qwen/Qwen2.5-Coder-32B-Instruct",
        "fireworks_ai/accounts/fireworks/models/qwen2p5-coder-32b-instruct",
        "together_ai/Qwen/Qwen2.5-Coder-32B-Instruct",
        "hyperbolic/Qwen/Qwen2.5-Coder-32B-Instruct",
        "cloudflare/@cf/qwen/qwen2.5-coder-32b-instruct",
        "Qwen/Qwen2.5-Coder-32B-Instruct",                       # OpenRouter's hugging_face_id
        "lambda_ai/qwen25-coder-32b-instruct",                   # alias table
    ],
    "llama-3.2-90b-vision-instruct": [
        "fireworks_ai/accounts/fireworks/models/llama-v3p2-90b-vision-instruct",
        "watsonx/meta-llama/llama-3-2-90b-vision-instruct",
        "oci/meta.llama-3.2-90b-vision-instruct",
        "vertex_ai/meta/llama-3.2-90b-vision-instruct-maas",
        "us.meta.llama3-2-90b-instruct-v1:0",                    # rules + alias (90B is vision only)
    ],
    "deepseek-r1-distill-llama-8b": [
        "nscale/deepseek-ai/DeepSeek-R1-Distill-Llama-8B",
        "fireworks_ai/accounts/fireworks/models/deepseek-r1-distill-llama-8b",
    ],
}


@pytest.mark.parametrize("raw,expected", [(raw, model) for model, raws in SAME_MODEL.items() for raw in raws])
def test_spellings_of_one_model_meet(aliases, raw, expected):
    assert canonical_model_id(raw, aliases) == expected


@pytest.mark.parametrize("raw,expected", [
    ("anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-3-5-sonnet-20241022"),  # Bedrock version tag
    ("vertex_ai/claude-3-5-sonnet@20240620", "claude-3-5-sonnet-20240620"),      # Vertex '@' date
    ("bedrock/eu-west-3/mistral.mistral-7b-instruct-v0:2", "mistral-7b-instruct-v0.2"),
    ("meta-llama/Meta-Llama-3.1-8B-Instruct", "llama-3.1-8b-instruct"),         # old HF name
    ("groq/llama3-70b-8192", "llama-3-70b-8192"),
    ("openrouter/qwen/qwen3-coder:free", "qwen3-coder"),                         # variant suffix
    ("novita/deepseek/deepseek-v3/community", "deepseek-v3-community"),         # route label kept
    ("gpt-4o-2024-08-06", "gpt-4o-2024-08-06"),                                  # dates are kept
    ("gpt-4.1", "gpt-4.1"),
    ("llama-guard-3-8b", "llama-guard-3-8b"),
])
def test_rules(raw, expected):
    assert rule_model_id(raw) == expected


def test_rules_alone_cannot_decide_lambda_qwen25():
    # 'qwen25' could be Qwen 2.5 or Qwen 25: only the alias table says which
    assert canonical_model_id("lambda_ai/qwen25-coder-32b-instruct") == "qwen25-coder-32b-instruct"
    assert canonical_model_id("lambda_ai/qwen25-coder-32b-instruct", {"qwen25-coder-32b-instruct": "x"}) == "x"


def test_alias_of_the_full_raw_id_wins_over_rules():
    aliases = {"vercel_ai_gateway/meta/llama-3.2-90b": "llama-3.2-90b-vision-instruct"}
    assert canonical_model_id("Vercel_AI_Gateway/meta/llama-3.2-90b", aliases) == "llama-3.2-90b-vision-instruct"
    assert canonical_model_id("other/meta/llama-3.2-90b", aliases) == "llama-3.2-90b"


@pytest.mark.parametrize("raw,expected", [
    ("vertex_ai-llama_models", "vertex_ai"), ("vertex_ai-language-models", "vertex_ai"),
    ("vertex_ai-ai21_models", "vertex_ai"), ("text-completion-openai", "openai"),
    ("bedrock_converse", "bedrock"), ("azure_text", "azure"), ("cohere_chat", "cohere"),
    ("together_ai", "together_ai"), ("openai", "openai"),
])
def test_provider_names(raw, expected):
    assert canonical_provider(raw) == expected


def test_alias_table_is_cited_and_canonical(aliases):
    import pandas as pd

    from analysis.inputs.identity import ALIASES_PATH
    table = pd.read_csv(ALIASES_PATH, dtype=str, keep_default_na=False)
    assert list(table.columns) == ALIAS_COLUMNS
    assert table["source_url"].str.match(r"https?://").all()
    assert table["retrieved"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert (table["notes"] != "").all()
    # every alias names a model of models.csv, except Llama 3.2 11B Vision: its Bedrock alias is kept
    # so the catalogue importer does not read meta.llama3-2-11b-instruct as a text-only model
    models = set(pd.read_csv(DATA_DIR / "models.csv", dtype=str)["model_id"])
    assert set(aliases.values()) - models == {"llama-3.2-11b-vision-instruct"}


@pytest.mark.parametrize("rows,fragment", [
    (["a,b,https://x.org,2026-01-01,n", "A,c,https://x.org,2026-01-01,n"], "row 2, column 'raw_id': duplicate"),
    (["a,Not Canonical,https://x.org,2026-01-01,n"], "row 1, column 'model_id'"),
    (["a,b,,2026-01-01,n"], "row 1, column 'source_url': required value is empty"),
])
def test_bad_alias_table_names_row_and_column(tmp_path, rows, fragment):
    path = tmp_path / "model_aliases.csv"
    path.write_text("\n".join([",".join(ALIAS_COLUMNS), *rows]) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=fragment):
        load_aliases(path)
