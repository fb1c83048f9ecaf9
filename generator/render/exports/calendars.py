"""Calendar files (RFC 5545) a reader can subscribe to: contract deadlines and roadmap milestones.

The icalendar library escapes text (backslash, comma, semicolon, line breaks) and folds long lines,
so no text from a source can end a property or start an event of its own. Every event has a UID
made from ids only, stable from one build to the next, so a subscribed calendar updates its events
instead of adding copies; DTSTAMP is the portal's as-of date, so the same sources give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from icalendar import Alarm, Calendar, Event

from generator.facts.vendors import live
from generator.facts.formatting import day, money, slug, status_word
from generator.model.i18n import gettext as _
from generator.model.portal import Portal

PRODUCT_ID = "-//ctoportal//client portal//EN"
NOTICE_REMINDER = dt.timedelta(days=14)


def _calendar(portal: Portal, name: str, description: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("%(client)s: %(calendar)s") % {"client": portal.settings.client, "calendar": name})
    calendar.add("x-wr-caldesc", description)
    return calendar


def _uid_domain(portal: Portal) -> str:
    return slug(portal.settings.client) + ".ctoportal"


def _event(portal: Portal, uid: str, when: dt.date, summary: str, description: str) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{_uid_domain(portal)}")
    event.add("dtstamp", dt.datetime.combine(portal.today, dt.time(), tzinfo=dt.timezone.utc))
    event.add("dtstart", when)
    event.add("dtend", when + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")  # a deadline, not a meeting: it does not make anyone busy
    return event


def contract_deadlines(portal: Portal) -> bytes:
    """For each live contract that has not ended: the notice deadline (with a reminder) and the end."""
    calendar = _calendar(
        portal,
        _("contract deadlines"),
        _(
            "Dates by which notice must be given to leave or renegotiate a contract, and "
            "the dates contracts end or renew."
        ),
    )
    for vendor in live(portal):
        contract = vendor.contract
        if contract is None or contract.end is None or contract.end < portal.today:
            continue
        # Whole sentences for translators (a verb's place differs by language); names are never translated.
        cost = (
            " "
            + _("It costs %(amount)s a year.") % {"amount": money(vendor.cost.annual, portal.currency_of(vendor.cost))}
            if vendor.cost
            else ""
        )
        owner = " " + _("Owner: %(owner)s.") % {"owner": vendor.owner} if vendor.owner else ""
        names = {"vendor": vendor.name, "days": contract.notice_days, "end": day(contract.end)}
        notice_by = portal.notice_deadline(vendor)
        if contract.notice_days and notice_by is not None:
            last_day = (
                _(
                    "Last day to give notice on %(vendor)s (%(days)s days' notice): the contract renews "
                    "automatically on %(end)s."
                )
                if contract.auto_renew
                else _("Last day to give notice on %(vendor)s (%(days)s days' notice): the contract ends on %(end)s.")
            ) % names
            event = _event(
                portal,
                f"vendor-{vendor.id}-notice",
                notice_by,
                _("Notice deadline: %(vendor)s") % names,
                f"{last_day}{cost}{owner}",
            )
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", _("Notice deadline for %(vendor)s in 14 days") % names)
            alarm.add("trigger", -NOTICE_REMINDER)
            event.add_component(alarm)
            calendar.add_component(event)
        summary, today = (
            (_("%(vendor)s: contract renews automatically"), _("The %(vendor)s contract renews automatically today."))
            if contract.auto_renew
            else (_("%(vendor)s: contract ends"), _("The %(vendor)s contract ends today."))
        )
        calendar.add_component(
            _event(portal, f"vendor-{vendor.id}-end", contract.end, summary % names, f"{today % names}{cost}{owner}")
        )
    return calendar.to_ical()


def milestones(portal: Portal) -> bytes:
    """Every milestone of every initiative, marked done or not."""
    calendar = _calendar(portal, _("roadmap milestones"), _("Milestones of the technology roadmap."))
    for initiative in portal.initiatives.values():
        seen: dict[str, int] = {}
        for milestone in initiative.milestones:
            # Keyed by the milestone's title, not its position: adding one does not renumber the rest.
            key = hashlib.sha256(milestone.title.encode()).hexdigest()[:12]
            seen[key] = seen.get(key, 0) + 1
            suffix = f"-{seen[key]}" if seen[key] > 1 else ""
            state = (
                _("Done.")
                if milestone.done
                else _("Status of the initiative: %(status)s.")
                % {"status": status_word(initiative.status, "initiative status")}
            )
            owner = " " + _("Owner: %(owner)s.") % {"owner": initiative.owner} if initiative.owner else ""
            calendar.add_component(
                _event(
                    portal,
                    f"initiative-{initiative.id}-{key}{suffix}",
                    milestone.date,
                    f"{initiative.title}: {milestone.title}",
                    f"{state}{owner}",
                )
            )
    return calendar.to_ical()
