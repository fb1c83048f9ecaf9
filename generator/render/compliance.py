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
from generator.model.i18n import N_, gettext as _, ngettext, pgettext
from generator.render.navigation import Link, Section
from generator.model.portal import Portal
from generator.render.dashboards import nav_title
from generator.facts.formatting import day
from generator.render.governance_labels import label


def compliance_pages(portal: Portal, render: Callable[..., str]) -> dict[str, str]:
    """The Compliance page, the readiness checklist and a coverage page per framework in scope, by path;
    ``render(template, path, **context)`` renders one. (Controls and AI uses have their pages as any kind.)"""
    coverages = facts.all_coverage(portal)
    rule = _rule()
    pages = {
        INDEX: render(
            "compliance.md.j2",
            INDEX,
            coverages=coverages,
            evidence=facts.evidence_lines(portal),
            rule=rule,
            Coverage=facts.Coverage,
            tags=risk_tags.frameworks(portal),
            states=risk_tags.STATES,
            framework_path=framework_path,
            assurance=_assurance(portal),
        ),
    }
    if facts.has_registers(portal):
        pages[READINESS] = render(
            "compliance/readiness.md.j2",
            READINESS,
            groups=[(purpose, facts.readiness_for(portal, purpose)) for purpose in facts.Purpose],
            words=readiness_words,
        )
    for fc in coverages:
        path = framework_path(fc.framework.id)
        pages[path] = render("compliance/framework.md.j2", path, fc=fc, rule=rule, Coverage=facts.Coverage)
    return pages


def _rule() -> Markup:
    """How coverage is judged, in the portal's language: our Markdown (its bold words), the text escaped."""
    return Markup(html.escape(_(facts.COVERAGE_RULE), quote=False))


def readiness_words(item: facts.ReadinessItem) -> tuple[str, str]:
    """A readiness check's title and what was found, in the portal's language, from its figures and names
    (names from the sources stay as written). Plain text: the page escapes it."""
    v = item.values
    if item.check == "framework":
        title = _("Every requirement of %(framework)s is met") % {"framework": v["framework"]}
        counts = {"gaps": v["gaps"], "met": v["met"], "applicable": v["applicable"], "partial": v["partial"]}
        if v["gaps"] and v["partial"]:
            found = _("%(gaps)d with no control; %(met)d of %(applicable)d met, %(partial)d partial or planned")
        elif v["gaps"]:
            found = _("%(gaps)d with no control; %(met)d of %(applicable)d met")
        elif v["partial"]:
            found = _("%(met)d of %(applicable)d met, %(partial)d partial or planned")
        else:
            found = _("%(met)d of %(applicable)d met")
        return title, found % counts
    if item.check == "evidence":
        n = v["expired"]
        return (
            _("Evidence is current for every control"),
            ngettext("%(num)d piece of evidence expired", "%(num)d pieces of evidence expired", n) % {"num": n}
            if n
            else _("all evidence current"),
        )
    if item.check == "bare":
        n = v["bare"]
        return (
            _("Every control in place has evidence"),
            ngettext("%(num)d control in place without evidence", "%(num)d controls in place without evidence", n)
            % {"num": n}
            if n
            else _("all have evidence"),
        )
    if item.check == "agreements":
        return (
            _("Vendors holding patient or personal data have signed a BAA or DPA"),
            ", ".join(
                _("%(vendor)s: no %(agreement)s") % {"vendor": name, "agreement": agreement}
                for name, agreement in v["missing"]
            )
            or _("all signed"),
        )
    if item.check == "reports":
        return (
            _("Vendor security reports (SOC 2, ISO 27001) are current"),
            ", ".join(
                _("%(vendor)s: %(report)s expired %(day)s")
                % {"vendor": name, "report": label(kind), "day": day(expires)}
                for name, kind, expires in v["expired"]
            )
            or _("none expired"),
        )
    if item.check == "ai":
        n = v["uses"]
        return (
            _("AI uses are approved, overseen and none prohibited is in use"),
            ", ".join(v["unsafe"])
            or ngettext("%(num)d AI use on the register", "%(num)d AI uses on the register", n) % {"num": n},
        )
    if item.check == "ai-data":
        return (
            _("No patient or personal data goes into an AI tool without a BAA or DPA"),
            ", ".join(
                _("%(use)s: no %(agreement)s") % {"use": name, "agreement": agreement}
                for name, agreement in v["missing"]
            )
            or pgettext("readiness", "none"),
        )
    if item.check == "ai-reviews":
        n = v["overdue"]
        return (
            _("AI decisions are reviewed on time"),
            ngettext("%(num)d AI review overdue", "%(num)d AI reviews overdue", n) % {"num": n}
            if n
            else _("none overdue"),
        )
    return item.title, item.detail


def compliance_nav(portal: Portal, tab: Section) -> Section:
    """The controls' tab (``pages.navigation``'s, labelled Compliance): the control register first, as every
    kind's tab opens on its register, then the coverage overview, each framework in scope and readiness."""
    frameworks = [Link(html.escape(f.title, quote=False), framework_path(f.id)) for f in portal.frameworks_in_scope()]
    readiness = [Link(nav_title(N_("Readiness")), READINESS)] if facts.has_registers(portal) else []
    return Section(
        tab.title, tab.page, (Link(nav_title(N_("Coverage")), INDEX), *frameworks, *readiness, *tab.children)
    )


def _assurance(portal: Portal) -> list[Any]:
    """Vendors holding patient or personal data, with their agreements and reports."""
    from generator.model.compliance import holds_personal, holds_phi

    gaps = {(g.vendor.id, g.agreement) for g in facts.agreement_gaps(portal)}
    rows = []
    for vendor in portal.vendors.values():
        if not (holds_phi(vendor.data) or holds_personal(vendor.data)) or not facts.holds_data(vendor, portal.today):
            continue
        rows.append(
            (
                vendor,
                ("BAA" in {a for v, a in gaps if v == vendor.id}),
                ("DPA" in {a for v, a in gaps if v == vendor.id}),
            )
        )
    return sorted(rows, key=lambda r: (not (r[1] or r[2]), r[0].name.lower()))
