"""Items added and removed are told by one walk for every kind (``change_table.kind_changes``) in the words of
each kind's row: the sentences a reviewer reads, in the reader's language, and in the order found."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from conftest import REPO_ROOT
from generator.checks.validate import validate_repository
from generator.model import i18n
from generator.model.kinds import KINDS
from generator.vcs.change_table import NOT_COMPARED, change_table
from generator.vcs.diff_report import change_text
from generator.vcs.portal_diff import diff_portals

COMPARED = [k for k in KINDS if k.name not in NOT_COMPARED]


@pytest.fixture(scope="module")
def demo():
    portal = validate_repository(REPO_ROOT / "mkdocs.yml").portal
    assert portal is not None
    return portal


def _changes(base, head):
    return diff_portals(base.for_audience("internal"), head.for_audience("internal")).ordered()


# What the English reader reads for the first item of each kind: the wording that moved into the table.
FIRST_REMOVED = {
    "goal": "Goal {title} removed",
    "initiative": "Initiative {title} removed from the roadmap",
    "risk": "Risk {id} {title} removed from the register",
    "vendor": "Vendor {name} removed from the list",
    "decision": "Decision {id} ({question}) removed",
    "action": "Action {title} removed from the plan",
    "control": "Control {title} removed",
    "ai-use": "AI use {title} removed from the register",
}


@pytest.mark.parametrize("kind", COMPARED, ids=lambda k: k.name)
def test_an_item_removed_is_told_in_its_kinds_words(demo, kind):
    emptied = dataclasses.replace(demo, **{kind.plural: {}})
    first = next(iter(demo.of_kind(kind.name).values()))
    removed = [c for c in _changes(demo, emptied) if c.kind == kind.name and c.item_id == first.id]
    assert [c.change for c in removed] == ["removed"]
    assert change_text(removed[0]) == FIRST_REMOVED[kind.name].format(**first.model_dump())


@pytest.mark.parametrize("kind", COMPARED, ids=lambda k: k.name)
def test_items_added_and_removed_are_told_in_the_readers_language(demo, kind):
    emptied = dataclasses.replace(demo, **{kind.plural: {}})
    with i18n.using(i18n.language("fr")):
        told = [
            c
            for c in _changes(demo, emptied) + _changes(emptied, demo)
            if c.kind == kind.name and c.change in ("added", "removed", "decided")
        ]
        assert told
        english = {c.template for c in told}
        assert all(c.sentence() not in english for c in told), [c.template for c in told]


def test_added_and_changed_items_keep_the_order_found(demo):
    # Equally important changes of one kind keep the order of the later portal: an action added before an
    # action changed is told first, and after it when it comes after it.
    changed, added = list(demo.actions.values())[:2]
    moved = changed.model_copy(update={"due": changed.due - dt.timedelta(days=1)})  # moves earlier: 20
    base = dataclasses.replace(demo, actions={changed.id: changed})
    for order in ([added, moved], [moved, added]):
        head = dataclasses.replace(demo, actions={a.id: a for a in order})
        told = [(c.item_id, c.importance) for c in _changes(base, head) if c.kind == "action"]
        assert told == [(a.id, 20) for a in order]


def test_every_row_names_its_wording_as_a_catalogue_message():
    # The wording stays translatable: every row's sentences are messages of the template catalogue.
    pot = (REPO_ROOT / "generator" / "model" / "locales" / "ctoportal.pot").read_text(encoding="utf-8")
    for row in change_table().values():
        assert f'msgid "{row.removed.template}"' in pot
        if not callable(row.added):
            assert f'msgid "{row.added.template}"' in pot


def _one_field(demo, plural: str, field: str, value):
    """The changes told when the first item of ``plural`` has ``field`` set to ``value``."""
    first = next(iter(getattr(demo, plural).values()))
    head = dataclasses.replace(
        demo, **{plural: {**getattr(demo, plural), first.id: first.model_copy(update={field: value})}}
    )
    return first, [c for c in _changes(demo, head) if c.item_id == first.id]


def test_a_field_changed_is_told_with_both_values_in_the_readers_words(demo):
    # One constructor (changes.value_changed) for every kind's "field: old → new": an enum in the reader's
    # words and kept as its value, text as written, and an owner removed told as "nobody".
    first, told = _one_field(demo, "initiatives", "owner", None)
    assert [change_text(c) for c in told] == [f"Initiative {first.title}: owner {first.owner} → nobody"]
    assert (told[0].before, told[0].after) == (first.owner, None)
    first, told = _one_field(demo, "risks", "owner", "Pat Doe")
    assert [change_text(c) for c in told] == [f"Risk {first.id} {first.title}: owner {first.owner} → Pat Doe"]
    ai = next(iter(demo.ai_uses.values()))
    tier = next(t for t in type(ai.risk_tier) if t != ai.risk_tier)
    first, told = _one_field(demo, "ai_uses", "risk_tier", tier)
    assert [(c.change, c.before, c.after) for c in told] == [("risk-tier", ai.risk_tier.value, tier.value)]
    english = change_text(told[0])
    with i18n.using(i18n.language("fr")):
        assert change_text(told[0]) != english  # the sentence and the tiers in French
