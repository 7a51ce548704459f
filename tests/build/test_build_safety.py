"""Real builds under real signals and real concurrency (each test starts `python -m analysis
build` processes): nothing is left behind, the last report survives, builds of one language
queue up, and the report folder is present at every instant."""

import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def start_build(reports, tmp, *extra, cache="off"):
    """A build of the English report into ``reports``, with its own TMPDIR ``tmp`` and, by
    default, without the cache (so that its notebook runs for many seconds)."""
    tmp.mkdir(exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT), TMPDIR=str(tmp), LLM_COST_CACHE_DIR=cache)
    return subprocess.Popen([sys.executable, "-m", "analysis", "build", "--lang", "en", "--no-pdf",
                             "--reports-dir", str(reports), *extra],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_for(condition, timeout=120.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def kernel_pids(parent):
    found = subprocess.run(["pgrep", "-P", str(parent)], capture_output=True, text=True).stdout.split()
    return [int(pid) for pid in found]


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_while_the_notebook_runs_removes_everything_and_keeps_the_last_report(tmp_path, signum):
    reports = tmp_path / "reports"
    (reports / "en").mkdir(parents=True)
    (reports / "en" / "report.html").write_text("last good report")
    build = start_build(reports, tmp_path / "tmp")
    wait_for(lambda: list(reports.glob(".build-en-*")))  # staged: papermill is starting on the warm kernel
    wait_for(lambda: kernel_pids(build.pid))
    time.sleep(3)  # the kernel is running cells
    kernels = kernel_pids(build.pid)
    assert list((tmp_path / "tmp").iterdir()), "the build's temporary folder should exist while it runs"
    build.send_signal(signum)
    output = build.communicate(timeout=60)[0]
    assert build.returncode == 128 + signum, output
    assert f"interrupted by {signal.Signals(signum).name}" in output
    assert "Traceback" not in output
    assert sorted(p.name for p in reports.iterdir()) == [".lock-en", "en"]  # no staging, no .failed
    assert (reports / "en" / "report.html").read_text() == "last good report"
    assert list((tmp_path / "tmp").iterdir()) == []  # kernel connection file, IPC sockets: gone
    wait_for(lambda: not any(alive(pid) for pid in kernels), timeout=10)


def test_two_concurrent_builds_queue_up_and_the_report_is_always_there(tmp_path):
    reports = tmp_path / "reports"
    (reports / "en").mkdir(parents=True)
    (reports / "en" / "report.html").write_text("previous")
    looks, misses, stop = [0], [0], threading.Event()

    def reader():
        while not stop.is_set():
            looks[0] += 1
            if not (reports / "en" / "report.html").is_file():
                misses[0] += 1

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        first = start_build(reports, tmp_path / "tmp1")
        wait_for(lambda: list(reports.glob(".build-en-*")))  # the first holds the lock
        second = start_build(reports, tmp_path / "tmp2")
        out_first = first.communicate(timeout=600)[0]
        out_second = second.communicate(timeout=600)[0]
    finally:
        stop.set()
        thread.join()
    assert first.returncode == 0, out_first
    assert second.returncode == 0, out_second
    assert "another build of this language is running" in out_second
    assert misses[0] == 0 and looks[0] > 100
    names = sorted(p.name for p in reports.iterdir())
    assert names == [".lock-en", "data", "en", "router-config.json"]
    published = [reports / "en", *(reports / "en").iterdir(), reports / "router-config.json",
                 *(reports / "data").iterdir()]
    modes = {stat.S_IMODE(p.stat().st_mode) for p in published if p.is_file()}
    assert modes == {0o644} and stat.S_IMODE((reports / "en").stat().st_mode) == 0o755
    assert stat.S_IMODE((reports / "data").stat().st_mode) == 0o755
    assert "TCP without encryption" not in out_first + out_second
