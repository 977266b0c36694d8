"""How a follow-up message ("in blue", "cheaper", "any colour") changes the active filters.

Kept out of the dialogue layer so the rules are plain functions with plain tests:

- constraints the new message names replace the same kind of constraint (colour replaces colour);
- "cheaper" caps the price below the median of what was just shown (so it always narrows), and
  "more expensive" raises the floor above it;
- "any colour", "any brand", "any price", "include out of stock" drop a constraint.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import replace

from recommender.filters import Filters
from recommender.query import QueryParser

__all__ = ["refine_filters", "relative_price_bound"]

_WAVE = r"\b(?:any|whatever|all|no|without(?: the| a| any)?)\s+"
_OUT_OF_STOCK = re.compile(
    r"\b(?:include|including|with|show)\s+(?:the\s+)?(?:out[- ]of[- ]stock|sold[- ]out|unavailable)", re.IGNORECASE
)
_FIXED = {"price": ("price", "prices", "budget", "cost"), "brand": ("brand", "brands"),
          "category": ("category", "categories", "type", "kind")}
_SPELLINGS = {"color": ("color", "colors", "colour", "colours")}


def relative_price_bound(direction: str, shown_prices: Sequence[float]) -> float | None:
    """The price bound that "cheaper"/"pricier" means after seeing ``shown_prices``.

    Args:
        direction: ``"cheaper"`` or ``"pricier"``.
        shown_prices: Prices of the items just shown.

    Returns:
        For "cheaper", a maximum one cent below the median shown price; for "pricier", a minimum
        one cent above it; ``None`` when nothing was shown.
    """
    if not shown_prices:
        return None
    middle = statistics.median(shown_prices)
    if direction == "cheaper":
        return round(middle - 0.01, 2)
    return round(middle + 0.01, 2)


def refine_filters(
    previous: Filters, text: str, parser: QueryParser, shown_prices: Sequence[float] = ()
) -> Filters:
    """Apply a follow-up message to the filters of the last search.

    Args:
        previous: The filters in force.
        text: The follow-up message.
        parser: The catalog's query parser.
        shown_prices: Prices of the items shown last, for relative price words.

    Returns:
        The new filters.
    """
    dropped, rest = _waved_away(previous, text)
    # Only what is left is read for new constraints: "any battery type" names no battery.
    parsed = parser.parse(rest)
    current = _without(previous, dropped).merged(parsed.filters)
    if parsed.relative_price and parsed.filters.max_price is None and parsed.filters.min_price is None:
        bound = relative_price_bound(parsed.relative_price, shown_prices)
        if bound is not None and parsed.relative_price == "cheaper":
            cap = bound if current.max_price is None else min(bound, current.max_price)
            current = replace(current, max_price=cap)
        elif bound is not None:
            floor = bound if current.min_price is None else max(bound, current.min_price)
            current = replace(current, min_price=floor)
    return current


def _waved_away(filters: Filters, text: str) -> tuple[set[str], str]:
    """Which constraints the shopper waves away: "any colour", "no price limit", "any screen size".

    Returns ``"price"``, ``"brand"``, ``"category"``, ``"in_stock"`` and the option keys in force
    that are named after "any"/"no"/"without". Keys are matched whole, longest first, so
    "any screen size" drops ``screen size`` and not ``size``. Where an option shares its name with
    a field ("brand" is an option of τ²'s makeup kits), "any brand" drops both.

    Returns:
        The dropped names, and the text with those phrases cut out.
    """
    dropped = set()
    rest = text
    # Option keys first, longest first, each looked for in what is left: "any color temperature"
    # is that key, not also "color".
    for key in sorted(filters.options, key=len, reverse=True):
        words = _SPELLINGS.get(key, (key, f"{key}s"))
        pattern = re.compile(_WAVE + f"(?:{'|'.join(re.escape(w) for w in words)})\\b", re.IGNORECASE)
        if pattern.search(rest):
            dropped.add(key)
            rest = pattern.sub(" ", rest)
    # Then the fixed fields, in the whole message, so "any brand" also clears a "brand" option.
    fixed = [("in_stock", _OUT_OF_STOCK)]
    fixed += [(name, re.compile(_WAVE + f"(?:{'|'.join(words)})\\b", re.IGNORECASE)) for name, words in _FIXED.items()]
    for name, pattern in fixed:
        if pattern.search(text):
            dropped.add(name)
            rest = pattern.sub(" ", rest)
    return dropped, rest


def _without(filters: Filters, dropped: set[str]) -> Filters:
    """``filters`` with the named constraints removed."""
    return replace(
        filters,
        min_price=None if "price" in dropped else filters.min_price,
        max_price=None if "price" in dropped else filters.max_price,
        brands=frozenset() if "brand" in dropped else filters.brands,
        categories=frozenset() if "category" in dropped else filters.categories,
        in_stock=False if "in_stock" in dropped else filters.in_stock,
        options={k: v for k, v in filters.options.items() if k not in dropped},
    )
