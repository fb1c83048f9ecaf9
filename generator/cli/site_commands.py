"""The commands that run MkDocs: ``build``, ``serve``, ``export`` (its PDF is printed from a build) and
``publish``. Only the adapters import MkDocs; here it is imported inside each command, so ``validate``
and the other commands start without it."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from generator.sources.settings_file import find_config_file, read_settings
from generator.problems import CtoportalError, Problems
from generator.problems.report import REPORTERS, _use_color
from generator.checks.validate import validate_repository
from generator.cli.commands import _notice


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
        handler.addFilter(lambda record: record.levelno >= logging.WARNING or record.name == "mkdocs.plugins.ctoportal")
    if progress:
        logger.addHandler(ProgressBar(sys.stderr))  # before the printer: clears the bar for a warning
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose or progress else logging.INFO)
    logger.propagate = False
    if not verbose:  # mermaid2 reports every page at INFO
        logging.getLogger("mkdocs.plugins.mermaid2").setLevel(logging.WARNING)


def _build_site(
    config_path: Path,
    site_dir: str | None,
    strict: bool,
    since: str | None = None,
    plugin_settings: dict | None = None,
    version: str | None = None,
):
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
        config = load_config(
            config_file=str(config_path), site_dir=site_dir, strict=strict or None, docs_dir=str(empty_docs_dir())
        )
        if since is not None and "ctoportal" in config.plugins:
            config.plugins["ctoportal"].config["since"] = since
        if plugin_settings and "ctoportal" in config.plugins:
            config.plugins["ctoportal"].config.update(plugin_settings)
        if version is not None and "ctoportal" in config.plugins:
            # ours (CtoportalPlugin, which the CLI does not import); mkdocs types plugins as BasePlugin
            config.plugins["ctoportal"].published_version = version  # type: ignore[attr-defined]
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
        raise CtoportalError(
            "not building: the configuration is not valid:\n" + "\n".join(p.format() for p in problems.errors)
        )


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

    from generator.output.board_pack_pdf import pdf_file, print_board_pack
    from generator.output.headless_chromium import find_chromium

    browser = find_chromium()  # before a build: say what to install straight away
    with tempfile.TemporaryDirectory(prefix="ctoportal-pdf-") as folder:
        site = Path(folder) / "site"
        _build_site(
            config_path, str(site), strict=False, plugin_settings={"audience": "client", "board_pack_pdf": False}
        )
        return print_board_pack(site, out / pdf_file(portal).filename, browser)


def cmd_publish(args: argparse.Namespace) -> int:
    from generator.publish.operations import publish
    from generator.publish.request import Done, PublishRequest

    _mkdocs_logging(args.verbose)
    config_path = find_config_file(args.config_file)
    request = PublishRequest(
        args.version,
        args.title,
        tuple(args.alias),
        args.alias_type,
        args.branch,
        args.remote,
        args.push,
        args.set_default,
        args.overwrite,
        args.allow_older,
    )
    outcome = publish(
        config_path,
        request,
        lambda site_dir, version: (
            _build_site(config_path, str(site_dir), args.strict, args.since, version=version).use_directory_urls
        ),
        notify=_notice,
    )
    published = outcome.version
    if outcome.done is Done.NEWER_BUILD_THERE:
        print(outcome.message)  # exit 0: a slower CI job for an older merge must not turn the pipeline red
        return 0
    if outcome.done is Done.UNCHANGED:
        print(f"version {published.version} is already published exactly so: nothing to commit")
        return 0
    aliases = f" (aliases: {', '.join(published.aliases)})" if published.aliases else ""
    where = (
        f"pushed to {args.remote}/{args.branch}"
        if args.push
        else f"committed to {args.branch}; push with `git push {args.remote} {args.branch}` or publish with --push"
    )
    print(f"published version {published.version}{aliases}: {where}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import Abort, ConfigurationError

    from generator.render.site import empty_docs_dir

    _mkdocs_logging(args.verbose)
    # MkDocs warns on every dirty build that navigation may be stale: the plugin rebuilds fully when it would be.
    logging.getLogger("mkdocs.commands.build").addFilter(
        lambda record: not record.getMessage().startswith("A 'dirty' build is being performed")
    )
    config_path = find_config_file(args.config_file)
    _check_config(config_path)
    try:
        # Dirty reloads: the plugin rewrites only the pages a save changed, and asks for a full rebuild
        # (an emptied site folder) whenever the page set, the navigation or a title changes.
        serve(
            config_file=str(config_path),
            dev_addr=args.dev_addr,
            livereload=True,
            strict=args.strict or None,
            docs_dir=str(empty_docs_dir()),
            build_type="dirty",
        )
    except (Abort, ConfigurationError) as exc:
        raise CtoportalError(f"serve failed: {exc}") from None
    return 0
