"""The one place the bot's channels read their configuration from the environment.

:func:`load_bot_settings` is called once, when Rasa builds the channels from ``credentials.yml``
(``from_credentials``), and the resulting :class:`BotSettings` is passed into the channel; nothing
else in ``bot/`` reads ``os.environ``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from recommender.config import env_int

__all__ = [
    "DEFAULT_MAX_MESSAGE_CHARS",
    "DEFAULT_WEB_DIR",
    "ENV_MAX_MESSAGE_CHARS",
    "MAX_MESSAGE_CHARS_CEILING",
    "BotSettings",
    "load_bot_settings",
]


ENV_MAX_MESSAGE_CHARS = "SHOP_MAX_MESSAGE_CHARS"

DEFAULT_MAX_MESSAGE_CHARS = 2_000
"""Longest shopper message (in characters, after cleaning) that is handed to NLU.

A shopping request is a sentence or two; anything far longer is a paste accident or abuse, and
would only slow tokenisation and featurisation down for every turn of the tracker's history.
"""

MAX_MESSAGE_CHARS_CEILING = 100_000
"""Upper bound accepted from ``SHOP_MAX_MESSAGE_CHARS``, so a typo cannot disable the check."""

DEFAULT_WEB_DIR = Path(__file__).resolve().parent / "web"


@dataclass(frozen=True)
class BotSettings:
    """Configuration of the bot's HTTP channels.

    Attributes:
        max_message_chars: Longest message accepted by the REST webhook
            (``SHOP_MAX_MESSAGE_CHARS``, 1–100,000, default 2,000). Longer messages get a polite
            bot reply instead of reaching the tracker.
        web_dir: Folder the chat page and its assets are served from; default ``bot/web``.
    """

    max_message_chars: int = DEFAULT_MAX_MESSAGE_CHARS
    web_dir: Path = DEFAULT_WEB_DIR


def load_bot_settings(environ: Mapping[str, str] | None = None) -> BotSettings:
    """Build :class:`BotSettings` from environment variables, validating each.

    Args:
        environ: The variables to read; ``os.environ`` when omitted.

    Returns:
        The settings; an invalid value falls back to its default with a logged warning naming the
        variable and the value it rejected.
    """
    env = os.environ if environ is None else environ
    return BotSettings(
        max_message_chars=env_int(
            env, ENV_MAX_MESSAGE_CHARS, DEFAULT_MAX_MESSAGE_CHARS, 1, MAX_MESSAGE_CHARS_CEILING
        ),
    )
