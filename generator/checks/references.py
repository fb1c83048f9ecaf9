"""Checks of the references between items: each names an item that exists, none refers to itself, no
cycle of dependencies, and no client-visible item names an internal one."""

from __future__ import annotations

from collections.abc import Iterator

from generator.sources.pydantic_errors import did_you_mean
from generator.model import kinds as registry
from generator.model.common import Item
from generator.model.portal import Portal
from generator.sources.source_map import SourceMap
from generator.problems import Problems


def _refs(portal: Portal) -> Iterator[tuple[str, Item, str, int | None, str, str]]:
    """Every reference: (kind, item, field, index in the list or None, target id, target kind)."""
    for kind, ref in registry.references():
        if len(ref.path) > 1:
            continue  # a nested field (cost.vendor): checked with what holds it
        for item in portal.of_kind(kind.name).values():
            for index, target in enumerate(ref.ids(item)):
                yield kind.name, item, ref.field, index if ref.many else None, target, ref.target


def _at(sources: SourceMap, kind: str, item, field: str, index: int | None):
    source = sources.source(kind, item.id)
    return source.path, source.at(field) if index is None else source.at(field, index)


def check_references(portal: Portal, sources: SourceMap, problems: Problems) -> None:
    unloaded = []
    for kind, item, field, index, target, target_kind in _refs(portal):
        targets = portal.of_kind(target_kind)
        if (target_kind, target) in portal.invalid:
            continue  # the target exists but is invalid: its own error is the one to fix
        if target in targets:
            if target_kind == kind and target == item.id:
                path, position = _at(sources, kind, item, field, index)
                hint = (
                    "a decision is superseded by another one: name the decision that replaced it"
                    if field == "superseded_by"
                    else None
                )
                problems.error(path, position, f"{kind} {item.id!r} refers to itself in {field}", hint, code="self-ref")
            continue
        if portal.overlay is not None and not portal.overlay_loaded:
            unloaded.append(f"{target_kind} {target}")  # perhaps in the overlay: dropped like an internal one
            continue
        path, position = _at(sources, kind, item, field, index)
        hint = did_you_mean(target, targets) or (
            f"known {target_kind} ids: {', '.join(sorted(targets)[:12])}"
            if targets
            else f"there are no {target_kind}s yet"
        )
        problems.error(path, position, f"{field} refers to unknown {target_kind} {target!r}", hint, code="unknown-ref")
    if unloaded:
        shown = ", ".join(dict.fromkeys(unloaded))
        problems.note(
            f"{len(unloaded)} reference(s) to ids not in this repository dropped, taken to be in the "
            f"internal overlay: {shown if len(shown) < 200 else shown[:200] + '...'}"
        )


def check_dependency_cycles(portal: Portal, sources: SourceMap, problems: Problems) -> None:
    graph = {
        i.id: [d for d in i.depends_on if d in portal.initiatives and d != i.id] for i in portal.initiatives.values()
    }
    state: dict[str, int] = {}  # 1 visiting, 2 done
    reported: set[frozenset[str]] = set()

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        trail.append(node)
        for dep in graph[node]:
            if state.get(dep) == 1:
                cycle = trail[trail.index(dep) :]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    start = min(cycle)
                    ordered = cycle[cycle.index(start) :] + cycle[: cycle.index(start)]
                    first = portal.initiatives[ordered[0]]
                    nxt = ordered[1] if len(ordered) > 1 else ordered[0]
                    path, position = _at(sources, "initiative", first, "depends_on", first.depends_on.index(nxt))
                    problems.error(
                        path,
                        position,
                        "dependency cycle: " + " -> ".join(ordered + [ordered[0]]),
                        "an initiative cannot (indirectly) depend on itself; remove one of these depends_on",
                        code="cycle",
                    )
            elif dep not in state:
                visit(dep, trail)
        trail.pop()
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [])


def check_visibility(portal: Portal, sources: SourceMap, problems: Problems) -> None:
    for kind, item, field, index, target, target_kind in _refs(portal):
        referred = portal.of_kind(target_kind).get(target)
        if referred is not None and not item.internal and referred.internal:
            path, position = _at(sources, kind, item, field, index)
            problems.warning(
                path,
                position,
                f"client-visible {kind} {item.id!r} refers to internal {target_kind} {target!r}",
                "a client build drops the reference; mark both internal or neither",
                code="visibility",
            )
