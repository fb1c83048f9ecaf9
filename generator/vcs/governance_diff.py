"""What changed in the governance record between two portals: decisions taken, deferred or superseded,
new items on the board's agenda, actions done or slipping. Wording ours; values from the sources,
escaped by each renderer (``diff_report``). One function per kind for an item both portals hold, run by
``change_table`` (which tells the items added and removed)."""

from __future__ import annotations

from generator.facts.formatting import day
from generator.model.actions import Action, ActionStatus
from generator.model.decisions import Decision, DecisionStatus
from generator.model.i18n import N_
from generator.model.portal import Portal
from generator.vcs.changes import Change, Kind, value_changed
from generator.vcs.wording import NO_DATE, Phrase, Status

NO_OUTCOME = N_("no outcome recorded")


def decision_label(decision: Decision) -> str:
    return f"{decision.id} ({decision.question})"


def due_day(value) -> str | Phrase:
    return day(value) if value else Phrase(NO_DATE)


def decision_changed(base: Portal, head: Portal, item_id: str, old: Decision, new: Decision) -> list[Change]:
    changes: list[Change] = []
    label = decision_label(new)
    if old.status != new.status:
        if new.status == DecisionStatus.DECIDED:
            template, importance = N_("Decision {item} decided: {outcome}"), 80
        elif new.status == DecisionStatus.SUPERSEDED:
            template, importance = N_("Decision {item} superseded by {by}"), 55
        elif new.status == DecisionStatus.DEFERRED:
            template, importance = N_("Decision {item} deferred, now due {due}"), 50
        else:
            template, importance = N_("Decision {item}: status {old} → {new}"), 45
        changes.append(
            Change(
                Kind.DECISION,
                item_id,
                str(new.status),
                importance,
                template,
                {
                    "item": label,
                    "outcome": new.outcome or Phrase(NO_OUTCOME),
                    "by": new.superseded_by or Phrase(N_("another decision")),
                    "due": due_day(new.due),
                    "old": Status(old.status),
                    "new": Status(new.status),
                },
                before=str(old.status),
                after=str(new.status),
            )
        )
    elif new.status == DecisionStatus.DECIDED and old.outcome != new.outcome:
        changes.append(
            Change(
                Kind.DECISION,
                item_id,
                "outcome",
                60,
                N_("Decision {item}: outcome now {outcome}"),
                {"item": label, "outcome": new.outcome or Phrase(NO_OUTCOME)},
                before=old.outcome,
                after=new.outcome,
            )
        )
    if new.status == DecisionStatus.OPEN and old.status == DecisionStatus.OPEN and old.due != new.due:
        changes.append(
            Change(
                Kind.DECISION,
                item_id,
                "due",
                35,
                N_("Decision {item}: due {old} → {new}"),
                {"item": label, "old": due_day(old.due), "new": due_day(new.due)},
                before=old.due.isoformat() if old.due else None,
                after=new.due.isoformat() if new.due else None,
            )
        )
    return changes


def action_changed(base: Portal, head: Portal, item_id: str, old: Action, new: Action) -> list[Change]:
    changes: list[Change] = []
    if old.status != new.status and new.status == ActionStatus.DONE:
        changes.append(
            Change(
                Kind.ACTION,
                item_id,
                "done",
                25,
                N_("Action {item} done"),
                {"item": new.title},
                before=str(old.status),
                after=str(new.status),
            )
        )
    elif old.status != new.status:
        changes.append(
            value_changed(
                Kind.ACTION,
                item_id,
                "status",
                20,
                N_("Action {item}: {old} → {new}"),
                new.title,
                old.status,
                new.status,
            )
        )
    if old.due != new.due:
        later = new.due > old.due
        changes.append(
            Change(
                Kind.ACTION,
                item_id,
                "due",
                35 if later else 20,
                N_("Action {item} slips: due {old} → {new}")
                if later
                else N_("Action {item} moves earlier: due {old} → {new}"),
                {"item": new.title, "old": due_day(old.due), "new": due_day(new.due)},
                before=old.due.isoformat(),
                after=new.due.isoformat(),
            )
        )
    return changes
