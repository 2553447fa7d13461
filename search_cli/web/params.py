"""The search page's query string: what the reader asked, as a SearchQuery and as links.

The page speaks the CLI's language: the same names (``province``, ``bloc``,
``from``, ``to``, ``event``, ``site``, ``sort``, ``min_score``; ``other=1`` for
``--include-other``) go through the same
``search_cli.search.build_query``, so the page and ``thidua search`` answer
the same query with the same hits. Two names are the page's own: ``kind``
(a source kind of the site registry, i.e. the sites of that kind) and
``per`` (the timeline's period).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

import click

from crawler.errors import UsageError
from indexer.query import SearchQuery
from indexer.timeline import UNITS
from search_cli.options import DateParam
from search_cli.search import build_query

NAMES = ("q", "province", "bloc", "from", "to", "event", "site", "kind", "other", "min_score",
         "sort", "per", "page")
PAGE_SIZE = 20
# A site name no registry entry can have: a kind with no site matches nothing.
NO_SITE = ("",)


@dataclass(frozen=True)
class Form:
    """The non-empty known parameters of a request, in a fixed order."""

    values: tuple[tuple[str, str], ...]

    @classmethod
    def parse(cls, args: Mapping[str, str]) -> Form:
        kept = ((n, (args.get(n) or "").strip()) for n in NAMES)
        return cls(tuple((n, v) for n, v in kept if v))

    def get(self, name: str, default: str = "") -> str:
        return dict(self.values).get(name, default)

    def link(self, path: str = "/", **changes: str | None) -> str:
        """``path`` with this query string changed: None removes a name, paging restarts."""
        values = dict(self.values)
        values.pop("page", None)
        for name, value in changes.items():
            if value is None:
                values.pop(name, None)
            else:
                values[name] = value
        ordered = [(n, values[n]) for n in NAMES if n in values]
        return path + ("?" + urlencode(ordered) if ordered else "")

    @property
    def page(self) -> int:
        try:
            return max(1, int(self.get("page", "1")))
        except ValueError:
            raise UsageError(f"page must be a number, not {self.get('page')!r}") from None

    @property
    def per(self) -> str:
        per = self.get("per", "month")
        if per not in UNITS:
            raise UsageError(f"unknown timeline period {per!r}: use one of {', '.join(UNITS)}")
        return per


def _date(form: Form, name: str, end: bool) -> object:
    raw = form.get(name)
    if not raw:
        return None
    try:
        return DateParam(end=end).convert(raw, None, None)
    except click.BadParameter as exc:
        raise UsageError(f"{name}: {exc.message}") from None


def _score(form: Form) -> float | None:
    raw = form.get("min_score")
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        raise UsageError(f"min_score must be a number between 0 and 1, not {raw!r}") from None


def to_query(form: Form, sites_of_kind: Callable[[str], tuple[str, ...]], *,
             limit: int | None = PAGE_SIZE, facets: bool = True) -> SearchQuery:
    """The SearchQuery of the page, exactly as ``thidua search`` would build it.

    Raises:
        UsageError: a bad date, sort, event type, page or province, as the CLI says it.
    """
    sort = form.get("sort", "relevance")
    sites: tuple[str, ...] = ()
    if form.get("kind"):
        sites = sites_of_kind(form.get("kind")) or NO_SITE
    q = build_query(form.get("q"), province=form.get("province") or None,
                    bloc=form.get("bloc") or None, date_from=_date(form, "from", False),
                    date_to=_date(form, "to", True), event=form.get("event") or None,
                    site=form.get("site") or None, include_other=form.get("other") == "1",
                    min_score=_score(form), sort=sort, limit=limit, facets=facets,
                    sites=sites)
    if limit is not None:
        q.offset = (form.page - 1) * limit
    return q
