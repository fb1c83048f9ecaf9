"""The round-trip YAML loader, as ruamel writes it: what reads whatever the C reader leaves to it (and
words every syntax error), and what tools that rewrite a file (``new``, ``import``) render with.

Dates are kept as text: the models parse them, so that 2026-02-30 becomes a located validation
error instead of a ValueError from the YAML library, and 2026-10 / 2026-Q4 read the same way as
2026-10-01.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor

_STANDARD_TAGS = {
    None,
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


class _TextDatesConstructor(RoundTripConstructor):
    """Round-trip constructor that leaves timestamps as the text that was written."""


def _timestamp_as_text(constructor: RoundTripConstructor, node: Any) -> str:
    return constructor.construct_scalar(node)


_TextDatesConstructor.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def new_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _TextDatesConstructor
    yaml.allow_duplicate_keys = False
    return yaml
