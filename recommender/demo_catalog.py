"""The demo shop's vocabulary: categories, brands, options, prices, description words and people.

Everything :mod:`recommender.demo_store` draws from when it builds the demo store lives here, as
plain immutable tables: per category (:data:`CATEGORIES`) its nouns, brands, price range, options
with their price deltas, styles, uses and features; per department the product lines, adjectives
and closing sentences; the phrases that name each material; the sentence templates descriptions
are assembled from; and the names, streets and cities customers are made of.

It is data, not logic: nothing here draws random numbers or depends on the seed, so changing what
the shop sells or how it words things means editing a table, never the generator. The generator
walks these tables in order with one seeded random stream, so adding, removing or reordering
entries gives a different (equally valid) store for the same seed; regenerate after editing. The
``anchor`` fields plant the option combinations the end-to-end tests search for; change them only
together with those tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = [
    "ADJECTIVES",
    "CATEGORIES",
    "CITIES",
    "CLOSINGS",
    "DELICATE_MATERIALS",
    "FEATURE_SENTENCES",
    "FIRST_NAMES",
    "ITEMS_PER_ORDER_WEIGHTS",
    "LAST_NAMES",
    "LINES",
    "MATERIAL_PHRASES",
    "OPENINGS",
    "OPENINGS_WITH_MATERIAL",
    "ORDER_STATUSES",
    "ORDER_STATUS_WEIGHTS",
    "STREETS",
    "Category",
    "Option",
    "Style",
]


# --------------------------------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
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
class Style:
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
class Category:
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
    options: tuple[Option, ...]
    styles: tuple[Style, ...]
    uses: tuple[str, ...]
    features: tuple[str, ...]
    weight: float = 1.0
    anchor: Mapping[str, str] = field(default_factory=dict)
    anchor_share: float = 0.0
    anchor_variants: int = 1


# --------------------------------------------------------------------------------------------------
# Categories
# --------------------------------------------------------------------------------------------------


_APPAREL_SIZES = ("XS", "S", "M", "L", "XL", "XXL")
_SHOE_SIZES = ("6", "7", "8", "9", "10", "11", "12", "13")
_APPAREL_COLORS = ("black", "white", "gray", "navy", "blue", "red", "green", "beige")
_YES_NO = ("yes", "no")


def _sizes(values: tuple[str, ...] = _APPAREL_SIZES, pick: tuple[int, int] = (3, 5), **deltas: float) -> Option:
    """A ``size`` option offered as a contiguous run (S to XL, 8 to 11); ``deltas`` by size."""
    return Option("size", values, pick, deltas, run=True)


def _colors(values: tuple[str, ...], pick: tuple[int, int] = (1, 3)) -> Option:
    """A ``color`` option; colors never change the price."""
    return Option("color", values, pick)


_APPAREL_XXL = {"XXL": 2.0}
_ONE_CUP, _SMALL_POTS, _BIG_POTS = ("1 cup",), ("4 cups", "8 cups"), ("8 cups", "12 cups")

CATEGORIES: tuple[Category, ...] = (
    # ---- apparel -----------------------------------------------------------------------------
    Category(
        name="T-Shirt",
        department="apparel",
        nouns=("t-shirt", "tee"),
        brands=("Northwind", "Loomcraft", "Alder Lane", "Cobalt Row", "Saltmarsh"),
        price=(14.0, 74.0),
        weight=1.4,
        options=(
            _colors(_APPAREL_COLORS + ("olive",)),
            _sizes(pick=(3, 6), **_APPAREL_XXL),
            Option(
                "material",
                ("cotton", "polyester", "linen", "wool"),
                (1, 2),
                {"polyester": -2.0, "linen": 6.0, "wool": 14.0},
                weights=(6, 2, 1.5, 1),
            ),
            Option("fit", ("slim", "classic", "relaxed")),
        ),
        styles=(
            Style("Crew", {"style": "crew neck"}, "a classic crew neckline"),
            Style("V-Neck", {"style": "v-neck"}, "a clean v-neckline"),
            Style("Pocket", {"style": "crew neck"}, "a patch chest pocket"),
            Style("Henley", {"style": "henley"}, "a three-button henley placket", 4.0),
            Style("", {"style": "crew neck"}, "a ribbed crew neckline"),
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
    Category(
        name="Hoodie",
        department="apparel",
        nouns=("hoodie", "hooded sweatshirt"),
        brands=("Northwind", "Wrenfield", "Cobalt Row", "Fernhill"),
        price=(35.0, 105.0),
        options=(
            _colors(("black", "gray", "navy", "green", "red", "beige", "blue")),
            _sizes(**_APPAREL_XXL),
            Option("material", ("cotton", "fleece", "polyester"), (1, 1), {"fleece": 5.0, "polyester": -4.0}),
        ),
        styles=(
            Style("Pullover", {"style": "pullover"}, "a roomy kangaroo pocket"),
            Style("Zip-Up", {"style": "zip-up"}, "a full-length metal zip", 6.0),
            Style("Heavyweight", {"style": "pullover"}, "a double-layer hood", 10.0),
        ),
        uses=("cool mornings", "post-workout warmth", "campus days", "lazy Sundays", "layering on the trail"),
        features=(
            "rib-knit cuffs", "a lined hood with flat drawcords", "a brushed interior", "thumbholes in the cuffs",
            "dropped shoulders for a relaxed drape",
        ),
    ),
    Category(
        name="Sweater",
        department="apparel",
        nouns=("sweater", "knit"),
        brands=("Harbor & Pine", "Loomcraft", "Alder Lane", "Marlow Street"),
        price=(40.0, 150.0),
        options=(
            _colors(("beige", "navy", "gray", "black", "green", "red", "white")),
            _sizes(**_APPAREL_XXL),
            Option(
                "material",
                ("wool", "cashmere", "cotton", "acrylic"),
                (1, 1),
                {"cashmere": 60.0, "cotton": -5.0, "acrylic": -12.0},
                weights=(4, 1.5, 2, 1),
            ),
        ),
        styles=(
            Style("Crew", {"style": "crew neck"}, "a classic crew neckline"),
            Style("V-Neck", {"style": "v-neck"}, "a v-neck that layers over collared shirts"),
            Style("Cardigan", {"style": "cardigan"}, "horn-effect buttons", 8.0),
            Style("Turtleneck", {"style": "turtleneck"}, "a fold-over turtleneck collar", 5.0),
            Style("Cable-Knit", {"style": "crew neck"}, "a traditional cable-knit pattern", 12.0),
        ),
        uses=("cold office days", "winter layering", "holiday dinners", "autumn walks", "cozy evenings in"),
        features=(
            "ribbed cuffs that hold their shape", "fully fashioned seams", "a midweight gauge",
            "a soft, itch-free hand feel", "saddle shoulders",
        ),
    ),
    Category(
        name="Jeans",
        department="apparel",
        nouns=("jeans", "pair of jeans"),
        brands=("Cobalt Row", "Marlow Street", "Saltmarsh", "Thimble & Thread"),
        price=(40.0, 140.0),
        options=(
            _colors(("blue", "black", "gray"), (1, 2)),
            _sizes(("28", "29", "30", "31", "32", "33", "34", "36", "38"), (3, 6)),
            Option("material", ("denim",)),
        ),
        styles=(
            Style("Slim", {"fit": "slim"}, "a slim leg that tapers below the knee"),
            Style("Straight", {"fit": "straight"}, "a straight leg from hip to hem"),
            Style("Relaxed", {"fit": "relaxed"}, "extra room through the seat"),
            Style("Skinny", {"fit": "skinny"}, "a close, stretchy fit"),
            Style("Bootcut", {"fit": "bootcut"}, "a subtle flare that sits over boots"),
        ),
        uses=("everyday wear", "weekend errands", "nights out", "long workdays"),
        features=(
            "a five-pocket design", "copper rivets at stress points", "a button fly",
            "a touch of stretch for easy movement", "chain-stitched hems", "a mid-rise waist",
        ),
    ),
    Category(
        name="Jacket",
        department="apparel",
        nouns=("jacket",),
        brands=("Harbor & Pine", "Northwind", "Fernhill", "Wrenfield", "Marlow Street"),
        price=(60.0, 200.0),
        options=(
            _colors(("black", "navy", "green", "brown", "beige", "gray", "red")),
            _sizes(("S", "M", "L", "XL", "XXL"), **_APPAREL_XXL),
            Option("material", ("nylon", "polyester", "wool", "leather"), (1, 1), weights=(3, 3, 1, 1)),
        ),
        styles=(
            Style("Bomber", {"style": "bomber"}, "rib-knit trims"),
            Style("Puffer", {"style": "puffer", "material": "polyester"}, "recycled synthetic insulation", 30.0),
            Style("Rain", {"style": "rain shell", "material": "nylon"}, "fully taped waterproof seams", 10.0),
            Style("Biker", {"style": "biker", "material": "leather"}, "an asymmetric front zip", 120.0),
            Style("Trucker", {"style": "trucker", "material": "denim"}, "button-flap chest pockets"),
            Style("Field", {"style": "field"}, "four roomy cargo pockets", 15.0),
        ),
        uses=("the daily commute", "changeable spring weather", "city weekends", "chilly evenings", "travel"),
        features=(
            "a stand-up collar", "zippered hand pockets", "an inside phone pocket", "adjustable cuffs",
            "a two-way front zip", "a water-repellent finish",
        ),
    ),
    Category(
        name="Dress",
        department="apparel",
        nouns=("dress",),
        brands=("Alder Lane", "Thimble & Thread", "Saltmarsh", "Marlow Street"),
        price=(35.0, 160.0),
        options=(
            _colors(("black", "navy", "red", "green", "white", "pink", "blue", "yellow")),
            _sizes(("XS", "S", "M", "L", "XL")),
            Option("material", ("cotton", "linen", "polyester", "silk"), (1, 1), {"linen": 8.0, "silk": 45.0}),
            Option("length", ("mini", "midi", "maxi"), (1, 1), {"maxi": 6.0}),
        ),
        styles=(
            Style("Wrap", {"style": "wrap"}, "a tie waist you can adjust"),
            Style("Button-Front", {"style": "shirtdress"}, "a pointed shirt collar"),
            Style("Slip", {"style": "slip"}, "adjustable spaghetti straps", 10.0),
            Style("Sun", {"style": "sundress"}, "a smocked back panel"),
            Style("Tiered", {"style": "tiered"}, "three softly gathered tiers", 8.0),
        ),
        uses=("summer weddings", "office days", "weekend brunch", "beach holidays", "evening dinners"),
        features=(
            "hidden side pockets", "a lined bodice", "a flattering A-line skirt", "an invisible back zip",
            "a relaxed, breathable drape",
        ),
    ),
    Category(
        name="Shorts",
        department="apparel",
        nouns=("shorts", "pair of shorts"),
        brands=("Saltmarsh", "Northwind", "Fernhill", "Cobalt Row"),
        price=(20.0, 70.0),
        options=(
            _colors(("navy", "beige", "black", "gray", "green", "blue", "red")),
            _sizes(**_APPAREL_XXL),
            Option("material", ("cotton", "linen", "polyester"), (1, 1), {"linen": 6.0}),
        ),
        styles=(
            Style("Chino", {"style": "chino"}, "a 7-inch inseam"),
            Style("Cargo", {"style": "cargo", "material": "cotton"}, "bellowed cargo pockets"),
            Style("Running", {"style": "athletic", "material": "polyester"}, "a built-in liner", 4.0),
            Style("Denim", {"style": "cutoff", "material": "denim"}, "frayed raw hems"),
            Style("Swim", {"style": "swim", "material": "polyester"}, "a quick-dry mesh lining"),
        ),
        uses=("hot summer days", "the beach", "weekend hikes", "morning runs", "backyard barbecues"),
        features=(
            "an elastic drawcord waist", "a zip back pocket", "quick-drying fabric",
            "a gusseted crotch for free movement", "a relaxed fit through the thigh",
        ),
    ),
    Category(
        name="Leggings",
        department="apparel",
        nouns=("leggings", "pair of leggings"),
        brands=("Wrenfield", "Alder Lane", "Fernhill", "Stillpoint"),
        price=(25.0, 95.0),
        options=(
            _colors(("black", "navy", "gray", "green", "purple", "pink", "blue")),
            _sizes(("XS", "S", "M", "L", "XL")),
            Option("material", ("nylon", "polyester", "cotton"), (1, 1), {"nylon": 6.0, "cotton": -4.0}),
            Option("rise", ("high-rise", "mid-rise"), (1, 1)),
        ),
        styles=(
            Style("Studio", {}, "a buttery-soft brushed finish"),
            Style("Pocket", {}, "deep side pockets that fit a phone", 6.0),
            Style("Seamless", {}, "seamless knit construction", 8.0),
            Style("Running", {}, "reflective details for dark mornings", 5.0),
        ),
        uses=("yoga and pilates", "running", "gym sessions", "travel days", "lounging"),
        features=(
            "a wide, no-dig waistband", "four-way stretch", "squat-proof opacity", "a hidden key pocket",
            "flatlock seams that do not chafe",
        ),
    ),
    # ---- footwear ----------------------------------------------------------------------------
    Category(
        name="Sneakers",
        department="footwear",
        nouns=("sneakers", "pair of sneakers"),
        brands=("Stridewell", "Cobblestone & Co", "Tallgrass", "Swiftfoot"),
        price=(50.0, 150.0),
        weight=1.1,
        options=(
            _colors(("white", "black", "gray", "navy", "red", "green", "beige")),
            _sizes(_SHOE_SIZES, (3, 6)),
            Option(
                "material",
                ("leather", "canvas", "suede", "mesh"),
                (1, 1),
                {"leather": 20.0, "suede": 15.0, "canvas": -10.0},
            ),
        ),
        styles=(
            Style("Low-Top", {"style": "low-top"}, "a padded low-top collar"),
            Style("High-Top", {"style": "high-top"}, "a high-top ankle collar", 10.0),
            Style("Slip-On", {"style": "slip-on"}, "elastic side gores for easy on and off"),
            Style("Court", {"style": "low-top"}, "a clean court-inspired cupsole"),
            Style("Retro", {"style": "low-top"}, "a vintage-inspired gum sole", 5.0),
        ),
        uses=("everyday wear", "city walking", "casual outfits", "travel days"),
        features=(
            "a cushioned removable insole", "a grippy rubber outsole", "tonal stitching", "a breathable lining",
            "waxed cotton laces",
        ),
    ),
    Category(
        name="Running Shoes",
        department="footwear",
        nouns=("running shoes", "pair of running shoes", "runners"),
        brands=("Stridewell", "Swiftfoot", "Kestrel", "Velora"),
        price=(70.0, 180.0),
        weight=1.1,
        options=(
            _colors(("black", "white", "gray", "blue", "red", "orange", "green", "yellow")),
            _sizes(_SHOE_SIZES, (3, 6)),
            Option("material", ("mesh", "knit"), (1, 1), {"knit": 10.0}),
            Option("cushioning", ("responsive", "balanced", "plush"), (1, 1), {"plush": 15.0}),
        ),
        styles=(
            Style("Road", {"terrain": "road"}, "a smooth heel-to-toe transition"),
            Style("Trail", {"terrain": "trail"}, "4mm lugs for loose ground", 15.0),
            Style("Tempo", {"terrain": "road"}, "a responsive foam midsole for faster days", 20.0),
            Style("Stability", {"terrain": "road"}, "a supportive medial guide rail", 10.0),
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
    Category(
        name="Hiking Boots",
        department="footwear",
        nouns=("hiking boots", "pair of hiking boots", "boots"),
        brands=("Granite Peak", "Kestrel", "Tallgrass", "Mossrock"),
        price=(90.0, 230.0),
        options=(
            _colors(("brown", "black", "gray", "green"), (1, 2)),
            _sizes(_SHOE_SIZES, (3, 6)),
            Option("material", ("leather", "suede", "synthetic"), (1, 1), {"leather": 20.0, "synthetic": -15.0}),
            Option("waterproof", _YES_NO, (1, 2), {"yes": 20.0}),
        ),
        styles=(
            Style("Mid", {"cut": "mid-cut"}, "a mid-height cuff that supports the ankle"),
            Style("High", {"cut": "high-cut"}, "a tall padded collar", 15.0),
            Style("Trek", {"cut": "mid-cut"}, "a stiff shank for heavy loads", 25.0),
            Style("Low", {"cut": "low-cut"}, "a nimble low-cut profile", -10.0),
        ),
        uses=("day hikes", "multi-day treks", "rocky trails", "muddy spring walks", "backpacking trips"),
        features=(
            "a lugged rubber outsole", "a protective toe cap", "speed-lace hooks", "a cushioned EVA midsole",
            "a gusseted tongue that keeps out debris",
        ),
        anchor={"color": "black", "material": "leather"},
        anchor_share=0.4,
    ),
    Category(
        name="Ankle Boots",
        department="footwear",
        nouns=("ankle boots", "pair of ankle boots", "boots"),
        brands=("Cobblestone & Co", "Marlow Street", "Mossrock", "Harbor & Pine"),
        price=(80.0, 240.0),
        options=(
            _colors(("black", "brown", "tan", "gray"), (1, 2)),
            _sizes(_SHOE_SIZES, (3, 6)),
            Option("material", ("leather", "suede"), (1, 1), {"suede": -10.0}),
        ),
        styles=(
            Style("Chelsea", {"style": "chelsea"}, "elastic side panels with a pull tab"),
            Style("Lace-Up", {"style": "lace-up"}, "a lace-up front with speed hooks"),
            Style("Zip", {"style": "side-zip"}, "an inside zip for easy on and off"),
            Style("Combat", {"style": "combat"}, "a chunky lug sole", 15.0),
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
    Category(
        name="Sandals",
        department="footwear",
        nouns=("sandals", "pair of sandals"),
        brands=("Tallgrass", "Saltmarsh", "Cobblestone & Co", "Swiftfoot"),
        price=(20.0, 90.0),
        options=(
            _colors(("black", "brown", "tan", "white", "navy")),
            _sizes(_SHOE_SIZES, (3, 6)),
            Option("material", ("leather", "rubber", "synthetic"), (1, 1), {"leather": 15.0, "rubber": -8.0}),
        ),
        styles=(
            Style("Slide", {"style": "slide"}, "a single wide strap"),
            Style("Strap", {"style": "strappy"}, "adjustable buckle straps"),
            Style("Sport", {"style": "sport sandal"}, "hook-and-loop straps that adjust in seconds", 10.0),
            Style("Flip-Flop", {"style": "flip-flop", "material": "rubber"}, "a soft toe post"),
        ),
        uses=("the beach", "summer holidays", "poolside lounging", "warm-weather errands", "river hikes"),
        features=(
            "a contoured footbed", "arch support", "a water-friendly build", "a grippy outsole",
            "a padded strap lining",
        ),
    ),
    # ---- home & kitchen ----------------------------------------------------------------------
    Category(
        name="Coffee Maker",
        department="home",
        nouns=("coffee maker", "brewer"),
        brands=("Brewell", "Kettleby", "Ember & Oak", "Larder & Co"),
        price=(30.0, 220.0),
        options=(
            _colors(("black", "silver", "white", "red"), (2, 4)),
            Option("capacity", ("1 cup", "4 cups", "8 cups", "12 cups"), (1, 2), {"12 cups": 20.0, "8 cups": 10.0}),
        ),
        styles=(
            Style("Drip", {"type": "drip"}, "a programmable 24-hour timer", only={"capacity": _BIG_POTS}),
            Style("Pour-Over", {"type": "pour-over"}, "a precision showerhead", only={"capacity": _SMALL_POTS}),
            Style("Espresso", {"type": "espresso"}, "a 15-bar pump with a steam wand", 150.0, {"capacity": _ONE_CUP}),
            Style("Single-Serve", {"type": "single-serve"}, "a removable drip tray", only={"capacity": _ONE_CUP}),
            Style("Cold Brew", {"type": "cold brew"}, "a fine-mesh stainless filter", only={"capacity": _SMALL_POTS}),
        ),
        uses=("busy weekday mornings", "small kitchens", "weekend brunches", "the office break room"),
        features=(
            "an auto shut-off", "a keep-warm plate", "a removable water tank", "a reusable filter",
            "dishwasher-safe parts",
        ),
    ),
    Category(
        name="Electric Kettle",
        department="home",
        nouns=("electric kettle", "kettle"),
        brands=("Kettleby", "Brewell", "Larder & Co", "Stillwater Home"),
        price=(25.0, 120.0),
        options=(
            _colors(("silver", "black", "white", "red", "green"), (2, 4)),
            Option("capacity", ("1L", "1.5L", "1.7L"), (1, 2), {"1.5L": 5.0, "1.7L": 8.0}),
            Option("material", ("stainless steel", "glass", "plastic"), (1, 1), {"plastic": -10.0, "glass": 5.0}),
        ),
        styles=(
            Style("Gooseneck", {"spout": "gooseneck"}, "a gooseneck spout for precise pour-over", 20.0),
            Style("Classic", {"spout": "standard"}, "a wide, easy-fill lid"),
            Style("Variable Temperature", {"spout": "standard"}, "five temperature presets for tea or coffee", 25.0),
            Style("", {"spout": "standard"}, "a 360-degree swivel base"),
        ),
        uses=("tea lovers", "pour-over coffee", "instant oatmeal at the office", "dorm rooms"),
        features=(
            "boil-dry protection", "a keep-warm mode", "a cool-touch handle", "a removable limescale filter",
            "a fast 1500-watt element",
        ),
    ),
    Category(
        name="Desk Lamp",
        department="home",
        nouns=("desk lamp", "lamp"),
        brands=("Lumen Lane", "Nookwood", "Ember & Oak", "Stillwater Home"),
        price=(20.0, 150.0),
        options=(
            _colors(("black", "white", "silver", "gold", "green"), (2, 4)),
            Option("material", ("metal", "wood", "plastic"), (1, 1), {"metal": 10.0, "wood": 15.0}),
            Option("power source", ("USB", "AC adapter", "battery"), (1, 2), {"battery": 8.0}),
        ),
        styles=(
            Style("LED", {"style": "modern"}, "a flicker-free LED panel"),
            Style("Architect", {"style": "architect"}, "a spring-balanced swing arm", 20.0),
            Style("Clamp", {"style": "clamp"}, "a sturdy desk clamp that saves space"),
            Style("Banker", {"style": "banker"}, "a classic glass shade", 15.0),
        ),
        uses=("late-night study sessions", "home offices", "reading in bed", "crafting and hobbies"),
        features=(
            "three color temperatures", "a touch dimmer", "a USB charging port in the base", "an adjustable head",
            "an auto-off timer",
        ),
    ),
    Category(
        name="Bookshelf",
        department="home",
        nouns=("bookshelf", "bookcase", "shelving unit"),
        brands=("Nookwood", "Ember & Oak", "Stillwater Home", "Larder & Co"),
        price=(60.0, 380.0),
        options=(
            _colors(("black", "white", "brown", "gray"), (2, 4)),
            Option("material", ("wood", "metal", "bamboo"), (1, 1), {"wood": 20.0}),
            Option(
                "height", ("3 ft", "4 ft", "5 ft", "6 ft"), (1, 3), {"4 ft": 20.0, "5 ft": 40.0, "6 ft": 60.0}, run=True
            ),
        ),
        styles=(
            Style("Ladder", {"style": "ladder"}, "a leaning ladder frame"),
            Style("Cube", {"style": "cube"}, "open cubbies that fit storage bins"),
            Style("Industrial", {"style": "industrial", "material": "metal"}, "a steel pipe frame", 20.0),
            Style("Corner", {"style": "corner"}, "a space-saving corner footprint"),
            Style("Barrister", {"style": "barrister"}, "glass-front doors that keep out dust", 40.0),
        ),
        uses=("living rooms", "home offices", "kids' rooms", "small apartments"),
        features=(
            "a wall anchor kit", "shelves that hold up to 40 pounds each", "tool-free assembly",
            "a scratch-resistant finish", "levelling feet",
        ),
    ),
    Category(
        name="Throw Blanket",
        department="home",
        nouns=("throw blanket", "throw"),
        brands=("Stillwater Home", "Harbor & Pine", "Nookwood", "Loomcraft"),
        price=(25.0, 140.0),
        options=(
            _colors(("gray", "beige", "navy", "green", "red", "white", "pink"), (2, 4)),
            Option("material", ("fleece", "wool", "cotton", "acrylic"), (1, 1), {"wool": 30.0, "acrylic": -5.0}),
            Option("size", ("50x60 in", "60x80 in"), (1, 2), {"60x80 in": 15.0}, run=True),
        ),
        styles=(
            Style("Knit", {"weave": "chunky knit"}, "a chunky hand-knit look"),
            Style("Waffle", {"weave": "waffle"}, "a textured waffle weave"),
            Style("Sherpa", {"weave": "sherpa"}, "a reversible sherpa back", 10.0),
            Style("Herringbone", {"weave": "herringbone"}, "a classic herringbone pattern", 5.0),
        ),
        uses=("movie nights", "napping on the couch", "chilly bedrooms", "picnics and road trips"),
        features=(
            "fringed edges", "a machine-washable build", "a lightweight but warm feel", "a pill-resistant surface",
            "a cotton gift bag",
        ),
    ),
    Category(
        name="Cookware Set",
        department="home",
        nouns=("cookware set", "set of pots and pans"),
        brands=("Larder & Co", "Kettleby", "Ember & Oak", "Brewell"),
        price=(60.0, 380.0),
        options=(
            _colors(("silver", "black", "red", "blue"), (2, 4)),
            Option(
                "material",
                ("stainless steel", "aluminum", "cast iron"),
                (1, 1),
                {"cast iron": 40.0, "aluminum": -20.0},
            ),
            Option(
                "pieces",
                ("5 pieces", "8 pieces", "10 pieces", "12 pieces"),
                (1, 2),
                {"8 pieces": 30.0, "10 pieces": 50.0, "12 pieces": 80.0},
            ),
        ),
        styles=(
            Style("Nonstick", {"coating": "nonstick", "material": "aluminum"}, "a PFOA-free nonstick coating"),
            Style(
                "Tri-Ply",
                {"coating": "uncoated", "material": "stainless steel"},
                "tri-ply bonded bases that heat evenly",
                40.0,
            ),
            Style("Enameled", {"coating": "enamel", "material": "cast iron"}, "a chip-resistant enamel finish", 30.0),
            Style("Ceramic", {"coating": "ceramic"}, "a slick ceramic coating", 10.0),
        ),
        uses=("first apartments", "everyday family cooking", "wedding registries", "batch cooking"),
        features=(
            "oven-safe handles", "glass lids with steam vents", "induction-ready bases", "riveted stay-cool handles",
            "dishwasher-safe pans",
        ),
    ),
    # ---- electronics -------------------------------------------------------------------------
    Category(
        name="Headphones",
        department="electronics",
        nouns=("headphones", "pair of headphones"),
        brands=("Sonara", "Auralis", "Pulsewave", "Orbitek"),
        price=(40.0, 260.0),
        weight=1.1,
        options=(
            _colors(("black", "white", "silver", "blue", "beige"), (2, 4)),
            Option("connectivity", ("wireless", "wired"), (1, 2), {"wireless": 40.0}, weights=(3, 1)),
            Option("noise cancelling", _YES_NO, (1, 2), {"yes": 60.0}),
        ),
        styles=(
            Style("Over-Ear", {"type": "over-ear"}, "plush memory-foam ear cushions"),
            Style("On-Ear", {"type": "on-ear"}, "a compact folding design", -10.0),
            Style("Studio", {"type": "over-ear"}, "a flat, accurate studio sound signature", 30.0),
        ),
        uses=("long flights", "focused work", "commuting", "gaming sessions", "music at home"),
        features=(
            "up to 40 hours of battery life", "a built-in microphone for calls", "multipoint pairing",
            "a detachable cable", "a hard carry case",
        ),
    ),
    Category(
        name="Wireless Earbuds",
        department="electronics",
        nouns=("wireless earbuds", "earbuds"),
        brands=("Sonara", "Pulsewave", "Voltix", "Tessel"),
        price=(30.0, 220.0),
        options=(
            _colors(("black", "white", "blue", "green"), (2, 4)),
            Option("noise cancelling", _YES_NO, (1, 2), {"yes": 40.0}),
            Option("wireless charging", _YES_NO, (1, 2), {"yes": 20.0}),
        ),
        styles=(
            Style("", {"fit": "in-ear"}, "three sizes of silicone ear tips"),
            Style("Sport", {"fit": "ear hook"}, "secure ear hooks that stay put", 10.0),
            Style("Pro", {"fit": "in-ear"}, "adaptive transparency mode", 40.0),
            Style("Open", {"fit": "open-ear"}, "an open design that keeps you aware of traffic"),
        ),
        uses=("workouts", "the daily commute", "calls on the go", "running"),
        features=(
            "IPX5 sweat resistance", "touch controls", "up to 30 hours with the case", "low-latency gaming mode",
            "quick charging",
        ),
    ),
    Category(
        name="Bluetooth Speaker",
        department="electronics",
        nouns=("Bluetooth speaker", "speaker"),
        brands=("Auralis", "Voltix", "Orbitek", "Tessel"),
        price=(25.0, 230.0),
        options=(
            _colors(("black", "blue", "red", "green", "gray"), (2, 4)),
            Option("waterproof", _YES_NO, (1, 2), {"yes": 15.0}),
            Option("battery life", ("10 hours", "20 hours", "30 hours"), (1, 1), {"20 hours": 15.0, "30 hours": 30.0}),
        ),
        styles=(
            Style("Mini", {"type": "mini"}, "a clip-on carabiner loop", -10.0),
            Style("Portable", {"type": "portable"}, "a built-in carry strap"),
            Style("Party", {"type": "party"}, "pulsing light effects", 80.0),
        ),
        uses=("beach days", "backyard parties", "camping trips", "the shower", "picnics"),
        features=(
            "stereo pairing with a second speaker", "deep bass from passive radiators", "a built-in speakerphone",
            "USB-C charging", "a rugged drop-tested shell",
        ),
    ),
    Category(
        name="Smart Watch",
        department="electronics",
        nouns=("smart watch", "watch"),
        brands=("Orbitek", "Tessel", "Voltix", "Pulsewave"),
        price=(90.0, 380.0),
        options=(
            _colors(("black", "silver", "gold", "blue"), (2, 4)),
            Option(
                "band material", ("silicone", "leather", "metal", "nylon"), (1, 2), {"leather": 20.0, "metal": 40.0}
            ),
            Option("case size", ("40mm", "44mm"), (1, 2), {"44mm": 20.0}),
            Option("cellular", _YES_NO, (1, 1), {"yes": 50.0}, weights=(1, 3)),
        ),
        styles=(
            Style("Active", {"display": "AMOLED"}, "built-in GPS for runs or rides"),
            Style("Classic", {"display": "AMOLED"}, "a stainless bezel that dresses up", 40.0),
            Style("Adventure", {"display": "LCD"}, "up to two weeks of battery life", 30.0),
        ),
        uses=("fitness tracking", "sleep tracking", "staying on top of notifications", "outdoor adventures"),
        features=(
            "heart-rate sensors", "an always-on display", "contactless payments", "water resistance to 50 meters",
            "more than 100 workout modes",
        ),
    ),
    Category(
        name="Mechanical Keyboard",
        department="electronics",
        nouns=("mechanical keyboard", "keyboard"),
        brands=("Keyforge", "Tessel", "Quillby", "Orbitek"),
        price=(50.0, 210.0),
        options=(
            _colors(("black", "white", "gray")),
            Option("switch type", ("linear", "tactile", "clicky"), (1, 3)),
            Option("connectivity", ("wired", "wireless"), (1, 2), {"wireless": 30.0}),
        ),
        styles=(
            Style("Full-Size", {"layout": "full-size"}, "a dedicated number pad"),
            Style("Tenkeyless", {"layout": "tenkeyless"}, "a tenkeyless layout that frees desk space"),
            Style("Compact", {"layout": "compact"}, "a compact 75% layout with a volume knob", 10.0),
            Style("Mini", {"layout": "mini"}, "a travel-friendly 60% layout", -10.0),
        ),
        uses=("programmers", "gaming", "long writing sessions", "home office setups"),
        features=(
            "hot-swappable switches", "PBT double-shot keycaps", "per-key RGB backlighting", "a gasket-mounted plate",
            "a detachable USB-C cable",
        ),
    ),
    # ---- sports & outdoor --------------------------------------------------------------------
    Category(
        name="Yoga Mat",
        department="sports",
        nouns=("yoga mat", "mat"),
        brands=("Stillpoint", "Crestpoint", "Tidewell", "Summitline"),
        price=(18.0, 110.0),
        options=(
            _colors(("purple", "blue", "green", "black", "pink", "gray"), (2, 4)),
            Option("thickness", ("4mm", "6mm", "8mm"), (1, 2), {"6mm": 5.0, "8mm": 10.0}),
            Option("material", ("TPE", "PVC", "rubber", "cork"), (1, 1), {"rubber": 20.0, "cork": 25.0, "PVC": -5.0}),
        ),
        styles=(
            Style("", {}, "a non-slip textured surface"),
            Style("Alignment", {}, "printed alignment lines", 5.0),
            Style("Travel", {}, "a fold-flat design that fits a carry-on", only={"thickness": ("4mm",)}),
            Style("Pro", {}, "an extra-long 74-inch length", 15.0),
        ),
        uses=("hot yoga", "pilates", "home workouts", "stretching after runs", "meditation"),
        features=(
            "a carrying strap", "closed-cell construction that resists sweat", "joint-friendly cushioning",
            "a grippy underside", "easy-wipe cleaning",
        ),
    ),
    Category(
        name="Water Bottle",
        department="sports",
        nouns=("water bottle", "bottle"),
        brands=("Tidewell", "Summitline", "Trailborn", "Crestpoint"),
        price=(12.0, 48.0),
        options=(
            _colors(("blue", "black", "green", "white", "pink", "red", "gray"), (2, 4)),
            Option("capacity", ("500ml", "750ml", "1000ml"), (1, 2), {"750ml": 4.0, "1000ml": 8.0}),
            Option("material", ("stainless steel", "glass", "plastic"), (1, 1), {"plastic": -6.0}),
            Option("lid", ("straw", "chug", "flip"), (1, 2)),
        ),
        styles=(
            Style(
                "Insulated",
                {"material": "stainless steel"},
                "vacuum insulation that keeps drinks cold for 24 hours",
                8.0,
            ),
            Style("Sport", {"material": "plastic"}, "a squeezable, lightweight body"),
            Style("Glass", {"material": "glass"}, "a protective silicone sleeve"),
            Style("", {}, "a leak-proof lid"),
        ),
        uses=("the gym", "hiking", "the office desk", "school lunches", "road trips"),
        features=(
            "a leak-proof lid", "a wide mouth that fits ice cubes", "a dishwasher-safe build", "a powder-coated grip",
            "a carry loop",
        ),
    ),
    Category(
        name="Backpack",
        department="sports",
        nouns=("backpack", "pack"),
        brands=("Trailborn", "Summitline", "Drumlin Outdoor", "Harbor & Pine"),
        price=(35.0, 190.0),
        options=(
            _colors(("black", "gray", "navy", "green", "blue", "red"), (2, 4)),
            Option("capacity", ("18L", "24L", "30L", "40L"), (1, 2), {"24L": 10.0, "30L": 20.0, "40L": 35.0}),
            Option(
                "material",
                ("nylon", "polyester", "canvas", "leather"),
                (1, 1),
                {"leather": 60.0, "canvas": 10.0},
                weights=(3, 3, 2, 1),
            ),
        ),
        styles=(
            Style("Commuter", {"compartment": "laptop"}, "a padded 16-inch laptop sleeve"),
            Style("Hiking", {"compartment": "hydration"}, "a hydration-bladder sleeve", 10.0),
            Style("Roll-Top", {"compartment": "laptop"}, "a weatherproof roll-top closure", 15.0),
            Style("Travel", {"compartment": "laptop"}, "a clamshell opening like a suitcase", 20.0),
        ),
        uses=("the daily commute", "weekend hikes", "carry-on travel", "school and campus"),
        features=(
            "padded, breathable shoulder straps", "a hidden passport pocket", "water bottle side pockets",
            "a luggage pass-through strap", "a sternum strap",
        ),
    ),
    Category(
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
            Style("Road", {"type": "road"}, "aerodynamic vents for fast rides", 20.0),
            Style("Mountain", {"type": "mountain"}, "an adjustable visor", 15.0),
            Style("Commuter", {"type": "commuter"}, "an integrated rear LED light"),
            Style("Kids", {"type": "kids"}, "a pinch-free magnetic buckle", -20.0, {"size": ("S", "M")}),
        ),
        uses=("road rides", "mountain bike trails", "city commuting", "weekend family rides"),
        features=(
            "a dial-fit retention system", "an in-mold polycarbonate shell", "a rotational-impact liner",
            "removable, washable pads", "a lightweight build under 300 grams",
        ),
    ),
    Category(
        name="Camping Tent",
        department="sports",
        nouns=("camping tent", "tent"),
        brands=("Drumlin Outdoor", "Trailborn", "Granite Peak", "Summitline"),
        price=(80.0, 420.0),
        options=(
            _colors(("green", "orange", "gray", "blue", "yellow"), (2, 3)),
            Option(
                "capacity",
                ("1 person", "2 person", "4 person", "6 person"),
                (1, 2),
                {"2 person": 30.0, "4 person": 80.0, "6 person": 140.0},
                run=True,
            ),
            Option("season", ("3-season", "4-season"), (1, 1), {"4-season": 120.0}, weights=(3, 1)),
        ),
        styles=(
            Style("Dome", {"style": "dome"}, "a freestanding two-pole dome"),
            Style(
                "Backpacking", {"style": "ultralight"}, "a trail weight under 3 pounds", 40.0,
                {"capacity": ("1 person", "2 person")},
            ),
            Style(
                "Cabin", {"style": "cabin"}, "near-vertical walls you can stand up in", 30.0,
                {"capacity": ("4 person", "6 person")},
            ),
            Style("Tunnel", {"style": "tunnel"}, "a wind-shedding tunnel profile", 20.0),
        ),
        uses=("car camping", "backpacking trips", "music festivals", "family campouts"),
        features=(
            "a full-coverage rainfly", "two doors with vestibules", "color-coded poles for fast pitching",
            "mesh panels for airflow", "a bathtub-style floor",
        ),
    ),
)


# --------------------------------------------------------------------------------------------------
# Description words
# --------------------------------------------------------------------------------------------------


#: Department → product-line names; a title is brand + line + style word + category.
LINES: Mapping[str, tuple[str, ...]] = {
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

#: Department → adjectives the opening sentence may use.
ADJECTIVES: Mapping[str, tuple[str, ...]] = {
    "apparel": ("versatile", "lightweight", "easygoing", "timeless", "soft", "comfortable"),
    "footwear": ("comfortable", "durable", "lightweight", "supportive", "versatile"),
    "home": ("compact", "thoughtfully designed", "handsome", "sturdy", "easy-care"),
    "electronics": ("compact", "powerful", "lightweight", "premium", "easy-to-use"),
    "sports": ("rugged", "lightweight", "packable", "durable", "trail-tested"),
}

#: Material option value → ways a description names it (one is picked per product).
MATERIAL_PHRASES: Mapping[str, tuple[str, ...]] = {
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

#: Opening sentences, with and without a material.
#: Fields: {noun} is any of the category's nouns ("pair of jeans"), {bare} the same without "pair of"
#: (follows a line name: "the Heritage jeans"); {is}/{this} agree with {noun}, {bare_is} with {bare}.
OPENINGS_WITH_MATERIAL = (
    "The {line} {bare} {bare_is} made from {material} for {use}.",
    "Made from {material}, {this} {noun} from {brand} {is} built for {use}.",
    "{a_adjective} {noun} in {material}, made for {use}.",
    "{brand} makes the {line} {bare} from {material}, ideal for {use}.",
)
OPENINGS = (
    "The {line} {bare} from {brand} {bare_is} built for {use}.",
    "{a_adjective} {noun} made for {use}.",
    "{brand}'s {line} {bare} {bare_is} an easy pick for {use}.",
    "Designed for {use}, {this} {adjective} {noun} {is} simple to live with.",
)
#: Feature sentences; {f1} is the style's phrase when it has one, the rest are category features.
FEATURE_SENTENCES = (
    "It features {f1} and {f2}.",
    "Details include {f1}, {f2} and {f3}.",
    "Look for {f1} and {f2}.",
    "Expect {f1}, plus {f2}.",
)
#: Materials whose products do not get the machine-wash closing.
DELICATE_MATERIALS = frozenset({"leather", "suede", "wool", "cashmere", "silk"})
#: Department → closing sentences; {colors}, {sizes} and {years} are filled from the product.
CLOSINGS: Mapping[str, tuple[str, ...]] = {
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


# --------------------------------------------------------------------------------------------------
# Customers and orders
# --------------------------------------------------------------------------------------------------


#: Customer names; a user id is ``first_last_NNNN``.
FIRST_NAMES = (
    "Noah", "Emma", "Liam", "Olivia", "Ava", "Mia", "Lucas", "Ethan", "Sofia", "Yusuf",
    "Aarav", "Mei", "Fatima", "Omar", "Isabella", "Mateo", "Amara", "Ivan", "Yara", "Lena",
    "Daiki", "Priya", "Harper", "Elijah", "Zoe", "Kwame", "Nora", "Diego", "Anya", "Leo",
    "Chloe", "Hiro", "Sara", "Jonas", "Maya", "Raj", "Ingrid", "Tomas", "Aisha", "James",
)
LAST_NAMES = (
    "Brown", "Garcia", "Nguyen", "Smith", "Khan", "Rossi", "Kim", "Silva", "Lopez", "Patel",
    "Johnson", "Santos", "Li", "Wilson", "Moore", "Ahmed", "Tanaka", "Kowalski", "Hernandez",
    "Anderson", "Okafor", "Dubois", "Jensen", "Sato", "Costa", "Martin", "Clarke", "Reyes",
    "Novak", "Haddad", "Lindqvist", "Murphy", "Chen", "Wright", "Fischer", "Rahman", "Ito",
    "Walker", "Ivanov", "Taylor",
)
STREETS = (
    "Maple Drive", "Oak Street", "Cedar Avenue", "Elm Street", "Park Avenue", "Lakeview Drive",
    "Hillside Road", "River Road", "Sunset Drive", "Pine Lane", "Willow Way", "Chestnut Street",
    "Broadway", "Main Street", "Highland Avenue", "Spruce Street", "Birch Court", "Meadow Lane",
    "Forest Avenue", "Harbor Drive",
)
#: City, state, first three digits of its zip codes.
CITIES = (
    ("New York", "NY", "100"), ("Los Angeles", "CA", "900"), ("Chicago", "IL", "606"),
    ("Houston", "TX", "770"), ("Phoenix", "AZ", "850"), ("Philadelphia", "PA", "191"),
    ("San Antonio", "TX", "782"), ("San Diego", "CA", "921"), ("Dallas", "TX", "752"),
    ("Austin", "TX", "787"), ("San Jose", "CA", "951"), ("Seattle", "WA", "981"),
    ("Denver", "CO", "802"), ("Boston", "MA", "021"), ("Portland", "OR", "972"),
    ("Atlanta", "GA", "303"), ("Miami", "FL", "331"), ("Minneapolis", "MN", "554"),
    ("Columbus", "OH", "432"), ("Charlotte", "NC", "282"), ("Nashville", "TN", "372"),
    ("Pittsburgh", "PA", "152"),
)
#: Order statuses and their relative frequencies (same order).
ORDER_STATUSES = ("pending", "processed", "delivered", "cancelled")
ORDER_STATUS_WEIGHTS = (35, 15, 38, 12)
ITEMS_PER_ORDER_WEIGHTS = (30, 25, 20, 15, 10)  # 1 to 5 items

#: What goes with what: category → categories shoppers often buy it with. The demo store's orders
#: are drawn partly from "kits" of products in complementary categories, so association rules
#: mined from its order history find real structure, as they would in a shop's own orders.
COMPLEMENTS: Mapping[str, tuple[str, ...]] = {
    "T-Shirt": ("Shorts", "Sneakers", "Jeans"),
    "Hoodie": ("Jeans", "Sneakers", "Backpack"),
    "Sweater": ("Jeans", "Ankle Boots", "Throw Blanket"),
    "Jeans": ("T-Shirt", "Sneakers", "Ankle Boots"),
    "Jacket": ("Hiking Boots", "Backpack", "Sweater"),
    "Dress": ("Sandals", "Ankle Boots"),
    "Shorts": ("T-Shirt", "Sandals", "Running Shoes"),
    "Leggings": ("Yoga Mat", "Running Shoes", "Water Bottle"),
    "Sneakers": ("T-Shirt", "Jeans", "Hoodie"),
    "Running Shoes": ("Water Bottle", "Wireless Earbuds", "Shorts", "Smart Watch"),
    "Hiking Boots": ("Backpack", "Water Bottle", "Camping Tent", "Jacket"),
    "Ankle Boots": ("Dress", "Jeans"),
    "Sandals": ("Dress", "Shorts"),
    "Coffee Maker": ("Electric Kettle", "Cookware Set"),
    "Electric Kettle": ("Coffee Maker", "Cookware Set"),
    "Desk Lamp": ("Bookshelf", "Mechanical Keyboard"),
    "Bookshelf": ("Desk Lamp", "Throw Blanket"),
    "Throw Blanket": ("Bookshelf", "Sweater"),
    "Cookware Set": ("Coffee Maker", "Electric Kettle"),
    "Headphones": ("Mechanical Keyboard", "Bluetooth Speaker"),
    "Wireless Earbuds": ("Smart Watch", "Running Shoes"),
    "Bluetooth Speaker": ("Headphones", "Camping Tent"),
    "Smart Watch": ("Wireless Earbuds", "Running Shoes"),
    "Mechanical Keyboard": ("Headphones", "Desk Lamp"),
    "Yoga Mat": ("Leggings", "Water Bottle"),
    "Water Bottle": ("Yoga Mat", "Backpack", "Hiking Boots"),
    "Backpack": ("Water Bottle", "Hiking Boots", "Camping Tent"),
    "Cycling Helmet": ("Water Bottle", "Backpack"),
    "Camping Tent": ("Backpack", "Hiking Boots", "Water Bottle"),
}
#: Share of orders drawn from one kit (the rest are random picks), and kit sizes (2 or 3).
KIT_ORDER_SHARE = 0.55
KIT_SIZES = (2, 3)
#: Share of a shopper's orders from their two favourite departments.
PERSONA_SHARE = 0.8
