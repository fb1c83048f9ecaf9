"""The semantic diff: what changed between two versions of a portal, at the level of the model.

Not lines but facts a reader cares about: an initiative slipping and what it drags along, a risk
crossing the appetite line, the change in annual vendor spend. Each change carries an importance so
a pull-request comment can lead with what matters.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.model import Goal, Initiative, InitiativeStatus, Risk, Vendor, VendorStatus
from generator.model import kinds as registry
from generator.model.kinds import KindName
from generator.model.i18n import N_, gettext, ngettext
from generator.vcs.wording import NO_DATE, NOBODY, Phrase, Status, marks
from generator.model.portal import Portal, ReaderPortal

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


def _period(value) -> str | Phrase:
    return value.label if value is not None else Phrase(NO_DATE)


def _span(start, end) -> Phrase:
    return Phrase(N_("{start} to {end}"), (("start", _period(start)), ("end", _period(end))))


def _days(a, b) -> int:
    return (b - a).days


def item_pairs(base: Portal, head: Portal, kind: str) -> Iterator[tuple[str, Any, Any]]:
    """The items of one kind as (id, before, after): first each item removed (after None), in the base's
    order, then each item of ``head`` in its order (before None when added). The one loop every kind's
    changes share."""
    before, after = base.of_kind(kind), head.of_kind(kind)
    for item_id, old in before.items():
        if item_id not in after:
            yield item_id, old, None
    for item_id, new in after.items():
        yield item_id, before.get(item_id), new


# -- initiatives -------------------------------------------------------------------------------------


def initiative_changes(base: Portal, head: Portal) -> list[Change]:
    changes: list[Change] = []
    old: Initiative | None
    new: Initiative | None
    for item_id, old, new in item_pairs(base, head, KindName.INITIATIVE):
        if new is None:
            changes.append(
                Change(
                    Kind.INITIATIVE,
                    item_id,
                    "removed",
                    60,
                    N_("Initiative {item} removed from the roadmap"),
                    {"item": old.title},
                    before=old.status.value,
                )
            )
            continue
        if old is None:
            changes.append(
                Change(
                    Kind.INITIATIVE,
                    item_id,
                    "added",
                    50,
                    N_("New initiative {item} ({status}, {start} to {end})"),
                    {
                        "item": new.title,
                        "status": Status(new.status),
                        "start": _period(new.start),
                        "end": _period(new.end),
                    },
                    after=new.status.value,
                )
            )
            continue
        changes += _rescheduled(old, new, head)
        if old.status != new.status:
            importance = {InitiativeStatus.CANCELLED: 65, InitiativeStatus.PAUSED: 55, InitiativeStatus.DONE: 45}.get(
                new.status, 40
            )
            changes.append(
                Change(
                    Kind.INITIATIVE,
                    item_id,
                    "status",
                    importance,
                    N_("Initiative {item}: status {old} → {new}"),
                    {"item": new.title, "old": Status(old.status), "new": Status(new.status)},
                    before=old.status.value,
                    after=new.status.value,
                )
            )
        if old.owner != new.owner:
            changes.append(
                Change(
                    Kind.INITIATIVE,
                    item_id,
                    "owner",
                    20,
                    N_("Initiative {item}: owner {old} → {new}"),
                    {"item": new.title, "old": old.owner or Phrase(NOBODY), "new": new.owner or Phrase(NOBODY)},
                    before=old.owner,
                    after=new.owner,
                )
            )
    return changes


def _rescheduled(old: Initiative, new: Initiative, head: Portal) -> list[Change]:
    if (old.start, old.end) == (new.start, new.end):
        return []
    if old.end is not None and new.end is not None:
        shift = _days(old.end.last, new.end.last)
    elif old.start is not None and new.start is not None:
        shift = _days(old.start.first, new.start.first)
    else:
        shift = 0
    values: dict[str, Any] = {"item": new.title, "old": _span(old.start, old.end), "new": _span(new.start, new.end)}
    knock_on = _now_late(new, head) if shift > 0 else []
    plural: str | None = None
    if knock_on:
        template, plural = marks.ngettext(
            "Initiative {item} slips by {days} day ({old} → {new}); now starts before it ends: {knock_on}",
            "Initiative {item} slips by {days} days ({old} → {new}); now starts before it ends: {knock_on}",
        )
        values["knock_on"] = [i.title for i in knock_on]
        importance = 80
    elif shift > 0:
        template, plural = marks.ngettext(
            "Initiative {item} slips by {days} day ({old} → {new})",
            "Initiative {item} slips by {days} days ({old} → {new})",
        )
        importance = 70
    elif shift < 0:
        template, plural = marks.ngettext(
            "Initiative {item} moves earlier by {days} day ({old} → {new})",
            "Initiative {item} moves earlier by {days} days ({old} → {new})",
        )
        importance = 45
    else:
        template, importance = N_("Initiative {item} re-scheduled ({old} → {new})"), 40
    values["days"] = abs(shift)
    return [
        Change(
            Kind.INITIATIVE,
            new.id,
            "rescheduled",
            importance,
            template,
            values,
            before={"start": old.start.text if old.start else None, "end": old.end.text if old.end else None},
            after={"start": new.start.text if new.start else None, "end": new.end.text if new.end else None},
            plural=plural,
            count="days" if plural else None,
        )
    ]


def _now_late(initiative: Initiative, head: Portal) -> list[Initiative]:
    """Initiatives waiting on this one that are planned to start before it now ends."""
    if initiative.end is None:
        return []
    return [
        d
        for d in head.dependents_of(initiative)
        if d.start is not None
        and d.start.first <= initiative.end.last
        and d.status not in (InitiativeStatus.DONE, InitiativeStatus.CANCELLED)
    ]


# -- risks -------------------------------------------------------------------------------------------


def _risk_label(risk: Risk) -> str:
    return f"{risk.id} {risk.title}"


def risk_changes(base: Portal, head: Portal) -> list[Change]:
    appetite = head.settings.risk_appetite
    changes: list[Change] = []
    old: Risk | None
    new: Risk | None
    for item_id, old, new in item_pairs(base, head, KindName.RISK):
        if new is None:
            changes.append(
                Change(
                    Kind.RISK,
                    item_id,
                    "removed",
                    50,
                    N_("Risk {item} removed from the register"),
                    {"item": _risk_label(old)},
                    before=old.score,
                )
            )
            continue
        if old is None:
            above = head.above_appetite(new)
            template = (
                N_("New risk {item}, score {score} (above the risk appetite of {appetite})")
                if above
                else N_("New risk {item}, score {score}")
            )
            changes.append(
                Change(
                    Kind.RISK,
                    item_id,
                    "added",
                    75 if above else 55,
                    template,
                    {"item": _risk_label(new), "score": new.score, "appetite": appetite},
                    after=new.score,
                )
            )
            continue
        if old.is_closed != new.is_closed:
            closed = new.is_closed
            changes.append(
                Change(
                    Kind.RISK,
                    item_id,
                    "closed" if closed else "reopened",
                    50 if closed else 60,
                    # TRANSLATORS: {new} is the risk's status now: closed, accepted, transferred
                    N_("Risk {item} {new}") if closed else N_("Risk {item} reopened ({new})"),
                    {"item": _risk_label(new), "new": Status(new.status)},
                    before=old.status.value,
                    after=new.status.value,
                )
            )
        elif old.status != new.status:
            changes.append(
                Change(
                    Kind.RISK,
                    item_id,
                    "status",
                    30,
                    N_("Risk {item}: status {old} → {new}"),
                    {"item": _risk_label(new), "old": Status(old.status), "new": Status(new.status)},
                    before=old.status.value,
                    after=new.status.value,
                )
            )
        if old.score != new.score:
            changes.append(_rescored(old, new, appetite))
        if old.owner != new.owner:
            changes.append(
                Change(
                    Kind.RISK,
                    item_id,
                    "owner",
                    20,
                    N_("Risk {item}: owner {old} → {new}"),
                    {"item": _risk_label(new), "old": old.owner, "new": new.owner},
                    before=old.owner,
                    after=new.owner,
                )
            )
    return changes


def _rescored(old: Risk, new: Risk, appetite: int) -> Change:
    values = {
        "item": _risk_label(new),
        "old": old.score,
        "new": new.score,
        "appetite": appetite,
        "rating": Phrase(
            N_("likelihood {likelihood}, impact {impact}"), (("likelihood", new.likelihood), ("impact", new.impact))
        ),
    }
    template = N_("Risk {item} re-scored {old} → {new} ({rating})")
    importance = 35
    if old.score <= appetite < new.score:
        template = N_("Risk {item} re-scored {old} → {new} ({rating}): **now above the risk appetite of {appetite}**")
        importance = 90
    elif new.score <= appetite < old.score:
        template = N_("Risk {item} re-scored {old} → {new} ({rating}): now within the risk appetite of {appetite}")
        importance = 75
    return Change(Kind.RISK, new.id, "rescored", importance, template, values, before=old.score, after=new.score)


# -- vendors -----------------------------------------------------------------------------------------


def annual_spend(portal: Portal) -> float:
    """The headline figure, defined once in ``figures.annual_vendor_spend`` (its rule is written there)."""
    from generator.facts.figures import annual_vendor_spend

    return annual_vendor_spend(portal)


def vendor_changes(base: Portal, head: Portal) -> list[Change]:
    currency = head.settings.currency
    changes: list[Change] = []
    old: Vendor | None
    new: Vendor | None
    for item_id, old, new in item_pairs(base, head, KindName.VENDOR):
        if new is None:
            changes.append(
                Change(
                    Kind.VENDOR,
                    item_id,
                    "removed",
                    50,
                    N_("Vendor {item} removed from the list"),
                    {"item": old.name},
                    before=base.annual_cost(old),
                )
            )
            continue
        if old is None:
            cost = head.annual_cost(new)
            template = N_("New vendor {item} ({status}, {cost} a year)") if cost else N_("New vendor {item} ({status})")
            changes.append(
                Change(
                    Kind.VENDOR,
                    item_id,
                    "added",
                    45,
                    template,
                    {"item": new.name, "status": Status(new.status), "cost": _money(cost, head.currency_of(new.cost))},
                    after=cost,
                )
            )
            continue
        if old.status != new.status:
            retired = new.status == VendorStatus.RETIRED
            changes.append(
                Change(
                    Kind.VENDOR,
                    item_id,
                    "retired" if retired else "status",
                    55 if retired else 35,
                    N_("Vendor {item} retired") if retired else N_("Vendor {item}: status {old} → {new}"),
                    {"item": new.name, "old": Status(old.status), "new": Status(new.status)},
                    before=old.status.value,
                    after=new.status.value,
                )
            )
        before, after = base.annual_cost(old), head.annual_cost(new)
        if before != after:
            changes.append(
                Change(
                    Kind.VENDOR,
                    item_id,
                    "cost",
                    50,
                    N_("Vendor {item}: {old} → {new} a year ({delta})"),
                    {
                        "item": new.name,
                        "old": _money(before, base.currency_of(old.cost)),
                        "new": _money(after, head.currency_of(new.cost)),
                        "delta": _signed_money(after - before, head.currency_of(new.cost)),
                    },
                    before=before,
                    after=after,
                )
            )
        old_end = old.contract.end if old.contract else None
        new_end = new.contract.end if new.contract else None
        if old_end != new_end:
            changes.append(
                Change(
                    Kind.VENDOR,
                    item_id,
                    "renewal",
                    40,
                    N_("Vendor {item}: contract ends {old} → {new}"),
                    {"item": new.name, "old": _day(old_end), "new": _day(new_end)},
                    before=old_end.isoformat() if old_end else None,
                    after=new_end.isoformat() if new_end else None,
                )
            )
    spend_before, spend_after = annual_spend(base), annual_spend(head)
    if spend_before != spend_after:
        changes.append(
            Change(
                Kind.SPEND,
                "",
                "spend",
                85,
                N_("Annual vendor spend {old} → {new} ({delta})"),
                {
                    "old": _money(spend_before, currency),
                    "new": _money(spend_after, currency),
                    "delta": _signed_money(spend_after - spend_before, currency),
                },
                before=spend_before,
                after=spend_after,
            )
        )
    return changes


def _money(amount: float, currency: str) -> str:
    from generator.facts.formatting import money

    return money(amount, currency)


def _signed_money(amount: float, currency: str) -> str:
    return ("+" if amount > 0 else "-") + _money(abs(amount), currency)


def _day(value) -> str | Phrase:
    from generator.facts.formatting import day

    return day(value) if value else Phrase(N_("no end date"))


# -- goals -------------------------------------------------------------------------------------------


def goal_changes(base: Portal, head: Portal) -> list[Change]:
    changes: list[Change] = []
    old: Goal | None
    new: Goal | None
    for item_id, old, new in item_pairs(base, head, KindName.GOAL):
        if new is None:
            changes.append(Change(Kind.GOAL, item_id, "removed", 45, N_("Goal {item} removed"), {"item": old.title}))
            continue
        if old is None:
            changes.append(Change(Kind.GOAL, item_id, "added", 40, N_("New goal {item}"), {"item": new.title}))
            continue
        changes += _kpi_changes(old, new)
    return changes


def _kpi_changes(old: Goal, new: Goal) -> list[Change]:
    changes = []
    before = {k.name: k for k in old.kpis}
    after = {k.name: k for k in new.kpis}
    for name in [n for n in before if n not in after]:  # in the base's order: the same output every run
        changes.append(
            Change(
                Kind.GOAL,
                new.id,
                "kpi-removed",
                30,
                N_("Goal {item}: KPI {kpi} removed"),
                {"item": new.title, "kpi": name},
            )
        )
    for name, kpi in after.items():
        was = before.get(name)
        if was is None:
            changes.append(
                Change(
                    Kind.GOAL,
                    new.id,
                    "kpi-added",
                    30,
                    N_("Goal {item}: new KPI {kpi}"),
                    {"item": new.title, "kpi": name},
                )
            )
            continue
        unit = kpi.unit
        if was.target != kpi.target:
            changes.append(
                Change(
                    Kind.GOAL,
                    new.id,
                    "kpi-target",
                    35,
                    N_("Goal {item}: target for {kpi} {old} → {new}"),
                    {"item": new.title, "kpi": name, "old": _num(was.target, unit), "new": _num(kpi.target, unit)},
                    before=was.target,
                    after=kpi.target,
                )
            )
        if was.current != kpi.current:
            met = kpi.met and not was.met
            template = (
                N_("Goal {item}: {kpi} {old} → {new} (target met)")
                if met
                else N_("Goal {item}: {kpi} {old} → {new} (target {target})")
            )
            changes.append(
                Change(
                    Kind.GOAL,
                    new.id,
                    "kpi",
                    45 if met else 25,
                    template,
                    {
                        "item": new.title,
                        "kpi": name,
                        "old": _num(was.current, unit),
                        "new": _num(kpi.current, unit),
                        "target": _num(kpi.target, unit),
                    },
                    before=was.current,
                    after=kpi.current,
                )
            )
    return changes


def _num(value, unit: str | None) -> str:
    from generator.facts.formatting import quantity

    return quantity(value, unit)


# -- entry point -------------------------------------------------------------------------------------


def diff_portals(base: ReaderPortal, head: ReaderPortal) -> PortalDiff:
    """Compare two portals as the same audience sees them (``reader_view``s: never a raw Portal), kind by
    kind in the registry's order."""
    from generator.vcs.change_table import change_table  # each kind's function: its module imports this one

    table = change_table()
    changes = [c for kind in registry.KINDS if kind.name in table for c in table[kind.name](base, head)]
    return PortalDiff(
        tuple(changes), annual_spend(base), annual_spend(head), head.settings.currency, head.settings.risk_appetite
    )
