"""Command line: ``python -m analysis build --lang de [--lang es ...] [-p name=value ...]``.

Bad data, bad parameters and failed builds print one clear message (no traceback) and exit 2.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

from analysis.errors import BuildError, DataError, ParameterError
from analysis.i18n import SUPPORTED_LANGUAGES, check_language


def _parameter(text: str) -> tuple[str, object]:
    name, sep, raw = text.partition("=")
    if not sep or not name.isidentifier():
        raise argparse.ArgumentTypeError(f"expected name=value, got {text!r}")
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        value = raw  # a bare string
    return name, value


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
                           help="publish into this folder instead of reports/ (e.g. for a catalogue variant)")
    args = parser.parse_args(argv)

    from analysis.build import build  # heavy imports only when building

    try:
        for lang in args.lang:
            check_language(lang)  # all languages checked before anything runs
        for lang in args.lang:
            build(lang, dict(args.parameter), pdf=not args.no_pdf,
                  **({"reports_dir": args.reports_dir} if args.reports_dir else {}))
    except (DataError, ParameterError, BuildError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
