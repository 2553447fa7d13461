"""The one line `thidua crawl` ends with: what happened, and why when nothing worked."""

from __future__ import annotations

from crawler.run import CrawlReport

# When every fetch of a crawl failed the same way, the likely cause.
CAUSES = {
    "dns": "no network or no DNS?",
    "connection": "no network, or a firewall or proxy refusing the connections?",
    "timeout": "no network, or one too slow to answer?",
    "tls": "the system's CA certificates or its clock wrong?",
}


def likely_cause(report: CrawlReport) -> str | None:
    """The cause to name when every URL fetched failed, most of them of one network kind."""
    failed = sum(report.failures.values())
    if not failed or failed < report.urls:
        return None
    kind, count = max(report.failures.items(), key=lambda item: item[1])
    if kind not in CAUSES:
        return None
    share = "every" if count == failed else "nearly every" if count * 10 >= failed * 9 else ""
    if not share:
        return None
    return f"{share} fetch failed on {kind}: {CAUSES[kind]}"


def summary_line(report: CrawlReport) -> str:
    """``crawl <status>: ...``; URL counts agree with `thidua status`, requests add retries."""
    failures = ", ".join(f"{k} {v}" for k, v in sorted(report.failures.items())) or "none"
    line = (f"crawl {report.status}: {report.urls} URLs fetched in {report.requests} requests "
            f"(with retries and redirects), {report.pages} pages, "
            f"{report.articles_new} new and {report.articles_updated} updated articles, "
            f"{report.not_bloc} not bloc news ({report.other_new} new and "
            f"{report.other_updated} updated kept); failures: {failures}")
    cause = likely_cause(report)
    return f"{line}; {cause}" if cause else line
