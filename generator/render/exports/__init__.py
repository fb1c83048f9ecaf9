"""Files a reader downloads from the portal: the registers as CSV and Excel, calendars, and JSON.

Each is made from the portal as the audience sees it, so nothing internal reaches a client's files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.model import i18n
from generator.facts.formatting import slug
from generator.model.i18n import gettext as _
from generator.model.portal import Portal, ReaderPortal
from generator.render.exports import calendars, data, governance, spreadsheets, tables
from generator.render.exports.compliance_tables import compliance_tables

FOLDER = "downloads"


@dataclass(frozen=True)
class Download:
    path: str
    """Where it is in the site: ``downloads/roadmap.csv``."""
    filename: str
    """The name it is saved under: the client's name and the as-of date, so downloads never mix up."""
    title: str
    kind: str
    """What opens it, in a reader's words: _("Excel workbook"), _("CSV (spreadsheet)"), _("Calendar")..."""
    description: str
    content: bytes


def downloads(portal: ReaderPortal) -> list[Download]:
    # Titles, kinds and descriptions in the portal's language; file names stay as they are (links).
    stem = f"{slug(portal.settings.client)}-{{}}-{portal.today.isoformat()}"

    def make(name: str, ext: str, title: str, kind: str, description: str, content: bytes) -> Download:
        return Download(f"{FOLDER}/{name}.{ext}", f"{stem.format(name)}.{ext}", title, kind, description, content)

    registers = tables.register_tables(portal) + compliance_tables(portal) + governance.tables(portal)
    found = [
        make(
            "portal",
            "xlsx",
            _("Everything in one workbook"),
            _("Excel workbook"),
            _("A sheet each for the roadmap, the risk register, the vendors and the KPIs, with filters.")
            if len(registers) == 4
            else _(
                "A sheet each for the roadmap, the risk register, the vendors, the KPIs, the control register, "
                "the requirement mapping and the AI register, with filters."
            ),
            spreadsheets.xlsx_bytes(registers, client=portal.settings.client, as_of=portal.today),
        )
    ]
    found += [
        make(t.name, "csv", t.title, _("CSV (spreadsheet)"), t.description, spreadsheets.csv_bytes(t))
        for t in registers
    ]
    found += [
        make(
            "contract-deadlines",
            "ics",
            _("Contract deadlines"),
            _("Calendar"),
            _("Notice deadlines (with a reminder two weeks before) and contract end dates, to add to a calendar."),
            calendars.contract_deadlines(portal),
        ),
        make(
            "milestones",
            "ics",
            _("Roadmap milestones"),
            _("Calendar"),
            _("Every milestone of the roadmap."),
            calendars.milestones(portal),
        ),
        make(
            "decisions-and-actions",
            "ics",
            _("Decisions and actions due"),
            _("Calendar"),
            _("When each open decision is due, and each open action of the 90-day plan."),
            governance.due_calendar(portal),
        ),
        make(
            "data",
            "json",
            _("All the data"),
            "JSON",
            _(
                "Goals, initiatives, risks, vendors, controls, AI uses and requirement coverage as structured "
                "data, for your own reports and tools."
            ),
            data.data_json(portal),
        ),
    ]
    return found


def write_downloads(portal: Portal, folder: Path) -> list[Path]:
    """Write every download for the portal's audience (a client build: nothing internal) into ``folder``,
    each under its full name (client, register, as-of date)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with i18n.using(i18n.for_settings(portal.settings)):
        files = downloads(portal.for_audience(portal.settings.audience))
    for download in files:
        target = folder / download.filename
        target.write_bytes(download.content)
        written.append(target)
    return written
