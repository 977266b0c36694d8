"""Follow-up messages changing the active filters."""

from __future__ import annotations

import pytest

from recommender.catalog import load_catalog
from recommender.filters import Filters
from recommender.query import QueryParser
from recommender.refinement import refine_filters, relative_price_bound

SHIRTS = Filters(max_price=59.99, options={"color": frozenset({"blue"}), "material": frozenset({"cotton"})},
                 categories=frozenset({"t-shirt"}))


@pytest.fixture(scope="module")
def parser(tau2_db) -> QueryParser:
    return QueryParser.from_catalog(load_catalog(tau2_db))


def test_colour_replaces_colour_and_keeps_the_rest(parser: QueryParser) -> None:
    refined = refine_filters(SHIRTS, "in red", parser)
    assert refined.options == {"color": frozenset({"red"}), "material": frozenset({"cotton"})}
    assert refined.max_price == 59.99 and refined.categories == {"t-shirt"}


def test_cheaper_caps_below_the_median_shown(parser: QueryParser) -> None:
    refined = refine_filters(SHIRTS, "cheaper", parser, [20.0, 30.0, 50.0])
    assert refined.max_price == 29.99
    again = refine_filters(refined, "even cheaper please", parser, [12.0, 18.0, 25.0, 29.0])
    assert again.max_price == 21.49


def test_cheaper_never_loosens_a_lower_cap(parser: QueryParser) -> None:
    capped = Filters(max_price=10.0)
    assert refine_filters(capped, "cheaper", parser, [8.0, 30.0, 50.0]).max_price == 10.0


def test_pricier_raises_the_floor(parser: QueryParser) -> None:
    refined = refine_filters(SHIRTS, "something more expensive", parser, [20.0, 30.0, 50.0])
    assert refined.min_price == 30.01 and refined.max_price == 59.99


def test_explicit_price_wins_over_relative(parser: QueryParser) -> None:
    assert refine_filters(SHIRTS, "cheaper, under 25", parser, [40.0, 50.0]).max_price == 24.99


@pytest.mark.parametrize(
    ("text", "gone"),
    [("any colour", "color"), ("any color is fine", "color"), ("any material", "material")],
)
def test_any_option_drops_it(parser: QueryParser, text: str, gone: str) -> None:
    refined = refine_filters(SHIRTS, text, parser)
    assert gone not in refined.options and refined.max_price == 59.99


def test_price_category_brand_and_stock_can_be_dropped(parser: QueryParser) -> None:
    stocked = Filters(max_price=10, brands=frozenset({"acme"}), categories=frozenset({"t-shirt"}), in_stock=True)
    assert refine_filters(stocked, "any price", parser).max_price is None
    assert refine_filters(stocked, "without the price limit", parser).max_price is None
    assert refine_filters(stocked, "any brand", parser).brands == frozenset()
    assert refine_filters(stocked, "any category", parser).categories == frozenset()
    assert refine_filters(stocked, "include out of stock", parser).in_stock is False


def test_relative_bound_needs_something_shown() -> None:
    assert relative_price_bound("cheaper", []) is None
    assert relative_price_bound("cheaper", [10.0]) == 9.99


@pytest.mark.parametrize("store", ["tau2_db", "demo_store_file"])
def test_every_offered_relaxation_applies_when_sent_back(store: str, request: pytest.FixtureRequest) -> None:
    """The quick-reply phrase of each relaxation, parsed and refined, drops exactly that constraint."""
    catalog = load_catalog(request.getfixturevalue(store))
    parser = QueryParser.from_catalog(catalog)
    vocabulary = catalog.vocabulary()
    shared_names = {"brand", "brands", "type", "category", "price"}  # dropped with their field, below
    options = {key: frozenset({sorted(values)[0].lower()}) for key, values in vocabulary.options.items()
               if key not in shared_names}
    everything = Filters(max_price=50, options=options, brands=frozenset({"acme"}),
                         categories=frozenset({"t-shirt"}), in_stock=True)
    for step in everything.relaxations():
        refined = refine_filters(everything, step.suggestion, parser)
        assert refined == step.filters, (step.suggestion, refined)


def test_any_brand_drops_the_brand_option_and_the_brand_filter(parser: QueryParser) -> None:
    both = Filters(options={"brand": frozenset({"brand a"})}, brands=frozenset({"acme"}), max_price=50)
    assert refine_filters(both, "any brand", parser) == Filters(max_price=50)
