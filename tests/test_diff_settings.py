"""``ctoportal diff`` puts first what decides what the next build publishes or runs: the audience and other
settings, items and pages whose visibility flips, and executable configuration; ``validate`` lists that
configuration. Real git repositories, the real command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import MINIMAL_MKDOCS, run_ctoportal
from gitrepos import commit, edit, git, init_client, with_remote

INTERNAL_RISK = """\
    - id: R-050
      title: Acquisition talks with Smile Group
      category: strategic
      owner: CEO
      likelihood: 2
      impact: 5
      visibility: internal
    """
INTERNAL_PAGE = """\
    ---
    visibility: internal
    ---
    # Due diligence notes
    """


@pytest.fixture
def client(tmp_path):
    repo = init_client(tmp_path / "client")
    commit(repo, "Internal material", {"risks/deal.yaml": INTERNAL_RISK, "strategy/notes.md": INTERNAL_PAGE})
    return repo


def diff(repo, *args):
    result = run_ctoportal("diff", *args, cwd=repo)
    assert result.returncode == 0, result.stderr
    return result.stdout


def bullets(markdown: str) -> list[str]:
    return [line[2:] for line in markdown.splitlines() if line.startswith("- ")]


@pytest.mark.slow
def test_switching_the_audience_to_internal_comes_first(client):
    edit(client, "mkdocs.yml", "today: 2026-11-20\n", "today: 2026-11-20\n      audience: internal\n")
    git(client, "commit", "-qam", "Preview for Dana")
    out = diff(client, "HEAD~1", "HEAD", "--format", "markdown")
    assert "No changes to the portal's content" not in out
    assert bullets(out) == [
        "⚠ The portal's audience changes from client to internal: every internal item and page will be published"
    ]
    text = diff(client, "HEAD~1", "HEAD").splitlines()
    assert text[1].split(None, 1) == [
        "settings",
        "⚠ The portal's audience changes from client to internal: every internal item and page will be published",
    ]


@pytest.mark.slow
def test_flipping_internal_items_and_pages_to_client_comes_first(client):
    edit(client, "risks/deal.yaml", "visibility: internal", "visibility: client")
    edit(client, "strategy/notes.md", "visibility: internal", "visibility: client")
    edit(client, "risks/register.yaml", "likelihood: 3", "likelihood: 4")
    git(client, "commit", "-qam", "Tidy up")
    changes = bullets(diff(client, "HEAD~1", "HEAD", "--format", "markdown"))
    assert changes[0] == (
        "⚠ This change makes 1 internal risk and 1 internal page visible to the client: "
        "R\\-050 Acquisition talks with Smile Group, strategy/notes\\.md"
    )
    assert changes[1].startswith("Risk **R\\-001 Backups fail** re-scored 12 → 16")
    back = bullets(diff(client, "HEAD", "HEAD~1", "--format", "markdown"))
    assert back[0] == (
        "This change hides 1 risk and 1 page from the client: "
        "R\\-050 Acquisition talks with Smile Group, strategy/notes\\.md"
    )


@pytest.mark.slow
def test_other_settings_are_listed_before_content(client):
    edit(
        client,
        "mkdocs.yml",
        "today: 2026-11-20\n",
        "today: 2026-11-20\n      risk_appetite: 15\n      env_allowlist: [DEPLOY_TOKEN]\n",
    )
    git(client, "commit", "-qam", "Settings")
    data = json.loads(diff(client, "HEAD~1", "HEAD", "--format", "json"))
    assert [(c["section"], c["message"]) for c in data["changes"]] == [
        ("settings", "Portal setting risk appetite: 12 → 15"),
        (
            "settings",
            "Portal setting env allowlist: — → DEPLOY_TOKEN (the values of these environment variables "
            "can be published)",
        ),
    ]


HOOKED = MINIMAL_MKDOCS + "hooks:\n  - hooks/extra.py\n"


def settings_lines(repo, *revs) -> list[str]:
    return [line.split(None, 1)[1] for line in diff(repo, *revs).splitlines()[1:]]


@pytest.mark.slow
def test_executable_configuration_changes_come_first_with_a_warning_marker(client):
    commit(client, "Add a hook", {"mkdocs.yml": HOOKED, "hooks/extra.py": "def on_config(config):\n    pass\n"})
    changes = bullets(diff(client, "HEAD~1", "HEAD", "--format", "markdown"))
    assert changes == [
        "⚠ mkdocs.yml now runs code when the portal is built: hooks: hooks/extra\\.py",
        "⚠ Files run when the portal is built or in CI changed: hooks/extra\\.py",
    ]
    # The hook's code changes, and nothing else: a reviewer still sees it (not "no changes").
    commit(client, "Tweak", {"hooks/extra.py": "import os\ndef on_config(config):\n    os.system('true')\n"})
    assert settings_lines(client, "HEAD~1", "HEAD") == [
        "⚠ Files run when the portal is built or in CI changed: hooks/extra.py"
    ]
    # An extension's options change (snippets reading from another folder): the same setting, changed.
    commit(client, "Snippets", {"mkdocs.yml": HOOKED + "markdown_extensions:\n  - pymdownx.snippets\n"})
    commit(
        client,
        "Snippets base",
        {"mkdocs.yml": HOOKED + "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: [/etc]\n"},
    )
    assert settings_lines(client, "HEAD~1", "HEAD") == [
        "⚠ mkdocs.yml changes code run when the portal is built: markdown extension pymdownx.snippets"
    ]
    # Against the working tree too.
    edit(client, "mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: overrides\n")
    lines = diff(client, "HEAD").splitlines()[1:]
    assert "  settings ⚠ mkdocs.yml now runs code when the portal is built: theme custom_dir: overrides" in lines


@pytest.mark.slow
def test_validate_lists_executable_configuration(client):
    config = MINIMAL_MKDOCS.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n") + (
        "hooks:\n  - hooks/extra.py\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
    )
    (client / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = run_ctoportal("validate", "--format", "json", cwd=client)
    assert result.returncode == 0, result.stderr
    found = [(p["line"], p["code"], p["message"]) for p in json.loads(result.stdout)["problems"]]
    assert found == [
        (5, "executable-config", "runs code when the portal is built: theme custom_dir: overrides"),
        (13, "executable-config", "runs code when the portal is built: hooks: hooks/extra.py"),
        (15, "executable-config", "runs code when the portal is built: markdown extension pymdownx.emoji"),
        (
            16,
            "executable-config",
            "runs code when the portal is built: "
            "!!python/name:material.extensions.emoji.twemoji at "
            "markdown_extensions.0.pymdownx.emoji.emoji_index",
        ),
    ]
    # Listed for the reviewer, not a mistake: --strict still passes; the portal's own plugins are not listed.
    assert run_ctoportal("validate", "--strict", cwd=client).returncode == 0
    (client / "mkdocs.yml").write_text(MINIMAL_MKDOCS, encoding="utf-8")
    assert "executable-config" not in run_ctoportal("validate", "--format", "json", cwd=client).stdout


# -- what ctoportal init writes: owners of executable configuration, a fork-safe preview -------------------


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("init") / "acme"
    result = run_ctoportal("init", str(target), "--client", "Acme", "--owner", "@dana", cwd=target.parent)
    assert result.returncode == 0, result.stderr
    return target


def test_codeowners_cover_executable_configuration_wherever_it_lives(scaffolded, tmp_path):
    """CODEOWNERS patterns are gitignore patterns: git itself says which paths they match."""
    patterns = [
        line.split()[0]
        for line in (scaffolded / "CODEOWNERS").read_text().splitlines()
        if line.strip() and not line.startswith("#") and line.split()[-1] == "@dana"
    ]
    (tmp_path / "owned").write_text("\n".join(patterns) + "\n")
    owned = [
        "mkdocs.yml",
        "base.yml",
        "hooks/publish.py",
        "clients/acme/hooks.py",
        "tools/build_hook.py",
        "theme/main.html",
        "custom/partials/header.html",
        "overrides/main.html",
        "site-extra/app.js",
        "requirements.txt",
        "docs/requirements-docs.txt",
        "pyproject.toml",
        ".github/workflows/portal.yml",
        ".gitlab-ci.yml",
        "CODEOWNERS",
        ".pre-commit-config.yaml",
    ]
    sources = [
        "risks/register.yaml",
        "roadmap/initiatives.yaml",
        "strategy/index.md",
        "strategy/goals.yaml",
        "vendors/vendors.yaml",
    ]
    result = subprocess.run(
        ["git", "-c", f"core.excludesFile={tmp_path / 'owned'}", "check-ignore", "--no-index", "--stdin"],
        cwd=scaffolded,
        input="\n".join(owned + sources),
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == owned  # every piece of build code owned, no source file


def workflow_text(scaffolded: Path) -> str:
    return (scaffolded / ".github/workflows/portal.yml").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_preview_runs_without_secrets_and_refuses_a_forks_build_code(scaffolded, tmp_path):
    workflow = YAML(typ="safe").load(workflow_text(scaffolded))
    on = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in on and "pull_request_target" not in on
    preview = workflow["jobs"]["preview"]
    assert "secrets" not in json.dumps(preview) and preview["permissions"] == {"contents": "read"}
    assert preview["steps"][0]["with"]["persist-credentials"] is False
    names = [step.get("name", step.get("run", step.get("uses"))) for step in preview["steps"]]
    refuse = names.index("A pull request from a fork may not change what runs at build time")
    assert refuse < names.index("ctoportal build --strict --site-dir site")
    step = preview["steps"][refuse]
    assert step["if"] == "github.event.pull_request.head.repo.full_name != github.repository"

    # The step's own script, in a fork's pull request: a real clone with origin/main and a new commit.
    repo = init_client(tmp_path / "fork")
    with_remote(repo)
    git(repo, "fetch", "-q", "origin")
    env = {"BASE_REF": "main", "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}

    def run_step():
        return subprocess.run(
            ["bash", "-e", "-c", step["run"]],
            cwd=repo,
            capture_output=True,
            text=True,
            env={**os.environ, **env},
            timeout=300,
        )

    edit(repo, "risks/register.yaml", "likelihood: 3", "likelihood: 4")
    git(repo, "commit", "-qam", "Content only")
    assert run_step().returncode == 0
    commit(repo, "Add a hook", {"mkdocs.yml": HOOKED, "hooks/extra.py": "import os\n"})
    refused = run_step()
    assert refused.returncode == 1
    assert (
        "::error::This pull request comes from a fork and changes what runs when the portal is built" in refused.stdout
    )
    assert "::error::⚠ mkdocs.yml now runs code when the portal is built: hooks: hooks/extra.py" in refused.stdout


@pytest.mark.slow
def test_gitlab_preview_refuses_a_forks_build_code(scaffolded, tmp_path):
    pipeline = YAML(typ="safe").load((scaffolded / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    script = pipeline["preview"]["script"]
    assert script.index(next(s for s in script if "ctoportal build" in s)) > 0
    check = script[0]
    repo = init_client(tmp_path / "fork")
    with_remote(repo)
    commit(repo, "Add a hook", {"mkdocs.yml": HOOKED, "hooks/extra.py": "import os\n"})
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
        "CI_MERGE_REQUEST_PROJECT_ID": "1",
    }

    def run(source_project: str):
        return subprocess.run(
            ["bash", "-e", "-c", check],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=300,
            env={**env, "CI_MERGE_REQUEST_SOURCE_PROJECT_ID": source_project},
        )

    refused = run("2")  # from a fork
    assert refused.returncode == 1
    assert "This merge request comes from a fork and changes what runs when the portal is built" in refused.stderr
    assert "hooks: hooks/extra.py" in refused.stdout
    assert run("1").returncode == 0  # the project's own branch: reviewed through CODEOWNERS instead
