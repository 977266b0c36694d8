"""The write operations against τ²-bench's retail policy, on real τ²-bench orders.

Cast (from ``db.json``):

* olivia_ito_3591 — gift card gift_card_7794233 ($56.00), paypal_8049766, credit_card_9753331;
  #W3657213 pending, paid $3,570.34 by gift card (Action Camera 6700049080, Digital Camera
  5996159312, Cycling Helmet 5886093635); #W5442520 pending, paid $663.85 by credit card;
  #W5866402 delivered, paid $3,203.78 by PayPal (Espresso Machine 6242772310, Sneakers 9727387530);
  #W5353646 processed.
* yusuf_rossi_9620 — #W6247578 pending ($53.27 T-Shirt, credit_card_9513926), #W2378156 delivered.
* liam_lee_5696 — #W7208030 pending: the same Garden Hose 5753502325 twice.
* omar_kim_3528 — #W1080318 pending $53.43 by card; gift_card_3749819 holds $91.00.
* #W2611340 (james_li_5688) is processed; #W8377068 (mia_moore_8366) is cancelled.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from store import PolicyError, ShopStore

OLIVIA = "olivia_ito_3591"
GIFT, PAYPAL, CARD = "gift_card_7794233", "paypal_8049766", "credit_card_9753331"
PENDING_GIFT, PENDING_CARD, DELIVERED, PROCESSED = "#W3657213", "#W5442520", "#W5866402", "#W5353646"
CAMERA, DIGICAM, HELMET = "6700049080", "5996159312", "5886093635"
ESPRESSO, SNEAKERS = "6242772310", "9727387530"
YUSUF, YUSUF_PENDING, YUSUF_CARD = "yusuf_rossi_9620", "#W6247578", "credit_card_9513926"
NEW_ADDRESS = {
    "address1": "12 Harbor Street",
    "address2": "",
    "city": "Portland",
    "state": "ME",
    "country": "USA",
    "zip": "04101",
}


def balance(store: ShopStore, user_id: str, method_id: str) -> float | None:
    user = store.get_user(user_id)
    assert user is not None
    return user.payment_methods[method_id].balance


def last_audit(store: ShopStore) -> dict[str, Any]:
    entries = store.audit_log()
    assert entries, "the write left no audit row"
    entry = entries[-1].as_dict()
    entry.pop("at")
    return entry


@pytest.fixture
def refused(store: ShopStore, dump: Callable[[ShopStore], dict[str, str]]) -> Callable[..., None]:
    """Assert that ``call`` raises PolicyError with exactly ``message`` and writes nothing."""

    def check(message: str, call: Callable[[], object]) -> None:
        before = dump(store)
        with pytest.raises(PolicyError) as raised:
            call()
        assert str(raised.value) == message
        assert dump(store) == before

    return check


# cancel_pending_order ---------------------------------------------------------------------------


def test_cancel_refunds_the_card_and_records_the_reason(store: ShopStore) -> None:
    order = store.cancel_pending_order(YUSUF_PENDING, "no longer needed", conversation_id="c1", acting_user_id=YUSUF)
    assert order.status == "cancelled"
    assert order.details == {"cancel_reason": "no longer needed"}
    assert [(p.transaction_type, p.amount, p.payment_method_id) for p in order.payment_history] == [
        ("payment", 53.27, YUSUF_CARD),
        ("refund", 53.27, YUSUF_CARD),
    ]
    assert store.get_order(YUSUF_PENDING) == order
    assert last_audit(store) == {
        "op": "cancel_pending_order",
        "args": {"order_id": YUSUF_PENDING, "reason": "no longer needed"},
        "conversation_id": "c1",
    }


def test_cancel_refunds_a_gift_card_at_once(store: ShopStore) -> None:
    store.cancel_pending_order(PENDING_GIFT, "ordered by mistake")
    assert balance(store, OLIVIA, GIFT) == 3626.34  # 56.00 + 3,570.34


def test_cancel_after_a_payment_change_refunds_each_method_once(store: ShopStore) -> None:
    store.modify_pending_order_payment(PENDING_GIFT, PAYPAL)  # gift card refunded: 56 + 3570.34
    order = store.cancel_pending_order(PENDING_GIFT, "no longer needed")
    assert [(p.transaction_type, p.payment_method_id) for p in order.payment_history][-1:] == [("refund", PAYPAL)]
    assert len(order.payment_history) == 4
    assert balance(store, OLIVIA, GIFT) == 3626.34  # not credited a second time


@pytest.mark.parametrize(
    ("order_id", "reason", "message"),
    [
        ("#W2611340", "no longer needed", "Order #W2611340 is processed; only pending orders can be cancelled."),
        ("#W8377068", "no longer needed", "Order #W8377068 is cancelled; only pending orders can be cancelled."),
        (DELIVERED, "ordered by mistake", f"Order {DELIVERED} is delivered; only pending orders can be cancelled."),
        (YUSUF_PENDING, "found it cheaper", "Cancellation reason must be 'no longer needed' or 'ordered by mistake'."),
        (YUSUF_PENDING, "No longer needed", "Cancellation reason must be 'no longer needed' or 'ordered by mistake'."),
        ("#W0000000", "no longer needed", "Order #W0000000 was not found."),
        ("W6247578", "no longer needed", "Order W6247578 was not found."),
        ("'; DROP TABLE orders; --", "no longer needed", "Order '; DROP TABLE orders; -- was not found."),
    ],
)
def test_cancel_refusals_write_nothing(
    store: ShopStore, refused: Callable[..., None], order_id: str, reason: str, message: str
) -> None:
    refused(message, lambda: store.cancel_pending_order(order_id, reason))
    assert store.get_order(YUSUF_PENDING) is not None  # the table survived the junk id


def test_cancel_refuses_someone_elses_order(store: ShopStore, refused: Callable[..., None]) -> None:
    refused(
        f"Order {PENDING_GIFT} was not found among your orders.",
        lambda: store.cancel_pending_order(PENDING_GIFT, "no longer needed", acting_user_id=YUSUF),
    )


def test_cancel_refuses_an_order_whose_items_were_modified(store: ShopStore, refused: Callable[..., None]) -> None:
    store.modify_pending_order_items(PENDING_GIFT, [HELMET], ["7811981098"], GIFT)
    refused(
        f"Order {PENDING_GIFT} is pending (item modified); only pending orders can be cancelled.",
        lambda: store.cancel_pending_order(PENDING_GIFT, "no longer needed"),
    )


# modify_pending_order_address -------------------------------------------------------------------


def test_modify_order_address(store: ShopStore) -> None:
    order = store.modify_pending_order_address(YUSUF_PENDING, **NEW_ADDRESS, conversation_id="c2")
    assert order.address.as_dict() == NEW_ADDRESS
    assert store.get_order(YUSUF_PENDING).address.as_dict() == NEW_ADDRESS
    assert store.get_user(YUSUF).address.zip == "19122"  # the account keeps its own address
    assert last_audit(store) == {
        "op": "modify_pending_order_address",
        "args": {"order_id": YUSUF_PENDING, **NEW_ADDRESS},
        "conversation_id": "c2",
    }


def test_modify_address_of_an_order_whose_items_changed(store: ShopStore) -> None:
    store.modify_pending_order_items(PENDING_GIFT, [HELMET], ["7811981098"], GIFT)
    assert store.modify_pending_order_address(PENDING_GIFT, **NEW_ADDRESS).status == "pending (item modified)"


def test_modify_address_refusals(store: ShopStore, refused: Callable[..., None]) -> None:
    refused(
        f"Order {DELIVERED} is delivered; only pending orders can have their address changed.",
        lambda: store.modify_pending_order_address(DELIVERED, **NEW_ADDRESS),
    )
    refused(
        f"Order {YUSUF_PENDING} was not found among your orders.",
        lambda: store.modify_pending_order_address(YUSUF_PENDING, **NEW_ADDRESS, acting_user_id=OLIVIA),
    )
    refused(
        "Address field zip must be text.",
        lambda: store.modify_pending_order_address(YUSUF_PENDING, **{**NEW_ADDRESS, "zip": 4101}),
    )


# modify_pending_order_items ---------------------------------------------------------------------


def test_modify_items_pays_the_difference_from_a_gift_card(store: ShopStore) -> None:
    order = store.modify_pending_order_items(
        PENDING_GIFT, [CAMERA, HELMET], ["6117189161", "7811981098"], GIFT, conversation_id="c3", acting_user_id=OLIVIA
    )
    assert order.status == "pending (item modified)"
    # Each line gets its own new variant (τ²-bench would write the helmet's into both).
    assert [(i.item_id, i.price, i.name) for i in order.items] == [
        ("6117189161", 481.5, "Action Camera"),
        (DIGICAM, 2895.55, "Digital Camera"),
        ("7811981098", 213.86, "Cycling Helmet"),
    ]
    assert order.items[0].options == {"resolution": "4K", "waterproof": "yes", "color": "silver"}
    assert order.items[2].options == {"size": "S", "color": "white", "ventilation": "medium"}
    last = order.payment_history[-1]
    assert (last.transaction_type, last.amount, last.payment_method_id) == ("payment", 20.57, GIFT)
    assert balance(store, OLIVIA, GIFT) == 35.43  # 56.00 - (14.75 + 5.82)
    assert store.get_order(PENDING_GIFT) == order
    assert last_audit(store) == {
        "op": "modify_pending_order_items",
        "args": {
            "order_id": PENDING_GIFT,
            "item_ids": [CAMERA, HELMET],
            "new_item_ids": ["6117189161", "7811981098"],
            "payment_method_id": GIFT,
        },
        "conversation_id": "c3",
    }


def test_modify_items_refunds_a_cheaper_swap(store: ShopStore) -> None:
    order = store.modify_pending_order_items(PENDING_GIFT, [DIGICAM], ["4326528037"], CARD)
    last = order.payment_history[-1]
    assert (last.transaction_type, last.amount, last.payment_method_id) == ("refund", 181.04, CARD)
    assert balance(store, OLIVIA, GIFT) == 56.0


def test_modify_items_refund_to_a_gift_card_lands_at_once(store: ShopStore) -> None:
    store.modify_pending_order_items(PENDING_GIFT, [DIGICAM], ["4326528037"], GIFT)
    assert balance(store, OLIVIA, GIFT) == 237.04  # 56.00 + 181.04


def test_modify_items_changes_repeated_items_line_by_line(store: ShopStore) -> None:
    order = store.modify_pending_order_items(
        "#W7208030", ["5753502325", "5753502325"], ["8481719475", "9829827210"], "credit_card_5809636"
    )
    assert [(i.item_id, i.price) for i in order.items] == [("8481719475", 98.61), ("9829827210", 90.43)]
    last = order.payment_history[-1]
    assert (last.transaction_type, last.amount) == ("refund", 3.66)  # 2.26 - 5.92


@pytest.mark.parametrize(
    ("order_id", "item_ids", "new_item_ids", "method", "message"),
    [
        (PROCESSED, ["5489028872"], ["6843647669"], PAYPAL,
         f"Order {PROCESSED} is processed; only pending orders can have items changed."),
        (DELIVERED, [SNEAKERS], ["2509076505"], PAYPAL,
         f"Order {DELIVERED} is delivered; only pending orders can have items changed."),
        (PENDING_GIFT, ["3330317167"], ["8896479688"], GIFT, f"Item 3330317167 is not in order {PENDING_GIFT}."),
        (PENDING_GIFT, [CAMERA, CAMERA], ["6117189161", "5925362855"], GIFT,
         f"Order {PENDING_GIFT} has item {CAMERA} 1 time(s), not 2."),
        (PENDING_GIFT, [CAMERA], ["7811981098"], GIFT,
         "Item 7811981098 is not a variant of the Action Camera (product 3377618313)."),
        (PENDING_GIFT, [CAMERA], ["0000000000"], GIFT,
         "Item 0000000000 is not a variant of the Action Camera (product 3377618313)."),
        (PENDING_GIFT, [CAMERA], ["4859937227"], GIFT, "Item 4859937227 (Action Camera) is not available right now."),
        (PENDING_GIFT, [CAMERA], [CAMERA], GIFT,
         f"Item {CAMERA} is the item already in the order; choose different options."),
        (PENDING_GIFT, [CAMERA, HELMET], ["6117189161"], GIFT,
         "Each item needs exactly one replacement: got 2 item(s) and 1 new item(s)."),
        (PENDING_GIFT, [CAMERA], ["7523669277"], GIFT,
         "The gift card balance $56.00 does not cover the $56.91 difference."),
        (PENDING_GIFT, [CAMERA], ["6117189161"], YUSUF_CARD,
         f"Payment method {YUSUF_CARD} is not one of the saved payment methods on this account."),
        (PENDING_GIFT, [], [], GIFT, "item_ids is empty: name at least one item."),
        (PENDING_GIFT, CAMERA, ["6117189161"], GIFT, "item_ids must be a list of item ids, e.g. ['1008292230']."),
        ("#W123", [CAMERA], ["6117189161"], GIFT, "Order #W123 was not found."),
    ],
)  # fmt: skip
def test_modify_items_refusals_write_nothing(
    store: ShopStore,
    refused: Callable[..., None],
    order_id: str,
    item_ids: Any,
    new_item_ids: list[str],
    method: str,
    message: str,
) -> None:
    refused(message, lambda: store.modify_pending_order_items(order_id, item_ids, new_item_ids, method))


def test_items_can_be_modified_only_once(store: ShopStore, refused: Callable[..., None]) -> None:
    store.modify_pending_order_items(PENDING_GIFT, [HELMET], ["7811981098"], GIFT)
    refused(
        f"The items of order {PENDING_GIFT} were already changed once; they cannot be changed again.",
        lambda: store.modify_pending_order_items(PENDING_GIFT, [CAMERA], ["6117189161"], GIFT),
    )


def test_modify_items_refuses_someone_elses_order(store: ShopStore, refused: Callable[..., None]) -> None:
    refused(
        f"Order {PENDING_GIFT} was not found among your orders.",
        lambda: store.modify_pending_order_items(PENDING_GIFT, [HELMET], ["7811981098"], GIFT, acting_user_id=YUSUF),
    )


def test_concurrent_modifications_apply_once(store: ShopStore) -> None:
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def modify(new_item: str) -> None:
        barrier.wait()
        try:
            store.modify_pending_order_items(PENDING_GIFT, [HELMET], [new_item], GIFT)
            outcomes.append("ok")
        except PolicyError as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=modify, args=(item,)) for item in ("7811981098", "9013366374")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == sorted(
        ["ok", f"The items of order {PENDING_GIFT} were already changed once; they cannot be changed again."]
    )
    order = store.get_order(PENDING_GIFT)
    difference = order.payment_history[-1].amount
    assert len(order.payment_history) == 2
    assert balance(store, OLIVIA, GIFT) == round(56.0 - difference, 2)
    assert [entry.op for entry in store.audit_log()] == ["modify_pending_order_items"]


# modify_pending_order_payment -------------------------------------------------------------------


def test_modify_payment_charges_the_new_method_and_refunds_the_old(store: ShopStore) -> None:
    order = store.modify_pending_order_payment(PENDING_CARD, PAYPAL, conversation_id="c4", acting_user_id=OLIVIA)
    assert [(p.transaction_type, p.amount, p.payment_method_id) for p in order.payment_history] == [
        ("payment", 663.85, CARD),
        ("payment", 663.85, PAYPAL),
        ("refund", 663.85, CARD),
    ]
    assert order.status == "pending"
    assert last_audit(store) == {
        "op": "modify_pending_order_payment",
        "args": {"order_id": PENDING_CARD, "payment_method_id": PAYPAL},
        "conversation_id": "c4",
    }


def test_modify_payment_away_from_a_gift_card_credits_it(store: ShopStore) -> None:
    store.modify_pending_order_payment(PENDING_GIFT, CARD)
    assert balance(store, OLIVIA, GIFT) == 3626.34


def test_modify_payment_to_a_gift_card_debits_it(store: ShopStore) -> None:
    store.modify_pending_order_payment("#W1080318", "gift_card_3749819")
    assert balance(store, "omar_kim_3528", "gift_card_3749819") == 37.57  # 91.00 - 53.43


@pytest.mark.parametrize(
    ("order_id", "method", "message"),
    [
        (PENDING_CARD, CARD, f"Order {PENDING_CARD} is already paid with {CARD}; choose a different method."),
        (PENDING_CARD, GIFT, "The gift card balance $56.00 does not cover the $663.85 order total."),
        (DELIVERED, CARD, f"Order {DELIVERED} is delivered; only pending orders can change how they are paid."),
        (PENDING_CARD, "gift_card_3749819",
         "Payment method gift_card_3749819 is not one of the saved payment methods on this account."),
    ],
)  # fmt: skip
def test_modify_payment_refusals_write_nothing(
    store: ShopStore, refused: Callable[..., None], order_id: str, method: str, message: str
) -> None:
    refused(message, lambda: store.modify_pending_order_payment(order_id, method))


def test_modify_payment_needs_exactly_one_payment(store: ShopStore, refused: Callable[..., None]) -> None:
    store.modify_pending_order_items(PENDING_GIFT, [HELMET], ["7811981098"], GIFT)
    refused(
        f"The payment method of order {PENDING_GIFT} can only be changed while it has exactly one payment.",
        lambda: store.modify_pending_order_payment(PENDING_GIFT, PAYPAL),
    )


# return_delivered_order_items -------------------------------------------------------------------


@pytest.mark.parametrize("method", [PAYPAL, GIFT], ids=["original-method", "gift-card"])
def test_return_items(store: ShopStore, method: str) -> None:
    order = store.return_delivered_order_items(
        DELIVERED, [SNEAKERS, ESPRESSO], method, conversation_id="c5", acting_user_id=OLIVIA
    )
    assert order.status == "return requested"
    assert order.details == {"return_items": sorted([SNEAKERS, ESPRESSO]), "return_payment_method_id": method}
    assert len(order.payment_history) == 1  # the refund happens when the items come back
    assert balance(store, OLIVIA, GIFT) == 56.0
    assert last_audit(store) == {
        "op": "return_delivered_order_items",
        "args": {"order_id": DELIVERED, "item_ids": [SNEAKERS, ESPRESSO], "payment_method_id": method},
        "conversation_id": "c5",
    }


@pytest.mark.parametrize(
    ("order_id", "item_ids", "method", "message"),
    [
        (DELIVERED, [SNEAKERS], CARD,
         f"A refund goes to the original payment method ({PAYPAL}) or a gift card; {CARD} is neither."),
        (PENDING_CARD, ["3330317167"], CARD,
         f"Order {PENDING_CARD} is pending; only delivered orders can be returned."),
        (DELIVERED, [CAMERA], PAYPAL, f"Item {CAMERA} is not in order {DELIVERED}."),
        (DELIVERED, [SNEAKERS, SNEAKERS], PAYPAL, f"Order {DELIVERED} has item {SNEAKERS} 1 time(s), not 2."),
        (DELIVERED, [SNEAKERS], YUSUF_CARD,
         f"Payment method {YUSUF_CARD} is not one of the saved payment methods on this account."),
    ],
)  # fmt: skip
def test_return_refusals_write_nothing(
    store: ShopStore, refused: Callable[..., None], order_id: str, item_ids: list[str], method: str, message: str
) -> None:
    refused(message, lambda: store.return_delivered_order_items(order_id, item_ids, method))


def test_a_delivered_order_is_returned_once(store: ShopStore, refused: Callable[..., None]) -> None:
    store.return_delivered_order_items(DELIVERED, [SNEAKERS], PAYPAL)
    refused(
        f"Order {DELIVERED} is return requested; only delivered orders can be returned.",
        lambda: store.return_delivered_order_items(DELIVERED, [ESPRESSO], PAYPAL),
    )
    refused(
        f"Order {DELIVERED} is return requested; only delivered orders can be exchanged.",
        lambda: store.exchange_delivered_order_items(DELIVERED, [ESPRESSO], ["7407838442"], PAYPAL),
    )


def test_return_refuses_someone_elses_order(store: ShopStore, refused: Callable[..., None]) -> None:
    refused(
        f"Order {DELIVERED} was not found among your orders.",
        lambda: store.return_delivered_order_items(DELIVERED, [SNEAKERS], PAYPAL, acting_user_id=YUSUF),
    )


# exchange_delivered_order_items -----------------------------------------------------------------


def test_exchange_records_the_request_and_the_difference(store: ShopStore) -> None:
    order = store.exchange_delivered_order_items(
        DELIVERED, [SNEAKERS, ESPRESSO], ["6477915553", "7407838442"], PAYPAL, conversation_id="c6"
    )
    assert order.status == "exchange requested"
    assert order.details == {
        "exchange_items": [ESPRESSO, SNEAKERS],
        "exchange_new_items": ["6477915553", "7407838442"],
        "exchange_payment_method_id": PAYPAL,
        "exchange_price_difference": 64.58,  # (3081.91 - 2996.03) + (186.45 - 207.75)
    }
    assert [i.item_id for i in order.items] == [ESPRESSO, SNEAKERS]  # swapped when the items come back
    assert len(order.payment_history) == 1
    assert last_audit(store) == {
        "op": "exchange_delivered_order_items",
        "args": {
            "order_id": DELIVERED,
            "item_ids": [SNEAKERS, ESPRESSO],
            "new_item_ids": ["6477915553", "7407838442"],
            "payment_method_id": PAYPAL,
        },
        "conversation_id": "c6",
    }


def test_exchange_for_a_cheaper_item_with_a_gift_card(store: ShopStore) -> None:
    order = store.exchange_delivered_order_items(DELIVERED, [SNEAKERS], ["2509076505"], GIFT)
    assert order.details["exchange_price_difference"] == -18.25
    assert balance(store, OLIVIA, GIFT) == 56.0  # nothing moves until the exchange happens


@pytest.mark.parametrize(
    ("order_id", "item_ids", "new_item_ids", "method", "message"),
    [
        (DELIVERED, [SNEAKERS, ESPRESSO], ["6477915553", "7407838442"], GIFT,
         "The gift card balance $56.00 does not cover the $64.58 difference."),
        (DELIVERED, [SNEAKERS], ["3631875806"], PAYPAL, "Item 3631875806 (Sneakers) is not available right now."),
        (DELIVERED, [SNEAKERS], [SNEAKERS], PAYPAL,
         f"Item {SNEAKERS} is the item already in the order; choose different options."),
        (DELIVERED, [SNEAKERS], ["7407838442"], PAYPAL,
         "Item 7407838442 is not a variant of the Sneakers (product 7471004230)."),
        (DELIVERED, [SNEAKERS], ["2509076505", "6477915553"], PAYPAL,
         "Each item needs exactly one replacement: got 1 item(s) and 2 new item(s)."),
        (PENDING_GIFT, [CAMERA], ["6117189161"], GIFT,
         f"Order {PENDING_GIFT} is pending; only delivered orders can be exchanged."),
        (DELIVERED, [CAMERA], ["6117189161"], PAYPAL, f"Item {CAMERA} is not in order {DELIVERED}."),
    ],
)  # fmt: skip
def test_exchange_refusals_write_nothing(
    store: ShopStore,
    refused: Callable[..., None],
    order_id: str,
    item_ids: list[str],
    new_item_ids: list[str],
    method: str,
    message: str,
) -> None:
    refused(message, lambda: store.exchange_delivered_order_items(order_id, item_ids, new_item_ids, method))


# modify_user_address ----------------------------------------------------------------------------


def test_modify_user_address_moves_the_zip_lookup(store: ShopStore) -> None:
    user = store.modify_user_address(OLIVIA, **NEW_ADDRESS, conversation_id="c7", acting_user_id=OLIVIA)
    assert user.address.as_dict() == NEW_ADDRESS
    assert store.find_user_id_by_name_zip("Olivia", "Ito", "04101") == OLIVIA
    assert store.find_user_id_by_name_zip("Olivia", "Ito", "80218") is None
    assert store.get_order(PENDING_GIFT).address.zip == "80218"  # orders keep their address
    assert last_audit(store) == {
        "op": "modify_user_address",
        "args": {"user_id": OLIVIA, **NEW_ADDRESS},
        "conversation_id": "c7",
    }


def test_modify_user_address_refusals(store: ShopStore, refused: Callable[..., None]) -> None:
    refused("User nobody_0000 was not found.", lambda: store.modify_user_address("nobody_0000", **NEW_ADDRESS))
    refused(
        "You can only change your own account.",
        lambda: store.modify_user_address(OLIVIA, **NEW_ADDRESS, acting_user_id=YUSUF),
    )


# The audit log ----------------------------------------------------------------------------------


def test_audit_log_keeps_write_order_and_filters_by_conversation(store: ShopStore) -> None:
    store.modify_pending_order_address(YUSUF_PENDING, **NEW_ADDRESS, conversation_id="a")
    store.cancel_pending_order(PENDING_CARD, "ordered by mistake", conversation_id="b")
    store.cancel_pending_order(YUSUF_PENDING, "no longer needed", conversation_id="a")
    with pytest.raises(PolicyError):
        store.cancel_pending_order(YUSUF_PENDING, "no longer needed", conversation_id="a")
    assert [entry.op for entry in store.audit_log()] == [
        "modify_pending_order_address",
        "cancel_pending_order",
        "cancel_pending_order",
    ]
    assert [entry.args["order_id"] for entry in store.audit_log("a")] == [YUSUF_PENDING, YUSUF_PENDING]
    stamps = [entry.at for entry in store.audit_log()]
    assert stamps == sorted(stamps) and all(stamp.endswith("+00:00") for stamp in stamps)
