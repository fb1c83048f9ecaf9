"""The values of the semantic diff (``portal_diff``): one change, the diff of two portals, the order one
kind's items are compared in, and the spend both sides are compared on. Every module of the diff builds
on these; none of them is imported here, so the diff's imports run one way."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.facts.figures import annual_vendor_spend
from generator.model import kinds as registry
from generator.model.i18n import N_, gettext, ngettext
from generator.model.portal import Portal
from generator.vcs.wording import Phrase, Status

SECTIONS = ("Settings", "Risks", "Roadmap", "Vendors", "Goals", "Decisions", "Actions", "Compliance", "AI register")
_SECTION_WORDS = (N_("Settings"), N_("Decisions"), N_("Actions"))  # and the kinds' labels, marked in model/kinds.py


class Kind(enum.StrEnum):
    INITIATIVE = "initiative"
    RISK = "risk"
    VENDOR = "vendor"
    GOAL = "goal"
    DECISION = "decision"
    ACTION = "action"
    CONTROL = "control"
    AI_USE = "ai-use"
    SPEND = "spend"
    SETTINGS = "settings"
    """Settings, visibility and build configuration: only in ``ctoportal diff``, for the reviewer."""


@dataclass(frozen=True)
class Change:
    """One fact that changed. ``template`` is our own wording, an English message of the catalogue
    (``sentence`` gives it in the reader's language); ``values`` hold text from the sources, escaped by each
    renderer for where it lands, and our own words as ``Phrase`` or ``Status``. ``{item}`` is the item's label."""

    kind: Kind
    item_id: str
    change: str
    """added, removed, rescheduled, status, owner, rescored, closed, reopened, retired, cost, renewal, kpi..."""
    importance: int
    template: str
    values: dict[str, Any] = field(default_factory=dict)
    before: Any = None
    after: Any = None
    plural: str | None = None
    """The template's plural form, chosen by the number in ``values[count]`` (slips by 1 day, by 9 days)."""
    count: str | None = None

    def sentence(self) -> str:
        """The template in the reader's language (placeholders as in English: ``{item}``)."""
        if self.plural is not None and self.count is not None:
            return ngettext(self.template, self.plural, int(self.values[self.count]))
        return gettext(self.template)

    @property
    def section(self) -> str:
        if self.kind in registry.BY_NAME:
            return registry.kind(self.kind).label
        return {Kind.SPEND: "Vendors", Kind.SETTINGS: "Settings"}[self.kind]


@dataclass(frozen=True)
class PortalDiff:
    changes: tuple[Change, ...]
    spend_before: float
    spend_after: float
    currency: str
    appetite: int

    def ordered(self) -> list[Change]:
        """Most important first; ties keep a stable order (section, then as found)."""
        return sorted(self.changes, key=lambda c: (-c.importance, SECTIONS.index(c.section)))

    def __bool__(self) -> bool:
        return bool(self.changes)


def value_changed(
    kind: Kind,
    item_id: str,
    change: str,
    importance: int,
    template: str,
    label: str,
    old: Any,
    new: Any,
    empty: str | None = None,
) -> Change:
    """The common change: one field of an item went from ``old`` to ``new``, told by ``template`` with
    ``{item}`` (``label``), ``{old}`` and ``{new}``. An enum is said in the reader's words (``Status``) and
    kept as its value; text is said as written, or as ``empty`` (a message) when there is none."""
    said: dict[str, Any]
    if isinstance(old, enum.Enum) or isinstance(new, enum.Enum):
        said = {"item": label, "old": Status(old), "new": Status(new)}
        return Change(kind, item_id, change, importance, template, said, before=old.value, after=new.value)
    nothing = Phrase(empty) if empty else None
    said = {"item": label, "old": old or nothing or old, "new": new or nothing or new}
    return Change(kind, item_id, change, importance, template, said, before=old, after=new)


def item_pairs(base: Portal, head: Portal, kind: str) -> Iterator[tuple[str, Any, Any]]:
    """The items of one kind as (id, before, after): first each item removed (after None), in the base's
    order, then each item of ``head`` in its order (before None when added): the order ``change_table``
    walks every kind in."""
    before, after = base.of_kind(kind), head.of_kind(kind)
    for item_id, old in before.items():
        if item_id not in after:
            yield item_id, old, None
    for item_id, new in after.items():
        yield item_id, before.get(item_id), new


# -- the spend both sides are compared on ------------------------------------------------------------


def annual_spend(portal: Portal) -> float:
    """The headline figure, defined once in ``figures.annual_vendor_spend`` (its rule is written there)."""
    return annual_vendor_spend(portal)
