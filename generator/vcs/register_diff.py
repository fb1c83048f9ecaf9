"""What changed in the risk register and the vendor list between two portals: risks (added, closed, rescored
across the appetite, owners) and vendors (added, removed, spend, contracts, renewals). One function per
kind for an item both portals hold, run by ``change_table`` (which tells the items added and removed)."""

from __future__ import annotations


from generator.model import Risk, Vendor, VendorStatus
from generator.model.i18n import N_
from generator.vcs.wording import Phrase, Status
from generator.model.portal import Portal
from generator.vcs.changes import Change, Kind, annual_spend, value_changed


# -- risks -------------------------------------------------------------------------------------------


def risk_label(risk: Risk) -> str:
    return f"{risk.id} {risk.title}"


def risk_changed(base: Portal, head: Portal, item_id: str, old: Risk, new: Risk) -> list[Change]:
    appetite = head.settings.risk_appetite
    changes: list[Change] = []
    if old.is_closed != new.is_closed:
        closed = new.is_closed
        changes.append(
            Change(
                Kind.RISK,
                item_id,
                "closed" if closed else "reopened",
                50 if closed else 60,
                # TRANSLATORS: {new} is the risk's status now: closed, accepted, transferred
                N_("Risk {item} {new}") if closed else N_("Risk {item} reopened ({new})"),
                {"item": risk_label(new), "new": Status(new.status)},
                before=old.status.value,
                after=new.status.value,
            )
        )
    elif old.status != new.status:
        changes.append(
            value_changed(
                Kind.RISK,
                item_id,
                "status",
                30,
                N_("Risk {item}: status {old} → {new}"),
                risk_label(new),
                old.status,
                new.status,
            )
        )
    if old.score != new.score:
        changes.append(_rescored(old, new, appetite))
    if old.owner != new.owner:
        changes.append(
            value_changed(
                Kind.RISK,
                item_id,
                "owner",
                20,
                N_("Risk {item}: owner {old} → {new}"),
                risk_label(new),
                old.owner,
                new.owner,
            )
        )
    return changes


def _rescored(old: Risk, new: Risk, appetite: int) -> Change:
    values = {
        "item": risk_label(new),
        "old": old.score,
        "new": new.score,
        "appetite": appetite,
        "rating": Phrase(
            N_("likelihood {likelihood}, impact {impact}"), (("likelihood", new.likelihood), ("impact", new.impact))
        ),
    }
    template = N_("Risk {item} re-scored {old} → {new} ({rating})")
    importance = 35
    if old.score <= appetite < new.score:
        template = N_("Risk {item} re-scored {old} → {new} ({rating}): **now above the risk appetite of {appetite}**")
        importance = 90
    elif new.score <= appetite < old.score:
        template = N_("Risk {item} re-scored {old} → {new} ({rating}): now within the risk appetite of {appetite}")
        importance = 75
    return Change(Kind.RISK, new.id, "rescored", importance, template, values, before=old.score, after=new.score)


# -- vendors -----------------------------------------------------------------------------------------


def vendor_changed(base: Portal, head: Portal, item_id: str, old: Vendor, new: Vendor) -> list[Change]:
    changes: list[Change] = []
    if old.status != new.status:
        retired = new.status == VendorStatus.RETIRED
        changes.append(
            value_changed(
                Kind.VENDOR,
                item_id,
                "retired" if retired else "status",
                55 if retired else 35,
                N_("Vendor {item} retired") if retired else N_("Vendor {item}: status {old} → {new}"),
                new.name,
                old.status,
                new.status,
            )
        )
    before, after = base.annual_cost(old), head.annual_cost(new)
    if before != after:
        changes.append(
            Change(
                Kind.VENDOR,
                item_id,
                "cost",
                50,
                N_("Vendor {item}: {old} → {new} a year ({delta})"),
                {
                    "item": new.name,
                    "old": _money(before, base.currency_of(old.cost)),
                    "new": _money(after, head.currency_of(new.cost)),
                    "delta": _signed_money(after - before, head.currency_of(new.cost)),
                },
                before=before,
                after=after,
            )
        )
    old_end = old.contract.end if old.contract else None
    new_end = new.contract.end if new.contract else None
    if old_end != new_end:
        changes.append(
            Change(
                Kind.VENDOR,
                item_id,
                "renewal",
                40,
                N_("Vendor {item}: contract ends {old} → {new}"),
                {"item": new.name, "old": _day(old_end), "new": _day(new_end)},
                before=old_end.isoformat() if old_end else None,
                after=new_end.isoformat() if new_end else None,
            )
        )
    return changes


def spend_changes(base: Portal, head: Portal) -> list[Change]:
    """The annual vendor spend, told after the vendors' changes."""
    currency = head.settings.currency
    spend_before, spend_after = annual_spend(base), annual_spend(head)
    if spend_before == spend_after:
        return []
    return [
        Change(
            Kind.SPEND,
            "",
            "spend",
            85,
            N_("Annual vendor spend {old} → {new} ({delta})"),
            {
                "old": _money(spend_before, currency),
                "new": _money(spend_after, currency),
                "delta": _signed_money(spend_after - spend_before, currency),
            },
            before=spend_before,
            after=spend_after,
        )
    ]


def _money(amount: float, currency: str) -> str:
    from generator.facts.formatting import money

    return money(amount, currency)


def _signed_money(amount: float, currency: str) -> str:
    return ("+" if amount > 0 else "-") + _money(abs(amount), currency)


def _day(value) -> str | Phrase:
    from generator.facts.formatting import day

    return day(value) if value else Phrase(N_("no end date"))
