"""End to end: both real servers, the trained model, the real store, a conversation over REST.

Starts the action server (Python 3.11 env) and ``rasa run`` (Python 3.10 env) on free ports,
then drives search → refine → pick → more like this, checking every product shown against the
catalog: it exists, and it satisfies every filter the shopper asked for. Then bad input, and that
the conversation state survived it.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from recommender.catalog import Catalog, load_catalog
from tests.e2e.harness import Servers, ServerError, running_servers


class Shop:
    """The running servers plus the catalog they serve, to check every card against."""

    def __init__(self, servers: Servers, catalog: Catalog) -> None:
        self.servers = servers
        self.catalog = catalog
        self.webhook = servers.webhook
        self.base = servers.base
        self.say = servers.say


@pytest.fixture(scope="module")
def servers(demo_recommender, demo_store_file: Path, demo_index_dir: Path,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shop]:
    # demo_recommender first: the index is built once, here, and the action server loads it.
    try:
        with running_servers(demo_store_file, tmp_path_factory.mktemp("e2e"), index_dir=demo_index_dir) as running:
            yield Shop(running, load_catalog(demo_store_file))
    except ServerError as exc:
        pytest.fail(str(exc))


def _products(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cards = [m["custom"] for m in messages if isinstance(m.get("custom"), dict)]
    assert cards, f"no product cards in {messages}"
    assert all(c["type"] == "products" for c in cards)
    return [p for c in cards for p in c["products"]]


def _text(messages: list[dict[str, Any]]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def _check_shirts(servers: Shop, products: list[dict[str, Any]], max_price: float) -> None:
    """Every card is a real catalog item and a blue cotton t-shirt under the price."""
    for card in products:
        variant = servers.catalog.variant(card["item_id"])
        assert variant is not None, f"{card['item_id']} is not in the catalog"
        product = servers.catalog.product_of(variant)
        assert card["product_id"] == product.product_id and card["title"] == product.name
        assert card["price"] == variant.price and card["options"] == dict(variant.options)
        assert product.category.lower() == "t-shirt", product
        assert variant.options["color"].lower() == "blue", variant
        assert variant.options["material"].lower() == "cotton", variant
        assert variant.price < max_price, variant
        assert card["reason"] and card["currency"] == "USD"


def test_search_refine_pick_more_like(servers: Shop) -> None:
    sender = "e2e-shopper"
    first = _products(servers.say(sender, "a blue cotton t-shirt under $60"))
    assert len(first) >= 3
    _check_shirts(servers, first, 60)

    cheaper = _products(servers.say(sender, "cheaper"))
    median = statistics.median(p["price"] for p in first)
    _check_shirts(servers, cheaper, median)
    assert {p["item_id"] for p in cheaper} != {p["item_id"] for p in first}

    picked = servers.say(sender, "tell me more about the second one")
    second = cheaper[1]
    assert second["title"] in _text(picked)
    assert [p["item_id"] for p in _products(picked)] == [second["item_id"]]

    similar = _products(servers.say(sender, "more like the second one"))
    assert similar and second["item_id"] not in {p["item_id"] for p in similar}
    _check_shirts(servers, similar, median)


def test_bad_input_gets_clear_answers_and_keeps_state(servers: Shop) -> None:
    sender = "e2e-bad-input"
    shown = _products(servers.say(sender, "blue cotton t-shirt under 60"))

    malformed = requests.post(servers.webhook, data=b'{"sender": "x", "message": ', timeout=30,
                              headers={"Content-Type": "application/json"})
    assert malformed.status_code == 400 and "malformed JSON" in malformed.json()["error"]

    assert "didn't get any text" in _text(servers.say(sender, "   "))
    too_long = _text(servers.say(sender, "shirt " * 4000))
    assert "2,000" in too_long or "2000" in too_long  # names the limit
    assert _text(servers.say(sender, "🙂🙂🙂 مرحبا שלום"))  # answered, whatever it understood

    ninth = _text(servers.say(sender, "the 9th one"))
    assert f"only showed {len(shown)}" in ninth
    unknown = _text(servers.say(sender, "tell me more about product 1234567890"))
    assert "couldn't find" in unknown and "1234567890" in unknown

    # None of that lost the list on screen: "the second one" is still the second card.
    again = servers.say(sender, "tell me more about the second one")
    assert [p["item_id"] for p in _products(again)] == [shown[1]["item_id"]]


def test_chat_page_is_served(servers: Shop) -> None:
    page = requests.get(f"{servers.base}/chat/", timeout=10)
    assert page.status_code == 200 and "<html" in page.text.lower()
    assert "/webhooks/rest/webhook" in page.text + requests.get(f"{servers.base}/chat/chat.js", timeout=10).text


def _rules_from_orders(store_file: Path) -> dict[tuple[str, str], tuple[float, int]]:
    """Pair rules mined independently with mlxtend from the store's non-cancelled orders.

    Returns ``(antecedent, consequent) → (confidence, orders with both)`` at the bot's thresholds:
    two orders at least, confidence 0.1 at least.
    """
    import json

    import pandas as pd
    from mlxtend.frequent_patterns import association_rules, fpgrowth
    from mlxtend.preprocessing import TransactionEncoder

    orders = json.loads(store_file.read_text())["orders"].values()
    baskets = [sorted({line["product_id"] for line in o["items"]}) for o in orders if o["status"] != "cancelled"]
    encoder = TransactionEncoder()
    table = pd.DataFrame(encoder.fit(baskets).transform(baskets), columns=encoder.columns_)
    itemsets = fpgrowth(table, min_support=1.5 / len(baskets), use_colnames=True, max_len=2)
    rules = association_rules(itemsets, metric="confidence", min_threshold=0.1)
    return {
        (next(iter(r.antecedents)), next(iter(r.consequents))): (r.confidence, round(r.support * len(baskets)))
        for r in rules.itertuples()
    }


def test_what_goes_well_with_this_comes_from_mined_rules(servers: Shop, demo_store_file: Path) -> None:
    """Search, pick, "what goes well with this?": every suggestion is a rule mined from the orders."""
    rules = _rules_from_orders(demo_store_file)
    sources = {a for a, _ in rules}
    sender = "e2e-together"
    shown = _products(servers.say(sender, "hiking backpack"))
    picked = next((p for p in shown if p["product_id"] in sources), None)
    if picked is None:  # the search's top products have no rules: ask about one that does
        product_id = sorted(sources)[0]
        picked = {"item_id": servers.catalog.product(product_id).variants[0].item_id, "product_id": product_id}
    detail = servers.say(sender, f"tell me about {picked['item_id']}")
    assert "Often bought with it:" in _text(detail)
    answer = servers.say(sender, "what goes well with this?")
    companions = _products(answer)
    assert _text(answer).startswith("Shoppers who bought")
    best = max(conf for (a, _), (conf, _) in rules.items() if a == picked["product_id"])
    confidences = []
    for card in companions:
        confidence, together = rules[(picked["product_id"], card["product_id"])]  # a mined rule
        assert f"{round(confidence * 100)} %" in card["reason"] and f"({together} of " in card["reason"]
        confidences.append(confidence)
    assert confidences == sorted(confidences, reverse=True) and confidences[0] == pytest.approx(best)
    # and the list is a list like any other: "the second one" opens a companion
    if len(companions) >= 2:
        second = _text(servers.say(sender, "the second one"))
        assert companions[1]["title"] in second
