"""Deterministic generator of the demo store: a realistic small shop in the τ²-bench retail format.

The store is what shoppers search in demos and end-to-end tests, so it must read like a real shop
(brand + line + category titles, descriptions that mention material, use and features, sensible
options and prices per category) and must never change between runs: everything is drawn from one
local ``random.Random(seed)``, iterated in a fixed order, so the same seed gives byte-identical JSON
on every machine and Python version we support.

The document has the τ² shape (``products`` → ``variants``, ``users``, ``orders``) extended with
``currency``, per-product ``description`` / ``category`` / ``brand`` and per-variant ``stock``; it
loads with :func:`recommender.catalog.load_catalog`.

This module is the generation logic only; what the shop sells and how it talks about it (categories,
brands, options, prices, description words, customer names and addresses) are the tables in
:mod:`recommender.demo_catalog`.

A few option combinations are planted on purpose because the end-to-end tests search for them:
blue cotton t-shirts on both sides of $60 (at a spread of prices), black leather ankle and hiking
boots, and red running shoes. See ``Category.anchor`` in :mod:`recommender.demo_catalog`.
"""

from __future__ import annotations

import json
import math
import os
import random
import tempfile
from collections.abc import Mapping, Sequence
from itertools import product as cartesian
from pathlib import Path
from typing import Any

from recommender.demo_catalog import (
    ADJECTIVES,
    CATEGORIES,
    CITIES,
    CLOSINGS,
    DELICATE_MATERIALS,
    FEATURE_SENTENCES,
    FIRST_NAMES,
    COMPLEMENTS,
    ITEMS_PER_ORDER_WEIGHTS,
    KIT_ORDER_SHARE,
    KIT_SIZES,
    PERSONA_SHARE,
    LAST_NAMES,
    LINES,
    MATERIAL_PHRASES,
    OPENINGS,
    OPENINGS_WITH_MATERIAL,
    ORDER_STATUS_WEIGHTS,
    ORDER_STATUSES,
    STREETS,
    Category,
    Option,
    Style,
)

__all__ = ["DEFAULT_ORDERS", "DEFAULT_SEED", "dumps_store", "generate_store", "write_store"]

DEFAULT_SEED = 7
#: Past orders in the demo store: enough that products bought together show up several times.
DEFAULT_ORDERS = 800
_OUT_OF_STOCK_SHARE = 0.1


# --------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------


def generate_store(
    seed: int = DEFAULT_SEED, n_products: int = 320, n_users: int = 120, n_orders: int = DEFAULT_ORDERS
) -> dict[str, Any]:
    """Generate the demo store document.

    Every random choice comes from one local ``random.Random(seed)`` in a fixed order, so the same
    arguments always give the same document (and, through :func:`dumps_store`, the same bytes).

    Args:
        seed: Seed of the store; a different seed gives a different but equally shaped store.
        n_products: Number of products, spread over the categories by weight (default 320, about
            11 a category). The planted search answers (blue cotton t-shirts under and over $60
            and so on) are designed for roughly 300 products or more.
        n_users: Number of customer accounts.
        n_orders: Number of past orders, each belonging to a random user. A share of them
            (:data:`KIT_ORDER_SHARE`) are "kits" of products from complementary categories
            (:data:`COMPLEMENTS`), so the order history has the structure association rules and
            collaborative filtering look for.

    Returns:
        ``{"currency", "products", "users", "orders"}`` in the τ²-bench retail shape plus the
        demo-store extensions (``description``, ``category``, ``brand``, ``stock``).

    Raises:
        ValueError: If a count is negative, ``n_products`` is below the number of categories, or
            there are orders but no users to place them.
    """
    if n_products < len(CATEGORIES):
        raise ValueError(f"n_products must be at least {len(CATEGORIES)} (one per category), got {n_products}")
    if n_users < 0 or n_orders < 0:
        raise ValueError(f"n_users and n_orders must be >= 0, got {n_users} and {n_orders}")
    if n_orders and not n_users:
        raise ValueError("n_orders > 0 needs at least one user to place them")
    rng = random.Random(seed)
    ids = _Ids(rng)
    products = _products(n_products, rng, ids)
    users = _users(n_users, rng, ids)
    orders = _orders(n_orders, products, users, rng, ids)
    return {"currency": "USD", "products": products, "users": users, "orders": orders}


def dumps_store(store: Mapping[str, Any]) -> str:
    """Serialise a store document the way :func:`write_store` writes it.

    Keys keep their generation order (τ²'s field order, products grouped by category), which is
    deterministic, so equal documents give equal text.

    Args:
        store: A document from :func:`generate_store`.

    Returns:
        UTF-8-ready JSON text, one-space indented, ending in a newline.
    """
    return json.dumps(store, ensure_ascii=False, indent=1) + "\n"


def write_store(
    path: str | Path,
    seed: int = DEFAULT_SEED,
    n_products: int = 320,
    n_users: int = 120,
    n_orders: int = DEFAULT_ORDERS,
) -> Path:
    """Generate the demo store and write it atomically as UTF-8 JSON.

    The text goes to a temporary file in the target folder and replaces ``path`` in one
    ``os.replace``, so a reader (a running bot reloading its catalog) never sees half a file; the
    temporary file is removed if anything fails.

    Args:
        path: Target file; missing parent folders are created.
        seed: See :func:`generate_store`.
        n_products: See :func:`generate_store`.
        n_users: See :func:`generate_store`.
        n_orders: See :func:`generate_store`.

    Returns:
        The path written.
    """
    target = Path(path)
    text = dumps_store(generate_store(seed, n_products, n_users, n_orders))
    target.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, 0o644)  # mkstemp creates 0600; the store is not secret
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return target


# --------------------------------------------------------------------------------------------------
# Products
# --------------------------------------------------------------------------------------------------


class _Ids:
    """Unique random digit strings, drawn from the store's generator (so they are deterministic)."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def new(self, digits: int) -> str:
        """Return a fresh ``digits``-long number (no leading zero) never returned before."""
        while True:
            value = str(self._rng.randrange(10 ** (digits - 1), 10**digits))
            if value not in self._used:
                self._used.add(value)
                return value


def _allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` into whole shares proportional to ``weights``, at least one each.

    Largest remainder, ties broken by position, so the split is deterministic.
    """
    spare = total - len(weights)
    scale = spare / sum(weights)
    exact = [w * scale for w in weights]
    counts = [1 + math.floor(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - math.floor(exact[i])), i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _products(n_products: int, rng: random.Random, ids: _Ids) -> dict[str, Any]:
    """Every product, keyed by id, grouped by category in table order."""
    counts = _allocate(n_products, [c.weight for c in CATEGORIES])
    names: set[str] = set()
    products: dict[str, Any] = {}
    for category, count in zip(CATEGORIES, counts):
        for record in _category_products(category, count, rng, ids, names):
            products[record["product_id"]] = record
    return products


def _category_products(
    category: Category, count: int, rng: random.Random, ids: _Ids, names: set[str]
) -> list[dict[str, Any]]:
    """Products of one category with base prices spread evenly over its price range.

    Prices are stratified (one product per slice of the range) rather than drawn freely, so every
    category has cheap, mid and premium products whatever the seed; anchored products are spread
    over the slices the same way.
    """
    low, high = category.price
    bases = [_shop_price(low + (high - low) * (i + rng.random()) / count, rng) for i in range(count)]
    share = category.anchor_share
    anchored = [math.ceil((i + 1) * share) > math.ceil(i * share) for i in range(count)]
    brands = list(category.brands)
    rng.shuffle(brands)
    slots = list(range(count))
    rng.shuffle(slots)
    return [
        _product(category, bases[slot], anchored[slot], brands[n % len(brands)], rng, ids, names)
        for n, slot in enumerate(slots)
    ]


def _shop_price(amount: float, rng: random.Random) -> float:
    """Round to a price a shop would print: mostly .99, sometimes .95, .49 or whole dollars."""
    cents = rng.choices((0.99, 0.95, 0.49, 0.0), weights=(70, 12, 10, 8))[0]
    return round(math.floor(amount) + cents, 2)


def _product(
    category: Category,
    base: float,
    anchored: bool,
    brand: str,
    rng: random.Random,
    ids: _Ids,
    names: set[str],
) -> dict[str, Any]:
    """One product: a style, the option values it is offered in, and 2–8 variants of them.

    Variant price is the base price plus the style's and each option value's delta. An anchored
    product offers the category's anchor values and gets ``anchor_variants`` variants with them,
    the first always in stock.
    """
    anchor = category.anchor if anchored else {}
    styles = [s for s in category.styles if all(s.fixed.get(k, v) == v for k, v in anchor.items())]
    style = rng.choice(styles)
    line, name = _product_name(category, brand, style, rng, names)

    free = [opt for opt in category.options if opt.name not in style.fixed]
    offered = [_offered_values(opt, style, anchor.get(opt.name), rng) for opt in free]
    _ensure_two_combinations(free, offered, style)
    combos = list(cartesian(*offered))
    wanted = min(len(combos), rng.randint(2, 8))
    matching = [c for c in combos if all(anchor.get(o.name, v) == v for o, v in zip(free, c))]
    planted = rng.sample(matching, min(len(matching), category.anchor_variants)) if anchor else []
    rest = [c for c in combos if c not in planted]
    chosen = sorted(planted + rng.sample(rest, wanted - len(planted)), key=combos.index)

    product_id = ids.new(10)
    variants: dict[str, Any] = {}
    for combo in chosen:
        options = _variant_options(category, style, dict(zip((o.name for o in free), combo)))
        price = base + style.delta + sum(o.deltas.get(options.get(o.name, ""), 0.0) for o in category.options)
        stock = _stock(rng, keep=bool(planted) and combo == planted[0])  # one planted item in stock
        item_id = ids.new(10)
        variants[item_id] = {
            "item_id": item_id,
            "options": options,
            "available": stock > 0,
            "price": round(max(price, 1.0), 2),
            "stock": stock,
        }
    return {
        "name": name,
        "product_id": product_id,
        "brand": brand,
        "category": category.name,
        "description": _describe(category, style, brand, line, list(variants.values()), rng),
        "variants": variants,
    }


def _product_name(
    category: Category, brand: str, style: Style, rng: random.Random, names: set[str]
) -> tuple[str, str]:
    """Pick a product line and build a title (brand + line + style + category) not yet used."""
    lines = list(LINES[category.department])
    rng.shuffle(lines)
    for line in lines:
        name = " ".join(part for part in (brand, line, style.word, category.name) if part)
        if name not in names:
            names.add(name)
            return line, name
    line = lines[0]
    base = " ".join(part for part in (brand, line, style.word, category.name) if part)
    number = 2
    while f"{base} {number}" in names:
        number += 1
    names.add(f"{base} {number}")
    return line, f"{base} {number}"


def _offered_values(option: Option, style: Style, must: str | None, rng: random.Random) -> list[str]:
    """Values of one option a product is offered in, in the option's canonical order."""
    allowed = style.only.get(option.name, option.values)
    pool = [v for v in option.values if v in allowed]
    low, high = option.pick
    count = max(1, min(rng.randint(low, high), len(pool)))
    if option.run:
        first, last = 0, len(pool) - count
        if must is not None and must in pool:  # only windows that contain the required value
            first, last = max(first, pool.index(must) - count + 1), min(last, pool.index(must))
        start = rng.randint(first, last)
        picked = pool[start : start + count]
    else:
        weights = [option.weights[option.values.index(v)] if option.weights else 1.0 for v in pool]
        picked = [must] if must is not None and must in pool else []
        candidates = [v for v in pool if v not in picked]
        while len(picked) < count and candidates:
            value = rng.choices(candidates, weights=[weights[pool.index(c)] for c in candidates])[0]
            picked.append(value)
            candidates.remove(value)
    return sorted(picked, key=option.values.index)


def _ensure_two_combinations(free: list[Option], offered: list[list[str]], style: Style) -> None:
    """Offer one more value where needed so a product always has at least two variants."""
    if math.prod(len(values) for values in offered) >= 2:
        return
    for option, values in zip(free, offered):
        spare = [v for v in style.only.get(option.name, option.values) if v not in values]
        if spare:
            values.append(spare[0])
            values.sort(key=option.values.index)
            return


def _variant_options(category: Category, style: Style, chosen: Mapping[str, str]) -> dict[str, str]:
    """Option dict in the category's option order, style-fixed options last when not listed."""
    options = {o.name: style.fixed.get(o.name, chosen.get(o.name, "")) for o in category.options}
    options.update({k: v for k, v in style.fixed.items() if k not in options})
    return options


def _stock(rng: random.Random, keep: bool) -> int:
    """Units in stock: about one variant in ten is sold out, a fifth run low; ``keep`` forbids 0."""
    if not keep and rng.random() < _OUT_OF_STOCK_SHARE:
        return 0
    return rng.randint(1, 9) if rng.random() < 0.2 else rng.randint(10, 150)


def _describe(
    category: Category,
    style: Style,
    brand: str,
    line: str,
    variants: list[dict[str, Any]],
    rng: random.Random,
) -> str:
    """One to three sentences: what it is made of and for, its features, and how it comes."""
    values = _values_by_option(variants)
    materials = values.get("material", [])
    if len(materials) == 1:
        material = rng.choice(MATERIAL_PHRASES.get(materials[0], (materials[0],)))
    else:
        material = " or ".join(materials)
    adjective = rng.choice(ADJECTIVES[category.department])
    noun = rng.choice(category.nouns)
    bare = noun.removeprefix("pair of ").removeprefix("set of ")
    noun_plural = _is_plural(noun)
    fields = {
        "noun": noun,
        "bare": bare,
        "is": "are" if noun_plural else "is",
        "this": "these" if noun_plural else "this",
        "bare_is": "are" if _is_plural(bare) else "is",
        "brand": brand,
        "line": line,
        "use": rng.choice(category.uses),
        "adjective": adjective,
        "a_adjective": adjective if noun_plural else f"{'an' if adjective[0] in 'aeiou' else 'a'} {adjective}",
        "material": material,
    }
    sentences = [rng.choice(OPENINGS_WITH_MATERIAL if material else OPENINGS).format(**fields)]
    count = rng.choices((1, 2, 3), weights=(10, 40, 50))[0]
    if count >= 2:
        features = rng.sample(category.features, 3)
        if style.phrase:
            features[0] = style.phrase
        f1, f2, f3 = features
        sentences.append(rng.choice(FEATURE_SENTENCES).format(f1=f1, f2=f2, f3=f3))
    if count == 3:
        sizes = values.get("size", [])
        delicate = not DELICATE_MATERIALS.isdisjoint(materials)
        closings = [
            c
            for c in CLOSINGS[category.department]
            if (sizes or "{sizes}" not in c) and not (delicate and "wash" in c)
        ]
        sentences.append(
            rng.choice(closings).format(
                colors=_join(values.get("color", [])),
                sizes=sizes[0] if len(sizes) == 1 else f"{sizes[0]} to {sizes[-1]}" if sizes else "",
                years=rng.choice((1, 2, 3)),
            )
        )
    return " ".join(sentence[0].upper() + sentence[1:] for sentence in sentences)


def _values_by_option(variants: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Option name → distinct values over the variants, in first-seen order (sizes ascending)."""
    found: dict[str, list[str]] = {}
    for variant in variants:
        for key, value in variant["options"].items():
            seen = found.setdefault(key, [])
            if value not in seen:
                seen.append(value)
    return found


def _is_plural(noun: str) -> bool:
    """Plural nouns in the tables end in "s" ("sneakers", "earbuds"); "pair of ..." is singular."""
    return noun.endswith("s") and not noun.startswith(("pair of ", "set of "))


def _join(words: Sequence[str]) -> str:
    """``["blue", "red", "black"]`` → ``"blue, red and black"``."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# --------------------------------------------------------------------------------------------------
# Users and orders
# --------------------------------------------------------------------------------------------------


def _address(rng: random.Random) -> dict[str, str]:
    """A US street address in τ²'s shape (``address2`` is a suite, an apartment or empty)."""
    city, state, zip_prefix = rng.choice(CITIES)
    unit = rng.random()
    address2 = f"Suite {rng.randint(100, 999)}" if unit < 0.6 else f"Apt {rng.randint(1, 40)}" if unit < 0.85 else ""
    return {
        "address1": f"{rng.randint(100, 999)} {rng.choice(STREETS)}",
        "address2": address2,
        "city": city,
        "country": "USA",
        "state": state,
        "zip": f"{zip_prefix}{rng.randint(0, 99):02d}",
    }


def _payment_methods(rng: random.Random, ids: _Ids) -> dict[str, Any]:
    """One to three payment methods of different kinds, keyed by id like ``paypal_1234567``."""
    count = rng.choices((1, 2, 3), weights=(60, 30, 10))[0]
    methods: dict[str, Any] = {}
    for source in sorted(rng.sample(("credit_card", "paypal", "gift_card"), count)):
        method_id = f"{source}_{ids.new(7)}"
        method: dict[str, Any] = {"source": source, "id": method_id}
        if source == "credit_card":
            method["brand"] = rng.choice(("visa", "mastercard"))
            method["last_four"] = f"{rng.randint(0, 9999):04d}"
        elif source == "gift_card":
            method["balance"] = float(rng.randint(0, 100))
        methods[method_id] = method
    return methods


def _users(n_users: int, rng: random.Random, ids: _Ids) -> dict[str, Any]:
    """Customer accounts keyed by ``first_last_1234`` ids; ``orders`` is filled by :func:`_orders`."""
    users: dict[str, Any] = {}
    while len(users) < n_users:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        user_id = f"{first.lower()}_{last.lower()}_{rng.randint(1000, 9999)}"
        if user_id in users:
            continue
        users[user_id] = {
            "user_id": user_id,
            "name": {"first_name": first, "last_name": last},
            "address": _address(rng),
            "email": f"{first.lower()}.{last.lower()}{rng.randint(1000, 9999)}@example.com",
            "payment_methods": _payment_methods(rng, ids),
            "orders": [],
        }
    return users


def _kits(products: Mapping[str, Any], rng: random.Random) -> list[list[str]]:
    """Group products into kits of two or three from complementary categories.

    Each product joins at most one kit as its lead; partners are drawn from the categories
    :data:`COMPLEMENTS` lists for the lead's category, so a kit reads like a real shopping
    mission (hiking boots + backpack + water bottle).
    """
    by_category: dict[str, list[str]] = {}
    for product_id, product in products.items():
        by_category.setdefault(product["category"], []).append(product_id)
    leads = sorted(products)
    rng.shuffle(leads)
    kits = []
    for lead in leads:
        partners = [c for c in COMPLEMENTS.get(products[lead]["category"], ()) if by_category.get(c)]
        if not partners:
            continue
        size = rng.choice(KIT_SIZES)
        categories = rng.sample(partners, min(len(partners), size - 1))
        kits.append([lead, *(rng.choice(by_category[c]) for c in categories)])
    return kits


def _orders(
    n_orders: int, products: Mapping[str, Any], users: dict[str, Any], rng: random.Random, ids: _Ids
) -> dict[str, Any]:
    """Past orders whose items, prices and payments all agree with the catalog and the user.

    Each order lists distinct items at their current catalog price; the payment is their sum on
    one of the user's payment methods; shipped (and, as in τ², cancelled) orders carry one
    fulfillment with every item; cancelled orders are refunded in full to the same method.
    Most orders of a shopper come from two favourite departments, and a share of all orders are
    kits of complementary products (:func:`_kits`): the structure that association rules and
    collaborative filtering find in a real shop's orders.
    """
    items = [(p, v) for p in products.values() for v in p["variants"].values()]
    kits = _kits(products, rng)
    user_ids = list(users)
    departments = sorted({c.department for c in CATEGORIES})
    department_of = {c.name: c.department for c in CATEGORIES}
    # Each shopper has two favourite departments (a hidden persona): most of their orders come
    # from there, so histories are coherent the way real shoppers' are.
    favourites = {uid: set(rng.sample(departments, 2)) for uid in user_ids}
    orders: dict[str, Any] = {}
    for _ in range(n_orders):
        user = users[rng.choice(user_ids)]
        liked = favourites[user["user_id"]]
        order_id = f"#W{ids.new(7)}"
        if kits and rng.random() < KIT_ORDER_SHARE:
            pool = [kit for kit in kits if department_of[products[kit[0]]["category"]] in liked]
            kit = rng.choice(pool if pool and rng.random() < PERSONA_SHARE else kits)
            chosen = rng.sample(kit, min(len(kit), rng.choice(KIT_SIZES)))
            picks = [(products[pid], rng.choice(list(products[pid]["variants"].values()))) for pid in chosen]
        else:
            count = rng.choices(range(1, 6), weights=ITEMS_PER_ORDER_WEIGHTS)[0]
            pool = [(p, v) for p, v in items if department_of[p["category"]] in liked]
            picks = rng.sample(pool if len(pool) >= count and rng.random() < PERSONA_SHARE else items, count)
        lines = [
            {
                "name": product["name"],
                "product_id": product["product_id"],
                "item_id": variant["item_id"],
                "price": variant["price"],
                "options": dict(variant["options"]),
            }
            for product, variant in picks
        ]
        status = rng.choices(ORDER_STATUSES, weights=ORDER_STATUS_WEIGHTS)[0]
        method_id = rng.choice(list(user["payment_methods"]))
        amount = round(sum(line["price"] for line in lines), 2)
        payments = [{"transaction_type": "payment", "amount": amount, "payment_method_id": method_id}]
        if status == "cancelled":
            payments.append({"transaction_type": "refund", "amount": amount, "payment_method_id": method_id})
        fulfillments = (
            []
            if status == "pending"
            else [{"tracking_id": [ids.new(12)], "item_ids": [line["item_id"] for line in lines]}]
        )
        orders[order_id] = {
            "order_id": order_id,
            "user_id": user["user_id"],
            "address": dict(user["address"]) if rng.random() < 0.85 else _address(rng),
            "items": lines,
            "status": status,
            "fulfillments": fulfillments,
            "payment_history": payments,
        }
        user["orders"].append(order_id)
    return orders
