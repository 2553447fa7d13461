"""Queries whose words are in most articles: tiers then newest first, found by a walk.

Each test builds its own small archive where every article says "thi đua"
(as bloc news does), so FTS5's BM25 gives the words no weight.
"""

from __future__ import annotations

import pytest

from indexer import fts
from indexer.broad import make_plan
from indexer.query import SearchQuery, parse_text
from tests.fixtures.search import make_article

# (slug, day, text): exact "thi đua" together, apart, or only folded ("thì đưa")
ROWS = [
    ("a-together-old", "2015-03-01", "Khối thi đua họp bàn."),
    ("b-apart-new", "2024-05-01", "Thi công xong, đua thuyền mừng khối."),
    ("c-folded-newest", "2025-01-01", "Đã bàn xong thì đưa ra biểu quyết."),
    ("d-together-new", "2023-07-01", "Cụm thi đua ký giao ước."),
    ("e-together-mid", "2019-02-01", "Phong trào thi đua yêu nước."),
]


@pytest.fixture
def broad_archive(empty_archive):
    for slug, day, text in ROWS:
        empty_archive.upsert(make_article(slug, title="Tin khối", text=text, published=day))
    return empty_archive


def _slugs(backend_archive, **query) -> list[str]:
    from indexer.backends import open_backend

    hits = open_backend("sqlite", backend_archive).search(SearchQuery(**query)).hits
    return [h.record["url"].rsplit("/", 1)[1].removesuffix(".html") for h in hits]


def test_words_in_every_article_rank_by_tier_then_newest(broad_archive):
    plan = make_plan(broad_archive.connection, SearchQuery(text="thi đua"), parse_text("thi đua"))
    assert plan.flat and plan.broad
    assert _slugs(broad_archive, text="thi đua") == [
        "d-together-new", "e-together-mid", "a-together-old",  # exact, words together
        "b-apart-new",                                          # exact, words apart
        "c-folded-newest"]                                      # folded only: "thì đưa"


def test_flat_scores_are_the_tier_values(broad_archive):
    from indexer.backends import open_backend

    hits = open_backend("sqlite", broad_archive).search(SearchQuery(text="thi đua")).hits
    # "thì đưa" folds to the two words together: the phrase bonus alone
    assert [h.score for h in hits] == [fts.EXACT_BOOST + fts.PHRASE_BOOST] * 3 + [
        fts.EXACT_BOOST, fts.PHRASE_BOOST]


def test_a_rare_word_keeps_bm25_ranking(broad_archive):
    parsed = parse_text("thi đua thuyền")
    assert not make_plan(broad_archive.connection, SearchQuery(text="thi đua thuyền"),
                         parsed).flat


def test_pages_of_a_flat_query_follow_one_order(broad_archive):
    whole = _slugs(broad_archive, text="thi dua", limit=None)
    paged = [s for offset in range(0, 5, 2)
             for s in _slugs(broad_archive, text="thi dua", limit=2, offset=offset)]
    assert paged == whole
    assert whole[-1] == "b-apart-new"  # the bare words apart rank last, folded alike


def test_walk_and_full_ordering_agree_on_a_larger_archive(empty_archive):
    from indexer.backends import open_backend

    texts = ["Khối thi đua họp.", "Thi công, đua thuyền.", "Bàn xong thì đưa ra.",
             "Cụm thi đua giao ước."]
    for n in range(60):
        empty_archive.upsert(make_article(f"bai-{n}", text=f"{texts[n % 4]} Số {n}.",
                                          published=f"20{10 + n % 15}-0{1 + n % 9}-1{n % 10}"))
    backend = open_backend("sqlite", empty_archive)
    for text in ("thi đua", "thi dua"):
        walked = backend.search(SearchQuery(text=text, limit=7, offset=3)).hits
        streamed = list(backend.iter_hits(SearchQuery(text=text, limit=None)))[3:10]
        assert [(h.record["id"], h.score) for h in walked] == [
            (h.record["id"], h.score) for h in streamed]


def test_filters_narrow_a_broad_text_and_count_right(broad_archive):
    from datetime import date

    result_slugs = _slugs(broad_archive, text="thi đua", date_from=date(2019, 1, 1))
    assert result_slugs == ["d-together-new", "e-together-mid", "b-apart-new",
                            "c-folded-newest"]


def test_elasticsearch_flat_body_filters_the_units_and_scores_only_the_tiers():
    from indexer.es import bodies

    parsed = parse_text("thi đua")
    query = bodies.search_body(SearchQuery(text="thi đua"), parsed, size=20, flat=True)["query"]
    boolean = query["bool"]
    assert "must" not in boolean
    assert boolean["filter"][0] == {"term": {"is_bloc_news": True}}
    assert len(boolean["filter"]) == 1 + len(parsed.units)
    assert [c["constant_score"]["boost"] for c in boolean["should"]] == [
        fts.EXACT_BOOST, fts.PHRASE_BOOST]


@pytest.mark.parametrize(("counts", "flat"), [((60, 50), True), ((60, 49), False)])
def test_elasticsearch_flat_rule_is_half_the_documents_or_more(counts, flat):
    from indexer.es import bodies

    response = {"hits": {"total": {"value": 100}}, "aggregations": {"units": {"buckets": {
        str(n): {"doc_count": c} for n, c in enumerate(counts)}}}}
    assert bodies.is_flat(response) is flat
    body = bodies.unit_counts_body(parse_text("thi đua"))
    assert set(body["aggs"]["units"]["filters"]["filters"]) == {"0", "1"}
