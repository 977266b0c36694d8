"""Rasa glue for reaching a person and for not understanding the shopper.

- ``action_handoff``: on request, on a complaint or after repeated failures: store a handoff
  record (reason, one-line summary, the transcript so far) for staff, tell the shopper what
  happens next, and pause the bot (``ConversationPaused``) until staff resume it through the
  staff API (:mod:`bot.staff`).
- ``action_default_ask_affirmation``: the first stage of Rasa's two-stage fallback, offering the
  likeliest intents as buttons in words a shopper understands.
- ``action_default_fallback``: the last stage: the first time ask to rephrase, the second time
  in a conversation hand over to a person.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, EventType, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.orders import DRAFT_SLOT, draft_of, session_of
from actions.service import get_store
from support.desk import Desk

FALLBACK_SLOT = "fallbacks"
TRANSCRIPT_LENGTH = 20

#: Why a conversation is handed over, by the intent that triggered it.
HANDOFF_REASONS = {
    "request_human": "shopper asked for a person",
    "complain": "shopper complained",
    "nlu_fallback": "bot did not understand the shopper repeatedly",
}

#: How the likeliest intents are offered when NLU is unsure.
INTENT_LABELS = {
    "order_status": "Check an order",
    "cancel_order": "Cancel an order",
    "modify_order_items": "Change items in an order",
    "modify_order_address": "Change an order's address",
    "modify_order_payment": "Change an order's payment",
    "return_items": "Return items",
    "exchange_items": "Exchange items",
    "change_default_address": "Change my address",
    "search_products": "Search products",
    "refine_search": "Refine my search",
    "select_item": "Show an item",
    "more_like_this": "Similar items",
    "bought_together": "What goes with it",
    "recommend_for_me": "Recommendations for me",
    "faq": "A question about the shop",
    "request_human": "Talk to a person",
    "help": "What can you do?",
}

HANDOFF_TEXT = (
    "YOU ARE BEING TRANSFERRED TO A HUMAN AGENT. PLEASE HOLD ON. "
    "A member of our support team will answer here in this chat; I've passed them a summary "
    "so you won't have to repeat yourself."
)


def transcript(tracker: Tracker, length: int = TRANSCRIPT_LENGTH) -> list[dict[str, str]]:
    """The last ``length`` shopper and bot messages, oldest first."""
    lines: list[dict[str, str]] = []
    for event in tracker.events:
        kind = event.get("event")
        if kind in ("user", "bot") and event.get("text"):
            who = "shopper" if kind == "user" else "bot"
            lines.append({"from": who, "text": str(event["text"]), "at": str(event.get("timestamp", ""))})
    return lines[-length:]


def hand_off(dispatcher: CollectingDispatcher, tracker: Tracker, reason: str) -> list[EventType]:
    """Store the handoff record, tell the shopper, and pause the bot."""
    store = get_store()
    draft, session = draft_of(tracker), session_of(tracker)
    summary = Desk(store).transfer_summary(draft, session, reason)
    store.transfer_to_human_agents(
        summary,
        reason=reason,
        transcript=tuple(transcript(tracker)),
        user_id=session.user_id,
        conversation_id=tracker.sender_id,
    )
    dispatcher.utter_message(text=HANDOFF_TEXT, json_message={"type": "handoff"})
    return [SlotSet(DRAFT_SLOT, None), ConversationPaused()]


class ActionHandoff(Action):
    """Hands the conversation to a person."""

    def name(self) -> str:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        return hand_off(dispatcher, tracker, HANDOFF_REASONS.get(intent, "shopper asked for a person"))


class ActionDefaultAskAffirmation(Action):
    """Offers the likeliest intents as buttons when NLU is unsure."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        ranking = tracker.latest_message.get("intent_ranking") or []
        buttons = []
        for entry in ranking:
            name = str(entry.get("name", ""))
            label = INTENT_LABELS.get(name.split("/")[0])
            if label and all(b["title"] != label for b in buttons):
                buttons.append({"title": label, "payload": f"/{name.split('/')[0]}"})
            if len(buttons) == 3:
                break
        buttons.append({"title": "Something else", "payload": "/out_of_scope"})
        dispatcher.utter_message(text="Sorry, I'm not sure I understood. Did you mean one of these?", buttons=buttons)
        return []


class ActionDefaultFallback(Action):
    """Asks to rephrase the first time; hands over to a person the second time."""

    def name(self) -> str:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        count = int(tracker.get_slot(FALLBACK_SLOT) or 0) + 1
        if count >= 2:
            return [SlotSet(FALLBACK_SLOT, 0), *hand_off(dispatcher, tracker, HANDOFF_REASONS["nlu_fallback"])]
        dispatcher.utter_message(response="utter_default")
        return [SlotSet(FALLBACK_SLOT, count), UserUtteranceReverted()]
