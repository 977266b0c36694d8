"""How the customer-service desk words orders, items, payments and requests for the shopper.

One place for the shop's customer-service sentences, so the dialogue logic in
:mod:`support.desk` stays about decisions and staff can find every phrase here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from store.models import Address, Order, OrderItem, PaymentMethod, User, Variant

#: What each task is called in sentences ("I can help you <verb> ...").
TASK_VERBS = {
    "status": "look up an order",
    "cancel": "cancel an order",
    "modify_items": "change items in a pending order",
    "modify_address": "change the shipping address of a pending order",
    "modify_payment": "change the payment method of a pending order",
    "return": "return delivered items",
    "exchange": "exchange delivered items",
    "user_address": "change your default address",
    "recommend": "get suggestions based on your orders",
}


@dataclass(frozen=True)
class Reply:
    """One bot message: text, optional quick-reply buttons (title, payload) and a custom payload."""

    text: str
    buttons: tuple[tuple[str, str], ...] = ()
    custom: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"text": self.text}
        if self.buttons:
            data["buttons"] = [{"title": t, "payload": p} for t, p in self.buttons]
        if self.custom is not None:
            data["custom"] = self.custom
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reply:
        buttons = tuple((b["title"], b["payload"]) for b in data.get("buttons", ()))
        return cls(text=str(data.get("text", "")), buttons=buttons, custom=data.get("custom"))


@dataclass
class Lines:
    """A small builder for multi-line messages."""

    parts: list[str] = field(default_factory=list)

    def add(self, text: str) -> Lines:
        self.parts.append(text)
        return self

    def text(self) -> str:
        return "\n".join(self.parts)


def money(amount: float) -> str:
    """$1,234.50 style."""
    return f"${amount:,.2f}"


def options_text(options: dict[str, str] | Any) -> str:
    """"color: red, size: M" — every option, in the store's own order."""
    return ", ".join(f"{key}: {value}" for key, value in dict(options).items())


def item_text(item: OrderItem) -> str:
    """"Mechanical Keyboard (switch type: linear, backlight: RGB) $149.99"."""
    return f"{item.name} ({options_text(item.options)}) {money(item.price)}"


def variant_text(name: str, variant: Variant) -> str:
    return f"{name} ({options_text(variant.options)}) {money(variant.price)}"


def numbered(lines: Iterable[str]) -> str:
    return "\n".join(f"{i}. {line}" for i, line in enumerate(lines, start=1))


def order_summary_line(order: Order) -> str:
    """"#W2378156 (delivered): Mechanical Keyboard, Smart Thermostat"."""
    names = ", ".join(item.name for item in order.items)
    return f"{order.order_id} ({order.status}): {names}"


def order_details(order: Order, methods: dict[str, PaymentMethod]) -> str:
    """Everything a verified shopper may read about their own order."""
    out = Lines()
    out.add(f"Order {order.order_id} is {order.status}.")
    out.add("Items:")
    out.add(numbered(item_text(item) for item in order.items))
    tracking = [tid for f in order.fulfillments for tid in f.tracking_id]
    if tracking:
        out.add("Tracking number" + ("s" if len(tracking) > 1 else "") + ": " + ", ".join(tracking))
    elif order.status.startswith("pending"):
        out.add("It hasn't shipped yet, so there's no tracking number.")
    out.add(f"Shipping to: {order.address.one_line()}")
    paid = sum(p.amount for p in order.payment_history if p.transaction_type == "payment")
    refunded = sum(p.amount for p in order.payment_history if p.transaction_type == "refund")
    first = order.payment_history[0].payment_method_id if order.payment_history else None
    how = f" with {methods[first].describe()}" if first in methods else ""
    out.add(f"Paid: {money(paid)}{how}" + (f"; refunded: {money(refunded)}" if refunded else "") + ".")
    extra = order.details
    if extra.get("cancel_reason"):
        out.add(f"Cancelled because: {extra['cancel_reason']}.")
    return out.text()


def user_orders_text(user: User, orders: Sequence[Order]) -> str:
    if not orders:
        return "There are no orders on your account."
    return "Your orders:\n" + numbered(order_summary_line(o) for o in orders)


def method_list(methods: Iterable[PaymentMethod]) -> str:
    return ", ".join(m.describe() for m in methods)


def method_buttons(methods: Iterable[PaymentMethod]) -> tuple[tuple[str, str], ...]:
    return tuple((m.describe(), m.describe()) for m in methods)


def address_text(address: Address | dict[str, str]) -> str:
    if isinstance(address, dict):
        address = Address.from_dict(address)
    return address.one_line()
