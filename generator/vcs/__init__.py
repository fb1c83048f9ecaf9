"""The portal in git: revisions, item history, the semantic diff, the What changed page."""
