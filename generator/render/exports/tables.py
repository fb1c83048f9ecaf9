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
from generator.model.portal import Portal

Cell = str | int | float | bool | dt.date | None
T = TypeVar("T")


@dataclass(frozen=True)
class Column(Generic[T]):
    header: str
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
    return None if value is None else str(value).replace("-", " ")


def roadmap(portal: Portal) -> Table:
    def cost(attribute: str) -> Callable[[Any], Cell]:
        return lambda i: getattr(i.cost, attribute) if i.cost else None

    columns: list[Column] = [
        Column("ID", lambda i: i.id, width=12),
        Column("Initiative", lambda i: i.title, width=40),
        Column("Status", lambda i: _enum(i.status)),
        Column("Horizon", lambda i: _enum(portal.horizon(i)), width=10),
        Column("Start", lambda i: i.start.text if i.start else None, width=12),
        Column("End", lambda i: i.end.text if i.end else None, width=12),
        Column("Owner", lambda i: i.owner, width=20),
        Column("Priority", lambda i: _enum(i.priority), width=10),
        Column("Progress %", lambda i: i.progress, "number", width=11),
        Column("Goals", lambda i: _list(i.goals), width=24),
        Column("Depends on", lambda i: _list(i.depends_on), width=24),
        Column("Mitigates risks", lambda i: _list(r.id for r in portal.risks_mitigated_by(i)), width=18),
        Column("Vendors", lambda i: _list(i.vendors), width=24),
        Column("Capex", cost("capex"), "money"),
        Column("Opex per year", cost("opex"), "money"),
        Column("Currency", lambda i: portal.currency_of(i.cost), width=9),
        Column("Tags", lambda i: _list(i.tags), width=20),
    ]
    return _table("roadmap", "Roadmap", "Every initiative with its dates, owner, status, links and cost.",
                  columns, portal.initiatives.values())


def risks(portal: Portal) -> Table:
    appetite = portal.settings.risk_appetite
    columns: list[Column] = [
        Column("ID", lambda r: r.id, width=9),
        Column("Risk", lambda r: r.title, width=40),
        Column("Category", lambda r: _enum(r.category)),
        Column("Owner", lambda r: r.owner, width=20),
        Column("Status", lambda r: _enum(r.status), width=11),
        Column("Likelihood", lambda r: r.likelihood, "number", width=10),
        Column("Impact", lambda r: r.impact, "number", width=8),
        Column("Score", lambda r: r.score, "number", width=8),
        Column(f"Above appetite ({appetite})", portal.above_appetite, "flag", width=14),
        Column("Residual likelihood", lambda r: r.residual.likelihood if r.residual else None, "number"),
        Column("Residual impact", lambda r: r.residual.impact if r.residual else None, "number"),
        Column("Residual score", lambda r: r.residual_score, "number"),
        Column("Response", lambda r: _enum(r.response), width=10),
        Column("Mitigations", lambda r: _list(i.id for i in portal.mitigations_of(r)), width=30),
        Column("Vendors", lambda r: _list(v.id for v in portal.vendors_for_risk(r)), width=20),
        Column("Frameworks", lambda r: _list(r.frameworks), width=16),
        Column("Identified", lambda r: r.identified, "date", width=12),
        Column("Next review", lambda r: r.review, "date", width=12),
    ]
    ordered = sorted(portal.risks.values(), key=lambda r: (r.is_closed, -r.score, r.id))
    return _table("risks", "Risk register", "Every risk with its ratings, owner, response and mitigations, "
                  "highest score first.", columns, ordered)


def vendors(portal: Portal) -> Table:
    def contract(attribute: str) -> Callable[[Any], Cell]:
        return lambda v: getattr(v.contract, attribute) if v.contract else None

    columns: list[Column] = [
        Column("ID", lambda v: v.id, width=16),
        Column("Vendor", lambda v: v.name, width=28),
        Column("Category", lambda v: v.category, width=18),
        Column("Capabilities", lambda v: _list(v.capabilities), width=28),
        Column("Owner", lambda v: v.owner, width=18),
        Column("Status", lambda v: _enum(v.status), width=12),
        Column("Criticality", lambda v: _enum(v.criticality), width=11),
        Column("Cost per year", lambda v: v.cost.annual if v.cost else None, "money"),
        Column("Currency", lambda v: portal.currency_of(v.cost), width=9),
        Column(f"Cost per year in {portal.settings.currency}",
               lambda v: portal.converted(v.cost.annual, v.cost) if v.cost else None, "money"),
        Column("Seats", lambda v: v.seats, "number", width=8),
        Column("Contract start", contract("start"), "date", width=12),
        Column("Contract end", contract("end"), "date", width=12),
        Column("Notice days", lambda v: v.contract.notice_days if v.contract else None, "number", width=8),
        Column("Notice by", lambda v: portal.notice_deadline(v), "date", width=12),
        Column("Auto-renews", contract("auto_renew"), "flag", width=11),
        Column("Data held", lambda v: _list(v.data), width=24),
        Column("Replaced by", lambda v: v.replaced_by, width=16),
    ]
    return _table("vendors", "Vendors", "Every vendor with its cost per year, contract dates and notice "
                  "deadline.", columns, portal.vendors.values())


def kpis(portal: Portal) -> Table:
    rows = [(goal, kpi) for goal in portal.goals.values() for kpi in goal.kpis]
    columns: list[Column] = [
        Column("Goal ID", lambda r: r[0].id, width=14),
        Column("Goal", lambda r: r[0].title, width=36),
        Column("KPI", lambda r: r[1].name, width=36),
        Column("Unit", lambda r: r[1].unit, width=8),
        Column("Baseline", lambda r: r[1].baseline, "number", width=10),
        Column("Current", lambda r: r[1].current, "number", width=10),
        Column("Target", lambda r: r[1].target, "number", width=10),
        Column("Due", lambda r: r[1].due, "date", width=12),
        Column("Progress to target %", lambda r: None if r[1].progress is None else round(r[1].progress * 100),
               "number", width=12),
        Column("Status", lambda r: kpi_status(r[1], portal.today).state.value, width=14),
        Column("How judged", lambda r: kpi_status(r[1], portal.today).reason, width=36),
    ]
    return _table("kpis", "Goals and KPIs", "Each business goal's KPIs: baseline, latest value and target.",
                  columns, rows)


def all_tables(portal: Portal) -> list[Table]:
    from generator.render.exports.compliance_tables import compliance_tables  # they build on the tables here

    return [roadmap(portal), risks(portal), vendors(portal), kpis(portal), *compliance_tables(portal)]
