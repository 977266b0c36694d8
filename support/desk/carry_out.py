"""Carrying out a confirmed request: one store write per task, and the reply that says it's done.

Called only by :meth:`support.desk.Desk.execute`, after the shopper said yes to the full
confirmation; the store checks the policy again and may refuse (:class:`store.PolicyError`).
"""

from __future__ import annotations

from store.models import Address
from support.desk.turn import StoreReader
from support.state import Draft, Session
from support.wording import Reply

_ALL_DONE = "Is there anything else I can help you with?"


def carry_out(store: StoreReader, draft: Draft, session: Session, writer: object, kwargs: dict) -> Reply:
    """Write ``draft`` through ``writer`` (a :class:`store.ShopStore`) and say what was done.

    Args:
        store: Where the shopper's payment methods are read, to name the one used.
        draft: The confirmed request.
        session: The verified shopper.
        writer: The store that writes.
        kwargs: Passed to every write (conversation id, acting user id) for the audit log.
    """
    w = writer
    task = draft.task
    order_id = draft.order_id or ""
    user = store.get_user(session.user_id or "")
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
