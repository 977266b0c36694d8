"""Words of a shopper's message, with their positions, in the one form every resolver compares.

The resolvers match catalog words (option values, product names, option names) against what a
shopper typed. Both sides go through :func:`tokenize`, so they agree on spelling without a list of
variants: text is lower-cased, hyphens and spaces are the same ("t-shirt" = "t shirt"), a number
and its unit are separate words whether or not a space sits between them ("1000ml" = "1000 ml",
"i7" = "i 7"), "1,000" is "1000", and each word is also kept in singular form (the recommender's
own plural rule, so "boots" and "boot" meet). A regular expression is enough for this; spaCy's
tokenizer would add a second of start-up for no gain here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from recommender.query import singular

__all__ = [
    "CLAUSE_BREAKS",
    "NUMBER_WORDS",
    "PhraseIndex",
    "Token",
    "number_of",
    "phrase_tokens",
    "tokenize",
]

_TOKEN = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 1,000 / 12,500.50
    r"|\d+(?:\.\d+)?"  # 1000 / 5.8
    r"|[a-z]+(?:'[a-z]+)?"  # words, with "don't", "it's"
    r"|[%#$>+&/°\"]"  # symbols that carry meaning ("60%", "a > b", '15"')
    r"|[.,;!?()]"  # punctuation, kept as clause marks (":" is dropped: "size: M" = "size M")
)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u201c": '"', "\u201d": '"'})

_SYMBOL_WORDS = {"+": "and", "&": "and"}

CLAUSE_BREAKS = frozenset({".", ";", "!", "?", "(", ")"})
"""Tokens that end a clause for scoped cues (negation, preference)."""

NUMBER_WORDS: Mapping[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
"""Number words read as numbers where a number is expected ("two-piece", "one size smaller")."""


@dataclass(frozen=True)
class Token:
    """One word of a message.

    Attributes:
        text: The word lower-cased, digits without thousands separators ("1,000" → "1000").
        norm: The comparison form: the singular of a plural-looking word, else ``text``.
        start: Offset of the first character in the original message.
        end: Offset just past the last character.
    """

    text: str
    norm: str
    start: int
    end: int

    @property
    def is_number(self) -> bool:
        """Whether the word is written in digits."""
        return self.text[:1].isdigit()

    @property
    def is_word(self) -> bool:
        """Whether the word is made of letters (not a number, symbol or punctuation)."""
        return self.text[:1].isalpha()


def tokenize(text: str) -> list[Token]:
    """Split a message into comparable words.

    Args:
        text: Any text; non-strings count as empty.

    Returns:
        The words in order, each with its offsets into ``text``.
    """
    if not isinstance(text, str):
        return []
    lowered = text.translate(_APOSTROPHES).lower()
    tokens = []
    for match in _TOKEN.finditer(lowered):
        word = match.group().replace(",", "") if match.group()[:1].isdigit() else match.group()
        norm = (singular(word) or word) if word[:1].isalpha() else _SYMBOL_WORDS.get(word, word)
        tokens.append(Token(word, norm, match.start(), match.end()))
    return tokens


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """The comparison form of a catalog phrase: the ``norm`` of each of its words."""
    return tuple(t.norm for t in tokenize(phrase) if t.text not in CLAUSE_BREAKS and t.text != ",")


def number_of(token: Token) -> float | None:
    """The number a word stands for: digits, or a number word ("two"); else ``None``."""
    if token.is_number:
        return float(token.text)
    value = NUMBER_WORDS.get(token.text)
    return float(value) if value is not None else None


T = TypeVar("T")


@dataclass(frozen=True)
class PhraseHit(Generic[T]):
    """Tokens ``start:end`` of a message spell a registered phrase, which means ``payloads``."""

    start: int
    end: int
    payloads: tuple[T, ...]


class PhraseIndex(Generic[T]):
    """Phrases (as token tuples) and what each means; finds them in a tokenized message.

    One phrase may mean several things (a word that is both a colour and a material): the caller
    decides between the payloads of a hit.
    """

    def __init__(self) -> None:
        self._phrases: dict[tuple[str, ...], list[T]] = {}
        self._longest = 0

    def add(self, words: Sequence[str], payload: T) -> None:
        """Register ``words`` (comparison forms, see :func:`phrase_tokens`) as meaning ``payload``."""
        key = tuple(words)
        if not key:
            return
        meanings = self._phrases.setdefault(key, [])
        if payload not in meanings:
            meanings.append(payload)
        self._longest = max(self._longest, len(key))

    def __contains__(self, words: object) -> bool:
        return tuple(words) in self._phrases if isinstance(words, Iterable) else False

    def get(self, words: Sequence[str]) -> tuple[T, ...]:
        """What exactly these words mean, or ``()``."""
        return tuple(self._phrases.get(tuple(words), ()))

    def hits(self, tokens: Sequence[Token]) -> Iterator[PhraseHit[T]]:
        """Every place a registered phrase occurs, overlapping ones included."""
        norms = [t.norm for t in tokens]
        for start in range(len(norms)):
            for end in range(min(len(norms), start + self._longest), start, -1):
                meanings = self._phrases.get(tuple(norms[start:end]))
                if meanings:
                    yield PhraseHit(start, end, tuple(meanings))
            # Two words written apart that the catalog writes as one ("book shelf", "ear buds").
            if start + 1 < len(tokens) and tokens[start].is_word and tokens[start + 1].is_word:
                meanings = self._phrases.get((tokens[start].text + tokens[start + 1].norm,))
                if meanings:
                    yield PhraseHit(start, start + 2, tuple(meanings))

    def longest_hits(self, tokens: Sequence[Token]) -> list[PhraseHit[T]]:
        """Non-overlapping hits, longer phrases first, then leftmost; returned in text order."""
        chosen: list[PhraseHit[T]] = []
        taken: set[int] = set()
        for hit in sorted(self.hits(tokens), key=lambda h: (h.start - h.end, h.start)):
            if taken.isdisjoint(range(hit.start, hit.end)):
                chosen.append(hit)
                taken.update(range(hit.start, hit.end))
        return sorted(chosen, key=lambda h: h.start)
