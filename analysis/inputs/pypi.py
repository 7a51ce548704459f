"""PyPI's JSON API (``https://pypi.org/pypi/<name>/json``): the newest release of a catalogue
package as a :class:`~analysis.inputs.wheels.LockedWheel` (wheel file name, SHA-256, URL, upload
time). The registry being unreachable is a plain :class:`~analysis.core.errors.DataError`.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence

from analysis.core.errors import DataError
from analysis.inputs.wheels import LockedWheel

PYPI_JSON = "https://pypi.org/pypi/{name}/json"
#: seconds to wait for the index
TIMEOUT_SECONDS = 30
#: wheel tags in order of preference (the price map is the same in every platform's wheel)
PREFERRED_TAGS = ("py3-none-any", "manylinux_2_28_x86_64", "manylinux")


def get_json(url: str) -> dict:
    """GET a JSON document; DataError (no traceback) when the registry cannot be reached."""
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - https only
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        raise DataError(f"the package index answered {exc.code} {exc.reason} for {url}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DataError(f"the package index is unreachable ({reason}) at {url}",
                        hint="check the network or proxy; data/ and reports/ were left as they were") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"the package index gave no JSON for {url} ({exc})") from None


def pick_wheel(files: Sequence[Mapping], package: str, version: str) -> Mapping:
    """The wheel of a release's files to lock: by :data:`PREFERRED_TAGS`, else the first wheel."""
    wheels = sorted((f for f in files if str(f.get("filename", "")).endswith(".whl")), key=lambda f: f["filename"])
    if not wheels:
        raise DataError(f"{package} {version} has no wheel on the index (only {len(files)} other files)")
    for tag in PREFERRED_TAGS:
        for wheel in wheels:
            if tag in wheel["filename"]:
                return wheel
    return wheels[0]


def release_from_json(document: Mapping, package: str, index_url: str, version: str | None = None) -> LockedWheel:
    """A release (default: the newest, ``info.version``) described by a PyPI JSON document; ``built``
    is the upload date until the wheel's own build date is read (:func:`analysis.inputs.wheels.sbom_build_date`)."""
    try:
        version = version or str(document["info"]["version"])
        files = document["releases"][version]
    except (KeyError, TypeError):
        raise DataError(f"the package index lists no release {version or '(newest)'} of {package}",
                        file=index_url) from None
    wheel = pick_wheel(files, package, version)
    uploaded = str(wheel.get("upload_time_iso_8601") or wheel.get("upload_time") or "")
    sha256 = (wheel.get("digests") or {}).get("sha256")
    if not uploaded or not sha256:
        raise DataError(f"{package} {version}: the index gives no upload time or SHA-256 for {wheel['filename']}")
    url = urllib.parse.urljoin(index_url, str(wheel["url"]))
    return LockedWheel(package, version, str(wheel["filename"]), str(sha256), url, uploaded, uploaded[:10])


def newest_release(package: str, version: str | None = None) -> LockedWheel:
    """The newest release of ``package`` on PyPI (or ``version``), with the wheel to lock."""
    url = PYPI_JSON.format(name=package)
    return release_from_json(get_json(url), package, url, version)
