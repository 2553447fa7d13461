"""scrapyd: deploy the project with scrapyd-deploy, schedule `portal`, get the articles.

A real scrapyd runs on 127.0.0.1 (free port, temp dirs). The project is
deployed from a copy of its deployable files, so the egg build (which writes
``setup.py`` and ``build/``) never touches the working tree. The job's
environment carries the farm proxy; its settings point at the farm registry
and a temporary archive.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from indexer.archive import Archive
from tests.fixtures.crawl import FARM_SITES, FAST_SETTINGS, REPO, crawl_env

pytestmark = pytest.mark.slow
DEPLOYED = ("scrapy.cfg", "pyproject.toml", "README.md", "crawler", "indexer")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _api(port: int, endpoint: str, data: dict[str, object] | None = None) -> dict:
    url = f"http://127.0.0.1:{port}/{endpoint}"
    body = None
    if data is not None:
        pairs = [(k, v) for k, vs in data.items() for v in (vs if isinstance(vs, list) else [vs])]
        body = urllib.parse.urlencode(pairs).encode()
    with urllib.request.urlopen(url, data=body, timeout=10) as response:
        return json.loads(response.read())


def _wait(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def _project_copy(target: Path, port: int) -> Path:
    target.mkdir()
    for name in DEPLOYED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, target / name)
    cfg = target / "scrapy.cfg"
    cfg.write_text(re.sub(r"(?m)^url\s*=.*$", f"url = http://127.0.0.1:{port}/",
                          cfg.read_text()))
    return target


def _scrapyd_up(port: int) -> bool:
    try:
        return _api(port, "daemonstatus.json").get("status") == "ok"
    except OSError:
        return False


def test_a_job_scheduled_through_scrapyd_archives_the_farm(farm, tmp_path, corpus):
    port = _free_port()
    server_dir = tmp_path / "scrapyd"
    server_dir.mkdir()
    (server_dir / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\npoll_interval = 0.2\n"
        f"max_proc = 1\neggs_dir = {server_dir / 'eggs'}\nlogs_dir = {server_dir / 'logs'}\n"
        f"dbs_dir = {server_dir / 'dbs'}\nitems_dir =\n")
    env = crawl_env(farm.proxy_url)
    env.pop("PYTHONPATH")  # the job must run from the deployed egg
    server = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=server_dir, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(lambda: _scrapyd_up(port), 30, "scrapyd to start")
        project = _project_copy(tmp_path / "project", port)
        deploy = subprocess.run([str(Path(sys.executable).with_name("scrapyd-deploy")), "local"],
                                cwd=project, capture_output=True, text=True, timeout=120)
        assert deploy.returncode == 0, deploy.stdout + deploy.stderr
        spiders = _api(port, "listspiders.json?project=thidua")
        assert "portal" in spiders.get("spiders", []), spiders

        archive = tmp_path / "archive.sqlite3"
        settings = {"THIDUA_ARCHIVE": str(archive), "THIDUA_SITES": str(FARM_SITES),
                    **FAST_SETTINGS}
        job = _api(port, "schedule.json", {
            "project": "thidua", "spider": "portal",
            "setting": [f"{k}={v}" for k, v in settings.items()]})
        assert job["status"] == "ok", job

        def finished():
            jobs = _api(port, "listjobs.json?project=thidua")
            return [j for j in jobs.get("finished", []) if j["id"] == job["jobid"]]

        _wait(finished, 60, "the scrapyd job to finish")
        logs = list((server_dir / "logs").rglob("*.log"))
        log = logs[0].read_text() if logs else ""
        with Archive(archive) as db:
            assert db.count(bloc_news=True) == sum(a.is_bloc_news for a in corpus), log[-3000:]
            (run,) = db.status()["runs"]
        assert run["status"] == "ok"
    finally:
        server.terminate()
        server.wait(timeout=30)
