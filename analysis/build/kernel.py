"""The report's kernel, started ahead of papermill with the notebook's imports already loaded.

A build needs a kernel, and a fresh kernel's first cell spends seconds importing pandas,
matplotlib, seaborn, scipy and the ``analysis`` package. :class:`WarmKernel` starts the kernel
in a background thread and asks it to import the modules the notebook imports, while the build
process computes the shared analysis (:mod:`analysis.compute.precompute`); papermill then runs the
notebook on that kernel. The warm-up is a *silent* execution (no execution count, no history, no
output) in a namespace of its own: the notebook's cells see the same empty namespace and the same
numbering as on a fresh kernel; only ``sys.modules`` is filled earlier.

The kernel talks over IPC sockets (local, so ipykernel has no reason to warn about unencrypted
TCP) with its connection file in the build's private temporary folder, and runs with the
environment plus :attr:`ReportKernelManager.extra_env` (strict translations, the chart cache).
"""

from __future__ import annotations

import ast
import asyncio
import json
import os
import threading
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from jupyter_client.manager import AsyncKernelManager
from traitlets import default

from analysis.build.publish import scratch_tempdir, socket_dir
from analysis.core.envvars import CHART_CACHE_ENV, STRICT_ENV
from analysis.core.paths import NOTEBOOKS_DIR, REPORT_NOTEBOOK

KERNEL_NAME = "python3"
STARTUP_TIMEOUT_S = 120

_WARM_CODE = """\
exec('''
import importlib
for name in MODULES:
    try:
        importlib.import_module(name)
    except Exception:
        pass  # the notebook's own import raises it again, in its cell, with its traceback
''', {"MODULES": %r})
"""


class ReportKernelManager(AsyncKernelManager):
    """IPC transport, connection file in the scratch folder, environment plus :attr:`extra_env`."""

    extra_env: dict[str, str] = {}

    @default("transport")
    def _default_transport(self) -> str:
        return "ipc"

    @default("connection_file")
    def _default_connection_file(self) -> str:
        return str(socket_dir() / f"k{uuid.uuid4().hex[:12]}.json")

    async def _async_pre_start_kernel(self, **kw: Any):
        env = dict(kw.pop("env", None) or os.environ)
        env.update(self.extra_env)
        return await super()._async_pre_start_kernel(env=env, **kw)


def manager_class(extra_env: dict[str, str]) -> type[ReportKernelManager]:
    """A :class:`ReportKernelManager` subclass whose kernels get ``extra_env``."""
    return type("ReportKernelManager", (ReportKernelManager,), {"extra_env": dict(extra_env)})


def notebook_imports(path: Path) -> list[str]:
    """Names of the modules the notebook's code cells import at top level, in order
    (``from a import b`` gives ``a`` and ``a.b``: ``b`` may be a submodule)."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]  # json, not nbformat: imports fast
    names: list[str] = []
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names if alias.name != "*"]
    return list(dict.fromkeys(names))


class WarmKernel:
    """Start with :meth:`start`; hand :meth:`manager` to papermill (``km=``); always
    :meth:`shutdown` (also after a failure)."""

    def __init__(self, cwd: Path, modules: list[str], extra_env: dict[str, str]):
        self.cwd, self.modules, self.extra_env = cwd, modules, extra_env
        self._km: ReportKernelManager | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="warm-kernel", daemon=True)

    def start(self) -> "WarmKernel":
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            asyncio.run(self._start())
        except BaseException as exc:  # noqa: BLE001 - raised again by manager() in the build's thread
            self._error = exc

    async def _start(self) -> None:
        km = manager_class(self.extra_env)(kernel_name=KERNEL_NAME)
        self._km = km
        await km.start_kernel(cwd=str(self.cwd))
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=STARTUP_TIMEOUT_S)
            await kc.execute_interactive(_WARM_CODE % (self.modules,), silent=True, store_history=False,
                                         allow_stdin=False, timeout=STARTUP_TIMEOUT_S, output_hook=lambda _msg: None)
        finally:
            kc.stop_channels()

    def manager(self) -> ReportKernelManager:
        """The started kernel's manager (waits for the warm-up); raises what the start raised."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._km is not None
        return self._km

    def shutdown(self) -> None:
        """Stop the kernel (at once: its notebook has run) and wait for it to exit."""
        self._thread.join()
        km, self._km = self._km, None
        if km is not None and km.has_kernel:
            asyncio.run(km.shutdown_kernel(now=True))


def kernel_env(strict: bool = True) -> dict[str, str]:
    """What the report's kernel adds to the environment: strict translations (a message without
    a translation raises in the kernel) and the chart cache (see :mod:`analysis.present.charts.cache`)."""
    return {STRICT_ENV: "1" if strict else "0", CHART_CACHE_ENV: "1"}


def start_warm_kernel(notebook: Path, cwd: Path, extra_env: dict[str, str] | None = None) -> WarmKernel:
    """A :class:`WarmKernel` for ``notebook``, already starting (``extra_env``: default :func:`kernel_env`)."""
    return WarmKernel(cwd, notebook_imports(notebook), kernel_env() if extra_env is None else extra_env).start()


@contextmanager
def early_kernel() -> Iterator[WarmKernel]:
    """The report's kernel, starting at once, in the build's scratch folder; shut down on exit
    (for the command line, which starts it before its own heavy imports)."""
    with scratch_tempdir():
        kernel = start_warm_kernel(REPORT_NOTEBOOK, NOTEBOOKS_DIR)
        try:
            yield kernel
        finally:
            kernel.shutdown()
