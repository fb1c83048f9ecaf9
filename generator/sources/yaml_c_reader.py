"""Read YAML with ruamel's C parser (``_ruamel_yaml.CParser``, from ruamel.yaml.clib), which composes nodes
with their start marks: ``_CReader`` builds the same CommentedMap/CommentedSeq (with ``.lc``) the
round-trip loader would, about five times faster. Whatever it does not handle the way the round-trip
loader does raises ``_Fallback``, and ``located_yaml`` reads the file the round-trip way.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq, LineCol
from ruamel.yaml.compat import _DEFAULT_YAML_VERSION
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

from generator.sources.yaml_round_trip import _STANDARD_TAGS, _TextDatesConstructor

try:
    from _ruamel_yaml import CParser  # ruamel.yaml.clib, a declared dependency
except ImportError:  # pragma: no cover - an install without it reads everything the round-trip way
    CParser = None

C_MAX_DEPTH = 1000
"""The C composer recurses in C, without Python's recursion limit: nesting a few ten thousand levels
deep crashes the interpreter (a segmentation fault, not an error). A file that could nest deeper than
this, by a bound that cannot underestimate (``_nesting_bound``), is read by the pure-Python loader,
which reports it as too deeply nested."""
_C_AVOID = re.compile(
    r"[\t\x85\u2028\u2029\ufeff]|^%|(?:^|[ \[{,])[!&]\S"
    r"|[|>][-+0-9]*#|[|>][-+0-9]*[ ]*(?:#[^\r\n]*)?\r?\n[ ]+\r?\n",
    re.M,
)
"""What libyaml and the round-trip loader read differently, left to the round-trip loader: tabs (libyaml
takes a tab after ``key:`` as a space, the round-trip loader refuses it), line breaks other than CR and LF
(lines would be counted differently), a byte-order mark inside the text, a directive (``%YAML 1.1``
switches booleans and numbers to YAML 1.1), tags (``!!str`` with nothing after it is a tagged scalar
for the round-trip loader; unknown tags are kept to be refused) and anchors (the round-trip loader keeps
an anchored number as ScalarInt; aliases share what they repeat, which the expansion cap counts once;
without anchors an alias is an error, so no alias reaches the C reader). A ``!`` or ``&`` that only
might start a tag or an anchor (a Markdown image, ``&amp;``) costs speed, never correctness. Two block
scalar headers too: ``|#`` (libyaml takes the comment, the round-trip loader refuses it) and ``|`` followed
by a line of spaces (the round-trip loader refuses a later line indented further)."""
_LEAD = re.compile(r"^[ \t]*(?:(?:[-?:]|[&!][^ \t\n]*)[ \t]+)*", re.M)
_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_C_SCALAR_TAGS = frozenset(t for t in _STANDARD_TAGS if t not in (None, _MAP, _SEQ))
_RESOLVED: dict[str, Any] = {}
"""Plain scalar text -> its YAML 1.2 tag, shared by every C read (at most 100,000 texts)."""
_setitem = OrderedDict.__setitem__


def _nesting_bound(text: str) -> int:
    """An upper bound on how deeply ``text`` can nest: every flow level opens with ``[`` or ``{``, and every
    block level stands one column further in than its parent, or after an indicator (``- ``, ``? ``, ``: ``),
    or at its parent's column as a sequence under a key (at most every other level)."""
    flow = text.count("[") + text.count("{")
    longest = max(map(len, text.splitlines()), default=0)  # no lead is longer than its line: a quick bound
    if flow + 2 * (longest + 1) + 2 <= C_MAX_DEPTH:
        return flow + 2 * (longest + 1) + 2
    lead = max((m.end() - m.start() for m in _LEAD.finditer(text)), default=0)
    return flow + 2 * (lead + 1) + 2


class _Fallback(Exception):
    """The C reader leaves this file to the round-trip loader."""


if CParser is not None:

    class _CReader(CParser, _TextDatesConstructor, VersionedResolver):
        """ruamel's C parser and composer with the round-trip constructor's scalars, building the
        CommentedMap/CommentedSeq tree, with positions, that the round-trip loader builds."""

        def __init__(self, text: str):
            CParser.__init__(self, text)
            self._parser = self._composer = self
            _TextDatesConstructor.__init__(self, loader=self)
            self.allow_duplicate_keys = False
            self.comment_handling = None
            VersionedResolver.__init__(self, version=None, loadumper=self)

        # YAML 1.2, as the round-trip loader reads a file without a %YAML directive (one with a directive
        # is read by the round-trip loader); asked for every scalar, where the inherited property costs
        # two caught exceptions.
        processing_version = _DEFAULT_YAML_VERSION

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            """The tag of a plain scalar depends on its text alone (YAML 1.2, no path resolvers): the same
            keys and words recur all through a file (``id``, ``title``, ``planned``), resolved once."""
            if kind is ScalarNode and implicit[0]:
                tag = _RESOLVED.get(value)
                if tag is None:
                    tag = VersionedResolver.resolve(self, kind, value, implicit)
                    if len(_RESOLVED) < 100_000:
                        _RESOLVED[value] = tag
                return tag
            return VersionedResolver.resolve(self, kind, value, implicit)

        def build(self, node: Any) -> Any:
            if node is None:
                return None
            if isinstance(node, ScalarNode):
                if not node.value and not node.style:
                    # An empty value (``key:`` with nothing after it): the round-trip loader places it
                    # at the next token, or right after the colon when a comment follows, or after the
                    # dash; libyaml right after the indicator. Left to the round-trip loader (rare).
                    raise _Fallback("empty value")
                if node.ctag.suffix == _STR and node.style in ("", '"', "'"):
                    return node.value
                return self.construct_object(node)  # a standard tag: _load_c refuses files with any tag
            if isinstance(node, MappingNode) and node.ctag.suffix == _MAP:
                return self._map(node)
            if isinstance(node, SequenceNode) and node.ctag.suffix == _SEQ:
                return self._seq(node)
            raise _Fallback(node.tag)

        def _map(self, node: Any) -> CommentedMap:
            data = CommentedMap()
            lc = LineCol()
            lc.line, lc.col = node.start_mark.line, node.start_mark.column
            lc.data = where = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode) or key_node.ctag.suffix not in _C_SCALAR_TAGS:
                    raise _Fallback("complex key, merge key or tagged key")
                key = self.build(key_node)
                if key in where:
                    raise _Fallback("duplicate key")  # reported by the round-trip loader, as ever
                where[key] = [
                    key_node.start_mark.line,
                    key_node.start_mark.column,
                    value_node.start_mark.line,
                    value_node.start_mark.column,
                ]
                _setitem(data, key, self.build(value_node))  # CommentedMap's own __setitem__ and _ok, faster
            data._ok.update(where)  # type: ignore[attr-defined]  # ruamel types _ok as a MutableSet; it is a set
            setattr(data, LineCol.attrib, lc)
            return data

        def _seq(self, node: Any) -> CommentedSeq:
            data = CommentedSeq(self.build(child) for child in node.value)
            lc = LineCol()
            lc.line, lc.col = node.start_mark.line, node.start_mark.column
            lc.data = {
                index: [child.start_mark.line, child.start_mark.column] for index, child in enumerate(node.value)
            }
            setattr(data, LineCol.attrib, lc)
            return data


def _load_c(text: str) -> Any:
    """The document in ``text`` as the round-trip loader would give it; raises _Fallback where it would not."""
    if CParser is None or _C_AVOID.search(text) or _nesting_bound(text) > C_MAX_DEPTH:
        raise _Fallback("a tab, a tag, a directive, an odd line break, deep nesting or no C parser")
    reader = _CReader(text)
    try:
        node = reader.get_single_node()
        if isinstance(node, ScalarNode):  # a file that is one text (never valid): libyaml ends a block
            raise _Fallback("a scalar document")  # scalar at the margin where the round-trip loader does not
        return reader.build(node)
    except _Fallback:
        raise
    except Exception as exc:  # a syntax error, or nesting too deep for the builder: worded by the round-trip loader
        raise _Fallback(str(exc)) from None
    finally:
        reader.dispose()
