"""Check that the test suite really guards each protection: remove the protection, the tests must fail.

Each row of ``MUTATIONS`` names a protection, the exact snippet of code that provides it, a replacement
that removes or disables it, and the narrowest tests that must catch that. For each row the script copies
the repository (tracked and untracked, non-ignored files; not .venv) into a temporary folder, applies the
one mutation there and runs the named tests in the copy with the interpreter the script runs under:

    KILLED    the tests failed (or hung past the row's time limit): the protection is guarded
    SURVIVED  the tests passed without the protection: a gap to close with a test

A snippet that is missing or not unique stops the script before anything runs, so the table cannot rot
silently: update the row when the protected code changes.

The interpreter's environment has the project installed (editable), so the copy is put first on PYTHONPATH and pytest runs
with the copy as its working directory; subprocesses the tests start (``python -m generator.cli``,
``python -m mkdocs`` loading the plugin by its entry point) inherit PYTHONPATH. Before each row the script
checks that both ``generator`` and the ``ctoportal`` MkDocs entry point resolve into the copy, and the
``sanity:`` rows (mutations that break everything) must be KILLED.

A baseline run first runs every selected row's tests on an unmutated copy: they must pass, or a KILLED
would mean nothing.

A row marked ``redundant`` is a protection another layer already makes unobservable; it is expected to
survive, is reported as such and does not fail the run (the reason is in the row).

Usage (from the repository root):

    .venv/bin/python scripts/check_protections.py              # every row, then a summary table
    .venv/bin/python scripts/check_protections.py -k publish   # rows whose name contains "publish"
    .venv/bin/python scripts/check_protections.py --list       # the table, with its snippets checked
    .venv/bin/python scripts/check_protections.py -j 2         # two rows at a time
    .venv/bin/python scripts/check_protections.py --no-baseline -v

Exit status: 0 if every row was KILLED (or survived as documented redundant), 1 otherwise; 2 if the
table no longer matches the code or the baseline fails.

It takes about 12 minutes for the 118 rows on 2 cores (the baseline about 2 of them), one row at a time.

To add a row: append a ``Mutation`` to ``MUTATIONS`` (or a function returning rows, as for the
audience references); ``tests`` are pytest arguments: node ids, files, or ``"-k", "expression"``.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)  # the interpreter this runs under: its environment has the project installed
GB = 1024**3


@dataclass(frozen=True)
class Mutation:
    name: str
    """The protection, as a reader of the report knows it."""
    file: str
    original: str
    """Exact text in ``file``; must occur exactly once."""
    replacement: str
    """The same place with the protection removed or disabled."""
    tests: tuple[str, ...]
    """pytest arguments selecting the tests that must fail."""
    note: str = ""
    redundant: str = ""
    """Why the protection cannot be observed (another layer stops the attack): expected to survive."""
    timeout: int = 300
    """Seconds; a row still running then is KILLED (the symptom of the missing protection is a hang)."""
    memory_limit: int | None = None
    """Address-space limit for rows whose mutant would otherwise eat the machine's memory."""
    also: tuple[tuple[str, str], ...] = ()
    """More (original, replacement) pairs in the same file, for a protection made of several layers."""

    def mutate(self, text: str) -> str:
        for original, replacement in ((self.original, self.replacement), *self.also):
            text = text.replace(original, replacement)
        return text


def m(name: str, file: str, original: str, replacement: str, *tests: str, **extra) -> Mutation:
    return Mutation(name, file, original, replacement, tests, **extra)


T_SITE = "tests/test_site.py"
T_HOSTILE = "tests/test_hostile_input.py"
T_SAFETY = "tests/test_output_safety.py"
T_MERMAID = "tests/test_mermaid.py"
T_HISTORY = "tests/test_history.py"
T_PUBLISH = "tests/test_publish.py"
T_EXTRA = "tests/test_protections_extra.py"
T_EXPORTS = "tests/test_exports.py"
T_RACE = "tests/test_publish_race.py"


def _audience_reference_rows() -> list[Mutation]:
    """The reader's view drops every reference to an internal item: stripped field by field from the kinds
    registry, so one row per reference field (the field removed from its kind's row) and one per way a
    field is stripped (a list of ids, a single id, a field of a nested model)."""
    fields = [
        ("initiative goals", 'Ref("goals", KindName.GOAL),\n            Ref("depends_on"'),
        ("initiative depends_on", 'Ref("depends_on", KindName.INITIATIVE),'),
        ("initiative mitigates", 'Ref("mitigates", KindName.RISK),'),
        ("initiative vendors", 'Ref("vendors", KindName.VENDOR),\n            Ref("cost.vendor"'),
        ("risk mitigations", 'Ref("mitigations", KindName.INITIATIVE), '),
        ("risk vendors", 'Ref("vendors", KindName.VENDOR)),'),
        ("vendor integrations", 'Ref("integrations", KindName.VENDOR),'),
        ("vendor risks", 'Ref("risks", KindName.RISK),\n            Ref("replaced_by"'),
        ("vendor replaced_by", 'Ref("replaced_by", KindName.VENDOR, many=False),'),
    ]
    test = f"{T_EXTRA}::test_no_reference_to_an_internal_item_reaches_a_client_page"
    rows = []
    for field, original in fields:
        ref = original.split(")", 1)[0] + ")"
        rows.append(
            m(
                f"audience: references to internal items dropped ({field})",
                "generator/model/kinds.py",
                original,
                original.replace(ref + ", ", "").replace(ref + ",", "").replace(ref, ""),
                test,
            )
        )
    rows += [
        m(
            "audience: references to internal items dropped (a list of ids)",
            "generator/model/kinds.py",
            "update={path[0]: [i for i in value if i in allowed]}",
            "update={path[0]: value}",
            test,
        ),
        m(
            "audience: references to internal items dropped (a single id)",
            "generator/model/kinds.py",
            "update={path[0]: value if value in allowed else None}",
            "update={path[0]: value}",
            test,
        ),
        m(
            "audience: references to internal items dropped (every field of the registry)",
            "generator/model/portal.py",
            "        for ref in kind.references:\n",
            "        for ref in ():\n",
            test,
        ),
    ]
    return rows


def _codeowners_rows() -> list[Mutation]:
    """``ctoportal init`` writes CODEOWNERS: each protected path has its own row."""
    entries = [
        "/mkdocs.yml               __OWNER__\n",
        "/overrides/               __OWNER__\n",
        "/hooks/                   __OWNER__\n",
        "/.pre-commit-config.yaml  __OWNER__\n",
        "/.github/                 __OWNER__\n",
        "/.gitlab-ci.yml           __OWNER__\n",
        "/CODEOWNERS               __OWNER__",
    ]
    return [
        m(
            f"init: CODEOWNERS owns {entry.split()[0]}",
            "generator/authoring/scaffold_files/CODEOWNERS",
            entry,
            "",
            "tests/test_init_new.py::test_editor_hooks_and_owners",
        )
        for entry in entries
    ]


def _policy_rows() -> list[Mutation]:
    """Each directive of the Content-Security-Policy that a browser can be seen to enforce: opened to any
    host, the page the injecting theme override writes makes a request off the site. (connect-src and
    worker-src need a running script, which script-src already stops: no row.)"""
    test = f"{T_EXTRA}::test_injected_script_and_offsite_resources_are_blocked_by_the_policy"
    directives = [
        ("default-src (frames)", "\"default-src 'self'; \"", '"default-src *; "'),
        ("script-src (scripts from other hosts)", "f\"script-src 'self' {scripts}; \"", 'f"script-src * {scripts}; "'),
        ("style-src", "\"style-src 'self' 'unsafe-inline'; \"", "\"style-src * 'unsafe-inline'; \""),
        ("img-src", "\"img-src 'self' data:; ", '"img-src *; '),
        ("font-src", "font-src 'self' data:; ", "font-src *; "),
        ("object-src", "\"object-src 'none'; ", '"object-src *; '),
        ("base-uri", "base-uri 'self'; ", "base-uri *; "),
    ]
    return [
        m(f"hardening: CSP {name} keeps to the site", "generator/output/site_policy.py", original, replacement, test)
        for name, original, replacement in directives
    ]


# Looked at and left without a row:
# - tojson: none in our templates or theme overrides (grep); the one JSON blob on each page (material's
#   __config) is written by material's own tojson.
# - %YAML 1.1: read by ruamel's own resolver, nothing of ours to remove (test_yaml_1_1_directive pins it).
# - _yaml_text's \u003c/\u003e/\u0026 escapes: after html.escape the title holds no < or >, and the JSON
#   escapes decode to the same YAML string, so removing them changes no page.
# - exports: XlsxWriter's strings_to_formulas option is a second layer behind write_string (which never
#   makes a formula), so the workbook row removes both at once.
def _traps_rows() -> list[Mutation]:
    """Traps of a new client repository (tests/test_traps.py, tests/test_serve.py)."""
    return [
        m(
            "traps: serve shows the problems instead of hanging",
            "generator/mkdocs_plugin/__init__.py",
            'if (problems.errors or portal is None) and self.command == "serve":',
            "if (problems.errors or portal is None) and False:",
            "tests/test_serve.py::test_serve_shows_the_problems_in_the_browser_and_recovers",
        ),
        m(
            "traps: the problems page escapes source text",
            "generator/output/theme_problems/404.html",
            "{{ problem.message | e }}",
            "{{ problem.message }}",
            "tests/test_serve.py::test_serve_shows_the_problems_in_the_browser_and_recovers",
        ),
        m(
            "traps: an invalid item keeps its identity (one mistake, one error)",
            "generator/checks/references.py",
            "        if (target_kind, target) in portal.invalid:\n",
            "        if False:\n",
            "tests/test_traps.py::test_an_invalid_field_on_a_referenced_item_gives_one_error_not_a_cascade",
        ),
        m(
            "traps: a closed pipe ends quietly",
            "generator/cli/__init__.py",
            "    except BrokenPipeError:",
            "    except ZeroDivisionError:",
            "tests/test_traps.py::test_a_reader_that_stops_early_is_no_traceback",
        ),
    ]


def _site_files_rows() -> list[Mutation]:
    """ctoportal is the only source of the files MkDocs publishes (tests/test_site_files.py)."""
    t = "tests/test_site_files.py"
    return [
        m(
            "site files: MkDocs gets ctoportal's empty docs_dir",
            "generator/mkdocs_plugin/__init__.py",
            "        config.docs_dir = str(empty_docs_dir())\n",
            "",
            f"{t}::test_files_in_the_source_folders_that_ctoportal_does_not_read_are_never_published",
            redundant="on_files keeps only the theme's own files, so whatever MkDocs finds in docs_dir is dropped "
            "anyway; the row below removes both layers and is killed",
        ),
        m(
            "site files: only the theme's own files are kept",
            "generator/mkdocs_plugin/__init__.py",
            "        generated = Files(\n            [\n                f\n                for f in files\n                if f.abs_src_path is not None and any(Path(f.abs_src_path).is_relative_to(d) for d in theme_dirs)\n            ]\n        )\n",
            "        generated = Files([f for f in files if f.abs_src_path is not None])\n",
            f"{t}::test_files_in_the_source_folders_that_ctoportal_does_not_read_are_never_published",
            redundant="with the empty docs_dir, MkDocs finds no file to drop; the row below removes both layers",
        ),
        m(
            "site files: empty docs_dir and theme-file filter together",
            "generator/mkdocs_plugin/__init__.py",
            "        config.docs_dir = str(empty_docs_dir())\n",
            "",
            f"{t}::test_files_in_the_source_folders_that_ctoportal_does_not_read_are_never_published",
            also=(
                (
                    "        generated = Files(\n            [\n                f\n                for f in files\n                if f.abs_src_path is not None and any(Path(f.abs_src_path).is_relative_to(d) for d in theme_dirs)\n            ]\n        )\n",
                    "        generated = Files([f for f in files if f.abs_src_path is not None])\n",
                ),
            ),
        ),
        m(
            "site files: a link out of the repository or into .git is not read",
            "generator/sources/repository_files.py",
            "        if not _confined(Path(root), relpath, problems):\n            return None\n",
            "",
            f"{t}::test_a_source_linked_out_of_the_repository_or_into_git_is_refused",
        ),
        m(
            "site files: linked folders reported",
            "generator/checks/validate.py",
            "        check_linked_folders(root, SOURCE_FOLDERS, problems)\n",
            "",
            f"{t}::test_files_in_the_source_folders_that_ctoportal_does_not_read_are_never_published",
        ),
        m(
            "site files: ctoportal build works without docs_dir",
            "generator/cli/site_commands.py",
            "        config = load_config(\n            config_file=str(config_path), site_dir=site_dir, strict=strict or None, docs_dir=str(empty_docs_dir())\n        )\n",
            "        config = load_config(config_file=str(config_path), site_dir=site_dir, strict=strict or None)\n",
            f"{t}::test_a_mkdocs_yml_without_docs_dir_builds_with_ctoportal",
        ),
        m(
            "site files: custom_dir over the sources refused",
            "generator/sources/settings_file.py",
            "    check_theme_dir(config, config_path.parent, problems)\n",
            "",
            f"{t}::test_a_custom_dir_holding_the_sources_is_refused",
        ),
        m(
            "site files: links out of custom_dir refused",
            "generator/sources/settings_file.py",
            "        if path.is_symlink() and not path.resolve().is_relative_to(folder):",
            "        if False:",
            f"{t}::test_a_link_in_custom_dir_leading_out_of_it_is_refused",
        ),
        m(
            "site files: no build or publish without the plugin",
            "generator/cli/site_commands.py",
            "    _check_config(config_path)\n    try:\n        # docs_dir",
            "    try:\n        # docs_dir",
            f"{t}::test_without_its_plugin_ctoportal_neither_builds_nor_publishes",
        ),
        m(
            "site files: the plugin listed twice is an error",
            "generator/sources/settings_file.py",
            "    return settings if len(entries) == 1 else None\n",
            "    return settings\n",
            f"{t}::test_the_plugin_listed_twice_is_one_located_error",
            also=(("    for _, keys in entries[1:]:\n", "    for _, keys in entries[1:1]:\n"),),
        ),
        m(
            "site files: no markup in site_name and the texts the theme writes unescaped",
            "generator/sources/settings_file.py",
            "        check_page_texts(file, problems)\n",
            "        pass\n",
            f"{t}::test_markup_in_texts_the_theme_writes_unescaped_is_refused",
        ),
        m(
            "site files: INHERIT files checked for !ENV",
            "generator/sources/settings_file.py",
            "    for file in chain:\n",
            "    for file in chain[:1]:\n",
            f"{t}::test_inherited_settings_cannot_publish_an_environment_variable",
        ),
        m(
            "site files: an INHERIT file that is no mapping is a located error",
            "generator/sources/settings_file.py",
            "        if located.node is not None and not isinstance(located.node, CommentedMap):\n",
            "        if False:\n",
            f"{t}::test_an_unusable_inherited_file_is_a_located_error",
        ),
    ]


def _overlay_rows() -> list[Mutation]:
    """The internal overlay: everything in it is internal, and the client's repository alone is what git compares."""
    t = "tests/test_overlay.py::"
    return [
        m(
            "overlay: items read from the overlay are internal",
            "generator/sources/item_reader.py",
            '            item = item.model_copy(update={"visibility": Visibility.INTERNAL})\n',
            "",
            f"{t}test_client_build_is_byte_identical_with_or_without_the_overlay",
        ),
        m(
            "overlay: pages read from the overlay are internal",
            "generator/sources/loader.py",
            'meta=page.meta.model_copy(update={"visibility": Visibility.INTERNAL})',
            "meta=page.meta",
            f"{t}test_client_build_is_byte_identical_with_or_without_the_overlay",
        ),
        m(
            "overlay: an overlay item saying visibility: client is an error",
            "generator/sources/item_reader.py",
            'if "visibility" in item.model_fields_set and not item.internal:',
            "if False:",
            f"{t}test_overlay_problems_name_the_overlay_file",
        ),
        m(
            "overlay: an overlay page saying visibility: client is an error",
            "generator/sources/loader.py",
            'if "visibility" in page.meta.model_fields_set and page.meta.visibility != Visibility.INTERNAL:',
            "if False:",
            f"{t}test_overlay_page_saying_client_is_an_error",
        ),
        m(
            "overlay: an overlay page cannot take the name of a client page",
            "generator/sources/loader.py",
            "        if page.slug in taken:",
            "        if False:",
            f"{t}test_overlay_problems_name_the_overlay_file",
        ),
        m(
            "overlay: an internal build without the overlay fails",
            "generator/sources/overlay.py",
            "        if settings.audience == Audience.INTERNAL:",
            "        if False:",
            f"{t}test_internal_build_without_the_overlay_fails",
        ),
        m(
            "overlay: an overlay inside the client repository is refused",
            "generator/sources/overlay.py",
            "    if folder.is_relative_to(repository) or repository.is_relative_to(folder):",
            "    if False:",
            f"{t}test_overlay_inside_the_client_repository_is_refused",
        ),
        m(
            "overlay: client CI without the overlay drops references to its ids",
            "generator/checks/references.py",
            "        if portal.overlay is not None and not portal.overlay_loaded:",
            "        if False:",
            f"{t}test_client_references_to_the_absent_overlay_are_dropped_not_errors",
        ),
        m(
            "overlay: item history reads the repository alone",
            "generator/vcs/what_changed.py",
            "item_histories(root, repository, audience)",
            "item_histories(root, portal, audience)",
            f"{t}test_client_build_is_byte_identical_with_or_without_the_overlay",
            redundant="a client build's history shows no commit message at all (history.py), so which items the "
            "reader is told of no longer changes a client page; overlay items have no git history to show",
        ),
        m(
            "overlay: What changed compares the repository alone",
            "generator/vcs/what_changed.py",
            "repository.for_audience(audience))",
            "portal.for_audience(audience))",
            f"{t}test_internal_what_changed_compares_the_repository_only",
        ),
        m(
            "overlay: a git revision is read without the overlay",
            "generator/vcs/revisions.py",
            "validate_repository(config_at_rev, overlay=False)",
            "validate_repository(config_at_rev)",
            f"{t}test_diff_reads_the_repository_alone",
        ),
        m(
            "overlay: the working tree compared with a revision is read without the overlay",
            "generator/vcs/revisions.py",
            "validate_repository(config_path, overlay=False)",
            "validate_repository(config_path)",
            f"{t}test_diff_reads_the_repository_alone",
        ),
        m(
            "overlay: new --overlay takes no id the client repository uses",
            "generator/authoring/new_item.py",
            "(_existing_ids(also_taken, kind) if also_taken is not None else [])",
            "[]",
            f"{t}test_new_overlay_adds_an_internal_item_with_an_id_neither_side_uses",
        ),
    ]


def _newcomer_rows() -> list[Mutation]:
    """A newcomer's first five minutes: shipped scripts served only as pinned, a quiet build, and
    `ctoportal import` that neither overwrites nor publishes what nobody reviewed."""
    t_new, t_import = "tests/test_newcomer.py", "tests/test_import.py"
    return [
        m(
            "newcomer: a shipped script that is not the pinned file is never served",
            "generator/output/vendored_assets.py",
            "    if digest != asset.sha256:",
            "    if False:",
            f"{t_new}::test_an_altered_asset_is_never_served",
        ),
        m(
            "newcomer: build keeps MkDocs' info lines to itself (a screenful at most)",
            "generator/cli/site_commands.py",
            '        handler.addFilter(lambda record: record.levelno >= logging.WARNING or record.name == "mkdocs.plugins.ctoportal")\n',
            '        handler.addFilter(lambda record: True or record.name == "mkdocs.plugins.ctoportal")\n',
            f"{t_new}::test_build_of_the_demo_prints_a_short_summary",
        ),
        m(
            "newcomer: no progress bar in CI, even on a terminal",
            "generator/output/build_report.py",
            '    return (\n        hasattr(stream, "isatty") and stream.isatty() and os.environ.get("CI", "").strip().lower() in ("", "0", "false")\n    )\n',
            '    return hasattr(stream, "isatty") and stream.isatty()\n',
            f"{t_new}::test_build_on_a_terminal_shows_a_progress_bar_then_clears_it",
        ),
        m(
            "newcomer: import never overwrites an item whose id is already there",
            "generator/authoring/importer.py",
            "            if given in existing:",
            "            if False:",
            f"{t_import}::test_csv_risk_register_is_imported_with_the_next_ids",
        ),
        m(
            "newcomer: import skips a vendor or initiative already there by its name",
            "generator/authoring/importer.py",
            "            if base in existing or base in seen:",
            "            if False:",
            f"{t_import}::test_xlsx_vendor_list_with_dates_money_and_a_known_vendor",
        ),
        m(
            "newcomer: imported items are internal until reviewed",
            "generator/authoring/importer.py",
            """            item["visibility"] = "internal"\n""",
            "            pass\n",
            f"{t_import}::test_imported_items_stay_out_of_a_client_build_until_reviewed",
        ),
        m(
            "newcomer: an import that does not validate is put back",
            "generator/authoring/importer.py",
            "        if ours:",
            "        if False:",
            f"{t_import}::test_rows_that_would_not_validate_write_nothing_and_name_their_row",
        ),
    ]


def _frontmatter_rows() -> list[Mutation]:
    """One front-matter reader for the build and history; unread files named; links in source Markdown."""
    t = "tests/test_front_matter.py"
    built = f"{t}::test_an_internal_page_never_reaches_a_client_build_however_its_front_matter_is_written"
    lookalike = f"{t}::test_what_looks_like_front_matter_but_is_not_read_is_a_located_error"
    spellings = f"{t}::test_every_spelling_of_an_internal_or_unreadable_page_is_internal_to_history"
    unreadable = '        return FrontMatter(Located(path, CommentedMap()), "", 1)\n'
    return [
        m(
            "front matter: CRLF and CR line endings read",
            "generator/sources/front_matter.py",
            '    return text.lstrip("\\ufeff").replace("\\r\\n", "\\n").replace("\\r", "\\n")',
            '    return text.lstrip("\\ufeff")',
            built,
        ),
        m(
            "front matter: a byte order mark read (history reads raw bytes)",
            "generator/sources/front_matter.py",
            '    return text.lstrip("\\ufeff").replace(',
            "    return text.replace(",
            spellings,
        ),
        m(
            "front matter: '...' closes it",
            "generator/sources/front_matter.py",
            '_CLOSER = re.compile(r"(?:---|\\.\\.\\.)[ \\t]*")',
            '_CLOSER = re.compile(r"---[ \\t]*")',
            built,
        ),
        m(
            "front matter: spaces after the fences",
            "generator/sources/front_matter.py",
            '_FENCE = re.compile(r"---[ \\t]*")',
            '_FENCE = re.compile(r"---")',
            built,
        ),
        m(
            "front matter: a block never closed is an error",
            "generator/sources/front_matter.py",
            "    if close is None:\n        problems.error(",
            '    if close is None:\n        return FrontMatter(Located(path, CommentedMap()), "\\n".join(lines), 1)\n'
            "        problems.error(",
            lookalike,
        ),
        m(
            "front matter: a YAML error leaves the page unreadable (internal)",
            "generator/sources/front_matter.py",
            "    if loaded is None:\n        return None\n",
            "    if loaded is None:\n" + unreadable,
            spellings,
        ),
        m(
            "front matter: a list leaves the page unreadable (internal)",
            "generator/sources/front_matter.py",
            "        )\n        return None\n    meta = loaded if loaded.node is not None else Located(path, CommentedMap(), 1)\n",
            "        )\n"
            + unreadable
            + "    meta = loaded if loaded.node is not None else Located(path, CommentedMap(), 1)\n",
            spellings,
        ),
        m(
            "front matter: lookalikes checked at all",
            "generator/sources/front_matter.py",
            "        if _lookalike(lines, path, problems):",
            "        if False:",
            lookalike,
        ),
        m(
            "front matter: '---' after blank lines or spaces is an error",
            "generator/sources/front_matter.py",
            '    if re.fullmatch(r"-{3,}[ \\t]*|\\.{3}", line):',
            "    if False:",
            lookalike,
        ),
        m(
            "front matter: +++ TOML is an error",
            "generator/sources/front_matter.py",
            '    if re.fullmatch(r"\\+{3,}", line):',
            "    if False:",
            lookalike,
        ),
        m(
            "front matter: settings in an HTML comment are an error",
            "generator/sources/front_matter.py",
            '    if line.startswith("<!--"):',
            "    if False:",
            lookalike,
        ),
        m(
            "front matter: MultiMarkdown settings are an error",
            "generator/sources/front_matter.py",
            "            if not (_META_LINE.match(text) or",
            "            if True or not (_META_LINE.match(text) or",
            lookalike,
        ),
        m(
            "front matter: an unreadable page is internal",
            "generator/sources/front_matter.py",
            "    if front is None:\n        return True\n",
            "    if front is None:\n        return False\n",
            spellings,
        ),
        m(
            "front matter: a page that does not validate is internal",
            "generator/sources/front_matter.py",
            "    except ValidationError:\n        return True\n",
            "    except ValidationError:\n        return False\n",
            spellings,
        ),
        m(
            "front matter: an unreadable page is in no view, errors ignored",
            "generator/sources/strategy_pages.py",
            "            continue  # its visibility cannot be read: never published (fail closed)",
            '            front = read_front_matter("", relpath, Problems())',
            f"{t}::test_a_page_whose_front_matter_cannot_be_read_is_in_no_view_even_when_errors_are_ignored",
        ),
        m(
            "front matter: files in source folders that are not read are named",
            "generator/sources/loader.py",
            "    warn_unread_files(root, problems)\n",
            "",
            f"{t}::test_files_ctoportal_does_not_read_are_named_with_what_to_rename_them_to",
        ),
        m(
            "front matter: a page in place of a generated page is an error",
            "generator/sources/strategy_pages.py",
            "        if url in generated or url in taken:",
            "        if url in taken:",
            f"{t}::test_a_page_named_like_a_generated_page_is_an_error_not_replaced",
        ),
        m(
            "front matter: two pages published at one place are an error",
            "generator/sources/strategy_pages.py",
            "        if url in generated or url in taken:",
            "        if url in generated:",
            f"{t}::test_a_page_named_like_a_generated_page_is_an_error_not_replaced",
        ),
        m(
            "front matter: links to internal pages are errors in a client build",
            "generator/checks/links.py",
            "    elif client and target.internal:",
            "    elif False:",
            f"{t}::test_a_client_text_linking_to_something_internal_is_an_error_in_a_client_build",
        ),
        m(
            "front matter: the links check runs",
            "generator/checks/items.py",
            "    check_links,\n",
            "",
            f"{t}::test_a_client_text_linking_to_something_internal_is_an_error_in_a_client_build",
        ),
        m(
            "front matter: links to an item's id as a file name resolve",
            "generator/checks/links.py",
            '    found = [t for section, t in targets.names.get(name, []) if folder in ("", ".", "..", section)]',
            "    found = []",
            f"{t}::test_links_to_items_written_as_files_reach_the_item_pages",
        ),
        m(
            "front matter: links in item Markdown rewritten for the site",
            "generator/render/environment.py",
            'link=context["ctx"].source_href)',
            "link=None)",
            f"{t}::test_links_to_items_written_as_files_reach_the_item_pages",
        ),
        m(
            "front matter: links in strategy pages rewritten for the site",
            "generator/render/environment.py",
            'formatting.neutralise_html(context["ctx"].source_links(text))',
            "formatting.neutralise_html(text)",
            f"{t}::test_links_to_items_written_as_files_reach_the_item_pages",
        ),
        m(
            "front matter: a link to no page keeps its text only",
            "generator/render/pages.py",
            "        if target is links.UNKNOWN:\n            return None\n",
            "        if target is links.UNKNOWN:\n            return href\n",
            f"{t}::test_links_to_items_written_as_files_reach_the_item_pages",
        ),
        m(
            "front matter: links follow use_directory_urls",
            "generator/mkdocs_plugin/__init__.py",
            "        portal.directory_urls = config.use_directory_urls",
            "        portal.directory_urls = True",
            f"{t}::test_links_to_items_reach_their_pages_without_directory_urls",
        ),
    ]


def _history_rows() -> list[Mutation]:
    """Item history and what ``ctoportal diff`` shows a reviewer (tests/test_history_privacy.py,
    tests/test_diff_settings.py)."""
    privacy, settings = "tests/test_history_privacy.py", "tests/test_diff_settings.py"
    return [
        m(
            "history: a client build shows no commit message",
            "generator/vcs/item_history.py",
            "            message = None if client else commit.subject",
            "            message = commit.subject",
            f"{privacy}::test_no_messages_ids_addresses_or_bots",
        ),
        m(
            "history: a client build shows no commit id",
            "generator/render/templates/history.md.j2",
            "{% if entry.message is not none %} · *{{ entry.message }}* · `{{ entry.commit.short }}`{% endif %}",
            "{% if entry.message is not none %} · *{{ entry.message }}*{% endif %} · `{{ entry.commit.short }}`",
            f"{privacy}::test_no_messages_ids_addresses_or_bots",
        ),
        m(
            "history: authors by their .mailmap name",
            "generator/sources/git.py",
            '_NAMED_LOG_FORMAT = "%H%x1f%aN%x1f%aI%x1f%aE%x1f%s%x1e"',
            '_NAMED_LOG_FORMAT = "%H%x1f%an%x1f%aI%x1f%aE%x1f%s%x1e"',
            f"{privacy}::test_no_messages_ids_addresses_or_bots",
        ),
        m(
            "history: bots by no name",
            "generator/vcs/item_history.py",
            "            author = None if is_bot(commit) else commit.author",
            "            author = commit.author",
            f"{privacy}::test_no_messages_ids_addresses_or_bots",
        ),
        m(
            "history: only allow-listed structured fields show values in a client build",
            "generator/vcs/history_entries.py",
            "            quoted = visible is None or key in SHOWN_FIELDS.get(kind, ())",
            "            quoted = True",
            f"{privacy}::test_deleted_and_prose_text_is_never_quoted",
        ),
        # History reads a file entry by entry (the whole-file read is the fallback for entries that depend on
        # each other): an entry that does not validate is internal there.
        m(
            "history: a state that does not validate counts as internal",
            "generator/vcs/item_snapshots.py",
            "                found[item_id] = _INVALID if item is None or named[item_id] > 1 else item\n",
            "                if item is None:\n                    continue\n"
            "                found[item_id] = _INVALID if named[item_id] > 1 else item\n",
            f"{privacy}::test_a_state_that_does_not_validate_counts_as_internal",
        ),
        m(
            "history: an item defined twice in a commit counts as internal there",
            "generator/vcs/item_snapshots.py",
            "                snap[key] = _INVALID if key in snap else data",
            "                snap.setdefault(key, data)",
            f"{privacy}::test_an_item_defined_twice_counts_as_internal_for_that_commit",
        ),
        m(
            "history: states in which an item was internal are skipped",
            "generator/vcs/item_history.py",
            "            if client and is_internal:\n                continue\n",
            "",
            "tests/test_protections_extra.py::test_history_keeps_internal_material_out",
        ),
        m(
            "history: an item made visible shows as 'now shown', not its internal past",
            "generator/vcs/item_history.py",
            '            elif client and was_internal:\n                entry = HistoryEntry(commit, "shown")\n',
            "",
            "tests/test_protections_extra.py::test_history_keeps_internal_material_out",
        ),
        m(
            "history: references to internal items hidden",
            "generator/vcs/history_entries.py",
            "        if visible is not None and key in REFERENCE_FIELDS:",
            "        if False:",
            f"{T_HISTORY}::test_item_pages_show_their_history_without_internal_material",
        ),
        m(
            "history: What changed names the day of a revision, not the revision",
            "generator/vcs/what_changed.py",
            '        return Baseline(\n            commit, _sentence(pN_("baseline", "{day}"), day=formatting.day(gitrepo.commit_date(root, commit)))\n        )\n',
            '        return Baseline(commit, Markup(f"revision `{since}`"))\n',
            f"{privacy}::test_what_changed_names_the_day_of_a_revision_never_its_name_or_id",
        ),
        m(
            "history: What changed without a comparison gives no commit id or git advice",
            "generator/render/templates/changes.md.j2",
            "{% trans %}A comparison with {{ label }} is not available for this edition of the portal.{% endtrans %}",
            "Compared with {{ label }}: {{ unavailable }}",
            f"{privacy}::test_what_changed_without_the_published_sources_says_so_in_plain_words",
        ),
        m(
            "history: diff shows an audience change first",
            "generator/vcs/diff_review.py",
            "    if old_audience != new_audience:",
            "    if False:",
            f"{settings}::test_switching_the_audience_to_internal_comes_first",
        ),
        m(
            "history: diff shows visibility flips from the unfiltered portals",
            "generator/vcs/diff_review.py",
            "            if old is not None and old.internal != new.internal:",
            "            if False:",
            f"{settings}::test_flipping_internal_items_and_pages_to_client_comes_first",
        ),
        m(
            "history: diff shows strategy pages whose visibility flips",
            "generator/vcs/diff_review.py",
            "        if old is not None and old.internal != page.internal:",
            "        if False:",
            f"{settings}::test_flipping_internal_items_and_pages_to_client_comes_first",
        ),
        m(
            "history: diff shows other settings",
            "generator/vcs/diff_review.py",
            '        if name == "audience" or before.get(name) == after.get(name):',
            "        if True:",
            f"{settings}::test_other_settings_are_listed_before_content",
        ),
        m(
            "history: diff review changes come before content",
            "generator/vcs/diff_review.py",
            "                105,\n",
            "                5,\n",
            f"{settings}::test_flipping_internal_items_and_pages_to_client_comes_first",
        ),
        m(
            "history: diff shows executable configuration changes",
            "generator/vcs/diff_review.py",
            "        elif old[what] != new[what]:",
            "        elif False:",
            f"{settings}::test_executable_configuration_changes_come_first_with_a_warning_marker",
        ),
        m(
            "history: diff shows changed build files",
            "generator/vcs/diff_review.py",
            "    if files:\n",
            "    if False:\n",
            f"{settings}::test_executable_configuration_changes_come_first_with_a_warning_marker",
        ),
        m(
            "history: validate lists hooks",
            "generator/sources/executable_config.py",
            '        found.append(ExecutableSetting(f"hooks: {hook}"',
            '        (ExecutableSetting(f"hooks: {hook}"',
            f"{settings}::test_validate_lists_executable_configuration",
        ),
        m(
            "history: validate lists !!python tags",
            "generator/sources/executable_config.py",
            '    if "python/" in tag:',
            "    if False:",
            f"{settings}::test_validate_lists_executable_configuration",
        ),
        m(
            "history: validate lists theme overrides",
            "generator/sources/executable_config.py",
            '    if isinstance(theme, CommentedMap) and theme.get("custom_dir"):',
            "    if False:",
            f"{settings}::test_validate_lists_executable_configuration",
        ),
        m(
            "history: validate lists Markdown extensions",
            "generator/sources/executable_config.py",
            '        found.append(\n            ExecutableSetting(f"markdown extension {name}", (), config.at("markdown_extensions", key), options)\n        )\n',
            '        (ExecutableSetting(f"markdown extension {name}", (), config.at("markdown_extensions", key), options))\n',
            f"{settings}::test_validate_lists_executable_configuration",
        ),
        m(
            "history: validate reports executable configuration at all",
            "generator/cli/commands.py",
            "    report_executable_config(config_path, problems)",
            "    pass",
            f"{settings}::test_validate_lists_executable_configuration",
        ),
        m(
            "history: CODEOWNERS owns Python files anywhere",
            "generator/authoring/scaffold_files/CODEOWNERS",
            "*.py                      __OWNER__\n",
            "",
            f"{settings}::test_codeowners_cover_executable_configuration_wherever_it_lives",
        ),
        m(
            "history: CODEOWNERS owns templates anywhere",
            "generator/authoring/scaffold_files/CODEOWNERS",
            "*.html                    __OWNER__\n",
            "",
            f"{settings}::test_codeowners_cover_executable_configuration_wherever_it_lives",
        ),
        m(
            "history: CODEOWNERS owns requirements",
            "generator/authoring/scaffold_files/CODEOWNERS",
            "requirements*.txt         __OWNER__\n",
            "",
            f"{settings}::test_codeowners_cover_executable_configuration_wherever_it_lives",
        ),
        m(
            "history: CODEOWNERS owns top-level YAML (INHERIT)",
            "generator/authoring/scaffold_files/CODEOWNERS",
            "/*.yml                    __OWNER__\n",
            "",
            f"{settings}::test_codeowners_cover_executable_configuration_wherever_it_lives",
        ),
        m(
            "history: fork preview refuses executable configuration changes",
            "generator/authoring/scaffold_files/.github/workflows/portal.yml",
            "              sys.exit(1)\n",
            "              pass\n",
            f"{settings}::test_the_preview_runs_without_secrets_and_refuses_a_forks_build_code",
        ),
        m(
            "history: GitLab fork preview refuses executable configuration changes",
            "generator/authoring/scaffold_files/.gitlab-ci.yml",
            "sys.exit(bool(c) and",
            "sys.exit(False and",
            f"{settings}::test_gitlab_preview_refuses_a_forks_build_code",
        ),
        m(
            "history: preview checkout keeps no token",
            "generator/authoring/scaffold_files/.github/workflows/portal.yml",
            "          persist-credentials: false\n",
            "",
            f"{settings}::test_the_preview_runs_without_secrets_and_refuses_a_forks_build_code",
        ),
    ]


def _output_rows() -> list[Mutation]:
    """Output integrity and publishing guards (tests/test_output_integrity.py)."""
    t = "tests/test_output_integrity.py"
    return [
        m(
            "output: an inline script is allowed only if its whole text is the theme's",
            "generator/output/site_policy.py",
            '    "(?:" + "|".join(re.escape(t).replace(re.escape("{PATH}"), _PATH) for t in _KNOWN_TEXTS) + r")\\Z"\n',
            '    "(?:" + "|".join(re.escape(t).replace(re.escape("{PATH}"), _PATH) for t in _KNOWN_TEXTS) + r")"\n',
            f"{t}::test_a_script_that_only_starts_like_the_theme_script_stays_blocked",
        ),
        m(
            "output: a page is hardened whatever its text holds (no marker skip)",
            "generator/output/site_policy.py",
            '        text = _without_ours(page.read_text(encoding="utf-8"))\n',
            '        text = page.read_text(encoding="utf-8")\n        if _MARKER in text:\n            continue\n',
            f"{t}::test_every_page_is_hardened_whatever_its_text_holds",
        ),
        m(
            "output: hardening again replaces what it inserted (idempotent)",
            "generator/output/site_policy.py",
            '        text = _without_ours(page.read_text(encoding="utf-8"))\n',
            '        text = page.read_text(encoding="utf-8")\n',
            f"{t}::test_every_page_is_hardened_whatever_its_text_holds",
        ),
        m(
            "output: an earlier insertion is recognised only right after <head>",
            "generator/output/site_policy.py",
            "    ours = _OURS.match(text, head.end()) if head else None",
            "    ours = _OURS.search(text) if head else None",
            f"{t}::test_every_page_is_hardened_whatever_its_text_holds",
        ),
        m(
            "output: mermaid2's exact configuration script is allowed",
            "generator/mkdocs_plugin/__init__.py",
            "            also_known=_mermaid2_scripts(config),\n",
            "            also_known=(),\n",
            f"{t}::test_mermaid2s_exact_configuration_is_allowed_and_nothing_more",
        ),
        m(
            "output: a version title is stored HTML-escaped for the selector",
            "generator/publish/mike_glue.py",
            "            title = html.escape(request.title) if request.title else None",
            "            title = request.title",
            f"{t}::test_a_published_title_is_shown_as_text_in_the_version_selector",
        ),
        m(
            "output: versions.json must hold a list",
            "generator/vcs/published_versions.py",
            "    if not isinstance(entries, list):\n",
            "    if False:\n",
            f"{t}::test_a_malformed_versions_json_is_one_located_error",
        ),
        m(
            "output: a versions.json entry must be an object",
            "generator/vcs/published_versions.py",
            "    if not isinstance(entry, dict):\n",
            "    if False:\n",
            f"{t}::test_a_malformed_versions_json_is_one_located_error",
        ),
        m(
            "output: a published version name is a plain folder name",
            "generator/vcs/published_versions.py",
            '    if not isinstance(name, str) or not _PUBLISHED_NAME.fullmatch(name) or name in (".", ".."):',
            "    if not isinstance(name, str):",
            f"{t}::test_a_malformed_versions_json_is_one_located_error",
        ),
        m(
            "output: published aliases are a list of plain folder names",
            "generator/vcs/published_versions.py",
            "    if not isinstance(aliases, list) or not all(",
            "    if False and not all(",
            f"{t}::test_a_malformed_versions_json_is_one_located_error",
        ),
        m(
            "output: a published title with raw markup is refused",
            "generator/vcs/published_versions.py",
            '    if "<" in title:',
            "    if False:",
            f"{t}::test_a_malformed_versions_json_is_one_located_error",
        ),
        m(
            "output: a recorded commit must be a 40-hex id before git sees it",
            "generator/vcs/published_versions.py",
            "    if commit is not None and not (isinstance(commit, str) and _SHA.fullmatch(commit)):",
            "    if False:",
            f"{t}::test_a_recorded_commit_never_reaches_git_as_a_refspec",
            f"{t}::test_a_malformed_versions_json_is_one_located_error",
        ),
        m(
            "output: names of the pages branch's root files refused (CNAME)",
            "generator/publish/names.py",
            '    if name.lower() in ROOT_FILES or name.startswith("."):',
            "    if False:",
            f"{t}::test_names_of_the_pages_branch_root_files_are_refused",
            f"{t}::test_cname_and_names_differing_in_case_are_refused",
        ),
        m(
            "output: a name differing only in case from a published one refused",
            "generator/publish/guards.py",
            "    _check_case(versions, request)\n",
            "",
            f"{t}::test_cname_and_names_differing_in_case_are_refused",
        ),
        m(
            "output: two aliases differing only in case refused",
            "generator/publish/names.py",
            "        if alias.lower() in seen and seen[alias.lower()] != alias:",
            "        if False:",
            f"{t}::test_cname_and_names_differing_in_case_are_refused",
        ),
        m(
            "output: an alias equal to the version ignoring case refused",
            "generator/publish/names.py",
            "    if version.lower() in (a.lower() for a in aliases):",
            "    if version in aliases:",
            f"{t}::test_cname_and_names_differing_in_case_are_refused",
        ),
        m(
            "output: build -d checked before MkDocs starts (one clean error)",
            "generator/cli/site_commands.py",
            "        check_site_dir(config_path.parent / args.site_dir, config_path)\n",
            "        pass\n",
            f"{t}::test_a_build_never_replaces_sources_the_repository_or_git",
        ),
        m(
            "output: the plugin checks the output folder (mkdocs build -d)",
            "generator/mkdocs_plugin/__init__.py",
            "                check_site_dir(Path(config.site_dir), Path(config.config_file_path))\n",
            "                pass\n",
            f"{t}::test_mkdocs_build_into_a_source_folder_is_refused_too",
        ),
        m(
            "output: the output folder must not hold the repository",
            "generator/output/staging.py",
            "    if root.is_relative_to(site):",
            "    if False:",
            f"{t}::test_a_build_never_replaces_sources_the_repository_or_git",
        ),
        m(
            "output: the output folder must not be, hold or be inside .git",
            "generator/output/staging.py",
            '    elif ".git" in site.parts or (site / ".git").exists():',
            "    elif False:",
            f"{t}::test_a_build_never_replaces_sources_the_repository_or_git",
            f"{t}::test_a_build_never_replaces_another_git_repository",
        ),
        m(
            "output: the output folder must not be or be inside a source folder",
            "generator/output/staging.py",
            "            if site.is_relative_to(root / folder):",
            "            if False:",
            f"{t}::test_a_build_never_replaces_sources_the_repository_or_git",
        ),
        m(
            "output: a staging folder is invisible to git",
            "generator/output/staging.py",
            '    (staged / ".gitignore").write_text(_IGNORE_ALL, encoding="utf-8")  # MkDocs keeps dot-files when '
            "it cleans\n",
            "",
            f"{t}::test_an_interrupted_build_leaves_nothing_git_sees_and_the_next_build_clears_it",
        ),
        m(
            "output: stale staging folders removed by the next build",
            "generator/output/staging.py",
            "    remove_stale(staged.parent)\n",
            "",
            f"{t}::test_an_interrupted_build_leaves_nothing_git_sees_and_the_next_build_clears_it",
        ),
        m(
            "output: the staging .gitignore stays out of the site",
            "generator/output/staging.py",
            '    (staged / ".gitignore").unlink(missing_ok=True)  # ours, not part of the site\n',
            "",
            f"{t}::test_an_interrupted_build_leaves_nothing_git_sees_and_the_next_build_clears_it",
        ),
        m(
            "output: a running build's staging folder is left alone",
            "generator/output/staging.py",
            '        if match is None or not path.is_dir() or _running(int(match.group("pid"))):',
            "        if match is None or not path.is_dir():",
            f"{t}::test_a_staging_folder_of_a_running_build_is_left_alone",
        ),
    ]


def _figures_rows() -> list[Mutation]:
    """One number per fact (generator/facts/figures.py, tests/test_figures.py): each headline figure defined once,
    savings that point at the tool being replaced, money counted once, KPI status judged against time."""
    t = "tests/test_figures.py"
    same = f"{t}::test_every_headline_figure_is_the_same_wherever_it_appears"
    saving = f"{t}::test_the_saving_is_the_tool_being_replaced_and_no_choice_is_invented"
    once = f"{t}::test_a_contract_already_in_the_run_rate_is_not_added_again_as_running_cost"
    warned = f"{t}::test_a_likely_duplicate_cost_is_warned_about_where_it_is_written"
    kpi = f"{t}::test_a_kpi_is_judged_against_the_time_gone_and_says_how"
    seat = f"{t}::test_a_per_seat_price_is_multiplied_and_a_total_too_low_per_seat_is_warned_about"
    money = f"{t}::test_a_cost_in_another_currency_is_converted_at_the_given_rate_and_shown_in_both"
    return [
        m(
            "figures: annual vendor spend leaves out vendors still evaluating",
            "generator/facts/figures.py",
            "PAID = (VendorStatus.ACTIVE, VendorStatus.SUNSETTING)\n",
            "PAID = (VendorStatus.ACTIVE, VendorStatus.SUNSETTING, VendorStatus.EVALUATING)\n",
            same,
        ),
        m(
            "figures: the Budget's spend by category counts what the vendor spend counts",
            "generator/facts/spend.py",
            "    for vendor in paid_vendors(portal):  # the vendors annual_vendor_spend counts, by the same rule\n",
            "    for vendor in [v for v in portal.vendors.values() if v.status != VendorStatus.RETIRED]:\n",
            same,
        ),
        m(
            "figures: diff and What changed take the vendor spend from figures",
            "generator/vcs/changes.py",
            "    return annual_vendor_spend(portal)\n",
            "    return sum(portal.annual_cost(v) for v in portal.vendors.values())\n",
            same,
        ),
        m(
            "figures: the board pack counts initiatives in progress by the one rule",
            "generator/render/templates/_glance.j2",
            "{% set in_progress = figures.initiatives_in_progress(p) %}",
            "{% set in_progress = r.in_flight.items %}",
            same,
        ),
        m(
            "figures: jobs paid for twice include tools still being phased out",
            "generator/facts/figures.py",
            "    for vendor in paid_vendors(portal):\n        for capability",
            "    for vendor in [v for v in paid_vendors(portal) if v.status == VendorStatus.ACTIVE]:\n"
            "        for capability",
            f"{t}::test_the_board_pack_says_which_jobs_are_paid_for_twice_and_drops_the_tool_being_replaced",
        ),
        m(
            "figures: the saving is the tool the plan replaces",
            "generator/facts/figures.py",
            "        leaving = [v for v in vendors if v.id in going]\n",
            "        leaving = vendors[1:]\n",
            saving,
        ),
        m(
            "figures: no saving is invented where no plan says which tool goes",
            "generator/facts/figures.py",
            "        leaving = [v for v in vendors if v.id in going]\n",
            "        leaving = [v for v in vendors if v.id in going] or vendors[1:]\n",
            saving,
        ),
        m(
            "figures: a vendor contract already in the run rate is not added as running cost",
            "generator/facts/figures.py",
            "    if cost is None or in_run_rate(portal, cost.vendor):\n",
            "    if cost is None:\n",
            once,
            same,
        ),
        m(
            "figures: a client build drops cost.vendor naming an internal vendor",
            "generator/model/kinds.py",
            'Ref("cost.vendor", KindName.VENDOR, many=False),',
            "",
            once,
        ),
        m(
            "figures: validate warns about an opex that is a contract already counted",
            "generator/checks/costs.py",
            "            if annual > 0 and abs(cost.opex - annual) <= DUPLICATE_COST_SHARE * annual:\n",
            "            if False:\n",
            warned,
        ),
        m(
            "figures: cost.vendor naming no vendor is an error",
            "generator/checks/costs.py",
            "            if target is not None and target not in portal.vendors:\n",
            "            if False:\n",
            warned,
        ),
        m(
            "figures: cost.vendor naming an internal vendor from a client initiative is warned about",
            "generator/checks/costs.py",
            "            elif target is not None and not initiative.internal and portal.vendors[target].internal:\n",
            "            elif False:\n",
            warned,
        ),
        m(
            "figures: KPI status compares progress with the time gone",
            "generator/facts/figures.py",
            "    if progress + KPI_TOLERANCE >= elapsed:\n",
            "    if progress >= 0.5:\n",
            kpi,
        ),
        m(
            "figures: a KPI without a baseline date is never called on track",
            "generator/facts/figures.py",
            "            KpiState.NOT_JUDGED,\n",
            "            KpiState.ON_TRACK,\n",
            kpi,
        ),
        m(
            "figures: a per-seat price is multiplied by the seats",
            "generator/model/vendors.py",
            "        return self.per_seat * self.seats\n",
            "        return self.per_seat\n",
            seat,
        ),
        m(
            "figures: validate warns when a total is under 1 per seat per month",
            "generator/checks/costs.py",
            "        if monthly / seats >= SEAT_PRICE_FLOOR:\n",
            "        if True:\n",
            seat,
        ),
        m(
            "figures: costs in another currency are converted at the settings' rate",
            "generator/model/portal.py",
            "        return None if rate is None else amount * rate\n",
            "        return None if rate is None else amount\n",
            money,
        ),
        m(
            "figures: a cost in a currency without a rate is an error",
            "generator/checks/costs.py",
            "            if cost is None or portal.converted(1.0, cost) is not None:\n",
            "            if True:\n",
            money,
        ),
        m(
            "figures: the budget's quarters follow fiscal_year_start",
            "generator/facts/budget.py",
            "    start_month = portal.settings.fiscal_year_start  # quarters as the client plans them (fiscal.py)\n",
            "    start_month = 1\n",
            f"{t}::test_quarters_and_years_follow_the_fiscal_year",
        ),
    ]


def _yaml_rows() -> list[Mutation]:
    """Hostile and odd sources (tests/test_hostile_sources.py): located errors, never a traceback or a blow-up."""
    t = "tests/test_hostile_sources.py::"
    return [
        m(
            "yaml: alias expansion capped by characters of text",
            "generator/sources/located_yaml.py",
            "    if chars > limit:",
            "    if False:",
            f"{t}test_aliases_repeating_long_text_are_refused_at_the_first_alias",
        ),
        m(
            "yaml: alias expansion error at the first alias",
            "generator/sources/located_yaml.py",
            "            _first_alias(text, located.line_offset),\n",
            "            located.at(),\n",
            f"{t}test_aliases_repeating_long_text_are_refused_at_the_first_alias",
        ),
        m(
            "yaml: control characters written as escapes refused",
            "generator/sources/located_yaml.py",
            "        if bad := _CONTROL.search(value):",
            "        if False:",
            f"{t}test_escaped_control_characters_are_located_at_the_value",
        ),
        m(
            "yaml: bidi controls written as escapes refused",
            "generator/sources/located_yaml.py",
            "        elif bad := _BIDI.search(value):",
            "        elif False:",
            f"{t}test_escaped_control_characters_are_located_at_the_value",
        ),
        m(
            "yaml: keys checked for escaped control characters",
            "generator/sources/located_yaml.py",
            "                    check_text(key, (*keys, key), key=True)\n",
            "                    pass\n",
            f"{t}test_escaped_control_character_in_a_key_is_located_at_the_key",
        ),
        m(
            "yaml: raw bidi controls refused anywhere (Trojan source)",
            "generator/sources/repository_files.py",
            "    if bidi := _BIDI.search(text):",
            "    if False:",
            f"{t}test_bidi_control_in_a_markdown_page_is_refused",
            f"{t}test_raw_bidirectional_controls_are_refused_with_a_hint",
        ),
        m(
            "yaml: unreadable source file is a located error",
            "generator/sources/repository_files.py",
            "    except OSError as exc:\n        dangling",
            "    except ZeroDivisionError as exc:\n        dangling",
            f"{t}test_dangling_symlink_is_a_located_error",
        ),
        m(
            "yaml: dangling links and pipes are not skipped unsaid",
            "generator/sources/loader.py",
            '        p for ext in ("yaml", "yml") for p in folder.rglob(f"{kind.files}.{ext}") if not p.is_dir()\n',
            '        p for ext in ("yaml", "yml") for p in folder.rglob(f"{kind.files}.{ext}") if p.is_file()\n',
            f"{t}test_dangling_symlink_is_a_located_error",
        ),
        m(
            "yaml: only regular files are read (a pipe would hang)",
            "generator/sources/repository_files.py",
            "        if not stat.S_ISREG(info.st_mode):",
            "        if False:",
            f"{t}test_a_folder_named_like_a_page_is_a_located_error",
            f"{t}test_a_pipe_named_like_a_source_is_a_located_error_not_a_hang",
            timeout=150,
        ),
        m(
            "yaml: links to files outside the repository are not read",
            "generator/sources/repository_files.py",
            '    if real.is_relative_to(top) and not real.is_relative_to(top / ".git"):\n        return True\n',
            "    return True\n",
            f"{t}test_a_link_to_a_file_outside_the_repository_is_not_read",
        ),
        m(
            "yaml: file names that are not UTF-8 or hold control characters refused",
            "generator/sources/repository_files.py",
            "    if shown != relpath:",
            "    if False:",
            f"{t}test_file_name_that_is_not_utf8_is_a_located_error",
        ),
        m(
            "yaml: dates bounded to 1900-2200",
            "generator/model/common.py",
            "    if not FIRST_DAY <= day <= LAST_DAY:",
            "    if False:",
            f"{t}test_dates_out_of_range_are_located_errors",
        ),
        m(
            "yaml: months and quarters bounded to 1900-2200",
            "generator/model/common.py",
            '        if (m := re.match(r"(\\d{4})-", text)) and not FIRST_DAY.year <= int(m.group(1)) <= LAST_DAY.year:',
            "        if False:",
            f"{t}test_periods_out_of_range_are_located_errors",
        ),
        m(
            "yaml: amounts bounded",
            "generator/model/common.py",
            "Money = Annotated[_Money, Field(le=MAX_NUMBER)]",
            "Money = Annotated[_Money, Field()]",
            f"{t}test_absurd_amounts_are_located_errors",
        ),
        m(
            "yaml: KPI numbers bounded",
            "generator/model/common.py",
            "Number = Annotated[_Number, Field(ge=-MAX_NUMBER, le=MAX_NUMBER)]",
            "Number = Annotated[_Number, Field()]",
            f"{t}test_absurd_kpi_values_and_seat_counts_are_located_errors",
        ),
        m(
            "yaml: counts bounded",
            "generator/model/common.py",
            "Count = Annotated[_Count, Field(le=MAX_NUMBER)]",
            "Count = Annotated[_Count, Field()]",
            f"{t}test_absurd_kpi_values_and_seat_counts_are_located_errors",
        ),
        m(
            "yaml: notice period bounded (no date overflow)",
            "generator/model/vendors.py",
            "    notice_days: Annotated[int, Strict(), Field(ge=0, le=3660)] = 0",
            "    notice_days: Count = 0",
            f"{t}test_huge_notice_period_is_a_located_error",
        ),
        m(
            "yaml: links git refuses to extract are left out of a snapshot (diff, --since)",
            "generator/sources/git.py",
            "tar.extractall(target, filter=_inside_target)",
            'tar.extractall(target, filter="data")',
            f"{t}test_an_absolute_symlink_in_the_repository_does_not_break_diff",
        ),
        m(
            "yaml: new reads files with the source reader (not UTF-8 is located)",
            "generator/authoring/new_item.py",
            "        located = load_text(_read(root, relpath), relpath, Problems())",
            '        located = load_text((root / relpath).read_text(encoding="utf-8"), relpath, Problems())',
            f"{t}test_new_on_a_latin1_file_is_a_located_error_and_leaves_it_untouched",
            also=(
                (
                    '    text = _read(root, relpath) if path.exists() or path.is_symlink() else ""',
                    '    text = path.read_text(encoding="utf-8") if path.exists() else ""',
                ),
            ),
        ),
        m(
            "yaml: SOURCE_DATE_EPOCH out of range is one line",
            "generator/sources/loader.py",
            "        if day is None or not FIRST_DAY <= day <= LAST_DAY:",
            "        if False:",
            f"{t}test_a_source_date_epoch_out_of_range_is_one_line",
        ),
        m(
            "yaml: a full disk or an unusable output folder is one line",
            "generator/cli/__init__.py",
            "    except OSError as exc:  # a full disk",
            "    except ZeroDivisionError as exc:  # a full disk",
            f"{t}test_a_full_disk_while_exporting_is_one_line",
            f"{t}test_a_site_folder_under_a_file_is_one_line",
        ),
    ]


def _boardwords_rows() -> list[Mutation]:
    """What a board member reads: the decisions' rule, warnings on the pages they are about, words for
    statuses and units, no markup as text, and the board pack PDF printed from a client build only."""
    reader, pdf = "tests/test_board_reader.py", "tests/test_board_pack_pdf.py"
    return [
        m(
            "board words: only proposals starting within 90 days are put to the board",
            "generator/facts/board_pack.py",
            "    return (\n        initiative.status == InitiativeStatus.PROPOSED\n        and initiative.start is not None\n        and initiative.start.first <= today + DECISION_WINDOW\n    )\n",
            "    return initiative.status == InitiativeStatus.PROPOSED and initiative.start is not None\n",
            f"{reader}::test_decisions_follow_the_rule_printed_above_them",
        ),
        m(
            "board words: a schedule conflict is shown on the initiative's page",
            "generator/render/templates/initiative.md.j2",
            "{{ m.alerts_for('initiative', item.id) }}",
            "",
            f"{reader}::test_schedule_conflict_on_the_initiative_page_and_the_dependencies_page",
        ),
        m(
            "board words: an overdue review is shown on the risk's page",
            "generator/render/templates/risk.md.j2",
            "{{ m.alerts_for('risk', item.id) }}",
            "",
            f"{reader}::test_overdue_review_and_notice_deadlines_on_their_pages",
        ),
        m(
            "board words: a cancelled mitigation makes the trend at risk, as its legend says",
            "generator/facts/risks.py",
            "for i in mitigations if (reason := schedule.holds_up(i))]",
            "for i in active if (reason := schedule.holds_up(i))]",
            f"{reader}::test_a_cancelled_mitigation_makes_the_trend_at_risk_as_the_legend_says",
        ),
        m(
            "board words: statuses print as words",
            "generator/render/environment.py",
            '        value = governance_labels.label(value) or formatting.status_word(\n            value.value, formatting.VOCABULARY_OF_ENUM.get(type(value).__name__, "status")\n        )\n',
            "        pass\n",
            f"{reader}::test_statuses_read_as_words_everywhere",
        ),
        m(
            "board words: a count prints as a number, not '23 count'",
            "generator/facts/formatting.py",
            'UNITLESS = frozenset({"count", "number", "items", "#", "no.", "n"})',
            "UNITLESS = frozenset()",
            f"{reader}::test_units_have_display_forms",
        ),
        m(
            "board words: a table ends before the next heading on a vendor page",
            "generator/render/templates/vendor.md.j2",
            "{% endfor %}\n\n{% endif %}\n{% set using",
            "{% endfor %}\n{% endif %}\n{% set using",
            f"{reader}::test_no_markdown_heading_shows_as_text_on_any_page",
        ),
        m(
            "board words: a leading # Title is the page title, shown once",
            "generator/sources/strategy_pages.py",
            "        meta, body, body_line = _title_from_heading(relpath, meta, front.body, front.body_line, problems)\n",
            "        body, body_line = front.body, front.body_line\n",
            f"{reader}::test_a_leading_heading_becomes_the_title_once",
        ),
        m(
            "board words: the PDF's running head cannot break out of its CSS string",
            "generator/output/board_pack_pdf.py",
            'c if c.isascii() and (c.isalnum() or c == " ") else',
            "c if True else",
            f"{pdf}::test_the_running_head_escapes_every_character",
        ),
        m(
            "board words: export --pdf prints from a client build",
            "generator/cli/site_commands.py",
            'plugin_settings={"audience": "client", "board_pack_pdf": False}',
            'plugin_settings={"board_pack_pdf": False}',
            f"{pdf}::test_an_internal_build_setting_still_prints_the_client_pack",
        ),
        m(
            "board words: no board pack PDF in an internal build",
            "generator/render/site.py",
            "view.settings.board_pack_pdf and view.settings.audience == Audience.CLIENT",
            "view.settings.board_pack_pdf",
            f"{pdf}::test_no_pdf_in_an_internal_build",
        ),
    ]


def _kinds_rows() -> list[Mutation]:
    """The kinds registry (generator/model/kinds.py): reference fields stripped from the reader's view and
    from client history wherever they sit, nested fields (an initiative's cost.vendor) included."""
    return [
        m(
            "kinds: the reader's view strips reference fields of nested models (cost.vendor)",
            "generator/model/kinds.py",
            "                return obj.model_copy(update={path[0]: strip(value, path[1:])})\n",
            "                return obj\n",
            "tests/test_kinds.py::test_a_client_view_drops_every_reference_field_to_an_internal_item",
        ),
        m(
            "kinds: client history hides a nested reference (cost.vendor) to an internal item",
            "generator/vcs/history_entries.py",
            "                value = {k: v for k, v in value.items() if k != ref.path[1]}\n",
            "                pass\n",
            "tests/test_kinds_history.py::test_client_history_hides_a_nested_reference_to_an_internal_vendor",
        ),
    ]


def _facts_rows() -> list[Mutation]:
    """Facts apart from pictures (generator/facts/, generator/diagrams/; tests/test_facts.py,
    tests/test_diagram_content.py): one definition per fact, diagrams only draw."""
    t = "tests/test_facts.py"
    d = "tests/test_diagram_content.py"
    return [
        m(
            "facts: the facts layer imports no diagrams (pictures read facts, never the reverse)",
            "generator/facts/lanes.py",
            "from generator.facts.schedule import Schedule\n",
            "from generator.facts.schedule import Schedule\nfrom generator.diagrams.common import Chart  # noqa: F401\n",
            f"{t}::test_facts_never_import_pictures_pages_or_anything_above_them",
        ),
        m(
            "facts: a diagram's node link is a plain relative path (no scheme, quote, space or newline)",
            "generator/diagrams/mermaid.py",
            "    if href is None or not NODE_ID.fullmatch(node_id) or not SAFE_HREF.fullmatch(href):\n",
            "    if href is None or not NODE_ID.fullmatch(node_id):\n",
            f"{d}::test_a_node_link_carries_only_a_plain_relative_path",
        ),
        m(
            "facts: a diagram's click line names only a node id NodeIds made",
            "generator/diagrams/mermaid.py",
            "    if href is None or not NODE_ID.fullmatch(node_id) or not SAFE_HREF.fullmatch(href):\n",
            "    if href is None or not SAFE_HREF.fullmatch(href):\n",
            f"{d}::test_a_node_link_names_only_a_node_id_we_made",
        ),
        m(
            "facts: no diagram node links to an item the reader's portal lacks (fail closed)",
            "generator/render/pages.py",
            "        if item_id not in self.portal.of_kind(kind):\n            return None\n",
            "",
            f"{d}::test_no_node_links_to_an_item_the_readers_portal_does_not_have",
        ),
        m(
            "facts: a diagram's accTitle and accDescr go through label",
            "generator/diagrams/mermaid.py",
            '    extra = [f"  accTitle: {label(title, None)}", f"  accDescr: {label(description, None)}"]\n',
            '    extra = [f"  accTitle: {title}", f"  accDescr: {description}"]\n',
            f"{d}::test_a_title_from_the_sources_cannot_break_out_of_acctitle",
        ),
    ]


def _screens_rows() -> list[Mutation]:
    """Read at a glance (tests/test_screens_pages.py, tests/test_screens.py): the Overview's verdict escaped and
    from the strategy's first page only, its tiles' change counted on what the reader may see."""
    fast, slow = "tests/test_screens_pages.py", "tests/test_screens.py"
    return [
        m(
            "screens: the verdict is escaped on the Overview",
            "generator/render/templates/overview.md.j2",
            "{{ verdict.meta.verdict }}",
            "{{ verdict.meta.verdict|safe }}",
            f"{fast}::test_a_verdict_is_escaped",
        ),
        m(
            "screens: a verdict is one short line",
            "generator/model/strategy.py",
            'Field(min_length=1, max_length=200, pattern=r"^[^\\n]*\\S[^\\n]*$")',
            "Field()",
            f"{fast}::test_a_verdict_is_one_short_line",
        ),
        m(
            "screens: a verdict outside strategy/index.md is an error, not ignored",
            "generator/sources/strategy_pages.py",
            'if meta.verdict is not None and slug != "index":',
            "if False:",
            f"{fast}::test_a_verdict_anywhere_but_the_strategy_index_is_an_error",
        ),
        m(
            "screens: the Overview shown with its change is the audience's view",
            "generator/render/site.py",
            "pages=render_pages(view, files, pdf, git)",
            "pages=render_pages(portal, files, pdf, git)",
            f"{slow}::test_overview_tiles_show_their_change_since_the_baseline_counting_only_what_the_client_sees",
        ),
        m(
            "screens: a tile's change counts only what the audience sees",
            "generator/vcs/what_changed.py",
            "shown = repository.for_audience(audience)\n",
            "shown = repository\n",
            f"{slow}::test_overview_tiles_show_their_change_since_the_baseline_counting_only_what_the_client_sees",
        ),
    ]


def _speed_rows() -> list[Mutation]:
    """Linear builds (tests/test_linear.py): history read item by item must read exactly what reading
    the whole file reads, and reverse references must follow the portal they index."""
    t = "tests/test_linear.py"
    history = "generator/vcs/item_snapshots.py"
    return [
        m(
            "speed: history item by item: an item defined twice in a file counts as internal",
            history,
            "_INVALID if item is None or named[item_id] > 1 else item",
            "_INVALID if item is None else item",
            t,
            "-k",
            "entry_by_entry",
        ),
        m(
            "speed: history item by item: an entry that does not validate counts as internal",
            history,
            "_INVALID if item is None or named[item_id] > 1 else item",
            "_INVALID if named[item_id] > 1 else item",
            t,
            "-k",
            "entry_by_entry",
        ),
        m(
            "speed: history item by item: a file with anchors is read whole (its expansion limit)",
            history,
            '|(?:^|[\\s:\\[{,-])&[^\\s,\\[\\]{}]")',
            '")',
            t,
            "-k",
            "entry_by_entry",
        ),
        m(
            "speed: reverse-reference index rebuilt when items are added",
            "generator/model/portal.py",
            "if cached is None or cached[1] != sizes or any(a is not b for a, b in zip(cached[0], key)):",
            "if cached is None:",
            f"{t}::test_reverse_references_come_from_one_index_per_portal",
        ),
    ]


def _diagram_rows() -> list[Mutation]:
    """Diagram delivery (docs/diagrams.md): SVGs drawn at build time can only draw, pages without a
    diagram load no diagram code, both colour schemes stay readable."""
    t = "tests/test_diagram_delivery.py"
    svg = "generator/output/diagram_svg.py"
    publish = "generator/output/svg_publish.py"
    return [
        m(
            "delivery: a drawn SVG goes through the allowlist",
            publish,
            "    return nh3.clean(\n",
            "    return svg or nh3.clean(\n",
            f"{t}::test_a_published_svg_can_only_draw",
        ),
        m(
            "delivery: an SVG stylesheet that fetches something is dropped",
            publish,
            '    if "@import" in lowered or "expression(" in lowered',
            '    if False and "@import" in lowered or "expression(" in lowered',
            f"{t}::test_a_published_svg_can_only_draw",
        ),
        m(
            "delivery: a cached drawing is sanitised again on the way out",
            svg,
            '            found[key] = _published(Drawn({s: entry["svgs"][s] for s in SCHEMES}))',
            '            found[key] = Drawn({s: entry["svgs"][s] for s in SCHEMES})',
            f"{t}::test_a_damaged_cache_entry_is_drawn_again_and_an_edited_one_is_sanitised",
        ),
        m(
            "delivery: a drawing never shrinks its labels under 11 px",
            publish,
            "    if not root or width <= 0:\n        return svg\n",
            "    return svg\n",
            f"{t}::test_a_published_svg_can_only_draw",
        ),
        m(
            "delivery: dark-scheme classes get a dark fill and light text",
            "generator/output/diagram_colours.py",
            "            value = _with_lightness(hue_from, 0.17, 0.55)",
            "            value = value",
            f"{t}::test_every_diagram_class_is_readable_in_both_schemes",
        ),
        m(
            "delivery: no page loads mermaid from extra_javascript",
            "generator/mkdocs_plugin/configuration.py",
            '    for path in (\n        "assets/ctoportal/tablesort.min.js",\n',
            '    for path in (\n        MERMAID.site_path,\n        "assets/ctoportal/tablesort.min.js",\n',
            f"{t}::test_diagrams_are_svg_in_the_page_and_labels_stay_text",
        ),
        m(
            "delivery: mermaid2 never adds a CDN mermaid to an item page",
            "generator/mkdocs_plugin/configuration.py",
            "        mermaid2._extra_javascript = MERMAID.site_path\n",
            "",
            f"{t}::test_diagrams_are_svg_in_the_page_and_labels_stay_text",
        ),
        m(
            "delivery: gantt axis labels drawn at a readable size",
            "generator/output/assets/ctoportal.css",
            ".ctp-svg svg:not(#ctp) .tick text { font-size: 14px; }",
            "",
            f"{t}::test_diagram_labels_are_readable_in_both_schemes[light]",
            timeout=900,
        ),
    ]


def _i18n_rows() -> list[Mutation]:
    """The portal speaks the client's language (generator/model/i18n.py, formatting.py; tests/test_i18n.py):
    a language ctoportal cannot speak is English, whole and said once; never half a sentence translated."""
    t = "tests/test_i18n.py"
    return [
        m(
            "i18n: a language with no catalogue is reported once, where it is set",
            "generator/sources/settings_file.py",
            "    if where is not None and speaks is not None and settings.language is not None and not speaks(settings.language):\n",
            "    if False:\n",
            f"{t}::test_a_language_without_a_catalogue_is_english_with_one_warning",
        ),
        m(
            "i18n: a language with no catalogue is English in its dates and numbers too (no mix in a sentence)",
            "generator/model/i18n.py",
            "        asked = normalise(code) if code and speaks(code) else ENGLISH\n",
            "        asked = normalise(code) if code else ENGLISH\n",
            f"{t}::test_a_language_without_a_catalogue_is_english_with_one_warning",
        ),
        m(
            "i18n: an unfinished (fuzzy) translation is shown in English, whole",
            "generator/model/i18n.py",
            "    write_mo(compiled, po, use_fuzzy=False)\n",
            "    write_mo(compiled, po, use_fuzzy=True)\n",
            f"{t}::test_a_fuzzy_or_empty_translation_is_shown_in_english_whole",
        ),
        m(
            "i18n: an apostrophe group separator survives Babel (1'234'567 CHF, not 1234567 CHF)",
            "generator/facts/formatting.py",
            '    if "\'" not in symbol:\n        return text\n',
            "    return text\n",
            f"{t}::test_french_swiss_formats_as_babel_writes_them",
        ),
        m(
            "i18n: a translated navigation title is escaped (the theme writes it as HTML)",
            "generator/render/dashboards.py",
            "    return html.escape(gettext(message), quote=False)\n",
            "    return gettext(message)\n",
            f"{t}::test_a_translation_is_text_in_the_navigation_never_markup",
        ),
        m(
            "i18n: a number keeps no plain space a line could break at",
            "generator/facts/formatting.py",
            '    return text.replace(" ", "\\u00a0")\n',
            "    return text\n",
            f"{t}::test_numbers_never_break_across_lines",
            redundant="Babel's data writes no plain space in any locale's numbers or money (every locale "
            "checked): kept in case a pattern or later CLDR data brings one",
        ),
    ]


def _validate_rows() -> list[Mutation]:
    """validate near the C-loader floor (issue "Fast at every size"): the C reader reads what it reads exactly as
    the round-trip loader does, leaves the rest to it, and never crashes the interpreter."""
    f, t = "generator/sources/yaml_c_reader.py", "tests/test_yaml_c_reader.py::"
    p, s = "generator/output/serve_pages.py", "tests/test_serve_cache.py::"
    return [
        m(
            "validate: nesting deep enough to crash the C composer is left to the round-trip loader",
            f,
            " or _nesting_bound(text) > C_MAX_DEPTH:",
            ":",
            f"{t}test_nesting_deep_enough_to_crash_the_c_composer_is_an_error_not_a_crash",
            note="without it the C composer recurses 100,000 levels in C: the interpreter dies of SIGSEGV",
        ),
        m(
            "validate: what libyaml reads differently (tabs, tags, anchors, directives) is left to the round-trip loader",
            f,
            "_C_AVOID.search(text) or ",
            "",
            t[:-2],
            "-k",
            "directive or tab or tag or anchor or bomb or fuzz or yes_as_true or glued or spaces",
        ),
        m(
            "validate: an empty value keeps the round-trip loader's position",
            f,
            "                if not node.value and not node.style:",
            "                if False:",
            f"{t}test_an_empty_value_is_located_where_it_always_was",
        ),
        m(
            "validate: duplicate keys in the C reader are left to the round-trip loader to report",
            f,
            "                if key in where:\n",
            "                if False:\n",
            f"{t}test_duplicate_keys_are_still_located_by_the_round_trip_loader",
        ),
        m(
            "validate: a document that is one text is left to the round-trip loader",
            f,
            "        if isinstance(node, ScalarNode):  # a file that is one text",
            "        if False:  # a file that is one text",
            f"{t}test_what_the_c_reader_does_not_handle_is_left_to_the_round_trip_loader",
        ),
        m(
            "validate: serve parses a file again when its text changed (content hash)",
            "generator/sources/located_yaml.py",
            "    if known is not None and known[0] == digest:",
            "    if known is not None:",
            f"{s}test_a_second_validation_parses_only_the_file_that_changed",
        ),
        m(
            "validate: serve rebuilds everything when the page set, navigation or a title changes",
            p,
            "        full = key != self.last_layout\n",
            "        full = self.last_layout is None\n",
            f"{s}test_serve_pages_rewrites_only_changed_pages_and_empties_the_site_when_the_layout_changes",
            f"{s}test_serve_removes_an_item_made_internal_and_every_link_to_it",
            timeout=400,
        ),
        m(
            "validate: serve empties the site on a full rebuild (an item made internal is served no more)",
            p,
            "        if full:\n            _empty(site_dir)\n",
            "",
            f"{s}test_serve_pages_rewrites_only_changed_pages_and_empties_the_site_when_the_layout_changes",
            f"{s}test_serve_removes_an_item_made_internal_and_every_link_to_it",
            timeout=400,
        ),
        m(
            "validate: serve shows the problems, not the last good pages, after an invalid save",
            "generator/mkdocs_plugin/__init__.py",
            "                self.serve_pages.update({}, [], Path(config.site_dir))",
            "                pass",
            f"{s}test_serve_removes_an_item_made_internal_and_every_link_to_it",
            timeout=400,
        ),
    ]


def _governance_rows() -> list[Mutation]:
    gov = "tests/test_governance.py"
    fixtures = "tests/test_validation_fixtures.py"
    return [
        m(
            "governance: a client build drops an action's reference to an internal decision",
            "generator/model/kinds.py",
            'Ref("decisions", KindName.DECISION),',
            "",
            f"{gov}::test_an_internal_decision_never_reaches_a_client_build",
        ),
        m(
            "governance: the board's agenda holds open decisions only",
            "generator/facts/decisions.py",
            "    return sorted(\n        (\n            d\n            for d in portal.decisions.values()\n            if d.status == DecisionStatus.OPEN and decided_by(portal, d) == DecidedBy.BOARD\n        ),\n        key=_due_order,\n    )\n",
            "    return sorted((d for d in portal.decisions.values() if decided_by(portal, d) == DecidedBy.BOARD), key=_due_order)\n",
            f"{gov}::test_decisions_for_the_board_are_exactly_its_open_decisions_due_soonest_first",
        ),
        m(
            "governance: a decision nobody assigned goes to the board (never left off its agenda)",
            "generator/model/decisions.py",
            "        return rights[decision.area]\n    return DecidedBy.BOARD",
            "        return rights[decision.area]\n    return DecidedBy.LEADERSHIP",
            f"{gov}::test_decisions_for_the_board_are_exactly_its_open_decisions_due_soonest_first",
        ),
        m(
            "governance: a decided decision needs its date",
            "generator/checks/governance.py",
            "if decision.status in TAKEN and decision.decided is None:",
            "if False:",
            f"{fixtures}::test_validate_reports_exact_locations[governance-decisions]",
        ),
        m(
            "governance: a measurement after the as-of date is an error",
            "generator/checks/governance.py",
            "if measurement.date > portal.today:",
            "if False:",
            f"{gov}::test_a_measurement_after_the_as_of_date_is_an_error",
        ),
        m(
            "governance: a KPI's unit reaches the trend chart only as plain words",
            "generator/diagrams/governance.py",
            "if unit and _PLAIN_UNIT.fullmatch(unit):",
            "if unit:",
            f"{gov}::test_the_trend_chart_draws_values_and_path_and_no_source_text",
        ),
        m(
            "governance: an overdue action is a warning",
            "generator/checks/governance.py",
            "return [a for a in portal.actions.values() if a.open and a.due < portal.today]",
            "return []",
            f"{gov}::test_an_overdue_action_is_a_warning",
        ),
    ]


def _compliance_rows() -> list[Mutation]:
    """Controls, frameworks, vendor agreements and AI uses: the checks that warn, and what a client never sees."""
    t = "tests/test_compliance.py"
    checks = "generator/checks/compliance.py"
    coverage, assurance, ai = (
        "generator/facts/coverage.py",
        "generator/facts/vendor_assurance.py",
        "generator/facts/ai_register.py",
    )
    return [
        m(
            "compliance: a control naming an unknown (misspelt) framework is an error",
            checks,
            "            if framework is None:\n                problems.error(",
            "            if framework is None:\n                continue\n                problems.error(",
            f"{t}::test_a_misspelt_framework_or_requirement_id_is_an_error_with_a_suggestion",
        ),
        m(
            "compliance: a control naming an unknown requirement id is an error",
            checks,
            "                if requirement not in ids:",
            "                if False:",
            f"{t}::test_a_misspelt_framework_or_requirement_id_is_an_error_with_a_suggestion",
        ),
        m(
            "compliance: an unknown framework in the settings is an error",
            checks,
            "        if framework_id not in known:\n",
            "        if False:\n",
            f"{t}::test_a_misspelt_framework_in_the_settings_is_located_in_mkdocs_yml",
        ),
        m(
            "compliance: expired evidence is a warning",
            coverage,
            "            if due is not None and due < portal.today:\n                found.append((control, index, evidence))",
            "            if False:\n                found.append((control, index, evidence))",
            f"{t}::test_expired_evidence_is_a_warning_at_its_date",
        ),
        m(
            "compliance: in place with expired evidence counts as partial, not met",
            coverage,
            "    return Coverage.PARTIAL if expired else Coverage.MET",
            "    return Coverage.MET",
            f"{t}::test_coverage_puts_gaps_first_and_counts_expired_evidence_as_partial",
        ),
        m(
            "compliance: a vendor holding PHI without a BAA is warned about",
            assurance,
            "        if needs_baa(vendor) and vendor.baa is None:",
            "        if False:",
            f"{t}::test_vendor_agreements_and_reports",
        ),
        m(
            "compliance: an expired vendor report is warned about",
            assurance,
            "        if r.expires < portal.today\n",
            "        if False\n",
            f"{t}::test_vendor_agreements_and_reports",
        ),
        m(
            "compliance: a prohibited AI use still in use is warned about",
            ai,
            "    return [u for u in portal.ai_uses.values() if u.refused and _active(u)]",
            "    return [u for u in portal.ai_uses.values() if False]",
            f"{t}::test_ai_checks",
        ),
        m(
            "compliance: PHI into an AI tool whose vendor has no BAA is warned about",
            ai,
            "        elif phi and vendor.baa is None:",
            "        elif False:",
            f"{t}::test_ai_checks",
        ),
        m(
            "compliance: high-risk AI without human oversight is warned about",
            ai,
            "        u\n        for u in portal.ai_uses.values()\n        if u.risk_tier == RiskTier.HIGH\n        and u.status != AiUseStatus.STOPPED\n        and not u.refused\n        and not u.human_oversight.strip()\n",
            "        u for u in portal.ai_uses.values() if u.risk_tier == RiskTier.HIGH and u.status != AiUseStatus.STOPPED and False\n",
            f"{t}::test_ai_checks",
        ),
        m(
            "compliance: a client control never names an internal risk, initiative or vendor",
            "generator/model/kinds.py",
            '        references=(\n            Ref("risks", KindName.RISK),\n            Ref("initiative", KindName.INITIATIVE, many=False),\n            Ref("vendors", KindName.VENDOR),\n        ),\n',
            "        references=(),\n",
            f"{t}::test_a_client_control_or_ai_use_never_names_an_internal_item",
        ),
        m(
            "compliance: a client AI use never names an internal vendor or risk",
            "generator/model/kinds.py",
            '        references=(Ref("vendor", KindName.VENDOR, many=False), Ref("risks", KindName.RISK)),\n',
            "        references=(),\n",
            f"{t}::test_a_client_control_or_ai_use_never_names_an_internal_item",
        ),
        m(
            "compliance: theme.custom_dir may not be controls/, ai/ or frameworks/",
            "generator/sources/settings_file.py",
            'PROTECTED_FOLDERS = (*SOURCE_FOLDERS, ".git")',
            'PROTECTED_FOLDERS = ("strategy", "roadmap", "risks", "vendors", ".git")',
            f"{t}::test_theme_custom_dir_may_not_be_a_compliance_source_folder",
        ),
        m(
            "compliance: publish refuses uncommitted changes in controls/ and ai/",
            "generator/publish/guards.py",
            "*(f for f in SOURCE_FOLDERS if (root / f).exists())",
            '*(f for f in ("strategy", "roadmap", "risks", "vendors") if (root / f).exists())',
            f"{t}::test_publish_refuses_uncommitted_changes_in_controls_and_ai",
        ),
    ]


def _buildsite_rows() -> list[Mutation]:
    t = "tests/test_build_site.py"
    return [
        m(
            "build_site: an item page's history is rendered by its own template",
            "generator/render/templates/risk.md.j2",
            "[{{ _('Back to the risk register') }}]({{ url('risks/index.md') }})\n{% include \"history.md.j2\" %}\n",
            "[{{ _('Back to the risk register') }}]({{ url('risks/index.md') }})\n",
            f"{t}::test_the_page_of_every_kind_shows_its_history",
        ),
        m(
            "build_site: git facts computed before rendering reach the pages (What changed, histories)",
            "generator/vcs/build.py",
            "    return generate(portal, git)",
            "    return generate(portal)",
            f"{t}::test_build_site_with_history_renders_each_page_once",
        ),
        m(
            "build_site: MkDocs is given the navigation built with the pages",
            "generator/mkdocs_plugin/configuration.py",
            "        config.nav = sources.nav.to_mkdocs()\n",
            "        config.nav = sources.nav.to_mkdocs()[1:]\n",
            f"{t}::test_the_navigation_is_a_typed_value_and_mkdocs_gets_its_to_mkdocs",
        ),
    ]


def _i18n_registers_rows() -> list[Mutation]:
    """The registers and their pictures in the client's language (tests/test_i18n_registers.py): source text in
    a translated sentence, and a catalogue's words in a diagram, escaped as source text is everywhere else."""
    t = "tests/test_i18n_registers.py"
    return [
        m(
            "i18n registers: a translated sentence's placeholder gets Markdown escaping, not HTML escaping alone",
            "generator/render/environment.py",
            "    _escape_placeholders(env)\n",
            "",
            f"{t}::test_source_text_in_a_translated_sentence_is_escaped_as_anywhere_else",
            f"{t}::test_a_hostile_initiative_title_on_the_french_board_summary_stays_text",
            "tests/test_i18n_governance.py::test_source_text_in_a_translated_sentence_is_escaped_as_anywhere",
        ),
        m(
            "i18n registers: a translated money axis title goes through mermaid's label escaping",
            "generator/diagrams/budget.py",
            '    title = label(axis.replace(symbol, "\\0"), None).replace("#0;", symbol)\n',
            "    title = axis\n",
            f"{t}::test_a_translated_label_is_escaped_in_a_diagram_as_source_text_is",
        ),
    ]


def _i18n_governance_rows() -> list[Mutation]:
    """The governance and compliance pages in the client's language (tests/test_i18n_governance.py): source text
    inside a translated sentence escaped as anywhere, a catalogue's words never markup, statuses as their words."""
    t = "tests/test_i18n_governance.py"
    return [
        m(
            "i18n-governance: a translated coverage rule is escaped (it is passed as Markup)",
            "generator/render/compliance.py",
            "    return Markup(html.escape(_(facts.COVERAGE_RULE), quote=False))\n",
            "    return Markup(_(facts.COVERAGE_RULE))\n",
            f"{t}::test_a_translated_coverage_rule_is_text_never_markup",
        ),
        m(
            "i18n-governance: decision, control, coverage and AI statuses show their translated words",
            "generator/render/environment.py",
            "        value = governance_labels.label(value) or formatting.status_word(",
            "        value = formatting.status_word(",
            f"{t}::test_statuses_take_the_words_of_what_they_describe",
        ),
    ]


def _restructure_rows() -> list[Mutation]:
    """The model holds no position: what once read positions to tell the overlay's items apart now reads
    the loader's record of them."""
    t = "tests/test_source_map.py::test_the_repository_alone_leaves_out_exactly_the_items_read_from_the_overlay"
    return [
        m(
            "restructure: the repository alone leaves out the items read from the overlay",
            "generator/model/portal.py",
            "if (kind, k) not in self.from_overlay}",
            "if True}",
            t,
        ),
        m(
            "restructure: the loader records each item read from the overlay",
            "generator/sources/item_reader.py",
            "            portal.from_overlay.add((kind.name, item.id))\n",
            "            pass\n",
            t,
        ),
    ]


def _i18nA_rows() -> list[Mutation]:
    """The first pages a board member opens speak the portal's language (tests/test_i18n_first_pages.py): a
    source's words inside a translated sentence are escaped for Markdown as well as HTML."""
    t = "tests/test_i18n_first_pages.py::test_a_sources_words_in_a_translated_sentence_are_escaped_as_anywhere"
    return [
        m(
            "i18nA: a source's words in a translated sentence are escaped like any text (Overview heading)",
            "generator/render/templates/overview.md.j2",
            "# {% trans client=m.text(s.client) %}",
            "# {% trans client=s.client %}",
            t,
            redundant="every placeholder of a translated sentence is escaped by _escape_placeholders "
            "(render/environment.py), whose own row is KILLED: the macro is a second layer",
        ),
        m(
            "i18nA: the placeholder macro escapes what it is given (HTML and Markdown)",
            "generator/render/templates/_macros.j2",
            "{% macro text(value) %}{{ value }}{% endmacro %}",
            "{% macro text(value) %}{{ value|safe }}{% endmacro %}",
            t,
        ),
    ]


def _i18nD_rows() -> list[Mutation]:
    """What changed, item history and the diff comment in the portal's language (tests/test_i18n_changes.py)."""
    t = "tests/test_i18n_changes.py"
    return [
        m(
            "i18n-D: a translation in the What changed baseline is text, never markup",
            "generator/vcs/what_changed.py",
            '        formatting.md_escape(values[part[1:-1]] if part[1:-1] in values and part[:1] == "{" else part) for part in parts\n',
            '        formatting.md_escape(values[part[1:-1]] if part[1:-1] in values and part[:1] == "{" else Markup(part))\n        for part in parts\n',
            f"{t}::test_a_translation_in_the_baseline_label_is_text_never_markup",
        ),
        m(
            "i18n-D: source text inside a translated change sentence is escaped",
            "generator/vcs/diff_report.py",
            "        elif isinstance(value, str):\n            value = escape(value)",
            "        elif isinstance(value, str):\n            value = value",
            f"{t}::test_the_what_changed_sentences_are_french_and_escape_the_sources",
        ),
    ]


def _speedserve_rows() -> list[Mutation]:
    """serve after a save (issue "Fast at every size"): what it skips never makes a page stale, unhardened
    or a history name an item the client no longer sees."""
    t = "tests/test_serve_speed.py::"
    return [
        m(
            "speedserve: remembered item histories are recomputed when what the client sees changes",
            "generator/vcs/item_history.py",
            "    key = (str(root), client, parent, tuple(commits), frozenset(shown))",
            "    key = (str(root), client, parent, tuple(commits))",
            f"{t}test_remembered_histories_follow_what_the_client_sees",
        ),
        m(
            "speedserve: a serve rebuild draws a diagram the cache lacks in the browser, not a stale or no picture",
            "generator/output/diagram_delivery.py",
            "        if self.only_cached and not all(_cache_file(self.cache, key).is_file() for key in found):",
            "        if False:",
            f"{t}test_a_serve_rebuild_draws_a_changed_diagram_in_the_browser_and_starts_no_chromium",
        ),
        m(
            "speedserve: a build's Content-Security-Policy is written into every page, not only the new ones",
            "generator/output/site_policy.py",
            "    written_since = None if content_security_policy else written_since\n",
            "",
            f"{t}test_serve_hardens_the_pages_it_wrote_and_a_build_every_page",
        ),
        m(
            "speedserve: serve's search index keeps every page after a rebuild, the rebuilt ones renewed",
            "generator/mkdocs_plugin/__init__.py",
            "            search.search_index.entries = search_entries(previous.entries, search.search_index.entries, "
            "self.rebuilt)",
            "            pass",
            f"{t}test_a_title_edit_shows_at_once_in_served_diagrams_and_on_every_page_naming_it",
            timeout=400,
        ),
        m(
            "speedserve: a rebuilt page's old search entries are dropped",
            "generator/output/serve_pages.py",
            'split("#", 1)[0] not in rebuilt]',
            'split("#", 1)[0] not in ()]',
            f"{t}test_a_dirty_rebuild_s_search_index_keeps_every_page_and_renews_the_rebuilt_ones",
        ),
    ]


def _speedbuild_rows() -> list[Mutation]:
    """What a build adds per page beyond plain MkDocs (issue "Fast at every size"; tests/test_build_passes.py):
    mermaid2's BeautifulSoup pass is taken over, the diagram cache keeps only what recent builds use."""
    t = "tests/test_build_passes.py"
    svg = "generator/output/diagram_svg.py"
    return [
        m(
            "speed-build: mermaid2's per-page pass is taken out of the build's events",
            "generator/mkdocs_plugin/configuration.py",
            "        events.remove(mermaid2.on_post_page)\n",
            "        pass\n",
            f"{t}::test_no_page_is_parsed_again_and_the_cache_follows_the_sources",
        ),
        m(
            "speed-build: pages drawn in the browser still end with mermaid2's configuration",
            "generator/output/diagram_delivery.py",
            "        return with_inline_script(page_html, self.browser_config) if self.browser_config else page_html\n",
            "        return page_html\n",
            f"{t}::test_only_pages_drawn_in_the_browser_get_the_mermaid_configuration",
        ),
        m(
            "speed-build: drawings no recent build used leave the cache",
            svg,
            "            entry.unlink(missing_ok=True)\n",
            "            pass\n",
            f"{t}::test_the_cache_keeps_what_recent_builds_used_and_nothing_else",
        ),
        m(
            "speed-build: another kind of build keeps its drawings",
            svg,
            '            keep.update(str(key) for key in json.loads(record.read_text(encoding="utf-8")))\n',
            "            pass\n",
            f"{t}::test_the_cache_keeps_what_recent_builds_used_and_nothing_else",
        ),
        m(
            "speed-build: a compiled template is keyed by all its code depends on, not its source alone",
            "generator/render/template_cache.py",
            "        self.salt = _fingerprint(env)\n",
            '        self.salt = ""\n',
            "tests/test_template_cache.py::test_a_changed_source_or_option_is_compiled_again",
        ),
        m(
            "speed-build: compiled templates are kept in Jinja's folder private to the user, not the repository",
            "generator/render/template_cache.py",
            "        super().__init__()  # Jinja's default folder",
            '        super().__init__(".")  # Jinja\'s default folder',
            "tests/test_template_cache.py::test_a_template_compiled_by_an_earlier_build_is_not_compiled_again",
        ),
    ]


def _boardpack_rows() -> list[Mutation]:
    """The board pack kept to about six pages (tests/test_board_pack_repetition.py): the consultant's verdict,
    now also first in the pack, is escaped there as on the Overview."""
    fast = "tests/test_board_pack_repetition.py"
    return [
        m(
            "boardpack: the verdict is escaped in the board pack",
            "generator/render/templates/board-pack.md.j2",
            "{{ verdict.meta.verdict }}",
            "{{ verdict.meta.verdict|safe }}",
            f"{fast}::test_the_verdict_in_the_pack_is_escaped",
        ),
    ]


def _drawing_rows() -> list[Mutation]:
    """A build's diagrams drawn while its pages render (tests/test_background_drawing.py): known from the
    Markdown exactly as the pages will carry them, and stopped when the build fails."""
    t = "tests/test_background_drawing.py"
    return [
        m(
            "drawing: the diagrams read from the Markdown are those the pages carry",
            "generator/output/diagram_svg.py",
            '        texts[diagram_key(body + "\\n")] = body + "\\n"\n',
            "        texts[diagram_key(body)] = body\n",
            f"{t}::test_the_diagrams_read_from_the_markdown_are_those_the_rendered_pages_carry",
        ),
        m(
            "drawing: a failed build's browsers are stopped",
            "generator/output/headless_chromium.py",
            "    for process in running:\n        process.kill()\n",
            "    for process in running:\n        pass\n",
            f"{t}::test_diagrams_are_drawn_by_two_browsers_at_once_and_a_failed_build_stops_them",
        ),
        m(
            "drawing: the delivery stops its drawing when the build fails",
            "generator/output/diagram_delivery.py",
            "            self.drawing.stop()\n",
            "            pass\n",
            f"{t}::test_the_build_starts_drawing_its_dashboards_diagrams_and_stops_when_it_fails",
        ),
        m(
            "drawing: the item pages' diagrams are left to the reader's browser",
            "generator/output/diagram_delivery.py",
            "            if src_path not in self.browser_pages and ",
            "            if ",
            f"{t}::test_the_build_starts_drawing_its_dashboards_diagrams_and_stops_when_it_fails",
        ),
    ]


MUTATIONS: list[Mutation] = [
    # -- sanity: the copy's code is what the tests run ----------------------------------------------------
    m(
        "sanity: pytest imports the copy's generator",
        "generator/facts/formatting.py",
        "    text = html.escape(str(value), quote=True)\n",
        "    raise RuntimeError('mutant: the copy ran')\n",
        "tests/test_core.py::test_pages_can_be_written_as_a_folder_for_another_generator",
    ),
    m(
        "sanity: mkdocs (subprocess, entry point) loads the copy's plugin",
        "generator/mkdocs_plugin/__init__.py",
        "        html = sanitise_html(html)\n",
        "        html = '<p>mutant</p>'\n",
        f"{T_SITE}::test_risk_page_shows_score_and_links_to_its_mitigations_and_back",
    ),
    m(
        "sanity: the ctoportal CLI (subprocess) runs the copy",
        "generator/cli/commands.py",
        "    print(output)\n    if problems.errors",
        "    print('mutant')\n    if problems.errors",
        "tests/test_validation_fixtures.py::test_json_format_is_stable",
    ),
    # -- untrusted text -----------------------------------------------------------------------------------
    m(
        "text: render_markdown sanitises with nh3",
        "generator/facts/formatting.py",
        '    clean = nh3.clean(\n        rendered,\n        tags=_ALLOWED_TAGS,\n        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},\n        url_schemes={"http", "https", "mailto"},\n        link_rel="noopener noreferrer",\n    )\n',
        "    clean = rendered\n",
        f"{T_SITE}::test_source_text_is_escaped_in_pages",
        redundant="sanitise.py cleans every page's HTML afterwards (no script, no event handler, links "
        "http/https/mailto only, images only from the site), and nothing else renders this HTML; the "
        "test targets that layer (and sanitise.py strips the rel=noopener noreferrer added here)",
    ),
    m(
        "text: render_markdown link schemes http/https/mailto only",
        "generator/facts/formatting.py",
        '        url_schemes={"http", "https", "mailto"},\n',
        '        url_schemes={"http", "https", "mailto", "javascript", "data", "vbscript"},\n',
        f"{T_SITE}::test_source_text_is_escaped_in_pages",
        redundant="sanitise.py drops the same schemes from every page's HTML (its own row is KILLED)",
    ),
    m(
        "text: raw HTML in item Markdown shown as text",
        "generator/facts/formatting.py",
        '    escaped = text.replace("<", "&lt;")',
        "    escaped = text",
        f"{T_SITE}::test_source_text_is_escaped_in_pages",
    ),
    m(
        "text: raw HTML in strategy pages shown as text",
        "generator/facts/formatting.py",
        '    return Markup((text or "").replace("<", "&lt;"))',
        '    return Markup(text or "")',
        f"{T_EXTRA}::test_strategy_page_markdown_cannot_carry_script",
    ),
    m(
        "text: sanitise.py applied to every page's HTML",
        "generator/mkdocs_plugin/__init__.py",
        "        html = sanitise_html(html)\n",
        "        html = html\n",
        f"{T_EXTRA}::test_strategy_page_markdown_cannot_carry_script",
    ),
    m(
        "text: sanitise.py link schemes http/https/mailto only",
        "generator/output/page_filter.py",
        'url_schemes={"http", "https", "mailto"},',
        'url_schemes={"http", "https", "mailto", "javascript", "data", "vbscript"},',
        f"{T_EXTRA}::test_strategy_page_markdown_cannot_carry_script",
    ),
    m(
        "text: sanitise.py attribute allowlist (no event handlers)",
        "generator/output/page_filter.py",
        '    "*": {"class", "id", "title",',
        '    "*": {"onclick", "onerror", "onmouseover", "style", "class", "id", "title",',
        f"{T_EXTRA}::test_strategy_page_markdown_cannot_carry_script",
    ),
    m(
        "text: sanitise.py keeps images on the site itself",
        "generator/output/page_filter.py",
        '    if tag == "img" and attribute == "src" and (',
        "    if False and (",
        f"{T_EXTRA}::test_strategy_page_markdown_cannot_carry_script",
    ),
    m(
        "text: Jinja2 autoescape=True in pages.py",
        "generator/render/environment.py",
        "autoescape=True,",
        "autoescape=False,",
        f"{T_SITE}::test_source_text_is_escaped_in_pages",
        f"{T_SITE}::test_no_escape_backslashes_show_on_any_page",
    ),
    m(
        "text: Jinja2 finalize=md_escape in pages.py",
        "generator/render/environment.py",
        "        finalize=_finalize,\n",
        "",
        f"{T_SITE}::test_source_text_is_escaped_in_pages",
    ),
    m(
        "text: md_escape HTML-escapes",
        "generator/facts/formatting.py",
        "    text = html.escape(str(value), quote=True)\n",
        "    text = str(value)\n",
        f"{T_SITE}::test_source_text_is_escaped_in_pages",
    ),
    m(
        "text: md_escape backslash-escapes Markdown syntax",
        "generator/facts/formatting.py",
        '_MARKDOWN_SPECIALS.sub(r"\\\\\\1", text)',
        "text",
        f"{T_SITE}::test_source_text_is_escaped_in_pages",
    ),
    m(
        "text: md_escape turns a pipe into an entity (no stray table cell)",
        "generator/facts/formatting.py",
        '.replace("|", "&#124;")',
        "",
        f"{T_SITE}::test_source_text_is_escaped_in_pages",
    ),
    m(
        "text: md_escape joins lines (no Markdown block from a newline)",
        "generator/facts/formatting.py",
        '.replace("\\n", " "))',
        ")",
        f"{T_SITE}::test_source_text_is_escaped_in_pages",
    ),
    m(
        "text: front-matter titles HTML-escaped (_yaml_text)",
        "generator/render/environment.py",
        '    text = html.escape(" ".join(str(p) for p in parts), quote=False)\n',
        '    text = " ".join(str(p) for p in parts)\n',
        f"{T_SITE}::test_source_text_is_escaped_in_pages",
    ),
    m(
        "text: md_escape in the git pages (history, What changed), rendered by the pages' environment",
        "generator/render/environment.py",
        "        finalize=_finalize,\n",
        "",
        "tests/test_history_privacy.py::test_an_internal_build_keeps_messages_and_values",
    ),
    m(
        "text: diff values escaped for Markdown (PR comment, What changed)",
        "generator/vcs/diff_report.py",
        "        elif isinstance(value, str):\n            value = escape(value)\n",
        "        elif isinstance(value, str):\n            pass\n",
        "tests/test_diff.py::test_added_removed_closed_retired_and_kpis",
    ),
    m(
        "mermaid: label escapes every character outside [A-Za-z0-9 ]",
        "generator/diagrams/mermaid.py",
        "    return [c if _SAFE.fullmatch(c) else _code(c) for c in text]",
        "    return list(text)",
        T_MERMAID,
    ),
    m(
        "mermaid: keywords in labels encoded",
        "generator/diagrams/mermaid.py",
        "        if word.lower() in KEYWORDS:",
        "        if False:",
        T_MERMAID,
    ),
    m(
        "mermaid: fence refuses text the builders did not make",
        "generator/diagrams/mermaid.py",
        '    if "```" in text or "<" in text or "&" in text:',
        "    if False:",
        f"{T_MERMAID}::test_fence_refuses_text_that_did_not_come_from_the_builders",
    ),
    m(
        "mermaid: node ids never built from data",
        "generator/diagrams/mermaid.py",
        '            self._ids[key] = f"{self.prefix}{len(self._ids)}"',
        "            self._ids[key] = str(key)",
        T_MERMAID,
    ),
    m(
        "mermaid: securityLevel strict set by the plugin",
        "generator/mkdocs_plugin/configuration.py",
        '        arguments.setdefault("securityLevel", "strict")\n',
        "",
        f"{T_EXTRA}::test_hand_written_mermaid_cannot_run_script",
        redundant="mermaid2 writes it into window.mermaidConfig, which nothing reads: mkdocs-material renders the "
        "diagrams and calls mermaid.initialize() with its own options, so mermaid's default (strict, a "
        "'secure' key no %%{init}%% directive can change) applies; the browser test pins that",
    ),
    # -- broken YAML --------------------------------------------------------------------------------------
    m(
        "yaml: unknown and !!python tags rejected",
        "generator/sources/located_yaml.py",
        "        if tag not in _STANDARD_TAGS:",
        "        if False:",
        f"{T_HOSTILE}::test_python_tags_are_rejected_and_nothing_runs",
        f"{T_HOSTILE}::test_unknown_local_tag_is_rejected",
    ),
    m(
        "yaml: alias bombs rejected (expansion limit)",
        "generator/sources/located_yaml.py",
        "    if total > MAX_NODES:",
        "    if False:",
        f"{T_HOSTILE}::test_alias_bomb_is_rejected_quickly",
        memory_limit=GB,
        timeout=40,
        note="without the limit the loader expands 10^9 values: the row runs under a 1 GB address-space limit, "
        "and past the test's own 20 s it is a hang",
    ),
    m(
        "yaml: alias bombs counted once per shared node (quickly)",
        "generator/sources/located_yaml.py",
        "        if id(node) not in sizes:",
        "        if True:",
        f"{T_HOSTILE}::test_alias_bomb_is_rejected_quickly",
        timeout=40,
        note="without the memo the count walks 10^9 nodes: past the test's own 20 s it is a hang",
    ),
    m(
        "yaml: depth limit",
        "generator/sources/located_yaml.py",
        "        if depth > MAX_DEPTH:",
        "        if False:",
        f"{T_HOSTILE}::test_nesting_over_the_limit_is_located",
    ),
    m(
        "yaml: parser recursion caught (very deep nesting)",
        "generator/sources/located_yaml.py",
        "    except RecursionError:\n",
        "    except ZeroDivisionError:\n",
        f"{T_HOSTILE}::test_deep_nesting_is_rejected",
    ),
    m(
        "yaml: file size cap",
        "generator/sources/repository_files.py",
        "    if size > MAX_FILE_BYTES:",
        "    if False:",
        f"{T_HOSTILE}::test_oversized_file_is_rejected",
    ),
    m(
        "yaml: item count cap",
        "generator/sources/item_reader.py",
        "        if len(items) >= MAX_ITEMS_PER_KIND:",
        "        if False:",
        f"{T_HOSTILE}::test_too_many_items_is_rejected",
    ),
    m(
        "yaml: dates kept as text (no ValueError from the YAML library)",
        "generator/sources/yaml_round_trip.py",
        '_TextDatesConstructor.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)',
        "pass",
        f"{T_HOSTILE}::test_impossible_date_is_a_located_error",
    ),
    m(
        "yaml: impossible dates are located errors",
        "generator/model/common.py",
        "        try:\n            return dt.date.fromisoformat(value)\n"
        "        except ValueError as exc:\n"
        '            raise ValueError(f"is not a real date: {value!r} ({exc})") from None\n',
        "        return dt.date.fromisoformat(value)\n",
        f"{T_HOSTILE}::test_impossible_date_is_a_located_error",
    ),
    m(
        "yaml: money is finite (no NaN/inf)",
        "generator/model/common.py",
        "Money = Annotated[float, Strict(), Field(ge=0, allow_inf_nan=False)]",
        "Money = Annotated[float, Strict(), Field(ge=0)]",
        f"{T_HOSTILE}::test_money_must_be_finite_and_not_negative",
    ),
    m(
        "yaml: money is not negative",
        "generator/model/common.py",
        "Money = Annotated[float, Strict(), Field(ge=0, allow_inf_nan=False)]",
        "Money = Annotated[float, Strict(), Field(allow_inf_nan=False)]",
        f"{T_HOSTILE}::test_money_must_be_finite_and_not_negative",
    ),
    m(
        "yaml: invalid UTF-8 rejected",
        "generator/sources/repository_files.py",
        '        text = raw.decode("utf-8-sig")',
        '        text = raw.decode("utf-8-sig", "replace")',
        f"{T_HOSTILE}::test_invalid_utf8_is_located",
    ),
    m(
        "yaml: NUL and control characters rejected",
        "generator/sources/repository_files.py",
        '    bad = re.search(r"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]", text)',
        "    bad = None",
        f"{T_HOSTILE}::test_control_characters_are_rejected",
    ),
    m(
        "yaml: bidi and zero-width characters rejected in ids",
        "generator/model/common.py",
        "    if not _ID_RE.fullmatch(value):",
        "    if False:",
        f"{T_HOSTILE}::test_bidi_and_zero_width_characters_in_ids_are_rejected",
    ),
    m(
        "cli: CtoportalError caught in main (no traceback)",
        "generator/cli/__init__.py",
        "    except CtoportalError as exc:\n        if args.debug:",
        "    except ArithmeticError as exc:\n        if args.debug:",
        "tests/test_validation_fixtures.py::test_missing_config_is_a_clear_error",
    ),
    # -- confidentiality ----------------------------------------------------------------------------------
    m(
        "audience: internal items dropped",
        "generator/model/portal.py",
        "        return {k: v for k, v in items.items() if not v.internal}",
        "        return dict(items)",
        "tests/test_core.py::test_client_audience_drops_internal_items_and_references_to_them",
    ),
    *_audience_reference_rows(),
    m(
        "audience: internal strategy pages dropped",
        "generator/model/portal.py",
        'fields["pages"] = [p for p in portal.pages if not p.internal]',
        'fields["pages"] = list(portal.pages)',
        f"{T_SITE}::test_internal_items_never_reach_a_client_build",
    ),
    m(
        "audience: the site is generated from the audience's view",
        "generator/render/site.py",
        "    view = portal.for_audience(portal.settings.audience)",
        "    view = portal",
        f"{T_SITE}::test_internal_items_never_reach_a_client_build",
    ),
    m(
        "audience: navigation from the audience's view",
        "generator/render/site.py",
        "nav=navigation(view, git)",
        "nav=navigation(portal, git)",
        f"{T_SITE}::test_internal_items_never_reach_a_client_build",
    ),
    m(
        "audience: ctoportal diff compares the audience's views",
        "generator/vcs/revisions.py",
        "    return before.portal.for_audience(audience), after.portal.for_audience(audience)",
        "    return before.portal, after.portal",
        "tests/test_diff.py::test_internal_items_stay_out_of_a_client_diff",
    ),
    m(
        "audience: What changed page compares the audience's views",
        "generator/vcs/what_changed.py",
        "diff = diff_portals(before.portal.for_audience(audience), repository.for_audience(audience))",
        "diff = diff_portals(before.portal, repository)",
        f"{T_HISTORY}::test_what_changed_page_since_a_revision",
    ),
    m(
        "hardening: noindex meta on every page",
        "generator/output/site_policy.py",
        """    head = [_MARKER, '<meta name="robots" content="noindex, nofollow">', """,
        "    head = [_MARKER, ",
        f"{T_SAFETY}::test_csp_allows_only_the_theme_inline_scripts",
    ),
    m(
        "hardening: robots.txt disallows everything",
        "generator/output/site_policy.py",
        '    (site_dir / "robots.txt").write_text(ROBOTS_TXT, encoding="utf-8")',
        "    pass",
        f"{T_SAFETY}::test_csp_allows_only_the_theme_inline_scripts",
    ),
    m(
        "hardening: Content-Security-Policy written",
        "generator/output/site_policy.py",
        "    if content_security_policy:",
        "    if False:",
        f"{T_SAFETY}::test_csp_allows_only_the_theme_inline_scripts",
    ),
    m(
        "hardening: CSP allows only known inline scripts",
        "generator/output/site_policy.py",
        '            if not _KNOWN_INLINE.match(match.group("body")) and match.group("body") not in also_known:',
        "            if False:",
        f"{T_SAFETY}::test_csp_allows_only_the_theme_inline_scripts",
    ),
    m(
        "hardening: CSP lists script hashes (no 'unsafe-inline')",
        "generator/output/site_policy.py",
        "        f\"script-src 'self' {scripts}; \"\n",
        "        \"script-src 'self' 'unsafe-inline'; \"\n",
        f"{T_SAFETY}::test_csp_allows_only_the_theme_inline_scripts",
    ),
    *_policy_rows(),
    m(
        "hardening: the plugin writes the CSP on builds",
        "generator/mkdocs_plugin/__init__.py",
        'content_security_policy=self.command != "serve"',
        "content_security_policy=False",
        f"{T_EXTRA}::test_an_unknown_inline_script_is_reported_and_fails_a_strict_build",
        f"{T_EXTRA}::test_injected_script_and_offsite_resources_are_blocked_by_the_policy",
    ),
    m(
        "hardening: the plugin warns about an unknown inline script",
        "generator/mkdocs_plugin/__init__.py",
        '        ):\n            log.warning(\n                f"an inline script that neither the theme nor mermaid2 wrote, blocked by the "\n',
        '        ):\n            False and log.warning(\n                f"an inline script that neither the theme nor mermaid2 wrote, blocked by the "\n',
        f"{T_EXTRA}::test_an_unknown_inline_script_is_reported_and_fails_a_strict_build",
    ),
    m(
        "third parties: theme fonts off (no Google Fonts)",
        "generator/mkdocs_plugin/configuration.py",
        '        theme["font"] = False  # no Google Fonts: the portal makes no third-party request\n',
        "",
        f"{T_SAFETY}::test_no_google_fonts_or_cdn_anywhere_in_pages",
    ),
    m(
        "third parties: mermaid served locally (mermaid2 never uses the CDN)",
        "generator/mkdocs_plugin/configuration.py",
        "        mermaid2._extra_javascript = MERMAID.site_path\n",
        "",
        f"{T_SAFETY}::test_no_google_fonts_or_cdn_anywhere_in_pages",
    ),
    m(
        "config: !ENV needs the allowlist",
        "generator/sources/settings_file.py",
        "                if name not in allowed:",
        "                if False:",
        f"{T_SAFETY}::test_env_values_in_mkdocs_yml_need_the_allowlist",
    ),
    m(
        "config: !ENV tags checked at all",
        "generator/sources/settings_file.py",
        "        check_env_tags(file, settings.env_allowlist if settings else [], problems)\n",
        "        pass\n",
        f"{T_SAFETY}::test_env_values_in_mkdocs_yml_need_the_allowlist",
    ),
    m(
        "init: CODEOWNERS names the given owner",
        "generator/authoring/scaffold.py",
        '        "__OWNER__": owner,',
        '        "__OWNER__": "@consultant",',
        "tests/test_init_new.py::test_editor_hooks_and_owners",
    ),
    *_codeowners_rows(),
    # -- safe building ------------------------------------------------------------------------------------
    m(
        "staging: builds go to a staging folder",
        "generator/mkdocs_plugin/__init__.py",
        '        if self.command == "build":',
        "        if False:",
        f"{T_SITE}::test_failed_build_leaves_the_previous_site",
        f"{T_SITE}::test_strict_build_fails_on_warnings",
    ),
    m(
        "staging: a strict build with warnings is not swapped in",
        "generator/mkdocs_plugin/__init__.py",
        "        failed = self.warnings is not None and bool(self.warnings.get_counts())",
        "        failed = False",
        f"{T_SITE}::test_strict_build_fails_on_warnings",
    ),
    m(
        "staging: a failed strict build removes its staging folder",
        "generator/mkdocs_plugin/__init__.py",
        "            if failed:\n                discard_staged(self.staged)\n",
        "            if failed:\n                pass\n",
        f"{T_SITE}::test_strict_build_fails_on_warnings",
    ),
    m(
        "staging: a build error removes the staging folder",
        "generator/mkdocs_plugin/__init__.py",
        "        if self.staged is not None:\n            discard_staged(self.staged)\n",
        "        if False:\n            discard_staged(self.staged)\n",
        f"{T_EXTRA}::test_a_build_error_keeps_the_previous_site_and_leaves_no_folder_behind",
    ),
    m(
        "staging: the replaced site is removed",
        "generator/output/staging.py",
        "    shutil.rmtree(old, ignore_errors=True)\n",
        "",
        f"{T_EXTRA}::test_a_build_error_keeps_the_previous_site_and_leaves_no_folder_behind",
    ),
    m(
        "reproducible: CSP hashes in a stable order",
        "generator/output/site_policy.py",
        "for h in sorted(hashes))",
        "for h in hashes)",
        f"{T_SAFETY}::test_same_commit_and_epoch_build_byte_identical",
    ),
    m(
        "reproducible: today from SOURCE_DATE_EPOCH",
        "generator/sources/loader.py",
        "    if epoch and epoch.strip().isdigit():",
        "    if False:",
        f"{T_EXTRA}::test_without_a_fixed_today_the_portal_is_as_of_source_date_epoch",
    ),
    m(
        "reproducible: publish date from SOURCE_DATE_EPOCH",
        "generator/publish/operations.py",
        "    when = source_date_epoch() or dt.datetime.now(tz=dt.timezone.utc)",
        "    when = dt.datetime.now(tz=dt.timezone.utc)",
        f"{T_PUBLISH}::test_overwrite_is_refused_unless_asked",
    ),
    m(
        "publish: refuses to overwrite a version",
        "generator/publish/guards.py",
        "        if v.version == request.version and not request.overwrite:",
        "        if False:",
        f"{T_PUBLISH}::test_overwrite_is_refused_unless_asked",
    ),
    m(
        "publish: unsafe names refused (character set)",
        "generator/publish/names.py",
        "    if not _SAFE_NAME.fullmatch(name):",
        "    if False:",
        f"{T_PUBLISH}::test_unsafe_version_names_are_rejected",
    ),
    m(
        "publish: unsafe names refused ('..')",
        "generator/publish/names.py",
        '    if ".." in name:',
        "    if False:",
        f"{T_PUBLISH}::test_unsafe_version_names_are_rejected",
    ),
    m(
        "publish: names that clash with site files refused",
        "generator/publish/names.py",
        "    if _FILE_LIKE.search(name) or name.lower() in _RESERVED:",
        "    if False:",
        f"{T_PUBLISH}::test_unsafe_version_names_are_rejected",
    ),
    m(
        "publish: names checked before anything is built",
        "generator/publish/guards.py",
        "    check_names(request.version, list(request.aliases))\n",
        "",
        f"{T_PUBLISH}::test_unsafe_names_fail_before_anything_is_built",
    ),
    m(
        "publish: refuses a local branch behind the remote",
        "generator/publish/guards.py",
        "    if not gitrepo.has_commit(repo, remote_sha) or gitrepo.is_ancestor(repo, local_sha, remote_sha):",
        "    if False:",
        f"{T_PUBLISH}::test_a_branch_behind_the_remote_is_reported_with_the_fix",
    ),
    m(
        "publish: refuses a clone missing the remote's branch",
        "generator/publish/guards.py",
        "    if local_sha is None:\n        raise PublishError(",
        "    if False:\n        raise PublishError(",
        f"{T_PUBLISH}::test_a_ci_clone_without_the_branch_is_told_to_fetch_it",
    ),
    m(
        "publish: refuses uncommitted sources",
        "generator/publish/operations.py",
        "            check_committed(config_path)\n",
        "",
        f"{T_PUBLISH}::test_uncommitted_sources_are_refused",
    ),
    m(
        "hardening: no Referer to other sites",
        "generator/output/site_policy.py",
        """, '<meta name="referrer" content="same-origin">']""",
        "]",
        "tests/test_browser_portal.py::test_following_a_link_off_the_site_does_not_say_which_page_it_came_from",
    ),
    # -- downloads (CSV, workbook, calendars, data.json) -----------------------------------------------------
    m(
        "exports: CSV text that would be a formula gets an apostrophe",
        "generator/render/exports/spreadsheets.py",
        """    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text""",
        "    return text",
        f"{T_EXPORTS}::test_csv_cells_never_start_a_formula",
    ),
    m(
        "exports: CSV formula triggers include tab and carriage return",
        "generator/render/exports/spreadsheets.py",
        """FORMULA_TRIGGERS = ("=", "+", "-", "@", "\\t", "\\r")""",
        """FORMULA_TRIGGERS = ("=", "+", "-", "@")""",
        f"{T_EXPORTS}::test_csv_cells_never_start_a_formula",
    ),
    m(
        "exports: workbook text cells are strings, never formulas",
        "generator/render/exports/spreadsheets.py",
        """        sheet.write_string(row, col, _text(value), formats["text"])""",
        """        sheet.write(row, col, _text(value), formats["text"])""",
        f"{T_EXPORTS}::test_workbook_keeps_text_as_text",
        note="with strings_to_formulas also turned on",
        also=(('"strings_to_formulas": False', '"strings_to_formulas": True'),),
    ),
    m(
        "exports: calendar text escaped per RFC 5545 (icalendar's vText)",
        "generator/render/exports/calendars.py",
        """    event.add("summary", summary)""",
        """    event.add("summary", __import__("icalendar").prop.vInline(summary))""",
        f"{T_EXPORTS}::test_calendar_text_cannot_break_out_of_its_property",
    ),
    m(
        "exports: made from the audience's view (nothing internal in any file)",
        "generator/render/site.py",
        "    files = tuple(downloads(view))",
        "    files = tuple(downloads(portal))",
        f"{T_SITE}::test_internal_items_never_reach_a_client_build",
    ),
    m(
        "exports: calendar DTSTAMP from the as-of date (same sources, same bytes)",
        "generator/render/exports/calendars.py",
        """    event.add("dtstamp", dt.datetime.combine(portal.today, dt.time(), tzinfo=dt.timezone.utc))""",
        """    event.add("dtstamp", dt.datetime.now(tz=dt.timezone.utc))""",
        f"{T_EXPORTS}::test_same_sources_give_the_same_bytes",
    ),
    m(
        "exports: workbook dated by the as-of date (same sources, same bytes)",
        "generator/render/exports/spreadsheets.py",
        """    created = dt.datetime.combine(as_of, dt.time())""",
        """    created = dt.datetime.now()""",
        f"{T_EXPORTS}::test_same_sources_give_the_same_bytes",
    ),
    # -- publishing races (tests/test_publish_race.py) --------------------------------------------------------
    m(
        "publish race: a rejected push is published again on top of the remote",
        "generator/publish/push.py",
        "        except RemoteMoved:\n",
        "        except ZeroDivisionError:\n",
        T_RACE,
    ),
    m(
        "publish race: the local branch is put back after another push failure",
        "generator/publish/push.py",
        """        except PushFailed as exc:
            gitrepo.set_branch(repo, ref, before)""",
        """        except PushFailed as exc:
            pass""",
        f"{T_RACE}::test_a_push_refused_for_another_reason_keeps_its_message_and_the_branch",
    ),
    m(
        "publish race: a remote's refusal counts as a race only if its branch moved",
        "generator/publish/push.py",
        '    if refusal is not None and (\n        refusal.startswith("[rejected]")\n        or refusal.startswith("[remote rejected]")\n        and _remote_moved(repo, remote, branch)\n    ):\n',
        '    if refusal is not None and (refusal.startswith("[rejected]") or refusal.startswith("[remote rejected]")):\n',
        f"{T_RACE}::test_a_push_refused_for_another_reason_keeps_its_message_and_the_branch",
    ),
    m(
        "publish race: unpushed publishes are never thrown away",
        "generator/publish/push.py",
        "    if before is not None and base != before:",
        "    if False:",
        f"{T_RACE}::test_unpushed_publishes_are_never_thrown_away_to_retry",
    ),
    m(
        "publish: a published commit this clone lacks is fetched to compare",
        "generator/publish/guards.py",
        "gitrepo.has_remote(repo, request.remote) and gitrepo.fetch_commit(repo, request.remote, v.commit)",
        "False",
        "tests/test_publish_order.py::test_a_shallow_clone_fetches_the_published_commit_to_tell",
    ),
    m(
        "publish race: a version or alias never goes back to an older build (also on a retry)",
        "generator/publish/guards.py",
        "        elif gitrepo.is_ancestor(repo, head, v.commit):",
        "        elif False:",
        "tests/test_publish_order.py",
    ),
    *_site_files_rows(),
    *_traps_rows(),
    *_overlay_rows(),
    *_newcomer_rows(),
    *_frontmatter_rows(),
    *_history_rows(),
    *_output_rows(),
    *_figures_rows(),
    *_yaml_rows(),
    *_boardwords_rows(),
    *_kinds_rows(),
    *_facts_rows(),
    *_screens_rows(),
    *_speed_rows(),
    *_diagram_rows(),
    *_i18n_rows(),
    *_validate_rows(),
    *_governance_rows(),
    *_compliance_rows(),
    *_buildsite_rows(),
    *_i18n_registers_rows(),
    *_i18n_governance_rows(),
    *_restructure_rows(),
    *_i18nA_rows(),
    *_i18nD_rows(),
    *_speedserve_rows(),
    *_speedbuild_rows(),
    *_boardpack_rows(),
    *_drawing_rows(),
]


# -- running ---------------------------------------------------------------------------------------------


def repository_files(root: Path) -> list[str]:
    """Tracked files plus untracked ones git does not ignore (others' work in progress included)."""
    out = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    return sorted({p for p in out.split("\0") if p and not p.startswith(".venv/") and (root / p).is_file()})


def copy_repository(root: Path, target: Path, files: list[str]) -> None:
    for relpath in files:
        destination = target / relpath
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / relpath, destination)


def check_snippets(mutations: list[Mutation], root: Path) -> list[str]:
    """Every row's snippet occurs exactly once in its file, and a mutated Python file still compiles (a
    mutant that does not even import proves nothing about the protection); returns what is wrong."""
    wrong = []
    for row in mutations:
        path = root / row.file
        if not path.is_file():
            wrong.append(f"{row.name}: {row.file} does not exist")
            continue
        text = path.read_text(encoding="utf-8")
        counts = [(original, text.count(original)) for original in (row.original, *(o for o, _ in row.also))]
        for original, count in counts:
            if count != 1:
                wrong.append(
                    f"{row.name}: snippet found {count} times in {row.file} (must be exactly once):\n    {original!r}"
                )
        if all(count == 1 for _, count in counts) and row.file.endswith(".py"):
            try:
                compile(row.mutate(text), row.file, "exec")
            except SyntaxError as exc:
                wrong.append(f"{row.name}: the mutated {row.file} does not compile: {exc}")
    return wrong


def apply(row: Mutation, copy: Path) -> None:
    path = copy / row.file
    text = path.read_text(encoding="utf-8")
    assert text.count(row.original) == 1, row.name  # checked up front; the copy is the same text
    path.write_text(row.mutate(text), encoding="utf-8")


def environment(copy: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COV_"))}
    env["PYTHONPATH"] = os.pathsep.join([str(copy), *filter(None, [os.environ.get("PYTHONPATH")])])
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("CTOPORTAL_UPDATE_GOLDEN", None)  # never rewrite golden files in a mutant
    return env


_WHERE = (
    "import generator, importlib.metadata as md\n"
    "plugin = md.entry_points(group='mkdocs.plugins')['ctoportal'].load()\n"
    "import sys; print(generator.__file__); print(sys.modules[plugin.__module__].__file__)\n"
)


def assert_copy_is_imported(copy: Path, env: dict[str, str], scratch: Path) -> None:
    """The copy's ``generator`` is what Python imports, in the copy and from any other folder (the tests
    run the CLI and MkDocs in temporary folders), the plugin's entry point included."""
    for cwd in (copy, scratch):
        result = subprocess.run(
            [str(PYTHON), "-c", _WHERE], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
        )
        paths = result.stdout.split()
        if result.returncode != 0 or len(paths) != 2 or not all(Path(p).is_relative_to(copy) for p in paths):
            raise SystemExit(
                f"the copy's generator is not the one imported (cwd {cwd}): {result.stdout}{result.stderr[-2000:]}"
            )


@dataclass
class Outcome:
    row: Mutation | None
    verdict: str
    seconds: float
    detail: str = ""


def _limit_memory(limit: int):
    def set_limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return set_limit


def run_pytest(
    copy: Path, tests: tuple[str, ...], timeout: int, memory_limit: int | None, scratch: Path
) -> tuple[str, str]:
    """('passed' | 'failed' | 'timeout' | 'error', output tail)."""
    env = environment(copy)
    command = [
        str(PYTHON),
        "-m",
        "pytest",
        "-x",
        "-q",
        "-p",
        "no:cacheprovider",
        f"--basetemp={scratch / 'pt'}",
        *tests,
    ]
    # A session of its own, so that a timeout ends pytest and every process it started.
    process = subprocess.Popen(
        command,
        cwd=copy,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        preexec_fn=_limit_memory(memory_limit) if memory_limit else None,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the whole session: pytest and every process it started
        output, _ = process.communicate()
        return "timeout", output[-3000:]
    if process.returncode == 0:
        return "passed", output[-3000:]
    if process.returncode == 1:
        return "failed", output[-3000:]
    # 2: interrupted (a collection error: the mutant does not even import), 4: usage, 5: nothing collected
    if process.returncode == 2 and "ERROR: not found" not in output and "no tests ran" not in output:
        return "failed", output[-3000:]
    return "error", output[-3000:]


def run_row(row: Mutation, files: list[str]) -> Outcome:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="ctoportal-mutant-") as tmp:
        copy, scratch = Path(tmp) / "repo", Path(tmp) / "scratch"
        scratch.mkdir()
        copy_repository(ROOT, copy, files)
        assert_copy_is_imported(copy, environment(copy), scratch)
        apply(row, copy)
        result, output = run_pytest(copy, row.tests, row.timeout, row.memory_limit, scratch)
    seconds = time.monotonic() - started
    verdict = {"failed": "KILLED", "timeout": "KILLED", "passed": "SURVIVED", "error": "ERROR"}[result]
    detail = f"timed out after {row.timeout}s" if result == "timeout" else ""
    return Outcome(row, verdict, seconds, detail or output)


def run_baseline(rows: list[Mutation], files: list[str]) -> Outcome:
    """Every selected row's tests pass on the unmutated copy (else a KILLED would prove nothing), rows
    with a memory limit under that limit too."""
    # A row selecting with ``-k`` runs on its own: joined with the others, its expression would apply to them all.
    runs = [(tuple(dict.fromkeys(t for row in rows if "-k" not in row.tests for t in row.tests)), None)]
    runs += [(tests, None) for tests in dict.fromkeys(row.tests for row in rows if "-k" in row.tests)]
    runs += [(row.tests, row.memory_limit) for row in rows if row.memory_limit]
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="ctoportal-baseline-") as tmp:
        copy, scratch = Path(tmp) / "repo", Path(tmp) / "scratch"
        copy_repository(ROOT, copy, files)
        for number, (tests, memory_limit) in enumerate(runs):
            (scratch / str(number)).mkdir(parents=True)
            if number == 0:
                assert_copy_is_imported(copy, environment(copy), scratch / "0")
            result, output = run_pytest(copy, tests, 1800, memory_limit, scratch / str(number))
            if result != "passed":
                limit = f" under a {memory_limit / GB:g} GB limit" if memory_limit else ""
                return Outcome(None, "FAILED", time.monotonic() - started, f"{' '.join(tests)}{limit}:\n{output}")
    return Outcome(None, "PASSED", time.monotonic() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "-k",
        dest="select",
        metavar="NAME",
        action="append",
        help="only rows whose name contains NAME (case-insensitive; repeatable)",
    )
    parser.add_argument("--list", action="store_true", help="print the table and exit")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="rows run at a time (default: 1)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the run on the unmutated copy")
    parser.add_argument("-v", "--verbose", action="store_true", help="show pytest's output for every row")
    args = parser.parse_args(argv)

    rows = [r for r in MUTATIONS if not args.select or any(s.lower() in r.name.lower() for s in args.select)]
    if not rows:
        print("no row matches", file=sys.stderr)
        return 2
    names = [r.name for r in MUTATIONS]
    duplicates = {n for n in names if names.count(n) > 1}
    wrong = check_snippets(rows, ROOT) + [f"row name used twice: {n}" for n in sorted(duplicates)]
    if wrong:
        print("the table no longer matches the code:\n" + "\n".join(wrong), file=sys.stderr)
        return 2
    if args.list:
        for row in rows:
            flag = " [redundant]" if row.redundant else ""
            print(
                f"{row.name}{flag}\n    {row.file}: {row.original.strip().splitlines()[0][:90]!r}\n"
                f"    tests: {' '.join(row.tests)}"
            )
        print(f"{len(rows)} row(s)")
        return 0

    files = repository_files(ROOT)
    started = time.monotonic()
    if not args.no_baseline:
        baseline = run_baseline(rows, files)
        print(f"baseline (unmutated copy): {baseline.verdict} in {baseline.seconds:.0f}s", flush=True)
        if baseline.verdict != "PASSED":
            print(baseline.detail, file=sys.stderr)
            return 2
    outcomes: list[Outcome] = []
    width = max(len(r.name) for r in rows)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(run_row, row, files) for row in rows]
        for future in concurrent.futures.as_completed(futures):
            outcome = future.result()
            outcomes.append(outcome)
            row = outcome.row
            verdict = outcome.verdict
            if verdict == "SURVIVED" and row.redundant:
                verdict = "SURVIVED (redundant)"
            print(
                f"{row.name:<{width}}  {verdict} ({outcome.seconds:.0f}s)"
                + (f" {outcome.detail}" if outcome.detail.startswith("timed out") else ""),
                flush=True,
            )
            if args.verbose or verdict in ("SURVIVED", "ERROR"):
                print("    " + outcome.detail.strip().replace("\n", "\n    ")[-1500:], flush=True)

    total = time.monotonic() - started
    order = {r.name: i for i, r in enumerate(rows)}
    outcomes.sort(key=lambda o: order[o.row.name])
    print(f"\n{'protection':<{width}}  result")
    print(f"{'-' * width}  {'-' * 20}")
    for o in outcomes:
        verdict = "SURVIVED (redundant)" if o.verdict == "SURVIVED" and o.row.redundant else o.verdict
        print(f"{o.row.name:<{width}}  {verdict}")
    failures = [o for o in outcomes if o.verdict == "ERROR" or (o.verdict == "SURVIVED" and not o.row.redundant)]
    killed = sum(o.verdict == "KILLED" for o in outcomes)
    redundant = sum(o.verdict == "SURVIVED" and bool(o.row.redundant) for o in outcomes)
    print(
        f"\n{killed} killed, {len(failures)} survived or failed to run, {redundant} redundant; "
        f"{len(outcomes)} row(s) in {total / 60:.1f} min"
    )
    for o in outcomes:
        if o.verdict == "SURVIVED" and o.row.redundant:
            print(f"  redundant: {o.row.name}: {o.row.redundant}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
