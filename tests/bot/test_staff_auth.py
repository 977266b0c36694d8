"""Tests of staff tokens: issuing, checking, the Authorization header and the command line."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import jwt
import pytest

from bot.settings import ENV_STAFF_JWT_SECRET, ENV_STAFF_TOKEN_HOURS
from bot.staff_auth import (
    STAFF_AUDIENCE,
    StaffAuthError,
    bearer_token,
    issue_token,
    main,
    verify,
)

SECRET = "staff-auth-test-secret-0123456789abcdef"
FAR_FUTURE = 4_102_444_800  # 2100-01-01


def test_issued_token_verifies_to_the_name_and_expiry() -> None:
    now = datetime.now(timezone.utc).replace(microsecond=0)

    identity = verify(issue_token(" alice ", SECRET, 8, now=now), SECRET)

    assert identity.name == "alice"
    assert identity.expires_at == now + timedelta(hours=8)


def test_token_is_hs256_with_the_staff_audience() -> None:
    token = issue_token("alice", SECRET, 1)

    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    assert jwt.decode(token, SECRET, algorithms=["HS256"], audience=STAFF_AUDIENCE)["sub"] == "alice"


@pytest.mark.parametrize(
    ("token", "words"),
    [
        (None, ["missing staff token", "Bearer"]),
        ("", ["missing staff token"]),
        ("abc", ["not a valid JWT"]),
        (issue_token("alice", "another-secret-0123456789abcdef012345", 1), ["signature", ENV_STAFF_JWT_SECRET]),
        (
            issue_token("alice", SECRET, 1, now=datetime.now(timezone.utc) - timedelta(hours=2)),
            ["expired"],
        ),
        (jwt.encode({"aud": STAFF_AUDIENCE, "exp": FAR_FUTURE}, SECRET), ["'sub'"]),
        (jwt.encode({"sub": "alice", "aud": STAFF_AUDIENCE}, SECRET), ["'exp'"]),
        (jwt.encode({"sub": "alice", "exp": FAR_FUTURE}, SECRET), ["'aud'"]),
        (jwt.encode({"sub": "alice", "aud": "billing", "exp": FAR_FUTURE}, SECRET), ["aud", STAFF_AUDIENCE]),
        (jwt.encode({"sub": " ", "aud": STAFF_AUDIENCE, "exp": FAR_FUTURE}, SECRET), ["'sub'", "name"]),
        (
            jwt.encode({"sub": "alice", "aud": STAFF_AUDIENCE, "exp": FAR_FUTURE}, SECRET * 2, algorithm="HS512"),
            ["HS256"],
        ),
        (
            jwt.encode({"sub": "alice", "aud": STAFF_AUDIENCE, "exp": FAR_FUTURE}, None, algorithm="none"),
            ["HS256"],
        ),
    ],
    ids=[
        "none", "empty", "garbage", "other-secret", "expired", "no-sub", "no-exp", "no-aud",
        "other-aud", "blank-sub", "hs512", "alg-none",
    ],
)  # fmt: skip
def test_unacceptable_tokens_raise_an_error_saying_why(token: str | None, words: list[str]) -> None:
    with pytest.raises(StaffAuthError) as raised:
        verify(token, SECRET)

    for word in words:
        assert word in str(raised.value)


@pytest.mark.parametrize(
    ("name", "secret", "hours", "words"),
    [
        ("", SECRET, 1, ["name"]),
        ("x" * 101, SECRET, 1, ["101", "100"]),
        ("alice", "", 1, [ENV_STAFF_JWT_SECRET]),
        ("alice", SECRET, 0, ["lifetime", "744"]),
        ("alice", SECRET, 745, ["lifetime", "745"]),
    ],
)
def test_issuing_refuses_bad_arguments(name: str, secret: str, hours: int, words: list[str]) -> None:
    with pytest.raises(StaffAuthError) as raised:
        issue_token(name, secret, hours)

    for word in words:
        assert word in str(raised.value)


@pytest.mark.parametrize(
    ("header", "token"),
    [
        (None, None),
        ("", None),
        ("Bearer", None),
        ("Bearer   ", None),
        ("Basic abc", None),
        ("Bearer abc.def.ghi", "abc.def.ghi"),
        ("bearer abc", "abc"),
        ("  Bearer  abc  ", "abc"),
    ],
)
def test_bearer_token_is_taken_from_the_header(header: str | None, token: str | None) -> None:
    assert bearer_token(header) == token


def test_cli_prints_a_token_signed_with_the_configured_secret(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(ENV_STAFF_JWT_SECRET, SECRET)
    monkeypatch.setenv(ENV_STAFF_TOKEN_HOURS, "2")
    before = datetime.now(timezone.utc)

    assert main(["token", "--name", "alice"]) == 0

    identity = verify(capsys.readouterr().out.strip(), SECRET)
    assert identity.name == "alice"
    assert before + timedelta(hours=2) - timedelta(seconds=5) <= identity.expires_at
    assert identity.expires_at <= before + timedelta(hours=2, seconds=5)


def test_cli_hours_option_overrides_the_setting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(ENV_STAFF_JWT_SECRET, SECRET)

    assert main(["token", "--name", "bob", "--hours", "0.5"]) == 0

    identity = verify(capsys.readouterr().out.strip(), SECRET)
    remaining = identity.expires_at - datetime.now(timezone.utc)
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)


def test_cli_without_a_secret_fails_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(ENV_STAFF_JWT_SECRET, raising=False)

    assert main(["token", "--name", "alice"]) == 2

    captured = capsys.readouterr()
    assert captured.out == ""
    assert ENV_STAFF_JWT_SECRET in captured.err


def test_cli_rejects_a_bad_name_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(ENV_STAFF_JWT_SECRET, SECRET)

    assert main(["token", "--name", "  "]) == 2

    assert "name" in capsys.readouterr().err
