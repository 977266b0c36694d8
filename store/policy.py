"""Checks the write operations share, each raising a shopper-safe :class:`PolicyError`.

They run inside the operation's transaction on rows it has locked, in the order τ²-bench checks
them, so the same request is refused for the same reason. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection, RowMapping

from store.errors import PolicyError
from store.records import fetch_order_row, fetch_payment_method_rows, fetch_user_row, fetch_variant_row

__all__ = [
    "Replacement",
    "address_args",
    "id_list",
    "locked_methods",
    "locked_order",
    "locked_user",
    "money",
    "plan_replacements",
    "require_gift_card_covers",
    "require_items_present",
    "require_method",
]

_ADDRESS_FIELDS = ("address1", "address2", "city", "state", "country", "zip")


@dataclass(frozen=True)
class Replacement:
    """Which order lines get which new variant, and what the swap costs.

    Attributes:
        lines: (index of the order's item, the new variant's row) per requested pair, in order.
        price_difference: Sum of new prices minus old prices, rounded to cents; negative means
            the shopper gets money back.
    """

    lines: tuple[tuple[int, RowMapping], ...]
    price_difference: float


def locked_order(conn: Connection, order_id: str, acting_user_id: str | None) -> RowMapping:
    """Fetch and lock the order, refusing unknown orders and other shoppers' orders.

    Args:
        conn: Connection of the write's transaction.
        order_id: The order, e.g. ``#W2611340``.
        acting_user_id: The verified shopper, when known; another user's order is refused with
            the same message as a missing one, so order ids cannot be probed.

    Returns:
        The locked ``orders`` row.
    """
    row = fetch_order_row(conn, order_id, for_update=True) if isinstance(order_id, str) else None
    if row is None:
        raise PolicyError(f"Order {order_id} was not found.")
    if acting_user_id is not None and row["user_id"] != acting_user_id:
        raise PolicyError(f"Order {order_id} was not found among your orders.")
    return row


def locked_user(conn: Connection, user_id: str, acting_user_id: str | None) -> RowMapping:
    """Fetch and lock the user, refusing unknown users and anyone but the verified shopper."""
    row = fetch_user_row(conn, user_id, for_update=True) if isinstance(user_id, str) else None
    if row is None:
        raise PolicyError(f"User {user_id} was not found.")
    if acting_user_id is not None and user_id != acting_user_id:
        raise PolicyError("You can only change your own account.")
    return row


def locked_methods(conn: Connection, user_id: str) -> dict[str, RowMapping]:
    """The user's payment methods by id, locked (gift card balances may change)."""
    return fetch_payment_method_rows(conn, user_id, for_update=True)


def require_method(methods: Mapping[str, RowMapping], method_id: str) -> RowMapping:
    """The saved payment method ``method_id``, or a refusal when the user has no such method."""
    if not isinstance(method_id, str) or method_id not in methods:
        raise PolicyError(f"Payment method {method_id} is not one of the saved payment methods on this account.")
    return methods[method_id]


def require_gift_card_covers(method: Mapping[str, Any], amount: float, what: str) -> None:
    """Refuse when ``method`` is a gift card whose balance is below ``amount``.

    Args:
        method: A ``payment_methods`` row.
        amount: What the card would pay (a negative difference always passes).
        what: How the message names the amount, e.g. "difference" or "order total".
    """
    if method["source"] == "gift_card" and (method["balance"] or 0.0) < amount:
        raise PolicyError(
            f"The gift card balance {money(method['balance'] or 0.0)} does not cover the {money(amount)} {what}."
        )


def require_items_present(order: Mapping[str, Any], item_ids: Sequence[str]) -> None:
    """Refuse when an item id is listed more often than the order holds it (or not at all)."""
    in_order = [item["item_id"] for item in order["items"]]
    for item_id in item_ids:
        wanted, held = item_ids.count(item_id), in_order.count(item_id)
        if wanted > held:
            if held == 0:
                raise PolicyError(f"Item {item_id} is not in order {order['order_id']}.")
            raise PolicyError(
                f"Order {order['order_id']} has item {item_id} {held} time(s), not {wanted}."
            )


def plan_replacements(
    conn: Connection, order: Mapping[str, Any], item_ids: Sequence[str], new_item_ids: Sequence[str]
) -> Replacement:
    """Pair each old item with its new variant and price the swap, refusing invalid pairs.

    Each new variant must differ from the old item, belong to the same product and be available.
    Repeated item ids are matched to distinct lines of the order, first to first.

    Args:
        conn: Connection of the write's transaction.
        order: The locked ``orders`` row; its items were checked by :func:`require_items_present`.
        item_ids: Items to replace.
        new_item_ids: Their replacements, position by position.

    Returns:
        The lines to change and the rounded price difference.
    """
    if len(item_ids) != len(new_item_ids):
        raise PolicyError(
            f"Each item needs exactly one replacement: got {len(item_ids)} item(s) "
            f"and {len(new_item_ids)} new item(s)."
        )
    items = order["items"]
    used: set[int] = set()
    lines = []
    difference = 0.0
    for item_id, new_item_id in zip(item_ids, new_item_ids):
        if item_id == new_item_id:
            raise PolicyError(f"Item {new_item_id} is the item already in the order; choose different options.")
        index = next(i for i, item in enumerate(items) if item["item_id"] == item_id and i not in used)
        used.add(index)
        item = items[index]
        variant = fetch_variant_row(conn, new_item_id)
        if variant is None or variant["product_id"] != item["product_id"]:
            raise PolicyError(
                f"Item {new_item_id} is not a variant of the {item['name']} (product {item['product_id']})."
            )
        if not variant["available"]:
            raise PolicyError(f"Item {new_item_id} ({item['name']}) is not available right now.")
        difference += float(variant["price"]) - float(item["price"])
        lines.append((index, variant))
    return Replacement(lines=tuple(lines), price_difference=round(difference, 2))


def id_list(value: Any, name: str) -> list[str]:
    """``value`` as a list of ids, refusing a bare string, an empty list or non-string ids.

    Args:
        value: What the caller passed, e.g. ``["1008292230", "1008292230"]``.
        name: The argument's name for the message.
    """
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise PolicyError(f"{name} must be a list of item ids, e.g. ['1008292230'].")
    ids = list(value)
    if not ids:
        raise PolicyError(f"{name} is empty: name at least one item.")
    if not all(isinstance(item_id, str) for item_id in ids):
        raise PolicyError(f"{name} must hold item ids as strings, e.g. ['1008292230'].")
    return ids


def address_args(**fields: Any) -> dict[str, str]:
    """The six address fields, refusing any that is not a string."""
    for name in _ADDRESS_FIELDS:
        if not isinstance(fields.get(name), str):
            raise PolicyError(f"Address field {name} must be text.")
    return {name: fields[name] for name in _ADDRESS_FIELDS}


def money(amount: float) -> str:
    """Dollars as the bot writes them: ``$1,234.50``."""
    return f"${amount:,.2f}"
