"""Tests of the webhook body checks, without a server."""

from __future__ import annotations

import json

import pytest

from bot.validation import (
    EMPTY_MESSAGE_REPLY,
    AnsweredDirectly,
    Rejected,
    ShopperMessage,
    check_webhook_body,
    clean_text,
    too_long_reply,
)


def check(payload: object, max_chars: int = 2_000) -> object:
    return check_webhook_body(json.dumps(payload).encode("utf-8"), max_chars)


def test_valid_body_becomes_a_cleaned_message() -> None:
    result = check({"sender": "s1", "message": "  red\tshoes\n", "metadata": {"a": 1}})

    assert result == ShopperMessage(sender="s1", text="red shoes", metadata={"a": 1})


def test_input_channel_is_kept_when_a_string() -> None:
    result = check({"sender": "s1", "message": "hi", "input_channel": "kiosk"})

    assert isinstance(result, ShopperMessage)
    assert result.input_channel == "kiosk"


def test_null_sender_means_default_sender() -> None:
    assert check({"sender": None, "message": "hi"}) == ShopperMessage(sender=None, text="hi")


def test_malformed_json_error_carries_the_parser_position() -> None:
    result = check_webhook_body(b'{"message": "hi",}', 2_000)

    assert isinstance(result, Rejected)
    assert result.error.startswith("malformed JSON: ")
    assert "column" in result.error


def test_invalid_utf8_is_malformed_json() -> None:
    result = check_webhook_body(b'{"message": "\xff"}', 2_000)

    assert isinstance(result, Rejected)
    assert "not valid UTF-8" in result.error


def test_deeply_nested_json_is_rejected_not_crashing() -> None:
    result = check_webhook_body(b"[" * 100_000 + b"]" * 100_000, 2_000)

    assert isinstance(result, Rejected)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"sender": "s1", "message": 1}, '"message"'),
        ({"sender": 1, "message": "hi"}, '"sender"'),
        ({"sender": "s1", "message": "hi", "input_channel": 3}, '"input_channel"'),
        ({"sender": "s1", "message": "hi", "metadata": []}, '"metadata"'),
    ],
)
def test_wrong_field_type_names_the_field(payload: dict[str, object], field: str) -> None:
    result = check(payload)

    assert isinstance(result, Rejected)
    assert field in result.error


def test_empty_message_is_answered_directly() -> None:
    assert check({"sender": "s1", "message": " \u0000 "}) == AnsweredDirectly(
        "s1", EMPTY_MESSAGE_REPLY
    )


def test_length_is_checked_after_cleaning_and_stripping() -> None:
    padded = "  " + "x" * 5 + "\x00\x00  "

    assert isinstance(check({"message": padded}, max_chars=5), ShopperMessage)
    assert isinstance(check({"message": "x" * 6}, max_chars=5), AnsweredDirectly)


def test_too_long_reply_names_both_numbers() -> None:
    reply = too_long_reply(20_480, 2_000)

    assert "20,480 characters" in reply
    assert "2,000" in reply


@pytest.mark.parametrize(
    "text",
    [
        "👨‍👩‍👧‍👦 family pack",
        "مرحبا، أبحث عن حذاء",
        "שלום, אני מחפש נעליים",
        "\u200fmixed \u202bembedding\u202c marks\ufeff",
        "café 日本語 🇯🇵",
    ],
)
def test_clean_text_leaves_emoji_and_rtl_text_untouched(text: str) -> None:
    assert clean_text(text) == text


def test_clean_text_drops_controls_and_lone_surrogates() -> None:
    assert clean_text("a\x00b\x1bc\x7fd\x9fe\ud800f") == "abcdef"
    assert clean_text("a\nb\tc\r\nd") == "a b c  d"
