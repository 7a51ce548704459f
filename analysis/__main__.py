"""Command line: ``python -m analysis build --lang de [--lang es ...] [-p name=value ...]``,
``python -m analysis batch variants.yaml [--workers N | --scheduler tcp://host:8786]`` (many
variants, see analysis/build/variants.py), ``python -m analysis history [--offline]`` (the price
history, analysis/build/price_history.py), ``python -m analysis refresh [--accept-removed]`` (newest
catalogue releases -> data/, see analysis/build/refresh.py) and ``python -m analysis lab`` (JupyterLab
on the project folder).

Bad data, bad parameters and failed builds print one clear message (no traceback) and exit 2;
SIGTERM/SIGINT stop the build, remove its staging folder and temporary files, and exit 128+signal.
"""

from __future__ import annotations

# isort: off
from analysis.build import startup  # noqa: F401  (first: progress lines count from here)
# isort: on

import argparse
import ast
import os
import sys
from contextlib import ExitStack
from pathlib import Path

from analysis.core.errors import BuildError, BuildInterrupted, DataError, ParameterError, signal_name
from analysis.core.paths import REPO_ROOT
from analysis.present.i18n import SUPPORTED_LANGUAGES, check_language


def _parameter(text: str) -> tuple[str, object]:
    name, sep, raw = text.partition("=")
    if not sep or not name.isidentifier():
        raise argparse.ArgumentTypeError(f"expected name=value, got {text!r}")
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        value = raw  # a bare string
    return name, value


def lab_command(extra: list[str] | None = None, uid: int | None = None) -> list[str]:
    """The ``jupyter lab`` command line: rooted at the project folder (so ``reports/`` and
    ``notebooks/`` are both reachable), ``--allow-root`` only when run as root."""
    uid = os.geteuid() if uid is None else uid
    command = [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={REPO_ROOT}"]
    if uid == 0:
        command.append("--allow-root")
    return command + list(extra or [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build reports/<lang>/report.{ipynb,html,pdf}")
    build_cmd.add_argument("--lang", nargs="+", default=["en"],
                           help=f"one or more of: {', '.join(SUPPORTED_LANGUAGES)}")
    build_cmd.add_argument("-p", "--parameter", action="append", type=_parameter, default=[],
                           metavar="NAME=VALUE", help="notebook parameter (Python literal), e.g. -p catalog=litellm")
    build_cmd.add_argument("--no-pdf", action="store_true", help="skip the PDF")
    build_cmd.add_argument("--reports-dir", type=Path, default=None,
                           help="build into this folder (default: reports/, or build/<variant>/ for parameters "
                                "other than the defaults)")
    build_cmd.add_argument("--publish", action="store_true",
                           help="publish a build with non-default parameters to reports/ (replacing the report)")
    build_cmd.add_argument("--jobs", type=int, default=None, metavar="N",
                           help="languages built at once, one process each (default: every language, up to two per core)")
    build_cmd.add_argument("--wait", type=float, default=None, metavar="SECONDS",
                           help="how long to wait for another build of the same language (default 900)")
    batch_cmd = commands.add_parser("batch", help="render every variant of a variants file into OUTPUT/<variant>/")
    batch_cmd.add_argument("variants", type=Path, help="variants file (YAML; see analysis/build/variants.py)")
    batch_cmd.add_argument("--output", type=Path, default=REPO_ROOT / "build",
                           help="folder of the variant folders (default: build/)")
    batch_cmd.add_argument("--workers", type=int, default=None, help="local processes (default: one per usable core)")
    batch_cmd.add_argument("--scheduler", default=None, metavar="ADDRESS",
                           help="run on this Dask scheduler (e.g. tcp://10.0.0.5:8786) instead of local processes")
    batch_cmd.add_argument("--force", action="store_true", help="render every variant, also the unchanged ones")
    history_cmd = commands.add_parser("history", help="data/price_history.csv from monthly litellm releases (PyPI) "
                                                      "and genai-prices' dated prices (the only command that downloads)")
    history_cmd.add_argument("--offline", action="store_true",
                             help="use only the cached index and wheels (no network)")
    history_cmd.add_argument("--cache-dir", type=Path, default=None,
                             help="wheel cache (default: $LLM_COST_WHEELS_DIR or build/.wheels/)")
    commands.add_parser("lab", help="JupyterLab on the project folder (notebooks/ and reports/); "
                                    "other options go to jupyter lab")
    commands.add_parser("parameters", help="rewrite the notebook's parameters cell and the README's table of "
                                           "parameters from analysis/inputs/parameters.py")
    refresh_cmd = commands.add_parser("refresh", help="lock the newest catalogue releases (PyPI), re-derive the curated "
                                                      "prices from them and write data/CHANGES.md")
    refresh_cmd.add_argument("--accept-removed", action="store_true",
                             help="keep rows whose catalogue key vanished as they were (listed in CHANGES.md) "
                                  "instead of stopping")
    refresh_cmd.add_argument("--data-dir", type=Path, default=None, help="the data folder to refresh (default: data/)")
    args, extra = parser.parse_known_args(argv)
    if args.command == "lab":
        command = lab_command(extra)
        os.execv(command[0], command)
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command == "batch":
        return batch(args)
    if args.command == "history":
        return history(args)
    if args.command == "refresh":
        return refresh(args)
    if args.command == "parameters":
        from analysis.build.sources import EXPLORE_NOTEBOOK, sync_notebook, sync_readme

        for changed, what in ((sync_notebook(), "notebooks/report.ipynb"),
                              (sync_notebook(EXPLORE_NOTEBOOK), "notebooks/explore.ipynb"), (sync_readme(), "README.md")):
            print(f"{what}: {'rewritten' if changed else 'up to date'}")
        return 0

    startup.skip_slow_optional_imports()
    langs = list(dict.fromkeys(args.lang))
    with ExitStack() as stack:
        kernel = None
        if len(langs) == 1 and all(lang in SUPPORTED_LANGUAGES for lang in langs):
            # one language: its kernel boots while this process imports and checks (it runs
            # nothing before the checks pass; analysis.build.kernel); the build shuts it down
            from analysis.build.kernel import early_kernel

            kernel = stack.enter_context(early_kernel())
        return _build(args, langs, kernel)


def _build(args: argparse.Namespace, langs: list[str], kernel) -> int:
    from analysis.build.languages import build_languages  # heavy imports only when building

    options = {"pdf": not args.no_pdf, "publish_variant": args.publish}
    if args.reports_dir:
        options["reports_dir"] = args.reports_dir
    if args.wait is not None:
        options["wait"] = args.wait
    try:
        for lang in args.lang:
            check_language(lang)  # all languages checked before anything runs
        build_languages(langs, dict(args.parameter), jobs=args.jobs, kernel=kernel, **options)
    except (DataError, ParameterError, BuildError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BuildInterrupted as exc:
        print(f"interrupted by {signal_name(exc.signum)}: the build stopped; its staging folder and temporary "
              f"files were removed and the last published report is unchanged", file=sys.stderr)
        return 128 + exc.signum
    return 0


def refresh(args: argparse.Namespace) -> int:
    """Exit 0 when data/ was refreshed, 2 (one plain message, nothing written) on any error,
    including a cited key that vanished without ``--accept-removed``."""
    from analysis.build.refresh import run_refresh
    from analysis.core.paths import DATA_DIR, display_path

    try:
        outcome = run_refresh(args.data_dir or DATA_DIR, accept_removed=args.accept_removed)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for package, wheel in outcome.after.items():
        old = outcome.before.get(package)
        print(f"{package}: {old.version if old else '-'} -> {wheel.version} (built {wheel.built})")
    counts = {name: len(table) for name, table in outcome.changes.items()}
    print(", ".join(f"{n} {name}" for name, n in counts.items()))
    print(f"wrote {', '.join(display_path(p) for p in outcome.written)} in {outcome.seconds:.1f} s")
    return 0


def batch(args: argparse.Namespace) -> int:
    """Exit 0 if every variant is built or unchanged, 2 if any failed or the variants file is bad,
    128 + signal if interrupted; the summary is the last line of stdout."""
    import time

    from analysis.build.batch import run_batch, summary
    from analysis.build.variants import load_variants

    start = time.perf_counter()
    if args.workers is not None and args.workers < 1:
        print("error: --workers must be at least 1", file=sys.stderr)
        return 2
    try:
        results = run_batch(load_variants(args.variants), args.output, workers=args.workers,
                            scheduler=args.scheduler, force=args.force)
    except (DataError, ParameterError, BuildError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:  # BuildInterrupted (SIGTERM, SIGHUP) is one
        signum = getattr(exc, "signum", 2)
        print(f"interrupted by {signal_name(signum)}: the builds under way stopped and removed their staging "
              f"folders; finished variants are stamped", file=sys.stderr)
        return 128 + signum
    failed = [r for r in results if r.status == "failed"]
    for result in failed:
        print(f"FAILED {result.name}: {result.error}", file=sys.stderr)
    print(summary(results, time.perf_counter() - start), flush=True)
    return 2 if failed else 0


def history(args: argparse.Namespace) -> int:
    """Exit 0 with the files written, 2 on bad data or an unreachable registry (data/ unchanged)."""
    from analysis.build.price_history import build_history
    from analysis.core.paths import display_path

    try:
        result = build_history(cache_dir=args.cache_dir, offline=args.offline)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("data/price_history.csv and data/price_history_sources.csv are unchanged", file=sys.stderr)
        return 2
    print(f"{display_path(result.paths[0])}: {len(result.history)} rows from {len(result.sources)} litellm "
          f"snapshots and genai-prices; {display_path(result.paths[1])}: the snapshots used")
    return 0


if __name__ == "__main__":
    sys.exit(main())
