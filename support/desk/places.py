"""Cities as shoppers name them, matched against the addresses on their orders and account.

Used to pick an order by where it ships ("my LA order") and an address by its city ("my New York
address"); short names ("NYC", "philly") count as the city.
"""

from __future__ import annotations

import re

from store.models import Address

#: Short names shoppers use for cities.
_CITY_NICKNAMES = {
    "la": "los angeles", "nyc": "new york", "ny": "new york", "dc": "washington", "sf": "san francisco",
    "philly": "philadelphia", "vegas": "las vegas",
}
#: Words that go with a place that says where an order ships ("going to", "the Chicago order").
_PLACE_CUE = r"(?:\b(?:to|in|for|at|into)\s+(?:the\s+)?{place}\b|\b{place}\s+(?:order|one|address|package|home|house|place|apartment))"


def names_place(text: str, address: Address) -> bool:
    """Whether ``text`` says an order goes to ``address``'s city ("sent to Washington DC",
    "my LA order", "the one in Chicago")."""
    city = address.city.lower()
    names = [city] + [nick for nick, full in _CITY_NICKNAMES.items() if full == city]
    lowered = text.lower()
    return any(re.search(_PLACE_CUE.format(place=re.escape(name)), lowered) for name in names)


def mentions_city(text: str, address: Address) -> bool:
    """Whether ``text`` names ``address``'s city, or its short name ("NYC", "LA")."""
    city = address.city.lower()
    names = [city] + [nick for nick, full in _CITY_NICKNAMES.items() if full == city]
    return any(re.search(rf"\b{re.escape(name)}\b", text, re.I) for name in names)
