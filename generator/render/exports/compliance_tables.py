"""The compliance registers as download tables: the control register (one row per piece of evidence, so a
control's every proof is listed), the requirement mapping of each framework in scope, and the AI register."""

from __future__ import annotations

from generator.facts import compliance as facts
from generator.facts.compliance import evidence_state
from generator.model.compliance import Control, Evidence
from generator.model.portal import Portal
from generator.render.exports.tables import Column, Table, _enum, _list, _table


def controls(portal: Portal) -> Table:
    rows: list[tuple[Control, Evidence | None]] = []
    for c in portal.controls.values():
        pieces: list[Evidence | None] = [*c.evidence] if c.evidence else [None]  # a control without evidence: one row
        rows += [(c, e) for e in pieces]
    columns: list[Column] = [
        Column("Control ID", lambda r: r[0].id, width=22),
        Column("Control", lambda r: r[0].title, width=40),
        Column("Owner", lambda r: r[0].owner, width=20),
        Column("Status", lambda r: _enum(r[0].status), width=12),
        Column("Counts as", lambda r: facts.control_state(r[0], portal).value, width=12),
        Column("Answers", lambda r: _list(f"{f}: {', '.join(ids)}" for f, ids in r[0].satisfies.items()), width=40),
        Column("Risks", lambda r: _list(r[0].risks), width=14),
        Column("Initiative", lambda r: r[0].initiative, width=20),
        Column("Evidence", lambda r: r[1].what if r[1] else None, width=40),
        Column("Kept at", lambda r: r[1].where if r[1] else None, width=30),
        Column("Checked", lambda r: r[1].checked if r[1] else None, "date", width=12),
        Column("Every", lambda r: _enum(r[1].every) if r[1] else None, width=10),
        Column("Next check", lambda r: r[1].due() if r[1] else None, "date", width=12),
        Column("Evidence state", lambda r: evidence_state(r[1], portal.today) if r[1] else None, width=14),
        Column("Not applicable because", lambda r: r[0].reason or None, width=30),
    ]
    return _table("controls", "Control register", "Every control with its owner, status, the requirements it "
                  "answers and each piece of evidence: where it is kept, when checked and when due.", columns, rows)


def requirement_mapping(portal: Portal) -> Table:
    rows = [(fc.framework, r) for fc in facts.all_coverage(portal) for r in fc.requirements]
    columns: list[Column] = [
        Column("Framework", lambda r: r[0].title, width=28),
        Column("Requirement", lambda r: r[1].requirement.id, width=20),
        Column("Title", lambda r: r[1].requirement.title, width=44),
        Column("Group", lambda r: r[1].requirement.group or None, width=24),
        Column("Coverage", lambda r: r[1].state.value, width=14),
        Column("Controls", lambda r: _list(c.id for c in r[1].controls), width=36),
    ]
    return _table("requirements", "Requirement mapping", "Each requirement of the frameworks in scope, how far "
                  "it is met and the controls answering it, gaps first.", columns, rows)


def ai_register(portal: Portal) -> Table:
    columns: list[Column] = [
        Column("ID", lambda u: u.id, width=24),
        Column("AI use", lambda u: u.title, width=36),
        Column("Department", lambda u: u.department, width=16),
        Column("Tool", lambda u: u.tool, width=24),
        Column("Vendor", lambda u: u.vendor, width=16),
        Column("Data it sees", lambda u: _list(u.data), width=14),
        Column("Personal data allowed", lambda u: u.personal_data_allowed, "flag", width=10),
        Column("Decision", lambda u: _enum(u.decision), width=16),
        Column("Approved by", lambda u: u.approved_by, width=24),
        Column("Decided", lambda u: u.decided, "date", width=12),
        Column("Risk tier", lambda u: _enum(u.risk_tier), width=10),
        Column("Human oversight", lambda u: u.human_oversight.strip() or None, width=36),
        Column("Status", lambda u: _enum(u.status), width=10),
        Column("Next review", lambda u: u.review, "date", width=12),
    ]
    return _table("ai-register", "AI register", "Every AI use: what it is for, the data it sees, the decision, "
                  "its risk tier and who checks its output.", columns, portal.ai_uses.values())


def compliance_tables(portal: Portal) -> list[Table]:
    """Those the portal has anything for: a client without controls, frameworks or AI uses gets none."""
    return [table(portal) for table, wanted in ((controls, portal.controls),
                                                (requirement_mapping, portal.frameworks_in_scope()),
                                                (ai_register, portal.ai_uses)) if wanted]
