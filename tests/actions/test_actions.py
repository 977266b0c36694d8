"""Custom actions on tracker fixtures (tests/actions/fixtures), against the real demo recommender.

Each fixture is a tracker as the Rasa server sends it; a test fills in the slots a previous turn
set (by running that turn's action first, as Rasa would) and asserts the exact events and the
messages dispatched.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionMoreLike, ActionRefineSearch, ActionSearchProducts, ActionShowItem
from actions.service import use_recommender
from tests.actions.running import fixture_state, run_action
from recommender.filters import Filters

BLUE_SHIRTS = {"categories": ["t-shirt"], "max_price": 59.99, "options": {"color": ["blue"], "material": ["cotton"]}}


@pytest.fixture(autouse=True)
def recommender(demo_recommender):
    use_recommender(demo_recommender)
    yield demo_recommender
    use_recommender(None)


def _tracker(name: str, **slots: Any) -> Tracker:
    state = fixture_state(name)
    state["slots"].update(slots)
    return Tracker.from_dict(state)


_run = run_action


def _slots(events: list[dict]) -> dict[str, Any]:
    assert all(e["event"] == "slot" for e in events), events
    return {e["name"]: e["value"] for e in events}


def _cards(messages: list[dict]) -> list[dict]:
    return [p for m in messages if m.get("custom") for p in m["custom"]["products"]]


def _assert_within(recommender, cards: list[dict], filters: Filters) -> None:
    for card in cards:
        variant = recommender.catalog.variant(card["item_id"])
        assert variant is not None
        assert filters.matches(variant, recommender.catalog.product_of(variant)), card


def test_search_sets_filters_and_shows_matching_cards(recommender) -> None:
    events, messages = _run(ActionSearchProducts(), _tracker("search_blue_shirts"))
    slots = _slots(events)
    assert list(slots) == ["active_filters", "search_text", "shown_items", "focus_item"]
    assert slots["active_filters"] == BLUE_SHIRTS
    assert slots["search_text"] == recommender.parse("a blue cotton t-shirt under $60").semantic_text
    assert slots["focus_item"] is None
    cards = _cards(messages)
    assert [c["item_id"] for c in cards] == slots["shown_items"] and len(cards) == 5
    _assert_within(recommender, cards, Filters.from_dict(BLUE_SHIRTS))
    text = messages[0]["text"]
    assert text.splitlines()[1].startswith(f"1. {cards[0]['title']} — ${cards[0]['price']:.2f}")
    assert [b["payload"] for b in messages[0]["buttons"]] == ["cheaper", "tell me more about #1", "more like #1"]
    assert set(cards[0]) == {"product_id", "item_id", "title", "price", "currency", "options", "in_stock", "reason"}


def test_refine_cheaper_narrows_below_the_median_shown(recommender) -> None:
    first, _ = _run(ActionSearchProducts(), _tracker("search_blue_shirts"))
    state = _slots(first)
    events, messages = _run(ActionRefineSearch(), _tracker("refine_cheaper", **state))
    slots = _slots(events)
    shown_prices = [recommender.catalog.variant(i).price for i in state["shown_items"]]
    cap = round(statistics.median(shown_prices) - 0.01, 2)
    assert slots["active_filters"] == {**BLUE_SHIRTS, "max_price": cap}
    assert slots["search_text"] == state["search_text"]
    cards = _cards(messages)
    assert cards and all(c["price"] <= cap for c in cards)
    _assert_within(recommender, cards, Filters.from_dict(slots["active_filters"]))


def test_refine_with_nothing_new_asks_what_to_change(recommender) -> None:
    first, _ = _run(ActionSearchProducts(), _tracker("search_blue_shirts"))
    tracker = _tracker("refine_cheaper", **_slots(first))
    tracker.latest_message["text"] = "hmm ok"
    events, messages = _run(ActionRefineSearch(), tracker)
    assert events == []
    assert messages[0]["text"].startswith("I'm not sure what to change.")


def test_select_second_shows_details_and_sets_focus(recommender) -> None:
    state = _slots(_run(ActionSearchProducts(), _tracker("search_blue_shirts"))[0])
    events, messages = _run(ActionShowItem(), _tracker("select_second", **state))
    second = state["shown_items"][1]
    assert events == [SlotSet("focus_item", second)]
    assert [c["item_id"] for c in _cards(messages)] == [second]
    variant, product = recommender.item(second)
    assert messages[0]["text"].startswith(f"#2: {product.name} — ${variant.price:.2f}")


def test_more_like_second_excludes_it_and_keeps_filters(recommender) -> None:
    state = _slots(_run(ActionSearchProducts(), _tracker("search_blue_shirts"))[0])
    events, messages = _run(ActionMoreLike(), _tracker("more_like_second", **state))
    second = state["shown_items"][1]
    slots = _slots(events)
    assert slots["focus_item"] == second
    cards = _cards(messages)
    assert cards and second not in [c["item_id"] for c in cards]
    assert slots["shown_items"] == [c["item_id"] for c in cards]
    _assert_within(recommender, cards, Filters.from_dict(BLUE_SHIRTS))
    assert messages[0]["text"].startswith("Similar to #2, ")


def test_ninth_of_five_is_refused_and_state_is_kept(recommender) -> None:
    state = _slots(_run(ActionSearchProducts(), _tracker("search_blue_shirts"))[0])
    events, messages = _run(ActionShowItem(), _tracker("select_ninth", **state))
    assert events == []
    assert messages == [_text_message("I only showed 5 products: pick a number from 1 to 5.")]


def test_pick_before_any_list(recommender) -> None:
    events, messages = _run(ActionShowItem(), _tracker("select_ninth"))
    assert events == []
    assert messages[0]["text"].startswith("I haven't shown you any products yet.")


def test_unknown_product_id_is_named(recommender) -> None:
    events, messages = _run(ActionShowItem(), _tracker("select_unknown_id"))
    assert events == []
    assert messages[0]["text"].startswith("I couldn't find a product or item with id 1234567890")


def test_no_match_says_so_and_offers_the_nearest_relaxation(recommender) -> None:
    events, messages = _run(ActionSearchProducts(), _tracker("search_too_cheap"))
    slots = _slots(events)
    assert slots["active_filters"]["max_price"] == 4.99
    assert "shown_items" not in slots
    text = messages[0]["text"]
    assert text.startswith("I found nothing for ") and "Nearest options:" in text
    first = messages[0]["buttons"][0]["payload"]
    assert first.startswith("up to $")
    relaxed = recommender.parse(first).filters.max_price
    allowed = Filters.from_dict({**slots["active_filters"], "max_price": relaxed})
    assert recommender.attributes.mask(allowed).sum() >= 1


def _text_message(text: str) -> dict:
    dispatcher = CollectingDispatcher()
    dispatcher.utter_message(text=text)
    return dispatcher.messages[0]


def test_the_executor_registers_exactly_the_domain_actions() -> None:
    from rasa_sdk.executor import ActionExecutor

    import yaml

    from actions.server import ACTION_MODULES

    executor = ActionExecutor()
    for module in ACTION_MODULES:
        executor.register_package(module)
    domain = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text())
    assert sorted(a.name for a in executor.list_actions()) == sorted(domain["actions"])


def test_similar_but_cheaper_means_cheaper_than_the_item(recommender) -> None:
    state = _slots(_run(ActionSearchProducts(), _tracker("search_blue_shirts"))[0])
    prices = [recommender.catalog.variant(i).price for i in state["shown_items"]]
    position = prices.index(max(prices)) + 1
    tracker = _tracker("more_like_second", **state)
    tracker.latest_message["text"] = f"like #{position} but cheaper"
    events, messages = _run(ActionMoreLike(), tracker)
    slots = _slots(events)
    assert slots["active_filters"] == {**BLUE_SHIRTS, "max_price": round(max(prices) - 0.01, 2)}
    cards = _cards(messages)
    assert cards and all(c["price"] < max(prices) for c in cards)


def _with_and_without_companions(recommender) -> tuple[str, str]:
    """An item whose product the orders pair with others, and one they pair with nothing."""
    paired = unpaired = None
    for product in recommender.catalog.products.values():
        hits = recommender.bought_together(product.variants[0].item_id).hits
        if hits and paired is None:
            paired = product.variants[0].item_id
        if not hits and unpaired is None:
            unpaired = product.variants[0].item_id
    assert paired and unpaired
    return paired, unpaired


def test_what_goes_well_with_this_lists_mined_companions(recommender) -> None:
    from actions.actions import ActionBoughtTogether

    paired, _ = _with_and_without_companions(recommender)
    tracker = _tracker("select_second", focus_item=paired)
    tracker.latest_message["text"] = "what goes well with this?"
    events, messages = _run(ActionBoughtTogether(), tracker)
    expected = recommender.bought_together(paired).hits
    slots = _slots(events)
    assert slots == {"shown_items": [h.variant.item_id for h in expected], "focus_item": paired}
    product = recommender.catalog.product_of(recommender.catalog.variant(paired))
    text = messages[0]["text"]
    assert text.startswith(f"Shoppers who bought {product.name} also bought:")
    for hit in expected:
        assert hit.reason in text and "% of the orders" in hit.reason
    assert [c["reason"] for c in _cards(messages)] == [h.reason for h in expected]


def test_nothing_bought_together_says_so_and_offers_similar_items(recommender) -> None:
    from actions.actions import ActionBoughtTogether

    _, unpaired = _with_and_without_companions(recommender)
    tracker = _tracker("select_second", focus_item=unpaired)
    tracker.latest_message["text"] = "anything that goes with it?"
    events, messages = _run(ActionBoughtTogether(), tracker)
    assert _slots(events) == {"focus_item": unpaired}
    assert "don't show anything bought together" in messages[0]["text"]
    assert messages[0]["buttons"] == [{"title": "More like this", "payload": "more like this"}]


def test_picking_an_item_mentions_what_is_bought_with_it(recommender) -> None:
    paired, _ = _with_and_without_companions(recommender)
    tracker = _tracker("select_second")
    tracker.latest_message["text"] = f"tell me about {paired}"
    _, messages = _run(ActionShowItem(), tracker)
    companions = recommender.bought_together(paired, k=2).hits
    assert "Often bought with it: " + companions[0].product.name in messages[0]["text"]
    assert {"title": "What goes with it?", "payload": "what goes well with this?"} in messages[0]["buttons"]
