"""An in-memory search index over the procedures in force.

Every request of the public catalog is answered from memory: the index is rebuilt when the catalog
changes, never queried from the database per request. Matching works on folded words (no
diacritics, any case); every query word must match a word of the name or of the descriptive text
(field, agency, result, code). When nothing matches exactly, one typo per word is forgiven, and
the last word may be a prefix (the citizen is still typing). Name matches outrank the rest.

Everyday words come before all that: when a query contains a life event's phrase ("làm sổ đỏ",
core.catalog.life_events), that event's procedures come first, in the event's order. If the query
says more than the phrase, procedures whose name holds every word of it come first of all: who
types "đăng ký kết hôn có yếu tố nước ngoài" knows which procedure they want.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import math
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar, cast

from core.catalog.life_events import LifeEvent
from core.catalog.model import Procedure, ProcedureSummary
from core.catalog.phrases import PhraseMatch, PhraseMatcher
from core.text import fold, words

NAME_WEIGHT = 10
TEXT_WEIGHT = 3
PHRASE_BONUS = 25
MAX_QUERY_WORDS = 12
MIN_TYPO_LENGTH = 3
QUERY_CACHE_SIZE = 2048
_V = TypeVar("_V")


@dataclasses.dataclass(frozen=True, slots=True)
class Filters:
    field: str | None = None
    level: str | None = None
    online: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class _Entry:
    procedure: Procedure
    summary: ProcedureSummary
    folded_name: str
    folded_field: str


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _within_one_edit(a: str, b: str) -> bool:
    """Levenshtein distance ≤ 1, or one swap of neighbours (the commonest phone typos)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diff) == 1:
            return True
        i, j = diff[0], diff[-1]
        return len(diff) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _passes(entry: _Entry, filters: Filters) -> bool:
    p = entry.procedure
    return (
        (filters.field is None or entry.folded_field == filters.field)
        and (filters.level is None or filters.level in p.levels)
        and (filters.online is None or p.online_level == filters.online)
    )


class SearchIndex:
    """Words → procedures, with typo and prefix expansion and a cache of recent queries."""

    def __init__(
        self, procedures: Iterable[Procedure], life_events: Iterable[LifeEvent] = ()
    ) -> None:
        ordered = sorted(procedures, key=lambda p: (fold(p.field), fold(p.name), p.code))
        self._entries = [
            _Entry(p, ProcedureSummary.of(p), fold(p.name), fold(p.field)) for p in ordered
        ]
        self._by_code = {e.procedure.code: i for i, e in enumerate(self._entries)}
        self._weights: dict[str, dict[int, int]] = {}
        for i, entry in enumerate(self._entries):
            self._add(i, entry.procedure)
        self._by_deletion: dict[str, set[str]] = {}
        for word in self._weights:
            for variant in _deletions(word) | {word}:
                self._by_deletion.setdefault(variant, set()).add(word)
        self._vocabulary = sorted(self._weights)
        self._phrases = PhraseMatcher(life_events)
        self.search = functools.lru_cache(maxsize=QUERY_CACHE_SIZE)(self._search)
        self.life_event = functools.lru_cache(maxsize=QUERY_CACHE_SIZE)(self._life_event)
        self._views: dict[tuple[object, str], object] = {}

    def view(self, code: str, render: Callable[[Procedure], _V]) -> _V | None:
        """`render(procedure)` computed once for this index (a serialised body, say)."""
        key = (render, code)
        if key not in self._views:
            procedure = self.get(code)
            if procedure is None:
                return None
            self._views[key] = render(procedure)
        return cast(_V, self._views[key])

    def _add(self, i: int, p: Procedure) -> None:
        text = " ".join(filter(None, (p.field, p.agency, p.result, p.code)))
        for word in words(text):
            self._weights.setdefault(word, {})[i] = TEXT_WEIGHT
        for word in words(p.name):
            self._weights.setdefault(word, {})[i] = NAME_WEIGHT

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, code: str) -> Procedure | None:
        i = self._by_code.get(code)
        return None if i is None else self._entries[i].procedure

    @property
    def procedures(self) -> Sequence[Procedure]:
        return [e.procedure for e in self._entries]

    def _life_event(self, query: str) -> LifeEvent | None:
        """The life event whose phrase `query` contains, if any (cached per query)."""
        found = self._phrases.match(words(query)[:MAX_QUERY_WORDS])
        return found.event if found else None

    def _search(self, query: str, filters: Filters) -> tuple[ProcedureSummary, ...]:
        """Every procedure matching `query` and `filters`, best first (cached per query)."""
        terms = words(query)[:MAX_QUERY_WORDS]
        allowed = [i for i, e in enumerate(self._entries) if _passes(e, filters)]
        if not terms:
            return tuple(self._entries[i].summary for i in allowed)
        scores = self._score(terms, typos=False) or self._score(terms, typos=True)
        if not scores:
            scores = self._score_partial(terms)
        phrase = " ".join(terms)
        ranked = sorted(
            (i for i in allowed if i in scores),
            key=lambda i: (
                -(scores[i] + (PHRASE_BONUS if phrase in self._entries[i].folded_name else 0)),
                len(self._entries[i].folded_name),
                i,
            ),
        )
        found = self._phrases.match(terms)
        if found is not None:
            ranked = self._event_first(found, terms, ranked, set(allowed))
        return tuple(self._entries[i].summary for i in ranked)

    def _event_first(
        self, found: PhraseMatch, terms: list[str], ranked: list[int], allowed: set[int]
    ) -> list[int]:
        """The event's procedures (those in force and passing the filters) before the rest;
        before them, when the query says more than the phrase, names holding all its words."""
        codes = found.event.codes
        first = [i for c in codes if (i := self._by_code.get(c)) is not None and i in allowed]
        if not found.whole:
            named = [i for i in ranked if self._name_has_all(i, terms)]
            first = named + [i for i in first if i not in named]
        chosen = set(first)
        return [*first, *(i for i in ranked if i not in chosen)]

    def _name_has_all(self, i: int, terms: list[str]) -> bool:
        return all(self._weights.get(t, {}).get(i) == NAME_WEIGHT for t in terms)

    def _matches(self, term: str, *, typos: bool, last: bool) -> dict[int, int]:
        """Procedure → weight for one query word; a typo or prefix match weighs a little less."""
        found = dict(self._weights.get(term, {}))
        expansions: set[str] = set()
        if last:
            expansions.update(self._prefixed(term))
        if typos and len(term) >= MIN_TYPO_LENGTH:
            for variant in _deletions(term) | {term}:
                for word in self._by_deletion.get(variant, ()):
                    if _within_one_edit(term, word):
                        expansions.add(word)
        expansions.discard(term)
        for word in expansions:
            for i, weight in self._weights[word].items():
                found[i] = max(found.get(i, 0), weight - 1)
        return found

    def _prefixed(self, prefix: str) -> list[str]:
        start = bisect.bisect_left(self._vocabulary, prefix)
        found = []
        for word in self._vocabulary[start:]:
            if not word.startswith(prefix):
                break
            found.append(word)
        return found

    def _score(self, terms: list[str], *, typos: bool) -> dict[int, int]:
        per_term = [
            self._matches(t, typos=typos, last=(n == len(terms) - 1)) for n, t in enumerate(terms)
        ]
        per_term.sort(key=len)
        scores = dict(per_term[0])
        for found in per_term[1:]:
            scores = {i: s + found[i] for i, s in scores.items() if i in found}
            if not scores:
                break
        return scores

    def _score_partial(self, terms: list[str]) -> dict[int, int]:
        """When no procedure has every word: those with most of them (at least half)."""
        needed = math.ceil(len(terms) / 2)
        hits: dict[int, list[int]] = {}
        for n, term in enumerate(terms):
            for i, weight in self._matches(term, typos=True, last=n == len(terms) - 1).items():
                hits.setdefault(i, []).append(weight)
        return {i: 100 * len(w) + sum(w) for i, w in hits.items() if len(w) >= needed}
