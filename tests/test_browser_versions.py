"""The published gh-pages tree served locally and read in headless Chromium: material's version
selector lists the versions and switches between them, the page names its version, and an older
version says so."""

from __future__ import annotations

import io
import subprocess
import tarfile

import pytest

from conftest import run_ctoportal
from gitrepos import edit, git, init_client

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def gh_pages(tmp_path_factory):
    root = tmp_path_factory.mktemp("versions")
    repo = init_client(root / "client")
    # With a site_url the sitemap lists the pages, and the selector keeps the reader on the same page.
    (repo / "mkdocs.yml").write_text("site_url: https://portal.example.com/\n" + (repo / "mkdocs.yml").read_text())
    git(repo, "commit", "-qam", "Set the site's address")
    for version, extra in (
        ("2026-09", ["--title", "September board"]),
        ("2026-10", ["--alias", "latest", "--set-default"]),
    ):
        result = run_ctoportal("publish", version, *extra, cwd=repo)
        assert result.returncode == 0, result.stderr[-2000:]
        if version == "2026-09":  # the next version differs, to see which one is shown
            edit(repo, "risks/register.yaml", "Backups fail", "Backups fail again")
            git(repo, "commit", "-qam", "Retitle")
    served = root / "served"
    served.mkdir()
    archive = subprocess.run(["git", "archive", "gh-pages"], cwd=repo, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(served, filter="data")
    return served


def test_version_selector_switches_versions(gh_pages, serve_dir, page_watch):
    page = page_watch
    base = serve_dir(gh_pages)
    page.goto(base)  # the root redirects to the default version
    page.wait_for_url(f"{base}2026-10/")
    page.wait_for_selector(".md-version__current")
    assert page.inner_text(".md-version__current").startswith("2026-10")
    links = page.locator(".md-version__link")
    assert links.all_inner_texts() == ["2026-10latest", "September board"]  # "latest" is a badge beside it
    assert page.locator(".md-version__link .md-version__alias").all_inner_texts() == ["latest"]
    assert "Portal version 2026-10, as of Nov 20, 2026." in page.inner_text(".md-banner")
    assert page.locator("[data-md-component=outdated]").is_hidden()

    page.goto(f"{base}2026-10/risks/R-001/")
    assert "Backups fail again" in page.inner_text("article")
    page.hover(".md-version")
    page.locator(".md-version__link", has_text="September board").click()
    page.wait_for_url(f"{base}2026-09/risks/R-001/")  # the same page in the other version
    assert "Backups fail again" not in page.inner_text("article")
    page.wait_for_selector("[data-md-component=outdated]:not([hidden])")
    assert "This is an older version of the portal" in page.inner_text("[data-md-component=outdated]")
    assert "Portal version 2026-09" in page.inner_text(".md-banner")

    page.goto(f"{base}latest/risks/R-001/")  # the alias redirects to the version it names
    page.wait_for_url(f"{base}2026-10/risks/R-001/")
    assert page.console_errors == []
    assert page.external_requests == []
