"""The semantic diff: what changed between two versions of a portal, at the level of the model.

Not lines but facts a reader cares about: an initiative slipping and what it drags along, a risk
crossing the appetite line, the change in annual vendor spend. Each change carries an importance so
a pull-request comment can lead with what matters.

Here: the entry point (the values are in ``changes``); ``change_table`` walks each kind
in the registry's order, tells its items added and removed in its row's words, and hands each item both
portals hold to its kind's module: ``roadmap_diff`` (initiatives, goals), ``register_diff`` (risks, vendors),
``governance_diff`` and ``compliance_diff``.
"""

from __future__ import annotations

from generator.model import kinds as registry
from generator.model.portal import ReaderPortal
from generator.vcs.change_table import change_table, kind_changes
from generator.vcs.changes import PortalDiff, annual_spend


# -- entry point -------------------------------------------------------------------------------------


def diff_portals(base: ReaderPortal, head: ReaderPortal) -> PortalDiff:
    """Compare two portals as the same audience sees them (``reader_view``s: never a raw Portal), kind by
    kind in the registry's order."""
    table = change_table()
    changes = [c for kind in registry.KINDS if kind.name in table for c in kind_changes(kind.name, base, head)]
    return PortalDiff(
        tuple(changes), annual_spend(base), annual_spend(head), head.settings.currency, head.settings.risk_appetite
    )
