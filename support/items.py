"""Which lines of an order a shopper means, and what each should become.

Handles "the cleaner, headphone and smart watch", "everything except the coffee machine", "the
more expensive tablet", "the robotic one".

A message is read in pieces separated by commas, "and", "plus" and sentence ends. In each piece a
product is named by its full name ("mechanical keyboard"), its last word ("the keyboard", "the
cleaner"), another word of its name ("the vacuum", "the jigsaw"), or a common other word ("bike",
"tee"), in singular or plural and spelled with or without hyphens ("t shirt", "tshirts", "book
shelf"). When several names fit, the one that matches more of the words wins ("coffee machine" →
Espresso Machine over Coffee Maker); a tie is ambiguous.

Option words narrow a name down to lines: before the name they must fit ("the blue t-shirt", "the
17-inch laptop"); after it they narrow only while some line fits ("the speaker that is not water
resistant"), and words after "to"/"for"/"into" describe the replacement, not the line ("exchange
the 17-inch laptop for the 13-inch one"). "The more expensive/cheaper one" picks by price; "the
blue one" with no name looks at every line. Identical lines (one item id twice) are separate
lines: a singular mention takes one of them, "both"/"all"/a plural takes all.

"Everything", "all items", "all of them" mean every line; "everything except the coffee machine"
and "all items but the pet bed" take the named lines out. A literal 10-digit item id picks its
line; a product id that is no line's item id picks the line of that product (shoppers mix the
two up). In :func:`split_item_requests` an id that picks no line describes the replacement.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from support.extract import find_item_ids
from support.options import OptionVocabulary, ValueMention
from support.text import CLAUSE_BREAKS, PhraseIndex, Token, phrase_tokens, tokenize
from support.wish import indifferent_spans

if TYPE_CHECKING:
    from store.models import OrderItem

__all__ = ["AmbiguousMention", "ItemMatch", "match_order_items", "split_item_requests"]

NameKind = Literal["full", "head", "word"]
_NAME_SCORE = {"full": 3, "head": 2, "word": 1}

# Other words shoppers use for a product, by a word of the product's name they stand for.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "bicycle": ("bike", "bikes"),
    "shirt": ("tee", "tees", "tshirt"),
    "smartphone": ("phone", "cellphone", "cell phone", "mobile phone"),
    "earbud": ("earphone", "earphones", "in ear headphones"),
    "headphone": ("headset",),
    "sunglass": ("shades",),
    "luggage": ("suitcase", "suitcases"),
    "grill": ("bbq", "barbecue"),
    "laptop": ("computer", "notebook computer"),
    "charger": ("power bank", "powerbank", "battery pack"),
    "dumbbell": ("weights",),
    "bookshelf": ("shelf", "book case", "bookcase"),
    "reader": ("ereader", "kindle"),
    "perfume": ("fragrance", "cologne"),
    "kettle": ("teapot",),
}
_SEPARATORS = frozenset({",", "and", "&", "plus", ";", ".", "!", "?", "also", "then", "or", "/"})
_SENTENCE_ENDS = frozenset({".", ";", "!", "?"})
_EVERYTHING: tuple[tuple[str, ...], ...] = (
    ("everything",),
    ("all", "items"),
    ("all", "the", "items"),
    ("all", "of", "the", "items"),
    ("all", "my", "items"),
    ("all", "of", "my", "items"),
    ("all", "of", "them"),
    ("all", "of", "it"),
    ("all", "things"),
    ("all", "the", "things"),
    ("all", "products"),
    ("all", "the", "products"),
    ("every", "item"),
    ("each", "item"),
    ("whole", "order"),
    ("entire", "order"),
    ("all", "of", "those"),
    ("both", "of", "them"),
    ("both", "items"),
    ("the", "lot"),
    ("all", "item"),
)
_EXCEPT: tuple[tuple[str, ...], ...] = (
    ("except", "for"),
    ("except",),
    ("but", "not"),
    ("but",),
    ("besides",),
    ("excluding",),
    ("minus",),
    ("apart", "from"),
    ("other", "than"),
    ("aside", "from"),
    ("save", "for"),
    ("without",),
    ("not",),
    ("except", "the"),
)
_ALL_WORDS = frozenset({"both", "all", "two", "three", "four", "five", "each", "every"})
_ONE_WORDS = frozenset({"one", "a", "an", "single"})
_TARGET_MARKERS = frozenset({"to", "for", "into", "instead", ">"})
_CONTEXT_WORDS = frozenset({"with", "from", "in", "as", "came"})
# Words before "to" that make it an infinitive ("want to"), not "change it to …".
_INFINITIVE_CUES = frozenset(
    {"want", "wanted", "wants", "like", "love", "need", "needs", "have", "has", "going", "able",
     "trying", "try", "how", "wish", "hoping", "hope", "plan", "planning", "would", "ought", "used",
     "decided", "ask", "asking", "about", "unable", "happy", "glad", "okay", "ok"}
)
# Verbs after "to" that make it an infinitive ("… to exchange the blue one").
_REQUEST_VERBS = frozenset(
    {"return", "exchange", "change", "modify", "swap", "switch", "replace", "cancel", "send", "get",
     "buy", "order", "keep", "know", "check", "update", "make", "do", "see", "have", "use", "be"}
)
_DETERMINERS = frozenset(
    {"the", "my", "a", "an", "that", "this", "those", "these", "one", "both", "all", "two"}
)
_PRICE_MAX = (
    ("more", "expensive"),
    ("most", "expensive"),
    ("pricier",),
    ("priciest",),
    ("expensive", "one"),
    ("higher", "priced"),
    ("pricey", "one"),
    ("costlier",),
)
_PRICE_MIN = (
    ("less", "expensive"),
    ("least", "expensive"),
    ("cheaper",),
    ("cheapest",),
    ("cheap", "one"),
    ("lower", "priced"),
    ("inexpensive", "one"),
)
_OTHER = (("another",), ("the", "other", "one"), ("the", "other"), ("other", "one"), ("the", "second", "one"))
_NEGATIONS = frozenset({"not", "no", "non", "without"})
# Words before a name that mean the line is *not* wanted ("but keep the mouse").
_KEEP_WORDS = frozenset({"keep", "keeping", "not", "except", "besides", "excluding"})


@dataclass(frozen=True)
class AmbiguousMention:
    """A phrase that fits several different lines ("the tablet" with two different tablets)."""

    phrase: str
    items: tuple[OrderItem, ...]


@dataclass(frozen=True)
class ItemMatch:
    """The order lines a message names.

    Attributes:
        items: The lines chosen, in the order named; identical lines (one item id twice) appear
            once per line chosen.
        ambiguous: Phrases that fit several different lines, each with the lines it fits.
        unmatched: Phrases that name something no line is ("the bicycle" when none was ordered,
            "the green one" when nothing is green).
        everything: Whether the shopper said "everything"/"all items" (before any exceptions).
    """

    items: tuple[OrderItem, ...] = ()
    ambiguous: tuple[AmbiguousMention, ...] = ()
    unmatched: tuple[str, ...] = ()
    everything: bool = False

    @property
    def item_ids(self) -> list[str]:
        """The chosen lines' item ids, a repeated id once per line."""
        return [item.item_id for item in self.items]

    @property
    def resolved(self) -> bool:
        """Whether something was chosen and nothing is left to ask about."""
        return bool(self.items) and not self.ambiguous and not self.unmatched


@dataclass(frozen=True)
class _NameTerm:
    product_id: str
    kind: NameKind


@dataclass
class _Mention:
    """One thing the shopper points at, before it is resolved to lines."""

    start: int
    end: int
    segment: int  # token index where its piece of the message starts
    products: tuple[str, ...] = ()  # candidate product ids; empty = any line
    plural: bool = False
    count: Literal["one", "all"] | None = None
    hard: list[ValueMention] = field(default_factory=list)
    soft: list[ValueMention] = field(default_factory=list)
    negated: list[ValueMention] = field(default_factory=list)
    price: Literal["max", "min"] | None = None
    item_id: str | None = None
    other: bool = False
    excluded: bool = False
    known_only: bool = False  # names a store product that is not in the order
    impossible: bool = False  # a value before the name that no line has ("the small t-shirt": all XXL)
    nothing: bool = False  # describes a line that no line is ("the green one" with nothing green)


def match_order_items(
    text: str, items: Sequence[OrderItem], *, known_products: Iterable[str] = ()
) -> ItemMatch:
    """Find the order lines a shopper means.

    Args:
        text: The shopper's message ("return the cleaner, headphone, and smart watch").
        items: The order's lines, in order.
        known_products: Names of every product the store sells (optional). A product named in
            the message that the store sells but the order lacks is reported in ``unmatched``;
            without the names, such words go unnoticed.

    Returns:
        The lines chosen, the ambiguous phrases and the unmatched ones.
    """
    reading = _Reader(text, items, known_products)
    chosen: list[int] = []
    ambiguous: list[AmbiguousMention] = []
    unmatched: list[str] = []
    excluded: set[int] = set()
    for mention in reading.mentions:
        lines, problem = reading.resolve(mention, taken=set(chosen) | excluded)
        if problem == "unmatched":
            unmatched.append(reading.phrase(mention))
        elif problem == "ambiguous":
            ambiguous.append(AmbiguousMention(reading.phrase(mention), tuple(items[i] for i in lines)))
            if mention.excluded:
                excluded.update(lines)
        elif mention.excluded:
            excluded.update(lines)
        else:
            chosen.extend(i for i in lines if i not in chosen)
    if reading.everything:
        chosen = [i for i in range(len(items)) if i not in excluded]
    return ItemMatch(
        items=tuple(items[i] for i in chosen),
        ambiguous=tuple(ambiguous),
        unmatched=tuple(dict.fromkeys(unmatched)),
        everything=reading.everything,
    )


def split_item_requests(text: str, items: Sequence[OrderItem]) -> list[tuple[OrderItem, str]]:
    """Pair each order line a message names with the words about what it should become.

    "Exchange the keyboard for one with clicky switches and the thermostat for one compatible
    with Google Assistant" → (keyboard line, "Exchange the keyboard for one with clicky
    switches"), (thermostat line, "the thermostat for one compatible with Google Assistant").
    Each fragment runs from where its line is named to where the next line is named, so option
    words listed after a comma stay with their line. Pass each fragment to
    :func:`support.variants.resolve_variant`.

    Args:
        text: The shopper's message.
        items: The order's lines.

    Returns:
        ``(line, fragment)`` pairs in the order named. Lines named ambiguously or not at all are
        left out (:func:`match_order_items` reports them); a plural ("both kettles") pairs every
        line it names with the same fragment.
    """
    reading = _Reader(text, items, ())
    taken: set[int] = set()
    starts: list[tuple[_Mention, list[int] | None]] = []  # each mention that begins a new request
    for mention in sorted(reading.mentions, key=lambda m: m.start):
        if mention.excluded or mention.known_only:
            continue
        lines, problem = reading.resolve(mention, taken=taken)
        if mention.item_id is not None and problem is not None:
            continue  # an id no line has names the replacement ("… to item 1421289881")
        if problem is None and taken.issuperset(lines):
            continue  # "… for a larger frame, a mountain bike is ok": the same line again
        starts.append((mention, lines if problem is None else None))
        if problem is None:
            taken.update(lines)
    ends = [starts[i + 1][0].segment for i in range(len(starts) - 1)] + [len(reading.tokens)]
    # "the pet bed and the office chair for the cheapest ones": a name with nothing said about it
    # shares what is said after the next one.
    shared = [""] * len(starts)
    for index in range(len(starts) - 1, -1, -1):
        own = reading.fragment(starts[index][0].end, ends[index])
        if own:
            shared[index] = ""
        elif index + 1 < len(starts):
            nxt = starts[index + 1][0]
            shared[index] = reading.fragment(nxt.end, ends[index + 1]) or shared[index + 1]
    pairs: list[tuple[OrderItem, str]] = []
    if reading.everything:
        # "switch all the items to their cheapest options": every line not named on its own.
        named = {line for _, lines in starts for line in lines or ()}
        everything = match_order_items(text, items)
        whole = reading.fragment(0, starts[0][0].segment if starts else len(reading.tokens))
        chosen = [i for i, item in enumerate(items) if item in everything.items and i not in named]
        pairs += [(items[i], whole) for i in chosen] if whole else []
    for index, (mention, lines) in enumerate(starts):
        if lines is None:
            continue
        fragment = reading.fragment(mention.segment, ends[index])
        if shared[index]:
            fragment = f"{fragment} {shared[index]}"
        pairs += [(items[line], fragment) for line in lines]
    return pairs


class _Reader:
    """One message read against one order: its tokens, pieces and mentions."""

    def __init__(self, text: str, items: Sequence[OrderItem], known_products: Iterable[str]) -> None:
        self.text = text if isinstance(text, str) else ""
        self.items = list(items)
        self.tokens = tokenize(self.text)
        self._names = _name_index({i.product_id: i.name for i in self.items})
        known = {f"known:{n}": n for n in known_products if n not in {i.name for i in self.items}}
        self._known = _name_index(known)
        self._vocabulary = OptionVocabulary.of(i.options for i in self.items)
        keys = self._vocabulary.find_keys(self.tokens)
        # "I don't care about waterproof or not" describes no line.
        free = indifferent_spans(self.tokens)
        self._values = [
            v
            for v in self._vocabulary.find_values(self.tokens, keys)
            if not any(s <= v.start < e for s, e in free)
        ]
        self._unknown = self._vocabulary.unknown_values(self.tokens, self._values, keys)
        self.everything = False
        self.mentions = self._read()

    # -- reading -------------------------------------------------------------------------------

    def _read(self) -> list[_Mention]:
        tokens = self.tokens
        name_hits = _merge_adjacent(self._names.longest_hits(tokens))
        # A store product the order lacks, unless the words are an order line's name or option
        # value ("the backpack's laptop compartment" names no laptop).
        spans = [(s, e) for s, e, _ in name_hits] + [(v.start, v.end) for v in self._values]
        known_hits = [
            h
            for h in self._known.longest_hits(tokens)
            if not any(h.start < e and s < h.end for s, e in spans)
        ]
        protected = {i for s, e, _ in name_hits for i in range(s + 1, e)}
        protected |= {i for v in self._values for i in range(v.start + 1, v.end)}
        segments = self._segments(protected)
        except_at = self._everything_and_exceptions()
        mentions: list[_Mention] = []
        for seg_start, seg_end in segments:
            in_segment = [h for h in name_hits if seg_start <= h[0] < seg_end]
            in_segment = [
                h for n, h in enumerate(in_segment) if n == 0 or not self._is_context(h[0], seg_start)
            ]
            excluded = except_at is not None and except_at[0] <= seg_start < except_at[1]
            for n, (start, end, scores) in enumerate(in_segment):
                kept = any(
                    t.text in _KEEP_WORDS or t.text.endswith("n't") for t in self.tokens[seg_start:start]
                )
                best = max(scores.values())
                mention = _Mention(
                    start=start,
                    end=end,
                    segment=seg_start,
                    products=tuple(p for p, s in scores.items() if s == best),
                    plural=self._is_plural(start, end),
                    count=self._count(start, seg_start),
                    excluded=excluded or kept,
                )
                limit = in_segment[n + 1][0] if n + 1 < len(in_segment) else seg_end
                self._describe(mention, seg_start if n == 0 else in_segment[n - 1][1], limit)
                mentions.append(mention)
            for hit in known_hits:
                if seg_start <= hit.start < seg_end and not in_segment:
                    mentions.append(
                        _Mention(hit.start, hit.end, seg_start, known_only=True, excluded=excluded)
                    )
            if not in_segment and not any(seg_start <= h.start < seg_end for h in known_hits):
                self._unnamed_piece(mentions, seg_start, seg_end, excluded)
        mentions.extend(self._id_mentions())
        return mentions

    def _segments(self, protected: set[int]) -> list[tuple[int, int]]:
        cuts = [0]
        for i, token in enumerate(self.tokens):
            if i in protected:
                continue
            if token.text in _SEPARATORS or token.text in CLAUSE_BREAKS:
                cuts.append(i + 1)
            elif token.text in ("except", "besides", "excluding", "but") and i > 0:
                cuts.append(i)
        cuts.append(len(self.tokens))
        return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]

    def _everything_and_exceptions(self) -> tuple[int, int] | None:
        """Sets ``everything``; returns the token range of "except …" after it, if any."""
        tokens = self.tokens
        for i in range(len(tokens)):
            for phrase in _EVERYTHING:
                if _match_at(tokens, i, phrase):
                    self.everything = True
                    after = i + len(phrase)
                    for j in range(after, min(after + 6, len(tokens))):
                        if any(_match_at(tokens, j, cue) for cue in _EXCEPT):
                            end = next(
                                (k for k in range(j, len(tokens)) if tokens[k].text in _SENTENCE_ENDS),
                                len(tokens),
                            )
                            return j, end
                        if tokens[j].text in _SENTENCE_ENDS:
                            break
                    return None
        return None

    def _is_context(self, start: int, seg_start: int) -> bool:
        """Whether a name only places another ("the backpack you received with the vacuum cleaner")."""
        j = start - 1
        while j >= seg_start and self.tokens[j].text in _DETERMINERS:
            j -= 1
        if j < seg_start or self.tokens[j].text not in _CONTEXT_WORDS:
            return False
        return not (j > seg_start and self.tokens[j - 1].text == "along")

    def _is_plural(self, start: int, end: int) -> bool:
        last = self.tokens[end - 1]
        if last.text == last.norm:
            return False
        # A name that is plural itself ("Hiking Boots") says nothing about how many.
        return not any(
            phrase_tokens(item.name)[-1:] == (last.norm,) and item.name.lower().endswith(last.text)
            for item in self.items
        )

    def _count(self, start: int, seg_start: int) -> Literal["one", "all"] | None:
        for j in range(start - 1, max(seg_start, start - 4) - 1, -1):
            word = self.tokens[j].text
            if word in _ALL_WORDS:
                return "all"
            if word in _ONE_WORDS and not (j + 1 < len(self.tokens) and self.tokens[j + 1].text == "of"):
                return (
                    "one"
                    if word != "one" or j + 1 == start or self.tokens[j + 1].text in _DETERMINERS
                    else None
                )
        return None

    def _describe(self, mention: _Mention, start: int, end: int) -> None:
        """Attach option and price words of ``start:end`` to a mention."""
        marker = next((i for i in range(mention.end, end) if self.tokens[i].text in _TARGET_MARKERS), end)
        for value in self._values:
            if start <= value.start < mention.start:
                self._add_value(mention, value, hard=True)
            elif mention.end <= value.start < marker:
                self._add_value(mention, value, hard=False)
        mention.price = mention.price or self._price_word(start, marker)
        mention.impossible = mention.impossible or any(
            start <= u.start < mention.start and self._describes_name(u.start, u.end, mention.start)
            for u in self._unknown
        )

    def _describes_name(self, start: int, end: int, name: int) -> bool:
        """Whether words ``start:end`` describe the name at ``name`` ("the small blue t-shirt"),
        not the replacement ("… for a small t-shirt") or something else."""
        tokens = self.tokens
        described = {i for v in (*self._values, *self._unknown) for i in range(v.start, v.end)}
        between = (i for i in range(end, name) if i not in described)
        if any(tokens[i].text not in _DETERMINERS | {","} for i in between):
            return False
        j = start - 1
        while j >= 0 and (j in described or tokens[j].text in _DETERMINERS):
            j -= 1
        if j < 0:
            return True
        word = tokens[j].text
        return word not in _TARGET_MARKERS | _NEGATIONS and not word.endswith("n't")

    def _add_value(self, mention: _Mention, value: ValueMention, *, hard: bool) -> None:
        j = value.start - 1
        while j >= 0 and self.tokens[j].text in ("the", "a", "is", "it's", "that"):
            j -= 1
        if j >= 0 and (self.tokens[j].text in _NEGATIONS or self.tokens[j].text.endswith("n't")):
            mention.negated.append(value)
        elif hard:
            mention.hard.append(value)
        else:
            mention.soft.append(value)

    def _price_word(self, start: int, end: int) -> Literal["max", "min"] | None:
        for i in range(start, end):
            if any(_match_at(self.tokens, i, p) and i + len(p) <= end for p in _PRICE_MAX):
                return "max"
            if any(_match_at(self.tokens, i, p) and i + len(p) <= end for p in _PRICE_MIN):
                return "min"
        return None

    def _unnamed_piece(self, mentions: list[_Mention], start: int, end: int, excluded: bool) -> None:
        """A piece with no product name: more words about the last mention, "another", or "the blue one"."""
        tokens = self.tokens
        previous = mentions[-1] if mentions else None
        same_sentence = previous is not None and not any(
            t.text in _SENTENCE_ENDS for t in tokens[previous.end : start]
        )
        described = [v.start for v in self._values if start <= v.start < end]
        if self._after_replacement_marker(min(described, default=end)):
            return  # "… for a medium sized, red, high ventilation one": about the replacement
        if any(_match_at(tokens, i, phrase) for i in range(start, end) for phrase in _OTHER) and previous:
            other = _Mention(start, end, start, products=previous.products, other=True, excluded=excluded)
            self._describe(other, start, end)
            mentions.append(other)
            return
        values = [v for v in self._values if start <= v.start < end]
        price = self._price_word(start, end)
        pointing = any(t.text in ("one", "ones") for t in tokens[start:end])
        if not values and price is None:
            if pointing and self._unknown_in(start, end):
                mentions.append(
                    _Mention(start, end, start, nothing=True, excluded=excluded)
                )  # "the green one"
            return
        if pointing or previous is None or not same_sentence:
            mention = _Mention(start, end, start, excluded=excluded)
            mention.end = start
            for value in values:
                self._add_value(mention, value, hard=True)
            mention.price = price
            mention.end = max([v.end for v in values] + [start + 1])
            mentions.append(mention)
        else:
            marker = next((i for i in range(start, end) if tokens[i].text in _TARGET_MARKERS), end)
            for value in values:
                if value.start < marker:
                    self._add_value(previous, value, hard=False)
            previous.price = previous.price or self._price_word(start, marker)

    def _after_replacement_marker(self, first: int) -> bool:
        """Whether a word such as "for", "into" or "instead" comes before ``first`` (the piece's
        first description word) in its sentence, or in an earlier one when no new request came
        since.

        "To" counts only when it is no infinitive ("I want to return the blue one").
        """
        tokens = self.tokens
        j = min(first, len(tokens)) - 1
        while j >= 0:
            if tokens[j].text in _SENTENCE_ENDS:
                # An earlier sentence still counts when this one asks nothing new ("… for a
                # shorter one. If there are several, I want the most expensive one").
                if any(t.text in _REQUEST_VERBS for t in tokens[j + 1 : first]):
                    return False
            elif tokens[j].text in _TARGET_MARKERS and not self._infinitive(j):
                return True
            j -= 1
        return False

    def _infinitive(self, i: int) -> bool:
        tokens = self.tokens
        if tokens[i].text != "to":
            return False
        before = tokens[i - 1].text if i > 0 else ""
        after = tokens[i + 1].text if i + 1 < len(tokens) else ""
        return before in _INFINITIVE_CUES or before.endswith("'d") or after in _REQUEST_VERBS

    def _unknown_in(self, start: int, end: int) -> bool:
        keys = self._vocabulary.find_keys(self.tokens)
        unknown = self._vocabulary.unknown_values(self.tokens, self._values, keys)
        return any(start <= u.start < end for u in unknown)

    def _id_mentions(self) -> list[_Mention]:
        found = []
        for item_id in find_item_ids(self.text):
            index = next((i for i, t in enumerate(self.tokens) if t.text == item_id), 0)
            found.append(_Mention(index, index + 1, index, item_id=item_id))
        return found

    # -- resolving ---------------------------------------------------------------------------

    def resolve(self, mention: _Mention, taken: set[int]) -> tuple[list[int], str | None]:
        """The line indices a mention means, and ``"ambiguous"``/``"unmatched"`` or ``None``."""
        if mention.known_only or mention.nothing or mention.impossible:
            return [], "unmatched"
        if mention.item_id is not None:
            lines = [i for i, item in enumerate(self.items) if item.item_id == mention.item_id]
            if not lines:
                # A shopper may give the product id for the item id: the line of that product.
                lines = [i for i, item in enumerate(self.items) if item.product_id == mention.item_id]
                if len({self.items[i].item_id for i in lines}) > 1:
                    return lines, "ambiguous"
            free = [i for i in lines if i not in taken]
            return (free or lines)[:1], None if lines else "unmatched"
        lines = [
            i
            for i, item in enumerate(self.items)
            if not mention.products or item.product_id in mention.products
        ]
        if mention.other:
            lines = [i for i in lines if i not in taken] or lines
        for value in mention.hard:
            lines = [i for i in lines if self.items[i].options.get(value.key) == value.value]
        for value in mention.negated:
            narrowed = [i for i in lines if self.items[i].options.get(value.key) != value.value]
            lines = narrowed or lines
        for value in mention.soft:
            narrowed = [i for i in lines if self.items[i].options.get(value.key) == value.value]
            lines = narrowed or lines
        if not lines:
            return [], "unmatched"
        if mention.price is not None:
            prices = [self.items[i].price for i in lines]
            target = max(prices) if mention.price == "max" else min(prices)
            lines = [i for i in lines if self.items[i].price == target]
        if mention.count == "all" or mention.plural or (mention.excluded and mention.count != "one"):
            return lines, None
        if len({self.items[i].item_id for i in lines}) == 1:
            free = [i for i in lines if i not in taken]
            return (free or lines)[:1], None
        return lines, "ambiguous"

    def phrase(self, mention: _Mention) -> str:
        """The words of a mention as the shopper wrote them ("the more expensive tablet")."""
        start = mention.start
        while start > mention.segment and self.tokens[start - 1].text in _DETERMINERS:
            start -= 1
        firsts = [v.start for v in (*mention.hard, *mention.negated) if v.start < start]
        start = min([start, *firsts])
        ends = [v.end for v in (*mention.soft, *mention.negated)] + [mention.end]
        end = max(ends)
        if start >= len(self.tokens) or end <= start:
            return ""
        return self.text[self.tokens[start].start : self.tokens[end - 1].end]

    def fragment(self, start: int, end: int) -> str:
        """Words ``start:end`` of the message, without separators at either end."""
        while end > start and self.tokens[end - 1].text in _SEPARATORS | {"the", "my", "a", "an"}:
            end -= 1
        while start < end and self.tokens[start].text in _SEPARATORS:
            start += 1
        if end <= start:
            return ""
        return self.text[self.tokens[start].start : self.tokens[end - 1].end]


def _name_index(names: dict[str, str]) -> PhraseIndex[_NameTerm]:
    """Ways to name each product: full name, its last word, other words, common synonyms."""
    index: PhraseIndex[_NameTerm] = PhraseIndex()
    for product_id, name in names.items():
        words = phrase_tokens(name)
        if not words:
            continue
        index.add(words, _NameTerm(product_id, "full"))
        if len(words) > 1:
            index.add(("".join(words),), _NameTerm(product_id, "full"))
        index.add(words[-1:], _NameTerm(product_id, "head"))
        for word in words[:-1]:
            if len(word) >= 3:
                index.add((word,), _NameTerm(product_id, "word"))
        joined = "".join(words)
        for word in (*words, joined):
            for synonym in _SYNONYMS.get(word, ()):
                index.add(phrase_tokens(synonym), _NameTerm(product_id, "head"))
    return index


def _merge_adjacent(hits: Sequence) -> list[tuple[int, int, dict[str, int]]]:
    """Join name hits that touch ("coffee" + "machine") and score each product over them."""
    merged: list[tuple[int, int, dict[str, int]]] = []
    for hit in hits:
        scores: dict[str, int] = {}
        for term in hit.payloads:
            scores[term.product_id] = max(scores.get(term.product_id, 0), _NAME_SCORE[term.kind])
        if merged and merged[-1][1] == hit.start:
            start, _, previous = merged.pop()
            for product_id, score in previous.items():
                scores[product_id] = scores.get(product_id, 0) + score
            merged.append((start, hit.end, scores))
        else:
            merged.append((hit.start, hit.end, scores))
    return merged


def _match_at(tokens: Sequence[Token], i: int, phrase: tuple[str, ...]) -> bool:
    return i + len(phrase) <= len(tokens) and all(tokens[i + j].text == w for j, w in enumerate(phrase))
