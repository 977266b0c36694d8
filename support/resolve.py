"""Resolve a shopper's words against their orders, products and payment methods.

The one place to import the resolvers from; each lives in its own module:

* :func:`match_order_items`, :func:`split_item_requests` (:mod:`support.items`) — which order
  lines a message means, and what each should become;
* :func:`resolve_variant` (:mod:`support.variants`, reading with :mod:`support.wish` and
  :mod:`support.options`) — which variant of a product a message describes;
* :func:`resolve_payment_method` (:mod:`support.payment`) — which saved payment method.
"""

from __future__ import annotations

from support.items import AmbiguousMention, ItemMatch, match_order_items, split_item_requests
from support.payment import PaymentMatch, PaymentStatus, resolve_payment_method
from support.variants import VariantMatch, VariantStatus, resolve_variant
from support.wish import Shift, Wish

__all__ = [
    "AmbiguousMention",
    "ItemMatch",
    "PaymentMatch",
    "PaymentStatus",
    "Shift",
    "VariantMatch",
    "VariantStatus",
    "Wish",
    "match_order_items",
    "resolve_payment_method",
    "resolve_variant",
    "split_item_requests",
]
