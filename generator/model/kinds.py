"""The kinds of item a client repository holds: one row each, and everything else derives from it.

The loader reads a kind's folder, the checks check its references, a client build drops references to
internal items, history and diff compare its items, the JSON Schema is exported for it, ``ctoportal new``
appends to its default file and ``serve`` watches its folder, all from ``KINDS`` below. Adding a kind
is one row here, one pydantic model and its templates (docs/adding-a-kind.md).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from generator.model.actions import Action
from generator.model.common import Item
from generator.model.decisions import Decision
from generator.model.compliance import AiUse, Control, Framework
from generator.model.goals import Goal
from generator.model.i18n import N_  # the labels are English here, translated where shown
from generator.model.risks import Risk
from generator.model.roadmap import Initiative
from generator.model.vendors import Vendor


class KindName(enum.StrEnum):
    GOAL = "goal"
    INITIATIVE = "initiative"
    RISK = "risk"
    VENDOR = "vendor"
    DECISION = "decision"
    ACTION = "action"
    CONTROL = "control"
    AI_USE = "ai-use"
    FRAMEWORK = "framework"


@dataclass(frozen=True)
class Ref:
    """A field of an item naming items of ``target`` by id: a list of ids (``many``) or one id or none.
    ``field`` may be dotted (``cost.vendor``): a field of a nested model."""

    field: str
    target: KindName
    many: bool = True

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.field.split("."))

    def ids(self, item: Any) -> list[str]:
        """The ids this field of ``item`` names, in order (none when a nested model is absent)."""
        value = item
        for name in self.path:
            value = getattr(value, name, None)
            if value is None:
                return []
        return list(value) if self.many else [value]

    def keep_only(self, item: Any, allowed: Mapping[str, Any]) -> Any:
        """``item`` with this field naming only ids in ``allowed`` (a single id not there becomes None)."""

        def strip(obj: Any, path: tuple[str, ...]) -> Any:
            value = getattr(obj, path[0])
            if value is None:
                return obj
            if len(path) > 1:
                return obj.model_copy(update={path[0]: strip(value, path[1:])})
            if self.many:
                return obj.model_copy(update={path[0]: [i for i in value if i in allowed]})
            return obj.model_copy(update={path[0]: value if value in allowed else None})

        return strip(item, self.path)


@dataclass(frozen=True)
class NewItem:
    """What ``ctoportal new`` writes: the least a valid item needs, with values the consultant replaces."""

    default_file: str
    """The file ``new`` (and ``import``) appends to when none is given, relative to the repository."""
    title_field: str = "title"
    fields: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    """Written after the id and the title, in this order."""
    dated_field: str | None = None
    """A field set to the day the item is added (a risk's ``identified``)."""
    register_codes: bool = False
    """Ids are register codes (R-001) even in an empty file, not slugs of the title."""


@dataclass(frozen=True)
class Kind:
    name: KindName
    plural: str
    """Also the Portal attribute holding the items (``portal.risks``)."""
    label: str
    """The kind as a heading: the section of the navigation and of ``diff`` (English: gettext it to show it)."""
    model: type[Item]
    folder: str
    """The source folder under the client repository (and the overlay)."""
    files: str
    """The glob, without extension, of the files read in ``folder`` (``.yaml`` and ``.yml``)."""
    section: str
    """The site folder its pages are published under."""
    new: NewItem
    schema_name: str
    """The schema file's name: schemas/<schema_name>.schema.json."""
    schema_title: str
    references: tuple[Ref, ...] = ()
    shared_page: str | None = None
    """All items of the kind on one page (goals), each by its anchor, instead of a page per item."""
    importable: bool = False
    """``ctoportal import`` reads a table of these."""

    def page(self, item_id: str) -> str:
        return self.shared_page if self.shared_page is not None else f"{self.section}/{item_id}.md"

    def anchor(self, item_id: str) -> str:
        """Where on its page an item is: on a shared page, its own anchor (goal-g1); else the page's top."""
        return f"{self.name}-{item_id.lower()}" if self.shared_page is not None else ""


KINDS: tuple[Kind, ...] = (
    Kind(
        KindName.GOAL,
        "goals",
        N_("Goals"),
        Goal,
        "strategy",
        "goals",
        "strategy",
        NewItem("strategy/goals.yaml", fields=MappingProxyType({"kpis": []})),
        "goals",
        "Business goals and KPIs (strategy/goals.yaml)",
        shared_page="strategy/goals.md",
    ),
    Kind(
        KindName.INITIATIVE,
        "initiatives",
        N_("Roadmap"),
        Initiative,
        "roadmap",
        "*",
        "roadmap",
        NewItem("roadmap/initiatives.yaml", fields=MappingProxyType({"status": "proposed", "owner": "TBD"})),
        "initiative",
        "Roadmap initiatives (roadmap/*.yaml)",
        references=(
            Ref("goals", KindName.GOAL),
            Ref("depends_on", KindName.INITIATIVE),
            Ref("mitigates", KindName.RISK),
            Ref("vendors", KindName.VENDOR),
            Ref("cost.vendor", KindName.VENDOR, many=False),
            Ref("cost.replaces", KindName.VENDOR, many=False),
        ),
        importable=True,
    ),
    Kind(
        KindName.RISK,
        "risks",
        N_("Risks"),
        Risk,
        "risks",
        "*",
        "risks",
        NewItem(
            "risks/register.yaml",
            fields=MappingProxyType(
                {"category": "operational", "owner": "TBD", "likelihood": 3, "impact": 3, "status": "open"}
            ),
            dated_field="identified",
            register_codes=True,
        ),
        "risk",
        "Risk register entries (risks/*.yaml)",
        references=(Ref("mitigations", KindName.INITIATIVE), Ref("vendors", KindName.VENDOR)),
        importable=True,
    ),
    Kind(
        KindName.VENDOR,
        "vendors",
        N_("Vendors"),
        Vendor,
        "vendors",
        "*",
        "vendors",
        NewItem(
            "vendors/vendors.yaml",
            title_field="name",
            fields=MappingProxyType({"category": "TBD", "status": "evaluating"}),
        ),
        "vendor",
        "Vendors (vendors/*.yaml)",
        references=(
            Ref("integrations", KindName.VENDOR),
            Ref("risks", KindName.RISK),
            Ref("replaced_by", KindName.VENDOR, many=False),
        ),
        importable=True,
    ),
    Kind(
        KindName.DECISION,
        "decisions",
        N_("Decisions"),
        Decision,
        "decisions",
        "*",
        "decisions",
        NewItem(
            "decisions/register.yaml",
            title_field="question",
            fields=MappingProxyType({"status": "open", "decided_by": "board", "owner": "TBD"}),
            register_codes=True,
        ),
        "decision",
        "Decisions: the decision log and the board's agenda (decisions/*.yaml)",
        references=(
            Ref("initiatives", KindName.INITIATIVE),
            Ref("vendors", KindName.VENDOR),
            Ref("risks", KindName.RISK),
            Ref("goals", KindName.GOAL),
            Ref("superseded_by", KindName.DECISION, many=False),
        ),
    ),
    Kind(
        KindName.ACTION,
        "actions",
        N_("Actions"),
        Action,
        "actions",
        "*",
        "decisions",
        NewItem(
            "actions/90-day-plan.yaml",
            fields=MappingProxyType({"owner": "TBD", "status": "todo"}),
            dated_field="due",
            register_codes=True,
        ),
        "action",
        "Actions of the 90-day plan (actions/*.yaml)",
        references=(
            Ref("initiatives", KindName.INITIATIVE),
            Ref("decisions", KindName.DECISION),
            Ref("vendors", KindName.VENDOR),
            Ref("risks", KindName.RISK),
        ),
        shared_page="decisions/plan.md",
    ),
    Kind(
        KindName.CONTROL,
        "controls",
        N_("Compliance"),
        Control,
        "controls",
        "*",
        "controls",
        NewItem("controls/register.yaml", fields=MappingProxyType({"owner": "TBD", "status": "planned"})),
        "control",
        "Controls with their evidence (controls/*.yaml)",
        references=(
            Ref("risks", KindName.RISK),
            Ref("initiative", KindName.INITIATIVE, many=False),
            Ref("vendors", KindName.VENDOR),
        ),
    ),
    Kind(
        KindName.AI_USE,
        "ai_uses",
        N_("AI register"),
        AiUse,
        "ai",
        "*",
        "ai",
        NewItem(
            "ai/register.yaml",
            fields=MappingProxyType(
                {
                    "department": "TBD",
                    "tool": "TBD",
                    "decision": "proposed",
                    "risk_tier": "minimal",
                    "status": "proposed",
                }
            ),
        ),
        "ai-use",
        "AI use cases (ai/*.yaml)",
        references=(Ref("vendor", KindName.VENDOR, many=False), Ref("risks", KindName.RISK)),
    ),
    # The catalogue shipped in generator/model/frameworks/ holds the common frameworks; these files add or
    # extend them. Each framework in scope gets a coverage page (render/compliance.py); as an item it is
    # reached on the Compliance page.
    Kind(
        KindName.FRAMEWORK,
        "frameworks",
        N_("Frameworks"),
        Framework,
        "frameworks",
        "*",
        "compliance",
        NewItem(
            "frameworks/frameworks.yaml",
            title_field="name",
            fields=MappingProxyType({"kind": "questionnaire", "requirements": []}),
        ),
        "framework",
        "Compliance frameworks of the repository (frameworks/*.yaml)",
        shared_page="compliance/index.md",
    ),
)
"""In the order the loader reads them."""

BY_NAME: Mapping[str, Kind] = MappingProxyType({kind.name: kind for kind in KINDS})
KIND_NAMES: tuple[KindName, ...] = tuple(kind.name for kind in KINDS)
SOURCE_FOLDERS: tuple[str, ...] = tuple(dict.fromkeys(kind.folder for kind in KINDS))
"""Every folder sources are read from (strategy/ also holds the pages)."""
SECTIONS: Mapping[str, str] = MappingProxyType({kind.name: kind.section for kind in KINDS})


def kind(name: str) -> Kind:
    return BY_NAME[name]


def references() -> list[tuple[Kind, Ref]]:
    """Every reference field of every kind, as (kind of the item, field)."""
    return [(k, ref) for k in KINDS for ref in k.references]
