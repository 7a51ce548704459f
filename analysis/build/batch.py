"""``python -m analysis batch variants.yaml``: render many variants, skip the unchanged ones.

Every variant (see :mod:`analysis.build.variants`) is an independent task: :func:`analysis.build.language.build`
of its language and parameters into ``<output>/<name>/`` (``<lang>/report.{ipynb,html[,pdf]}``,
``appendix.*``, ``report.md``, ``router-config.json``, ``data/``), then a stamp with its content
hash, written only after the build succeeded. A re-run skips every variant whose stamp matches
and whose report is there. Tasks run on a local process pool (``workers``, default one per usable
core) or, given ``scheduler`` (``tcp://host:8786``), on a Dask cluster: its workers must have this
project importable and see ``output`` at the same path (a shared file system). A failed variant
is reported with its error and does not stop the others.

Progress: one line when a variant starts (with its process or Dask worker) and one when it ends
(with its seconds), every line prefixed by the seconds since the batch started; one tqdm bar over
the variants on stderr (only on a terminal).
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import threading
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable

from analysis.build.publish import cleanup_on_signals
from analysis.build.variants import STAMP_NAME, Variant, clear_digests, variant_key
from analysis.core.envvars import EXPORT_PROCESSES_ENV, usable_cores
from analysis.core.errors import BuildError, DataError, ParameterError
from analysis.core.paths import REPORTS_DIR, display_path
from analysis.core.progress import Progress

#: environment variables of this project passed from the batch to its local workers
ENV_PREFIX = "LLM_COST_"

_started: Callable[[dict], None] | None = None  # set in each local worker by _init_worker


@dataclass
class VariantResult:
    name: str
    status: str                 #: "built", "skipped" or "failed"
    seconds: float = 0.0        #: wall seconds of the build (0 when skipped)
    error: str | None = None    #: the failed build's message (file, row, column for bad data)
    key: str = ""               #: the variant's content hash
    note: str | None = None     #: e.g. why the PDF was skipped
    worker: str = ""            #: "pid 1234" or the Dask worker's address
    started: float = 0.0        #: time.time() when the build started


def is_current(variant: Variant, key: str, output: Path) -> bool:
    """True if ``output/<name>`` holds a finished report stamped with ``key``."""
    folder = output / variant.name
    stamp = folder / STAMP_NAME
    return (stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == key
            and (folder / variant.lang / "report.html").is_file())


def render_variant(variant: dict[str, Any], key: str, output: str, topic: str | None = None) -> dict[str, Any]:
    """Build one variant (a task: plain arguments in and out, so it pickles to any worker) and
    stamp it; never raises for a failed build: the error is in the result. ``topic``: the Dask
    event topic its start is logged under (None in a local worker)."""
    spec = Variant(**variant)
    folder = Path(output) / spec.name
    started = time.time()
    worker = _announce(spec.name, started, topic)
    start = time.perf_counter()
    note = None
    try:
        from analysis.build.language import build

        (folder / STAMP_NAME).unlink(missing_ok=True)  # a failed rebuild must not look current
        result = build(spec.lang, dict(spec.parameters), reports_dir=folder, pdf=spec.pdf, log=lambda _message: None)
        note = f"PDF skipped: {result.pdf_skipped}" if spec.pdf and result.pdf_skipped else None
        (folder / STAMP_NAME).write_text(key + "\n", encoding="utf-8")
        status, error = "built", None
    except (BuildError, DataError, ParameterError) as exc:
        status, error = "failed", str(exc)
    except Exception as exc:  # noqa: BLE001 - one variant's bug must not stop the batch
        status, error = "failed", f"{type(exc).__name__}: {exc}"
    return asdict(VariantResult(spec.name, status, time.perf_counter() - start, error, key, note, worker, started))


def _announce(name: str, started: float, topic: str | None) -> str:
    """Tell the batch that ``name`` started here; returns this worker's label."""
    if topic is None:
        label = f"pid {os.getpid()}"
        if _started is not None:
            _started({"name": name, "worker": label, "started": started})
        return label
    from distributed import get_worker

    worker = get_worker()
    os.environ.setdefault(EXPORT_PROCESSES_ENV, "1")  # one core per variant: the others run other variants
    worker.log_event(topic, {"name": name, "worker": worker.address, "started": started})
    return worker.address


def _init_worker(events: Any, env: dict[str, str]) -> None:
    """A local worker: the batch's LLM_COST_* environment (a forkserver may be older than it),
    documents exported on one core (the other cores run other variants), and where to say that a
    variant started."""
    global _started
    for name in [n for n in os.environ if n.startswith(ENV_PREFIX)]:
        del os.environ[name]
    os.environ.update(env)
    os.environ[EXPORT_PROCESSES_ENV] = "1"
    _started = events.put


def run_batch(variants: list[Variant], output: Path, *, workers: int | None = None, scheduler: str | None = None,
              force: bool = False, bar: bool | None = None, log: Callable[[str], None] | None = None) -> list[VariantResult]:
    """Render ``variants`` into ``output/<name>/``; one result per variant, in the given order.
    ``log``: where progress lines go (default: stdout, above the bar). Ctrl-C or SIGTERM stops
    the builds under way (each cleans up) and raises KeyboardInterrupt / BuildInterrupted."""
    output = Path(output).resolve()
    if output == REPORTS_DIR.resolve() or output.is_relative_to(REPORTS_DIR.resolve()):
        raise ParameterError(f"--output {display_path(output)}: variants never go into the published reports; "
                             f"use build/ (the default) or another folder")
    output.mkdir(parents=True, exist_ok=True)
    clear_digests()  # files may have changed since the last batch of this process
    progress = Progress(len(variants), "variant", bar=bar, log=log)
    keys = {v.name: variant_key(v) for v in variants}
    results: dict[str, VariantResult] = {}
    todo = []
    for variant in variants:
        if not force and is_current(variant, keys[variant.name], output):
            results[variant.name] = VariantResult(variant.name, "skipped", key=keys[variant.name])
            progress.line(f"[{variant.name}] unchanged, skipped")
            progress.advance(variant.name)
        else:
            todo.append(variant)
    workers = min(workers or usable_cores(), max(1, len(todo)))
    where = f"Dask scheduler {scheduler}" if scheduler else f"{workers} local process(es)"
    progress.line(f"{len(variants)} variant(s): {len(todo)} to render, {len(variants) - len(todo)} unchanged"
                 + (f"; on {where}" if todo else ""))
    try:
        if todo:
            done = _dask(todo, keys, output, scheduler, progress) if scheduler else _local(todo, keys, output, workers, progress)
            results.update((result.name, result) for result in done)
    finally:
        progress.close()
    return [results[v.name] for v in variants]


def _follow(futures: dict[Any, Variant], events: queue.Queue, keys: dict[str, str], progress: Progress,
            on_start: Callable[[dict], None] = lambda _message: None) -> list[VariantResult]:
    """Report starts (``("start", message)`` events) and ends (``("done", future)``) as they come."""
    started: set[str] = set()
    results = []
    while len(results) < len(futures):
        kind, payload = events.get()
        if kind == "start":
            on_start(payload)
            if payload["name"] not in started:
                started.add(payload["name"])
                progress.line(f"[{payload['name']}] started ({payload['worker']})", at=payload["started"])
            continue
        result = _result(payload, futures[payload], keys)
        if result.name not in started and result.started:  # its start event is late or lost
            started.add(result.name)
            progress.line(f"[{result.name}] started ({result.worker})", at=result.started)
        if result.status == "built":
            progress.line(f"[{result.name}] built in {result.seconds:.1f} s" + (f"; {result.note}" if result.note else ""))
        else:
            progress.line(f"[{result.name}] FAILED after {result.seconds:.1f} s: {result.error}")
        progress.advance(result.name)
        results.append(result)
    return results


def _result(future: Any, variant: Variant, keys: dict[str, str]) -> VariantResult:
    """The task's result; a task that raised (a worker died, the task was cancelled) is a failed variant."""
    try:
        return VariantResult(**future.result())
    except Exception as exc:  # noqa: BLE001
        return VariantResult(variant.name, "failed", error=f"the task failed: {type(exc).__name__}: {exc}",
                             key=keys[variant.name])


def _local(todo: list[Variant], keys: dict[str, str], output: Path, workers: int, progress: Progress) -> list[VariantResult]:
    """A process pool (forkserver: each worker starts from one process that imported the build once)."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        context.set_forkserver_preload(["analysis.build.batch", "analysis.build.language"])
    starts = context.SimpleQueue()
    events: queue.Queue = queue.Queue()
    forwarder = threading.Thread(target=_forward, args=(starts, events), daemon=True)
    forwarder.start()
    env = {name: value for name, value in os.environ.items() if name.startswith(ENV_PREFIX)}
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(starts, env))
    running: dict[str, int] = {}  # variant -> pid of the worker building it

    def on_start(message: dict) -> None:
        running[message["name"]] = int(message["worker"].split()[-1])

    try:
        with cleanup_on_signals():  # SIGTERM to the batch stops its builds too
            futures: dict[Any, Variant] = {}
            for variant in todo:
                future = pool.submit(render_variant, asdict(variant), keys[variant.name], str(output))
                futures[future] = variant
                future.add_done_callback(lambda f: events.put(("done", f)))
            return _follow(futures, events, keys, progress, on_start)
    except KeyboardInterrupt as exc:  # BuildInterrupted (SIGTERM, SIGHUP) is one
        pool.shutdown(wait=False, cancel_futures=True)
        for pid in running.values():  # the builds under way clean up and stop
            try:
                os.kill(pid, getattr(exc, "signum", signal.SIGINT))
            except ProcessLookupError:
                pass
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        starts.put(None)
        forwarder.join(timeout=5)


def _forward(source: Any, target: queue.Queue) -> None:
    """Move start messages from the workers' queue to the batch's event queue until ``None``."""
    while (message := source.get()) is not None:
        target.put(("start", message))


def _dask(todo: list[Variant], keys: dict[str, str], output: Path, scheduler: str, progress: Progress) -> list[VariantResult]:
    """Tasks on a Dask cluster; starts arrive as events the workers log under this batch's topic."""
    from distributed import Client

    events: queue.Queue = queue.Queue()
    topic = f"llm-cost-batch-{uuid.uuid4().hex[:12]}"
    from distributed.comm.addressing import get_address_host_port, parse_address

    try:
        if parse_address(scheduler)[0] in ("tcp", "tls", "ws", "wss"):
            get_address_host_port(scheduler)  # a malformed address would leave a half-made Client behind
        client = Client(scheduler, set_as_default=False)
    except (OSError, ValueError, TypeError) as exc:  # unreachable, or not an address
        raise BuildError(f"cannot reach the Dask scheduler {scheduler!r}: {type(exc).__name__}: {exc}") from exc
    with client:
        client.subscribe_topic(topic, lambda event: events.put(("start", event[1])))
        futures: dict[Any, Variant] = {}
        try:
            for variant in todo:
                future = client.submit(render_variant, asdict(variant), keys[variant.name], str(output), topic,
                                       pure=False, key=f"variant-{variant.name}-{keys[variant.name][:16]}")
                futures[future] = variant
                future.add_done_callback(lambda f: events.put(("done", f)))
            return _follow(futures, events, keys, progress)
        except BaseException:
            client.cancel(list(futures))
            raise
        finally:
            client.unsubscribe_topic(topic)


def summary(results: list[VariantResult], seconds: float) -> str:
    """One line: how many built, skipped, failed, and the batch's wall seconds."""
    counts = {status: sum(r.status == status for r in results) for status in ("built", "skipped", "failed")}
    return ", ".join(f"{n} {status}" for status, n in counts.items()) + f" in {seconds:.1f} s"
