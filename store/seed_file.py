"""Reading and checking a store file in τ²-bench's retail format, before anything is written.

:func:`read_store_file` turns ``products``, ``users`` and ``orders`` into rows for the tables of
:mod:`store.schema`, checking every field it keeps; the first bad one raises
:class:`StoreError` naming the file, the record id and the field. Keys the database does not need
(the demo store's product description, category, brand and stock; a top-level ``currency``) are
ignored, and an order's keys beyond τ²-bench's core ones (cancel_reason, ...) go to ``details``.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from store.errors import StoreError
from store.text import fold

__all__ = ["SeedRows", "read_store_file"]

#: Longest id the id columns hold (``String(64)`` in store.schema).
_MAX_ID_LENGTH = 64

#: Order keys with columns of their own; every other key of an order is kept in ``details``.
_ORDER_COLUMNS = ("order_id", "user_id", "address", "items", "status", "fulfillments", "payment_history")


@dataclass
class SeedRows:
    """Checked rows, one list per table, ready for one ``executemany`` each (parents first)."""

    products: list[dict[str, Any]] = field(default_factory=list)
    variants: list[dict[str, Any]] = field(default_factory=list)
    users: list[dict[str, Any]] = field(default_factory=list)
    payment_methods: list[dict[str, Any]] = field(default_factory=list)
    orders: list[dict[str, Any]] = field(default_factory=list)


def read_store_file(path: Path) -> tuple[SeedRows, str]:
    """Read and check a store file, without touching any database.

    Args:
        path: Store JSON in τ²-bench's retail format.

    Returns:
        The validated rows and the seed marker ("<file> <sha256 of its bytes>").

    Raises:
        StoreError: The file is missing, is not JSON, or has a malformed row.
    """
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise StoreError(
            f"Store file {path} does not exist: run `make store` or point SHOP_STORE_FILE at a "
            "store JSON in τ²-bench's retail format."
        ) from None
    except OSError as exc:
        raise StoreError(f"Cannot read store file {path}: {exc}.") from exc
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise StoreError(f"{path}: not valid JSON ({exc}).") from exc
    if not isinstance(data, dict):
        raise StoreError(f"{path}: expected a JSON object with products, users and orders.")
    sections = {}
    for key in ("products", "users", "orders"):
        section = data.get(key)
        if not isinstance(section, dict):
            raise StoreError(f"{path}: top-level {key!r} must be an object keyed by id, got {_kind(section)}.")
        sections[key] = section
    rows = SeedRows()
    _add_products(path, sections["products"], rows)
    _add_users(path, sections["users"], rows)
    _add_orders(path, sections["orders"], sections["users"], rows)
    return rows, f"{path} {hashlib.sha256(raw).hexdigest()}"


class _Record:
    """One record of the file being checked; its ``fail`` names file, record and field."""

    def __init__(self, path: Path, kind: str, record_id: str) -> None:
        self.path = path
        self.kind = kind
        self.record_id = record_id

    def fail(self, field_name: str, problem: str) -> StoreError:
        return StoreError(f"{self.path}: {self.kind} {self.record_id!r}, field {field_name!r}: {problem}")

    def mapping(self, data: Any, field_name: str) -> Mapping[str, Any]:
        if not isinstance(data, Mapping):
            raise self.fail(field_name, f"expected an object, got {_kind(data)}")
        return data

    def sequence(self, data: Any, field_name: str) -> list[Any]:
        if not isinstance(data, list):
            raise self.fail(field_name, f"expected a list, got {_kind(data)}")
        return data

    def text(self, data: Mapping[str, Any], key: str, field_name: str, *, blank: bool = False) -> str:
        value = data.get(key)
        if not isinstance(value, str):
            raise self.fail(field_name, f"expected a string, got {_kind(value)}")
        if not blank and not value.strip():
            raise self.fail(field_name, "must not be empty")
        return value

    def number(self, data: Mapping[str, Any], key: str, field_name: str) -> float:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise self.fail(field_name, f"expected a number, got {_kind(value)}")
        if value < 0:
            raise self.fail(field_name, f"must not be negative, got {value}")
        return float(value)

    def same_id(
        self, data: Mapping[str, Any], key: str, field_name: str | None = None, filed_as: str | None = None
    ) -> str:
        """An id field, which must equal the key it is filed under (default: the record's id)."""
        field_name = field_name or key
        value = self.text(data, key, field_name)
        if value != (self.record_id if filed_as is None else filed_as):
            raise self.fail(field_name, f"{value!r} differs from the key it is filed under")
        return self.short(value, field_name)

    def short(self, value: str, field_name: str) -> str:
        """An id, which must fit the id columns."""
        if len(value) > _MAX_ID_LENGTH:
            raise self.fail(field_name, f"ids are at most {_MAX_ID_LENGTH} characters, this one has {len(value)}")
        return value

    def address(self, data: Any, field_name: str) -> dict[str, str]:
        address = self.mapping(data, field_name)
        result = {}
        for key in ("address1", "address2", "city", "state", "country", "zip"):
            if key == "address2" and address.get(key) is None:
                result[key] = ""
                continue
            result[key] = self.text(address, key, f"{field_name}.{key}", blank=key == "address2")
        return result


def _add_products(path: Path, products: Mapping[str, Any], rows: SeedRows) -> None:
    owner: dict[str, str] = {}
    for position, (product_id, product) in enumerate(products.items()):
        record = _Record(path, "product", product_id)
        product = record.mapping(product, "product")
        record.same_id(product, "product_id")
        rows.products.append(
            {"product_id": product_id, "name": record.text(product, "name", "name"), "position": position}
        )
        variants = record.mapping(product.get("variants"), "variants")
        for index, (item_id, variant) in enumerate(variants.items()):
            where = f"variants.{item_id}"
            variant = record.mapping(variant, where)
            record.same_id(variant, "item_id", f"{where}.item_id", filed_as=item_id)
            if item_id in owner:
                raise record.fail(where, f"item id also belongs to product {owner[item_id]!r}")
            owner[item_id] = product_id
            available = variant.get("available")
            if not isinstance(available, bool):
                raise record.fail(f"{where}.available", f"expected true or false, got {_kind(available)}")
            rows.variants.append(
                {
                    "item_id": item_id,
                    "product_id": product_id,
                    "options": dict(record.mapping(variant.get("options"), f"{where}.options")),
                    "available": available,
                    "price": record.number(variant, "price", f"{where}.price"),
                    "position": index,
                }
            )


def _add_users(path: Path, users: Mapping[str, Any], rows: SeedRows) -> None:
    for user_id, user in users.items():
        record = _Record(path, "user", user_id)
        user = record.mapping(user, "user")
        record.same_id(user, "user_id")
        name = record.mapping(user.get("name"), "name")
        first = record.text(name, "first_name", "name.first_name")
        last = record.text(name, "last_name", "name.last_name")
        email = record.text(user, "email", "email")
        address = record.address(user.get("address"), "address")
        record.sequence(user.get("orders", []), "orders")
        rows.users.append(
            {
                "user_id": user_id,
                "first_name": first,
                "last_name": last,
                "email": email,
                "first_name_key": fold(first),
                "last_name_key": fold(last),
                "email_key": fold(email),
                "zip": address["zip"],
                "address": address,
            }
        )
        methods = record.mapping(user.get("payment_methods"), "payment_methods")
        for position, (method_id, method) in enumerate(methods.items()):
            where = f"payment_methods.{method_id}"
            method = record.mapping(method, where)
            record.same_id(method, "id", f"{where}.id", filed_as=method_id)
            source = record.text(method, "source", f"{where}.source")
            balance = record.number(method, "balance", f"{where}.balance") if source == "gift_card" else None
            rows.payment_methods.append(
                {
                    "user_id": user_id,
                    "payment_method_id": method_id,
                    "source": source,
                    "brand": _optional_text(record, method, "brand", where),
                    "last_four": _optional_text(record, method, "last_four", where),
                    "balance": None if balance is None else round(balance, 2),
                    "position": position,
                }
            )


def _add_orders(path: Path, orders: Mapping[str, Any], users: Mapping[str, Any], rows: SeedRows) -> None:
    listed: dict[str, tuple[str, int]] = {}
    for user_id, user in users.items():
        for position, order_id in enumerate(user.get("orders", [])):
            if not isinstance(order_id, str) or order_id not in orders:
                raise _Record(path, "user", user_id).fail(f"orders[{position}]", f"no order {order_id!r} in the file")
            listed[order_id] = (user_id, position)
    for index, (order_id, order) in enumerate(orders.items()):
        record = _Record(path, "order", order_id)
        order = record.mapping(order, "order")
        record.same_id(order, "order_id")
        user_id = record.text(order, "user_id", "user_id")
        if user_id not in users:
            raise record.fail("user_id", f"no user {user_id!r} in the file")
        owner, position = listed.get(order_id, (user_id, len(users[user_id].get("orders", [])) + index))
        if owner != user_id:
            raise record.fail("user_id", f"the order is listed under user {owner!r}")
        methods = users[user_id].get("payment_methods", {})
        rows.orders.append(
            {
                "order_id": order_id,
                "user_id": user_id,
                "status": record.text(order, "status", "status"),
                "address": record.address(order.get("address"), "address"),
                "items": _items(record, order.get("items")),
                "fulfillments": _fulfillments(record, order.get("fulfillments", [])),
                "payment_history": _payments(record, order.get("payment_history", []), methods),
                "details": {key: value for key, value in order.items() if key not in _ORDER_COLUMNS},
                "position": position,
            }
        )


def _items(record: _Record, data: Any) -> list[dict[str, Any]]:
    items = []
    for index, item in enumerate(record.sequence(data, "items")):
        where = f"items[{index}]"
        item = record.mapping(item, where)
        items.append(
            {
                "name": record.text(item, "name", f"{where}.name"),
                "product_id": record.text(item, "product_id", f"{where}.product_id"),
                "item_id": record.text(item, "item_id", f"{where}.item_id"),
                "price": record.number(item, "price", f"{where}.price"),
                "options": dict(record.mapping(item.get("options"), f"{where}.options")),
            }
        )
    return items


def _fulfillments(record: _Record, data: Any) -> list[dict[str, Any]]:
    result = []
    for index, shipment in enumerate(record.sequence(data, "fulfillments")):
        where = f"fulfillments[{index}]"
        shipment = record.mapping(shipment, where)
        entry = {}
        for key in ("tracking_id", "item_ids"):
            values = record.sequence(shipment.get(key), f"{where}.{key}")
            if not all(isinstance(value, str) for value in values):
                raise record.fail(f"{where}.{key}", "expected a list of strings")
            entry[key] = list(values)
        result.append(entry)
    return result


def _payments(record: _Record, data: Any, methods: Mapping[str, Any]) -> list[dict[str, Any]]:
    result = []
    for index, payment in enumerate(record.sequence(data, "payment_history")):
        where = f"payment_history[{index}]"
        payment = record.mapping(payment, where)
        kind = record.text(payment, "transaction_type", f"{where}.transaction_type")
        if kind not in ("payment", "refund"):
            raise record.fail(f"{where}.transaction_type", f"expected 'payment' or 'refund', got {kind!r}")
        method_id = record.text(payment, "payment_method_id", f"{where}.payment_method_id")
        if method_id not in methods:
            problem = f"{method_id!r} is not a payment method of the order's user"
            raise record.fail(f"{where}.payment_method_id", problem)
        amount = record.number(payment, "amount", f"{where}.amount")
        result.append({"transaction_type": kind, "amount": amount, "payment_method_id": method_id})
    return result


def _optional_text(record: _Record, data: Mapping[str, Any], key: str, where: str) -> str | None:
    if data.get(key) is None:
        return None
    return record.text(data, key, f"{where}.{key}")


def _kind(value: Any) -> str:
    """How an unexpected value is named in an error: its JSON type and a short repr."""
    if value is None:
        return "nothing"
    name = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list", dict: "an object"}
    text = repr(value)
    return f"{name.get(type(value), type(value).__name__)} {text if len(text) <= 40 else text[:37] + '...'}"
