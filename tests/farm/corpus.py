"""The farm's articles: corpus TOML files (the gold set) as objects the farm serves.

Each file ``tests/farm/corpus/<site>/<slug>.toml`` holds an article the team
wrote, modelled on the seed pages, and the record extraction should produce
from it (``[expected]``). The farm renders it; the tests compare against it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from tests.farm.portals import CATEGORIES, load_portals
from tests.farm.urls import article_path

CORPUS_DIR = Path(__file__).with_name("corpus")
_REQUIRED = ("site", "slug", "number", "category", "title", "date_line", "body")
_DAY = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
_TIME = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})(?!\d)")


class CorpusError(ValueError):
    """A corpus file that the farm cannot serve; the message names the file."""


@dataclass(frozen=True)
class CorpusArticle:
    """One article as the farm serves it, with its gold record.

    Attributes:
        site: farm site name (tests/farm/portals.toml).
        slug: URL slug, unique per site.
        number: CMS id, unique per site (news_id, articleId, ...).
        category: "bloc" or "general": which listing holds it.
        data: the raw TOML table (title, date_line, lead, body, captions, byline, expected).
    """

    site: str
    slug: str
    number: int
    category: str
    data: dict[str, Any] = field(compare=False, hash=False, repr=False)

    @cached_property
    def day(self) -> date:
        """Publication day, read from the date line the page shows."""
        found = _DAY.search(self.data["date_line"])
        if found:
            d, m, y = (int(g) for g in found.groups())
            return date(y, m, d)
        published = self.expected.get("published")
        return date.fromisoformat(published[:10]) if published else date(2020, 1, 1)

    @property
    def time(self) -> str | None:
        """"HH:MM" when the date line carries a time of day."""
        found = _TIME.search(self.data["date_line"])
        return f"{int(found.group(1)):02d}:{found.group(2)}" if found else None

    @property
    def path(self) -> str:
        portal = load_portals().portals[self.site]
        return article_path(portal, self.category, self.slug, self.number, self.day)

    @property
    def url(self) -> str:
        """Absolute URL as served (http://<real host>/...)."""
        return load_portals().portals[self.site].base_url + self.path

    @property
    def expected(self) -> dict[str, Any]:
        return self.data.get("expected", {})

    @property
    def is_bloc_news(self) -> bool:
        return bool(self.expected.get("is_bloc_news", False))

    @property
    def title(self) -> str:
        return self.data["title"]

    @property
    def date_line(self) -> str:
        return self.data["date_line"]

    @property
    def paragraphs(self) -> list[str]:
        """Body paragraphs (blank-line separated, inner line breaks joined)."""
        blocks = re.split(r"\n\s*\n", self.data["body"].strip())
        return [" ".join(b.split()) for b in blocks if b.strip()]


def article_from_data(data: dict[str, Any], source: str = "<data>") -> CorpusArticle:
    """Validate one corpus table and wrap it.

    Raises:
        CorpusError: a required key is missing, or the site/category is unknown.
    """
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise CorpusError(f"{source}: missing {', '.join(missing)}")
    if data["site"] not in load_portals().portals:
        raise CorpusError(f"{source}: unknown farm site {data['site']!r}")
    if data["category"] not in CATEGORIES:
        raise CorpusError(f"{source}: category must be one of {CATEGORIES}")
    return CorpusArticle(site=data["site"], slug=data["slug"], number=int(data["number"]),
                         category=data["category"], data=data)


def load_corpus(directory: Path | str | None = None) -> list[CorpusArticle]:
    """Every corpus article under ``directory`` (default tests/farm/corpus), sorted.

    Raises:
        CorpusError: a malformed file, or a slug/number used twice on one site.
    """
    root = Path(directory) if directory is not None else CORPUS_DIR
    articles: list[CorpusArticle] = []
    seen: dict[tuple[str, str], Path] = {}
    for path in sorted(root.glob("*/*.toml")):
        try:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise CorpusError(f"{path}: {exc}") from None
        article = article_from_data(data, str(path))
        for key in ((article.site, f"slug {article.slug}"),
                    (article.site, f"number {article.number}")):
            if key in seen:
                raise CorpusError(f"{path}: {key[1]} already used by {seen[key]}")
            seen[key] = path
        articles.append(article)
    return sorted(articles, key=lambda a: (a.site, a.number))
