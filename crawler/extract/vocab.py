"""Load the extraction vocabularies kept as TOML data files.

Vocabularies (bloc patterns, event cues, award names, abbreviations, unit
kinds, titles) are data so that a researcher can read and extend them without
touching the rules; they are loaded once per process.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

# importlib.resources, not __file__: scrapyd runs the project from a zipped egg.
DATA_DIR = resources.files("crawler.extract") / "data"


@cache
def load(name: str) -> dict[str, Any]:
    """Return the parsed ``data/<name>.toml`` (cached: read once per process)."""
    with DATA_DIR.joinpath(f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)
