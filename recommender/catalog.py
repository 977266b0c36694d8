"""Typed catalog model and the store-file loader that validates it.

A store file is the τ²-bench retail data model (``products`` → ``variants`` → ``options`` /
``price`` / ``available``), optionally extended with ``description``, ``category``, ``brand``
(per product) and ``stock`` (per variant). The loader accepts the τ²-bench ``db.json`` as it is and
the demo store this project generates.

Loading never half-succeeds: every problem in the file is collected and raised together as a
:class:`CatalogError` naming the file, the product/variant id and the field, so the caller can keep
serving whatever it had before.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "Catalog",
    "CatalogError",
    "CatalogIssue",
    "Product",
    "Variant",
    "Vocabulary",
    "load_catalog",
    "option_words",
    "parse_catalog",
    "read_store_document",
]


@dataclass(frozen=True)
class CatalogIssue:
    """One problem found in a store file.

    Attributes:
        source: The file (or other source label) the data came from.
        location: Where in it, e.g. ``product 9523456873`` or ``product 95.. variant 12..``.
        field: The offending field name (``name``, ``price``, ...).
        message: What is wrong and what to do about it.
    """

    source: str
    location: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.location}, field '{self.field}': {self.message}"


class CatalogError(ValueError):
    """Raised when a store file cannot be loaded; lists every problem found.

    Attributes:
        issues: The individual problems, each naming file, id and field.
    """

    def __init__(self, issues: list[CatalogIssue]) -> None:
        self.issues = issues
        shown = "\n  ".join(str(issue) for issue in issues[:20])
        more = f"\n  ... and {len(issues) - 20} more" if len(issues) > 20 else ""
        super().__init__(f"{len(issues)} problem(s) in catalog:\n  {shown}{more}")


@dataclass(frozen=True)
class Variant:
    """One buyable item (a τ² "variant"): a product in one combination of options.

    Attributes:
        item_id: Unique id of the variant across the whole catalog.
        product_id: The product this variant belongs to.
        options: Option name → value, lower-case names (``{"color": "blue", "size": "M"}``).
        price: Unit price in the catalog currency, ``>= 0``.
        available: Whether it can be ordered now.
        stock: Units in stock when the store tracks it, else ``None``.
    """

    item_id: str
    product_id: str
    options: Mapping[str, str]
    price: float
    available: bool
    stock: int | None = None


@dataclass(frozen=True)
class Product:
    """A product type with its variants and descriptive fields.

    Attributes:
        product_id: Unique product id.
        name: Display title (τ² ``name``), e.g. ``"T-Shirt"`` or ``"Northwind Classic Crew T-Shirt"``.
        variants: The product's variants in file order.
        description: Free-text description; empty when the store has none.
        category: Category label; τ² stores have none, so it defaults to the product name.
        brand: Brand name, empty when unknown.
    """

    product_id: str
    name: str
    variants: tuple[Variant, ...]
    description: str = ""
    category: str = ""
    brand: str = ""


@dataclass(frozen=True)
class Vocabulary:
    """The words the catalog itself uses, for building query matchers at load time.

    Attributes:
        options: Option name → every value it takes in the catalog (original casing).
        brands: Every brand name.
        categories: Every category label.
    """

    options: Mapping[str, frozenset[str]]
    brands: frozenset[str]
    categories: frozenset[str]


@dataclass
class Catalog:
    """An immutable, validated set of products, addressable by product and item id.

    Attributes:
        products: Product id → product, in file order.
        currency: ISO currency code of every price.
        source: Where the catalog was loaded from (for messages).
    """

    products: dict[str, Product]
    currency: str = "USD"
    source: str = "<memory>"
    _variants: dict[str, Variant] = field(init=False, repr=False)
    _order: list[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._variants = {v.item_id: v for p in self.products.values() for v in p.variants}
        self._order = list(self._variants)

    def __len__(self) -> int:
        """Number of variants (the searchable unit)."""
        return len(self._order)

    @property
    def item_ids(self) -> list[str]:
        """Every variant id, in a stable order (the row order of the search index)."""
        return list(self._order)

    def variants(self) -> Iterator[Variant]:
        """Iterate over every variant in index order."""
        return (self._variants[i] for i in self._order)

    def variant(self, item_id: str) -> Variant | None:
        """Return the variant with this item id, or ``None`` if the catalog has none."""
        return self._variants.get(item_id)

    def product(self, product_id: str) -> Product | None:
        """Return the product with this id, or ``None``."""
        return self.products.get(product_id)

    def product_of(self, variant: Variant) -> Product:
        """Return the product a variant belongs to."""
        return self.products[variant.product_id]

    def vocabulary(self) -> Vocabulary:
        """Collect option values, brands and categories used anywhere in the catalog."""
        options: dict[str, set[str]] = {}
        for variant in self.variants():
            for key, value in variant.options.items():
                options.setdefault(key, set()).add(value)
        return Vocabulary(
            options={k: frozenset(v) for k, v in options.items()},
            brands=frozenset(p.brand for p in self.products.values() if p.brand),
            categories=frozenset(p.category for p in self.products.values() if p.category),
        )

    def content_hash(self) -> str:
        """SHA-256 over everything that affects search, to detect a stale index."""
        digest = hashlib.sha256()
        for product in self.products.values():
            record = {
                "id": product.product_id,
                "name": product.name,
                "description": product.description,
                "category": product.category,
                "brand": product.brand,
                "variants": [
                    [v.item_id, dict(sorted(v.options.items())), v.price, v.available]
                    for v in product.variants
                ],
            }
            digest.update(json.dumps(record, sort_keys=True).encode())
        return digest.hexdigest()


def option_words(key: str, value: str) -> str:
    """How one option value reads on its own: the value, except yes/no options by their name.

    ``("color", "blue")`` → ``"blue"``; ``("waterproof", "yes")`` → ``"waterproof"``;
    ``("waterproof", "no")`` → ``"not waterproof"``.
    """
    lowered = value.lower()
    if lowered == "yes":
        return key
    if lowered == "no":
        return f"not {key}"
    return value


def load_catalog(path: str | Path) -> Catalog:
    """Load and validate the products of a store file.

    Args:
        path: A JSON store file (τ²-bench ``db.json`` format, optionally extended).

    Returns:
        The validated catalog.

    Raises:
        CatalogError: If the file is missing, is not JSON, or any product/variant is invalid.
            Every problem is listed with file, id and field.
    """
    return parse_catalog(read_store_document(path), source=str(path))


def read_store_document(path: str | Path) -> Any:
    """Read a store file's JSON, once, for the catalog and anything else it holds (orders).

    Raises:
        CatalogError: The file is missing, is not JSON, or repeats a key in one object.
    """
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogError(
            [CatalogIssue(source, "file", "-", f"cannot read store file: {exc.strerror or exc}")]
        ) from exc
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicate_keys)
    except _DuplicateKey as exc:
        raise CatalogError(
            [CatalogIssue(source, "file", exc.key, "duplicate id (key appears twice in one object)")]
        ) from None
    except json.JSONDecodeError as exc:
        raise CatalogError(
            [CatalogIssue(source, f"line {exc.lineno} column {exc.colno}", "-", f"not valid JSON: {exc.msg}")]
        ) from exc


def parse_catalog(data: Any, source: str = "<memory>") -> Catalog:
    """Validate a decoded store document and build a :class:`Catalog`.

    Args:
        data: The decoded JSON document; must have a ``products`` object.
        source: Label used in error messages (usually the file path).

    Returns:
        The validated catalog.

    Raises:
        CatalogError: Listing every invalid product or variant.
    """
    issues: list[CatalogIssue] = []
    if not isinstance(data, dict) or not isinstance(data.get("products"), dict):
        raise CatalogError(
            [CatalogIssue(source, "document", "products", "expected an object mapping product ids to products")]
        )
    currency = str(data.get("currency", "USD"))
    products: dict[str, Product] = {}
    seen_items: dict[str, str] = {}
    for key, raw in data["products"].items():
        product = _parse_product(str(key), raw, source, issues, seen_items)
        if product is not None:
            products[product.product_id] = product
    if not products and not issues:
        issues.append(CatalogIssue(source, "document", "products", "the catalog has no products"))
    if issues:
        raise CatalogError(issues)
    return Catalog(products=products, currency=currency, source=source)


def _parse_product(
    key: str, raw: Any, source: str, issues: list[CatalogIssue], seen_items: dict[str, str]
) -> Product | None:
    where = f"product {key}"
    if not isinstance(raw, dict):
        issues.append(CatalogIssue(source, where, "-", "expected an object"))
        return None
    before = len(issues)
    product_id = str(raw.get("product_id", key))
    if product_id != key:
        issues.append(CatalogIssue(source, where, "product_id", f"'{product_id}' differs from its key '{key}'"))
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        issues.append(CatalogIssue(source, where, "name", "missing or empty title"))
    texts = {}
    for text_field in ("description", "category", "brand"):
        value = raw.get(text_field, "")
        if not isinstance(value, str):
            issues.append(CatalogIssue(source, where, text_field, "expected text"))
            value = ""
        texts[text_field] = value.strip()
    raw_variants = raw.get("variants")
    if not isinstance(raw_variants, dict) or not raw_variants:
        issues.append(CatalogIssue(source, where, "variants", "expected a non-empty object of variants"))
        return None
    variants = []
    for item_key, raw_variant in raw_variants.items():
        variant = _parse_variant(key, str(item_key), raw_variant, source, issues)
        if variant is None:
            continue
        if variant.item_id in seen_items:
            issues.append(
                CatalogIssue(
                    source,
                    f"{where} variant {variant.item_id}",
                    "item_id",
                    f"duplicate item id, already used by product {seen_items[variant.item_id]}",
                )
            )
            continue
        seen_items[variant.item_id] = key
        variants.append(variant)
    if len(issues) > before:
        return None
    name = str(name).strip()
    return Product(
        product_id=product_id,
        name=name,
        variants=tuple(variants),
        description=texts["description"],
        category=texts["category"] or name,
        brand=texts["brand"],
    )


def _parse_variant(
    product_id: str, key: str, raw: Any, source: str, issues: list[CatalogIssue]
) -> Variant | None:
    where = f"product {product_id} variant {key}"
    if not isinstance(raw, dict):
        issues.append(CatalogIssue(source, where, "-", "expected an object"))
        return None
    before = len(issues)
    item_id = str(raw.get("item_id", key))
    if item_id != key:
        issues.append(CatalogIssue(source, where, "item_id", f"'{item_id}' differs from its key '{key}'"))
    price = raw.get("price")
    if isinstance(price, bool) or not isinstance(price, (int, float)) or not math.isfinite(price):
        issues.append(CatalogIssue(source, where, "price", f"expected a number, got {price!r}"))
    elif price < 0:
        issues.append(CatalogIssue(source, where, "price", f"negative price {price}"))
    options = raw.get("options", {})
    if not isinstance(options, dict) or not all(
        isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in options.values()
    ):
        issues.append(CatalogIssue(source, where, "options", "expected an object of option name → text"))
        options = {}
    stock = raw.get("stock")
    if stock is not None and (isinstance(stock, bool) or not isinstance(stock, int) or stock < 0):
        issues.append(CatalogIssue(source, where, "stock", f"expected a whole number >= 0, got {stock!r}"))
    available = raw.get("available", stock is None or (isinstance(stock, int) and stock > 0))
    if not isinstance(available, bool):
        issues.append(CatalogIssue(source, where, "available", f"expected true/false, got {available!r}"))
    if len(issues) > before:
        return None
    return Variant(
        item_id=item_id,
        product_id=product_id,
        options={str(k).strip().lower(): str(v).strip() for k, v in options.items()},
        price=round(float(price), 2),
        available=bool(available),
        stock=stock,
    )


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json`` hook: plain ``json.load`` keeps the last of two equal keys silently."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result
