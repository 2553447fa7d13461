"""The archive side of the Elasticsearch sync, on a real archive file (no cluster needed).

What is sent to the cluster is covered by test_es_bodies.py and, against a
real cluster, by test_es_integration.py; here: paging through what is
pending without looping on refused documents, and marking between pages.
"""

from __future__ import annotations

import pytest

from crawler.extract.record import Article, content_hash
from indexer.archive import Archive
from indexer.es.sync import BACKEND, _next_page


def _article(n: int) -> dict:
    text = f"Khối thi đua sơ kết, bài số {n}."
    return Article(id="", url=f"http://hanam.gov.vn/tin/{n}.aspx", site="hanam", text=text,
                   fetched_at="2024-05-01T08:00:00+07:00", content_hash=content_hash(text),
                   is_bloc_news=True).to_dict()


@pytest.fixture
def archive(tmp_path):
    with Archive(tmp_path / "archive.sqlite3") as arch:
        for n in range(5):
            arch.upsert(_article(n))
        yield arch


def test_pages_of_pending_records_in_archive_order(archive):
    page = _next_page(archive, set(), 3)
    assert [r["text"] for r in page] == [f"Khối thi đua sơ kết, bài số {n}." for n in range(3)]


def test_marking_between_pages_moves_on(archive):
    first = _next_page(archive, set(), 3)
    archive.mark_indexed(BACKEND, [r["id"] for r in first])
    rest = _next_page(archive, set(), 3)
    assert len(rest) == 2 and not {r["id"] for r in rest} & {r["id"] for r in first}


def test_refused_records_are_skipped_not_retried_forever(archive):
    refused = {r["id"] for r in _next_page(archive, set(), 2)}
    page = _next_page(archive, refused, 10)
    assert len(page) == 3 and not {r["id"] for r in page} & refused
    assert _next_page(archive, refused | {r["id"] for r in page}, 10) == []
