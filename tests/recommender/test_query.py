"""Tests for recommender.query and recommender.price_parse.

Most cases use a small hand-made vocabulary, so each rule is visible in the test; the last group
runs against the real τ²-bench retail catalog (read in place, not copied) to check that the
parser copes with its words: option keys with spaces, a ``brand`` option, values shared by several
keys, and categories that are also option values.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from recommender.catalog import Catalog, Vocabulary, load_catalog
from recommender.filters import Filters
from recommender.query import MAX_QUERY_CHARS, ParsedQuery, QueryParser

TAU2_DB = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "tau2-retail" / "db.json"


def _vocabulary() -> Vocabulary:
    options = {
        "color": {"Red", "Blue", "Light Blue", "Black", "Gold"},
        "material": {"Cotton", "Wool", "Leather"},
        "size": {"S", "M", "L", "XL", "XXL", "10", "11"},
        "lining": {"wool", "none", "silk"},  # "wool" is also a material; "none" is a stop word
        "trim": {"gold"},  # also a colour
        "fit": {"slim"},
        "finish": {"slim", "matte"},  # "slim" is in two non-priority keys
        "screen size": {"6.1-inch"},
    }
    return Vocabulary(
        options={k: frozenset(v) for k, v in options.items()},
        brands=frozenset({"Northwind", "Acme Outdoors"}),
        categories=frozenset(
            {"T-Shirt", "Running Shoes", "Jeans", "Jacket", "Electric Kettle", "Tea Kettle"}
        ),
    )


@pytest.fixture(scope="module")
def parser() -> QueryParser:
    return QueryParser(_vocabulary())


@pytest.fixture(scope="module")
def tau2_catalog() -> Catalog:
    if not TAU2_DB.is_file():
        pytest.skip(f"τ²-bench catalog not found at {TAU2_DB}")
    return load_catalog(TAU2_DB)


@pytest.fixture(scope="module")
def tau2(tau2_catalog: Catalog) -> QueryParser:
    return QueryParser.from_catalog(tau2_catalog)


def _options(parsed: ParsedQuery) -> dict[str, set[str]]:
    return {key: set(values) for key, values in parsed.filters.options.items()}


# -- catalog words ------------------------------------------------------------------------------


def test_colour_material_and_category(parser: QueryParser) -> None:
    parsed = parser.parse("A red cotton T-shirt")
    assert _options(parsed) == {"color": {"red"}, "material": {"cotton"}}
    assert parsed.filters.categories == {"t-shirt"}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("t-shirt", "t-shirt"),
        ("t shirt", "t-shirt"),
        ("tshirt", "t-shirt"),
        ("T-SHIRTS", "t-shirt"),
        ("t shirts", "t-shirt"),
        ("running shoes", "running shoes"),
        ("a running shoe", "running shoes"),
        ("jeans", "jeans"),
        ("jackets", "jacket"),
    ],
)
def test_category_spellings(parser: QueryParser, text: str, category: str) -> None:
    assert parser.parse(text).filters.categories == {category}


def test_category_found_by_its_last_word(parser: QueryParser) -> None:
    assert parser.parse("a kettle").filters.categories == {"electric kettle", "tea kettle"}
    assert parser.parse("an electric kettle").filters.categories == {"electric kettle"}


def test_values_of_one_key_combine(parser: QueryParser) -> None:
    assert _options(parser.parse("red or blue jeans")) == {"color": {"red", "blue"}}


def test_longest_value_wins(parser: QueryParser) -> None:
    assert _options(parser.parse("a light blue jacket")) == {"color": {"light blue"}}


def test_brands(parser: QueryParser) -> None:
    assert parser.parse("northwind jackets").filters.brands == {"northwind"}
    assert parser.parse("anything by Acme Outdoors?").filters.brands == {"acme outdoors"}


def test_new_catalog_word_needs_no_training() -> None:
    vocabulary = Vocabulary(
        options={"color": frozenset({"Chartreuse"})}, brands=frozenset(), categories=frozenset()
    )
    assert _options(QueryParser(vocabulary).parse("chartreuse please")) == {"color": {"chartreuse"}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wool jacket", {"material": {"wool"}}),  # material before other keys
        ("gold jacket", {"color": {"gold"}}),  # color before other keys
        ("slim jeans", {"finish": {"slim"}}),  # no priority key: alphabetical
        ("wool lining", {"lining": {"wool"}}),  # the key named next to the value wins
        ("gold trim", {"trim": {"gold"}}),
    ],
)
def test_value_shared_by_several_keys(parser: QueryParser, text: str, expected: dict[str, set[str]]) -> None:
    assert _options(parser.parse(text)) == expected


def test_weak_values_need_their_key(parser: QueryParser) -> None:
    assert _options(parser.parse("none of these")) == {}
    assert _options(parser.parse("lining: none")) == {"lining": {"none"}}


@pytest.mark.parametrize(
    ("text", "sizes"),
    [
        ("size M", {"m"}),
        ("in size 10", {"10"}),
        ("sz L jacket", {"l"}),
        ("M", set()),
        ("10 jeans", set()),
        ("an XL jacket", {"xl"}),
        ("xxl", {"xxl"}),
        ("size S or M", {"s", "m"}),
        ("sizes S, M and L", {"s", "m", "l"}),
        ("large", {"l"}),
        ("medium jacket", {"m"}),
        ("extra large t-shirt", {"xl"}),
        ("size large", {"l"}),
    ],
)
def test_sizes(parser: QueryParser, text: str, sizes: set[str]) -> None:
    assert parser.parse(text).filters.options.get("size", frozenset()) == sizes


def test_option_key_with_a_space(parser: QueryParser) -> None:
    assert _options(parser.parse("a 6.1 inch screen")) == {"screen size": {"6.1-inch"}}
    assert _options(parser.parse("6.1-inch")) == {"screen size": {"6.1-inch"}}


# -- prices ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("under $60", None, 59.99),
        ("below 60", None, 59.99),
        ("less than 60 dollars", None, 59.99),
        ("cheaper than $60", None, 59.99),
        ("< 60", None, 59.99),
        ("<60", None, 59.99),
        ("no more than 60", None, 60.0),
        ("max 60", None, 60.0),
        ("at most 60", None, 60.0),
        ("up to $60", None, 60.0),
        ("within 60 bucks", None, 60.0),
        ("60 dollars or less", None, 60.0),
        ("my budget is $60", None, 60.0),
        ("over 30", 30.01, None),
        ("above $30", 30.01, None),
        ("more than 30 usd", 30.01, None),
        ("> 30", 30.01, None),
        ("at least 30", 30.0, None),
        ("from $30", 30.0, None),
        ("min 30", 30.0, None),
        ("30+", 30.0, None),
        ("between 100 and 200", 100.0, 200.0),
        ("between $200 and $100", 100.0, 200.0),
        ("100-200", 100.0, 200.0),
        ("100 to 200 dollars", 100.0, 200.0),
        ("$60–$80", 60.0, 80.0),
        ("$60-$80", 60.0, 80.0),
        ("from 60 to 80", 60.0, 80.0),
        ("1k-2k", 1000.0, 2000.0),
        ("around 50", 40.0, 60.0),
        ("about $50", 40.0, 60.0),
        ("roughly 50 bucks", 40.0, 60.0),
        ("~50", 40.0, 60.0),
        ("a $50 gift", 40.0, 60.0),
        ("50$", 40.0, 60.0),
        ("under $59.50", None, 59.49),
        ("under 1,200", None, 1199.99),
        ("under $1,200.50.", None, 1200.49),
        ("over 30 and under 60", 30.01, 59.99),
        ("under 0", None, 0.0),
    ],
)
def test_price_phrases(parser: QueryParser, text: str, low: float | None, high: float | None) -> None:
    filters = parser.parse(text).filters
    assert (filters.min_price, filters.max_price) == (low, high)


@pytest.mark.parametrize(
    "text", ["size 10 jeans", "in size 10", "the 2nd one", "item 3", "#3", "1000 jeans", "10"]
)
def test_numbers_that_are_not_prices(parser: QueryParser, text: str) -> None:
    filters = parser.parse(text).filters
    assert (filters.min_price, filters.max_price) == (None, None)


def test_size_and_price_together(parser: QueryParser) -> None:
    filters = parser.parse("jeans in size 10 under 60").filters
    assert filters.options == {"size": {"10"}}
    assert filters.max_price == 59.99


@pytest.mark.parametrize(
    ("text", "relative"),
    [
        ("something cheaper", "cheaper"),
        ("less expensive ones please", "cheaper"),
        ("anything more affordable?", "cheaper"),
        ("more expensive", "pricier"),
        ("pricier", "pricier"),
        ("cheaper than 50", None),
        ("a cheap jacket", None),
    ],
)
def test_relative_price(parser: QueryParser, text: str, relative: str | None) -> None:
    assert parser.parse(text).relative_price == relative


# -- stock, ordinals, ids -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "in_stock"),
    [
        ("in stock", True),
        ("red jeans that are in-stock", True),
        ("is it available?", True),
        ("available now", True),
        ("ready to ship", True),
        ("not available", False),
        ("out of stock", False),
        ("red jeans", False),
    ],
)
def test_in_stock(parser: QueryParser, text: str, in_stock: bool) -> None:
    assert parser.parse(text).filters.in_stock is in_stock


@pytest.mark.parametrize(
    ("text", "ordinal"),
    [
        ("the second one", 2),
        ("show me the 2nd", 2),
        ("2nd please", 2),
        ("second", 2),
        ("#3", 3),
        ("number 3", 3),
        ("item 3", 3),
        ("option 4 please", 4),
        ("no. 5", 5),
        ("the 9th one", 9),
        ("I'll take the third option", 3),
        ("the last one", -1),
        ("the second blue one", 2),
        ("first time buying jeans", None),
        ("the last time I bought one", None),
        ("blue jeans", None),
    ],
)
def test_ordinals(parser: QueryParser, text: str, ordinal: int | None) -> None:
    assert parser.parse(text).ordinal == ordinal


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("product 9523456873", "9523456873"),
        ("item 1234567", "1234567"),
        ("tell me about 9523456873", "9523456873"),
        ("#9523456873", "9523456873"),
        ("item 3", None),
        ("under 1500", None),
    ],
)
def test_product_refs(parser: QueryParser, text: str, ref: str | None) -> None:
    assert parser.parse(text).product_ref == ref


# -- embedding text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "semantic"),
    [
        ("a blue cotton t-shirt under $60", "blue cotton t-shirt"),
        ("I'm looking for red jeans between 20 and 40 dollars", "red jeans"),
        ("Do you have a wool jacket in stock?", "wool jacket"),
        ("show me the second one", ""),
        ("something cheaper please", ""),
        ("warm jacket for hiking", "warm jacket for hiking"),
    ],
)
def test_semantic_text(parser: QueryParser, text: str, semantic: str) -> None:
    assert parser.parse(text).semantic_text == semantic


# -- robustness ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "😀🔥👕" * 50,
        "مرحبا، أريد قميصا أحمر",
        "אני מחפש חולצה כחולה",
        "a\x00b\x07c\x1b[31mred\u200f\u202e jeans",
        "\ud800 lone surrogate",
        "$$$ --- ### ... ~~~ <<< >>>",
        "99999999999999999999999999999999 dollars",
        "size",
        "under",
        "between 5 and",
        "the",
        "red jeans under 50 " * 1200,  # about 20 kB
    ],
)
def test_never_raises(parser: QueryParser, text: str) -> None:
    parsed = parser.parse(text)
    assert parsed.text == text
    assert isinstance(parsed.filters, Filters)
    assert isinstance(parsed.semantic_text, str)


def test_non_text_input_is_read_as_empty(parser: QueryParser) -> None:
    parsed = parser.parse(None)  # type: ignore[arg-type]
    assert parsed.filters.is_empty() and parsed.semantic_text == ""


def test_only_the_first_characters_are_read(parser: QueryParser) -> None:
    text = "x" * MAX_QUERY_CHARS + " red jeans"
    parsed = parser.parse(text)
    assert parsed.filters.is_empty()
    assert parsed.text == text


def test_importing_does_not_load_spacy() -> None:
    code = "import sys, recommender.query; assert 'spacy' not in sys.modules, 'spacy imported'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])


def test_typical_parse_is_fast(parser: QueryParser) -> None:
    texts = ["a blue cotton t-shirt under $60", "the second one", "red or blue jeans in size 10, in stock"]
    timings = []
    for _ in range(50):
        for text in texts:
            start = time.perf_counter()
            parser.parse(text)
            timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.005


# -- the real τ²-bench catalog ------------------------------------------------------------------


def _matching(catalog: Catalog, filters: Filters) -> int:
    return sum(filters.matches(v, catalog.product_of(v)) for v in catalog.variants())


def test_tau2_shirt_query(tau2: QueryParser, tau2_catalog: Catalog) -> None:
    parsed = tau2.parse("a blue cotton t-shirt under $60")
    assert _options(parsed) == {"color": {"blue"}, "material": {"cotton"}}
    assert parsed.filters.categories == {"t-shirt"}
    assert parsed.filters.max_price == 59.99
    assert parsed.semantic_text == "blue cotton t-shirt"
    assert _matching(tau2_catalog, parsed.filters) > 0


def test_tau2_headphones_query(tau2: QueryParser, tau2_catalog: Catalog) -> None:
    parsed = tau2.parse("wireless headphones between 300 and 400")
    # "wireless" is a connectivity and an output value; headphones only have connectivity.
    assert _options(parsed) == {"connectivity": {"wireless"}}
    assert parsed.filters.categories == {"headphones"}
    assert (parsed.filters.min_price, parsed.filters.max_price) == (300.0, 400.0)
    assert _matching(tau2_catalog, parsed.filters) > 0


@pytest.mark.parametrize(
    ("text", "options", "categories"),
    [
        # Sunglasses have frame and lens colours, no "color": the category decides, then the key word.
        ("black sunglasses", {"frame color": {"black"}}, {"sunglasses"}),
        ("sunglasses with a black lens", {"lens color": {"black"}}, {"sunglasses"}),
        ("polarized sunglasses", {"lens type": {"polarized"}}, {"sunglasses"}),
        # "laptop" is a category and a backpack compartment.
        ("a laptop", {}, {"laptop"}),
        ("backpack with a laptop compartment", {"compartment": {"laptop"}}, {"backpack"}),
        ("a backpack for my laptop", {"compartment": {"laptop"}}, {"backpack"}),
        # "high" is a brightness/ventilation value that laptops do not have.
        ("a high quality laptop", {}, {"laptop"}),
        ("16gb ram laptop", {"ram": {"16gb"}}, {"laptop"}),
        ("Brand A makeup kit", {"brand": {"brand a"}}, {"makeup kit"}),
        ("a 1000 piece puzzle", {"pieces": {"1000"}}, {"jigsaw puzzle"}),
        ("a 2 cup coffee maker", {"capacity": {"2 cups"}}, {"coffee maker"}),
        ("t-shirt in size M or XL", {"size": {"m", "xl"}}, {"t-shirt"}),
        ("a camera", {}, {"action camera", "digital camera", "indoor security camera"}),
        ("wifi security camera", {"connectivity": {"wi-fi"}}, {"indoor security camera"}),
        ("stainless steel water bottle", {"color": {"stainless steel"}}, {"water bottle"}),
    ],
)
def test_tau2_vocabulary(
    tau2: QueryParser, text: str, options: dict[str, set[str]], categories: set[str]
) -> None:
    parsed = tau2.parse(text)
    assert _options(parsed) == options
    assert parsed.filters.categories == categories


def test_tau2_active_categories_pick_the_key(tau2: QueryParser) -> None:
    assert _options(tau2.parse("in black", active_categories=["Sunglasses"])) == {"frame color": {"black"}}
    assert _options(tau2.parse("in black", active_categories=["wristwatch"])) == {"dial color": {"black"}}
    assert _options(tau2.parse("in black")) == {"color": {"black"}}
    assert _options(tau2.parse("in black", active_categories=["no such category"])) == {"color": {"black"}}


def test_tau2_every_category_reads_as_itself(tau2: QueryParser, tau2_catalog: Catalog) -> None:
    for label in tau2_catalog.vocabulary().categories:
        parsed = tau2.parse(label)
        assert parsed.filters.categories == {label.lower()}, label


def test_tau2_every_value_is_reachable(tau2: QueryParser, tau2_catalog: Catalog) -> None:
    for key, values in tau2_catalog.vocabulary().options.items():
        for value in values:
            phrase = f"{key} {value}" if key == "size" else f"{value} {key}"
            assert value.lower() in tau2.parse(phrase).filters.options.get(key, ()), (key, value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("waterproof hiking boots", "yes"),
        ("hiking boots size 10 waterproof", "yes"),
        ("non-waterproof hiking boots", "no"),
        ("hiking boots, not waterproof", "no"),
        ("hiking boots", None),
    ],
)
def test_tau2_yes_no_option_is_asked_for_by_name(tau2: QueryParser, text: str, value: str | None) -> None:
    options = tau2.parse(text).filters.options
    assert options.get("waterproof") == (frozenset({value}) if value else None)
