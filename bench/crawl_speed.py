"""Bench 5 (issue 6): crawl speed and memory, full pipeline vs a bare download-only spider.

Both crawl the same scaled portal farm (politeness off, same concurrency), each
in its own process: first the full pipeline (`thidua crawl --full`:
robots, link discovery, extraction, WARC, archive), then a bare Scrapy spider
that downloads exactly the URLs the full crawl fetched and does nothing else.
Peak memory is each process's max RSS (wait4). Targets: full >= 0.5x the
bare rate, full peak RSS <= 300 MB.

    .venv/bin/python -m bench.crawl_speed            # ~10,000 pages
    .venv/bin/python -m bench.crawl_speed --scale 1000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SETTINGS = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS": 16,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 4, "LOG_LEVEL": "WARNING"}


def _run(command: list[str], proxy: str) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, stdout) of one child process."""
    env = {**os.environ, "http_proxy": proxy, "PYTHONPATH": str(REPO)}
    env.pop("THIDUA_ARCHIVE", None)
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(command, env=env, cwd=REPO, stdout=out,
                                stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - started
        out.seek(0)
        text = out.read().decode()
    if proc.returncode not in (0, 3):
        raise SystemExit(f"{command[2]} exited with {proc.returncode}")
    return elapsed, usage.ru_maxrss / 1024, text


def bare_main(url_file: str) -> None:
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

    settings = {**SETTINGS, "ROBOTSTXT_OBEY": False, "RETRY_ENABLED": False,
                "HTTPERROR_ALLOW_ALL": True, "TELNETCONSOLE_ENABLED": False}
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler)
    process.start()
    print(json.dumps({"pages": crawler.stats.get_value("response_received_count", 0)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=9300,
                        help="synthetic articles in the farm (9300 = about 10,000 pages)")
    parser.add_argument("--bare", metavar="URL_FILE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:
        bare_main(args.bare)
        return
    from tests.farm.server import PortalFarm

    with tempfile.TemporaryDirectory() as tmp, PortalFarm(scale=args.scale) as farm:
        archive = Path(tmp) / "archive.sqlite3"
        command = [sys.executable, "-m", "search_cli", "crawl", "--json", "--full", "--archive",
                   str(archive), "--sites", str(REPO / "tests" / "farm" / "sites.toml")]
        for name, value in SETTINGS.items():
            command += ["--set", f"{name}={json.dumps(value)}"]
        full_s, full_mb, out = _run(command, farm.proxy_url)
        report = json.loads(out.strip().splitlines()[-1])
        urls = [url for _, url, _ in farm.requests]
        url_file = Path(tmp) / "urls.txt"
        url_file.write_text("\n".join(urls))
        bare_s, bare_mb, out = _run([sys.executable, "-m", "bench.crawl_speed", "--bare",
                                     str(url_file)], farm.proxy_url)
        bare_pages = json.loads(out.strip().splitlines()[-1])["pages"]

    full_rate, bare_rate = report["pages"] / full_s, bare_pages / bare_s
    print(f"farm scale {args.scale}: full crawl {report['pages']} pages "
          f"({report['articles_new']} articles archived) in {full_s:.1f} s")
    print(f"  full pipeline : {full_rate:8.1f} pages/s   peak RSS {full_mb:6.1f} MB")
    print(f"  bare download : {bare_rate:8.1f} pages/s   peak RSS {bare_mb:6.1f} MB "
          f"({bare_pages} pages in {bare_s:.1f} s)")
    ratio = full_rate / bare_rate
    print(f"  ratio full/bare {ratio:.2f} (target >= 0.5): {'met' if ratio >= 0.5 else 'MISSED'}; "
          f"memory {'met' if full_mb <= 300 else 'MISSED'} (target <= 300 MB)")


if __name__ == "__main__":
    main()
