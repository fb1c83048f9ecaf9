"""Which names a published version or alias may have: each is a folder at the top of the published site."""

from __future__ import annotations

import re

from generator.publish.errors import PublishError

ALIAS_TYPES = ("redirect", "copy")
"""mike's third kind, symlink, is refused by some static hosts and by zip downloads of the branch."""

_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")
_FILE_LIKE = re.compile(r"\.(html?|json|xml|txt|js|css|ico|png|svg)$", re.I)
_RESERVED = {"index", "versions", "404", "assets", "search", "sitemap"}
ROOT_FILES = {
    "cname",
    "versions.json",
    "index.html",
    "404.html",
    ".nojekyll",
    "robots.txt",
    "sitemap.xml",
    "sitemap.xml.gz",
    "favicon.ico",
}
"""Files the pages branch holds (or a host reads) at its root, lower-cased: a version folder of that name
would replace one (``CNAME`` is the custom domain). Names starting with a dot are refused as well."""


def version_name_problem(name: str, what: str = "version") -> str | None:
    """Why ``name`` cannot be a version or alias (a folder at the top of the published site), or None."""
    if not _SAFE_NAME.fullmatch(name):
        return (
            f"{what} name {name!r} is not safe as a folder name on every host: use 1-64 letters, digits, "
            f"'.', '_', '+' or '-', starting with a letter or digit (e.g. 2026-11 or v1.2)"
        )
    if ".." in name:
        return f"{what} name {name!r} must not contain '..'"
    if _FILE_LIKE.search(name) or name.lower() in _RESERVED:
        return f"{what} name {name!r} would clash with a file at the top of the published site; choose another"
    if name.lower() in ROOT_FILES or name.startswith("."):
        return f"{what} name {name!r} would replace the file {name!r} at the root of the pages branch; choose another"
    return None


def check_names(version: str, aliases: list[str]) -> None:
    problems = [p for p in [version_name_problem(version)] + [version_name_problem(a, "alias") for a in aliases] if p]
    if version.lower() in (a.lower() for a in aliases):
        problems.append(
            f"alias {next(a for a in aliases if a.lower() == version.lower())!r} is the version's own "
            f"name (names are compared ignoring case); drop that --alias"
        )
    seen: dict[str, str] = {}
    for alias in aliases:
        if alias.lower() in seen and seen[alias.lower()] != alias:
            problems.append(
                f"aliases {seen[alias.lower()]!r} and {alias!r} differ only in case (some hosts and "
                f"checkouts do not tell them apart); keep one"
            )
        seen.setdefault(alias.lower(), alias)
    if problems:
        raise PublishError("\n".join(problems))
