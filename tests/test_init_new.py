"""``ctoportal init`` gives a repository that validates, builds strictly and carries working CI files;
``ctoportal new`` appends an item without touching a byte of the rest of the file."""

from __future__ import annotations

import json

import pytest
from ruamel.yaml import YAML

from conftest import run_ctoportal, run_mkdocs
from generator.authoring.new_item import next_id


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory):
    target = tmp_path_factory.mktemp("init") / "acme-dental"
    result = run_ctoportal("init", str(target), "--client", 'Acme "Smiles" & Co', "--owner", "@dana", cwd=target.parent)
    assert result.returncode == 0, result.stderr
    return target


def load_yaml(path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


@pytest.mark.slow
def test_init_validates_and_builds_strictly(scaffolded):
    result = run_ctoportal("validate", "--strict", cwd=scaffolded)
    assert result.returncode == 0 and result.stdout.strip() == "no problems found", result.stdout
    built = run_mkdocs("build", "--strict", "-d", "site", cwd=scaffolded)
    assert built.returncode == 0, built.stderr[-3000:]
    index = (scaffolded / "site/index.html").read_text(encoding="utf-8")
    assert '<h1 id="acme-smiles-co-technology-at-a-glance">Acme "Smiles" &amp; Co: technology at a glance</h1>' in index
    assert "aria-label=\"Acme 'Smiles' and Co · technology portal\"" in index  # site_name: plain text only
    for page in ("risks/R-001", "roadmap/tested-backups", "vendors/backup-vendor"):
        assert (scaffolded / "site" / page / "index.html").is_file()
    assert (scaffolded / ".git").is_dir()


def test_init_has_one_commented_example_of_each_kind(scaffolded):
    for relpath in ("strategy/goals.yaml", "roadmap/initiatives.yaml", "risks/register.yaml", "vendors/vendors.yaml"):
        text = (scaffolded / relpath).read_text(encoding="utf-8")
        assert text.startswith("#") and len(load_yaml(scaffolded / relpath)) == 1, relpath
    assert load_yaml(scaffolded / "mkdocs.yml")["plugins"][1]["ctoportal"]["client"] == 'Acme "Smiles" & Co'


def test_github_workflow_has_the_expected_jobs(scaffolded):
    workflow = load_yaml(scaffolded / ".github/workflows/portal.yml")
    assert set(workflow["jobs"]) == {"validate", "diff", "preview", "publish"}
    on = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads the key `on` as true
    assert set(on) == {"pull_request", "push"} and on["push"]["tags"] == ["v*"]

    def runs(job):
        return "\n".join(step.get("run", "") for step in workflow["jobs"][job]["steps"])

    assert "ctoportal validate --strict --format github" in runs("validate")
    assert 'ctoportal diff "origin/$BASE_REF" HEAD --format markdown' in runs("diff")
    assert "gh pr comment" in runs("diff")
    assert workflow["jobs"]["diff"]["permissions"]["pull-requests"] == "write"
    assert any(
        step.get("uses", "").startswith("actions/upload-artifact") for step in workflow["jobs"]["preview"]["steps"]
    )
    publish = workflow["jobs"]["publish"]
    assert publish["concurrency"] == {"group": "portal-publish", "cancel-in-progress": False}
    assert publish["permissions"]["contents"] == "write"
    steps = runs("publish")
    assert steps.index("git fetch origin gh-pages:gh-pages") < steps.index("ctoportal publish latest")
    assert 'ctoportal publish latest --title "Latest" --overwrite --set-default --push' in steps
    assert 'ctoportal publish "${GITHUB_REF_NAME#v}"' in steps
    assert all(
        s.get("with", {}).get("fetch-depth") == 0
        for s in publish["steps"]
        if s.get("uses", "").startswith("actions/checkout")
    )
    for job in ("preview", "publish"):  # a build in CI finds the diagrams earlier runs drew
        caches = [s for s in workflow["jobs"][job]["steps"] if s.get("uses", "").startswith("actions/cache")]
        assert [c["with"]["path"] for c in caches] == [".cache/ctoportal"], job


def test_gitlab_pipeline_has_the_expected_jobs(scaffolded):
    pipeline = load_yaml(scaffolded / ".gitlab-ci.yml")
    jobs = {k for k, v in pipeline.items() if isinstance(v, dict) and "script" in v}
    assert jobs == {"validate", "diff", "preview", "publish", "pages"}
    assert pipeline["publish"]["resource_group"] == "portal-publish"
    script = "\n".join(pipeline["publish"]["script"])
    assert script.index("git fetch origin gh-pages:gh-pages") < script.index("ctoportal publish")
    assert any("ctoportal diff" in line for line in pipeline["diff"]["script"])
    assert pipeline["preview"]["artifacts"]["paths"] == ["site/"]


def test_editor_hooks_and_owners(scaffolded):
    settings = json.loads((scaffolded / ".vscode/settings.json").read_text())
    for schema in settings["yaml.schemas"]:
        assert (scaffolded / schema).is_file(), schema  # written by init, as `ctoportal schema` would
    hooks = load_yaml(scaffolded / ".pre-commit-config.yaml")["repos"][0]["hooks"]
    assert hooks[0]["entry"] == "ctoportal validate" and hooks[0]["pass_filenames"] is False
    owners = (scaffolded / "CODEOWNERS").read_text()
    for path in (
        "/mkdocs.yml",
        "/overrides/",
        "/hooks/",
        "/.pre-commit-config.yaml",
        "/.github/",
        "/.gitlab-ci.yml",
        "/CODEOWNERS",
    ):
        assert f"{path}" in owners and any(
            line.startswith(path) and line.endswith("@dana") for line in owners.splitlines()
        ), path


def test_init_refuses_a_folder_with_files(tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy/notes.txt").write_text("keep me")
    result = run_ctoportal("init", "busy", cwd=tmp_path)
    assert result.returncode == 1 and "already exists and is not empty" in result.stderr
    assert (tmp_path / "busy/notes.txt").read_text() == "keep me"


REGISTER = """\
# Risk register: appetite 12.
# Keep the oldest first.

- id: R-001
  title: Ransomware     # the big one
  category: security
  owner: "Kevin Park"
  likelihood: 2
  impact: 5
  mitigations: [ ]   # none yet

  # ---- people
- id: R-007
  title: Key person leaves
  category: people
  owner: Dana
  likelihood: 2
  impact: 3
"""


@pytest.mark.slow
def test_new_appends_with_the_next_id_and_keeps_every_other_byte(make_repo):
    repo = make_repo({"risks/register.yaml": REGISTER})
    result = run_ctoportal("new", "risk", "--title", "Phishing: 'urgent' invoices", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "added risk R-008 to risks/register.yaml"
    text = (repo / "risks/register.yaml").read_text(encoding="utf-8")
    assert text.startswith(REGISTER)  # byte for byte
    added = text[len(REGISTER) :]
    assert added.startswith("\n- id: R-008\n  title: ")
    assert load_yaml(repo / "risks/register.yaml")[-1]["title"] == "Phishing: 'urgent' invoices"
    assert run_ctoportal("validate", "--strict", cwd=repo).returncode == 0


@pytest.mark.slow
def test_new_initiative_vendor_and_goal(make_repo):
    repo = make_repo({"vendors/vendors.yaml": "- id: datto\n  name: Datto\n  category: Backup\n"})
    (repo / "roadmap/initiatives.yaml").write_text("  - id: cloud-backup\n    title: Cloud backup\n")  # indented list
    original = (repo / "roadmap/initiatives.yaml").read_text()
    for args, expected in (
        (("initiative", "--title", "Cloud backup"), "added initiative cloud-backup-2 to roadmap/initiatives.yaml"),
        (("vendor", "--title", "Huntress EDR"), "added vendor huntress-edr to vendors/vendors.yaml"),
        (("goal", "--title", "Pass the audit"), "added goal pass-the-audit to strategy/goals.yaml"),
    ):
        result = run_ctoportal("new", *args, cwd=repo)
        assert result.stdout.strip() == expected, result.stderr
    text = (repo / "roadmap/initiatives.yaml").read_text()
    assert text.startswith(original) and "\n  - id: cloud-backup-2\n    title: Cloud backup\n" in text  # same indent
    assert run_ctoportal("validate", "--strict", cwd=repo).returncode == 0


def test_new_refuses_a_file_that_does_not_parse(make_repo):
    repo = make_repo({"risks/register.yaml": "- id: R-001\n  title: [unclosed\n"})
    before = (repo / "risks/register.yaml").read_text()
    result = run_ctoportal("new", "risk", cwd=repo)
    assert result.returncode == 1 and "does not hold a list of risks" in result.stderr
    assert (repo / "risks/register.yaml").read_text() == before


@pytest.mark.parametrize(
    "kind, existing, title, expected",
    [
        ("risk", [], "x", "R-001"),
        ("risk", ["R-009", "R-010"], "x", "R-011"),
        ("risk", ["RISK-0042"], "x", "RISK-0043"),
        ("vendor", ["V-001", "V-002"], "Zoom", "V-003"),
        ("initiative", ["mfa"], "MFA!", "mfa-2"),
        ("goal", [], "  ", "item"),
    ],
)
def test_next_id(kind, existing, title, expected):
    assert next_id(kind, existing, title) == expected
