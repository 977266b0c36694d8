"""Tests for support.extract: what a shopper types to be identified and to describe a request."""

from __future__ import annotations

import subprocess
import sys

import pytest

from store.models import CANCEL_REASONS, Address
from support.extract import (
    find_cancel_reason,
    find_emails,
    find_item_ids,
    find_name,
    find_order_ids,
    find_zip,
    parse_address,
)

# -- email -------------------------------------------------------------------------------------


def test_emails_are_found_lower_cased_without_repeats() -> None:
    text = "It's Yusuf.Rossi7301@Example.com, or yusuf.rossi7301@example.com. Also mei@shop.co.uk."
    assert find_emails(text) == ["yusuf.rossi7301@example.com", "mei@shop.co.uk"]


@pytest.mark.parametrize("text", ["no email here", "yusuf at example dot com", "@example.com", ""])
def test_no_email(text: str) -> None:
    assert find_emails(text) == []


# -- zip ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zip code 19122", "19122"),
        ("my zipcode is 78712", "78712"),
        ("I live in 80280", "80280"),
        ("Denver, 80280", "80280"),
        ("Yusuf Rossi, 19122", "19122"),
        ("yusuf rossi zip 19122", "19122"),
        ("19122-4455", "19122"),
        ("order #W2378156, zip 19122", "19122"),
        ("445 Maple Drive, Fort Worth, Texas, 76165", "76165"),  # the street number is not the zip
        ("12345 Elm St, zip 76165", "76165"),
    ],
)
def test_zip(text: str, expected: str) -> None:
    assert find_zip(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "order #W2378156",
        "W12345",
        "item 1234567890",
        "$12345 budget",
        "123456",
        "1.23456",
        "call 555-12345-6",
        "",
    ],
)
def test_no_zip(text: str) -> None:
    assert find_zip(text) is None


# -- name --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm Yusuf Rossi", ("Yusuf", "Rossi")),
        ("my name is Mei Kovacs", ("Mei", "Kovacs")),
        ("Yusuf Rossi, 19122", ("Yusuf", "Rossi")),
        ("yusuf rossi zip 19122", ("Yusuf", "Rossi")),
        ("It's Fatima Johnson and my zip is 78712", ("Fatima", "Johnson")),
        ("Yusuf Rossi", ("Yusuf", "Rossi")),
        ("Hi, I am Mei Kovacs from 28236", ("Mei", "Kovacs")),
        ("Mei Kovacs here", ("Mei", "Kovacs")),
        ("this is sofia li, 78260", ("Sofia", "Li")),
    ],
)
def test_name(text: str, expected: tuple[str, str]) -> None:
    assert find_name(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hi there",
        "my order",
        "I'm looking for my order",
        "I am very upset",
        "Thank you",
        "running shoes",
        "I want to return something",
        "It's broken",
        "hello",
        "",
    ],
)
def test_not_a_name(text: str) -> None:
    assert find_name(text) is None


# -- order and item ids ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("#W2378156", ("#W2378156",)),
        ("it's W2378156", ("#W2378156",)),
        ("w2378156 please", ("#W2378156",)),
        ("order 9502127", ("#W9502127",)),
        ("order number 9502127", ("#W9502127",)),
        ("order id: W9502127", ("#W9502127",)),
        ("9502126", ("#W9502126",)),
        ("#W5056519 and #W5995614, and #W5056519 again", ("#W5056519", "#W5995614")),
    ],
)
def test_valid_order_ids(text: str, valid: tuple[str, ...]) -> None:
    found = find_order_ids(text)
    assert found.valid == valid
    assert found.malformed == ()


@pytest.mark.parametrize(
    ("text", "malformed"),
    [
        ("#W123", "#W123"),
        ("W12345678", "W12345678"),
        ("#X1234567", "#X1234567"),
        ("order 950212", "order 950212"),
    ],
)
def test_malformed_order_ids(text: str, malformed: str) -> None:
    found = find_order_ids(text)
    assert found.valid == ()
    assert found.malformed == (malformed,)


@pytest.mark.parametrize(
    "text",
    [
        "item 1234567890",
        "product 1656367028",
        "the #3 one",
        "zip 19122",
        "",
        "for the type in my pending order: 50ft, vinyl, black",
        "the kettle in my order 1.5L",
    ],
)
def test_no_order_id(text: str) -> None:
    assert find_order_ids(text) == find_order_ids("")


def test_item_ids_are_ten_digits() -> None:
    text = "exchange 1151293680 for 7706410293; not 12345678901, #W2378156 or 123456789; 1151293680"
    assert find_item_ids(text) == ["1151293680", "7706410293"]


# -- address -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("101 Highway, New York, NY 10001", Address("101 Highway", "", "New York", "NY", "USA", "10001")),
        (
            "943 Maple Drive, Suite 356, Chicago, IL 60621",
            Address("943 Maple Drive", "Suite 356", "Chicago", "IL", "USA", "60621"),
        ),
        (
            "1234 Elm St, Springfield, IL 62701",
            Address("1234 Elm St", "", "Springfield", "IL", "USA", "62701"),
        ),
        (
            "445 Maple Drive, Suite 394, Fort Worth, Texas, 76165",
            Address("445 Maple Drive", "Suite 394", "Fort Worth", "TX", "USA", "76165"),
        ),
        (
            "I moved to 760 Elm Avenue, Suite 564, Houston, TX 77034, can you update it?",
            Address("760 Elm Avenue", "Suite 564", "Houston", "TX", "USA", "77034"),
        ),
        (
            "ship it to 565 Maple Drive Suite 501 Washington DC 20307 please",
            Address("565 Maple Drive", "Suite 501", "Washington", "DC", "USA", "20307"),
        ),
        (
            "12 Oak Lane, Albany, New York 12207, USA",
            Address("12 Oak Lane", "", "Albany", "NY", "USA", "12207"),
        ),
    ],
)
def test_address(text: str, expected: Address) -> None:
    parsed = parse_address(text)
    assert parsed.address == expected
    assert parsed.missing == ()


def test_missing_state_comes_from_a_real_zip() -> None:
    """τ² task 22: "101 Highway, New York, 10001" — 10001 is in New York state."""
    parsed = parse_address("my new address is 101 Highway, New York, 10001")
    assert parsed.address == Address("101 Highway", "", "New York", "NY", "USA", "10001")


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("12 Oak Lane", ("city", "state", "zip")),
        ("Chicago IL", ("street", "zip")),
        ("I want to change my address", ("street", "city", "state", "zip")),
        ("", ("street", "city", "state", "zip")),
    ],
)
def test_address_missing_parts(text: str, missing: tuple[str, ...]) -> None:
    parsed = parse_address(text)
    assert parsed.address is None
    assert parsed.missing == missing
    assert parsed.parts["country"] == "USA"


def test_address_keeps_what_it_found() -> None:
    parsed = parse_address("12 Oak Lane")
    assert parsed.parts["address1"] == "12 Oak Lane"


# -- cancellation reason -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("I don't need it anymore", "no longer needed"),
        ("I no longer need these", "no longer needed"),
        ("I changed my mind", "no longer needed"),
        ("we don't need them", "no longer needed"),
        ("I ordered it by mistake", "ordered by mistake"),
        ("accidentally ordered two", "ordered by mistake"),
        ("I ordered the wrong one", "ordered by mistake"),
        ("it was a mistake", "ordered by mistake"),
        ("by accident, and I no longer need it anyway", "ordered by mistake"),
    ],
)
def test_cancel_reason(text: str, reason: str) -> None:
    assert reason in CANCEL_REASONS
    assert find_cancel_reason(text) == reason


@pytest.mark.parametrize("text", ["it is taking too long", "cancel it please", "yes", ""])
def test_no_cancel_reason(text: str) -> None:
    assert find_cancel_reason(text) is None


# -- import cost -------------------------------------------------------------------------------


def test_importing_support_loads_no_heavy_library() -> None:
    """Nothing heavy happens on import: the parsers and spaCy load on first use."""
    code = (
        "import sys, support.extract, support.resolve; "
        "heavy = ('spacy', 'usaddress', 'us', 'zipcodes', 'torch', 'sqlalchemy'); "
        "heavy = [m for m in heavy if m in sys.modules]; "
        "print(heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
