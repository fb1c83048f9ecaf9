"""Our own words inside a change's sentence (``portal_diff.Change``): kept as what they mean until the
sentence is shown, then put in the reader's language (the What changed page, the pull-request comment)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from generator.model import i18n
from generator.model.i18n import N_, gettext, ngettext, pN_, pgettext


@dataclass(frozen=True)
class Phrase:
    """Words of ours inside a change's sentence ("nobody", "Oct 2026 to Dec 2026"), in the reader's
    language where the sentence is shown. Its values are ours too (periods, dates), never source text."""

    message: str
    values: tuple[tuple[str, Any], ...] = ()

    def __str__(self) -> str:
        return gettext(self.message).format(**{key: str(value) for key, value in self.values})


@dataclass(frozen=True)
class Status:
    """A value of a closed vocabulary (a status, a tier) inside a change's sentence: shown through the
    vocabulary's one translated label (``formatting.status_word``), or as written where it has none."""

    value: enum.Enum

    def __str__(self) -> str:
        from generator.facts.formatting import VOCABULARY, VOCABULARY_OF_ENUM, status_word

        vocabulary = VOCABULARY_OF_ENUM.get(type(self.value).__name__, "status")
        word = str(self.value.value)
        return status_word(word, vocabulary) if (vocabulary, word) in VOCABULARY else word


class _Marks:
    """``marks.ngettext(singular, plural)`` marks a message with a plural form for extraction (pybabel reads any
    ``ngettext`` call); the form is chosen where the sentence is shown (``portal_diff.Change.sentence``)."""

    @staticmethod
    def ngettext(singular: str, plural: str) -> tuple[str, str]:
        return singular, plural


marks = _Marks()


@dataclass(frozen=True)
class Word:
    """A word of ours with its context (``pN_``) inside a change's sentence: the audience's "client"."""

    context: str
    message: str

    def __str__(self) -> str:
        return pgettext(self.context, self.message)


AUDIENCES = (pN_("audience", "client"), pN_("audience", "internal"))

COUNTED: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "goal": (
        marks.ngettext("{count} internal goal", "{count} internal goals"),
        marks.ngettext("{count} goal", "{count} goals"),
    ),
    "initiative": (
        marks.ngettext("{count} internal initiative", "{count} internal initiatives"),
        marks.ngettext("{count} initiative", "{count} initiatives"),
    ),
    "risk": (
        marks.ngettext("{count} internal risk", "{count} internal risks"),
        marks.ngettext("{count} risk", "{count} risks"),
    ),
    "vendor": (
        marks.ngettext("{count} internal vendor", "{count} internal vendors"),
        marks.ngettext("{count} vendor", "{count} vendors"),
    ),
    "decision": (
        marks.ngettext("{count} internal decision", "{count} internal decisions"),
        marks.ngettext("{count} decision", "{count} decisions"),
    ),
    "action": (
        marks.ngettext("{count} internal action", "{count} internal actions"),
        marks.ngettext("{count} action", "{count} actions"),
    ),
    "control": (
        marks.ngettext("{count} internal control", "{count} internal controls"),
        marks.ngettext("{count} control", "{count} controls"),
    ),
    "ai-use": (
        marks.ngettext("{count} internal AI use", "{count} internal AI uses"),
        marks.ngettext("{count} AI use", "{count} AI uses"),
    ),
    "framework": (
        marks.ngettext("{count} internal framework", "{count} internal frameworks"),
        marks.ngettext("{count} framework", "{count} frameworks"),
    ),
    "page": (
        marks.ngettext("{count} internal page", "{count} internal pages"),
        marks.ngettext("{count} page", "{count} pages"),
    ),
}
"""Items of a kind counted, internal or not, as ``diff`` tells a reviewer what a change shows or hides."""


@dataclass(frozen=True)
class Counted:
    """Items counted by kind in the reader's language: "1 internal risk and 2 internal pages"."""

    counts: tuple[tuple[str, int], ...]
    internal: bool

    def __str__(self) -> str:
        parts = []
        for kind, count in self.counts:
            forms = COUNTED.get(kind)
            if forms is None:  # a kind added later: counted as its name
                parts.append(f"{count} {kind}")
            else:
                parts.append(ngettext(*forms[0 if self.internal else 1], count).format(count=count))
        if i18n.current().code == i18n.ENGLISH or len(parts) == 1:
            return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        from babel.lists import format_list

        return format_list(parts, locale=i18n.current().locale)


NOBODY = N_("nobody")
NO_DATE = N_("no date")


FIELDS = {
    name.replace(" ", "_"): (context, name)
    for context, name in [
        pN_("field", "ai rmf"),
        pN_("field", "approved by"),
        pN_("field", "area"),
        pN_("field", "baa"),
        pN_("field", "capabilities"),
        pN_("field", "category"),
        pN_("field", "conditions"),
        pN_("field", "context"),
        pN_("field", "contract"),
        pN_("field", "cost"),
        pN_("field", "cost avoided"),
        pN_("field", "criticality"),
        pN_("field", "data"),
        pN_("field", "decided"),
        pN_("field", "decided by"),
        pN_("field", "decision"),
        pN_("field", "decisions"),
        pN_("field", "department"),
        pN_("field", "depends on"),
        pN_("field", "description"),
        pN_("field", "done"),
        pN_("field", "done when"),
        pN_("field", "dpa"),
        pN_("field", "due"),
        pN_("field", "end"),
        pN_("field", "evidence"),
        pN_("field", "exit plan"),
        pN_("field", "frameworks"),
        pN_("field", "goals"),
        pN_("field", "horizon"),
        pN_("field", "human oversight"),
        pN_("field", "identified"),
        pN_("field", "impact"),
        pN_("field", "initiative"),
        pN_("field", "initiatives"),
        pN_("field", "integrations"),
        pN_("field", "kind"),
        pN_("field", "kpis"),
        pN_("field", "likelihood"),
        pN_("field", "milestones"),
        pN_("field", "mitigates"),
        pN_("field", "mitigations"),
        pN_("field", "name"),
        pN_("field", "note"),
        pN_("field", "notes"),
        pN_("field", "options"),
        pN_("field", "outcome"),
        pN_("field", "owner"),
        pN_("field", "personal data allowed"),
        pN_("field", "priority"),
        pN_("field", "progress"),
        pN_("field", "purpose"),
        pN_("field", "question"),
        pN_("field", "reason"),
        pN_("field", "recommendation"),
        pN_("field", "renewal"),
        pN_("field", "replaced by"),
        pN_("field", "reports"),
        pN_("field", "requirements"),
        pN_("field", "residual"),
        pN_("field", "response"),
        pN_("field", "review"),
        pN_("field", "risk tier"),
        pN_("field", "risks"),
        pN_("field", "satisfies"),
        pN_("field", "seats"),
        pN_("field", "source"),
        pN_("field", "start"),
        pN_("field", "status"),
        pN_("field", "stops"),
        pN_("field", "summary"),
        pN_("field", "superseded by"),
        pN_("field", "tags"),
        pN_("field", "title"),
        pN_("field", "tool"),
        pN_("field", "vendor"),
        pN_("field", "vendors"),
    ]
}
"""Every field of an item as an item's history names it (``risk_tier``: risk tier), in the reader's language
where it is shown (``field_label``); a field added later and missing here is shown as written."""


def field_label(field: str) -> str:
    """A field's name as the reader's language says it: ``status`` is "Statut" in French."""
    return pgettext(*FIELDS[field]) if field in FIELDS else field.replace("_", " ")
