"""Words for the values the board pack, the Overview and the goals page show that are not enums of the
model: a KPI's status and how it was judged, an initiative's schedule, a risk's trend, what holds a piece
of work up. The facts hold the values (``figures.KpiStatus``, ``board_pack.InFlight.health``,
``risks.RiskLine.trend``); each is shown here through one translated label, with its context (French:
an initiative is "en retard", a KPI "échu")."""

from __future__ import annotations

from babel.numbers import format_percent

from generator.facts.figures import KpiState, KpiStatus
from generator.model import i18n
from generator.model.i18n import gettext as _, pgettext, pN_

_LABELS = {
    ("kpi status", KpiState.MET.value): pN_("kpi status", "met"),
    ("kpi status", KpiState.ON_TRACK.value): pN_("kpi status", "on track"),
    ("kpi status", KpiState.BEHIND.value): pN_("kpi status", "needs attention"),
    ("kpi status", KpiState.OVERDUE.value): pN_("kpi status", "overdue"),
    ("kpi status", KpiState.NOT_JUDGED.value): pN_("kpi status", "not judged"),
    ("kpi status", KpiState.NOT_MEASURED.value): pN_("kpi status", "not measured"),
    ("schedule", "on track"): pN_("schedule", "on track"),
    ("schedule", "at risk"): pN_("schedule", "at risk"),
    ("schedule", "late"): pN_("schedule", "late"),
    # Why an initiative holds up what depends on it (Schedule.holds_up): its status, or late.
    ("hold-up", "paused"): pN_("initiative status", "paused"),
    ("hold-up", "cancelled"): pN_("initiative status", "cancelled"),
    ("hold-up", "late"): pN_("schedule", "late"),
    ("risk trend", "improving"): pN_("risk trend", "↘ improving"),
    ("risk trend", "at risk"): pN_("risk trend", "⚠ at risk"),
    ("risk trend", "no plan"): pN_("risk trend", "✗ no plan"),
    ("risk trend", "done"): pN_("risk trend", "✓ mitigations landed"),
}
"""Each value a reader sees, by what it describes, with the message that says it."""


def label(kind: str, value: object) -> str:
    """A value as words in the portal's language; a value with no label is shown as it is."""
    found = _LABELS.get((kind, str(value)))
    return pgettext(*found) if found else str(value)


def percent(share: float) -> str:
    """A share as the locale writes a percentage (45%, 45 %), never broken across lines."""
    return format_percent(round(share * 100) / 100, locale=i18n.current().locale).replace(" ", "\u00a0")


def kpi_reason(status: KpiStatus) -> str:
    """How a KPI's status was judged, in a few words shown beside it."""
    state, progress = status.state, status.progress
    if state == KpiState.NOT_MEASURED or progress is None:
        return _("no baseline, target or current value")
    if state == KpiState.MET:
        return _("at the target")
    if state == KpiState.OVERDUE:
        return _("%(progress)s of the way; due date passed") % {"progress": percent(progress)}
    if state == KpiState.NOT_JUDGED or status.elapsed is None:
        return _("%(progress)s of the way; no baseline date and due date to compare with") % {
            "progress": percent(progress)
        }
    return _("%(progress)s of the way, %(elapsed)s of the time gone") % {
        "progress": percent(progress),
        "elapsed": percent(status.elapsed),
    }


GLOBALS = {"label": label, "kpi_reason": kpi_reason, "percent": percent}
"""What templates call (render/pages.py)."""
