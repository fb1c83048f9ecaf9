"""Tools that write sources: a new repository, a new item, an imported register."""
