"""The shop's database: users, orders, products, the audit log and staff handoffs.

:class:`ShopStore` reads and writes it through SQLAlchemy (SQLite by default, PostgreSQL in
production); write operations follow τ²-bench's retail policy and raise :class:`PolicyError`
when a request breaks it. Importing the package does no work: nothing connects until
:meth:`ShopStore.open`.
"""

from __future__ import annotations

from store.config import StoreSettings, load_store_settings
from store.database import ShopStore
from store.errors import PolicyError, StoreError, StoreUnavailable
from store.models import (
    CANCEL_REASONS,
    CANCELLED,
    DELIVERED,
    EXCHANGE_REQUESTED,
    PENDING,
    PENDING_ITEMS_MODIFIED,
    PROCESSED,
    RETURN_REQUESTED,
    WRITE_OPERATIONS,
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
    "CANCEL_REASONS",
    "CANCELLED",
    "DELIVERED",
    "EXCHANGE_REQUESTED",
    "PENDING",
    "PENDING_ITEMS_MODIFIED",
    "PROCESSED",
    "RETURN_REQUESTED",
    "WRITE_OPERATIONS",
    "Address",
    "AuditEntry",
    "Fulfillment",
    "Handoff",
    "Order",
    "OrderItem",
    "Payment",
    "PaymentMethod",
    "PolicyError",
    "Product",
    "ShopStore",
    "StoreError",
    "StoreSettings",
    "StoreUnavailable",
    "User",
    "Variant",
    "load_store_settings",
]
