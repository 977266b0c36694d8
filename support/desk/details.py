"""The other details a request needs: a cancellation reason, a new address, a payment method.

Each is read from the shopper's words and checked against the policy as it is read: the two
cancellation reasons, the limits of a cancellation (the whole order, refunded to the method that
paid), a typed or pointed-at address, and a payment method that may pay or receive this money
(refunds to the original method or a gift card; a gift card must cover what it pays).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from store.models import Address, Order, PaymentMethod, User
from support import extract, resolve
from support.desk.lines import price_difference
from support.desk.places import mentions_city
from support.desk.turn import StoreReader, Turn, ask, finish, order_of, user_of
from support.state import ABANDONED, Draft
from support.wording import Reply, method_buttons, method_list, money

#: "the same address as my luggage set order", "the address from my other order".
_ADDRESS_SOURCE = re.compile(r"\b(same|as|from|like|where|used|on)\b", re.I)
_OTHER_ORDER = re.compile(r"\bother orders?\b", re.I)
#: "the air purifier in that order", "just the jacket": items taken out of an order.
_PART_OF_ORDER = re.compile(r"\b(just|only|remove|take out|out of|from|in)\b", re.I)
#: "the order with the bookshelf": an order named by its items.
_ORDER_BY_ITEMS = re.compile(r"\border\s+(with|containing|that|which|where|for|of)\b", re.I)
_SAME_AS = re.compile(r"\b(same|as)\b[^#\d]{0,30}(#?w?\d{7})", re.I)
_DEFAULT_ADDRESS = re.compile(r"\b(default|profile|on file|my (home )?address|account address)\b", re.I)

# ------------------------------------------------------------------ cancellation


def read_reason(turn: Turn, text: str) -> bool:
    """Take a cancellation reason the policy accepts, if the message gives one."""
    reason = extract.find_cancel_reason(text)
    if reason:
        turn.draft.reason = reason
        return True
    return False


def cancel_limits(turn: Turn, user: User, order: Order, text: str) -> bool:
    """Say what a cancellation can't do when the shopper asks for it: part of an order, or a
    refund to another payment method than the one that paid."""
    said = False
    match = resolve.match_order_items(text, order.items)
    partial = _PART_OF_ORDER.search(text) and not _ORDER_BY_ITEMS.search(text)
    if partial and match.items and not match.everything and len(match.items) < len(order.items):
        names = ", ".join(i.name for i in match.items)
        turn.replies.append(Reply(
            f"I can't cancel single items ({names}): only the whole order {order.order_id} can be "
            f"cancelled, with everything in it ({', '.join(i.name for i in order.items)})."))
        said = True
    paid = resolve.resolve_payment_method(text, user, order)
    original = order.original_payment_method_id
    if paid.candidates and original not in paid.candidates:
        method = user.payment_methods.get(original or "")
        turn.replies.append(Reply(
            "The refund for a cancelled order always goes back to the original payment method"
            + (f" ({method.describe()})" if method else "") + "; it can't go anywhere else."))
        said = True
    return said


# ------------------------------------------------------------------ address


def read_address(store: StoreReader, turn: Turn, user: User | None, text: str) -> bool:
    """Take the new address: typed, the default one, or another order's (by id, items or city).

    Returns:
        True if the message gave an address or part of one (the missing parts are asked for).
    """
    draft = turn.draft
    if user is None:
        return False
    same = _SAME_AS.search(text)
    if same:
        source = extract.find_order_ids(same.group(2))
        for order_id in source.valid:
            order = store.get_order(order_id)
            if order is not None and order.user_id == user.user_id and order_id != draft.order_id:
                draft.address = order.address.as_dict()
                return True
    parsed = extract.parse_address(text)
    if parsed.address is not None:
        draft.address = parsed.address.as_dict()
        return True
    if draft.task == "modify_address" and _DEFAULT_ADDRESS.search(text) and draft.order_id:
        draft.address = user.address.as_dict()
        return True
    # (Not when the shopper is typing an address and left a part out: ask for that part.)
    known = None if parsed.parts.get("address1") else _address_reference(store, turn, user, text)
    if known is not None:
        draft.address = known.as_dict()
        return True
    if draft.awaiting == "address" and parsed.missing:
        turn.replies.append(Reply("I still need the " + ", ".join(parsed.missing) + " of the address."))
        return True
    return False


def _address_reference(store: StoreReader, turn: Turn, user: User, text: str) -> Address | None:
    """An address the shopper points at instead of typing it: the one of another of their
    orders, named by its items ("the same address as my luggage set order"), by its city
    ("my New York address") or as "my other order"; None unless exactly one address fits."""
    draft = turn.draft
    current = order_of(store, draft) if draft.task == "modify_address" else None
    if draft.task == "modify_address" and current is None:
        return None  # which order is being changed decides what "other" means: ask that first
    others = [o for o in store.orders_of(user.user_id) if current is None or o.order_id != current.order_id]

    def only(addresses: Sequence[Address]) -> Address | None:
        found = {a.one_line(): a for a in addresses if current is None or a.one_line() != current.address.one_line()}
        return next(iter(found.values())) if len(found) == 1 else None

    if draft.awaiting == "address" or _ADDRESS_SOURCE.search(text):
        by_items = [o.address for o in others if resolve.match_order_items(text, o.items).items]
        if by_items:
            return only(by_items)
    places = [o.address for o in others] + [user.address]
    by_place = [a for a in places if mentions_city(text, a)]
    if by_place:
        return only(by_place)
    if _OTHER_ORDER.search(text):
        return only([o.address for o in others])
    return None


# ------------------------------------------------------------------ payment method


def read_payment(store: StoreReader, turn: Turn, user: User | None, order: Order, text: str) -> bool:
    """Take the payment method this message names, if the policy lets it pay or be refunded here.

    Returns:
        True if the message named a method (taken, asked about, or refused with the reason).
    """
    draft = turn.draft
    if user is None:
        return False
    match = resolve.resolve_payment_method(text, user, order)
    if match.method_id is None and len(match.candidates) > 1:
        candidates = [user.payment_methods[c] for c in match.candidates if c in user.payment_methods]
        turn.replies.append(Reply(
            "Which one: " + method_list(candidates) + "?", buttons=method_buttons(candidates)))
        return True
    if match.method_id is None:
        return False
    method = user.payment_methods.get(match.method_id)
    if method is None:
        return False
    problem = _payment_problem(store, draft, user, order, method)
    if problem:
        turn.replies.append(Reply(problem))
        return True
    draft.payment_method_id = method.id
    return True


def _payment_problem(store: StoreReader, draft: Draft, user: User, order: Order, method: PaymentMethod) -> str | None:
    """Why ``method`` can't be used for this request, per policy; None if it can."""
    original = order.original_payment_method_id
    if draft.task == "return":
        if method.id != original and not method.is_gift_card:
            orig = user.payment_methods.get(original or "")
            return (
                "Refunds can only go to the original payment method"
                + (f" ({orig.describe()})" if orig else "") + " or to a gift card."
            )
        return None
    if draft.task == "modify_payment":
        if method.id == original:
            return f"Order {order.order_id} is already paid with {method.describe()}; pick a different method."
        amount = order.payment_history[0].amount if order.payment_history else 0.0
        if method.is_gift_card and (method.balance or 0.0) < amount:
            return f"That {method.describe()} doesn't cover the order total of {money(amount)}."
        return None
    difference = price_difference(store, draft, order)
    if difference is not None and method.is_gift_card and (method.balance or 0.0) < difference:
        return f"That {method.describe()} doesn't cover the price difference of {money(difference)}."
    return None


def payment_choices(store: StoreReader, draft: Draft, user: User, order: Order) -> list[PaymentMethod]:
    """The shopper's saved payment methods the policy allows for this request."""
    methods = list(user.payment_methods.values())
    return [m for m in methods if _payment_problem(store, draft, user, order, m) is None]


def ask_payment(store: StoreReader, turn: Turn, order: Order, choice: list[PaymentMethod]) -> Turn:
    """Ask which of ``choice`` pays or receives the money; with no choice, say why and stop."""
    draft = turn.draft
    if not choice:
        user = user_of(store, turn)
        why = [_payment_problem(store, draft, user, order, m) for m in user.payment_methods.values()] if user else []
        turn.replies.append(Reply(
            "None of your saved payment methods can be used for this"
            + (": " + " ".join(w for w in why if w) if any(why) else ".")
            + " Nothing has been changed."))
        return finish(turn, ABANDONED)
    if draft.task == "return":
        question = "Where should the refund go?"
    elif draft.task == "modify_payment":
        question = f"Which payment method should order {order.order_id} use instead?"
    else:
        difference = price_difference(store, draft, order) or 0.0
        if difference > 0:
            question = f"The new items cost {money(difference)} more. Which payment method should pay the difference?"
        elif difference < 0:
            question = f"The new items cost {money(-difference)} less. Where should the difference be refunded?"
        else:
            question = "There's no price difference. Which payment method should be on file for it?"
    return ask(turn, "payment", Reply(
        question + " Options: " + method_list(choice) + ".", buttons=method_buttons(choice)))
