"""Rasa glue for verified order help: the ``order_form`` loop around :class:`support.desk.Desk`.

The form has one requested slot, ``order_step``, that stays open until the desk says the request
is finished. Every shopper message while the form is active goes to ``validate_order_form``,
which hands it to the desk and stores the desk's state in two slots:

- ``customer`` (:class:`support.state.Session`): who the shopper proved to be;
- ``order_request`` (:class:`support.state.Draft`): the request being put together.

When the desk steps aside (an FAQ, "help", a request for a person), the validation returns no
events, so Rasa rejects the form for that turn and the digression rules in ``data/rules.yml``
answer; the form then resumes and ``action_ask_order_step`` repeats the open question. When the
desk finishes, ``action_finish_order_request`` carries out a confirmed write (the only place a
write happens) and clears the draft.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import show_for_you
from actions.service import get_store
from support.desk import Desk, Message
from support.state import ANSWERED, CONFIRMED, HANDOFF, Draft, Session
from support.wording import Reply

DRAFT_SLOT = "order_request"
SESSION_SLOT = "customer"
STEP_SLOT = "order_step"
REQUESTED_SLOT = "requested_slot"


def say(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    """Send one desk reply: text, buttons and (for cards or handoff notices) a custom payload."""
    kwargs: dict[str, Any] = {"text": reply.text}
    if reply.buttons:
        kwargs["buttons"] = [{"title": t, "payload": p} for t, p in reply.buttons]
    if reply.custom is not None:
        kwargs["json_message"] = reply.custom
    dispatcher.utter_message(**kwargs)


def session_of(tracker: Tracker) -> Session:
    return Session.from_slot(tracker.get_slot(SESSION_SLOT))


def draft_of(tracker: Tracker) -> Draft:
    return Draft.from_slot(tracker.get_slot(DRAFT_SLOT))


def _message(tracker: Tracker) -> Message:
    latest = tracker.latest_message or {}
    return Message(text=str(latest.get("text") or ""), intent=(latest.get("intent") or {}).get("name"))


def _answered_already(tracker: Tracker) -> bool:
    """True when the latest message was a digression the rules already answered.

    Rasa calls the validation again when the form resumes after a digression; the message it
    sees then is the digression itself, which must not be read as an answer a second time.
    """
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action_execution_rejected":
            return True
    return False


class ValidateOrderForm(Action):
    """Reads each message of an active ``order_form`` into the desk."""

    def name(self) -> str:
        return "validate_order_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if _answered_already(tracker):
            return []
        draft = draft_of(tracker)
        if draft.outcome is not None:
            draft = Draft()
        turn = Desk(get_store()).handle(_message(tracker), draft, session_of(tracker))
        if turn.stepped_aside:
            return []
        for reply in turn.replies:
            say(dispatcher, reply)
        events: list[EventType] = [
            SlotSet(DRAFT_SLOT, turn.draft.to_slot()),
            SlotSet(SESSION_SLOT, turn.session.to_slot()),
        ]
        if turn.done:
            return [*events, SlotSet(STEP_SLOT, "done"), SlotSet(REQUESTED_SLOT, None)]
        return [*events, SlotSet(STEP_SLOT, None), SlotSet(REQUESTED_SLOT, STEP_SLOT)]


class ActionAskOrderStep(Action):
    """Asks the desk's open question (again, after a digression)."""

    def name(self) -> str:
        return "action_ask_order_step"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        question = draft_of(tracker).question
        if question:
            say(dispatcher, Reply.from_dict(question))
        return []


class ActionFinishOrderRequest(Action):
    """Carries out a confirmed request (the one place a write happens) and clears the draft."""

    def name(self) -> str:
        return "action_finish_order_request"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        draft, session = draft_of(tracker), session_of(tracker)
        store = get_store()
        if draft.outcome == CONFIRMED:
            for reply in Desk(store).execute(draft, session, tracker.sender_id, store):
                say(dispatcher, reply)
        elif draft.outcome == ANSWERED and draft.task == "recommend":
            return [*show_for_you(dispatcher, tracker), SlotSet(DRAFT_SLOT, None), SlotSet(STEP_SLOT, None)]
        elif draft.outcome == HANDOFF:
            say(dispatcher, Reply(
                "I couldn't verify your identity after five attempts, so I've stopped asking. "
                "A person from our support team can help you further.",
                buttons=(("Talk to a person", "/request_human"),)))
        return [SlotSet(DRAFT_SLOT, None), SlotSet(STEP_SLOT, None)]
