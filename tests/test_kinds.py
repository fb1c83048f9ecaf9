"""The kinds registry (generator/model/kinds.py): every row is wired into every place that lists kinds,
so a kind or a reference field added there and forgotten somewhere fails here. Fast: no site is built."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from generator.authoring.new_item import add_item
from generator.authoring.scaffold import init_repository
from generator.checks.validate import validate_repository
from generator.cli import build_parser
from generator.model import kinds as registry
from generator.model.json_schema import write_schemas
from generator.model.portal import Portal, ReaderPortal, reader_view
from generator.model.settings import Audience, PortalSettings
from generator.render.pages import navigation
from generator.sources.loader import SOURCE_FOLDERS

TODAY = dt.date(2026, 11, 20)
KIND_IDS = [kind.name.value for kind in registry.KINDS]


def _subcommand_choices(name: str) -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    kind = next(a for a in sub.choices[name]._actions if a.dest == "kind")
    return list(kind.choices)


def test_the_registry_names_each_kind_once_and_every_kind_has_a_row():
    assert [k.name for k in registry.KINDS] == list(registry.KindName)
    assert len({k.plural for k in registry.KINDS}) == len(registry.KINDS)
    for kind in registry.KINDS:
        assert isinstance(getattr(Portal(settings=PortalSettings(client="C"), today=TODAY), kind.plural), dict)
        for ref in kind.references:
            model = kind.model
            for name in ref.path[:-1]:  # a nested field: the model that holds it
                model = model.model_fields[name].annotation.__args__[0]
            assert ref.path[-1] in model.model_fields, f"{kind.name}.{ref.field} is not a field of {model.__name__}"


@pytest.mark.parametrize("name", KIND_IDS)
def test_new_adds_an_item_of_every_kind_that_the_loader_then_reads(make_repo, name):
    root = make_repo({})
    made = add_item(root, name, "Cloud backup", today=TODAY)
    kind = registry.kind(name)
    assert made.path == kind.new.default_file and made.path.split("/")[0] in SOURCE_FOLDERS
    validation = validate_repository(root / "mkdocs.yml")
    assert validation.ok, validation.problems.items
    assert made.item_id in validation.portal.of_kind(name)


def test_every_kind_is_offered_by_new_and_its_schema_exported(tmp_path):
    assert sorted(_subcommand_choices("new")) == sorted(KIND_IDS)
    assert sorted(_subcommand_choices("import")) == sorted(k.name for k in registry.KINDS if k.importable)
    written = {p.name for p in write_schemas(tmp_path)}
    for kind in registry.KINDS:
        assert f"{kind.schema_name}.schema.json" in written


def test_init_points_the_editor_at_each_kinds_schema(tmp_path):
    init_repository(tmp_path / "client", "Acme", git_init=False)
    settings = json.loads((tmp_path / "client" / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    schemas = settings["yaml.schemas"]
    for kind in registry.KINDS:
        globs = schemas[f".ctoportal/schemas/{kind.schema_name}.schema.json"]
        assert f"{kind.folder}/**/{kind.files}.yaml" in globs
        assert (tmp_path / "client" / ".ctoportal" / "schemas" / f"{kind.schema_name}.schema.json").is_file()


def _minimal(kind: registry.Kind, item_id: str, internal: bool) -> object:
    data = {
        "id": item_id,
        kind.new.title_field: f"{kind.name} {item_id}",
        **kind.new.fields,
        "visibility": "internal" if internal else "client",
    }
    if kind.new.dated_field:
        data[kind.new.dated_field] = TODAY.isoformat()
    return kind.model.model_validate(data)


def _with_reference(item: object, ref: registry.Ref, target_id: str) -> object:
    def put(obj, path):
        if len(path) > 1:
            inner = getattr(obj, path[0]) or type(obj).model_fields[path[0]].annotation.__args__[0]()
            return obj.model_copy(update={path[0]: put(inner, path[1:])})
        return obj.model_copy(update={path[0]: [target_id] if ref.many else target_id})

    return put(item, ref.path)


REFS = [(kind, ref) for kind, ref in registry.references()]


@pytest.mark.parametrize("kind, ref", REFS, ids=[f"{k.name}.{r.field}" for k, r in REFS])
def test_a_client_view_drops_every_reference_field_to_an_internal_item(kind, ref):
    """For each reference field in the registry: a client item naming an internal one keeps the name in an
    internal view and loses it in the client's, which holds no internal item."""
    portal = Portal(settings=PortalSettings(client="C", today=TODAY), today=TODAY)
    target = registry.kind(ref.target)
    portal.of_kind(target.name)["secret"] = _minimal(target, "secret", internal=True)
    portal.of_kind(target.name)["open"] = _minimal(target, "open", internal=False)
    for item_id, named in (("a", "secret"), ("b", "open")):
        portal.of_kind(kind.name)[item_id] = _with_reference(_minimal(kind, item_id, internal=False), ref, named)

    internal = reader_view(portal, Audience.INTERNAL)
    client = portal.for_audience(Audience.CLIENT)
    assert isinstance(client, ReaderPortal) and isinstance(internal, ReaderPortal)
    assert ref.ids(internal.of_kind(kind.name)["a"]) == ["secret"]
    assert ref.ids(client.of_kind(kind.name)["a"]) == []
    assert ref.ids(client.of_kind(kind.name)["b"]) == ["open"]
    assert "secret" not in client.of_kind(target.name)
    assert "secret" not in json.dumps(
        [i.model_dump(mode="json") for k in registry.KINDS for i in client.of_kind(k.name).values()]
    )


def test_each_kind_with_pages_has_a_tab_in_the_navigation_with_its_register_not_its_items():
    portal = Portal(settings=PortalSettings(client="C", today=TODAY), today=TODAY)
    for kind in registry.KINDS:
        portal.of_kind(kind.name)["x1"] = _minimal(kind, "x1", internal=False)
    nav = navigation(reader_view(portal, Audience.CLIENT)).to_mkdocs()
    tabs = {title: entries for entry in nav if isinstance(entry, dict) for title, entries in entry.items()}
    for kind in registry.KINDS:
        if kind.shared_page is None:
            assert tabs[kind.label][0] == f"{kind.section}/index.md"
            assert kind.page("x1") not in json.dumps(tabs[kind.label])  # reached from its register


def test_every_dashboard_the_renderer_draws_has_its_place_in_the_site_map():
    from generator.model import site_map
    from generator.render.dashboards import DASHBOARDS

    assert [d.page for d in DASHBOARDS] == list(site_map.DASHBOARD_PAGES)
