"""``ctoportal init DIR``: a new client repository, valid and buildable from the first commit.

The files live in ``generator/authoring/scaffold_files/`` as they will be written; only a few placeholders
(``__CLIENT__`` and friends) are filled in, each escaped for the file it lands in.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from generator import __version__
from generator.sources import git as gitrepo
from generator.problems import CtoportalError
from generator.model.json_schema import write_schemas
from generator.model.kinds import KINDS

SCHEMA_FOLDER = ".ctoportal/schemas"
"""Where ``.vscode/settings.json`` expects the JSON Schemas (``ctoportal schema`` writes the same)."""


def _files() -> dict[str, str]:
    root = resources.files("generator.authoring") / "scaffold_files"
    found: dict[str, str] = {}

    def walk(node, prefix: str) -> None:
        for child in node.iterdir():
            name = f"{prefix}{child.name}"
            if child.is_dir():
                if child.name != "__pycache__":
                    walk(child, name + "/")
            else:
                found[name] = child.read_text(encoding="utf-8")

    walk(root, "")
    return dict(sorted(found.items()))


# What the generated requirements.txt pins besides ctoportal: the builders the portal's pages depend on,
# at the versions this ctoportal was tested with (the ones installed beside it).
PINNED_DISTRIBUTIONS = ("mkdocs", "mkdocs-material", "mkdocs-mermaid2-plugin", "mike")


@dataclass(frozen=True)
class Source:
    """Where the client repository's CI installs ctoportal from."""

    requirement: str = f"ctoportal=={__version__}"
    """A pip requirement: ``ctoportal==0.1.0``, ``git+https://git.example.com/tools/ctoportal@v0.1.0``."""
    index_url: str | None = None
    """Another package index (a company's own), written as ``--index-url`` into requirements.txt."""


def _requirements(source: Source) -> dict[str, str]:
    for text in (source.requirement, source.index_url or ""):
        if "\n" in text or "\r" in text or text.strip() != text:
            raise CtoportalError(f"a requirement or index URL must be one line without spaces around it, got {text!r}")
    pinned = []
    for name in PINNED_DISTRIBUTIONS:
        try:
            pinned.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pinned.append(name)
    return {
        "__INDEX_URL__": f"--index-url {source.index_url}" if source.index_url else "",
        "__CTOPORTAL_REQUIREMENT__": source.requirement,
        "__PINNED__": "\n".join(pinned),
    }


def _yaml_schemas() -> str:
    """The editor's schema for each kind's files (``.vscode/settings.json``), from the kinds registry."""
    return ",\n".join(
        f'    "{SCHEMA_FOLDER}/{kind.schema_name}.schema.json": '
        f'["{kind.folder}/**/{kind.files}.yaml", "{kind.folder}/**/{kind.files}.yml"]'
        for kind in KINDS
    )


def _fill(path: str, text: str, client: str, owner: str, source: Source = Source()) -> str:
    if path == ".vscode/settings.json":
        return text.replace("__YAML_SCHEMAS__", _yaml_schemas())
    if path == "requirements.txt":
        for key, value in _requirements(source).items():
            text = text.replace(key, value)
        return re.sub(r"\n{2,}", "\n", text)
    values = {
        # A YAML quoted scalar. Material writes site_name into pages unescaped: no markup in it.
        "__SITE_NAME__": json.dumps(f"{_page_text(client)} · technology portal", ensure_ascii=False),
        "__CLIENT__": json.dumps(client, ensure_ascii=False),
        "__CLIENT_MD__": _markdown_text(client),
        "__OWNER__": owner,
        "__VERSION__": __version__,
    }
    if not path.endswith((".yml", ".yaml", ".md")) and path != "CODEOWNERS":
        return text
    for key, value in values.items():
        text = text.replace(key, value)
    return text


def _page_text(text: str) -> str:
    """The client's name as the theme may write it into every page unescaped (config_file.check_page_texts)."""
    return text.replace('"', "'").replace("&", "and").replace("<", "").replace(">", "")


def _markdown_text(text: str) -> str:
    from generator.facts.formatting import md_escape

    return str(md_escape(text))


def init_repository(
    target: Path, client: str, owner: str = "@consultant", git_init: bool = True, source: Source = Source()
) -> list[Path]:
    """Write the scaffold into ``target`` (which must be empty or absent); returns the files written."""
    if not client.strip() or "\n" in client:
        raise CtoportalError(f"client name must be one line of text, got {client!r}")
    if not owner.startswith("@") or any(c.isspace() for c in owner):
        raise CtoportalError(f"owner must be a GitHub or GitLab handle such as @dana, got {owner!r}")
    _requirements(source)  # refuse a bad requirement before writing anything
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise CtoportalError(f"{target} already exists and is not empty; choose a new folder")
    written = []
    for relpath, text in _files().items():
        path = target / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_fill(relpath, text, client, owner, source), encoding="utf-8")
        written.append(path)
    written += write_schemas(target / SCHEMA_FOLDER)
    if git_init and gitrepo.work_tree(target) is None:
        gitrepo.git(target, "init", "--quiet", "--initial-branch=main")
    return written
