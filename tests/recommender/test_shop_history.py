"""What a shop's orders say: rules by product and a CF model, loaded from a store file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recommender.baskets import BasketError
from recommender.shop_history import PurchaseHistory, ShopHistory


def test_purchase_history_skips_cancelled_orders() -> None:
    orders = [
        {"order_id": "#W1", "user_id": "u", "status": "delivered", "items": [{"product_id": "a"}, {"product_id": "b"}]},
        {"order_id": "#W2", "user_id": "u", "status": "cancelled", "items": [{"product_id": "c"}]},
        {"order_id": "#W3", "user_id": "u", "status": "pending", "items": [{"product_id": "a"}]},
    ]
    history = PurchaseHistory.from_orders(orders)
    assert history.products == {"a", "b"}
    assert history.orders_of["a"] == ("#W1", "#W3") and history.latest_order("a") == "#W3"
    assert history.latest_order("c") is None
    assert not PurchaseHistory() and history


def test_tau2_orders(tau2_db: Path) -> None:
    history = ShopHistory.load(tau2_db)
    orders = json.loads(tau2_db.read_text())["orders"].values()
    assert history.orders == sum(o["status"] != "cancelled" for o in orders)
    assert len(history.together) > 0 and history.affinity_model is not None
    product = history.together.rules[0].antecedents[0]
    companions = history.companions({product}, k=3)
    assert companions and all(c.item != product and c.count >= 2 for c in companions)


def test_a_shopper_gets_products_they_did_not_buy_with_reasons(tau2_db: Path) -> None:
    history = ShopHistory.load(tau2_db)
    store = json.loads(tau2_db.read_text())
    user = store["users"]["yusuf_rossi_9620"]
    mine = PurchaseHistory.from_orders(store["orders"][o] for o in user["orders"])
    picks = history.for_shopper(mine, k=5)
    assert picks and not {p.item for p in picks} & mine.products
    for pick in picks:
        assert pick.because and set(pick.because) <= mine.products
    assert history.because(mine, [p.item for p in picks]) == [p.because for p in picks]
    assert history.because(mine, ["no-such-product"]) == [()]
    scores = history.affinity(mine, [p.item for p in picks] + ["no-such-product"])
    assert scores[-1] == 0 and all(s > 0 for s in scores[:-1])


def test_no_orders_means_no_rules_and_no_picks(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    path.write_text(json.dumps({"products": {}}))
    history = ShopHistory.load(path)
    assert history.orders == 0 and len(history.together) == 0
    assert history.for_shopper(PurchaseHistory({"a": ("#W1",)})) == []
    assert history.affinity(PurchaseHistory({"a": ("#W1",)}), ["a", "b"]).tolist() == [0, 0]


def test_malformed_orders_are_named(tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    path.write_text(json.dumps({"orders": {"#W1": {"order_id": "#W1", "status": "pending", "items": [{}]}}}))
    with pytest.raises(BasketError, match="order #W1: item 1: field 'product_id' is missing"):
        ShopHistory.load(path)
    path.write_text(json.dumps({"orders": []}))
    with pytest.raises(BasketError, match="'orders' is not an object"):
        ShopHistory.load(path)
    path.write_text("{not json")
    with pytest.raises(BasketError, match="cannot read orders"):
        ShopHistory.load(path)
