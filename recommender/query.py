"""Query understanding: turn one shopper message into filters, an embedding text and references.

:class:`QueryParser` is built once per catalog. It takes every word the catalog itself uses (option
values, brands, category labels; see :class:`recommender.catalog.Vocabulary`) and compiles spaCy
matchers from them, so a new colour or brand in the store is understood without retraining. Parsing
needs no spaCy model: the pipeline is ``spacy.blank("en")`` with a tokenizer tuned for prices
(:func:`recommender.price_parse.tune_tokenizer`).

How a message is read:

* Catalog words are matched case-insensitively (spaCy ``PhraseMatcher`` on ``LOWER``), with
  hyphen/space/plural variants ("t-shirt", "t shirt", "tshirt", "t-shirts"; "running shoe"), and
  a multi-word category is also found by its trailing words ("kettle" → electric kettle, tea
  kettle; "security camera" → indoor security camera).
* Values that are stop words, one character long or pure numbers ("M", "10", "none") count only
  next to their option name ("size M", "in size 10", "1000 pieces"); "size S or M" takes both.
* A value used by several option keys goes to the key named next to it ("black lens" → lens
  color), else to a key that the named categories actually have, else to the first of ``color``,
  ``material``, ``size`` and then the alphabetically first key. When categories are named and none
  of them has any of the value's keys, the word constrains nothing (it still reaches the
  embedding text).
* A word that is both a category and an option value ("laptop": a category and a backpack
  compartment) is the category, unless its option name is next to it ("laptop compartment") or
  another named category has that option ("backpack for a laptop"). A brand name beats an option
  value of the same spelling.
* Prices, stock phrases, references to shown items ("the second one", "#3") and product ids are
  found by token patterns; where phrases overlap, the longest wins, and "size 10" or "item 3" is
  never read as a price.

Only the first :data:`MAX_QUERY_CHARS` characters of a message are read, so a pasted 20 kB text
costs no more than a long sentence. :meth:`QueryParser.parse` never raises. spaCy itself is
imported when the first parser is built, not when this module is.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from recommender.filters import Filters
from recommender.price_parse import ID_MIN_DIGITS, PriceMatcher, PriceMention, combine_bounds, tune_tokenizer

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from recommender.catalog import Catalog, Vocabulary

__all__ = [
    "KEY_PRIORITY",
    "MAX_QUERY_CHARS",
    "ParsedQuery",
    "QueryParser",
    "plural",
    "singular",
    "size_words",
]

MAX_QUERY_CHARS = 2000
"""Only this many leading characters of a message are parsed; the rest is ignored."""

KEY_PRIORITY = ("color", "material", "size")
"""Option keys preferred, in this order, when a value belongs to several keys and nothing in the
text decides; other keys follow alphabetically."""

# Words that answer a question rather than describe a product; matched only next to their key.
_ANSWER_WORDS = frozenset({"yes", "no", "none", "ok", "okay"})
# Size words → size letters, used only when the catalog's sizes are letters, not these words.
_SIZE_WORDS = {
    "extra small": "XS", "x-small": "XS", "small": "S", "medium": "M", "large": "L",
    "extra large": "XL", "x-large": "XL", "extra extra large": "XXL", "xx-large": "XXL",
}
_KEY_ALIASES = {"size": ("sz", "sizes"), "color": ("colour", "colours", "colors")}
_LIST_SEPARATORS = frozenset({"or", "and", ",", "/", "&"})

_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "last": -1,
}
_NUMERIC_ORDINAL = re.compile(r"^([0-9]{1,2})(?:st|nd|rd|th)$", re.IGNORECASE)
_DIGITS = re.compile(r"^[0-9]+$")
_ORDINAL_NOUNS = frozenset(
    {"one", "ones", "option", "item", "product", "result", "choice", "pick", "suggestion", "listing"}
)
_DETERMINERS = frozenset({"the", "that", "this", "my", "your"})
_POLITE = frozenset(
    {"please", "pls", "plz", "ok", "okay", "i", "'ll", "ll", "take", "want", "like", "'d", "d",
     "will", "go", "with", "me", "show", "thanks", "thank", "you", "let", "'s", "see", "one"}
)
_INDEX_WORDS = frozenset({"number", "item", "option", "result", "choice", "pick", "product", "#"})
_REF_WORDS = frozenset({"product", "item", "id", "sku", "#", "number", "article"})

_STOCK_PHRASES = (
    "in stock", "in-stock", "instock", "available", "available now", "ready to ship",
    "ready-to-ship", "ships now", "ships today", "on hand",
)
_NEGATIONS = frozenset({"not", "n't", "nt", "no", "never"})
_FILLER_PHRASES = (
    "i'm looking for", "im looking for", "i am looking for", "looking for", "show me",
    "can you show me", "could you show me", "can you", "could you", "would you", "i want",
    "i'd like", "i would like", "i need", "do you have", "do you sell", "have you got", "got any",
    "can i get", "give me", "find me", "help me find", "search for", "please", "pls", "thanks",
    "thank you", "hi", "hello", "hey", "something", "anything",
)
# Dropped from the ends of the embedding text once phrases are cut out ("shoes that are").
_EDGE_WORDS = frozenset(
    {"a", "an", "the", "and", "or", "but", "with", "that", "which", "who", "is", "are", "be", "for",
     "in", "of", "to", "at", "on", "by", "some", "any", "me", "my", "i", "it", "one", "ones",
     "so", "than", "then", "just", "only", "also", "maybe", "now", "not"}
)

# Order among equally long overlapping phrases: catalog words first, filler last.
_KIND_ORDER = {"vocab": 0, "ordinal": 1, "ref": 2, "price": 3, "stock": 4, "filler": 5}
_REMOVED_FROM_SEMANTIC = frozenset({"price", "stock", "ordinal", "ref", "filler"})


@dataclass(frozen=True)
class ParsedQuery:
    """What one shopper message asks for.

    Attributes:
        text: The message as given.
        semantic_text: The message without price, stock, ordinal, id and filler phrases, for
            embedding; colour, material, category and other descriptive words stay.
        filters: Only the constraints this message names (merge with earlier turns via
            :meth:`Filters.merged`).
        relative_price: ``"cheaper"`` or ``"pricier"`` when the shopper asks to move relative to
            what was shown, else ``None``.
        ordinal: 1-based position in the last shown list ("the second one" → 2), ``-1`` for
            "the last one", else ``None``.
        product_ref: A product or item id the shopper typed, else ``None``.
    """

    text: str
    semantic_text: str
    filters: Filters
    relative_price: Literal["cheaper", "pricier"] | None = None
    ordinal: int | None = None
    product_ref: str | None = None


@dataclass(frozen=True)
class _Term:
    """One thing a catalog phrase can mean."""

    kind: Literal["category", "brand", "option"]
    value: str  # canonical, lower-case
    key: str = ""  # option key, for kind "option"
    head: bool = False  # a category found by trailing words only ("kettle")
    keyed: bool = False  # an option value written next to its key ("size M")


@dataclass(frozen=True)
class _Span:
    """A phrase found in the doc: tokens ``start:end`` of one kind, with what it means."""

    start: int
    end: int
    kind: str
    anchored: bool = False  # explicit markers ("size M", "item 3") beat longer phrases
    payload: Any = None

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class _Reading:
    """Mutable accumulator for one parse."""

    options: dict[str, set[str]] = field(default_factory=dict)
    brands: set[str] = field(default_factory=set)
    categories: set[str] = field(default_factory=set)
    prices: list[PriceMention] = field(default_factory=list)
    relative: Literal["cheaper", "pricier"] | None = None
    in_stock: bool = False
    ordinal: int | None = None
    product_ref: str | None = None

    def add(self, term: _Term) -> None:
        if term.kind == "category":
            self.categories.add(term.value)
        elif term.kind == "brand":
            self.brands.add(term.value)
        else:
            self.options.setdefault(term.key, set()).add(term.value)


class QueryParser:
    """Reads shopper messages against one catalog's vocabulary.

    Building compiles the matchers once (about 0.4 s for the τ² catalog, most of it spaCy's own
    start-up); parsing a typical message then takes well under 5 ms (about 0.15 ms measured). A
    parser holds no per-conversation state and can be shared.

    Args:
        vocabulary: The catalog's option values, brands and categories.
        category_options: Category label → option keys its items have. Lets an ambiguous value
            pick the key the named category really uses ("black sunglasses" → frame color rather
            than color, which sunglasses lack). Without it, values fall back to
            :data:`KEY_PRIORITY`. :meth:`from_catalog` fills it in.
    """

    def __init__(
        self, vocabulary: Vocabulary, *, category_options: Mapping[str, Iterable[str]] | None = None
    ) -> None:
        self._nlp = _blank_pipeline()
        self._category_options = {
            label.lower(): frozenset(keys) for label, keys in (category_options or {}).items()
        }
        self._terms: dict[str, set[_Term]] = {}
        self._key_values: dict[str, dict[tuple[str, ...], str]] = {}
        self._key_words: dict[str, frozenset[str]] = {}
        from spacy.matcher import PhraseMatcher

        self._vocab_matcher = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        self._fixed_matcher = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        self._prices = PriceMatcher(self._nlp)
        self._add_vocabulary(vocabulary)
        self._add_fixed("STOCK", _STOCK_PHRASES)
        self._add_fixed("FILLER", _FILLER_PHRASES)

    @classmethod
    def from_catalog(cls, catalog: Catalog) -> QueryParser:
        """Build a parser from a loaded catalog, including which options each category has.

        Args:
            catalog: The loaded catalog.

        Returns:
            A parser for that catalog's words.
        """
        category_options: dict[str, set[str]] = {}
        for product in catalog.products.values():
            keys = category_options.setdefault(product.category, set())
            for variant in product.variants:
                keys.update(variant.options)
        return cls(catalog.vocabulary(), category_options=category_options)

    def parse(self, text: str, *, active_categories: Iterable[str] = ()) -> ParsedQuery:
        """Read one shopper message.

        Args:
            text: The message. Anything is accepted (empty, emoji, RTL scripts, control
                characters, megabytes); only the first :data:`MAX_QUERY_CHARS` characters are read.
            active_categories: Categories already in force from earlier turns. Used only to pick
                the option key of an ambiguous value ("in black" after "sunglasses"); they are not
                copied into the result's filters.

        Returns:
            The parsed message; fields the message does not mention are empty or ``None``.
        """
        raw = text if isinstance(text, str) else ""
        doc = self._nlp.make_doc(_clean(raw[:MAX_QUERY_CHARS]))
        spans = _select(self._find_spans(doc))
        reading = self._read(doc, spans, {c.lower() for c in active_categories if isinstance(c, str)})
        low, high = combine_bounds(reading.prices)
        filters = Filters(
            min_price=low,
            max_price=high,
            options={key: frozenset(values) for key, values in sorted(reading.options.items())},
            brands=frozenset(reading.brands),
            categories=frozenset(reading.categories),
            in_stock=reading.in_stock,
        )
        return ParsedQuery(
            text=raw,
            semantic_text=_semantic_text(doc, spans),
            filters=filters,
            relative_price=reading.relative,
            ordinal=reading.ordinal,
            product_ref=reading.product_ref,
        )

    # -- building -----------------------------------------------------------------------------

    def _norm(self, phrase: str) -> str:
        return " ".join(token.lower_ for token in self._nlp.make_doc(phrase) if not token.is_space)

    def _add_term(self, phrase: str, term: _Term, prefix: str = "T") -> None:
        norm = self._norm(phrase)
        if not norm:
            return
        label = f"{prefix}:{norm}"
        if label not in self._terms:
            self._terms[label] = set()
            self._vocab_matcher.add(label, [self._nlp.make_doc(norm)])
        self._terms[label].add(term)

    def _add_fixed(self, label: str, phrases: Iterable[str]) -> None:
        self._fixed_matcher.add(label, [self._nlp.make_doc(p) for p in phrases])

    def _add_vocabulary(self, vocabulary: Vocabulary) -> None:
        exact = {self._norm(v) for values in vocabulary.options.values() for v in values}
        exact |= {self._norm(b) for b in vocabulary.brands} | {self._norm(c) for c in vocabulary.categories}
        key_words = {w for key in vocabulary.options for w in re.findall(r"[a-z]+", key.lower())}
        for key in sorted(vocabulary.options):
            self._add_option_key(key.lower(), vocabulary.options[key], exact)
        for brand in sorted(vocabulary.brands):
            term = _Term("brand", brand.lower())
            for form in _spellings(brand):
                if form == brand.lower() or self._norm(form) not in exact:
                    self._add_bare(form, term)
        for label in sorted(vocabulary.categories):
            self._add_category(label, exact, key_words)

    def _add_bare(self, phrase: str, term: _Term) -> None:
        """Register a phrase that counts wherever it appears, unless it is too weak alone."""
        if not _is_weak(self._norm(phrase)):
            self._add_term(phrase, term)

    def _add_option_key(self, key: str, values: Iterable[str], exact: set[str]) -> None:
        values = sorted(values)
        forms: dict[str, str] = {}  # spelling → canonical value
        for value in values:
            for form in sorted(_spellings(value)):
                if form == value.lower() or self._norm(form) not in exact:
                    forms.setdefault(form, value.lower())
        if key == "size":
            lower_values = {v.lower() for v in values}
            for word, letters in _SIZE_WORDS.items():
                if letters.lower() in lower_values and word not in lower_values:
                    forms.setdefault(word, letters.lower())
        key_forms = {key, _singular(key) or _plural(key), *_KEY_ALIASES.get(key, ())}
        self._key_words[key] = frozenset(
            w for form in key_forms for word in re.findall(r"[a-z]+", form) for w in (word, _plural(word))
        )
        self._key_values[key] = {tuple(self._norm(form).split()): value for form, value in forms.items()}
        lower_values = {v.lower() for v in values}
        if "yes" in lower_values and lower_values <= {"yes", "no"}:
            # A yes/no option is asked for by its name: "waterproof boots" → waterproof yes.
            for key_form in key_forms:
                self._add_bare(key_form, _Term("option", "yes", key=key))
                if "no" in lower_values:
                    for negation in (f"not {key_form}", f"non-{key_form}", f"non {key_form}", f"no {key_form}"):
                        self._add_term(negation, _Term("option", "no", key=key, keyed=True), prefix="K")
        for form, value in forms.items():
            self._add_bare(form, _Term("option", value, key=key))
            keyed = _Term("option", value, key=key, keyed=True)
            for key_form in key_forms:
                for phrase in (f"{key_form} {form}", f"{key_form}: {form}", f"{form} {key_form}"):
                    self._add_term(phrase, keyed, prefix="K")

    def _add_category(self, label: str, exact: set[str], key_words: set[str]) -> None:
        canonical = label.lower()
        term = _Term("category", canonical)
        for form in _spellings(label, inflect=True):
            if form == canonical or self._norm(form) not in exact:
                self._add_bare(form, term)
        words = re.findall(r"[a-z]+", canonical)
        head_term = _Term("category", canonical, head=True)
        # Trailing words of a longer label: "indoor security camera" → "security camera", "camera".
        for size in range(1, len(words)):
            stem, last = " ".join(words[-size:-1]), words[-1]
            for word in sorted({last, _plural(last), _singular(last) or last}):
                form = f"{stem} {word}".strip()
                if self._may_stand_for_category(form, exact, key_words):
                    self._add_term(form, head_term)

    def _may_stand_for_category(self, form: str, exact: set[str], key_words: set[str]) -> bool:
        """Whether trailing words of a category label may name it alone ("kettle", "security camera")."""
        if " " in form:
            return form not in exact
        if form in exact:
            # Only when the word is an option value ("camera" is a backpack compartment); the
            # resolver then still prefers the option when its key or a matching category is named.
            return any(t.kind == "option" for t in self._terms.get(f"T:{form}", ()))
        return len(form) >= 3 and form not in _stop_words() and form not in key_words

    # -- finding ------------------------------------------------------------------------------

    def _find_spans(self, doc: Doc) -> list[_Span]:
        spans: list[_Span] = []
        for match_id, start, end in self._vocab_matcher(doc):
            label = self._nlp.vocab.strings[match_id]
            terms = frozenset(self._terms[label])
            if label.startswith("K:"):
                key = next(iter(terms)).key
                end, more = self._extend_list(doc, end, key)
                terms = terms | {_Term("option", v, key=key, keyed=True) for v in more}
                spans.append(_Span(start, end, "vocab", anchored=True, payload=terms))
            else:
                spans.append(_Span(start, end, "vocab", payload=terms))
        for match_id, start, end in self._fixed_matcher(doc):
            label = self._nlp.vocab.strings[match_id]
            if label == "STOCK":
                spans.append(_Span(start, end, "stock", payload=not _negated(doc, start)))
            else:
                spans.append(_Span(start, end, "filler"))
        spans.extend(_Span(m.start, m.end, "price", payload=m) for m in self._prices.find(doc))
        spans.extend(_references(doc))
        return spans

    def _extend_list(self, doc: Doc, end: int, key: str) -> tuple[int, list[str]]:
        """After "size M", also take "or L", ", XL" and so on while values of the same key follow."""
        values: list[str] = []
        known = self._key_values.get(key, {})
        longest = max((len(k) for k in known), default=0)
        while end + 1 < len(doc) and doc[end].lower_ in _LIST_SEPARATORS:
            found = None
            for size in range(min(longest, len(doc) - end - 1), 0, -1):
                words = tuple(t.lower_ for t in doc[end + 1 : end + 1 + size])
                if words in known:
                    found = (size, known[words])
                    break
            if found is None:
                break
            end += 1 + found[0]
            values.append(found[1])
        return end, values

    # -- reading ------------------------------------------------------------------------------

    def _read(self, doc: Doc, spans: list[_Span], active: set[str]) -> _Reading:
        reading = _Reading()
        vocab_spans = [s for s in spans if s.kind == "vocab"]
        named = set(active)
        for span in vocab_spans:
            if all(t.kind == "category" for t in span.payload):
                named |= {t.value for t in span.payload}
        # Phrases that may name a category are read first, so that an option-only word ("high")
        # is checked against every category the message names, ambiguous ones ("laptop") included.
        first = {
            i: self._resolve(doc, span, named)
            for i, span in enumerate(vocab_spans)
            if any(t.kind == "category" for t in span.payload)
        }
        named |= {t.value for terms in first.values() for t in terms if t.kind == "category"}
        for i, span in enumerate(vocab_spans):
            for term in first[i] if i in first else self._resolve(doc, span, named):
                reading.add(term)
        for span in spans:
            if span.kind == "price":
                if span.payload.relative is not None:
                    reading.relative = span.payload.relative
                else:
                    reading.prices.append(span.payload)
            elif span.kind == "stock" and span.payload:
                reading.in_stock = True
            elif span.kind == "ordinal" and reading.ordinal is None:
                reading.ordinal = span.payload
            elif span.kind == "ref" and reading.product_ref is None:
                reading.product_ref = span.payload
        return reading

    def _resolve(self, doc: Doc, span: _Span, named: set[str]) -> list[_Term]:
        """Decide what one catalog phrase means; see the module docstring for the rules."""
        terms: frozenset[_Term] = span.payload
        keyed = [t for t in terms if t.keyed]
        if keyed:
            return keyed
        options = [t for t in terms if t.kind == "option"]
        categories = [t for t in terms if t.kind == "category"]
        brands = [t for t in terms if t.kind == "brand"]
        if options:
            hinted = self._hinted(doc, span, options)
            if hinted is not None:
                return [hinted]
        if categories:
            usable = self._usable(options, named - {t.value for t in categories})
            if usable:
                return [min(usable, key=_key_rank)]
            return [t for t in categories if not t.head] or categories
        if brands:
            return brands
        usable = self._usable(options, named)
        if usable is not None:
            options = usable
        return [min(options, key=_key_rank)] if options else []

    def _usable(self, options: list[_Term], categories: set[str]) -> list[_Term] | None:
        """The options whose key one of these categories has; ``None`` if no category is known."""
        known = [self._category_options[c] for c in categories if c in self._category_options]
        if not known:
            return None
        keys = set().union(*known)
        return [t for t in options if t.key in keys]

    def _hinted(self, doc: Doc, span: _Span, options: list[_Term]) -> _Term | None:
        """The option whose key is named within two words of the value ("black lens" → lens color)."""
        window = {t.lower_ for t in doc[max(0, span.start - 2) : span.start]}
        window |= {t.lower_ for t in doc[span.end : span.end + 2]}
        scored = [(len(window & self._key_words.get(t.key, frozenset())), t) for t in options]
        best = max(score for score, _ in scored)
        if best == 0:
            return None
        return min((t for score, t in scored if score == best), key=_key_rank)


def _blank_pipeline() -> Language:
    import spacy  # here, not at module top: importing spaCy takes about a second

    nlp = spacy.blank("en")
    tune_tokenizer(nlp)
    return nlp


def _clean(text: str) -> str:
    """Replace control and format characters (NUL, bell, RTL marks, stray surrogates) by spaces."""
    return "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Cs") else ch for ch in text)


@functools.cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _is_weak(norm: str) -> bool:
    """Whether a phrase is too common or short to count without its option name next to it."""
    words = norm.split()
    if not words:
        return True
    stop_words = _stop_words()
    if len(words) > 1:
        return all(w in stop_words for w in words)
    word = words[0]
    if len(word) <= 1 or re.fullmatch(r"[0-9.,%]+", word):
        return True
    return word in stop_words or word in _ANSWER_WORDS


def _key_rank(term: _Term) -> tuple[int, str, str]:
    rank = KEY_PRIORITY.index(term.key) if term.key in KEY_PRIORITY else len(KEY_PRIORITY)
    return rank, term.key, term.value


def plural(word: str) -> str:
    """The plural the parser uses for a catalog word ("box" → "boxes", "battery" → "batteries").

    Public so that other readers of shopper text (the support resolvers) inflect words exactly as
    the parser does.
    """
    return _plural(word)


def singular(word: str) -> str | None:
    """The singular of a plural-looking word ("boots" → "boot"), or ``None`` if it does not look plural.

    The rule is a spelling heuristic, not a dictionary: it is consistent, which is what matching
    needs (a word and the catalog's word reduce to the same form).
    """
    return _singular(word)


def size_words() -> dict[str, str]:
    """Size words shoppers type and the size letters they stand for ("medium" → "M")."""
    return dict(_SIZE_WORDS)


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith("fe"):
        return word[:-2] + "ves"
    if word.endswith("f"):
        return word[:-1] + "ves"
    return word + "s"


def _singular(word: str) -> str | None:
    """The singular of a plural-looking word, or ``None`` when it does not look plural."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is")) or not word.endswith("s") or len(word) <= 3:
        return None
    return word[:-1]


def _spellings(label: str, *, inflect: bool = False) -> set[str]:
    """Ways a shopper writes a catalog word: "T-Shirt" → "t-shirt", "t shirt", "tshirt", ...

    Args:
        label: The catalog's word or phrase.
        inflect: Also add the plural (or, for a plural label, the singular) of the last word;
            always done for a number with a unit ("2 cups" → "2 cup").

    Returns:
        Lower-case spellings, the label's own first among equals.
    """
    base = label.strip().lower()
    forms = {
        base,
        re.sub(r"(?<=[a-z0-9])-(?=[a-z])", " ", base),
        re.sub(r"(?<=[a-z0-9])-(?=[a-z])", "", base),
    }
    if base.count(" ") in (1, 2):
        forms |= {re.sub(r"(?<=[a-z]) (?=[a-z])", "-", base), re.sub(r"(?<=[a-z]) (?=[a-z])", "", base)}
    if inflect or re.fullmatch(r"[0-9.]+ [a-z]+", base):  # "2 cups" → "2 cup" too
        for form in list(forms):
            match = re.search(r"[a-z]+$", form)
            if match:
                last = match.group()
                other = _singular(last) or _plural(last)
                forms.add(form[: match.start()] + other)
    return {f for f in forms if f}


def _negated(doc: Doc, start: int) -> bool:
    return any(t.lower_ in _NEGATIONS for t in doc[max(0, start - 2) : start])


def _references(doc: Doc) -> list[_Span]:
    """Ordinals ("the second one", "#3", "item 3", "the last one") and typed product/item ids."""
    spans: list[_Span] = []
    for i, token in enumerate(doc):
        low = token.lower_
        if low in _INDEX_WORDS or (low == "no" and i + 1 < len(doc) and doc[i + 1].text == "."):
            span = _indexed(doc, i)
            if span is not None:
                spans.append(span)
                continue
        ordinal = _ORDINAL_WORDS.get(low)
        match = _NUMERIC_ORDINAL.match(token.text)
        if match:
            ordinal = int(match.group(1))
        if ordinal and _ordinal_in_context(doc, i):
            start = i - 1 if i > 0 and doc[i - 1].lower_ in _DETERMINERS else i
            end = i + 2 if i + 1 < len(doc) and doc[i + 1].lower_ in _ORDINAL_NOUNS else i + 1
            spans.append(_Span(start, end, "ordinal", anchored=True, payload=ordinal))
        elif _DIGITS.match(token.text) and len(token.text) >= ID_MIN_DIGITS:
            spans.append(_Span(i, i + 1, "ref", payload=token.text))
    return spans


def _indexed(doc: Doc, i: int) -> _Span | None:
    """ "item 3", "number #3", "no. 3", "#3" → ordinal; "product 9523456873" → id."""
    low = doc[i].lower_
    j = i + 1
    while j < len(doc) and doc[j].text in ("#", ".", ":"):
        j += 1
    if j >= len(doc) or not _DIGITS.match(doc[j].text):
        return None
    digits = doc[j].text
    if len(digits) <= 2 and int(digits) > 0 and (low in _INDEX_WORDS or low == "no"):
        return _Span(i, j + 1, "ordinal", anchored=True, payload=int(digits))
    if len(digits) >= 4 and low in _REF_WORDS:
        return _Span(i, j + 1, "ref", anchored=True, payload=digits)
    return None


def _ordinal_in_context(doc: Doc, i: int) -> bool:
    """Whether "second"/"2nd"/"last" at ``i`` points at a shown item rather than, say, a time.

    It does when a pointing noun follows ("second one", "last option"), when a determiner precedes
    and the sentence ends ("I'll take the second."), when a determiner precedes and "one" follows
    within three words ("the second blue one"), or when it is the only real word ("2nd please").
    """
    after = doc[i + 1].lower_ if i + 1 < len(doc) else None
    if after in _ORDINAL_NOUNS:
        return True
    determined = i > 0 and doc[i - 1].lower_ in _DETERMINERS
    if determined and (after is None or doc[i + 1].is_punct or after in _POLITE):
        return True
    if determined:
        for token in doc[i + 1 : i + 4]:
            if token.is_punct:
                break
            if token.lower_ in ("one", "ones"):
                return True
    others = [t for j, t in enumerate(doc) if j != i and not t.is_punct and not t.is_space]
    return all(t.lower_ in _POLITE or t.lower_ in _DETERMINERS for t in others)


def _select(spans: list[_Span]) -> list[_Span]:
    """Keep non-overlapping spans: explicit markers first, then longest, then by kind; in text order."""
    kept: list[_Span] = []
    taken: set[int] = set()
    order = sorted(spans, key=lambda s: (not s.anchored, -s.length, _KIND_ORDER[s.kind], s.start))
    for span in order:
        tokens = range(span.start, span.end)
        if taken.isdisjoint(tokens):
            kept.append(span)
            taken.update(tokens)
    return sorted(kept, key=lambda s: s.start)


def _semantic_text(doc: Doc, spans: list[_Span]) -> str:
    """The message minus price/stock/ordinal/id/filler phrases, trimmed of dangling small words."""
    removed: set[int] = set()
    for span in spans:
        if span.kind in _REMOVED_FROM_SEMANTIC:
            removed.update(range(span.start, span.end))
    kept = [t for t in doc if t.i not in removed and not t.is_space]
    while kept and (kept[0].is_punct or kept[0].lower_ in _EDGE_WORDS):
        kept.pop(0)
    while kept and (kept[-1].is_punct or kept[-1].lower_ in _EDGE_WORDS):
        kept.pop()
    return " ".join("".join(t.text_with_ws for t in kept).split())
