"""Facts computed from the portal: the headline figures and the board pack, read by every page, diagram, download and diff."""
