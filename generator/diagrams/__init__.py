"""Pictures of the portal: facts (``generator.facts``) turned into safe mermaid text.

Nothing here computes a fact or knows about MkDocs or templates: each module takes a ``Portal`` and the
facts computed from it and returns ``Chart`` objects holding safe mermaid text that the page templates
lay out. Diagrams import facts, never the reverse.
"""
