"""HTTP tests of the bot's channels, mounted the way ``rasa run`` mounts them.

A real Sanic app gets both channels through ``rasa.core.channels.channel.register`` with Rasa's
``/webhooks/`` route, and a recording agent stands in for Rasa's: it answers through the message's
output channel like ``Agent.handle_message`` would, and remembers every message it was given, so
the tests can assert that rejected input never reached the tracker. It also has Rasa's in-memory
tracker store, which ``GET /webhooks/rest/updates`` reads (``test_staff.py`` drives that route on a
real agent, through a handoff).

Requests go through sanic-testing's ASGI client: the pinned sanic-testing 0.7.0's
``SanicTestClient`` sets ``app.test_mode``, which Sanic 21.12 no longer allows on an instance,
while ``SanicASGITestClient`` works and needs no port.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import pytest
from rasa.core.channels.channel import InputChannel, UserMessage, register
from rasa.core.tracker_store import InMemoryTrackerStore, TrackerStore
from rasa.shared.constants import DEFAULT_SENDER_ID
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, ConversationPaused, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import class_from_module_path
from sanic import Sanic
from sanic_testing.testing import SanicASGITestClient

from bot.channels import ChatPageInput, ShopRestInput
from bot.settings import DEFAULT_WEB_DIR, ENV_MAX_MESSAGE_CHARS, BotSettings
from bot.validation import DEFAULT_SENDER_ID as OUR_DEFAULT_SENDER_ID
from bot.validation import EMPTY_MESSAGE_REPLY

if TYPE_CHECKING:
    from sanic_testing.testing import TestingResponse

WEBHOOK = "/webhooks/rest/webhook"
_app_numbers = itertools.count()


@dataclass
class RecordingAgent:
    """Stands in for ``rasa.core.agent.Agent``: records messages, echoes them back."""

    handled: list[UserMessage] = field(default_factory=list)
    tracker_store: TrackerStore = field(
        default_factory=lambda: InMemoryTrackerStore(Domain.empty())
    )

    async def handle_message(self, message: UserMessage) -> None:
        self.handled.append(message)
        await message.output_channel.send_text_message(
            message.sender_id, f"You said: {message.text}"
        )


@dataclass
class ShopServer:
    """A Sanic app with both channels, plus helpers that send one request each."""

    app: Sanic
    agent: RecordingAgent

    def post(self, body: bytes | str, query: str = "") -> TestingResponse:
        content = body.encode("utf-8") if isinstance(body, str) else body
        return self._request("POST", f"{WEBHOOK}{query}", content=content)

    def post_json(self, payload: Any, query: str = "") -> TestingResponse:
        return self.post(json.dumps(payload), query)

    def get(self, path: str) -> TestingResponse:
        return self._request("GET", path, allow_redirects=False)

    def _request(self, method: str, url: str, **kwargs: Any) -> TestingResponse:
        async def send() -> TestingResponse:
            async with SanicASGITestClient(self.app) as client:
                _, response = await client.request(method, url, **kwargs)
                return response

        return asyncio.run(send())


def make_server(settings: BotSettings | None = None) -> ShopServer:
    app = Sanic(f"shop_channels_test_{next(_app_numbers)}")
    agent = RecordingAgent()
    app.ctx.agent = agent
    register([ShopRestInput(settings), ChatPageInput(settings)], app, route="/webhooks/")
    return ShopServer(app, agent)


@pytest.fixture
def server() -> ShopServer:
    return make_server()


@pytest.mark.parametrize("path", ["bot.channels.ShopRestInput", "bot.channels.ChatPageInput"])
def test_channels_load_by_module_path_as_credentials_yml_names_them(path: str) -> None:
    channel_class = class_from_module_path(path)  # what `rasa run` does with credentials.yml keys

    assert issubclass(channel_class, InputChannel)
    assert isinstance(channel_class.from_credentials(None), channel_class)


# --- ShopRestInput: requests that are rejected with HTTP 400 -------------------------------------


def assert_rejected(response: TestingResponse, server: ShopServer, *words: str) -> str:
    assert response.status == 400, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json["error"]
    for word in words:
        assert word in error
    assert server.agent.handled == []
    return error


def test_malformed_json_is_a_400_with_the_parser_detail(server: ShopServer) -> None:
    response = server.post('{"sender": "s1", "message": ')
    error = assert_rejected(response, server, "malformed JSON: ")
    assert "line 1 column" in error


@pytest.mark.parametrize("body", [b"", b"   ", b"\xff\xfe{}", b"{'message': 'hi'}"])
def test_empty_undecodable_or_non_json_body_is_malformed(server: ShopServer, body: bytes) -> None:
    assert_rejected(server.post(body), server, "malformed JSON: ")


@pytest.mark.parametrize("body", ["[]", '["hi"]', '"hi"', "42", "null", "true"])
def test_body_that_is_not_an_object_is_rejected(server: ShopServer, body: str) -> None:
    assert_rejected(server.post(body), server, "JSON object")


def test_missing_message_is_rejected_naming_the_field(server: ShopServer) -> None:
    assert_rejected(server.post_json({"sender": "s1"}), server, '"message"', "required")


@pytest.mark.parametrize("message", [42, None, ["hi"], {"text": "hi"}, True])
def test_non_string_message_is_rejected_naming_the_field(server: ShopServer, message: Any) -> None:
    response = server.post_json({"sender": "s1", "message": message})
    assert_rejected(response, server, '"message"', "must be a string")


@pytest.mark.parametrize("sender", [42, ["s1"], {"id": "s1"}, False])
def test_non_string_sender_is_rejected_naming_the_field(server: ShopServer, sender: Any) -> None:
    response = server.post_json({"sender": sender, "message": "hi"})
    assert_rejected(response, server, '"sender"', "must be a string")


def test_empty_sender_is_rejected(server: ShopServer) -> None:
    assert_rejected(server.post_json({"sender": "  ", "message": "hi"}), server, '"sender"')


def test_non_object_metadata_is_rejected(server: ShopServer) -> None:
    response = server.post_json({"sender": "s1", "message": "hi", "metadata": "x"})
    assert_rejected(response, server, '"metadata"')


# --- ShopRestInput: requests answered without the tracker ----------------------------------------


@pytest.mark.parametrize("message", ["", "   ", "\n\t \r\n", "\x00\x07\x1b"])
def test_empty_message_gets_a_bot_reply_without_reaching_the_tracker(
    server: ShopServer, message: str
) -> None:
    response = server.post_json({"sender": "s1", "message": message})

    assert response.status == 200
    assert response.json == [{"recipient_id": "s1", "text": EMPTY_MESSAGE_REPLY}]
    assert EMPTY_MESSAGE_REPLY == (
        "I didn't get any text. Try something like \"a blue cotton t-shirt under $60\"."
    )
    assert server.agent.handled == []


def test_20_kb_message_gets_a_reply_naming_its_length_and_the_limit(server: ShopServer) -> None:
    response = server.post_json({"sender": "s1", "message": "shirt " * 3_400})  # 20,400 chars

    assert response.status == 200
    [reply] = response.json
    assert reply["recipient_id"] == "s1"
    assert "20,399 characters" in reply["text"]  # counted after stripping the trailing space
    assert "2,000" in reply["text"]
    assert server.agent.handled == []


def test_limit_comes_from_the_settings() -> None:
    server = make_server(BotSettings(max_message_chars=10))

    too_long = server.post_json({"sender": "s1", "message": "x" * 11})
    just_fits = server.post_json({"sender": "s1", "message": "x" * 10})

    assert "11 characters" in too_long.json[0]["text"]
    assert "up to 10" in too_long.json[0]["text"]
    assert just_fits.json == [{"recipient_id": "s1", "text": "You said: xxxxxxxxxx"}]
    assert [m.text for m in server.agent.handled] == ["x" * 10]


def test_from_credentials_reads_the_limit_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV_MAX_MESSAGE_CHARS, "50")

    channel = ShopRestInput.from_credentials(None)

    assert channel.settings.max_message_chars == 50


def test_empty_message_without_sender_is_answered_to_rasas_default_sender(
    server: ShopServer,
) -> None:
    response = server.post_json({"message": " "})

    assert response.json[0]["recipient_id"] == DEFAULT_SENDER_ID


# --- ShopRestInput: messages that go through to Rasa ---------------------------------------------


def test_normal_message_reaches_the_handler_and_gets_rasas_response_format(
    server: ShopServer,
) -> None:
    response = server.post_json(
        {"sender": "s1", "message": "a blue cotton t-shirt under $60", "metadata": {"page": "x"}}
    )

    assert response.status == 200
    assert response.json == [
        {"recipient_id": "s1", "text": "You said: a blue cotton t-shirt under $60"}
    ]
    [message] = server.agent.handled
    assert message.sender_id == "s1"
    assert message.text == "a blue cotton t-shirt under $60"
    assert message.input_channel == "rest"
    assert message.metadata == {"page": "x"}


def test_emoji_and_right_to_left_text_reach_the_handler_unchanged(server: ShopServer) -> None:
    text = (
        "👩‍💻 looking for 👟🏽 — أريد قميصًا أزرق — אני מחפש חולצה כחולה \u200f🇮🇱 שלום"
    )

    response = server.post_json({"sender": "s1", "message": text})

    assert response.status == 200
    assert [m.text for m in server.agent.handled] == [text]
    assert response.json[0]["text"] == f"You said: {text}"


def test_control_characters_are_stripped_and_line_breaks_become_spaces(
    server: ShopServer,
) -> None:
    server.post_json({"sender": "s1", "message": "blue\x00 shirt\nunder\t$60\x7f\x1b"})

    assert [m.text for m in server.agent.handled] == ["blue shirt under $60"]


def test_missing_sender_uses_rasas_default(server: ShopServer) -> None:
    response = server.post_json({"message": "hi"})

    assert response.json == [{"recipient_id": DEFAULT_SENDER_ID, "text": "You said: hi"}]
    assert OUR_DEFAULT_SENDER_ID == DEFAULT_SENDER_ID


def test_stream_mode_still_works(server: ShopServer) -> None:
    response = server.post_json({"sender": "s1", "message": "hi"}, query="?stream=true")

    assert response.status == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    lines = [json.loads(line) for line in response.text.splitlines() if line]
    assert lines == [{"recipient_id": "s1", "text": "You said: hi"}]


def test_stream_mode_answers_an_empty_message_as_a_stream_line(server: ShopServer) -> None:
    response = server.post_json({"sender": "s1", "message": ""}, query="?stream=true")

    assert response.headers["content-type"].startswith("text/event-stream")
    assert json.loads(response.text) == {"recipient_id": "s1", "text": EMPTY_MESSAGE_REPLY}
    assert server.agent.handled == []


def test_rest_health_route_is_unaffected(server: ShopServer) -> None:
    response = server.get("/webhooks/rest/")

    assert response.status == 200
    assert response.json == {"status": "ok"}


# --- ShopRestInput: GET /webhooks/rest/updates ---------------------------------------------------

UPDATES = "/webhooks/rest/updates"


def save_conversation(server: ShopServer, *events: Any) -> None:
    tracker = DialogueStateTracker.from_events("s1", list(events))
    asyncio.run(server.agent.tracker_store.save(tracker))


def test_updates_return_bot_and_staff_messages_after_since(server: ShopServer) -> None:
    save_conversation(
        server,
        UserUttered("I want a person", timestamp=1.0),
        BotUttered("Passing you on.", {"custom": {"type": "handoff"}}, timestamp=2.0),
        ConversationPaused(timestamp=2.5),
        BotUttered("Alice here", metadata={"staff": "alice"}, timestamp=3.25),
    )

    everything = server.get(f"{UPDATES}?sender=s1")
    later = server.get(f"{UPDATES}?sender=s1&since=2.0")

    assert everything.status == 200
    assert everything.headers["cache-control"] == "no-store"
    assert [m.get("text") for m in everything.json["messages"]] == [
        "Passing you on.",
        None,
        "Alice here",
    ]
    assert later.json == {
        "messages": [
            {"recipient_id": "s1", "text": "Alice here", "timestamp": 3.25, "staff": "alice"}
        ],
        "paused": True,
    }
    assert server.agent.handled == []


def test_updates_for_an_unknown_sender_are_empty(server: ShopServer) -> None:
    assert server.get(f"{UPDATES}?sender=nobody&since=5").json == {
        "messages": [],
        "paused": False,
    }


@pytest.mark.parametrize("query", ["", "?since=1", "?sender=", "?sender=%20"])
def test_updates_without_a_sender_are_a_400_naming_it(server: ShopServer, query: str) -> None:
    response = server.get(f"{UPDATES}{query}")

    assert response.status == 400
    assert '"sender"' in response.json["error"]


@pytest.mark.parametrize("since", ["yesterday", "nan", "inf", "-inf", "1e999", "0x10"])
def test_updates_with_a_bad_since_are_a_400_naming_it(server: ShopServer, since: str) -> None:
    response = server.get(f"{UPDATES}?sender=s1&since={since}")

    assert response.status == 400
    assert '"since"' in response.json["error"]
    assert since in response.json["error"]


# --- ChatPageInput -------------------------------------------------------------------------------


def test_chat_page_prefix_escapes_the_webhooks_route() -> None:
    assert urljoin("/webhooks/", ChatPageInput().url_prefix()) == "/chat"


def test_chat_page_is_served_at_chat_slash(server: ShopServer) -> None:
    response = server.get("/chat/")

    assert response.status == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert 'id="log"' in response.text
    assert 'aria-live="polite"' in response.text
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_chat_without_slash_redirects_to_the_page(server: ShopServer) -> None:
    response = server.get("/chat")

    assert response.status in (301, 302, 307, 308)
    assert response.headers["location"] == "/chat/"


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/chat/chat.js", "text/javascript; charset=utf-8"),
        ("/chat/chat.css", "text/css; charset=utf-8"),
        ("/chat/index.html", "text/html; charset=utf-8"),
    ],
)
def test_assets_are_served_with_their_content_type(
    server: ShopServer, path: str, content_type: str
) -> None:
    response = server.get(path)

    assert response.status == 200
    assert response.headers["content-type"] == content_type
    assert response.content == (DEFAULT_WEB_DIR / Path(path).name).read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/chat/%2e%2e/channels.py",
        "/chat/..%2fchannels.py",
        "/chat/%2e%2e%2f%2e%2e%2frequirements/rasa.txt",
        "/chat/%2fetc%2fpasswd",
        "/chat/..%5csettings.py",
        "/chat/missing.js",
    ],
)
def test_path_traversal_and_unknown_files_are_refused(server: ShopServer, path: str) -> None:
    response = server.get(path)

    assert response.status == 404
    assert "import" not in response.text
    assert "root:" not in response.text
