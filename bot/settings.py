"""The one place the bot's channels read their configuration from the environment.

:func:`load_bot_settings` is called once, when Rasa builds the channels from ``credentials.yml``
(``from_credentials``), and the resulting :class:`BotSettings` is passed into the channel; nothing
else in ``bot/`` reads ``os.environ``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from recommender.config import env_int

__all__ = [
    "DEFAULT_MAX_MESSAGE_CHARS",
    "DEFAULT_STAFF_TOKEN_HOURS",
    "DEFAULT_WEB_DIR",
    "ENV_MAX_MESSAGE_CHARS",
    "ENV_STAFF_JWT_SECRET",
    "ENV_STAFF_TOKEN_HOURS",
    "MAX_MESSAGE_CHARS_CEILING",
    "MAX_STAFF_TOKEN_HOURS",
    "MIN_STAFF_JWT_SECRET_BYTES",
    "BotSettings",
    "load_bot_settings",
]

logger = logging.getLogger(__name__)

ENV_MAX_MESSAGE_CHARS = "SHOP_MAX_MESSAGE_CHARS"
ENV_STAFF_JWT_SECRET = "SHOP_STAFF_JWT_SECRET"
ENV_STAFF_TOKEN_HOURS = "SHOP_STAFF_TOKEN_HOURS"

DEFAULT_MAX_MESSAGE_CHARS = 2_000
"""Longest shopper message (in characters, after cleaning) that is handed to NLU.

A shopping request is a sentence or two; anything far longer is a paste accident or abuse, and
would only slow tokenisation and featurisation down for every turn of the tracker's history.
"""

MAX_MESSAGE_CHARS_CEILING = 100_000
"""Upper bound accepted from ``SHOP_MAX_MESSAGE_CHARS``, so a typo cannot disable the check."""

DEFAULT_WEB_DIR = Path(__file__).resolve().parent / "web"

DEFAULT_STAFF_TOKEN_HOURS = 12
"""How long a staff token issued by ``python -m bot.staff_auth token`` stays valid: one shift."""

MAX_STAFF_TOKEN_HOURS = 24 * 31
"""Upper bound accepted from ``SHOP_STAFF_TOKEN_HOURS``; a token that never expires is a leak
waiting to happen."""

MIN_STAFF_JWT_SECRET_BYTES = 32
"""Shortest accepted staff signing secret (UTF-8 bytes). HS256 keys shorter than the 32-byte hash
output can be brute-forced offline from any one token (RFC 7518 §3.2), and PyJWT warns on them."""


@dataclass(frozen=True)
class BotSettings:
    """Configuration of the bot's HTTP channels.

    Attributes:
        max_message_chars: Longest message accepted by the REST webhook
            (``SHOP_MAX_MESSAGE_CHARS``, 1–100,000, default 2,000). Longer messages get a polite
            bot reply instead of reaching the tracker.
        web_dir: Folder the chat page and its assets are served from; default ``bot/web``.
        staff_jwt_secret: Secret that signs and checks staff tokens (``SHOP_STAFF_JWT_SECRET``, at
            least 32 bytes). ``None`` disables the staff API: its routes answer 503. Kept out of
            ``repr`` so logging the settings never prints it.
        staff_token_hours: Lifetime of newly issued staff tokens (``SHOP_STAFF_TOKEN_HOURS``,
            1–744, default 12).
    """

    max_message_chars: int = DEFAULT_MAX_MESSAGE_CHARS
    web_dir: Path = DEFAULT_WEB_DIR
    staff_jwt_secret: str | None = field(default=None, repr=False)
    staff_token_hours: int = DEFAULT_STAFF_TOKEN_HOURS


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
        staff_jwt_secret=_staff_secret(env),
        staff_token_hours=env_int(
            env, ENV_STAFF_TOKEN_HOURS, DEFAULT_STAFF_TOKEN_HOURS, 1, MAX_STAFF_TOKEN_HOURS
        ),
    )


def _staff_secret(env: Mapping[str, str]) -> str | None:
    """Read ``SHOP_STAFF_JWT_SECRET``; unset, blank or too short leaves the staff API disabled.

    A short secret is refused rather than used with a warning: staff tokens let their holder speak
    to shoppers as the shop, so a guessable key must not quietly go into service.
    """
    secret = env.get(ENV_STAFF_JWT_SECRET, "").strip()
    if not secret:
        return None
    length = len(secret.encode("utf-8"))
    if length < MIN_STAFF_JWT_SECRET_BYTES:
        logger.warning(
            "%s is %d bytes long; it needs at least %d (try `openssl rand -hex 32`). "
            "The staff API stays disabled until it is long enough.",
            ENV_STAFF_JWT_SECRET,
            length,
            MIN_STAFF_JWT_SECRET_BYTES,
        )
        return None
    return secret
