"""The site's view of git, built for real from a repository with history: the "What changed" page and
each item's history, with nothing internal leaking through either (commit messages included)."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from conftest import MINIMAL_MKDOCS, run_ctoportal
from generator.facts.formatting import day
from gitrepos import commit, edit, git, init_client

pytestmark = pytest.mark.slow  # builds sites, drives git or takes seconds: outside the fast tier (README)


def build(repo, *args):
    result = run_ctoportal("build", "-d", "site", *args, cwd=repo)
    assert result.returncode == 0, result.stderr[-3000:]
    return repo / "site"


def article(site, page):
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").select_one("article")


def history_items(site, page):
    """(author, message, details) of each history entry, newest first."""
    heading = article(site, page).find(id="history")
    assert heading is not None, f"no history on {page}"
    entries = []
    for li in heading.find_next_sibling("ul").find_all("li", recursive=False):
        head = "".join(c.get_text() if c.name else str(c) for c in li.children if c.name != "ul")
        em = li.find("em")
        details = [d.get_text(" ", strip=True) for d in li.select("ul > li")]
        entries.append((head.split(" · ")[1].strip(), em.get_text() if em else None, details))
    return entries


@pytest.fixture
def repo_with_history(tmp_path):
    repo = init_client(tmp_path / "client")
    edit(repo, "roadmap/initiatives.yaml", "end: 2026-12", "end: 2027-03")
    git(repo, "commit", "-qam", "Backups slip a quarter: vendor delay")
    commit(
        repo,
        "Add the internal acquisition risk",
        {
            "risks/secret.yaml": """\
        - id: R-050
          title: Acquisition talks with Smile Group
          category: strategic
          owner: CEO
          likelihood: 2
          impact: 5
          visibility: internal
        """
        },
    )
    # One commit touching a client item and an internal one: its message must not reach the client.
    edit(repo, "risks/register.yaml", "likelihood: 3", "likelihood: 4")
    edit(repo, "risks/secret.yaml", "likelihood: 2", "likelihood: 3")
    git(repo, "commit", "-qam", "Re-score after the Smile Group call")
    edit(
        repo,
        "roadmap/initiatives.yaml",
        "    depends_on: [backup]\n".replace("    ", "  "),
        "  depends_on: [backup]\n  mitigates: [R-001, R-050]\n",
    )
    git(repo, "commit", "-qam", "EHR also reduces R-001")
    return repo


def test_item_pages_show_their_history_without_internal_material(repo_with_history):
    site = build(repo_with_history)
    assert history_items(site, "roadmap/backup") == [  # a client build shows no commit messages at all
        ("Dana Whitfield", None, ["end: 2026-12 → 2027-03"]),
        ("Dana Whitfield", None, ["added to the portal"]),
    ]
    assert history_items(site, "risks/R-001") == [
        ("Dana Whitfield", None, ["likelihood: 3 → 4"]),
        ("Dana Whitfield", None, ["added to the portal"]),
    ]
    risk = article(site, "risks/R-001").get_text(" ")
    assert "internal" not in risk
    ehr = article(site, "roadmap/ehr").get_text(" ")
    assert "mitigates: — → R-001" in ehr  # the internal risk's id is left out of the change
    whole_site = " ".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "Smile" not in whole_site and "R-050" not in whole_site and "acquisition" not in whole_site.lower()
    assert not (site / "changes").exists()  # nothing published, no --since: nothing to compare with


def test_an_internal_build_shows_everything(repo_with_history):
    (repo_with_history / "mkdocs.yml").write_text(
        MINIMAL_MKDOCS.replace("today: 2026-11-20", "today: 2026-11-20\n      audience: internal")
    )
    site = build(repo_with_history)
    assert history_items(site, "risks/R-001")[0] == (
        "Dana Whitfield",
        "Re-score after the Smile Group call",
        ["likelihood: 3 → 4"],
    )
    assert history_items(site, "risks/R-050")[0][1] == "Re-score after the Smile Group call"


def test_what_changed_page_since_a_revision(repo_with_history):
    site = build(repo_with_history, "--since", "HEAD~4")
    page = article(site, "changes")
    items = [li.get_text(" ", strip=True) for li in page.select("ul > li")]
    committed = dt.date.fromisoformat(git(repo_with_history, "log", "-1", "--format=%cs", "HEAD~4").strip())
    # The board reader sees the day of the revision, not its name or id.
    assert page.select("p")[1].get_text() == f"Since {day(committed)}, most important first:"
    assert items == [
        "Risk R-001 Backups fail re-scored 12 → 16 (likelihood 4, impact 4): now above the risk appetite of 12",
        "Initiative Tested backups slips by 90 days (Oct 2026 to Dec 2026 → Oct 2026 to Mar 2027); "
        "now starts before it ends: EHR migration",
    ]
    nav = BeautifulSoup((site / "index.html").read_text(), "html.parser").select(".md-tabs__link")
    assert "What changed" in [a.get_text(strip=True) for a in nav]
    assert "Smile" not in page.get_text()


def test_since_must_name_a_commit(repo_with_history):
    result = run_ctoportal("build", "-d", "site", "--since", "nope", cwd=repo_with_history)
    assert result.returncode == 1
    assert "'nope' is not a commit in this repository" in result.stderr + result.stdout
