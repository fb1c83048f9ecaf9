"""Where sources are read: located YAML, front matter, the settings file, the internal overlay."""
