"""Bench 5 (issue 6): crawl speed and memory, full pipeline vs a bare download-only spider.

All crawl the same scaled portal farm (politeness off, same concurrency), each
in its own process: first the full pipeline (`thidua crawl --full`: robots,
link discovery, extraction, WARC, archive), then bare Scrapy spiders that
download exactly the URLs the full crawl fetched (same list, same order,
duplicates included) and do nothing else. Two bare runs:

- "same engine": the crawler's own engine settings (CONCURRENT_ITEMS from
  crawler/settings.py), so the ratio shows only what the pipeline adds;
  this one decides the target.
- "Scrapy defaults": as the earlier figures were measured, for comparison.

Peak memory is each process's max RSS, CPU its user + system time (wait4);
CPU per page is the steadier figure on a shared machine. The farm runs in
this process: its CPU during the bare run shows whether the baseline is
farm-bound (near 100% of one core) rather than crawler-bound.
Targets: full >= 0.5x the bare rate, full peak RSS <= 300 MB.

    .venv/bin/python -m bench.crawl_speed            # ~10,000 pages
    .venv/bin/python -m bench.crawl_speed --scale 2000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.common import REPO, Row, print_table

SETTINGS = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS": 16,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 4, "LOG_LEVEL": "WARNING"}
# Engine settings of crawler/settings.py that a bare spider can share: they
# change what Scrapy itself costs per response, not what the pipeline does.
ENGINE_SETTINGS = ("CONCURRENT_ITEMS", "WARN_ON_GENERATOR_RETURN_VALUE")


@dataclass
class Run:
    """One child process: wall and CPU seconds, peak RSS, its last stdout line as JSON."""

    seconds: float
    cpu: float
    peak_mb: float
    farm_cpu: float
    report: dict


def _run(command: list[str], proxy: str) -> Run:
    env = {**os.environ, "http_proxy": proxy, "PYTHONPATH": str(REPO)}
    env.pop("THIDUA_ARCHIVE", None)
    started, farm_started = time.perf_counter(), time.process_time()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(command, env=env, cwd=REPO, stdout=out,
                                stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        farm_cpu = time.process_time() - farm_started
        out.seek(0)
        text = out.read().decode()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):
        raise SystemExit(f"{' '.join(command[2:4])} exited with {code}")
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, farm_cpu,
               json.loads(text.strip().splitlines()[-1]))


def engine_settings() -> dict:
    """The crawler's values of ENGINE_SETTINGS (Scrapy's defaults where it sets none)."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    return {name: settings[name] for name in ENGINE_SETTINGS}


def bare_main(url_file: str, same_engine: bool) -> None:
    """The baseline: download every URL, parse nothing, store nothing."""
    from scrapy import Request, Spider
    from scrapy.crawler import CrawlerProcess

    urls = Path(url_file).read_text().split()

    class BareSpider(Spider):
        name = "bare"

        async def start(self):
            for url in urls:
                yield Request(url, dont_filter=True)

        def parse(self, response):
            return None

    # No retries or redirects: the full crawl's own retries and redirect
    # targets are already in the URL list, once each as they were fetched.
    settings = {**SETTINGS, "ROBOTSTXT_OBEY": False, "RETRY_ENABLED": False,
                "REDIRECT_ENABLED": False, "HTTPERROR_ALLOW_ALL": True,
                "TELNETCONSOLE_ENABLED": False,
                **(engine_settings() if same_engine else {})}
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler)
    process.start()
    print(json.dumps({"pages": crawler.stats.get_value("response_received_count", 0)}))


def _bare(farm, url_file: Path, urls: list[str], same_engine: bool) -> Run:
    """A bare run, checked to have requested exactly the full crawl's URLs."""
    before = len(farm.requests)
    command = [sys.executable, "-m", "bench.crawl_speed", "--bare", str(url_file)]
    run = _run(command + (["--same-engine"] if same_engine else []), farm.proxy_url)
    fetched = Counter(url for _, url, _ in farm.requests[before:])
    if fetched != Counter(urls):
        extra, missing = fetched - Counter(urls), Counter(urls) - fetched
        raise SystemExit(f"the bare spider fetched other URLs than the full crawl: "
                         f"extra {list(extra)[:3]}, missing {list(missing)[:3]}")
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=9300,
                        help="synthetic articles in the farm (9300 = about 10,000 pages)")
    parser.add_argument("--bare", metavar="URL_FILE", help=argparse.SUPPRESS)
    parser.add_argument("--same-engine", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:
        bare_main(args.bare, args.same_engine)
        return
    from tests.farm.server import PortalFarm

    with tempfile.TemporaryDirectory() as tmp, PortalFarm(scale=args.scale) as farm:
        command = [sys.executable, "-m", "search_cli", "crawl", "--json", "--full", "--archive",
                   str(Path(tmp) / "archive.sqlite3"),
                   "--sites", str(REPO / "tests" / "farm" / "sites.toml")]
        for name, value in SETTINGS.items():
            command += ["--set", f"{name}={json.dumps(value)}"]
        full = _run(command, farm.proxy_url)
        urls = [url for _, url, _ in farm.requests]
        url_file = Path(tmp) / "urls.txt"
        url_file.write_text("\n".join(urls))
        engine = _bare(farm, url_file, urls, same_engine=True)
        default = _bare(farm, url_file, urls, same_engine=False)
    _print(args.scale, full, engine, default)


def _print(scale: int, full: Run, engine: Run, default: Run) -> None:
    pages = full.report["pages"]
    bare_pages = engine.report["pages"]
    rate = pages / full.seconds
    print(f"farm scale {scale}: full crawl {pages} pages ({full.report['articles_new']} "
          f"articles archived) in {full.seconds:.1f} s; bare: {bare_pages} pages in "
          f"{engine.seconds:.1f} s (same engine {engine_settings()}), "
          f"{default.seconds:.1f} s (Scrapy defaults)")
    print(f"farm CPU during the bare run: {engine.farm_cpu:.1f} s in {engine.seconds:.1f} s "
          f"({100 * engine.farm_cpu / engine.seconds:.0f}% of one core; near 100% would mean "
          f"the baseline is farm-bound)")
    print_table("Crawl (issue 6, bench 5)", [
        Row("pages/s vs bare, same engine", rate, bare_pages / engine.seconds, "/s",
            ">= 0.5x", rate >= 0.5 * bare_pages / engine.seconds),
        Row("pages/s vs bare, Scrapy defaults", rate, default.report["pages"] / default.seconds,
            "/s", ">= 0.5x (for reference)", None),
        Row("CPU ms/page vs bare, same engine", 1000 * full.cpu / pages,
            1000 * engine.cpu / bare_pages, "ms", "(steadier figure)", None),
        Row("peak RSS", full.peak_mb, engine.peak_mb, "MB", "<= 300 MB", full.peak_mb <= 300),
    ])


if __name__ == "__main__":
    main()
