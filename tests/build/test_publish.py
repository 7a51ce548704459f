"""Publishing: the atomic swap, permissions, the language lock, the private temporary folder and
signal handling, on real folders, processes and signals."""

import os
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import threading
import time

import pytest

from analysis.build.publish import (cleanup_on_signals, exchange, language_lock, make_readable, publish, remove_stale,
                                    scratch_tempdir, write_atomic)
from analysis.core.errors import BuildError, BuildInterrupted


def report_folder(path, text):
    path.mkdir(parents=True)
    (path / "report.html").write_text(text)
    (path / "sub").mkdir()
    (path / "sub" / "x.png").write_bytes(b"png")
    return path


def test_exchange_swaps_two_folders(tmp_path):
    a, b = report_folder(tmp_path / "a", "A"), report_folder(tmp_path / "b", "B")
    assert exchange(a, b)
    assert (a / "report.html").read_text() == "B" and (b / "report.html").read_text() == "A"


def test_publish_replaces_and_removes_the_old_report(tmp_path):
    target = report_folder(tmp_path / "en", "old")
    staging = report_folder(tmp_path / ".build-en-1", "new")
    publish(staging, target)
    assert (target / "report.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["en"]


def test_publish_into_an_empty_place(tmp_path):
    publish(report_folder(tmp_path / ".build-en-1", "new"), tmp_path / "en")
    assert (tmp_path / "en" / "report.html").read_text() == "new"


def test_published_files_are_world_readable_whatever_the_umask(tmp_path):
    old = os.umask(0o077)
    try:
        staging = tempfile.mkdtemp(dir=tmp_path)  # 0700, as the build's staging folder
        with open(os.path.join(staging, "report.html"), "w") as handle:
            handle.write("x")
        os.mkdir(os.path.join(staging, "sub"))
        publish(__import__("pathlib").Path(staging), tmp_path / "en")
        write_atomic(tmp_path / "router-config.json", "{}\n")
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in [tmp_path / "en", *(tmp_path / "en").iterdir(),
                                                                 tmp_path / "router-config.json"]}
    assert modes == {"en": 0o755, "report.html": 0o644, "sub": 0o755, "router-config.json": 0o644}


POLLER = textwrap.dedent("""
    import os, sys
    target, stop = sys.argv[1], sys.argv[2]
    looks = misses = 0
    while not os.path.exists(stop):
        looks += 1
        if not os.path.isfile(os.path.join(target, "report.html")):
            misses += 1
    print(looks, misses)
""")


def test_the_report_is_never_absent_while_it_is_replaced(tmp_path):
    """A reader in another process checks report.html in a tight loop while the folder is
    replaced 300 times: it must find it every time (two renames leave a gap)."""
    target = report_folder(tmp_path / "en", "0")
    stop = tmp_path / "stop"
    poller = subprocess.Popen([sys.executable, "-c", POLLER, str(target), str(stop)], stdout=subprocess.PIPE, text=True)
    time.sleep(0.3)
    for i in range(1, 301):
        publish(report_folder(tmp_path / f".build-en-{i}", str(i)), target)
    stop.touch()
    looks, misses = map(int, poller.communicate(timeout=30)[0].split())
    assert looks > 1000
    assert misses == 0
    assert (target / "report.html").read_text() == "300"


def test_lock_makes_a_second_holder_wait_then_fail_clearly(tmp_path):
    said = []
    with language_lock(tmp_path, "de", log=said.append):
        start = time.monotonic()
        with pytest.raises(BuildError) as caught:
            with language_lock(tmp_path, "de", wait=0.5, log=said.append, poll=0.05):
                pass
        assert time.monotonic() - start >= 0.5
    message = str(caught.value)
    assert f"another build of this language (pid {os.getpid()})" in message and ".lock-de" in message
    assert said == [f"[de] another build of this language is running (pid {os.getpid()}); waiting up to 0.5 s "
                    "for it to finish"]
    with language_lock(tmp_path, "de", wait=0):  # released: free again at once
        pass


def test_lock_is_per_language_and_waits_for_the_holder(tmp_path):
    order = []
    held = threading.Event()

    def holder():
        with language_lock(tmp_path, "en"):
            held.set()
            time.sleep(0.6)
            order.append("first done")

    thread = threading.Thread(target=holder)
    thread.start()
    held.wait(5)
    with language_lock(tmp_path, "es", wait=0):  # another language: not blocked
        order.append("es")
    with language_lock(tmp_path, "en", wait=10, log=lambda m: order.append("waiting")):
        order.append("second")
    thread.join()
    assert order == ["es", "waiting", "first done", "second"]


def test_remove_stale_leaves_other_languages(tmp_path):
    for name in (".build-en-abc", ".build-de-abc", ".old-en", "en"):
        (tmp_path / name).mkdir()
    removed = remove_stale(tmp_path, "en")
    assert [p.name for p in removed] == [".build-en-abc", ".old-en"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build-de-abc", "en"]


def test_scratch_tempdir_catches_tempfiles_and_is_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)
    with scratch_tempdir() as scratch:
        assert tempfile.gettempdir() == str(scratch) and os.environ["TMPDIR"] == str(scratch)
        with scratch_tempdir() as inner:  # nested: the same folder
            assert inner == scratch
        handle, name = tempfile.mkstemp()
        os.close(handle)
        assert os.path.dirname(name) == str(scratch)
        child = subprocess.run([sys.executable, "-c", "import tempfile; print(tempfile.gettempdir())"],
                               capture_output=True, text=True).stdout.strip()
        assert child == str(scratch)  # children (kernel, xelatex) inherit it
    assert not scratch.exists()
    assert os.environ["TMPDIR"] == str(tmp_path) and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_signals_raise_build_interrupted_and_handlers_are_restored(signum):
    before = signal.getsignal(signum)
    cleaned = []
    with pytest.raises(BuildInterrupted) as caught:
        with cleanup_on_signals():
            try:
                os.kill(os.getpid(), signum)
                time.sleep(5)  # interrupted long before
            finally:
                cleaned.append(signal.getsignal(signal.SIGTERM))
    assert caught.value.signum == signum
    assert cleaned == [signal.SIG_IGN]  # a second signal cannot cut the cleanup short
    assert signal.getsignal(signum) == before
