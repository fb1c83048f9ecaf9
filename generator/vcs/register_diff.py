"""What changed in the risk register and the vendor list between two portals: risks (added, closed, rescored
across the appetite, owners) and vendors (added, removed, spend, contracts, renewals). One function per
kind, run by ``change_table``."""

from __future__ import annotations


from generator.model import Risk, Vendor, VendorStatus
from generator.model.kinds import KindName
from generator.model.i18n import N_
from generator.vcs.wording import Phrase, Status
from generator.model.portal import Portal
from generator.vcs.portal_diff import Change, Kind, annual_spend, item_pairs


# -- risks -------------------------------------------------------------------------------------------


def _risk_label(risk: Risk) -> str:
    return f"{risk.id} {risk.title}"


def risk_changes(base: Portal, head: Portal) -> list[Change]:
    appetite = head.settings.risk_appetite
    changes: list[Change] = []
    old: Risk | None
    new: Risk | None
    for item_id, old, new in item_pairs(base, head, KindName.RISK):
        if new is None:
            changes.append(
                Change(
                    Kind.RISK,
                    item_id,
                    "removed",
                    50,
                    N_("Risk {item} removed from the register"),
                    {"item": _risk_label(old)},
                    before=old.score,
                )
            )
            continue
        if old is None:
            above = head.above_appetite(new)
            template = (
                N_("New risk {item}, score {score} (above the risk appetite of {appetite})")
                if above
                else N_("New risk {item}, score {score}")
            )
            changes.append(
                Change(
                    Kind.RISK,
                    item_id,
                    "added",
                    75 if above else 55,
                    template,
                    {"item": _risk_label(new), "score": new.score, "appetite": appetite},
                    after=new.score,
                )
            )
            continue
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
                    {"item": _risk_label(new), "new": Status(new.status)},
                    before=old.status.value,
                    after=new.status.value,
                )
            )
        elif old.status != new.status:
            changes.append(
                Change(
                    Kind.RISK,
                    item_id,
                    "status",
                    30,
                    N_("Risk {item}: status {old} → {new}"),
                    {"item": _risk_label(new), "old": Status(old.status), "new": Status(new.status)},
                    before=old.status.value,
                    after=new.status.value,
                )
            )
        if old.score != new.score:
            changes.append(_rescored(old, new, appetite))
        if old.owner != new.owner:
            changes.append(
                Change(
                    Kind.RISK,
                    item_id,
                    "owner",
                    20,
                    N_("Risk {item}: owner {old} → {new}"),
                    {"item": _risk_label(new), "old": old.owner, "new": new.owner},
                    before=old.owner,
                    after=new.owner,
                )
            )
    return changes


def _rescored(old: Risk, new: Risk, appetite: int) -> Change:
    values = {
        "item": _risk_label(new),
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


def vendor_changes(base: Portal, head: Portal) -> list[Change]:
    currency = head.settings.currency
    changes: list[Change] = []
    old: Vendor | None
    new: Vendor | None
    for item_id, old, new in item_pairs(base, head, KindName.VENDOR):
        if new is None:
            changes.append(
                Change(
                    Kind.VENDOR,
                    item_id,
                    "removed",
                    50,
                    N_("Vendor {item} removed from the list"),
                    {"item": old.name},
                    before=base.annual_cost(old),
                )
            )
            continue
        if old is None:
            cost = head.annual_cost(new)
            template = N_("New vendor {item} ({status}, {cost} a year)") if cost else N_("New vendor {item} ({status})")
            changes.append(
                Change(
                    Kind.VENDOR,
                    item_id,
                    "added",
                    45,
                    template,
                    {"item": new.name, "status": Status(new.status), "cost": _money(cost, head.currency_of(new.cost))},
                    after=cost,
                )
            )
            continue
        if old.status != new.status:
            retired = new.status == VendorStatus.RETIRED
            changes.append(
                Change(
                    Kind.VENDOR,
                    item_id,
                    "retired" if retired else "status",
                    55 if retired else 35,
                    N_("Vendor {item} retired") if retired else N_("Vendor {item}: status {old} → {new}"),
                    {"item": new.name, "old": Status(old.status), "new": Status(new.status)},
                    before=old.status.value,
                    after=new.status.value,
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
    spend_before, spend_after = annual_spend(base), annual_spend(head)
    if spend_before != spend_after:
        changes.append(
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
        )
    return changes


def _money(amount: float, currency: str) -> str:
    from generator.facts.formatting import money

    return money(amount, currency)


def _signed_money(amount: float, currency: str) -> str:
    return ("+" if amount > 0 else "-") + _money(abs(amount), currency)


def _day(value) -> str | Phrase:
    from generator.facts.formatting import day

    return day(value) if value else Phrase(N_("no end date"))
