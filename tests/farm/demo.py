"""Offline demo of the whole pipeline: farm → crawl → archive → search.

`make demo` runs this: it starts the bundled portal farm, crawls it through
the farm's proxy into var/demo/archive.sqlite3, and runs the searches README
shows, so a newcomer without network sees the product work in a minute.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.farm.server import PortalFarm

ROOT = Path(__file__).resolve().parents[2]
FARM_SITES = Path(__file__).with_name("sites.toml")
DEMO_DIR = ROOT / "var" / "demo"


def _thidua(args: list[str], env: dict[str, str]) -> int:
    print(f"\n$ thidua {' '.join(args)}", flush=True)
    return subprocess.call([sys.executable, "-m", "search_cli", *args], env=env, cwd=ROOT)


def main() -> int:
    shutil.rmtree(DEMO_DIR, ignore_errors=True)
    DEMO_DIR.mkdir(parents=True)
    archive = DEMO_DIR / "archive.sqlite3"
    env = {**os.environ, "THIDUA_ARCHIVE": str(archive)}
    with PortalFarm() as farm:
        crawl_env = {**env, "http_proxy": farm.proxy_url, "HTTP_PROXY": farm.proxy_url}
        code = _thidua(["crawl", "--sites", str(FARM_SITES)], crawl_env)
    if code not in (0, 3):
        return code
    _thidua(["status"], env)
    _thidua(["search", "giao ước thi đua", "--province", "Hà Giang"], env)
    _thidua(["search", "van hoa xa hoi", "--limit", "3"], env)
    _thidua(["search", "thi dua", "--province", "Tuyên Quang", "--format", "jsonl",
             "--limit", "1"], env)
    print(f"\nThe demo archive stays at {archive}; try:\n"
          f"  THIDUA_ARCHIVE={archive} .venv/bin/thidua search \"tổng kết\" --facets\n"
          f"  .venv/bin/thidua serve --archive {archive.relative_to(ROOT)}   "
          f"# then open http://127.0.0.1:8080/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
