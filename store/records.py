"""Reading records: the SELECTs shared by reads and writes, and rows turned into models.

Reads (:mod:`store.database`) and write operations (:mod:`store.operations`) fetch users, orders
and payment methods the same way; write operations pass ``for_update=True`` to lock the rows
they are about to change. Every value reaches the database as a bound parameter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection, RowMapping

from store import schema
from store.models import (
    Address,
    AuditEntry,
    Fulfillment,
    Handoff,
    Order,
    OrderItem,
    Payment,
    PaymentMethod,
    Product,
    User,
    Variant,
)

__all__ = [
    "audit_entry_from_row",
    "fetch_order_row",
    "fetch_payment_method_rows",
    "fetch_user_row",
    "fetch_variant_row",
    "handoff_from_row",
    "load_order",
    "load_user",
    "order_from_row",
    "payment_method_from_row",
    "product_from_rows",
    "variant_from_row",
]


def fetch_order_row(conn: Connection, order_id: str, *, for_update: bool = False) -> RowMapping | None:
    """The order's row, or None; ``for_update`` locks it until the transaction ends."""
    query = select(schema.orders).where(schema.orders.c.order_id == order_id)
    if for_update:
        query = query.with_for_update()
    return conn.execute(query).mappings().first()


def fetch_user_row(conn: Connection, user_id: str, *, for_update: bool = False) -> RowMapping | None:
    """The user's row, or None; ``for_update`` locks it until the transaction ends."""
    query = select(schema.users).where(schema.users.c.user_id == user_id)
    if for_update:
        query = query.with_for_update()
    return conn.execute(query).mappings().first()


def fetch_payment_method_rows(
    conn: Connection, user_id: str, *, for_update: bool = False
) -> dict[str, RowMapping]:
    """The user's saved payment methods by id, in the store file's order.

    Args:
        conn: Connection to read on.
        user_id: Whose methods.
        for_update: Lock the rows (gift card balances change) until the transaction ends.

    Returns:
        Rows keyed by payment method id; empty when the user has none or does not exist.
    """
    table = schema.payment_methods
    query = select(table).where(table.c.user_id == user_id).order_by(table.c.position)
    if for_update:
        query = query.with_for_update()
    return {row["payment_method_id"]: row for row in conn.execute(query).mappings()}


def fetch_variant_row(conn: Connection, item_id: str) -> RowMapping | None:
    """The variant's row (with its product's name as ``product_name``), or None."""
    query = (
        select(schema.variants, schema.products.c.name.label("product_name"))
        .join(schema.products, schema.products.c.product_id == schema.variants.c.product_id)
        .where(schema.variants.c.item_id == item_id)
    )
    return conn.execute(query).mappings().first()


def load_user(conn: Connection, user_id: str) -> User | None:
    """The user with their payment methods and order ids, or None when there is no such user."""
    row = fetch_user_row(conn, user_id)
    if row is None:
        return None
    methods = fetch_payment_method_rows(conn, user_id)
    order_ids = conn.execute(
        select(schema.orders.c.order_id)
        .where(schema.orders.c.user_id == user_id)
        .order_by(schema.orders.c.position, schema.orders.c.order_id)
    ).scalars()
    return User(
        user_id=row["user_id"],
        first_name=row["first_name"],
        last_name=row["last_name"],
        email=row["email"],
        address=Address.from_dict(row["address"]),
        payment_methods={key: payment_method_from_row(value) for key, value in methods.items()},
        orders=tuple(order_ids),
    )


def load_order(conn: Connection, order_id: str) -> Order | None:
    """The order, or None when there is no such order."""
    row = fetch_order_row(conn, order_id)
    return None if row is None else order_from_row(row)


def order_from_row(row: Mapping[str, Any]) -> Order:
    """An :class:`Order` from an ``orders`` row (or a dict with the same keys)."""
    return Order(
        order_id=row["order_id"],
        user_id=row["user_id"],
        status=row["status"],
        address=Address.from_dict(row["address"]),
        items=tuple(_order_item(item) for item in row["items"]),
        fulfillments=tuple(
            Fulfillment(tracking_id=tuple(f["tracking_id"]), item_ids=tuple(f["item_ids"]))
            for f in row["fulfillments"]
        ),
        payment_history=tuple(
            Payment(
                transaction_type=p["transaction_type"],
                amount=float(p["amount"]),
                payment_method_id=p["payment_method_id"],
            )
            for p in row["payment_history"]
        ),
        details=dict(row["details"]),
    )


def payment_method_from_row(row: Mapping[str, Any]) -> PaymentMethod:
    """A :class:`PaymentMethod` from a ``payment_methods`` row."""
    balance = row["balance"]
    return PaymentMethod(
        id=row["payment_method_id"],
        source=row["source"],
        balance=None if balance is None else float(balance),
        brand=row["brand"],
        last_four=row["last_four"],
    )


def variant_from_row(row: Mapping[str, Any]) -> Variant:
    """A :class:`Variant` from a ``variants`` row."""
    return Variant(
        item_id=row["item_id"],
        product_id=row["product_id"],
        options=dict(row["options"]),
        available=bool(row["available"]),
        price=float(row["price"]),
    )


def product_from_rows(row: Mapping[str, Any], variant_rows: Iterable[Mapping[str, Any]]) -> Product:
    """A :class:`Product` from its ``products`` row and its ``variants`` rows (in order)."""
    return Product(
        product_id=row["product_id"],
        name=row["name"],
        variants={v["item_id"]: variant_from_row(v) for v in variant_rows},
    )


def audit_entry_from_row(row: Mapping[str, Any]) -> AuditEntry:
    """An :class:`AuditEntry` from an ``audit_log`` row."""
    return AuditEntry(op=row["op"], args=dict(row["args"]), conversation_id=row["conversation_id"], at=row["at"])


def handoff_from_row(row: Mapping[str, Any]) -> Handoff:
    """A :class:`Handoff` from a ``handoffs`` row."""
    return Handoff(
        id=int(row["id"]),
        conversation_id=row["conversation_id"],
        reason=row["reason"],
        summary=row["summary"],
        transcript=tuple(dict(turn) for turn in row["transcript"]),
        status=row["status"],
        created_at=row["created_at"],
        user_id=row["user_id"],
        closed_at=row["closed_at"],
        closed_by=row["closed_by"],
    )


def _order_item(item: Mapping[str, Any]) -> OrderItem:
    return OrderItem(
        item_id=item["item_id"],
        product_id=item["product_id"],
        name=item["name"],
        price=float(item["price"]),
        options=dict(item["options"]),
    )
