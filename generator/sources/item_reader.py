"""The items of one loaded file into a Portal: the one item reader, used by the loader (``loader.load_portal``)
and by item history (each past state of a file), so that both agree on what is valid, what is internal and
which id is whose."""

from __future__ import annotations

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.sources.pydantic_errors import report_validation_error
from generator.model.kinds import Kind
from generator.model.common import Visibility
from generator.model.portal import Portal
from generator.problems import Problems
from generator.sources.located_yaml import Located, plain
from generator.sources.source_map import SourceMap

MAX_ITEMS_PER_KIND = 5000

_OVERLAY_CLIENT_HINT = (
    "everything in the internal overlay is internal: remove the line, or, to show it to the "
    "client, move it into the client repository"
)


def load_items(
    kind: Kind,
    located: Located,
    portal: Portal,
    problems: Problems,
    internal: bool = False,
    sources: SourceMap | None = None,
) -> None:
    """The items of one loaded file into ``portal``, and where each was written into ``sources`` (None: a map
    of its own, for a portal that holds this file alone): the one item reader, used by the build and by
    history (each past state of a file), so that both agree on what is valid, what is internal and which id
    is whose."""
    sources = sources if sources is not None else SourceMap()
    node = located.node
    if node is None:
        return  # an empty file holds nothing yet
    if isinstance(node, CommentedMap):
        entries = [located]
    elif isinstance(node, CommentedSeq):
        entries = [located.child(index) for index in range(len(node))]
    else:
        problems.error(
            located.path,
            located.at(),
            f"expected a list of {kind.name}s or a single {kind.name}, got {type(plain(node)).__name__}",
            f"start each {kind.name} with `- id: ...`",
        )
        return
    items = portal.of_kind(kind.name)
    for entry in entries:
        if not isinstance(entry.node, CommentedMap):
            problems.error(
                entry.path,
                entry.at(),
                f"each {kind.name} must be a mapping of keys to values, got {plain(entry.node)!r}",
                "write `- id: ...` followed by its fields",
            )
            continue
        if len(items) >= MAX_ITEMS_PER_KIND:
            problems.error(
                entry.path,
                entry.at(),
                f"more than {MAX_ITEMS_PER_KIND} {kind.name}s",
                "a portal this large is not meant to be read; split the client",
            )
            return
        label = _label(kind, entry.node)
        try:
            item = kind.model.model_validate(plain(entry.node))
        except ValidationError as exc:
            report_validation_error(exc, kind.model, entry, label, problems)
            if isinstance(entry.node.get("id"), str):
                portal.invalid.add((kind.name, entry.node["id"]))
            continue
        if internal:  # from the overlay: internal whatever it says, and it must not say otherwise
            if "visibility" in item.model_fields_set and not item.internal:
                problems.error(
                    entry.path,
                    entry.at("visibility"),
                    f"{label} is in the internal overlay but says visibility: {item.visibility}",
                    _OVERLAY_CLIENT_HINT,
                    code="overlay-visibility",
                )
            item = item.model_copy(update={"visibility": Visibility.INTERNAL})
        if item.id in items:
            first = sources.source(kind.name, item.id)
            where = f"{first.path}:{first.at('id').line}:{first.at('id').col}"
            problems.error(
                entry.path,
                entry.at("id"),
                f"duplicate {kind.name} id {item.id!r}, first defined at {where}",
                "ids are unique per kind across all files; rename one of them",
                code="duplicate-id",
            )
            problems.error(
                first.path,
                first.at("id"),
                f"{kind.name} id {item.id!r} is defined again at "
                f"{entry.path}:{entry.at('id').line}:{entry.at('id').col}",
                code="duplicate-id",
            )
            continue
        items[item.id] = item
        sources.add(kind.name, item.id, entry)
        if internal:
            portal.from_overlay.add((kind.name, item.id))


def _label(kind: Kind, node: CommentedMap) -> str:
    item_id = node.get("id")
    return f"{kind.name} {item_id!r}" if isinstance(item_id, str) else f"this {kind.name}"
