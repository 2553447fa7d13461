"""The crawler side of the pipeline: registry, spider, extraction."""
