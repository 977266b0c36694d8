"""Basket files (Groceries lists, Online Retail tables) and baskets from a shop's orders."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path

import pytest

from recommender.baskets import BasketError, baskets_from_orders, parse_baskets, read_baskets

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def test_groceries_as_published() -> None:
    baskets = read_baskets(DATA / "groceries" / "groceries.csv")
    with (DATA / "groceries" / "groceries.csv").open(newline="") as handle:
        rows = [row for row in csv.reader(handle) if row]
    assert len(baskets) == len(rows) == 9835
    assert baskets[0].items == tuple(sorted(name.strip() for name in rows[0]))
    names = {item for b in baskets for item in b.items}
    assert len(names) == 169 and "cream cheese" in names and "cream cheese " not in names
    assert all(b.customer_id is None and b.date is None for b in baskets)


def test_online_retail_table() -> None:
    baskets = read_baskets(DATA / "online-retail" / "baskets.tsv")
    assert len(baskets) == 3203 and len({b.customer_id for b in baskets}) == 296
    assert len({i for b in baskets for i in b.items}) == 3627
    first = baskets[0]
    assert first.customer_id == "12347" and first.invoice == "529924"
    assert first.date == datetime(2010, 10, 31, 14, 20)
    assert list(first.items) == sorted(set(first.items))


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([], "no baskets"),
        (["   "], "no baskets"),
        (["milk,,bread"], "line 1: an empty item name"),
        (["milk", ","], "line 2: a basket with no items"),
        (["a\tb\tc"], "needs the header customer_id / invoice / date / items"),
        (["customer_id\tinvoice\tdate\titems"], "header but no rows"),
        (["customer_id\tinvoice\tdate\titems", "1\t2\t2011-01-01"], "line 2: expected 4 tab-separated fields"),
        (["customer_id\tinvoice\tdate\titems", "\t2\t2011-01-01\ta"], "line 2: field 'customer_id' is empty"),
        (["customer_id\tinvoice\tdate\titems", "1\t\t2011-01-01\ta"], "line 2: field 'invoice' is empty"),
        (["customer_id\tinvoice\tdate\titems", "1\t2\tyesterday\ta"], "line 2: field 'date' is 'yesterday'"),
        (["customer_id\tinvoice\tdate\titems", "1\t2\t2011-01-01\t "], "line 2: field 'items' is empty"),
    ],
)
def test_malformed_lines_are_named(lines: list[str], message: str) -> None:
    with pytest.raises(BasketError, match=message):
        parse_baskets(lines, source="x.tsv")


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(BasketError, match="nowhere.csv: cannot read"):
        read_baskets(tmp_path / "nowhere.csv")


def test_blank_lines_are_skipped() -> None:
    assert [b.items for b in parse_baskets(["b,a", "", "c"])] == [("a", "b"), ("c",)]


def test_store_orders_become_product_baskets() -> None:
    orders = json.loads((DATA / "tau2-retail" / "db.json").read_text())["orders"]
    baskets = baskets_from_orders(orders.values())
    kept = [o for o in orders.values() if o["status"] != "cancelled"]
    assert len(baskets) == len(kept)
    for basket, order in zip(baskets, kept):
        assert basket.invoice == order["order_id"] and basket.customer_id == order["user_id"]
        assert set(basket.items) == {line["product_id"] for line in order["items"]}
    by_item = baskets_from_orders(orders.values(), key="item_id", skip_statuses=())
    assert len(by_item) == len(orders)


def test_a_broken_order_is_named() -> None:
    with pytest.raises(BasketError, match="order #W1: item 2: field 'product_id' is missing"):
        baskets_from_orders([{"order_id": "#W1", "status": "pending", "items": [{"product_id": "p"}, {}]}])
    with pytest.raises(BasketError, match="order #W2: field 'items' is not a list"):
        baskets_from_orders([{"order_id": "#W2", "items": "p"}])
