"""The committed reports: present for every language, in that language, and their budgets are
the ones the current data gives (nbval re-runs them cell by cell as well)."""

import json
import re
import shutil
import subprocess

import pytest

from analysis.compute.report import prepare
from analysis.core.paths import REPORTS_DIR
from analysis.present.i18n import SUPPORTED_LANGUAGES, Localizer
from analysis.present.narrative.sections import REPORT_TITLE


def markdown_outputs(*notebook_paths):
    return "\n".join(_markdown_of(path) for path in notebook_paths)


def _markdown_of(notebook_path):
    nb = json.loads(notebook_path.read_text(encoding="utf-8"))
    return "\n".join("".join(out.get("data", {}).get("text/markdown", ""))
                     for cell in nb["cells"] for out in cell.get("outputs", []))


@pytest.mark.parametrize("lang", list(SUPPORTED_LANGUAGES))
def test_published_report_exists_in_its_language(lang):
    folder = REPORTS_DIR / lang
    for name in ("report.ipynb", "report.html", "report.pdf", "appendix.ipynb", "appendix.html", "appendix.pdf",
                 "report.md"):
        assert (folder / name).exists(), f"{folder / name} missing: run make reports"
    assert (REPORTS_DIR / "data" / "README.md").exists() and (REPORTS_DIR / "data" / "budgets.csv").exists()
    page = (folder / "report.html").read_text(encoding="utf-8")
    title = Localizer(lang).gettext(REPORT_TITLE)
    assert f'<html lang="{lang}">' in page
    assert f"<title>{title}</title>" in page.replace("&#39;", "'")
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(folder / "report.pdf")], capture_output=True, text=True).stdout
        assert re.search(r"Title:\s+" + re.escape(title), info), info
        # a short main report: at most 16 pages; A4 for every language but en (US Letter)
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        assert pages <= 16, f"{lang}: report.pdf has {pages} pages"
        width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
        a4, letter = (595.28, 841.89), (612.0, 792.0)
        assert (width, height) == pytest.approx(letter if lang == "en" else a4, abs=1.0), info


@pytest.mark.parametrize("lang", list(SUPPORTED_LANGUAGES))
def test_published_budgets_match_the_data(lang):
    loc = Localizer(lang)
    # the appendix holds the budget at every provider; the report those at the chosen ones
    text = markdown_outputs(REPORTS_DIR / lang / "report.ipynb", REPORTS_DIR / lang / "appendix.ipynb").replace("\\$", "$")
    nb = json.loads((REPORTS_DIR / lang / "report.ipynb").read_text(encoding="utf-8"))
    parameters = nb["metadata"]["papermill"]["parameters"]
    data = prepare(monthly_input_tokens=parameters.get("monthly_input_tokens", 10_000_000),
                   monthly_output_tokens=parameters.get("monthly_output_tokens", 5_000_000),
                   monthly_cached_input_tokens=parameters.get("monthly_cached_input_tokens", 0),
                   models=parameters.get("models"))
    for row in data.costs.itertuples():
        assert loc.money(row.usd_total) in text, (row.model_id, row.provider, loc.money(row.usd_total))


def test_published_router_config_is_valid_and_current():
    from analysis.compute.decision import prepare_decision
    from analysis.compute.router import router_json, validate_router_config

    published = json.loads((REPORTS_DIR / "router-config.json").read_text(encoding="utf-8"))
    assert validate_router_config(published) == []
    assert set(published["Router"]) <= {"default", "background", "think", "longContext", "longContextThreshold", "image"}
    assert published["Router"]["longContextThreshold"] == 60000  # claude-code-router's documented default
    data = prepare(monthly_input_tokens=10_000_000, monthly_output_tokens=5_000_000)
    expected = prepare_decision(data, data.workload).router_config
    assert (REPORTS_DIR / "router-config.json").read_text(encoding="utf-8") == router_json(expected)
