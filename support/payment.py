"""Which of a shopper's saved payment methods a message names.

Read in this order, the first that names something decides:

1. a literal method id ("credit_card_9513926");
2. the last four digits of a card ("card ending 2478", "the one ending in 7285");
3. the original method of the order ("the original payment method", "same as before", "the card
   I paid with") — the order's first payment;
4. the kind of method: "paypal", "gift card"/"GC", "credit card"/"card" or a brand ("visa",
   "mastercard", "amex"). Kinds after "not"/"instead of" are ruled out; when several kinds are
   named, one marked "prefer"/"preferably" wins, else all are candidates. "The other card" is
   just a card: which one is "other" depends on what the bot offered, which this does not know.

One candidate is ``unique``; several (two credit cards and "credit card" said) are
``ambiguous``; none is ``none``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from store.models import Order, PaymentMethod, User


__all__ = ["PaymentMatch", "PaymentStatus", "resolve_payment_method"]

PaymentStatus = Literal["unique", "ambiguous", "none"]

_METHOD_ID = re.compile(r"\b(?:credit_card|gift_card|paypal)_\d+\b", re.I)
_LAST_FOUR = re.compile(
    r"(?:ending|ends|end)\s*(?:in|with)?\s*(?:#|x+|\*+)?\s*(\d{4})\b"
    r"|last\s+(?:four|4)(?:\s+digits)?\s*(?:is|are|of)?\s*:?\s*(\d{4})\b"
    r"|(?:card|visa|mastercard|amex)\s*(?:#|x+|\*+)\s*(\d{4})\b|(?:\bx{2,}|\*{2,})(\d{4})\b",
    re.I,
)
_ORIGINAL = re.compile(
    r"\boriginal(?:ly)?\b|\bsame\s+(?:payment|method|card|account|one|way|as\s+before|as\s+last\s+time)\b"
    r"|\b(?:the\s+)?(?:one|card|method|account|way)\s+i\s+(?:paid|used|bought\s+it)\b|\bpaid\s+with\b"
    r"|\bhow\s+i\s+paid\b"
    r"|\bwhere\s+(?:it|the\s+money)\s+came\s+from\b|\bsame\s+as\s+(?:before|the\s+order)\b",
    re.I,
)
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("paypal", re.compile(r"\bpay\s?pal\b", re.I)),
    ("gift_card", re.compile(r"\bgift[\s-]?cards?\b|\bgc\b|\bstore\s+credit\b|\bgift\s+balance\b", re.I)),
    (
        "credit_card",
        re.compile(
            r"\b(?:credit|debit)(?:\s+cards?)?\b|\bcards?\b|\bvisa\b|\bmaster\s?card\b|\bamex\b"
            r"|\bamerican\s+express\b|\bdiscover\b",
            re.I,
        ),
    ),
)
_BRANDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("visa", re.compile(r"\bvisa\b", re.I)),
    ("mastercard", re.compile(r"\bmaster\s?card\b", re.I)),
    ("amex", re.compile(r"\bamex\b|\bamerican\s+express\b", re.I)),
    ("discover", re.compile(r"\bdiscover\b", re.I)),
)
_NEGATED_BEFORE = re.compile(
    r"(?:\bnot|\bno|\bnever|\binstead\s+of|\brather\s+than|\bother\s+than|\bwithout|n't\s+(?:want|use|like))"
    r"\s+(?:(?:to\s+)?(?:use|the|my|a|an|on|it|to|through|via|with|by)\s+){0,3}$",
    re.I,
)
_PREFERRED_BEFORE = re.compile(r"\b(?:prefer(?:red|ably)?|ideally|rather\s+use)\b[^.;,]{0,25}$", re.I)
_PREFERRED_AFTER = re.compile(
    r"^\s*(?:is|would\s+be)?\s*(?:preferred|prefered|preferably|ideally|first)\b", re.I
)


@dataclass(frozen=True)
class PaymentMatch:
    """The payment method (or methods) a message names.

    Attributes:
        method_id: The method's id when exactly one fits, else ``None``.
        candidates: Ids of the user's methods that fit, in the user's order (one for a unique
            match, several when ambiguous; look them up in ``user.payment_methods``).
    """

    method_id: str | None = None
    candidates: tuple[str, ...] = ()

    @property
    def status(self) -> PaymentStatus:
        """``unique``, ``ambiguous`` or ``none``."""
        if self.method_id is not None:
            return "unique"
        return "ambiguous" if len(self.candidates) > 1 else "none"


def resolve_payment_method(text: str, user: User, order: Order | None = None) -> PaymentMatch:
    """Find which of ``user``'s payment methods a message names.

    Args:
        text: The shopper's message ("use my visa", "refund to the original payment method").
        user: The authenticated user, whose saved methods are the choices.
        order: The order in question, for "original"/"same as before".

    Returns:
        The match; see the module docstring for what is understood.
    """
    text = text if isinstance(text, str) else ""
    methods = list(user.payment_methods.values())
    by_id = {m.id.lower(): m for m in methods}

    ids = [m.group().lower() for m in _METHOD_ID.finditer(text)]
    if ids:
        named = [by_id[i] for i in dict.fromkeys(ids) if i in by_id]
        return _match(named)

    last_four = {next(g for g in m.groups() if g) for m in _LAST_FOUR.finditer(text)}
    if last_four:
        return _match([m for m in methods if m.last_four in last_four])

    original = order.original_payment_method_id if order is not None else None
    said_original = _ORIGINAL.search(text)
    if original and said_original and not _negated(text, said_original.start()):
        return PaymentMatch(original, (original,))

    kinds = _kinds_named(text)
    if not kinds:
        return PaymentMatch()
    candidates = [m for m in methods if m.source in kinds]
    brands = {brand for brand, pattern in _BRANDS if pattern.search(text)}
    if brands and "credit_card" in kinds:
        branded = [m for m in candidates if m.source != "credit_card" or (m.brand or "").lower() in brands]
        candidates = branded
    return _match(candidates)


def _kinds_named(text: str) -> list[str]:
    """Kinds of method named and not ruled out; a preferred one alone when several are named."""
    named: list[tuple[int, str, bool]] = []
    masked = text
    for kind, pattern in _KINDS:
        for match in pattern.finditer(masked):
            if _negated(masked, match.start()):
                continue
            preferred = bool(_PREFERRED_BEFORE.search(masked[: match.start()])) or bool(
                _PREFERRED_AFTER.match(masked[match.end() :])
            )
            named.append((match.start(), kind, preferred))
        masked = pattern.sub(lambda m: " " * len(m.group()), masked)  # "gift card" is no credit card
    kinds = list(dict.fromkeys(kind for _, kind, _ in sorted(named)))
    if len(kinds) > 1:
        preferred = list(dict.fromkeys(kind for _, kind, p in sorted(named) if p))
        if len(preferred) == 1:
            return preferred
    return kinds


def _negated(text: str, start: int) -> bool:
    return bool(_NEGATED_BEFORE.search(text[max(0, start - 40) : start]))


def _match(candidates: list[PaymentMethod]) -> PaymentMatch:
    ids = tuple(dict.fromkeys(m.id for m in candidates))
    return PaymentMatch(ids[0] if len(ids) == 1 else None, ids)
