"""The loaded portal: every item by kind and id, and what follows from them. Where each item was written
(its positions, for located messages) is kept beside it, in ``sources.source_map.SourceMap``."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from generator.model import (
    Goal,
    Initiative,
    InitiativeStatus,
    PortalSettings,
    Risk,
    StrategyPage,
    Vendor,
    VendorStatus,
)
from generator.model import kinds as registry
from generator.model.actions import Action
from generator.model.decisions import Decision
from generator.model.compliance import AiUse, Control, Framework, merged_frameworks
from generator.model.roadmap import Horizon
from generator.model.settings import Audience

KINDS = registry.KIND_NAMES


@dataclass(frozen=True)
class Page:
    """A strategy page: its front matter and its Markdown body."""

    slug: str
    path: str
    meta: StrategyPage
    body: str
    body_line: int = 1

    @property
    def title(self) -> str:
        if self.meta.title:
            return self.meta.title
        return "Technology strategy" if self.slug == "index" else self.slug.replace("-", " ").capitalize()

    @property
    def internal(self) -> bool:
        return self.meta.visibility == "internal"


@dataclass(frozen=True)
class _Links:
    """Every reverse reference of a portal, each list in the portal's own order of items."""

    claiming: dict[str, list[Initiative]]
    """risk id -> initiatives that say they mitigate it"""
    mitigated_by: dict[str, list[Risk]]
    """initiative id -> risks it mitigates (named by the risk or claimed by the initiative)"""
    serving: dict[str, list[Initiative]]
    depending: dict[str, list[Initiative]]
    using: dict[str, list[Initiative]]
    naming: dict[str, list[str]]
    """vendor id -> ids of the risks that name it"""
    listing: dict[str, list[str]]
    """risk id -> ids of the vendors that name it"""
    integrating: dict[str, list[str]]
    """vendor id -> ids of the vendors that list it as an integration"""
    replacing: dict[str, list[Vendor]]
    risk_order: dict[str, int]
    vendor_order: dict[str, int]

    @classmethod
    def of(cls, portal: Portal) -> _Links:
        def by(items: Any, refs: Any) -> dict[str, list[Any]]:
            index: dict[str, list[Any]] = {}
            for item in items:
                for ref in dict.fromkeys(refs(item)):
                    index.setdefault(ref, []).append(item)
            return index

        initiatives, risks, vendors = (
            list(portal.initiatives.values()),
            list(portal.risks.values()),
            list(portal.vendors.values()),
        )
        claiming = by(initiatives, lambda i: i.mitigates)
        mitigated_by: dict[str, list[Risk]] = {}
        for risk in risks:
            named = [i for i in risk.mitigations if i in portal.initiatives]
            for initiative_id in dict.fromkeys([*named, *(i.id for i in claiming.get(risk.id, ()))]):
                mitigated_by.setdefault(initiative_id, []).append(risk)
        return cls(
            claiming=claiming,
            mitigated_by=mitigated_by,
            serving=by(initiatives, lambda i: i.goals),
            depending=by(initiatives, lambda i: i.depends_on),
            using=by(initiatives, lambda i: i.vendors),
            naming={k: [r.id for r in v] for k, v in by(risks, lambda r: r.vendors).items()},
            listing={k: [v.id for v in vs] for k, vs in by(vendors, lambda v: v.risks).items()},
            integrating={k: [v.id for v in vs] for k, vs in by(vendors, lambda v: v.integrations).items()},
            replacing=by(vendors, lambda v: [] if v.replaced_by is None else [v.replaced_by]),
            risk_order={r: n for n, r in enumerate(portal.risks)},
            vendor_order={v: n for n, v in enumerate(portal.vendors)},
        )


@dataclass
class Portal:
    settings: PortalSettings
    today: dt.date
    goals: dict[str, Goal] = field(default_factory=dict)
    initiatives: dict[str, Initiative] = field(default_factory=dict)
    risks: dict[str, Risk] = field(default_factory=dict)
    vendors: dict[str, Vendor] = field(default_factory=dict)
    decisions: dict[str, Decision] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)
    controls: dict[str, Control] = field(default_factory=dict)
    ai_uses: dict[str, AiUse] = field(default_factory=dict)
    frameworks: dict[str, Framework] = field(default_factory=dict)
    """Frameworks written in the repository's frameworks/ (its own, or more requirements for a catalogue one)."""
    pages: list[Page] = field(default_factory=list)
    from_overlay: set[tuple[str, str]] = field(default_factory=set)
    """(kind, id) of the items read from the internal overlay (``without_overlay`` leaves them out)."""
    invalid: set[tuple[str, str]] = field(default_factory=set)
    """(kind, id) of items written in the sources but not valid: their own errors say why, and other
    items referring to them are not reported again (one mistake, one error)."""
    version: str | None = None
    """The published version being built (``ctoportal publish``, mike), shown on the board pack."""
    overlay: str | None = None
    """The internal overlay folder as configured (``../brightside-internal``), if one is configured."""
    overlay_loaded: bool = False
    """Whether the overlay's items are in this portal. If not (absent, or a revision read from git), a
    reference to an id that is not here may be to an overlay item: it is dropped, like any internal one."""
    directory_urls: bool = True
    """Pages published as folders (MkDocs' use_directory_urls): for links in HTML we write ourselves."""
    _links_cache: Any = field(default=None, init=False, repr=False, compare=False)
    """The reverse references (``_links``) and the item dicts they were built from."""

    def of_kind(self, kind: str) -> dict[str, Any]:
        items: dict[str, Any] = getattr(self, registry.kind(kind).plural)
        return items

    def known_frameworks(self) -> Mapping[str, Framework]:
        """Every framework a control may name: the catalogue's, extended or joined by the repository's."""
        return merged_frameworks(self.frameworks)

    def frameworks_in_scope(self) -> list[Framework]:
        """The frameworks the settings pick, in their order, then those the repository defines itself."""
        known = self.known_frameworks()
        picked = list(dict.fromkeys(f for f in self.settings.frameworks if f in known))
        return [known[f] for f in [*picked, *(f for f in self.frameworks if f not in picked)]]

    # -- derived facts ---------------------------------------------------------------------------

    def horizon(self, initiative: Initiative) -> Horizon:
        """As written, or from the dates: started -> now, starting within 6 months -> next, else later."""
        if initiative.horizon is not None:
            return initiative.horizon
        if initiative.status in (InitiativeStatus.IN_PROGRESS, InitiativeStatus.DONE):
            return Horizon.NOW
        if initiative.start is None:
            return Horizon.LATER
        if initiative.start.first <= self.today:
            return Horizon.NOW
        if initiative.start.first <= self.today + dt.timedelta(days=183):
            return Horizon.NEXT
        return Horizon.LATER

    def above_appetite(self, risk: Risk) -> bool:
        """The one rule for "above the risk appetite": open (not closed or transferred) and scoring above
        the appetite. Accepted risks count: accepting a risk does not lower its score."""
        return not risk.is_closed and risk.score > self.settings.risk_appetite

    # Reverse references ("which initiatives name this risk?") are asked for every item of a page and
    # every row of a register: each is a lookup in indexes built once per portal (``_links``), never a
    # scan of the portal, so a build stays linear in the number of items.

    def mitigations_of(self, risk: Risk) -> list[Initiative]:
        """Initiatives named by the risk, and those that say they mitigate it, once each."""
        named = [self.initiatives[i] for i in risk.mitigations if i in self.initiatives]
        claiming = [i for i in self._links().claiming.get(risk.id, ()) if i not in named]
        return named + claiming

    def risks_mitigated_by(self, initiative: Initiative) -> list[Risk]:
        links = self._links()
        if self.initiatives.get(initiative.id) is not initiative and self.initiatives.get(initiative.id) != initiative:
            return [r for r in self.risks.values() if initiative in self.mitigations_of(r)]  # not this portal's
        return list(links.mitigated_by.get(initiative.id, ()))

    def initiatives_for_goal(self, goal: Goal) -> list[Initiative]:
        return list(self._links().serving.get(goal.id, ()))

    def dependents_of(self, initiative: Initiative) -> list[Initiative]:
        return list(self._links().depending.get(initiative.id, ()))

    def initiatives_using(self, vendor: Vendor) -> list[Initiative]:
        return list(self._links().using.get(vendor.id, ()))

    def risks_naming(self, vendor: Vendor) -> list[Risk]:
        links = self._links()
        found = {*links.naming.get(vendor.id, ()), *(r for r in vendor.risks if r in self.risks)}
        return [self.risks[r] for r in sorted(found, key=links.risk_order.__getitem__)]

    def vendors_for_risk(self, risk: Risk) -> list[Vendor]:
        links = self._links()
        found = {*links.listing.get(risk.id, ()), *(v for v in risk.vendors if v in self.vendors)}
        return [self.vendors[v] for v in sorted(found, key=links.vendor_order.__getitem__)]

    def integrated_with(self, vendor: Vendor) -> list[Vendor]:
        links = self._links()
        found = {v for v in vendor.integrations if v in self.vendors}
        found.update(v for v in links.integrating.get(vendor.id, ()) if self.vendors[v] is not vendor)
        return [self.vendors[v] for v in sorted(found, key=links.vendor_order.__getitem__)]

    def replaces(self, vendor: Vendor) -> list[Vendor]:
        return list(self._links().replacing.get(vendor.id, ()))

    def _links(self) -> _Links:
        """The reverse references, built on first use and again whenever an item dict is replaced or an
        item added or removed (items are frozen, and loading only adds them: an item is never swapped
        in place under the same id)."""
        key = (self.goals, self.initiatives, self.risks, self.vendors)
        sizes = tuple(len(d) for d in key)
        cached = self._links_cache
        if cached is None or cached[1] != sizes or any(a is not b for a, b in zip(cached[0], key)):
            cached = (key, sizes, _Links.of(self))
            self._links_cache = cached
        return cached[2]

    def notice_deadline(self, vendor: Vendor) -> dt.date | None:
        contract = vendor.contract
        if contract is None or contract.end is None:
            return None
        return contract.end - dt.timedelta(days=contract.notice_days)

    def annual_cost(self, vendor: Vendor) -> float:
        return vendor.cost.annual if vendor.cost else 0.0

    def currency_of(self, cost: Any) -> str:
        return (cost.currency if cost is not None and cost.currency else None) or self.settings.currency

    def converted(self, amount: float, cost: Any) -> float | None:
        """``amount`` of ``cost``'s currency in the portal's currency, at the rate in the settings;
        None when there is no rate (validation reports it: such a cost is never added up)."""
        currency = self.currency_of(cost)
        if currency == self.settings.currency:
            return amount
        rate = self.settings.exchange_rates.get(currency)
        return None if rate is None else amount * rate

    def overlaps(self) -> dict[str, list[Vendor]]:
        """Capabilities shared by two or more active vendors: possible overlap, money at stake."""
        groups: dict[str, list[Vendor]] = {}
        for vendor in self.vendors.values():
            if vendor.status == VendorStatus.ACTIVE:
                for capability in dict.fromkeys(vendor.capabilities):
                    groups.setdefault(capability, []).append(vendor)
        return {cap: vs for cap, vs in sorted(groups.items()) if len(vs) > 1}

    def in_overlay(self, path: str) -> bool:
        """Whether a source path (as ``Page.path``) is a file of the loaded overlay."""
        return self.overlay_loaded and self.overlay is not None and path.startswith(self.overlay + "/")

    def without_overlay(self) -> Portal:
        """The portal as the client repository alone holds it: what git history can be compared with."""
        if not self.overlay_loaded:
            return self

        def mine(kind: str) -> dict[str, Any]:
            return {k: v for k, v in self.of_kind(kind).items() if (kind, k) not in self.from_overlay}

        changes: dict[str, Any] = {k.plural: mine(k.name) for k in registry.KINDS}
        return replace(
            self,
            **changes,
            pages=[p for p in self.pages if not self.in_overlay(p.path)],
            from_overlay=set(),
            overlay_loaded=False,
        )

    # -- audiences -------------------------------------------------------------------------------

    def for_audience(self, audience: Audience) -> ReaderPortal:
        """The portal a reader may see: a client build drops internal items and every ref to them."""
        return reader_view(self, audience)


class ReaderPortal(Portal):
    """The portal as one audience may see it, made only by ``reader_view``: what pages, exports, diff
    and history show a reader. A client's holds no internal item, page or reference to one."""


def reader_view(portal: Portal, audience: Audience) -> ReaderPortal:
    """The one place the audience rule is applied. References are stripped field by field from the
    kinds registry (``kinds.Ref``), so a reference field added there cannot be forgotten here."""
    fields = {f.name: getattr(portal, f.name) for f in dataclasses.fields(Portal) if f.init}
    if audience == Audience.INTERNAL:
        return ReaderPortal(**fields)

    def keep(items: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in items.items() if not v.internal}

    kept = {kind.name: keep(portal.of_kind(kind.name)) for kind in registry.KINDS}
    for kind in registry.KINDS:
        items = kept[kind.name]
        for ref in kind.references:
            items = {k: ref.keep_only(item, kept[ref.target]) for k, item in items.items()}
        fields[kind.plural] = items
    fields["pages"] = [p for p in portal.pages if not p.internal]
    return ReaderPortal(**fields)
