"""Broken and hostile source files: each has a defined, located outcome, quickly, and never a traceback."""

from __future__ import annotations

import shutil
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO_ROOT, run_ctoportal
from generator.sources import located_yaml as yamlsource
from generator.checks.items import run_checks
from generator.sources.loader import load_portal
from generator.model import PortalSettings
from generator.render.pages import render_pages
from generator.problems import Problems

RISK = "- id: R-001\n  title: Ransomware\n  category: security\n  owner: COO\n  likelihood: 2\n  impact: 2\n"


def validate(make_repo, files: dict[str, str | bytes]) -> tuple[str, int]:
    root = make_repo({})
    for relpath, content in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    result = run_ctoportal("validate", cwd=root, env={"NO_COLOR": "1"})
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout, result.returncode


def test_python_tags_are_rejected_and_nothing_runs(make_repo, tmp_path):
    marker = tmp_path / "pwned"
    out, code = validate(make_repo, {"risks/register.yaml": f"- !!python/object/apply:os.system ['touch {marker}']\n"})
    assert code == 1
    assert (
        "risks/register.yaml:1:3: error: unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'" in out
    )
    assert not marker.exists()


def test_unknown_local_tag_is_rejected(make_repo):
    out, code = validate(make_repo, {"vendors/v.yaml": "- id: a\n  name: !secret x\n  category: c\n"})
    assert "vendors/v.yaml:2:9: error: unsupported YAML tag '!secret'" in out and code == 1


def test_alias_bomb_is_rejected_quickly(make_repo):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for prev, name in zip("abcdefgh", "bcdefghi"):
        bomb += f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]\n"
    start = time.monotonic()
    out, code = validate(make_repo, {"vendors/bomb.yaml": bomb})
    assert time.monotonic() - start < 20
    assert "vendors/bomb.yaml:1:1: error: the YAML expands to" in out and code == 1


@pytest.mark.slow
def test_deep_nesting_is_rejected(make_repo):
    out, code = validate(make_repo, {"vendors/deep.yaml": "a: " + "[" * 3000 + "]" * 3000 + "\n"})
    assert "vendors/deep.yaml:1:1: error: YAML nested too deeply" in out or "nested deeper than" in out
    assert code == 1


def test_nesting_over_the_limit_is_located(make_repo):
    out, code = validate(
        make_repo, {"vendors/deep.yaml": "- id: a\n  name: A\n  category: c\n  notes: " + "[" * 60 + "]" * 60 + "\n"}
    )
    assert "vendors/deep.yaml:4:48: error: YAML nested deeper than 40 levels" in out and code == 1


def test_oversized_file_is_rejected(make_repo):
    big = RISK + "# " + "x" * (yamlsource.MAX_FILE_BYTES + 10) + "\n"
    out, code = validate(make_repo, {"risks/register.yaml": big})
    assert "risks/register.yaml:1:1: error: file is" in out and "byte limit" in out and code == 1


@pytest.mark.slow
def test_too_many_items_is_rejected(make_repo, monkeypatch):
    items = "".join(f"- id: v{i}\n  name: V{i}\n  category: c\n" for i in range(5001))
    out, code = validate(make_repo, {"vendors/many.yaml": items})
    assert "error: more than 5000 vendors" in out and code == 1


def test_yaml_1_1_directive_is_read_as_yaml_1_1(make_repo):
    text = "%YAML 1.1\n---\n- id: zoom\n  name: Zoom\n  category: Phones\n  contract:\n    auto_renew: yes\n    end: 2027-01-31\n"
    out, code = validate(make_repo, {"vendors/v.yaml": text})
    assert code == 0, out


@pytest.mark.parametrize(
    "value, message",
    [
        (".nan", "cost.capex must be a finite number"),
        (".inf", "cost.capex must be a finite number"),
        ("-10", "cost.capex must be at least 0, got -10"),
    ],
)
def test_money_must_be_finite_and_not_negative(make_repo, value, message):
    out, code = validate(make_repo, {"roadmap/r.yaml": f"- id: a\n  title: A\n  cost:\n    capex: {value}\n"})
    assert f"roadmap/r.yaml:4:12: error: {message}" in out and code == 1


def test_impossible_date_is_a_located_error(make_repo):
    out, code = validate(make_repo, {"risks/register.yaml": RISK + "  review: 2026-02-30\n"})
    assert "risks/register.yaml:7:11: error: review is not a real date: '2026-02-30'" in out and code == 1


def test_invalid_utf8_is_located(make_repo):
    out, code = validate(make_repo, {"risks/register.yaml": RISK.encode() + b"  owner2: caf\xe9\n"})
    assert "risks/register.yaml:7:14: error: file is not valid UTF-8" in out and code == 1


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b"])
def test_control_characters_are_rejected(make_repo, char):
    out, code = validate(make_repo, {"risks/register.yaml": RISK.replace("Ransomware", f"Ransom{char}ware")})
    assert "risks/register.yaml:2:16: error: control character" in out and code == 1


@pytest.mark.parametrize(
    "char, error",
    [
        ("\u202e", "1:11: error: bidirectional control character"),
        ("\u200b", "1:7: error: id must be a lowercase slug"),
        ("\u2066", "1:11: error: bidirectional control character"),
    ],
)
def test_bidi_and_zero_width_characters_in_ids_are_rejected(make_repo, char, error):
    out, code = validate(make_repo, {"risks/register.yaml": RISK.replace("R-001", f"R-00{char}1")})
    assert f"risks/register.yaml:{error}" in out and code == 1


def test_template_syntax_in_data_is_never_evaluated(make_repo):
    root = make_repo({"risks/register.yaml": RISK.replace("Ransomware", '"{{ 7*7 }} {% raw %}"')})
    from generator.checks.validate import validate_repository

    pages = render_pages(validate_repository(root / "mkdocs.yml").portal)
    assert "\\{\\{ 7\\*7 \\}\\} \\{% raw %\\}" in pages["risks/R-001.md"]
    assert "49" not in pages["risks/R-001.md"]


# -- random mutations of the demo never produce a traceback ---------------------------------------

_DEMO_FILES = sorted(
    p.relative_to(REPO_ROOT).as_posix()
    for folder in ("roadmap", "risks", "vendors")
    for p in (REPO_ROOT / folder).glob("*.yaml")
) + ["strategy/goals.yaml", "strategy/index.md"]
_SNIPPETS = [
    "",
    ":",
    "- ",
    "  ",
    "\t",
    "\n",
    "{",
    "]",
    "&a",
    "*a",
    "!!python/name:os.system",
    "'",
    '"',
    "#",
    "2026-13-45",
    "2026-Q9",
    "-1",
    ".nan",
    "null",
    "R-999",
    "[]",
    "{}",
    "~",
    "%",
    "---\n",
    "\u202e",
    "é",
]


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    file=st.sampled_from(_DEMO_FILES),
    edits=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 40), st.sampled_from(_SNIPPETS)), min_size=1, max_size=4),
)
def test_mutated_demo_gives_located_problems_or_a_portal(tmp_path_factory, file, edits):
    root = tmp_path_factory.mktemp("fuzz")
    for folder in ("strategy", "roadmap", "risks", "vendors"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    path = root / file
    text = path.read_text(encoding="utf-8")
    for where, cut, snippet in edits:
        at = int(where * len(text))
        text = text[:at] + snippet + text[at + cut :]
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    portal, sources = load_portal(root, PortalSettings(client="Fuzz", today="2026-11-20"), problems)
    run_checks(portal, sources, problems)
    for problem in problems.items:
        assert problem.path and problem.position.line >= 1 and problem.position.col >= 1
    if not problems.errors:
        render_pages(portal.for_audience("client"))
