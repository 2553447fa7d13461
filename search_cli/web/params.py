"""The search page's query string: what the reader asked, as a SearchQuery and as links.

The page speaks the CLI's language: the same names (``province``, ``bloc``,
``from``, ``to``, ``event``, ``site``, ``sort``, ``min_score``; ``other=1`` for
``--include-other``, ``kind`` for ``--kind``: the registry's sites of that
source kind) go through the same ``search_cli.search.build_query``, so the
page and ``thidua search`` answer the same query with the same hits. One
name is the page's own: ``per``, the timeline's period.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import click

from crawler.errors import UsageError
from crawler.sites import KINDS
from indexer.query import SearchQuery
from indexer.timeline import UNITS
from search_cli.options import DateParam
from search_cli.search import build_query

NAMES = ("q", "province", "bloc", "from", "to", "event", "site", "kind", "other", "min_score",
         "sort", "per", "page")
PAGE_SIZE = 20


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


def to_query(form: Form, sites_path: Path | None = None, *,
             limit: int | None = PAGE_SIZE, facets: bool = True) -> SearchQuery:
    """The SearchQuery of the page, exactly as ``thidua search`` would build it.

    ``sites_path``: the registry that gives ``kind`` its sites (``--sites``).

    Raises:
        UsageError: a bad date, sort, event type, kind, page or province, as the CLI says it.
    """
    sort = form.get("sort", "relevance")
    kind = form.get("kind") or None
    if kind and kind not in KINDS:
        raise UsageError(f"unknown source kind {kind!r}: use one of {', '.join(KINDS)}")
    q = build_query(form.get("q"), province=form.get("province") or None,
                    bloc=form.get("bloc") or None, date_from=_date(form, "from", False),
                    date_to=_date(form, "to", True), event=form.get("event") or None,
                    site=form.get("site") or None, include_other=form.get("other") == "1",
                    min_score=_score(form), sort=sort, limit=limit, facets=facets,
                    kind=kind, sites_path=sites_path)
    if limit is not None:
        q.offset = (form.page - 1) * limit
    return q
