"""HTTP tests of the staff handoff API and the shopper's updates route, on a real Rasa agent.

The agent is Rasa's own ``Agent`` with an in-memory tracker store and lock store, running a tiny
model trained once per session (keyword intent ``greet`` → ``utter_greet``; training takes well
under a second once Rasa is imported). So what the tests see of a paused conversation is what
Rasa's ``MessageProcessor`` does with one — it logs the shopper's message and answers nothing —
and that it answers again once staff resume it.

The shop database is a real :class:`store.ShopStore` on a temporary SQLite file seeded from the
τ²-bench store. A handoff leaves what the handoff action leaves: a record through
``ShopStore.transfer_to_human_agents``, and on the tracker the shopper's request, the action, its
bot message carrying ``{"custom": {"type": "handoff"}}`` and ``ConversationPaused`` — with no
``action_listen`` after it, because Rasa's prediction loop stops at the pause.

All channels are mounted as ``rasa run`` mounts them (``register`` with the ``/webhooks/`` route)
and requests go through sanic-testing's ASGI client, as in ``test_channels.py``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin

import pytest
from rasa.core.agent import Agent
from rasa.core.channels.channel import register
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.run import create_http_input_channels
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    UserUttered,
)
from sanic import Sanic
from sanic_testing.testing import SanicASGITestClient

from bot.channels import ChatPageInput, ShopRestInput
from bot.settings import ENV_STAFF_JWT_SECRET, BotSettings, load_bot_settings
from bot.staff import RESUMED_TEXT, STAFF_DISABLED_ERROR, StaffInput
from bot.staff_auth import issue_token

if TYPE_CHECKING:
    from rasa.shared.core.trackers import DialogueStateTracker
    from sanic_testing.testing import TestingResponse

    from store import ShopStore
    from store.models import Handoff

pytestmark = pytest.mark.filterwarnings(
    # StaffInput closes the database in an after_server_stop listener; Sanic warns that ASGI
    # (the test client) runs it late. `rasa run` is not ASGI.
    "ignore:You have set a listener for \"after_server_stop\" in ASGI mode:UserWarning"
)

REPO = Path(__file__).resolve().parents[2]
SECRET = "staff-api-test-secret-0123456789abcdef"
GREETING = "Hello from the bot"
HANDOFF_ACTION = "action_hand_off"
HANDOFF_TEXT = "I'm passing you to a member of our team."
_app_numbers = itertools.count()
_conversation_numbers = itertools.count()

TINY_FILES = {
    "config.yml": """
recipe: default.v1
language: en
assistant_id: staff_api_test
pipeline:
  - name: WhitespaceTokenizer
  - name: KeywordIntentClassifier
policies:
  - name: RulePolicy
""",
    "domain.yml": f"""
version: "3.1"
intents:
  - greet
  - human
actions:
  - action_hand_off
responses:
  utter_greet:
    - text: "{GREETING}"
""",
    "data/nlu.yml": """
version: "3.1"
nlu:
  - intent: greet
    examples: |
      - hello
      - hi
""",
    "data/rules.yml": """
version: "3.1"
rules:
  - rule: answer a greeting
    steps:
      - intent: greet
      - action: utter_greet
""",
}


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Rasa model that answers "hello" with :data:`GREETING`, trained once per session."""
    from rasa.model_training import train

    root = tmp_path_factory.mktemp("tiny-bot")
    for name, text in TINY_FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text.lstrip())
    with pytest.MonkeyPatch.context() as env:
        env.setenv("RASA_CACHE_DIRECTORY", str(root / "cache"))  # not ./.rasa in the repo
        result = train(
            str(root / "domain.yml"),
            str(root / "config.yml"),
            [str(root / "data")],
            output=str(root / "models"),
            fixed_model_name="tiny",
        )
    assert result.code == 0 and result.model, "training the test model failed"
    return Path(result.model)


@pytest.fixture
def shop_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, tau2_db: Path) -> None:
    """Point the store at a fresh SQLite file seeded from τ², and configure the staff secret."""
    monkeypatch.setenv("SHOP_DB_URL", f"sqlite:///{tmp_path / 'shop.db'}")
    monkeypatch.setenv("SHOP_STORE_FILE", str(tau2_db))
    monkeypatch.setenv(ENV_STAFF_JWT_SECRET, SECRET)


@pytest.fixture
def shop_store(shop_env: None) -> Iterator[ShopStore]:
    """The test's own connection to the shop database (the API opens its own, lazily)."""
    from store import ShopStore

    store = ShopStore.open()
    yield store
    store.close()


def token(name: str = "alice", **kwargs: Any) -> str:
    return issue_token(name, SECRET, 1, **kwargs)


@dataclass
class StaffServer:
    """A Sanic app with the three channels on a real agent, and helpers for one scenario."""

    app: Sanic
    agent: Agent
    client: SanicASGITestClient
    store: ShopStore

    async def request(
        self,
        method: str,
        url: str,
        *,
        auth: str | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> TestingResponse:
        """Send one request; ``auth`` is a staff token, ``body`` JSON (or raw bytes/str)."""
        all_headers = dict(headers or {})
        if auth is not None:
            all_headers["Authorization"] = f"Bearer {auth}"
        kwargs: dict[str, Any] = {"headers": all_headers}
        if isinstance(body, (bytes, str)):
            kwargs["content"] = body.encode() if isinstance(body, str) else body
        elif body is not None:
            kwargs["content"] = json.dumps(body).encode()
        _, response = await self.client.request(method, url, **kwargs)
        return response

    async def staff(self, method: str, path: str, body: Any = None) -> TestingResponse:
        """A request to ``/staff`` with a valid token for alice."""
        return await self.request(method, f"/staff{path}", auth=token(), body=body)

    async def say(self, sender: str, text: str) -> list[dict[str, Any]]:
        """The shopper sends a message through the REST webhook; returns the bot's answer."""
        response = await self.request(
            "POST", "/webhooks/rest/webhook", body={"sender": sender, "message": text}
        )
        assert response.status == 200, response.text
        return response.json

    async def updates(self, sender: str, since: float | None = None) -> dict[str, Any]:
        query = f"?sender={quote(sender)}" + ("" if since is None else f"&since={since!r}")
        response = await self.request("GET", f"/webhooks/rest/updates{query}")
        assert response.status == 200, response.text
        return response.json

    async def tracker(self, sender: str) -> DialogueStateTracker:
        tracker = await self.agent.tracker_store.retrieve(sender)
        assert tracker is not None
        return tracker

    async def hand_off(self, sender: str) -> Handoff:
        """Do what the handoff action does: store the record, say so, pause the conversation."""
        handoff = self.store.transfer_to_human_agents(
            "Shopper wants to talk to a person about a late order.",
            reason="asked for a person",
            transcript=({"from": "user", "text": "hello"},),
            conversation_id=sender,
        )
        request = UserUttered(
            "I want to talk to a person",
            intent={"name": "human", "confidence": 1.0},
            parse_data={"intent": {"name": "human", "confidence": 1.0}, "entities": []},
        )
        async with self.agent.lock_store.lock(sender):
            tracker = await self.tracker(sender)
            for event in (
                request,
                ActionExecuted(HANDOFF_ACTION),
                BotUttered(HANDOFF_TEXT, {"custom": {"type": "handoff"}}),
                ConversationPaused(),
            ):
                tracker.update(event)
            await self.agent.tracker_store.save(tracker)
        return handoff


Scenario = Callable[[StaffServer], Awaitable[None]]


@pytest.fixture
def run_scenario(
    tiny_model: Path, shop_store: ShopStore
) -> Callable[..., None]:
    """Run ``scenario(server)`` on a fresh app whose channels are built from the environment."""

    def run(scenario: Scenario, settings: BotSettings | None = None) -> None:
        settings = settings or load_bot_settings()
        staff_channel = StaffInput(settings)
        agent = Agent.load(
            tiny_model,
            tracker_store=InMemoryTrackerStore(Domain.empty()),
            lock_store=InMemoryLockStore(),
        )
        app = Sanic(f"shop_staff_test_{next(_app_numbers)}")
        app.ctx.agent = agent
        channels = [ShopRestInput(settings), ChatPageInput(settings), staff_channel]
        register(channels, app, route="/webhooks/")

        async def main() -> None:
            async with SanicASGITestClient(app) as client:
                await scenario(StaffServer(app, agent, client, shop_store))

        try:
            asyncio.run(main())
        finally:
            staff_channel.close()

    return run


def new_id() -> str:
    return f"shopper-{next(_conversation_numbers)}"


# --- wiring --------------------------------------------------------------------------------------


def test_credentials_yml_opens_the_staff_channel_at_slash_staff() -> None:
    channels = create_http_input_channels(None, str(REPO / "credentials.yml"))

    staff = [c for c in channels if isinstance(c, StaffInput)]
    assert len(staff) == 1
    assert urljoin("/webhooks/", staff[0].url_prefix()) == "/staff"


def test_the_database_is_not_opened_before_a_request_needs_it() -> None:
    opened: list[str] = []

    def open_store() -> Any:
        opened.append("opened")
        raise AssertionError("opened too early")

    channel = StaffInput(BotSettings(staff_jwt_secret=SECRET), open_store=open_store)
    channel.blueprint(lambda message: asyncio.sleep(0))
    channel.close()

    assert opened == []


# --- authentication ------------------------------------------------------------------------------

STAFF_ROUTES = [
    ("GET", "/staff/handoffs"),
    ("GET", "/staff/conversations/someone"),
    ("POST", "/staff/conversations/someone/messages"),
    ("POST", "/staff/conversations/someone/resume"),
]


def test_without_a_secret_every_staff_route_answers_503(run_scenario: Callable) -> None:
    async def scenario(server: StaffServer) -> None:
        for method, path in STAFF_ROUTES:
            response = await server.request(method, path, auth=token(), body={"text": "hi"})
            assert response.status == 503, (method, path)
            assert response.json == {"error": STAFF_DISABLED_ERROR}
        assert STAFF_DISABLED_ERROR == "staff API disabled: set SHOP_STAFF_JWT_SECRET"

    run_scenario(scenario, BotSettings())


def test_a_short_secret_leaves_the_api_disabled(
    run_scenario: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_STAFF_JWT_SECRET, "too-short")

    async def scenario(server: StaffServer) -> None:
        response = await server.request("GET", "/staff/handoffs", auth=token())
        assert response.status == 503

    run_scenario(scenario)


@pytest.mark.parametrize(
    ("headers", "error"),
    [
        ({}, "missing staff token"),
        ({"Authorization": "Bearer"}, "missing staff token"),
        ({"Authorization": "Basic YWxpY2U6c2VjcmV0"}, "missing staff token"),
        ({"Authorization": "Bearer not-a-jwt"}, "not a valid JWT"),
        ({"Authorization": f"Bearer {issue_token('mallory', 'x' * 40, 1)}"}, "signature"),
        (
            {"Authorization": f"Bearer {token(now=datetime.now(timezone.utc) - timedelta(hours=2))}"},
            "expired",
        ),
    ],
    ids=["no-header", "empty-bearer", "basic-auth", "garbage", "other-secret", "expired"],
)
def test_requests_without_a_valid_token_get_401_naming_the_problem(
    run_scenario: Callable, headers: dict[str, str], error: str
) -> None:
    async def scenario(server: StaffServer) -> None:
        for method, path in STAFF_ROUTES:
            response = await server.request(method, path, headers=headers, body={"text": "hi"})
            assert response.status == 401, (method, path, response.text)
            assert response.headers["content-type"].startswith("application/json")
            assert error in response.json["error"]
            assert response.headers["www-authenticate"].startswith("Bearer")

    run_scenario(scenario)


def test_staff_auth_does_not_touch_the_shopper_routes(run_scenario: Callable) -> None:
    async def scenario(server: StaffServer) -> None:
        assert (await server.request("GET", "/webhooks/rest/")).json == {"status": "ok"}
        assert (await server.request("GET", "/chat/")).status == 200
        sender = new_id()
        assert await server.say(sender, "hello") == [{"recipient_id": sender, "text": GREETING}]

    run_scenario(scenario)


# --- listing handoffs ----------------------------------------------------------------------------


def test_open_handoffs_are_listed_with_every_field(run_scenario: Callable) -> None:
    async def scenario(server: StaffServer) -> None:
        sender = new_id()
        await server.say(sender, "hello")
        handoff = await server.hand_off(sender)

        response = await server.staff("GET", "/handoffs?status=open")

        assert response.status == 200
        [listed] = [h for h in response.json if h["conversation_id"] == sender]
        assert listed == {
            "id": handoff.id,
            "conversation_id": sender,
            "reason": "asked for a person",
            "summary": "Shopper wants to talk to a person about a late order.",
            "transcript": [{"from": "user", "text": "hello"}],
            "status": "open",
            "user_id": None,
            "created_at": handoff.created_at,
            "closed_at": None,
            "closed_by": None,
        }
        closed = await server.staff("GET", "/handoffs?status=closed")
        assert sender not in [h["conversation_id"] for h in closed.json]
        everything = await server.staff("GET", "/handoffs")
        assert sender in [h["conversation_id"] for h in everything.json]

    run_scenario(scenario)


def test_unknown_status_filter_is_a_400_naming_the_parameter(run_scenario: Callable) -> None:
    async def scenario(server: StaffServer) -> None:
        response = await server.staff("GET", "/handoffs?status=pending")
        assert response.status == 400
        assert '"status"' in response.json["error"]
        assert "'pending'" in response.json["error"]

    run_scenario(scenario)


# --- reading a conversation ----------------------------------------------------------------------


def test_conversation_shows_messages_pause_state_and_latest_handoff(
    run_scenario: Callable,
) -> None:
    async def scenario(server: StaffServer) -> None:
        sender = new_id()
        await server.say(sender, "hello")
        before = await server.staff("GET", f"/conversations/{sender}")
        handoff = await server.hand_off(sender)
        await server.say(sender, "hi")  # logged while paused, never answered

        response = await server.staff("GET", f"/conversations/{sender}")

        assert before.json["paused"] is False and before.json["handoff"] is None
        assert response.status == 200
        body = response.json
        assert body["conversation_id"] == sender
        assert body["paused"] is True
        assert body["handoff"]["id"] == handoff.id
        assert [(m["from"], m.get("text"), m.get("event")) for m in body["messages"]] == [
            ("user", "hello", None),
            ("bot", GREETING, None),
            ("user", "I want to talk to a person", None),
            ("bot", HANDOFF_TEXT, None),
            ("event", None, "paused"),
            ("user", "hi", None),
        ]
        assert body["messages"][3]["custom"] == {"type": "handoff"}
        assert all(isinstance(m["timestamp"], float) for m in body["messages"])

    run_scenario(scenario)


def test_unknown_conversation_is_a_404_on_every_conversation_route(
    run_scenario: Callable,
) -> None:
    async def scenario(server: StaffServer) -> None:
        for method, suffix in [("GET", ""), ("POST", "/messages"), ("POST", "/resume")]:
            response = await server.staff(method, f"/conversations/nobody{suffix}", {"text": "hi"})
            assert response.status == 404, (method, suffix)
            assert "'nobody'" in response.json["error"]
        assert await server.agent.tracker_store.retrieve("nobody") is None  # nothing was created

    run_scenario(scenario)


# --- staff messages ------------------------------------------------------------------------------


def test_staff_message_in_a_paused_conversation_reaches_tracker_and_updates(
    run_scenario: Callable,
) -> None:
    async def scenario(server: StaffServer) -> None:
        sender = new_id()
        await server.say(sender, "hello")
        await server.hand_off(sender)
        first_poll = await server.updates(sender)
        handoff_reply = first_poll["messages"][-1]

        response = await server.staff(
            "POST", f"/conversations/{sender}/messages", {"text": "  Hi, I'm Alice.\nLet me look. "}
        )

        assert response.status == 201, response.text
        assert response.json["text"] == "Hi, I'm Alice. Let me look."
        assert response.json["staff"] == "alice"
        event = (await server.tracker(sender)).events[-1]
        assert isinstance(event, BotUttered)
        assert event.text == "Hi, I'm Alice. Let me look."
        assert event.metadata == {"staff": "alice"}
        assert event.timestamp == response.json["timestamp"]

        assert first_poll["paused"] is True
        assert handoff_reply == {
            "recipient_id": sender,
            "custom": {"type": "handoff"},
            "timestamp": handoff_reply["timestamp"],
        }
        update = await server.updates(sender, since=handoff_reply["timestamp"])
        assert update == {
            "messages": [
                {
                    "recipient_id": sender,
                    "text": "Hi, I'm Alice. Let me look.",
                    "timestamp": event.timestamp,
                    "staff": "alice",
                }
            ],
            "paused": True,
        }
        assert (await server.updates(sender, since=event.timestamp))["messages"] == []

    run_scenario(scenario)


def test_staff_message_in_a_conversation_the_bot_still_has_is_a_409(
    run_scenario: Callable,
) -> None:
    async def scenario(server: StaffServer) -> None:
        sender = new_id()
        await server.say(sender, "hello")
        events_before = len((await server.tracker(sender)).events)

        response = await server.staff("POST", f"/conversations/{sender}/messages", {"text": "hi"})

        assert response.status == 409
        assert "not handed off" in response.json["error"]
        assert len((await server.tracker(sender)).events) == events_before

    run_scenario(scenario)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"{", ["malformed JSON"]),
        (b"", ["malformed JSON"]),
        ([], ["JSON object"]),
        ({}, ['"text"', "required"]),
        ({"text": 5}, ['"text"', "must be a string", "a number"]),
        ({"text": None}, ['"text"', "must be a string", "null"]),
        ({"text": " \n\t "}, ['"text"', "empty"]),
        ({"text": "x" * 2_001}, ['"text"', "2,001", "2,000"]),
    ],
)
def test_bad_message_bodies_are_a_400_naming_the_field(
    run_scenario: Callable, body: Any, words: list[str]
) -> None:
    async def scenario(server: StaffServer) -> None:
        sender = new_id()
        await server.say(sender, "hello")
        await server.hand_off(sender)
        events_before = len((await server.tracker(sender)).events)

        response = await server.staff("POST", f"/conversations/{sender}/messages", body)

        assert response.status == 400, response.text
        for word in words:
            assert word in response.json["error"]
        assert len((await server.tracker(sender)).events) == events_before

    run_scenario(scenario)


# --- resuming ------------------------------------------------------------------------------------


def test_resume_hands_the_conversation_back_and_closes_the_record(
    run_scenario: Callable,
) -> None:
    async def scenario(server: StaffServer) -> None:
        sender = new_id()
        await server.say(sender, "hello")
        handoff = await server.hand_off(sender)
        assert await server.say(sender, "hello") == []  # paused: Rasa logs it, answers nothing
        await server.staff("POST", f"/conversations/{sender}/messages", {"text": "All sorted!"})
        before_resume = (await server.tracker(sender)).events[-1].timestamp

        response = await server.request(
            "POST", f"/staff/conversations/{sender}/resume", auth=token("bob")
        )

        assert response.status == 200, response.text
        record = response.json["handoff"]
        assert response.json["paused"] is False
        assert record["id"] == handoff.id
        assert record["status"] == "closed"
        assert record["closed_by"] == "bob"
        assert record["closed_at"]
        [stored] = [h for h in server.store.handoffs("closed") if h.id == handoff.id]
        assert stored.closed_by == "bob"
        assert server.store.latest_handoff(sender).status == "closed"

        tracker = await server.tracker(sender)
        assert not tracker.is_paused()
        resumed, told, listen = list(tracker.events)[-3:]
        assert isinstance(resumed, ConversationResumed)
        assert isinstance(told, BotUttered) and told.text == RESUMED_TEXT
        assert isinstance(listen, ActionExecuted) and listen.action_name == "action_listen"
        update = await server.updates(sender, since=before_resume)
        assert update == {
            "messages": [
                {"recipient_id": sender, "text": RESUMED_TEXT, "timestamp": update["messages"][0]["timestamp"]}
            ],
            "paused": False,
        }

        assert await server.say(sender, "hello") == [{"recipient_id": sender, "text": GREETING}]
        user_turns = [
            e.text for e in (await server.tracker(sender)).events if isinstance(e, UserUttered)
        ]
        assert user_turns == ["hello", "I want to talk to a person", "hello", "hello"]

        again = await server.staff("POST", f"/conversations/{sender}/resume")
        assert again.status == 409  # already back with the bot
        late = await server.staff("POST", f"/conversations/{sender}/messages", {"text": "hi"})
        assert late.status == 409

    run_scenario(scenario)


# --- the shopper's updates route -----------------------------------------------------------------


def test_updates_for_an_unknown_sender_are_empty_and_create_nothing(
    run_scenario: Callable,
) -> None:
    async def scenario(server: StaffServer) -> None:
        assert await server.updates("nobody-yet") == {"messages": [], "paused": False}
        assert await server.agent.tracker_store.retrieve("nobody-yet") is None

    run_scenario(scenario)


def test_updates_without_since_return_every_bot_message(run_scenario: Callable) -> None:
    async def scenario(server: StaffServer) -> None:
        sender = new_id()
        await server.say(sender, "hello")
        update = await server.updates(sender)
        assert [m["text"] for m in update["messages"]] == [GREETING]
        assert "staff" not in update["messages"][0]
        assert update["paused"] is False

    run_scenario(scenario)
