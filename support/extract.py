"""Facts a shopper types while being helped: identity, order and item ids, address, reason.

Email, name and zip identify the shopper; order and item ids, a postal address and a cancellation
reason describe the request.

Each finder reads one message and returns what it is sure of, or nothing: the dialogue asks again
rather than act on a guess. Order ids are the exception that reports its doubts — a message that
*tries* to give an order id but gets its shape wrong ("#W123") comes back as ``malformed``, so the
bot can say what a valid id looks like instead of ignoring it.

Names are checked against spaCy's English stop words ("Hi there" is no name). Addresses are
parsed by ``usaddress`` (a CRF model of US addresses), states normalised by ``us``
and a missing state filled in from a real zip code by ``zipcodes``; all three are imported on
first use, not when this module is.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from store.models import Address

__all__ = [
    "AddressParse",
    "OrderIdMentions",
    "find_cancel_reason",
    "find_emails",
    "find_item_ids",
    "find_name",
    "find_order_ids",
    "find_zip",
    "parse_address",
]

ORDER_ID_DIGITS = 7
"""Digits in an order id after its "#W" prefix ("#W2378156")."""

ITEM_ID_DIGITS = 10
"""Digits in an item or product id."""

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_ZIP = re.compile(r"(?<![\w#$.,/-])(\d{5})(?:-\d{4})?(?![\w.,/-]|\.\d)")
_ZIP_CUE = re.compile(r"\b(?:zip|zipcode|zip code|postal code|postcode)\b[^0-9]{0,15}(\d{5})(?!\d)", re.I)
_ITEM_ID = re.compile(r"(?<![\d#])\d{10}(?!\d)")
_ORDER_WORD = r"order(?:\s*(?:number|no\.?|num|id|#))?\s*[:#]?\s*"
_VALID_ORDER = re.compile(
    rf"(?<![A-Za-z0-9])#?\s?[Ww]\s?(\d{{{ORDER_ID_DIGITS}}})(?!\d)"
    rf"|\b{_ORDER_WORD}#?\s*(\d{{{ORDER_ID_DIGITS}}})(?!\d)"
    rf"|(?<![\w#$.,/-])(\d{{{ORDER_ID_DIGITS}}})(?![\w.,/-])",
    re.I,
)
_ORDER_ATTEMPT = re.compile(
    r"#\s?[A-Za-z]?\d+|(?<![A-Za-z0-9])[Ww]\d+(?![A-Za-z])|#[A-Za-z]\w*|\b"
    + _ORDER_WORD
    + r"#?\s*\d+(?![A-Za-z\d]|\.\d)",  # "my pending order: 50ft, vinyl" gives no order number
    re.I,
)

_NAME_WORD = r"[A-Za-z][A-Za-z'\-]*"
_NAME_CUES = re.compile(
    r"\b(?:i\s*am|i'm|im|my\s+name\s+is|my\s+name's|name\s+is|name's|this\s+is|it's|it\s+is|"
    r"call\s+me|name\s*:|you're\s+speaking\s+with|speaking\s+with)\s+"
    rf"({_NAME_WORD})\s+({_NAME_WORD})",
    re.I,
)
_NAME_HERE = re.compile(rf"^\s*({_NAME_WORD})\s+({_NAME_WORD})\s+here\b", re.I)
_NAME_NOISE = re.compile(
    r"\b(?:zip\s*code|zipcode|zip|postal\s+code|and|my|is|in|at|from|of|the|code|live|lives|living|"
    r"hi|hello|hey|thanks|thank\s+you|please)\b|[\d,.;:!?()\-]",
    re.I,
)
# Words that are never a first or last name in this conversation, beyond English stop words.
_NOT_NAMES = frozenset(
    {
        "hi",
        "hello",
        "hey",
        "there",
        "thanks",
        "thank",
        "yes",
        "yeah",
        "no",
        "nope",
        "ok",
        "okay",
        "sure",
        "order",
        "orders",
        "item",
        "items",
        "return",
        "exchange",
        "cancel",
        "refund",
        "help",
        "zip",
        "code",
        "email",
        "address",
        "please",
        "sorry",
        "good",
        "fine",
        "great",
        "morning",
        "afternoon",
        "evening",
        "customer",
        "user",
        "id",
        "account",
        "package",
        "delivery",
        "product",
        "products",
        "looking",
        "trying",
        "wondering",
        "calling",
        "writing",
        "interested",
        "happy",
        "sad",
        "upset",
        "angry",
        "not",
        "just",
        "here",
        "again",
        "still",
        "also",
        "really",
        "very",
        "bot",
        "human",
        "agent",
        "speaking",
    }
)

# Reasons spelled as store.models.CANCEL_REASONS has them (not imported: importing store loads its
# database layer, and this module must stay cheap to import).
_CANCEL_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\bby\s+(?:mistake|accident)|\bmistaken(?:ly)?\b|\baccident(?:al(?:ly)?)?\b|\bin\s+error\b"
            r"|\border(?:ed)?\s+(?:the\s+)?wrong\b|\bwrong\s+(?:item|one|order|size|thing|product|colou?r)\b"
            r"|\b(?:ordered|bought|placed)\s+(?:it\s+|this\s+|that\s+)?twice\b|\bdidn'?t\s+mean\s+to\b"
            r"|\bmis-?click|\bmade\s+a\s+mistake\b|\bwas\s+a\s+mistake\b|\bmistake\b",
            re.I,
        ),
        "ordered by mistake",
    ),
    (
        re.compile(
            r"\bno\s+longer\s+(?:need|want|required|necessary|use)|\bnot\s+needed\b"
            r"|\bdon'?t\s+(?:really\s+)?(?:need|want)\s+(?:it|them|this|that|these|those|the\s+\w+)"
            r"|\bdo\s+not\s+(?:need|want)\b|\bchanged\s+my\s+mind\b|\bchange\s+of\s+(?:mind|plans?)\b"
            r"|\bno\s+need\s+for\b|\bnot\s+needed\s+any\s*more\b|\bneed\s+(?:it|them)\s+no\s+more\b"
            r"|\bno\s+longer\s+needed\b|\bfound\s+(?:a\s+)?(?:better|cheaper)\b|\bdon'?t\s+need\b",
            re.I,
        ),
        "no longer needed",
    ),
)


@dataclass(frozen=True)
class OrderIdMentions:
    """Order ids found in a message.

    Attributes:
        valid: Well-formed ids, normalised to "#W" + 7 digits, in text order, without repeats.
        malformed: Things that look like an attempt at an order id but are not one
            ("#W123", "W12345678", "#X1234567"), as written.
    """

    valid: tuple[str, ...] = ()
    malformed: tuple[str, ...] = ()


@dataclass(frozen=True)
class AddressParse:
    """A postal address read from a message.

    Attributes:
        address: The address when every part was found, else ``None``.
        missing: Parts not found: any of ``street``, ``city``, ``state``, ``zip``.
        parts: What was found, by part name (``address1``, ``address2``, ``city``, ``state``,
            ``zip``, ``country``), so the bot can ask only for the rest.
    """

    address: Address | None
    missing: tuple[str, ...] = ()
    parts: dict[str, str] = field(default_factory=dict)


def find_emails(text: str) -> list[str]:
    """Email addresses in a message, lower-cased, in order, without repeats.

    Args:
        text: The shopper's message.

    Returns:
        The addresses found, e.g. ``["yusuf.rossi7301@example.com"]``.
    """
    return list(dict.fromkeys(m.group().lower().rstrip(".") for m in _EMAIL.finditer(text or "")))


def find_zip(text: str) -> str | None:
    """A 5-digit US zip code in a message ("zip code 19122", "in 80280", "Denver, 80280").

    A number that is part of a longer number, an order id ("#W12345...") or an amount ("$12345") is
    not a zip. When the message names several, the one after "zip" wins, else the last one (a
    street number comes first in an address).

    Args:
        text: The shopper's message.

    Returns:
        The zip code, or ``None``.
    """
    text = _without_emails(text or "")
    cued = _ZIP_CUE.search(text)
    if cued:
        return cued.group(1)
    found = [m.group(1) for m in _ZIP.finditer(text)]
    return found[-1] if found else None


def find_name(text: str) -> tuple[str, str] | None:
    """A shopper's first and last name ("I'm Yusuf Rossi", "yusuf rossi zip 19122").

    Found after a cue ("I'm", "my name is", "this is", "it's"), before "here", or as the only two
    words of a message once zip codes, emails and linking words are set aside. Words that are
    common English or part of the conversation ("Hi there", "my order") are never a name.

    Args:
        text: The shopper's message.

    Returns:
        ``(first, last)`` capitalised, or ``None``.
    """
    text = _without_emails(text or "")
    for match in (*_NAME_CUES.finditer(text), _NAME_HERE.search(text)):
        if match and _is_name(match.group(1)) and _is_name(match.group(2)):
            return _capitalise(match.group(1)), _capitalise(match.group(2))
    words = _NAME_NOISE.sub(" ", text).split()
    if len(words) == 2 and all(_is_name(w) for w in words):
        bare = not re.search(r"\d", text)
        if bare and not all(w[:1].isupper() for w in words):
            return None  # "running shoes" alone is not a name; "yusuf rossi 19122" is
        return _capitalise(words[0]), _capitalise(words[1])
    return None


def find_order_ids(text: str) -> OrderIdMentions:
    """Order ids in a message, and attempts at one that have the wrong shape.

    Valid: "#W2378156", "W2378156", "w 2378156", "order 9502127", "order number #9502127", or a
    7-digit number on its own ("9502127") — all normalised to "#W2378156".

    Args:
        text: The shopper's message.

    Returns:
        Valid ids and malformed attempts, each in text order.
    """
    text = _without_emails(text or "")
    valid: list[str] = []
    spans: list[tuple[int, int]] = []
    for match in _VALID_ORDER.finditer(text):
        digits = next(g for g in match.groups() if g)
        valid.append(f"#W{digits}")
        spans.append(match.span())
    malformed = []
    for match in _ORDER_ATTEMPT.finditer(text):
        start, end = match.span()
        if any(s < end and start < e for s, e in spans):
            continue
        attempt = match.group().strip()
        digits = re.sub(r"\D", "", attempt)
        if re.fullmatch(r"\d{10}", digits) and not re.search(r"[#Ww]", attempt):
            continue  # an item or product id after "order", not an order id
        if re.fullmatch(r"#\d{1,2}", attempt):
            continue  # "#3" points at a listed result
        malformed.append(attempt)
    return OrderIdMentions(tuple(dict.fromkeys(valid)), tuple(dict.fromkeys(malformed)))


def find_item_ids(text: str) -> list[str]:
    """10-digit item (or product) ids in a message, in order, without repeats."""
    return list(dict.fromkeys(_ITEM_ID.findall(text or "")))


def parse_address(text: str, *, default_country: str = "USA") -> AddressParse:
    """Read a US postal address from a message.

    "943 Maple Drive, Suite 356, Chicago, IL 60621" and "445 Maple Drive, Suite 394, Fort Worth,
    Texas, 76165" both parse; the state comes back as its two-letter code ("Texas" → "TX").

    Args:
        text: The shopper's message; words before the address ("my new address is") are ignored.
        default_country: The country when none is written.

    Returns:
        The address, or what was found and which parts are missing.
    """
    parts = _address_parts(text or "")
    parts.setdefault("country", default_country)
    missing = tuple(
        name
        for name, part in (("street", "address1"), ("city", "city"), ("state", "state"), ("zip", "zip"))
        if not parts.get(part)
    )
    if missing:
        return AddressParse(None, missing, parts)
    from store.models import Address  # importing store loads its database layer: only when needed

    address = Address(
        address1=parts["address1"],
        address2=parts.get("address2", ""),
        city=parts["city"],
        state=parts["state"],
        country=parts["country"],
        zip=parts["zip"],
    )
    return AddressParse(address, (), parts)


def find_cancel_reason(text: str) -> str | None:
    """Which of the two accepted cancellation reasons a message gives.

    Args:
        text: The shopper's message ("I don't need it anymore", "I ordered it by mistake").

    Returns:
        ``"no longer needed"`` or ``"ordered by mistake"`` (the one named first when both are),
        or ``None``.
    """
    found = []
    for pattern, reason in _CANCEL_PATTERNS:
        match = pattern.search(text or "")
        if match:
            found.append((match.start(), reason))
    return min(found)[1] if found else None


# -- helpers ------------------------------------------------------------------------------------


def _without_emails(text: str) -> str:
    return _EMAIL.sub(" ", text)


def _is_name(word: str) -> bool:
    lowered = word.lower().strip("'-")
    return (
        len(lowered) >= 2
        and lowered not in _NOT_NAMES
        and lowered not in _stop_words()
        and not lowered.endswith("ing")
    )


def _capitalise(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


@functools.cache
def _stop_words() -> frozenset[str]:
    """Read spaCy's English stop words from their module file, without importing spaCy itself.

    ``import spacy`` takes seconds (it loads thinc and its backends); the stop-word module is a
    plain list with no imports, so loading that file alone costs a millisecond.
    """
    spec = importlib.util.find_spec("spacy")  # a top-level lookup: does not import spaCy
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("spaCy is required (requirements/actions.txt)")
    path = Path(next(iter(spec.submodule_search_locations))) / "lang" / "en" / "stop_words.py"
    module_spec = importlib.util.spec_from_file_location("_spacy_en_stop_words", path)
    if module_spec is None or module_spec.loader is None:
        raise ModuleNotFoundError(f"spaCy's English stop words not found at {path}")
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


_STREET_LABELS = (
    "AddressNumberPrefix",
    "AddressNumber",
    "AddressNumberSuffix",
    "StreetNamePreModifier",
    "StreetNamePreDirectional",
    "StreetNamePreType",
    "StreetName",
    "StreetNamePostType",
    "StreetNamePostDirectional",
    "StreetNamePostModifier",
    "BuildingName",
    "USPSBoxType",
    "USPSBoxID",
)
_UNIT_LABELS = ("OccupancyType", "OccupancyIdentifier", "SubaddressType", "SubaddressIdentifier")


def _address_parts(text: str) -> dict[str, str]:
    import usaddress  # loads its CRF model: first use only

    try:
        tokens: list[tuple[str, str]] = usaddress.parse(_address_span(text))
    except Exception:  # usaddress raises on odd input; treat as "nothing found"
        return {}
    by_label: dict[str, list[str]] = {}
    for token, label in tokens:
        by_label.setdefault(label, []).append(token.strip(" ,;"))
    parts: dict[str, str] = {}
    if by_label.get("AddressNumber") and any(by_label.get(label) for label in _STREET_LABELS[3:]):
        parts["address1"] = _words_in_order(tokens, _STREET_LABELS)
    unit = _words_in_order(tokens, _UNIT_LABELS)
    if unit:
        parts["address2"] = unit
    city = _words_in_order(tokens, ("PlaceName",))
    if city:
        parts["city"] = city
    state = _state_code(_words_in_order(tokens, ("StateName",)))
    if state:
        parts["state"] = state
    zip_code = "".join(by_label.get("ZipCode", []))[:5]
    if re.fullmatch(r"\d{5}", zip_code):
        parts["zip"] = zip_code
    if "state" not in parts and "zip" in parts:
        parts.update(_state_of_zip(parts["zip"]))
    country = _words_in_order(tokens, ("CountryName",))
    if country:
        parts["country"] = (
            "USA" if country.upper().replace(".", "") in ("US", "USA", "UNITED STATES") else country
        )
    return parts


def _address_span(text: str) -> str:
    """The part of a message that is the address: from the street number to the zip (and country).

    usaddress labels every word it is given, so "my new address is" or "can you update it?" around
    the address would be read as parts of it.
    """
    start = re.search(r"\b\d+[A-Za-z]?\s+[A-Za-z]", text)
    if start is None:
        return text
    rest = text[start.start() :]
    end = re.search(
        r"(?<![\d-])\d{5}(?:-\d{4})?(?!\d)(?:,?\s*(?:USA|U\.S\.A\.|US|United States(?: of America)?)\b)?",
        rest[start.end() - start.start() :],
    )
    if end is not None:
        rest = rest[: start.end() - start.start() + end.end()]
    return rest


def _state_of_zip(zip_code: str) -> dict[str, str]:
    """The state a real zip code lies in ("10001" → NY), to fill a state the shopper left out."""
    import zipcodes  # bundled zip database; first use only

    try:
        found = zipcodes.matching(zip_code)
    except (TypeError, ValueError):
        return {}
    states = {entry.get("state") for entry in found if entry.get("state")}
    return {"state": states.pop()} if len(states) == 1 else {}


def _words_in_order(tokens: list[tuple[str, Any]], labels: tuple[str, ...]) -> str:
    return " ".join(t.strip(" ,;") for t, label in tokens if label in labels and t.strip(" ,;")).strip()


def _state_code(name: str) -> str | None:
    """Two-letter code of a state name or code ("Texas" → "TX", "dc" → "DC"); ``None`` if none."""
    if not name:
        return None
    import us  # state metadata; first use only

    state = us.states.lookup(name.strip(" .").replace(".", ""))
    return state.abbr if state is not None else None
