"""What one desk step works with: the message in, the turn out, and the store it reads.

:class:`Message` is a shopper message as NLU saw it; :class:`Turn` collects what the desk decided
for it (replies, the updated request and session). Every step of the desk (identity, order,
items, details, confirmation) takes the store and the turn and ends the same two ways, by
:func:`ask` (an open question) or :func:`finish` (an outcome), so those live here with them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from store.models import Order, Product, User, Variant
from support.state import Draft, Session
from support.wording import Reply


class StoreReader(Protocol):
    """The part of :class:`store.ShopStore` the desk reads while talking."""

    def find_user_id_by_email(self, email: str) -> str | None: ...
    def find_user_id_by_name_zip(self, first_name: str, last_name: str, zip: str) -> str | None: ...
    def get_user(self, user_id: str) -> User | None: ...
    def get_order(self, order_id: str) -> Order | None: ...
    def orders_of(self, user_id: str) -> list[Order]: ...
    def get_product(self, product_id: str) -> Product | None: ...
    def get_variant(self, item_id: str) -> Variant | None: ...


@dataclass(frozen=True)
class Message:
    """A shopper message as NLU saw it."""

    text: str
    intent: str | None = None


@dataclass
class Turn:
    """What the desk decided for one message.

    Attributes:
        replies: Messages to send now (before the open question, if any).
        draft: The request after this message; ``draft.question`` is the open question.
        session: Who the shopper is after this message.
        done: The request is finished (see ``draft.outcome``); the form closes.
        stepped_aside: The message was not for the desk (a digression); nothing changed.
    """

    replies: list[Reply] = field(default_factory=list)
    draft: Draft = field(default_factory=Draft)
    session: Session = field(default_factory=Session)
    done: bool = False
    stepped_aside: bool = False
    #: A question the message raised ("which vacuum cleaner?") that comes before any other step.
    ask_first: Reply | None = field(default=None, repr=False)


def ask(turn: Turn, awaiting: str, question: Reply) -> Turn:
    """Leave ``question`` open: the next message is read as its answer (``draft.awaiting``)."""
    turn.draft.awaiting = awaiting
    turn.draft.question = question.as_dict()
    return turn


def finish(turn: Turn, outcome: str, text: str | None = None, reply: Reply | None = None) -> Turn:
    """End the request with ``outcome`` (see :mod:`support.state`), closing any open question.

    Args:
        turn: The turn to end.
        outcome: How the request ended.
        text: A last reply to send, if any.
        reply: Another last reply (with buttons), sent after ``text``.
    """
    turn.draft.outcome = outcome
    turn.draft.awaiting = None
    turn.draft.question = None
    if text:
        turn.replies.append(Reply(text))
    if reply:
        turn.replies.append(reply)
    turn.done = True
    return turn


def user_of(store: StoreReader, turn: Turn) -> User | None:
    """The verified shopper's account; None before verification."""
    return store.get_user(turn.session.user_id) if turn.session.user_id else None


def order_of(store: StoreReader, draft: Draft) -> Order | None:
    """The order the request is about; None until it is known."""
    return store.get_order(draft.order_id) if draft.order_id else None
