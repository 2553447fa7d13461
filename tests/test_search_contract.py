"""The search contract: every backend gives the same hits for the same query.

Runs once per backend of the ``search_backend`` fixture (tests/fixtures/search.py)
over SEARCH_CORPUS; the Elasticsearch run needs THIDUA_ES_URL.
"""

from datetime import date

import pytest

from crawler.errors import UsageError
from indexer.query import MARK_START, SearchQuery
from tests.fixtures.search import SEARCH_CORPUS, corpus_ids

BLOC_NEWS = {name for name, record in SEARCH_CORPUS.items() if record["is_bloc_news"]}


def found(backend, **query) -> set[str]:
    result = backend.search(SearchQuery(limit=None, **query))
    assert result.total == len(result.hits)
    return {hit.record["id"] for hit in result.hits}


def ordered(backend, **query) -> list[str]:
    names = {record["id"]: name for name, record in SEARCH_CORPUS.items()}
    return [names[hit.record["id"]] for hit in backend.search(SearchQuery(**query)).hits]


def test_folded_query_finds_diacritic_text(search_backend):
    assert found(search_backend, text="thi dua") == corpus_ids(*BLOC_NEWS)


def test_d_folds_to_d_with_stroke(search_backend):
    assert found(search_backend, text="dang") == corpus_ids("kontum")


def test_old_and_new_tone_placement_meet(search_backend):
    assert found(search_backend, text="hoá") == corpus_ids("hanam", "quangbinh")
    assert found(search_backend, text="thủy lợi") == corpus_ids("quangbinh")


def test_exact_diacritic_matches_rank_above_folded_only_ones(search_backend):
    names = ordered(search_backend, text="thi đua")
    assert len(names) == len(BLOC_NEWS)
    assert names[-1] == "binhdinh"  # says "thì đưa", folded "thi dua", never "thi đua"


def test_quoted_phrase_needs_the_words_together_in_order(search_backend):
    assert found(search_backend, text='"giao ước thi đua"') == corpus_ids("hanam", "hagiang")
    assert found(search_backend, text='"thi đua giao ước"') == set()
    assert found(search_backend, text="thi đua giao ước") == corpus_ids("hanam", "hagiang")


def test_all_words_must_match(search_backend):
    assert found(search_backend, text="thi đua thiếu nhi") == corpus_ids("hagiang")


def test_non_bloc_news_is_found_only_when_asked_for(search_backend):
    assert found(search_backend, text="huân chương") == set()
    assert corpus_ids("not_bloc").isdisjoint(found(search_backend))
    assert corpus_ids("not_bloc").isdisjoint(found(search_backend, text="thi dua"))
    assert found(search_backend, text="huân chương", include_other=True) == corpus_ids("not_bloc")
    assert found(search_backend, text="thi dua", include_other=True) == corpus_ids(*SEARCH_CORPUS)
    assert found(search_backend, include_other=True) == corpus_ids(*SEARCH_CORPUS)


@pytest.mark.parametrize(("min_score", "expected"), [
    (0.0, set(SEARCH_CORPUS)), (0.35, set(SEARCH_CORPUS)), (0.36, BLOC_NEWS), (0.9, BLOC_NEWS),
    (0.95, set()),
])
@pytest.mark.parametrize("text", ["", "thi dua"])
def test_min_score_keeps_the_pages_scored_at_least_that(search_backend, min_score, expected,
                                                        text):
    assert found(search_backend, text=text, min_score=min_score) == corpus_ids(*expected)
    assert found(search_backend, text=text, min_score=min_score, include_other=True) == (
        corpus_ids(*expected))


def test_totals_and_facets_follow_the_scope(search_backend):
    bloc = search_backend.search(SearchQuery(text="thi dua", limit=1, facets=True))
    wide = search_backend.search(SearchQuery(text="thi dua", limit=1, facets=True,
                                             include_other=True))
    assert (bloc.total, wide.total) == (len(BLOC_NEWS), len(SEARCH_CORPUS))
    assert (bloc.facets["year"]["2019"], wide.facets["year"]["2019"]) == (1, 2)
    assert (bloc.facets["province"]["Hà Nam"], wide.facets["province"]["Hà Nam"]) == (1, 2)
    scored = search_backend.search(SearchQuery(limit=1, facets=True, min_score=0.5))
    assert scored.total == len(BLOC_NEWS) and scored.facets["year"]["2019"] == 1


@pytest.mark.parametrize("min_score", [-0.1, 1.5, float("nan")])
def test_a_min_score_outside_0_to_1_is_a_usage_error(search_backend, min_score):
    with pytest.raises(UsageError, match="min score"):
        search_backend.search(SearchQuery(min_score=min_score))


@pytest.mark.parametrize("province", ["Hà Giang", "Tuyên Quang"])
def test_province_filter_matches_old_or_current_name(search_backend, province):
    assert found(search_backend, province=province) == corpus_ids("hagiang")


@pytest.mark.parametrize(("bloc", "expected"), [
    ("cum thi dua", {"hagiang", "binhdinh"}),
    ("KINH TẾ", {"quangbinh"}),
    ("cơ quan đảng", {"kontum"}),
])
def test_bloc_filter_is_a_folded_substring(search_backend, bloc, expected):
    assert found(search_backend, bloc=bloc) == corpus_ids(*expected)


def test_date_bounds_are_inclusive(search_backend):
    assert found(search_backend, date_from=date(2019, 8, 2), date_to=date(2021, 1, 10)) == (
        corpus_ids("hanam", "kontum"))


def test_date_falls_back_to_event_date(search_backend):
    day = date(2022, 6, 30)
    assert found(search_backend, date_from=day, date_to=day) == corpus_ids("ninhthuan")


def test_event_filter_matches_any_event_type(search_backend):
    assert found(search_backend, event="ranking_awards") == corpus_ids("kontum", "quangbinh")


def test_site_filter(search_backend):
    assert found(search_backend, site="baoquangbinh", text="thi đua") == corpus_ids("quangbinh")


def test_filters_combine_with_text(search_backend):
    assert found(search_backend, text="thi dua", province="Quảng Trị") == corpus_ids("quangbinh")
    assert found(search_backend, text="dang", province="Hà Giang") == set()


def test_sort_by_date_is_newest_first(search_backend):
    assert ordered(search_backend, sort="date", limit=None) == [
        "hagiang", "binhdinh", "ninhthuan", "kontum", "hanam", "quangbinh"]


def test_limit_and_offset_page_through_with_the_full_total(search_backend):
    result = search_backend.search(SearchQuery(sort="date", limit=2, offset=2))
    assert result.total == len(BLOC_NEWS)
    assert [h.record["id"] for h in result.hits] == [
        SEARCH_CORPUS["ninhthuan"]["id"], SEARCH_CORPUS["kontum"]["id"]]


def test_facets_count_every_match(search_backend):
    result = search_backend.search(SearchQuery(text="thi dua", limit=1, facets=True))
    assert result.total == len(BLOC_NEWS)
    assert result.facets["province"]["Hà Giang"] == 1
    assert result.facets["event_type"] == {
        "other": 2, "ranking_awards": 2, "mid_year_review": 1, "year_end_review": 1,
        "covenant_signing": 1}
    assert result.facets["year"] == {"2016": 1, "2019": 1, "2021": 1, "2022": 1, "2023": 1,
                                     "2024": 1}
    assert result.facets["bloc"]["Khối thi đua Kinh tế"] == 1


def test_snippet_shows_original_text_with_the_match_marked(search_backend):
    [hit] = search_backend.search(SearchQuery(text="dang")).hits
    assert MARK_START + "Đảng" in hit.snippet


def test_iter_hits_streams_the_same_hits_as_search(search_backend):
    q = SearchQuery(text="thi dua", sort="date", limit=None)
    streamed = [h.record["id"] for h in search_backend.iter_hits(q)]
    assert streamed == [h.record["id"] for h in search_backend.search(q).hits]


def test_hits_carry_the_whole_record(search_backend):
    [hit] = search_backend.search(SearchQuery(text="dang")).hits
    assert hit.record == SEARCH_CORPUS["kontum"]


def test_unbalanced_quote_is_a_usage_error(search_backend):
    with pytest.raises(UsageError, match="quote"):
        search_backend.search(SearchQuery(text='"văn hóa'))


@pytest.mark.parametrize(("text", "expected"), [
    ("thie*", set()),                       # no prefix search: "thiếu" is not found
    ("-dang", {"kontum"}),                  # no NOT operator
    ("KH-BTĐKT", {"hagiang"}),              # document numbers with hyphen and slash
    ("NEAR(thi dua)", {"ninhthuan"}),       # NEAR is a word here
    ("title:Đảng", set()),                  # no column filter: "title" is a word
    ("dang OR zzz", set()),                 # OR is a word too
    ("thi + dua ^ ( ) { } [ ] ~ ! \\", BLOC_NEWS),
])
def test_query_syntax_characters_are_searched_literally(search_backend, text, expected):
    assert found(search_backend, text=text) == corpus_ids(*expected)


def test_sites_filter_matches_any_of_them(search_backend):
    assert found(search_backend, sites=("hagiang", "baoquangbinh")) == corpus_ids(
        "hagiang", "quangbinh")
    assert found(search_backend, sites=("hagiang",), text="dang") == set()


def test_facets_count_sites(search_backend):
    result = search_backend.search(SearchQuery(text="thi dua", limit=1, facets=True))
    assert result.facets["site"]["hanam"] == 1
    assert sum(result.facets["site"].values()) == len(BLOC_NEWS)
