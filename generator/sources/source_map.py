"""Where each item was written: the positions beside the loaded Portal, never inside it.

The loader fills a ``SourceMap`` as it reads the sources and returns it next to the Portal; the
validation result (``checks.validate.Validation``) keeps both, and the checks that report a located
problem (``path:line:col``) look the item up here. The model itself holds no position, so it never
imports the reader of the sources."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.sources.located_yaml import Located


@dataclass
class SourceMap:
    items: dict[tuple[str, str], Located] = field(default_factory=dict)
    """(kind, id) -> where the item was written, for located messages."""
    settings: Located | None = None
    """Where the plugin's settings are written in mkdocs.yml, for located messages about them."""

    def source(self, kind: str, item_id: str) -> Located:
        return self.items[(kind, item_id)]

    def add(self, kind: str, item_id: str, located: Located) -> None:
        self.items[(kind, item_id)] = located
