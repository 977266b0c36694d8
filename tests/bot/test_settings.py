"""Tests of the bot's environment settings."""

from __future__ import annotations

import logging

import pytest

from bot.settings import (
    DEFAULT_MAX_MESSAGE_CHARS,
    ENV_MAX_MESSAGE_CHARS,
    BotSettings,
    load_bot_settings,
)


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
