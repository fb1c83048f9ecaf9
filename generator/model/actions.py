"""Dated actions: the 90-day plan (``actions/*.yaml``)."""

from __future__ import annotations

import enum

from generator.model.common import Day, Id, Item, Markdown, Text


class ActionStatus(enum.StrEnum):
    TODO = "todo"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    DROPPED = "dropped"


class Action(Item):
    title: Text
    owner: Text
    due: Day
    status: ActionStatus = ActionStatus.TODO
    done: Day | None = None
    """When it was done."""
    done_when: Text | None = None
    """How we know it is done: 'nightly job green for 7 days'."""
    notes: Markdown = ""
    initiatives: list[Id] = []
    """The initiatives this action advances."""
    decisions: list[Id] = []
    """The decisions it prepares or carries out."""
    vendors: list[Id] = []
    risks: list[Id] = []

    @property
    def open(self) -> bool:
        return self.status in (ActionStatus.TODO, ActionStatus.IN_PROGRESS)
