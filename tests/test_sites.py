"""The site registry: the shipped file, validation errors, URL helpers and schedules."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from crawler.errors import RegistryError
from crawler.provinces import load_provinces
from crawler.sites import due_sites, load_families, load_sites, site_for_url

VN = timezone(timedelta(hours=7))

SEED_HOSTS = {"hanam.gov.vn", "bandantoc.kontum.gov.vn", "baoquangbinh.vn",
              "songoaivu.ninhthuan.gov.vn", "hagiang.gov.vn"}

MINIMAL = """
[[site]]
name = "alpha"
province = "Ha Nam"
family = "generic"
hosts = ["www.Alpha.gov.vn"]
start_urls = ["https://alpha.gov.vn/tin-tuc"]
"""


@pytest.fixture(scope="module")
def shipped():
    return load_sites()


def _registry(tmp_path, body):
    path = tmp_path / "sites.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_the_shipped_registry_loads_with_the_seed_sites(shipped):
    hosts = {host for site in shipped for host in site.hosts}
    assert hosts >= SEED_HOSTS
    names = [site.name for site in shipped]
    assert len(names) == len(set(names))


def test_the_shipped_registry_has_a_main_portal_for_every_old_province(shipped):
    hosts = {host for site in shipped for host in site.hosts}
    missing = [p.name for p in load_provinces().old() if p.domain not in hosts]
    assert missing == []


def test_shipped_sites_have_known_provinces_and_only_national_sites_go_without(shipped):
    names = set(load_provinces().names())
    for site in shipped:
        if site.province is None:
            assert site.kind == "other", site.name
        else:
            assert site.province in names, site.name
        assert all(url.startswith(("https://", "http://")) for url in site.start_urls), site.name


def test_seed_sites_carry_their_family_and_province(shipped):
    by_name = {site.name: site for site in shipped}
    assert by_name["hanam"].family == "sharepoint"
    assert by_name["hagiang"].family == "liferay"
    assert by_name["kontum-bdt"].family == "aspnet"
    assert by_name["baoquangbinh"].family == "newspaper"
    assert by_name["songoaivu-ninhthuan"].province == "Ninh Thuận"
    assert by_name["hagiang"].province_current == "Tuyên Quang"


def test_hosts_are_normalised_and_the_province_canonical(tmp_path):
    (site,) = load_sites(_registry(tmp_path, MINIMAL))
    assert site.hosts == ("alpha.gov.vn",)
    assert site.province == "Hà Nam"
    assert site.province_current == "Ninh Bình"
    assert site.schedule == "weekly"


def test_family_defaults_are_applied_unless_the_site_overrides_them(tmp_path):
    body = MINIMAL + """
[[site]]
name = "beta"
province = "Kon Tum"
family = "aspnet"
hosts = ["beta.gov.vn"]
start_urls = ["https://beta.gov.vn/"]
article_pattern = '/bai/\\d+$'
deny = ['/private/']
"""
    alpha, beta = load_sites(_registry(tmp_path, body))
    generic = load_families()["generic"]
    assert alpha.article_pattern.pattern == generic.article_pattern
    assert alpha.listing_pattern.pattern == generic.listing_pattern
    assert beta.article_pattern.pattern == "/bai/\\d+$"
    assert beta.listing_pattern.pattern == load_families()["aspnet"].listing_pattern
    assert beta.is_article("https://beta.gov.vn/bai/12")
    assert not beta.is_article("https://beta.gov.vn/Default.aspx?news_id=12")
    assert not beta.allows("https://beta.gov.vn/private/bai/12")
    assert not beta.allows("https://beta.gov.vn/files/report.PDF")


@pytest.mark.parametrize(("site_name", "url", "article", "listing"), [
    ("hanam", "https://hanam.gov.vn/Pages/khoi-thi-dua-so-ket.aspx", True, False),
    ("hanam", "https://hanam.gov.vn/Pages/tin-thi-dua.aspx?Page=2", False, True),
    ("hanam", "https://hanam.gov.vn/_layouts/login.aspx", False, False),
    ("kontum-bdt", "https://bandantoc.kontum.gov.vn/?news_id=1201&cat_id=3", True, False),
    ("kontum-bdt", "https://bandantoc.kontum.gov.vn/?cat_id=3&page=2", False, True),
    ("kontum-bdt", "https://bandantoc.kontum.gov.vn/Default.aspx?tabid=tin-tuc", False, True),
    ("hanam", "https://hanam.gov.vn/SitePages/khoi-thi-dua.aspx", True, False),
    ("hagiang", "https://hagiang.gov.vn/web/guest/tin?p_p_id=101_INSTANCE_x"
                "&_101_INSTANCE_x_articleId=77", True, False),
    ("hagiang", "https://hagiang.gov.vn/web/guest/-/asset_publisher/Ab1/content/khoi-hoi",
     True, False),
    ("hagiang", "https://hagiang.gov.vn/tin?p_p_id=101_INSTANCE_Ab1&_101_INSTANCE_Ab1_cur=3",
     False, True),
    ("baoquangbinh", "https://www.baoquangbinh.vn/chinh-tri/201607/khoi-thi-dua-2138473/",
     True, False),
    ("baoquangbinh", "https://baoquangbinh.vn/chinh-tri/", False, True),
    ("hanam", "https://hagiang.gov.vn/Pages/khoi-thi-dua.aspx", False, False),
])
def test_family_patterns_classify_portal_urls(shipped, site_name, url, article, listing):
    site = next(s for s in shipped if s.name == site_name)
    assert site.is_article(url) is article
    assert site.is_listing(url) is listing


def test_allows_keeps_the_crawl_on_the_site_hosts(shipped):
    paper = site_for_url(shipped, "https://baoquangbinh.vn/")
    assert not paper.domains
    assert paper.allows("http://WWW.BAOQUANGBINH.VN/a-1.html")
    assert not paper.allows("https://evil.example/a-1.html")
    assert not paper.allows("https://sub.baoquangbinh.vn/a-1.html")
    assert not paper.allows("ftp://baoquangbinh.vn/a-1.html")


def test_a_portal_spanning_its_domain_allows_its_subdomains_only(shipped):
    hanam = site_for_url(shipped, "https://hanam.gov.vn/")
    assert hanam.domains == ("hanam.gov.vn",)
    assert hanam.allows("https://sub.hanam.gov.vn/Pages/a.aspx")
    assert not hanam.allows("https://nothanam.gov.vn/Pages/a.aspx")
    assert not hanam.allows("https://evil.example/Pages/a.aspx")


def test_site_for_url_ignores_www_and_case(shipped):
    assert site_for_url(shipped, "HTTP://WWW.HaNam.Gov.VN/Pages/x.aspx").name == "hanam"
    assert site_for_url(shipped, "https://bandantoc.kontum.gov.vn/?news_id=1").name == \
        "kontum-bdt"
    assert site_for_url(shipped, "https://kontum.gov.vn/").name == "kontum"
    assert site_for_url(shipped, "https://example.com/") is None


ERRORS = [
    ("[[site]\nname = 'x'\n", "invalid TOML"),
    ("title = 'nothing here'\n", "no [[site]] entries"),
    (MINIMAL.replace('name = "alpha"\n', ""), "site #1: missing or bad 'name'"),
    (MINIMAL.replace('"alpha"', '"Alpha Site"'), "missing or bad 'name'"),
    (MINIMAL.replace('"generic"', '"joomla"'), "site #1 (alpha): unknown family 'joomla'"),
    (MINIMAL.replace('"Ha Nam"', '"Atlantis"'), "(alpha): unknown province 'Atlantis'"),
    (MINIMAL.replace('province = "Ha Nam"\n', ""), "(alpha): missing 'province'"),
    (MINIMAL + "article_pattern = '(unclosed'\n",
     "(alpha): bad regular expression in 'article_pattern'"),
    (MINIMAL + "deny = ['[z-a]']\n", "(alpha): bad regular expression in 'deny'"),
    (MINIMAL + MINIMAL.replace("alpha.gov", "other.gov"), "site #2 (alpha): duplicate name"),
    (MINIMAL + MINIMAL.replace('"alpha"', '"beta"'),
     "site #2 (beta): host 'alpha.gov.vn' already belongs to site 'alpha'"),
    (MINIMAL.replace('["www.Alpha.gov.vn"]', "[]"), "(alpha): missing 'hosts'"),
    (MINIMAL.replace('"www.Alpha.gov.vn"', '"https://alpha.gov.vn/"'), "is not a host name"),
    (MINIMAL.replace("https://alpha.gov.vn/tin-tuc", "https://elsewhere.vn/"),
     "not on the site's hosts"),
    (MINIMAL.replace("https://alpha.gov.vn/tin-tuc", "alpha.gov.vn/tin-tuc"),
     "not an http(s) URL"),
    (MINIMAL.replace('start_urls = ["https://alpha.gov.vn/tin-tuc"]\n', ""),
     "give at least one of start_urls"),
    (MINIMAL + 'schedule = "hourly"\n', "schedule must be one of daily, weekly, monthly"),
    (MINIMAL + "start_url = ['https://alpha.gov.vn/']\n", "unknown key 'start_url'"),
    (MINIMAL + "hints = 'fast'\n", "'hints' must be a table"),
    (MINIMAL + "feeds = [1]\n", "'feeds' must be a list of non-empty strings"),
    (MINIMAL + 'kind = "blog"\n', "kind must be one of portal, department, newspaper, other"),
    (MINIMAL + 'evidence = ["https://elsewhere.vn/khoi-thi-dua.html"]\n',
     "(alpha): evidence entry 'https://elsewhere.vn/khoi-thi-dua.html' is not on the site's"),
    (MINIMAL + 'evidence = ["alpha.gov.vn/khoi-thi-dua.html"]\n', "is not an http(s) URL"),
    (MINIMAL + 'evidence = ["https://alpha.gov.vn/a.html"]\nseen = "2023-1"\n',
     "(alpha): 'seen' must be a month as YYYY-MM, got '2023-1'"),
    (MINIMAL + 'evidence = ["https://alpha.gov.vn/a.html"]\nseen = "2023-13"\n',
     "'seen' must be a month as YYYY-MM"),
    (MINIMAL + 'seen = "2023-01"\n', "(alpha): 'seen' dates the evidence, but 'evidence' is empty"),
    (MINIMAL + 'evidence = ["https://alpha.gov.vn/a.html"]\nunverified = true\n',
     "(alpha): 'unverified = true' but 'evidence' lists 1 URL(s)"),
    (MINIMAL + "evidence = []\nunverified = false\n",
     "(alpha): no 'evidence': list the URLs seen, or set 'unverified = true'"),
    (MINIMAL + 'unverified = "yes"\n', "'unverified' must be true or false"),
    (MINIMAL + 'merged_into = "Hà Nội"\n',
     "(alpha): 'merged_into = \"Hà Nội\"' but Hà Nam was merged into Ninh Bình"),
    (MINIMAL.replace('"Ha Nam"', '"Hà Nội"') + 'merged_into = "Ninh Bình"\n',
     "but Hà Nội continues after 2025-07-01"),
    (MINIMAL + 'merged_into = "Atlantis"\n', "unknown province 'Atlantis' in 'merged_into'"),
    (MINIMAL.replace('province = "Ha Nam"\n', 'kind = "department"\n'),
     "(alpha): missing 'province' (only a national site of kind 'other' may leave it out)"),
]


@pytest.mark.parametrize(("body", "message"), ERRORS)
def test_a_malformed_registry_gives_a_one_line_error_naming_file_and_entry(
        tmp_path, body, message):
    path = _registry(tmp_path, body)
    with pytest.raises(RegistryError) as caught:
        load_sites(path)
    text = str(caught.value)
    assert message in text
    assert text.startswith(f"{path}: ")
    assert "\n" not in text


def test_a_missing_registry_file_is_a_registry_error(tmp_path):
    with pytest.raises(RegistryError, match="cannot read"):
        load_sites(tmp_path / "nope.toml")


def test_provenance_fields_are_loaded_and_unverified_follows_from_evidence(tmp_path):
    body = (MINIMAL + 'kind = "newspaper"\ndomains = ["alpha.gov.vn"]\n'
            'evidence = ["https://tin.alpha.gov.vn/khoi-thi-dua-ky-ket-1234.html"]\n'
            'seen = "2023-03"\nmerged_into = "ninh binh"\n'
            + MINIMAL.replace("alpha", "beta").replace("Alpha", "beta"))
    alpha, beta = load_sites(_registry(tmp_path, body))
    assert alpha.kind == "newspaper" and alpha.seen == "2023-03"
    assert alpha.evidence == ("https://tin.alpha.gov.vn/khoi-thi-dua-ky-ket-1234.html",)
    assert alpha.unverified is False
    assert alpha.merged_into == "Ninh Bình"
    assert beta.unverified is True and beta.evidence == () and beta.kind == "portal"


def test_a_national_site_has_no_province(tmp_path):
    body = MINIMAL.replace('province = "Ha Nam"\n', 'kind = "other"\n')
    (site,) = load_sites(_registry(tmp_path, body))
    assert site.province is None and site.province_current is None


def test_hints_are_kept_read_only(tmp_path):
    body = MINIMAL + '[site.hints]\ncontent_selector = "div.news"\n'
    (site,) = load_sites(_registry(tmp_path, body))
    assert site.hints["content_selector"] == "div.news"
    with pytest.raises(TypeError):
        site.hints["content_selector"] = "x"


def _three_sites(tmp_path):
    body = "".join(
        MINIMAL.replace("alpha", name).replace("Alpha", name)
        .replace("[[site]]", f'[[site]]\nschedule = "{when}"')
        for name, when in (("d", "daily"), ("w", "weekly"), ("m", "monthly")))
    return load_sites(_registry(tmp_path, body))


def test_due_sites_follows_each_schedule(tmp_path):
    sites = _three_sites(tmp_path)
    now = datetime(2024, 5, 31, 2, 0, tzinfo=VN)
    last = {"d": now - timedelta(days=2), "w": now - timedelta(days=3),
            "m": now - timedelta(days=29)}
    assert [s.name for s in due_sites(sites, last, now)] == ["d"]
    later = now + timedelta(days=5)
    assert [s.name for s in due_sites(sites, last, later)] == ["d", "w", "m"]


def test_never_crawled_sites_are_due(tmp_path):
    sites = _three_sites(tmp_path)
    now = datetime(2024, 5, 31, tzinfo=VN)
    assert [s.name for s in due_sites(sites, {}, now)] == ["d", "w", "m"]


def test_a_daily_site_is_due_when_the_scheduler_starts_a_little_early(tmp_path):
    sites = _three_sites(tmp_path)
    yesterday = datetime(2024, 5, 30, 2, 0, tzinfo=VN)
    last = {"d": yesterday, "w": yesterday, "m": yesterday}
    early = yesterday + timedelta(days=1) - timedelta(minutes=5)
    assert [s.name for s in due_sites(sites, last, early)] == ["d"]
    too_early = yesterday + timedelta(hours=12)
    assert due_sites(sites, last, too_early) == []
