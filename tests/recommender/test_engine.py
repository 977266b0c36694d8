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


# ---- orders: bought together, recommended for you, personal search ---------------------------


def _order_baskets(store_file) -> list[set[str]]:
    """Product sets of the store's non-cancelled orders, counted here without the library."""
    import json

    orders = json.loads(store_file.read_text())["orders"].values()
    return [{line["product_id"] for line in o["items"]} for o in orders if o["status"] != "cancelled"]


def test_bought_together_is_what_the_orders_show(demo_recommender, demo_store_file) -> None:
    baskets = _order_baskets(demo_store_file)
    sources = [v for p in demo_recommender.catalog.products.values() for v in p.variants[:1]]
    answered = 0
    for source in sources:
        result = demo_recommender.bought_together(source.item_id, k=3)
        with_source = [b for b in baskets if source.product_id in b]
        for hit in result.hits:
            together = sum(hit.product.product_id in b for b in with_source)
            assert together >= 2, (source.product_id, hit.product.product_id)  # at least two orders
            assert hit.score == pytest.approx(together / len(with_source))  # confidence, recounted
            assert f"{round(hit.score * 100)} %" in hit.reason and f"{together} of {len(with_source)}" in hit.reason
            assert hit.product.product_id != source.product_id
        confidences = [h.score for h in result.hits]
        assert confidences == sorted(confidences, reverse=True)
        answered += bool(result.hits)
    assert answered >= len(sources) // 3  # the demo orders have structure (kits, personas)


def test_recommended_for_names_the_shoppers_own_orders(demo_recommender, demo_store_file) -> None:
    import json

    from recommender.shop_history import PurchaseHistory

    store = json.loads(demo_store_file.read_text())
    shoppers = [u for u in store["users"].values() if len(u["orders"]) >= 3][:10]
    assert shoppers
    for user in shoppers:
        history = PurchaseHistory.from_orders(store["orders"][o] for o in user["orders"])
        result = demo_recommender.recommended_for(history, k=5)
        assert result.hits, user["user_id"]
        for hit in result.hits:
            assert hit.product.product_id not in history.products
            order = hit.reason.split("similar to your order ")[1].split(" ")[0]
            assert order in user["orders"]


def test_personal_search_reorders_within_the_filters(demo_recommender, demo_store_file) -> None:
    import json

    from recommender.shop_history import PurchaseHistory

    store = json.loads(demo_store_file.read_text())
    user = max(store["users"].values(), key=lambda u: len(u["orders"]))
    history = PurchaseHistory.from_orders(store["orders"][o] for o in user["orders"])
    parsed = demo_recommender.parse("backpack under $150")
    plain = demo_recommender.search(parsed.semantic_text, parsed.filters, k=10)
    personal = demo_recommender.search(parsed.semantic_text, parsed.filters, k=10, history=history)
    assert personal.matching == plain.matching
    for hit in personal.hits:
        assert parsed.filters.matches(hit.variant, hit.product)
    marked = [h for h in personal.hits if "similar to your order" in h.reason]
    for hit in marked:
        order = hit.reason.split("similar to your order ")[1].split(" ")[0]
        assert order in user["orders"]
    # Nobody's history changes an anonymous search.
    again = demo_recommender.search(parsed.semantic_text, parsed.filters, k=10, history=PurchaseHistory())
    assert [h.variant.item_id for h in again.hits] == [h.variant.item_id for h in plain.hits]


def test_a_product_name_is_found_by_its_words(tau2_recommender) -> None:
    """BM25 joins the ranking: rare exact words (a product's name) come first."""
    for product in list(tau2_recommender.catalog.products.values())[:20]:
        hits = tau2_recommender.search(product.name, k=1).hits
        assert hits and hits[0].product.product_id == product.product_id, product.name


def test_a_shoppers_affinity_moves_their_kind_of_product_up(demo_recommender, demo_store_file) -> None:
    """The affinity only lifts: an unmarked hit never overtakes a marked one it was behind, and
    some marked hits move up."""
    import json

    from recommender.shop_history import PurchaseHistory

    store = json.loads(demo_store_file.read_text())
    moved = 0
    for user in sorted(store["users"].values(), key=lambda u: -len(u["orders"]))[:5]:
        history = PurchaseHistory.from_orders(store["orders"][o] for o in user["orders"])
        for query in ("backpack", "t-shirt", "headphones", "jacket", "kettle"):
            plain = [h.variant.item_id for h in demo_recommender.search(query, k=10).hits]
            personal = demo_recommender.search(query, k=10, history=history).hits
            marked = {h.variant.item_id for h in personal if "similar to your order" in h.reason}
            order = [h.variant.item_id for h in personal if h.variant.item_id in plain]
            for i, first in enumerate(order):
                for second in order[i + 1:]:
                    if first not in marked and second in marked:
                        assert plain.index(first) < plain.index(second), (query, user["user_id"])
            moved += sum(order.index(i) < plain.index(i) for i in marked if i in order)
    assert moved > 0
