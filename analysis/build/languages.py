"""Build several languages at once, one process each, with progress lines and one bar.

The data and parameters are checked once, in this process, before any language starts. Each
language is built by its own process (its kernel is one more), so the languages run side by side
on the machine's cores; the language-independent analysis is computed once between them (the
first build to ask computes it into the content-hashed cache, the others wait for it while their
kernels boot, then load it: :mod:`analysis.compute.precompute`, :func:`analysis.core.cache.cached`). Progress: one line per language and stage with the
seconds since the command started (``[  4.2 s] [de] exporting report.html``), and a single tqdm
bar over every language's stages when stderr is a terminal. A failed language does not stop the
others; all failures are raised together afterwards, each with its language.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path
from queue import Empty
from typing import Any, Callable

from analysis.build.language import EXPORT_PROCESSES_ENV, STAGES, BuildResult, build
from analysis.build.preflight import check_parameters
from analysis.build.publish import cleanup_on_signals
from analysis.build.startup import STARTED
from analysis.core.envvars import usable_cores
from analysis.core.errors import BuildError, BuildInterrupted, DataError, ParameterError
from analysis.core.paths import DATA_DIR
from analysis.core.progress import Progress
from analysis.inputs.catalog import load_curated

_QUEUE = None  # set in each worker by _init_worker: where its progress lines go


def default_jobs(n_languages: int) -> int:
    """Languages built at once: every language, up to two per core. Not one per core: a build's
    process mostly waits for its kernel, and with 3 languages on 2 cores "two, then the third
    alone" leaves a core idle for a whole language, where three at once keep both busy to the
    end (measured: 78 s against 92 s for en, es and de with PDF on this project's 2-core machine)."""
    return max(1, min(n_languages, 2 * usable_cores()))


def _init_worker(queue, export_processes: int) -> None:
    global _QUEUE
    _QUEUE = queue
    os.environ[EXPORT_PROCESSES_ENV] = str(export_processes)  # the cores are shared with the other languages


def _build_worker(lang: str, parameters: dict[str, Any], options: dict[str, Any]) -> tuple[str, Any]:
    """Build one language in a worker: ("ok", BuildResult) or ("error", message)."""
    try:
        return "ok", build(lang, parameters, log=_QUEUE.put, **options)
    except (BuildError, DataError, ParameterError) as exc:
        return "error", str(exc)


def check_shared(parameters: dict[str, Any]) -> None:
    """Check the data and the parameters once, before any language starts (the languages then
    compute the shared analysis once between them: the first to ask computes it into the cache
    while the others' kernels boot, then they load it; see :func:`analysis.core.cache.cached`)."""
    curated = load_curated(Path(parameters.get("data_dir") or DATA_DIR))
    check_parameters(parameters, curated)


def build_languages(langs: list[str], parameters: dict[str, Any] | None = None, *, jobs: int | None = None,
                    bar: bool | None = None, kernel=None, **options: Any) -> list[BuildResult]:
    """Build every language of ``langs``, ``jobs`` at once (default :func:`default_jobs`), each
    with :func:`analysis.build.language.build` and ``options``; raise :class:`BuildError` naming every
    language that failed, after the others are done. ``kernel``: a warm kernel already starting,
    for a single language."""
    parameters = dict(parameters or {})
    jobs = max(1, min(jobs or default_jobs(len(langs)), len(langs)))
    progress = Progress(len(langs) * len(STAGES), "stage", bar=bar, steps=STAGES, start=STARTED)
    results: dict[str, BuildResult] = {}
    failures: dict[str, str] = {}
    try:
        if jobs == 1:
            for lang in langs:
                try:
                    results[lang] = build(lang, parameters, log=progress.line,
                                          kernel=kernel if len(langs) == 1 else None, **options)
                except (BuildError, DataError, ParameterError) as exc:
                    if len(langs) == 1:
                        raise
                    failures[lang] = str(exc)
        else:
            check_shared(parameters)
            _run_pool(langs, parameters, options, jobs, progress, results, failures)
    finally:
        progress.close()
    if failures:
        raise BuildError("\n".join(failures[lang] for lang in langs if lang in failures))
    return [results[lang] for lang in langs]


def _run_pool(langs, parameters, options, jobs, progress, results, failures) -> None:
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    queue = context.Queue()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                             initargs=(queue, max(1, usable_cores() // jobs))) as pool:
        pending = {pool.submit(_build_worker, lang, parameters, options): lang for lang in langs}
        with cleanup_on_signals():
            try:
                while pending:
                    done, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                    _drain(queue, progress.line)
                    for future in done:
                        lang = pending.pop(future)
                        try:
                            status, value = future.result()
                        except Exception as exc:  # noqa: BLE001 - a worker that died: reported with its language
                            status, value = "error", f"[{lang}] the build process failed: {type(exc).__name__}: {exc}"
                        (results if status == "ok" else failures)[lang] = value
            except BuildInterrupted as exc:
                # each worker's build removes its own staging folder and temporary files on the signal
                for worker in multiprocessing.active_children():
                    os.kill(worker.pid, exc.signum)
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    _drain(queue, progress.line)


def _drain(queue, say: Callable[[str], None]) -> None:
    while True:
        try:
            say(queue.get_nowait())
        except Empty:
            return
