"""The ``ctoportal`` command: one small function per subcommand, each calling into the core.

Exit codes: 0 success, 1 invalid sources or a failed build, 2 usage errors.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from . import __version__
from .config_file import find_config_file
from .problems import CtoportalError
from .report import REPORTERS, _use_color
from .schema import write_schemas
from .validate import validate_repository


def _config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-f", "--config-file", metavar="FILE",
                        help="the client repository's mkdocs.yml (default: ./mkdocs.yml)")


def cmd_validate(args: argparse.Namespace) -> int:
    validation = validate_repository(find_config_file(args.config_file))
    problems = validation.problems
    reporter = REPORTERS[args.format]
    output = reporter(problems, color=_use_color(sys.stdout)) if args.format == "text" else reporter(problems)
    print(output)
    if problems.errors or (args.strict and problems.warnings):
        return 1
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    for path in write_schemas(Path(args.out)):
        print(path)
    return 0


def _mkdocs_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False


def cmd_build(args: argparse.Namespace) -> int:
    from mkdocs.commands.build import build  # MkDocs is only needed to build, not to validate
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    _mkdocs_logging(args.verbose)
    config_path = find_config_file(args.config_file)
    try:
        config = load_config(config_file=str(config_path), site_dir=args.site_dir, strict=args.strict or None)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (Abort, ConfigurationError) as exc:
        raise CtoportalError(f"build failed: {exc}") from None
    print(f"portal built in {config.site_dir}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import Abort, ConfigurationError

    _mkdocs_logging(args.verbose)
    config_path = find_config_file(args.config_file)
    try:
        serve(config_file=str(config_path), dev_addr=args.dev_addr, livereload=True, strict=args.strict or None)
    except (Abort, ConfigurationError) as exc:
        raise CtoportalError(f"serve failed: {exc}") from None
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ctoportal", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"ctoportal {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback when something fails")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check every source file and report all problems")
    _config_option(p)
    p.add_argument("--format", choices=sorted(REPORTERS), default="text")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("schema", help="write the JSON Schema of each source kind (for editor completion)")
    p.add_argument("-o", "--out", default=".ctoportal/schemas", help="folder to write to (default: %(default)s)")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("build", help="validate, then build the portal site")
    _config_option(p)
    p.add_argument("-d", "--site-dir", help="where to write the site (default: site/)")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="serve the portal locally, rebuilding when a source changes")
    _config_option(p)
    p.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT")
    p.add_argument("--strict", action="store_true")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except CtoportalError as exc:
        if args.debug:
            raise
        print(f"ctoportal: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
