"""Price phrases in a shopper's text: "under $60", "between 100 and 200", "cheaper", ...

A spaCy :class:`~spacy.matcher.Matcher` finds the phrases on tokens, so it sees "$60" as
``"$", "60"`` and "60 dollars" as ``"60", "dollars"``. Each found phrase becomes a
:class:`PriceMention` holding the token span and the bounds it implies; the caller decides which
mentions survive when they overlap other phrases (a size "size 10" or an ordinal is not a price)
and combines the survivors with :func:`combine_bounds`.

Bounds are inclusive, in cents precision, because :class:`recommender.filters.Filters` compares
inclusively: "under 60" is ``max_price=59.99``, "over 30" is ``min_price=30.01``, while "up to 60"
and "at most 60" are ``60.0``. "around 50" spans ±20 % (40.0–60.0). A bare amount with a currency
marker ("a $50 gift", "50 bucks") is read as "around" that amount. Currency words and symbols are
taken at face value in the catalog's currency: nothing is converted.

The tokenizer must split amounts the way :func:`tune_tokenizer` does ("$60-$80" into five tokens);
the query parser calls it on its own pipeline. spaCy is imported only when a matcher or tokenizer
is built, so importing this module stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "APPROX_SPREAD",
    "ID_MIN_DIGITS",
    "PriceMatcher",
    "PriceMention",
    "combine_bounds",
    "tune_tokenizer",
]

APPROX_SPREAD = 0.20
"""How far "around X" reaches either side of X, as a fraction of X."""

ID_MIN_DIGITS = 7
"""A whole number this long without a currency marker is an id ("about 9523456873"), not a price."""

RelativePrice = Literal["cheaper", "pricier"]

_NUMBER = r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$"
_NUMBER_RE = re.compile(_NUMBER)
_CURRENCY_BEFORE = ["$", "usd", "us$", "€", "£", "eur"]
_CURRENCY_AFTER = ["$", "usd", "dollar", "dollars", "buck", "bucks", "€", "£", "eur", "euro", "euros"]
_DASHES = ["-", "–", "—", "to", "til", "until", "through", "thru"]

# Cue words before an amount, by what they mean.
_BEFORE: dict[str, list[str]] = {
    "MAX_LT": ["under", "below", "beneath", "less than", "cheaper than", "lower than", "<", "sub"],
    "MAX_LE": [
        "no more than", "not more than", "not over", "no over", "not above", "no higher than",
        "max", "max .", "maximum", "at most", "up to", "upto", "within", "< =", "≤", "budget",
        "budget of", "budget is", "my budget is", "budget :", "spend up to", "not exceeding",
    ],
    "MIN_GT": [
        "over", "above", "more than", "greater than", "higher than", "pricier than",
        "more expensive than", ">",
    ],
    "MIN_GE": [
        "at least", "from", "min", "min .", "minimum", "starting at", "starting from", "no less than",
        "not less than", "> =", "≥",
    ],
    "APPROX": [
        "around", "about", "roughly", "approximately", "approx", "approx .", "close to", "near",
        "circa", "~", "in the region of",
    ],
}
# Cue words after an amount.
_AFTER: dict[str, list[str]] = {
    "MAX_LE": ["or less", "or under", "or below", "or cheaper", "max", "maximum", "tops", "at most"],
    "MIN_GE": ["or more", "or above", "or over", "and up", "and above", "+", "plus", "minimum", "at least"],
    "APPROX": ["ish", "- ish", "or so"],
}
# Price words without an amount: a move relative to what was shown.
_RELATIVE: dict[RelativePrice, list[str]] = {
    "cheaper": [
        "cheaper", "less expensive", "more affordable", "less pricey", "lower priced", "lower-priced",
        "lower price", "not as expensive", "more budget friendly", "more budget-friendly",
    ],
    "pricier": [
        "pricier", "more expensive", "more pricey", "higher priced", "higher-priced", "higher price",
        "higher end", "higher-end", "more premium", "less cheap", "fancier",
    ],
}


@dataclass(frozen=True)
class PriceMention:
    """One price phrase found in a doc.

    Attributes:
        start: First token index of the phrase.
        end: Token index just past the phrase.
        min_price: Lowest price it allows (inclusive), or ``None``.
        max_price: Highest price it allows (inclusive), or ``None``.
        relative: ``"cheaper"``/``"pricier"`` for a phrase without an amount, else ``None``.
    """

    start: int
    end: int
    min_price: float | None = None
    max_price: float | None = None
    relative: RelativePrice | None = None


def tune_tokenizer(nlp: Language) -> None:
    """Make the tokenizer split prices, ranges and units the way the price patterns expect.

    spaCy's English rules keep ``"60-$80"``, ``"60–80"``, ``"~50"``, ``"16gb"`` and ``"1k"`` as
    single tokens, and split ``"16GB"``. After this: dashes between amounts, a currency symbol after
    a dash and ``~ ≤ ≥`` before a number are separate tokens, and letters after a number are always
    split off (``"16gb"`` → ``"16", "gb"``; ``"1000ml"`` → ``"1000", "ml"``) so a catalog value and
    the shopper's spelling of it tokenize alike. Ordinal suffixes stay attached (``"2nd"``).

    Args:
        nlp: The pipeline whose tokenizer is changed in place.
    """
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    infixes = [
        *nlp.Defaults.infixes,
        r"(?<=[0-9])[-–—](?=[$€£]?[0-9])",
        r"(?<=[0-9])[kK](?=[-–—][$€£]?[0-9])",
        r"(?<=[0-9][kK])[-–—](?=[$€£]?[0-9])",
        r"(?<=[-–—])[$€£](?=[0-9])",
    ]
    prefixes = [*nlp.Defaults.prefixes, r"~", r"≤", r"≥"]
    suffixes = [*nlp.Defaults.suffixes, r"(?<=[0-9])(?!(?i:st|nd|rd|th)$)[A-Za-z]+"]
    # One new tokenizer rather than three attribute writes: each write reloads every special case.
    nlp.tokenizer = Tokenizer(
        nlp.vocab,
        rules=nlp.Defaults.tokenizer_exceptions,
        prefix_search=compile_prefix_regex(prefixes).search,
        suffix_search=compile_suffix_regex(suffixes).search,
        infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=nlp.Defaults.token_match,
        url_match=nlp.Defaults.url_match,
    )


class PriceMatcher:
    """Finds price phrases in docs made by a pipeline tuned with :func:`tune_tokenizer`.

    Args:
        nlp: The pipeline the docs come from; only its vocab and tokenizer are used.
    """

    def __init__(self, nlp: Language) -> None:
        from spacy.matcher import Matcher

        self._matcher = Matcher(nlp.vocab)
        tokens = nlp.make_doc
        for label, cues in _BEFORE.items():
            patterns = [[*_words(tokens(cue)), *_amount()] for cue in cues]
            self._matcher.add(label, patterns)
        for label, cues in _AFTER.items():
            patterns = [[*_amount(), *_words(tokens(cue))] for cue in cues]
            self._matcher.add(label, patterns)
        dash = {"LOWER": {"IN": _DASHES}}
        self._matcher.add(
            "RANGE",
            [
                [{"LOWER": "between"}, *_amount(), {"LOWER": {"IN": ["and", *_DASHES]}}, *_amount()],
                [{"LOWER": "from"}, *_amount(), dash, *_amount()],
                [*_amount(), dash, *_amount()],
            ],
        )
        self._matcher.add(
            "APPROX",
            [
                [{"LOWER": {"IN": _CURRENCY_BEFORE}}, *_number()],
                [*_number(), {"LOWER": {"IN": _CURRENCY_AFTER}}],
            ],
        )
        for relative, phrases in _RELATIVE.items():
            self._matcher.add(relative.upper(), [_words(tokens(phrase)) for phrase in phrases])

    def find(self, doc: Doc) -> list[PriceMention]:
        """Return every price phrase in the doc, overlapping ones included, in token order.

        Args:
            doc: A doc from the tuned pipeline.

        Returns:
            One mention per match; the caller keeps the longest of overlapping ones.
        """
        mentions = []
        for match_id, start, end in self._matcher(doc):
            label = doc.vocab.strings[match_id]
            mention = _mention(label, doc, start, end)
            if mention is not None:
                mentions.append(mention)
        return sorted(mentions, key=lambda m: (m.start, m.end))


def combine_bounds(mentions: Iterable[PriceMention]) -> tuple[float | None, float | None]:
    """Merge the kept price mentions of one text into one ``(min_price, max_price)``.

    Later mentions win per side ("under 50 ... actually under 80" → 79.99). A bound that would
    cross the other side ("over 100 and under 50") drops the earlier side, so the result is never an
    empty range.

    Args:
        mentions: Kept mentions, in text order.

    Returns:
        The lower and upper bound, each ``None`` when the text names none.
    """
    low: float | None = None
    high: float | None = None
    for mention in mentions:
        if mention.min_price is not None:
            low = mention.min_price
            if high is not None and mention.max_price is None and high < low:
                high = None
        if mention.max_price is not None:
            high = mention.max_price
            if low is not None and mention.min_price is None and low > high:
                low = None
    return low, high


def _words(doc: Doc) -> list[dict[str, Any]]:
    return [{"LOWER": token.lower_} for token in doc]


def _number() -> list[dict[str, Any]]:
    return [{"TEXT": {"REGEX": _NUMBER}}, {"LOWER": "k", "OP": "?"}]


def _amount() -> list[dict[str, Any]]:
    return [
        {"LOWER": {"IN": _CURRENCY_BEFORE}, "OP": "?"},
        *_number(),
        {"LOWER": {"IN": _CURRENCY_AFTER}, "OP": "?"},
    ]


def _amounts(doc: Doc, start: int, end: int) -> list[float]:
    """Read every amount in a span: "1,200" → 1200, "1.5 k" → 1500."""
    values = []
    for i in range(start, end):
        text = doc[i].text
        if not _NUMBER_RE.match(text):
            continue
        value = float(text.replace(",", ""))
        if i + 1 < end and doc[i + 1].lower_ == "k":
            value *= 1000
        values.append(value)
    return values


def _looks_like_id(doc: Doc, start: int, end: int) -> bool:
    words = [t.lower_ for t in doc[start:end]]
    if any(w in _CURRENCY_BEFORE or w in _CURRENCY_AFTER for w in words):
        return False
    return any(w.isascii() and w.isdigit() and len(w) >= ID_MIN_DIGITS for w in words)


def _cents(value: float) -> float:
    return max(0.0, round(value, 2))


def _mention(label: str, doc: Doc, start: int, end: int) -> PriceMention | None:
    if label in ("CHEAPER", "PRICIER"):
        return PriceMention(start, end, relative="cheaper" if label == "CHEAPER" else "pricier")
    values = _amounts(doc, start, end)
    if not values or _looks_like_id(doc, start, end):
        return None
    first = values[0]
    bounds: Sequence[float | None]
    if label == "RANGE":
        if len(values) < 2:
            return None
        low, high = sorted(values[:2])
        bounds = (_cents(low), _cents(high))
    elif label == "MAX_LT":
        bounds = (None, _cents(first - 0.01))
    elif label == "MAX_LE":
        bounds = (None, _cents(first))
    elif label == "MIN_GT":
        bounds = (_cents(first + 0.01), None)
    elif label == "MIN_GE":
        bounds = (_cents(first), None)
    else:  # APPROX
        bounds = (_cents(first * (1 - APPROX_SPREAD)), _cents(first * (1 + APPROX_SPREAD)))
    return PriceMention(start, end, min_price=bounds[0], max_price=bounds[1])
