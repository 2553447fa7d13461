from crawler.urls import article_id, canonical_url, host_of


def test_scheme_www_and_tracking_parameters_share_one_id():
    ids = {
        article_id("http://hanam.gov.vn/Pages/tin.aspx?b=2&a=1"),
        article_id("https://www.hanam.gov.vn/Pages/tin.aspx?a=1&b=2&utm_source=fb"),
        article_id("https://HANAM.gov.vn/Pages/tin.aspx?a=1&b=2#top"),
    }
    assert len(ids) == 1


def test_different_articles_get_different_ids():
    assert article_id("http://x.gov.vn/?news_id=1") != article_id("http://x.gov.vn/?news_id=2")


def test_canonical_url_keeps_meaningful_query():
    assert canonical_url("http://www.x.gov.vn/tin?news_id=5&fbclid=z") == "x.gov.vn/tin?news_id=5"


def test_host_of_drops_www():
    assert host_of("https://www.baoquangbinh.vn/a") == "baoquangbinh.vn"
