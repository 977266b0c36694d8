"""Purchase baskets: the input of association rules and collaborative filtering.

Two file shapes are read, told apart by their first line:

- **one basket per line**, items comma-separated, no header (the Groceries data);
- **a tab-separated table** with the header ``customer_id  invoice  date  items`` and the items
  space-separated (the Online Retail baskets); ``date`` is ISO 8601.

Item names are stripped of surrounding whitespace (Groceries writes ``"cream cheese "``) and a
basket's items are kept sorted and unique. A malformed line raises :class:`BasketError` naming the
file, the line number and what is wrong; nothing is returned for a file with any bad line.

Baskets can also come from a shop's own orders (:func:`baskets_from_orders`), so the bot mines its
rules from the store it serves.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

__all__ = ["Basket", "BasketError", "baskets_from_orders", "parse_baskets", "read_baskets"]

#: Header of the tab-separated basket table.
TABLE_HEADER = ("customer_id", "invoice", "date", "items")


class BasketError(ValueError):
    """A basket file or record that cannot be read; the message names where and what."""


@dataclass(frozen=True)
class Basket:
    """The items bought together in one purchase.

    Attributes:
        items: Item ids or names, sorted and unique, at least one.
        customer_id: Who bought it, when known.
        invoice: The invoice or order id, when known.
        date: When it was bought, when known (naive datetimes as written in the file).
    """

    items: tuple[str, ...]
    customer_id: str | None = None
    invoice: str | None = None
    date: datetime | None = None


def read_baskets(path: Path | str) -> list[Basket]:
    """Read a basket file of either shape (see the module docstring).

    Args:
        path: The file.

    Returns:
        The baskets in file order.

    Raises:
        BasketError: The file is missing, empty, or has a malformed line (named by number).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BasketError(f"{path}: cannot read basket file ({exc})") from exc
    return parse_baskets(text.splitlines(), source=str(path))


def parse_baskets(lines: Sequence[str], source: str = "<baskets>") -> list[Basket]:
    """Parse basket lines of either shape.

    Args:
        lines: The file's lines.
        source: A label for error messages (the file name).

    Returns:
        The baskets.

    Raises:
        BasketError: Nothing to read, or a malformed line.
    """
    if not any(line.strip() for line in lines):
        raise BasketError(f"{source}: no baskets (the file is empty)")
    first = lines[0].rstrip("\r\n").split("\t")
    if tuple(cell.strip().lower() for cell in first) == TABLE_HEADER:
        return _parse_table(lines, source)
    if "\t" in lines[0]:
        raise BasketError(
            f"{source}: line 1: a tab-separated basket table needs the header "
            f"{' / '.join(TABLE_HEADER)}, got {' / '.join(first)}"
        )
    return _parse_lists(lines, source)


def _parse_lists(lines: Sequence[str], source: str) -> list[Basket]:
    baskets = []
    for number, row in enumerate(csv.reader(lines), 1):
        items = _items((cell for cell in row), source, number)
        if items:
            baskets.append(Basket(items))
        elif len(row) > 1:
            raise BasketError(f"{source}: line {number}: a basket with no items")
    return baskets


def _parse_table(lines: Sequence[str], source: str) -> list[Basket]:
    baskets = []
    for number, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        cells = line.rstrip("\r\n").split("\t")
        if len(cells) != len(TABLE_HEADER):
            raise BasketError(
                f"{source}: line {number}: expected {len(TABLE_HEADER)} tab-separated fields "
                f"({', '.join(TABLE_HEADER)}), got {len(cells)}"
            )
        customer, invoice, stamp, items_text = (cell.strip() for cell in cells)
        if not customer:
            raise BasketError(f"{source}: line {number}: field 'customer_id' is empty")
        if not invoice:
            raise BasketError(f"{source}: line {number}: field 'invoice' is empty")
        try:
            date = datetime.fromisoformat(stamp)
        except ValueError:
            raise BasketError(
                f"{source}: line {number}: field 'date' is {stamp!r}, not an ISO date like 2010-12-01T08:26"
            ) from None
        items = _items(items_text.split(), source, number)
        if not items:
            raise BasketError(f"{source}: line {number}: field 'items' is empty")
        baskets.append(Basket(items, customer, invoice, date))
    if not baskets:
        raise BasketError(f"{source}: the basket table has a header but no rows")
    return baskets


def _items(cells: Iterable[str], source: str, number: int) -> tuple[str, ...]:
    """Sorted unique stripped item names; an empty name between commas is an error."""
    names = [cell.strip() for cell in cells]
    if any(not name for name in names) and any(names):
        raise BasketError(f"{source}: line {number}: an empty item name (two commas in a row?)")
    return tuple(sorted({name for name in names if name}))


def baskets_from_orders(
    orders: Iterable[Mapping[str, Any]], *, key: str = "product_id", skip_statuses: Sequence[str] = ("cancelled",)
) -> list[Basket]:
    """Turn a shop's orders (τ²-bench shape) into baskets.

    Args:
        orders: Order records with ``order_id``, ``user_id``, ``status`` and ``items`` (each with
            ``product_id`` and ``item_id``).
        key: Which id stands for an item in the basket: ``product_id`` (what goes with a *kind* of
            product, the default) or ``item_id`` (one exact variant).
        skip_statuses: Orders in these states are not purchases (a cancelled order bought nothing).

    Returns:
        One basket per order with at least one item, in the given order.

    Raises:
        BasketError: An order or one of its lines lacks the fields named above.
    """
    baskets = []
    for order in orders:
        order_id = str(order.get("order_id", "?"))
        lines = order.get("items")
        if not isinstance(lines, (list, tuple)):
            raise BasketError(f"order {order_id}: field 'items' is not a list")
        if order.get("status") in skip_statuses:
            continue
        ids = []
        for n, line in enumerate(lines, 1):
            value = line.get(key) if isinstance(line, Mapping) else None
            if not isinstance(value, str) or not value:
                raise BasketError(f"order {order_id}: item {n}: field {key!r} is missing")
            ids.append(value)
        if ids:
            user = order.get("user_id")
            baskets.append(Basket(tuple(sorted(set(ids))), str(user) if user else None, order_id))
    return baskets
