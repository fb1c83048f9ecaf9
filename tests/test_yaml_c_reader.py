"""The C reader (ruamel's C parser, positions from its node marks) gives exactly what the round-trip
loader gives: the same values, the same types that matter, the same line and column for every key,
value and item; whatever it does not handle the round-trip way is left to the round-trip loader."""

from __future__ import annotations

import math
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from conftest import REPO_ROOT, run_ctoportal
from generator.problems import Problems
from generator.sources import located_yaml
from generator.sources.located_yaml import _Fallback, _load_c, load_text, new_yaml

pytestmark = pytest.mark.skipif(located_yaml.CParser is None, reason="ruamel.yaml.clib is a dependency")

SAME = {
    "items": "- id: R-001\n  title: Ransomware\n  likelihood: 2\n  tags: [a, b]\n- id: R-002\n  title: x\n",
    "block scalars": "- id: a\n  description: |\n    line one\n    [link](x.md)\n  notes: >\n    folded\n    text\n"
    "  keep: |+\n    kept\n\n  strip: |-\n    stripped\n",
    "quoted": "a: 'single ''q'''\nb: \"double \\t \\u00e9 \\n\"\nc: \"multi\n  line\"\nd: ''\n",
    "plain multi-line": "title: a plain\n  scalar over\n  three lines\nnext: 1\n",
    "numbers": "a: 1\nb: -2\nc: 0x1F\nd: 0o17\ne: 1_000\nf: 1.5\ng: 1e3\nh: .inf\ni: -.inf\nj: 017\nk: +3\n"
    "l: 1.0\nm: 0.1\n",
    "not numbers in 1.2": "a: yes\nb: no\nc: on\nd: off\ne: 1:30\nf: 0b101\ng: Y\n",
    "booleans and nulls": "a: true\nb: False\nc: null\nd: ~\nf: Null\n",
    "dates stay text": "a: 2026-02-30\nb: 2026-10-01\nc: 2026-10-01T10:00:00Z\nd: 2026-10\ne: 2026-Q4\n",
    "keys of several types": "1: int\n2.5: float\nfalse: bool\nnull: none\n'quoted': q\n",
    "unicode": 'é: café\n日本: [東京, 大阪]\nemoji: "\U0001f600 ok"\nrtl: שלום עולם\n',
    "flow": "a: {b: 1, c: [2, 3, {d: e}]}\nf: []\ng: {}\nh: [a,\n  b,\n  c]\n",
    "nested blocks": "- a:\n  - b:\n      c:\n      - - d\n        - e\n      - f\n",
    "compact sequence under a key": "a:\n- 1\n- 2\nb:\n  - 3\n",
    "comments": "# head\na: 1  # eol\n# between\nb:  # after key\n  c: 2\n",
    "document markers": "---\na: 1\n...\n",
    "ampersands and bangs in prose": "a: Q & A, R&D, Smith &\nb: Urgent! x!y\nc: '&quoted'\n",
    "empty": "",
    "only a comment": "# nothing\n",
    "sequence of scalars": "- a\n- 1\n- 2026-01-01\n- [x]\n",
    "windows line ends": "a: 1\r\nb:\r\n  - c\r\n  - d\r\n",
    "tabs written as escapes": 'a: "x\\ty"\n',
    "long line": "a: " + "word " * 500 + "\n",
    "indented sequence": "items:\n    -   id: a\n        title: b\n    -   id: c\n",
    "explicit key": "? simple\n: value\n",
    "special strings": "a: '@at'\nb: '`tick'\nc: \"%pct\"\nd: '*star'\ne: '&amp'\nf: '!bang'\ng: '- dash'\n",
}


def _same(fast, slow, where=()):
    if isinstance(slow, CommentedMap):
        assert isinstance(fast, CommentedMap), where
        assert list(fast) == list(slow), where
        assert [type(k) for k in fast] == [type(k) for k in slow], where
        assert (fast.lc.line, fast.lc.col) == (slow.lc.line, slow.lc.col), where
        for key in slow:
            assert fast.lc.key(key) == slow.lc.key(key), (where, key)
            assert fast.lc.value(key) == slow.lc.value(key), (where, key)
            _same(fast[key], slow[key], (*where, key))
    elif isinstance(slow, CommentedSeq):
        assert isinstance(fast, CommentedSeq), where
        assert len(fast) == len(slow), where
        assert (fast.lc.line, fast.lc.col) == (slow.lc.line, slow.lc.col), where
        for index, item in enumerate(slow):
            assert fast.lc.item(index) == slow.lc.item(index), (where, index)
            _same(fast[index], item, (*where, index))
    else:
        # The same value and the same kind of value (a str subclass for anchored text is still text).
        if isinstance(slow, float) and math.isnan(slow):
            assert isinstance(fast, float) and math.isnan(fast), where
        else:
            assert (
                fast == slow
                and type(fast) is type(slow)
                or (isinstance(slow, str) and type(fast) is str and str(fast) == str(slow))
            ), (where, fast, slow)
        assert isinstance(fast, LiteralScalarString) == isinstance(slow, LiteralScalarString), where


@pytest.mark.parametrize("text", SAME.values(), ids=SAME.keys())
def test_the_c_reader_gives_what_the_round_trip_loader_gives(text):
    _same(_load_c(text), new_yaml().load(text))


def test_the_demo_reads_the_same_both_ways():
    files = [
        p
        for folder in ("strategy", "roadmap", "risks", "vendors")
        for p in sorted((REPO_ROOT / folder).rglob("*.yaml"))
    ]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        _same(_load_c(text), new_yaml().load(text), (path.name,))


LEFT_TO_ROUND_TRIP = {
    "a %YAML directive (YAML 1.1 booleans)": "%YAML 1.1\n---\na: yes\n",
    "a %TAG directive": "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n",
    "a duplicate key": "a: 1\nb: 2\na: 3\n",
    "a merge key": "base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n",
    "an unknown tag": "a: !secret x\n",
    "a python tag": "- !!python/object/apply:os.system ['true']\n",
    "a tagged mapping": "a: !thing {b: 1}\n",
    "a complex key": "? [a, b]\n: c\n",
    "a syntax error": "a: [1, 2\nb: 3\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "a scalar document": "just text\n",
    "a block scalar document": "|+ \n#c: d\n",
    "a recursive alias": "a: &a [*a]\n",
    "an anchor": "a: &n 5\nb: *n\n",
    "an alias bomb": "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
    "deep flow nesting": "a: " + "[" * 2000 + "]" * 2000 + "\n",
    "deep block nesting": "- " * 2000 + "x\n",
    "an undefined alias": "a: *nowhere\n",
    "a set": "!!set {a, b}\n",
    "an explicit standard tag": "a: !!str\nb: 1\n",
    "an empty value": "a:\nb: 1\n",
    "an empty value before a comment": "a:   # c\nb: 1\n",
    "an empty item": "- \n- x\n",
    "an empty flow value": "{a, b: 1}\n",
    "a tab after a colon": "a:\tb\n",
    "a tab inside a value": "a: 'x\ty'\n",
    "a next-line character": "a: b\x85c: d\n",
    "a line separator": "a: b\u2028c\n",
    "a byte-order mark inside": "a: 1\n\ufeffb: 2\n",
    "a comment glued to a block scalar header": "a: |#c\n  x\n",
    "a line of spaces first in a block scalar": "a: |-\n  \n    x\n",
}


@pytest.mark.parametrize("text", LEFT_TO_ROUND_TRIP.values(), ids=LEFT_TO_ROUND_TRIP.keys())
def test_what_the_c_reader_does_not_handle_is_left_to_the_round_trip_loader(text):
    with pytest.raises(_Fallback):
        _load_c(text)


def test_a_yaml_1_1_file_still_reads_yes_as_true():
    located = load_text("%YAML 1.1\n---\na: yes\nb: 2026-01-01\n", "x.yaml", Problems())
    assert located is not None and located.node["a"] is True and located.node["b"] == "2026-01-01"


def test_duplicate_keys_are_still_located_by_the_round_trip_loader():
    problems = Problems()
    assert load_text("- id: a\n  title: b\n  title: c\n", "r.yaml", problems) is None
    assert [f"{p.position.line}:{p.position.col} {p.message}" for p in problems.errors] == ["3:3 duplicate key 'title'"]


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "- " * 100_000 + "x\n",
        "a:\n" + "".join(" " * n + f"k{n}:\n" for n in range(1, 3000)) + " " * 3000 + "v\n",
    ],
    ids=["flow", "block on one line", "block indented"],
)
def test_nesting_deep_enough_to_crash_the_c_composer_is_an_error_not_a_crash(make_repo, text):
    """ruamel's C composer recurses in C: some ten thousand levels crash the interpreter (SIGSEGV)."""
    root = make_repo({})
    (root / "vendors").mkdir(exist_ok=True)
    (root / "vendors" / "deep.yaml").write_text(text, encoding="utf-8")
    result = run_ctoportal("validate", cwd=root, env={"NO_COLOR": "1"})
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    assert "vendors/deep.yaml:" in result.stdout and "nested" in result.stdout, result.stdout[-2000:]


def test_the_nesting_bound_never_underestimates():
    from generator.sources.located_yaml import _nesting_bound

    def depth(node):
        if isinstance(node, dict):
            return 1 + max((depth(v) for v in node.values()), default=0)
        if isinstance(node, list):
            return 1 + max((depth(v) for v in node), default=0)
        return 1

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 5000))
    for text in [*SAME.values(), "- - - - - x\n", "a: [[[{b: [[c]]}]]]\n", "a:\n- b:\n  - c:\n    - d\n"]:
        assert _nesting_bound(text) >= depth(new_yaml().load(text)), text


PIECES = [
    "a",
    "b",
    "id",
    "x y",
    "1",
    "0x1",
    "1.5",
    "true",
    "null",
    "~",
    "2026-01-01",
    "'q'",
    '"d\\n"',
    "-",
    "- ",
    ": ",
    ":",
    "? ",
    "#c",
    "\n",
    "\n  ",
    "\n    ",
    "\r\n",
    " ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "|",
    "|-",
    ">",
    "*",
    "&",
    "!",
    "!!str ",
    "%",
    "---",
    "...",
    "é",
    "😀",
    "@",
    "`",
    "\\",
    '"',
    "'",
    "\t",
    "\u2028",
    "yes",
    "|2",
    "|+",
    ">-",
    "  \n",
    " \n",
    "\n\n",
    "<<: ",
    "key: ",
    "- id: ",
    "#",
    " #",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_fuzz_the_c_reader_never_reads_differently(text):
    """Whatever the round-trip loader refuses, the C reader leaves to it; whatever it reads, the C reader
    reads the same (values, types, positions) or leaves to it."""
    try:
        slow = new_yaml().load(text)
    except Exception:  # a syntax error, a duplicate key, an unhashable key: worded by the round-trip loader
        with pytest.raises(_Fallback):
            _load_c(text)
        return
    try:
        fast = _load_c(text)
    except _Fallback:
        return
    _same(fast, slow)


def test_an_empty_value_is_located_where_it_always_was():
    """``owner:`` with nothing after it: the round-trip loader places the value at the next key (5:3), libyaml
    right after the colon; the message must not move."""
    located = load_text(
        "- id: R-001\n  title: Ransomware\n  category: security\n  owner:\n  likelihood: 2\n",
        "risks/register.yaml",
        Problems(),
    )
    assert located is not None and located.node[0]["owner"] is None
    assert (located.at(0, "owner").line, located.at(0, "owner").col) == (5, 3)
