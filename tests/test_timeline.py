"""Attention over time: matches per period beside all archived then, in both backends.

Runs once per backend of ``search_backend`` (the Elasticsearch run needs
THIDUA_ES_URL); the pure merging rules are checked on their own.
"""

from datetime import date

import pytest

from crawler.errors import UsageError
from indexer.backends import open_backend
from indexer.query import SearchQuery
from indexer.timeline import PeriodCount, merge
from tests.fixtures.search import make_article


def rows(backend, unit="year", **query):
    return [(r.period, r.matches, r.total) for r in backend.timeline(SearchQuery(**query), unit)]


def test_every_year_from_first_to_last_with_zeros_between(search_backend):
    got = rows(search_backend, text="thi dua")
    assert [p for p, _, _ in got] == [str(y) for y in range(2016, 2025)]
    assert dict((p, (m, t)) for p, m, t in got)["2017"] == (0, 0)
    assert sum(m for _, m, _ in got) == 6  # every bloc article; the non-bloc one never counts


def test_matches_narrow_the_total_does_not(search_backend):
    got = {p: (m, t) for p, m, t in rows(search_backend, text="dang")}
    assert got["2021"] == (1, 1)
    assert got["2019"] == (0, 2)  # the total counts the archived page that is not bloc news
    got = {p: (m, t) for p, m, t in rows(search_backend, province="Tuyên Quang")}
    assert got["2024"] == (1, 1) and got["2016"] == (0, 1)


def test_months_and_the_date_range_bound_the_periods(search_backend):
    got = rows(search_backend, "month", date_from=date(2019, 1, 1), date_to=date(2021, 12, 31))
    assert got[0] == ("2019-08", 1, 1)
    assert ("2019-09", 0, 1) in got  # not bloc news: archived, never a match
    assert got[-1] == ("2021-01", 1, 1)
    assert len(got) == 18
    assert ("2020-02", 0, 0) in got


def test_event_date_dates_an_article_without_publication_date(search_backend):
    got = {p: (m, t) for p, m, t in rows(search_backend, "month", text="Near East")}
    assert got["2022-06"] == (1, 1)
    assert sum(m for m, _ in got.values()) == 1


def test_share_is_of_the_articles_of_that_period(tmp_path):
    from indexer.archive import Archive

    with Archive(tmp_path / "a.sqlite3") as archive:
        for n, text in enumerate(["ocop hội nghị", "ocop tổng kết", "tổng kết khối", "khác"]):
            archive.upsert(make_article(f"a{n}", text=text, published=f"2020-05-0{n + 1}"))
        archive.upsert(make_article("b", text="ocop", published="2020-07-01"))
        archive.upsert(make_article("c", text="ocop chợ phiên", published="2020-07-02",
                                      is_bloc_news=False))
        backend = open_backend("sqlite", archive)
        timeline = backend.timeline(SearchQuery(text="ocop"), "month")
    assert [r.as_dict() for r in timeline] == [
        {"period": "2020-05", "matches": 2, "total": 4, "share": 0.5},
        {"period": "2020-06", "matches": 0, "total": 0, "share": None},
        {"period": "2020-07", "matches": 1, "total": 2, "share": 0.5}]


def test_unknown_unit_is_a_usage_error(search_backend):
    with pytest.raises(UsageError, match="month, year"):
        search_backend.timeline(SearchQuery(), "week")


def test_merge_fills_months_across_new_year():
    got = merge({"2019-12": 1}, {"2019-11": 2, "2020-02": 1})
    assert [r.period for r in got] == ["2019-11", "2019-12", "2020-01", "2020-02"]
    assert got[1] == PeriodCount("2019-12", 1, 0)
    assert merge({}, {}) == []
