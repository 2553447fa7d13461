"""Scrapy settings for the thidua crawler (`scrapy crawl portal`, scrapyd, `thidua crawl`).

Polite by default: these are small government portals on modest hosting, so
AutoThrottle is on, at most two requests per host run at once, robots.txt is
obeyed and the User-Agent says who we are and where to complain. Tests and
benchmarks turn the delays off through setting overrides, never here.

The project's own settings (all optional, read once by the components):

THIDUA_ARCHIVE            archive file (default: $THIDUA_ARCHIVE or the XDG data dir)
THIDUA_SITES              site registry TOML (default: the bundled crawler/data/sites.toml)
THIDUA_SITE_NAMES         only these sites (list or comma-separated string)
THIDUA_FULL               re-crawl every listing page and article (default False)
THIDUA_REFRESH            re-fetch archived articles with conditional requests (False)
THIDUA_DUE                only sites whose schedule says they are due (False)
THIDUA_EMPTY_PAGES_STOP   stop a listing after N consecutive pages with nothing new (2)
THIDUA_MAX_LISTING_PAGES  hard cap on listing and other pages per site, against traps (500)
THIDUA_SITE_BUDGET        requests per site and run, spent best first (5000)
THIDUA_MIN_LINK_SCORE     links scoring below are not fetched, score in [0, 1] (0.35)
THIDUA_EXPLORE_PAGES      below-floor links explored per site when its crawl is stuck (6)
THIDUA_SITE_WINDOW        requests per site handed to Scrapy at once (8)
THIDUA_WARC_DIR           WARC directory (default: warc/ beside the archive)
THIDUA_WARC_MAX_BYTES     rotate WARC files at this size (100 MB)
THIDUA_COMMIT_SECONDS     commit articles and crawl log at least this often (2.0)
THIDUA_COMMIT_WRITES      ... or once this many writes wait (500)
THIDUA_MIN_FREE_MB        do not start with less free space at the archive or WARC dir
                          (default: $THIDUA_MIN_FREE_MB, else 50)
THIDUA_BACKEND            "sqlite" (always kept in sync by the archive) or "es"
THIDUA_ES_URL             Elasticsearch URL when THIDUA_BACKEND is "es"
THIDUA_LOCK_HELD          the caller (run_crawl) already holds the archive lock
THIDUA_RUN_OPTIONS        options recorded with the run in the archive (dict)
"""

import os

BOT_NAME = "thidua"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = (
    "thidua/0.1 (research archive of provincial emulation-bloc news; "
    "+https://github.com/thidua/thidua#crawler)"
)
ROBOTSTXT_OBEY = True
# Protego, plus the robots.txt Sitemap: lines for the spider.
ROBOTSTXT_PARSER = "crawler.middlewares.robots.SitemapRobotParser"

CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Scrapy starts this many asyncio workers for the output of EVERY response
# (default 100); our callbacks yield a handful of requests and at most one
# item, and the pipeline is synchronous, so one worker does the same work
# without creating and scheduling a hundred tasks per page.
CONCURRENT_ITEMS = 1
# A development lint: Scrapy re-reads and ast-parses a generator callback's
# source to look for "return value", and its cache is keyed weakly by the
# bound method, which dies with each request, so the parse recurs for most
# responses (about 2% of a crawl's CPU).
WARN_ON_GENERATOR_RETURN_VALUE = False
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 5 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 5

COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# `thidua crawl` also filters its terminal log (crawler/logfilter.py): network
# failures the crawl log counts are left to --log-file.
LOG_LEVEL = "INFO"

DOWNLOADER_MIDDLEWARES = {
    # Before robots.txt, so a URL outside the site or denied by the registry
    # never even triggers a robots.txt fetch.
    "crawler.middlewares.bounds.SiteBoundsMiddleware": 50,
    # After RetryMiddleware (550) in the exception chain: a robots.txt fetch's
    # final failure is logged and counted like the spider's own failures.
    "crawler.middlewares.robotslog.RobotsFailureMiddleware": 540,
    # Next to the downloader: sees every raw response (redirects, 5xx before
    # retry) with the body still as sent.
    "crawler.middlewares.warc.WarcMiddleware": 950,
}
ITEM_PIPELINES = {
    "crawler.pipelines.ArchivePipeline": 300,
}
EXTENSIONS = {
    "crawler.crawllog.CrawlLog": 100,
}

THIDUA_ARCHIVE = os.environ.get("THIDUA_ARCHIVE") or None
THIDUA_SITES = None
THIDUA_SITE_NAMES = []
THIDUA_FULL = False
THIDUA_REFRESH = False
THIDUA_DUE = False
THIDUA_EMPTY_PAGES_STOP = 2
THIDUA_MAX_LISTING_PAGES = 500
THIDUA_SITE_BUDGET = 5000
THIDUA_MIN_LINK_SCORE = 0.35
THIDUA_EXPLORE_PAGES = 6
THIDUA_SITE_WINDOW = 8
THIDUA_WARC_DIR = None
THIDUA_WARC_MAX_BYTES = 100 * 1024 * 1024
THIDUA_COMMIT_SECONDS = 2.0
THIDUA_COMMIT_WRITES = 500
THIDUA_MIN_FREE_MB = None
THIDUA_BACKEND = "sqlite"
THIDUA_ES_URL = os.environ.get("THIDUA_ES_URL") or None
THIDUA_LOCK_HELD = False
THIDUA_RUN_OPTIONS = {}
