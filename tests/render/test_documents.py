"""Splitting the executed notebook into report and appendix, and the blog post."""

import base64

import nbformat
import yaml

from analysis.render.documents import blog_post, split

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def notebook():
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("lang = 'en'", metadata={"tags": ["parameters"]})
    setup = nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["both"]})
    main = nbformat.v4.new_code_cell("show()", outputs=[
        nbformat.v4.new_output("display_data", data={"text/markdown": "# Title\n\nCosts \\$1 and \\$2."}),
        nbformat.v4.new_output("display_data", data={"image/png": base64.b64encode(PNG).decode()},
                               metadata={"image/png": {"alt": "Model A is cheapest [by far]"}})])
    extra = nbformat.v4.new_code_cell("more()", metadata={"tags": ["appendix"]}, outputs=[
        nbformat.v4.new_output("display_data", data={"text/markdown": "## Sources"})])
    nb.cells = [params, setup, main, extra]
    return nb


def test_split_keeps_shared_cells_in_both_and_sets_titles():
    docs = split(notebook(), {"report": "R", "appendix": "A"})
    assert [c.source for c in docs["report"].cells] == ["lang = 'en'", "x = 1", "show()"]
    assert [c.source for c in docs["appendix"].cells] == ["lang = 'en'", "x = 1", "more()"]
    assert docs["report"].metadata["title"] == "R" and docs["appendix"].metadata["title"] == "A"


def test_blog_post_has_the_seed_front_matter_and_images_beside_it():
    text, files = blog_post(split(notebook(), {"report": "R", "appendix": "A"})["report"],
                            lang="de", title="Titel", date="2026-11-12")
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    # the seeds' keys, exactly
    assert sorted(meta) == ["audio", "date", "generated", "image", "lang", "layout", "title", "translated", "type"]
    assert meta["translated"] is False and meta["generated"] is True and meta["lang"] == "de"
    assert str(meta["date"]) == "2026-11-12" and "date: 2026-11-12\n" in front   # unquoted, as the seeds write it
    assert "# Title" not in body and "Costs \\$1 and \\$2." in body             # title in front matter only
    assert list(files) == ["report-01-model-a-is-cheapest-by-far.png"] and files[list(files)[0]] == PNG
    assert "![Model A is cheapest (by far)](report-01-model-a-is-cheapest-by-far.png)" in body
    assert "Sources" not in body                                                # appendix content stays out
