"""The ``ctoportal`` command: one small function per subcommand, each calling into the core.

Exit codes: 0 success (also a publish with nothing to do because a newer build is already published),
1 invalid sources or a failed build, 2 usage errors (wrong arguments, no mkdocs.yml).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from generator import __version__
from generator.sources.settings_file import find_config_file, read_settings
from generator.problems import CtoportalError, Problems
from generator.problems.report import REPORTERS, _use_color
from generator.model.json_schema import write_schemas
from generator.model.kinds import KINDS
from generator.checks.validate import validate_repository


def _config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-f", "--config-file", metavar="FILE",
                        help="the client repository's mkdocs.yml (default: ./mkdocs.yml)")


def cmd_validate(args: argparse.Namespace) -> int:
    from generator.sources.executable_config import CODE as EXECUTABLE, report_executable_config

    config_path = find_config_file(args.config_file)
    validation = validate_repository(config_path)
    problems = validation.problems
    for note in problems.notes:
        _notice(note)
    report_executable_config(config_path, problems)  # listed for the reviewer; not a mistake to fail --strict
    reporter = REPORTERS[args.format]
    output = reporter(problems, color=_use_color(sys.stdout)) if args.format == "text" else reporter(problems)
    print(output)
    if problems.errors or (args.strict and [p for p in problems.warnings if p.code != EXECUTABLE]):
        return 1
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    for path in write_schemas(Path(args.out)):
        print(path)
    return 0


def _mkdocs_logging(verbose: bool, quiet: bool = False) -> None:
    """MkDocs' log on stderr; ``quiet`` (a build without --verbose) keeps warnings and errors only."""
    from generator.output.build_report import ProgressBar, interactive

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    progress = quiet and not verbose and interactive(sys.stderr)
    if quiet and not verbose:
        # Warnings and errors, and ctoportal's own notes (an absent overlay, a comparison it could not
        # make): few, and each something the consultant should know. MkDocs' and mermaid2's INFO lines are not.
        handler.addFilter(lambda record: record.levelno >= logging.WARNING
                          or record.name == "mkdocs.plugins.ctoportal")
    if progress:
        logger.addHandler(ProgressBar(sys.stderr))  # before the printer: clears the bar for a warning
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose or progress else logging.INFO)
    logger.propagate = False
    if not verbose:  # mermaid2 reports every page at INFO
        logging.getLogger("mkdocs.plugins.mermaid2").setLevel(logging.WARNING)


def _build_site(config_path: Path, site_dir: str | None, strict: bool, since: str | None = None,
                plugin_settings: dict | None = None, version: str | None = None):
    """Build with MkDocs' Python API, in this process: the same builder whether or not ProperDocs is
    installed (mike would switch to it). ``version``: the published version being built, handed to the
    plugin directly. Returns the MkDocs config used."""
    from mkdocs.commands.build import build  # MkDocs is only needed to build, not to validate
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    from generator.render.site import empty_docs_dir

    _check_config(config_path)
    try:
        # docs_dir: MkDocs insists that it exists before any plugin runs; ctoportal never lets it read
        # one anyway (the plugin hands it every page), so a mkdocs.yml may leave it out.
        config = load_config(config_file=str(config_path), site_dir=site_dir, strict=strict or None,
                             docs_dir=str(empty_docs_dir()))
        if since is not None and "ctoportal" in config.plugins:
            config.plugins["ctoportal"].config["since"] = since
        if plugin_settings and "ctoportal" in config.plugins:
            config.plugins["ctoportal"].config.update(plugin_settings)
        if version is not None and "ctoportal" in config.plugins:
            config.plugins["ctoportal"].published_version = version
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (Abort, ConfigurationError) as exc:
        raise CtoportalError(f"build failed: {exc}") from None
    return config


def _check_config(config_path: Path) -> None:
    """mkdocs.yml (and what it inherits) as validate reads it, before MkDocs acts on it: without the
    ctoportal plugin, or with a custom_dir over the sources, MkDocs would publish raw sources."""
    problems = Problems()
    read_settings(config_path, problems)
    if problems.errors:
        raise CtoportalError("not building: the configuration is not valid:\n"
                             + "\n".join(p.format() for p in problems.errors))


def cmd_build(args: argparse.Namespace) -> int:
    import time

    from generator.output.build_report import ProgressBar, build_summary
    from generator.output.staging import check_site_dir

    _mkdocs_logging(args.verbose, quiet=True)
    config_path = find_config_file(args.config_file)
    if args.site_dir is not None:  # before MkDocs starts: a clean one-line error (the plugin checks too)
        check_site_dir(config_path.parent / args.site_dir, config_path)
    start = time.monotonic()
    try:
        config = _build_site(config_path, args.site_dir, args.strict, args.since)
    finally:
        for handler in logging.getLogger("mkdocs").handlers:
            if isinstance(handler, ProgressBar):
                handler.clear()
    print("\n".join(build_summary(config, time.monotonic() - start, args.config_file)))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from generator.render.exports import write_downloads

    validation = validate_repository(find_config_file(args.config_file))
    problems, portal = validation.problems, validation.portal
    for note in problems.notes:
        _notice(note)
    if problems.errors or portal is None:
        print(REPORTERS["text"](problems, color=_use_color(sys.stderr)), file=sys.stderr)
        return 1
    for path in write_downloads(portal, Path(args.out)):
        print(path)
    if args.pdf:
        print(_export_pdf(find_config_file(args.config_file), portal, Path(args.out)))
    return 0


def _export_pdf(config_path: Path, portal, out: Path) -> Path:
    """Build the client's site in a temporary folder and print its board pack (never an internal build)."""
    import tempfile

    from generator.output.board_pack_pdf import find_chromium, pdf_file, print_board_pack

    browser = find_chromium()  # before a build: say what to install straight away
    with tempfile.TemporaryDirectory(prefix="ctoportal-pdf-") as folder:
        site = Path(folder) / "site"
        _build_site(config_path, str(site), strict=False,
                    plugin_settings={"audience": "client", "board_pack_pdf": False})
        return print_board_pack(site, out / pdf_file(portal).filename, browser)


def _notice(message: str) -> None:
    """Something the user should know that is not an error (e.g. a publish made again on top of another)."""
    print(f"ctoportal: {message}", file=sys.stderr, flush=True)


def cmd_publish(args: argparse.Namespace) -> int:
    from generator.publish.operations import publish
    from generator.publish.request import Done, PublishRequest

    _mkdocs_logging(args.verbose)
    config_path = find_config_file(args.config_file)
    request = PublishRequest(args.version, args.title, tuple(args.alias), args.alias_type, args.branch, args.remote,
                             args.push, args.set_default, args.overwrite, args.allow_older)
    outcome = publish(config_path, request,
                      lambda site_dir, version: _build_site(config_path, str(site_dir), args.strict, args.since,
                                                            version=version).use_directory_urls, notify=_notice)
    published = outcome.version
    if outcome.done is Done.NEWER_BUILD_THERE:
        print(outcome.message)  # exit 0: a slower CI job for an older merge must not turn the pipeline red
        return 0
    if outcome.done is Done.UNCHANGED:
        print(f"version {published.version} is already published exactly so: nothing to commit")
        return 0
    aliases = f" (aliases: {', '.join(published.aliases)})" if published.aliases else ""
    where = f"pushed to {args.remote}/{args.branch}" if args.push else \
        f"committed to {args.branch}; push with `git push {args.remote} {args.branch}` or publish with --push"
    print(f"published version {published.version}{aliases}: {where}")
    return 0


def cmd_versions(args: argparse.Namespace) -> int:
    import json

    from generator.sources.git import require_work_tree
    from generator.vcs.published_versions import read_versions

    repo = require_work_tree(find_config_file(args.config_file).parent)
    versions = read_versions(repo, args.branch, args.remote)
    if args.format == "json":
        print(json.dumps({"version": 1, "versions": [
            {"version": v.version, "title": v.title, "aliases": list(v.aliases), "commit": v.commit,
             "published": v.published} for v in versions]}, indent=2))
        return 0
    for v in versions:
        title = f' "{v.title}"' if v.title != v.version else ""
        aliases = f" [{', '.join(v.aliases)}]" if v.aliases else ""
        source = f" from {v.commit[:7]}" if v.commit else ""
        when = f", {v.published[:10]}" if v.published else ""
        print(f"{v.version}{title}{aliases}{source}{when}")
    if not versions:
        print(f"no version published on {args.branch!r} yet (ctoportal publish VERSION)")
    return 0


def cmd_unpublish(args: argparse.Namespace) -> int:
    from generator.publish.operations import unpublish

    removed = unpublish(find_config_file(args.config_file), args.version, branch=args.branch, remote=args.remote,
                        push_after=args.push, notify=_notice)
    print(f"unpublished version {removed.version} from {args.branch}"
          + ("" if args.push else f"; push with `git push {args.remote} {args.branch}`"))
    print(f"note: its files stay in the history of {args.branch!r}; to purge them, see "
          f"\"Removing a version for good\" in the README")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from generator.vcs.portal_diff import diff_portals
    from generator.vcs.diff_report import as_json, as_markdown, as_text
    from generator.model.settings import Audience
    from generator.vcs.diff_review import reviewer_diff
    from generator.vcs.revisions import load_pair, views

    config_path = find_config_file(args.config_file)
    before, after = load_pair(config_path, args.base, args.head)
    diff = diff_portals(*views(before, after, Audience(args.audience) if args.audience else None))
    diff = reviewer_diff(diff, config_path, before, after)  # settings, visibility and build code first
    if args.format == "json":
        print(as_json(diff, {"rev": args.base, "commit": before.commit},
                      {"rev": args.head, "commit": after.commit}))
    elif args.format == "markdown":
        print(as_markdown(diff, before.label, after.label), end="")
    else:
        print(as_text(diff, before.label, after.label))
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from generator.authoring.scaffold import Source, init_repository

    target = Path(args.dir)
    client = args.client or target.resolve().name.replace("-", " ").replace("_", " ").title()
    source = Source(args.requirement, args.index_url) if args.requirement else Source(index_url=args.index_url)
    init_repository(target, client, owner=args.owner, source=source)
    print(f"client repository for {client} created in {target}\nnext: cd {target} && ctoportal serve "
          f"(replace the examples, set your handle in CODEOWNERS, then commit and push)")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from generator.authoring.new_item import add_item

    config_path = find_config_file(args.config_file)
    if args.overlay:
        from generator.sources.overlay import require_overlay

        label, folder = require_overlay(config_path)
        item = add_item(folder, args.kind, args.title, args.file, also_taken=config_path.parent)
        print(f"added {item.kind} {item.item_id} to {label}/{item.path} (internal overlay)")
        return 0
    item = add_item(config_path.parent, args.kind, args.title, args.file)
    print(f"added {item.kind} {item.item_id} to {item.path}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from generator.authoring.import_fields import guess_mapping, mapping_text, read_mapping
    from generator.authoring.import_table import read_table
    from generator.authoring.importer import (
        import_table,
        report,
    )

    config_path = find_config_file(args.config_file)
    table = read_table(Path(args.table), args.table, args.sheet)
    mapping = read_mapping(Path(args.mapping), args.kind, table.headers) if args.mapping \
        else guess_mapping(args.kind, table.headers)
    print(f"{args.table}: {len(table.rows)} row(s); columns {'as in ' + args.mapping if args.mapping else 'guessed'} "
          f"(to change: save these lines to a file, edit them, pass --mapping FILE):")
    print("\n".join(f"  {line}" for line in mapping_text(args.kind, table.headers, mapping)), flush=True)
    result = import_table(config_path.parent, args.kind, table, mapping, file=args.file,
                          client_visible=args.client_visible, dry_run=args.dry_run,
                          validate=lambda: validate_repository(config_path).problems)
    print(report(result, args.table, color=_use_color(sys.stdout)))
    return 1 if result.problems.errors or (result.validation is not None and result.validation.errors) else 0


def _git_options(parser: argparse.ArgumentParser, push: bool = True) -> None:
    parser.add_argument("--branch", default="gh-pages", help="branch holding the published site (default: %(default)s)")
    parser.add_argument("--remote", default="origin", help="remote to check and push to (default: %(default)s)")
    if push:
        parser.add_argument("--push", action="store_true", help="push the branch to the remote afterwards")


def cmd_serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import Abort, ConfigurationError

    from generator.render.site import empty_docs_dir

    _mkdocs_logging(args.verbose)
    # MkDocs warns on every dirty build that navigation may be stale: the plugin rebuilds fully when it would be.
    logging.getLogger("mkdocs.commands.build").addFilter(
        lambda record: not record.getMessage().startswith("A 'dirty' build is being performed"))
    config_path = find_config_file(args.config_file)
    _check_config(config_path)
    try:
        # Dirty reloads: the plugin rewrites only the pages a save changed, and asks for a full rebuild
        # (an emptied site folder) whenever the page set, the navigation or a title changes.
        serve(config_file=str(config_path), dev_addr=args.dev_addr, livereload=True, strict=args.strict or None,
              docs_dir=str(empty_docs_dir()), build_type="dirty")
    except (Abort, ConfigurationError) as exc:
        raise CtoportalError(f"serve failed: {exc}") from None
    return 0


DESCRIPTION = ("Keep a fractional CTO's technology strategy, roadmap, risk register and vendor list as YAML "
               "and Markdown in git: check them, and build them into a client portal.")
EPILOG = ("Run a command from the client repository (the folder with mkdocs.yml), or point at it with -f. "
          "'ctoportal COMMAND --help' explains each command. Exit status: 0 success, 1 invalid sources or "
          "a failed build, 2 wrong usage (bad arguments, no mkdocs.yml).")


class _Commands:
    """Adds subcommands that all take --debug (before or after the command's name) and describe themselves."""

    def __init__(self, parser: argparse.ArgumentParser):
        self.sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
        self.common = argparse.ArgumentParser(add_help=False)
        # SUPPRESS: given before the command, the top-level value is kept rather than reset to False.
        self.common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                                 help="show a traceback when something fails")

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
    p.add_argument("--format", choices=sorted(REPORTERS), default="text",
                   help="text for people, json for tools, github for annotations on a pull request (default: text)")
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

    p = sub.add_parser("export", help="write the downloads (workbook, CSV, calendars, JSON) without a site, "
                       "and with --pdf the board pack as a PDF")
    _config_option(p)
    p.add_argument("-o", "--out", default="exports", help="folder to write to (default: %(default)s)")
    p.add_argument("--pdf", action="store_true",
                   help="also print the board pack to PDF, from a client build (needs Chromium or Chrome)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("serve", help="serve the portal locally, rebuilding when a source changes")
    _config_option(p)
    p.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT",
                   help="address to serve on (default: %(default)s)")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("-v", "--verbose", action="store_true", help="also show MkDocs' own messages")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("publish", help="build the portal and publish it as a version on gh-pages (with mike)")
    _config_option(p)
    p.add_argument("version", help="version name, e.g. 2026-11 or latest (a folder of the published site)")
    p.add_argument("--alias", action="append", default=[], metavar="A",
                   help="also publish under this name, moving it from any other version (repeatable)")
    p.add_argument("--title", help="title shown in the version selector (default: the version name)")
    p.add_argument("--alias-type", choices=("redirect", "copy"), default="redirect",
                   help="how aliases are published (default: %(default)s; symlinks are not offered)")
    p.add_argument("--set-default", action="store_true", help="make the site's root open this version")
    p.add_argument("--overwrite", action="store_true", help="replace a version that is already published")
    p.add_argument("--allow-older", action="store_true",
                   help="let the version or an alias go back to a build of an older commit (a rollback)")
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
    p.add_argument("--format", choices=("markdown", "json", "text"), default="text",
                   help="text for a terminal, markdown for a pull-request comment, json for tools (default: text)")
    p.add_argument("--audience", choices=("client", "internal"),
                   help="whose view to compare (default: the portal's audience setting)")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("init", help="start a new client repository (sources, CI workflows, editor settings)")
    p.add_argument("dir", help="folder to create (must be empty or absent)")
    p.add_argument("--client", help="the client's name (default: from the folder name)")
    p.add_argument("--owner", default="@consultant", help="handle that must review config and CI changes "
                   "(CODEOWNERS; default: %(default)s)")
    p.add_argument("--requirement", metavar="SPEC",
                   help="where the repository's CI installs ctoportal from, as pip understands it, e.g. "
                        "git+https://git.example.com/tools/ctoportal@v1 (default: this version from the package index)")
    p.add_argument("--index-url", metavar="URL", help="a package index of your own for requirements.txt")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("new", help="add an initiative, risk, vendor or goal with the next free id")
    _config_option(p)
    p.add_argument("kind", choices=[kind.name.value for kind in KINDS], help="what to add")
    p.add_argument("--title", help="its title (a vendor's name)")
    p.add_argument("--file", help="the file to add it to, relative to the repository (default: the kind's main file)")
    p.add_argument("--overlay", action="store_true",
                   help="add it to the internal overlay instead, with an id the client repository does not use")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("import", help="turn a risk register, vendor list or roadmap (CSV or XLSX) into source files")
    _config_option(p)
    p.add_argument("kind", choices=[kind.name.value for kind in KINDS if kind.importable], help="what each row is")
    p.add_argument("table", help="the .csv or .xlsx file")
    p.add_argument("--mapping", metavar="FILE", help="YAML file of `field: column header` lines (default: guessed "
                   "from the headers, and shown)")
    p.add_argument("--sheet", help="the workbook's sheet to read (default: the first)")
    p.add_argument("--file", help="the source file to add the items to, relative to the repository "
                   "(default: the kind's main file, as for `new`)")
    p.add_argument("--client-visible", action="store_true",
                   help="import the items as client-visible (default: internal until reviewed)")
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
