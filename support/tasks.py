"""Which order task a message's own words name: a cross-check on the NLU intent.

The NLU model labels each message with one intent; long messages that also carry an answer
("cancel order #W5056519, I ordered it by mistake", "return the keyboard, refund to the original
card") are sometimes labelled ``inform``, and a message answering a question ("the address on
file") sometimes with another task. The desk therefore takes a task from the intent only when the
message's words agree, and from the words alone when the intent names no task.
"""

from __future__ import annotations

import re

#: Task → the words that name it, most specific first (an address change mentions "change").
_TASK_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("user_address", re.compile(
        r"\b(default|account|profile|user|home)\s+address\b|\bmy address\b(?!.*\border\b)"
        r"|\baddress\b.*\b(on|of) (my|the) account\b", re.I)),
    ("modify_address", re.compile(
        r"\b(shipping|delivery)\s+address\b|\b(ship|send|deliver)\w*\b.*\bto\b.*\d{5}|\baddress\b.*\border\b|\border\b.*\baddress\b", re.I)),
    ("modify_payment", re.compile(
        r"\b(pay|paid|payment)\b.*\b(instead|with|using|switch|change)\b|\b(change|switch)\b.*\bpayment method\b", re.I)),
    ("cancel", re.compile(r"\bcancel", re.I)),
    ("return", re.compile(r"\breturn|\bsend (it|them|\w+) back\b|\bsend back\b", re.I)),
    ("exchange", re.compile(r"\bexchang|\breplace", re.I)),
    ("modify_items", re.compile(
        r"\b(change|switch|swap|modify|upgrade|downgrade)\b.*\b(to|for|into)\b|\b(change|modify)\b.*\b(item|size|colou?r|option)", re.I)),
    ("status", re.compile(
        r"\bstatus\b|\bwhere('s| is)\b.*\border|\btrack|\bshipped\b|\barriv|\bhow much did i pay\b|\bwhat did i (order|buy)\b", re.I)),
)


def task_words(text: str) -> list[str]:
    """The tasks the message's words name, most specific first (may be empty)."""
    return [task for task, pattern in _TASK_WORDS if pattern.search(text or "")]


def agreed_task(intent_task: str | None, text: str) -> str | None:
    """The task to start: the intent's if the words agree (or say nothing), else the words'.

    Args:
        intent_task: The task the NLU intent names, or None (inform, nlu_fallback, ...).
        text: The message.
    """
    words = task_words(text)
    if intent_task and (intent_task in words or not words):
        return intent_task
    return words[0] if words else None


def switch_to(intent_task: str | None, current: str | None, text: str) -> str | None:
    """A new task to switch to mid-request: only when intent and words both name it."""
    if intent_task and intent_task != current and intent_task in task_words(text):
        return intent_task
    return None


#: Tasks whose words alone make a message an order request, whatever else it says.
_UNMISTAKABLE = ("cancel", "return", "exchange")


def order_request(text: str) -> str | None:
    """The task of a message that is plainly about the shopper's own order, else None.

    For messages NLU took for a product search: "cancel the charger and the jacket, I no longer
    need them" names products, but asks to cancel. Only cancel, return and exchange count: a
    search may well say "change" or "address".
    """
    return next((task for task in task_words(text) if task in _UNMISTAKABLE), None)
