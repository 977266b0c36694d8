"""What a shop's past orders say: products bought together, and what a shopper may like next.

:class:`ShopHistory` is built once, when the recommender loads, from the orders in the store file
(τ²-bench shape; the demo store and τ²'s ``db.json`` both carry them). It holds

- association rules mined with FP-Growth over the orders, product by product
  (:class:`recommender.rules.BoughtTogether`) — "what goes well with this?";
- an item-based collaborative-filtering model over the shoppers' purchase histories
  (:class:`recommender.cf.ItemKNN`, cosine) — "recommended for you" and the personal boost in
  search.

A shopper's own history (:class:`PurchaseHistory`) is passed in by the caller, read from the live
shop database, so orders placed after the store file was written still count for that shopper.
Cancelled orders bought nothing and are left out.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from recommender.baskets import Basket, BasketError, baskets_from_orders
from recommender.cf import Interactions, ItemKNN, Recommendation
from recommender.rules import BoughtTogether, Companion

__all__ = ["PurchaseHistory", "ShopHistory"]

logger = logging.getLogger(__name__)

#: A pair must appear in this many orders before the bot calls it "bought together".
MIN_ORDERS_TOGETHER = 2
#: ... and be bought with the item by at least this share of its buyers.
MIN_CONFIDENCE = 0.1


@dataclass(frozen=True)
class PurchaseHistory:
    """What one shopper bought.

    Attributes:
        orders_of: Product id → the order ids it was bought in, newest last (order of the input).
    """

    orders_of: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_orders(cls, orders: Iterable[Mapping[str, Any]]) -> PurchaseHistory:
        """Collect products from order records (τ² shape); cancelled orders are skipped."""
        found: dict[str, list[str]] = {}
        for basket in baskets_from_orders(orders):
            for product_id in basket.items:
                found.setdefault(product_id, []).append(basket.invoice or "")
        return cls({pid: tuple(ids) for pid, ids in found.items()})

    @property
    def products(self) -> frozenset[str]:
        """Every product the shopper bought."""
        return frozenset(self.orders_of)

    def latest_order(self, product_id: str) -> str | None:
        """The last order a product came in, for explanations ("similar to your order #W…")."""
        ids = self.orders_of.get(product_id)
        return ids[-1] if ids else None

    def __bool__(self) -> bool:
        return bool(self.orders_of)


class ShopHistory:
    """Rules and a CF model mined from one shop's orders.

    Args:
        together: Frequently-bought-together rules by product id.
        affinity: Item-based CF over product ids, or ``None`` when there are no shoppers to learn from.
        orders: How many (non-cancelled) orders were mined.
    """

    def __init__(self, together: BoughtTogether, affinity: ItemKNN | None, orders: int) -> None:
        self.together = together
        self.affinity_model = affinity
        self.orders = orders

    @classmethod
    def empty(cls) -> ShopHistory:
        """A shop without order history: no rules, no CF."""
        return cls(BoughtTogether.empty(), None, 0)

    @classmethod
    def from_baskets(cls, baskets: list[Basket]) -> ShopHistory:
        """Mine rules and fit CF on product-level baskets (one per order)."""
        if not baskets:
            return cls.empty()
        started = time.perf_counter()
        together = BoughtTogether.from_baskets(
            baskets, min_count=MIN_ORDERS_TOGETHER, min_confidence=MIN_CONFIDENCE, max_len=2
        )
        with_customer = [b for b in baskets if b.customer_id]
        affinity = ItemKNN("cosine").fit(Interactions.from_baskets(with_customer)) if with_customer else None
        logger.info(
            "order history: %d orders, %d rules, CF over %d shoppers in %.2f s",
            len(baskets), len(together), len({b.customer_id for b in with_customer}),
            time.perf_counter() - started,
        )
        return cls(together, affinity, len(baskets))

    @classmethod
    def load(cls, store_file: Path) -> ShopHistory:
        """Read the ``orders`` of a store file; a file without orders gives an empty history.

        Raises:
            BasketError: The file is unreadable or the orders are malformed (the message names
                the order and field).
        """
        try:
            document = json.loads(Path(store_file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise BasketError(f"{store_file}: cannot read orders ({exc})") from exc
        return cls.from_document(document, source=str(store_file))

    @classmethod
    def from_document(cls, document: Any, source: str = "<store>") -> ShopHistory:
        """Mine the ``orders`` of an already-read store document (the recommender reads it once).

        Raises:
            BasketError: The orders are malformed.
        """
        orders = document.get("orders") if isinstance(document, dict) else None
        if orders is None:
            return cls.empty()
        if not isinstance(orders, dict):
            raise BasketError(f"{source}: field 'orders' is not an object of orders by id")
        return cls.from_baskets(baskets_from_orders(orders.values()))

    def companions(
        self, product_ids: Collection[str], k: int = 3, exclude: Collection[str] = ()
    ) -> list[Companion]:
        """Products often bought with these, best rule first (see :meth:`BoughtTogether.companions`)."""
        return self.together.companions(product_ids, k=k, exclude=exclude)

    def for_shopper(
        self, history: PurchaseHistory, k: int = 5, exclude: Collection[str] = ()
    ) -> list[Recommendation]:
        """Products a shopper may like next, from what shoppers with similar purchases bought."""
        if self.affinity_model is None or not history:
            return []
        return self.affinity_model.recommend(history.products, k=k, exclude=exclude)

    def affinity(self, history: PurchaseHistory, product_ids: list[str]) -> np.ndarray:
        """A CF score per product (0 for products the model doesn't know or a new shopper)."""
        if self.affinity_model is None or not history or not product_ids:
            return np.zeros(len(product_ids), dtype=np.float32)
        return np.asarray(self.affinity_model.affinity(history.products, product_ids), dtype=np.float32)

    def because(self, history: PurchaseHistory, product_ids: list[str]) -> list[tuple[str, ...]]:
        """Per product, the shopper's products that point at it most strongly, best first (up to 3)."""
        if self.affinity_model is None or not history:
            return [() for _ in product_ids]
        return self.affinity_model.because(history.products, product_ids)
