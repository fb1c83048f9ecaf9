"""The decision log and the board's agenda in one (``decisions/*.yaml``)."""

from __future__ import annotations

import enum

from generator.model.common import Day, Id, Item, Markdown, Model, Money, Text


class DecisionStatus(enum.StrEnum):
    OPEN = "open"
    DECIDED = "decided"
    DEFERRED = "deferred"
    SUPERSEDED = "superseded"


class DecidedBy(enum.StrEnum):
    BOARD = "board"
    CEO = "ceo"
    LEADERSHIP = "leadership"
    """The leadership team (CEO, COO, CFO...)."""


class Option(Model):
    title: Text
    cost: Text | None = None
    """What it costs, in words: '$28,400 a year', 'two weeks of the IT coordinator'."""
    consequence: Markdown = ""
    """What follows if this option is chosen."""


class Renewal(enum.StrEnum):
    """What a contract decision settles: the vendor's renewals view shows it."""

    RENEW = "renew"
    RENEGOTIATE = "renegotiate"
    GIVE_NOTICE = "give-notice"
    LET_EXPIRE = "let-expire"


class Stop(Model):
    """Something the decision stops: a practice, a tool or a project, and what that frees."""

    what: Text
    """What stops, in a few words: 'Weekly all-clinic IT call'."""
    saves: Money | None = None
    """Money freed each year, in the portal's currency."""
    time_freed: Text | None = None
    """Time freed, in words: '2 hours a week of each practice manager'."""


class Decision(Item):
    question: Text
    """The question in one line: 'Renew Keystone Managed IT, and on what terms?'"""
    decided_by: DecidedBy | None = None
    """Who decides: board, ceo or leadership; when absent, the decision-rights map in the settings
    (``decision_rights``) is used by `area`, else the board."""
    area: Text | None = None
    """What the decision is about, for the decision-rights map: contract, budget, security, hiring..."""
    owner: str | None = None
    """Who brings the decision and carries it out."""
    context: Markdown = ""
    options: list[Option] = []
    recommendation: Markdown = ""
    status: DecisionStatus = DecisionStatus.OPEN
    due: Day | None = None
    """When the decision is needed by."""
    decided: Day | None = None
    """When it was taken (status decided, or superseded)."""
    outcome: Text | None = None
    """What was decided, in one line: 'Renew for 2 years at $26,000 a year'."""
    renewal: Renewal | None = None
    """For a contract decision: renew, renegotiate, give-notice or let-expire, for every vendor in `vendors`
    (so a renewal decision names only the vendors whose contracts it settles)."""
    cost_avoided: Money | None = None
    """An estimate of the cost this decision avoids, in the portal's currency: shown labelled as an estimate."""
    stops: list[Stop] = []
    """Practices (or anything not in the registers) this decision stops: listed on the What we stopped page,
    dated by `decided`."""
    superseded_by: Id | None = None
    """The decision that replaced this one."""
    initiatives: list[Id] = []
    risks: list[Id] = []
    vendors: list[Id] = []
    goals: list[Id] = []


def decider(decision: Decision, rights: dict[str, DecidedBy]) -> DecidedBy:
    """Who decides: as written on the decision, else the decision-rights map by its `area`, else the board
    (when nobody said otherwise, the board sees it: it is never left off the board's agenda by omission)."""
    if decision.decided_by is not None:
        return decision.decided_by
    if decision.area is not None and decision.area in rights:
        return rights[decision.area]
    return DecidedBy.BOARD
