"""Cited legal and administrative documents: number, type, issuer, date.

A citation is a type word, an optional "số", a number with a slash
("1297/HD-UBND", "34-CT/TW"), an optional "ngày ..." and an optional
"của <issuer>" ("Hướng dẫn số 1297/HD-UBND ngày 02/7/2019 của Ủy ban nhân
dân tỉnh"). Without "của" the issuer stays None: the number's suffix hints at
it but is not a statement.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

from crawler.extract import vocab
from crawler.extract.textops import literal_alternation
from crawler.vntext import squash_spaces

_NUMBER = r"\d+[\w&]*(?:[/-][\w&Đđ]+)*/[\w&Đđ-]+"
_DATE = (r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
         r"|(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


@cache
def _vocab() -> tuple[re.Pattern[str], dict[str, str]]:
    data = vocab.load("documents")
    spelling = {w.lower(): canon for canon, words in data["types"].items() for w in words}
    types = literal_alternation(spelling)
    issuers = literal_alternation(data["issuers"])
    pattern = re.compile(
        rf"(?<!\w)(?P<type>{types})\s+(?:[^\d.;:]{{0,40}}?\s+số\s+|số\s+)?(?P<number>{_NUMBER})"
        rf"(?:\s*,?\s*ngày\s+(?:{_DATE}))?"
        rf"(?:\s+của\s+(?P<issuer>{issuers})(?!\w))?", re.I)
    return pattern, spelling


def _date(match: re.Match[str]) -> str | None:
    groups = match.groups()[2:8]
    d, m, y = (groups[0], groups[1], groups[2]) if groups[0] else (groups[3], groups[4], groups[5])
    if not d:
        return None
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def find_documents(text: str) -> list[dict[str, Any]]:
    """Every cited document with a number, once per number, in order of citation."""
    pattern, spelling = _vocab()
    found: dict[str, dict[str, Any]] = {}
    for match in pattern.finditer(text):
        number = match.group("number").rstrip("-/")
        if number in found:
            continue
        issuer = match.group("issuer")
        found[number] = {
            "as_written": squash_spaces(match.group(0)),
            "number": number,
            "type": spelling[match.group("type").lower()],
            "issuer": squash_spaces(issuer) if issuer else None,
            "date": _date(match),
        }
    return list(found.values())
