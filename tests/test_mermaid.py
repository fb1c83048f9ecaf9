"""Mermaid text built from source text: labels carry no syntax, ids never come from the data."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.diagrams.mermaid import KEYWORDS, NodeIds, fence, frontmatter, label
from generator.diagrams.mermaid_builders import Flowchart, Gantt

# What label() may emit: letters, digits, spaces and entity codes, nothing else.
SAFE_LABEL = re.compile(r"(?:[A-Za-z0-9 ]|#\d+;)*")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Cloud backup 2027", "Cloud backup 2027"),
        ("<script>alert(1)</script>", "#60;script#62;alert#40;1#41;#60;#47;script#62;"),
        ('"]; click A call alert(1)', "#34;#93;#59; #99;lick A #99;all alert#40;1#41;"),
        (
            "%%{init: {'securityLevel':'loose'}}%%",
            "#37;#37;#123;#105;nit#58; #123;#39;securityLevel#39;#58;#39;loose#39;#125;#125;#37;#37;",
        ),
        ("Step one\nstep two\r\n\tend", "Step one step two #101;nd"),
        ("end", "#101;nd"),
        ("End of support", "#69;nd of support"),
        ("Endpoint backups", "Endpoint backups"),  # only whole words are keywords
        ("classDef x fill:#f00", "#99;lassDef x fill#58;#35;f00"),
        ("style n0 fill:red", "#115;tyle n0 fill#58;red"),
        ("Café & Co: #1; [x] {y} (z)", "Caf#233; #38; Co#58; #35;1#59; #91;x#93; #123;y#125; #40;z#41;"),
        ("a-->b", "a#45;#45;#62;b"),
        ("```", "#96;#96;#96;"),
        ("", "#160;"),
        ("   ", "#160;"),
    ],
)
def test_label_escapes_everything_that_could_be_syntax(text, expected):
    assert label(text) == expected


def test_label_shortens_long_text_with_an_ellipsis():
    assert label("a" * 100, limit=10) == "aaaaaaaaa#8230;"
    assert label("a" * 100, limit=None) == "a" * 100


@given(st.text())
def test_any_text_becomes_a_label_of_safe_characters(text):
    out = label(text, limit=None)
    assert SAFE_LABEL.fullmatch(out)
    # no keyword survives as a word mermaid could read
    words = re.findall(r"(?<![#\w])[A-Za-z][A-Za-z0-9]*", re.sub(r"#\d+;", " ", out))
    assert not [w for w in words if w.lower() in KEYWORDS and f"#{ord(w[0])};{w[1:]}" not in out]


@given(st.text())
def test_label_never_emits_html_or_mermaid_metacharacters(text):
    out = re.sub(r"#\d+;", "", label(text, limit=None))
    assert re.fullmatch(r"[A-Za-z0-9 ]*", out)


def test_node_ids_come_from_a_counter_never_from_the_key():
    ids = NodeIds()
    assert [ids("<script>"), ids("end"), ids("<script>"), ids(("risk", "R-1"))] == ["n0", "n1", "n0", "n2"]
    assert len(ids) == 3


def test_flowchart_text_is_exact():
    chart = Flowchart("LR")
    chart.node("a", 'Backups "now"', css="critical")
    chart.node("b", "end", shape="round", detail="in progress, ends Q1 2027")
    chart.edge("a", "b", critical=True)
    chart.edge("b", "a", "uses", dotted=True)
    assert chart.text() == (
        "flowchart LR\n"
        '  n0["`Backups #34;now#34;`"]\n'
        '  n1("`#101;nd #183; in progress#44; ends Q1 2027`")\n'
        "  n0 --> n1\n"
        '  n1 -.->|"uses"| n0\n'
        "  classDef critical stroke:#4a148c,stroke-width:4px\n"
        "  class n0 critical\n"
        "  linkStyle 0 stroke:#4a148c,stroke-width:4px\n"
    )


def test_gantt_text_is_exact_after_the_config_block():
    gantt = Gantt()
    gantt.section("Goal: keep clinics open")
    gantt.task("backup", "Backups; %%{init}%%", dt.date(2026, 10, 1), dt.date(2027, 1, 1), ("active", "crit"))
    gantt.task("drills", "Restore drills", None, dt.date(2027, 4, 1), after=["backup"])
    gantt.milestone("Board sign-off", dt.date(2026, 12, 1), ("done",))
    gantt.marker("Today", dt.date(2026, 11, 20))
    text = gantt.text()
    config, body = text.split("---\n")[1], text.split("---\n")[2]
    assert config.startswith("config: {") and '"useWidth": ' in config
    assert body == (
        "gantt\n  dateFormat YYYY-MM-DD\n  axisFormat %b %Y\n  tickInterval 3month\n  todayMarker off\n"
        "  section Goal#58; keep clinics open\n"
        "  Backups#59; #37;#37;#123;#105;nit#125;#37;#37; :active, crit, t0, 2026-10-01, 2027-01-01\n"
        "  Restore drills :t1, after t0, 2027-04-01\n"
        "  Board sign#45;off :done, milestone, t2, 2026-12-01, 0d\n"
        "  Today :vert, t3, 2026-11-20, 0d\n"
    )


def test_frontmatter_is_json_in_yaml():
    assert frontmatter({"gantt": {"useWidth": 900}}) == '---\nconfig: {"gantt": {"useWidth": 900}}\n---\n'


@pytest.mark.parametrize("bad", ["flowchart LR\n  a[<b>]", "```\nx", "a & b"])
def test_fence_refuses_text_that_did_not_come_from_the_builders(bad):
    with pytest.raises(ValueError):
        fence(bad)


def test_fence_wraps_safe_text():
    assert str(fence("flowchart LR\n  n0\n")) == "```mermaid\nflowchart LR\n  n0\n```"
