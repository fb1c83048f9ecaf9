"""Read the portal settings from the ``ctoportal`` plugin entry of ``mkdocs.yml``, without MkDocs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap

from .messages import report_validation_error
from .model import PortalSettings
from .problems import CtoportalError, Position, Problems
from .yamlsource import Located, load_text, plain, read_text

PLUGIN_NAME = "ctoportal"


def find_config_file(path: str | Path | None) -> Path:
    """``mkdocs.yml`` (or ``mkdocs.yaml``) in the current directory, or the file given with -f."""
    if path is not None:
        config = Path(path)
        if not config.is_file():
            raise CtoportalError(f"config file {str(path)!r} does not exist")
        return config.resolve()
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        if Path(name).is_file():
            return Path(name).resolve()
    raise CtoportalError("no mkdocs.yml in this directory: run ctoportal from a client repository "
                         "or point at its config with -f/--config-file (ctoportal init DIR starts one)")


def plugin_entry(config: Located) -> Located | None:
    """The mapping under ``ctoportal`` in the ``plugins`` list or mapping, if any."""
    node = config.node
    if not isinstance(node, CommentedMap):
        return None
    plugins = node.get("plugins")
    if isinstance(plugins, CommentedMap) and PLUGIN_NAME in plugins:
        return config.child("plugins", PLUGIN_NAME) if isinstance(plugins[PLUGIN_NAME], CommentedMap) else None
    for index, entry in enumerate(plugins or []):
        if isinstance(entry, CommentedMap) and PLUGIN_NAME in entry:
            return config.child("plugins", index, PLUGIN_NAME) if isinstance(entry[PLUGIN_NAME], CommentedMap) else None
    return None


def read_settings(config_path: Path, problems: Problems, resolved: dict[str, Any] | None = None) -> PortalSettings | None:
    """The settings under the plugin, located in mkdocs.yml as written.

    ``resolved``: the values as MkDocs already read them (``!ENV`` resolved), used instead of the
    written ones; messages still point at where they are written.
    """
    root = config_path.parent
    relpath = config_path.name
    text = read_text(root, relpath, problems)
    if text is None:
        return None
    config = load_text(text, relpath, problems, check_tags=False)
    if config is None:
        return None
    entry = plugin_entry(config)
    values = plain(entry.node) if entry is not None else {}
    located = entry or Located(relpath, config.node)
    settings = validate_settings(values if resolved is None else resolved, located, problems)
    check_env_tags(config, settings.env_allowlist if settings else [], problems)
    return settings


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
            names = [str(v) for v in node][:-1] or [str(node[0])] if isinstance(node, CommentedSeq) else [str(node.value)]
            for name in names:
                if name not in allowed:
                    problems.error(config.path, config.at(*keys), f"!ENV {name} would publish the value of an "
                                   f"environment variable that is not allowed",
                                   f"if its value may appear in the portal, add it under the ctoportal plugin: "
                                   f"env_allowlist: [{name}]", code="env")
            return
        if isinstance(node, CommentedMap):
            for key, value in node.items():
                walk(value, (*keys, key))
        elif isinstance(node, CommentedSeq):
            for index, value in enumerate(node):
                walk(value, (*keys, index))

    walk(config.node, ())
