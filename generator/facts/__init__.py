"""Facts computed from the portal, read by every page, diagram, download and diff.

``figures`` holds the headline figures, each defined once; ``schedule`` (spans, late, blocked, critical
path), ``lanes`` (now/next/later), ``spend``, ``vendors`` (renewals, integrations), ``budget``, ``risks``
(heat-map grids, board summary), ``compliance`` and ``board_pack`` build on them. Plain frozen data and
functions: nothing here draws a picture or imports ``generator.diagrams``.
"""
