"""The Elasticsearch request bodies, built without a server.

These check the JSON we would send; whether Elasticsearch answers it as
intended is the job of the contract suite and tests/test_es_integration.py,
which run against a real cluster.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime

import pytest

from crawler.errors import UsageError
from crawler.vntext import exact
from indexer.es import bodies
from indexer.query import SearchQuery, parse_text
from indexer.snippet import make_snippet

BLOC_NEWS = {"term": {"is_bloc_news": True}}


def _record(**fields):
    base = {"id": "a" * 16, "url": "http://hanam.gov.vn/x", "site": "hanam",
            "text": "Khối thi đua Văn hoá - Xã hội sơ kết.", "title": "Sơ kết",
            "is_bloc_news": True, "published": None, "event_date": None, "bloc": None}
    base.update(fields)
    return base


def _clauses(body, kind):
    """Every clause of one kind anywhere in a body (depth-first)."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == kind:
                    found.append(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(body)
    return found


def test_mapping_is_versioned_and_names_the_alias():
    spec = bodies.mapping_spec()
    assert spec["version"] == bodies.mapping_version() >= 1
    assert bodies.alias_name() == "thidua-articles"
    name = bodies.index_name(datetime(2024, 5, 1, 8, 30, 0, 123456))
    assert name == "thidua-articles-v1-20240501083000123456"
    assert bodies.index_template_body(False)["index_patterns"] == ["thidua-articles-v1-*"]


def test_folding_analyzer_maps_d_stroke_with_and_without_icu():
    for icu in (False, True):
        analysis = bodies.analysis_settings(icu)
        assert "đ => d" in analysis["char_filter"]["vn_dstroke"]["mappings"]
        for name in ("vn_folding", "vn_shingles"):
            assert analysis["analyzer"][name]["char_filter"] == ["vn_dstroke"]
    plain = bodies.analysis_settings(False)["analyzer"]["vn_folding"]["filter"]
    icu = bodies.analysis_settings(True)["analyzer"]["vn_folding"]["filter"]
    assert plain == ["lowercase", "asciifolding"]
    assert icu == ["lowercase", "icu_folding"]


def test_tokens_are_runs_of_letters_and_digits_like_the_embedded_index():
    """Not the standard tokenizer: UAX#29 keeps "hanam.gov.vn" or "1.500" whole, while
    FTS5's unicode61 and parse_text split them, and the same query must find the same."""
    analysis = bodies.analysis_settings(False)
    assert analysis["tokenizer"]["vn_words"] == {"type": "pattern",
                                                 "pattern": "[^\\p{L}\\p{N}]+"}
    assert {a["tokenizer"] for a in analysis["analyzer"].values()} == {"vn_words"}


def test_shingles_analyzer_emits_bigrams_only():
    shingle = bodies.analysis_settings(False)["filter"]["vn_bigrams"]
    assert (shingle["min_shingle_size"], shingle["max_shingle_size"]) == (2, 2)
    assert shingle["output_unigrams"] is False


def test_tone_filters_agree_with_vntext_exact():
    """Each pattern_replace rewrites a word exactly as vntext.exact would."""
    filters = bodies.tone_filters()
    assert len(filters) == 30
    for spec in filters.values():
        old_ending = spec["pattern"].removeprefix("(?<!q)").removesuffix("$")
        word = "h" + old_ending
        rewritten = re.sub(spec["pattern"], spec["replacement"], word)
        assert rewritten == exact(word)
    assert "vn_tone_oa0" in bodies.analysis_settings(False)["analyzer"]["vn_exact"]["filter"]


def test_tone_filters_leave_qu_alone():
    for spec in bodies.tone_filters().values():
        assert re.sub(spec["pattern"], spec["replacement"], "quý") == "quý"


def test_field_types_match_the_record():
    props = bodies.index_body(False)["mappings"]["properties"]
    for name in ("province", "province_current", "site", "bloc_key", "event_types", "period"):
        assert props[name]["type"] == "keyword"
    assert set(props["text"]["fields"]) == {"exact", "shingles"}
    assert props["bloc"]["fields"]["keyword"]["type"] == "keyword"
    assert props["published"]["type"] == "date"
    assert props["awards"]["enabled"] is False
    meta = bodies.index_body(False)["mappings"]["_meta"]
    assert meta["thidua_mapping_version"] == bodies.mapping_version()


def test_template_body_is_json_serialisable():
    json.dumps(bodies.index_template_body(True))


def test_document_adds_derived_keys_from_published_then_event_date():
    doc = bodies.document(_record(published="2019-07-24T23:30:00+07:00", bloc="Khối Thi  Đua"))
    assert doc["day"] == "2019-07-24"
    assert doc["date_key"] == "2019-07-24T23:30:00+07:00"
    assert doc["bloc_folded"] == "khoi thi dua"
    fallback = bodies.document(_record(event_date="2020-01-10"))
    assert (fallback["day"], fallback["date_key"]) == ("2020-01-10", "2020-01-10")
    none = bodies.document(_record())
    assert none["day"] is None and none["bloc_folded"] is None


def test_document_nfc_normalises_text():
    doc = bodies.document(_record(text="thi \u0111ua ho\u0061\u0301"))
    assert doc["text"] == "thi đua hoá"


def test_derived_keys_are_not_returned_in_hits():
    excluded = bodies.index_body(False)["mappings"]["_source"]["excludes"]
    assert set(excluded) == {"day", "date_key", "bloc_folded"}


def test_bulk_actions_index_every_page_by_stable_id_bloc_news_or_not():
    records = [_record(id="1" * 16, bloc_score=0.8),
               _record(id="2" * 16, is_bloc_news=False, bloc_score=0.2)]
    actions = list(bodies.bulk_actions(records, "idx"))
    assert [a["_op_type"] for a in actions] == ["index", "index"]
    assert actions[0]["_id"] == "1" * 16 and actions[0]["_index"] == "idx"
    assert actions[0]["_source"]["text"] == records[0]["text"]
    assert actions[1]["_id"] == "2" * 16
    assert actions[1]["_source"]["is_bloc_news"] is False
    assert actions[1]["_source"]["bloc_score"] == 0.2


def test_a_record_stored_before_scores_is_indexed_with_score_zero():
    record = _record()
    record.pop("bloc_score", None)
    assert bodies.document(record)["bloc_score"] == 0.0
    assert bodies.document(_record(bloc_score=None))["bloc_score"] == 0.0


def _filters(**query):
    return _body(**query)["query"]["bool"]["filter"]


def test_bloc_news_only_by_default():
    assert _filters() == [BLOC_NEWS]
    assert _filters(text="thi đua")[0] == BLOC_NEWS


def test_include_other_drops_the_bloc_news_filter():
    assert _filters(include_other=True) == []
    assert _filters(include_other=True, site="hanam") == [{"term": {"site": "hanam"}}]


@pytest.mark.parametrize("include_other", [False, True])
def test_min_score_filters_on_the_score_alone(include_other):
    filters = _filters(min_score=0.4, include_other=include_other, site="hanam")
    assert filters == [{"range": {"bloc_score": {"gte": 0.4}}}, {"term": {"site": "hanam"}}]
    assert not _clauses(_body(min_score=0.4), "is_bloc_news")


def test_the_scope_filters_the_facets_and_counts_too():
    body = _body(text="thi đua", facets=True, include_other=True, min_score=0.25)
    assert body["track_total_hits"] is True and "aggs" in body
    assert {"range": {"bloc_score": {"gte": 0.25}}} in body["query"]["bool"]["filter"]


def test_alias_swap_is_one_atomic_body():
    actions = bodies.alias_swap_actions("al", "al-v1-2", ["al-v1-1"])
    assert actions == [{"remove": {"index": "al-v1-1", "alias": "al"}},
                       {"add": {"index": "al-v1-2", "alias": "al"}}]


def _body(**query):
    q = SearchQuery(**query)
    return bodies.search_body(q, parse_text(q.text), size=q.limit or 0, offset=q.offset)


def test_every_unit_must_match_folded_as_a_phrase():
    body = _body(text='giao ước "văn hóa xã hội"')
    must = body["query"]["bool"]["must"]
    queries = [m["multi_match"]["query"] for m in must]
    assert queries == ["văn hóa xã hội", "giao", "ước"]
    assert all(m["multi_match"]["type"] == "phrase" for m in must)
    assert must[0]["multi_match"]["fields"] == ["title^3.0", "text"]


def test_exact_diacritics_rank_as_a_tier():
    body = _body(text="thi hoá")
    tier = body["query"]["bool"]["should"][0]["constant_score"]
    assert tier["boost"] == bodies.EXACT_BOOST
    exact_queries = [c["multi_match"]["query"] for c in tier["filter"]["bool"]["must"]]
    assert exact_queries == ["thi", "hóa"]
    assert tier["filter"]["bool"]["must"][0]["multi_match"]["fields"][1] == "text.exact"


def test_bare_terms_also_rank_as_phrase_and_bigrams():
    body = _body(text="văn hóa")
    should = body["query"]["bool"]["should"]
    phrase = next(s["multi_match"] for s in should[1:] if s["multi_match"]["type"] == "phrase")
    assert phrase["query"] == "văn hóa" and phrase["boost"] == bodies.PHRASE_BOOST
    shingles = next(s["multi_match"] for s in should if "multi_match" in s
                    and s["multi_match"]["fields"][0] == "title.shingles")
    assert shingles["query"] == "văn hóa"


def test_single_word_has_no_bigram_clause():
    body = _body(text="thi")
    assert not [s for s in body["query"]["bool"]["should"] if "multi_match" in s]


def test_no_text_matches_everything():
    body = _body()
    assert body["query"]["bool"]["must"] == [{"match_all": {}}]
    assert body["query"]["bool"]["filter"] == [BLOC_NEWS]


def test_unbalanced_quote_is_a_usage_error():
    with pytest.raises(UsageError):
        _body(text='"thi đua')


def test_province_matches_old_or_current_name():
    [_, clause] = _body(province="Hà Giang")["query"]["bool"]["filter"]
    assert clause["bool"]["should"] == [{"term": {"province": "Hà Giang"}},
                                        {"term": {"province_current": "Hà Giang"}}]
    assert clause["bool"]["minimum_should_match"] == 1


def test_bloc_filter_is_a_folded_substring_with_wildcards_escaped():
    [_, clause] = _body(bloc="Văn  Hoá*")["query"]["bool"]["filter"]
    assert clause == {"wildcard": {"bloc_folded": {"value": "*van hoa\\**"}}}


def test_date_range_uses_the_local_day():
    [_, clause] = _body(date_from=date(2019, 1, 1), date_to=date(2019, 6, 30))["query"]["bool"][
        "filter"]
    assert clause == {"range": {"day": {"gte": "2019-01-01", "lte": "2019-06-30"}}}
    [_, open_end] = _body(date_to=date(2019, 6, 30))["query"]["bool"]["filter"]
    assert open_end == {"range": {"day": {"lte": "2019-06-30"}}}


def test_event_and_site_are_terms():
    filters = _body(event="covenant_signing", site="hanam")["query"]["bool"]["filter"]
    assert {"term": {"event_types": "covenant_signing"}} in filters
    assert {"term": {"site": "hanam"}} in filters


def test_sort_by_date_is_newest_first_with_id_tiebreak():
    newest = [{"date_key": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
    assert _body(text="thi", sort="date")["sort"] == newest
    assert _body(text="thi")["sort"] == ["_score", *newest]


def test_without_text_relevance_falls_back_to_date():
    assert _body(sort="relevance")["sort"][0] == {"date_key": {"order": "desc",
                                                               "missing": "_last"}}


def test_paging_and_totals():
    body = _body(text="thi", limit=5, offset=10)
    assert (body["from"], body["size"], body["track_total_hits"]) == (10, 5, True)


def test_highlight_marks_like_the_embedded_snippets():
    hl = _body(text="thi")["highlight"]
    assert (hl["pre_tags"], hl["post_tags"]) == (["["], ["]"])
    assert hl["fields"]["text"]["fragment_size"] == bodies.SNIPPET_CHARS


def test_facets_only_when_asked():
    assert "aggs" not in _body(text="thi")
    aggs = _body(text="thi", facets=True)["aggs"]
    assert set(aggs) == {"province", "bloc", "year", "site", "event_type"}
    assert aggs["year"]["date_histogram"]["field"] == "day"
    assert aggs["event_type"]["terms"]["field"] == "event_types"


def test_facets_of_turns_buckets_into_counts():
    aggs = {"province": {"buckets": [{"key": "Hà Nam", "doc_count": 3}]},
            "year": {"buckets": [{"key": 1546275600000, "key_as_string": "2019",
                                  "doc_count": 2},
                                 {"key": 1, "key_as_string": "2020", "doc_count": 0}]}}
    assert bodies.facets_of(aggs) == {"province": {"Hà Nam": 3}, "year": {"2019": 2}}
    ordered = bodies.facets_of({"bloc": {"buckets": [
        {"key": "B", "doc_count": 1}, {"key": "C", "doc_count": 5}, {"key": "A", "doc_count": 1}]}})
    assert list(ordered["bloc"]) == ["C", "A", "B"]
    assert bodies.facets_of(None) == {}


def test_snippet_prefers_the_highlight_then_the_embedded_snippet():
    text = "Khối thi đua họp. " * 30
    raw = {"_source": {"text": text}, "highlight": {"text": ["a [thi] b"]}}
    assert bodies.snippet_of(raw, parse_text("thi")) == "a [thi] b"
    plain = bodies.snippet_of({"_source": {"text": text}}, parse_text(""))
    assert plain == make_snippet(text, parse_text(""))
    assert plain.startswith("Khối thi đua") and plain.endswith("…")


def test_sites_filter_is_one_terms_clause():
    filters = _body(sites=("hanam", "hagiang"))["query"]["bool"]["filter"]
    assert {"terms": {"site": ["hanam", "hagiang"]}} in filters
    assert filters == [*bodies.scope_clauses(SearchQuery()),
                       {"terms": {"site": ["hanam", "hagiang"]}}]


def test_timeline_body_counts_the_matches_per_period():
    q = SearchQuery(text="giao ước", province="Hà Giang", date_from=date(2019, 1, 1))
    body = bodies.timeline_body(q, parse_text(q.text), "month")
    assert body["size"] == 0
    assert body["query"] == bodies.query_clause(q, parse_text(q.text))
    assert body["aggs"]["periods"]["date_histogram"] == {
        "field": "day", "calendar_interval": "month", "format": "yyyy-MM", "min_doc_count": 1}
    year = bodies.timeline_body(q, parse_text(q.text), "year")["aggs"]["periods"]
    assert year["date_histogram"]["format"] == "yyyy"
    with pytest.raises(UsageError):
        bodies.timeline_body(q, parse_text(q.text), "week")


def test_timeline_counts_reads_each_bucket():
    aggs = {"periods": {"buckets": [{"key_as_string": "2019-08", "doc_count": 4},
                                    {"key_as_string": "2019-10", "doc_count": 2}]}}
    assert bodies.timeline_counts(aggs) == {"2019-08": 4, "2019-10": 2}
    assert bodies.timeline_counts(None) == {}
