"""The import contract, asserted so the layering cannot rot silently (after pipx's tests/test_imports.py).

The core (everything in generator/ except the adapters ``cli/`` and ``mkdocs_plugin/``) imports
nothing from MkDocs, mike, mermaid2 or the Material theme: validating a repository needs none of them,
and a core that pulled them in could not be reasoned about apart from MkDocs' plugin events. A lazy
import inside the one function that needs it (publish.py's mike calls) is allowed; a module-level one
is not. And nothing in generator/ imports an adapter: the arrows point from the adapters to the core.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PACKAGE = REPO_ROOT / "generator"
ADAPTERS = {"generator.cli", "generator.mkdocs_plugin"}
"""The command line (a package: its driver and its commands) and the MkDocs plugin."""


def _adapter_of(name: str) -> str | None:
    return next((a for a in ADAPTERS if name == a or name.startswith(a + ".")), None)


def _is_adapter(name: str) -> bool:
    return _adapter_of(name) is not None


FORBIDDEN = ("mkdocs", "mike", "mermaid2", "material")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _all_modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _core_modules() -> list[str]:
    return [name for name in _all_modules() if not _is_adapter(name)]


def _imported_names(path: Path, name: str, top_level_only: bool) -> set[str]:
    """Absolute names of the modules `path` imports (relative imports resolved); with `top_level_only`,
    only the imports that run when the module is imported (not those inside a function body)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]

    def walk(node: ast.AST):
        for child in ast.iter_child_nodes(node):
            if top_level_only and isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            yield child
            yield from walk(child)

    names: set[str] = set()
    for node in walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)  # `from . import cli`
    return names


def test_the_list_of_core_modules_is_not_empty():
    core = _core_modules()
    assert (
        "generator.checks.validate" in core
        and "generator.sources.loader" in core
        and "generator.vcs.portal_diff" in core
    )
    assert not ADAPTERS & set(core)


def test_importing_the_core_loads_no_mkdocs_mike_mermaid2_or_material():
    # A clean interpreter: import each core module in turn, and name the first one after which a
    # forbidden package is in sys.modules (the one that pulled it in, directly or through another).
    script = f"""
import importlib, json, sys
forbidden = {FORBIDDEN!r}
def loaded():
    return sorted(m for m in sys.modules if m.split('.')[0] in forbidden)
before = loaded()
blame = {{}}
for name in {_core_modules()!r}:
    importlib.import_module(name)
    for m in loaded():
        if m not in before and m.split('.')[0] not in blame.values():
            blame.setdefault(name, m.split('.')[0])
    before = loaded()
print(json.dumps({{"blame": blame, "loaded": before}}))
"""
    result = subprocess.run(
        [sys.executable, "-I", "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"blame": {}, "loaded": []}, (
        f"core modules pulled in an adapter-only package (module -> package): {outcome['blame']}; "
        "import it inside the function that needs it, or move the code to cli/ / mkdocs_plugin/"
    )


def test_no_core_module_imports_mkdocs_mike_mermaid2_or_material_at_module_level():
    # The static twin of the test above: also catches an import behind `if`/`try` at module level
    # that the clean interpreter happened not to take.
    modules = _all_modules()
    offenders = {
        name: sorted(
            imported
            for imported in _imported_names(modules[name], name, top_level_only=True)
            if imported.split(".")[0] in FORBIDDEN
        )
        for name in _core_modules()
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_nothing_in_generator_imports_an_adapter():
    modules = _all_modules()
    offenders = {
        name: sorted(
            imported
            for imported in _imported_names(path, name, top_level_only=False)
            if _is_adapter(imported) and _adapter_of(imported) != _adapter_of(name)
        )
        for name, path in modules.items()
    }
    # The adapters' own files are scanned too (the command line's modules may import each other): cli.py importing mkdocs_plugin (or back) would tie
    # the command line to MkDocs' plugin events.
    assert {name: found for name, found in offenders.items() if found} == {}


LAYERS = (
    "problems",
    "model",
    "sources",
    "facts",
    "checks",
    "diagrams",
    "output",
    "render",
    "vcs",
    "publish",
    "authoring",
)
"""generator's packages from the bottom up: each imports only from its own layer and those before it, so
the flow runs one way (sources -> model -> facts and checks -> diagrams and pages -> the site), and the
adapters (cli/, mkdocs_plugin/) sit on top of them all. ``output`` (what every built site carries:
vendored assets, the site policy, staging, the PDF printer) sits below ``render`` because pages name its
assets; it never imports a page."""
ALLOWED_UPWARD: dict[tuple[str, str], str] = {}
"""(importing module, imported module) pairs allowed against the order, each with the reason, until moved."""
MKDOCS_OR_MIKE = {"mkdocs", "mike", "mermaid2", "material"}
MAY_IMPORT_MKDOCS_OR_MIKE = {*ADAPTERS, "generator.publish.mike_glue"}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[0] == "generator" and parts[1] in LAYERS else None


def test_every_package_of_generator_has_its_place_in_the_layers():
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert packages - {"cli", "mkdocs_plugin"} == set(LAYERS)  # cli, mkdocs_plugin: adapters, on top of every layer


def test_no_layer_imports_a_layer_above_it_even_inside_a_function():
    modules = _all_modules()
    upward = {}
    for name, path in modules.items():
        own = _layer(name)
        if own is None:
            continue
        for imported in _imported_names(path, name, top_level_only=False):
            module = imported if imported in modules else imported.rsplit(".", 1)[0]  # `from m import name`
            theirs = _layer(module)
            if theirs is not None and theirs > own:
                upward.setdefault(name, set()).add(module)
    found = {(name, module) for name, modules_ in upward.items() for module in modules_}
    assert sorted(found - set(ALLOWED_UPWARD)) == []
    assert sorted(set(ALLOWED_UPWARD) - found) == [], "moved since: take these out of ALLOWED_UPWARD"


def test_only_the_adapters_and_the_mike_glue_import_mkdocs_or_mike_at_all():
    modules = _all_modules()
    offenders = {
        name: sorted(i for i in _imported_names(path, name, top_level_only=False) if i.split(".")[0] in MKDOCS_OR_MIKE)
        for name, path in modules.items()
        if not _is_adapter(name) and name not in MAY_IMPORT_MKDOCS_OR_MIKE
    }
    assert {name: found for name, found in offenders.items() if found} == {}
