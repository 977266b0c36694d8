"""Deterministic generator of the demo store: a realistic small shop in the τ²-bench retail format.

The store is what shoppers search in demos and end-to-end tests, so it must read like a real shop
(brand + line + category titles, descriptions that mention material, use and features, sensible
options and prices per category) and must never change between runs: everything is drawn from one
local ``random.Random(seed)``, iterated in a fixed order, so the same seed gives byte-identical JSON
on every machine and Python version we support.

The document has the τ² shape (``products`` → ``variants``, ``users``, ``orders``) extended with
``currency``, per-product ``description`` / ``category`` / ``brand`` and per-variant ``stock``; it
loads with :func:`recommender.catalog.load_catalog`.

A few option combinations are planted on purpose because the end-to-end tests search for them:
blue cotton t-shirts on both sides of $60 (at a spread of prices), black leather ankle and hiking
boots, and red running shoes. See ``_Category.anchor``.
"""

from __future__ import annotations

import json
import math
import os
import random
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product as cartesian
from pathlib import Path
from typing import Any

__all__ = ["dumps_store", "generate_store", "write_store"]

DEFAULT_SEED = 7
_OUT_OF_STOCK_SHARE = 0.1


# --------------------------------------------------------------------------------------------------
# Catalog specification
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Option:
    """An option the variants of a category vary in.

    Attributes:
        name: Lower-case option name, as stored in variant ``options``.
        values: Canonical values; sizes in ascending order.
        pick: Fewest and most values one product offers (one value means every variant shares it).
        deltas: Value → price difference from the product's base price, in dollars.
        weights: Relative chance of each value being offered (same order as ``values``); ``None``
            for even chances.
        run: Offer a contiguous run of values (sizes) instead of a scattered subset.
    """

    name: str
    values: tuple[str, ...]
    pick: tuple[int, int] = (1, 1)
    deltas: Mapping[str, float] = field(default_factory=dict)
    weights: tuple[float, ...] | None = None
    run: bool = False


@dataclass(frozen=True)
class _Style:
    """A product style: a word in the title plus the options it fixes for every variant.

    Attributes:
        word: Title word(s) between line and category ("V-Neck", "Gooseneck"); may be empty.
        fixed: Option values every variant of the product has (``{"style": "v-neck"}``).
        phrase: A feature phrase for the description ("a flattering v-neckline").
        delta: Price difference from the base price, in dollars.
        only: Option name → the values this style may offer (a travel mat is 4mm only).
    """

    word: str
    fixed: Mapping[str, str] = field(default_factory=dict)
    phrase: str = ""
    delta: float = 0.0
    only: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Category:
    """How to generate the products of one category.

    Attributes:
        name: Singular category label stored on each product ("T-Shirt", "Desk Lamp").
        department: Key into the department-wide tables (lines, adjectives, closings).
        nouns: Words a description uses for one product ("t-shirt", "tee").
        brands: Invented brands selling this category.
        price: Lowest and highest base price, in dollars; products are spread over the range.
        options: The options variants vary in, in the order they are stored.
        styles: Product styles to choose from.
        uses: "for ..." phrases saying what the product is for.
        features: Noun phrases naming features, used in descriptions.
        weight: Relative number of products in this category.
        anchor: Option values (e.g. blue + cotton) planted in a share of the products, so queries
            the end-to-end tests rely on always have answers.
        anchor_share: Share of products, spread evenly over the price range, that get the anchor.
        anchor_variants: Variants with the anchor values per anchored product (different sizes).
    """

    name: str
    department: str
    nouns: tuple[str, ...]
    brands: tuple[str, ...]
    price: tuple[float, float]
    options: tuple[_Option, ...]
    styles: tuple[_Style, ...]
    uses: tuple[str, ...]
    features: tuple[str, ...]
    weight: float = 1.0
    anchor: Mapping[str, str] = field(default_factory=dict)
    anchor_share: float = 0.0
    anchor_variants: int = 1


_APPAREL_SIZES = ("XS", "S", "M", "L", "XL", "XXL")
_SHOE_SIZES = ("6", "7", "8", "9", "10", "11", "12", "13")
_APPAREL_COLORS = ("black", "white", "gray", "navy", "blue", "red", "green", "beige")
_YES_NO = ("yes", "no")


def _sizes(values: tuple[str, ...] = _APPAREL_SIZES, pick: tuple[int, int] = (3, 5), **deltas: float) -> _Option:
    """A ``size`` option offered as a contiguous run (S to XL, 8 to 11); ``deltas`` by size."""
    return _Option("size", values, pick, deltas, run=True)


def _colors(values: tuple[str, ...], pick: tuple[int, int] = (1, 3)) -> _Option:
    """A ``color`` option; colors never change the price."""
    return _Option("color", values, pick)


_APPAREL_XXL = {"XXL": 2.0}
_ONE_CUP, _SMALL_POTS, _BIG_POTS = ("1 cup",), ("4 cups", "8 cups"), ("8 cups", "12 cups")

_CATEGORIES: tuple[_Category, ...] = (
    # ---- apparel -----------------------------------------------------------------------------
    _Category(
        name="T-Shirt",
        department="apparel",
        nouns=("t-shirt", "tee"),
        brands=("Northwind", "Loomcraft", "Alder Lane", "Cobalt Row", "Saltmarsh"),
        price=(14.0, 74.0),
        weight=1.4,
        options=(
            _colors(_APPAREL_COLORS + ("olive",)),
            _sizes(pick=(3, 6), **_APPAREL_XXL),
            _Option(
                "material",
                ("cotton", "polyester", "linen", "wool"),
                (1, 2),
                {"polyester": -2.0, "linen": 6.0, "wool": 14.0},
                weights=(6, 2, 1.5, 1),
            ),
            _Option("fit", ("slim", "classic", "relaxed")),
        ),
        styles=(
            _Style("Crew", {"style": "crew neck"}, "a classic crew neckline"),
            _Style("V-Neck", {"style": "v-neck"}, "a clean v-neckline"),
            _Style("Pocket", {"style": "crew neck"}, "a patch chest pocket"),
            _Style("Henley", {"style": "henley"}, "a three-button henley placket", 4.0),
            _Style("", {"style": "crew neck"}, "a ribbed crew neckline"),
        ),
        uses=(
            "everyday wear", "layering under a jacket or overshirt", "warm weekends", "travel days",
            "casual Fridays at the office", "lounging at home",
        ),
        features=(
            "reinforced shoulder seams", "a tag-free neck label", "pre-shrunk fabric that keeps its shape",
            "a collar that will not stretch out", "side-seamed construction", "a slightly longer back hem",
            "garment-dyed color that softens with every wash",
        ),
        anchor={"color": "blue", "material": "cotton"},
        anchor_share=0.75,
        anchor_variants=2,
    ),
    _Category(
        name="Hoodie",
        department="apparel",
        nouns=("hoodie", "hooded sweatshirt"),
        brands=("Northwind", "Wrenfield", "Cobalt Row", "Fernhill"),
        price=(35.0, 105.0),
        options=(
            _colors(("black", "gray", "navy", "green", "red", "beige", "blue")),
            _sizes(**_APPAREL_XXL),
            _Option("material", ("cotton", "fleece", "polyester"), (1, 1), {"fleece": 5.0, "polyester": -4.0}),
        ),
        styles=(
            _Style("Pullover", {"style": "pullover"}, "a roomy kangaroo pocket"),
            _Style("Zip-Up", {"style": "zip-up"}, "a full-length metal zip", 6.0),
            _Style("Heavyweight", {"style": "pullover"}, "a double-layer hood", 10.0),
        ),
        uses=("cool mornings", "post-workout warmth", "campus days", "lazy Sundays", "layering on the trail"),
        features=(
            "rib-knit cuffs", "a lined hood with flat drawcords", "a brushed interior", "thumbholes in the cuffs",
            "dropped shoulders for a relaxed drape",
        ),
    ),
    _Category(
        name="Sweater",
        department="apparel",
        nouns=("sweater", "knit"),
        brands=("Harbor & Pine", "Loomcraft", "Alder Lane", "Marlow Street"),
        price=(40.0, 150.0),
        options=(
            _colors(("beige", "navy", "gray", "black", "green", "red", "white")),
            _sizes(**_APPAREL_XXL),
            _Option(
                "material",
                ("wool", "cashmere", "cotton", "acrylic"),
                (1, 1),
                {"cashmere": 60.0, "cotton": -5.0, "acrylic": -12.0},
                weights=(4, 1.5, 2, 1),
            ),
        ),
        styles=(
            _Style("Crew", {"style": "crew neck"}, "a classic crew neckline"),
            _Style("V-Neck", {"style": "v-neck"}, "a v-neck that layers over collared shirts"),
            _Style("Cardigan", {"style": "cardigan"}, "horn-effect buttons", 8.0),
            _Style("Turtleneck", {"style": "turtleneck"}, "a fold-over turtleneck collar", 5.0),
            _Style("Cable-Knit", {"style": "crew neck"}, "a traditional cable-knit pattern", 12.0),
        ),
        uses=("cold office days", "winter layering", "holiday dinners", "autumn walks", "cozy evenings in"),
        features=(
            "ribbed cuffs that hold their shape", "fully fashioned seams", "a midweight gauge",
            "a soft, itch-free hand feel", "saddle shoulders",
        ),
    ),
    _Category(
        name="Jeans",
        department="apparel",
        nouns=("jeans", "pair of jeans"),
        brands=("Cobalt Row", "Marlow Street", "Saltmarsh", "Thimble & Thread"),
        price=(40.0, 140.0),
        options=(
            _colors(("blue", "black", "gray"), (1, 2)),
            _sizes(("28", "29", "30", "31", "32", "33", "34", "36", "38"), (3, 6)),
            _Option("material", ("denim",)),
        ),
        styles=(
            _Style("Slim", {"fit": "slim"}, "a slim leg that tapers below the knee"),
            _Style("Straight", {"fit": "straight"}, "a straight leg from hip to hem"),
            _Style("Relaxed", {"fit": "relaxed"}, "extra room through the seat"),
            _Style("Skinny", {"fit": "skinny"}, "a close, stretchy fit"),
            _Style("Bootcut", {"fit": "bootcut"}, "a subtle flare that sits over boots"),
        ),
        uses=("everyday wear", "weekend errands", "nights out", "long workdays"),
        features=(
            "a five-pocket design", "copper rivets at stress points", "a button fly",
            "a touch of stretch for easy movement", "chain-stitched hems", "a mid-rise waist",
        ),
    ),
    _Category(
        name="Jacket",
        department="apparel",
        nouns=("jacket",),
        brands=("Harbor & Pine", "Northwind", "Fernhill", "Wrenfield", "Marlow Street"),
        price=(60.0, 200.0),
        options=(
            _colors(("black", "navy", "green", "brown", "beige", "gray", "red")),
            _sizes(("S", "M", "L", "XL", "XXL"), **_APPAREL_XXL),
            _Option("material", ("nylon", "polyester", "wool", "leather"), (1, 1), weights=(3, 3, 1, 1)),
        ),
        styles=(
            _Style("Bomber", {"style": "bomber"}, "rib-knit trims"),
            _Style("Puffer", {"style": "puffer", "material": "polyester"}, "recycled synthetic insulation", 30.0),
            _Style("Rain", {"style": "rain shell", "material": "nylon"}, "fully taped waterproof seams", 10.0),
            _Style("Biker", {"style": "biker", "material": "leather"}, "an asymmetric front zip", 120.0),
            _Style("Trucker", {"style": "trucker", "material": "denim"}, "button-flap chest pockets"),
            _Style("Field", {"style": "field"}, "four roomy cargo pockets", 15.0),
        ),
        uses=("the daily commute", "changeable spring weather", "city weekends", "chilly evenings", "travel"),
        features=(
            "a stand-up collar", "zippered hand pockets", "an inside phone pocket", "adjustable cuffs",
            "a two-way front zip", "a water-repellent finish",
        ),
    ),
    _Category(
        name="Dress",
        department="apparel",
        nouns=("dress",),
        brands=("Alder Lane", "Thimble & Thread", "Saltmarsh", "Marlow Street"),
        price=(35.0, 160.0),
        options=(
            _colors(("black", "navy", "red", "green", "white", "pink", "blue", "yellow")),
            _sizes(("XS", "S", "M", "L", "XL")),
            _Option("material", ("cotton", "linen", "polyester", "silk"), (1, 1), {"linen": 8.0, "silk": 45.0}),
            _Option("length", ("mini", "midi", "maxi"), (1, 1), {"maxi": 6.0}),
        ),
        styles=(
            _Style("Wrap", {"style": "wrap"}, "a tie waist you can adjust"),
            _Style("Button-Front", {"style": "shirtdress"}, "a pointed shirt collar"),
            _Style("Slip", {"style": "slip"}, "adjustable spaghetti straps", 10.0),
            _Style("Sun", {"style": "sundress"}, "a smocked back panel"),
            _Style("Tiered", {"style": "tiered"}, "three softly gathered tiers", 8.0),
        ),
        uses=("summer weddings", "office days", "weekend brunch", "beach holidays", "evening dinners"),
        features=(
            "hidden side pockets", "a lined bodice", "a flattering A-line skirt", "an invisible back zip",
            "a relaxed, breathable drape",
        ),
    ),
    _Category(
        name="Shorts",
        department="apparel",
        nouns=("shorts", "pair of shorts"),
        brands=("Saltmarsh", "Northwind", "Fernhill", "Cobalt Row"),
        price=(20.0, 70.0),
        options=(
            _colors(("navy", "beige", "black", "gray", "green", "blue", "red")),
            _sizes(**_APPAREL_XXL),
            _Option("material", ("cotton", "linen", "polyester"), (1, 1), {"linen": 6.0}),
        ),
        styles=(
            _Style("Chino", {"style": "chino"}, "a 7-inch inseam"),
            _Style("Cargo", {"style": "cargo", "material": "cotton"}, "bellowed cargo pockets"),
            _Style("Running", {"style": "athletic", "material": "polyester"}, "a built-in liner", 4.0),
            _Style("Denim", {"style": "cutoff", "material": "denim"}, "frayed raw hems"),
            _Style("Swim", {"style": "swim", "material": "polyester"}, "a quick-dry mesh lining"),
        ),
        uses=("hot summer days", "the beach", "weekend hikes", "morning runs", "backyard barbecues"),
        features=(
            "an elastic drawcord waist", "a zip back pocket", "quick-drying fabric",
            "a gusseted crotch for free movement", "a relaxed fit through the thigh",
        ),
    ),
    _Category(
        name="Leggings",
        department="apparel",
        nouns=("leggings", "pair of leggings"),
        brands=("Wrenfield", "Alder Lane", "Fernhill", "Stillpoint"),
        price=(25.0, 95.0),
        options=(
            _colors(("black", "navy", "gray", "green", "purple", "pink", "blue")),
            _sizes(("XS", "S", "M", "L", "XL")),
            _Option("material", ("nylon", "polyester", "cotton"), (1, 1), {"nylon": 6.0, "cotton": -4.0}),
            _Option("rise", ("high-rise", "mid-rise"), (1, 1)),
        ),
        styles=(
            _Style("Studio", {}, "a buttery-soft brushed finish"),
            _Style("Pocket", {}, "deep side pockets that fit a phone", 6.0),
            _Style("Seamless", {}, "seamless knit construction", 8.0),
            _Style("Running", {}, "reflective details for dark mornings", 5.0),
        ),
        uses=("yoga and pilates", "running", "gym sessions", "travel days", "lounging"),
        features=(
            "a wide, no-dig waistband", "four-way stretch", "squat-proof opacity", "a hidden key pocket",
            "flatlock seams that do not chafe",
        ),
    ),
    # ---- footwear ----------------------------------------------------------------------------
    _Category(
        name="Sneakers",
        department="footwear",
        nouns=("sneakers", "pair of sneakers"),
        brands=("Stridewell", "Cobblestone & Co", "Tallgrass", "Swiftfoot"),
        price=(50.0, 150.0),
        weight=1.1,
        options=(
            _colors(("white", "black", "gray", "navy", "red", "green", "beige")),
            _sizes(_SHOE_SIZES, (3, 6)),
            _Option(
                "material",
                ("leather", "canvas", "suede", "mesh"),
                (1, 1),
                {"leather": 20.0, "suede": 15.0, "canvas": -10.0},
            ),
        ),
        styles=(
            _Style("Low-Top", {"style": "low-top"}, "a padded low-top collar"),
            _Style("High-Top", {"style": "high-top"}, "a high-top ankle collar", 10.0),
            _Style("Slip-On", {"style": "slip-on"}, "elastic side gores for easy on and off"),
            _Style("Court", {"style": "low-top"}, "a clean court-inspired cupsole"),
            _Style("Retro", {"style": "low-top"}, "a vintage-inspired gum sole", 5.0),
        ),
        uses=("everyday wear", "city walking", "casual outfits", "travel days"),
        features=(
            "a cushioned removable insole", "a grippy rubber outsole", "tonal stitching", "a breathable lining",
            "waxed cotton laces",
        ),
    ),
    _Category(
        name="Running Shoes",
        department="footwear",
        nouns=("running shoes", "pair of running shoes", "runners"),
        brands=("Stridewell", "Swiftfoot", "Kestrel", "Velora"),
        price=(70.0, 180.0),
        weight=1.1,
        options=(
            _colors(("black", "white", "gray", "blue", "red", "orange", "green", "yellow")),
            _sizes(_SHOE_SIZES, (3, 6)),
            _Option("material", ("mesh", "knit"), (1, 1), {"knit": 10.0}),
            _Option("cushioning", ("responsive", "balanced", "plush"), (1, 1), {"plush": 15.0}),
        ),
        styles=(
            _Style("Road", {"terrain": "road"}, "a smooth heel-to-toe transition"),
            _Style("Trail", {"terrain": "trail"}, "4mm lugs for loose ground", 15.0),
            _Style("Tempo", {"terrain": "road"}, "a responsive foam midsole for faster days", 20.0),
            _Style("Stability", {"terrain": "road"}, "a supportive medial guide rail", 10.0),
        ),
        uses=("daily training runs", "long weekend runs", "race day", "the treadmill", "marathon training"),
        features=(
            "a breathable upper", "a reflective heel tab", "an 8mm heel-to-toe drop", "a durable rubber outsole",
            "a padded tongue",
        ),
        anchor={"color": "red"},
        anchor_share=0.5,
        anchor_variants=2,
    ),
    _Category(
        name="Hiking Boots",
        department="footwear",
        nouns=("hiking boots", "pair of hiking boots", "boots"),
        brands=("Granite Peak", "Kestrel", "Tallgrass", "Mossrock"),
        price=(90.0, 230.0),
        options=(
            _colors(("brown", "black", "gray", "green"), (1, 2)),
            _sizes(_SHOE_SIZES, (3, 6)),
            _Option("material", ("leather", "suede", "synthetic"), (1, 1), {"leather": 20.0, "synthetic": -15.0}),
            _Option("waterproof", _YES_NO, (1, 2), {"yes": 20.0}),
        ),
        styles=(
            _Style("Mid", {"cut": "mid-cut"}, "a mid-height cuff that supports the ankle"),
            _Style("High", {"cut": "high-cut"}, "a tall padded collar", 15.0),
            _Style("Trek", {"cut": "mid-cut"}, "a stiff shank for heavy loads", 25.0),
            _Style("Low", {"cut": "low-cut"}, "a nimble low-cut profile", -10.0),
        ),
        uses=("day hikes", "multi-day treks", "rocky trails", "muddy spring walks", "backpacking trips"),
        features=(
            "a lugged rubber outsole", "a protective toe cap", "speed-lace hooks", "a cushioned EVA midsole",
            "a gusseted tongue that keeps out debris",
        ),
        anchor={"color": "black", "material": "leather"},
        anchor_share=0.4,
    ),
    _Category(
        name="Ankle Boots",
        department="footwear",
        nouns=("ankle boots", "pair of ankle boots", "boots"),
        brands=("Cobblestone & Co", "Marlow Street", "Mossrock", "Harbor & Pine"),
        price=(80.0, 240.0),
        options=(
            _colors(("black", "brown", "tan", "gray"), (1, 2)),
            _sizes(_SHOE_SIZES, (3, 6)),
            _Option("material", ("leather", "suede"), (1, 1), {"suede": -10.0}),
        ),
        styles=(
            _Style("Chelsea", {"style": "chelsea"}, "elastic side panels with a pull tab"),
            _Style("Lace-Up", {"style": "lace-up"}, "a lace-up front with speed hooks"),
            _Style("Zip", {"style": "side-zip"}, "an inside zip for easy on and off"),
            _Style("Combat", {"style": "combat"}, "a chunky lug sole", 15.0),
        ),
        uses=("everyday wear", "rainy city days", "smart-casual outfits", "autumn and winter"),
        features=(
            "a stacked heel", "a Goodyear-welted sole that can be resoled", "a leather lining",
            "a cushioned footbed", "a slip-resistant rubber sole",
        ),
        anchor={"color": "black", "material": "leather"},
        anchor_share=0.6,
        anchor_variants=2,
    ),
    _Category(
        name="Sandals",
        department="footwear",
        nouns=("sandals", "pair of sandals"),
        brands=("Tallgrass", "Saltmarsh", "Cobblestone & Co", "Swiftfoot"),
        price=(20.0, 90.0),
        options=(
            _colors(("black", "brown", "tan", "white", "navy")),
            _sizes(_SHOE_SIZES, (3, 6)),
            _Option("material", ("leather", "rubber", "synthetic"), (1, 1), {"leather": 15.0, "rubber": -8.0}),
        ),
        styles=(
            _Style("Slide", {"style": "slide"}, "a single wide strap"),
            _Style("Strap", {"style": "strappy"}, "adjustable buckle straps"),
            _Style("Sport", {"style": "sport sandal"}, "hook-and-loop straps that adjust in seconds", 10.0),
            _Style("Flip-Flop", {"style": "flip-flop", "material": "rubber"}, "a soft toe post"),
        ),
        uses=("the beach", "summer holidays", "poolside lounging", "warm-weather errands", "river hikes"),
        features=(
            "a contoured footbed", "arch support", "a water-friendly build", "a grippy outsole",
            "a padded strap lining",
        ),
    ),
    # ---- home & kitchen ----------------------------------------------------------------------
    _Category(
        name="Coffee Maker",
        department="home",
        nouns=("coffee maker", "brewer"),
        brands=("Brewell", "Kettleby", "Ember & Oak", "Larder & Co"),
        price=(30.0, 220.0),
        options=(
            _colors(("black", "silver", "white", "red"), (2, 4)),
            _Option("capacity", ("1 cup", "4 cups", "8 cups", "12 cups"), (1, 2), {"12 cups": 20.0, "8 cups": 10.0}),
        ),
        styles=(
            _Style("Drip", {"type": "drip"}, "a programmable 24-hour timer", only={"capacity": _BIG_POTS}),
            _Style("Pour-Over", {"type": "pour-over"}, "a precision showerhead", only={"capacity": _SMALL_POTS}),
            _Style("Espresso", {"type": "espresso"}, "a 15-bar pump with a steam wand", 150.0, {"capacity": _ONE_CUP}),
            _Style("Single-Serve", {"type": "single-serve"}, "a removable drip tray", only={"capacity": _ONE_CUP}),
            _Style("Cold Brew", {"type": "cold brew"}, "a fine-mesh stainless filter", only={"capacity": _SMALL_POTS}),
        ),
        uses=("busy weekday mornings", "small kitchens", "weekend brunches", "the office break room"),
        features=(
            "an auto shut-off", "a keep-warm plate", "a removable water tank", "a reusable filter",
            "dishwasher-safe parts",
        ),
    ),
    _Category(
        name="Electric Kettle",
        department="home",
        nouns=("electric kettle", "kettle"),
        brands=("Kettleby", "Brewell", "Larder & Co", "Stillwater Home"),
        price=(25.0, 120.0),
        options=(
            _colors(("silver", "black", "white", "red", "green"), (2, 4)),
            _Option("capacity", ("1L", "1.5L", "1.7L"), (1, 2), {"1.5L": 5.0, "1.7L": 8.0}),
            _Option("material", ("stainless steel", "glass", "plastic"), (1, 1), {"plastic": -10.0, "glass": 5.0}),
        ),
        styles=(
            _Style("Gooseneck", {"spout": "gooseneck"}, "a gooseneck spout for precise pour-over", 20.0),
            _Style("Classic", {"spout": "standard"}, "a wide, easy-fill lid"),
            _Style("Variable Temperature", {"spout": "standard"}, "five temperature presets for tea or coffee", 25.0),
            _Style("", {"spout": "standard"}, "a 360-degree swivel base"),
        ),
        uses=("tea lovers", "pour-over coffee", "instant oatmeal at the office", "dorm rooms"),
        features=(
            "boil-dry protection", "a keep-warm mode", "a cool-touch handle", "a removable limescale filter",
            "a fast 1500-watt element",
        ),
    ),
    _Category(
        name="Desk Lamp",
        department="home",
        nouns=("desk lamp", "lamp"),
        brands=("Lumen Lane", "Nookwood", "Ember & Oak", "Stillwater Home"),
        price=(20.0, 150.0),
        options=(
            _colors(("black", "white", "silver", "gold", "green"), (2, 4)),
            _Option("material", ("metal", "wood", "plastic"), (1, 1), {"metal": 10.0, "wood": 15.0}),
            _Option("power source", ("USB", "AC adapter", "battery"), (1, 2), {"battery": 8.0}),
        ),
        styles=(
            _Style("LED", {"style": "modern"}, "a flicker-free LED panel"),
            _Style("Architect", {"style": "architect"}, "a spring-balanced swing arm", 20.0),
            _Style("Clamp", {"style": "clamp"}, "a sturdy desk clamp that saves space"),
            _Style("Banker", {"style": "banker"}, "a classic glass shade", 15.0),
        ),
        uses=("late-night study sessions", "home offices", "reading in bed", "crafting and hobbies"),
        features=(
            "three color temperatures", "a touch dimmer", "a USB charging port in the base", "an adjustable head",
            "an auto-off timer",
        ),
    ),
    _Category(
        name="Bookshelf",
        department="home",
        nouns=("bookshelf", "bookcase", "shelving unit"),
        brands=("Nookwood", "Ember & Oak", "Stillwater Home", "Larder & Co"),
        price=(60.0, 380.0),
        options=(
            _colors(("black", "white", "brown", "gray"), (2, 4)),
            _Option("material", ("wood", "metal", "bamboo"), (1, 1), {"wood": 20.0}),
            _Option(
                "height", ("3 ft", "4 ft", "5 ft", "6 ft"), (1, 3), {"4 ft": 20.0, "5 ft": 40.0, "6 ft": 60.0}, run=True
            ),
        ),
        styles=(
            _Style("Ladder", {"style": "ladder"}, "a leaning ladder frame"),
            _Style("Cube", {"style": "cube"}, "open cubbies that fit storage bins"),
            _Style("Industrial", {"style": "industrial", "material": "metal"}, "a steel pipe frame", 20.0),
            _Style("Corner", {"style": "corner"}, "a space-saving corner footprint"),
            _Style("Barrister", {"style": "barrister"}, "glass-front doors that keep out dust", 40.0),
        ),
        uses=("living rooms", "home offices", "kids' rooms", "small apartments"),
        features=(
            "a wall anchor kit", "shelves that hold up to 40 pounds each", "tool-free assembly",
            "a scratch-resistant finish", "levelling feet",
        ),
    ),
    _Category(
        name="Throw Blanket",
        department="home",
        nouns=("throw blanket", "throw"),
        brands=("Stillwater Home", "Harbor & Pine", "Nookwood", "Loomcraft"),
        price=(25.0, 140.0),
        options=(
            _colors(("gray", "beige", "navy", "green", "red", "white", "pink"), (2, 4)),
            _Option("material", ("fleece", "wool", "cotton", "acrylic"), (1, 1), {"wool": 30.0, "acrylic": -5.0}),
            _Option("size", ("50x60 in", "60x80 in"), (1, 2), {"60x80 in": 15.0}, run=True),
        ),
        styles=(
            _Style("Knit", {"weave": "chunky knit"}, "a chunky hand-knit look"),
            _Style("Waffle", {"weave": "waffle"}, "a textured waffle weave"),
            _Style("Sherpa", {"weave": "sherpa"}, "a reversible sherpa back", 10.0),
            _Style("Herringbone", {"weave": "herringbone"}, "a classic herringbone pattern", 5.0),
        ),
        uses=("movie nights", "napping on the couch", "chilly bedrooms", "picnics and road trips"),
        features=(
            "fringed edges", "a machine-washable build", "a lightweight but warm feel", "a pill-resistant surface",
            "a cotton gift bag",
        ),
    ),
    _Category(
        name="Cookware Set",
        department="home",
        nouns=("cookware set", "set of pots and pans"),
        brands=("Larder & Co", "Kettleby", "Ember & Oak", "Brewell"),
        price=(60.0, 380.0),
        options=(
            _colors(("silver", "black", "red", "blue"), (2, 4)),
            _Option(
                "material",
                ("stainless steel", "aluminum", "cast iron"),
                (1, 1),
                {"cast iron": 40.0, "aluminum": -20.0},
            ),
            _Option(
                "pieces",
                ("5 pieces", "8 pieces", "10 pieces", "12 pieces"),
                (1, 2),
                {"8 pieces": 30.0, "10 pieces": 50.0, "12 pieces": 80.0},
            ),
        ),
        styles=(
            _Style("Nonstick", {"coating": "nonstick", "material": "aluminum"}, "a PFOA-free nonstick coating"),
            _Style(
                "Tri-Ply",
                {"coating": "uncoated", "material": "stainless steel"},
                "tri-ply bonded bases that heat evenly",
                40.0,
            ),
            _Style("Enameled", {"coating": "enamel", "material": "cast iron"}, "a chip-resistant enamel finish", 30.0),
            _Style("Ceramic", {"coating": "ceramic"}, "a slick ceramic coating", 10.0),
        ),
        uses=("first apartments", "everyday family cooking", "wedding registries", "batch cooking"),
        features=(
            "oven-safe handles", "glass lids with steam vents", "induction-ready bases", "riveted stay-cool handles",
            "dishwasher-safe pans",
        ),
    ),
    # ---- electronics -------------------------------------------------------------------------
    _Category(
        name="Headphones",
        department="electronics",
        nouns=("headphones", "pair of headphones"),
        brands=("Sonara", "Auralis", "Pulsewave", "Orbitek"),
        price=(40.0, 260.0),
        weight=1.1,
        options=(
            _colors(("black", "white", "silver", "blue", "beige"), (2, 4)),
            _Option("connectivity", ("wireless", "wired"), (1, 2), {"wireless": 40.0}, weights=(3, 1)),
            _Option("noise cancelling", _YES_NO, (1, 2), {"yes": 60.0}),
        ),
        styles=(
            _Style("Over-Ear", {"type": "over-ear"}, "plush memory-foam ear cushions"),
            _Style("On-Ear", {"type": "on-ear"}, "a compact folding design", -10.0),
            _Style("Studio", {"type": "over-ear"}, "a flat, accurate studio sound signature", 30.0),
        ),
        uses=("long flights", "focused work", "commuting", "gaming sessions", "music at home"),
        features=(
            "up to 40 hours of battery life", "a built-in microphone for calls", "multipoint pairing",
            "a detachable cable", "a hard carry case",
        ),
    ),
    _Category(
        name="Wireless Earbuds",
        department="electronics",
        nouns=("wireless earbuds", "earbuds"),
        brands=("Sonara", "Pulsewave", "Voltix", "Tessel"),
        price=(30.0, 220.0),
        options=(
            _colors(("black", "white", "blue", "green"), (2, 4)),
            _Option("noise cancelling", _YES_NO, (1, 2), {"yes": 40.0}),
            _Option("wireless charging", _YES_NO, (1, 2), {"yes": 20.0}),
        ),
        styles=(
            _Style("", {"fit": "in-ear"}, "three sizes of silicone ear tips"),
            _Style("Sport", {"fit": "ear hook"}, "secure ear hooks that stay put", 10.0),
            _Style("Pro", {"fit": "in-ear"}, "adaptive transparency mode", 40.0),
            _Style("Open", {"fit": "open-ear"}, "an open design that keeps you aware of traffic"),
        ),
        uses=("workouts", "the daily commute", "calls on the go", "running"),
        features=(
            "IPX5 sweat resistance", "touch controls", "up to 30 hours with the case", "low-latency gaming mode",
            "quick charging",
        ),
    ),
    _Category(
        name="Bluetooth Speaker",
        department="electronics",
        nouns=("Bluetooth speaker", "speaker"),
        brands=("Auralis", "Voltix", "Orbitek", "Tessel"),
        price=(25.0, 230.0),
        options=(
            _colors(("black", "blue", "red", "green", "gray"), (2, 4)),
            _Option("waterproof", _YES_NO, (1, 2), {"yes": 15.0}),
            _Option("battery life", ("10 hours", "20 hours", "30 hours"), (1, 1), {"20 hours": 15.0, "30 hours": 30.0}),
        ),
        styles=(
            _Style("Mini", {"type": "mini"}, "a clip-on carabiner loop", -10.0),
            _Style("Portable", {"type": "portable"}, "a built-in carry strap"),
            _Style("Party", {"type": "party"}, "pulsing light effects", 80.0),
        ),
        uses=("beach days", "backyard parties", "camping trips", "the shower", "picnics"),
        features=(
            "stereo pairing with a second speaker", "deep bass from passive radiators", "a built-in speakerphone",
            "USB-C charging", "a rugged drop-tested shell",
        ),
    ),
    _Category(
        name="Smart Watch",
        department="electronics",
        nouns=("smart watch", "watch"),
        brands=("Orbitek", "Tessel", "Voltix", "Pulsewave"),
        price=(90.0, 380.0),
        options=(
            _colors(("black", "silver", "gold", "blue"), (2, 4)),
            _Option(
                "band material", ("silicone", "leather", "metal", "nylon"), (1, 2), {"leather": 20.0, "metal": 40.0}
            ),
            _Option("case size", ("40mm", "44mm"), (1, 2), {"44mm": 20.0}),
            _Option("cellular", _YES_NO, (1, 1), {"yes": 50.0}, weights=(1, 3)),
        ),
        styles=(
            _Style("Active", {"display": "AMOLED"}, "built-in GPS for runs or rides"),
            _Style("Classic", {"display": "AMOLED"}, "a stainless bezel that dresses up", 40.0),
            _Style("Adventure", {"display": "LCD"}, "up to two weeks of battery life", 30.0),
        ),
        uses=("fitness tracking", "sleep tracking", "staying on top of notifications", "outdoor adventures"),
        features=(
            "heart-rate sensors", "an always-on display", "contactless payments", "water resistance to 50 meters",
            "more than 100 workout modes",
        ),
    ),
    _Category(
        name="Mechanical Keyboard",
        department="electronics",
        nouns=("mechanical keyboard", "keyboard"),
        brands=("Keyforge", "Tessel", "Quillby", "Orbitek"),
        price=(50.0, 210.0),
        options=(
            _colors(("black", "white", "gray")),
            _Option("switch type", ("linear", "tactile", "clicky"), (1, 3)),
            _Option("connectivity", ("wired", "wireless"), (1, 2), {"wireless": 30.0}),
        ),
        styles=(
            _Style("Full-Size", {"layout": "full-size"}, "a dedicated number pad"),
            _Style("Tenkeyless", {"layout": "tenkeyless"}, "a tenkeyless layout that frees desk space"),
            _Style("Compact", {"layout": "compact"}, "a compact 75% layout with a volume knob", 10.0),
            _Style("Mini", {"layout": "mini"}, "a travel-friendly 60% layout", -10.0),
        ),
        uses=("programmers", "gaming", "long writing sessions", "home office setups"),
        features=(
            "hot-swappable switches", "PBT double-shot keycaps", "per-key RGB backlighting", "a gasket-mounted plate",
            "a detachable USB-C cable",
        ),
    ),
    # ---- sports & outdoor --------------------------------------------------------------------
    _Category(
        name="Yoga Mat",
        department="sports",
        nouns=("yoga mat", "mat"),
        brands=("Stillpoint", "Crestpoint", "Tidewell", "Summitline"),
        price=(18.0, 110.0),
        options=(
            _colors(("purple", "blue", "green", "black", "pink", "gray"), (2, 4)),
            _Option("thickness", ("4mm", "6mm", "8mm"), (1, 2), {"6mm": 5.0, "8mm": 10.0}),
            _Option("material", ("TPE", "PVC", "rubber", "cork"), (1, 1), {"rubber": 20.0, "cork": 25.0, "PVC": -5.0}),
        ),
        styles=(
            _Style("", {}, "a non-slip textured surface"),
            _Style("Alignment", {}, "printed alignment lines", 5.0),
            _Style("Travel", {}, "a fold-flat design that fits a carry-on", only={"thickness": ("4mm",)}),
            _Style("Pro", {}, "an extra-long 74-inch length", 15.0),
        ),
        uses=("hot yoga", "pilates", "home workouts", "stretching after runs", "meditation"),
        features=(
            "a carrying strap", "closed-cell construction that resists sweat", "joint-friendly cushioning",
            "a grippy underside", "easy-wipe cleaning",
        ),
    ),
    _Category(
        name="Water Bottle",
        department="sports",
        nouns=("water bottle", "bottle"),
        brands=("Tidewell", "Summitline", "Trailborn", "Crestpoint"),
        price=(12.0, 48.0),
        options=(
            _colors(("blue", "black", "green", "white", "pink", "red", "gray"), (2, 4)),
            _Option("capacity", ("500ml", "750ml", "1000ml"), (1, 2), {"750ml": 4.0, "1000ml": 8.0}),
            _Option("material", ("stainless steel", "glass", "plastic"), (1, 1), {"plastic": -6.0}),
            _Option("lid", ("straw", "chug", "flip"), (1, 2)),
        ),
        styles=(
            _Style(
                "Insulated",
                {"material": "stainless steel"},
                "vacuum insulation that keeps drinks cold for 24 hours",
                8.0,
            ),
            _Style("Sport", {"material": "plastic"}, "a squeezable, lightweight body"),
            _Style("Glass", {"material": "glass"}, "a protective silicone sleeve"),
            _Style("", {}, "a leak-proof lid"),
        ),
        uses=("the gym", "hiking", "the office desk", "school lunches", "road trips"),
        features=(
            "a leak-proof lid", "a wide mouth that fits ice cubes", "a dishwasher-safe build", "a powder-coated grip",
            "a carry loop",
        ),
    ),
    _Category(
        name="Backpack",
        department="sports",
        nouns=("backpack", "pack"),
        brands=("Trailborn", "Summitline", "Drumlin Outdoor", "Harbor & Pine"),
        price=(35.0, 190.0),
        options=(
            _colors(("black", "gray", "navy", "green", "blue", "red"), (2, 4)),
            _Option("capacity", ("18L", "24L", "30L", "40L"), (1, 2), {"24L": 10.0, "30L": 20.0, "40L": 35.0}),
            _Option(
                "material",
                ("nylon", "polyester", "canvas", "leather"),
                (1, 1),
                {"leather": 60.0, "canvas": 10.0},
                weights=(3, 3, 2, 1),
            ),
        ),
        styles=(
            _Style("Commuter", {"compartment": "laptop"}, "a padded 16-inch laptop sleeve"),
            _Style("Hiking", {"compartment": "hydration"}, "a hydration-bladder sleeve", 10.0),
            _Style("Roll-Top", {"compartment": "laptop"}, "a weatherproof roll-top closure", 15.0),
            _Style("Travel", {"compartment": "laptop"}, "a clamshell opening like a suitcase", 20.0),
        ),
        uses=("the daily commute", "weekend hikes", "carry-on travel", "school and campus"),
        features=(
            "padded, breathable shoulder straps", "a hidden passport pocket", "water bottle side pockets",
            "a luggage pass-through strap", "a sternum strap",
        ),
    ),
    _Category(
        name="Cycling Helmet",
        department="sports",
        nouns=("cycling helmet", "helmet", "bike helmet"),
        brands=("Velora", "Crestpoint", "Drumlin Outdoor", "Summitline"),
        price=(40.0, 220.0),
        options=(
            _colors(("black", "white", "red", "blue", "yellow", "gray")),
            _sizes(("S", "M", "L"), (2, 3)),
        ),
        styles=(
            _Style("Road", {"type": "road"}, "aerodynamic vents for fast rides", 20.0),
            _Style("Mountain", {"type": "mountain"}, "an adjustable visor", 15.0),
            _Style("Commuter", {"type": "commuter"}, "an integrated rear LED light"),
            _Style("Kids", {"type": "kids"}, "a pinch-free magnetic buckle", -20.0, {"size": ("S", "M")}),
        ),
        uses=("road rides", "mountain bike trails", "city commuting", "weekend family rides"),
        features=(
            "a dial-fit retention system", "an in-mold polycarbonate shell", "a rotational-impact liner",
            "removable, washable pads", "a lightweight build under 300 grams",
        ),
    ),
    _Category(
        name="Camping Tent",
        department="sports",
        nouns=("camping tent", "tent"),
        brands=("Drumlin Outdoor", "Trailborn", "Granite Peak", "Summitline"),
        price=(80.0, 420.0),
        options=(
            _colors(("green", "orange", "gray", "blue", "yellow"), (2, 3)),
            _Option(
                "capacity",
                ("1 person", "2 person", "4 person", "6 person"),
                (1, 2),
                {"2 person": 30.0, "4 person": 80.0, "6 person": 140.0},
                run=True,
            ),
            _Option("season", ("3-season", "4-season"), (1, 1), {"4-season": 120.0}, weights=(3, 1)),
        ),
        styles=(
            _Style("Dome", {"style": "dome"}, "a freestanding two-pole dome"),
            _Style(
                "Backpacking", {"style": "ultralight"}, "a trail weight under 3 pounds", 40.0,
                {"capacity": ("1 person", "2 person")},
            ),
            _Style(
                "Cabin", {"style": "cabin"}, "near-vertical walls you can stand up in", 30.0,
                {"capacity": ("4 person", "6 person")},
            ),
            _Style("Tunnel", {"style": "tunnel"}, "a wind-shedding tunnel profile", 20.0),
        ),
        uses=("car camping", "backpacking trips", "music festivals", "family campouts"),
        features=(
            "a full-coverage rainfly", "two doors with vestibules", "color-coded poles for fast pitching",
            "mesh panels for airflow", "a bathtub-style floor",
        ),
    ),
)

_LINES: Mapping[str, tuple[str, ...]] = {
    "apparel": (
        "Essential", "Everyday", "Heritage", "Classic", "Weekend", "Studio", "Coastal",
        "Urban", "Signature", "Core", "Field", "Harbor", "Meadow", "Drift",
    ),
    "footwear": (
        "Trail", "Tempo", "Summit", "Glide", "Stride", "Urban", "Classic", "Heritage",
        "Ridge", "Canyon", "Metro", "Drift", "Apex", "Cloudstep",
    ),
    "home": (
        "Aria", "Nordic", "Loft", "Haven", "Linden", "Studio", "Essential", "Artisan",
        "Hearth", "Modern", "Cottage", "Slate",
    ),
    "electronics": (
        "Pulse", "Nova", "Echo", "Flux", "Aero", "Studio", "Max", "Lite", "Volt", "Prism",
        "Halo", "Orbit", "Zen",
    ),
    "sports": (
        "Summit", "Trail", "Ridge", "Basecamp", "Flow", "Alpine", "Tempo", "Voyager",
        "Horizon", "Canyon", "Granite", "Breeze", "Cascade",
    ),
}

_ADJECTIVES: Mapping[str, tuple[str, ...]] = {
    "apparel": ("versatile", "lightweight", "easygoing", "timeless", "soft", "comfortable"),
    "footwear": ("comfortable", "durable", "lightweight", "supportive", "versatile"),
    "home": ("compact", "thoughtfully designed", "handsome", "sturdy", "easy-care"),
    "electronics": ("compact", "powerful", "lightweight", "premium", "easy-to-use"),
    "sports": ("rugged", "lightweight", "packable", "durable", "trail-tested"),
}

_MATERIAL_PHRASES: Mapping[str, tuple[str, ...]] = {
    "cotton": ("organic cotton", "soft combed cotton", "heavyweight cotton jersey", "breathable cotton"),
    "polyester": ("recycled polyester", "moisture-wicking polyester", "lightweight polyester"),
    "linen": ("washed linen", "breathable linen", "airy European linen"),
    "wool": ("merino wool", "soft lambswool", "warm wool"),
    "cashmere": ("pure cashmere", "soft two-ply cashmere"),
    "acrylic": ("plush acrylic yarn", "soft acrylic"),
    "fleece": ("brushed fleece", "cozy fleece"),
    "denim": ("rigid selvedge denim", "stretch denim", "midweight denim"),
    "nylon": ("ripstop nylon", "durable nylon"),
    "silk": ("washable silk", "fluid silk"),
    "leather": ("full-grain leather", "supple leather", "oiled leather"),
    "suede": ("soft suede", "water-repellent suede"),
    "canvas": ("heavy cotton canvas", "waxed canvas"),
    "mesh": ("breathable engineered mesh", "lightweight mesh"),
    "knit": ("a stretchy one-piece knit", "a sock-like knit"),
    "synthetic": ("lightweight synthetic materials", "abrasion-resistant synthetics"),
    "rubber": ("natural rubber", "grippy rubber"),
    "cork": ("sustainably harvested cork",),
    "TPE": ("cushioned TPE foam",),
    "PVC": ("durable PVC",),
    "stainless steel": ("double-wall stainless steel", "brushed stainless steel"),
    "glass": ("borosilicate glass",),
    "plastic": ("BPA-free plastic",),
    "metal": ("powder-coated metal", "brushed metal"),
    "wood": ("solid wood", "oak veneer"),
    "bamboo": ("sustainable bamboo",),
    "aluminum": ("hard-anodized aluminum",),
    "cast iron": ("pre-seasoned cast iron",),
}

# Fields: {noun} is any of the category's nouns ("pair of jeans"), {bare} the same without "pair of"
# (follows a line name: "the Heritage jeans"); {is}/{this} agree with {noun}, {bare_is} with {bare}.
_OPENINGS_WITH_MATERIAL = (
    "The {line} {bare} {bare_is} made from {material} for {use}.",
    "Made from {material}, {this} {noun} from {brand} {is} built for {use}.",
    "{a_adjective} {noun} in {material}, made for {use}.",
    "{brand} makes the {line} {bare} from {material}, ideal for {use}.",
)
_OPENINGS = (
    "The {line} {bare} from {brand} {bare_is} built for {use}.",
    "{a_adjective} {noun} made for {use}.",
    "{brand}'s {line} {bare} {bare_is} an easy pick for {use}.",
    "Designed for {use}, {this} {adjective} {noun} {is} simple to live with.",
)
_FEATURE_SENTENCES = (
    "It features {f1} and {f2}.",
    "Details include {f1}, {f2} and {f3}.",
    "Look for {f1} and {f2}.",
    "Expect {f1}, plus {f2}.",
)
# Materials whose products do not get the machine-wash closing.
_DELICATE = frozenset({"leather", "suede", "wool", "cashmere", "silk"})
_CLOSINGS: Mapping[str, tuple[str, ...]] = {
    "apparel": (
        "Available in {colors}.",
        "Offered in {colors}, sizes {sizes}.",
        "Machine wash cold and tumble dry low.",
        "True to size; size up for a looser feel.",
    ),
    "footwear": (
        "Available in {colors}.",
        "Offered in {colors}, US sizes {sizes}.",
        "True to size for most feet.",
        "Comes with a drawstring dust bag.",
    ),
    "home": (
        "Available in {colors}.",
        "Backed by a {years}-year warranty.",
        "Easy to clean and simple to set up.",
    ),
    "electronics": (
        "Available in {colors}.",
        "Backed by a {years}-year warranty.",
        "Pairs in seconds with phones, tablets and laptops.",
    ),
    "sports": (
        "Available in {colors}.",
        "Backed by a lifetime warranty.",
        "Field-tested through a full season of use.",
    ),
}

_FIRST_NAMES = (
    "Noah", "Emma", "Liam", "Olivia", "Ava", "Mia", "Lucas", "Ethan", "Sofia", "Yusuf",
    "Aarav", "Mei", "Fatima", "Omar", "Isabella", "Mateo", "Amara", "Ivan", "Yara", "Lena",
    "Daiki", "Priya", "Harper", "Elijah", "Zoe", "Kwame", "Nora", "Diego", "Anya", "Leo",
    "Chloe", "Hiro", "Sara", "Jonas", "Maya", "Raj", "Ingrid", "Tomas", "Aisha", "James",
)
_LAST_NAMES = (
    "Brown", "Garcia", "Nguyen", "Smith", "Khan", "Rossi", "Kim", "Silva", "Lopez", "Patel",
    "Johnson", "Santos", "Li", "Wilson", "Moore", "Ahmed", "Tanaka", "Kowalski", "Hernandez",
    "Anderson", "Okafor", "Dubois", "Jensen", "Sato", "Costa", "Martin", "Clarke", "Reyes",
    "Novak", "Haddad", "Lindqvist", "Murphy", "Chen", "Wright", "Fischer", "Rahman", "Ito",
    "Walker", "Ivanov", "Taylor",
)
_STREETS = (
    "Maple Drive", "Oak Street", "Cedar Avenue", "Elm Street", "Park Avenue", "Lakeview Drive",
    "Hillside Road", "River Road", "Sunset Drive", "Pine Lane", "Willow Way", "Chestnut Street",
    "Broadway", "Main Street", "Highland Avenue", "Spruce Street", "Birch Court", "Meadow Lane",
    "Forest Avenue", "Harbor Drive",
)
# City, state, first three digits of its zip codes.
_CITIES = (
    ("New York", "NY", "100"), ("Los Angeles", "CA", "900"), ("Chicago", "IL", "606"),
    ("Houston", "TX", "770"), ("Phoenix", "AZ", "850"), ("Philadelphia", "PA", "191"),
    ("San Antonio", "TX", "782"), ("San Diego", "CA", "921"), ("Dallas", "TX", "752"),
    ("Austin", "TX", "787"), ("San Jose", "CA", "951"), ("Seattle", "WA", "981"),
    ("Denver", "CO", "802"), ("Boston", "MA", "021"), ("Portland", "OR", "972"),
    ("Atlanta", "GA", "303"), ("Miami", "FL", "331"), ("Minneapolis", "MN", "554"),
    ("Columbus", "OH", "432"), ("Charlotte", "NC", "282"), ("Nashville", "TN", "372"),
    ("Pittsburgh", "PA", "152"),
)
_ORDER_STATUSES = ("pending", "processed", "delivered", "cancelled")
_ORDER_STATUS_WEIGHTS = (35, 15, 38, 12)
_ITEMS_PER_ORDER_WEIGHTS = (30, 25, 20, 15, 10)  # 1 to 5 items


# --------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------


def generate_store(
    seed: int = DEFAULT_SEED, n_products: int = 320, n_users: int = 120, n_orders: int = 300
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
        n_orders: Number of past orders, each belonging to a random user.

    Returns:
        ``{"currency", "products", "users", "orders"}`` in the τ²-bench retail shape plus the
        demo-store extensions (``description``, ``category``, ``brand``, ``stock``).

    Raises:
        ValueError: If a count is negative, ``n_products`` is below the number of categories, or
            there are orders but no users to place them.
    """
    if n_products < len(_CATEGORIES):
        raise ValueError(f"n_products must be at least {len(_CATEGORIES)} (one per category), got {n_products}")
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
    n_orders: int = 300,
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
    counts = _allocate(n_products, [c.weight for c in _CATEGORIES])
    names: set[str] = set()
    products: dict[str, Any] = {}
    for category, count in zip(_CATEGORIES, counts):
        for record in _category_products(category, count, rng, ids, names):
            products[record["product_id"]] = record
    return products


def _category_products(
    category: _Category, count: int, rng: random.Random, ids: _Ids, names: set[str]
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
    category: _Category,
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
    category: _Category, brand: str, style: _Style, rng: random.Random, names: set[str]
) -> tuple[str, str]:
    """Pick a product line and build a title (brand + line + style + category) not yet used."""
    lines = list(_LINES[category.department])
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


def _offered_values(option: _Option, style: _Style, must: str | None, rng: random.Random) -> list[str]:
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


def _ensure_two_combinations(free: list[_Option], offered: list[list[str]], style: _Style) -> None:
    """Offer one more value where needed so a product always has at least two variants."""
    if math.prod(len(values) for values in offered) >= 2:
        return
    for option, values in zip(free, offered):
        spare = [v for v in style.only.get(option.name, option.values) if v not in values]
        if spare:
            values.append(spare[0])
            values.sort(key=option.values.index)
            return


def _variant_options(category: _Category, style: _Style, chosen: Mapping[str, str]) -> dict[str, str]:
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
    category: _Category,
    style: _Style,
    brand: str,
    line: str,
    variants: list[dict[str, Any]],
    rng: random.Random,
) -> str:
    """One to three sentences: what it is made of and for, its features, and how it comes."""
    values = _values_by_option(variants)
    materials = values.get("material", [])
    if len(materials) == 1:
        material = rng.choice(_MATERIAL_PHRASES.get(materials[0], (materials[0],)))
    else:
        material = " or ".join(materials)
    adjective = rng.choice(_ADJECTIVES[category.department])
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
    sentences = [rng.choice(_OPENINGS_WITH_MATERIAL if material else _OPENINGS).format(**fields)]
    count = rng.choices((1, 2, 3), weights=(10, 40, 50))[0]
    if count >= 2:
        features = rng.sample(category.features, 3)
        if style.phrase:
            features[0] = style.phrase
        f1, f2, f3 = features
        sentences.append(rng.choice(_FEATURE_SENTENCES).format(f1=f1, f2=f2, f3=f3))
    if count == 3:
        sizes = values.get("size", [])
        delicate = not _DELICATE.isdisjoint(materials)
        closings = [
            c
            for c in _CLOSINGS[category.department]
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
    city, state, zip_prefix = rng.choice(_CITIES)
    unit = rng.random()
    address2 = f"Suite {rng.randint(100, 999)}" if unit < 0.6 else f"Apt {rng.randint(1, 40)}" if unit < 0.85 else ""
    return {
        "address1": f"{rng.randint(100, 999)} {rng.choice(_STREETS)}",
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
        first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
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


def _orders(
    n_orders: int, products: Mapping[str, Any], users: dict[str, Any], rng: random.Random, ids: _Ids
) -> dict[str, Any]:
    """Past orders whose items, prices and payments all agree with the catalog and the user.

    Each order lists distinct items at their current catalog price; the payment is their sum on
    one of the user's payment methods; shipped (and, as in τ², cancelled) orders carry one
    fulfillment with every item; cancelled orders are refunded in full to the same method.
    """
    items = [(p, v) for p in products.values() for v in p["variants"].values()]
    user_ids = list(users)
    orders: dict[str, Any] = {}
    for _ in range(n_orders):
        user = users[rng.choice(user_ids)]
        order_id = f"#W{ids.new(7)}"
        count = rng.choices(range(1, 6), weights=_ITEMS_PER_ORDER_WEIGHTS)[0]
        lines = [
            {
                "name": product["name"],
                "product_id": product["product_id"],
                "item_id": variant["item_id"],
                "price": variant["price"],
                "options": dict(variant["options"]),
            }
            for product, variant in rng.sample(items, count)
        ]
        status = rng.choices(_ORDER_STATUSES, weights=_ORDER_STATUS_WEIGHTS)[0]
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
