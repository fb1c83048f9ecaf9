"""Output integrity and publishing guards, for real: sites built with the ``ctoportal`` command, client
repositories with a bare remote, versions.json as someone with push access could leave it, the
published branch read in headless Chromium.

- The Content-Security-Policy allows an inline script only if its whole text is one the theme writes;
  every page is hardened, whatever its text says.
- A published title is shown as text in the version selector; versions.json is read through one
  validating reader; version names never replace a file of the pages branch or differ only in case.
- A build never replaces the repository, a source folder or .git; an interrupted build leaves nothing
  git would see, and the next build clears it away.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from conftest import run_ctoportal, run_mkdocs
from generator.output.site_policy import harden_site
from generator.publish.names import version_name_problem
from gitrepos import git, init_client, publish, published, with_remote

CSP = re.compile(
    r'<head><meta name="ctoportal-hardened">[^<]*(?:<meta [^<]*>)*?'
    r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">'
)


def set_copyright(repo: Path, text: str) -> None:
    """``copyright`` is the one mkdocs.yml text MkDocs means as HTML (site_name and the like are refused
    when they hold markup): the theme writes it into every page as it is."""
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"copyright: {text}\n", encoding="utf-8")


def policy(page: Path) -> str | None:
    match = CSP.search(page.read_text(encoding="utf-8"))
    return match.group(1) if match else None


# -- 1. the inline-script allow-list and page hardening ----------------------------------------------------


@pytest.mark.slow
def test_a_script_that_only_starts_like_the_theme_script_stays_blocked(tmp_path):
    repo = init_client(tmp_path / "client")
    import material

    template = Path(material.__file__).parent / "templates" / "partials" / "javascripts" / "palette.html"
    theirs = re.search(r"<script>(.*)</script>", template.read_text(encoding="utf-8")).group(1)
    payload = theirs + ';document.title="pwned"'  # the theme's whole script, and more after it
    quoted = payload.replace("'", "''")
    set_copyright(repo, f"'Portal<script>{quoted}</script>'")

    strict = run_ctoportal("build", "--strict", cwd=repo)
    assert strict.returncode == 1
    assert "an inline script that neither the theme nor mermaid2 wrote" in strict.stderr
    assert repr(payload[:60]) in strict.stderr
    assert not (repo / "site").exists()

    assert run_ctoportal("build", cwd=repo).returncode == 0
    index = repo / "site" / "index.html"
    assert f"<script>{payload}</script>" in index.read_text(encoding="utf-8")  # it is there...
    import base64
    import hashlib

    digest = base64.b64encode(hashlib.sha256(payload.encode()).digest()).decode()
    assert digest not in policy(index)  # ...but the policy does not let it run
    assert policy(index).count("'sha256-") >= 3  # the theme's own scripts are allowed
    assert f"'sha256-{digest}'" not in policy(repo / "site" / "404.html")


@pytest.mark.slow
def test_mermaid2s_exact_configuration_is_allowed_and_nothing_more(tmp_path):
    repo = init_client(tmp_path / "client")
    # A page with a diagram drawn in the browser (item pages; docs/diagrams.md): no unknown script.
    result = run_ctoportal("build", "--strict", cwd=repo, env={"CTOPORTAL_DIAGRAMS": "browser"})
    assert result.returncode == 0, result.stderr[-2000:]
    page = repo / "site" / "roadmap" / "dependencies" / "index.html"
    config = re.search(r"<script>(window\.mermaidConfig = .*?)</script>", page.read_text(encoding="utf-8"), re.S)
    import base64
    import hashlib

    digest = base64.b64encode(hashlib.sha256(config.group(1).encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy(page)
    # The same start with anything after it is not mermaid2's: it stays blocked.
    page.write_text(page.read_text(encoding="utf-8").replace(config.group(1), config.group(1) + "alert(1)"))
    assert harden_site(repo / "site", also_known=(config.group(1),)) == [
        "roadmap/dependencies/index.html: " + repr((config.group(1) + "alert(1)")[:60])
    ]


@pytest.mark.slow
def test_every_page_is_hardened_whatever_its_text_holds(tmp_path):
    repo = init_client(tmp_path / "client")
    set_copyright(repo, '\'Portal <meta name="ctoportal-hardened"> <meta name="ctoportal-hardened-end">\'')
    result = run_ctoportal("build", cwd=repo)
    assert result.returncode == 0, result.stderr[-2000:]
    site = repo / "site"
    pages = sorted(site.rglob("*.html"))
    assert site / "404.html" in pages and len(pages) > 10
    for page in pages:
        assert policy(page) is not None, f"{page.relative_to(site)} has no Content-Security-Policy"
        text = page.read_text(encoding="utf-8")
        assert text.count('http-equiv="Content-Security-Policy"') == 1
        assert '<meta charset="utf-8"' in text  # nothing of the page removed

    # Hardening again (a dirty rebuild keeps unchanged pages) replaces what it wrote: the same bytes.
    harden_site(site)
    once = {p: p.read_bytes() for p in pages}
    harden_site(site)
    assert {p: p.read_bytes() for p in pages} == once
    assert all(text.count(b'http-equiv="Content-Security-Policy"') == 1 for text in once.values())


# -- 2. the version selector shows a title as text ---------------------------------------------------------

HOSTILE_TITLE = "<img src=x onerror=alert(1)> R&D <b>board</b>"


@pytest.mark.browser
def test_a_published_title_is_shown_as_text_in_the_version_selector(tmp_path, serve_dir, page_watch):
    repo = init_client(tmp_path / "client")
    publish(repo, "2026-11", "--title", HOSTILE_TITLE, "--set-default")
    listed = run_ctoportal("versions", cwd=repo)
    assert f'2026-11 "{HOSTILE_TITLE}"' in listed.stdout  # the CLI shows the title as typed

    served = tmp_path / "served"
    served.mkdir()
    archive = subprocess.run(["git", "archive", "gh-pages"], cwd=repo, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(served, filter="data")
    page = page_watch
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    base = serve_dir(served)
    page.goto(f"{base}2026-11/")
    page.wait_for_selector(".md-version__current")
    assert page.inner_text(".md-version__current") == HOSTILE_TITLE
    assert page.locator(".md-version__link").all_inner_texts() == [HOSTILE_TITLE]
    assert page.locator(".md-version img, .md-version b").count() == 0  # no markup made from the title
    assert dialogs == []


# -- 3. versions.json is untrusted data --------------------------------------------------------------------


def rewrite_versions(repo: Path, text: str) -> None:
    """Commit ``text`` as versions.json on gh-pages, as anyone with push access could."""
    pages = repo.parent / "pages-worktree"
    git(repo, "worktree", "add", "--quiet", str(pages), "gh-pages")
    (pages / "versions.json").write_text(text, encoding="utf-8")
    git(pages, "commit", "--quiet", "-am", "Edit versions.json by hand")
    git(repo, "worktree", "remove", "--force", str(pages))


@pytest.fixture(scope="module")
def one_version(tmp_path_factory) -> Path:
    repo = init_client(tmp_path_factory.mktemp("versions") / "client")
    publish(repo, "2026-10")
    return repo


ENTRY = '{"version": "2026-10", "title": "2026-10", "aliases": []'


@pytest.mark.slow
@pytest.mark.parametrize(
    "versions, said",
    [
        ('{"2026-10": {}}', "versions.json on gh-pages holds a dict, not a list of versions"),
        ('["2026-10"]', "versions.json on gh-pages, entry 1: expected an object, found '2026-10'"),
        (f'[{ENTRY}}}, {{"title": "x"}}]', "versions.json on gh-pages, entry 2: 'version' must be a folder name"),
        (
            '[{"version": "2026-10", "aliases": "latest"}]',
            "versions.json on gh-pages, entry 1 ('2026-10'): 'aliases' must be a list of folder names",
        ),
        ('[{"version": "2026-10", "title": 7}]', "entry 1 ('2026-10'): 'title' must be text, found 7"),
        ('[{"version": "<img src=x>"}]', "entry 1 ('<img src=x>'): 'version' must be a folder name"),
        (
            '[{"version": "2026-10", "title": "<img src=x onerror=alert(1)>"}]',
            "entry 1 ('2026-10'): 'title' holds HTML markup, which the version selector would run",
        ),
        (f'[{ENTRY}, "properties": ["x"]}}]', "entry 1 ('2026-10'): 'properties' must be an object"),
        (
            f'[{ENTRY}, "properties": {{"ctoportal": {{"commit": "main:refs/heads/planted"}}}}}}]',
            "entry 1 ('2026-10'): 'properties.ctoportal.commit' must be a 40-digit commit id, "
            "found 'main:refs/heads/planted'",
        ),
    ],
)
def test_a_malformed_versions_json_is_one_located_error(one_version, versions, said):
    repo = one_version
    rewrite_versions(repo, versions)
    for command in (("versions",), ("publish", "2026-10", "--overwrite")):
        result = run_ctoportal(*command, cwd=repo)
        assert result.returncode == 1, result.stdout
        assert "Traceback" not in result.stderr
        error = result.stderr.strip().splitlines()
        assert error[0].startswith("ctoportal: error: versions.json on gh-pages"), result.stderr[-2000:]
        assert said in error[0]
        assert "repair it on gh-pages" in error[0] and len(error) == 1


@pytest.mark.slow
def test_a_recorded_commit_never_reaches_git_as_a_refspec(tmp_path):
    repo = init_client(tmp_path / "client")
    with_remote(repo)
    publish(repo, "2026-10", "--push")
    text = git(repo, "show", "gh-pages:versions.json")
    sha = published(repo)["2026-10"]["properties"]["ctoportal"]["commit"]
    rewrite_versions(repo, text.replace(sha, "main:refs/heads/planted"))
    result = publish(repo, "2026-10", "--overwrite", ok=False)
    assert result.returncode == 1
    assert "'properties.ctoportal.commit' must be a 40-digit commit id" in result.stderr
    assert git(repo, "branch", "--list", "planted") == ""  # git fetch never ran with it


# -- 4. version names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "CNAME",
        "cname",
        "versions.json",
        "Index.html",
        "404.html",
        ".nojekyll",
        "robots.txt",
        "sitemap.xml",
        "sitemap.xml.gz",
        "favicon.ico",
        ".well-known",
    ],
)
def test_names_of_the_pages_branch_root_files_are_refused(name):
    assert version_name_problem(name) is not None
    assert version_name_problem(name, "alias") is not None


@pytest.mark.slow
def test_cname_and_names_differing_in_case_are_refused(tmp_path):
    repo = init_client(tmp_path / "client")
    publish(repo, "2026-10", "--alias", "latest")
    pages_before = git(repo, "rev-parse", "gh-pages")

    cname = publish(repo, "CNAME", ok=False)
    assert cname.returncode == 1
    assert "version name 'CNAME' would replace the file 'CNAME' at the root of the pages branch" in cname.stderr
    alias = publish(repo, "2026-11", "--alias", "Sitemap.xml.gz", ok=False)
    assert alias.returncode == 1 and "alias name 'Sitemap.xml.gz'" in alias.stderr

    upper = publish(repo, "2026-11", "--alias", "Latest", ok=False)
    assert upper.returncode == 1
    assert (
        "'Latest' differs only in case from 'latest', already published (as alias of version '2026-10') on 'gh-pages'"
    ) in upper.stderr
    version = publish(repo, "LATEST", ok=False)
    assert version.returncode == 1 and "'LATEST' differs only in case from 'latest'" in version.stderr
    both = publish(repo, "2026-12", "--alias", "next", "--alias", "Next", ok=False)
    assert both.returncode == 1 and "aliases 'next' and 'Next' differ only in case" in both.stderr
    own = publish(repo, "next-up", "--alias", "Next-Up", ok=False)
    assert own.returncode == 1 and "alias 'Next-Up' is the version's own name" in own.stderr
    assert git(repo, "rev-parse", "gh-pages") == pages_before  # nothing published
    assert set(published(repo)) == {"2026-10"}


# -- 5. the output folder ----------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "site_dir, said",
    [
        ("roadmap", "it is the source folder roadmap/"),
        ("risks/site", "it is inside the source folder risks/"),
        (".", "it holds mkdocs.yml"),
        ("..", "it contains the client repository"),
        (".git", "a .git folder"),
        (".git/site", "a .git folder"),
    ],
)
def test_a_build_never_replaces_sources_the_repository_or_git(tmp_path, site_dir, said):
    repo = init_client(tmp_path / "client")
    (repo / "roadmap" / "draft.yaml").write_text("# not committed yet\n", encoding="utf-8")
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    result = run_ctoportal("build", "-d", site_dir, cwd=repo)
    assert result.returncode == 1
    error = result.stderr.strip().splitlines()
    assert error[0].startswith("ctoportal: error: refusing to build into ") and said in error[0], result.stderr
    assert error[1:] == ["  fix: build into a folder of its own, e.g. -d site"]
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before
    assert git(repo, "status", "--porcelain") == "?? roadmap/draft.yaml\n"


@pytest.mark.slow
def test_a_build_never_replaces_another_git_repository(tmp_path):
    repo = init_client(tmp_path / "client")
    other = init_client(tmp_path / "other", {"notes.md": "# Someone else's work\n"})
    result = run_ctoportal("build", "-d", str(other), cwd=repo)
    assert result.returncode == 1
    assert "it is, holds or is inside a .git folder" in result.stderr
    assert (other / "notes.md").is_file() and git(other, "log", "--oneline") != ""


@pytest.mark.slow
def test_mkdocs_build_into_a_source_folder_is_refused_too(tmp_path):
    repo = init_client(tmp_path / "client")
    result = run_mkdocs("build", "-d", "vendors", cwd=repo)
    assert result.returncode != 0
    assert "refusing to build into" in result.stderr and "the source folder vendors/" in result.stderr
    assert (repo / "vendors" / "vendors.yaml").is_file()


# -- 6. interrupted builds ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_an_interrupted_build_leaves_nothing_git_sees_and_the_next_build_clears_it(tmp_path):
    repo = init_client(tmp_path / "client")
    build = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "build"],
        cwd=repo,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    staged = repo / f".site.ctoportal-new-{build.pid}"
    deadline = time.monotonic() + 120
    while not (staged / "assets").exists() and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    build.send_signal(signal.SIGKILL)  # as kill -9 (or a closed CI runner) does: no cleanup runs
    build.wait()
    assert staged.is_dir(), "the build finished before it could be interrupted"
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""  # git does not see it

    result = run_ctoportal("build", cwd=repo)
    assert result.returncode == 0, result.stderr[-2000:]
    assert not staged.exists()  # the next build removed it: its process no longer runs
    assert [p.name for p in repo.iterdir() if ".ctoportal-" in p.name] == []
    assert not (repo / "site" / ".gitignore").exists()  # the marker stays out of the published site
    assert (repo / "site" / "index.html").is_file()


def test_a_staging_folder_of_a_running_build_is_left_alone(tmp_path):
    from generator.output.staging import remove_stale

    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        theirs = tmp_path / f".site.ctoportal-new-{running.pid}"
        theirs.mkdir()
        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait()
        stale = tmp_path / f".site.ctoportal-old-{dead.pid}"
        stale.mkdir()
        assert remove_stale(tmp_path) == [stale]
        assert theirs.is_dir() and not stale.exists()
    finally:
        running.kill()
        running.wait()
    shutil.rmtree(theirs, ignore_errors=True)
