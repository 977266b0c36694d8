"""Option values and option names found in a shopper's message, read against a set of values.

An :class:`OptionVocabulary` is built from the option values at hand — the variants of one
product when choosing a replacement, or the lines of one order when telling them apart — so a
word means only what it can mean there: "medium" is a helmet's size *or* its ventilation, "8GB"
is a laptop's RAM and never its storage. The rules, in the order they apply:

* A value is found as written, whatever the case, hyphens or spacing ("full size", "Full-Size",
  "fullsize"; "1000ml", "1000 ml"), with its last word in either number ("2 cup", "2 cups").
* Amounts with a unit are compared as amounts: "1 liter" is "1000ml", "4 foot" is "4 ft",
  "two-piece" is "2-piece", "1TB" is "1TB SSD" when that is the only 1 TB value.
* A value too weak to stand alone — a number, one letter, "none", "yes"/"no" — counts only next to
  its option name: "size 8", "8 size", "1000 pieces", "backlight none".
* Size words stand for size letters where the sizes are letters ("medium" → "M", "extra large" →
  "XL"), and "size M" for "medium" where the sizes are words.
* A yes/no option is asked for by its name: "waterproof" → yes, "not waterproof", "non-waterproof"
  → no; "no backlight" / "without backlight" is the value "none" where the option has one.
* A word found in only one value of an option stands for it ("google" → "Google Assistant",
  "crew" → "crew neck"); so does the start of a single value word ("soft" → "softshell").
* When one phrase fits several options, the option named next to it wins ("black dial"), then the
  exact spelling over a synonym or part, then an option no other phrase of the message has claimed
  ("medium sized, high ventilation": ventilation is taken, so "medium" is the size), then
  :data:`recommender.query.KEY_PRIORITY`.

:meth:`OptionVocabulary.order` says how the values of an option rank (numbers and amounts by
size, known scales such as S < M < L or beginner < intermediate < expert), which comparisons such
as "bigger" and "maximum zoom" need.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from recommender.query import KEY_PRIORITY, size_words
from support.text import PhraseIndex, Token, number_of, phrase_tokens, tokenize

__all__ = [
    "COLOR_WORDS",
    "KeyMention",
    "OptionVocabulary",
    "Quantity",
    "Unknown",
    "ValueMention",
    "quantities",
]

TermKind = Literal["exact", "synonym", "partial", "weak"]
# "medium" is a helmet's size (a synonym of "M") as much as its ventilation (exact): equal rank,
# and KEY_PRIORITY decides.
_KIND_RANK = {"exact": 2, "synonym": 2, "partial": 1, "weak": 0}

#: Units a shopper may put after a number: comparison form → (dimension, factor to the base unit).
UNITS: Mapping[str, tuple[str, float]] = {
    "ml": ("volume", 1.0),
    "milliliter": ("volume", 1.0),
    "millilitre": ("volume", 1.0),
    "l": ("volume", 1000.0),
    "liter": ("volume", 1000.0),
    "litre": ("volume", 1000.0),
    "ltr": ("volume", 1000.0),
    "mb": ("data", 0.001),
    "gb": ("data", 1.0),
    "gig": ("data", 1.0),
    "gigabyte": ("data", 1.0),
    "tb": ("data", 1000.0),
    "terabyte": ("data", 1000.0),
    "inch": ("length", 1.0),
    '"': ("length", 1.0),
    "ft": ("length", 12.0),
    "foot": ("length", 12.0),
    "feet": ("length", 12.0),
    "cm": ("length", 1 / 2.54),
    "mm": ("length", 1 / 25.4),
    "mah": ("charge", 1.0),
    "mp": ("pixels", 1.0),
    "megapixel": ("pixels", 1.0),
    "bar": ("pressure", 1.0),
    "w": ("power", 1.0),
    "watt": ("power", 1.0),
    "hour": ("time", 1.0),
    "hr": ("time", 1.0),
    "hrs": ("time", 1.0),
    "h": ("time", 1.0),
    "degree": ("angle", 1.0),
    "°": ("angle", 1.0),
    "x": ("zoom", 1.0),
    "cup": ("cups", 1.0),
    "piece": ("count", 1.0),
    "pc": ("count", 1.0),
    "pcs": ("count", 1.0),
    "lb": ("weight", 1.0),
    "lbs": ("weight", 1.0),
    "pound": ("weight", 1.0),
    "p": ("lines", 1.0),
    "k": ("lines", 720.0),
    "%": ("percent", 1.0),
}

#: Colour words a shopper may ask for even when this product does not come in them, so that
#: "in pink" can be answered with "not offered" rather than ignored.
COLOR_WORDS = frozenset(
    {
        "black",
        "white",
        "red",
        "blue",
        "green",
        "yellow",
        "orange",
        "purple",
        "pink",
        "grey",
        "gray",
        "silver",
        "gold",
        "brown",
        "beige",
        "navy",
        "teal",
        "maroon",
        "violet",
        "cyan",
        "magenta",
        "tan",
        "ivory",
        "cream",
        "turquoise",
        "burgundy",
        "khaki",
        "olive",
        "lavender",
        "charcoal",
        "bronze",
    }
)

# Ordered value scales that are words, not numbers (lower-case, smallest first).
_SCALES = (
    ("xxs", "xs", "s", "m", "l", "xl", "xxl", "xxxl"),
    ("extra small", "small", "medium", "large", "extra large"),
    ("low", "medium", "high"),
    ("beginner", "intermediate", "expert"),
    ("basic", "professional"),
)
_LETTER_SIZES = frozenset(_SCALES[0])
# Size words that stand for a letter size ("small" → S), as tokens; the letters themselves are
# too short to be read as a size without the option's name.
_SIZE_PHRASES = frozenset(
    {" ".join(t.text for t in tokenize(word)) for word in size_words()} | {"xs", "xl", "xxl", "xxxl", "xxs"}
)
_SIZE_LETTERS = {" ".join(t.text for t in tokenize(w)): letter.lower() for w, letter in size_words().items()}
# Other names shoppers use for an option, by a word of the option's name.
_KEY_ALIASES: Mapping[str, tuple[str, ...]] = {
    "color": ("colour", "colored", "coloured", "shade"),
    "size": ("sized",),
    "ram": ("memory",),
    "processor": ("cpu", "chip"),
    "compatibility": ("compatible", "work with", "works with"),
    "connectivity": ("connection",),
    "piece": ("pieces",),
}
# Yes/no options also known by another name.
_YES_NO_ALIASES: Mapping[str, tuple[str, ...]] = {
    "waterproof": ("water resistant", "water proof"),
    "water resistance": ("waterproof", "water resistant", "water proof"),
}
# Single-word values too common to count without their option name next to them.
_WEAK_WORDS = frozenset(
    {
        "none",
        "yes",
        "no",
        "on",
        "off",
        "in",
        "out",
        "up",
        "down",
        "a",
        "an",
        "the",
        "one",
        "all",
        "any",
        "both",
        "other",
    }
)
_NEGATING = frozenset({"not", "non", "no", "without"})
_NONE_CUES = frozenset({"no", "without", "zero"})
# Words that may sit between a value and its option name ("size of 8", "a 15 inch screen").
_KEY_GLUE = frozenset({"of", "in", "a", "an", "the", "is", "with"})


@dataclass(frozen=True)
class ValueMention:
    """An option value found in a message.

    Attributes:
        start: Index of the first token.
        end: Index past the last token.
        key: The option (catalog spelling).
        value: The value (catalog spelling).
        keyed: Whether the option's name was written next to the value ("size 8").
        kind: How it was found: the catalog spelling or an amount (``exact``), a synonym,
            a distinctive part of the value (``partial``), or a weak value next to its name.
    """

    start: int
    end: int
    key: str
    value: str
    keyed: bool = False
    kind: TermKind = "exact"


@dataclass(frozen=True)
class KeyMention:
    """An option name found in a message ("switches" → ``switch type``)."""

    start: int
    end: int
    key: str


@dataclass(frozen=True)
class Unknown:
    """A value the shopper asked for that these options do not have ("8 bar", "size 13", "pink").

    Attributes:
        start: Index of the first token.
        end: Index past the last token.
        key: The option it would belong to.
        text: The words as the shopper wrote them.
    """

    start: int
    end: int
    key: str
    text: str


@dataclass(frozen=True)
class Quantity:
    """A number with a unit in a message ("1 liter" → 1000 ``volume``)."""

    start: int
    end: int
    amount: float
    dimension: str


@dataclass(frozen=True)
class _Term:
    key: str
    value: str
    kind: TermKind


@dataclass(frozen=True)
class _ValueAmount:
    amount: float
    dimension: str  # "" for a bare number
    rest: tuple[str, ...]  # the value's other words ("ssd" in "1TB SSD")


def quantities(tokens: Sequence[Token]) -> list[Quantity]:
    """Numbers followed by a unit ("1000 ml", "two-piece", '15"'), in text order."""
    found = []
    for i, token in enumerate(tokens[:-1]):
        number = number_of(token)
        unit = UNITS.get(tokens[i + 1].norm)
        if number is not None and unit is not None:
            found.append(Quantity(i, i + 2, number * unit[1], unit[0]))
    return found


class OptionVocabulary:
    """The option values at hand and how a shopper may write each of them.

    Building one costs well under a millisecond per value; build one per product (or per order)
    and reuse it for every message about that product.

    Args:
        options: Option name → the values it takes here (catalog spelling).
    """

    def __init__(self, options: Mapping[str, Iterable[str]]) -> None:
        self._values: dict[str, tuple[str, ...]] = {
            key: tuple(sorted(set(values))) for key, values in options.items() if values
        }
        self._terms: PhraseIndex[_Term] = PhraseIndex()
        self._key_index: PhraseIndex[str] = PhraseIndex()
        self._key_prefixes: dict[str, set[str]] = {}  # long key word → keys, for "bright" ~ brightness
        self._key_words: dict[str, set[str]] = {}  # option → the words of its name
        self._amounts: dict[str, dict[str, _ValueAmount]] = {}
        self._order: dict[str, dict[str, float] | None] = {}
        for key in self._values:
            self._add_key(key)
        for key, values in self._values.items():
            self._add_values(key, values)

    @classmethod
    def of(cls, option_maps: Iterable[Mapping[str, str]]) -> OptionVocabulary:
        """Build from several option dicts (a product's variants, an order's lines)."""
        options: dict[str, set[str]] = {}
        for mapping in option_maps:
            for key, value in mapping.items():
                options.setdefault(key, set()).add(value)
        return cls(options)

    @property
    def keys(self) -> tuple[str, ...]:
        """The option names, in the order they were given."""
        return tuple(self._values)

    def values(self, key: str) -> tuple[str, ...]:
        """The values of one option, sorted; ``()`` for an unknown option."""
        return self._values.get(key, ())

    def canonical(self, key: str, value: str) -> str | None:
        """The catalog spelling of ``value`` for ``key``, compared case-insensitively."""
        for known in self._values.get(key, ()):
            if known.lower() == value.lower():
                return known
        return None

    # -- building --------------------------------------------------------------------------

    def _add_key(self, key: str) -> None:
        words = phrase_tokens(key)
        self._key_words[key] = {w for w in words if w.isalpha() and len(w) > 2}
        others = [phrase_tokens(k) for k in self._values if k != key]
        self._key_index.add(words, key)
        if len(words) > 1:
            self._key_index.add(("".join(words),), key)
        for word in words:
            if not any(word in other for other in others):
                self._key_index.add((word,), key)
                if len(word) >= 5:
                    self._key_prefixes.setdefault(word, set()).add(key)
            for alias in _KEY_ALIASES.get(word, ()):
                if not any(word in other for other in others) or len(words) == 1:
                    self._key_index.add(phrase_tokens(alias), key)

    def _add_values(self, key: str, values: tuple[str, ...]) -> None:
        lowered = {v.lower() for v in values}
        value_words = {v: phrase_tokens(v) for v in values}
        for value, words in value_words.items():
            kind: TermKind = "weak" if _is_weak(words) else "exact"
            for form in _forms(words):
                self._terms.add(form, _Term(key, value, kind))
        self._add_synonyms(key, values, lowered)
        self._add_parts(key, value_words)
        amounts = {v: a for v in values if (a := _value_amount(value_words[v])) is not None}
        self._amounts[key] = amounts
        self._order[key] = _order(values, amounts)

    def _add_synonyms(self, key: str, values: tuple[str, ...], lowered: set[str]) -> None:
        key_words = phrase_tokens(key)
        if "size" in key_words:
            letters = {v.lower(): v for v in values}
            for word, letter in size_words().items():
                if letter.lower() in letters and word not in lowered:
                    for form in _forms(phrase_tokens(word)):
                        self._terms.add(form, _Term(key, letters[letter.lower()], "synonym"))
                # "size M" for a size written as a word: counts only next to the option name.
                if word in lowered and letter.lower() not in lowered:
                    self._terms.add((letter.lower(),), _Term(key, self.canonical(key, word) or word, "weak"))
        if lowered and lowered <= {"yes", "no"}:
            names = {key_words, *(phrase_tokens(a) for a in _YES_NO_ALIASES.get(key, ()))}
            names |= {_adjective(n) for n in names}
            if len(key_words) == 2:  # "water resistance" → "resistant to water"
                names.add((*_adjective(key_words)[1:], "to", key_words[0]))
            yes = self.canonical(key, "yes")
            no = self.canonical(key, "no")
            for name in names:
                for form in _forms(name):
                    if yes:
                        self._terms.add(form, _Term(key, yes, "synonym"))
                    if no:
                        for negation in _NEGATING:
                            self._terms.add((negation, *form), _Term(key, no, "synonym"))

    def _add_parts(self, key: str, value_words: Mapping[str, tuple[str, ...]]) -> None:
        """A word that only one value of this option has stands for that value."""
        counts: dict[str, int] = {}
        for words in value_words.values():
            for word in set(words):
                counts[word] = counts.get(word, 0) + 1
        for value, words in value_words.items():
            if len(words) < 2:
                continue
            for word in words:
                if counts[word] == 1 and _is_part_word(word) and (word,) not in self._terms:
                    self._terms.add((word,), _Term(key, value, "partial"))

    # -- reading ---------------------------------------------------------------------------

    def find_keys(self, tokens: Sequence[Token]) -> list[KeyMention]:
        """Option names in the message ("switches", "screen size", "less bright"), in text order."""
        found = [
            KeyMention(h.start, h.end, h.payloads[0])
            for h in self._key_index.longest_hits(tokens)
            if len(h.payloads) == 1
        ]
        taken = {i for m in found for i in range(m.start, m.end)}
        for i, token in enumerate(tokens):
            if i in taken or not token.is_word or len(token.norm) < 5:
                continue
            keys = {
                k
                for word, ks in self._key_prefixes.items()
                if _common_prefix(word, token.norm) >= 5
                for k in ks
            }
            if len(keys) == 1:
                found.append(KeyMention(i, i + 1, keys.pop()))
        return sorted(found, key=lambda m: m.start)

    def find_values(
        self, tokens: Sequence[Token], keys: Sequence[KeyMention] | None = None
    ) -> list[ValueMention]:
        """Option values in the message, one meaning each, without overlaps, in text order.

        Args:
            tokens: The tokenized message.
            keys: Option names already found with :meth:`find_keys` (found here otherwise).

        Returns:
            The values found; see the module docstring for how each is recognised.
        """
        keys = self.find_keys(tokens) if keys is None else keys
        candidates: list[tuple[int, int, list[_Term]]] = [
            (h.start, h.end, list(h.payloads)) for h in self._terms.hits(tokens)
        ]
        candidates += self._amount_hits(tokens)
        candidates += self._none_hits(tokens, keys)
        candidates += self._prefix_hits(tokens, {i for s, e, _ in candidates for i in range(s, e)})
        scored = []
        for start, end, terms in candidates:
            keyed_terms = [t for t in terms if _next_to_key(start, end, t.key, keys, tokens)]
            if not keyed_terms:
                # "black lens": "lens" names no single option, but only lens color has it and black.
                near = {t.norm for t in tokens[max(0, start - 1) : start]} | {
                    t.norm for t in tokens[end : end + 1]
                }
                keyed_terms = [t for t in terms if near & self._key_words[t.key]]
                if len({t.key for t in keyed_terms}) == len({t.key for t in terms}):
                    keyed_terms = []
            usable = keyed_terms or [t for t in terms if t.kind != "weak"]
            if usable:
                scored.append((start, end, usable, bool(keyed_terms)))
        chosen: list[tuple[int, int, list[_Term], bool]] = []
        taken: set[int] = set()
        best_first = sorted(
            scored,
            key=lambda c: (c[0] - c[1], not c[3], -max(_KIND_RANK[t.kind] for t in c[2]), c[0]),
        )
        for start, end, terms, keyed in best_first:
            if taken.isdisjoint(range(start, end)):
                chosen.append((start, end, terms, keyed))
                taken.update(range(start, end))
        chosen.sort(key=lambda c: c[0])
        claimed = {c[2][0].key for c in chosen if len({t.key for t in c[2]}) == 1}
        mentions = []
        for start, end, terms, keyed in chosen:
            term = min(terms, key=lambda t: (-_KIND_RANK[t.kind], t.key in claimed, _key_rank(t.key)))
            if not self._inside_unknown_size(tokens, start, term.key):
                mentions.append(ValueMention(start, end, term.key, term.value, keyed, term.kind))
        return mentions

    def _inside_unknown_size(self, tokens: Sequence[Token], start: int, key: str) -> bool:
        """Whether the value at ``start`` ends a longer size word whose letter these sizes lack
        ("large" in "extra large" where there is no XL)."""
        if start == 0 or "size" not in phrase_tokens(key):
            return False
        letters = {v.lower() for v in self._values.get(key, ())}
        if not letters <= _LETTER_SIZES:
            return False
        phrase = f"{tokens[start - 1].text} {tokens[start].text}"
        letter = _SIZE_LETTERS.get(phrase)
        return letter is not None and letter not in letters

    def unknown_values(
        self, tokens: Sequence[Token], found: Sequence[ValueMention], keys: Sequence[KeyMention]
    ) -> list[Unknown]:
        """Values asked for that these options lack: "8 bar", "size 13", "in pink".

        Args:
            tokens: The tokenized message.
            found: Values found by :meth:`find_values` (their words are not reported).
            keys: Option names found by :meth:`find_keys`.

        Returns:
            The unknown values, in text order, each with the option it would belong to.
        """
        taken = {i for m in found for i in range(m.start, m.end)}
        unknown: list[Unknown] = []
        for quantity in quantities(tokens):
            if not taken.isdisjoint(range(quantity.start, quantity.end)):
                continue
            key = self._key_of_dimension(quantity.dimension, quantity.start, quantity.end, keys)
            if key is not None:
                unknown.append(self._unknown(tokens, quantity.start, quantity.end, key))
                taken.update(range(quantity.start, quantity.end))
        for i, token in enumerate(tokens):
            if i in taken:
                continue
            if token.is_number:
                key = self._numeric_key_next_to(i, keys, tokens)
                if key is not None:
                    unknown.append(self._unknown(tokens, i, i + 1, key))
            elif token.text in COLOR_WORDS:
                color_keys = [k for k in self._values if "color" in phrase_tokens(k)]
                if color_keys:
                    unknown.append(self._unknown(tokens, i, i + 1, color_keys[0]))
        unknown += self._unknown_sizes(tokens, taken)
        return sorted(unknown, key=lambda u: u.start)

    def _unknown_sizes(self, tokens: Sequence[Token], taken: set[int]) -> list[Unknown]:
        """Size words ("small", "extra large") for a letter size these values lack."""
        size_keys = [
            k
            for k, values in self._values.items()
            if "size" in phrase_tokens(k) and {v.lower() for v in values} <= _LETTER_SIZES
        ]
        if not size_keys:
            return []
        found = []
        i = 0
        while i < len(tokens):
            width = next(
                (
                    n
                    for n in (3, 2, 1)
                    if " ".join(t.text for t in tokens[i : i + n]) in _SIZE_PHRASES
                    and taken.isdisjoint(range(i, i + n))
                ),
                0,
            )
            if width:
                found.append(self._unknown(tokens, i, i + width, size_keys[0]))
                i += width
            else:
                i += 1
        return found

    def order(self, key: str) -> Mapping[str, float] | None:
        """How the values of an option rank, smallest first, or ``None`` if they do not.

        Numbers and amounts rank by size (units converted: "512GB SSD" < "1TB SSD"; "i5" < "i7"),
        words by a known scale (S < M < L, low < medium < high, beginner < expert).
        """
        return self._order.get(key)

    # -- helpers ---------------------------------------------------------------------------

    def _amount_hits(self, tokens: Sequence[Token]) -> list[tuple[int, int, list[_Term]]]:
        hits = []
        for quantity in quantities(tokens):
            terms = [
                _Term(key, value, "exact")
                for key, amounts in self._amounts.items()
                for value, amount in amounts.items()
                if amount.dimension == quantity.dimension and _same_amount(amount.amount, quantity.amount)
            ]
            if terms:
                hits.append((quantity.start, quantity.end, terms))
        return hits

    def _none_hits(
        self, tokens: Sequence[Token], keys: Sequence[KeyMention]
    ) -> list[tuple[int, int, list[_Term]]]:
        """Find "no backlight", "without armrests": the option's value "none"."""
        hits = []
        for mention in keys:
            none = self.canonical(mention.key, "none")
            if none is None:
                continue
            before = mention.start - 1
            if before >= 0 and tokens[before].text in ("any", "a") and before > 0:
                before -= 1
            if before >= 0 and tokens[before].text in _NONE_CUES:
                hits.append((before, mention.end, [_Term(mention.key, none, "exact")]))
        return hits

    def _prefix_hits(self, tokens: Sequence[Token], taken: set[int]) -> list[tuple[int, int, list[_Term]]]:
        """Find the start of exactly one single-word value ("soft" → "softshell")."""
        hits = []
        for i, token in enumerate(tokens):
            if i in taken or not token.is_word or len(token.text) < 4 or not _is_part_word(token.text):
                continue
            terms = [
                _Term(key, value, "partial")
                for key, values in self._values.items()
                for value in values
                if (words := phrase_tokens(value))
                and len(words) == 1
                and words[0].startswith(token.text)
                and len(words[0]) >= len(token.text) + 3
            ]
            if len(terms) == 1:
                hits.append((i, i + 1, terms))
        return hits

    def _key_of_dimension(
        self, dimension: str, start: int, end: int, keys: Sequence[KeyMention]
    ) -> str | None:
        owners = [
            k
            for k, amounts in self._amounts.items()
            if any(a.dimension == dimension for a in amounts.values())
        ]
        if len(owners) > 1:
            near = [m.key for m in keys if m.key in owners and (m.start == end or m.end == start)]
            owners = near or owners
        return owners[0] if owners else None

    def _numeric_key_next_to(self, i: int, keys: Sequence[KeyMention], tokens: Sequence[Token]) -> str | None:
        for mention in keys:
            order = self._order.get(mention.key)
            amounts = self._amounts.get(mention.key, {})
            numeric = order is not None and amounts and all(a.dimension == "" for a in amounts.values())
            if numeric and (mention.end == i or mention.start == i + 1 or _glued(mention, i, tokens)):
                return mention.key
        return None

    @staticmethod
    def _unknown(tokens: Sequence[Token], start: int, end: int, key: str) -> Unknown:
        return Unknown(start, end, key, " ".join(t.text for t in tokens[start:end]))


def _forms(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    """A phrase as words, and glued into one word when it is a short phrase ("wi fi" → "wifi")."""
    forms = {words}
    if 1 < len(words) <= 3 and all(w.isalpha() for w in words):
        forms.add(("".join(words),))
    return forms


def _adjective(words: tuple[str, ...]) -> tuple[str, ...]:
    """Turn a property into the adjective shoppers use ("water resistance" → "water resistant")."""
    last = words[-1]
    for noun, adjective in (("ance", "ant"), ("ence", "ent"), ("ility", "le")):
        if last.endswith(noun):
            return (*words[:-1], last[: -len(noun)] + adjective)
    return words


def _is_weak(words: tuple[str, ...]) -> bool:
    if len(words) != 1:
        return False
    word = words[0]
    return len(word) <= 1 or bool(re.fullmatch(r"[0-9.%]+", word)) or word in _WEAK_WORDS


def _is_part_word(word: str) -> bool:
    """Whether a word of a value may stand for the value on its own (a unit such as "piece" or
    "inch" may not: "1000-piece" names no "2-piece")."""
    return (
        word.isalpha()
        and len(word) >= 3
        and word not in _WEAK_WORDS
        and word not in _FUNCTION_WORDS
        and word not in UNITS
    )


_FUNCTION_WORDS = frozenset(
    {
        "and",
        "for",
        "the",
        "with",
        "not",
        "non",
        "but",
        "you",
        "are",
        "was",
        "can",
        "has",
        "have",
        "this",
        "that",
        "one",
        "two",
        "its",
        "it's",
        "our",
        "your",
        "new",
        "old",
        "same",
        "more",
        "less",
        "very",
        "size",
        "type",
        "want",
        "need",
        "like",
        "please",
        "would",
        "could",
        "should",
        "some",
        "what",
        "which",
        "there",
        "here",
        "them",
        "they",
        "then",
        "than",
        "also",
        "just",
        "only",
    }
)


def _next_to_key(start: int, end: int, key: str, keys: Sequence[KeyMention], tokens: Sequence[Token]) -> bool:
    for mention in keys:
        if mention.key != key:
            continue
        if mention.start == end or mention.end == start:
            return True
        # One small word between: "size of 8", "8 in size", "a 15 inch screen".
        if mention.start == end + 1 and tokens[end].text in _KEY_GLUE:
            return True
        if mention.end == start - 1 and tokens[start - 1].text in _KEY_GLUE:
            return True
        if mention.start <= start and end <= mention.end:
            return True
    return False


def _glued(mention: KeyMention, i: int, tokens: Sequence[Token]) -> bool:
    return (mention.start == i + 2 and tokens[i + 1].text in _KEY_GLUE) or (
        mention.end == i - 1 and tokens[i - 1].text in _KEY_GLUE
    )


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _same_amount(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _key_rank(key: str) -> tuple[int, str]:
    return (KEY_PRIORITY.index(key) if key in KEY_PRIORITY else len(KEY_PRIORITY), key)


def _value_amount(words: tuple[str, ...]) -> _ValueAmount | None:
    """Read the one number of a value ("1TB SSD" → 1000 data + "ssd", "i7" → 7 + "i"), else None."""
    numbers = [i for i, w in enumerate(words) if w[:1].isdigit()]
    if len(numbers) != 1:
        return None
    i = numbers[0]
    unit = UNITS.get(words[i + 1]) if i + 1 < len(words) else None
    rest = tuple(w for j, w in enumerate(words) if j != i and not (unit and j == i + 1))
    factor = unit[1] if unit else 1.0
    return _ValueAmount(float(words[i]) * factor, unit[0] if unit else "", rest)


def _order(values: tuple[str, ...], amounts: Mapping[str, _ValueAmount]) -> dict[str, float] | None:
    if len(values) < 2:
        return None
    if len(amounts) == len(values):
        signatures = {(a.dimension, a.rest) for a in amounts.values()}
        if len(signatures) == 1:
            return {v: amounts[v].amount for v in values}
    lowered = {v: v.lower() for v in values}
    for scale in _SCALES:
        if set(lowered.values()) <= set(scale):
            return {v: float(scale.index(lowered[v])) for v in values}
    return None
