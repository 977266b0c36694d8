"""What the desk asks next: the first thing the request still lacks, in policy order.

Identity, then the order, then what the task needs (reason, items and their new variants,
address, payment method), and last the confirmation. A read-only request (order status) is
answered as soon as the order is known; a request for suggestions as soon as the shopper is known.
"""

from __future__ import annotations

from support.desk.confirmation import confirmation
from support.desk.details import ask_payment, payment_choices
from support.desk.identity import ask_identity
from support.desk.lines import ask_target, first_missing
from support.desk.ordering import ask_order
from support.desk.turn import StoreReader, Turn, ask, finish, order_of, user_of
from support.state import ABANDONED, ANSWERED
from support.wording import Reply, item_text, numbered, order_details


def next_step(store: StoreReader, turn: Turn, *, understood: bool) -> Turn:
    """Ask for the first missing detail, answer a status request, or ask for the confirmation.

    Args:
        store: Where users, orders and products are read.
        turn: The turn so far; its draft holds everything read from the message.
        understood: Whether the message gave anything (a "Sorry, I didn't catch that" otherwise).
    """
    draft = turn.draft
    user = user_of(store, turn)
    if draft.task is None:
        # Nothing asked yet (the shopper only said who they are): close the request and let
        # the next message say what they need.
        return finish(turn, ANSWERED, None, Reply(
            "What can I help you with? I can look up an order, cancel or change a pending "
            "order, return or exchange delivered items, or change your default address.",
            buttons=(("Where is my order?", "/order_status"), ("Return items", "/return_items"),
                     ("Exchange items", "/exchange_items"), ("Cancel an order", "/cancel_order")))) if turn.session.user_id \
            else ask_identity(turn, progressed=understood, intent="")
    if user is None:
        return finish(turn, ABANDONED, "Sorry, I can't find your account any more.")
    if draft.task == "recommend":
        # Read-only and about the shopper, not one order: the action server shows the
        # suggestions once the form closes (actions/orders.py).
        return finish(turn, ANSWERED)
    if draft.task not in ("user_address", "recommend") and draft.order_id is None:
        return ask_order(store, turn, user, understood)
    order = order_of(store, draft)
    if turn.ask_first is not None and draft.task in ("return", "exchange", "modify_items"):
        return ask(turn, "items", turn.ask_first)
    if draft.task == "status":
        assert order is not None
        turn.replies.append(Reply(order_details(order, dict(user.payment_methods))))
        return finish(turn, ANSWERED)
    if draft.task == "cancel" and draft.reason is None:
        return ask(turn, "reason", Reply(
            "Why would you like to cancel it? I can cancel an order that is no longer needed "
            "or was ordered by mistake.",
            buttons=(("No longer needed", "no longer needed"), ("Ordered by mistake", "ordered by mistake"))))
    if draft.task in ("return", "exchange", "modify_items") and not draft.lines:
        assert order is not None
        verb = {"return": "return", "exchange": "exchange", "modify_items": "change"}[draft.task]
        draft.options = [i.item_id for i in order.items]
        return ask(turn, "items", Reply(
            f"Which items of order {order.order_id} would you like to {verb}?\n"
            + numbered(item_text(i) for i in order.items)))
    if draft.task in ("exchange", "modify_items"):
        assert order is not None
        index = draft.choosing if draft.choosing is not None else first_missing(draft)
        if index is not None:
            return ask_target(store, turn, order, index)
    if draft.task in ("modify_address", "user_address") and draft.address is None:
        where = f"order {draft.order_id}" if draft.task == "modify_address" else "your account"
        return ask(turn, "address", Reply(
            f"What's the new address for {where}? Please give the street, suite (if any), "
            "city, state and zip code."))
    if draft.task in ("return", "exchange", "modify_items", "modify_payment") and draft.payment_method_id is None:
        assert order is not None
        choice = payment_choices(store, draft, user, order)
        if len(choice) == 1 and draft.task != "modify_payment":
            draft.payment_method_id = choice[0].id
        else:
            return ask_payment(store, turn, order, choice)
    return ask(turn, "confirm", confirmation(store, draft, user))
