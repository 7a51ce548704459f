"""The one exception type for bad input, and its friends for bad parameters and failed builds."""

from __future__ import annotations

from pathlib import Path


class DataError(Exception):
    """Bad input data: names the file, the row, the column and a hint to fix it.

    ``row`` is the 1-based data row (the CSV header is not counted; line = row + 1).
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        row: int | None = None,
        column: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.row = row
        self.column = column
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        text = (", ".join(where) + ": " if where else "") + self.message
        if self.hint:
            text += f" (hint: {self.hint})"
        return text


class ParameterError(ValueError):
    """A report parameter (language, model, use case, workload) is not valid."""


class BuildError(RuntimeError):
    """The build failed; the previous report was left in place."""


class TranslationError(BuildError):
    """A message the report shows has no (or only a fuzzy) translation in the build's language."""


class BuildInterrupted(KeyboardInterrupt):
    """SIGTERM, SIGINT or SIGHUP during a build: raised so that every cleanup runs."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"interrupted by {signal_name(signum)}")


def signal_name(signum: int) -> str:
    import signal

    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"
