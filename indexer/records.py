"""How a record is stored: the columns of its row, its version hash, its URL list.

Pure functions shared by every write path of the archive, kept apart from the
connection handling so each can be read (and tested) on its own.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from crawler.errors import ArchiveError
from crawler.extract.record import Article, content_hash
from crawler.urls import article_id, canonical_url
from indexer.query import bloc_folded, date_key, record_day

# Fields that change on every fetch without the article changing.
VOLATILE = ("fetched_at", "url", "urls", "warc")
COLUMNS = ("id", "url", "site", "province", "province_current", "published", "event_date",
           "date_key", "day", "bloc", "bloc_folded", "bloc_key", "event_type", "event_types",
           "is_bloc_news", "bloc_score", "content_hash", "record_hash", "fetched_at")


def stable_fields(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in VOLATILE}


def record_hash(stored: str) -> str:
    """The version of a stored record: a hash of its JSON text, as written.

    Hashing the JSON the archive writes anyway costs a few microseconds;
    re-encoding the record's stable fields for a hash of their own was the
    largest Python cost of archiving an article. Whether an upsert changes
    anything is decided field by field (``Archive._update``), so volatile fields
    inside this hash never make an unchanged article look updated.
    """
    return hashlib.sha256(stored.encode("utf-8")).hexdigest()[:32]


# The same URL is canonicalised when merged, when indexed and when compared.
canonical = lru_cache(maxsize=4096)(canonical_url)


def prepare(article: Article | dict[str, Any]) -> dict[str, Any]:
    """A storable copy of the record: id, content hash and ``urls`` filled in."""
    record = article.to_dict() if isinstance(article, Article) else dict(article)
    if not record.get("url"):
        raise ArchiveError("cannot archive a record without a url")
    record["id"] = record.get("id") or article_id(record["url"])
    if not record.get("content_hash"):
        record["content_hash"] = content_hash(record.get("text") or "")
    record["urls"] = merge_urls(record.get("urls") or [], [record["url"]])
    return record


def merge_urls(old: list[str], new: Iterable[str]) -> list[str]:
    merged = list(old)
    known = {canonical(u) for u in old}
    for url in new:
        key = canonical(url)
        if key not in known:
            known.add(key)
            merged.append(url)
    return merged


def row_values(record: dict[str, Any], stored: str) -> tuple[Any, ...]:
    values = dict(record)
    values["date_key"] = date_key(record)
    values["day"] = record_day(record)
    values["bloc_folded"] = bloc_folded(record.get("bloc")) or None
    values["event_types"] = json.dumps(record.get("event_types") or [])
    values["is_bloc_news"] = int(bool(record.get("is_bloc_news")))
    values["bloc_score"] = float(record.get("bloc_score") or 0.0)
    values["record_hash"] = record_hash(stored)
    return tuple(values.get(name) for name in COLUMNS)
