"""Offline demo of the whole pipeline: farm → crawl → archive → search.

`make demo` runs this: it starts the bundled portal farm, crawls it through
the farm's proxy into var/demo/archive.sqlite3, and runs the searches README
shows, so a newcomer without network sees the product work in under a minute.
Each command is printed shell-quoted, as it can be pasted into a shell
(the searches work after the demo; the crawl needs the farm it started).
The farm is ours and local, so the crawl runs without the polite delays.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from tests.farm.server import PortalFarm

ROOT = Path(__file__).resolve().parents[2]
FARM_SITES = Path(__file__).with_name("sites.toml")
DEMO_DIR = ROOT / "var" / "demo"
THIDUA = ".venv/bin/thidua"
FAST = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=false"]
SEARCHES = [
    ["status"],
    ["search", "giao ước thi đua", "--province", "Hà Giang"],
    ["search", "van hoa xa hoi", "--limit", "3"],
    ["search", "thi dua", "--province", "Tuyên Quang", "--format", "jsonl", "--limit", "1"],
]


def _shown_path(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def command_line(args: list[str], archive: Path, env: dict[str, str] | None = None) -> str:
    """``args`` as a user types them: shell-quoted, the demo archive named, env first."""
    assignments = [f"{name}={shlex.quote(value)}" for name, value in (env or {}).items()]
    words = shlex.join([THIDUA, *args, "--archive", _shown_path(archive)])
    return " ".join([*assignments, words])


def _thidua(args: list[str], archive: Path, env: dict[str, str] | None = None) -> int:
    print(f"\n$ {command_line(args, archive, env)}", flush=True)
    return subprocess.call([sys.executable, "-m", "search_cli", *args, "--archive", str(archive)],
                           env={**os.environ, **(env or {})}, cwd=ROOT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEMO_DIR, help="where the demo archive goes")
    demo_dir = parser.parse_args(argv).dir.resolve()
    shutil.rmtree(demo_dir, ignore_errors=True)
    demo_dir.mkdir(parents=True)
    archive = demo_dir / "archive.sqlite3"
    with PortalFarm() as farm:
        code = _thidua(["crawl", "--sites", _shown_path(FARM_SITES), *FAST], archive,
                       {"http_proxy": farm.proxy_url})
    if code not in (0, 3):
        return code
    for args in SEARCHES:
        _thidua(args, archive)
    print(f"\nThe demo archive stays at {_shown_path(archive)}; try:\n"
          f"  {command_line(['search', 'tổng kết', '--facets'], archive)}\n"
          f"  {command_line(['serve'], archive)}   # then open http://127.0.0.1:8080/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
