"""Fixtures shared by the whole suite live in the plugin modules listed here."""

pytest_plugins = [
    "tests.fixtures.farm",
    "tests.fixtures.extract",
    "tests.fixtures.search",
    "tests.fixtures.crawl",
    "tests.fixtures.cli",
    "tests.fixtures.browser",
    "tests.fixtures.disk",
]
