"""The task cross-check: the words of messages the NLU model mislabelled in live runs."""

from __future__ import annotations

import pytest

from support.tasks import agreed_task, switch_to, task_words


@pytest.mark.parametrize(("intent_task", "text", "task"), [
    (None, "cancel order #W5056519, I ordered it by mistake", "cancel"),
    (None, "I want to return the mechanical keyboard, refund to the original payment method", "return"),
    ("cancel", "I'd like to change the hiking boots in my pending order to size 8, same material", "modify_items"),
    (None, "For order #W5056519, please change the address to be the same as order #W8277957", "modify_address"),
    (None, "please also exchange the other laptop for one with an i7 processor, 8GB RAM and a 1TB SSD", "exchange"),
    ("return", "I received the helmet and want to send it back", "return"),
    ("exchange", "exchange the mechanical keyboard for one with clicky switches", "exchange"),
    ("status", "where is my order #W2611340", "status"),
    ("status", "hi, could you help me with something", "status"),  # the words say nothing: trust NLU
    (None, "Yusuf Rossi, 19122", None),
    (None, "change my default address to 101 Highway, New York, NY 10001", "user_address"),
    ("modify_items", "pay for order #W1234567 with PayPal instead", "modify_payment"),
])
def test_agreed_task(intent_task: str | None, text: str, task: str | None) -> None:
    assert agreed_task(intent_task, text) == task


@pytest.mark.parametrize(("intent_task", "current", "text", "new"), [
    ("user_address", "modify_address", "the address on file", None),
    ("modify_address", "exchange", "then I'll take the E-Reader with 32GB storage instead", None),
    ("return", "exchange", "actually I'd rather return it", "return"),
    ("cancel", "modify_items", "forget it, just cancel the whole order", "cancel"),
])
def test_switch_only_when_words_agree(intent_task: str, current: str, text: str, new: str | None) -> None:
    assert switch_to(intent_task, current, text) == new


def test_words_of_a_plain_answer_name_no_task() -> None:
    assert task_words("the blue one, medium") == []
    assert task_words("PayPal please") == []


@pytest.mark.parametrize(("text", "task"), [
    ("please also cancel the charger, jacket and running shoes, I no longer need them either", "cancel"),
    ("return the garden hose and backpack", "return"),
    ("I also want to exchange my jigsaw puzzle for one with 500 fewer pieces", "exchange"),
    ("a blue cotton t-shirt under $60", None),
    ("change the colour to red", None),
])
def test_order_request_in_a_search(text: str, task: str | None) -> None:
    from support.tasks import order_request

    assert order_request(text) == task
