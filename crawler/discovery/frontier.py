"""A site's best-first frontier: candidates ordered by score, spent within a budget.

Every link a crawl meets on a site is a candidate once (by canonical URL),
with its link score and the source it was found on; met again in a better
place (a bloc listing after a feed), it is upgraded. The spider pops the
best candidates, a few at a time per site. A candidate's score is redone at
pop time from its source's current yield (lazy re-scoring: the heap keeps
the score at push time, and a candidate whose score fell is pushed back),
so a listing found off-topic after its first items stops being walked even
though its pager was queued early; ``rescore`` redoes every score when a
source's yield rose.

Candidates below the floor are not fetched, except that when a site's crawl
is stuck up to ``explore`` of the best of them are (its bloc news may hide
in a section with a neutral name, such as a newspaper's "Chính trị").
``budget`` caps the requests per site and run.
Pure: no Scrapy, no I/O.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import count

_EPSILON = 1e-9
YieldOf = Callable[[str | None], float]


@dataclass(eq=False)
class Candidate:
    """A URL waiting to be fetched, and what its score is made of.

    ``fixed`` is the score of a candidate whose score does not depend on a
    source (a start page, a sitemap); ``why`` says where the link was found
    and by what it scored, for the crawl log.
    """

    url: str
    kind: str = "page"
    topic: float = 0.0
    source: str | None = None
    fixed: float | None = None
    streak: int = 0
    why: str = ""
    meta: dict = field(default_factory=dict)
    key: str = ""            # its canonical URL, the frontier's key
    entry: int = -1          # sequence number of its live heap entry


class SiteFrontier:
    """Best-first queue of one site, with a request budget, a fetch floor and exploration.

    Args:
        budget: requests this site may spend in the run.
        floor: candidates scoring below it are not fetched (but see ``explore``).
        explore: below-floor candidates fetched while the site has no bloc news yet.
        weight: how much a source's yield adds to a candidate's topic score.
    """

    def __init__(self, budget: int, floor: float, explore: int, weight: float) -> None:
        self.budget, self.floor, self.explore, self.weight = budget, floor, explore, weight
        self._heap: list[tuple[float, int, Candidate]] = []
        self._queued: dict[str, Candidate] = {}
        self._by_source: dict[str | None, list[Candidate]] = {}
        self._seq = count()
        self.released = 0
        self.explored = 0
        self.exhausted = False

    def __len__(self) -> int:
        return len(self._queued)

    def __contains__(self, key: str) -> bool:
        return key in self._queued

    def score(self, candidate: Candidate, yield_of: YieldOf) -> float:
        """The candidate's score now: its fixed score, or topic plus its source's yield."""
        if candidate.fixed is not None:
            return candidate.fixed
        return max(0.0, min(1.0, candidate.topic + self.weight * yield_of(candidate.source)))

    def _enter(self, candidate: Candidate, value: float) -> None:
        candidate.entry = next(self._seq)
        heapq.heappush(self._heap, (-value, candidate.entry, candidate))

    def push(self, key: str, candidate: Candidate, yield_of: YieldOf) -> float:
        """Queue a candidate under ``key`` (the caller deduplicates); its score now."""
        value = self.score(candidate, yield_of)
        candidate.key = key
        self._queued[key] = candidate
        self._by_source.setdefault(candidate.source, []).append(candidate)
        self._enter(candidate, value)
        return value

    def upgrade(self, key: str, better: Candidate, yield_of: YieldOf) -> bool:
        """Give a queued candidate a better-scoring context; False when not queued or not better."""
        queued = self._queued.get(key)
        if queued is None or self.score(better, yield_of) <= self.score(queued, yield_of):
            return False
        if better.source != queued.source:
            self._by_source.setdefault(better.source, []).append(queued)
        queued.topic, queued.source, queued.fixed = better.topic, better.source, better.fixed
        queued.streak, queued.why = min(queued.streak, better.streak), better.why
        queued.meta = {**queued.meta, **better.meta}
        self._enter(queued, self.score(queued, yield_of))
        return True

    def pop(self, yield_of: YieldOf, explore: bool = False) -> tuple[Candidate, float] | None:
        """The best candidate worth fetching now and its score, or None.

        ``explore``: a below-floor candidate may be fetched (the crawl of the
        site is stuck), up to ``explore`` of them per run.
        """
        if self.released >= self.budget:
            self.exhausted = self.exhausted or bool(self._queued)
            return None
        while self._heap:
            stored, entry, best = self._heap[0]
            if entry != best.entry:            # superseded by an upgrade
                heapq.heappop(self._heap)
                continue
            value = self.score(best, yield_of)
            if value < -stored - _EPSILON:      # its source turned out poorer: requeue
                heapq.heappop(self._heap)
                self._enter(best, value)
                continue
            if value < self.floor:
                if not (explore and self.explored < self.explore):
                    return None
                self.explored += 1
            heapq.heappop(self._heap)
            del self._queued[best.key]
            self.released += 1
            return best, value
        return None

    def rescore(self, yield_of: YieldOf, sources: tuple[str, ...]) -> None:
        """Redo the scores of the candidates from ``sources``, whose yield rose.

        Only those: a crawl meets thousands of links, and a source's yield
        changes with every article read from it.
        """
        for source in sources:
            alive = [c for c in self._by_source.get(source, ())
                     if c.source == source and self._queued.get(c.key) is c]
            self._by_source[source] = alive
            for candidate in alive:
                self._enter(candidate, self.score(candidate, yield_of))

    def clear(self) -> None:
        """Forget the candidates left (once they are logged as unfollowed)."""
        self._heap.clear()
        self._queued.clear()
        self._by_source.clear()

    def leftovers(self, yield_of: YieldOf) -> Iterator[tuple[Candidate, float]]:
        """The candidates never fetched, best first, with their final scores."""
        scored = [(c, self.score(c, yield_of)) for c in self._queued.values()]
        yield from sorted(scored, key=lambda cs: (-cs[1], cs[0].entry))
