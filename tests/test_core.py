"""The core without any site generator: derived facts a reader relies on."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.model import KPI, Initiative, PortalSettings, Risk, Vendor
from generator.model.common import parse_period
from generator.model.portal import Portal
from generator.render.site import write_tree
from generator.render.pages import render_pages

TODAY = dt.date(2026, 11, 20)


def portal(**items) -> Portal:
    p = Portal(settings=PortalSettings(client="Acme", today=TODAY), today=TODAY)
    for kind, values in items.items():
        target = p.of_kind(kind)
        for value in values:
            target[value.id] = value
    return p


@pytest.mark.parametrize(
    "text, first, last",
    [
        ("2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        ("2027-02", dt.date(2027, 2, 1), dt.date(2027, 2, 28)),
        ("2028-02", dt.date(2028, 2, 1), dt.date(2028, 2, 29)),
        ("2026-10-05", dt.date(2026, 10, 5), dt.date(2026, 10, 5)),
    ],
)
def test_periods_cover_the_whole_month_or_quarter(text, first, last):
    period = parse_period(text)
    assert (period.first, period.last) == (first, last)


@pytest.mark.parametrize(
    "fields, horizon",
    [
        ({"status": "in-progress"}, "now"),
        ({"start": "2026-10"}, "now"),
        ({"start": "2027-Q1"}, "next"),
        ({"start": "2027-Q4"}, "later"),
        ({}, "later"),
        ({"start": "2027-Q4", "horizon": "now"}, "now"),
    ],
)
def test_horizon_is_derived_from_status_and_dates(fields, horizon):
    initiative = Initiative(id="x", title="X", **fields)
    assert portal().horizon(initiative) == horizon


def test_kpi_progress_knows_when_lower_is_better():
    downtime = KPI(name="Downtime", unit="hours", baseline=46, target=8, current=14)
    assert downtime.lower_is_better and downtime.progress == pytest.approx(32 / 38)
    adoption = KPI(name="MFA", unit="%", baseline=18, target=100, current=100)
    assert adoption.met


def test_vendor_money_and_notice():
    vendor = Vendor(
        id="m365",
        name="Microsoft 365",
        category="Productivity",
        cost={"amount": 1320, "per": "month"},
        contract={"end": "2027-03-01", "notice_days": 30},
    )
    p = portal(vendor=[vendor])
    assert p.annual_cost(vendor) == 15840
    assert p.notice_deadline(vendor) == dt.date(2027, 1, 30)


def test_client_audience_drops_internal_items_and_references_to_them():
    secret = Risk(
        id="R-009",
        title="Office manager kept admin access",
        category="people",
        owner="COO",
        likelihood=2,
        impact=3,
        visibility="internal",
    )
    review = Initiative(id="access-review", title="Access review", mitigates=["R-009"])
    view = portal(risk=[secret], initiative=[review]).for_audience("client")
    assert "R-009" not in view.risks
    assert view.initiatives["access-review"].mitigates == []
    pages = render_pages(view)
    assert not any("R-009" in text or "Office manager" in text for text in pages.values())


def test_pages_can_be_written_as_a_folder_for_another_generator(tmp_path):
    from generator.render.site import SiteSources

    p = portal(initiative=[Initiative(id="backups", title="Immutable backups", status="in-progress")])
    write_tree(SiteSources(pages=render_pages(p), files={}, nav=[]), tmp_path)
    text = (tmp_path / "roadmap" / "backups.md").read_text()
    assert text.count("# Immutable backups") == 1 and "in progress" in text  # a status reads as words
