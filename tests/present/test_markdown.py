"""Dollar signs in Markdown outputs: escaped for maths-aware renderers, never inside URLs or code."""

from analysis.present.markdown import escape_dollars
from analysis.render.html import markdown_to_html


def test_bare_dollars_are_escaped_once():
    assert escape_dollars("$0.375 a month via Nscale ($0.025 input)") == "\\$0.375 a month via Nscale (\\$0.025 input)"
    assert escape_dollars(escape_dollars("x $1")) == "x \\$1"          # idempotent
    assert escape_dollars("a \\\\$1") == "a \\\\\\$1"                  # an escaped backslash, then a bare $


def test_code_urls_and_fences_keep_their_dollars():
    text = "see <https://x.com/a?$filter=1>, [s](<https://y?$f>), [t](https://z?$g), `$x`\n```json\n{\"a\": \"$b\"}\n```\n$5"
    out = escape_dollars(text)
    assert "<https://x.com/a?$filter=1>" in out and "(<https://y?$f>)" in out and "(https://z?$g)" in out
    assert "`$x`" in out and '{"a": "$b"}' in out and out.endswith("\\$5")
    html = markdown_to_html(out)
    assert 'href="https://x.com/a?$filter=1"' in html and "\\$" not in html and "$5" in html


def test_audit_quotes_lose_their_bold_markers_but_keep_every_word():
    from analysis.present.narrative.audit import as_read

    assert as_read("Costo = 15M tokens * $0.05/1M tokens = **$0.75**") == "Costo = 15M tokens * $0.05/1M tokens = $0.75"
    assert as_read("__Total__: **$0.13** (*approx*)") == "Total: $0.13 (*approx*)"
