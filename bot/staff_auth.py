"""Staff authentication for the handoff API: short-lived JWTs signed with a shared secret.

Shop staff take over conversations the bot handed off (:mod:`bot.staff`). Each request carries
``Authorization: Bearer <token>``, where the token is an HS256 JWT signed with
``SHOP_STAFF_JWT_SECRET`` (read once by :mod:`bot.settings`). The token's ``sub`` claim is the
staff member's name, which the API records on every message they send and on every handoff they
close; ``exp`` bounds its life (``SHOP_STAFF_TOKEN_HOURS``, default 12 hours, one shift); ``aud``
is fixed to :data:`STAFF_AUDIENCE` so a token minted for something else with the same secret is
not accepted here.

PyJWT does the signing and every check; this module only fixes the algorithm and the claims and
turns PyJWT's exceptions into one :class:`StaffAuthError` whose message says what was wrong.

Issue a token from the shell (the secret comes from the environment)::

    SHOP_STAFF_JWT_SECRET=... python -m bot.staff_auth token --name alice [--hours 8]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import jwt

from bot.settings import ENV_STAFF_JWT_SECRET, MAX_STAFF_TOKEN_HOURS, load_bot_settings

__all__ = [
    "ALGORITHM",
    "STAFF_AUDIENCE",
    "StaffAuthError",
    "StaffIdentity",
    "bearer_token",
    "issue_token",
    "main",
    "verify",
]

ALGORITHM = "HS256"
"""The only algorithm accepted; pinning it rules out ``alg: none`` and key-confusion tricks."""

STAFF_AUDIENCE = "shop-staff"
"""Value of the ``aud`` claim on staff tokens."""

MAX_NAME_CHARS = 100


class StaffAuthError(ValueError):
    """A request's staff credentials were missing or not acceptable; the message says why."""


@dataclass(frozen=True)
class StaffIdentity:
    """Who a verified token belongs to.

    Attributes:
        name: The staff member's name (the token's ``sub``), recorded on their messages.
        expires_at: When the token stops being accepted (UTC).
    """

    name: str
    expires_at: datetime


def issue_token(
    name: str, secret: str, hours: int | float, *, now: datetime | None = None
) -> str:
    """Sign a staff token for ``name``.

    Args:
        name: The staff member's name; stored as ``sub``, stripped, 1–100 characters.
        secret: The signing secret (``SHOP_STAFF_JWT_SECRET``).
        hours: How long the token stays valid, more than 0 and at most 744 (31 days).
        now: Issue time; the current time when omitted. Tests pass a past time to get a token
            that has already expired.

    Returns:
        The encoded JWT.

    Raises:
        StaffAuthError: If the name, secret or lifetime is unusable.
    """
    clean_name = _checked_name(name)
    if not secret:
        raise StaffAuthError(f"no signing secret: set {ENV_STAFF_JWT_SECRET}")
    if not 0 < hours <= MAX_STAFF_TOKEN_HOURS:
        raise StaffAuthError(
            f"token lifetime must be more than 0 and at most {MAX_STAFF_TOKEN_HOURS} hours, "
            f"got {hours}"
        )
    issued = now or datetime.now(timezone.utc)
    claims = {
        "sub": clean_name,
        "aud": STAFF_AUDIENCE,
        "iat": issued,
        "exp": issued + timedelta(hours=hours),
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def verify(token: str | None, secret: str) -> StaffIdentity:
    """Check a staff token and say whose it is.

    Args:
        token: The encoded JWT, as taken from the ``Authorization`` header; ``None`` or empty
            when the request had none.
        secret: The signing secret (``SHOP_STAFF_JWT_SECRET``).

    Returns:
        The staff member the token was issued to.

    Raises:
        StaffAuthError: If the token is missing, malformed, signed with another secret or
            algorithm, expired, meant for another audience, or has no usable ``sub``.
    """
    if not token:
        raise StaffAuthError(
            "missing staff token: send 'Authorization: Bearer <token>' "
            "(issue one with `python -m bot.staff_auth token --name <you>`)"
        )
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            audience=STAFF_AUDIENCE,
            options={"require": ["sub", "exp", "aud"]},
        )
    except jwt.ExpiredSignatureError as error:
        raise StaffAuthError("staff token has expired: issue a new one") from error
    except jwt.InvalidSignatureError as error:
        raise StaffAuthError(
            f"staff token signature does not match: it was not signed with this server's "
            f"{ENV_STAFF_JWT_SECRET}"
        ) from error
    except jwt.MissingRequiredClaimError as error:
        raise StaffAuthError(f"staff token has no {error.claim!r} claim") from error
    except jwt.InvalidAudienceError as error:
        raise StaffAuthError(
            f"staff token is not meant for this API: its 'aud' claim must be {STAFF_AUDIENCE!r}"
        ) from error
    except jwt.InvalidAlgorithmError as error:
        raise StaffAuthError(f"staff token must be signed with {ALGORITHM}") from error
    except jwt.DecodeError as error:
        raise StaffAuthError(f"staff token is not a valid JWT: {error}") from error
    except jwt.InvalidTokenError as error:  # the remaining claim checks (iat, nbf, sub type)
        raise StaffAuthError(f"staff token is not acceptable: {error}") from error

    name = _checked_name(claims["sub"])
    return StaffIdentity(name=name, expires_at=datetime.fromtimestamp(claims["exp"], timezone.utc))


def bearer_token(authorization: str | None) -> str | None:
    """Take the token out of an ``Authorization: Bearer <token>`` header value.

    Args:
        authorization: The header value, or ``None`` when the header is absent.

    Returns:
        The token, or ``None`` when the header is absent, empty or another scheme.
    """
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def _checked_name(name: object) -> str:
    """Return the stripped staff name, or raise :class:`StaffAuthError` saying what is wrong."""
    if not isinstance(name, str) or not name.strip():
        raise StaffAuthError("staff token's 'sub' claim must be the staff member's name")
    clean = name.strip()
    if len(clean) > MAX_NAME_CHARS:
        raise StaffAuthError(
            f"staff name is {len(clean)} characters long; at most {MAX_NAME_CHARS} are allowed"
        )
    return clean


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line: ``token --name NAME [--hours H]`` prints a staff token.

    Args:
        argv: The arguments after the program name; ``sys.argv[1:]`` when omitted.

    Returns:
        The exit status: 0 on success, 2 when the secret is not configured or an argument is bad.
    """
    parser = argparse.ArgumentParser(
        prog="python -m bot.staff_auth",
        description=f"Issue staff tokens for the handoff API (signed with {ENV_STAFF_JWT_SECRET}).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    token = commands.add_parser("token", help="print a staff token")
    token.add_argument("--name", required=True, help="the staff member's name (the token's sub)")
    token.add_argument(
        "--hours",
        type=float,
        default=None,
        help="how long the token is valid (default: SHOP_STAFF_TOKEN_HOURS, or 12)",
    )
    args = parser.parse_args(argv)

    settings = load_bot_settings()
    if settings.staff_jwt_secret is None:
        print(
            f"error: {ENV_STAFF_JWT_SECRET} is not set (or shorter than 32 bytes); "
            "set it to the secret the Rasa server uses",
            file=sys.stderr,
        )
        return 2
    hours = settings.staff_token_hours if args.hours is None else args.hours
    try:
        print(issue_token(args.name, settings.staff_jwt_secret, hours))
    except StaffAuthError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
