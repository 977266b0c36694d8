"""Seeding an empty database from a store file: all rows in one transaction, once, or not at all."""

from __future__ import annotations

import copy
import hashlib
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert

from store import ShopStore, StoreError, StoreSettings, schema
from store import seed as seed_module

EXPECTED = {"products": 50, "variants": 591, "users": 500, "payment_methods": 695, "orders": 1000}


def open_store(url: str, seed_file: Path, **kwargs: Any) -> ShopStore:
    return ShopStore.open(StoreSettings(db_url=url, seed_file=seed_file), **kwargs)


def assert_empty(url: str) -> None:
    store = open_store(url, Path("/nonexistent"), seed=False)
    try:
        assert set(store.row_counts().values()) == {0}
        assert store.seeded_from() is None
    finally:
        store.close()


@pytest.fixture(scope="module")
def mini_store(tau2_file: Path) -> dict[str, Any]:
    """yusuf_rossi_9620 with his orders and the products they hold, cut from ``db.json``."""
    data = json.loads(tau2_file.read_text())
    user = data["users"]["yusuf_rossi_9620"]
    orders = {order_id: data["orders"][order_id] for order_id in user["orders"]}
    product_ids = {item["product_id"] for order in orders.values() for item in order["items"]}
    products = {pid: product for pid, product in data["products"].items() if pid in product_ids}
    return {"products": products, "users": {user["user_id"]: user}, "orders": orders}


@pytest.fixture
def write_store(tmp_path: Path, mini_store: dict[str, Any]) -> Callable[..., Path]:
    """Write a copy of the mini store, changed by ``change``, and return its path."""

    def write(change: Callable[[dict[str, Any]], None] = lambda data: None) -> Path:
        data = copy.deepcopy(mini_store)
        change(data)
        path = tmp_path / "store.json"
        path.write_text(json.dumps(data))
        return path

    return write


def test_seed_writes_every_row_once(empty_db_url: str, tau2_file: Path) -> None:
    started = time.perf_counter()
    store = open_store(empty_db_url, tau2_file)
    elapsed = time.perf_counter() - started
    try:
        assert store.seeded is not None and vars(store.seeded) == EXPECTED
        assert store.row_counts() == {**EXPECTED, "audit_log": 0, "handoffs": 0}
        assert store.seeded_from() == f"{tau2_file} {hashlib.sha256(tau2_file.read_bytes()).hexdigest()}"
        assert elapsed < 10, f"creating and seeding took {elapsed:.1f}s"
    finally:
        store.close()
    again = open_store(empty_db_url, Path("/nonexistent"))  # seeded: the file is not even read
    try:
        assert again.seeded is None
        assert again.row_counts() == {**EXPECTED, "audit_log": 0, "handoffs": 0}
    finally:
        again.close()


def test_concurrent_opens_seed_once(empty_db_url: str, tau2_file: Path) -> None:
    barrier = threading.Barrier(3)
    results: list[Any] = []

    def open_at_once() -> None:
        barrier.wait()
        try:
            store = open_store(empty_db_url, tau2_file)
            results.append(store.seeded)
            store.close()
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            results.append(exc)

    threads = [threading.Thread(target=open_at_once) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(result is not None for result in results) == 1
    store = open_store(empty_db_url, tau2_file, seed=False)
    try:
        assert store.row_counts()["orders"] == 1000
    finally:
        store.close()


def test_unknown_order_keys_and_extra_product_fields(empty_db_url: str, write_store: Callable[..., Path]) -> None:
    def change(data: dict[str, Any]) -> None:
        data["orders"]["#W2378156"]["gift_note"] = "Happy birthday"
        data["orders"]["#W9711842"]["cancel_reason"] = "ordered by mistake"
        data["products"]["9523456873"].update(description="Soft cotton tee.", category="t-shirts", stock=4)
        data["currency"] = "USD"

    store = open_store(empty_db_url, write_store(change))
    try:
        assert store.get_order("#W2378156").details == {"gift_note": "Happy birthday"}
        assert store.get_order("#W9711842").details == {"cancel_reason": "ordered by mistake"}
        assert store.get_order("#W6247578").details == {}
        assert store.get_product("9523456873").name == "T-Shirt"
        assert [o.order_id for o in store.orders_of("yusuf_rossi_9620")] == list(
            store.get_user("yusuf_rossi_9620").orders
        )
    finally:
        store.close()


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        if value is _DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return change


_DELETE = object()


@pytest.mark.parametrize(
    ("change", "record", "field"),
    [
        (_set(["products", "9523456873", "variants", "3799046073", "price"], "53.27"),
         "product '9523456873'", "variants.3799046073.price"),
        (_set(["products", "9523456873", "variants", "3799046073", "available"], "yes"),
         "product '9523456873'", "variants.3799046073.available"),
        (_set(["products", "9523456873", "product_id"], "9523456874"), "product '9523456873'", "product_id"),
        (_set(["users", "yusuf_rossi_9620", "name", "first_name"], _DELETE),
         "user 'yusuf_rossi_9620'", "name.first_name"),
        (_set(["users", "yusuf_rossi_9620", "address", "zip"], 19122), "user 'yusuf_rossi_9620'", "address.zip"),
        (_set(["users", "yusuf_rossi_9620", "orders", 1], "#W0000000"), "user 'yusuf_rossi_9620'", "orders[1]"),
        (_set(["orders", "#W6247578", "items", 0, "item_id"], _DELETE), "order '#W6247578'", "items[0].item_id"),
        (_set(["orders", "#W6247578", "payment_history", 0, "payment_method_id"], "gift_card_0000000"),
         "order '#W6247578'", "payment_history[0].payment_method_id"),
        (_set(["orders", "#W6247578", "payment_history", 0, "amount"], -5), "order '#W6247578'",
         "payment_history[0].amount"),
        (_set(["orders", "#W6247578", "user_id"], "nobody_0000"), "order '#W6247578'", "user_id"),
        (_set(["orders", "#W6247578", "fulfillments"], {"tracking_id": []}), "order '#W6247578'", "fulfillments"),
    ],
)  # fmt: skip
def test_a_malformed_row_names_file_record_and_field_and_writes_nothing(
    tmp_path: Path, write_store: Callable[..., Path], change: Callable[..., None], record: str, field: str
) -> None:
    path = write_store(change)
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    with pytest.raises(StoreError) as raised:
        open_store(url, path)
    message = str(raised.value)
    assert message.startswith(f"{path}: {record}, field '{field}': "), message
    assert_empty(url)


def test_a_refused_insert_rolls_the_whole_seed_back(
    empty_db_url: str, write_store: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Products and users are inserted before orders; an order the database refuses undoes them."""
    real = seed_module.read_store_file

    def orphan_order(path: Path) -> tuple[Any, str]:
        rows, marker = real(path)
        rows.orders[-1]["user_id"] = "nobody_0000"  # passes the file check, breaks the foreign key
        return rows, marker

    monkeypatch.setattr(seed_module, "read_store_file", orphan_order)
    path = write_store()
    with pytest.raises(StoreError, match="refused a row while seeding, nothing was written"):
        open_store(empty_db_url, path)
    assert_empty(empty_db_url)


def test_missing_and_invalid_files(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    with pytest.raises(StoreError, match=r"does not exist: run `make store` or point SHOP_STORE_FILE"):
        open_store(url, tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"products": {}, "users": {}, ')
    with pytest.raises(StoreError, match=rf"^{broken}: not valid JSON"):
        open_store(url, broken)
    no_orders = tmp_path / "no-orders.json"
    no_orders.write_text('{"products": {}, "users": {}}')
    with pytest.raises(StoreError, match="top-level 'orders' must be an object keyed by id, got nothing"):
        open_store(url, no_orders)
    assert_empty(url)


def test_a_database_that_holds_data_is_left_alone(empty_db_url: str, tau2_file: Path) -> None:
    store = open_store(empty_db_url, tau2_file, seed=False)
    try:
        with store.engine.begin() as conn:
            conn.execute(insert(schema.products).values(product_id="1", name="Hand-made", position=0))
    finally:
        store.close()
    store = open_store(empty_db_url, tau2_file)
    try:
        assert store.seeded is None
        assert store.row_counts()["products"] == 1 and store.row_counts()["orders"] == 0
    finally:
        store.close()


def test_the_demo_store_seeds(tmp_path: Path, demo_store_file: Path) -> None:
    data = json.loads(demo_store_file.read_text())
    store = open_store(f"sqlite:///{tmp_path / 'demo.db'}", demo_store_file)
    try:
        counts = store.row_counts()
        assert (counts["products"], counts["users"], counts["orders"]) == (
            len(data["products"]),
            len(data["users"]),
            len(data["orders"]),
        )
        assert counts["variants"] == sum(len(p["variants"]) for p in data["products"].values())
    finally:
        store.close()
