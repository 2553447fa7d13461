"""Link scores: how likely a link leads to bloc news, before it is fetched.

The parts, each from a different piece of evidence (ACHE's link classifier
idea, kept declarative: the vocabulary and weights are data in
``crawler/data/discovery.toml``):

- the anchor text, the heading or menu the link sits under, and the words
  of its URL, each matched against the folded bloc vocabulary;
- what the page the link was found on yielded (``learning.py``): links of
  a listing whose items are bloc news inherit that;
- the family's URL patterns, as a small hint that orders links of equal
  topic.

``LinkScore`` keeps the parts apart so that the yield part can be redone
when the source's yield changes, and says why in a short line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any
from urllib.parse import unquote, urlsplit

from crawler.sites import DATA_DIR
from crawler.vntext import fold

VOCABULARY = DATA_DIR / "discovery.toml"
_URL_WORDS = re.compile(r"[a-z0-9]+")
# URL words that carry no topic: file extensions, CMS path parts, ids.
_URL_NOISE = frozenset(("html", "htm", "aspx", "asp", "php", "jsp", "index", "default",
                        "pages", "sitepages", "web", "guest", "vi", "news", "portal", "wps",
                        "www", "gov", "vn", "com", "http", "https"))


@dataclass(frozen=True, eq=False)   # hashed by identity: score_link memoises on it
class Vocabulary:
    """Folded terms and their weights, the score weights, queries and probe paths."""

    terms: tuple[tuple[str, float], ...]
    weights: dict[str, float]
    queries: tuple[str, ...]
    probes: dict[str, tuple[str, ...]]
    pattern: re.Pattern[str]

    def topic(self, folded: str) -> tuple[float, tuple[str, ...]]:
        """(sum of the matching terms' weights clipped to [-1, 1], the terms) of folded text."""
        found = tuple(dict.fromkeys(m.group(0) for m in self.pattern.finditer(folded)))
        if not found:
            return 0.0, ()
        weight = dict(self.terms)
        total = sum(weight[term] for term in _longest(found))
        return max(-1.0, min(1.0, total)), found


def _longest(found: tuple[str, ...]) -> list[str]:
    """Matched terms without those inside a longer match ("thi dua" in "khoi thi dua")."""
    return [t for t in found if not any(t != o and f" {t} " in f" {o} " for o in found)]


def parse_vocabulary(data: dict[str, Any]) -> Vocabulary:
    """Build the vocabulary from discovery.toml content."""
    terms = tuple(sorted(((str(k), float(v)) for k, v in data["terms"].items()),
                         key=lambda kv: -len(kv[0])))
    alternation = "|".join(re.escape(term) for term, _ in terms)
    pattern = re.compile(rf"(?<![a-z0-9])(?:{alternation})(?![a-z0-9])")
    probes = {str(k): tuple(v) for k, v in data.get("probes", {}).items()}
    return Vocabulary(terms, {k: float(v) for k, v in data["weights"].items()},
                      tuple(data.get("search", {}).get("queries", ())), probes, pattern)


@cache
def load_vocabulary() -> Vocabulary:
    """The shipped vocabulary, read once."""
    with VOCABULARY.open("rb") as handle:
        return parse_vocabulary(tomllib.load(handle))


@lru_cache(maxsize=1 << 15)
def folded(text: str) -> str:
    """Lower-case, diacritic-free, punctuation as spaces ("Thi đua - KT" → "thi dua kt")."""
    return " ".join(re.split(r"[^\w,]+|_", fold(text.replace("\u00a0", " ").lower())))


@lru_cache(maxsize=1 << 16)
def url_words(url: str) -> str:
    """The words of a URL's path and query, without ids and CMS noise."""
    parts = urlsplit(url)
    text = unquote(f"{parts.path} {parts.query}").replace("+", " ")
    words = [w for w in _URL_WORDS.findall(fold(text.lower()))
             if w not in _URL_NOISE and not w.isdigit() and len(w) < 40]
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class LinkScore:
    """A link's score without its source's yield, and the evidence behind it."""

    topic: float                 # anchor, heading, URL and hint parts together
    reasons: tuple[str, ...]

    def total(self, parent_yield: float, vocabulary: Vocabulary) -> float:
        """The score, with the yield of the page the link was found on."""
        value = self.topic + vocabulary.weights["parent"] * parent_yield
        return max(0.0, min(1.0, value))


@lru_cache(maxsize=1 << 16)
def score_link(text: str, heading: str, menu: bool, url: str, hint: str | None,
               vocabulary: Vocabulary | None = None) -> LinkScore:
    """Score a link by its anchor text, heading, menu flag, URL words and URL-pattern hint.

    Memoised: a portal repeats the same menu and side links on every page.
    """
    vocab = vocabulary or load_vocabulary()
    w = vocab.weights
    value, reasons = w["base"], []
    anchor, terms = vocab.topic(folded(text)) if text else (0.0, ())
    if terms:
        value += w["anchor"] * anchor
        reasons.append(f"anchor {'+'.join(terms)}")
    if heading and not menu:
        head, terms = vocab.topic(folded(heading))
        if terms:
            value += w["heading"] * head
            reasons.append(f"under {'+'.join(terms)}")
    in_url, terms = vocab.topic(url_words(url))
    if terms:
        value += w["url"] * in_url
        reasons.append(f"url {'+'.join(terms)}")
    if hint:
        value += w[f"{hint}_hint"]
        reasons.append(f"{hint} url")
    if menu:
        value += w["menu"]
        reasons.append("menu")
    return LinkScore(value, tuple(reasons))
