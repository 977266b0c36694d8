"""Read a conversation back out of a Rasa tracker: for the shopper's page and for staff.

Staff replies are ordinary ``BotUttered`` events whose metadata names the staff member
(:data:`STAFF_METADATA_KEY`), so every tracker store, the event broker and ``rasa export`` carry
them without any schema of our own. Two views are built from the events here, apart from any HTTP
code so they can be read and tested on their own:

* :func:`bot_messages_since` — what the REST webhook would have returned for each bot or staff
  message after a point in time, for the chat page to poll while a person is answering.
* :func:`conversation_entries` — the whole exchange (shopper, bot, staff, pause and resume), for
  the staff API.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rasa.core.channels.channel import CollectingOutputChannel
from rasa.shared.core.events import BotUttered, ConversationPaused, ConversationResumed, UserUttered

if TYPE_CHECKING:
    from rasa.shared.core.events import Event
    from rasa.shared.core.trackers import DialogueStateTracker

__all__ = [
    "STAFF_METADATA_KEY",
    "bot_messages_since",
    "conversation_entries",
    "staff_name",
]

STAFF_METADATA_KEY = "staff"
"""Key in a ``BotUttered`` event's metadata holding the name of the staff member who wrote it."""


def staff_name(event: BotUttered) -> str | None:
    """Say which staff member wrote a bot message, if one did.

    Args:
        event: A bot message from the tracker.

    Returns:
        The staff member's name, or ``None`` for the assistant's own messages.
    """
    name = (event.metadata or {}).get(STAFF_METADATA_KEY)
    return name if isinstance(name, str) and name else None


async def bot_messages_since(
    tracker: DialogueStateTracker, since: float
) -> list[dict[str, Any]]:
    """Return the bot and staff messages sent after ``since``, shaped as the webhook sends them.

    Each ``BotUttered`` is replayed through Rasa's own ``CollectingOutputChannel`` — the channel
    the REST webhook answers with — so the dictionaries are exactly what
    ``POST /webhooks/rest/webhook`` would have returned (one event may become several messages:
    text split at blank lines, then custom payload, image, attachment). Each also gets the
    event's ``timestamp`` and, for staff messages, ``staff`` with the staff member's name.

    Args:
        tracker: The conversation.
        since: Unix time; only messages with a strictly later timestamp are returned.

    Returns:
        The messages, oldest first.
    """
    messages: list[dict[str, Any]] = []
    for event in tracker.events:
        if not isinstance(event, BotUttered) or event.timestamp <= since:
            continue
        collector = CollectingOutputChannel()
        await collector.send_response(tracker.sender_id, event.message())
        name = staff_name(event)
        for message in collector.messages:
            message["timestamp"] = event.timestamp
            if name is not None:
                message[STAFF_METADATA_KEY] = name
            messages.append(message)
    return messages


def conversation_entries(events: list[Event]) -> list[dict[str, Any]]:
    """Summarise a conversation for staff: who said what, when, and when it was handed off.

    Args:
        events: The tracker's events, oldest first.

    Returns:
        One entry per shopper message (``"from": "user"``), assistant message (``"bot"``), staff
        message (``"staff"``, with ``staff``: the name) and pause or resume (``"event"``:
        ``"paused"`` / ``"resumed"``). Every entry has ``timestamp`` (Unix time); messages have
        ``text`` (``None`` for a card-only message) and bot messages carry their ``custom``
        payload when they had one.
    """
    entries: list[dict[str, Any]] = []
    for event in events:
        if isinstance(event, UserUttered):
            entries.append({"from": "user", "text": event.text, "timestamp": event.timestamp})
        elif isinstance(event, BotUttered):
            entries.append(_bot_entry(event))
        elif isinstance(event, ConversationPaused):
            entries.append({"from": "event", "event": "paused", "timestamp": event.timestamp})
        elif isinstance(event, ConversationResumed):
            entries.append({"from": "event", "event": "resumed", "timestamp": event.timestamp})
    return entries


def _bot_entry(event: BotUttered) -> dict[str, Any]:
    """One assistant or staff message of :func:`conversation_entries`."""
    name = staff_name(event)
    entry: dict[str, Any] = {
        "from": "bot" if name is None else "staff",
        "text": event.text,
        "timestamp": event.timestamp,
    }
    if name is not None:
        entry[STAFF_METADATA_KEY] = name
    custom = (event.data or {}).get("custom")
    if custom:
        entry["custom"] = custom
    return entry
