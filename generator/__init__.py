"""ctoportal: a fractional CTO's sources (YAML and Markdown in git), validated and built into a portal.

The core (everything here except ``mkdocs_plugin`` and ``cli``) imports nothing from MkDocs:
sources -> model -> checks -> pages, so another site generator needs only a new adapter.
"""

__version__ = "0.1.0"
