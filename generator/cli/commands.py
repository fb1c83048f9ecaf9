"""The commands that need no site build: ``validate``, ``schema``, ``versions``, ``unpublish``, ``diff``,
``init``, ``new`` and ``import``: each a small function calling into the core."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.sources.settings_file import find_config_file
from generator.problems.report import REPORTERS, _use_color
from generator.model.json_schema import write_schemas
from generator.checks.validate import validate_repository


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


def cmd_versions(args: argparse.Namespace) -> int:
    import json

    from generator.sources.git import require_work_tree
    from generator.vcs.published_versions import read_versions

    repo = require_work_tree(find_config_file(args.config_file).parent)
    versions = read_versions(repo, args.branch, args.remote)
    if args.format == "json":
        print(
            json.dumps(
                {
                    "version": 1,
                    "versions": [
                        {
                            "version": v.version,
                            "title": v.title,
                            "aliases": list(v.aliases),
                            "commit": v.commit,
                            "published": v.published,
                        }
                        for v in versions
                    ],
                },
                indent=2,
            )
        )
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

    removed = unpublish(
        find_config_file(args.config_file),
        args.version,
        branch=args.branch,
        remote=args.remote,
        push_after=args.push,
        notify=_notice,
    )
    print(
        f"unpublished version {removed.version} from {args.branch}"
        + ("" if args.push else f"; push with `git push {args.remote} {args.branch}`")
    )
    print(
        f"note: its files stay in the history of {args.branch!r}; to purge them, see "
        f'"Removing a version for good" in the README'
    )
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from generator.vcs.portal_diff import diff_portals
    from generator.vcs.diff_report import as_json, as_markdown, as_text
    from generator.model.settings import Audience
    from generator.vcs.diff_review import reviewer_diff
    from generator.vcs.revisions import load_pair, views

    from generator.model import i18n

    config_path = find_config_file(args.config_file)
    before, after = load_pair(config_path, args.base, args.head)
    # The pull-request comment is the client's: in the portal's language (the newer side's settings), dates
    # and money included. Text (for the consultant) and JSON (a machine format) stay English.
    language = i18n.for_settings(after.portal.settings) if args.format == "markdown" else i18n.ENGLISH_LANGUAGE
    with i18n.using(language):
        diff = diff_portals(*views(before, after, Audience(args.audience) if args.audience else None))
        diff = reviewer_diff(diff, config_path, before, after)  # settings, visibility and build code first
        if args.format == "json":
            print(
                as_json(diff, {"rev": args.base, "commit": before.commit}, {"rev": args.head, "commit": after.commit})
            )
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
    print(
        f"client repository for {client} created in {target}\nnext: cd {target} && ctoportal serve "
        f"(replace the examples, set your handle in CODEOWNERS, then commit and push)"
    )
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
    mapping = (
        read_mapping(Path(args.mapping), args.kind, table.headers)
        if args.mapping
        else guess_mapping(args.kind, table.headers)
    )
    print(
        f"{args.table}: {len(table.rows)} row(s); columns {'as in ' + args.mapping if args.mapping else 'guessed'} "
        f"(to change: save these lines to a file, edit them, pass --mapping FILE):"
    )
    print("\n".join(f"  {line}" for line in mapping_text(args.kind, table.headers, mapping)), flush=True)
    result = import_table(
        config_path.parent,
        args.kind,
        table,
        mapping,
        file=args.file,
        client_visible=args.client_visible,
        dry_run=args.dry_run,
        validate=lambda: validate_repository(config_path).problems,
    )
    print(report(result, args.table, color=_use_color(sys.stdout)))
    return 1 if result.problems.errors or (result.validation is not None and result.validation.errors) else 0


def _notice(message: str) -> None:
    """Something the user should know that is not an error (e.g. a publish made again on top of another)."""
    print(f"ctoportal: {message}", file=sys.stderr, flush=True)
