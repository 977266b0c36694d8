"""Tests of the conversation views read from a tracker's events."""

from __future__ import annotations

import asyncio

from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.transcript import bot_messages_since, conversation_entries, staff_name

PRODUCTS = {"type": "products", "products": [{"item_id": "1"}]}
BUTTONS = [{"title": "cheaper", "payload": "cheaper"}]


def tracker_with(*events) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("s1", list(events))


def test_staff_name_comes_from_the_metadata() -> None:
    assert staff_name(BotUttered("hi", metadata={"staff": "alice"})) == "alice"
    assert staff_name(BotUttered("hi", metadata={"utter_action": "utter_greet"})) is None
    assert staff_name(BotUttered("hi")) is None
    assert staff_name(BotUttered("hi", metadata={"staff": ""})) is None


def test_messages_after_since_are_shaped_like_the_webhook_reply() -> None:
    tracker = tracker_with(
        UserUttered("blue shirt", timestamp=1.0),
        BotUttered("old", timestamp=2.0),
        BotUttered("Here you go.", {"buttons": BUTTONS, "custom": PRODUCTS}, timestamp=3.0),
        BotUttered("First part.\n\nSecond part.", timestamp=4.0),
        BotUttered("Alice here", metadata={"staff": "alice"}, timestamp=5.0),
    )

    messages = asyncio.run(bot_messages_since(tracker, 2.0))

    assert messages == [
        {"recipient_id": "s1", "text": "Here you go.", "buttons": BUTTONS, "timestamp": 3.0},
        {"recipient_id": "s1", "custom": PRODUCTS, "timestamp": 3.0},
        {"recipient_id": "s1", "text": "First part.", "timestamp": 4.0},
        {"recipient_id": "s1", "text": "Second part.", "timestamp": 4.0},
        {"recipient_id": "s1", "text": "Alice here", "timestamp": 5.0, "staff": "alice"},
    ]


def test_nothing_after_the_newest_message() -> None:
    tracker = tracker_with(BotUttered("hi", timestamp=2.0))

    assert asyncio.run(bot_messages_since(tracker, 2.0)) == []


def test_conversation_entries_name_each_speaker_and_the_handoff() -> None:
    events = [
        ActionExecuted("action_listen", timestamp=0.5),
        UserUttered("I want a person", timestamp=1.0),
        BotUttered("Passing you on.", {"custom": {"type": "handoff"}}, timestamp=2.0),
        ConversationPaused(timestamp=2.1),
        SlotSet("focus_item", "x", timestamp=2.2),
        BotUttered("Alice here", metadata={"staff": "alice"}, timestamp=3.0),
        ConversationResumed(timestamp=4.0),
    ]

    assert conversation_entries(events) == [
        {"from": "user", "text": "I want a person", "timestamp": 1.0},
        {"from": "bot", "text": "Passing you on.", "timestamp": 2.0, "custom": {"type": "handoff"}},
        {"from": "event", "event": "paused", "timestamp": 2.1},
        {"from": "staff", "text": "Alice here", "timestamp": 3.0, "staff": "alice"},
        {"from": "event", "event": "resumed", "timestamp": 4.0},
    ]
