"""Hard filters: what a result must satisfy, how they combine over turns, how they relax.

Filters are plain, JSON-safe values so the dialogue layer can keep them in a slot between turns
(:meth:`Filters.to_dict` / :meth:`Filters.from_dict`). Matching is exact and case-insensitive;
prices are in cents precision, so "under $60" is stored as ``max_price=59.99``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from recommender.catalog import Product, Variant, option_words

__all__ = ["Filters", "Relaxation"]


def _lower_set(values: Any) -> frozenset[str]:
    return frozenset(str(v).strip().lower() for v in (values or ()) if str(v).strip())


@dataclass(frozen=True)
class Filters:
    """Constraints every returned item satisfies.

    Attributes:
        min_price: Lowest allowed price, inclusive; ``None`` for no bound.
        max_price: Highest allowed price, inclusive; ``None`` for no bound.
        options: Option name → allowed values (lower-case), e.g. ``{"color": {"blue"}}``.
        brands: Allowed brands (lower-case); empty for any.
        categories: Allowed categories (lower-case); empty for any.
        in_stock: Only items that are available now.
    """

    min_price: float | None = None
    max_price: float | None = None
    options: Mapping[str, frozenset[str]] = field(default_factory=dict)
    brands: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    in_stock: bool = False

    def is_empty(self) -> bool:
        """True when the filters allow every item."""
        return self == Filters()

    def matches(self, variant: Variant, product: Product) -> bool:
        """Return whether an item satisfies every constraint."""
        return not self.violations(variant, product)

    def violations(self, variant: Variant, product: Product) -> list[str]:
        """Name each constraint an item breaks (empty when it matches); used by tests and logs."""
        broken = []
        if self.min_price is not None and variant.price < self.min_price:
            broken.append(f"price {variant.price} < {self.min_price}")
        if self.max_price is not None and variant.price > self.max_price:
            broken.append(f"price {variant.price} > {self.max_price}")
        for key, allowed in self.options.items():
            value = variant.options.get(key)
            if value is None or value.lower() not in allowed:
                broken.append(f"{key} {value!r} not in {sorted(allowed)}")
        if self.brands and product.brand.lower() not in self.brands:
            broken.append(f"brand {product.brand!r} not in {sorted(self.brands)}")
        if self.categories and product.category.lower() not in self.categories:
            broken.append(f"category {product.category!r} not in {sorted(self.categories)}")
        if self.in_stock and not variant.available:
            broken.append("out of stock")
        return broken

    def merged(self, newer: Filters) -> Filters:
        """Combine with filters from a later turn; what the later turn names wins per field.

        "in blue" after "red cotton shirts" replaces the colour and keeps material and category.
        """
        return Filters(
            min_price=newer.min_price if newer.min_price is not None else self.min_price,
            max_price=newer.max_price if newer.max_price is not None else self.max_price,
            options={**self.options, **newer.options},
            brands=newer.brands or self.brands,
            categories=newer.categories or self.categories,
            in_stock=self.in_stock or newer.in_stock,
        )

    def relaxations(self) -> list[Relaxation]:
        """Every way to loosen the filters by dropping exactly one constraint.

        Each comes with the phrase a shopper can send back to apply it; ``refine_filters``
        understands every one of them.
        """
        steps = []
        if self.min_price is not None or self.max_price is not None:
            steps.append(Relaxation("price", "without the price limit",
                                    replace(self, min_price=None, max_price=None), "any price"))
        for key in self.options:
            rest = {k: v for k, v in self.options.items() if k != key}
            steps.append(Relaxation(key, f"in any {key}", replace(self, options=rest), f"any {key}"))
        if self.brands:
            steps.append(Relaxation("brand", "from any brand", replace(self, brands=frozenset()), "any brand"))
        if self.categories:
            steps.append(Relaxation("category", "in any category", replace(self, categories=frozenset()),
                                    "any category"))
        if self.in_stock:
            steps.append(Relaxation("in_stock", "including out-of-stock items", replace(self, in_stock=False),
                                    "include out of stock"))
        return steps

    def describe(self) -> str:
        """Short human summary, e.g. ``"blue, cotton, t-shirt, under $60.00, in stock"``."""
        parts = [option_words(key, v) for key in sorted(self.options) for v in sorted(self.options[key])]
        parts += sorted(self.brands) + sorted(self.categories)
        if self.min_price is not None and self.max_price is not None:
            parts.append(f"${self.min_price:.2f}–${self.max_price:.2f}")
        elif self.max_price is not None:
            parts.append(f"up to ${self.max_price:.2f}")
        elif self.min_price is not None:
            parts.append(f"from ${self.min_price:.2f}")
        if self.in_stock:
            parts.append("in stock")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form for a Rasa slot; only set fields are written."""
        data: dict[str, Any] = {}
        if self.min_price is not None:
            data["min_price"] = self.min_price
        if self.max_price is not None:
            data["max_price"] = self.max_price
        if self.options:
            data["options"] = {k: sorted(v) for k, v in sorted(self.options.items())}
        if self.brands:
            data["brands"] = sorted(self.brands)
        if self.categories:
            data["categories"] = sorted(self.categories)
        if self.in_stock:
            data["in_stock"] = True
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Filters:
        """Rebuild filters from :meth:`to_dict` output; unknown or malformed fields are ignored.

        A slot can be edited by hand (or be left over from an older version), so this never
        raises: a value it cannot read is dropped rather than guessed.
        """
        if not isinstance(data, Mapping):
            return cls()

        def price(name: str) -> float | None:
            value = data.get(name)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
                return float(value)
            return None

        raw_options = data.get("options")
        options = {}
        if isinstance(raw_options, Mapping):
            for key, values in raw_options.items():
                if isinstance(values, str):
                    values = [values]
                if isinstance(values, (list, tuple, set, frozenset)) and values:
                    options[str(key).lower()] = _lower_set(values)

        def text_set(name: str) -> frozenset[str]:
            value = data.get(name)
            return _lower_set(value) if isinstance(value, (list, tuple)) else frozenset()

        return cls(
            min_price=price("min_price"),
            max_price=price("max_price"),
            options=options,
            brands=text_set("brands"),
            categories=text_set("categories"),
            in_stock=data.get("in_stock") is True,
        )


@dataclass(frozen=True)
class Relaxation:
    """One way to loosen filters that left no result.

    Attributes:
        dropped: Which constraint is dropped (``"price"``, an option name, ``"brand"``, ...).
        label: Human phrase, e.g. ``"in any color"``.
        filters: The loosened filters.
        suggestion: What a shopper types to apply it, e.g. ``"any color"`` or ``"up to $75"``.
    """

    dropped: str
    label: str
    filters: Filters
    suggestion: str
