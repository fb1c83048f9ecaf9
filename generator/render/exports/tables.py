"""The registers as tables of typed cells: one definition that the CSV files and the workbook share.

A cell is text, a number, a date, a true/false or empty. Writers decide how each type looks in their
format; none of them ever turns text into something a spreadsheet would evaluate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from generator.facts.figures import kpi_status
from generator.facts.formatting import VOCABULARY_OF_ENUM, status_word
from generator.model.i18n import gettext as _
from generator.model.portal import Portal
from generator.render import governance_labels, labels

Cell = str | int | float | bool | dt.date | None
T = TypeVar("T")


@dataclass(frozen=True)
class Column(Generic[T]):
    header: str
    """In the portal's language: a CSV file's and a sheet's first row are read by people (data.json stays English)."""
    value: Callable[[T], Cell]
    kind: str = "text"
    """text, number, money, date or flag: how a spreadsheet formats the cells."""
    width: int = 14


@dataclass(frozen=True)
class Table:
    name: str
    """File and sheet name: ``roadmap`` -> roadmap.csv and the sheet "Roadmap"."""
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


def _table(name: str, title: str, description: str, columns: list[Column[T]], items: Iterable[T]) -> Table:
    rows = tuple(tuple(column.value(item) for column in columns) for item in items)
    return Table(name, title, description, tuple(columns), rows)


def _list(values: Iterable[Any]) -> str:
    return ", ".join(str(v) for v in values)


def _enum(value: Any) -> str | None:
    """A closed-vocabulary value as words in the portal's language (``in-progress`` -> in progress)."""
    if value is None:
        return None
    governance = governance_labels.label(value)  # decisions, actions, controls, coverage, the AI register
    return governance or status_word(value, VOCABULARY_OF_ENUM.get(type(value).__name__, "status"))


def roadmap(portal: Portal) -> Table:
    def cost(attribute: str) -> Callable[[Any], Cell]:
        return lambda i: getattr(i.cost, attribute) if i.cost else None

    columns: list[Column] = [
        Column(_("ID"), lambda i: i.id, width=12),
        Column(_("Initiative"), lambda i: i.title, width=40),
        Column(_("Status"), lambda i: _enum(i.status)),
        Column(_("Horizon"), lambda i: _enum(portal.horizon(i)), width=10),
        Column(_("Start"), lambda i: i.start.text if i.start else None, width=12),
        Column(_("End"), lambda i: i.end.text if i.end else None, width=12),
        Column(_("Owner"), lambda i: i.owner, width=20),
        Column(_("Priority"), lambda i: _enum(i.priority), width=10),
        Column(_("Progress %"), lambda i: i.progress, "number", width=11),
        Column(_("Goals"), lambda i: _list(i.goals), width=24),
        Column(_("Depends on"), lambda i: _list(i.depends_on), width=24),
        Column(_("Mitigates risks"), lambda i: _list(r.id for r in portal.risks_mitigated_by(i)), width=18),
        Column(_("Vendors"), lambda i: _list(i.vendors), width=24),
        Column(_("Capex"), cost("capex"), "money"),
        Column(_("Opex per year"), cost("opex"), "money"),
        Column(_("Currency"), lambda i: portal.currency_of(i.cost), width=9),
        Column(_("Tags"), lambda i: _list(i.tags), width=20),
    ]
    return _table(
        "roadmap",
        _("Roadmap"),
        _("Every initiative with its dates, owner, status, links and cost."),
        columns,
        portal.initiatives.values(),
    )


def risks(portal: Portal) -> Table:
    appetite = portal.settings.risk_appetite
    columns: list[Column] = [
        Column(_("ID"), lambda r: r.id, width=9),
        Column(_("Risk"), lambda r: r.title, width=40),
        Column(_("Category"), lambda r: _enum(r.category)),
        Column(_("Owner"), lambda r: r.owner, width=20),
        Column(_("Status"), lambda r: _enum(r.status), width=11),
        Column(_("Likelihood"), lambda r: r.likelihood, "number", width=10),
        Column(_("Impact"), lambda r: r.impact, "number", width=8),
        Column(_("Score"), lambda r: r.score, "number", width=8),
        Column(_("Above appetite (%(appetite)s)") % {"appetite": appetite}, portal.above_appetite, "flag", width=14),
        Column(_("Residual likelihood"), lambda r: r.residual.likelihood if r.residual else None, "number"),
        Column(_("Residual impact"), lambda r: r.residual.impact if r.residual else None, "number"),
        Column(_("Residual score"), lambda r: r.residual_score, "number"),
        Column(_("Response"), lambda r: _enum(r.response), width=10),
        Column(_("Mitigations"), lambda r: _list(i.id for i in portal.mitigations_of(r)), width=30),
        Column(_("Vendors"), lambda r: _list(v.id for v in portal.vendors_for_risk(r)), width=20),
        Column(_("Frameworks"), lambda r: _list(r.frameworks), width=16),
        Column(_("Identified"), lambda r: r.identified, "date", width=12),
        Column(_("Next review"), lambda r: r.review, "date", width=12),
    ]
    ordered = sorted(portal.risks.values(), key=lambda r: (r.is_closed, -r.score, r.id))
    return _table(
        "risks",
        _("Risk register"),
        _("Every risk with its ratings, owner, response and mitigations, highest score first."),
        columns,
        ordered,
    )


def vendors(portal: Portal) -> Table:
    def contract(attribute: str) -> Callable[[Any], Cell]:
        return lambda v: getattr(v.contract, attribute) if v.contract else None

    columns: list[Column] = [
        Column(_("ID"), lambda v: v.id, width=16),
        Column(_("Vendor"), lambda v: v.name, width=28),
        Column(_("Category"), lambda v: v.category, width=18),
        Column(_("Capabilities"), lambda v: _list(v.capabilities), width=28),
        Column(_("Owner"), lambda v: v.owner, width=18),
        Column(_("Status"), lambda v: _enum(v.status), width=12),
        Column(_("Criticality"), lambda v: _enum(v.criticality), width=11),
        Column(_("Cost per year"), lambda v: v.cost.annual if v.cost else None, "money"),
        Column(_("Currency"), lambda v: portal.currency_of(v.cost), width=9),
        Column(
            _("Cost per year in %(currency)s") % {"currency": portal.settings.currency},
            lambda v: portal.converted(v.cost.annual, v.cost) if v.cost else None,
            "money",
        ),
        Column(_("Seats"), lambda v: v.seats, "number", width=8),
        Column(_("Contract start"), contract("start"), "date", width=12),
        Column(_("Contract end"), contract("end"), "date", width=12),
        Column(_("Notice days"), lambda v: v.contract.notice_days if v.contract else None, "number", width=8),
        Column(_("Notice by"), lambda v: portal.notice_deadline(v), "date", width=12),
        Column(_("Auto-renews"), contract("auto_renew"), "flag", width=11),
        Column(_("Data held"), lambda v: _list(v.data), width=24),
        Column(_("Replaced by"), lambda v: v.replaced_by, width=16),
    ]
    return _table(
        "vendors",
        _("Vendors"),
        _("Every vendor with its cost per year, contract dates and notice deadline."),
        columns,
        portal.vendors.values(),
    )


def kpis(portal: Portal) -> Table:
    rows = [(goal, kpi) for goal in portal.goals.values() for kpi in goal.kpis]
    columns: list[Column] = [
        Column(_("Goal ID"), lambda r: r[0].id, width=14),
        Column(_("Goal"), lambda r: r[0].title, width=36),
        Column(_("KPI"), lambda r: r[1].name, width=36),
        Column(_("Unit"), lambda r: r[1].unit, width=8),
        Column(_("Baseline"), lambda r: r[1].baseline, "number", width=10),
        Column(_("Current"), lambda r: r[1].current, "number", width=10),
        Column(_("Target"), lambda r: r[1].target, "number", width=10),
        Column(_("Due"), lambda r: r[1].due, "date", width=12),
        Column(
            _("Progress to target %"),
            lambda r: None if r[1].progress is None else round(r[1].progress * 100),
            "number",
            width=12,
        ),
        Column(_("Status"), lambda r: labels.label("kpi status", kpi_status(r[1], portal.today).state.value), width=14),
        Column(_("How judged"), lambda r: labels.kpi_reason(kpi_status(r[1], portal.today)), width=36),
    ]
    return _table(
        "kpis", _("Goals and KPIs"), _("Each business goal's KPIs: baseline, latest value and target."), columns, rows
    )


def register_tables(portal: Portal) -> list[Table]:
    """The roadmap, risk, vendor and KPI registers (the compliance and governance ones build on these parts)."""
    return [roadmap(portal), risks(portal), vendors(portal), kpis(portal)]
