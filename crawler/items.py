"""The item the spider hands to the pipeline: an extracted article and its validators."""

from __future__ import annotations

from dataclasses import dataclass

from crawler.extract.record import Article


@dataclass
class ArticleItem:
    """A bloc-news article, with the HTTP validators for the next conditional request."""

    article: Article
    etag: str | None = None
    last_modified: str | None = None
