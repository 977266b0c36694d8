"""Checks a REST webhook body before any of it reaches Rasa's tracker.

This module knows nothing of Sanic or Rasa: :func:`check_webhook_body` takes the raw request body
and returns one of three outcomes, and the channel (:mod:`bot.channels`) turns each into an HTTP
response. Keeping the rules here makes them readable in one place and testable without a server.

The three outcomes:

* :class:`ShopperMessage` — well-formed and worth understanding; hand it to Rasa.
* :class:`Rejected` — the client sent something that is not a chat message (bad JSON, wrong
  field types). That is a programming error on the client's side, so it gets HTTP 400.
* :class:`AnsweredDirectly` — a well-formed message that NLU cannot do anything useful with
  (empty, or far too long). The shopper gets a normal bot reply, and the tracker never sees it,
  so nonsense turns do not pollute the conversation history or the dialogue policy's context.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from typing import Any, Union

__all__ = [
    "DEFAULT_SENDER_ID",
    "EMPTY_MESSAGE_REPLY",
    "AnsweredDirectly",
    "CheckResult",
    "Rejected",
    "ShopperMessage",
    "check_webhook_body",
    "clean_text",
    "too_long_reply",
]

DEFAULT_SENDER_ID = "default"
"""Sender id used when the body has none; the same value as ``rasa.shared.constants``."""

EXAMPLE_REQUEST = '"a blue cotton t-shirt under $60"'

EMPTY_MESSAGE_REPLY = f"I didn't get any text. Try something like {EXAMPLE_REQUEST}."

_EXAMPLE_BODY = '{"sender": "...", "message": "..."}'

_WHITESPACE_CONTROLS = "\t\n\r\v\f\x1c\x1d\x1e\x1f\x85"
"""Control characters that separate words; they become spaces rather than vanish."""


@dataclass(frozen=True)
class ShopperMessage:
    """A message that passed every check and may go to the tracker.

    Attributes:
        sender: Conversation id from the body; ``None`` lets Rasa use its default sender.
        text: The cleaned text (see :func:`clean_text`), stripped of surrounding whitespace.
        input_channel: Channel name the client asked to be recorded under, if any (Rasa's
            RestInput honours this field, so it is kept).
        metadata: The ``metadata`` object from the body, if any; stored on the user event.
    """

    sender: str | None
    text: str
    input_channel: str | None = None
    metadata: dict[str, Any] | None = None


@dataclass(frozen=True)
class Rejected:
    """The body is not a valid chat request; answer HTTP 400 with ``{"error": error}``.

    Attributes:
        error: What was wrong, naming the field and what it should be.
    """

    error: str


@dataclass(frozen=True)
class AnsweredDirectly:
    """A valid request answered by the channel itself, without involving the tracker.

    Attributes:
        recipient_id: Who the reply is for (the request's sender, or the default sender).
        text: The bot's reply.
    """

    recipient_id: str
    text: str


CheckResult = Union[ShopperMessage, Rejected, AnsweredDirectly]


def clean_text(text: str) -> str:
    """Remove characters that have no place in a typed chat message.

    Word-separating controls (newline, tab, carriage return, ...) become spaces so words do not
    run together; every other C0/C1 control character and any unpaired UTF-16 surrogate (which
    JSON's ``\\ud800`` escapes can produce and which cannot be encoded back to UTF-8) is dropped.
    Everything else — emoji, zero-width joiners inside emoji, right-to-left marks, Arabic and
    Hebrew text — passes through untouched.

    Args:
        text: The raw message text.

    Returns:
        The cleaned text; same length or shorter, not stripped.
    """
    kept: list[str] = []
    for char in text:
        if char in _WHITESPACE_CONTROLS:
            kept.append(" ")
        elif unicodedata.category(char) not in ("Cc", "Cs"):
            kept.append(char)
    return "".join(kept)


def too_long_reply(length: int, limit: int) -> str:
    """Word the bot's answer to a message over the length limit.

    Args:
        length: How many characters the message had (after cleaning).
        limit: The largest accepted length.

    Returns:
        A reply telling the shopper both numbers and what to send instead.
    """
    return (
        f"That message is {length:,} characters long, but I can only read up to {limit:,} at a "
        f"time. Could you shorten it to what you're looking for, like {EXAMPLE_REQUEST}?"
    )


def check_webhook_body(body: bytes, max_chars: int) -> CheckResult:
    """Decide what to do with one POST to the REST webhook.

    Expected body: ``{"sender": str, "message": str}``, optionally with ``"metadata": {...}`` and
    ``"input_channel": str`` as Rasa's RestInput accepts. ``sender`` may be omitted (or null), in
    which case Rasa's default sender is used.

    Args:
        body: The raw request body.
        max_chars: Longest accepted message, counted in Unicode code points after cleaning and
            stripping.

    Returns:
        :class:`Rejected` for anything that is not a well-formed request, :class:`AnsweredDirectly`
        for an empty or over-long message, otherwise the cleaned :class:`ShopperMessage`.
    """
    parsed = parse_json_object(body, _EXAMPLE_BODY)
    if isinstance(parsed, Rejected):
        return parsed

    sender = parsed.get("sender")
    if sender is not None and not isinstance(sender, str):
        return Rejected(f'field "sender" must be a string, got {json_type(sender)}')
    if sender is not None and not sender.strip():
        return Rejected('field "sender" must not be empty; omit it to use the default sender')

    if "message" not in parsed:
        return Rejected('field "message" is required: a string with the shopper\'s text')
    message = parsed["message"]
    if not isinstance(message, str):
        return Rejected(f'field "message" must be a string, got {json_type(message)}')

    input_channel = parsed.get("input_channel")
    if input_channel is not None and not isinstance(input_channel, str):
        return Rejected(f'field "input_channel" must be a string, got {json_type(input_channel)}')
    metadata = parsed.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        return Rejected(f'field "metadata" must be an object, got {json_type(metadata)}')

    recipient_id = sender if sender is not None else DEFAULT_SENDER_ID
    text = clean_text(message).strip()
    if not text:
        return AnsweredDirectly(recipient_id, EMPTY_MESSAGE_REPLY)
    if len(text) > max_chars:
        return AnsweredDirectly(recipient_id, too_long_reply(len(text), max_chars))
    return ShopperMessage(
        sender=sender, text=text, input_channel=input_channel or None, metadata=metadata
    )


def parse_json_object(body: bytes, example: str) -> dict[str, Any] | Rejected:
    """Parse a request body that must be a JSON object, or say what is wrong with it.

    Args:
        body: The raw request body.
        example: A well-formed body, quoted in the error (e.g. ``{"text": "..."}``).

    Returns:
        The object, or :class:`Rejected` for malformed JSON or another JSON type.
    """
    parsed = _parse_json(body)
    if isinstance(parsed, Rejected):
        return parsed
    if not isinstance(parsed, dict):
        return Rejected(f"the request body must be a JSON object like {example}, got {json_type(parsed)}")
    return parsed


def _parse_json(body: bytes) -> Any:
    """Parse the body, or return :class:`Rejected` with a ``malformed JSON: ...`` error."""
    if not body.strip():
        return Rejected(f"malformed JSON: the body is empty; send {_EXAMPLE_BODY}")
    try:
        return json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as error:
        where = f"{error.reason} at byte {error.start}"
        return Rejected(f"malformed JSON: the body is not valid UTF-8 ({where})")
    except json.JSONDecodeError as error:
        return Rejected(f"malformed JSON: {error}")
    except RecursionError:
        return Rejected("malformed JSON: nested too deeply")


def json_type(value: Any) -> str:
    """Name a parsed JSON value's type the way a client developer would."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"
