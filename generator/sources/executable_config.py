"""Configuration in ``mkdocs.yml`` that runs code when the portal is built: hooks, ``!!python/...`` tags,
plugins and Markdown extensions beyond the portal's own, another theme, theme overrides, ``INHERIT``.

Whoever can change it can make a build publish anything (internal items, files from the build machine)
or run anything where the portal is built (CI secrets included). ``validate`` lists it as warnings and
``ctoportal diff`` puts any change to it first, so a reviewer sees it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.problems import Position, Problems
from generator.sources.located_yaml import Located, load_text, plain

CODE = "executable-config"
OWN_PLUGINS = frozenset({"search", "ctoportal", "mermaid2"})
"""The plugins every portal has (``ctoportal init`` writes them): not reported."""
OWN_THEME = "material"


@dataclass(frozen=True, order=True)
class ExecutableSetting:
    """One place in mkdocs.yml that runs code at build time."""

    what: str
    """``hooks: hooks/publish.py``, ``plugin macros``, ``markdown extension pymdownx.snippets``..."""
    paths: tuple[str, ...] = ()
    """Files or folders of the repository it runs or renders (hooks, theme overrides)."""
    position: Position = Position()
    detail: str = ""
    """Its options as written, to tell a changed setting from the same one."""


def _names(node: Any) -> list[tuple[str, Any, str]]:
    """Entries of a plugins/markdown_extensions list or mapping: (name, key for ``Located.at``, options)."""
    if isinstance(node, CommentedMap):
        return [(str(k), k, repr(plain(v))) for k, v in node.items()]
    if isinstance(node, CommentedSeq):
        out = []
        for index, entry in enumerate(node):
            if isinstance(entry, CommentedMap):
                out += [(str(k), index, repr(plain(v))) for k, v in entry.items()]
            elif entry is not None:
                out.append((str(entry), index, ""))
        return out
    return []


def executable_settings(config: Located) -> list[ExecutableSetting]:
    """Everything in mkdocs.yml that runs or renders code beyond what every portal has."""
    node = config.node
    if not isinstance(node, CommentedMap):
        return []
    found: list[ExecutableSetting] = []
    if "INHERIT" in node:
        found.append(ExecutableSetting(f"INHERIT: {node['INHERIT']}", (str(node["INHERIT"]),), config.at("INHERIT")))
    hooks = node.get("hooks")
    for index, hook in enumerate(hooks if isinstance(hooks, CommentedSeq) else [hooks] if hooks else []):
        found.append(ExecutableSetting(f"hooks: {hook}", (str(hook),), config.at("hooks", index)))
    for name, key, options in _names(node.get("plugins")):
        if name not in OWN_PLUGINS:
            found.append(ExecutableSetting(f"plugin {name}", (), config.at("plugins", key), options))
    for name, key, options in _names(node.get("markdown_extensions")):
        found.append(
            ExecutableSetting(f"markdown extension {name}", (), config.at("markdown_extensions", key), options)
        )
    theme = node.get("theme")
    theme_name = theme.get("name") if isinstance(theme, CommentedMap) else theme
    if theme_name not in (None, OWN_THEME):
        found.append(ExecutableSetting(f"theme {theme_name}", (), config.at("theme")))
    if isinstance(theme, CommentedMap) and theme.get("custom_dir"):
        custom = str(theme["custom_dir"])
        found.append(ExecutableSetting(f"theme custom_dir: {custom}", (custom,), config.at("theme", "custom_dir")))
    found += _python_tags(config, node, ())
    return found


def _python_tags(config: Located, node: Any, keys: tuple) -> list[ExecutableSetting]:
    tag = getattr(getattr(node, "tag", None), "value", None) or ""
    if "python/" in tag:
        where = ".".join(str(k) for k in keys) or "(top)"
        return [
            ExecutableSetting(
                f"!!{tag.split(':', 2)[-1] if tag.startswith('tag:') else tag} at {where}", (), config.at(*keys)
            )
        ]
    found = []
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            found += _python_tags(config, value, (*keys, key))
    elif isinstance(node, CommentedSeq):
        for index, value in enumerate(node):
            found += _python_tags(config, value, (*keys, index))
    return found


def read_config(text: str, path: str) -> Located | None:
    return load_text(text, path, Problems(), check_tags=False)


def report_executable_config(config_path: Path, problems: Problems) -> None:
    """One warning per executable setting of ``config_path`` (``validate``)."""
    try:
        text = config_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return  # reading the settings has reported it already
    config = read_config(text, config_path.name)
    if config is None:
        return
    for setting in executable_settings(config):
        problems.warning(
            config.path,
            setting.position,
            f"runs code when the portal is built: {setting.what}",
            "whoever can change it can publish anything or run anything where the portal is "
            "built; keep it under the consultant's review (CODEOWNERS), and remove it if unused",
            code=CODE,
        )
