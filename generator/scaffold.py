"""``ctoportal init DIR``: a new client repository, valid and buildable from the first commit.

The files live in ``generator/scaffold/`` as they will be written; only a few placeholders
(``__CLIENT__`` and friends) are filled in, each escaped for the file it lands in.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from . import __version__, gitrepo
from .problems import CtoportalError
from .schema import write_schemas

SCHEMA_FOLDER = ".ctoportal/schemas"
"""Where ``.vscode/settings.json`` expects the JSON Schemas (``ctoportal schema`` writes the same)."""


def _files() -> dict[str, str]:
    root = resources.files("generator") / "scaffold"
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


def _fill(path: str, text: str, client: str, owner: str) -> str:
    values = {
        # A YAML quoted scalar. Material writes site_name into HTML attributes unescaped, so no '"' in it.
        "__SITE_NAME__": json.dumps(f"{client.replace(chr(34), chr(39))} · technology portal", ensure_ascii=False),
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


def _markdown_text(text: str) -> str:
    from .formatting import md_escape
    return str(md_escape(text))


def init_repository(target: Path, client: str, owner: str = "@consultant", git_init: bool = True) -> list[Path]:
    """Write the scaffold into ``target`` (which must be empty or absent); returns the files written."""
    if not client.strip() or "\n" in client:
        raise CtoportalError(f"client name must be one line of text, got {client!r}")
    if not owner.startswith("@") or any(c.isspace() for c in owner):
        raise CtoportalError(f"owner must be a GitHub or GitLab handle such as @dana, got {owner!r}")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise CtoportalError(f"{target} already exists and is not empty; choose a new folder")
    written = []
    for relpath, text in _files().items():
        path = target / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_fill(relpath, text, client, owner), encoding="utf-8")
        written.append(path)
    written += write_schemas(target / SCHEMA_FOLDER)
    if git_init and gitrepo.work_tree(target) is None:
        gitrepo.git(target, "init", "--quiet", "--initial-branch=main")
    return written
