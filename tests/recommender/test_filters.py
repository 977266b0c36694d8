"""Filters: matching, merging across turns, relaxations, slot round trip, vectorised masks."""

from __future__ import annotations

import random
from pathlib import Path

from recommender.attributes import AttributeTable
from recommender.catalog import load_catalog
from recommender.filters import Filters


def _random_filters(rng: random.Random, catalog) -> Filters:
    vocabulary = catalog.vocabulary()
    options = {}
    for key in rng.sample(sorted(vocabulary.options), k=rng.randint(0, 2)):
        options[key] = frozenset(v.lower() for v in rng.sample(sorted(vocabulary.options[key]), k=1))
    low = rng.choice([None, rng.uniform(0, 300)])
    high = rng.choice([None, rng.uniform(50, 1000)])
    return Filters(
        min_price=low, max_price=high, options=options,
        categories=frozenset(c.lower() for c in rng.sample(sorted(vocabulary.categories), k=rng.randint(0, 1))),
        in_stock=rng.random() < 0.3,
    )


def test_mask_agrees_with_matches_on_many_random_filters(tau2_db: Path) -> None:
    catalog = load_catalog(tau2_db)
    table = AttributeTable(catalog)
    rng = random.Random(3)
    variants = list(catalog.variants())
    for _ in range(200):
        filters = _random_filters(rng, catalog)
        mask = table.mask(filters)
        expected = [filters.matches(v, catalog.product_of(v)) for v in variants]
        assert mask.tolist() == expected, filters


def test_unknown_option_key_or_value_matches_nothing(tau2_db: Path) -> None:
    table = AttributeTable(load_catalog(tau2_db))
    assert not table.mask(Filters(options={"flavour": frozenset({"mint"})})).any()
    assert not table.mask(Filters(options={"color": frozenset({"ultraviolet"})})).any()


def test_later_turn_replaces_same_kind_and_keeps_the_rest() -> None:
    first = Filters(max_price=59.99, options={"color": frozenset({"red"}), "material": frozenset({"cotton"})},
                    categories=frozenset({"t-shirt"}))
    second = first.merged(Filters(options={"color": frozenset({"blue"})}, in_stock=True))
    assert second.options == {"color": frozenset({"blue"}), "material": frozenset({"cotton"})}
    assert second.max_price == 59.99 and second.categories == {"t-shirt"} and second.in_stock


def test_relaxations_drop_one_constraint_each() -> None:
    filters = Filters(max_price=10, options={"color": frozenset({"blue"})}, brands=frozenset({"acme"}), in_stock=True)
    dropped = {r.dropped: r.filters for r in filters.relaxations()}
    assert set(dropped) == {"price", "color", "brand", "in_stock"}
    assert dropped["price"].max_price is None and dropped["price"].options == filters.options
    assert dropped["color"].options == {} and dropped["color"].max_price == 10


def test_slot_round_trip_and_garbage_tolerance() -> None:
    filters = Filters(min_price=5, max_price=59.99, options={"color": frozenset({"blue", "navy"})},
                      brands=frozenset({"acme"}), categories=frozenset({"t-shirt"}), in_stock=True)
    assert Filters.from_dict(filters.to_dict()) == filters
    assert Filters.from_dict(None) == Filters()
    assert Filters.from_dict("blue") == Filters()
    odd = Filters.from_dict({"max_price": "cheap", "min_price": -3, "options": {"Color": "Blue"}, "in_stock": "yes"})
    assert odd == Filters(options={"color": frozenset({"blue"})})


def test_describe_is_human() -> None:
    filters = Filters(max_price=59.99, options={"color": frozenset({"blue"}), "material": frozenset({"cotton"})},
                      categories=frozenset({"t-shirt"}))
    assert filters.describe() == "blue, cotton, t-shirt, up to $59.99"
    assert Filters().describe() == "" and Filters().is_empty()


def test_describe_reads_yes_no_options_by_name() -> None:
    assert Filters(options={"waterproof": frozenset({"yes"})}).describe() == "waterproof"
