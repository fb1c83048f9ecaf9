"""The compliance and AI pages: coverage per framework, readiness, the control register and its pages,
the AI register and its pages. ``pages.render_pages`` and ``pages.navigation`` take them from here."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from generator.diagrams import compliance as risk_tags
from generator.facts import compliance as facts
from generator.model.portal import Portal

from generator.model.compliance import AI_REGISTER, CONTROLS, INDEX, READINESS, framework_path


def compliance_pages(portal: Portal, render: Callable[..., str]) -> dict[str, str]:
    """Every compliance page by path; ``render(template, path, **context)`` renders one."""
    coverages = facts.all_coverage(portal)
    evidence = facts.evidence_lines(portal)
    by_control: dict[str, list[facts.EvidenceLine]] = {}
    for line in evidence:
        by_control.setdefault(line.control.id, []).append(line)
    pages = {
        INDEX: render("compliance/index.md.j2", INDEX, coverages=coverages, pack=facts.compliance_pack(portal),
                      evidence=evidence, rule=facts.COVERAGE_RULE, Coverage=facts.Coverage,
                      tags=risk_tags.frameworks(portal), states=risk_tags.STATES, framework_path=framework_path,
                      assurance=_assurance(portal)),
        READINESS: render("compliance/readiness.md.j2", READINESS,
                          groups=[(purpose, facts.readiness_for(portal, purpose)) for purpose in facts.Purpose]),
        CONTROLS: render("compliance/controls.md.j2", CONTROLS, by_control=by_control,
                         titles={k: f.title for k, f in portal.known_frameworks().items()},
                         control_state=lambda c: facts.control_state(c, portal), framework_path=framework_path),
        AI_REGISTER: render("compliance/ai.md.j2", AI_REGISTER, register=facts.ai_register(portal)),
    }
    for fc in coverages:
        path = framework_path(fc.framework.id)
        pages[path] = render("compliance/framework.md.j2", path, fc=fc, rule=facts.COVERAGE_RULE,
                             Coverage=facts.Coverage)
    for control in portal.controls.values():
        path = f"controls/{control.id}.md"
        pages[path] = render("compliance/control.md.j2", path, item=control,
                             evidence=by_control.get(control.id, []),
                             mapped=facts.mapped_requirements(portal, control),
                             state=facts.control_state(control, portal), framework_path=framework_path)
    for use in portal.ai_uses.values():
        path = f"ai/{use.id}.md"
        pages[path] = render("compliance/ai_use.md.j2", path, item=use)
    return pages


def compliance_nav(portal: Portal) -> list[Any]:
    """The Compliance tab (coverage, each framework, readiness, the control register and its controls)
    and the AI register tab."""
    frameworks = [{html.escape(f.title, quote=False): framework_path(f.id)} for f in portal.frameworks_in_scope()]
    controls = [{html.escape(c.title, quote=False): f"controls/{c.id}.md"} for c in portal.controls.values()]
    uses = [{html.escape(u.title, quote=False): f"ai/{u.id}.md"} for u in portal.ai_uses.values()]
    return [
        {"Compliance": [INDEX, *frameworks, {"Readiness": READINESS}, {"Controls": [CONTROLS, *controls]}]},
        {"AI register": [AI_REGISTER, *uses]},
    ]


def _assurance(portal: Portal) -> list[Any]:
    """Vendors holding patient or personal data, with their agreements and reports."""
    from generator.model.compliance import holds_personal, holds_phi

    gaps = {(g.vendor.id, g.agreement) for g in facts.agreement_gaps(portal)}
    rows = []
    for vendor in portal.vendors.values():
        if not (holds_phi(vendor.data) or holds_personal(vendor.data)) or not facts.holds_data(vendor, portal.today):
            continue
        rows.append((vendor, ("BAA" in {a for v, a in gaps if v == vendor.id}),
                     ("DPA" in {a for v, a in gaps if v == vendor.id})))
    return sorted(rows, key=lambda r: (not (r[1] or r[2]), r[0].name.lower()))
