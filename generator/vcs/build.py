"""The one entry point from a validated portal to everything a site generator publishes."""

from __future__ import annotations

from pathlib import Path

from generator.model import i18n
from generator.model.portal import Portal
from generator.render.site import SiteSources, generate
from generator.vcs.what_changed import git_facts


def build_site(
    portal: Portal, root: Path, config_path: Path, *, since: str | None, version: str | None, history: bool = True
) -> SiteSources:
    """The site's pages, files and navigation for the portal's audience. What git adds (What changed, the
    Overview's change, each item's history) is computed first and handed to the renderer, so each page
    and the navigation are made once, whole: nothing is patched after rendering."""
    with i18n.using(i18n.for_settings(portal.settings)):  # What changed's sentences and dates in the language
        git = git_facts(root, config_path, portal, since=since, version=version, history=history)
    return generate(portal, git)
