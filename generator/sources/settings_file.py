"""Read the portal settings from the ``ctoportal`` plugin entry of ``mkdocs.yml``, without MkDocs."""

from __future__ import annotations

import os
from pathlib import Path
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap

from generator.sources.pydantic_errors import report_validation_error
from generator.model import PortalSettings
from generator.problems import Position, Problems, UsageError
from generator.model.kinds import SOURCE_FOLDERS
from generator.sources.located_yaml import Located, load_text, plain
from generator.sources.repository_files import read_text

PLUGIN_NAME = "ctoportal"


def find_config_file(path: str | Path | None) -> Path:
    """``mkdocs.yml`` (or ``mkdocs.yaml``) in the current directory, or the file given with -f."""
    if path is not None:
        config = Path(path)
        if not config.is_file():
            raise UsageError(f"config file {str(path)!r} does not exist")
        return config.resolve()
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        if Path(name).is_file():
            return Path(name).resolve()
    raise UsageError(
        "no mkdocs.yml in this directory: run ctoportal from a client repository "
        "or point at its config with -f/--config-file (ctoportal init DIR starts one)"
    )


def plugin_entries(config: Located) -> list[tuple[Located | None, tuple]]:
    """Every ``ctoportal`` entry under ``plugins`` (a list or a mapping), with where it is written.

    The entry is None where the plugin is listed without settings (``- ctoportal``)."""
    node = config.node
    if not isinstance(node, CommentedMap):
        return []
    plugins = node.get("plugins")
    found: list[tuple[Located | None, tuple]] = []
    if isinstance(plugins, CommentedMap):
        for name in plugins:
            if _is_ours(name):
                keys: tuple = ("plugins", name)
                found.append((config.child(*keys) if isinstance(plugins[name], CommentedMap) else None, keys))
    elif isinstance(plugins, list):
        for index, entry in enumerate(plugins):
            if isinstance(entry, CommentedMap) and any(_is_ours(k) for k in entry):
                name = next(k for k in entry if _is_ours(k))
                keys = ("plugins", index, name)
                found.append((config.child(*keys) if isinstance(entry[name], CommentedMap) else None, keys))
            elif isinstance(entry, str) and _is_ours(entry):
                found.append((None, ("plugins", index)))
    return found


def _is_ours(name: object) -> bool:
    # MkDocs names a second instance of a plugin "ctoportal #2".
    return isinstance(name, str) and name.split(" #", 1)[0].strip() == PLUGIN_NAME


def load_config_chain(config_path: Path, problems: Problems) -> list[Located] | None:
    """mkdocs.yml and the files it inherits from (``INHERIT:``), nearest first, as MkDocs merges them.

    Every file in the chain is published as much as mkdocs.yml itself (``!ENV`` values, settings), so
    each is read and checked the same way. None when one of them cannot be read."""
    chain: list[Located] = []
    seen: set[Path] = set()
    root = config_path.parent
    path = config_path
    label = config_path.name
    while True:
        seen.add(path.resolve())
        text = read_text(root, label, problems)
        if text is None:
            return None
        located = load_text(text, label, problems, check_tags=False)
        if located is None:
            return None
        if located.node is not None and not isinstance(located.node, CommentedMap):
            problems.error(
                label,
                located.at(),
                f"{label} must be a mapping of settings, got {type(plain(located.node)).__name__}",
                "write settings as `key: value` lines, as in mkdocs.yml"
                if chain
                else "start from the mkdocs.yml that ctoportal init writes",
            )
            return None
        chain.append(located)
        parent = located.node.get("INHERIT") if isinstance(located.node, CommentedMap) else None
        if parent is None:
            return chain
        where = located.at("INHERIT")
        if not isinstance(parent, str) or not parent.strip():
            problems.error(
                label,
                where,
                f"INHERIT must name a YAML file, got {plain(parent)!r}",
                "write the path of the file to inherit from, relative to this one",
            )
            return None
        target = path.parent / parent
        if target.resolve() in seen:
            problems.error(
                label,
                where,
                f"INHERIT: {parent!r} leads back to a file already read (a loop)",
                "remove the INHERIT line from one of the files",
            )
            return None
        if not target.is_file():
            problems.error(
                label, where, f"INHERIT: {parent!r} does not exist", "name an existing YAML file, relative to this one"
            )
            return None
        path = target
        label = _relative_label(target, root)


def _relative_label(path: Path, root: Path) -> str:
    """The path as messages name it: relative to the repository, ``../`` included when outside it."""
    return Path(os.path.relpath(path, root)).as_posix()


def read_settings(
    config_path: Path,
    problems: Problems,
    resolved: dict[str, Any] | None = None,
    speaks: Callable[[str], bool] | None = None,
    shipped: tuple[str, ...] = (),
) -> PortalSettings | None:
    """The settings under the plugin, located in mkdocs.yml (or the file it inherits them from) as written.

    ``resolved``: the values as MkDocs already read them (``!ENV`` resolved), used instead of the
    written ones; messages still point at where they are written. ``speaks``: whether ctoportal has the
    words for a language (a warning where the language is set when not); ``shipped``: the languages it has.
    """
    chain = load_config_chain(config_path, problems)
    if chain is None:
        return None
    config = chain[0]
    # As MkDocs merges INHERIT: the nearest file that lists plugins decides which are used.
    listing = next((c for c in chain if isinstance(c.node, CommentedMap) and "plugins" in c.node), config)
    entries = plugin_entries(listing)
    if not entries:
        problems.error(
            listing.path,
            listing.at("plugins") if "plugins" in (listing.node or {}) else listing.at(),
            "mkdocs.yml does not list the ctoportal plugin: without it MkDocs would publish the raw "
            "sources, internal material included",
            "add under plugins: `- ctoportal:` with at least `client: <the client's name>` "
            "(ctoportal init writes a complete mkdocs.yml)",
            code="plugin",
        )
        return None
    for _, keys in entries[1:]:
        problems.error(
            listing.path,
            listing.at(*keys, key=True),
            "the ctoportal plugin is listed more than once",
            "keep one ctoportal entry under plugins",
            code="plugin",
        )
    entry = entries[0][0]
    values = plain(entry.node) if entry is not None else {}
    located = entry or Located(listing.path, listing.node)
    settings = validate_settings(values if resolved is None else resolved, located, problems)
    for file in chain:
        check_env_tags(file, settings.env_allowlist if settings else [], problems)
        check_page_texts(file, problems)
    check_theme_dir(config, config_path.parent, problems)
    if settings is not None:
        settings = with_language(chain, settings, located, problems, speaks, shipped)
    return settings if len(entries) == 1 else None


def with_language(
    chain: list[Located],
    settings: PortalSettings,
    entry: Located,
    problems: Problems,
    speaks: Callable[[str], bool] | None,
    shipped: tuple[str, ...] = (),
) -> PortalSettings:
    """The plugin's ``language``, else the theme's ``theme.language`` (Material's setting, which also
    translates the theme's own menus and search); one warning when ctoportal has no words for it."""
    where: tuple[str, Position, str] | None = None
    if settings.language is not None:
        where = (entry.path, entry.at("language"), "language")
    else:
        for file in chain:  # as MkDocs merges INHERIT: the nearest file that sets it decides
            theme = file.node.get("theme") if isinstance(file.node, CommentedMap) else None
            value = theme.get("language") if isinstance(theme, CommentedMap) else None
            if value is not None:
                if isinstance(value, str) and value.strip():
                    settings = settings.model_copy(update={"language": value.strip()})
                    where = (file.path, file.at("theme", "language"), "theme.language")
                break
    if where is not None and speaks is not None and settings.language is not None and not speaks(settings.language):
        problems.warning(
            where[0],
            where[1],
            f"{where[2]} is {settings.language!r}: ctoportal has no catalogue for "
            f"that language, so the pages it generates are in English",
            f"pick a language ctoportal ships ({', '.join(shipped)}) or add a catalogue for it "
            "(README: Adding a language)",
            code="language",
        )
    return settings


def settings_location(config_path: Path) -> Located | None:
    """Where the plugin's settings are written (for messages about a setting found wrong later), if anywhere."""
    chain = load_config_chain(config_path, Problems())
    if not chain:
        return None
    listing = next((c for c in chain if isinstance(c.node, CommentedMap) and "plugins" in c.node), chain[0])
    entries = plugin_entries(listing)
    return entries[0][0] if entries else None


# Settings the theme writes into every page as they are (MkDocs' templates do not escape them): text
# only, no markup, or a site name could redirect every reader elsewhere (<meta http-equiv="refresh">).
PAGE_TEXT_SETTINGS = ("site_name", "site_description", "site_author")


def check_page_texts(config: Located, problems: Problems) -> None:
    node = config.node if isinstance(config.node, CommentedMap) else {}
    for name in PAGE_TEXT_SETTINGS:
        value = node.get(name)
        if isinstance(value, str) and (bad := next((c for c in '<>"&' if c in value), None)):
            problems.error(
                config.path,
                config.at(name),
                f"{name} holds {bad!r}: the theme writes it into every page as HTML",
                "write it as plain text: 'and' for '&', no quotes or angle brackets",
                code="page-text",
            )


# Folders whose files ctoportal reads as sources (or that hold git's own files): the theme's
# custom_dir copies every file in it into the site as it is, so it must hold none of them.
PROTECTED_FOLDERS = (*SOURCE_FOLDERS, ".git")  # every kind's folder, from the kinds registry


def check_theme_dir(config: Located, root: Path, problems: Problems) -> None:
    """``theme.custom_dir`` is copied into the site file by file: it must not be, hold or sit inside a
    source folder, the repository root or ``.git``, and no link in it may lead out of it."""
    theme = config.node.get("theme") if isinstance(config.node, CommentedMap) else None
    custom = theme.get("custom_dir") if isinstance(theme, CommentedMap) else None
    if not isinstance(custom, str) or not custom.strip():
        return
    where = config.at("theme", "custom_dir")
    folder = (root / custom).resolve()
    top = root.resolve()
    protected = [top] + [top / name for name in PROTECTED_FOLDERS]
    hint = "keep theme overrides in a folder of their own, e.g. custom_dir: overrides"
    for place in protected:
        if folder == place or place.is_relative_to(folder) or folder.is_relative_to(place) and place != top:
            what = "the repository itself" if place == top else f"{place.name}/"
            problems.error(
                config.path,
                where,
                f"theme.custom_dir {custom!r} would copy {what} into the "
                f"published site (sources, internal material included)",
                hint,
                code="custom-dir",
            )
            return
    if not folder.is_dir():
        return  # MkDocs reports a missing custom_dir itself
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() and not path.resolve().is_relative_to(folder):
            problems.error(
                config.path,
                where,
                f"theme.custom_dir {custom!r} holds a link that leads out of it: {path.relative_to(folder).as_posix()}",
                "copy the file in, or remove the link",
                code="custom-dir",
            )


def validate_settings(values: dict[str, Any], located: Located, problems: Problems) -> PortalSettings | None:
    values = {k: v for k, v in values.items() if v is not None}
    try:
        return PortalSettings.model_validate(values)
    except ValidationError as exc:
        report_validation_error(exc, PortalSettings, located, "the ctoportal plugin entry", problems)
        return None


def check_env_tags(config: Located, allowed: list[str], problems: Problems) -> None:
    """``!ENV`` values in mkdocs.yml end up in the published site: only allow-listed variables may be used."""
    from ruamel.yaml.comments import CommentedSeq

    def walk(node: Any, keys: tuple) -> None:
        tag = getattr(getattr(node, "tag", None), "value", None)
        if tag == "!ENV":
            # MkDocs reads `!ENV NAME` and `!ENV [NAME, OTHER, default]` (the last of several is the default).
            if isinstance(node, CommentedSeq):
                names = [str(v) for v in node][:-1] if len(node) > 1 else [str(v) for v in node]
            elif isinstance(node, CommentedMap):
                names = []
            else:
                names = [str(getattr(node, "value", node))]
            if not names:
                problems.error(
                    config.path,
                    config.at(*keys),
                    "!ENV needs the name of an environment variable",
                    "write `!ENV NAME` or `!ENV [NAME, default]`",
                    code="env",
                )
            for name in names:
                if name not in allowed:
                    problems.error(
                        config.path,
                        config.at(*keys),
                        f"!ENV {name} would publish the value of an environment variable that is not allowed",
                        f"if its value may appear in the portal, add it under the ctoportal plugin: "
                        f"env_allowlist: [{name}]",
                        code="env",
                    )
            return
        if isinstance(node, CommentedMap):
            for key, value in node.items():
                walk(value, (*keys, key))
        elif isinstance(node, CommentedSeq):
            for index, value in enumerate(node):
                walk(value, (*keys, index))

    walk(config.node, ())
