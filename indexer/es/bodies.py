"""Pure builders of every Elasticsearch request body the backend sends.

Nothing here talks to a cluster: the index template, the bulk actions and the
search body are plain dicts built from plain inputs, so each can be shown,
diffed and unit-tested without a server (the habit of elasticsearch-py's own
helpers, which build actions apart from sending them).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from crawler.vntext import exact, nfc
from indexer import timeline
from indexer.query import (
    MARK_END,
    MARK_START,
    SNIPPET_CHARS,
    ParsedText,
    SearchQuery,
    bloc_folded,
    date_key,
    record_day,
    scope,
)
from indexer.snippet import make_snippet

# importlib.resources, not __file__: scrapyd runs the project from a zipped egg.
MAPPING_FILE = resources.files("indexer.es") / "mapping.json"

# Fields searched by the text query and the weights of indexer/fts.py, so both
# backends rank alike: title x3, an exact-diacritic match as a tier above any
# folded-only match, the bare terms adjacent x2.
TEXT_FIELDS = ("title", "text")
TITLE_BOOST = 3.0
EXACT_BOOST = 1000.0
PHRASE_BOOST = 2.0
SHINGLE_BOOST = 1.0
FACET_SIZE = 5000

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_WILDCARD_SPECIAL = re.compile(r"([\\*?])")


@cache
def mapping_spec() -> dict[str, Any]:
    """The versioned mapping file, parsed once."""
    return json.loads(MAPPING_FILE.read_text(encoding="utf-8"))


def mapping_version() -> int:
    return int(mapping_spec()["version"])


def alias_name() -> str:
    return str(mapping_spec()["alias"])


def index_name(now: datetime, alias: str | None = None, version: int | None = None) -> str:
    """A new concrete index behind the alias: versioned and time-stamped.

    The time stamp (to the microsecond) lets a rebuild create its index while
    the previous one still serves searches.
    """
    v = mapping_version() if version is None else version
    return f"{alias or alias_name()}-v{v}-{now:%Y%m%d%H%M%S%f}"


def tone_filters() -> dict[str, dict[str, str]]:
    """Token filters that put old-style tones ("hoá") in the new style ("hóa").

    The exact subfield must let both placements meet, as ``vntext.exact`` does
    for the embedded index. Elasticsearch has no such filter, and a regex
    cannot recompose a moved tone, so there is one ``pattern_replace`` per
    (vowel pair, tone), 30 in all, each anchored at the end of the token (the
    open syllables the rule is about) and never after "q" ("quý" stays).
    """
    filters = {}
    for first in "ou":
        for second in "aey":
            for n, tone in enumerate(_TONES):
                old = nfc(first + second + tone)
                new = nfc(first + tone + second)
                filters[f"vn_tone_{first}{second}{n}"] = {
                    "type": "pattern_replace",
                    "pattern": f"(?<!q){old}$",
                    "replacement": new,
                }
    return filters


def analysis_settings(icu: bool) -> dict[str, Any]:
    """Analysis settings; icu_folding replaces asciifolding when the plugin is there.

    The đ→d char filter stays in every case: asciifolding does not fold đ.
    With ICU, text is also NFC-normalised server side (it always is client
    side, see ``document``).
    """
    analysis = copy.deepcopy(mapping_spec()["settings"]["analysis"])
    tones = tone_filters()
    analysis["filter"].update(tones)
    analyzers = analysis["analyzer"]
    analyzers["vn_exact"]["filter"] = ["lowercase", *tones]
    if icu:
        for name in ("vn_folding", "vn_shingles"):
            analyzers[name]["filter"] = [
                "icu_folding" if f == "asciifolding" else f for f in analyzers[name]["filter"]
            ]
        analyzers["vn_exact"]["char_filter"] = ["vn_nfc"]
        analysis["char_filter"]["vn_nfc"] = {
            "type": "icu_normalizer", "name": "nfc", "mode": "compose",
        }
    return analysis


def index_body(icu: bool) -> dict[str, Any]:
    """Settings and mappings of one concrete index, with the version in ``_meta``."""
    spec = mapping_spec()
    settings = copy.deepcopy(spec["settings"])
    settings["analysis"] = analysis_settings(icu)
    mappings = copy.deepcopy(spec["mappings"])
    mappings["_meta"] = {"thidua_mapping_version": spec["version"], "icu": icu}
    return {"settings": settings, "mappings": mappings}


def index_template_body(icu: bool, alias: str | None = None) -> dict[str, Any]:
    """The composable index template for this mapping version's indices."""
    v = mapping_version()
    return {
        "index_patterns": [f"{alias or alias_name()}-v{v}-*"],
        "version": v,
        "priority": 100 + v,
        "template": index_body(icu),
        "_meta": {"description": "thidua article index", "thidua_mapping_version": v},
    }


def template_name(alias: str | None = None) -> str:
    return f"{alias or alias_name()}-v{mapping_version()}"


def alias_swap_actions(alias: str, new_index: str, old_indices: Iterable[str]) -> list[dict]:
    """One atomic ``update_aliases`` body: the alias leaves the old indices as it joins the new."""
    actions: list[dict] = [{"remove": {"index": old, "alias": alias}} for old in old_indices]
    actions.append({"add": {"index": new_index, "alias": alias}})
    return actions


def document(record: dict[str, Any]) -> dict[str, Any]:
    """The indexed document: the record as is, NFC text, plus derived keys.

    The derived keys come from the same functions the embedded backend uses,
    so both compare the same values: ``day`` (what date filters compare),
    ``date_key`` (what date sorting orders by) and ``bloc_folded`` (what the
    bloc substring filter searches). All three are excluded from ``_source``,
    so a hit returns exactly the record. A record stored before scores existed
    gets ``bloc_score`` 0, as its archive row has, so ``--min-score`` compares
    alike in both backends.
    """
    doc = dict(record)
    for name in ("title", "text", "bloc"):
        if isinstance(doc.get(name), str):
            doc[name] = nfc(doc[name])
    doc["is_bloc_news"] = bool(record.get("is_bloc_news"))
    if doc.get("bloc_score") is None:
        doc["bloc_score"] = 0.0
    doc["date_key"] = date_key(record)
    doc["day"] = record_day(record)
    doc["bloc_folded"] = bloc_folded(record.get("bloc")) if record.get("bloc") else None
    return doc


def bulk_actions(records: Iterable[dict[str, Any]], index: str) -> Iterator[dict[str, Any]]:
    """One action per record, keyed by its stable id: re-indexing never duplicates.

    Every archived article page is indexed, bloc news or not: the query's
    scope (``scope_clauses``) decides what a search shows.
    """
    for record in records:
        yield {"_op_type": "index", "_index": index, "_id": record["id"],
               "_source": document(record)}


def _on_fields(unit: str, fields: list[str]) -> dict[str, Any]:
    """``unit`` as a phrase (a single token is a one-word phrase) in any of ``fields``."""
    return {"multi_match": {"query": unit, "fields": fields, "type": "phrase"}}


def flat_clauses(parsed: ParsedText) -> tuple[list[dict], list[dict]]:
    """The text query when every unit is in half the articles or more (``is_flat``).

    As the embedded index ranks then (indexer/broad.py): the units only
    filter, and the score is the tiers alone, exact diacritics (1000) and
    the bare terms adjacent (2), so ties fall to the date sort.
    """
    folded = [f"title^{TITLE_BOOST}", "text"]
    exact_fields = [f"title.exact^{TITLE_BOOST}", "text.exact"]
    required = [_on_fields(unit, folded) for unit in parsed.units]
    tiers: list[dict] = [{"constant_score": {
        "filter": {"bool": {"must": [_on_fields(exact(u), exact_fields) for u in parsed.units]}},
        "boost": EXACT_BOOST}}]
    if len(parsed.terms) > 1:
        tiers.append({"constant_score": {
            "filter": _on_fields(" ".join(parsed.terms), folded), "boost": PHRASE_BOOST}})
    return required, tiers


def unit_counts_body(parsed: ParsedText) -> dict[str, Any]:
    """One request counting the indexed documents, and those matching each unit."""
    folded = [f"title^{TITLE_BOOST}", "text"]
    return {"size": 0, "track_total_hits": True, "query": {"match_all": {}},
            "aggs": {"units": {"filters": {"filters": {
                str(n): _on_fields(unit, folded) for n, unit in enumerate(parsed.units)}}}}}


def is_flat(counts_response: dict[str, Any]) -> bool:
    """Every unit in at least half the documents: BM25's IDF is ~0 for all of them.

    The embedded index's rule (FTS5 clamps such an IDF to 1e-6), from the
    response to ``unit_counts_body``.
    """
    total = int(counts_response["hits"]["total"]["value"])
    buckets = counts_response.get("aggregations", {}).get("units", {}).get("buckets", {})
    return bool(total and buckets) and all(
        2 * int(b["doc_count"]) >= total for b in buckets.values())


def text_clauses(parsed: ParsedText) -> tuple[list[dict], list[dict]]:
    """Required and ranking-only clauses of the text query, as the embedded index ranks.

    Every unit (bare term or quoted phrase) must match folded, in title or
    text. Ranking adds: an exact-diacritic tier (all units matching in the
    exact subfields, a constant boost far above any BM25 score), the bare
    terms adjacent as one phrase, and syllable bigrams from the shingles
    subfields so multi-syllable words ("văn hóa") rank well.
    """
    folded = [f"title^{TITLE_BOOST}", "text"]
    exact_fields = [f"title.exact^{TITLE_BOOST}", "text.exact"]
    must = [_on_fields(unit, folded) for unit in parsed.units]
    should: list[dict] = [{"constant_score": {
        "filter": {"bool": {"must": [_on_fields(exact(u), exact_fields) for u in parsed.units]}},
        "boost": EXACT_BOOST}}]
    if len(parsed.terms) > 1:
        joined = " ".join(parsed.terms)
        should.append({"multi_match": {"query": joined, "fields": folded, "type": "phrase",
                                       "boost": PHRASE_BOOST}})
    words = " ".join(parsed.units)
    if len(words.split()) > 1:
        shingles = [f"{f}.shingles" for f in TEXT_FIELDS]
        should.append({"multi_match": {"query": words, "fields": shingles,
                                       "type": "most_fields", "boost": SHINGLE_BOOST}})
    return must, should


def scope_clauses(q: SearchQuery) -> list[dict]:
    """The query's scope (``indexer.query.scope``): bloc news unless widened."""
    kind, min_score = scope(q)
    if kind == "bloc_news":
        return [{"term": {"is_bloc_news": True}}]
    if kind == "min_score":
        return [{"range": {"bloc_score": {"gte": min_score}}}]
    return []


def filter_clauses(q: SearchQuery) -> list[dict]:
    """The SearchQuery filters as non-scoring clauses, its scope first."""
    filters: list[dict] = scope_clauses(q)
    if q.province:
        filters.append({"bool": {"should": [{"term": {"province": q.province}},
                                            {"term": {"province_current": q.province}}],
                                 "minimum_should_match": 1}})
    if q.bloc:
        needle = _WILDCARD_SPECIAL.sub(r"\\\1", bloc_folded(q.bloc))
        filters.append({"wildcard": {"bloc_folded": {"value": f"*{needle}*"}}})
    if q.date_from or q.date_to:
        bounds = {}
        if q.date_from:
            bounds["gte"] = q.date_from.isoformat()
        if q.date_to:
            bounds["lte"] = q.date_to.isoformat()
        filters.append({"range": {"day": bounds}})
    if q.event:
        filters.append({"term": {"event_types": q.event}})
    if q.site:
        filters.append({"term": {"site": q.site}})
    if q.sites:
        filters.append({"terms": {"site": list(q.sites)}})
    return filters


def query_clause(q: SearchQuery, parsed: ParsedText, flat: bool = False) -> dict[str, Any]:
    """The ``query`` of a search: the text part scored, the filters not.

    ``flat`` (see ``is_flat``): the units filter and only the tiers score.
    """
    boolean: dict[str, Any] = {"filter": filter_clauses(q)}
    if parsed and flat:
        required, boolean["should"] = flat_clauses(parsed)
        boolean["filter"] += required
    elif parsed:
        boolean["must"], boolean["should"] = text_clauses(parsed)
    else:
        boolean["must"] = [{"match_all": {}}]
    return {"bool": boolean}


def sort_clause(sort: str, has_text: bool = True) -> list[Any]:
    """Relevance, or newest first (always, without query text); the id breaks ties."""
    newest = {"date_key": {"order": "desc", "missing": "_last"}}
    if sort == "date" or not has_text:
        return [newest, {"id": "asc"}]
    return ["_score", newest, {"id": "asc"}]


def highlight_clause() -> dict[str, Any]:
    return {
        "pre_tags": [MARK_START],
        "post_tags": [MARK_END],
        "encoder": "default",
        "fields": {"text": {"fragment_size": SNIPPET_CHARS, "number_of_fragments": 1}},
    }


def aggregations() -> dict[str, Any]:
    """Facet counts: province, bloc, year, site, event type (each type an article has).

    The year is that of ``day`` (published, else the event date), the value
    the embedded backend counts; ``day`` holds plain local dates, so no time
    zone shifts a New Year's Day article into the year before.
    """
    return {
        "province": {"terms": {"field": "province", "size": FACET_SIZE}},
        "bloc": {"terms": {"field": "bloc.keyword", "size": FACET_SIZE}},
        "year": {"date_histogram": {"field": "day", "calendar_interval": "year",
                                    "format": "yyyy", "min_doc_count": 1}},
        "site": {"terms": {"field": "site", "size": FACET_SIZE}},
        "event_type": {"terms": {"field": "event_types", "size": FACET_SIZE}},
    }


def search_body(q: SearchQuery, parsed: ParsedText, *, size: int, offset: int = 0,
                facets: bool | None = None, flat: bool = False) -> dict[str, Any]:
    """The whole search request body for one page of a SearchQuery."""
    body: dict[str, Any] = {
        "query": query_clause(q, parsed, flat),
        "sort": sort_clause(q.sort, bool(parsed)),
        "from": offset,
        "size": size,
        "track_total_hits": True,
        "highlight": highlight_clause(),
    }
    if q.facets if facets is None else facets:
        body["aggs"] = aggregations()
    return body


def timeline_body(q: SearchQuery, parsed: ParsedText, unit: str) -> dict[str, Any]:
    """Matches per period (``indexer.timeline``) in one request, no hits.

    The totals per period come from the archive, not from here: the index
    holds only the searchable articles.
    """
    timeline.check_unit(unit)
    fmt = {"month": "yyyy-MM", "year": "yyyy"}[unit]
    return {
        "size": 0,
        "track_total_hits": False,
        "query": query_clause(q, parsed),
        "aggs": {"periods": {"date_histogram": {
            "field": "day", "calendar_interval": unit, "format": fmt, "min_doc_count": 1}}},
    }


def timeline_counts(aggs: dict[str, Any] | None) -> dict[str, int]:
    """Matches per period from a ``timeline_body`` answer."""
    return {str(b["key_as_string"]): int(b["doc_count"])
            for b in (aggs or {}).get("periods", {}).get("buckets", [])}


def snippet_of(raw_hit: dict[str, Any], parsed: ParsedText) -> str:
    """The highlighted fragment (white space squashed, as the embedded snippets are),
    else the embedded backend's own snippet of the text.

    Without query text (or when the highlighter found nothing to mark) the
    snippet is cut exactly as the embedded backend cuts it.
    """
    fragments = raw_hit.get("highlight", {}).get("text")
    if fragments:
        return " ".join(fragments[0].split())
    return make_snippet(raw_hit.get("_source", {}).get("text"), parsed)


def facets_of(aggs: dict[str, Any] | None) -> dict[str, dict[str, int]]:
    """Buckets as {facet: {value: count}}, most frequent first then by value, like the embedded
    backend; empty buckets dropped."""
    facets: dict[str, dict[str, int]] = {}
    for name, agg in (aggs or {}).items():
        counts = {str(b.get("key_as_string", b["key"])): int(b["doc_count"])
                  for b in agg.get("buckets", []) if b["doc_count"]}
        facets[name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return facets
