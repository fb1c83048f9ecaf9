"""``ctoportal diff`` on crafted commit pairs in real git repositories: exact summaries, both formats,
invalid revisions reported as that revision's errors, and nothing internal in a client's view."""

from __future__ import annotations

import json

import pytest

from conftest import run_ctoportal
from gitrepos import commit, edit, git, init_client

pytestmark = pytest.mark.slow  # builds sites, drives git or takes seconds: outside the fast tier (README)


@pytest.fixture
def client(tmp_path):
    return init_client(tmp_path / "client")


def short(repo, rev):
    return git(repo, "rev-parse", "--short=7", rev).strip()


def diff(repo, *args):
    result = run_ctoportal("diff", *args, cwd=repo)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_replan_leads_with_what_matters(client):
    edit(client, "roadmap/initiatives.yaml", "end: 2026-12", "end: 2027-03")
    edit(client, "roadmap/initiatives.yaml", "owner: Jordan", "owner: Sam")
    edit(client, "risks/register.yaml", "likelihood: 3", "likelihood: 4")
    edit(client, "vendors/vendors.yaml", "amount: 1000", "amount: 1200")
    git(client, "commit", "-qam", "Replan after the backup audit")
    base, head = short(client, "HEAD~1"), short(client, "HEAD")
    assert (
        diff(client, "HEAD~1", "HEAD", "--format", "markdown")
        == f"""\
### Portal changes: `HEAD~1 ({base})` → `HEAD ({head})`

5 changes: Risks 1, Vendors 2, Roadmap 2.

- Risk **R\\-001 Backups fail** re-scored 12 → 16 (likelihood 4, impact 4): **now above the risk appetite of 12**
- Annual vendor spend $12,000 → $14,400 (\\+$2,400)
- Initiative **Tested backups** slips by 90 days (Oct 2026 to Dec 2026 → Oct 2026 to Mar 2027); now starts before it ends: EHR migration
- Vendor **Datto**: $12,000 → $14,400 a year (\\+$2,400)
- Initiative **Tested backups**: owner Jordan → Sam
"""
    )
    assert diff(client, "HEAD~1", "HEAD", "--format", "text").splitlines() == [
        f"portal changes: HEAD~1 ({base}) -> HEAD ({head})",
        "  risks    Risk R-001 Backups fail re-scored 12 → 16 (likelihood 4, impact 4): now above the risk appetite of 12",
        "  vendors  Annual vendor spend $12,000 → $14,400 (+$2,400)",
        "  roadmap  Initiative Tested backups slips by 90 days (Oct 2026 to Dec 2026 → Oct 2026 to Mar 2027); "
        "now starts before it ends: EHR migration",
        "  vendors  Vendor Datto: $12,000 → $14,400 a year (+$2,400)",
        "  roadmap  Initiative Tested backups: owner Jordan → Sam",
    ]


def test_added_removed_closed_retired_and_kpis(client):
    commit(
        client,
        "Goals",
        {
            "strategy/goals.yaml": """\
        - id: uptime
          title: Stay open
          kpis:
            - {name: Restore time, unit: hours, baseline: 72, target: 4, current: 24}
        """
        },
    )
    edit(client, "risks/register.yaml", "  mitigations: [backup]\n", "  mitigations: [backup]\n  status: closed\n")
    edit(client, "vendors/vendors.yaml", "  category: Backup\n", "  category: Backup\n  status: retired\n")
    edit(client, "strategy/goals.yaml", "current: 24", "current: 4")
    commit(
        client,
        "Backups done",
        {
            "roadmap/initiatives.yaml": """\
        - id: backup
          title: Tested backups
          status: done
          start: 2026-10
          end: 2026-12
          owner: Jordan
        - id: mfa
          title: Multi-factor sign-in
          status: planned
          start: 2027-01
          end: 2027-02
        """,
            "risks/phishing.yaml": """\
        - id: R-002
          title: Phishing <b>takes</b> over an account
          category: security
          owner: IT lead
          likelihood: 4
          impact: 4
        """,
        },
    )
    base, head = short(client, "HEAD~1"), short(client, "HEAD")
    assert (
        diff(client, "HEAD~1", "HEAD", "--format", "markdown")
        == f"""\
### Portal changes: `HEAD~1 ({base})` → `HEAD ({head})`

8 changes: Vendors 2, Risks 2, Roadmap 3, Goals 1.

- Annual vendor spend $12,000 → $0 (\\-$12,000)
- New risk **R\\-002 Phishing &lt;b&gt;takes&lt;/b&gt; over an account**, score 16 (above the risk appetite of 12)
- Initiative **EHR migration** removed from the roadmap
- Vendor **Datto** retired
- Risk **R\\-001 Backups fail** closed
- New initiative **Multi\\-factor sign\\-in** (planned, Jan 2027 to Feb 2027)
- Initiative **Tested backups**: status planned → done
- Goal **Stay open**: Restore time 24 hours → 4 hours (target met)
"""
    )
    lines = diff(client, "HEAD~1", "HEAD", "--format", "text").splitlines()[1:]
    assert [line.split(None, 1)[1] for line in lines] == [
        "Annual vendor spend $12,000 → $0 (-$12,000)",
        "New risk R-002 Phishing <b>takes</b> over an account, score 16 (above the risk appetite of 12)",
        "Initiative EHR migration removed from the roadmap",
        "Vendor Datto retired",
        "Risk R-001 Backups fail closed",
        "New initiative Multi-factor sign-in (planned, Jan 2027 to Feb 2027)",
        "Initiative Tested backups: status planned → done",
        "Goal Stay open: Restore time 24 hours → 4 hours (target met)",
    ]


def test_against_the_working_tree_and_with_nothing_changed(client):
    head = short(client, "HEAD")
    assert (
        diff(client, "HEAD", "--format", "markdown")
        == f"### Portal changes: `HEAD ({head})` → `working tree`\n\nNo changes to the portal's content.\n"
    )
    edit(client, "roadmap/initiatives.yaml", "start: 2027-02", "start: 2027-01")  # EHR earlier, not committed
    assert diff(client, "HEAD").splitlines()[1:] == [  # same end date: no slip, only a new schedule
        "  roadmap  Initiative EHR migration re-scheduled (Feb 2027 to Jun 2027 → Jan 2027 to Jun 2027)"
    ]


def test_invalid_sources_are_reported_as_that_revisions_errors(client):
    edit(client, "risks/register.yaml", "likelihood: 3", "likelihood: 7")
    git(client, "commit", "-qam", "Oops")
    edit(client, "risks/register.yaml", "likelihood: 7", "likelihood: 2")
    bad = short(client, "HEAD")
    result = run_ctoportal("diff", "HEAD~1", "HEAD", cwd=client)
    assert result.returncode == 1
    assert result.stderr == (
        f"ctoportal: error: the sources at HEAD ({bad}) are not valid:\n"
        f"  risks/register.yaml:6:15: error: likelihood must be 1-5, got 7\n"
        f"  1 error(s) at HEAD ({bad})\n"
    )
    # The working tree is fine again: comparing the last good commit with it works.
    assert "re-scored 12 → 8" in diff(client, "HEAD~1")
    unknown = run_ctoportal("diff", "no-such-branch", cwd=client)
    assert unknown.returncode == 1 and "'no-such-branch' is not a commit in this repository" in unknown.stderr


def test_internal_items_stay_out_of_a_client_diff(client):
    commit(
        client,
        "Internal notes",
        {
            "risks/internal.yaml": """\
        - id: R-009
          title: Office manager may resign
          category: people
          owner: Dana
          likelihood: 4
          impact: 4
          visibility: internal
        """
        },
    )
    edit(
        client,
        "roadmap/initiatives.yaml",
        "  depends_on: [backup]\n",
        "  depends_on: [backup]\n  visibility: internal\n",
    )
    git(client, "commit", "-qam", "Hide EHR")
    client_view = diff(client, "HEAD~2", "HEAD", "--format", "json")
    changes = json.loads(client_view)["changes"]
    # gone from the client's view; the reviewer is told first that the change hides it
    assert [(c["id"], c["change"]) for c in changes] == [("", "visibility"), ("ehr", "removed")]
    assert "resign" not in client_view and "R-009" not in client_view
    internal = json.loads(diff(client, "HEAD~2", "HEAD", "--format", "json", "--audience", "internal"))
    assert [(c["id"], c["change"]) for c in internal["changes"]] == [("", "visibility"), ("R-009", "added")]


def test_json_shape_is_stable(client):
    edit(client, "vendors/vendors.yaml", "end: 2027-06-30", "end: 2028-06-30")
    git(client, "commit", "-qam", "Renewed")
    data = json.loads(diff(client, "HEAD~1", "HEAD", "--format", "json"))
    assert list(data) == ["version", "base", "head", "spend", "risk_appetite", "changes"]
    assert data["version"] == 1 and data["base"]["rev"] == "HEAD~1" and len(data["head"]["commit"]) == 40
    assert data["changes"] == [
        {
            "section": "vendors",
            "kind": "vendor",
            "id": "datto",
            "change": "renewal",
            "importance": 40,
            "message": "Vendor Datto: contract ends Jun 30, 2027 → Jun 30, 2028",
            "before": "2027-06-30",
            "after": "2028-06-30",
        }
    ]
