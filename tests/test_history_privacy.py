"""What a client may see of an item's past, built for real from a repository with history: dates, plain
words and people's names; never a commit message, a commit id, an e-mail address, a bot, text deleted
from an item, or a state that did not validate. An internal build keeps messages and values."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import MINIMAL_MKDOCS, run_ctoportal
from generator.facts.formatting import day
from gitrepos import commit, edit, git, init_client

SECRET_MESSAGE = "Smile Group acquisition: drop the layoffs wording"
HOSTILE_MESSAGE = "EHR *later*: <b>vendor</b> [delay](javascript:alert(1)) | 2 # x"


def build(repo: Path, audience: str = "client", *args: str, site: str = "") -> Path:
    config = MINIMAL_MKDOCS.replace("today: 2026-11-20", f"today: 2026-11-20\n      audience: {audience}")
    (repo / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = site or f"site-{audience}"
    result = run_ctoportal("build", "-d", site, *args, cwd=repo)
    assert result.returncode == 0, result.stderr[-3000:]
    return repo / site


def history(site: Path, page: str) -> list[tuple[str, list[str]]]:
    """(the entry's own line, its details) of each history entry, newest first."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    heading = BeautifulSoup(html, "html.parser").select_one("article").find(id="history")
    assert heading is not None, f"no history on {page}"
    entries = []
    for li in heading.find_next_sibling("ul").find_all("li", recursive=False):
        head = "".join(c.get_text() if c.name else str(c) for c in li.children if c.name != "ul")
        entries.append((" ".join(head.split()), [d.get_text(" ", strip=True) for d in li.select("ul > li")]))
    return entries


def whole_site(site: Path) -> str:
    return " ".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    repo = init_client(tmp_path_factory.mktemp("privacy") / "client")
    # Dana commits as "dwhit" from a second address; .mailmap gives her one name.
    (repo / ".mailmap").write_text("Dana Whitfield <dana@example.com> dwhit <dwhit@laptop.example>\n")
    git(repo, "add", ".mailmap")
    git(repo, "commit", "-qm", "Mailmap")
    git(repo, "config", "user.name", "dwhit")
    git(repo, "config", "user.email", "dwhit@laptop.example")
    # Text written into a client item, then deleted because it should never have been there.
    edit(
        repo,
        "risks/register.yaml",
        "  mitigations: [backup]\n",
        "  mitigations: [backup]\n  description: Layoffs planned at the Elm Street clinic\n",
    )
    edit(repo, "roadmap/initiatives.yaml", "title: Tested backups", "title: Tested backups before the Smile sale")
    git(repo, "commit", "-qam", SECRET_MESSAGE)
    edit(
        repo,
        "risks/register.yaml",
        "  description: Layoffs planned at the Elm Street clinic\n",
        "  description: Staffing changes ahead\n",
    )
    edit(repo, "roadmap/initiatives.yaml", "title: Tested backups before the Smile sale", "title: Tested backups")
    edit(repo, "roadmap/initiatives.yaml", "status: planned\n  start: 2026-10", "status: in-progress\n  start: 2026-10")
    git(repo, "commit", "-qam", "Reword")
    # An internal risk added in a state that does not validate (the old leak: its message was shown).
    commit(
        repo,
        "Smile Group due diligence",
        {
            "risks/deal.yaml": """\
        - id: R-070
          title: Smile Group walks away
          owner: CEO
          likelihood: 2
          impact: 5
          visibility: internal
        """
        },
    )
    edit(repo, "risks/deal.yaml", "  owner: CEO\n", "  owner: CEO\n  category: strategic\n")
    git(repo, "commit", "-qam", "Fix R-070")
    # A client vendor whose visibility cannot be read for one commit (a typo), then fixed.
    edit(repo, "vendors/vendors.yaml", "  category: Backup\n", "  category: Backup\n  visiblity: internal\n")
    git(repo, "commit", "-qam", "Hide Datto during the negotiation")
    edit(repo, "vendors/vendors.yaml", "  visiblity: internal\n", "")
    edit(repo, "vendors/vendors.yaml", "amount: 1000", "amount: 900")
    git(repo, "commit", "-qam", "Datto: the Smile discount")
    # An initiative defined twice for one commit (the build fails there), the copy in another file.
    commit(
        repo,
        "Split the roadmap",
        {
            "roadmap/later.yaml": """\
        - id: ehr
          title: EHR migration, owner under discussion
          status: planned
          owner: Board member
        """
        },
    )
    git(repo, "rm", "-q", "roadmap/later.yaml")
    git(repo, "commit", "-qm", "Undo the split")
    # A bot's commit, by a name and an address git leaves unmapped.
    git(
        repo,
        "-c",
        "user.name=renovate[bot]",
        "-c",
        "user.email=29139614+renovate[bot]@users.noreply.github.com",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "chore(deps): nothing",
    )
    edit(repo, "roadmap/initiatives.yaml", "owner: Jordan", "owner: Sam")
    git(repo, "-c", "user.name=portal-sync", "-c", "user.email=noreply@example.com", "commit", "-qam", "sync")
    edit(repo, "roadmap/initiatives.yaml", "end: 2027-06", "end: 2027-09")
    git(repo, "commit", "-qam", HOSTILE_MESSAGE)
    return repo


@pytest.fixture(scope="module")
def client_site(repo) -> Path:
    return build(repo, "client")


@pytest.fixture(scope="module")
def internal_site(repo) -> Path:
    return build(repo, "internal")


@pytest.mark.slow
def test_deleted_and_prose_text_is_never_quoted(client_site):
    risk = [(head.split(" · ", 1)[1], details) for head, details in history(client_site, "risks/R-001")]
    assert risk == [
        ("Dana Whitfield", ["description reworded"]),
        ("Dana Whitfield", ["description added"]),
        ("Dana Whitfield", ["added to the portal"]),
    ]
    backup = [details for _, details in history(client_site, "roadmap/backup")]
    assert backup == [
        ["owner: Jordan → Sam"],
        ["title reworded", "status: planned → in progress"],
        ["title reworded"],
        ["added to the portal"],
    ]
    site = whole_site(client_site)
    assert "Layoffs" not in site and "Elm Street" not in site and "Smile" not in site


@pytest.mark.slow
def test_no_messages_ids_addresses_or_bots(repo, client_site):
    site = whole_site(client_site)
    assert "drop the layoffs" not in site and "Reword" not in site and "vendor</b>" not in site
    assert "due diligence" not in site and "negotiation" not in site
    for sha in git(repo, "log", "--format=%H").split():
        assert sha[:7] not in site, "a commit id is on a client page"
    assert (
        "example.com" not in site
        and "dwhit" not in site
        and "@"
        not in BeautifulSoup((client_site / "roadmap/backup/index.html").read_text(), "html.parser")
        .select_one("article")
        .get_text()
    )
    assert "renovate" not in site and "portal-sync" not in site
    heads = [head for head, _ in history(client_site, "roadmap/backup")]
    assert " · " not in heads[0]  # the bot's change shows its date and what changed, without a name
    assert heads[1].endswith(" · Dana Whitfield")  # mapped by .mailmap, not "dwhit"


@pytest.mark.slow
def test_a_state_that_does_not_validate_counts_as_internal(client_site):
    # The typo made Datto's visibility unreadable: from then on it was internal until it validated again.
    vendor = [details for _, details in history(client_site, "vendors/datto")]
    assert vendor == [["now shown in the portal"], ["added to the portal"]]


@pytest.mark.slow
def test_an_item_defined_twice_counts_as_internal_for_that_commit(client_site):
    ehr = [details for _, details in history(client_site, "roadmap/ehr")]
    assert ehr == [["end: 2027-06 → 2027-09"], ["now shown in the portal"], ["added to the portal"]]
    assert "Board member" not in whole_site(client_site)


@pytest.mark.slow
def test_an_internal_build_keeps_messages_and_values(internal_site):
    risk = history(internal_site, "risks/R-001")
    assert risk[0][1] == ["description: Layoffs planned at the Elm Street clinic → Staffing changes ahead"]
    assert SECRET_MESSAGE in risk[1][0]
    ehr = history(internal_site, "roadmap/ehr")[0][0]
    assert HOSTILE_MESSAGE in ehr  # shown as written: escaped, not read as Markdown or HTML
    article = BeautifulSoup((internal_site / "roadmap/ehr/index.html").read_text(), "html.parser").select_one("article")
    assert not [a for a in article.select("a[href]") if "javascript" in a["href"].lower()]
    assert not article.select("article b")


def test_shown_fields_name_real_structured_fields():
    from generator.vcs.history_entries import SHOWN_FIELDS
    from generator.sources.loader import KINDS

    for kind in KINDS:
        fields = kind.model.model_fields
        for name in SHOWN_FIELDS[kind.name]:
            assert name in fields, f"{kind.name}.{name} is allow-listed but not a field"
        assert not {"title", "name", "description", "summary", "exit_plan", "tags"} & SHOWN_FIELDS[kind.name]


# -- the What changed page ------------------------------------------------------------------------------


def changes_text(site: Path) -> str:
    html = (site / "changes" / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").select_one("article").get_text(" ", strip=True)


@pytest.mark.slow
def test_what_changed_names_the_day_of_a_revision_never_its_name_or_id(repo):
    text = changes_text(build(repo, "client", "--since", "HEAD~3", site="site-since"))
    committed = dt.date.fromisoformat(git(repo, "log", "-1", "--format=%cs", "HEAD~3").strip())
    assert f"Since {day(committed)}, most important first:" in text
    assert "HEAD" not in text and "revision" not in text and "internal" not in text
    for sha in git(repo, "log", "--format=%H").split():
        assert sha[:7] not in text


@pytest.mark.slow
def test_what_changed_without_the_published_sources_says_so_in_plain_words(repo):
    """A published version whose commit this clone lacks: no commit id, no git advice on the client's page."""
    missing = "ab" * 20
    versions = json.dumps(
        [
            {
                "version": "2026-10",
                "title": "Board, October 2026",
                "aliases": ["latest"],
                "properties": {"ctoportal": {"commit": missing, "published": "2026-10-14T09:00:00Z"}},
            }
        ]
    )
    blob = subprocess.run(
        ["git", "hash-object", "-w", "--stdin"], cwd=repo, input=versions, text=True, capture_output=True, check=True
    ).stdout.strip()
    tree = subprocess.run(
        ["git", "mktree"],
        cwd=repo,
        input=f"100644 blob {blob}\tversions.json\n",
        text=True,
        capture_output=True,
        check=True,
    ).stdout.strip()
    pages = git(repo, "commit-tree", tree, "-m", "Deployed").strip()
    git(repo, "update-ref", "refs/heads/gh-pages", pages)
    try:
        result = run_ctoportal("build", "-d", "site-unavailable", cwd=repo)
        assert result.returncode == 0, result.stderr[-3000:]
    finally:
        git(repo, "update-ref", "-d", "refs/heads/gh-pages")
    text = changes_text(repo / "site-unavailable")
    assert (
        "A comparison with version Board, October 2026, published Oct 14, 2026 is not available for this "
        "edition of the portal."
    ) in text
    assert missing[:7] not in text and "clone" not in text and "fetch" not in text
    assert f"(commit {missing[:7]}) are not in this clone" in result.stderr  # the consultant is told why
