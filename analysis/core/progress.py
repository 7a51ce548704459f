"""Progress of long commands: one line per event with the seconds since the start, and one bar.

``[  12.3 s] [de] exported report (html, pdf)``: lines go to stdout (or to ``log``), above a
single tqdm bar on stderr, shown only on a terminal unless asked. Used by the language builds
(:mod:`analysis.build.languages`) and the batch of variants (:mod:`analysis.build.batch`).
"""

from __future__ import annotations

import sys
import time
from typing import Callable, TextIO

from tqdm import tqdm


class Progress:
    """Lines with elapsed seconds and one bar over ``total`` steps of ``unit``.

    ``start``: a ``time.perf_counter()`` value to count from (default: now); ``steps``: texts of
    which a line containing one advances the bar by itself (else call :meth:`advance`);
    ``log``: where lines go instead of ``stream`` (default stdout)."""

    def __init__(self, total: int, unit: str, *, bar: bool | None = None, stream: TextIO | None = None,
                 steps: tuple[str, ...] = (), start: float | None = None,
                 log: Callable[[str], None] | None = None) -> None:
        start = time.perf_counter() if start is None else start
        self.wall_start = time.time() - (time.perf_counter() - start)  # the same instant, as time.time()
        self.steps, self.done, self.log = steps, 0, log
        self.stream = stream or sys.stdout
        show = sys.stderr.isatty() if bar is None else bar
        tqdm.monitor_interval = 0  # no monitor thread: worker processes may be forked from this one
        self.bar = tqdm(total=total, unit=unit, file=sys.stderr, dynamic_ncols=True, leave=False, disable=not show)

    def elapsed(self, at: float | None = None) -> float:
        """Seconds from the start to ``at`` (a ``time.time()`` value, e.g. from another process;
        default: now)."""
        return max(0.0, (time.time() if at is None else at) - self.wall_start)

    def line(self, message: str, at: float | None = None) -> None:
        """Write ``[  elapsed s] message``; a line containing one of ``steps`` advances the bar."""
        text = f"[{self.elapsed(at):6.1f} s] {message}"
        if self.log is not None:
            self.log(text)
        elif self.bar.disable:
            print(text, file=self.stream, flush=True)
        else:
            self.bar.write(text, file=self.stream)
        if any(step in message for step in self.steps):
            self.advance()

    def advance(self, label: str = "") -> None:
        """One step done (``label``: shown beside the bar)."""
        self.done += 1
        if label:
            self.bar.set_postfix_str(label, refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()
