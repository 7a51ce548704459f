"""What the command line does first, before the heavy imports.

``rfc3987_syntax`` (installed for ``jsonschema[format-nongpl]``, which jupyter-events asks for)
compiles an Earley grammar when it is imported: 1 to 4 s on the project's 2-core machine, paid
by every process that imports ``nbformat`` (papermill, nbconvert). ``jsonschema`` imports it only
to check the ``iri`` and ``iri-reference`` string formats, which the notebook schema never uses
and which ``nbformat`` does not check (it validates without a format checker). The command line
therefore marks the module as absent, so ``jsonschema`` skips that checker, as it does when the
package is not installed. Library users importing ``analysis`` are not affected.
"""

from __future__ import annotations

import sys
import time

#: when the process started to import ``analysis`` (progress lines count from here)
STARTED = time.perf_counter()
SKIPPED_MODULES = ("rfc3987_syntax",)


def skip_slow_optional_imports() -> None:
    """Make the imports in :data:`SKIPPED_MODULES` raise ImportError (unless already loaded)."""
    for name in SKIPPED_MODULES:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
