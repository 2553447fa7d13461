"""Item pipeline: article pages (bloc news or not) into the archive (and Elasticsearch when asked).

The archive is the source of truth and keeps its own FTS5 index in sync on
upsert, so the embedded backend needs nothing here. Elasticsearch is fed at
the end of the run from the archive's "pending" list, which also catches up
anything an earlier, interrupted run archived but never indexed.

Articles are committed in batches by the crawl session (with the crawl log),
and order matters for crash safety: each commit first fsyncs the WARC
records, so the archive never points at a record a crash could lose.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from crawler.crawllog import session_of
from crawler.items import ArticleItem
from indexer.backends import open_backend

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class ArchivePipeline:
    """Archives each article, counting new / updated / unchanged / duplicate."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.session = session_of(crawler)
        self.stats = crawler.stats
        self.backend = crawler.settings.get("THIDUA_BACKEND") or "sqlite"
        self.es_url = crawler.settings.get("THIDUA_ES_URL")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        self.session.add_article(item)
        return item

    def close_spider(self) -> None:
        self.session.commit()
        if self.backend != "es":
            return
        archive = self.session.archive
        backend = open_backend("es", archive, url=self.es_url)
        indexed = backend.index(archive.pending_index("es"))
        self.stats.set_value("thidua/es/indexed", indexed)
