"""What a shopper wants changed about an item, read from one message against one product's options.

:func:`read_wish` turns "the same one but with clicky switches", "size 8, same material, don't care
about waterproof" or "a bigger one, prefer battery > USB" into a :class:`Wish`: hard values, soft
preferences, excluded values, options to keep, options the shopper does not care about, moves
along ordered options ("bigger", "1000 more pieces", "maximum zoom") and a price wish
("cheapest"). Reading is rule-based and scoped by clause:

* **Negation** — a value right after "not", "no longer", "don't want", "instead of", "rather
  than", "other than", "without" (small words and "or"-lists in between allowed) is excluded.
* **Preference** — values after "prefer"/"ideally" up to the end of the clause, or right before
  "if possible", are soft and ranked in the order named ("battery > USB > AC", "animals over
  art", "art rather than animals").
* **Indifference** — "don't care about X", "any X", "X doesn't matter" frees option X.
* **Keeping** — "same X", "keep the X and Y", "keeping the leather strap" keep those options as
  they are; "same one but", "everything else the same" is noted as ``same_otherwise``.
* **From/to** — when an option gets two values and one is the current item's, the current one is
  the description of what the shopper has and is dropped ("the 17-inch laptop to the 13-inch").
* **Comparisons** — "bigger", "less bright", "slightly lower resolution", "one size smaller",
  "500 pieces less", "maximum zoom", "easiest", "i7 or above"; the option is the one named next
  to the word, else the one the adjective implies (bigger → size, capacity, length ...).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from support.extract import find_item_ids
from support.options import KeyMention, OptionVocabulary, ValueMention
from support.text import CLAUSE_BREAKS, Token, number_of, phrase_tokens, tokenize

__all__ = ["Direction", "PriceWish", "Shift", "Wish", "read_wish"]

Direction = Literal["up", "down", "max", "min"]
PriceWish = Literal["cheapest", "cheaper", "pricier", "priciest"]

# Words that end the scope of a cue (besides sentence punctuation).
_BOUNDARY_WORDS = frozenset(
    {"but", "though", "although", "however", "if", "unless", "otherwise", "because", "since", "so"}
)
_NEGATION_CUES: tuple[tuple[str, ...], ...] = (
    ("no", "longer"),
    ("instead", "of"),
    ("rather", "than"),
    ("other", "than"),
    ("anything", "but"),
    ("except", "for"),
    ("not",),
    ("no",),
    ("never",),
    ("without",),
    ("except",),
    ("nor",),
)
_CONTRACTED_NOT = re.compile(r"^[a-z]+n't$")
# Words that may stand between a negation and the value it negates ("don't want it in blue").
_NEGATION_FILLER = frozenset(
    {
        "the",
        "a",
        "an",
        "my",
        "one",
        "ones",
        "it",
        "in",
        "with",
        "any",
        "current",
        "old",
        "that",
        "this",
        "those",
        "these",
        "is",
        "are",
        "was",
        "be",
        "want",
        "wanted",
        "like",
        "need",
        "needed",
        "more",
        "of",
        "to",
        "get",
        "have",
        "really",
        "colour",
        "color",
        "version",
        "model",
        "kind",
        "type",
    }
)
_LIST_LINKS = frozenset({"or", "nor", "and"})  # not ",": "no longer blue, red please" wants red
_PREFER_CUES: tuple[tuple[str, ...], ...] = (
    ("prefer",),
    ("preferably",),
    ("preferred",),
    ("prefered",),
    ("ideally",),
    ("would", "rather"),
    ("rather", "have"),
    ("like", "best"),
)
_AFTER_PREFER_CUES: tuple[tuple[str, ...], ...] = (
    ("if", "possible"),
    ("if", "available"),
    ("if", "you", "have", "it"),
    ("if", "you", "have", "one"),
    ("preferably",),
    ("ideally",),
    ("would", "be", "nice"),
    ("would", "be", "great"),
    ("is", "preferred"),
)
_LESS_LIKED = frozenset({"over", "than", "to"})
_FREE_FORWARD: tuple[tuple[str, ...], ...] = (
    ("don't", "care"),
    ("do", "not", "care"),
    ("dont", "care"),
    ("doesn't", "care"),
    ("don't", "mind"),
    ("do", "not", "mind"),
    ("regardless", "of"),
    ("whatever",),
    ("no", "preference"),
    ("doesn't", "need", "to", "be"),
    ("does", "not", "need", "to", "be"),
    ("don't", "need", "it", "to", "be"),
    ("not", "picky", "about"),
)
_FREE_BACKWARD: tuple[tuple[str, ...], ...] = (
    ("doesn't", "matter"),
    ("does", "not", "matter"),
    ("not", "important"),
    ("either", "way"),
    ("is", "not", "important"),
    ("can", "be", "anything"),
)
_KEEP_CUES = frozenset({"same", "keep", "keeping", "maintain", "retain", "unchanged"})
_KEEP_FILLER = frozenset(
    {
        "the",
        "my",
        "its",
        "current",
        "as",
        "before",
        "of",
        "it",
        "and",
        ",",
        "&",
        "/",
        "a",
        "both",
        "original",
        "exact",
        "exactly",
        "in",
        "with",
    }
)
_SAME_OTHERWISE = re.compile(
    r"\bsame (?:one|item|thing|model|product|kind|version|specs?|specifications?|options?|features?|"
    r"everything|as (?:the one|my|before|the original|the current|what i have))\b"
    r"|\b(?:everything|all|anything) else (?:the )?same\b|\b(?:everything|all) else (?:stays|unchanged)\b"
    r"|\botherwise (?:the )?same\b|\bsame otherwise\b"
    r"|\b(?:other|remaining|rest of the) (?:specs?|specifications?|options?|features?|settings?)\b"
    r"[^.;]{0,30}\bsame\b"
    r"|\bkeep (?:everything|all) else\b|\bwithout changing (?:the |any )?other\b"
    r"|\b(?:all|everything) else (?:as is|as it is)\b"
)
_TARGET_MARKERS = frozenset({"to", "for", "into", "instead", ">"})

# Comparative and superlative words: direction and the option words they imply.
_SIZE_HINTS = ("size", "capacity", "length", "diameter", "height", "piece", "weight", "thickness")
_COMPARATIVES: Mapping[str, tuple[Direction, tuple[str, ...]]] = {
    "bigger": ("up", _SIZE_HINTS),
    "larger": ("up", _SIZE_HINTS),
    "smaller": ("down", _SIZE_HINTS),
    "longer": ("up", ("length",)),
    "shorter": ("down", ("length", "height")),
    "taller": ("up", ("height",)),
    "thicker": ("up", ("thick",)),
    "thinner": ("down", ("thick",)),
    "brighter": ("up", ("bright",)),
    "dimmer": ("down", ("bright",)),
    "heavier": ("up", ("weight",)),
    "lighter": ("down", ("weight",)),
    "easier": ("down", ("difficulty",)),
    "harder": ("up", ("difficulty",)),
    "faster": ("up", ("speed",)),
    "slower": ("down", ("speed",)),
    "wider": ("up", ("field", "width")),
    "narrower": ("down", ("field", "width")),
    "higher": ("up", ()),
    "more": ("up", ()),
    "greater": ("up", ()),
    "up": ("up", ()),
    "lower": ("down", ()),
    "less": ("down", ()),
    "fewer": ("down", ()),
    "down": ("down", ()),
}
_SUPERLATIVES: Mapping[str, tuple[Direction, tuple[str, ...]]] = {
    "biggest": ("max", _SIZE_HINTS),
    "largest": ("max", _SIZE_HINTS),
    "smallest": ("min", _SIZE_HINTS),
    "longest": ("max", ("length",)),
    "shortest": ("min", ("length", "height")),
    "tallest": ("max", ("height",)),
    "thickest": ("max", ("thick",)),
    "thinnest": ("min", ("thick",)),
    "brightest": ("max", ("bright",)),
    "dimmest": ("min", ("bright",)),
    "heaviest": ("max", ("weight",)),
    "lightest": ("min", ("weight",)),
    "easiest": ("min", ("difficulty",)),
    "hardest": ("max", ("difficulty",)),
    "fastest": ("max", ("speed",)),
    "slowest": ("min", ("speed",)),
    "highest": ("max", ()),
    "most": ("max", ()),
    "maximum": ("max", ()),
    "max": ("max", ()),
    "greatest": ("max", ()),
    "top": ("max", ()),
    "lowest": ("min", ()),
    "least": ("min", ()),
    "fewest": ("min", ()),
    "minimum": ("min", ()),
    "min": ("min", ()),
}
# Words that need an option named next to them to mean a comparison ("more" alone means nothing).
_NEEDS_KEY = frozenset(word for word, (_, hints) in {**_COMPARATIVES, **_SUPERLATIVES}.items() if not hints)
_PRICE_PATTERNS: tuple[tuple[re.Pattern[str], PriceWish], ...] = (
    (
        re.compile(
            r"\b(?:cheapest|least expensive|lowest[- ]priced?|lowest cost|most affordable|"
            r"least costly|lowest price)\b"
        ),
        "cheapest",
    ),
    (
        re.compile(
            r"\b(?:most expensive|priciest|highest[- ]priced?|most costly|highest price|"
            r"top of the line)\b"
        ),
        "priciest",
    ),
    (
        re.compile(
            r"\b(?:cheaper|less expensive|lower[- ]priced?|more affordable|less costly|"
            r"lower price|costs? less)\b"
        ),
        "cheaper",
    ),
    (
        re.compile(
            r"\b(?:more expensive|pricier|higher[- ]priced?|costlier|higher price|"
            r"more costly|costs? more)\b"
        ),
        "pricier",
    ),
)
_PRICE_WORDS = frozenset({"expensive", "price", "priced", "cost", "costly", "affordable", "pricey"})
_AT_LEAST_AFTER: tuple[tuple[str, ...], ...] = (
    ("or", "above"),
    ("or", "higher"),
    ("or", "better"),
    ("or", "more"),
    ("or", "up"),
    ("or", "greater"),
    ("or", "bigger"),
    ("or", "larger"),
    ("and", "up"),
    ("and", "above"),
    ("and", "higher"),
    ("+",),
)
_AT_MOST_AFTER: tuple[tuple[str, ...], ...] = (
    ("or", "below"),
    ("or", "lower"),
    ("or", "less"),
    ("or", "smaller"),
    ("or", "under"),
    ("and", "below"),
    ("and", "under"),
)
_AT_LEAST_BEFORE: tuple[tuple[str, ...], ...] = (("at", "least"), ("minimum",), ("min",))
_AT_MOST_BEFORE: tuple[tuple[str, ...], ...] = (
    ("at", "most"),
    ("up", "to"),
    ("no", "more", "than"),
    ("maximum",),
    ("max",),
)


@dataclass(frozen=True)
class Shift:
    """A move along an ordered option.

    Attributes:
        key: The option.
        direction: ``up``/``down`` relative to the current item; ``max``/``min`` absolute.
        amount: For up/down, how far when said ("1000 more pieces" → 1000, "one size smaller" → 1):
            in the option's units, or in steps when no value lies that far.
    """

    key: str
    direction: Direction
    amount: float | None = None


@dataclass(frozen=True)
class Wish:
    """What the shopper asked for, option by option.

    Attributes:
        values: Option → acceptable values (hard), in the order named.
        preferred: Option → values liked better (soft), best first.
        excluded: Option → values that must not be chosen.
        kept: Options that must stay as the current item has them.
        free: Options the shopper does not care about.
        shifts: Option → a move along its order ("bigger", "maximum").
        price: A price wish: ``cheapest``, ``cheaper``, ``pricier`` or ``priciest``.
        same_otherwise: The shopper wants everything not named to stay the same.
        item_ids: Literal 10-digit item ids in the message.
        not_offered: Values asked for that the options lack, as "pressure 8 bar".
    """

    values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    preferred: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    excluded: Mapping[str, frozenset[str]] = field(default_factory=dict)
    kept: frozenset[str] = frozenset()
    free: frozenset[str] = frozenset()
    shifts: Mapping[str, Shift] = field(default_factory=dict)
    price: PriceWish | None = None
    same_otherwise: bool = False
    item_ids: tuple[str, ...] = ()
    not_offered: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Whether the message asks for nothing at all."""
        return not (
            self.values
            or self.preferred
            or self.excluded
            or self.kept
            or self.shifts
            or self.price
            or self.item_ids
            or self.not_offered
        )


def read_wish(vocabulary: OptionVocabulary, old: Mapping[str, str] | None, text: str) -> Wish:
    """Read what a message asks of a replacement item.

    Args:
        vocabulary: The options of the product being chosen from.
        old: The current item's options, or ``None`` when there is none (comparisons such as
            "bigger" and "same size" then mean nothing).
        text: The shopper's message (or the part of it about this item).

    Returns:
        The wish; empty when the message names nothing about these options.
    """
    tokens = tokenize(text)
    keys = vocabulary.find_keys(tokens)
    mentions = vocabulary.find_values(tokens, keys)
    bounds = _clause_ids(tokens)

    free_spans = _free_spans(tokens, bounds)
    free = {k.key for k in keys if _inside(k.start, free_spans) or _after_any(tokens, k)}
    free |= {m.key for m in mentions if _inside(m.start, free_spans)}
    mentions = [m for m in mentions if not _inside(m.start, free_spans)]

    # "500 pieces less": the number is how far to move, not a value wanted.
    shifts, shift_spans = _shifts(vocabulary, tokens, keys, old)
    mentions = [m for m in mentions if not _inside(m.start, shift_spans)]

    prefer_spans = _prefer_spans(tokens, bounds)
    preferred: dict[str, list[str]] = {}
    hard: list[ValueMention] = []
    excluded: dict[str, set[str]] = {}
    negated = _negated(tokens, mentions)
    for mention in mentions:
        in_prefer = _inside(mention.start, prefer_spans) or _soft_after(tokens, mention)
        if in_prefer:
            # "prefer animals over art": art is liked less, so it ranks after animals.
            if mention not in negated or _less_liked(tokens, mention, prefer_spans):
                _append(preferred.setdefault(mention.key, []), mention.value)
        elif mention in negated:
            excluded.setdefault(mention.key, set()).add(mention.value)
        else:
            hard.append(mention)

    kept, kept_values, same_item = _kept(tokens, keys, mentions)
    price = _price(tokens)
    values = _hard_values(vocabulary, tokens, hard, old, shifts)
    for key in kept_values:
        values.setdefault(key, [kept_values[key]])

    kept -= set(shifts)  # "the same size but bigger" cannot keep the size
    for key in free:
        values.pop(key, None)
        preferred.pop(key, None)
        kept.discard(key)
    if old is not None:
        for key in list(kept):
            if key in values and values[key] != [old.get(key)]:
                kept.discard(key)  # "same size ... size L": the explicit value wins
    unknown = vocabulary.unknown_values(tokens, mentions, keys)
    not_offered = [
        f"{u.key} {u.text}"
        for u in unknown
        if not _inside(u.start, free_spans)
        and not any(s <= u.start < e for s, e in shift_spans)
        and u.start not in {i for m in negated for i in range(m.start, m.end)}
        and not _negated_unknown(tokens, u.start)
    ]
    return Wish(
        values={k: tuple(v) for k, v in values.items() if v},
        preferred={k: tuple(v) for k, v in preferred.items() if v},
        excluded={k: frozenset(v) for k, v in excluded.items()},
        kept=frozenset(kept - free),
        free=frozenset(free),
        shifts=shifts,
        price=price,
        same_otherwise=same_item or bool(_SAME_OTHERWISE.search(" ".join(t.text for t in tokens))),
        item_ids=tuple(find_item_ids(text)),
        not_offered=tuple(dict.fromkeys(not_offered)),
    )


# -- scopes ---------------------------------------------------------------------------------


def _clause_ids(tokens: Sequence[Token]) -> list[int]:
    """A clause number per token: punctuation and words such as "but"/"if" start a new one."""
    ids, current = [], 0
    for token in tokens:
        if token.text in CLAUSE_BREAKS or token.text in _BOUNDARY_WORDS:
            current += 1
        ids.append(current)
    return ids


def _match_at(tokens: Sequence[Token], i: int, phrase: tuple[str, ...]) -> bool:
    return i + len(phrase) <= len(tokens) and all(tokens[i + j].text == w for j, w in enumerate(phrase))


def _ends_at(tokens: Sequence[Token], end: int, phrases: Sequence[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The cue among ``phrases`` whose last word is ``tokens[end - 1]``, longest first."""
    for phrase in sorted(phrases, key=len, reverse=True):
        start = end - len(phrase)
        if start >= 0 and _match_at(tokens, start, phrase):
            return phrase
    return None


def _inside(i: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= i < end for start, end in spans)


def indifferent_spans(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """Token ranges the shopper does not care about ("I don't care about waterproof or not")."""
    return _free_spans(tokens, _clause_ids(tokens))


def _free_spans(tokens: Sequence[Token], bounds: Sequence[int]) -> list[tuple[int, int]]:
    spans = []
    for i in range(len(tokens)):
        for cue in _FREE_FORWARD:
            if _match_at(tokens, i, cue):
                start = end = i + len(cue)
                while (
                    end < len(tokens)
                    and end - start < 6
                    and bounds[end] == bounds[i]
                    and tokens[end].text != ","
                ):
                    end += 1
                spans.append((start, end))
        for cue in _FREE_BACKWARD:
            if _match_at(tokens, i, cue):
                start = i
                while (
                    start > 0
                    and i - start < 4
                    and bounds[start - 1] == bounds[i]
                    and tokens[start - 1].text != ","
                ):
                    start -= 1
                spans.append((start, i))
    return spans


def _after_any(tokens: Sequence[Token], key: KeyMention) -> bool:
    """Whether "any" frees the option ("any colour"; but "without any backlight" does not)."""
    j = key.start - 1
    if j >= 0 and tokens[j].text == "other":
        j -= 1
    if j < 0 or tokens[j].text != "any":
        return False
    return not (j > 0 and tokens[j - 1].text in ("without", "no", "not"))


def _prefer_spans(tokens: Sequence[Token], bounds: Sequence[int]) -> list[tuple[int, int]]:
    spans = []
    for i in range(len(tokens)):
        for cue in _PREFER_CUES:
            if _match_at(tokens, i, cue):
                end = i + len(cue)
                while end < len(tokens) and bounds[end] == bounds[i]:
                    end += 1
                spans.append((i + len(cue), end))
    return spans


def _soft_after(tokens: Sequence[Token], mention: ValueMention) -> bool:
    """Whether a soft cue follows the value ("black if possible", "grey preferably")."""
    j = mention.end
    while j < len(tokens) and (tokens[j].text in (",", "one", "ones") or tokens[j].text in ("is", "would")):
        if any(_match_at(tokens, j, cue) for cue in _AFTER_PREFER_CUES):
            return True
        j += 1
    return any(_match_at(tokens, j, cue) for cue in _AFTER_PREFER_CUES)


def _less_liked(tokens: Sequence[Token], mention: ValueMention, spans: Sequence[tuple[int, int]]) -> bool:
    """In "prefer animals over art", "art" is liked less: it is neither wanted nor excluded."""
    j = mention.start - 1
    while j >= 0 and tokens[j].text in ("the", "a", "an", "one"):
        j -= 1
    if j < 0:
        return False
    if tokens[j].text in _LESS_LIKED or _ends_at(tokens, j + 1, (("rather", "than"), ("instead", "of"))):
        return _inside(j, spans)
    return False


def _negated(tokens: Sequence[Token], mentions: Sequence[ValueMention]) -> set[ValueMention]:
    """Mentions that follow a negation cue, directly or through a list ("not red or blue")."""
    negated: set[ValueMention] = set()
    by_end = {m.end: m for m in mentions}
    for mention in mentions:
        j = mention.start
        while j > 0:
            previous = by_end.get(j - 1) if tokens[j - 1].text in _LIST_LINKS else None
            if previous is not None:
                if previous in negated:
                    negated.add(mention)
                break
            if _ends_at(tokens, j, _NEGATION_CUES) or _CONTRACTED_NOT.match(tokens[j - 1].text):
                negated.add(mention)
                break
            if tokens[j - 1].text not in _NEGATION_FILLER or mention.start - j > 5:
                break
            j -= 1
    return negated


def _negated_unknown(tokens: Sequence[Token], start: int) -> bool:
    j = start
    while j > 0 and start - j <= 3:
        if _ends_at(tokens, j, _NEGATION_CUES) or _CONTRACTED_NOT.match(tokens[j - 1].text):
            return True
        if tokens[j - 1].text not in _NEGATION_FILLER:
            return False
        j -= 1
    return False


def _kept(
    tokens: Sequence[Token], keys: Sequence[KeyMention], mentions: Sequence[ValueMention]
) -> tuple[set[str], dict[str, str], bool]:
    """Options the shopper keeps: "same size", "keep the capacity and type", "keeping the leather strap".

    Returns:
        The kept options; the values named inside a keep phrase ("same v-neck" → style v-neck);
        whether "same" was followed by something that is no option ("the same keyboard but …"),
        which means the whole item stays the same except what is named.
    """
    key_at = {k.start: k for k in keys}
    value_at = {m.start: m for m in mentions}
    kept: set[str] = set()
    values: dict[str, str] = {}
    whole_item = False
    for i, token in enumerate(tokens):
        if token.text not in _KEEP_CUES:
            continue
        j = i + 1
        while j < len(tokens) and tokens[j].text in ("the", "my", "a", "exact", "exactly"):
            j += 1
        if (
            token.text == "same"
            and j < len(tokens)
            and tokens[j].is_word
            and j not in key_at
            and j not in value_at
        ):
            whole_item = whole_item or tokens[j].text not in (
                "as",
                "and",
                "or",
                "but",
                "time",
                "price",
                "day",
            )
        while j < len(tokens):
            if j in value_at:
                mention = value_at[j]
                kept.add(mention.key)
                values[mention.key] = mention.value
                j = mention.end
            elif j in key_at:
                kept.add(key_at[j].key)
                j = key_at[j].end
            elif tokens[j].text in _KEEP_FILLER:
                j += 1
            else:
                break
    # "the size stays the same", "keep the colour the same"
    for mention in keys:
        j = mention.end
        while j < len(tokens) and tokens[j].text in (
            "the",
            "stays",
            "stay",
            "remains",
            "remain",
            "is",
            "are",
            "as",
        ):
            j += 1
        if j < len(tokens) and tokens[j].text in ("same", "unchanged") and j > mention.end:
            kept.add(mention.key)
    return kept, values, whole_item


# -- comparisons and price ----------------------------------------------------------------


def _shifts(
    vocabulary: OptionVocabulary,
    tokens: Sequence[Token],
    keys: Sequence[KeyMention],
    old: Mapping[str, str] | None,
) -> tuple[dict[str, Shift], list[tuple[int, int]]]:
    shifts: dict[str, Shift] = {}
    spans: list[tuple[int, int]] = []
    for i, token in enumerate(tokens):
        entry = _COMPARATIVES.get(token.text) or _SUPERLATIVES.get(token.text)
        if entry is None or _is_price_word(tokens, i):
            continue
        direction, hints = entry
        if direction in ("up", "down") and old is None:
            continue
        key_mention = _key_near(tokens, keys, i)
        key = key_mention.key if key_mention else None
        if key is None and token.text not in _NEEDS_KEY:
            key = _key_from_hints(vocabulary, hints)
        if key is None or vocabulary.order(key) is None:
            continue
        amount = _amount_before(tokens, i, key_mention)
        shifts[key] = Shift(key, direction, amount if direction in ("up", "down") else None)
        lo = min(i, key_mention.start if key_mention else i) - (1 if amount is not None else 0)
        hi = max(i + 1, key_mention.end if key_mention else i + 1)
        spans.append((max(lo, 0), hi))
    return shifts, spans


def _is_price_word(tokens: Sequence[Token], i: int) -> bool:
    nxt = [t.text for t in tokens[i + 1 : i + 3]]
    prev = tokens[i - 1].text if i > 0 else ""
    return bool(set(nxt) & _PRICE_WORDS) or prev in _PRICE_WORDS


def _key_near(tokens: Sequence[Token], keys: Sequence[KeyMention], i: int) -> KeyMention | None:
    """The option named just after a comparison word, else just before ("pressure lower")."""
    after = [k for k in keys if i < k.start <= i + 3 and not _breaks(tokens, i + 1, k.start)]
    if after:
        return min(after, key=lambda k: k.start)
    before = [k for k in keys if i - 3 <= k.end - 1 < i and not _breaks(tokens, k.end, i)]
    if before:
        return max(before, key=lambda k: k.end)
    return None


def _breaks(tokens: Sequence[Token], start: int, end: int) -> bool:
    return any(t.text in CLAUSE_BREAKS or t.text in (",", "and", "but") for t in tokens[start:end])


def _key_from_hints(vocabulary: OptionVocabulary, hints: Sequence[str]) -> str | None:
    """The one ordered option whose name starts with the first hint that fits ("bigger" → capacity)."""
    for hint in hints:
        fits = [
            k
            for k in vocabulary.keys
            if vocabulary.order(k) is not None
            and any(w.startswith(hint) for w in re.findall(r"[a-z]+", k.lower()))
        ]
        if len(fits) == 1:
            return fits[0]
        if len(fits) > 1:
            return None
    return None


def _amount_before(tokens: Sequence[Token], i: int, key: KeyMention | None) -> float | None:
    """Read how far to move ("1000 more pieces", "500 pieces less", "one size smaller")."""
    for j in (i - 1, key.start - 1 if key else -1):
        if 0 <= j < len(tokens) and (j + 1 == i or (key and j + 1 == key.start)):
            number = number_of(tokens[j])
            if number is not None:
                return number
    return None


def _price(tokens: Sequence[Token]) -> PriceWish | None:
    text = " ".join(t.text for t in tokens)
    for pattern, wish in _PRICE_PATTERNS:
        if pattern.search(text):
            return wish
    return None


# -- values -----------------------------------------------------------------------------------


def _hard_values(
    vocabulary: OptionVocabulary,
    tokens: Sequence[Token],
    hard: Sequence[ValueMention],
    old: Mapping[str, str] | None,
    shifts: Mapping[str, Shift],
) -> dict[str, list[str]]:
    by_key: dict[str, list[ValueMention]] = {}
    for mention in hard:
        by_key.setdefault(mention.key, []).append(mention)
    values: dict[str, list[str]] = {}
    for key, found in by_key.items():
        current = old.get(key) if old else None
        names = [m.value for m in found]
        if key in shifts and current is not None:
            names = [v for v in names if v != current]
        if len(set(names)) > 1 and current in names:
            names = [v for v in names if v != current]
            found = [m for m in found if m.value != current]
        if len(set(names)) > 1:
            # "wifi and cellular": "Wi-Fi" is only part of the "Wi-Fi + Cellular" also named.
            words = {name: set(phrase_tokens(name)) for name in names}
            names = [n for n in names if not any(words[n] < words[m] for m in names)]
            found = [m for m in found if m.value in names]
        if len(set(names)) > 1:
            marker = max(
                (i for i, t in enumerate(tokens) if t.text in _TARGET_MARKERS and i < found[-1].start),
                default=-1,
            )
            after = [m.value for m in found if m.start > marker]
            if marker >= 0 and after:
                names = after
        expanded: list[str] = []
        for name in names:
            for value in _with_range(vocabulary, tokens, key, name, found):
                _append(expanded, value)
        if expanded:
            values[key] = expanded
    return values


def _with_range(
    vocabulary: OptionVocabulary, tokens: Sequence[Token], key: str, value: str, found: Sequence[ValueMention]
) -> list[str]:
    """Widen a value to a range when asked ("i7 or above" → i7, i9; "at most 16GB"); else keep it."""
    order = vocabulary.order(key)
    mention = next((m for m in found if m.value == value), None)
    if order is None or mention is None:
        return [value]
    after = any(_match_at(tokens, mention.end, cue) for cue in _AT_LEAST_AFTER)
    before = _ends_at(tokens, mention.start, _AT_LEAST_BEFORE) is not None
    if after or before:
        return sorted((v for v in order if order[v] >= order[value]), key=lambda v: order[v])
    after = any(_match_at(tokens, mention.end, cue) for cue in _AT_MOST_AFTER)
    before = _ends_at(tokens, mention.start, _AT_MOST_BEFORE) is not None
    if after or before:
        return sorted((v for v in order if order[v] <= order[value]), key=lambda v: -order[v])
    return [value]


def _append(values: list[str], value: str) -> None:
    if value not in values:
        values.append(value)
