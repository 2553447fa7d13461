"""`python -m search_cli` is `thidua`."""

from search_cli.main import entry

entry()
