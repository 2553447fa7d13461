"""The benchmark archive generator: valid, realistic and reproducible archives.

The benchmarks themselves are timed scripts, not tests; what is tested here is
that the archive they measure is sound and the same for the same seed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.make_archive import build_archive, generate_records
from crawler.extract.record import EVENT_TYPES, FIELDS
from crawler.provinces import load_provinces
from crawler.urls import article_id
from indexer.archive import Archive
from indexer.backends import open_backend
from indexer.query import SearchQuery

N = 80
REPO = Path(__file__).resolve().parents[1]


def _records(path):
    with Archive(path, readonly=True) as archive:
        return list(archive.iter_articles())


def test_generated_archive_holds_n_sound_records(tmp_path):
    path = build_archive(tmp_path / "a.sqlite3", N, seed=3)
    with Archive(path) as archive:
        assert archive.count() == N
        assert archive.check() == []
    records = _records(path)
    assert {tuple(sorted(r)) for r in records} == {tuple(sorted({*FIELDS}))}
    assert all(r["id"] == article_id(r["url"]) for r in records)
    assert len({r["content_hash"] for r in records}) == N


def test_provinces_and_their_post_merger_names_are_consistent(tmp_path):
    provinces = load_provinces()
    old = {p.name for p in provinces.old()}
    records = _records(build_archive(tmp_path / "a.sqlite3", N, seed=3))
    assert {r["province"] for r in records} <= old
    assert len({r["province"] for r in records}) > 20
    assert all(r["province_current"] == provinces.current_name(r["province"]) for r in records)


def test_bloc_records_carry_bloc_metadata_and_are_searchable(tmp_path):
    path = build_archive(tmp_path / "a.sqlite3", N, seed=3)
    bloc = [r for r in _records(path) if r["is_bloc_news"]]
    assert len(bloc) > N // 2
    assert all(r["bloc"] and r["event_type"] in EVENT_TYPES for r in bloc)
    assert all("2010" <= r["published"][:4] <= "2025" for r in bloc)
    with Archive(path, readonly=True) as archive:
        result = open_backend("sqlite", archive).search(SearchQuery(text="thi dua", limit=None))
    assert result.total == len(bloc)


def test_same_seed_gives_the_same_archive(tmp_path):
    first = _records(build_archive(tmp_path / "a.sqlite3", N, seed=5))
    second = _records(build_archive(tmp_path / "b.sqlite3", N, seed=5))
    assert first == second


def test_another_seed_gives_other_records():
    first = [r["content_hash"] for r in generate_records(20, seed=5)]
    other = [r["content_hash"] for r in generate_records(20, seed=6)]
    assert first != other
    assert len(set(first) & set(other)) < 5


def test_building_over_an_existing_file_replaces_it(tmp_path):
    path = tmp_path / "a.sqlite3"
    build_archive(path, N, seed=3)
    build_archive(path, 10, seed=3)
    assert len(_records(path)) == 10


def test_records_are_the_same_when_a_worker_process_generates_them():
    here = [r["content_hash"] for r in generate_records(30, seed=4)]
    worker = [r["content_hash"] for r in generate_records(30, seed=4, workers=1)]
    assert worker == here


@pytest.mark.slow
def test_the_discovery_bench_runs_on_a_small_subset():
    """bench/discovery.py end to end on one portal: both crawls run and the table prints."""
    proc = subprocess.run([sys.executable, "-m", "bench.discovery", "--sites", "sonoivu-backan"],
                          cwd=REPO, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = {line.split("  ")[0].strip(): line.split() for line in proc.stdout.splitlines()
            if line.startswith(("recall of bloc", "requests "))}
    assert set(rows) == {"recall of bloc articles", "requests", "requests per bloc article found"}
    recall_row = rows["recall of bloc articles"]
    assert float(recall_row[5]) == 1.0          # the breadth-first baseline finds every one
    assert "sonoivu-backan             8" in proc.stdout
