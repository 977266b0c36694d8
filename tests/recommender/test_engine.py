"""Recommender: hard filters never broken, similar items, relaxations, reasons, diversity."""

from __future__ import annotations

import random

import pytest

from recommender.engine import UnknownItemError
from recommender.filters import Filters


def _generated_queries(catalog, n: int, seed: int = 5) -> list[str]:
    """Shopper-like queries built from the catalog's own words, prices and phrasings."""
    rng = random.Random(seed)
    vocabulary = catalog.vocabulary()
    colors = sorted(vocabulary.options.get("color", {"blue"}))
    materials = sorted(vocabulary.options.get("material", {"cotton"}))
    categories = sorted(vocabulary.categories)
    templates = [
        "{color} {category} under ${price}",
        "a {material} {category} below {price} dollars",
        "{category} between {low} and {price}",
        "{color} {material} {category}",
        "cheap {category} in stock",
        "{category} over ${low}",
        "{color} or {color2} {category} up to {price}",
    ]
    queries = []
    for _ in range(n):
        price = rng.choice([15, 30, 45, 60, 90, 150, 300, 800])
        queries.append(rng.choice(templates).format(
            color=rng.choice(colors), color2=rng.choice(colors), material=rng.choice(materials),
            category=rng.choice(categories).lower(), price=price, low=max(1, price // 3)))
    return queries


@pytest.mark.parametrize("store", ["demo_recommender", "tau2_recommender"])
def test_hard_filters_never_violated_over_many_queries(store: str, request: pytest.FixtureRequest) -> None:
    recommender = request.getfixturevalue(store)
    nonempty = 0
    for query in _generated_queries(recommender.catalog, 150):
        parsed = recommender.parse(query)
        result = recommender.search(parsed.semantic_text, parsed.filters)
        assert result.filters == parsed.filters
        for hit in result.hits:
            assert not parsed.filters.violations(hit.variant, hit.product), (query, hit.variant)
            assert hit.reason
        if result.hits:
            nonempty += 1
        else:
            assert result.matching == 0
            for offer in result.relaxations:
                assert recommender.attributes.mask(offer.relaxation.filters).sum() >= 1
    assert nonempty > 50


def test_meaning_finds_the_right_kind_of_product(demo_recommender) -> None:
    top = demo_recommender.search("shoes for jogging", k=3).hits
    assert top and all("shoe" in h.product.category.lower() or "sneaker" in h.product.category.lower() for h in top)


def test_blue_cotton_shirts_under_60(demo_recommender) -> None:
    parsed = demo_recommender.parse("a blue cotton t-shirt under $60")
    result = demo_recommender.search(parsed.semantic_text, parsed.filters)
    assert len(result.hits) == 5 and result.matching >= 5
    assert len({h.product.product_id for h in result.hits}) == 5  # one per product first
    for hit in result.hits:
        assert hit.variant.options["color"] == "blue" and hit.variant.options["material"] == "cotton"
        assert hit.variant.price < 60 and hit.product.category == "T-Shirt"
        assert hit.reason.startswith("matches blue, cotton, T-Shirt")


def test_one_product_still_fills_the_page_with_its_variants(tau2_recommender) -> None:
    parsed = tau2_recommender.parse("t-shirt")
    hits = tau2_recommender.search(parsed.semantic_text, parsed.filters).hits
    assert len(hits) == 5 and {h.product.name for h in hits} == {"T-Shirt"}


def test_more_like_excludes_the_item_and_prefers_other_products(demo_recommender) -> None:
    parsed = demo_recommender.parse("blue cotton t-shirt under 60")
    source = demo_recommender.search(parsed.semantic_text, parsed.filters).hits[0].variant
    result = demo_recommender.more_like(source.item_id, parsed.filters)
    ids = [h.variant.item_id for h in result.hits]
    assert source.item_id not in ids and len(ids) == 5
    assert result.hits[0].product.product_id != source.product_id
    for hit in result.hits:
        assert parsed.filters.matches(hit.variant, hit.product)
        assert "also a T-Shirt" in hit.reason and "description" in hit.reason


def test_more_like_unknown_item(demo_recommender) -> None:
    with pytest.raises(UnknownItemError, match="no product or item with id '42'"):
        demo_recommender.more_like("42")


def test_no_results_offer_nearest_price_first(demo_recommender) -> None:
    parsed = demo_recommender.parse("blue cotton t-shirt under $5")
    result = demo_recommender.search(parsed.semantic_text, parsed.filters)
    assert result.hits == [] and result.matching == 0
    offer = result.relaxations[0]
    assert offer.relaxation.dropped == "price" and offer.relaxation.suggestion.startswith("up to $")
    relaxed = demo_recommender.search(parsed.semantic_text, offer.relaxation.filters)
    assert len(relaxed.hits) == 5
    assert all(h.variant.price <= offer.relaxation.filters.max_price for h in relaxed.hits)


def test_empty_query_ranks_by_filters_alone(demo_recommender) -> None:
    result = demo_recommender.search("", Filters(max_price=20, in_stock=True))
    prices = [h.variant.price for h in result.hits]
    assert prices and all(p <= 20 for p in prices) and all(h.variant.available for h in result.hits)
    cheapest = demo_recommender.attributes.price[demo_recommender.attributes.mask(result.filters)].min()
    assert prices[0] == cheapest


@pytest.mark.parametrize("query", ["waterproof hiking boots under 150", "black leather boots", "t-shirt", "headphones"])
def test_in_stock_items_rank_before_out_of_stock(demo_recommender, query: str) -> None:
    parsed = demo_recommender.parse(query)
    hits = demo_recommender.search(parsed.semantic_text, parsed.filters, k=10).hits
    available = [h.variant.available for h in hits]
    assert available == sorted(available, reverse=True)


def test_reasons_read_yes_no_options_by_name(demo_recommender) -> None:
    parsed = demo_recommender.parse("waterproof hiking boots size 10")
    hit = demo_recommender.search(parsed.semantic_text, parsed.filters).hits[0]
    assert hit.reason.startswith("matches size 10, waterproof, Hiking Boots")
