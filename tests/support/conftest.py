"""The τ²-bench retail store and its training scenarios as ``store.models`` records.

Read in place from ``../shared/data/tau2-retail/`` (never copied into the repo) and converted by a
small local converter, so these tests depend on ``store.models`` alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from store.models import Address, Order, OrderItem, Payment, PaymentMethod, Product, User, Variant

TAU2_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "tau2-retail"


@dataclass(frozen=True)
class Store:
    """The converted store, looked up by id."""

    products: dict[str, Product]
    users: dict[str, User]
    orders: dict[str, Order]

    def line(self, order_id: str, item_id: str) -> OrderItem:
        """The first line of an order with this item id."""
        return next(item for item in self.orders[order_id].items if item.item_id == item_id)

    def product_of(self, item: OrderItem) -> Product:
        return self.products[item.product_id]

    @property
    def product_names(self) -> list[str]:
        return [p.name for p in self.products.values()]


@dataclass(frozen=True)
class Scenario:
    """One training task: what the shopper wants and the write actions expected."""

    task_id: str
    reason_for_call: str
    actions: list[dict[str, Any]]

    def writes(self, name: str) -> list[dict[str, Any]]:
        """Arguments of the expected actions with this name, in order."""
        return [a["arguments"] for a in self.actions if a["name"] == name]

    def exchange_pairs(self) -> list[tuple[str, str, str]]:
        """``(order_id, old item id, new item id)`` of every expected exchange or modification."""
        pairs = []
        for action in self.actions:
            args = action["arguments"]
            if "new_item_ids" in args:
                changes = zip(args["item_ids"], args["new_item_ids"], strict=True)
                pairs += [(args["order_id"], old, new) for old, new in changes]
        return pairs


@pytest.fixture(scope="session")
def store() -> Store:
    path = TAU2_DIR / "db.json"
    if not path.is_file():
        pytest.fail(f"{path} is missing: the shared data folder must sit beside the repo")
    data = json.loads(path.read_text(encoding="utf-8"))
    return Store(
        products={pid: _product(raw) for pid, raw in data["products"].items()},
        users={uid: _user(raw) for uid, raw in data["users"].items()},
        orders={oid: _order(raw) for oid, raw in data["orders"].items()},
    )


@pytest.fixture(scope="session")
def scenarios() -> dict[str, Scenario]:
    path = TAU2_DIR / "tasks-train.json"
    if not path.is_file():
        pytest.fail(f"{path} is missing: the shared data folder must sit beside the repo")
    tasks = json.loads(path.read_text(encoding="utf-8"))
    return {
        t["id"]: Scenario(
            t["id"],
            t["user_scenario"]["instructions"]["reason_for_call"],
            t["evaluation_criteria"]["actions"] or [],
        )
        for t in tasks
    }


def _product(raw: dict[str, Any]) -> Product:
    variants = {
        item_id: Variant(
            item_id=v["item_id"],
            product_id=raw["product_id"],
            options=dict(v["options"]),
            available=bool(v["available"]),
            price=float(v["price"]),
        )
        for item_id, v in raw["variants"].items()
    }
    return Product(product_id=raw["product_id"], name=raw["name"], variants=variants)


def _user(raw: dict[str, Any]) -> User:
    methods = {
        mid: PaymentMethod(
            id=m["id"],
            source=m["source"],
            balance=m.get("balance"),
            brand=m.get("brand"),
            last_four=m.get("last_four"),
        )
        for mid, m in raw["payment_methods"].items()
    }
    return User(
        user_id=raw["user_id"],
        first_name=raw["name"]["first_name"],
        last_name=raw["name"]["last_name"],
        email=raw["email"],
        address=Address.from_dict(raw["address"]),
        payment_methods=methods,
        orders=tuple(raw.get("orders", ())),
    )


def _order(raw: dict[str, Any]) -> Order:
    return Order(
        order_id=raw["order_id"],
        user_id=raw["user_id"],
        status=raw["status"],
        address=Address.from_dict(raw["address"]),
        items=tuple(
            OrderItem(i["item_id"], i["product_id"], i["name"], float(i["price"]), dict(i["options"]))
            for i in raw["items"]
        ),
        payment_history=tuple(
            Payment(p["transaction_type"], float(p["amount"]), p["payment_method_id"])
            for p in raw["payment_history"]
        ),
    )
