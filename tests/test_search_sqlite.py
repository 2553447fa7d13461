"""The embedded backend's own parts: text forms, parsing, snippets, index upkeep."""

import unicodedata

import pytest

from crawler.errors import UsageError
from crawler.vntext import exact
from indexer import fts
from indexer.backends import open_backend
from indexer.query import ParsedText, SearchQuery, parse_text
from indexer.snippet import make_snippet
from indexer.sqlite_search import hits_sql
from indexer.textforms import exact_text, loose_text
from tests.fixtures.search import SEARCH_CORPUS, make_article

MIXED = ("Hoá HOÁ thuỷ Quý khoẻ ĐẢNG Ủy hòa. oà, Nguyễn Thị Thuý; Khối thi đua\n\n"
         "Văn hoá - Xã hội; café naïve ﬁ Σ İ 한국어")


@pytest.mark.parametrize("text", [MIXED, unicodedata.normalize("NFD", MIXED),
                                  *[r["text"] for r in SEARCH_CORPUS.values()]])
def test_exact_text_equals_vntext_exact(text):
    assert exact_text(text) == exact(text)


def test_exact_text_equals_vntext_exact_on_every_bmp_letter():
    letters = "".join(chr(c) for c in range(0x20, 0x3000) if chr(c).isprintable())
    assert exact_text(letters) == exact(letters)


def test_loose_text_turns_d_with_stroke_into_d():
    assert loose_text("Đảng ủy") == "dảng ủy"


def test_parse_text_splits_terms_and_phrases():
    parsed = parse_text('khối  "văn hóa - xã hội" thi-đua')
    assert parsed == ParsedText(terms=("khối", "thi", "đua"), phrases=("văn hóa xã hội",))


def test_parse_text_accepts_typographic_quotes():
    assert parse_text("“văn hóa”").phrases == ("văn hóa",)


@pytest.mark.parametrize("text", ['"văn hóa', 'a "b" "c', "“văn hóa"])
def test_parse_text_refuses_an_open_quote(text):
    with pytest.raises(UsageError) as exc:
        parse_text(text)
    assert "\n" not in str(exc.value)


def test_match_expressions_quote_every_unit():
    parsed = parse_text('Đảng NEAR "văn hoá"')
    assert fts.fold_match(parsed) == '"văn hóa" AND "dảng" AND "near"'
    assert fts.exact_match(parsed) == '"văn hóa" AND "đảng" AND "near"'
    assert fts.phrase_match(parsed) == '"dảng near"'


def test_snippet_marks_matches_in_the_original_text():
    text = "Sáng 12/7, Khối thi đua Văn hóa - Xã hội tổ chức hội nghị."
    snippet = make_snippet(text, parse_text('thi dua "van hoa"'))
    assert snippet == "Sáng 12/7, Khối [thi] [đua] [Văn hóa] - Xã hội tổ chức hội nghị."


def test_snippet_windows_long_text_around_the_match_with_ellipses():
    text = "Mở đầu. " * 60 + "Đảng ủy Khối dự hội nghị. " + "Kết thúc. " * 60
    snippet = make_snippet(text, parse_text("dang"))
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "[Đảng] ủy Khối" in snippet
    assert len(snippet) < 220


def test_snippet_without_a_match_is_the_start_of_the_text():
    assert make_snippet("Khối thi đua họp.", parse_text("zzz")) == "Khối thi đua họp."


def test_exact_match_gets_the_exact_tier_score(search_archive):
    backend = open_backend("sqlite", search_archive)
    [hit] = backend.search(SearchQuery(text="thủy lợi")).hits
    assert hit.score > fts.EXACT_BOOST
    [folded] = backend.search(SearchQuery(text="thuy loi")).hits
    assert folded.score < fts.EXACT_BOOST


def test_date_sorted_hits_still_carry_relevance_scores(search_archive):
    hits = open_backend("sqlite", search_archive).search(
        SearchQuery(text="thi đua", sort="date")).hits
    assert all(h.score > 0 for h in hits)


def test_rebuild_recreates_the_index_from_the_archive(search_archive):
    backend = open_backend("sqlite", search_archive)
    search_archive.connection.execute("DROP TABLE fts_fold")
    search_archive.connection.execute("DROP TABLE fts_exact")
    assert backend.rebuild(search_archive) == search_archive.count() == 7
    assert backend.search(SearchQuery(text="dang")).total == 1
    assert backend.search(SearchQuery(text="huân chương", include_other=True)).total == 1
    assert search_archive.check() == []


def test_sync_is_a_no_op_when_the_index_follows_the_archive(search_archive):
    assert open_backend("sqlite", search_archive).sync(search_archive) == 0


def test_index_stores_records_into_the_archive(empty_archive):
    backend = open_backend("sqlite", empty_archive, es_url="http://ignored:9200")
    assert backend.index([make_article("a"), make_article("b", text="Cụm thi đua họp.")]) == 2
    assert backend.search(SearchQuery(text="cụm")).total == 1


def test_unknown_backend_is_a_usage_error(empty_archive):
    with pytest.raises(UsageError, match="unknown search backend"):
        open_backend("solr", empty_archive)


@pytest.mark.parametrize("query", [
    SearchQuery(sort="best"), SearchQuery(event="party"), SearchQuery(limit=-1)])
def test_invalid_query_values_are_usage_errors(search_archive, query):
    with pytest.raises(UsageError):
        open_backend("sqlite", search_archive).search(query)


def test_hits_sql_is_plain_text_with_parameters():
    sql = hits_sql(SearchQuery(text="thi đua", province="Hà Nam"), parse_text("thi đua"))
    assert "fts_fold MATCH ?" in sql.text
    assert "Hà Nam" in sql.params
    assert sql.text.count("?") == len(sql.params)


def test_snippet_matches_any_case_and_diacritics():
    assert make_snippet("ĐẢNG BỘ xã đón Huân chương.", parse_text("dang bo")) == (
        "[ĐẢNG] [BỘ] xã đón Huân chương.")


def test_snippet_window_is_the_first_holding_every_unit():
    text = "Thi công cầu. " + "Nội dung khác. " * 20 + "Khối thi đua họp. Thi đua tiếp."
    snippet = make_snippet(text, parse_text("thi đua"))
    assert snippet.startswith("…") and "Khối [thi] [đua] họp" in snippet
