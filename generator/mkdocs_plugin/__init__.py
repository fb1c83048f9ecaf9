"""The MkDocs adapter: validate the sources, hand MkDocs the generated pages, and set up what the
portal needs (extensions, theme features, self-hosted scripts) wherever the user has not.

All the work is in the core; this package only translates between it and MkDocs' events (what it sets in
MkDocs' configuration is in configuration.py).
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import jinja2
import jinja2.bccache
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import CountHandler

from generator.output.board_pack_pdf import print_board_pack
from generator.output.diagram_delivery import DiagramDelivery, choose_route
from generator.model import i18n
from generator.facts.formatting import day
from generator.output.site_policy import harden_site
from generator.model.kinds import SOURCE_FOLDERS
from generator.sources.located_yaml import remember_parses
from generator.model import PortalSettings
from generator.problems import CtoportalError
from generator.output.page_filter import diagrams_out_of_search, sanitise_html
from generator.render.navigation import Navigation
from generator.render.site import SiteSources, empty_docs_dir
from generator.output.serve_pages import ServePages, search_entries, serve_docs_dir
from generator.render.template_cache import template_cache
from generator.output.staging import check_site_dir, commit_staged, discard_staged, prepare_staged, staging_path
from generator.checks.validate import validate_repository
from generator.vcs.build import build_site
from generator.vcs.item_history import remember_histories

from generator.mkdocs_plugin.configuration import (
    _mermaid2_scripts,
    _set_up,
    _set_up_version_selector,
    _show_problems,
    _take_over_mermaid2_pass,
    _theme_speaks,
)

log = logging.getLogger("mkdocs.plugins.ctoportal")

MIKE_VERSION_ENV = "MIKE_DOCS_VERSION"
"""mike's name for the version it builds, when a consultant runs ``mike deploy`` themselves."""


class CtoportalPlugin(BasePlugin):
    # One definition: the settings model lists the options; MkDocs only passes them through.
    config_scheme = tuple((name, c.Type(object, default=None)) for name in PortalSettings.model_fields)

    def __init__(self) -> None:
        super().__init__()
        self.sources: SiteSources | None = None
        self.command: str | None = None
        self.staged: Path | None = None
        self.site_dir: Path | None = None
        self.warnings: CountHandler | None = None
        self.overlay: Path | None = None
        self.published_version: str | None = None
        """Set by ``ctoportal publish`` before it builds; a build by ``mike deploy`` names it in MIKE_VERSION_ENV."""
        self.diagrams: DiagramDelivery | None = None
        self.serve_pages: ServePages | None = None
        self.served = False
        """serve has built the site once: a rebuild draws no diagram at build time (``only_cached``)."""
        self.build_started: int | None = None
        """serve: when this build started (less a margin), to harden only the pages it wrote."""
        self.rebuilt: set[str] | None = None
        """serve: the URLs of the pages this build rendered, for the search index; None: every page."""
        self.full_rebuild = True
        """serve: this build renders every page (``ServePages.update``)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `ctoportal serve` asks MkDocs for dirty reloads: ServePages decides what is rebuilt.
        self.command = command if not dirty or command == "serve" else "dirty"
        if self.command == "serve" and self.serve_pages is None:
            remember_parses()  # this plugin lives as long as the serve process: unchanged files are not parsed again
            remember_histories()  # nor the commits read again while no commit and no item shown changed
            self.serve_pages = ServePages(serve_docs_dir())
            self.templates = _CompiledTemplates()
        elif self.command != "serve":
            # MkDocs keeps plugin instances for the life of the process: a build after a serve in the same
            # process (tests, tools driving MkDocs) is a whole build again, drawing every diagram.
            self.serve_pages, self.served = None, False

    @event_priority(100)  # before mermaid2, which looks for the mermaid script in extra_javascript
    def on_config(self, config):
        root = Path(config.config_file_path).parent
        self.diagrams = None
        if config.strict:
            # MkDocs aborts a strict build with warnings only after on_post_build: count them too, so
            # that such a build is not swapped in over the previous site.
            self.warnings = CountHandler()
            self.warnings.setLevel(logging.WARNING)
            logging.getLogger("mkdocs").addHandler(self.warnings)
        validation = validate_repository(Path(config.config_file_path), resolved_settings=dict(self.config))
        self.validation = validation  # for the summary `ctoportal build` prints
        problems, portal = validation.problems, validation.portal
        for note in problems.notes:
            log.info(note)
        for problem in problems.warnings:
            log.warning(problem.format())
        if portal is not None and portal.settings.board_pack_pdf and portal.settings.audience != "client":
            log.warning(
                "board_pack_pdf: no PDF in an internal build (it would carry internal material); "
                "print the client's with `ctoportal export --pdf`"
            )
        # MkDocs reads nothing from the repository: every page and file it sees comes from ctoportal.
        config.docs_dir = str(empty_docs_dir())
        if (problems.errors or portal is None) and self.command == "serve":
            # A failed rebuild would leave the browser waiting: serve the problems themselves instead.
            for problem in problems.errors:
                log.error(problem.format())
            self.sources = SiteSources(pages={}, files={}, nav=Navigation(()))
            _show_problems(config, problems)
            if self.serve_pages is not None:
                self.serve_pages.update({}, [], Path(config.site_dir))  # every page becomes the problems
                self.full_rebuild = True
            return config
        if problems.errors or portal is None:
            raise PluginError(
                "the sources are not valid:\n"
                + "\n".join(p.format() for p in problems.errors)
                + f"\n{len(problems.errors)} error(s), {len(problems.warnings)} warning(s)"
            )
        self.overlay = root / portal.overlay if portal.overlay_loaded and portal.overlay else None
        version = self.published_version or os.environ.get(MIKE_VERSION_ENV)
        portal.version = version  # the board pack says which published version it belongs to
        portal.directory_urls = config.use_directory_urls  # links written from source Markdown need the layout
        with i18n.using(i18n.for_settings(portal.settings)):  # every generated word in the portal's language
            try:
                self.sources = build_site(
                    portal,
                    root,
                    Path(config.config_file_path),
                    since=portal.settings.since,
                    version=version,
                    history=portal.settings.history,
                )
            except CtoportalError as exc:
                raise PluginError(str(exc)) from None
            _set_up(config, self.sources)
            _theme_speaks(config, portal.settings.language)
            route = choose_route(root, portal, Path(config.config_file_path), only_cached=self.served)
            for note, say in ((route.info, log.info), (route.warning, log.warning)):
                if note:
                    say(note)
            self.diagrams = route.delivery
            _set_up_version_selector(config, version, day(portal.today))
            if self.serve_pages is not None:
                full = self.serve_pages.update(self.sources.pages, config.nav, Path(config.site_dir))
                self.full_rebuild = full
                log.debug(f"serve: {'full rebuild' if full else 'pages re-rendered'}: {len(self.serve_pages.written)}")
        if self.command != "serve":  # serve builds into a temporary folder
            try:
                check_site_dir(Path(config.site_dir), Path(config.config_file_path))
            except CtoportalError as exc:
                raise PluginError(str(exc)) from None
        if self.command == "build":
            self.site_dir = Path(config.site_dir)
            self.staged = staging_path(self.site_dir)
            prepare_staged(self.staged)
            config.site_dir = str(self.staged)
        if self.diagrams is not None and self.sources is not None:  # while MkDocs renders the pages
            self.diagrams.start_drawing(self.sources.pages)
        return config

    def on_pre_build(self, *, config) -> None:
        if self.serve_pages is not None:  # file times may lag the clock by a tick: a margin, never a miss
            self.build_started = time.time_ns() - 2_000_000_000
            self.rebuilt = set()

    def on_files(self, files: Files, *, config) -> Files:
        assert self.sources is not None
        # Only the theme's own files (stylesheets, scripts, fonts; custom_dir, vetted by validation) are
        # kept: anything else did not come from ctoportal, so it is not published (fail closed).
        theme_dirs = [Path(d) for d in config.theme.dirs]
        generated = Files(
            [
                f
                for f in files
                if f.abs_src_path is not None and any(Path(f.abs_src_path).is_relative_to(d) for d in theme_dirs)
            ]
        )
        for path, content in self.sources.pages.items():
            if self.serve_pages is not None:  # a file whose time stamp says whether it changed
                generated.append(File.generated(config, path, abs_src_path=str(self.serve_pages.folder / path)))
            else:
                generated.append(File.generated(config, path, content=content))
        for path, source in self.sources.files.items():
            generated.append(File.generated(config, path, abs_src_path=str(source)))
        for download in self.sources.downloads:
            generated.append(File.generated(config, download.path, content=download.content))
        for path, css in self.sources.stylesheets:
            generated.append(File.generated(config, path, content=css))
        if self.sources.board_pack_pdf is not None:  # a place for the link; printed in on_post_build
            generated.append(File.generated(config, self.sources.board_pack_pdf.path, content=b""))
        return generated

    def on_env(self, env, *, config, files):
        if self.serve_pages is not None:  # serve: the theme's templates compiled once, not on every rebuild
            env.bytecode_cache = self.templates
        else:  # a build: the theme's templates compiled by an earlier build (render/template_cache.py)
            env.bytecode_cache = template_cache(env)
        _take_over_mermaid2_pass(config, self.diagrams)
        return env

    def on_serve(self, server, *, config, builder):
        root = Path(config.config_file_path).parent
        for folder in SOURCE_FOLDERS:
            for where in (root, self.overlay):
                if where is not None and (where / folder).is_dir():
                    server.watch(str(where / folder))
        return server

    def on_page_content(self, html: str, *, page, config, files) -> str:
        html = sanitise_html(html)
        if self.diagrams is not None:
            html = self.diagrams.page(html, page.file.src_uri, page.file.dest_uri)
        return html

    def on_post_page(self, output: str, *, page, config) -> str:
        return self.diagrams.page_done(output, page.file.dest_uri) if self.diagrams is not None else output

    @event_priority(50)  # before the search plugin indexes the page
    def on_page_context(self, context, *, page, config, nav):
        page.content = diagrams_out_of_search(page.content)
        if self.rebuilt is not None:
            self.rebuilt.add(page.url)
        return context

    @event_priority(100)  # before the search plugin writes its index
    def _search_of_a_dirty_build(self, *, config) -> None:
        search = config.plugins.get("search") or config.plugins.get("material/search")
        previous = getattr(search, "search_index_prev", None)
        if self.rebuilt is None or previous is None or not hasattr(search, "search_index"):
            return
        if not self.full_rebuild:  # a full rebuild indexed every page itself
            search.search_index.entries = search_entries(previous.entries, search.search_index.entries, self.rebuilt)
        search.search_index_prev = None  # its own merge would redo (and undo) ours

    def _post_build(self, *, config) -> None:
        self.served = self.serve_pages is not None
        if self.diagrams is not None:
            try:  # before the hardening and the PDF: both see the pages with their drawings
                self.diagrams.finish(Path(config.site_dir))
            except CtoportalError as exc:
                raise PluginError(str(exc)) from None
            for diagram in self.diagrams.failed:
                log.warning(f"a diagram could not be drawn ({diagram}); its page says so")
        for where in harden_site(
            Path(config.site_dir),
            content_security_policy=self.command != "serve",
            written_since=self.build_started,
            also_known=_mermaid2_scripts(config),
        ):
            log.warning(
                f"an inline script that neither the theme nor mermaid2 wrote, blocked by the "
                f"Content-Security-Policy: {where}"
            )
        pdf = self.sources.board_pack_pdf if self.sources is not None else None
        if pdf is not None:
            try:  # printed from the site just built (a client build), before it is swapped in
                print_board_pack(Path(config.site_dir), Path(config.site_dir) / pdf.path)
            except CtoportalError as exc:
                raise PluginError(str(exc)) from None
        failed = self.warnings is not None and bool(self.warnings.get_counts())
        if self.warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            self.warnings = None
        if self.staged is not None and self.site_dir is not None:
            if failed:
                discard_staged(self.staged)
            else:
                commit_staged(self.staged, self.site_dir)
                if self.diagrams is not None:  # a whole build: it saw every diagram of the portal
                    self.diagrams.prune_cache()
            config.site_dir = str(self.site_dir)
            self.staged = None

    on_post_build = CombinedEvent(_search_of_a_dirty_build, _post_build)

    def on_build_error(self, *, error: Exception) -> None:
        if self.diagrams is not None:
            self.diagrams.stop_drawing()
        if self.serve_pages is not None:
            self.serve_pages.forget()  # a half-built site: the next build starts from an empty one
        if self.warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            self.warnings = None
        if self.staged is not None:
            discard_staged(self.staged)
            self.staged = None


class _CompiledTemplates(jinja2.BytecodeCache):
    """The theme's compiled templates, in memory, for the serve process: MkDocs makes a new Jinja
    environment for every build, which would compile every template again (a good part of a rebuild).
    A bucket is keyed by the template's name and checked against its source, so an edited one compiles."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()
