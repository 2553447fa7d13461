"""What the templates show, built from search results: pure functions, no Flask.

Facets become link lists that narrow the page's query; hits become rows with
their snippet marked up; a record becomes the labelled fields of its page.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from markupsafe import Markup, escape

from indexer.query import MARK_END, MARK_START, Hit
from search_cli.web.params import Form

FACET_SHOWN = 12   # values listed at once; the rest behind "Thêm" (a <details>, no JavaScript)
_MARKED = re.compile(re.escape(MARK_START) + r"([^" + re.escape(MARK_START + MARK_END) + r"]+)"
                     + re.escape(MARK_END))


@cache
def labels() -> dict[str, dict[str, str]]:
    """The Vietnamese labels of coded values (data/labels.toml)."""
    data = resources.files("search_cli.web") / "data" / "labels.toml"
    return tomllib.loads(data.read_text(encoding="utf-8"))


def say(group: str, value: str | None) -> str:
    return labels().get(group, {}).get(value or "", value or "")


@dataclass(frozen=True)
class FacetValue:
    label: str
    count: int
    link: str
    active: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    values: list[FacetValue]

    @property
    def first(self) -> list[FacetValue]:
        return self.values[:FACET_SHOWN]

    @property
    def more(self) -> list[FacetValue]:
        return self.values[FACET_SHOWN:]


def _narrow(form: Form, facet: str, value: str) -> tuple[str, bool]:
    """The link that narrows the page to ``value`` of ``facet`` (or widens it back)."""
    if facet == "year":
        active = form.get("from") == value and form.get("to") == value
        return (form.link(**{"from": None, "to": None}) if active
                else form.link(**{"from": value, "to": value})), active
    name = {"event_type": "event"}.get(facet, facet)
    active = form.get(name) == value
    return form.link(**{name: None if active else value}), active


def facets(form: Form, counts: dict[str, dict[str, int]],
           kind_of: dict[str, str]) -> list[Facet]:
    """The facet lists of the page, the source kinds counted from the sites.

    A site the registry does not know has no kind (``--kind`` never selects
    it), so it counts under none.
    """
    by_kind: Counter[str] = Counter()
    for site, n in counts.get("site", {}).items():
        if site in kind_of:
            by_kind[kind_of[site]] += n
    groups = {**counts, "kind": dict(by_kind.most_common())}
    shown = []
    for name in ("province", "bloc", "year", "event_type", "kind", "site"):
        values = []
        for value, n in groups.get(name, {}).items():
            link, active = _narrow(form, name, value)
            label = say(name, value) if name in ("event_type", "kind") else value
            values.append(FacetValue(label, n, link, active))
        if values:
            shown.append(Facet(name, say("facet", name), values))
    return shown


def marked(snippet: str) -> Markup:
    """The snippet escaped, each match in ``<mark>``."""
    return Markup(_MARKED.sub(r"<mark>\1</mark>", str(escape(snippet))))


def hit_row(hit: Hit) -> dict[str, Any]:
    record = hit.record
    return {
        "id": record["id"],
        "title": record.get("title") or record.get("url"),
        "day": (record.get("published") or record.get("event_date") or "")[:10],
        "province": record.get("province"),
        "province_current": record.get("province_current"),
        "bloc": record.get("bloc"),
        "events": [say("event_type", e) for e in record.get("event_types") or []],
        "snippet": marked(hit.snippet or ""),
    }


def unit_name(unit: dict[str, Any] | None) -> str:
    if not unit:
        return ""
    name = unit.get("name") or unit.get("as_written") or ""
    written = unit.get("as_written")
    shown = f"{name} (viết: {written})" if written and written != name else name
    return f"{shown}, năm {unit['year']}" if unit.get("year") else shown
