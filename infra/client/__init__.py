"""The `pairsec` CI client: pack a working tree, scan it on a Pairsec server, gate the build."""
