"""The item the spider hands to the pipeline: an extracted article and its validators."""

from __future__ import annotations

from dataclasses import dataclass

from crawler.extract.record import Article


@dataclass
class ArticleItem:
    """An article page (bloc news or not) and its HTTP validators for a conditional request."""

    article: Article
    etag: str | None = None
    last_modified: str | None = None
