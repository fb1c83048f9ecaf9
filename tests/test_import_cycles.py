"""No two modules of generator/ import each other, directly or round a loop, even through an import
put inside a function to dodge the loop at run time: the house reads one way (docs/architecture.md)."""

from __future__ import annotations

from test_imports import _all_modules, _imported_names


def _graph() -> dict[str, set[str]]:
    modules = _all_modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        imported = _imported_names(path, name, top_level_only=False)
        # `from generator.render.exports import tables` names the module generator.render.exports.tables
        graph[name] = {m for m in imported if m in modules and m != name and not name.startswith(m + ".")}
        graph[name] -= {m for m in graph[name] if modules[m].name == "__init__.py" and f"{m}." in name}
    return graph


def _loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_modules_import_each_other():
    assert _loops(_graph()) == []


def test_a_loop_is_found_where_there_is_one():
    assert _loops({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
