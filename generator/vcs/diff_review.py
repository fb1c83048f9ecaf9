"""What a reviewer must see first in ``ctoportal diff`` (the pull-request comment), before any content:
changes that decide what the next build publishes or what it runs.

- the audience (client -> internal publishes every internal item) and the other portal settings;
- items and strategy pages whose visibility flips, read from the unfiltered portals (this report is
  for the consultant, never for the client's site);
- executable configuration (``execconfig``): a setting in mkdocs.yml that runs code, added, removed or
  changed, and any change to the files such settings run, to Python files, requirements or CI files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.sources import git as gitrepo
from generator.vcs.changes import Change, Kind, PortalDiff
from generator.sources.executable_config import executable_settings, read_config
from generator.model.settings import Audience
from generator.model.portal import KINDS, Portal
from generator.vcs.revisions import Snapshot
from generator.vcs.wording import Counted, Word
from generator.model.i18n import N_

WARNING = "⚠"
BUILD_FILES = (
    ":(glob)**/*.py",
    ":(glob)**/requirements*.txt",
    ":(glob)**/pyproject.toml",
    ":(top).github/",
    ":(top).gitlab-ci.yml",
    ":(top)CODEOWNERS",
    ":(glob).github/**",
)
"""Files that run at build time or in CI wherever they are, besides the ones mkdocs.yml names."""


def reviewer_diff(diff: PortalDiff, config_path: Path, before: Snapshot, after: Snapshot) -> PortalDiff:
    """``diff`` with the settings, visibility and build-configuration changes in front."""
    first = (
        settings_changes(before.portal, after.portal)
        + visibility_changes(before.portal, after.portal)
        + config_changes(config_path, before.commit, after.commit)
    )
    return PortalDiff((*first, *diff.changes), diff.spend_before, diff.spend_after, diff.currency, diff.appetite)


# -- settings ----------------------------------------------------------------------------------------


def settings_changes(base: Portal, head: Portal) -> list[Change]:
    changes = []
    old_audience, new_audience = base.settings.audience, head.settings.audience
    if old_audience != new_audience:
        if new_audience == Audience.INTERNAL:
            template = N_(
                "⚠ The portal's audience changes from {old} to {new}: every internal item and page will be published"
            )
        else:
            template = N_("The portal's audience changes from {old} to {new}: internal items are no longer published")
        changes.append(
            Change(
                Kind.SETTINGS,
                "audience",
                "audience",
                110,
                template,
                {"old": Word("audience", old_audience.value), "new": Word("audience", new_audience.value)},
                before=old_audience.value,
                after=new_audience.value,
            )
        )
    before = base.settings.model_dump(mode="json")
    after = head.settings.model_dump(mode="json")
    for name in dict.fromkeys([*before, *after]):
        if name == "audience" or before.get(name) == after.get(name):
            continue
        template = N_("Portal setting {name}: {old} → {new}")
        if name == "env_allowlist":
            template = N_(
                "Portal setting {name}: {old} → {new} (the values of these environment variables can be published)"
            )
        changes.append(
            Change(
                Kind.SETTINGS,
                name,
                "setting",
                100,
                template,
                {"name": name.replace("_", " "), "old": _value(before.get(name)), "new": _value(after.get(name))},
                before=before.get(name),
                after=after.get(name),
            )
        )
    return changes


def _value(value: Any) -> str:
    if value in (None, [], ""):
        return "—"
    return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)


# -- visibility --------------------------------------------------------------------------------------


def _flips(base: Portal, head: Portal) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(made visible, hidden): labels by kind, of items and pages present on both sides."""
    shown: dict[str, list[str]] = {}
    hidden: dict[str, list[str]] = {}
    for kind in KINDS:
        old_items, new_items = base.of_kind(kind), head.of_kind(kind)
        for item_id, new in new_items.items():
            old = old_items.get(item_id)
            if old is not None and old.internal != new.internal:
                name = getattr(new, "title", None) or getattr(new, "name", None) or getattr(new, "question", "")
                label = f"{item_id} {name}".strip()
                (shown if old.internal else hidden).setdefault(kind, []).append(label)
    old_pages = {page.path: page for page in base.pages}
    for page in head.pages:
        old = old_pages.get(page.path)
        if old is not None and old.internal != page.internal:
            (shown if old.internal else hidden).setdefault("page", []).append(page.path)
    return shown, hidden


def _counted(by_kind: dict[str, list[str]], internal: bool) -> Counted:
    return Counted(tuple((str(kind), len(labels)) for kind, labels in by_kind.items()), internal)


def visibility_changes(base: Portal, head: Portal) -> list[Change]:
    shown, hidden = _flips(base, head)
    changes = []
    if shown:
        changes.append(
            Change(
                Kind.SETTINGS,
                "",
                "visibility",
                105,
                N_("⚠ This change makes {counted} visible to the client: {items}"),
                {"counted": _counted(shown, True), "items": [label for labels in shown.values() for label in labels]},
                after="client",
            )
        )
    if hidden:
        changes.append(
            Change(
                Kind.SETTINGS,
                "",
                "visibility",
                100,
                N_("This change hides {counted} from the client: {items}"),
                {
                    "counted": _counted(hidden, False),
                    "items": [label for labels in hidden.values() for label in labels],
                },
                after="internal",
            )
        )
    return changes


# -- executable configuration -------------------------------------------------------------------------


def _settings_at(config_path: Path, commit: str | None) -> dict[str, tuple[str, tuple[str, ...]]]:
    """what -> (its options, the files it names) in mkdocs.yml at ``commit`` (None: on disk)."""
    if commit is None:
        text = config_path.read_text(encoding="utf-8") if config_path.is_file() else None
    else:
        root = config_path.parent
        data = gitrepo.show_file(root, commit, gitrepo.prefix_in_repo(root) + config_path.name)
        text = data.decode("utf-8", "replace") if data is not None else None
    config = read_config(text, config_path.name) if text is not None else None
    if config is None:
        return {}
    return {setting.what: (setting.detail, setting.paths) for setting in executable_settings(config)}


def config_changes(config_path: Path, base: str | None, head: str | None) -> list[Change]:
    """Executable configuration added, removed or changed in mkdocs.yml, and build files changed."""
    if base is None:
        return []
    old, new = _settings_at(config_path, base), _settings_at(config_path, head)
    changes = []
    for what in dict.fromkeys([*old, *new]):
        if what not in old:
            how = N_("⚠ mkdocs.yml now runs code when the portal is built: {what}")
        elif what not in new:
            how = N_("⚠ mkdocs.yml no longer runs: {what}")
        elif old[what] != new[what]:
            how = N_("⚠ mkdocs.yml changes code run when the portal is built: {what}")
        else:
            continue
        changes.append(
            Change(
                Kind.SETTINGS,
                "",
                "executable-config",
                120,
                how,
                {"what": what},
                before=what if what in old else None,
                after=what if what in new else None,
            )
        )
    named = {path for settings in (old, new) for _, paths in settings.values() for path in paths}
    files = gitrepo.changed_files(config_path.parent, base, head, *sorted(named), *BUILD_FILES)
    if files:
        changes.append(
            Change(
                Kind.SETTINGS,
                "",
                "build-files",
                120,
                N_("⚠ Files run when the portal is built or in CI changed: {files}"),
                {"files": files},
                after=files,
            )
        )
    return changes
