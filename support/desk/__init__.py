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

The steps live in the package's modules, one job each:

* :mod:`support.desk.turn` — :class:`Message`, :class:`Turn`, the store it reads, ask / finish.
* :mod:`support.desk.identity` — verifying the shopper.
* :mod:`support.desk.ordering` — choosing the order, and :func:`fits` (task vs order status).
* :mod:`support.desk.lines` — the items of a request and the new variant of each.
* :mod:`support.desk.details` — cancellation reason, new address, payment method.
* :mod:`support.desk.request` — reading one message into the request.
* :mod:`support.desk.next_step` — what to ask next.
* :mod:`support.desk.confirmation` — the confirmation text, and "only the backpack".
* :mod:`support.desk.carry_out` — the store write for a confirmed request.
* :mod:`support.desk.short_answers`, :mod:`support.desk.places` — yes / no / "the second one",
  and cities as shoppers name them.
"""

from __future__ import annotations

from support import extract, tasks
from support.desk.carry_out import carry_out
from support.desk.confirmation import keep_only
from support.desk.identity import ask_identity, read_identity
from support.desk.next_step import next_step
from support.desk.ordering import fits
from support.desk.request import read_request
from support.desk.short_answers import CORRECTION, NO, STOPPING, YES
from support.desk.turn import Message, StoreReader, Turn, ask, finish
from support.state import (
    ABANDONED,
    CONFIRMED,
    DECLINED,
    HANDOFF,
    TASK_OF_INTENT,
    Draft,
    Session,
)
from support.wording import TASK_VERBS, Reply

__all__ = ["DIGRESSIONS", "SOFT_DIGRESSIONS", "Desk", "Message", "StoreReader", "Turn", "fits"]

#: Intents that are never an answer to the desk's question: the form steps aside for them.
DIGRESSIONS = frozenset(
    {"faq", "help", "bot_challenge", "greet", "thanks", "goodbye", "request_human", "complain"}
)
#: Intents that may be an answer ("the blue one", "medium red") or a digression (a new search):
#: the desk tries them as an answer first and steps aside only when they told it nothing.
SOFT_DIGRESSIONS = frozenset(
    {"search_products", "refine_search", "select_item", "more_like_this", "bought_together", "out_of_scope"}
)


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
        stop = intent == "deny" or bool(NO.match(text))
        was_verified = session.user_id is not None
        progress = read_identity(self.store, turn, text)
        if session.user_id is None:
            if draft.outcome == HANDOFF:
                return finish(turn, HANDOFF)
            if stop and not progress:
                return finish(turn, ABANDONED, "OK, I'll leave it there. Nothing has been changed.")
            if len(draft.earlier) < 3 and text.strip():
                draft.earlier.append(text)
            return ask_identity(turn, progressed=progress, intent=intent)
        if not was_verified:
            # What the shopper asked before proving who they are is read now, in order, as if
            # no question were open (the identity question has just been answered).
            draft.awaiting = None
            for earlier in draft.earlier:
                progress |= read_request(self.store, turn, earlier)
            draft.earlier = []
        progress |= read_request(self.store, turn, text)
        if stop and not progress:
            return finish(turn, ABANDONED, "OK, I'll leave it there. Nothing has been changed.")
        if not progress and intent in SOFT_DIGRESSIONS and draft.awaiting is not None:
            turn.stepped_aside = True
            return turn
        return next_step(self.store, turn, understood=progress)

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
            return [carry_out(self.store, draft, session, writer, kwargs)]
        except PolicyError as error:
            return [Reply(f"I couldn't do that: {error} Nothing has been changed.")]

    def transfer_summary(self, draft: Draft, session: Session, reason: str) -> str:
        """A one-line summary of the shopper's issue for the staff member taking over."""
        who = f"verified user {session.user_id}" if session.user_id else "unverified shopper"
        what = TASK_VERBS.get(draft.task or "", "get help")
        order = f" (order {draft.order_id or draft.order_hint})" if (draft.order_id or draft.order_hint) else ""
        return f"{reason}: {who} wanted to {what}{order}."

    # ------------------------------------------------------------------ confirmation

    def _at_confirmation(self, turn: Turn, message: Message) -> Turn:
        """Read the answer to the confirmation: yes, no, or a correction shown again in full."""
        draft = turn.draft
        text = message.text or ""
        yes = message.intent == "affirm" or (bool(YES.match(text)) and message.intent != "deny")
        no = not yes and (message.intent == "deny" or bool(NO.match(text)) or bool(STOPPING.match(text)))
        correcting = bool(CORRECTION.search(text))
        if yes and not correcting:
            return finish(turn, CONFIRMED)
        if no and not correcting:
            return finish(turn, DECLINED, "OK, I haven't changed anything.")
        # Not a plain yes or no: maybe a correction ("use PayPal instead", "only the backpack").
        # A changed request is shown again in full and needs a new yes.
        before = draft.to_slot()
        keep_only(self.store, turn, text)
        read_request(self.store, turn, text)
        if draft.to_slot() != before:
            return next_step(self.store, turn, understood=True)
        if yes:
            return finish(turn, CONFIRMED)
        if no:
            return finish(turn, DECLINED, "OK, I haven't changed anything.")
        return ask(turn, "confirm", Reply.from_dict({
            **(draft.question or {}), "text": "Please answer yes to go ahead or no to leave it as it is.\n"
            + str((draft.question or {}).get("text", ""))}))
