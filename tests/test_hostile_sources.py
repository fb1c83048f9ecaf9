"""Hostile and odd sources, file systems and output folders: a located one-line error, never a traceback,
never a blow-up (alias expansion, control characters written as escapes, absurd numbers and dates, files
that cannot be read, names that are not UTF-8, links in the repository, a full disk)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO_ROOT, run_ctoportal
from generator.problems import Problems
from generator.checks.validate import validate_repository

RISK = "- id: R-001\n  title: Ransomware\n  category: security\n  owner: COO\n  likelihood: 2\n  impact: 2\n"
VENDOR = "- id: zoom\n  name: Zoom\n  category: Phones\n"


def run(make_repo, files: dict[str, str | bytes], *args: str) -> tuple[str, int, Path]:
    """``ctoportal ARGS`` (validate by default) on a repository holding ``files``; never a traceback."""
    root = make_repo({})
    for relpath, content in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    result = run_ctoportal(*(args or ("validate",)), cwd=root, env={"NO_COLOR": "1"})
    assert "Traceback" not in result.stderr + result.stdout, result.stderr[-3000:]
    return result.stdout + result.stderr, result.returncode, root


def located_only(problems: Problems) -> None:
    for problem in problems.items:
        assert problem.path and problem.position.line >= 1 and problem.position.col >= 1, problem
        problem.path.encode("utf-8")  # printable anywhere: no lone surrogate from a non-UTF-8 name
        assert "\n" not in problem.path and "\x1b" not in problem.path


# -- 1. alias expansion is bounded by characters, not only by values -------------------------------------


def test_aliases_repeating_long_text_are_refused_at_the_first_alias(make_repo):
    # Few values (under the value limit) but each alias repeats 2,000 characters: 1,000 aliases in a
    # file of about 10 KB would load as 2 MB of text, and every page repeats it.
    text = 'x: &big "' + "A" * 2000 + '"\nitems:\n' + "".join("  - *big\n" for _ in range(1000))
    out, code, _ = run(make_repo, {"vendors/bomb.yaml": text})
    assert code == 1
    assert "vendors/bomb.yaml:3:5: error: the YAML expands to 2002006 characters of text, over the limit of" in out
    assert "(10 times the file's size)" in out


@pytest.mark.slow
def test_a_megabyte_of_aliases_fails_quickly_and_builds_nothing(make_repo):
    # the attack: about 1 MB, under the value limit, that expanded to a 778 MB site
    text = (
        '- id: zoom\n  name: &t "'
        + "lorem ipsum " * 40
        + '"\n  category: Phones\n  capabilities:\n'
        + "    - *t\n" * 120_000
    )
    start = time.monotonic()
    out, code, root = run(make_repo, {"vendors/bomb.yaml": text}, "build", "-d", "out")
    assert time.monotonic() - start < 120
    assert code == 1 and "vendors/bomb.yaml:5:7: error: the YAML expands to" in out
    assert "characters of text, over the limit" in out
    assert not (root / "out").exists()


def test_a_few_honest_aliases_are_fine(make_repo):
    text = (
        "- id: zoom\n  name: Zoom\n  category: Phones\n  capabilities: &caps [video, chat, phone]\n"
        "- id: teams\n  name: Teams\n  category: Phones\n  capabilities: *caps\n"
    )
    out, code, _ = run(make_repo, {"vendors/v.yaml": text})
    assert code == 0, out


# -- 2. control characters written as escapes, bidirectional controls anywhere --------------------------


@pytest.mark.slow  # one CLI run per parameter: the single-value tests cover it in the fast tier
@pytest.mark.parametrize(
    "escape, shown",
    [(r"\e", r"'\x1b'"), (r"\0", r"'\x00'"), (r"\x07", r"'\x07'"), (r"\x9b", r"'\x9b'"), (r"\u202E", r"'\u202e'")],
)
def test_escaped_control_characters_are_located_at_the_value(make_repo, escape, shown):
    out, code, _ = run(make_repo, {"risks/register.yaml": RISK.replace("Ransomware", f'"Ransom{escape}ware"')})
    assert code == 1
    assert "risks/register.yaml:2:10: error: " in out and f"control character {shown} in file" in out


def test_escaped_control_character_in_a_key_is_located_at_the_key(make_repo):
    out, code, _ = run(make_repo, {"risks/register.yaml": RISK + '  "own\\eer": x\n'})
    assert "risks/register.yaml:7:3: error: control character '\\x1b' in file" in out and code == 1


def test_escaped_control_characters_in_front_matter_are_refused(make_repo):
    out, code, _ = run(make_repo, {"strategy/index.md": '---\ntitle: "Plan\\e[2J"\n---\n# Plan\n'})
    assert "strategy/index.md:2:8: error: control character '\\x1b' in file" in out and code == 1


def test_newlines_and_tabs_written_as_escapes_are_still_text(make_repo):
    out, code, _ = run(
        make_repo,
        {
            "risks/register.yaml": RISK.replace("Ransomware", '"Ransom\\tware"')
            + '  description: "line one\\nline two"\n'
        },
    )
    assert code == 0, out


@pytest.mark.slow  # one CLI run per parameter: the single-value tests cover it in the fast tier
@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u2069", "\u200f", "\u061c"])
def test_raw_bidirectional_controls_are_refused_with_a_hint(make_repo, char):
    out, code, _ = run(make_repo, {"roadmap/r.yaml": f"- id: a\n  title: Pay {char}01$ now\n"})
    assert code == 1
    assert f"roadmap/r.yaml:2:14: error: bidirectional control character {ascii(char)} in file" in out
    assert "Trojan source" in out


def test_bidi_control_in_a_markdown_page_is_refused(make_repo):
    page = "# Plan\n\nApproved budget: $10,000 \u202e0001$ per clinic\n"
    out, code, _ = run(make_repo, {"strategy/index.md": page})
    assert "strategy/index.md:3:26: error: bidirectional control character '\\u202e' in file" in out and code == 1


def test_right_to_left_text_without_controls_is_fine(make_repo):
    out, code, _ = run(
        make_repo, {"roadmap/r.yaml": "- id: a\n  title: \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627\n"}
    )
    assert code == 0, out


# -- 3. absurd numbers and dates are located errors, not overflows --------------------------------------


def test_huge_notice_period_is_a_located_error(make_repo):
    vendor = VENDOR + "  contract:\n    end: 2027-01-31\n    notice_days: 1000000000000\n"
    out, code, _ = run(make_repo, {"vendors/v.yaml": vendor})
    assert "vendors/v.yaml:6:18: error: contract.notice_days must be at most 3660, got 1000000000000" in out
    assert code == 1


@pytest.mark.slow  # one CLI run per parameter: the single-value tests cover it in the fast tier
@pytest.mark.parametrize("end, notice", [("9999-12-31", 30), ("0001-01-10", 30), ("1899-12-31", 0), ("2201-01-01", 0)])
def test_dates_out_of_range_are_located_errors(make_repo, end, notice):
    vendor = VENDOR + f"  contract:\n    end: {end}\n    notice_days: {notice}\n"
    out, code, _ = run(make_repo, {"vendors/v.yaml": vendor}, "export", "-o", "out")
    assert f"vendors/v.yaml:5:10: error: contract.end must be between 1900 and 2200, got '{end}'" in out
    assert code == 1


@pytest.mark.parametrize("epoch", ["99999999999999999999", "253402300800", "8000000000"])
def test_a_source_date_epoch_out_of_range_is_one_line(make_repo, epoch):
    root = make_repo(
        {"risks/register.yaml": RISK}, mkdocs_yml="site_name: T\nplugins:\n  - ctoportal:\n      client: T\n"
    )
    result = run_ctoportal("validate", cwd=root, env={"NO_COLOR": "1", "SOURCE_DATE_EPOCH": epoch})
    assert "Traceback" not in result.stderr and result.returncode == 1, result.stderr
    assert result.stderr == (
        f"ctoportal: error: SOURCE_DATE_EPOCH={epoch!r} is not a time between 1900 and 2200: "
        "set it to seconds since 1970, or unset it\n"
    )


@pytest.mark.parametrize("field, value", [("start", "9999-Q4"), ("end", "0001-01"), ("end", "9999-12-31")])
def test_periods_out_of_range_are_located_errors(make_repo, field, value):
    out, code, _ = run(make_repo, {"roadmap/r.yaml": f"- id: a\n  title: A\n  {field}: {value}\n"})
    assert f"roadmap/r.yaml:3:{len(field) + 5}: error: {field} must be between 1900 and 2200, got '{value}'" in out
    assert code == 1


@pytest.mark.slow
def test_dates_at_the_edges_of_the_range_build_downloads(make_repo):
    vendor = VENDOR + "  contract:\n    end: 2200-12-31\n    notice_days: 3660\n    auto_renew: true\n"
    initiative = (
        "- id: a\n  title: A\n  start: 1900-Q1\n  end: 2200-Q4\n  milestones:\n    - {title: M, date: 2200-12-31}\n"
    )
    out, code, root = run(make_repo, {"vendors/v.yaml": vendor, "roadmap/r.yaml": initiative}, "export", "-o", "out")
    assert code == 0, out
    assert any(p.suffix == ".ics" for p in (root / "out").iterdir())


@pytest.mark.parametrize(
    "value, error",
    [
        ("1e308", "at most 1000000000000000, got 1e+308"),
        ("1.0e+16", "at most 1000000000000000, got 1e+16"),
        ("-1e300", "at least 0, got -1e+300"),
    ],
)
def test_absurd_amounts_are_located_errors(make_repo, value, error):
    vendor = VENDOR + f"  cost:\n    amount: {value}\n    per: month\n"
    out, code, _ = run(make_repo, {"vendors/v.yaml": vendor})
    assert code == 1 and f"vendors/v.yaml:5:13: error: cost.amount must be {error}" in out


def test_absurd_kpi_values_and_seat_counts_are_located_errors(make_repo):
    goals = "- id: g\n  title: G\n  kpis:\n    - {name: K, baseline: -1e300, target: 1e300, current: 0}\n"
    vendor = VENDOR + "  seats: " + "9" * 400 + "\n"
    out, code, _ = run(make_repo, {"strategy/goals.yaml": goals, "vendors/v.yaml": vendor})
    assert "strategy/goals.yaml:4:27: error: kpis[0].baseline must be at least -1000000000000000" in out
    assert "vendors/v.yaml:4:10: error: seats must be at most 1000000000000000" in out
    assert code == 1


# -- 3. files that cannot be read, names that are not UTF-8 --------------------------------------------


def test_dangling_symlink_is_a_located_error(make_repo):
    root = make_repo({"risks/register.yaml": RISK})
    (root / "risks" / "gone.yaml").symlink_to(root / "risks" / "nowhere.yaml")
    result = run_ctoportal("validate", cwd=root, env={"NO_COLOR": "1"})
    assert "Traceback" not in result.stderr
    assert "risks/gone.yaml:1:1: error: cannot read the file: No such file or directory" in result.stdout
    assert "the symbolic link points at nothing" in result.stdout and result.returncode == 1


def test_a_link_to_a_file_outside_the_repository_is_not_read(make_repo, tmp_path):
    secret = tmp_path / "elsewhere.yaml"
    secret.write_text(RISK.replace("Ransomware", "Read from outside"), encoding="utf-8")
    root = make_repo({"risks/register.yaml": RISK.replace("R-001", "R-002")})
    (root / "risks" / "shared.yaml").symlink_to(secret)
    (root / "risks" / "inside.yaml").symlink_to("../roadmap/kept.yaml")
    (root / "roadmap" / "kept.yaml").write_text("", encoding="utf-8")
    result = run_ctoportal("validate", cwd=root, env={"NO_COLOR": "1"})
    assert "risks/shared.yaml:1:1: error: risks/shared.yaml is a link out of the repository" in result.stdout
    assert "inside.yaml" not in result.stdout and result.returncode == 1


def test_a_pipe_named_like_a_source_is_a_located_error_not_a_hang(make_repo):
    root = make_repo({"risks/register.yaml": RISK})
    os.mkfifo(root / "risks" / "pipe.yaml")  # reading it would wait forever
    os.mkfifo(root / "strategy" / "notes.md")
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "validate"], cwd=root, capture_output=True, text=True, timeout=60
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert "risks/pipe.yaml:1:1: error: not a regular file" in result.stdout
    assert "strategy/notes.md:1:1: error: not a regular file" in result.stdout and result.returncode == 1


def test_a_folder_named_like_a_page_is_a_located_error(make_repo):
    out, code, root = run(make_repo, {"strategy/notes.md/inside.txt": "x\n", "risks/register.yaml": RISK})
    assert "strategy/notes.md:1:1: error: not a regular file (a folder, pipe or device)" in out and code == 1


@pytest.mark.slow
def test_file_name_that_is_not_utf8_is_a_located_error(make_repo):
    root = make_repo({"risks/register.yaml": RISK})
    with open(os.path.join(os.fsencode(root / "risks"), b"caf\xe9.yaml"), "wb") as handle:
        handle.write(RISK.replace("R-001", "R-002").encode())
    (root / "risks" / "evil\x1b[2J.yaml").write_text(RISK.replace("R-001", "R-003"), encoding="utf-8")
    for fmt in ("text", "json", "github"):
        result = run_ctoportal("validate", "--format", fmt, cwd=root, env={"NO_COLOR": "1"})
        assert "Traceback" not in result.stderr and result.returncode == 1, result.stderr
        assert "caf\\xe9.yaml" in result.stdout.replace("\\\\", "\\") and "\x1b" not in result.stdout
    result = run_ctoportal("validate", cwd=root, env={"NO_COLOR": "1"})
    assert "risks/caf\\xe9.yaml:1:1: error: file name is not valid UTF-8 or holds a control character" in result.stdout
    assert "risks/evil\\x1b[2J.yaml:1:1: error: file name" in result.stdout


# -- 3. links committed to the repository: diff and --since still work ----------------------------------


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", *args], cwd=root, check=True, capture_output=True
    )


@pytest.mark.slow
def test_an_absolute_symlink_in_the_repository_does_not_break_diff(make_repo):
    root = make_repo({"risks/register.yaml": RISK})
    (root / "docs-link").symlink_to("/etc/hostname")
    (root / "risks" / "outside.yaml").symlink_to("/etc/hostname")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "one")
    (root / "risks" / "register.yaml").write_text(
        RISK + RISK.replace("R-001", "R-002").replace("Ransomware", "Phishing"), encoding="utf-8"
    )
    (root / "risks" / "outside.yaml").unlink()
    _git(root, "commit", "-q", "-am", "two")
    result = run_ctoportal("diff", "HEAD~1", "HEAD", cwd=root, env={"NO_COLOR": "1"})
    assert "Traceback" not in result.stderr and result.returncode == 0, result.stderr
    assert "Phishing" in result.stdout


# -- 3. ctoportal new on a file that is not UTF-8 ---------------------------------------------------------


def test_new_on_a_latin1_file_is_a_located_error_and_leaves_it_untouched(make_repo):
    latin1 = (RISK + "  description: caf\xe9\n").encode("latin-1")
    out, code, root = run(make_repo, {"risks/register.yaml": latin1}, "new", "risk", "--title", "Flood")
    assert code == 1
    assert "ctoportal: error: risks/register.yaml:7:19: file is not valid UTF-8 (save the file as UTF-8)" in out
    assert (root / "risks" / "register.yaml").read_bytes() == latin1


# -- 3. a full disk while writing ------------------------------------------------------------------------


@pytest.mark.slow
def test_a_full_disk_while_exporting_is_one_line(make_repo):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    out, code, root = run(make_repo, {"risks/register.yaml": RISK}, "export", "-o", "out")
    assert code == 0, out
    victim = sorted((root / "out").iterdir())[0]
    victim.unlink()
    victim.symlink_to("/dev/full")  # the next write of that download hits a full disk
    result = run_ctoportal("export", "-o", "out", cwd=root, env={"NO_COLOR": "1"})
    assert "Traceback" not in result.stderr and result.returncode == 1, result.stderr
    assert result.stderr.startswith("ctoportal: error: No space left on device") and result.stderr.count("\n") == 1


@pytest.mark.slow
def test_a_site_folder_under_a_file_is_one_line(make_repo):
    root = make_repo({"risks/register.yaml": RISK})
    (root / "afile").write_text("not a folder\n", encoding="utf-8")
    for args in (("build", "-d", "afile/site"), ("export", "-o", "afile/out")):
        result = run_ctoportal(*args, cwd=root, env={"NO_COLOR": "1"})
        assert "Traceback" not in result.stderr and result.returncode == 1, result.stderr[-2000:]
        assert "ctoportal: error: " in result.stderr and "afile" in result.stderr


# -- 4. fuzz: the file system of the source folders -----------------------------------------------------

_NAMES = st.one_of(
    st.text(min_size=1, max_size=12).filter(lambda n: "/" not in n and "\0" not in n),
    st.binary(min_size=1, max_size=12).filter(lambda b: b"/" not in b and b"\0" not in b),
    st.sampled_from(["a b", ".hidden", "..x", "-", "register", "goals", "\u202e", "é"]),
)
_CONTENTS = st.sampled_from([RISK, VENDOR, "- id: a\n  title: A\n", "", "x: [", "\u00e9: \u00e9\n"])
_ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "utf-32"])
_ENTRY = st.tuples(
    st.sampled_from(["strategy", "roadmap", "risks", "vendors"]),
    _NAMES,
    st.sampled_from([".yaml", ".yml", ".md", ""]),
    st.sampled_from(["file", "file", "relative-link", "absolute-link", "dangling", "loop", "fifo", "folder"]),
    _CONTENTS,
    _ENCODINGS,
)


def _within(seconds: int, function, *args):
    """A source that blocks the reader (a pipe) fails the example instead of hanging the suite."""

    def expired(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        return function(*args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _make(folder: Path, name: bytes, kind: str, content: str, encoding: str) -> None:
    path = os.path.join(os.fsencode(folder), name)
    if os.path.lexists(path):
        return
    if kind == "file":
        try:
            data = content.encode(encoding)
        except UnicodeEncodeError:
            data = content.encode("utf-8")
        with open(path, "wb") as handle:
            handle.write(data)
    elif kind == "relative-link":
        os.symlink(b"../risks/register.yaml", path)
    elif kind == "absolute-link":
        os.symlink(os.fsencode(REPO_ROOT / "risks"), path)
    elif kind == "dangling":
        os.symlink(b"nowhere.yaml", path)
    elif kind == "loop":
        os.symlink(name, path)
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        os.mkdir(path)


@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(_ENTRY, min_size=1, max_size=6))
def test_fuzz_source_folders_give_located_problems(tmp_path_factory, entries):
    root = tmp_path_factory.mktemp("fsfuzz")
    (root / "mkdocs.yml").write_text(
        "site_name: F\nplugins:\n  - ctoportal:\n      client: F\n      today: 2026-11-20\n", encoding="utf-8"
    )
    for folder in ("strategy", "roadmap", "risks", "vendors"):
        (root / folder).mkdir()
    (root / "risks" / "register.yaml").write_text(RISK, encoding="utf-8")
    for folder, name, suffix, kind, content, encoding in entries:
        raw = name if isinstance(name, bytes) else name.encode("utf-8")
        if raw in (b".", b".."):
            continue
        _make(root / folder, raw + suffix.encode(), kind, content, encoding)
    validation = _within(10, validate_repository, root / "mkdocs.yml")
    located_only(validation.problems)


# -- 4. fuzz: scalar values of items ---------------------------------------------------------------------

_SCALARS = st.one_of(
    st.text(max_size=20),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(str),
    st.sampled_from(
        [
            "9999-Q4",
            "0001-01",
            "1e308",
            "-.inf",
            ".nan",
            "\\e",
            "\\0",
            "\\u202E",
            "\\x85",
            "\\L",
            "9" * 400,
            "2026-02-30",
            "~",
            "[]",
            "{}",
        ]
    ),
)
_FIELDS = [
    (
        "vendors/v.yaml",
        VENDOR + "  contract:\n    end: 2027-01-31\n    auto_renew: true\n",
        "    ",
        ["end", "start", "notice_days"],
    ),
    ("vendors/v.yaml", VENDOR, "  ", ["seats", "name", "category", "replaced_by"]),
    ("vendors/v.yaml", VENDOR + "  cost:\n    per: month\n", "    ", ["amount"]),
    ("roadmap/r.yaml", "- id: a\n  title: A\n  milestones:\n    - title: M\n", "      ", ["date"]),
    ("roadmap/r.yaml", "- id: a\n  title: A\n", "  ", ["start", "end", "progress", "title", "owner"]),
    ("roadmap/r.yaml", "- id: a\n  title: A\n  cost:\n", "    ", ["capex", "opex"]),
    ("risks/register.yaml", RISK, "  ", ["review", "identified", "likelihood", "title", "description"]),
    (
        "strategy/goals.yaml",
        "- id: g\n  title: G\n  kpis:\n    - name: K\n",
        "      ",
        ["baseline", "target", "current", "due"],
    ),
]


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.sampled_from(_FIELDS), data=st.data())
def test_fuzz_item_values_give_located_problems_or_a_portal(tmp_path_factory, where, data):
    from generator.render.exports import write_downloads
    from generator.render.pages import render_pages

    relpath, text, indent, fields = where
    field = data.draw(st.sampled_from(fields))
    value = data.draw(_SCALARS)
    written = (
        f'"{value}"'
        if isinstance(value, str) and value.startswith("\\")
        else (str(value) if not isinstance(value, str) else value)
    )
    quoted = data.draw(st.booleans())
    if quoted and isinstance(value, str) and not written.startswith('"'):
        written = '"' + written.replace("\\", "\\\\").replace('"', '\\"') + '"'
    root = tmp_path_factory.mktemp("valuefuzz")
    (root / "mkdocs.yml").write_text(
        "site_name: F\nplugins:\n  - ctoportal:\n      client: F\n      today: 2026-11-20\n", encoding="utf-8"
    )
    path = root / relpath
    path.parent.mkdir(parents=True)
    path.write_text(text + f"{indent}{field}: {written}\n", encoding="utf-8")
    validation = validate_repository(root / "mkdocs.yml")
    located_only(validation.problems)
    if validation.ok:
        portal = validation.portal.for_audience("client")
        render_pages(portal)
        write_downloads(portal, root / "out")
