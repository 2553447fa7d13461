"""Run the portal farm in the foreground: ``python -m tests.farm --port 8899``.

Then crawl through it with ``http_proxy=http://127.0.0.1:8899`` or try
``curl --proxy http://127.0.0.1:8899 http://hanam.gov.vn/Pages/tin-thi-dua.aspx``.
"""

from __future__ import annotations

import argparse
import sys
import threading

from tests.farm.corpus import CorpusError
from tests.farm.server import PortalFarm


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.farm", description=__doc__)
    parser.add_argument("--port", type=int, default=8899, help="port on 127.0.0.1 (0: any)")
    parser.add_argument("--faults", action="store_true", help="turn on issue 5's fault mode")
    parser.add_argument("--scale", type=int, default=0, help="add N synthetic articles")
    parser.add_argument("--slow-delay", type=float, default=3.0,
                        help="seconds the slow pages wait (fault mode)")
    args = parser.parse_args(argv)
    if args.scale < 0:
        parser.error("--scale must be >= 0")
    try:
        farm = PortalFarm(faults=args.faults, scale=args.scale, slow_delay=args.slow_delay,
                          port=args.port).start()
    except (CorpusError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"portal farm on {farm.proxy_url} ({len(farm.corpus)} corpus articles, "
          f"scale={args.scale}, faults={'on' if args.faults else 'off'}); Ctrl-C stops it",
          flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        farm.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
