"""The compliance registers as download tables: the control register (one row per piece of evidence, so a
control's every proof is listed), the requirement mapping of each framework in scope, and the AI register.
Titles, descriptions and column headers are in the portal's language; the values of a closed vocabulary
(a status, a coverage, an evidence state) are shown through their labels, as on the pages."""

from __future__ import annotations

from generator.facts import compliance as facts
from generator.facts.compliance import evidence_state
from generator.model.compliance import Control, Evidence
from generator.model.i18n import gettext as _
from generator.model.portal import Portal
from generator.render.exports.tables import Column, Table, _enum, _list, _table
from generator.render.governance_labels import label_filter


def _evidence_state(evidence: Evidence | None, portal: Portal) -> str | None:
    return str(label_filter(evidence_state(evidence, portal.today), "evidence state")) if evidence else None


def controls(portal: Portal) -> Table:
    rows: list[tuple[Control, Evidence | None]] = []
    for c in portal.controls.values():
        pieces: list[Evidence | None] = [*c.evidence] if c.evidence else [None]  # a control without evidence: one row
        rows += [(c, e) for e in pieces]
    columns: list[Column] = [
        Column(_("Control ID"), lambda r: r[0].id, width=22),
        Column(_("Control"), lambda r: r[0].title, width=40),
        Column(_("Owner"), lambda r: r[0].owner, width=20),
        Column(_("Status"), lambda r: _enum(r[0].status), width=12),
        Column(_("Counts as"), lambda r: _enum(facts.control_state(r[0], portal)), width=12),
        Column(_("Answers"), lambda r: _list(f"{f}: {', '.join(ids)}" for f, ids in r[0].satisfies.items()), width=40),
        Column(_("Risks"), lambda r: _list(r[0].risks), width=14),
        Column(_("Initiative"), lambda r: r[0].initiative, width=20),
        Column(_("Evidence"), lambda r: r[1].what if r[1] else None, width=40),
        Column(_("Kept at"), lambda r: r[1].where if r[1] else None, width=30),
        Column(_("Checked"), lambda r: r[1].checked if r[1] else None, "date", width=12),
        Column(_("Every"), lambda r: _enum(r[1].every) if r[1] else None, width=10),
        Column(_("Next check"), lambda r: r[1].due() if r[1] else None, "date", width=12),
        Column(_("Evidence state"), lambda r: _evidence_state(r[1], portal), width=14),
        Column(_("Not applicable because"), lambda r: r[0].reason or None, width=30),
    ]
    return _table(
        "controls",
        _("Control register"),
        _(
            "Every control with its owner, status, the requirements "
            "it answers and each piece of evidence: where it is kept, when checked and when due."
        ),
        columns,
        rows,
    )


def requirement_mapping(portal: Portal) -> Table:
    rows = [(fc.framework, r) for fc in facts.all_coverage(portal) for r in fc.requirements]
    columns: list[Column] = [
        Column(_("Framework"), lambda r: r[0].title, width=28),
        Column(_("Requirement"), lambda r: r[1].requirement.id, width=20),
        Column(_("Title"), lambda r: r[1].requirement.title, width=44),
        Column(_("Group"), lambda r: r[1].requirement.group or None, width=24),
        Column(_("Coverage"), lambda r: _enum(r[1].state), width=14),
        Column(_("Controls"), lambda r: _list(c.id for c in r[1].controls), width=36),
    ]
    return _table(
        "requirements",
        _("Requirement mapping"),
        _("Each requirement of the frameworks in scope, how far it is met and the controls answering it, gaps first."),
        columns,
        rows,
    )


def ai_register(portal: Portal) -> Table:
    columns: list[Column] = [
        Column(_("ID"), lambda u: u.id, width=24),
        Column(_("AI use"), lambda u: u.title, width=36),
        Column(_("Department"), lambda u: u.department, width=16),
        Column(_("Tool"), lambda u: u.tool, width=24),
        Column(_("Vendor"), lambda u: u.vendor, width=16),
        Column(_("Data it sees"), lambda u: _list(u.data), width=14),
        Column(_("Personal data allowed"), lambda u: u.personal_data_allowed, "flag", width=10),
        Column(_("Decision"), lambda u: _enum(u.decision), width=16),
        Column(_("Approved by"), lambda u: u.approved_by, width=24),
        Column(_("Decided"), lambda u: u.decided, "date", width=12),
        Column(_("Risk tier"), lambda u: _enum(u.risk_tier), width=10),
        Column(_("Human oversight"), lambda u: u.human_oversight.strip() or None, width=36),
        Column(_("Status"), lambda u: _enum(u.status), width=10),
        Column(_("Next review"), lambda u: u.review, "date", width=12),
    ]
    return _table(
        "ai-register",
        _("AI register"),
        _("Every AI use: what it is for, the data it sees, the decision, its risk tier and who checks its output."),
        columns,
        portal.ai_uses.values(),
    )


def compliance_tables(portal: Portal) -> list[Table]:
    """Those the portal has anything for: a client without controls, frameworks or AI uses gets none."""
    return [
        table(portal)
        for table, wanted in (
            (controls, portal.controls),
            (requirement_mapping, portal.frameworks_in_scope()),
            (ai_register, portal.ai_uses),
        )
        if wanted
    ]
