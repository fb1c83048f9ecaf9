"""What changed in the roadmap and the strategy between two portals: initiatives (added, removed, rescheduled,
started, finished, made late) and goals with their KPIs. One function per kind for an item both portals hold,
run by ``change_table`` (which tells the items added and removed)."""

from __future__ import annotations

from typing import Any

from generator.model import Goal, Initiative, InitiativeStatus
from generator.model.i18n import N_
from generator.vcs.wording import NO_DATE, NOBODY, Phrase, marks
from generator.model.portal import Portal
from generator.vcs.changes import Change, Kind, value_changed


def period(value) -> str | Phrase:
    return value.label if value is not None else Phrase(NO_DATE)


def _span(start, end) -> Phrase:
    return Phrase(N_("{start} to {end}"), (("start", period(start)), ("end", period(end))))


def _days(a, b) -> int:
    return (b - a).days


# -- initiatives -------------------------------------------------------------------------------------


def initiative_changed(base: Portal, head: Portal, item_id: str, old: Initiative, new: Initiative) -> list[Change]:
    changes = _rescheduled(old, new, head)
    if old.status != new.status:
        importance = {InitiativeStatus.CANCELLED: 65, InitiativeStatus.PAUSED: 55, InitiativeStatus.DONE: 45}.get(
            new.status, 40
        )
        changes.append(
            value_changed(
                Kind.INITIATIVE,
                item_id,
                "status",
                importance,
                N_("Initiative {item}: status {old} → {new}"),
                new.title,
                old.status,
                new.status,
            )
        )
    if old.owner != new.owner:
        changes.append(
            value_changed(
                Kind.INITIATIVE,
                item_id,
                "owner",
                20,
                N_("Initiative {item}: owner {old} → {new}"),
                new.title,
                old.owner,
                new.owner,
                empty=NOBODY,
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


# -- goals -------------------------------------------------------------------------------------------


def goal_changed(base: Portal, head: Portal, item_id: str, old: Goal, new: Goal) -> list[Change]:
    return _kpi_changes(old, new)


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
