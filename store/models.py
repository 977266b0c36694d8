"""Plain, immutable records the store hands out: users, orders, products, audit entries.

They mirror τ²-bench's retail data model (the demo store uses the same one), so a record can be
compared with a τ² scenario field by field. Records are frozen dataclasses that know nothing of
SQLAlchemy: the rest of the project (dialogue, resolvers, tests) reads them without a session.
Runs on Python 3.10 and 3.11 alike: both servers import it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

#: Order statuses in the data and the ones the write operations produce.
PENDING = "pending"
PENDING_ITEMS_MODIFIED = "pending (item modified)"
PROCESSED = "processed"
DELIVERED = "delivered"
CANCELLED = "cancelled"
RETURN_REQUESTED = "return requested"
EXCHANGE_REQUESTED = "exchange requested"

#: The two cancellation reasons the policy accepts, verbatim.
CANCEL_REASONS = ("no longer needed", "ordered by mistake")

#: Names of the write operations, as τ²-bench calls them; the audit log uses exactly these.
WRITE_OPERATIONS = (
    "cancel_pending_order",
    "modify_pending_order_items",
    "modify_pending_order_address",
    "modify_pending_order_payment",
    "return_delivered_order_items",
    "exchange_delivered_order_items",
    "modify_user_address",
    "transfer_to_human_agents",
)


@dataclass(frozen=True)
class Address:
    """A postal address; `address2` is "" when there is no second line."""

    address1: str
    address2: str
    city: str
    state: str
    country: str
    zip: str

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Address:
        return cls(
            address1=str(data.get("address1", "")),
            address2=str(data.get("address2", "") or ""),
            city=str(data.get("city", "")),
            state=str(data.get("state", "")),
            country=str(data.get("country", "")),
            zip=str(data.get("zip", "")),
        )

    def as_dict(self) -> dict[str, str]:
        return {
            "address1": self.address1,
            "address2": self.address2,
            "city": self.city,
            "state": self.state,
            "country": self.country,
            "zip": self.zip,
        }

    def one_line(self) -> str:
        """The address as shoppers write it: "763 Broadway, Suite 135, Philadelphia, PA 19122, USA"."""
        parts = [self.address1, self.address2, self.city, f"{self.state} {self.zip}".strip(), self.country]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class PaymentMethod:
    """A saved payment method: `source` is "credit_card", "paypal" or "gift_card".

    `balance` is set for gift cards only; `brand` and `last_four` for credit cards only.
    """

    id: str
    source: str
    balance: float | None = None
    brand: str | None = None
    last_four: str | None = None

    @property
    def is_gift_card(self) -> bool:
        return self.source == "gift_card"

    def describe(self) -> str:
        """How the bot names it to the shopper: "Mastercard ending 2478", "PayPal", "gift card ($12.50)"."""
        if self.source == "credit_card":
            brand = (self.brand or "credit card").title()
            return f"{brand} ending {self.last_four}" if self.last_four else brand
        if self.source == "gift_card":
            return f"gift card (balance ${self.balance:,.2f})" if self.balance is not None else "gift card"
        if self.source == "paypal":
            return "PayPal"
        return self.source.replace("_", " ")


@dataclass(frozen=True)
class User:
    """A customer account; `orders` lists order ids in the order the store recorded them."""

    user_id: str
    first_name: str
    last_name: str
    email: str
    address: Address
    payment_methods: Mapping[str, PaymentMethod]
    orders: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrderItem:
    """One line of an order: a variant (`item_id`) of a product, at the price paid."""

    item_id: str
    product_id: str
    name: str
    price: float
    options: Mapping[str, str]


@dataclass(frozen=True)
class Payment:
    """One entry of an order's payment history: a "payment" or a "refund"."""

    transaction_type: str
    amount: float
    payment_method_id: str


@dataclass(frozen=True)
class Fulfillment:
    """A shipment: its tracking ids and the items it carries."""

    tracking_id: tuple[str, ...]
    item_ids: tuple[str, ...]


@dataclass(frozen=True)
class Order:
    """An order with its items, shipments and payments.

    `details` holds the optional fields write operations add (cancel_reason, return_items,
    return_payment_method_id, exchange_items, exchange_new_items, exchange_payment_method_id,
    exchange_price_difference), named as τ²-bench names them.
    """

    order_id: str
    user_id: str
    status: str
    address: Address
    items: tuple[OrderItem, ...]
    fulfillments: tuple[Fulfillment, ...] = ()
    payment_history: tuple[Payment, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def total(self) -> float:
        """What the items cost, as listed on the order."""
        return round(sum(item.price for item in self.items), 2)

    @property
    def original_payment_method_id(self) -> str | None:
        """The method of the first payment: where returns may be refunded."""
        return self.payment_history[0].payment_method_id if self.payment_history else None


@dataclass(frozen=True)
class Variant:
    """A purchasable item of a product: its options, price and availability."""

    item_id: str
    product_id: str
    options: Mapping[str, str]
    available: bool
    price: float


@dataclass(frozen=True)
class Product:
    """A product type and all its variants, keyed by item id."""

    product_id: str
    name: str
    variants: Mapping[str, Variant]


@dataclass(frozen=True)
class AuditEntry:
    """One write operation as the audit log records it; `at` is an ISO-8601 UTC timestamp."""

    op: str
    args: Mapping[str, Any]
    conversation_id: str | None
    at: str

    def as_dict(self) -> dict[str, Any]:
        return {"op": self.op, "args": dict(self.args), "conversation_id": self.conversation_id, "at": self.at}


@dataclass(frozen=True)
class Handoff:
    """A conversation handed to staff: why, a short summary and the transcript so far."""

    id: int
    conversation_id: str
    reason: str
    summary: str
    transcript: tuple[Mapping[str, str], ...]
    status: str
    created_at: str
    user_id: str | None = None
    closed_at: str | None = None
    closed_by: str | None = None
