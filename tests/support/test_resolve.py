"""Tests for support.resolve: order lines, variants and payment methods named in words.

Most cases come from τ²-bench's training scenarios: the shopper's phrasing is written as a
customer would type it from ``reason_for_call``, and the expected ids are read from the task's
``evaluation_criteria.actions``, so a test fails if it drifts from the scenario it stands for.
"""

from __future__ import annotations

import pytest

from support.resolve import match_order_items, resolve_payment_method, resolve_variant, split_item_requests

# -- variants: τ² scenarios ---------------------------------------------------------------------

# (task id, order id, current item id, what the shopper types about the new item)
SCENARIO_VARIANTS = [
    ("0", "#W2378156", "1151293680", "clicky switches, and no backlight then"),
    ("0", "#W2378156", "4983901480", "one compatible with Google Home instead of Apple HomeKit"),
    ("23", "#W3947049", "3358616356", "a medium sized, red, high ventilation one"),
    ("23", "#W6876713", "6301799585", "a two-piece black one with soft material"),
    ("15", "#W5199551", "1615379700", "size 8 please, same material. I don't care about waterproof or not"),
    ("3", "#W4776164", "8349118980", "purple, same size, same v-neck, and I prefer polyester"),
    ("4", "#W6247578", "3799046073", "purple, s size, v-neck, and preferably polyester"),
    (
        "80",
        "#W7209932",
        "5047954489",
        "I want my blue small polyester v-neck tee as a red XXL cotton crew neck",
    ),
    ("75", "#W6908222", "8555936349", "black, 4 hours battery life, not resistant to water"),
    ("105", "#W4316152", "7292993796", "a ceramic one for gas stoves"),
    (
        "106",
        "#W3388163",
        "9354168549",
        "it's too big, one size smaller would be good. I like cotton. "
        "If there are several colors I prefer black",
    ),
    ("93", "#W4073673", "2216662955", "i7 processor, 8GB, 1TB SSD"),
    ("52", "#W4689314", "5996159312", "the maximum zoom please, keep all the other specs the same"),
    ("98", "#W4689314", "5996159312", "a slightly lower resolution, without changing the other options"),
    ("98", "#W3916020", "7758198585", "a larger frame size for my kid, a mountain bike is fine"),
    (
        "98",
        "#W3916020",
        "4068787148",
        "the same difficulty but 1000 more pieces, and I prefer animals over art",
    ),
    (
        "99",
        "#W3916020",
        "4068787148",
        "same difficulty, 1000 more pieces; I'd prefer art rather than animals",
    ),
    ("44", "#W9300146", "9190635437", "the cheapest desk lamp that's available"),
    ("107", "#W1304208", "1615379700", "size 9 but made of leather, and they need to be waterproof"),
    ("107", "#W8353027", "6245746168", "a more fancy theme with 500 pieces less, same difficulty level"),
    ("29", "#W3792453", "4293355847", "a shorter bamboo one, the most expensive of those"),
    ("96", "#W6750959", "3254583681", "the cheapest green one"),
    ("109", "#W1603792", "6501071631", "the cheapest one, moving is expensive"),
    ("41", "#W4082615", "9779102705", "the easiest one with the fewest pieces"),
    ("58", "#W5838674", "7441167885", "ok, 9 bar then, same capacity and type"),
    ("58", "#W5838674", "3478699712", "the cheapest i7 or above, I don't care about the other specs"),
    ("6", "#W6390527", "8384507844", "a less bright one. I prefer battery > USB > AC adapter"),
    ("7", "#W6390527", "8384507844", "a less bright one, preferably AC adapter, then battery, then USB"),
    ("8", "#W6390527", "8384507844", "a brighter one, prefer battery over USB over AC"),
    (
        "35",
        "#W9672333",
        "1684786391",
        "the 13-inch version. I prefer i5 over i7, and silver or black rather than other colors",
    ),
    ("20", "#W9911714", "2366567022", "the most expensive one"),
    ("20", "#W9911714", "1340995114", "upgrade it to the most expensive variant"),
    ("20", "#W9911714", "9791469541", "the most expensive one, same size"),
    ("37", "#W9348897", "6117189161", "the cheapest option"),
    ("37", "#W9348897", "7453605304", "whatever is cheapest"),
    ("37", "#W9348897", "3799046073", "the cheapest t-shirt you have"),
    ("72", "#W5270061", "2492465580", "medium size and polyester material, grey if possible"),
    ("85", "#W2466703", "9385662952", "a large red Fleece Jacket with a half zipper"),
    ("112", "#W9810810", "1355937109", "one with black dial color but keeping the leather strap"),
    ("112", "#W3730488", "2913673670", "item number 9844888101"),
    ("103", "#W4860251", "5209958006", "change its color to red"),
    ("78", "#W5056519", "7902309762", "dark skin tone and brand A"),
    ("91", "#W3239882", "9494281769", "the 32GB storage one"),
    ("63", "#W5061109", "3254583681", "the cheapest one that isn't water resistant"),
]


@pytest.mark.parametrize(
    ("task", "order_id", "old_id", "text"),
    SCENARIO_VARIANTS,
    ids=[f"task{c[0]}-{c[2]}" for c in SCENARIO_VARIANTS],
)
def test_variant_from_scenario(store, scenarios, task: str, order_id: str, old_id: str, text: str) -> None:
    expected = [
        new for oid, old, new in scenarios[task].exchange_pairs() if oid == order_id and old == old_id
    ]
    assert expected, f"task {task} expects no exchange of {old_id} in {order_id}"
    old = store.line(order_id, old_id)
    match = resolve_variant(store.product_of(old), old, text)
    assert match.status == "unique", match
    assert match.variant is not None and match.variant.item_id in expected


def test_second_tea_kettle_of_task_105(store, scenarios) -> None:
    """Task 105 exchanges two identical kettles to two different ones."""
    pairs = scenarios["105"].exchange_pairs()
    old = store.line("#W4316152", "7292993796")
    first = resolve_variant(store.product_of(old), old, "ceramic, for a gas stove")
    second = resolve_variant(store.product_of(old), old, "the 1.5 liter one, for gas")
    assert [first.variant.item_id, second.variant.item_id] == [new for _, _, new in pairs]


# -- variants: what is read, and the other statuses ----------------------------------------------


def _resolve(store, order_id: str, old_id: str, text: str):
    old = store.line(order_id, old_id)
    return resolve_variant(store.product_of(old), old, text)


def test_wanted_values_are_echoed(store) -> None:
    match = _resolve(store, "#W3947049", "3358616356", "medium sized, red, high ventilation")
    assert match.wanted == {"size": "M", "color": "red", "ventilation": "high"}


def test_clicky_alone_is_ambiguous_and_names_the_sold_out_match(store) -> None:
    """Task 0: clicky + RGB + full size (everything else the same) is sold out."""
    match = _resolve(store, "#W2378156", "1151293680", "the same keyboard but with clicky switches")
    assert match.status == "ambiguous"
    assert "7706410293" in {v.item_id for v in match.variants}
    assert all(v.options["switch type"] == "clicky" and v.available for v in match.variants)
    assert [v.item_id for v in match.unavailable_better] == ["9025753381"]
    assert match.wish.same_otherwise


def test_all_fitting_variants_sold_out(store) -> None:
    match = _resolve(store, "#W2378156", "1151293680", "clicky switches, RGB backlight, full size")
    assert match.status == "unavailable"
    assert [v.item_id for v in match.variants] == ["9025753381"]


def test_value_not_offered(store) -> None:
    """Task 58: there is no 8 bar espresso machine; the closest fit is offered, not chosen."""
    match = _resolve(
        store, "#W5838674", "7441167885", "keep the capacity and type but lower the pressure to 8 bar"
    )
    assert match.status == "none"
    assert match.variant is None
    assert match.not_offered == ("pressure 8 bar",)
    assert [v.item_id for v in match.variants] == ["3815173328"]


@pytest.mark.parametrize(
    ("order_id", "old_id", "text", "not_offered"),
    [
        ("#W5199551", "1615379700", "size 13 please", "size 13"),
        ("#W2378156", "4983901480", "in pink", "color pink"),
        ("#W4073673", "2216662955", "the 64GB RAM one", "ram 64 gb"),
        ("#W4073673", "2216662955", "item 1234567890", "item 1234567890"),
    ],
)
def test_values_the_product_lacks(store, order_id: str, old_id: str, text: str, not_offered: str) -> None:
    match = _resolve(store, order_id, old_id, text)
    assert match.status == "none"
    assert not_offered in match.not_offered


def test_combination_not_offered(store) -> None:
    match = _resolve(store, "#W5199551", "1615379700", "size 8, leather, not waterproof")
    assert match.status == "none"
    assert match.variants == ()


def test_nothing_bigger_than_the_biggest(store) -> None:
    match = _resolve(store, "#W9911714", "2366567022", "a bigger one")  # already 1000ml
    assert match.status == "none"
    assert match.not_offered == ("higher capacity",)


@pytest.mark.parametrize("text", ["a new pair with the same specs", "same size and material", "", "hello?"])
def test_unchanged(store, text: str) -> None:
    match = _resolve(store, "#W1304208", "1615379700", text)
    assert match.status == "unchanged"
    assert [v.item_id for v in match.variants] == ["1615379700"]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("1000ml", "1000ml"),
        ("1000 ml", "1000ml"),
        ("the 1 liter one", "1000ml"),
        ("the 1L one", "1000ml"),
        ("750 ML", "750ml"),
    ],
)
def test_units_and_spacing(store, text: str, wanted: str) -> None:
    bottle = store.line("#W6390527", "8538875209")  # a 500ml water bottle
    match = resolve_variant(store.product_of(bottle), bottle, text)
    assert match.wish.values["capacity"] == (wanted,)


@pytest.mark.parametrize(
    ("product_name", "text", "key", "value"),
    [
        ("Bookshelf", "4 foot", "height", "4 ft"),
        ("Bookshelf", "a 5-ft one", "height", "5 ft"),
        ("Hiking Boots", "size 8", "size", "8"),
        ("Laptop", "15 inch", "screen size", "15-inch"),
        ("Laptop", "1TB", "storage", "1TB SSD"),
        ("Laptop", "16 gb", "ram", "16GB"),
        ("T-Shirt", "extra large", "size", "XL"),
        ("T-Shirt", "a small one", "size", "S"),
        ("Smart Thermostat", "google", "compatibility", "Google Assistant"),
        ("Smart Thermostat", "alexa", "compatibility", "Amazon Alexa"),
        ("Mechanical Keyboard", "no backlight", "backlight", "none"),
        ("Mechanical Keyboard", "without any backlight", "backlight", "none"),
        ("Mechanical Keyboard", "fullsize", "size", "full size"),
        ("Luggage Set", "hard shell", "material", "hardshell"),
        ("Luggage Set", "three piece", "piece count", "3-piece"),
        ("Wireless Earbuds", "not resistant", "water resistance", "not resistant"),
        ("Bluetooth Speaker", "non water resistant", "water resistance", "no"),
        ("Hiking Boots", "waterproof", "waterproof", "yes"),
        ("Hiking Boots", "not waterproof", "waterproof", "no"),
        ("Jigsaw Puzzle", "1,500 pieces", "pieces", "1500"),
        ("Jigsaw Puzzle", "a 2000-piece one", "pieces", "2000"),
        ("Tea Kettle", "2 litres", "capacity", "2 liters"),
        ("Electric Kettle", "2 liters", "capacity", "2L"),
        ("Digital Camera", "10x zoom", "zoom", "10x"),
        ("E-Reader", "wifi and cellular", "connectivity", "Wi-Fi + Cellular"),
        ("Wristwatch", "white dial", "dial color", "white"),
        ("Sunglasses", "black lens", "lens color", "black"),
        ("Office Chair", "high back", "backrest height", "high-back"),
    ],
)
def test_value_phrasing(store, product_name: str, text: str, key: str, value: str) -> None:
    product = next(p for p in store.products.values() if p.name == product_name)
    match = resolve_variant(product, None, text)
    assert match.wish.values.get(key) == (value,), match.wish


@pytest.mark.parametrize(
    ("text", "excluded"),
    [
        ("anything but blue", {"blue"}),
        ("I no longer want the blue one, red please", {"blue"}),
        ("not red or blue", {"red", "blue"}),
        ("I don't want it in white", {"white"}),
    ],
)
def test_negated_values_are_excluded_not_wanted(store, text: str, excluded: set[str]) -> None:
    helmet = store.line("#W3947049", "3358616356")
    match = resolve_variant(store.product_of(helmet), helmet, text)
    assert match.wish.excluded.get("color") == excluded
    assert not excluded & set(match.wish.values.get("color", ()))
    assert all(v.options["color"] not in excluded for v in match.variants)


def test_thermostat_from_apple_to_google_drops_the_current_value(store) -> None:
    match = _resolve(store, "#W2378156", "4983901480", "from Apple HomeKit to Google")
    assert match.wanted == {"compatibility": "Google Assistant"}


def test_literal_item_id_of_another_product_is_not_offered(store) -> None:
    match = _resolve(store, "#W2378156", "4983901480", "I want 7706410293")  # a keyboard
    assert match.status == "none"
    assert match.not_offered == ("item 7706410293",)


def test_resolve_without_current_item(store) -> None:
    product = next(p for p in store.products.values() if p.name == "Desk Lamp")
    match = resolve_variant(product, None, "the cheapest black one")
    assert match.status == "unique"
    assert match.variant.item_id == "5320792178"


# -- order lines ---------------------------------------------------------------------------------

# (task id, order id, what the shopper types)
SCENARIO_ITEMS = [
    ("2", "#W2378156", "I'd like to return the cleaner, headphone, and smart watch"),
    ("73", "#W5272531", "I want to return everything I just bought except the coffee machine"),
    ("13", "#W5490111", "everything except the keyboard"),
    ("11", "#W5490111", "return all of them"),
    ("46", "#W9502127", "an air purifier and the robotic vacuum cleaner"),
    ("47", "#W9502127", "the air purifier, and the canister vacuum"),
    ("48", "#W9502127", "the air purifier"),
    ("91", "#W7553978", "the two skateboards, and also the smart watch"),
    ("35", "#W8528674", "the speaker that is more expensive yet not resistant to water"),
    ("103", "#W6239298", "the bookshelf and jigsaw"),
    ("103", "#W9218746", "the backpack I received with the vacuum cleaner"),
    ("28", "#W7181492", "the garden hose and backpack"),
    ("28", "#W5565470", "the keyboard and bed"),
    ("82", "#W9571698", "all items in that order"),
    ("54", "#W4597054", "everything"),
    ("14", "#W5490111", "the keyboard"),
]


@pytest.mark.parametrize(
    ("task", "order_id", "text"), SCENARIO_ITEMS, ids=[f"task{c[0]}-{c[1]}" for c in SCENARIO_ITEMS]
)
def test_items_from_scenario(store, scenarios, task: str, order_id: str, text: str) -> None:
    expected = [
        args["item_ids"]
        for args in scenarios[task].writes("return_delivered_order_items")
        if args["order_id"] == order_id
    ]
    assert expected, f"task {task} returns nothing from {order_id}"
    match = match_order_items(text, store.orders[order_id].items, known_products=store.product_names)
    assert match.resolved, match
    assert sorted(match.item_ids) == sorted(expected[0])


def test_everything_is_flagged(store) -> None:
    match = match_order_items("all items but the pet bed", store.orders["#W9571698"].items)
    assert match.everything
    assert "7381052709" not in match.item_ids
    assert len(match.items) == 3


def test_items_keep_the_order_named(store) -> None:
    match = match_order_items("the smart watch and the headphones", store.orders["#W2378156"].items)
    assert match.item_ids == ["9408160950", "4202497723"]


def test_two_different_lines_of_one_product_are_ambiguous(store) -> None:
    match = match_order_items("return the skateboard", store.orders["#W7553978"].items)
    assert match.items == ()
    [group] = match.ambiguous
    assert group.phrase == "the skateboard"
    assert {i.item_id for i in group.items} == {"4545791457", "3098764622"}


def test_option_words_pick_the_line(store) -> None:
    items = store.orders["#W7553978"].items
    assert match_order_items("the 34 inch skateboard", items).item_ids == ["3098764622"]
    assert match_order_items("the 28-inch one", items).item_ids == ["4545791457"]
    assert match_order_items("the cheaper skateboard", items).item_ids == ["4545791457"]


def test_vacuum_cleaner_among_two_is_ambiguous(store) -> None:
    match = match_order_items("an air purifier and a vacuum cleaner", store.orders["#W9502127"].items)
    assert match.item_ids == ["9534205511"]
    assert [{i.item_id for i in g.items} for g in match.ambiguous] == [{"2872451762", "6259501109"}]


def test_identical_lines_are_separate_lines(store) -> None:
    items = store.orders["#W4316152"].items
    assert [i.item_id for i in items].count("7292993796") == 2
    assert match_order_items("both tea kettles", items).item_ids == ["7292993796", "7292993796"]
    assert match_order_items("one tea kettle", items).item_ids == ["7292993796"]
    assert match_order_items("the kettle", items).ambiguous == ()


def test_unknown_product_is_unmatched(store) -> None:
    match = match_order_items(
        "the bicycle and the keyboard", store.orders["#W2378156"].items, known_products=store.product_names
    )
    assert match.item_ids == ["1151293680"]
    assert match.unmatched == ("the bicycle",)


def test_description_that_fits_no_line_is_unmatched(store) -> None:
    match = match_order_items("the green one", store.orders["#W2378156"].items)
    assert match.items == ()
    assert match.unmatched


def test_a_line_to_keep_is_not_chosen(store) -> None:
    match = match_order_items("return the keyboard but keep the headphones", store.orders["#W2378156"].items)
    assert match.item_ids == ["1151293680"]


def test_literal_item_ids(store) -> None:
    match = match_order_items("4202497723 and 1151293680", store.orders["#W2378156"].items)
    assert match.item_ids == ["4202497723", "1151293680"]


def test_words_for_the_replacement_do_not_pick_the_line(store) -> None:
    """In "the 17-inch laptop to the 13-inch version", 13-inch describes the new laptop."""
    items = (*store.orders["#W9672333"].items, store.line("#W4073673", "2216662955"))
    match = match_order_items("change the 17-inch laptop to the 13-inch version", items)
    assert match.item_ids == ["1684786391"]


def test_shared_name_word_is_ambiguous(store) -> None:
    match = match_order_items("the smart one", store.orders["#W2378156"].items)
    assert {i.name for g in match.ambiguous for i in g.items} == {"Smart Watch", "Smart Thermostat"}


# -- one request per line ------------------------------------------------------------------------


def test_split_task_0(store, scenarios) -> None:
    text = (
        "I want to exchange the mechanical keyboard for the same one but with clicky switches and no "
        "backlight, and the smart thermostat for one compatible with Google Home instead of Apple HomeKit"
    )
    order = store.orders["#W2378156"]
    pairs = split_item_requests(text, order.items)
    assert [item.name for item, _ in pairs] == ["Mechanical Keyboard", "Smart Thermostat"]
    new_ids = [
        resolve_variant(store.product_of(item), item, fragment).variant.item_id for item, fragment in pairs
    ]
    [expected] = scenarios["0"].writes("exchange_delivered_order_items")
    assert [item.item_id for item, _ in pairs] == expected["item_ids"]
    assert new_ids == expected["new_item_ids"]


def test_split_task_105_identical_lines(store, scenarios) -> None:
    text = (
        "For #W4316152 I'd like to exchange one tea kettle for a ceramic one for gas stoves, "
        "and the other tea kettle for a 1.5 liter one, also for gas"
    )
    pairs = split_item_requests(text, store.orders["#W4316152"].items)
    assert len(pairs) == 2
    new_ids = [
        resolve_variant(store.product_of(item), item, fragment).variant.item_id for item, fragment in pairs
    ]
    [expected] = scenarios["105"].writes("exchange_delivered_order_items")
    assert new_ids == expected["new_item_ids"]


def test_split_task_98_with_a_list_after_a_comma(store, scenarios) -> None:
    text = (
        "Please exchange the bicycle for one with a larger frame, a mountain bike is ok, "
        "and the jigsaw puzzle for the same difficulty but 1000 more pieces; I prefer animals over art"
    )
    pairs = split_item_requests(text, store.orders["#W3916020"].items)
    assert [item.name for item, _ in pairs] == ["Bicycle", "Jigsaw Puzzle"]
    assert "mountain" in pairs[0][1]
    new_ids = [
        resolve_variant(store.product_of(item), item, fragment).variant.item_id for item, fragment in pairs
    ]
    expected = [
        a for a in scenarios["98"].writes("exchange_delivered_order_items") if a["order_id"] == "#W3916020"
    ]
    assert new_ids == expected[0]["new_item_ids"]


def test_split_leaves_out_ambiguous_lines(store) -> None:
    pairs = split_item_requests("exchange the skateboard for a maple one", store.orders["#W7553978"].items)
    assert pairs == []


# -- payment methods -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user_id", "order_id", "text", "expected"),
    [
        ("yusuf_rossi_9620", None, "my credit card", "credit_card_9513926"),
        ("yusuf_rossi_9620", None, "the mastercard ending in 2478", "credit_card_9513926"),
        ("yusuf_rossi_9620", "#W2378156", "the original payment method", "credit_card_9513926"),
        ("mia_garcia_4516", "#W7387996", "same as before please", "paypal_9497703"),
        ("mia_garcia_4516", None, "PayPal is preferred, but otherwise credit card is fine", "paypal_9497703"),
        ("mia_garcia_4516", None, "not paypal, use my card", "credit_card_3124723"),
        ("sofia_li_9219", None, "the visa card", "credit_card_3951670"),
        ("sofia_li_9219", None, "card ending 8484", "credit_card_8105988"),
        ("sofia_li_9219", None, "paypal", "paypal_8194385"),
        ("ethan_garcia_1261", None, "use my Giftcard", "gift_card_4332117"),
        ("chen_silva_7485", None, "refund to GC", "gift_card_7250692"),
        ("chen_silva_7485", None, "credit_card_1565124", "credit_card_1565124"),
        ("isabella_johansson_2152", "#W3792453", "refund it the way I paid", "paypal_3024827"),
    ],
)
def test_payment_method(store, user_id: str, order_id: str | None, text: str, expected: str) -> None:
    order = store.orders[order_id] if order_id else None
    match = resolve_payment_method(text, store.users[user_id], order)
    assert match.status == "unique"
    assert match.method_id == expected


def test_payment_methods_from_scenarios(store, scenarios) -> None:
    """The method each scenario names, as the shopper would name it."""
    cases = [
        ("15", "fatima_johnson_7581", "I prefer PayPal for any payment or refund"),
        ("99", "sofia_li_9219", "I'd prefer the visa card"),
        ("52", "sofia_li_9219", "use my PayPal account for the difference"),
        ("44", "aarav_anderson_8794", "put the difference on a gift card"),
        ("82", "chen_silva_7485", "fine, refund to GC"),
    ]
    for task, user_id, text in cases:
        writes = [a for a in scenarios[task].actions if "payment_method_id" in a["arguments"]]
        expected = {a["arguments"]["payment_method_id"] for a in writes}
        match = resolve_payment_method(text, store.users[user_id])
        assert match.method_id in expected, (task, match)


def test_two_credit_cards_are_ambiguous(store) -> None:
    match = resolve_payment_method("credit card please", store.users["sofia_li_9219"])
    assert match.status == "ambiguous"
    assert set(match.candidates) == {"credit_card_3951670", "credit_card_8105988"}


def test_several_kinds_without_a_preference_are_ambiguous(store) -> None:
    match = resolve_payment_method("paypal or the gift card", store.users["ethan_garcia_1261"])
    assert match.status == "ambiguous"
    assert set(match.candidates) == {"paypal_3798357", "gift_card_4332117"}


@pytest.mark.parametrize(
    ("user_id", "text"),
    [
        ("yusuf_rossi_9620", "a gift card"),  # he has none
        ("yusuf_rossi_9620", "card ending 1111"),
        ("yusuf_rossi_9620", "gift_card_4332117"),  # someone else's
        ("yusuf_rossi_9620", "whatever works"),
        ("yusuf_rossi_9620", "the original one"),  # no order given
    ],
)
def test_no_payment_method(store, user_id: str, text: str) -> None:
    match = resolve_payment_method(text, store.users[user_id])
    assert match.status == "none"
    assert match.method_id is None


def test_brand_the_user_does_not_have(store) -> None:
    """Task 25 asks for an amex refund; no τ² user has an amex card."""
    match = resolve_payment_method("refund to my amex", store.users["sofia_li_9219"])
    assert match.status == "none"


# -- more phrasing ---------------------------------------------------------------------------------


def test_two_different_tablets(store) -> None:
    """Tasks 82–84: two tablets; "the more expensive one" decides, "the tablet" does not."""
    items = (store.line("#W9571698", "6065192424"), store.line("#W8935389", "4803681337"))
    assert {i.price for i in items} == {989.7, 962.34}
    assert match_order_items("the more expensive tablet", items).item_ids == ["6065192424"]
    assert match_order_items("return the less expensive one", items).item_ids == ["4803681337"]
    assert match_order_items("the gold one", items).item_ids == ["6065192424"]
    assert len(match_order_items("the tablet", items).ambiguous) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the highest resolution you have, same zoom and storage", "1804581713"),
        ("the lowest resolution, same zoom and storage", "8363011723"),
        ("higher resolution, everything else the same", "1804581713"),
    ],
)
def test_superlatives_and_comparatives(store, text: str, expected: str) -> None:
    match = _resolve(store, "#W4689314", "5996159312", text)  # 24MP, 3x, SD card
    assert match.status == "unique", match
    assert match.variant.item_id == expected


# -- shoppers' phrasing from part A of the scripted τ² scenarios ---------------------------------


def test_a_size_word_the_line_lacks_rules_it_out(store) -> None:
    """Task 3: "the small t-shirt" is not the XXL one in the other pending order."""
    text = "I want to change the small t-shirt in my pending order to a purple one"
    assert match_order_items(text, store.orders["#W6247578"].items).items == ()
    assert match_order_items(text, store.orders["#W4776164"].items).item_ids == ["8349118980"]
    # ... but a size word for the replacement does not.
    text = "change the t-shirt for a small one"
    assert match_order_items(text, store.orders["#W6247578"].items).item_ids == ["3799046073"]


def test_size_words_a_product_lacks_are_not_offered(store) -> None:
    match = _resolve(store, "#W3947049", "3358616356", "an extra large one")  # helmet: S, M, L
    assert match.status == "none"
    assert "size extra large" in match.not_offered


def test_words_for_the_replacement_after_a_comma(store) -> None:
    """Task 4: "the t-shirt, to a purple one, size S" is one request about the t-shirt."""
    text = "the t-shirt, to a purple one, size S, v-neck, polyester preferred"
    [(line, fragment)] = split_item_requests(text, store.orders["#W6247578"].items)
    match = resolve_variant(store.product_of(line), line, fragment)
    assert match.variant is not None and match.variant.item_id == "9647292434"


def test_a_replacement_description_picks_no_line(store) -> None:
    """Task 23: the red t-shirt and the medium grill of another order describe no helmet."""
    text = "I want to exchange my helmet for a medium sized, red, high ventilation one"
    assert match_order_items(text, store.orders["#W6876713"].items).items == ()
    assert match_order_items(text, store.orders["#W3947049"].items).item_ids == ["3358616356"]


def test_a_later_sentence_that_asks_nothing_new_still_describes_the_replacement(store) -> None:
    """Task 29: "the most expensive one" is the new skateboard, not the dearest line elsewhere."""
    text = (
        "I want to exchange my skateboard for a shorter bamboo one. "
        "If there are several options, I want the most expensive one."
    )
    assert match_order_items(text, store.orders["#W7181492"].items).items == ()
    [(line, fragment)] = split_item_requests(text, store.orders["#W3792453"].items)
    assert resolve_variant(store.product_of(line), line, fragment).variant.item_id == "8176740019"
    # A new request in the later sentence still names a line.
    text = "Exchange the hose for a 50ft one. Also return the bookshelf."
    assert "3778705663" in match_order_items(text, store.orders["#W7181492"].items).item_ids


def test_options_the_shopper_does_not_care_about_name_no_line(store) -> None:
    """Task 15: "waterproof" in "I don't care about waterproof" is no action camera."""
    text = "change the hiking boots to size 8, same material. I don't care about waterproof or not."
    assert match_order_items(text, store.orders["#W8665881"].items).items == ()


def test_a_unit_alone_names_no_value(store) -> None:
    """Task 41: the "piece" of "1000-piece jigsaw" is no 2-piece luggage set."""
    text = "Can I change the 1000-piece intermediate jigsaw to the easiest one with the fewest pieces?"
    assert match_order_items(text, store.orders["#W9583042"].items).items == ()


def test_names_listed_together_share_what_follows(store) -> None:
    """Task 19: "the pet bed and the office chair for the cheapest versions" is said of both."""
    text = "I want to exchange the pet bed and the office chair for the cheapest versions"
    pairs = split_item_requests(text, store.orders["#W2890441"].items)
    chosen = {
        line.item_id: resolve_variant(store.product_of(line), line, fragment).variant.item_id
        for line, fragment in pairs
    }
    assert chosen == {"2751999929": "6942241102", "8069050545": "4168944673"}


def test_a_product_id_names_the_line_of_that_product(store, scenarios) -> None:
    """Task 21: the shopper gives the keyboard's product id where its item id belongs."""
    items = store.orders["#W9911714"].items
    assert match_order_items("item 1656367028", items).item_ids == ["1340995114"]
    [(line, fragment)] = split_item_requests("also change item 1656367028 to item 1421289881", items)
    assert line.item_id == "1340995114"
    match = resolve_variant(store.product_of(line), line, fragment)
    assert match.variant is not None and match.variant.item_id == "1421289881"
    assert ("#W9911714", "1340995114", "1421289881") in scenarios["21"].exchange_pairs()


def test_everything_pairs_every_line_with_the_message(store, scenarios) -> None:
    """Task 37: "switch all the items to their cheapest options"."""
    text = "please switch all the items in my order to their cheapest options"
    pairs = split_item_requests(text, store.orders["#W9348897"].items)
    assert len(pairs) == 5
    results = {line.item_id: resolve_variant(store.product_of(line), line, f) for line, f in pairs}
    changed = {old: m.variant.item_id for old, m in results.items() if m.status == "unique"}
    expected = {old: new for _, old, new in scenarios["37"].exchange_pairs()}
    assert changed == expected
    # The umbrella and the backpack already are the cheapest.
    assert {old for old, m in results.items() if m.status == "unchanged"} == {"9879255677", "9851293632"}


def test_the_cheapest_when_the_current_one_is_not(store) -> None:
    match = _resolve(store, "#W9348897", "6117189161", "the cheapest option")
    assert match.status == "unique" and match.variant.item_id == "6700049080"
