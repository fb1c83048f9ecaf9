"""The words a reader sees for the governance and compliance vocabularies (decisions, actions, controls,
coverage, evidence, the AI register, readiness), each value with one translated label.

English is the msgid, written as the pages always showed the value; the context tells apart words that
translate differently by what they describe (an "open" decision, an "open" action, an "open" risk).
``pages._finalize`` shows these enums through ``label``; plain strings from the facts (an evidence state,
an action's state) go through the ``label`` filter with their vocabulary."""

from __future__ import annotations

import enum

from generator.model.i18n import pN_, pgettext

_LABELS: dict[tuple[str, str], tuple[str, str]] = {
    ("DecisionStatus", "open"): pN_("decision status", "open"),
    ("DecisionStatus", "decided"): pN_("decision status", "decided"),
    ("DecisionStatus", "deferred"): pN_("decision status", "deferred"),
    ("DecisionStatus", "superseded"): pN_("decision status", "superseded"),
    ("DecidedBy", "board"): pN_("decided by", "the board"),
    ("DecidedBy", "ceo"): pN_("decided by", "the CEO"),
    ("DecidedBy", "leadership"): pN_("decided by", "the leadership team"),
    ("decision right", "board"): pN_("decision right", "board"),
    ("decision right", "ceo"): pN_("decision right", "ceo"),
    ("decision right", "leadership"): pN_("decision right", "leadership"),
    ("Renewal", "renew"): pN_("renewal", "renew"),
    ("Renewal", "renegotiate"): pN_("renewal", "renegotiate"),
    ("Renewal", "give-notice"): pN_("renewal", "give notice"),
    ("Renewal", "let-expire"): pN_("renewal", "let expire"),
    ("due", "notice deadline"): pN_("due", "notice deadline"),
    ("due", "contract ends"): pN_("due", "contract ends"),
    ("due", "decision due"): pN_("due", "decision due"),
    ("due", "action due"): pN_("due", "action due"),
    ("due", "risk review"): pN_("due", "risk review"),
    ("due", "KPI due"): pN_("due", "KPI due"),
    ("ActionStatus", "todo"): pN_("action status", "todo"),
    ("ActionStatus", "in-progress"): pN_("action status", "in progress"),
    ("ActionStatus", "done"): pN_("action status", "done"),
    ("ActionStatus", "dropped"): pN_("action status", "dropped"),
    ("action state", "open"): pN_("action status", "open"),
    ("action state", "late"): pN_("action status", "late"),
    ("action state", "done"): pN_("action status", "done"),
    ("action state", "dropped"): pN_("action status", "dropped"),
    ("ControlStatus", "in-place"): pN_("control status", "in place"),
    ("ControlStatus", "partial"): pN_("control status", "partial"),
    ("ControlStatus", "planned"): pN_("control status", "planned"),
    ("ControlStatus", "not-applicable"): pN_("control status", "not applicable"),
    ("Coverage", "gap"): pN_("coverage", "gap"),
    ("Coverage", "planned"): pN_("coverage", "planned"),
    ("Coverage", "partial"): pN_("coverage", "partial"),
    ("Coverage", "met"): pN_("coverage", "met"),
    ("Coverage", "not applicable"): pN_("coverage", "not applicable"),
    ("evidence state", "current"): pN_("evidence state", "current"),
    ("evidence state", "due soon"): pN_("evidence state", "due soon"),
    ("evidence state", "expired"): pN_("evidence state", "expired"),
    ("evidence state", "never checked"): pN_("evidence state", "never checked"),
    ("Every", "month"): pN_("check interval", "month"),
    ("Every", "quarter"): pN_("check interval", "quarter"),
    ("Every", "half-year"): pN_("check interval", "half year"),
    ("Every", "year"): pN_("check interval", "year"),
    ("FrameworkKind", "law"): pN_("framework kind", "law"),
    ("FrameworkKind", "standard"): pN_("framework kind", "standard"),
    ("FrameworkKind", "checklist"): pN_("framework kind", "checklist"),
    ("FrameworkKind", "questionnaire"): pN_("framework kind", "questionnaire"),
    ("ReportType", "soc2-type1"): pN_("report type", "SOC 2 Type I"),
    ("ReportType", "soc2-type2"): pN_("report type", "SOC 2 Type II"),
    ("ReportType", "iso27001"): pN_("report type", "ISO 27001 certificate"),
    ("ReportType", "hitrust"): pN_("report type", "HITRUST certification"),
    ("ReportType", "pen-test"): pN_("report type", "penetration test"),
    ("ReportType", "other"): pN_("report type", "report"),
    ("AiDecision", "proposed"): pN_("AI decision", "proposed"),
    ("AiDecision", "pilot"): pN_("AI decision", "pilot"),
    ("AiDecision", "approved"): pN_("AI decision", "approved"),
    ("AiDecision", "approved-with-conditions"): pN_("AI decision", "approved with conditions"),
    ("AiDecision", "prohibited"): pN_("AI decision", "prohibited"),
    ("RiskTier", "prohibited"): pN_("AI risk tier", "prohibited"),
    ("RiskTier", "high"): pN_("AI risk tier", "high"),
    ("RiskTier", "limited"): pN_("AI risk tier", "limited"),
    ("RiskTier", "minimal"): pN_("AI risk tier", "minimal"),
    ("AiUseStatus", "proposed"): pN_("AI use status", "proposed"),
    ("AiUseStatus", "in-use"): pN_("AI use status", "in use"),
    ("AiUseStatus", "stopped"): pN_("AI use status", "stopped"),
    ("Purpose", "audit"): pN_("readiness", "For an audit"),
    ("Purpose", "insurance renewal"): pN_("readiness", "For an insurance renewal"),
    ("Purpose", "due diligence"): pN_("readiness", "For a due diligence"),
}


def label(value: object, vocabulary: str | None = None) -> str | None:
    """The words for a value of these vocabularies in the build's language; None for any other value.
    An enum names its own vocabulary; a plain string gives it (``label('expired', 'evidence state')``)."""
    if isinstance(value, enum.Enum):
        key = (vocabulary or type(value).__name__, str(value.value))
    else:
        key = (vocabulary or "", str(value))
    found = _LABELS.get(key)
    return pgettext(*found) if found else None


def label_filter(value: object, vocabulary: str | None = None) -> object:
    """The template filter: the label, or the value unchanged (shown as it always was) when it has none."""
    found = label(value, vocabulary)
    return value if found is None else found
