"""The front matter of a strategy page, read in one place: by the build and validation, and by anything
else that needs a page's visibility (``page_is_internal``, for pages read from git).

Front matter is YAML between a first line of ``---`` and a line of ``---`` or ``...``, as MkDocs reads it,
whatever the line endings (LF, CRLF or CR), with or without a byte order mark, with spaces or tabs after
the fences. Anything else that a reader would take for front matter (a ``---`` block that is never
closed or comes after blank lines, ``+++`` TOML, MultiMarkdown ``visibility: internal`` lines at the top,
settings in an HTML comment at the top) is a located error, never the start of the page's text: read as
text, the page of an internal page would default to client and be published with its settings shown.

Fail closed: a page whose front matter cannot be read is internal for every caller (``page_is_internal``),
and ``read_front_matter`` gives no page at all, so nothing built from it reaches a client.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap

from generator.model import StrategyPage
from generator.model.common import Visibility
from generator.problems import Position, Problems
from generator.sources.located_yaml import Located, load_text, plain

_FENCE = re.compile(r"---[ \t]*")
_CLOSER = re.compile(r"(?:---|\.\.\.)[ \t]*")
_META_LINE = re.compile(r"[ \t]*[\"']?(?P<key>[A-Za-z0-9_-]+)[\"']?[ \t]*[:=]")
"""A MultiMarkdown ``key: value`` line (MkDocs reads these at the top of a page), or TOML's ``key = value``."""
KEYS = frozenset(StrategyPage.model_fields)
EXAMPLE = "`---` on the first line, then `visibility: internal`, then `---`"


@dataclass(frozen=True)
class FrontMatter:
    meta: Located
    """The front matter's mapping (empty when the page has none), positioned in the page's file."""
    body: str
    """The page's Markdown after the front matter, with LF line endings."""
    body_line: int
    """The line of the file on which the body starts."""


def normalise(text: str) -> str:
    """Without byte order marks at the start, with LF line endings (line numbers stay those of the file)."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def read_front_matter(text: str, path: str, problems: Problems) -> FrontMatter | None:
    """The page's front matter and body; None, with located errors, when it has front matter that cannot
    be read (the page must then not be published)."""
    lines = normalise(text).split("\n")
    if not _FENCE.fullmatch(lines[0]):
        if _lookalike(lines, path, problems):
            return None
        return FrontMatter(Located(path, CommentedMap()), "\n".join(lines), 1)
    close = next((n for n in range(1, len(lines)) if _CLOSER.fullmatch(lines[n])), None)
    if close is None:
        problems.error(
            path,
            Position(1, 1),
            "front matter is never closed: no line of `---` or `...` follows the `---` on line 1",
            "end the front matter with a line of `---`; a page without front matter must not start with `---`",
            code="front-matter",
        )
        return None
    loaded = load_text("".join(line + "\n" for line in lines[1:close]), path, problems, line_offset=1)
    if loaded is None:
        return None
    if loaded.node is not None and not isinstance(loaded.node, CommentedMap):
        problems.error(
            path,
            Position(2, 1),
            f"front matter must be a mapping of keys to values, got {plain(loaded.node)!r}",
            f"write `key: value` lines, e.g. {EXAMPLE}",
            code="front-matter",
        )
        return None
    meta = loaded if loaded.node is not None else Located(path, CommentedMap(), 1)
    return FrontMatter(meta, "\n".join(lines[close + 1 :]), close + 2)


def _lookalike(lines: list[str], path: str, problems: Problems) -> bool:
    """Report what a reader would take for front matter although it is not read as such."""
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return False
    line = lines[first].strip()
    where = Position(first + 1, len(lines[first]) - len(lines[first].lstrip()) + 1)
    if re.fullmatch(r"-{3,}[ \t]*|\.{3}", line):
        problems.error(
            path,
            where,
            f"{line!r} on line {first + 1} is not read as front matter: it must be exactly "
            "`---` on the very first line",
            f"remove what comes before it (blank lines, spaces) so that the page starts with {EXAMPLE}",
            code="front-matter",
        )
        return True
    if re.fullmatch(r"\+{3,}", line):
        problems.error(
            path, where, "TOML front matter (`+++`) is not read", f"write it as YAML: {EXAMPLE}", code="front-matter"
        )
        return True
    if line.startswith("<!--"):
        # Settings in a comment at the top: the comment's lines.
        end = next((n for n in range(first, len(lines)) if "-->" in lines[n]), len(lines) - 1)
        block = [lines[first].replace("<!--", "", 1), *lines[first + 1 : end + 1]]
        kind = "settings in an HTML comment are"
    else:
        # MultiMarkdown, as MkDocs reads it: `key: value` lines (and indented continuations) from the top.
        block = []
        for text in lines[first:]:
            if not (_META_LINE.match(text) or (block and re.match(r"( {4}|\t)", text))):
                break
            block.append(text)
        kind = "MultiMarkdown-style settings at the top of a page are"
    found = [
        (match.group("key").lower() != "visibility", n, match.group("key"))
        for n, text in enumerate(block, start=first + 1)
        if (match := _META_LINE.match(text)) and match.group("key").lower() in KEYS
    ]
    if found:
        _, line_number, key = min(found)  # the visibility line when there is one
        problems.error(
            path,
            Position(line_number, 1),
            f"{key!r}: {kind} not read as front matter",
            f"put them between two lines of `---` at the very top: {EXAMPLE}",
            code="front-matter",
        )
        return True
    return False


def page_is_internal(source: bytes | str) -> bool:
    """Whether a page must be kept from a client: marked internal, or its front matter cannot be read."""
    if isinstance(source, bytes):
        try:
            source = source.decode("utf-8")
        except UnicodeDecodeError:
            return True  # the build refuses it too
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", source):
        return True  # as is a file with control characters
    front = read_front_matter(source, "page", Problems())
    if front is None:
        return True
    try:
        meta = StrategyPage.model_validate(plain(front.meta.node) or {})
    except ValidationError:
        return True
    return meta.visibility == Visibility.INTERNAL
