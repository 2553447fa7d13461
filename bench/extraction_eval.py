"""Per-field precision, recall and F1 of extraction over the gold corpus.

Run from the repository root:

    .venv/bin/python bench/extraction_eval.py [--misses] [--gold DIR]
    .venv/bin/python bench/extraction_eval.py --real DIR [--labels FILE] [--misses]

Every corpus article (tests/farm/corpus/**.toml) is rendered as the farm
serves it, extracted, and compared with its [expected] record. Bloc fields
are scored on bloc articles only (non-bloc gold records do not annotate them).
``--gold DIR`` scores another directory in the corpus format instead, e.g. the
held-out set tests/gold/holdout that the rules were never tuned on.
``--real DIR`` scores the real development set instead: the texts in DIR
(``<id>.txt``, kept outside the repository) against tests/gold/real/labels.jsonl,
each text put in a portal-shaped page of our writing (bench/real_pages.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.real_pages import FETCH_DAY, LABELS, load_labels, load_pages  # noqa: E402
from bench.real_pages import FETCHED_AT as REAL_FETCHED_AT
from bench.real_score import REAL_FIELDS, RealScores, score_page  # noqa: E402
from bench.real_score import TARGETS as REAL_TARGETS
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


def real_scores(directory: Path, labels_file: Path, show_misses: bool,
                write_html: bool = False) -> tuple[RealScores, int]:
    """Score the real pages in ``directory``; returns the scores and how many texts are missing."""
    sites = load_sites()
    pages, missing = load_pages(directory, load_labels(labels_file))
    scores = RealScores()
    for page in pages:
        url = page.label["url"]
        if write_html:
            (directory / f"{page.label['id']}.html").write_text(page.html, encoding="utf-8")
        site = site_for_url(sites, url)
        record = extract_article(page.html, url, REAL_FETCHED_AT, site).to_dict()

        def on_miss(name, got, want, _label=page.label):
            print(f"  {_label['id']} {name}: got {got!r}, want {want!r}"
                  f"  [{_label.get('class')}] {_label['url']}")

        score_page(scores, record, page.label, page.text, page.related, FETCH_DAY.isoformat(),
                   on_miss if show_misses else None)
    return scores, len(missing)


def print_real(scores: RealScores, missing: int) -> None:
    bloc = scores.fields["is_bloc_news"].gold
    print(f"\n{scores.pages} real pages ({bloc} bloc news); {missing} labelled texts not found")
    print(f"{'field':<18}{'precision':>10}{'recall':>8}{'F1':>7}{'gold':>6}  target")
    for name in REAL_FIELDS:
        s = scores.fields[name]
        target = REAL_TARGETS[name]
        mark = f"{target:.2f} " + ("ok" if s.f1 >= target else "MISSED")
        print(f"{name:<18}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>7.3f}{s.gold:>6}  {mark}")
    print(f"{'body recall':<18}{scores.mean_body_recall:>25.3f}        0.97 "
          + ("ok" if scores.mean_body_recall >= 0.97 else "MISSED"))
    print(f"today's date taken: {scores.today_taken} pages; related-list text taken: "
          f"{scores.related_leaks} pages (target 0 and 0)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print every disagreement")
    parser.add_argument("--gold", type=Path, metavar="DIR",
                        help="score this corpus-format directory instead of the farm corpus")
    parser.add_argument("--real", type=Path, metavar="DIR",
                        help="score the real texts in DIR (<id>.txt) against the real labels")
    parser.add_argument("--labels", type=Path, metavar="FILE", default=LABELS,
                        help="label file for --real (default tests/gold/real/labels.jsonl)")
    parser.add_argument("--write-html", action="store_true",
                        help="with --real: also write each built page as DIR/<id>.html")
    args = parser.parse_args()
    if args.gold is not None and not args.gold.is_dir():
        parser.error(f"--gold: no such directory: {args.gold}")
    if args.real is not None:
        if not args.real.is_dir():
            parser.error(f"--real: no such directory: {args.real}")
        if not args.labels.is_file():
            parser.error(f"--labels: no such file: {args.labels}")
        print_real(*real_scores(args.real, args.labels, args.misses, args.write_html))
        return 0
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
