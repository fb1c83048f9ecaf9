"""The portal's pages, dashboards and downloads, written from the model and facts through Jinja2 templates."""
