"""History quotes references through the kinds registry: a nested reference field (an initiative's
cost.vendor) naming an internal vendor is hidden in a client build, like a list of ids is."""

from __future__ import annotations

import json

import pytest

from generator.checks.validate import validate_repository
from generator.model.settings import Audience
from generator.vcs.item_history import item_histories
from gitrepos import commit, init_client

pytestmark = pytest.mark.slow

FILES = {
    "vendors/vendors.yaml": """\
        - id: acme-cloud
          name: Acme Cloud
          category: hosting
        - id: quiet-buyer
          name: Quiet Buyer Ltd
          category: hosting
          visibility: internal
        """,
    "roadmap/initiatives.yaml": """\
        - id: move-hosting
          title: Move hosting
          cost: {opex: 1000}
        """,
}


def test_client_history_hides_a_nested_reference_to_an_internal_vendor(tmp_path):
    repo = init_client(tmp_path / "client", FILES)
    commit(
        repo,
        "Hosting deal with the buyer",
        {
            "roadmap/initiatives.yaml": """\
        - id: move-hosting
          title: Move hosting
          status: planned
          cost: {opex: 1200, vendor: quiet-buyer, replaces: acme-cloud}
        """
        },
    )
    portal = validate_repository(repo / "mkdocs.yml").portal
    client = json.dumps(
        [
            [(c.field, c.before, c.after) for c in entry.fields]
            for entry in item_histories(repo, portal, Audience.CLIENT)[("initiative", "move-hosting")]
        ]
    )
    internal = json.dumps(
        [
            [(c.field, c.before, c.after) for c in entry.fields]
            for entry in item_histories(repo, portal, Audience.INTERNAL)[("initiative", "move-hosting")]
        ]
    )
    assert "quiet-buyer" in internal  # the internal build quotes it
    assert "quiet-buyer" not in client
    assert "acme-cloud" in client and "1200" in client and "planned" in client  # what the client sees stays
