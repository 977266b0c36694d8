"""The shop's tables, as SQLAlchemy Core metadata that works on SQLite and PostgreSQL alike.

Scalar facts that are looked up or updated on their own (a user's name keys, a gift card balance,
an order's status) get columns; the nested parts of an order (address, items, shipments, payments,
the details write operations add) stay JSON, exactly in τ²-bench's shape, because they are always
read and written whole. ``position`` columns keep the store file's order (a user's order list,
a product's variants) so records come back the way the file lists them.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

__all__ = [
    "audit_log",
    "handoffs",
    "metadata",
    "orders",
    "payment_methods",
    "products",
    "store_meta",
    "users",
    "variants",
]

metadata = MetaData()

users = Table(
    "users",
    metadata,
    Column("user_id", String(64), primary_key=True),
    Column("first_name", Text, nullable=False),
    Column("last_name", Text, nullable=False),
    Column("email", Text, nullable=False),
    # Case- and diacritic-folded copies (store.text.fold) that the identity lookups compare.
    Column("first_name_key", Text, nullable=False),
    Column("last_name_key", Text, nullable=False),
    Column("email_key", Text, nullable=False),
    Column("zip", String(32), nullable=False),
    Column("address", JSON, nullable=False),
    Index("ix_users_email_key", "email_key"),
    Index("ix_users_name_zip", "last_name_key", "first_name_key", "zip"),
)

payment_methods = Table(
    "payment_methods",
    metadata,
    Column("user_id", String(64), ForeignKey("users.user_id"), primary_key=True),
    Column("payment_method_id", String(64), primary_key=True),
    Column("source", String(32), nullable=False),
    Column("brand", Text),
    Column("last_four", String(8)),
    # Gift cards only; kept rounded to cents, as τ²-bench does after every change.
    Column("balance", Float),
    Column("position", Integer, nullable=False),
)

products = Table(
    "products",
    metadata,
    Column("product_id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("position", Integer, nullable=False),
)

variants = Table(
    "variants",
    metadata,
    Column("item_id", String(64), primary_key=True),
    Column("product_id", String(64), ForeignKey("products.product_id"), nullable=False),
    Column("options", JSON, nullable=False),
    Column("available", Boolean, nullable=False),
    Column("price", Float, nullable=False),
    Column("position", Integer, nullable=False),
    Index("ix_variants_product", "product_id"),
)

orders = Table(
    "orders",
    metadata,
    Column("order_id", String(64), primary_key=True),
    Column("user_id", String(64), ForeignKey("users.user_id"), nullable=False),
    Column("status", String(64), nullable=False),
    Column("address", JSON, nullable=False),
    Column("items", JSON, nullable=False),
    Column("fulfillments", JSON, nullable=False),
    Column("payment_history", JSON, nullable=False),
    # Every other key of the order as τ²-bench names it: cancel_reason, return_items, ...
    Column("details", JSON, nullable=False),
    # Index of the order in its user's `orders` list: orders_of() returns them in this order.
    Column("position", Integer, nullable=False),
    Index("ix_orders_user", "user_id", "position"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("op", String(64), nullable=False),
    Column("args", JSON, nullable=False),
    Column("conversation_id", String(128)),
    Column("at", String(40), nullable=False),
    Index("ix_audit_log_conversation", "conversation_id"),
)

handoffs = Table(
    "handoffs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("conversation_id", String(128), nullable=False),
    Column("reason", Text, nullable=False),
    Column("summary", Text, nullable=False),
    Column("transcript", JSON, nullable=False),
    Column("status", String(16), nullable=False),
    Column("user_id", String(64)),
    Column("created_at", String(40), nullable=False),
    Column("closed_at", String(40)),
    Column("closed_by", Text),
    Index("ix_handoffs_conversation", "conversation_id"),
    Index("ix_handoffs_status", "status"),
)

store_meta = Table(
    "store_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
