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
    refined = refine_filters(SHIRTS, parser.parse("in red"))
    assert refined.options == {"color": frozenset({"red"}), "material": frozenset({"cotton"})}
    assert refined.max_price == 59.99 and refined.categories == {"t-shirt"}


def test_cheaper_caps_below_the_median_shown(parser: QueryParser) -> None:
    refined = refine_filters(SHIRTS, parser.parse("cheaper"), [20.0, 30.0, 50.0])
    assert refined.max_price == 29.99
    again = refine_filters(refined, parser.parse("even cheaper please"), [12.0, 18.0, 25.0, 29.0])
    assert again.max_price == 21.49


def test_cheaper_never_loosens_a_lower_cap(parser: QueryParser) -> None:
    capped = Filters(max_price=10.0)
    assert refine_filters(capped, parser.parse("cheaper"), [8.0, 30.0, 50.0]).max_price == 10.0


def test_pricier_raises_the_floor(parser: QueryParser) -> None:
    refined = refine_filters(SHIRTS, parser.parse("something more expensive"), [20.0, 30.0, 50.0])
    assert refined.min_price == 30.01 and refined.max_price == 59.99


def test_explicit_price_wins_over_relative(parser: QueryParser) -> None:
    assert refine_filters(SHIRTS, parser.parse("cheaper, under 25"), [40.0, 50.0]).max_price == 24.99


@pytest.mark.parametrize(
    ("text", "gone"),
    [("any colour", "color"), ("any color is fine", "color"), ("any material", "material")],
)
def test_any_option_drops_it(parser: QueryParser, text: str, gone: str) -> None:
    refined = refine_filters(SHIRTS, parser.parse(text))
    assert gone not in refined.options and refined.max_price == 59.99


def test_price_category_brand_and_stock_can_be_dropped(parser: QueryParser) -> None:
    stocked = Filters(max_price=10, brands=frozenset({"acme"}), categories=frozenset({"t-shirt"}), in_stock=True)
    assert refine_filters(stocked, parser.parse("any price")).max_price is None
    assert refine_filters(stocked, parser.parse("without the price limit")).max_price is None
    assert refine_filters(stocked, parser.parse("any brand")).brands == frozenset()
    assert refine_filters(stocked, parser.parse("any category")).categories == frozenset()
    assert refine_filters(stocked, parser.parse("include out of stock")).in_stock is False


def test_relative_bound_needs_something_shown() -> None:
    assert relative_price_bound("cheaper", []) is None
    assert relative_price_bound("cheaper", [10.0]) == 9.99
