"""Finding a life event's phrase inside a query, with dictionary lookups only.

Built once per search index: every folded phrase points at its event. A query of n words has at
most n·(n−1)/2 runs of two or more consecutive words (66 for the 12 words search reads), each one
dictionary lookup, so matching costs microseconds and needs no scan of the events per request.
The longest run wins ("bản sao giấy khai sinh" over "giấy khai sinh"), then the leftmost.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from core.catalog.life_events import MAX_PHRASE_WORDS, MIN_PHRASE_WORDS, LifeEvent


@dataclasses.dataclass(frozen=True, slots=True)
class PhraseMatch:
    """The event a query speaks of; `whole` when the phrase is the entire query."""

    event: LifeEvent
    whole: bool


class PhraseMatcher:
    """Folded phrase → life event, for the events given (earlier events win a shared phrase)."""

    def __init__(self, events: Iterable[LifeEvent]) -> None:
        self._events: dict[str, LifeEvent] = {}
        for event in events:
            for phrase in event.folded_phrases:
                self._events.setdefault(phrase, event)
        self._longest = max((len(p.split()) for p in self._events), default=0)

    def __len__(self) -> int:
        return len(self._events)

    def match(self, terms: Sequence[str]) -> PhraseMatch | None:
        """The event of the longest phrase found among consecutive `terms` (folded words)."""
        if not self._events:
            return None
        longest = min(len(terms), self._longest, MAX_PHRASE_WORDS)
        for size in range(longest, MIN_PHRASE_WORDS - 1, -1):
            for start in range(len(terms) - size + 1):
                event = self._events.get(" ".join(terms[start : start + size]))
                if event is not None:
                    return PhraseMatch(event, whole=size == len(terms))
        return None
