"""Pictures of the portal: facts derived for diagrams, and the mermaid text and HTML-ready data for them.

Nothing here knows about MkDocs or templates: each module takes a ``Portal`` and returns plain data
(``Chart`` objects holding safe mermaid text, rows, grids) that the page templates lay out.
"""
