"""The confirmation: every detail of a write listed in full before the shopper's explicit yes.

Also the one correction that only makes sense at the confirmation, "only the backpack", which
drops the other lines of an item request; other corrections are read like any message.
"""

from __future__ import annotations

import re

from store.models import User
from support import resolve
from support.desk.lines import order_line, price_difference
from support.desk.turn import StoreReader, Turn, order_of
from support.state import Draft
from support.wording import Lines, Reply, address_text, item_text, money, numbered, variant_text

#: "only the backpack", "just the lamp": keep these lines of the request and drop the others.
_ONLY = re.compile(r"\b(only|just)\b", re.I)


def confirmation(store: StoreReader, draft: Draft, user: User) -> Reply:
    """The request as it will be written (items, amounts, where money goes) and "Shall I go ahead?"."""
    order = order_of(store, draft)
    methods = dict(user.payment_methods)
    method = methods.get(draft.payment_method_id or "")
    out = Lines()
    if draft.task == "cancel" and order:
        out.add(f"To confirm: cancel order {order.order_id} ({draft.reason}):")
        out.add(numbered(item_text(i) for i in order.items))
        refunds = [p for p in order.payment_history if p.transaction_type == "payment"]
        for p in refunds:
            m = methods.get(p.payment_method_id)
            when = "immediately" if m and m.is_gift_card else "within 5-7 business days"
            out.add(f"{money(p.amount)} goes back to {m.describe() if m else p.payment_method_id} {when}.")
    elif draft.task == "return" and order:
        lines = [order_line(order, i) for i in draft.lines]
        total = round(sum(i.price for i in lines), 2)
        out.add(f"To confirm: return these items from order {order.order_id}:")
        out.add(numbered(item_text(i) for i in lines))
        out.add(f"Refund of {money(total)} to {method.describe() if method else '?'}.")
        out.add("You'll get an email explaining how to send the items back.")
    elif draft.task in ("exchange", "modify_items") and order:
        verb = "exchange" if draft.task == "exchange" else "change"
        out.add(f"To confirm: {verb} in order {order.order_id}:")
        pairs = []
        for item_id, target in zip(draft.lines, draft.targets):
            line = order_line(order, item_id)
            new = store.get_variant(target or "")
            pairs.append(f"{item_text(line)} → {variant_text(line.name, new) if new else '?'}")
        out.add(numbered(pairs))
        difference = price_difference(store, draft, order) or 0.0
        who = method.describe() if method else "?"
        if difference > 0:
            out.add(f"You pay the difference of {money(difference)} with {who}.")
        elif difference < 0:
            out.add(f"You get {money(-difference)} back to {who}.")
        else:
            out.add("There's no price difference.")
        if draft.task == "exchange":
            out.add("You'll get an email explaining how to return the old items. Is that every item you want to exchange? This can only be done once per order.")
        else:
            out.add("Items of a pending order can be changed only once, and the order can't be cancelled or changed again afterwards. Is that every item you want to change?")
    elif draft.task == "modify_address" and order and draft.address:
        out.add(f"To confirm: ship order {order.order_id} to {address_text(draft.address)} (instead of {order.address.one_line()}).")
    elif draft.task == "user_address" and draft.address:
        out.add(f"To confirm: change your default address to {address_text(draft.address)} (it was {user.address.one_line()}).")
    elif draft.task == "modify_payment" and order and method:
        amount = order.payment_history[0].amount if order.payment_history else order.total
        old = methods.get(order.original_payment_method_id or "")
        out.add(f"To confirm: pay order {order.order_id} ({money(amount)}) with {method.describe()} instead of {old.describe() if old else 'the current method'}; the old payment is refunded.")
    out.add("Shall I go ahead? (yes/no)")
    return Reply(out.text(), buttons=(("Yes", "/affirm"), ("No", "/deny")))


def keep_only(store: StoreReader, turn: Turn, text: str) -> bool:
    """"Only the backpack": drop the other lines of an item request being confirmed."""
    draft = turn.draft
    order = order_of(store, draft)
    if order is None or not draft.lines or draft.task not in ("return", "exchange", "modify_items"):
        return False
    if not _ONLY.search(text):
        return False
    match = resolve.match_order_items(text, [order_line(order, i) for i in draft.lines])
    keep = {item.item_id for item in match.items}
    if not keep or match.everything or keep.issuperset(draft.lines):
        return False
    pairs = [(line, target) for line, target in zip(draft.lines, draft.targets) if line in keep]
    draft.lines = [line for line, _ in pairs]
    draft.targets = [target for _, target in pairs]
    draft.choosing, draft.options = None, []
    return True
