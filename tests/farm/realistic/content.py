"""What each realistic portal holds: its categories and every item, newest first.

Bloc news is the corpus' bloc articles re-skinned (and, where a portal needs
more than its share, `synthesize`d copies moved back some years); near misses
are the corpus' other emulation and award stories plus written ones; filler
and documents are written (writing.py). Filler is dated 2020-2025, so the
older bloc news sits deep in its listings, as on a real portal.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from tests.farm.corpus import CorpusArticle
from tests.farm.realistic.model import Category, FarmSpec, Item, PortalSpec, slugify, stable_int
from tests.farm.realistic.writing import Text, document, filler, near_miss, static_page
from tests.farm.synth import synthesize

FIRST_DAY = date(2020, 7, 1)
SPAN_DAYS = 1968            # to late November 2025
_WRITERS = {"news": filler, "press": filler, "tdkt": near_miss, "docs": document,
            "sub": near_miss}


@dataclass
class SiteContent:
    """One portal's listings (menu order) and items by key."""

    categories: dict[str, Category]
    items: dict[str, Item]
    statics: list[Item]
    menu: list[dict]

    def bloc(self) -> list[Item]:
        return [i for i in self.items.values() if i.is_bloc]


def _moment(seed: str) -> datetime:
    rng = random.Random(seed)
    day = FIRST_DAY + timedelta(days=rng.randrange(SPAN_DAYS))
    return datetime.combine(day, time(rng.randint(7, 17), rng.choice((0, 15, 20, 30, 45))))


def _written(spec: PortalSpec, kind: str, writer: str, seed: str) -> Item:
    when = _moment(seed)
    text: Text = _WRITERS[writer](seed, when.year, when.month, f"{when.day}/{when.month}")
    return Item(spec.name, "", kind, when, text.title, text.lead, text.paragraphs)


def _from_corpus(spec: PortalSpec, article: CorpusArticle, kind: str) -> Item:
    hh, mm = (int(x) for x in (article.time or "08:00").split(":"))
    return Item(spec.name, "", kind, datetime.combine(article.day, time(hh, mm)), article.title,
                article.data.get("lead", ""), tuple(article.paragraphs),
                byline=article.data.get("byline", ""))


def bloc_templates(corpus: list[CorpusArticle], index: int, portals: int,
                   count: int) -> list[CorpusArticle]:
    """The ``index``-th portal's bloc articles: its share of the corpus, then copies."""
    pool = sorted((a for a in corpus if a.is_bloc_news), key=lambda a: (a.site, a.number))
    picked = []
    for k in range(count):
        serial = index + k * portals
        template = pool[serial % len(pool)]
        rounds = serial // len(pool)
        picked.append(template if rounds == 0 else
                      synthesize(template, 600_000 + serial, 600_000 + serial, -4 * rounds))
    return picked


def near_templates(corpus: list[CorpusArticle], index: int, portals: int) -> list[CorpusArticle]:
    """The ``index``-th portal's share of the corpus' near misses."""
    pool = sorted((a for a in corpus if not a.is_bloc_news), key=lambda a: (a.site, a.number))
    return [a for j, a in enumerate(pool) if j % portals == index]


def _menu(spec: PortalSpec, farm: FarmSpec) -> list[dict]:
    menu = [dict(entry) for entry in farm.menus[spec.kind]]
    for entry in menu:
        if entry["type"] == "tdkt":
            entry["key"] = spec.tdkt_key
            entry["label"] = spec.tdkt_label or entry["label"]
    return menu


def _categories(spec: PortalSpec, farm: FarmSpec, menu: list[dict]) -> dict[str, Category]:
    cats = {e["key"]: Category(e["key"], e["label"], e["type"],
                               stable_int(spec.name + e["key"], 11, 990))
            for e in menu if e["type"] != "static"}
    if spec.bloc_home == "sub":
        sub = farm.sub
        cats[sub["key"]] = Category(sub["key"], sub["label"], "sub",
                                    stable_int(spec.name + sub["key"], 11, 990),
                                    parent=spec.tdkt_key)
        cats[spec.tdkt_key].children.append(sub["key"])
    if spec.kind == "newspaper":
        tag = farm.tag
        cats[tag["key"]] = Category(tag["key"], tag["label"], "tag",
                                    stable_int(spec.name + tag["key"], 11, 990))
    return cats


def _bloc_listings(spec: PortalSpec, menu: list[dict], i: int) -> list[str]:
    """Category keys that list the i-th bloc article (its home first)."""
    if spec.bloc_home == "press":
        homes = [e["key"] for e in menu if i % 3 in e.get("bloc_slots", ())]
        return homes + (["thi-dua-yeu-nuoc"] if i % 2 == 0 else [])
    home = "tin-hoat-dong-cum-khoi-thi-dua" if spec.bloc_home == "sub" else spec.tdkt_key
    extra = [e["key"] for e in menu if e.get("bloc_every") and i % e["bloc_every"] == 0]
    return [home, *extra]


def build_content(spec: PortalSpec, farm: FarmSpec, blocs: list[CorpusArticle],
                  nears: list[CorpusArticle]) -> SiteContent:
    """Every category and item of one portal, deterministic."""
    menu = _menu(spec, farm)
    cats = _categories(spec, farm, menu)
    placed: list[tuple[Item, list[str]]] = []
    for entry in menu:
        for k in range(entry.get("filler", 0)):
            writer = entry["type"]
            kind = {"tdkt": "near", "docs": "doc"}.get(writer, "filler")
            placed.append((_written(spec, kind, writer, f"{spec.name}:{entry['key']}:{k}"),
                           [entry["key"]]))
    if spec.bloc_home == "sub":
        for k in range(farm.sub["near"]):
            item = _written(spec, "near", "sub", f"{spec.name}:sub:{k}")
            placed.append((item, [farm.sub["key"]]))
    near_home = "chinh-tri" if spec.kind == "newspaper" else spec.tdkt_key
    tag = [farm.tag["key"]] if spec.kind == "newspaper" else []
    placed += [(_from_corpus(spec, a, "near"), [near_home, *tag]) for a in nears]
    placed += [(_from_corpus(spec, a, "bloc"), _bloc_listings(spec, menu, i))
               for i, a in enumerate(blocs)]
    items = _number_and_key(spec, placed)
    for item, listings in placed:
        item.home = listings[0]
        for key in listings:
            cats[key].items.append(item)
    for cat in cats.values():
        cat.items.sort(key=lambda it: (it.when, it.number), reverse=True)
    statics = [Item(spec.name, e["key"], "static", datetime(2020, 1, 1),
                    *_static_text(e["label"], spec.title)) for e in menu if e["type"] == "static"]
    return SiteContent(cats, items, statics, menu)


def _static_text(label: str, owner: str) -> tuple[str, str, tuple[str, ...]]:
    text = static_page(label, owner)
    return text.title, text.lead, text.paragraphs


def _number_and_key(spec: PortalSpec, placed: list[tuple[Item, list[str]]]) -> dict[str, Item]:
    """Ids grow with the date, as a CMS hands them out; slugs unique per portal."""
    rng = random.Random(spec.name + ":ids")
    number = stable_int(spec.name, 1200, 9000)
    items: dict[str, Item] = {}
    for item, _ in sorted(placed, key=lambda p: (p[0].when, p[0].title)):
        number += rng.randint(1, 9)
        item.number = number
        key = slugify(item.title)
        if key in items:
            key = f"{key}-{number}"
        item.key = key
        items[key] = item
    return items
