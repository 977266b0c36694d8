"""Reading one message into the request in progress: every detail it gives, in policy order.

The order first (a request is about one order), then what the task needs from it: a reason for a
cancellation, the items and their new variants, an address, a payment method. Details given
before the order was known are kept and read once it is.
"""

from __future__ import annotations

import re

from support import extract, resolve
from support.desk.details import cancel_limits, read_address, read_payment, read_reason
from support.desk.lines import read_lines
from support.desk.ordering import order_mentions, read_order
from support.desk.turn import StoreReader, Turn, order_of, user_of

#: "… to my default address": the account's address is where something should go, not what changes.
_TO_DEFAULT = re.compile(
    r"\b(?:to|with|use|using)\s+(?:the\s+|my\s+)?(?:default|profile|account|home)(?:\s+\w+){0,2}?\s+address\b"
    r"|\b(?:to|with|use|using)\s+(?:the\s+|my\s+)?address\s+(?:on file|in my profile|on my (?:profile|account))",
    re.I,
)


def read_request(store: StoreReader, turn: Turn, text: str) -> bool:
    """Take every detail this message gives for the current request; True if it gave any."""
    draft = turn.draft
    progress = False
    if draft.task is None:
        return False
    if draft.task == "user_address" and _TO_DEFAULT.search(text) and (
        extract.find_order_ids(text).valid or re.search(r"\border\b", text, re.I)
    ):
        # "ship that order to my default address": the order's address, not the account's.
        draft.task = "modify_address"
    had_order = draft.order_id is not None
    if draft.task != "user_address" and draft.order_id is None:
        progress |= read_order(store, turn, text)
    elif draft.order_id is not None:
        other = order_mentions(store, turn, text, exclude=draft.order_id, report=False)
        if other and draft.task not in ("modify_address", "user_address"):
            # Another order named mid-request: switch to it if it fits, else say why.
            progress |= read_order(store, turn, text)
    order = order_of(store, draft)
    user = user_of(store, turn)
    if draft.task == "cancel":
        # A reason given before the order is known ("cancel it, I ordered by mistake") counts.
        progress |= read_reason(turn, text)
    if draft.task == "cancel" and order is not None and user is not None:
        progress |= cancel_limits(turn, user, order, text)
    if draft.task in ("return", "exchange", "modify_items") and order is None and user is not None:
        # Items described before it was clear which order they are in ("exchange my laptop
        # for an i7 one" with two laptops): read once the order is known.
        if len(draft.unread) < 3 and any(
            resolve.match_order_items(text, o.items).items for o in store.orders_of(user.user_id)
        ):
            draft.unread.append(text)
    if draft.task in ("return", "exchange", "modify_items") and order is not None:
        picked_by_this = not had_order and bool(draft.unread)
        if picked_by_this:
            unread, draft.unread = draft.unread, []
            for earlier in unread:
                progress |= read_lines(store, turn, order, earlier)
                progress |= read_payment(store, turn, user, order, earlier)
        if not picked_by_this:
            # (A message that only picked the order, "the 15-inch one with 32GB", describes
            # the line the earlier words were about, not what it should become.)
            progress |= read_lines(store, turn, order, text)
    if draft.task in ("modify_address", "user_address"):
        progress |= read_address(store, turn, user, text)
    if draft.task in ("return", "exchange", "modify_items", "modify_payment") and order is not None:
        progress |= read_payment(store, turn, user, order, text)
    return progress
