"""Choosing the order a request is about, and whether the policy allows the task on it.

An order is named by its id, pointed at ("that order", "the second one", "the delivered one"),
described by its items, where it ships or its price, or is the only one the task fits. Only the
shopper's own orders count; the words for "no such order" and "someone else's order" are the
same. Cancel and item changes need a ``pending`` order, address and payment changes any pending
status, returns and exchanges a ``delivered`` one (:func:`fits`).
"""

from __future__ import annotations

import re

from store.models import DELIVERED, PENDING, Order, User
from support import extract, resolve
from support.desk.places import names_place
from support.desk.short_answers import ordinal
from support.desk.turn import StoreReader, Turn, ask, finish
from support.state import ANSWERED
from support.wording import TASK_VERBS, Reply, numbered, order_summary_line, user_orders_text

_PRICIER = re.compile(r"\b(more expensive|most expensive|pricier|priciest|costlier|higher[- ]priced)\b", re.I)
_CHEAPER = re.compile(r"\b(less expensive|least expensive|cheaper|cheapest|lower[- ]priced)\b", re.I)
#: "all my pending orders", "all of my orders".
_ALL_ORDERS = re.compile(r"\b(?:all|both|each|every)\s+(?:of\s+)?(?:my\s+|the\s+|these\s+|those\s+)?(?:\w+\s+)?orders\b", re.I)
#: "that order", "the whole order": the order the conversation was just about.
_THAT_ORDER = re.compile(
    r"\b(that|this|the same|same|the entire|entire|the whole|whole)\s+order\b"
    r"|\bthe order\b(?!\s+(with|containing|that|which|where|for|of|number|no|id|#))",
    re.I,
)
_RECENT = re.compile(r"\b(last|latest|most recent|recent|newest|just (placed|made|ordered))\b", re.I)


def fits(task: str | None, order: Order) -> bool:
    """Whether the policy allows ``task`` on an order in its current status."""
    if task in ("cancel", "modify_items"):
        return order.status == PENDING
    if task in ("modify_address", "modify_payment"):
        return PENDING in order.status
    if task in ("return", "exchange"):
        return order.status == DELIVERED
    return True


def _sibling(task: str | None, order: Order) -> str | None:
    """The item task that fits ``order`` when ``task`` doesn't: exchange ↔ modify_items."""
    other = {"exchange": "modify_items", "modify_items": "exchange"}.get(task or "")
    return other if other and fits(other, order) else None


def _status_rule(task: str) -> str:
    if task in ("cancel", "modify_items"):
        return "only pending orders can be " + ("cancelled" if task == "cancel" else "changed")
    if task in ("modify_address", "modify_payment"):
        return "only orders that haven't shipped yet (pending) can be changed"
    return "only delivered orders can be " + ("returned" if task == "return" else "exchanged")


def order_mentions(
    store: StoreReader, turn: Turn, text: str, *, exclude: str | None = None, report: bool = True
) -> list[Order]:
    """Orders named in ``text`` that exist and belong to the shopper; others are reported."""
    session = turn.session
    mentions = extract.find_order_ids(text)
    found: list[Order] = []
    if report:
        for bad in mentions.malformed:
            turn.replies.append(Reply(
                f"'{bad}' isn't an order number I recognise. Order numbers look like #W1234567."))
    for order_id in mentions.valid:
        if order_id == exclude:
            continue
        order = store.get_order(order_id)
        if order is None or order.user_id != session.user_id:
            if report:
                # The same words for "no such order" and "someone else's order": the shopper
                # learns nothing about orders that aren't theirs.
                turn.replies.append(Reply(f"I couldn't find order {order_id} on your account."))
            continue
        found.append(order)
    return found


def read_order(store: StoreReader, turn: Turn, text: str) -> bool:
    """Take the order this message names or points at, if the task fits it (else say why).

    Returns:
        True if the message said something about which order (or the desk replied about it).
    """
    draft = turn.draft
    task = draft.task or "status"
    named = order_mentions(store, turn, text)
    if not named and draft.order_hint:
        hint, draft.order_hint = draft.order_hint, None
        named = order_mentions(store, turn, hint)
    recent = draft.mentioned or turn.session.recent_order
    if not named and recent and _THAT_ORDER.search(text):
        named = order_mentions(store, turn, recent, report=False)
    if not named and draft.awaiting == "order" and draft.options:
        pick = ordinal(text, len(draft.options))
        if pick is not None:
            order = store.get_order(draft.options[pick])
            named = [order] if order else []
        else:
            # "the delivered one": the only listed order in that status.
            listed = [o for o in (store.get_order(i) for i in draft.options) if o is not None]
            said = {w.lower() for w in re.findall(r"[a-z]+", text, re.I)}
            by_status = [o for o in listed if o.status.split()[0] in said]
            named = by_status if len(by_status) == 1 else []
    if named:
        order = named[0]
        if fits(task, order):
            _set_order(turn, order)
        elif _sibling(task, order):
            _switch_kind(turn, order)
        else:
            draft.mentioned = turn.session.recent_order = order.order_id
            turn.replies.append(Reply(
                f"Order {order.order_id} is {order.status}, and {_status_rule(task)}."))
        return True
    if draft.awaiting in ("order", None) or task != "status":
        return _infer_order(store, turn, text, task)
    return bool(turn.replies)


def _infer_order(store: StoreReader, turn: Turn, text: str, task: str) -> bool:
    """Pick the order from the items the shopper names, or the only eligible one."""
    draft = turn.draft
    orders = store.orders_of(turn.session.user_id or "")
    eligible = [o for o in orders if fits(task, o)]
    if task == "status" and _RECENT.search(text) and orders:
        _set_order(turn, orders[-1])
        return True
    if task == "status":
        # "the tracking number of my cancelled order": the only order in that status.
        said = {w.lower() for w in re.findall(r"[a-z]+", text, re.I)}
        by_status = [o for o in orders if o.status.split()[0] in said]
        if len(by_status) == 1:
            _set_order(turn, by_status[0])
            return True
    if task != "status" and len(eligible) > 1 and _ALL_ORDERS.search(text):
        # "cancel all my pending orders": one request at a time, the first one now.
        rest = ", ".join(o.order_id for o in eligible[1:])
        turn.replies.append(Reply(
            f"I'll take them one at a time: first order {eligible[0].order_id}, then {rest}."))
        _set_order(turn, eligible[0], announce=True)
        return True
    by_items = [o for o in eligible if resolve.match_order_items(text, o.items).items]
    if len(by_items) == 1:
        _set_order(turn, by_items[0], announce=True)
        return True
    if len(by_items) > 1:
        # "the 15-inch one with 32GB": read against the lines of all those orders together,
        # so a detail only one order's line has decides.
        owner = {id(item): o for o in by_items for item in o.items}
        together = resolve.match_order_items(text, [item for o in by_items for item in o.items])
        owners = list({owner[id(i)].order_id: owner[id(i)] for i in together.items if id(i) in owner}.values())
        if len(owners) == 1:
            _set_order(turn, owners[0], announce=True)
            return True
    narrowed = _narrow_orders(text, by_items or eligible, by_items=bool(by_items))
    if narrowed is not None:
        _set_order(turn, narrowed, announce=True)
        return True
    if not by_items and task != "status":
        # The items named are only in orders this can't be done for: say so (and remember
        # the order, in case the shopper asks for something that fits it instead).
        counts = {o.order_id: len(resolve.match_order_items(text, o.items).items) for o in orders if not fits(task, o)}
        most = max(counts.values(), default=0)
        # The order with the most of the named items ("the bookshelf and the jigsaw, from the
        # same order"), or every order with one of them.
        elsewhere = [o for o in orders if counts.get(o.order_id, 0) == most and most > 0]
        if len(elsewhere) == 1 and _sibling(task, elsewhere[0]):
            _switch_kind(turn, elsewhere[0], announce=True)
            return True
        if elsewhere:
            for order in elsewhere[:3]:
                names = ", ".join(i.name for i in order.items)
                turn.replies.append(Reply(
                    f"Your order {order.order_id} ({names}) is {order.status}, and {_status_rule(task)}."))
            if len(elsewhere) == 1:
                draft.mentioned = turn.session.recent_order = elsewhere[0].order_id
            return True
    if len(eligible) == 1 and task != "status" and draft.mentioned is None:
        _set_order(turn, eligible[0], announce=True)
        return False
    if by_items:
        draft.options = [o.order_id for o in by_items]
    return False


def _narrow_orders(text: str, candidates: list[Order], *, by_items: bool) -> Order | None:
    """One order out of several that fit, by where it ships ("my order going to Chicago",
    "the LA order") or, among orders with the named item, by its price ("the more
    expensive tablet"); None when that doesn't single one out."""
    if len(candidates) < 2:
        return None
    if not extract.find_emails(text) and extract.find_zip(text) is None:
        # (Not in a message that says who the shopper is: "I live in Denver" names no order.)
        by_place = [o for o in candidates if names_place(text, o.address)]
        if len(by_place) == 1:
            return by_place[0]
    extreme = _PRICIER.search(text) and "max" or _CHEAPER.search(text) and "min"
    if by_items and extreme:
        prices = []
        for order in candidates:
            named = resolve.match_order_items(text, order.items).items
            prices.append(max(i.price for i in named) if extreme == "max" else min(i.price for i in named))
        best = max(prices) if extreme == "max" else min(prices)
        if prices.count(best) == 1:
            return candidates[prices.index(best)]
    return None


def _switch_kind(turn: Turn, order: Order, *, announce: bool = False) -> None:
    """An exchange asked for a pending order is an item change, and the other way round."""
    draft = turn.draft
    sibling = _sibling(draft.task, order)
    assert sibling is not None
    draft.task = sibling
    what = "change the items in it" if sibling == "modify_items" else "exchange the items"
    turn.replies.append(Reply(f"Order {order.order_id} is {order.status}, so I'll {what} instead."))
    _set_order(turn, order, announce=announce)


def _set_order(turn: Turn, order: Order, *, announce: bool = False) -> None:
    draft = turn.draft
    draft.order_id = order.order_id
    draft.order_hint = None
    draft.options = []
    turn.session.recent_order = order.order_id
    if announce:
        turn.replies.append(Reply(f"That's order {order_summary_line(order)}."))


def ask_order(store: StoreReader, turn: Turn, user: User, understood: bool) -> Turn:
    """Ask which order, listing those the task fits; with none, say so and end the request."""
    draft = turn.draft
    task = draft.task or "status"
    orders = store.orders_of(user.user_id)
    eligible = [o for o in orders if fits(task, o)] if task != "status" else orders
    if not eligible:
        kind = "pending" if task in ("cancel", "modify_items", "modify_address", "modify_payment") else "delivered"
        turn.replies.append(Reply(
            f"You have no {kind} orders, and {_status_rule(task)}.\n" + user_orders_text(user, orders)))
        return finish(turn, ANSWERED)
    if draft.options and all(store.get_order(o) for o in draft.options):
        eligible = [o for o in eligible if o.order_id in draft.options] or eligible
    draft.options = [o.order_id for o in eligible]
    intro = "Which order is it?" if task == "status" else f"Which order would you like to {TASK_VERBS[task].split(' an order')[0].split(' of a pending order')[0]}?"
    if task not in ("status", "cancel"):
        intro = "Which order is it about?"
    return ask(turn, "order", Reply(
        intro + "\n" + numbered(order_summary_line(o) for o in eligible),
        buttons=tuple((o.order_id, o.order_id) for o in eligible[:6])))
