"""Publishing a build safely: signals that clean up, one private folder for temporary files,
one lock per language, a swap that never leaves ``reports/<lang>`` absent, readable files.

- :func:`cleanup_on_signals` turns SIGTERM, SIGHUP and SIGINT into :class:`BuildInterrupted`
  (in the main thread), so every ``finally`` of the build runs: the staging folder is removed,
  the kernel is shut down, the temporary folder is deleted. A second signal during the cleanup
  is ignored, so the cleanup finishes.
- :func:`scratch_tempdir` points ``tempfile`` and ``TMPDIR`` (inherited by the kernel and
  xelatex) at one private folder, removed at the end: kernel connection files and
  nbconvert's work folders cannot outlive the build.
- :func:`language_lock` holds ``fcntl.flock`` on ``<reports>/.lock-<lang>``: a second build of
  the same language waits (saying so) and gives up with a clear message after ``wait`` seconds.
- :func:`publish` swaps the finished staging folder in with ``renameat2(RENAME_EXCHANGE)``
  (Linux; ``renamex_np(RENAME_SWAP)`` on macOS): ``reports/<lang>`` stays a plain folder that
  git tracks, and at every instant it is either the old or the new report.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from analysis.core.errors import BuildError, BuildInterrupted
from analysis.core.paths import display_path

#: signals that interrupt a build cleanly
SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
DIR_MODE, FILE_MODE = 0o755, 0o644
#: default seconds a build waits for another build of the same language
DEFAULT_LOCK_WAIT = 900.0


# --- signals -------------------------------------------------------------------------------
@contextmanager
def cleanup_on_signals() -> Iterator[None]:
    """Within the block, SIGTERM/SIGINT/SIGHUP raise :class:`BuildInterrupted` in the main
    thread (elsewhere: no change). Further signals are ignored until the block is left."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.getsignal(signum) for signum in SIGNALS}

    def interrupt(signum: int, _frame) -> None:
        for other in SIGNALS:
            signal.signal(other, signal.SIG_IGN)  # let the cleanup finish
        # the interrupted notebook client leaves asyncio tasks waiting on the kernel we are about
        # to stop; their "Task exception was never retrieved" tracebacks say nothing new
        logging.getLogger("asyncio").addFilter(_drop_after_interrupt)
        raise BuildInterrupted(signum)

    for signum in SIGNALS:
        signal.signal(signum, interrupt)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _drop_after_interrupt(record: logging.LogRecord) -> bool:
    return False


# --- temporary files -------------------------------------------------------------------------
_scratch_guard = threading.Lock()
_scratch: dict = {"depth": 0, "path": None, "saved": None, "sockets": None}
#: a Unix socket path may have at most 107 bytes; kernel sockets are named <folder>/k<12 hex>-ipc-<n>
_SOCKET_FOLDER_MAX = 80


@contextmanager
def scratch_tempdir(prefix: str = "llm-cost-report-") -> Iterator[Path]:
    """One private temporary folder for everything the build and its children create through
    ``tempfile`` or ``$TMPDIR``; removed when the outermost block ends (also on error or
    signal). Nested and concurrent (threads) blocks share the folder."""
    with _scratch_guard:
        if _scratch["depth"] == 0:
            path = Path(tempfile.mkdtemp(prefix=prefix, dir=tempfile.gettempdir()))
            _scratch.update(path=path, saved=(tempfile.tempdir, os.environ.get("TMPDIR")))
            tempfile.tempdir = str(path)
            os.environ["TMPDIR"] = str(path)
        _scratch["depth"] += 1
        path = _scratch["path"]
    try:
        yield path
    finally:
        with _scratch_guard:
            _scratch["depth"] -= 1
            if _scratch["depth"] == 0:
                saved_tempdir, saved_env = _scratch["saved"]
                tempfile.tempdir = saved_tempdir
                if saved_env is None:
                    os.environ.pop("TMPDIR", None)
                else:
                    os.environ["TMPDIR"] = saved_env
                shutil.rmtree(path, ignore_errors=True)
                if _scratch["sockets"] is not None:
                    shutil.rmtree(_scratch["sockets"], ignore_errors=True)
                _scratch.update(path=None, saved=None, sockets=None)


def socket_dir() -> Path:
    """A folder for the kernel's connection file and IPC sockets: the scratch folder, or, if its
    path is too long for a Unix socket, a short private folder in /tmp removed with it."""
    with _scratch_guard:
        base = Path(_scratch["path"] or tempfile.gettempdir())
        if len(os.fsencode(base)) <= _SOCKET_FOLDER_MAX or _scratch["path"] is None:
            return base
        if _scratch["sockets"] is None:
            _scratch["sockets"] = Path(tempfile.mkdtemp(prefix="lcr-", dir="/tmp"))
        return _scratch["sockets"]


# --- locks -------------------------------------------------------------------------------------
def lock_path(reports_dir: Path, lang: str) -> Path:
    return Path(reports_dir) / f".lock-{lang}"


@contextmanager
def language_lock(reports_dir: Path, lang: str, wait: float = DEFAULT_LOCK_WAIT,
                  log: Callable[[str], None] = print, poll: float = 0.2) -> Iterator[None]:
    """Hold the lock of one language's output folder. Another holder: say so once, wait up to
    ``wait`` seconds, then raise :class:`BuildError` naming its pid and the lock file."""
    path = lock_path(reports_dir, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    try:
        deadline = time.monotonic() + max(0.0, float(wait))
        said = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
                if time.monotonic() >= deadline:
                    raise BuildError(f"[{lang}] another build of this language (pid {holder}) holds "
                                     f"{display_path(path)}; gave up after {wait:g} s. Wait for it to finish, "
                                     f"or give more time with --wait SECONDS") from None
                if not said:
                    log(f"[{lang}] another build of this language is running (pid {holder}); "
                        f"waiting up to {wait:g} s for it to finish")
                    said = True
                time.sleep(poll)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        os.fchmod(fd, FILE_MODE)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def remove_stale(reports_dir: Path, lang: str) -> list[Path]:
    """Remove what a killed build of ``lang`` (SIGKILL, power loss) left behind: staging and
    swap folders. Call only while holding the language's lock."""
    stale = sorted(Path(reports_dir).glob(f".build-{lang}-*")) + sorted(Path(reports_dir).glob(f".old-{lang}"))
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)
    return stale


# --- the swap ------------------------------------------------------------------------------------
_RENAME_EXCHANGE = 2  # linux/fs.h
_RENAME_SWAP = 2      # macOS sys/stdio.h
_AT_FDCWD = -100


def _libc():
    return ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)


def exchange(first: Path, second: Path) -> bool:
    """Atomically swap two existing paths (both stay present at every instant). False where
    the platform or the file system cannot (then nothing was changed)."""
    try:
        libc = _libc()
        if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
            result = libc.renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
        elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
            result = libc.renamex_np(os.fsencode(first), os.fsencode(second), _RENAME_SWAP)
        else:
            return False
    except (OSError, AttributeError):
        return False
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def make_readable(folder: Path) -> None:
    """Folders 0755, files 0644 (``tempfile.mkdtemp`` makes 0700; a web server must read)."""
    os.chmod(folder, DIR_MODE)
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            os.chmod(os.path.join(root, name), DIR_MODE)
        for name in files:
            os.chmod(os.path.join(root, name), FILE_MODE)


def publish(staging: Path, target: Path) -> None:
    """Make ``staging`` readable and swap it in as ``target``; the old report is removed after
    the swap. Without an atomic exchange (another OS or file system) the old folder is moved
    aside first, so ``target`` is absent for the instant between two renames."""
    make_readable(staging)
    if not target.exists():
        os.rename(staging, target)
        return
    if exchange(staging, target):
        shutil.rmtree(staging)  # it now holds the old report
        return
    backup = target.with_name(f".old-{target.name}")
    shutil.rmtree(backup, ignore_errors=True)
    os.rename(target, backup)
    os.rename(staging, target)
    shutil.rmtree(backup, ignore_errors=True)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file beside it and a rename, 0644."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        os.chmod(partial, FILE_MODE)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
