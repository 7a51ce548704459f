"""The published HTML as a browser renders it: every money figure intact, nothing loaded from
outside the file. Runs Debian's headless Chromium (``.ci/run`` installs it) with the network
mapped to nowhere and a net log; page requests are told apart from the browser's own background
requests by their initiator (a file page's is ``null``; the browser's own are ``not an origin``).

MathJax: the pages carry no MathJax loader at all (the template drops it), so there is no
"MathJax present" case to render; the static test checks that no script, stylesheet or image
points outside the file."""

import html
import json
import re
import shutil
import subprocess

import pytest

from analysis.core.paths import REPORTS_DIR
from analysis.present.i18n import SUPPORTED_LANGUAGES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (apt-get install chromium)")
DOCUMENTS = ("report", "appendix")
MONEY = re.compile(r"(?:US)?\\?\$\s?[\d.,]*\d|\d[\d.,]*\s?(?:US)?\\?\$")


def render(page, tmp_path):
    """``(dom text, urls the page requested)`` after scripts ran, network off."""
    net_log = tmp_path / "net.json"
    run = subprocess.run(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         "--host-resolver-rules=MAP * ~NOTFOUND", f"--log-net-log={net_log}", "--virtual-time-budget=3000",
         "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    log = json.loads(net_log.read_text(encoding="utf-8"))
    kinds = {number: name for name, number in log["constants"]["logEventTypes"].items()}
    urls = sorted({e["params"]["url"] for e in log["events"]
                   if kinds.get(e["type"]) == "URL_REQUEST_START_JOB" and "url" in e.get("params", {})
                   and e["params"].get("initiator") != "not an origin"})
    return run.stdout, urls


def text_of(dom: str) -> str:
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", dom, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).replace("\xa0", " ").split())


def markdown_of(notebook) -> str:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return "\n".join("".join(out.get("data", {}).get("text/markdown", ""))
                     for cell in nb["cells"] for out in cell.get("outputs", []))


def test_a_page_with_external_scripts_is_caught(tmp_path):
    """The check itself: a page loading MathJax from a CDN is flagged, and its '$1 and $2' is seen."""
    page = tmp_path / "bad.html"
    page.write_text('<html><head><script src="https://cdn.jsdelivr.net/npm/mathjax@2/MathJax.js"></script></head>'
                    '<body><p>$1 and $2</p></body></html>', encoding="utf-8")
    dom, urls = render(page, tmp_path)
    assert urls == ["https://cdn.jsdelivr.net/npm/mathjax@2/MathJax.js"]
    assert "$1 and $2" in text_of(dom)


@pytest.mark.parametrize("lang", sorted(SUPPORTED_LANGUAGES))
@pytest.mark.parametrize("document", DOCUMENTS)
def test_published_html_renders_money_intact_and_loads_nothing(lang, document, tmp_path):
    page = REPORTS_DIR / lang / f"{document}.html"
    source = page.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=\"?https?:|@import|MathJax|require\.js", source)
    dom, urls = render(page, tmp_path)
    assert [u for u in urls if not u.startswith(("file:", "data:"))] == []
    shown = text_of(dom)
    markdown = markdown_of(REPORTS_DIR / lang / f"{document}.ipynb")
    # every line of Markdown that holds two or more amounts (where maths rendering garbled them) must
    # appear in the page with all its amounts, in order, and no backslash before a dollar sign
    lines = [line for line in markdown.splitlines() if len(MONEY.findall(line)) >= 2]
    assert lines, "no line with two amounts found"
    for line in lines[:80]:
        amounts = [a.replace("\\$", "$").replace("\xa0", " ") for a in MONEY.findall(line)]
        pattern = r".*?".join(re.escape(a) for a in amounts)
        assert re.search(pattern, shown), (line, amounts)
    assert "\\$" not in shown
