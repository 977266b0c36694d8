"""Tests of the bot's environment settings."""

from __future__ import annotations

import logging

import pytest

from bot.settings import (
    DEFAULT_MAX_MESSAGE_CHARS,
    DEFAULT_STAFF_TOKEN_HOURS,
    ENV_MAX_MESSAGE_CHARS,
    ENV_STAFF_JWT_SECRET,
    ENV_STAFF_TOKEN_HOURS,
    BotSettings,
    load_bot_settings,
)

LONG_SECRET = "0123456789abcdef0123456789abcdef"


def test_defaults_without_environment() -> None:
    assert load_bot_settings({}) == BotSettings()
    assert BotSettings().max_message_chars == DEFAULT_MAX_MESSAGE_CHARS == 2_000


def test_limit_is_read_from_the_environment() -> None:
    assert load_bot_settings({ENV_MAX_MESSAGE_CHARS: " 500 "}).max_message_chars == 500


@pytest.mark.parametrize("raw", ["lots", "0", "-5", "1e3", "10000000"])
def test_invalid_limit_falls_back_with_a_warning(
    raw: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.settings"):
        settings = load_bot_settings({ENV_MAX_MESSAGE_CHARS: raw})

    assert settings.max_message_chars == DEFAULT_MAX_MESSAGE_CHARS
    assert ENV_MAX_MESSAGE_CHARS in caplog.text


def test_staff_api_is_disabled_without_a_secret() -> None:
    settings = load_bot_settings({})

    assert settings.staff_jwt_secret is None
    assert settings.staff_token_hours == DEFAULT_STAFF_TOKEN_HOURS == 12


def test_staff_secret_and_token_hours_are_read_from_the_environment() -> None:
    settings = load_bot_settings({ENV_STAFF_JWT_SECRET: f" {LONG_SECRET} ", ENV_STAFF_TOKEN_HOURS: "8"})

    assert settings.staff_jwt_secret == LONG_SECRET
    assert settings.staff_token_hours == 8


def test_staff_secret_never_appears_in_the_settings_repr() -> None:
    assert LONG_SECRET not in repr(load_bot_settings({ENV_STAFF_JWT_SECRET: LONG_SECRET}))


@pytest.mark.parametrize("raw", ["", "   ", "short", LONG_SECRET[:-1]])
def test_blank_or_short_staff_secret_leaves_the_api_disabled(
    raw: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.settings"):
        settings = load_bot_settings({ENV_STAFF_JWT_SECRET: raw})

    assert settings.staff_jwt_secret is None
    if raw.strip():
        assert ENV_STAFF_JWT_SECRET in caplog.text
        assert "32" in caplog.text
        assert raw not in caplog.text  # the rejected secret itself is not logged


@pytest.mark.parametrize("raw", ["0", "-1", "745", "twelve"])
def test_invalid_token_hours_fall_back_with_a_warning(
    raw: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        settings = load_bot_settings({ENV_STAFF_TOKEN_HOURS: raw})

    assert settings.staff_token_hours == DEFAULT_STAFF_TOKEN_HOURS
    assert ENV_STAFF_TOKEN_HOURS in caplog.text
