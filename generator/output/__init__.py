"""The built site's last stage: page filter, site policy, staging, vendored assets, the board-pack PDF."""
