"""Per-field precision, recall and F1 of extraction over the gold corpus.

Run from the repository root:

    .venv/bin/python bench/extraction_eval.py [--misses] [--gold DIR]

Every corpus article (tests/farm/corpus/**.toml) is rendered as the farm
serves it, extracted, and compared with its [expected] record. Bloc fields
are scored on bloc articles only (non-bloc gold records do not annotate them).
``--gold DIR`` scores another directory in the corpus format instead, e.g. the
held-out set tests/gold/holdout that the rules were never tuned on.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.extract.article import extract_article  # noqa: E402
from crawler.extract.evaluate import FIELD_ORDER, evaluate  # noqa: E402
from crawler.sites import load_sites, site_for_url  # noqa: E402
from tests.farm.corpus import CorpusError, load_corpus  # noqa: E402
from tests.farm.render import render_article  # noqa: E402

FETCHED_AT = "2026-01-15T10:00:00+07:00"
TARGETS = {"is_bloc_news": 0.95, "province": 0.95, "bloc": 0.95, "event_type": 0.95,
           "period": 0.9, "leader_unit": 0.9, "deputy_unit": 0.9, "awards": 0.9}


def gold_pairs(show_misses: bool = False, directory: Path | None = None):
    """(predicted dict, gold table) for each corpus article; prints misses on request."""
    sites = load_sites(Path("tests/farm/sites.toml"))
    for article in load_corpus(directory):
        url, html = render_article(article)
        record = extract_article(html, url, FETCHED_AT, site_for_url(sites, url)).to_dict()
        if show_misses:
            record["_slug"] = f"{article.site}/{article.slug}"
        yield record, article.expected


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print every disagreement")
    parser.add_argument("--gold", type=Path, metavar="DIR",
                        help="score this corpus-format directory instead of the farm corpus")
    args = parser.parse_args()
    if args.gold is not None and not args.gold.is_dir():
        parser.error(f"--gold: no such directory: {args.gold}")
    try:
        pairs = list(gold_pairs(args.misses, args.gold))
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    current = {}

    def on_miss(field, predicted, gold):
        print(f"  {current['slug']}: {field}: got {predicted!r}, want {gold!r}")

    def tracked():
        for pred, gold in pairs:
            current["slug"] = pred.get("_slug", "")
            yield pred, gold

    scores = evaluate(tracked(), on_miss if args.misses else None)
    print(f"\n{len(pairs)} gold articles ({sum(bool(g.get('is_bloc_news')) for _, g in pairs)}"
          " bloc news)")
    print(f"{'field':<18}{'precision':>10}{'recall':>8}{'F1':>7}{'gold':>6}  target")
    for name in FIELD_ORDER:
        s = scores[name]
        target = TARGETS.get(name)
        mark = "" if target is None else (f"{target:.2f} " + ("ok" if min(
            s.precision, s.recall) >= target else "MISSED"))
        print(f"{name:<18}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>7.3f}{s.gold:>6}  {mark}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
