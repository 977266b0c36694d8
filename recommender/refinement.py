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
from recommender.query import ParsedQuery

__all__ = ["refine_filters", "relative_price_bound"]

_ANY = re.compile(r"\b(?:any|whatever|all|no|without(?: the| a| any)?)\s+([a-z]+)")
_OUT_OF_STOCK = re.compile(r"\b(?:include|including|with|show)\s+(?:the\s+)?(?:out[- ]of[- ]stock|sold[- ]out|unavailable)")
_PRICE_WORDS = {"price", "prices", "budget", "cost"}
_SYNONYMS = {"colour": "color", "colours": "color", "colors": "color", "sizes": "size", "brands": "brand",
             "categories": "category", "materials": "material", "styles": "style"}


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
    previous: Filters, parsed: ParsedQuery, shown_prices: Sequence[float] = ()
) -> Filters:
    """Apply a follow-up message to the filters of the last search.

    Args:
        previous: The filters in force.
        parsed: The follow-up, parsed with the catalog's vocabulary.
        shown_prices: Prices of the items shown last, for relative price words.

    Returns:
        The new filters.
    """
    current = _drop_named(previous, parsed.text.lower())
    current = current.merged(parsed.filters)
    if parsed.relative_price and parsed.filters.max_price is None and parsed.filters.min_price is None:
        bound = relative_price_bound(parsed.relative_price, shown_prices)
        if bound is not None and parsed.relative_price == "cheaper":
            cap = bound if current.max_price is None else min(bound, current.max_price)
            current = replace(current, max_price=cap)
        elif bound is not None:
            floor = bound if current.min_price is None else max(bound, current.min_price)
            current = replace(current, min_price=floor)
    return current


def _drop_named(filters: Filters, text: str) -> Filters:
    """Remove constraints the shopper waves away ("any colour", "no price limit")."""
    if _OUT_OF_STOCK.search(text):
        filters = replace(filters, in_stock=False)
    for match in _ANY.finditer(text):
        word = _SYNONYMS.get(match.group(1), match.group(1))
        if word in _PRICE_WORDS:
            filters = replace(filters, min_price=None, max_price=None)
        elif word == "brand":
            filters = replace(filters, brands=frozenset())
        elif word in {"category", "type", "kind"}:
            filters = replace(filters, categories=frozenset())
        elif word in filters.options:
            filters = replace(filters, options={k: v for k, v in filters.options.items() if k != word})
    return filters
