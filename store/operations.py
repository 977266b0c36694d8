"""The write operations on orders and accounts, with τ²-bench's retail semantics.

Each function is one transaction: it locks the rows it reads, checks the request against the
policy (:mod:`store.policy`, in τ²-bench's order), applies the change, and adds one audit row
named and argued as τ²-bench's tool call. A refusal raises :class:`PolicyError` and rolls
everything back, audit row included. Callers normally use the :class:`store.ShopStore` methods.

Deliberate differences from τ²-bench's ``tools.py``, each a bug there:

* ``modify_pending_order_items`` gives every line its OWN new variant (τ²-bench writes the last
  pair's variant into every changed line) and rounds the price difference before using it.
* ``cancel_pending_order`` refunds what each method paid NET of earlier refunds. For an order
  with one payment (every order that was not re-paid) this is τ²-bench's result; after
  ``modify_pending_order_payment`` τ²-bench would refund the already-refunded method again.
* ``exchange_delivered_order_items`` refuses an item exchanged for itself, as modify does.
* Empty item lists are refused instead of spending the order's one modification on nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Connection, Engine

from store import schema
from store.audit import record_write
from store.engine import write_transaction
from store.errors import PolicyError
from store.models import (
    CANCEL_REASONS,
    CANCELLED,
    DELIVERED,
    EXCHANGE_REQUESTED,
    PENDING,
    PENDING_ITEMS_MODIFIED,
    RETURN_REQUESTED,
    Order,
    User,
)
from store.policy import (
    address_args,
    id_list,
    locked_methods,
    locked_order,
    locked_user,
    plan_replacements,
    require_gift_card_covers,
    require_items_present,
    require_method,
)
from store.records import load_user, order_from_row

__all__ = [
    "cancel_pending_order",
    "exchange_delivered_order_items",
    "modify_pending_order_address",
    "modify_pending_order_items",
    "modify_pending_order_payment",
    "modify_user_address",
    "return_delivered_order_items",
]


def cancel_pending_order(
    engine: Engine,
    order_id: str,
    reason: str,
    *,
    conversation_id: str | None = None,
    acting_user_id: str | None = None,
) -> Order:
    """Cancel a pending order and refund it; gift card refunds land on the card at once.

    Args:
        engine: The store's engine.
        order_id: The order, e.g. ``#W6247578``; its status must be exactly "pending".
        reason: "no longer needed" or "ordered by mistake", verbatim.
        conversation_id: Recorded in the audit log.
        acting_user_id: The verified shopper; another user's order is refused.

    Returns:
        The cancelled order, with ``details["cancel_reason"]``.
    """
    args = {"order_id": order_id, "reason": reason}
    with write_transaction(engine) as conn:
        order = locked_order(conn, order_id, acting_user_id)
        if order["status"] != PENDING:
            raise PolicyError(f"Order {order_id} is {order['status']}; only pending orders can be cancelled.")
        if reason not in CANCEL_REASONS:
            raise PolicyError("Cancellation reason must be 'no longer needed' or 'ordered by mistake'.")
        methods = locked_methods(conn, order["user_id"])
        net: dict[str, float] = {}
        for payment in order["payment_history"]:
            sign = 1 if payment["transaction_type"] == "payment" else -1
            net[payment["payment_method_id"]] = net.get(payment["payment_method_id"], 0.0) + sign * payment["amount"]
        refunds = []
        for method_id, paid in net.items():
            amount = round(paid, 2)
            if amount <= 0:
                continue
            method = require_method(methods, method_id)
            refunds.append({"transaction_type": "refund", "amount": amount, "payment_method_id": method_id})
            _add_to_gift_card(conn, method, amount)
        changes = {
            "status": CANCELLED,
            "payment_history": [*order["payment_history"], *refunds],
            "details": {**order["details"], "cancel_reason": reason},
        }
        return _finish(conn, order, changes, "cancel_pending_order", args, conversation_id)


def modify_pending_order_address(
    engine: Engine,
    order_id: str,
    address1: str,
    address2: str,
    city: str,
    state: str,
    country: str,
    zip: str,  # noqa: A002 (τ²-bench's argument name)
    *,
    conversation_id: str | None = None,
    acting_user_id: str | None = None,
) -> Order:
    """Change where a pending order ships ("pending (item modified)" orders too).

    Args:
        engine: The store's engine.
        order_id: The order; "pending" must be in its status.
        address1: First line, e.g. "763 Broadway".
        address2: Second line, or "".
        city: City.
        state: State, e.g. "PA".
        country: Country, e.g. "USA".
        zip: Zip code.
        conversation_id: Recorded in the audit log.
        acting_user_id: The verified shopper; another user's order is refused.

    Returns:
        The order with its new address.
    """
    address = address_args(address1=address1, address2=address2, city=city, state=state, country=country, zip=zip)
    args = {"order_id": order_id, **address}
    with write_transaction(engine) as conn:
        order = locked_order(conn, order_id, acting_user_id)
        if PENDING not in order["status"]:
            raise PolicyError(
                f"Order {order_id} is {order['status']}; only pending orders can have their address changed."
            )
        return _finish(conn, order, {"address": address}, "modify_pending_order_address", args, conversation_id)


def modify_pending_order_items(
    engine: Engine,
    order_id: str,
    item_ids: Sequence[str],
    new_item_ids: Sequence[str],
    payment_method_id: str,
    *,
    conversation_id: str | None = None,
    acting_user_id: str | None = None,
) -> Order:
    """Swap items of a pending order for other variants of the same products; allowed once.

    The price difference is paid with (or refunded to) ``payment_method_id``; a gift card pays
    or is refunded at once and must cover a positive difference.

    Args:
        engine: The store's engine.
        order_id: The order; its status must be exactly "pending".
        item_ids: Items to change; repeat an id to change several units of it.
        new_item_ids: The new variants, position by position.
        payment_method_id: One of the order's user's saved methods.
        conversation_id: Recorded in the audit log.
        acting_user_id: The verified shopper; another user's order is refused.

    Returns:
        The order, now "pending (item modified)".
    """
    old_ids, new_ids = id_list(item_ids, "item_ids"), id_list(new_item_ids, "new_item_ids")
    args = {"order_id": order_id, "item_ids": old_ids, "new_item_ids": new_ids, "payment_method_id": payment_method_id}
    with write_transaction(engine) as conn:
        order = locked_order(conn, order_id, acting_user_id)
        if order["status"] == PENDING_ITEMS_MODIFIED:
            raise PolicyError(f"The items of order {order_id} were already changed once; they cannot be changed again.")
        if order["status"] != PENDING:
            raise PolicyError(f"Order {order_id} is {order['status']}; only pending orders can have items changed.")
        require_items_present(order, old_ids)
        plan = plan_replacements(conn, order, old_ids, new_ids)
        method = require_method(locked_methods(conn, order["user_id"]), payment_method_id)
        require_gift_card_covers(method, plan.price_difference, "difference")
        payment = {
            "transaction_type": "payment" if plan.price_difference > 0 else "refund",
            "amount": abs(plan.price_difference),
            "payment_method_id": payment_method_id,
        }
        _add_to_gift_card(conn, method, -plan.price_difference)
        items = [dict(item) for item in order["items"]]
        for index, variant in plan.lines:
            items[index].update(
                item_id=variant["item_id"], price=float(variant["price"]), options=dict(variant["options"])
            )
        changes = {
            "status": PENDING_ITEMS_MODIFIED,
            "items": items,
            "payment_history": [*order["payment_history"], payment],
        }
        return _finish(conn, order, changes, "modify_pending_order_items", args, conversation_id)


def modify_pending_order_payment(
    engine: Engine,
    order_id: str,
    payment_method_id: str,
    *,
    conversation_id: str | None = None,
    acting_user_id: str | None = None,
) -> Order:
    """Pay a pending order with another saved method: charge the new one, refund the old one.

    Args:
        engine: The store's engine.
        order_id: The order; "pending" must be in its status and it must have exactly one
            payment so far.
        payment_method_id: The new method; a gift card must cover the whole amount.
        conversation_id: Recorded in the audit log.
        acting_user_id: The verified shopper; another user's order is refused.

    Returns:
        The order with the new payment and the refund appended.
    """
    args = {"order_id": order_id, "payment_method_id": payment_method_id}
    with write_transaction(engine) as conn:
        order = locked_order(conn, order_id, acting_user_id)
        if PENDING not in order["status"]:
            raise PolicyError(
                f"Order {order_id} is {order['status']}; only pending orders can change how they are paid."
            )
        methods = locked_methods(conn, order["user_id"])
        method = require_method(methods, payment_method_id)
        history = order["payment_history"]
        if len(history) != 1 or history[0]["transaction_type"] != "payment":
            raise PolicyError(
                f"The payment method of order {order_id} can only be changed while it has exactly one payment."
            )
        old_id, amount = history[0]["payment_method_id"], history[0]["amount"]
        if old_id == payment_method_id:
            raise PolicyError(f"Order {order_id} is already paid with {payment_method_id}; choose a different method.")
        require_gift_card_covers(method, amount, "order total")
        old_method = require_method(methods, old_id)
        _add_to_gift_card(conn, method, -amount)
        _add_to_gift_card(conn, old_method, amount)
        entries = [
            {"transaction_type": "payment", "amount": amount, "payment_method_id": payment_method_id},
            {"transaction_type": "refund", "amount": amount, "payment_method_id": old_id},
        ]
        changes = {"payment_history": [*history, *entries]}
        return _finish(conn, order, changes, "modify_pending_order_payment", args, conversation_id)


def return_delivered_order_items(
    engine: Engine,
    order_id: str,
    item_ids: Sequence[str],
    payment_method_id: str,
    *,
    conversation_id: str | None = None,
    acting_user_id: str | None = None,
) -> Order:
    """Request the return of items of a delivered order; allowed once per order.

    Args:
        engine: The store's engine.
        order_id: The order; its status must be exactly "delivered".
        item_ids: Items to return; repeat an id to return several units of it.
        payment_method_id: Where the refund goes: the order's original method or a gift card.
        conversation_id: Recorded in the audit log.
        acting_user_id: The verified shopper; another user's order is refused.

    Returns:
        The order, now "return requested", with ``return_items`` and ``return_payment_method_id``.
    """
    ids = id_list(item_ids, "item_ids")
    args = {"order_id": order_id, "item_ids": ids, "payment_method_id": payment_method_id}
    with write_transaction(engine) as conn:
        order = locked_order(conn, order_id, acting_user_id)
        if order["status"] != DELIVERED:
            raise PolicyError(f"Order {order_id} is {order['status']}; only delivered orders can be returned.")
        method = require_method(locked_methods(conn, order["user_id"]), payment_method_id)
        history = order["payment_history"]
        original = history[0]["payment_method_id"] if history else None
        if method["source"] != "gift_card" and payment_method_id != original:
            raise PolicyError(
                f"A refund goes to the original payment method ({original}) or a gift card; "
                f"{payment_method_id} is neither."
            )
        require_items_present(order, ids)
        details = {**order["details"], "return_items": sorted(ids), "return_payment_method_id": payment_method_id}
        changes = {"status": RETURN_REQUESTED, "details": details}
        return _finish(conn, order, changes, "return_delivered_order_items", args, conversation_id)


def exchange_delivered_order_items(
    engine: Engine,
    order_id: str,
    item_ids: Sequence[str],
    new_item_ids: Sequence[str],
    payment_method_id: str,
    *,
    conversation_id: str | None = None,
    acting_user_id: str | None = None,
) -> Order:
    """Request an exchange of delivered items for other variants of the same products; once.

    Nothing is charged yet: the price difference is recorded for when the exchange happens,
    and a gift card chosen to pay it must cover it now.

    Args:
        engine: The store's engine.
        order_id: The order; its status must be exactly "delivered".
        item_ids: Items to exchange; repeat an id to exchange several units of it.
        new_item_ids: The new variants, position by position.
        payment_method_id: One of the user's saved methods, to pay or receive the difference.
        conversation_id: Recorded in the audit log.
        acting_user_id: The verified shopper; another user's order is refused.

    Returns:
        The order, now "exchange requested", with the exchange details.
    """
    old_ids, new_ids = id_list(item_ids, "item_ids"), id_list(new_item_ids, "new_item_ids")
    args = {"order_id": order_id, "item_ids": old_ids, "new_item_ids": new_ids, "payment_method_id": payment_method_id}
    with write_transaction(engine) as conn:
        order = locked_order(conn, order_id, acting_user_id)
        if order["status"] != DELIVERED:
            raise PolicyError(f"Order {order_id} is {order['status']}; only delivered orders can be exchanged.")
        require_items_present(order, old_ids)
        plan = plan_replacements(conn, order, old_ids, new_ids)
        method = require_method(locked_methods(conn, order["user_id"]), payment_method_id)
        require_gift_card_covers(method, plan.price_difference, "difference")
        details = {
            **order["details"],
            "exchange_items": sorted(old_ids),
            "exchange_new_items": sorted(new_ids),
            "exchange_payment_method_id": payment_method_id,
            "exchange_price_difference": plan.price_difference,
        }
        changes = {"status": EXCHANGE_REQUESTED, "details": details}
        return _finish(conn, order, changes, "exchange_delivered_order_items", args, conversation_id)


def modify_user_address(
    engine: Engine,
    user_id: str,
    address1: str,
    address2: str,
    city: str,
    state: str,
    country: str,
    zip: str,  # noqa: A002 (τ²-bench's argument name)
    *,
    conversation_id: str | None = None,
    acting_user_id: str | None = None,
) -> User:
    """Change a user's default address (orders keep the address they ship to).

    Args:
        engine: The store's engine.
        user_id: The user, e.g. ``yusuf_rossi_9620``.
        address1: First line.
        address2: Second line, or "".
        city: City.
        state: State.
        country: Country.
        zip: Zip code; the name + zip lookup uses the new one from now on.
        conversation_id: Recorded in the audit log.
        acting_user_id: The verified shopper; anyone else's account is refused.

    Returns:
        The user with the new address.
    """
    address = address_args(address1=address1, address2=address2, city=city, state=state, country=country, zip=zip)
    args = {"user_id": user_id, **address}
    with write_transaction(engine) as conn:
        locked_user(conn, user_id, acting_user_id)
        conn.execute(
            update(schema.users).where(schema.users.c.user_id == user_id).values(address=address, zip=address["zip"])
        )
        record_write(conn, "modify_user_address", args, conversation_id)
        user = load_user(conn, user_id)
    assert user is not None  # locked above, inside the same transaction
    return user


def _add_to_gift_card(conn: Connection, method: Mapping[str, Any], amount: float) -> None:
    """Credit (or, with a negative amount, debit) a gift card; other methods are untouched."""
    if method["source"] != "gift_card" or amount == 0:
        return
    table = schema.payment_methods
    balance = round((method["balance"] or 0.0) + amount, 2)
    conn.execute(
        update(table)
        .where(table.c.user_id == method["user_id"], table.c.payment_method_id == method["payment_method_id"])
        .values(balance=balance)
    )


def _finish(
    conn: Connection,
    order: Mapping[str, Any],
    changes: Mapping[str, Any],
    op: str,
    args: Mapping[str, Any],
    conversation_id: str | None,
) -> Order:
    """Write the order's changed columns and the audit row; return the order as it now is."""
    table = schema.orders
    conn.execute(update(table).where(table.c.order_id == order["order_id"]).values(**changes))
    record_write(conn, op, args, conversation_id)
    return order_from_row({**order, **changes})
