"""Demo store generator: deterministic, valid for the catalog loader, consistent, and searchable.

The t-shirt, boot and running-shoe checks pin down the answers the end-to-end tests rely on
("blue cotton t-shirt under 60", then "cheaper"); they run for several seeds so a change to the
tables cannot make them hold by luck for the default seed only.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest

import recommender.demo_store as demo_store
from recommender.catalog import Catalog, Variant, load_catalog, parse_catalog
from recommender.demo_store import dumps_store, generate_store, write_store

ORDER_STATUSES = {"pending", "processed", "delivered", "cancelled"}


@pytest.fixture(scope="module")
def store() -> dict[str, Any]:
    """The default demo store (seed 7), generated once for the read-only checks below."""
    return generate_store()


@pytest.fixture(scope="module")
def catalog(store: dict[str, Any]) -> Catalog:
    return parse_catalog(store, source="demo-store")


def _in_stock(catalog: Catalog, category: str, **options: str) -> list[Variant]:
    return [
        v
        for v in catalog.variants()
        if v.available
        and catalog.product_of(v).category == category
        and all(v.options.get(key) == value for key, value in options.items())
    ]


# ---- determinism ---------------------------------------------------------------------------------


def test_same_seed_gives_byte_identical_json() -> None:
    assert dumps_store(generate_store(7)) == dumps_store(generate_store(7))


def test_different_seed_gives_a_different_store() -> None:
    assert dumps_store(generate_store(7)) != dumps_store(generate_store(8))


def test_global_random_state_is_left_alone() -> None:
    random.seed(1234)
    expected = random.random()
    random.seed(1234)
    generate_store(3, n_products=40, n_users=5, n_orders=5)
    assert random.random() == expected


def test_counts_follow_the_arguments() -> None:
    small = generate_store(5, n_products=60, n_users=10, n_orders=25)
    assert (len(small["products"]), len(small["users"]), len(small["orders"])) == (60, 10, 25)
    parse_catalog(small)


@pytest.mark.parametrize(
    "kwargs",
    [{"n_products": 10}, {"n_users": -1}, {"n_orders": -1}, {"n_users": 0, "n_orders": 3}],
)
def test_impossible_sizes_are_rejected(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        generate_store(**kwargs)


# ---- products ------------------------------------------------------------------------------------


def test_default_store_loads_with_the_catalog_parser(store: dict[str, Any], catalog: Catalog) -> None:
    assert list(store) == ["currency", "products", "users", "orders"]
    assert catalog.currency == "USD"
    assert len(catalog.products) >= 300
    assert len(store["users"]) == 120 and len(store["orders"]) == demo_store.DEFAULT_ORDERS


def test_ids_are_unique_ten_digit_strings(store: dict[str, Any]) -> None:
    ids = []
    for product_id, product in store["products"].items():
        assert product["product_id"] == product_id
        ids.append(product_id)
        for item_id, variant in product["variants"].items():
            assert variant["item_id"] == item_id
            ids.append(item_id)
    assert all(re.fullmatch(r"[1-9][0-9]{9}", i) for i in ids)
    assert len(ids) == len(set(ids))


def test_products_have_the_extended_fields(store: dict[str, Any]) -> None:
    names = [p["name"] for p in store["products"].values()]
    assert len(names) == len(set(names)), "product titles repeat"
    for product in store["products"].values():
        assert product["brand"] and product["category"] and product["brand"] in product["name"]
        assert product["name"].endswith(product["category"])
        sentences = re.findall(r"[.!?](?:\s|$)", product["description"])
        assert 1 <= len(sentences) <= 3, product["description"]
        assert 2 <= len(product["variants"]) <= 8, product["name"]


def test_variants_are_well_formed(store: dict[str, Any]) -> None:
    for product in store["products"].values():
        for variant in product["variants"].values():
            assert variant["price"] > 0 and round(variant["price"], 2) == variant["price"]
            assert isinstance(variant["stock"], int) and variant["stock"] >= 0
            assert variant["available"] is (variant["stock"] > 0)
            assert variant["options"] and all(k == k.lower() for k in variant["options"])
            assert all(isinstance(v, str) and v for v in variant["options"].values())


def test_about_one_variant_in_ten_is_out_of_stock(catalog: Catalog) -> None:
    share = sum(not v.available for v in catalog.variants()) / len(catalog)
    assert 0.05 <= share <= 0.15


def test_categories_brands_and_counts(catalog: Catalog) -> None:
    by_category: dict[str, list[str]] = {}
    for product in catalog.products.values():
        by_category.setdefault(product.category, []).append(product.brand)
    assert 25 <= len(by_category) <= 30
    for category, brands in by_category.items():
        assert 8 <= len(brands) <= 15, category
        assert len(set(brands)) >= 3, category


def test_options_make_sense_per_category(catalog: Catalog) -> None:
    for variant in _in_stock(catalog, "T-Shirt") + _in_stock(catalog, "Hoodie"):
        assert variant.options["size"] in {"XS", "S", "M", "L", "XL", "XXL"}
    for variant in _in_stock(catalog, "Running Shoes") + _in_stock(catalog, "Hiking Boots"):
        assert 6 <= int(variant.options["size"]) <= 13
    for variant in _in_stock(catalog, "Headphones"):
        assert variant.options["connectivity"] in {"wireless", "wired"}


# ---- planted answers for the end-to-end searches -------------------------------------------------


@pytest.mark.parametrize("seed", [7, 1, 2, 3])
def test_blue_cotton_tshirts_on_both_sides_of_60(seed: int) -> None:
    catalog = parse_catalog(generate_store(seed))
    shirts = [p for p in catalog.products.values() if p.category == "T-Shirt"]
    assert len(shirts) >= 8
    assert len({p.brand for p in shirts}) >= 4

    blue_cotton = _in_stock(catalog, "T-Shirt", color="blue", material="cotton")
    under = [v for v in blue_cotton if v.price < 60]
    over = [v for v in blue_cotton if v.price > 60]
    assert len({v.product_id for v in under}) >= 5
    assert len(under) >= 10
    assert len({catalog.product_of(v).brand for v in under}) >= 3
    prices = sorted({v.price for v in under})
    assert len(prices) >= 5 and prices[0] <= 25 and prices[-1] >= 45, prices
    assert over, "no blue cotton t-shirt above $60"


@pytest.mark.parametrize("seed", [7, 1, 2])
def test_boots_and_running_shoes_have_planted_answers(seed: int) -> None:
    catalog = parse_catalog(generate_store(seed))
    for category, options in [
        ("Ankle Boots", {"color": "black", "material": "leather"}),
        ("Hiking Boots", {"color": "black", "material": "leather"}),
        ("Running Shoes", {"color": "red"}),
    ]:
        hits = _in_stock(catalog, category, **options)
        assert len({v.product_id for v in hits}) >= 3, (category, options)


# ---- users and orders ----------------------------------------------------------------------------


def test_users_have_the_tau2_shape(store: dict[str, Any]) -> None:
    for user_id, user in store["users"].items():
        assert user["user_id"] == user_id and re.fullmatch(r"[a-z]+_[a-z]+_[0-9]{4}", user_id)
        assert set(user["name"]) == {"first_name", "last_name"}
        assert set(user["address"]) == {"address1", "address2", "city", "country", "state", "zip"}
        assert re.fullmatch(r"[a-z]+\.[a-z]+[0-9]{4}@example\.com", user["email"])
        assert user["payment_methods"]
        for method_id, method in user["payment_methods"].items():
            assert method["id"] == method_id and method_id.startswith(method["source"] + "_")
            if method["source"] == "credit_card":
                assert method["brand"] in {"visa", "mastercard"} and re.fullmatch(r"[0-9]{4}", method["last_four"])
            elif method["source"] == "gift_card":
                assert isinstance(method["balance"], float)
            else:
                assert method["source"] == "paypal"


def test_orders_reference_the_catalog_exactly(store: dict[str, Any], catalog: Catalog) -> None:
    for order_id, order in store["orders"].items():
        assert order["order_id"] == order_id and re.fullmatch(r"#W[0-9]{7}", order_id)
        assert order["items"]
        item_ids = [item["item_id"] for item in order["items"]]
        assert len(item_ids) == len(set(item_ids))
        for item in order["items"]:
            variant = catalog.variant(item["item_id"])
            assert variant is not None, item
            product = catalog.product_of(variant)
            assert (item["product_id"], item["name"]) == (product.product_id, product.name)
            assert item["price"] == variant.price and item["options"] == dict(variant.options)


def test_payments_and_fulfillments_are_consistent(store: dict[str, Any]) -> None:
    statuses = set()
    for order in store["orders"].values():
        statuses.add(order["status"])
        user = store["users"][order["user_id"]]
        assert order["order_id"] in user["orders"]
        total = round(sum(item["price"] for item in order["items"]), 2)
        payment, *refunds = order["payment_history"]
        assert payment["transaction_type"] == "payment" and payment["amount"] == total
        assert payment["payment_method_id"] in user["payment_methods"]
        if order["status"] == "cancelled":
            assert refunds == [{**payment, "transaction_type": "refund"}]
        else:
            assert refunds == []
        if order["status"] == "pending":
            assert order["fulfillments"] == []
        else:
            (fulfillment,) = order["fulfillments"]
            assert fulfillment["item_ids"] == [item["item_id"] for item in order["items"]]
            assert all(re.fullmatch(r"[0-9]{12}", t) for t in fulfillment["tracking_id"])
    assert statuses == ORDER_STATUSES


def test_every_user_order_exists_and_is_theirs(store: dict[str, Any]) -> None:
    listed = [order_id for user in store["users"].values() for order_id in user["orders"]]
    assert sorted(listed) == sorted(store["orders"])
    for user in store["users"].values():
        assert all(store["orders"][o]["user_id"] == user["user_id"] for o in user["orders"])


# ---- writing -------------------------------------------------------------------------------------


def test_write_store_creates_folders_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "var" / "store" / "demo-store.json"
    written = write_store(target, seed=3, n_products=40, n_users=5, n_orders=10)
    assert written == target
    assert target.read_text(encoding="utf-8") == dumps_store(generate_store(3, 40, 5, 10))
    assert [p.name for p in target.parent.iterdir()] == ["demo-store.json"]
    assert len(load_catalog(target).products) == 40

    write_store(target, seed=4, n_products=40, n_users=5, n_orders=10)  # replaces in place
    assert target.read_text(encoding="utf-8") == dumps_store(generate_store(4, 40, 5, 10))
    assert [p.name for p in target.parent.iterdir()] == ["demo-store.json"]


def test_failed_write_keeps_the_old_file_and_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "demo-store.json"
    target.write_text("old", encoding="utf-8")

    def refuse(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(demo_store.os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_store(target, n_products=40, n_users=5, n_orders=10)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["demo-store.json"]
