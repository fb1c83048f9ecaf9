"""The compliance pages beyond the kinds' own: coverage of each framework in scope (catalogue or the
repository's), the overview with the gaps first, and the readiness checklist; and the Compliance tab that
holds them with the controls. ``pages.render_pages`` and ``pages.navigation`` take them from here."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from markupsafe import Markup  # the coverage rule is our own Markdown, not source text

from generator.facts import risk_tags
from generator.facts import compliance as facts
from generator.model.compliance import INDEX, READINESS, framework_path
from generator.model.i18n import N_
from generator.render.navigation import Link, Section
from generator.model.portal import Portal
from generator.render.dashboards import nav_title


def compliance_pages(portal: Portal, render: Callable[..., str]) -> dict[str, str]:
    """The Compliance page, the readiness checklist and a coverage page per framework in scope, by path;
    ``render(template, path, **context)`` renders one. (Controls and AI uses have their pages as any kind.)"""
    coverages = facts.all_coverage(portal)
    pages = {
        INDEX: render("compliance.md.j2", INDEX, coverages=coverages, evidence=facts.evidence_lines(portal),
                      rule=Markup(facts.COVERAGE_RULE), Coverage=facts.Coverage, tags=risk_tags.frameworks(portal),
                      states=risk_tags.STATES, framework_path=framework_path, assurance=_assurance(portal)),
    }
    if facts.has_registers(portal):
        pages[READINESS] = render("compliance/readiness.md.j2", READINESS,
                                  groups=[(purpose, facts.readiness_for(portal, purpose)) for purpose in facts.Purpose])
    for fc in coverages:
        path = framework_path(fc.framework.id)
        pages[path] = render("compliance/framework.md.j2", path, fc=fc, rule=Markup(facts.COVERAGE_RULE),
                             Coverage=facts.Coverage)
    return pages


def compliance_nav(portal: Portal, tab: Section) -> Section:
    """The controls' tab (``pages.navigation``'s, labelled Compliance): the control register first, as every
    kind's tab opens on its register, then the coverage overview, each framework in scope and readiness."""
    frameworks = [Link(html.escape(f.title, quote=False), framework_path(f.id)) for f in portal.frameworks_in_scope()]
    readiness = [Link(nav_title(N_("Readiness")), READINESS)] if facts.has_registers(portal) else []
    return Section(tab.title, tab.page, (Link(nav_title(N_("Coverage")), INDEX), *frameworks, *readiness, *tab.children))


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
