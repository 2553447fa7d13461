"""The archive (source of truth) and the search backends built from it."""
