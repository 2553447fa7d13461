"""Vietnam's provinces before and after the 2025 merger, loaded from data.

An article keeps the province it was published under (Hà Giang in 2019) while
a researcher may search by the unit that exists today (Tuyên Quang), so every
lookup here works with either name, with or without diacritics, and maps old
names to their successors. The data lives in ``crawler/data/provinces.toml``;
this module only loads, validates and indexes it.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from crawler.errors import RegistryError, UnknownProvince
from crawler.vntext import fold, normalize_tones, squash_spaces

# importlib.resources, not __file__: scrapyd runs the project from a zipped egg.
DEFAULT_PATH = resources.files("crawler") / "data" / "provinces.toml"

KINDS = ("tỉnh", "thành phố")

_KEYS = {"name", "kind", "aliases", "former_names", "domain", "successor",
         "existed_before", "text_needs_prefix"}

# "tỉnh X", "thành phố X", "TP X", "TP. X", "TP.X", "T.P X", after folding.
_QUERY_PREFIX = re.compile(r"(?:tinh|thanh\s*pho|t\s*\.?\s*p)\s*\.?\s*(?=\w)")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
# The same prefixes in running text, plus "Tỉnh ủy X" / "Tỉnh đoàn X".
_TEXT_PREFIX = r"(?<![^\W_])(?:tỉnh(?:\s+(?:ủy|đoàn))?\s+|thành\s+phố\s+|tp\s*\.?\s*)"
_WORD_END = r"(?![^\W_])"
_SYLLABLE = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Province:
    """One provincial-level unit under one name.

    ``successor`` is the post-merger unit's name: the province's own name when
    it continues after 2025-07-01 (unchanged, or the unit that kept its name),
    so a name such as "Tuyên Quang" is one object in both roles.
    """

    name: str
    kind: str
    aliases: tuple[str, ...]
    domain: str
    successor: str
    existed_before: bool = True
    exists_after: bool = True
    former_names: tuple[str, ...] = ()
    text_needs_prefix: bool = False


def _compact(text: str) -> str:
    """The lookup key: folded, every non-alphanumeric dropped ("Hà-Giang" → "hagiang")."""
    return _NOT_ALNUM.sub("", fold(text))


def _text_forms(province: Province) -> list[str]:
    """Spellings worth finding in Vietnamese text: those with diacritics or in capitals.

    Plain ASCII folds ("Ha Giang", "hagiang") are for user input, not for
    running text, where they would mostly be noise.
    """
    forms = [province.name, *province.former_names]
    forms += [a for a in province.aliases if not a.isascii() or a.isupper()]
    return [normalize_tones(f) for f in dict.fromkeys(forms)]


def _alternation(forms: list[str]) -> str:
    """A regex alternation, longest first so "Bà Rịa - Vũng Tàu" beats shorter forms."""
    ordered = sorted(set(forms), key=len, reverse=True)
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in ordered)


def _capitalised(name: str) -> bool:
    return all(word[0].isupper() for word in _SYLLABLE.findall(name))


class Provinces:
    """The validated province table with its lookups; build with ``load_provinces``."""

    def __init__(self, provinces: list[Province], lookalikes: list[str],
                 not_after: list[str], source: str = "<provinces>") -> None:
        self._all = tuple(provinces)
        self._by_name = {p.name: p for p in provinces}
        self._index: dict[str, Province] = {}
        for p in provinces:
            for spelling in (p.name, *p.former_names, *p.aliases):
                self._add_key(spelling, p, source)
        self._merged_into: dict[str, set[str]] = {}
        for p in provinces:
            self._merged_into.setdefault(p.successor, set()).update((p.name, *p.former_names))
        self._build_text_patterns(lookalikes, not_after)

    def _add_key(self, spelling: str, province: Province, source: str) -> None:
        key = _compact(spelling)
        other = self._index.setdefault(key, province)
        if other is not province:
            raise RegistryError(f"{source}: {spelling!r} names both {other.name!r} "
                                f"and {province.name!r}")

    def _build_text_patterns(self, lookalikes: list[str], not_after: list[str]) -> None:
        self._form_owner: dict[str, Province] = {}
        for p in self._all:
            for form in _text_forms(p):
                self._form_owner.setdefault(form.lower(), p)
        every = _alternation(list(self._form_owner))
        self._prefixed = re.compile(f"{_TEXT_PREFIX}(?P<name>{every}){_WORD_END}", re.I)
        self._bare = re.compile(f"(?<![^\\W_])(?P<name>{every}){_WORD_END}", re.I)
        self._lookalikes = (re.compile(f"(?<![^\\W_])(?:{_alternation(lookalikes)}){_WORD_END}",
                                       re.I) if lookalikes else None)
        self._not_after = {normalize_tones(w).lower() for w in not_after}

    def __iter__(self) -> Iterator[Province]:
        return iter(self._all)

    def __len__(self) -> int:
        return len(self._all)

    def names(self) -> list[str]:
        """Every name in the table (old and current, each once), in file order."""
        return [p.name for p in self._all]

    def old(self) -> list[Province]:
        """The 63 units as they were until 2025-06-30."""
        return [p for p in self._all if p.existed_before]

    def current(self) -> list[Province]:
        """The units that exist from 2025-07-01."""
        return [p for p in self._all if p.exists_after]

    def resolve(self, name: str) -> Province:
        """The province for any name, alias or former name, in any case or folding.

        Accepts "tỉnh X", "thành phố X", "TP X" and "TP. X" too.

        Raises:
            UnknownProvince: nothing in the table goes by that name.
        """
        folded = fold(squash_spaces(name))
        found = self._index.get(_compact(folded))
        if found is None:
            prefix = _QUERY_PREFIX.match(folded)
            if prefix:
                found = self._index.get(_compact(folded[prefix.end():]))
        if found is None:
            raise UnknownProvince(name)
        return found

    def suggest(self, name: str) -> str | None:
        """The province whose spelling is nearest to an unknown ``name``, for error hints."""
        keys = difflib.get_close_matches(_compact(name), list(self._index), n=1, cutoff=0.6)
        return self._index[keys[0]].name if keys else None

    def current_name(self, name: str) -> str:
        """The post-merger unit for an old or current name ("Hà Giang" → "Tuyên Quang")."""
        return self.resolve(name).successor

    def matching_names(self, name: str) -> set[str]:
        """Every archive province name a search for ``name`` should match.

        An old name matches only itself; a current name matches itself and every
        old province merged into it, so "Tuyên Quang" also finds Hà Giang news.
        Former names ("Thừa Thiên Huế") are included with their province.
        """
        province = self.resolve(name)
        names = {province.name, *province.former_names}
        if province.exists_after:
            names |= self._merged_into.get(province.name, set())
        return names

    def find_in_text(self, text: str) -> str | None:
        """The name of the first province clearly named in ``text``, else None.

        "tỉnh X" / "thành phố X" / "TP. X" forms win over a bare name anywhere;
        a bare name counts only when capitalised, not part of a longer proper
        name ("Nguyễn Thái Bình", "Hà Nam Ninh") and not a street or ward
        ("đường Hà Giang"). Being conservative matters more than recall: the
        site registry is the first source of an article's province.
        """
        text = normalize_tones(text)
        blocked = ([m.span() for m in self._lookalikes.finditer(text)]
                   if self._lookalikes else [])
        for match in self._prefixed.finditer(text):
            if self._plausible(match, blocked):
                return self._owner(match).name
        for match in self._bare.finditer(text):
            if self._plausible(match, blocked) and self._bare_ok(text, match):
                return self._owner(match).name
        return None

    def _owner(self, match: re.Match[str]) -> Province:
        return self._form_owner[squash_spaces(match.group("name")).lower()]

    def _plausible(self, match: re.Match[str], blocked: list[tuple[int, int]]) -> bool:
        start, end = match.span("name")
        inside_lookalike = any(s < end and start < e for s, e in blocked)
        return _capitalised(match.group("name")) and not inside_lookalike

    def _bare_ok(self, text: str, match: re.Match[str]) -> bool:
        if self._owner(match).text_needs_prefix:
            return False
        start, end = match.span("name")
        before = text[max(0, start - 40):start]
        after = text[end:end + 8]
        previous = re.search(r"([^\W\d_]+(?:\s+[^\W\d_]+)?)\s+$", before)
        if previous:
            words = previous.group(1).split()
            if words[-1][0].isupper():
                return False
            tail = {words[-1].lower(), " ".join(words).lower()}
            if tail & self._not_after:
                return False
        following = re.match(r"\s+([^\W\d_])", after)
        return not (following and following.group(1).isupper())


def _strings(entry: dict, key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RegistryError(f"{where}: {key!r} must be a list of non-empty strings")
    return tuple(normalize_tones(squash_spaces(v)) for v in value)


def _province(entry: object, where: str) -> Province:
    if not isinstance(entry, dict):
        raise RegistryError(f"{where}: must be a table")
    unknown = sorted(set(entry) - _KEYS)
    if unknown:
        raise RegistryError(f"{where}: unknown key {unknown[0]!r}")
    for key in ("name", "kind", "domain"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise RegistryError(f"{where}: missing or empty {key!r}")
    name = normalize_tones(squash_spaces(entry["name"]))
    if entry["kind"] not in KINDS:
        raise RegistryError(f"{where}: kind must be one of {', '.join(KINDS)}")
    successor = normalize_tones(squash_spaces(entry.get("successor", name)))
    return Province(
        name=name, kind=entry["kind"], aliases=_strings(entry, "aliases", where),
        domain=entry["domain"].strip().lower(), successor=successor,
        existed_before=bool(entry.get("existed_before", True)),
        exists_after=successor == name,
        former_names=_strings(entry, "former_names", where),
        text_needs_prefix=bool(entry.get("text_needs_prefix", False)),
    )


def _check_successors(provinces: list[Province], source: str) -> None:
    by_name: dict[str, Province] = {}
    for p in provinces:
        if by_name.setdefault(p.name, p) is not p:
            raise RegistryError(f"{source}: duplicate province {p.name!r}")
    for p in provinces:
        target = by_name.get(p.successor)
        if target is None or not target.exists_after:
            raise RegistryError(f"{source}: province {p.name!r}: successor {p.successor!r} "
                                "is not a post-merger unit")


def parse_provinces(data: dict, source: str = "<provinces>") -> Provinces:
    """Validate parsed TOML and build the lookups (RegistryError, one line, when bad)."""
    entries = data.get("province")
    if not isinstance(entries, list) or not entries:
        raise RegistryError(f"{source}: no [[province]] entries")
    provinces = []
    for i, entry in enumerate(entries, 1):
        label = entry.get("name", "?") if isinstance(entry, dict) else "?"
        provinces.append(_province(entry, f"{source}: province #{i} ({label})"))
    _check_successors(provinces, source)
    text = data.get("text", {})
    if not isinstance(text, dict):
        raise RegistryError(f"{source}: [text] must be a table")
    return Provinces(provinces, list(_strings(text, "lookalikes", f"{source}: [text]")),
                     list(_strings(text, "not_after", f"{source}: [text]")), source)


def _read(path: Path | Traversable) -> Provinces:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path}: invalid TOML: {exc}") from exc
    return parse_provinces(data, str(path))


@lru_cache(maxsize=1)
def _default() -> Provinces:
    return _read(DEFAULT_PATH)


def load_provinces(path: str | Path | None = None) -> Provinces:
    """Load the province table; the shipped one is read once and shared."""
    if path is None:
        return _default()
    return _read(Path(path))
