"""Bench (issue 9): discovery from home pages, against a breadth-first crawl of every page.

The realistic farm portals (tests/farm/realistic/, shaped after real platforms'
URLs) are crawled twice, each run in its own process, through the farm's proxy,
with the same politeness (robots.txt obeyed, no delays, 4 requests per host at
once):

- ours: `thidua crawl --full` with tests/farm/realistic_sites.toml, whose
  entries give only each portal's home page and a family guess;
- baseline: a bare Scrapy spider that starts from the same home pages and
  follows every in-scope link (`Site.allows`: hosts, domains, deny), breadth
  first, until it has fetched every page.

Recall is bloc articles found (archived as bloc news, under any of their URLs)
over every bloc article of the portals (ground truth: RealisticFarm.bloc_articles);
requests are what the farm answered to each run, robots.txt included. Records
archived as bloc news that are no bloc article (a listing read as news) are
counted too.
Target: recall >= 0.97 with <= 0.3x the baseline's requests.

    .venv/bin/python -m bench.discovery                       # every realistic portal
    .venv/bin/python -m bench.discovery --sites sonoivu-backan,baotayninh
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.common import REPO, Row, print_table

REGISTRY = REPO / "tests" / "farm" / "realistic_sites.toml"
SETTINGS = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS": 16,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 4, "LOG_LEVEL": "WARNING"}
RECALL_TARGET = 0.97
REQUESTS_TARGET = 0.3


def _env(proxy: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k.lower() not in ("http_proxy", "https_proxy", "no_proxy", "thidua_archive")}
    return {**env, "http_proxy": proxy, "PYTHONPATH": str(REPO)}


def _run(farm, command: list[str]) -> tuple[list[tuple[str, str, int]], float, str]:
    """Run one crawl process; the farm requests it made, its wall time, its stdout."""
    before = len(farm.requests)
    started = time.perf_counter()
    proc = subprocess.run(command, env=_env(farm.proxy_url), cwd=REPO, capture_output=True,
                          text=True, timeout=3600)
    if proc.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(command[2:4])} exited with {proc.returncode}:\n"
                         f"{proc.stderr[-2000:]}")
    return list(farm.requests[before:]), time.perf_counter() - started, proc.stdout


def bfs_main(names: list[str]) -> None:
    """The baseline spider (run in a child process): every in-scope link, breadth first."""
    from scrapy import Request, Spider
    from scrapy.crawler import CrawlerProcess
    from scrapy.http import TextResponse

    from crawler.sites import load_sites

    sites = [s for s in load_sites(REGISTRY) if not names or s.name in names]

    class BfsSpider(Spider):
        name = "bfs"

        async def start(self):
            for site in sites:
                for url in site.start_urls:
                    yield Request(url)

        def parse(self, response):
            if not isinstance(response, TextResponse):
                return
            for href in response.css("a::attr(href)").getall():
                url = response.urljoin(href.strip())
                if any(site.allows(url) for site in sites):
                    yield Request(url.split("#", 1)[0])

    settings = {**SETTINGS, "ROBOTSTXT_OBEY": True, "TELNETCONSOLE_ENABLED": False,
                "DEPTH_PRIORITY": 1,
                "SCHEDULER_DISK_QUEUE": "scrapy.squeues.PickleFifoDiskQueue",
                "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue"}
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BfsSpider)
    process.crawl(crawler)
    process.start()
    print(json.dumps({"pages": crawler.stats.get_value("response_received_count", 0)}))


def _archived_bloc(farm, archive: Path) -> tuple[set[str], list[str]]:
    """Bloc-article URLs (ground-truth form) archived as bloc news; other bloc records."""
    from indexer.archive import Archive

    found, other = set(), []
    with Archive(archive, readonly=True) as db:
        for record in db.iter_articles():
            if not record.get("is_bloc_news"):
                continue
            hits = set()
            for url in {record.get("url"), *(record.get("urls") or ())} - {None}:
                item = farm.realistic.resolve(url)
                if item is not None and item.is_bloc:
                    site = farm.realistic.site_of(item)
                    hits.add(site.url(site.shape.article(item)))
            found |= hits
            if not hits:
                other.append(record.get("url"))
    return found, other


def _fetched_bloc(farm, requests: list[tuple[str, str, int]]) -> set[str]:
    found = set()
    for _, url, status in requests:
        item = farm.realistic.resolve(url) if status == 200 else None
        if item is not None and item.is_bloc:
            site = farm.realistic.site_of(item)
            found.add(site.url(site.shape.article(item)))
    return found


def _moved(archive: Path, host: str) -> list[tuple]:
    with sqlite3.connect(archive) as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(fetches)")}
        reason = "reason" if "reason" in columns else "NULL"
        return conn.execute(f"SELECT url, status, outcome, kind, {reason} FROM fetches "
                            "WHERE url LIKE ?", (f"http://{host}/%",)).fetchall()


def _outcomes(archive: Path) -> str:
    """The crawl log's pages by outcome (article, not_bloc, listing, skipped, failed...)."""
    with sqlite3.connect(archive) as conn:
        rows = conn.execute("SELECT outcome, COUNT(*) FROM fetches GROUP BY outcome "
                            "ORDER BY COUNT(*) DESC").fetchall()
    return ", ".join(f"{outcome} {count}" for outcome, count in rows)


def _site_of_url(farm, sites, url: str) -> str:
    from crawler.sites import site_for_url

    site = site_for_url(sites, url)
    return site.name if site else "(other)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", help="comma-separated registry names (default: all)")
    parser.add_argument("--bfs", metavar="NAMES_JSON", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bfs is not None:
        bfs_main(json.loads(args.bfs))
        return
    from crawler.sites import load_sites
    from tests.farm.server import PortalFarm

    registry = load_sites(REGISTRY)
    names = args.sites.split(",") if args.sites else [s.name for s in registry]
    unknown = sorted(set(names) - {s.name for s in registry})
    if unknown:
        parser.error(f"unknown site {unknown[0]!r} (not in {REGISTRY.relative_to(REPO)})")
    with tempfile.TemporaryDirectory() as tmp, PortalFarm() as farm:
        truth = farm.realistic.bloc_articles(set(names))
        pages = farm.realistic.page_urls(set(names))
        archive = Path(tmp) / "archive.sqlite3"
        command = [sys.executable, "-m", "search_cli", "crawl", "--json", "--full",
                   "--archive", str(archive), "--sites", str(REGISTRY)]
        for name in names if args.sites else ():
            command += ["--site", name]
        for name, value in SETTINGS.items():
            command += ["--set", f"{name}={json.dumps(value)}"]
        ours, ours_s, _ = _run(farm, command)
        found, false_bloc = _archived_bloc(farm, archive)
        found &= {t.url for t in truth}
        moved = [p.host for p in farm.realistic.spec.portals if p.moved_to and p.name in names]
        moved_rows = {host: _moved(archive, host) for host in moved}
        print(f"our crawl log: {_outcomes(archive)}")
        bfs, bfs_s, _ = _run(farm, [sys.executable, "-m", "bench.discovery", "--bfs",
                                    json.dumps(names if args.sites else [])])
        bfs_found = _fetched_bloc(farm, bfs) & {t.url for t in truth}
    _report(farm, registry, names, truth, pages, (ours, ours_s, found), (bfs, bfs_s, bfs_found),
            moved_rows, false_bloc)


def _report(farm, registry, names, truth, pages, ours, bfs, moved_rows, false_bloc) -> None:
    (o_req, o_s, o_found), (b_req, b_s, b_found) = ours, bfs
    per_truth = Counter(t.site for t in truth)
    print(f"realistic farm: {len(names)} registry sites, {len(pages)} pages, "
          f"{len(truth)} bloc articles; ours {len(o_req)} requests in {o_s:.0f} s, "
          f"breadth-first {len(b_req)} requests in {b_s:.0f} s")
    o_by = Counter(_site_of_url(farm, registry, u) for _, u, _ in o_req)
    b_by = Counter(_site_of_url(farm, registry, u) for _, u, _ in b_req)
    of_by = Counter(t.site for t in truth if t.url in o_found)
    print(f"\n{'site':<22} {'bloc':>5} {'found':>6} {'requests':>9} {'bfs req':>8}")
    for name in names:
        print(f"{name:<22} {per_truth[name]:>5} {of_by[name]:>6} {o_by[name]:>9} {b_by[name]:>8}")
    if false_bloc:
        print(f"\narchived as bloc news but no bloc article ({len(false_bloc)}), e.g. "
              f"{', '.join(false_bloc[:3])}")
    for host, rows in moved_rows.items():
        print(f"\nmoved portal {host}: crawl log {rows or 'has no row for it'}")
    total = max(len(truth), 1)
    o_recall, b_recall = len(o_found) / total, len(b_found) / total
    print_table("Discovery (issue 9): ours from home pages vs breadth-first crawl of every page", [
        Row("recall of bloc articles", o_recall, b_recall, "", f">= {RECALL_TARGET}",
            o_recall >= RECALL_TARGET),
        Row("requests", len(o_req), len(b_req), "", f"<= {REQUESTS_TARGET}x, at that recall",
            len(o_req) <= REQUESTS_TARGET * len(b_req) and o_recall >= RECALL_TARGET),
        Row("requests per bloc article found", _per(len(o_req), len(o_found)),
            _per(len(b_req), len(b_found)), "", "(lower is better)", None),
        Row("bloc records of no bloc article", len(false_bloc), None, "", "(0 wanted)", None),
    ])


def _per(requests: int, found: int) -> float:
    return requests / found if found else float("nan")


if __name__ == "__main__":
    main()
