"""Order-help, handoff and fallback actions on a tracker fixture, against a real SQLite store.

``fixtures/order_turn.json`` is a tracker as the Rasa server sends it for one shopper message;
each test sets the message and the slots a previous turn left, runs the action as the action
server would, and asserts the exact events and messages.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.handoff import ActionDefaultAskAffirmation, ActionDefaultFallback, ActionHandoff
from actions.orders import ActionAskOrderStep, ActionFinishOrderRequest, ValidateOrderForm
from actions.service import use_store
from store import ShopStore, StoreSettings
from tests.actions.running import fixture_state, run_action


@pytest.fixture(scope="module")
def template(tau2_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("orders") / "template.db"
    ShopStore.open(StoreSettings(db_url=f"sqlite:///{path}", seed_file=tau2_db)).close()
    return path


@pytest.fixture(autouse=True)
def store(template: Path, tau2_db: Path, tmp_path: Path) -> Iterator[ShopStore]:
    path = tmp_path / "shop.db"
    shutil.copyfile(template, path)
    shop = ShopStore.open(StoreSettings(db_url=f"sqlite:///{path}", seed_file=tau2_db))
    use_store(shop)
    yield shop
    use_store(None)
    shop.close()


def _tracker(text: str, intent: str, *, events: list[dict] | None = None, **slots: Any) -> Tracker:
    state = fixture_state("order_turn")
    state["latest_message"].update(text=text, intent={"name": intent, "confidence": 0.9})
    state["events"][-1].update(text=text, parse_data={"text": text, "intent": {"name": intent, "confidence": 0.9}})
    state["events"] += events or []
    state["slots"].update(slots)
    return Tracker.from_dict(state)


_run = run_action


def _slots(events: list[dict]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def test_order_question_asks_for_identity_and_reveals_nothing() -> None:
    events, messages = _run(ValidateOrderForm(), _tracker("where is my order #W2378156", "order_status"))
    slots = _slots(events)
    assert slots["requested_slot"] == "order_step" and slots["order_step"] is None
    assert slots["customer"]["user_id"] is None and slots["customer"]["attempts"] == 0
    assert slots["order_request"]["task"] == "status" and slots["order_request"]["order_hint"] == "#W2378156"
    assert messages == []  # the question is asked by action_ask_order_step
    _, asked = _run(ActionAskOrderStep(), _tracker("", "order_status", order_request=slots["order_request"]))
    assert "verify your identity" in asked[0]["text"]


def test_verified_status_answer_closes_the_form() -> None:
    draft = _slots(_run(ValidateOrderForm(), _tracker("where is my order #W2378156", "order_status"))[0])["order_request"]
    events, messages = _run(ValidateOrderForm(), _tracker("Yusuf Rossi, 19122", "inform", order_request=draft))
    slots = _slots(events)
    assert slots["requested_slot"] is None and slots["order_step"] == "done"
    assert slots["customer"]["user_id"] == "yusuf_rossi_9620"
    assert slots["order_request"]["outcome"] == "answered"
    assert "Order #W2378156 is delivered" in messages[-1]["text"]


def test_digression_returns_no_events_so_rasa_rejects_the_form() -> None:
    draft = _slots(_run(ValidateOrderForm(), _tracker("cancel my order", "cancel_order"))[0])["order_request"]
    events, messages = _run(ValidateOrderForm(), _tracker("how long does shipping take", "faq", order_request=draft))
    assert events == [] and messages == []


def test_resuming_after_a_digression_does_not_read_it_again() -> None:
    draft = _slots(_run(ValidateOrderForm(), _tracker("cancel my order", "cancel_order"))[0])["order_request"]
    rejected = [{"event": "action_execution_rejected", "name": "order_form", "timestamp": 1764489602.0},
                {"event": "action", "name": "utter_faq", "timestamp": 1764489603.0}]
    events, messages = _run(ValidateOrderForm(), _tracker("how long does shipping take", "faq",
                                                          events=rejected, order_request=draft))
    assert events == [] and messages == []


def test_finish_carries_out_a_confirmed_cancel_once(store: ShopStore) -> None:
    customer = {"user_id": "yusuf_rossi_9620", "attempts": 0}
    draft = {"task": "cancel", "order_id": "#W6247578", "reason": "no longer needed", "outcome": "confirmed"}
    events, messages = _run(ActionFinishOrderRequest(), _tracker("yes", "affirm", customer=customer, order_request=draft))
    assert _slots(events) == {"order_request": None, "order_step": None}
    assert "is cancelled" in messages[0]["text"]
    assert [(e.op, dict(e.args), e.conversation_id) for e in store.audit_log()] == [
        ("cancel_pending_order", {"order_id": "#W6247578", "reason": "no longer needed"}, "shopper-7")]


def test_finish_writes_nothing_unless_confirmed(store: ShopStore) -> None:
    customer = {"user_id": "yusuf_rossi_9620", "attempts": 0}
    for outcome in ("declined", "abandoned", "answered", None):
        draft = {"task": "cancel", "order_id": "#W6247578", "reason": "no longer needed", "outcome": outcome}
        _run(ActionFinishOrderRequest(), _tracker("no", "deny", customer=customer, order_request=draft))
    assert store.audit_log() == []


def test_finish_after_failed_identity_offers_a_person() -> None:
    draft = {"task": "cancel", "outcome": "handoff"}
    _, messages = _run(ActionFinishOrderRequest(), _tracker("x@example.com", "inform", order_request=draft))
    assert messages[0]["buttons"] == [{"title": "Talk to a person", "payload": "/request_human"}]


def test_handoff_stores_a_record_and_pauses(store: ShopStore) -> None:
    customer = {"user_id": "yusuf_rossi_9620", "attempts": 0}
    draft = {"task": "return", "order_id": "#W2378156"}
    events, messages = _run(ActionHandoff(), _tracker("I want a human", "request_human",
                                                      customer=customer, order_request=draft))
    assert [e["event"] for e in events] == ["slot", "pause"]
    assert messages[0]["custom"] == {"type": "handoff"} and "HUMAN AGENT" in messages[0]["text"]
    (handoff,) = store.handoffs(status="open")
    assert handoff.conversation_id == "shopper-7" and handoff.user_id == "yusuf_rossi_9620"
    assert handoff.reason == "shopper asked for a person"
    assert "#W2378156" in handoff.summary and "return" in handoff.summary
    assert handoff.transcript[-1]["text"] == "I want a human"
    assert [e.op for e in store.audit_log()] == ["transfer_to_human_agents"]


def test_fallback_rephrase_first_then_a_person(store: ShopStore) -> None:
    events, messages = _run(ActionDefaultFallback(), _tracker("blorp", "nlu_fallback"))
    assert [e["event"] for e in events] == ["slot", "rewind"] and store.handoffs() == []
    events, _ = _run(ActionDefaultFallback(), _tracker("blorp again", "nlu_fallback", fallbacks=1.0))
    assert "pause" in [e["event"] for e in events]
    assert store.handoffs()[0].reason == "bot did not understand the shopper repeatedly"


def test_ask_affirmation_offers_the_likeliest_intents_in_words() -> None:
    _, messages = _run(ActionDefaultAskAffirmation(), _tracker("hmm my thing", "nlu_fallback"))
    assert [b["title"] for b in messages[0]["buttons"]] == [
        "Check an order", "Return items", "A question about the shop", "Something else"]
    assert messages[0]["buttons"][0]["payload"] == "/order_status"


def test_recommendations_need_identity_then_name_the_shoppers_orders(tau2_recommender, store: ShopStore) -> None:
    from actions.service import use_recommender

    use_recommender(tau2_recommender)
    try:
        events, messages = _run(ValidateOrderForm(), _tracker("what would you recommend for me?", "recommend_for_me"))
        slots = _slots(events)
        assert slots["order_request"]["task"] == "recommend" and slots["customer"]["user_id"] is None
        assert slots["requested_slot"] == "order_step" and messages == []
        events, _ = _run(ValidateOrderForm(), _tracker("Yusuf Rossi, 19122", "inform", order_request=slots["order_request"]))
        slots = _slots(events)
        assert slots["order_request"]["outcome"] == "answered" and slots["order_step"] == "done"
        events, messages = _run(ActionFinishOrderRequest(), _tracker(
            "Yusuf Rossi, 19122", "inform", customer=slots["customer"], order_request=slots["order_request"]))
    finally:
        use_recommender(None)
    orders = store.orders_of("yusuf_rossi_9620")
    bought = {i.product_id for o in orders if o.status != "cancelled" for i in o.items}
    cards = [p for m in messages if m.get("custom") for p in m["custom"]["products"]]
    assert messages[0]["text"].startswith("Picked for you") and cards
    assert _slots(events)["shown_items"] == [c["item_id"] for c in cards]
    for card in cards:
        assert card["product_id"] not in bought
        order = card["reason"].split("similar to your order ")[1].split(" ")[0]
        assert order in {o.order_id for o in orders}
    assert store.audit_log() == []  # read-only
