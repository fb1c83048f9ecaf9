"""The ``ctoportal`` command: its arguments and the one place errors are caught (``main``). The commands
themselves are small functions calling into the core: ``commands.py``, and ``site_commands.py`` for those
that run MkDocs.

Exit codes: 0 success (also a publish with nothing to do because a newer build is already published),
1 invalid sources or a failed build, 2 usage errors (wrong arguments, no mkdocs.yml).
"""

from __future__ import annotations

import argparse
import os
import sys

from generator import __version__
from generator.problems import CtoportalError
from generator.problems.report import REPORTERS
from generator.model.kinds import KINDS
from generator.cli.commands import (
    cmd_diff,
    cmd_import,
    cmd_init,
    cmd_new,
    cmd_schema,
    cmd_unpublish,
    cmd_validate,
    cmd_versions,
)
from generator.cli.site_commands import cmd_build, cmd_export, cmd_publish, cmd_serve


def _config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-f", "--config-file", metavar="FILE", help="the client repository's mkdocs.yml (default: ./mkdocs.yml)"
    )


def _git_options(parser: argparse.ArgumentParser, push: bool = True) -> None:
    parser.add_argument("--branch", default="gh-pages", help="branch holding the published site (default: %(default)s)")
    parser.add_argument("--remote", default="origin", help="remote to check and push to (default: %(default)s)")
    if push:
        parser.add_argument("--push", action="store_true", help="push the branch to the remote afterwards")


DESCRIPTION = (
    "Keep a fractional CTO's technology strategy, roadmap, risk register and vendor list as YAML "
    "and Markdown in git: check them, and build them into a client portal."
)
EPILOG = (
    "Run a command from the client repository (the folder with mkdocs.yml), or point at it with -f. "
    "'ctoportal COMMAND --help' explains each command. Exit status: 0 success, 1 invalid sources or "
    "a failed build, 2 wrong usage (bad arguments, no mkdocs.yml)."
)


class _Commands:
    """Adds subcommands that all take --debug (before or after the command's name) and describe themselves."""

    def __init__(self, parser: argparse.ArgumentParser):
        self.sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
        self.common = argparse.ArgumentParser(add_help=False)
        # SUPPRESS: given before the command, the top-level value is kept rather than reset to False.
        self.common.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help="show a traceback when something fails"
        )

    def add_parser(self, name: str, help: str, description: str | None = None) -> argparse.ArgumentParser:
        text = description or help[0].upper() + help[1:] + "."
        return self.sub.add_parser(name, help=help, description=text, parents=[self.common])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ctoportal", description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"ctoportal {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback when something fails")
    sub = _Commands(parser)

    p = sub.add_parser("validate", help="check every source file and report all problems")
    _config_option(p)
    p.add_argument(
        "--format",
        choices=sorted(REPORTERS),
        default="text",
        help="text for people, json for tools, github for annotations on a pull request (default: text)",
    )
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("schema", help="write the JSON Schema of each source kind (for editor completion)")
    p.add_argument("-o", "--out", default=".ctoportal/schemas", help="folder to write to (default: %(default)s)")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("build", help="validate, then build the portal site")
    _config_option(p)
    p.add_argument("-d", "--site-dir", help="where to write the site (default: site/)")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("-v", "--verbose", action="store_true", help="also show MkDocs' own messages")
    p.add_argument("--since", metavar="REV", help="compare with this git revision on the What changed page")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "export",
        help="write the downloads (workbook, CSV, calendars, JSON) without a site, "
        "and with --pdf the board pack as a PDF",
    )
    _config_option(p)
    p.add_argument("-o", "--out", default="exports", help="folder to write to (default: %(default)s)")
    p.add_argument(
        "--pdf",
        action="store_true",
        help="also print the board pack to PDF, from a client build (needs Chromium or Chrome)",
    )
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("serve", help="serve the portal locally, rebuilding when a source changes")
    _config_option(p)
    p.add_argument(
        "-a",
        "--dev-addr",
        default="127.0.0.1:8000",
        metavar="IP:PORT",
        help="address to serve on (default: %(default)s)",
    )
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("-v", "--verbose", action="store_true", help="also show MkDocs' own messages")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("publish", help="build the portal and publish it as a version on gh-pages (with mike)")
    _config_option(p)
    p.add_argument("version", help="version name, e.g. 2026-11 or latest (a folder of the published site)")
    p.add_argument(
        "--alias",
        action="append",
        default=[],
        metavar="A",
        help="also publish under this name, moving it from any other version (repeatable)",
    )
    p.add_argument("--title", help="title shown in the version selector (default: the version name)")
    p.add_argument(
        "--alias-type",
        choices=("redirect", "copy"),
        default="redirect",
        help="how aliases are published (default: %(default)s; symlinks are not offered)",
    )
    p.add_argument("--set-default", action="store_true", help="make the site's root open this version")
    p.add_argument("--overwrite", action="store_true", help="replace a version that is already published")
    p.add_argument(
        "--allow-older",
        action="store_true",
        help="let the version or an alias go back to a build of an older commit (a rollback)",
    )
    p.add_argument("--since", metavar="REV", help="compare with this revision on the What changed page")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("-v", "--verbose", action="store_true", help="also show MkDocs' own messages")
    _git_options(p)
    p.set_defaults(func=cmd_publish)

    p = sub.add_parser("versions", help="list the published versions")
    _config_option(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help="text or json (default: text)")
    _git_options(p, push=False)
    p.set_defaults(func=cmd_versions)

    p = sub.add_parser("unpublish", help="remove a published version (it stays in the branch history)")
    _config_option(p)
    p.add_argument("version", help="the published version (or alias) to remove")
    _git_options(p)
    p.set_defaults(func=cmd_unpublish)

    p = sub.add_parser("diff", help="what changed between two revisions, item by item (for pull requests)")
    _config_option(p)
    p.add_argument("base", help="the earlier revision, e.g. origin/main")
    p.add_argument("head", nargs="?", help="the later revision (default: the working tree)")
    p.add_argument(
        "--format",
        choices=("markdown", "json", "text"),
        default="text",
        help="text for a terminal, markdown for a pull-request comment, json for tools (default: text)",
    )
    p.add_argument(
        "--audience",
        choices=("client", "internal"),
        help="whose view to compare (default: the portal's audience setting)",
    )
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("init", help="start a new client repository (sources, CI workflows, editor settings)")
    p.add_argument("dir", help="folder to create (must be empty or absent)")
    p.add_argument("--client", help="the client's name (default: from the folder name)")
    p.add_argument(
        "--owner",
        default="@consultant",
        help="handle that must review config and CI changes (CODEOWNERS; default: %(default)s)",
    )
    p.add_argument(
        "--requirement",
        metavar="SPEC",
        help="where the repository's CI installs ctoportal from, as pip understands it, e.g. "
        "git+https://git.example.com/tools/ctoportal@v1 (default: this version from the package index)",
    )
    p.add_argument("--index-url", metavar="URL", help="a package index of your own for requirements.txt")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("new", help="add an initiative, risk, vendor or goal with the next free id")
    _config_option(p)
    p.add_argument("kind", choices=[kind.name.value for kind in KINDS], help="what to add")
    p.add_argument("--title", help="its title (a vendor's name)")
    p.add_argument("--file", help="the file to add it to, relative to the repository (default: the kind's main file)")
    p.add_argument(
        "--overlay",
        action="store_true",
        help="add it to the internal overlay instead, with an id the client repository does not use",
    )
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("import", help="turn a risk register, vendor list or roadmap (CSV or XLSX) into source files")
    _config_option(p)
    p.add_argument("kind", choices=[kind.name.value for kind in KINDS if kind.importable], help="what each row is")
    p.add_argument("table", help="the .csv or .xlsx file")
    p.add_argument(
        "--mapping",
        metavar="FILE",
        help="YAML file of `field: column header` lines (default: guessed from the headers, and shown)",
    )
    p.add_argument("--sheet", help="the workbook's sheet to read (default: the first)")
    p.add_argument(
        "--file",
        help="the source file to add the items to, relative to the repository "
        "(default: the kind's main file, as for `new`)",
    )
    p.add_argument(
        "--client-visible",
        action="store_true",
        help="import the items as client-visible (default: internal until reviewed)",
    )
    p.add_argument("--dry-run", action="store_true", help="show the mapping and what would be imported; write nothing")
    p.set_defaults(func=cmd_import)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the try, not at exit
        return status
    except CtoportalError as exc:
        if args.debug:
            raise
        print(f"ctoportal: error: {exc}", file=sys.stderr)
        return getattr(exc, "exit_code", 1)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader stopped reading (``ctoportal diff ... | head``): not an error of ours. Point stdout
        # at /dev/null so that Python's own flush at exit does not complain again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as exc:  # a full disk, a read-only or missing folder: the system's reason, no traceback
        if args.debug:
            raise
        where = f": {str(exc.filename)!r}" if exc.filename else ""
        print(f"ctoportal: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
