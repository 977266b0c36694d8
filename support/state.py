"""The customer-service desk's conversation state, as it travels in Rasa slots.

Two records: :class:`Session` (who the shopper proved to be; lives for the whole conversation)
and :class:`Draft` (the request being put together: task, order, items, new items, payment,
reason, address, and which question is open). Both round-trip through plain dicts so the action
server can keep them in ``any`` slots, and both tolerate a missing or malformed slot value by
starting fresh rather than failing the turn.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

#: Intent name → the task the desk carries out for it.
TASK_OF_INTENT = {
    "order_status": "status",
    "cancel_order": "cancel",
    "modify_order_items": "modify_items",
    "modify_order_address": "modify_address",
    "modify_order_payment": "modify_payment",
    "return_items": "return",
    "exchange_items": "exchange",
    "change_default_address": "user_address",
    # Read-only: suggestions from the verified shopper's own orders (the action server answers).
    "recommend_for_me": "recommend",
}

#: How a finished draft ended; the action server acts on it after the form closes.
CONFIRMED = "confirmed"  # the shopper said yes: carry out the write
DECLINED = "declined"  # the shopper said no at the confirmation
ABANDONED = "abandoned"  # the shopper stopped before the confirmation
ANSWERED = "answered"  # a read-only request, already answered
HANDOFF = "handoff"  # too many failed identity checks: offer a person

#: Most identity attempts before the desk stops asking (policy: offer a human instead).
MAX_IDENTITY_ATTEMPTS = 5


@dataclass
class Session:
    """Who the shopper is: set once per conversation, never replaced by another user."""

    user_id: str | None = None
    attempts: int = 0
    #: The order the conversation was last about ("cancel that order" in the next request).
    recent_order: str | None = None

    @classmethod
    def from_slot(cls, value: Any) -> Session:
        return _from_dict(cls, value)

    def to_slot(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Draft:
    """One request in progress.

    Attributes:
        task: One of the values of :data:`TASK_OF_INTENT`, or None until the shopper says.
        order_id: The order the request is about, once checked (owner, status).
        order_hint: An order id the shopper gave before being verified; checked afterwards.
        mentioned: An order talked about that the task can't be done for (its status); if the
            shopper then asks for something else ("cancel it instead"), it is the order meant.
        lines: Item ids of the order lines the request is about (repeats allowed: two of a kind).
        targets: For exchanges and item changes, the new item id of each line (None: not yet).
        payment_method_id: Refund destination or payer of a price difference or new payment.
        reason: Cancellation reason, one of the two the policy accepts.
        address: New address (six τ² fields) for address changes.
        name, zip: Half of a name + zip identification, kept until the other half arrives.
        earlier: What the shopper said before being verified (at most three messages), read as
            the request once they are.
        unread: What the shopper said about items before the order was known (at most three
            messages), read for items once it is.
        awaiting: The open question: identity, task, order, items, targets, reason, address,
            payment or confirm.
        choosing: Index of the line whose new item is being chosen from ``options``.
        options: Candidate ids offered in the last question (orders, items or variants).
        question: The open question as a reply dict (text, buttons), re-asked after digressions.
        outcome: How the draft ended (see the constants above); None while in progress.
    """

    task: str | None = None
    order_id: str | None = None
    order_hint: str | None = None
    mentioned: str | None = None
    lines: list[str] = field(default_factory=list)
    targets: list[str | None] = field(default_factory=list)
    payment_method_id: str | None = None
    reason: str | None = None
    address: dict[str, str] | None = None
    name: list[str] | None = None
    zip: str | None = None
    earlier: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    awaiting: str | None = None
    choosing: int | None = None
    options: list[str] = field(default_factory=list)
    question: dict[str, Any] | None = None
    outcome: str | None = None

    @classmethod
    def from_slot(cls, value: Any) -> Draft:
        return _from_dict(cls, value)

    def to_slot(self) -> dict[str, Any]:
        return asdict(self)

    def restart(self, task: str | None) -> Draft:
        """A fresh draft for another task that keeps what still applies: the order talked about.

        The order comes back as a hint ("then cancel it instead"): it is checked again for the
        new task, and an order the shopper names in the same message takes its place.
        """
        return Draft(task=task, order_hint=self.order_id or self.order_hint or self.mentioned)


def _from_dict(cls: type, value: Any) -> Any:
    if not isinstance(value, dict):
        return cls()
    known = {f.name for f in fields(cls)}
    try:
        return cls(**{k: v for k, v in value.items() if k in known})
    except TypeError:
        return cls()
