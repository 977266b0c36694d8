"""Reads: identity lookups, users, orders, products and variants, as τ²-bench's data holds them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store import Address, Order, PaymentMethod, ShopStore

JUNK_IDS = ["'; DROP TABLE orders; --", "#W123", "", "%", "#W%", "1 OR 1=1"]


def test_find_user_by_email_ignores_case(store: ShopStore) -> None:
    assert store.find_user_id_by_email("yusuf.rossi7301@example.com") == "yusuf_rossi_9620"
    assert store.find_user_id_by_email("  Yusuf.Rossi7301@EXAMPLE.com ") == "yusuf_rossi_9620"
    assert store.find_user_id_by_email("yusuf.rossi@example.com") is None
    assert store.find_user_id_by_email("%@example.com") is None


def test_find_user_by_name_and_zip_folds_case_and_accents_but_not_the_zip(store: ShopStore) -> None:
    assert store.find_user_id_by_name_zip("Yusuf", "Rossi", "19122") == "yusuf_rossi_9620"
    assert store.find_user_id_by_name_zip("Yusuf", "Røssi", "19122") is None  # ø is a letter of its own
    assert store.find_user_id_by_name_zip("Yúsuf", "RÖSSI", "19122") == "yusuf_rossi_9620"
    assert store.find_user_id_by_name_zip("yusuf ", " rossi", "19122") == "yusuf_rossi_9620"
    assert store.find_user_id_by_name_zip("Yusuf", "Rossi", "19123") is None
    assert store.find_user_id_by_name_zip("Yusuf", "Rossi", " 19122") is None


def test_get_user(store: ShopStore) -> None:
    user = store.get_user("yusuf_rossi_9620")
    assert user is not None
    assert (user.first_name, user.last_name, user.email) == ("Yusuf", "Rossi", "yusuf.rossi7301@example.com")
    assert user.address == Address("763 Broadway", "Suite 135", "Philadelphia", "PA", "USA", "19122")
    assert user.payment_methods == {
        "credit_card_9513926": PaymentMethod(
            id="credit_card_9513926", source="credit_card", brand="mastercard", last_four="2478"
        )
    }
    assert user.orders == ("#W6247578", "#W9711842", "#W4776164", "#W6679257", "#W2378156")
    olivia = store.get_user("olivia_ito_3591")
    assert list(olivia.payment_methods) == ["gift_card_7794233", "paypal_8049766", "credit_card_9753331"]
    assert olivia.payment_methods["gift_card_7794233"].balance == 56.0


def test_get_order_matches_the_file(store: ShopStore, tau2_file: Path) -> None:
    raw = json.loads(tau2_file.read_text())["orders"]["#W2611340"]
    order = store.get_order("#W2611340")
    assert isinstance(order, Order)
    assert (order.order_id, order.user_id, order.status) == ("#W2611340", "james_li_5688", "processed")
    assert order.address.as_dict() == {key: raw["address"][key] for key in order.address.as_dict()}
    assert [(i.item_id, i.product_id, i.name, i.price, dict(i.options)) for i in order.items] == [
        (i["item_id"], i["product_id"], i["name"], i["price"], i["options"]) for i in raw["items"]
    ]
    assert [(list(f.tracking_id), list(f.item_ids)) for f in order.fulfillments] == [
        (f["tracking_id"], f["item_ids"]) for f in raw["fulfillments"]
    ]
    assert order.original_payment_method_id == "gift_card_1725971"
    assert order.total == 536.65


def test_orders_of_follow_the_account_order(store: ShopStore) -> None:
    orders = store.orders_of("yusuf_rossi_9620")
    assert [order.order_id for order in orders] == list(store.get_user("yusuf_rossi_9620").orders)
    assert [order.status for order in orders][0] == "pending"
    assert orders[-1].order_id == "#W2378156" and orders[-1].status == "delivered"
    assert store.orders_of("nobody_0000") == []


def test_products_and_variants(store: ShopStore) -> None:
    products = store.products()
    assert len(products) == 50
    assert sum(len(product.variants) for product in products) == 591
    shirt = store.get_product("9523456873")
    assert shirt.name == "T-Shirt"
    assert shirt in products
    variant = shirt.variants["9612497925"]
    assert (variant.product_id, variant.available, variant.price) == ("9523456873", True, 50.88)
    assert store.get_variant("9612497925") == variant
    assert variant.options == {"color": "blue", "size": "M", "material": "cotton", "style": "crew neck"}
    assert store.get_variant("4859937227").available is False


@pytest.mark.parametrize("junk", JUNK_IDS)
def test_junk_ids_are_simply_not_found(store: ShopStore, junk: str) -> None:
    assert store.get_order(junk) is None
    assert store.get_user(junk) is None
    assert store.get_product(junk) is None
    assert store.get_variant(junk) is None
    assert store.find_user_id_by_email(junk) is None
    assert store.get_order("#W2611340") is not None  # nothing was dropped
