"""`thidua serve`: the archive in a browser (search, facets, timeline, articles, exports)."""
