"""The customer-service desk: identity first, then one order request at a time, by the policy.

:class:`Desk` reads one shopper message at a time (text + NLU intent), updates the request in
progress (:class:`support.state.Draft`) and answers with replies and, while something is still
missing, the next question. It never writes to the store while talking: a request ends with an
outcome, and only a ``confirmed`` one is carried out, by :meth:`Desk.execute`, after the shopper
saw every detail and said yes.

The rules it enforces are the shop policy's (``tau2-retail/policy.md``):
- nothing about an order, address or payment method before the shopper is verified by email or
  by first name + last name + zip; one user per conversation; other users' orders are refused;
  after five failed attempts it stops asking and offers a person;
- cancel and item changes only for ``pending`` orders, address/payment changes for any pending
  status, returns and exchanges only for ``delivered`` ones;
- cancellation reasons are exactly "no longer needed" or "ordered by mistake";
- new items are available variants of the same product; refunds of returns go to the original
  method or a gift card; a gift card must cover what it pays;
- every write is listed in full and needs an explicit yes.

The store guards the same rules again when it writes (:mod:`store`), so a bug here cannot
write what the policy forbids.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from store.models import (
    CANCEL_REASONS,
    DELIVERED,
    PENDING,
    Address,
    Order,
    OrderItem,
    PaymentMethod,
    Product,
    User,
    Variant,
)
from support import extract, resolve, tasks
from support.state import (
    ABANDONED,
    ANSWERED,
    CONFIRMED,
    DECLINED,
    HANDOFF,
    MAX_IDENTITY_ATTEMPTS,
    TASK_OF_INTENT,
    Draft,
    Session,
)
from support.wording import (
    TASK_VERBS,
    Lines,
    Reply,
    address_text,
    item_text,
    method_buttons,
    method_list,
    money,
    numbered,
    order_details,
    order_summary_line,
    user_orders_text,
    variant_text,
)

#: Intents that are never an answer to the desk's question: the form steps aside for them.
DIGRESSIONS = frozenset(
    {"faq", "help", "bot_challenge", "greet", "thanks", "goodbye", "request_human", "complain"}
)
#: Intents that may be an answer ("the blue one", "medium red") or a digression (a new search):
#: the desk tries them as an answer first and steps aside only when they told it nothing.
SOFT_DIGRESSIONS = frozenset(
    {"search_products", "refine_search", "select_item", "more_like_this", "out_of_scope"}
)

_YES = re.compile(r"^\s*(yes|yeah|yep|yup|sure|ok(ay)?|confirm(ed)?|correct|go ahead|please do|do it)\b", re.I)
_NO = re.compile(r"^\s*(no|nope|nah|no thanks|no thank you|don'?t|do not|stop|cancel that|never ?mind|forget it)\W*$", re.I)
_ORDINALS = {
    "first": 0, "1st": 0, "one": 0, "second": 1, "2nd": 1, "two": 1, "third": 2, "3rd": 2,
    "three": 2, "fourth": 3, "4th": 3, "four": 3, "fifth": 4, "5th": 4, "five": 4,
}
#: Words that go with pointing at a listed option ("I'll take number 2 please").
_CHOICE_FILLERS = frozenset({
    "the", "a", "number", "no", "option", "choice", "item", "order", "please", "i", "ll", "d", "take",
    "want", "like", "would", "pick", "go", "with", "it", "its", "s", "is", "that", "let", "me", "yes",
    "ok", "okay", "on", "list", "from", "of", "those", "these", "them", "in", "one", "this",
})
_PRICIER = re.compile(r"\b(more expensive|most expensive|pricier|priciest|costlier|higher[- ]priced)\b", re.I)
_CHEAPER = re.compile(r"\b(less expensive|least expensive|cheaper|cheapest|lower[- ]priced)\b", re.I)
#: Short names shoppers use for cities.
_CITY_NICKNAMES = {
    "la": "los angeles", "nyc": "new york", "ny": "new york", "dc": "washington", "sf": "san francisco",
    "philly": "philadelphia", "vegas": "las vegas",
}
#: Words that go with a place that says where an order ships ("going to", "the Chicago order").
_PLACE_CUE = r"(?:\b(?:to|in|for|at|into)\s+(?:the\s+)?{place}\b|\b{place}\s+(?:order|one|address|package|home|house|place|apartment))"
#: Ways to pay as shoppers name them; never item descriptions.
_PAYMENT_WORDS = re.compile(
    r"\b(?:gift|credit|debit)\s*cards?\b(?:\s+ending\s+(?:in\s+)?\d{4})?|\bpay\s?pal\b"
    r"|\b(?:visa|master\s?card|amex)\b(?:\s+ending\s+(?:in\s+)?\d{4})?|\bcard\s+ending\s+(?:in\s+)?\d{4}\b",
    re.I,
)
#: "… to my default address": the account's address is where something should go, not what changes.
_TO_DEFAULT = re.compile(
    r"\b(?:to|with|use|using)\s+(?:the\s+|my\s+)?(?:default|profile|account|home)(?:\s+\w+){0,2}?\s+address\b"
    r"|\b(?:to|with|use|using)\s+(?:the\s+|my\s+)?address\s+(?:on file|in my profile|on my (?:profile|account))",
    re.I,
)
#: "all my pending orders", "all of my orders".
_ALL_ORDERS = re.compile(r"\b(?:all|both|each|every)\s+(?:of\s+)?(?:my\s+|the\s+|these\s+|those\s+)?(?:\w+\s+)?orders\b", re.I)
#: "the same address as my luggage set order", "the address from my other order".
_ADDRESS_SOURCE = re.compile(r"\b(same|as|from|like|where|used|on)\b", re.I)
_OTHER_ORDER = re.compile(r"\bother orders?\b", re.I)
#: Words that turn a "yes" into a correction ("yes, but use PayPal").
_CORRECTION = re.compile(r"\b(but|instead|actually|only|just|rather|except|change|switch)\b", re.I)
#: "only the backpack", "just the lamp": keep these lines of the request and drop the others.
_ONLY = re.compile(r"\b(only|just)\b", re.I)
#: "the air purifier in that order", "just the jacket": items taken out of an order.
_PART_OF_ORDER = re.compile(r"\b(just|only|remove|take out|out of|from|in)\b", re.I)
#: "the order with the bookshelf": an order named by its items.
_ORDER_BY_ITEMS = re.compile(r"\border\s+(with|containing|that|which|where|for|of)\b", re.I)
#: "that order", "the whole order": the order the conversation was just about.
_THAT_ORDER = re.compile(
    r"\b(that|this|the same|same|the entire|entire|the whole|whole)\s+order\b"
    r"|\bthe order\b(?!\s+(with|containing|that|which|where|for|of|number|no|id|#))",
    re.I,
)
#: A message that starts by saying no ("no, keep them then"): not an answer to describe.
_STOPPING = re.compile(r"^\s*(no(?!\s+(problem|worries))|nope|nah|never ?mind|forget it|stop)\b", re.I)
_RECENT = re.compile(r"\b(last|latest|most recent|recent|newest|just (placed|made|ordered))\b", re.I)
_SAME_AS = re.compile(r"\b(same|as)\b[^#\d]{0,30}(#?w?\d{7})", re.I)
_DEFAULT_ADDRESS = re.compile(r"\b(default|profile|on file|my (home )?address|account address)\b", re.I)
_ALL_DONE = "Is there anything else I can help you with?"


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


class Desk:
    """Dialogue logic for verified order help. Stateless: all state is in Draft and Session.

    Args:
        store: Where users, orders and products are read (a :class:`store.ShopStore`).
    """

    def __init__(self, store: StoreReader) -> None:
        self.store = store

    # ------------------------------------------------------------------ entry points

    def handle(self, message: Message, draft: Draft, session: Session) -> Turn:
        """Read one message into the request and decide what to say or ask next."""
        turn = Turn(draft=draft, session=session)
        intent = message.intent or ""
        if draft.awaiting is not None and intent in DIGRESSIONS and not self._answers(draft, message.text or "", intent):
            turn.stepped_aside = True
            return turn
        task = TASK_OF_INTENT.get(intent)
        if draft.task and draft.awaiting != "confirm":
            new_task = tasks.switch_to(task, draft.task, message.text or "")
            if new_task:
                turn.replies.append(Reply(f"OK, let's {TASK_VERBS[new_task]} instead."))
                turn.draft = draft = draft.restart(new_task)
        elif not draft.task:
            draft.task = tasks.agreed_task(task, message.text or "")
        text = message.text or ""
        if draft.awaiting == "confirm":
            return self._at_confirmation(turn, message)
        stop = intent == "deny" or bool(_NO.match(text))
        was_verified = session.user_id is not None
        progress = self._read_identity(turn, text)
        if session.user_id is None:
            if draft.outcome == HANDOFF:
                return self._finish(turn, HANDOFF)
            if stop and not progress:
                return self._finish(turn, ABANDONED, "OK, I'll leave it there. Nothing has been changed.")
            if len(draft.earlier) < 3 and text.strip():
                draft.earlier.append(text)
            return self._ask_identity(turn, progressed=progress, intent=intent)
        if not was_verified:
            # What the shopper asked before proving who they are is read now, in order, as if
            # no question were open (the identity question has just been answered).
            draft.awaiting = None
            for earlier in draft.earlier:
                progress |= self._read_request(turn, earlier)
            draft.earlier = []
        progress |= self._read_request(turn, text)
        if stop and not progress:
            return self._finish(turn, ABANDONED, "OK, I'll leave it there. Nothing has been changed.")
        if not progress and intent in SOFT_DIGRESSIONS and draft.awaiting is not None:
            turn.stepped_aside = True
            return turn
        return self._next_step(turn, understood=progress)

    @staticmethod
    def _answers(draft: Draft, text: str, intent: str) -> bool:
        """Whether a message NLU took for a digression plainly answers the open question.

        "Ivan Khan, zip code 28243" can look like an account question to the model; an email,
        a zip, an order id or a cancellation reason answering the question asked is an answer.
        A request for a person or a complaint is never overridden.
        """
        if intent in ("request_human", "complain"):
            return False
        if draft.awaiting == "identity":
            return bool(extract.find_emails(text) or extract.find_zip(text))
        if draft.awaiting == "order":
            return bool(extract.find_order_ids(text).valid)
        if draft.awaiting == "reason":
            return extract.find_cancel_reason(text) is not None
        if draft.awaiting == "address":
            return extract.parse_address(text).address is not None
        return False

    def execute(self, draft: Draft, session: Session, conversation_id: str | None, writer: object) -> list[Reply]:
        """Carry out a confirmed request through ``writer`` (a :class:`store.ShopStore`).

        Returns the replies for the shopper. A refusal from the store (its own policy check)
        becomes a reply naming the reason; nothing is written in that case.
        """
        from store import PolicyError  # the desk module itself must not need the database

        if draft.outcome != CONFIRMED or session.user_id is None:
            return []
        kwargs = {"conversation_id": conversation_id, "acting_user_id": session.user_id}
        try:
            return [self._do(draft, session, writer, kwargs)]
        except PolicyError as error:
            return [Reply(f"I couldn't do that: {error} Nothing has been changed.")]

    def transfer_summary(self, draft: Draft, session: Session, reason: str) -> str:
        """A one-line summary of the shopper's issue for the staff member taking over."""
        who = f"verified user {session.user_id}" if session.user_id else "unverified shopper"
        what = TASK_VERBS.get(draft.task or "", "get help")
        order = f" (order {draft.order_id or draft.order_hint})" if (draft.order_id or draft.order_hint) else ""
        return f"{reason}: {who} wanted to {what}{order}."

    # ------------------------------------------------------------------ identity

    def _read_identity(self, turn: Turn, text: str) -> bool:
        draft, session = turn.draft, turn.session
        mentions = extract.find_order_ids(text)
        if session.user_id is None and mentions.valid and not draft.order_hint:
            draft.order_hint = mentions.valid[0]
        emails = extract.find_emails(text)
        name = extract.find_name(text)
        zip_code = extract.find_zip(text)
        if session.user_id is not None:
            if emails and self.store.find_user_id_by_email(emails[0]) not in (None, session.user_id):
                turn.replies.append(Reply(
                    "You're already verified on another account in this conversation; I can only "
                    "help with that one account here."))
                return True
            return False
        if not (emails or name or zip_code):
            return bool(mentions.valid)
        if emails:
            user_id = self.store.find_user_id_by_email(emails[0])
            if user_id:
                return self._verified(turn, user_id)
            return self._failed_identity(turn, f"I couldn't find an account with the email {emails[0]}.")
        if name:
            draft.name = [name[0], name[1]]
        if zip_code:
            draft.zip = zip_code
        if draft.name and draft.zip:
            user_id = self.store.find_user_id_by_name_zip(draft.name[0], draft.name[1], draft.zip)
            if user_id:
                return self._verified(turn, user_id)
            # Both halves are kept: a shopper who corrects only the zip (or only the name) is
            # checked again with the other half they gave before.
            return self._failed_identity(turn, "I couldn't find an account with that name and zip code.")
        return True

    def _verified(self, turn: Turn, user_id: str) -> bool:
        turn.session.user_id = user_id
        turn.draft.name, turn.draft.zip = None, None
        user = self.store.get_user(user_id)
        first = user.first_name if user else ""
        turn.replies.append(Reply(f"Thanks {first}, you're verified.".replace("  ", " ")))
        return True

    def _failed_identity(self, turn: Turn, why: str) -> bool:
        turn.session.attempts += 1
        if turn.session.attempts >= MAX_IDENTITY_ATTEMPTS:
            turn.draft.outcome = HANDOFF
            turn.replies.append(Reply(why))
        else:
            left = MAX_IDENTITY_ATTEMPTS - turn.session.attempts
            turn.replies.append(Reply(f"{why} Please check and try again ({left} attempt{'s' if left > 1 else ''} left)."))
        return True

    def _ask_identity(self, turn: Turn, *, progressed: bool, intent: str) -> Turn:
        draft = turn.draft
        if draft.name and not draft.zip:
            text = f"Thanks, {draft.name[0]}. What's the zip code on your account?"
        elif draft.zip and not draft.name:
            text = "Thanks. And your first and last name?"
        else:
            text = (
                "Before I can look at orders I need to verify your identity: please tell me the "
                "email address on your account, or your first name, last name and zip code."
            )
            if draft.awaiting == "identity" and not progressed:
                text = "Sorry, I didn't catch that. " + text
        return self._ask(turn, "identity", Reply(text))

    # ------------------------------------------------------------------ reading the request

    def _read_request(self, turn: Turn, text: str) -> bool:
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
            progress |= self._read_order(turn, text)
        elif draft.order_id is not None:
            other = self._order_mentions(turn, text, exclude=draft.order_id, report=False)
            if other and draft.task not in ("modify_address", "user_address"):
                # Another order named mid-request: switch to it if it fits, else say why.
                progress |= self._read_order(turn, text)
        order = self._order(draft)
        user = self._user(turn)
        if draft.task == "cancel":
            # A reason given before the order is known ("cancel it, I ordered by mistake") counts.
            progress |= self._read_reason(turn, text)
        if draft.task == "cancel" and order is not None and user is not None:
            progress |= self._cancel_limits(turn, user, order, text)
        if draft.task in ("return", "exchange", "modify_items") and order is None and user is not None:
            # Items described before it was clear which order they are in ("exchange my laptop
            # for an i7 one" with two laptops): read once the order is known.
            if len(draft.unread) < 3 and any(
                resolve.match_order_items(text, o.items).items for o in self.store.orders_of(user.user_id)
            ):
                draft.unread.append(text)
        if draft.task in ("return", "exchange", "modify_items") and order is not None:
            picked_by_this = not had_order and bool(draft.unread)
            if picked_by_this:
                unread, draft.unread = draft.unread, []
                for earlier in unread:
                    progress |= self._read_lines(turn, order, earlier)
                    progress |= self._read_payment(turn, user, order, earlier)
            if not picked_by_this:
                # (A message that only picked the order, "the 15-inch one with 32GB", describes
                # the line the earlier words were about, not what it should become.)
                progress |= self._read_lines(turn, order, text)
        if draft.task in ("modify_address", "user_address"):
            progress |= self._read_address(turn, user, text)
        if draft.task in ("return", "exchange", "modify_items", "modify_payment") and order is not None:
            progress |= self._read_payment(turn, user, order, text)
        return progress

    def _order_mentions(self, turn: Turn, text: str, *, exclude: str | None = None, report: bool = True) -> list[Order]:
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
            order = self.store.get_order(order_id)
            if order is None or order.user_id != session.user_id:
                if report:
                    # The same words for "no such order" and "someone else's order": the shopper
                    # learns nothing about orders that aren't theirs.
                    turn.replies.append(Reply(f"I couldn't find order {order_id} on your account."))
                continue
            found.append(order)
        return found

    def _read_order(self, turn: Turn, text: str) -> bool:
        draft = turn.draft
        task = draft.task or "status"
        named = self._order_mentions(turn, text)
        if not named and draft.order_hint:
            hint, draft.order_hint = draft.order_hint, None
            named = self._order_mentions(turn, hint)
        recent = draft.mentioned or turn.session.recent_order
        if not named and recent and _THAT_ORDER.search(text):
            named = self._order_mentions(turn, recent, report=False)
        if not named and draft.awaiting == "order" and draft.options:
            pick = _ordinal(text, len(draft.options))
            if pick is not None:
                order = self.store.get_order(draft.options[pick])
                named = [order] if order else []
            else:
                # "the delivered one": the only listed order in that status.
                listed = [o for o in (self.store.get_order(i) for i in draft.options) if o is not None]
                said = {w.lower() for w in re.findall(r"[a-z]+", text, re.I)}
                by_status = [o for o in listed if o.status.split()[0] in said]
                named = by_status if len(by_status) == 1 else []
        if named:
            order = named[0]
            if fits(task, order):
                self._set_order(turn, order)
            elif _sibling(task, order):
                self._switch_kind(turn, order)
            else:
                draft.mentioned = turn.session.recent_order = order.order_id
                turn.replies.append(Reply(
                    f"Order {order.order_id} is {order.status}, and {_status_rule(task)}."))
            return True
        if draft.awaiting in ("order", None) or task != "status":
            return self._infer_order(turn, text, task)
        return bool(turn.replies)

    def _infer_order(self, turn: Turn, text: str, task: str) -> bool:
        """Pick the order from the items the shopper names, or the only eligible one."""
        draft = turn.draft
        orders = self.store.orders_of(turn.session.user_id or "")
        eligible = [o for o in orders if fits(task, o)]
        if task == "status" and _RECENT.search(text) and orders:
            self._set_order(turn, orders[-1])
            return True
        if task == "status":
            # "the tracking number of my cancelled order": the only order in that status.
            said = {w.lower() for w in re.findall(r"[a-z]+", text, re.I)}
            by_status = [o for o in orders if o.status.split()[0] in said]
            if len(by_status) == 1:
                self._set_order(turn, by_status[0])
                return True
        if task != "status" and len(eligible) > 1 and _ALL_ORDERS.search(text):
            # "cancel all my pending orders": one request at a time, the first one now.
            rest = ", ".join(o.order_id for o in eligible[1:])
            turn.replies.append(Reply(
                f"I'll take them one at a time: first order {eligible[0].order_id}, then {rest}."))
            self._set_order(turn, eligible[0], announce=True)
            return True
        by_items = [o for o in eligible if resolve.match_order_items(text, o.items).items]
        if len(by_items) == 1:
            self._set_order(turn, by_items[0], announce=True)
            return True
        if len(by_items) > 1:
            # "the 15-inch one with 32GB": read against the lines of all those orders together,
            # so a detail only one order's line has decides.
            owner = {id(item): o for o in by_items for item in o.items}
            together = resolve.match_order_items(text, [item for o in by_items for item in o.items])
            owners = list({owner[id(i)].order_id: owner[id(i)] for i in together.items if id(i) in owner}.values())
            if len(owners) == 1:
                self._set_order(turn, owners[0], announce=True)
                return True
        narrowed = self._narrow_orders(text, by_items or eligible, by_items=bool(by_items))
        if narrowed is not None:
            self._set_order(turn, narrowed, announce=True)
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
                self._switch_kind(turn, elsewhere[0], announce=True)
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
            self._set_order(turn, eligible[0], announce=True)
            return False
        if by_items:
            draft.options = [o.order_id for o in by_items]
        return False

    def _narrow_orders(self, text: str, candidates: list[Order], *, by_items: bool) -> Order | None:
        """One order out of several that fit, by where it ships ("my order going to Chicago",
        "the LA order") or, among orders with the named item, by its price ("the more
        expensive tablet"); None when that doesn't single one out."""
        if len(candidates) < 2:
            return None
        if not extract.find_emails(text) and extract.find_zip(text) is None:
            # (Not in a message that says who the shopper is: "I live in Denver" names no order.)
            by_place = [o for o in candidates if _names_place(text, o.address)]
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

    def _switch_kind(self, turn: Turn, order: Order, *, announce: bool = False) -> None:
        """An exchange asked for a pending order is an item change, and the other way round."""
        draft = turn.draft
        sibling = _sibling(draft.task, order)
        assert sibling is not None
        draft.task = sibling
        what = "change the items in it" if sibling == "modify_items" else "exchange the items"
        turn.replies.append(Reply(f"Order {order.order_id} is {order.status}, so I'll {what} instead."))
        self._set_order(turn, order, announce=announce)

    def _set_order(self, turn: Turn, order: Order, *, announce: bool = False) -> None:
        draft = turn.draft
        draft.order_id = order.order_id
        draft.order_hint = None
        draft.options = []
        turn.session.recent_order = order.order_id
        if announce:
            turn.replies.append(Reply(f"That's order {order_summary_line(order)}."))

    def _cancel_limits(self, turn: Turn, user: User, order: Order, text: str) -> bool:
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

    def _read_reason(self, turn: Turn, text: str) -> bool:
        reason = extract.find_cancel_reason(text)
        if reason:
            turn.draft.reason = reason
            return True
        return False

    def _read_lines(self, turn: Turn, order: Order, text: str) -> bool:
        draft = turn.draft
        progress = False
        # "refund it to my gift card" names a way to pay, not an item ("CF card" storage).
        text = _PAYMENT_WORDS.sub(" ", text)
        if draft.awaiting == "targets" and draft.choosing is not None:
            progress |= self._read_choice(turn, order, text)
            if progress:
                return True
        if draft.awaiting == "items" and draft.options:
            pick = _ordinal(text, len(draft.options))
            if pick is not None:
                text = draft.options[pick]
        if draft.task == "return":
            match = resolve.match_order_items(text, order.items)
            chosen = [item.item_id for item in match.items]
            if chosen:
                self._add_lines(draft, chosen)
                progress = True
            progress |= self._report_ambiguous(turn, match)
            return progress
        pairs = resolve.split_item_requests(text, order.items)
        if not pairs:
            match = resolve.match_order_items(text, order.items)
            pairs = [(item, "") for item in match.items]
            progress |= self._report_ambiguous(turn, match)
        # One call for all pairs: two lines with the same item id ("one kettle …, the other
        # kettle …") are two lines, each with its own new item.
        indexes = self._add_lines(draft, [item.item_id for item, _ in pairs])
        for (item, fragment), index in zip(pairs, indexes):
            progress = True
            if fragment:
                self._resolve_target(turn, order, index, fragment)
        if not pairs and draft.lines and draft.awaiting in ("targets", "items"):
            # "medium, red" answering "what would you like instead?" for the line being chosen.
            index = draft.choosing if draft.choosing is not None else _first_missing(draft)
            if index is not None:
                progress |= self._resolve_target(turn, order, index, text)
        return progress

    def _add_lines(self, draft: Draft, item_ids: Sequence[str]) -> list[int]:
        """Add order lines once each (a line id listed twice in the order may be added twice).

        The k-th mention of an item id in ``item_ids`` is the k-th line with that id in the
        request: added if the request doesn't have that many yet, else the one already there.
        """
        indexes = []
        seen: dict[str, int] = {}
        for item_id in item_ids:
            k = seen.get(item_id, 0)
            seen[item_id] = k + 1
            already = [i for i, line in enumerate(draft.lines) if line == item_id]
            if len(already) > k:
                indexes.append(already[k])
                continue
            draft.lines.append(item_id)
            draft.targets.append(None)
            indexes.append(len(draft.lines) - 1)
        return indexes

    def _report_ambiguous(self, turn: Turn, match: resolve.ItemMatch) -> bool:
        """Ask which line an ambiguous phrase means; the question comes before any other step."""
        for mention in match.ambiguous[:1]:
            turn.ask_first = Reply(
                f"Which one do you mean by \"{mention.phrase}\"?\n" + numbered(item_text(i) for i in mention.items))
            turn.draft.options = [i.item_id for i in mention.items]
        return bool(match.ambiguous)

    def _read_choice(self, turn: Turn, order: Order, text: str) -> bool:
        draft = turn.draft
        index = draft.choosing
        assert index is not None
        pick = _ordinal(text, len(draft.options)) if draft.options else None
        ids = [i for i in extract.find_item_ids(text) if i in draft.options] if draft.options else []
        if pick is None and not ids and draft.options:
            # "no backlight" answering "which of these?": read it against the offered ones first.
            line = _line(order, draft.lines[index])
            offered = self._restricted(line, draft.options)
            if offered is not None:
                match = resolve.resolve_variant(offered, line, text)
                if match.status == "unique" and match.variant is not None:
                    ids = [match.variant.item_id]
        if pick is not None or ids:
            draft.targets[index] = ids[0] if ids else draft.options[pick]  # type: ignore[index]
            draft.choosing, draft.options = None, []
            return True
        return self._resolve_target(turn, order, index, text)

    def _restricted(self, line: OrderItem, item_ids: Sequence[str]) -> Product | None:
        """The line's product with only the variants ``item_ids`` (the ones just offered)."""
        product = self.store.get_product(line.product_id)
        if product is None:
            return None
        variants = {i: v for i, v in product.variants.items() if i in item_ids}
        return Product(product.product_id, product.name, variants) if variants else None

    def _resolve_target(self, turn: Turn, order: Order, index: int, text: str) -> bool:
        draft = turn.draft
        line = _line(order, draft.lines[index])
        product = self.store.get_product(line.product_id)
        if product is None:
            turn.replies.append(Reply(f"I can't find the product of {line.name} in the catalog any more."))
            return True
        match = resolve.resolve_variant(product, line, text)
        if match.status == "unique" and match.variant is not None:
            draft.targets[index] = match.variant.item_id
            if draft.choosing == index:
                draft.choosing, draft.options = None, []
            return True
        if match.status == "ambiguous" and match.variants:
            draft.choosing = index
            draft.options = [v.item_id for v in match.variants][:8]
            return True
        if match.status == "unavailable":
            turn.replies.append(Reply(f"Sorry, that {line.name} is not available right now."))
            return True
        if match.status == "none" and (match.wanted or match.not_offered):
            missing = ", ".join(match.not_offered) or _wanted_text(match.wanted)
            text = f"There's no {line.name} with {missing}."
            if match.variants:
                draft.choosing = index
                draft.options = [v.item_id for v in match.variants][:8]
                text += " These are the closest available ones."
            turn.replies.append(Reply(text))
            return True
        if match.status == "none" and match.wish.price is not None:
            how = "cheaper" if match.wish.price in ("cheaper", "cheapest") else "pricier"
            turn.replies.append(Reply(f"There's no {how} {line.name} like that available."))
            return True
        if match.status == "unchanged" and match.wish.is_empty:
            # Nothing in the message describes a version of this product ("for a coat"), or it
            # asks for the very same item ("a new pair with the same specs").
            if match.wish.same_otherwise:
                turn.replies.append(Reply(
                    f"An item can only be {'exchanged' if draft.task == 'exchange' else 'changed'} for a "
                    f"different version of the {line.name}, not for the same one."))
                return True
            if draft.awaiting == "targets" and draft.choosing in (None, index) and not _STOPPING.match(text):
                offered = _offered_options(product, line)
                turn.replies.append(Reply(
                    f"I can only change it to another version of the {line.name}"
                    + (f" ({offered})" if offered else "") + "; it can't become a different product."))
                return True
            return False
        if match.status == "unchanged":
            turn.replies.append(Reply(f"That's the {line.name} you already have."))
            return True
        return False

    def _read_address(self, turn: Turn, user: User | None, text: str) -> bool:
        draft = turn.draft
        if user is None:
            return False
        same = _SAME_AS.search(text)
        if same:
            source = extract.find_order_ids(same.group(2))
            for order_id in source.valid:
                order = self.store.get_order(order_id)
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
        known = None if parsed.parts.get("address1") else self._address_reference(turn, user, text)
        if known is not None:
            draft.address = known.as_dict()
            return True
        if draft.awaiting == "address" and parsed.missing:
            turn.replies.append(Reply("I still need the " + ", ".join(parsed.missing) + " of the address."))
            return True
        return False

    def _address_reference(self, turn: Turn, user: User, text: str) -> Address | None:
        """An address the shopper points at instead of typing it: the one of another of their
        orders, named by its items ("the same address as my luggage set order"), by its city
        ("my New York address") or as "my other order"; None unless exactly one address fits."""
        draft = turn.draft
        current = self._order(draft) if draft.task == "modify_address" else None
        if draft.task == "modify_address" and current is None:
            return None  # which order is being changed decides what "other" means: ask that first
        others = [o for o in self.store.orders_of(user.user_id) if current is None or o.order_id != current.order_id]

        def only(addresses: Sequence[Address]) -> Address | None:
            found = {a.one_line(): a for a in addresses if current is None or a.one_line() != current.address.one_line()}
            return next(iter(found.values())) if len(found) == 1 else None

        if draft.awaiting == "address" or _ADDRESS_SOURCE.search(text):
            by_items = [o.address for o in others if resolve.match_order_items(text, o.items).items]
            if by_items:
                return only(by_items)
        places = [o.address for o in others] + [user.address]
        by_place = [a for a in places if _mentions_city(text, a)]
        if by_place:
            return only(by_place)
        if _OTHER_ORDER.search(text):
            return only([o.address for o in others])
        return None

    def _read_payment(self, turn: Turn, user: User | None, order: Order, text: str) -> bool:
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
        problem = self._payment_problem(draft, user, order, method)
        if problem:
            turn.replies.append(Reply(problem))
            return True
        draft.payment_method_id = method.id
        return True

    def _payment_problem(self, draft: Draft, user: User, order: Order, method: PaymentMethod) -> str | None:
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
        difference = self._difference(draft, order)
        if difference is not None and method.is_gift_card and (method.balance or 0.0) < difference:
            return f"That {method.describe()} doesn't cover the price difference of {money(difference)}."
        return None

    # ------------------------------------------------------------------ what to ask next

    def _next_step(self, turn: Turn, *, understood: bool) -> Turn:
        draft = turn.draft
        user = self._user(turn)
        if draft.task is None:
            # Nothing asked yet (the shopper only said who they are): close the request and let
            # the next message say what they need.
            return self._finish(turn, ANSWERED, None, Reply(
                "What can I help you with? I can look up an order, cancel or change a pending "
                "order, return or exchange delivered items, or change your default address.",
                buttons=(("Where is my order?", "/order_status"), ("Return items", "/return_items"),
                         ("Exchange items", "/exchange_items"), ("Cancel an order", "/cancel_order")))) if turn.session.user_id \
                else self._ask_identity(turn, progressed=understood, intent="")
        if user is None:
            return self._finish(turn, ABANDONED, "Sorry, I can't find your account any more.")
        if draft.task != "user_address" and draft.order_id is None:
            return self._ask_order(turn, user, understood)
        order = self._order(draft)
        if turn.ask_first is not None and draft.task in ("return", "exchange", "modify_items"):
            return self._ask(turn, "items", turn.ask_first)
        if draft.task == "status":
            assert order is not None
            turn.replies.append(Reply(order_details(order, dict(user.payment_methods))))
            return self._finish(turn, ANSWERED)
        if draft.task == "cancel" and draft.reason is None:
            return self._ask(turn, "reason", Reply(
                "Why would you like to cancel it? I can cancel an order that is no longer needed "
                "or was ordered by mistake.",
                buttons=(("No longer needed", "no longer needed"), ("Ordered by mistake", "ordered by mistake"))))
        if draft.task in ("return", "exchange", "modify_items") and not draft.lines:
            assert order is not None
            verb = {"return": "return", "exchange": "exchange", "modify_items": "change"}[draft.task]
            draft.options = [i.item_id for i in order.items]
            return self._ask(turn, "items", Reply(
                f"Which items of order {order.order_id} would you like to {verb}?\n"
                + numbered(item_text(i) for i in order.items)))
        if draft.task in ("exchange", "modify_items"):
            assert order is not None
            index = draft.choosing if draft.choosing is not None else _first_missing(draft)
            if index is not None:
                return self._ask_target(turn, order, index)
        if draft.task in ("modify_address", "user_address") and draft.address is None:
            where = f"order {draft.order_id}" if draft.task == "modify_address" else "your account"
            return self._ask(turn, "address", Reply(
                f"What's the new address for {where}? Please give the street, suite (if any), "
                "city, state and zip code."))
        if draft.task in ("return", "exchange", "modify_items", "modify_payment") and draft.payment_method_id is None:
            assert order is not None
            choice = self._payment_choices(draft, user, order)
            if len(choice) == 1 and draft.task != "modify_payment":
                draft.payment_method_id = choice[0].id
            else:
                return self._ask_payment(turn, order, choice)
        return self._ask(turn, "confirm", self._confirmation(draft, user))

    def _ask(self, turn: Turn, awaiting: str, question: Reply) -> Turn:
        turn.draft.awaiting = awaiting
        turn.draft.question = question.as_dict()
        return turn

    def _finish(self, turn: Turn, outcome: str, text: str | None = None, reply: Reply | None = None) -> Turn:
        turn.draft.outcome = outcome
        turn.draft.awaiting = None
        turn.draft.question = None
        if text:
            turn.replies.append(Reply(text))
        if reply:
            turn.replies.append(reply)
        turn.done = True
        return turn

    def _ask_order(self, turn: Turn, user: User, understood: bool) -> Turn:
        draft = turn.draft
        task = draft.task or "status"
        orders = self.store.orders_of(user.user_id)
        eligible = [o for o in orders if fits(task, o)] if task != "status" else orders
        if not eligible:
            kind = "pending" if task in ("cancel", "modify_items", "modify_address", "modify_payment") else "delivered"
            turn.replies.append(Reply(
                f"You have no {kind} orders, and {_status_rule(task)}.\n" + user_orders_text(user, orders)))
            return self._finish(turn, ANSWERED)
        if draft.options and all(self.store.get_order(o) for o in draft.options):
            eligible = [o for o in eligible if o.order_id in draft.options] or eligible
        draft.options = [o.order_id for o in eligible]
        intro = "Which order is it?" if task == "status" else f"Which order would you like to {TASK_VERBS[task].split(' an order')[0].split(' of a pending order')[0]}?"
        if task not in ("status", "cancel"):
            intro = "Which order is it about?"
        return self._ask(turn, "order", Reply(
            intro + "\n" + numbered(order_summary_line(o) for o in eligible),
            buttons=tuple((o.order_id, o.order_id) for o in eligible[:6])))

    def _ask_target(self, turn: Turn, order: Order, index: int) -> Turn:
        draft = turn.draft
        line = _line(order, draft.lines[index])
        draft.choosing = index
        if draft.options:
            names = [self.store.get_variant(v) for v in draft.options]
            shown = [variant_text(line.name, v) for v in names if v is not None]
            return self._ask(turn, "targets", Reply(
                f"Which {line.name} would you like instead of {item_text(line)}?\n" + numbered(shown)
                + "\nPick a number, or tell me the options you want."))
        product = self.store.get_product(line.product_id)
        offered = _offered_options(product, line) if product else ""
        return self._ask(turn, "targets", Reply(
            f"What would you like instead of the {item_text(line)}? Tell me the options you want"
            + (f" ({offered})." if offered else ".")))

    def _payment_choices(self, draft: Draft, user: User, order: Order) -> list[PaymentMethod]:
        methods = list(user.payment_methods.values())
        return [m for m in methods if self._payment_problem(draft, user, order, m) is None]

    def _ask_payment(self, turn: Turn, order: Order, choice: list[PaymentMethod]) -> Turn:
        draft = turn.draft
        if not choice:
            user = self._user(turn)
            why = [self._payment_problem(draft, user, order, m) for m in user.payment_methods.values()] if user else []
            turn.replies.append(Reply(
                "None of your saved payment methods can be used for this"
                + (": " + " ".join(w for w in why if w) if any(why) else ".")
                + " Nothing has been changed."))
            return self._finish(turn, ABANDONED)
        if draft.task == "return":
            ask = "Where should the refund go?"
        elif draft.task == "modify_payment":
            ask = f"Which payment method should order {order.order_id} use instead?"
        else:
            difference = self._difference(draft, order) or 0.0
            if difference > 0:
                ask = f"The new items cost {money(difference)} more. Which payment method should pay the difference?"
            elif difference < 0:
                ask = f"The new items cost {money(-difference)} less. Where should the difference be refunded?"
            else:
                ask = "There's no price difference. Which payment method should be on file for it?"
        return self._ask(turn, "payment", Reply(
            ask + " Options: " + method_list(choice) + ".", buttons=method_buttons(choice)))

    # ------------------------------------------------------------------ confirmation

    def _confirmation(self, draft: Draft, user: User) -> Reply:
        order = self._order(draft)
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
            lines = [_line(order, i) for i in draft.lines]
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
                line = _line(order, item_id)
                new = self.store.get_variant(target or "")
                pairs.append(f"{item_text(line)} → {variant_text(line.name, new) if new else '?'}")
            out.add(numbered(pairs))
            difference = self._difference(draft, order) or 0.0
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

    def _at_confirmation(self, turn: Turn, message: Message) -> Turn:
        draft = turn.draft
        text = message.text or ""
        yes = message.intent == "affirm" or (bool(_YES.match(text)) and message.intent != "deny")
        no = not yes and (message.intent == "deny" or bool(_NO.match(text)) or bool(_STOPPING.match(text)))
        correcting = bool(_CORRECTION.search(text))
        if yes and not correcting:
            return self._finish(turn, CONFIRMED)
        if no and not correcting:
            return self._finish(turn, DECLINED, "OK, I haven't changed anything.")
        # Not a plain yes or no: maybe a correction ("use PayPal instead", "only the backpack").
        # A changed request is shown again in full and needs a new yes.
        before = draft.to_slot()
        self._keep_only(turn, text)
        self._read_request(turn, text)
        if draft.to_slot() != before:
            return self._next_step(turn, understood=True)
        if yes:
            return self._finish(turn, CONFIRMED)
        if no:
            return self._finish(turn, DECLINED, "OK, I haven't changed anything.")
        return self._ask(turn, "confirm", Reply.from_dict({
            **(draft.question or {}), "text": "Please answer yes to go ahead or no to leave it as it is.\n"
            + str((draft.question or {}).get("text", ""))}))

    def _keep_only(self, turn: Turn, text: str) -> bool:
        """"Only the backpack": drop the other lines of an item request being confirmed."""
        draft = turn.draft
        order = self._order(draft)
        if order is None or not draft.lines or draft.task not in ("return", "exchange", "modify_items"):
            return False
        if not _ONLY.search(text):
            return False
        match = resolve.match_order_items(text, [_line(order, i) for i in draft.lines])
        keep = {item.item_id for item in match.items}
        if not keep or match.everything or keep.issuperset(draft.lines):
            return False
        pairs = [(line, target) for line, target in zip(draft.lines, draft.targets) if line in keep]
        draft.lines = [line for line, _ in pairs]
        draft.targets = [target for _, target in pairs]
        draft.choosing, draft.options = None, []
        return True

    # ------------------------------------------------------------------ carrying it out

    def _do(self, draft: Draft, session: Session, writer: object, kwargs: dict) -> Reply:
        w = writer
        task = draft.task
        order_id = draft.order_id or ""
        user = self.store.get_user(session.user_id or "")
        methods = dict(user.payment_methods) if user else {}
        method = methods.get(draft.payment_method_id or "")
        who = method.describe() if method else ""
        if task == "cancel":
            order = w.cancel_pending_order(order_id, draft.reason, **kwargs)  # type: ignore[attr-defined]
            return Reply(f"Done: order {order.order_id} is cancelled. Refunds to a gift card arrive immediately, other refunds within 5-7 business days. {_ALL_DONE}")
        if task == "return":
            order = w.return_delivered_order_items(order_id, list(draft.lines), draft.payment_method_id, **kwargs)  # type: ignore[attr-defined]
            return Reply(f"Done: a return is requested for order {order.order_id}, refunded to {who}. You'll get an email with how to send the items back. {_ALL_DONE}")
        if task == "exchange":
            order = w.exchange_delivered_order_items(order_id, list(draft.lines), list(draft.targets), draft.payment_method_id, **kwargs)  # type: ignore[attr-defined]
            return Reply(f"Done: an exchange is requested for order {order.order_id}. You'll get an email with how to return the old items. {_ALL_DONE}")
        if task == "modify_items":
            order = w.modify_pending_order_items(order_id, list(draft.lines), list(draft.targets), draft.payment_method_id, **kwargs)  # type: ignore[attr-defined]
            return Reply(f"Done: order {order.order_id} now has the new items (status: {order.status}). {_ALL_DONE}")
        if task == "modify_payment":
            order = w.modify_pending_order_payment(order_id, draft.payment_method_id, **kwargs)  # type: ignore[attr-defined]
            return Reply(f"Done: order {order.order_id} is now paid with {who}. {_ALL_DONE}")
        address = Address.from_dict(draft.address or {})
        if task == "modify_address":
            w.modify_pending_order_address(order_id, **address.as_dict(), **kwargs)  # type: ignore[attr-defined]
            return Reply(f"Done: order {order_id} will ship to {address.one_line()}. {_ALL_DONE}")
        if task == "user_address":
            w.modify_user_address(session.user_id, **address.as_dict(), **kwargs)  # type: ignore[attr-defined]
            return Reply(f"Done: your default address is now {address.one_line()}. {_ALL_DONE}")
        return Reply(_ALL_DONE)

    # ------------------------------------------------------------------ helpers

    def _user(self, turn: Turn) -> User | None:
        return self.store.get_user(turn.session.user_id) if turn.session.user_id else None

    def _order(self, draft: Draft) -> Order | None:
        return self.store.get_order(draft.order_id) if draft.order_id else None

    def _difference(self, draft: Draft, order: Order) -> float | None:
        if not draft.lines or any(t is None for t in draft.targets):
            return None
        total = 0.0
        for item_id, target in zip(draft.lines, draft.targets):
            variant = self.store.get_variant(target or "")
            if variant is None:
                return None
            total += variant.price - _line(order, item_id).price
        return round(total, 2)


def _line(order: Order, item_id: str) -> OrderItem:
    return next(item for item in order.items if item.item_id == item_id)


def _first_missing(draft: Draft) -> int | None:
    return next((i for i, t in enumerate(draft.targets) if t is None), None)


def _ordinal(text: str, count: int) -> int | None:
    """"2", "#2", "the second one", "number 2" → index 1, within ``count`` options.

    A bare number or number word counts only when nothing else describes the choice: "the
    robotic one" and "the 4 foot one" describe an option rather than point at one.
    """
    words = re.findall(r"[#]?\w+", text.lower())
    if len(words) > 12:
        return None
    weak = {"one", "two", "three", "four", "five"}
    described = any(
        w.lstrip("#") not in _ORDINALS and w.lstrip("#") not in _CHOICE_FILLERS and not w.lstrip("#").isdigit()
        and w != "last"
        for w in words
    )
    for i, word in enumerate(words):
        pointed = word.startswith("#") or (i > 0 and words[i - 1] in ("number", "option", "no", "choice"))
        word = word.lstrip("#")
        if described and not pointed and (word.isdigit() or word in weak):
            continue
        index = int(word) - 1 if word.isdigit() and len(word) <= 2 else _ORDINALS.get(word)
        if index is None and word == "last":
            index = count - 1
        if index is not None and 0 <= index < count:
            return index
    return None


def _names_place(text: str, address: Address) -> bool:
    """Whether ``text`` says an order goes to ``address``'s city ("sent to Washington DC",
    "my LA order", "the one in Chicago")."""
    city = address.city.lower()
    names = [city] + [nick for nick, full in _CITY_NICKNAMES.items() if full == city]
    lowered = text.lower()
    return any(re.search(_PLACE_CUE.format(place=re.escape(name)), lowered) for name in names)


def _mentions_city(text: str, address: Address) -> bool:
    """Whether ``text`` names ``address``'s city, or its short name ("NYC", "LA")."""
    city = address.city.lower()
    names = [city] + [nick for nick, full in _CITY_NICKNAMES.items() if full == city]
    return any(re.search(rf"\b{re.escape(name)}\b", text, re.I) for name in names)


def _wanted_text(wanted: dict[str, str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in wanted.items())


def _offered_options(product: Product, line: OrderItem) -> str:
    values: dict[str, set[str]] = {}
    for variant in product.variants.values():
        if variant.available:
            for key, value in variant.options.items():
                values.setdefault(key, set()).add(value)
    return "; ".join(f"{k}: {', '.join(sorted(v))}" for k, v in values.items() if len(v) > 1)
