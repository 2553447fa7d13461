"""Build a realistic benchmark archive of N article records, deterministically from a seed.

The records are variations of the farm corpus' articles (the gold set), so
their text, lengths and metadata look like what the crawler archives: each
record takes a corpus article, moves it to one of the 63 pre-merger
provinces (``province_current`` from the registry's merger mapping), one of
that province's portals, a bloc, a day between 2010 and 2025 and a set of
event types, and reshuffles and mixes its paragraphs so no two texts are
equal. One in twenty records is general news (stored and indexed, found
only with --include-other), as in a real crawl. Everything goes through
``Archive.upsert_many`` (one transaction), so the FTS5 index is built the
way the crawler builds it.

    python -m bench.make_archive --n 100000 --seed 1 --out var/bench/archive-100000.sqlite3
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import random
import sys
import time
import tomllib
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from crawler.errors import ArchiveError, ThiduaError
from crawler.extract.blocs import bloc_key
from crawler.extract.record import EVENT_TYPES, content_hash
from crawler.provinces import load_provinces
from crawler.sites import load_sites
from crawler.urls import article_id
from crawler.vntext import key
from indexer.archive import Archive

VOCAB_PATH = Path(__file__).with_name("data") / "archive.toml"
FIRST_DAY = date(2010, 1, 1)
LAST_DAY = date(2025, 12, 31)
GENERAL_SHARE = 0.05          # share of stored records that are not bloc news
TIMED_SHARE = 0.6             # share of pages that give a time of day, not only a date
KEEP_EVENT_SHARE = 0.75       # share of records keeping their template's event types
_SPAN = (LAST_DAY - FIRST_DAY).days
CHUNK = 1000                  # records per generation chunk (one RNG stream each)
PARALLEL_FROM = 20_000        # archives this large are generated in a worker process


@dataclass(frozen=True)
class Template:
    """A corpus article reduced to what the generator varies."""

    title: str
    paragraphs: tuple[str, ...]
    province: str | None
    bloc: str | None
    year: str
    expected: dict[str, Any]


@dataclass(frozen=True)
class Place:
    """A pre-merger province with its post-merger name and the portals it is crawled on."""

    province: str
    current: str
    sites: tuple[tuple[str, str], ...]   # (site name, host)


def _template(article: Any) -> Template:
    expected = article.expected
    return Template(title=article.title, paragraphs=tuple(article.paragraphs),
                    province=expected.get("province"), bloc=expected.get("bloc"),
                    year=str(article.day.year), expected=expected)


def _places() -> list[Place]:
    """The 63 old provinces, each with its registry portals (or its main portal)."""
    provinces = load_provinces()
    by_province: dict[str, list[tuple[str, str]]] = {}
    for site in load_sites():
        if site.province is None:  # a national site: no province of its own
            continue
        by_province.setdefault(provinces.resolve(site.province).name, []).append(
            (site.name, site.hosts[0]))
    return [Place(p.name, provinces.current_name(p.name),
                  tuple(by_province.get(p.name) or [(key(p.name), p.domain)]))
            for p in provinces.old()]


class Material:
    """Everything the records are made of, loaded once from the corpus and data files."""

    def __init__(self) -> None:
        from tests.farm.corpus import load_corpus

        corpus = load_corpus()
        self.bloc_templates = [_template(a) for a in corpus if a.is_bloc_news]
        self.general_templates = [_template(a) for a in corpus if not a.is_bloc_news]
        if not self.bloc_templates:
            raise ThiduaError("the farm corpus has no bloc articles to build an archive from")
        with open(VOCAB_PATH, "rb") as fh:
            vocab = tomllib.load(fh)
        corpus_blocs = [t.bloc for t in self.bloc_templates if t.bloc]
        self.blocs = sorted(set(vocab["blocs"]) | set(corpus_blocs))
        self.bloc_keys = {bloc: bloc_key(bloc) for bloc in self.blocs}
        members = [m for t in self.bloc_templates for m in t.expected.get("members", [])]
        self.units = sorted(set(vocab["units"]) | set(members))
        awards = [a["award"] for t in self.bloc_templates for a in t.expected.get("awards", [])]
        self.awards = sorted(set(vocab["awards"]) | set(awards))
        self.places = _places()

    @cached_property
    def paragraphs(self) -> list[str]:
        """Every bloc paragraph but the leads, to mix into other articles."""
        return [p for t in self.bloc_templates for p in t.paragraphs[1:]]


def _unit(name: str, year: int | None = None, with_year: bool = False) -> dict[str, Any]:
    unit: dict[str, Any] = {"name": name, "as_written": name}
    if with_year:
        unit["year"] = year
    return unit


def _when(rng: random.Random) -> tuple[date, str, str]:
    """(day, published, published_source): a time of day only where the page gave one."""
    day = FIRST_DAY + timedelta(days=rng.randrange(_SPAN + 1))
    if rng.random() < TIMED_SHARE:
        stamp = datetime(day.year, day.month, day.day, rng.randrange(6, 20), rng.randrange(60))
        return day, stamp.strftime("%Y-%m-%dT%H:%M:00+07:00"), "meta"
    return day, day.isoformat(), "dateline"


def _events(rng: random.Random, template: Template) -> list[str]:
    kept = template.expected.get("event_types") or []
    if kept and rng.random() < KEEP_EVENT_SHARE:
        return list(kept)
    primary = rng.choice(EVENT_TYPES)
    extra = rng.choice(EVENT_TYPES[:-1]) if primary != "other" and rng.random() < 0.4 else None
    return [primary] + ([extra] if extra and extra != primary else [])


def _period(event: str | None, day: date) -> str | None:
    """The period a meeting reviews: mid-year reviews the first half, year-end the year."""
    if event == "mid_year_review":
        return f"{day.year}-H1"
    if event == "year_end_review":
        return str(day.year if day.month >= 10 else day.year - 1)
    return None if event in (None, "other") else str(day.year)


def _text(rng: random.Random, material: Material, template: Template,
          swaps: list[tuple[str, str]]) -> tuple[str, str]:
    """(title, text): the template's lead first, the rest shuffled, a few paragraphs mixed in."""
    rest = list(template.paragraphs[1:])
    rng.shuffle(rest)
    if len(rest) > 2 and rng.random() < 0.3:
        rest.pop()
    for paragraph in rng.sample(material.paragraphs, k=rng.randint(0, 2)):
        rest.insert(rng.randint(0, len(rest)), paragraph)
    text = "\n".join([*template.paragraphs[:1], *rest])
    return _swap(template.title, swaps), _swap(text, swaps)


def _swap(value: Any, swaps: list[tuple[str, str]]) -> Any:
    """``value`` with each (old, new) name replaced; non-strings pass through."""
    if isinstance(value, str):
        for old, new in swaps:
            if old and old != new:
                value = value.replace(old, new)
    return value


def _bloc_fields(rng: random.Random, material: Material, day: date,
                 template: Template) -> dict[str, Any]:
    """Bloc, event, period, units and awards of one bloc-news record."""
    events = _events(rng, template)
    members = rng.sample(material.units, k=rng.randint(4, 12))
    leader, deputy = members[0], members[1]
    awards = [{"award": rng.choice(material.awards), "recipient": _unit(unit), "rank": rank}
              for rank, unit in enumerate(rng.sample(members, k=rng.randint(0, 3)), start=1)]
    handover = None
    if "leader_election" in events:
        handover = {"from": _unit(leader), "to": _unit(members[2]), "year": day.year + 1}
    return {
        "event_type": events[0], "event_types": events, "period": _period(events[0], day),
        "leader_unit": _unit(leader, day.year, True), "deputy_unit": _unit(deputy, day.year, True),
        "members": [_unit(m) for m in members], "awards": awards, "handover": handover,
        "is_bloc_news": True, "bloc_score": round(rng.uniform(0.6, 1.0), 3),
        "bloc_signals": ["text:khối thi đua"],
    }


@lru_cache(maxsize=65536)
def _slug(title: str) -> str:
    return key(title)[:80]


def make_record(rng: random.Random, material: Material, number: int) -> dict[str, Any]:
    """One archive record (every ``Article`` field), drawn from ``rng``."""
    general = bool(material.general_templates) and rng.random() < GENERAL_SHARE
    template = rng.choice(material.general_templates if general else material.bloc_templates)
    place = rng.choice(material.places)
    site, host = rng.choice(place.sites)
    day, published, source = _when(rng)
    bloc = None if general else rng.choice(material.blocs)
    swaps = [(template.province or "", place.province), (template.bloc or "", bloc or ""),
             (template.year, str(day.year))]
    title, text = _text(rng, material, template, swaps)
    url = f"https://{host}/tin-tuc/{_slug(title)}-{number}.html"
    fetched = datetime(day.year, day.month, day.day, 12) + timedelta(days=rng.randrange(1, 400))
    record: dict[str, Any] = {
        "id": article_id(url), "url": url, "urls": [url], "site": site,
        "province": place.province, "province_current": place.current, "title": title,
        "published": published, "published_source": source,
        "event_date": (day - timedelta(days=rng.randrange(7))).isoformat(),
        "event_date_source": "text",
        "text": text, "bloc": bloc, "bloc_key": material.bloc_keys.get(bloc),
        "event_type": None, "event_types": [], "period": None, "leader_unit": None,
        "deputy_unit": None, "handover": None, "members": [], "awards": [],
        "people": [{k: _swap(v, swaps[:1]) for k, v in person.items()}
                   for person in template.expected.get("people", [])],
        "documents": [{"as_written": f"{d.get('type', '')} số {d['number']}", **d}
                      for d in template.expected.get("documents", [])],
        "is_bloc_news": False, "bloc_score": round(rng.uniform(0.0, 0.3), 3),
        "bloc_signals": [],
        "fetched_at": fetched.strftime("%Y-%m-%dT%H:%M:%S+07:00"),
        "content_hash": content_hash(text), "warc": None,
    }
    if not general:
        record.update(_bloc_fields(rng, material, day, template))
    return record


def _chunk(seed: int, index: int, material: Material) -> list[dict[str, Any]]:
    """Records ``index * CHUNK + 1 ...``: a pure function of (seed, index), wherever it runs."""
    rng = random.Random(seed * 1_000_003 + index)
    return [make_record(rng, material, index * CHUNK + i + 1) for i in range(CHUNK)]


_WORKER_MATERIAL: list[Material] = []


def _worker_chunk(seed: int, index: int) -> list[dict[str, Any]]:
    if not _WORKER_MATERIAL:
        _WORKER_MATERIAL.append(Material())
    return _chunk(seed, index, _WORKER_MATERIAL[0])


def _chunks(seed: int, material: Material, workers: int) -> Iterator[list[dict[str, Any]]]:
    """Chunks 0, 1, 2, ... made here, or by ``workers`` processes a few chunks ahead.

    A worker generates while this process writes the archive; "spawn" so no
    open SQLite connection is ever carried across a fork.
    """
    if not workers:
        yield from (_chunk(seed, index, material) for index in itertools.count())
        return
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        ahead = 2 * workers
        pending = deque(pool.apply_async(_worker_chunk, (seed, i)) for i in range(ahead))
        for index in itertools.count(ahead):
            chunk = pending.popleft().get()
            pending.append(pool.apply_async(_worker_chunk, (seed, index)))
            yield chunk


def generate_records(n: int, seed: int, material: Material | None = None,
                     workers: int = 0) -> Iterator[dict[str, Any]]:
    """N records with distinct texts; the same (n, seed) always gives the same records.

    ``workers`` processes generate ahead of the consumer; the records are the
    same with any number of them.
    """
    material = material or Material()
    seen: set[str] = set()
    for chunk in _chunks(seed, material, workers):
        for record in chunk:
            if record["content_hash"] not in seen:
                seen.add(record["content_hash"])
                yield record
                if len(seen) == n:
                    return


def build_archive(path: str | Path, n: int, seed: int = 1) -> Path:
    """Write a fresh archive of ``n`` generated records at ``path`` (replacing any file there).

    From ``PARALLEL_FROM`` records on, a spawned worker process generates
    while this one writes, so a script calling this needs the usual
    ``if __name__ == "__main__":`` guard.

    Raises:
        ArchiveError: the archive cannot be written or did not get exactly ``n`` records.
    """
    path = Path(path)
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    records = generate_records(n, seed, workers=1 if n >= PARALLEL_FROM else 0)
    with Archive(path) as archive:
        archive.upsert_many(records)
        stored = archive.count()
    if stored != n:
        raise ArchiveError(f"{path}: expected {n} records, the archive holds {stored}")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.make_archive", description=__doc__
                                     .splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="records (default 100000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="archive file to (re)create")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")
    started = time.perf_counter()
    try:
        path = build_archive(args.out, args.n, args.seed)
    except ThiduaError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    size = path.stat().st_size
    print(f"records  {args.n}\nseconds  {seconds:.1f}\nrate     {args.n / seconds:,.0f}/s\n"
          f"size     {size / 1e6:.1f} MB  ({path})")
    target = 60.0 * args.n / 100_000
    print(f"target   <= {target:.0f} s for {args.n} records: "
          f"{'PASS' if seconds <= target else 'MISS'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
