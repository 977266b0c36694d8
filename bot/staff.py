"""The staff handoff API: shop staff read handed-off conversations, answer, and give them back.

When a shopper asks for a person, complains, or the bot keeps failing, a custom action stores a
handoff record in the shop database (:mod:`store`) and pauses the conversation
(``ConversationPaused``): Rasa then logs the shopper's messages without answering. This channel
lets staff take it from there, on Rasa's own server and port. It is enabled in
``credentials.yml`` as ``bot.staff.StaffInput:`` and mounted at ``/staff`` with the same
absolute-prefix ``urljoin`` trick as the chat page (see :mod:`bot.channels`).

Every route needs ``Authorization: Bearer <token>`` with a staff JWT (:mod:`bot.staff_auth`);
without ``SHOP_STAFF_JWT_SECRET`` every route answers 503. Routes:

``GET /staff/handoffs?status=open|closed``
    Handoff records, oldest first (the queue order the store keeps).
``GET /staff/conversations/<id>``
    The conversation from the tracker: shopper, bot and staff messages with timestamps, pauses
    and resumes, whether it is paused now, and its latest handoff record.
``POST /staff/conversations/<id>/messages`` with ``{"text": "..."}``
    Says ``text`` to the shopper as a ``BotUttered`` whose metadata names the staff member. Only
    in a paused conversation (409 otherwise): while the bot is in charge, staff stay out. The
    shopper's chat page picks it up from ``GET /webhooks/rest/updates``.
``POST /staff/conversations/<id>/resume``
    Hands the conversation back to the bot: ``ConversationResumed``, a message telling the
    shopper the assistant is back, ``action_listen`` so the shopper's next message starts a normal
    turn, and the handoff record closed in the name of the staff member.

Tracker changes are made like Rasa's own ``/conversations/<id>/tracker/events`` endpoint does:
under the lock store's lock for the conversation, through the running agent's tracker store, so
an event broker publishes staff messages like any other event.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from rasa.core.channels.channel import InputChannel
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, BotUttered, ConversationResumed
from sanic import Blueprint, response

from bot.settings import ENV_STAFF_JWT_SECRET, BotSettings, load_bot_settings
from bot.staff_auth import StaffAuthError, StaffIdentity, bearer_token, verify
from bot.transcript import STAFF_METADATA_KEY, conversation_entries
from bot.validation import Rejected, clean_text, json_type, parse_json_object
from store import ShopStore, StoreError

if TYPE_CHECKING:
    from rasa.core.agent import Agent
    from rasa.core.channels.channel import UserMessage
    from sanic.request import Request
    from sanic.response import HTTPResponse

    from store.models import Handoff

__all__ = [
    "HANDOFF_STATUSES",
    "RESUMED_TEXT",
    "STAFF_DISABLED_ERROR",
    "STAFF_PREFIX",
    "StaffInput",
    "check_staff_message",
    "handoff_as_dict",
]

logger = logging.getLogger(__name__)

STAFF_PREFIX = "/staff"

STAFF_DISABLED_ERROR = f"staff API disabled: set {ENV_STAFF_JWT_SECRET}"

HANDOFF_STATUSES = ("open", "closed")

RESUMED_TEXT = "You're back with the shop assistant. What can I help you find?"
"""What the shopper is told when staff hand the conversation back to the bot."""

StoreOpener = Callable[[], ShopStore]


class StaffInput(InputChannel):
    """Rasa input channel serving the staff handoff API at ``/staff``.

    It receives no shopper messages; it reads and changes trackers through the agent Rasa puts on
    ``app.ctx.agent``. The shop database is opened on the first request that needs it and kept
    for the life of the server.
    """

    def __init__(
        self, settings: BotSettings | None = None, open_store: StoreOpener | None = None
    ) -> None:
        """Create the channel.

        Args:
            settings: The staff secret and message limit; defaults to :class:`BotSettings`
                defaults, which leave the API disabled.
            open_store: Opens the shop database; ``ShopStore.open`` (``SHOP_DB_URL``) when
                omitted. Called on first use, and again after a failed attempt.
        """
        self.settings = settings or BotSettings()
        self._open_store = open_store or ShopStore.open
        self._store: ShopStore | None = None

    @classmethod
    def name(cls) -> str:
        """Name the channel in Rasa's logs and channel list."""
        return "staff"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> StaffInput:
        """Build the channel when Rasa reads ``credentials.yml``.

        Args:
            credentials: The channel's section of ``credentials.yml``; unused.

        Returns:
            The channel, configured by :func:`bot.settings.load_bot_settings`.
        """
        return cls(load_bot_settings())

    def url_prefix(self) -> str:
        """Mount at ``/staff`` rather than ``/webhooks/staff`` (an absolute path wins in urljoin)."""
        return STAFF_PREFIX

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Define the staff routes, all behind the staff token check.

        Args:
            on_new_message: Rasa's message handler; unused, staff messages are not shopper input.

        Returns:
            The blueprint Rasa mounts at ``/staff``.
        """
        staff = Blueprint("shop_staff", __name__)

        # Plain closures, not bound methods: Sanic 21.12 accepts only functions as blueprint
        # middleware and tags route handlers with the blueprint's name.
        async def authenticate(request: Request) -> HTTPResponse | None:
            return self._authenticate(request)

        staff.on_request(authenticate)

        @staff.get("/handoffs")
        async def list_handoffs(request: Request) -> HTTPResponse:
            return self._list_handoffs(request)

        @staff.get("/conversations/<conversation_id:str>")
        async def show_conversation(request: Request, conversation_id: str) -> HTTPResponse:
            return await self._show_conversation(request, conversation_id)

        @staff.post("/conversations/<conversation_id:str>/messages")
        async def post_message(request: Request, conversation_id: str) -> HTTPResponse:
            return await self._post_message(request, conversation_id)

        @staff.post("/conversations/<conversation_id:str>/resume")
        async def resume(request: Request, conversation_id: str) -> HTTPResponse:
            return await self._resume(request, conversation_id)

        @staff.exception(StoreError)
        async def database_unavailable(request: Request, error: StoreError) -> HTTPResponse:
            logger.error("Staff request to %s failed in the shop database: %s", request.path, error)
            return _error(503, f"shop database unavailable: {error}")

        @staff.listener("after_server_stop")
        async def close_store(*_: Any) -> None:
            self.close()

        return staff

    def close(self) -> None:
        """Close the shop database if it was opened; the next request opens it again."""
        store, self._store = self._store, None
        if store is not None:
            store.close()

    # --- authentication ---------------------------------------------------------------------

    def _authenticate(self, request: Request) -> HTTPResponse | None:
        """Let the request through with ``request.ctx.staff`` set, or answer 503 / 401."""
        secret = self.settings.staff_jwt_secret
        if secret is None:
            return response.json({"error": STAFF_DISABLED_ERROR}, status=503)
        try:
            request.ctx.staff = verify(bearer_token(request.headers.get("authorization")), secret)
        except StaffAuthError as error:
            logger.info("Refused staff request to %s: %s", request.path, error)
            return response.json(
                {"error": str(error)},
                status=401,
                headers={"WWW-Authenticate": 'Bearer realm="staff"'},
            )
        return None

    # --- routes -----------------------------------------------------------------------------

    def _list_handoffs(self, request: Request) -> HTTPResponse:
        """``GET /staff/handoffs``: the handoff records, optionally of one status."""
        status = request.args.get("status")
        if status is not None and status not in HANDOFF_STATUSES:
            allowed = " or ".join(repr(s) for s in HANDOFF_STATUSES)
            return _error(400, f'query parameter "status" must be {allowed}, got {status!r}')
        return response.json([handoff_as_dict(h) for h in self._shop_store().handoffs(status)])

    async def _show_conversation(self, request: Request, conversation_id: str) -> HTTPResponse:
        """``GET /staff/conversations/<id>``: the whole conversation and its latest handoff."""
        tracker = await _agent(request).tracker_store.retrieve_full_tracker(conversation_id)
        if tracker is None:
            return _no_conversation(conversation_id)
        handoff = self._shop_store().latest_handoff(conversation_id)
        return response.json(
            {
                "conversation_id": conversation_id,
                "paused": tracker.is_paused(),
                "messages": conversation_entries(list(tracker.events)),
                "handoff": handoff_as_dict(handoff) if handoff is not None else None,
            }
        )

    async def _post_message(self, request: Request, conversation_id: str) -> HTTPResponse:
        """``POST /staff/conversations/<id>/messages``: say something to a paused shopper."""
        text = check_staff_message(request.body, self.settings.max_message_chars)
        if isinstance(text, Rejected):
            return _error(400, text.error)
        staff: StaffIdentity = request.ctx.staff
        agent = _agent(request)
        async with agent.lock_store.lock(conversation_id):
            tracker = await agent.tracker_store.retrieve(conversation_id)
            if tracker is None:
                return _no_conversation(conversation_id)
            if not tracker.is_paused():
                return _not_handed_off(conversation_id, "send messages in it")
            event = BotUttered(text, metadata={STAFF_METADATA_KEY: staff.name})
            tracker.update(event)
            await agent.tracker_store.save(tracker)
        logger.info("Staff %s wrote to conversation %s", staff.name, conversation_id)
        return response.json(
            {
                "conversation_id": conversation_id,
                "text": text,
                "staff": staff.name,
                "timestamp": event.timestamp,
            },
            status=201,
        )

    async def _resume(self, request: Request, conversation_id: str) -> HTTPResponse:
        """``POST /staff/conversations/<id>/resume``: give the conversation back to the bot."""
        staff: StaffIdentity = request.ctx.staff
        agent = _agent(request)
        async with agent.lock_store.lock(conversation_id):
            tracker = await agent.tracker_store.retrieve(conversation_id)
            if tracker is None:
                return _no_conversation(conversation_id)
            if not tracker.is_paused():
                return _not_handed_off(conversation_id, "resume it")
            # The record first: if the database fails, the conversation stays paused and the
            # request can simply be repeated; closing an already closed record returns None.
            handoff = self._shop_store().close_handoff(conversation_id, staff=staff.name)
            tracker.update(ConversationResumed())
            tracker.update(BotUttered(RESUMED_TEXT))
            if tracker.latest_action_name != ACTION_LISTEN_NAME:
                # Rasa's prediction loop stopped at the pause, right after the handoff action, so
                # no action_listen was logged. Without one, the shopper's next message would not
                # start a new turn and rules keyed on it (intent X -> response) would not match.
                tracker.update(ActionExecuted(ACTION_LISTEN_NAME))
            await agent.tracker_store.save(tracker)
        logger.info("Staff %s resumed conversation %s", staff.name, conversation_id)
        return response.json(
            {
                "conversation_id": conversation_id,
                "paused": False,
                "handoff": handoff_as_dict(handoff) if handoff is not None else None,
            }
        )

    def _shop_store(self) -> ShopStore:
        """Open the shop database on first use and keep it."""
        if self._store is None:
            self._store = self._open_store()
        return self._store


def check_staff_message(body: bytes, max_chars: int) -> str | Rejected:
    """Check the body of ``POST /staff/conversations/<id>/messages``.

    Expected: ``{"text": "..."}``. The text is cleaned like a shopper's message
    (:func:`bot.validation.clean_text`) and must not be empty or longer than ``max_chars``.

    Args:
        body: The raw request body.
        max_chars: Longest accepted text, in code points after cleaning and stripping.

    Returns:
        The cleaned text, or :class:`Rejected` naming the field and what it should be.
    """
    parsed = parse_json_object(body, '{"text": "..."}')
    if isinstance(parsed, Rejected):
        return parsed
    if "text" not in parsed:
        return Rejected('field "text" is required: the message to send to the shopper')
    raw = parsed["text"]
    if not isinstance(raw, str):
        return Rejected(f'field "text" must be a string, got {json_type(raw)}')
    text = clean_text(raw).strip()
    if not text:
        return Rejected('field "text" must not be empty')
    if len(text) > max_chars:
        return Rejected(f'field "text" is {len(text):,} characters long; at most {max_chars:,}')
    return text


def handoff_as_dict(handoff: Handoff) -> dict[str, Any]:
    """Turn a handoff record into the JSON object the staff API returns.

    Args:
        handoff: A record from the shop database.

    Returns:
        ``id``, ``conversation_id``, ``reason``, ``summary``, ``transcript`` (a list of objects),
        ``status``, ``user_id``, ``created_at``, ``closed_at`` and ``closed_by``.
    """
    return {
        "id": handoff.id,
        "conversation_id": handoff.conversation_id,
        "reason": handoff.reason,
        "summary": handoff.summary,
        "transcript": [dict(turn) for turn in handoff.transcript],
        "status": handoff.status,
        "user_id": handoff.user_id,
        "created_at": handoff.created_at,
        "closed_at": handoff.closed_at,
        "closed_by": handoff.closed_by,
    }


def _agent(request: Request) -> Agent:
    """The agent ``rasa run`` loaded onto the app (``rasa.core.run.load_agent_on_start``)."""
    agent = getattr(request.app.ctx, "agent", None)
    if agent is None or agent.tracker_store is None:
        raise RuntimeError("no Rasa agent on app.ctx.agent: StaffInput must run inside `rasa run`")
    return agent


def _error(status: int, message: str) -> HTTPResponse:
    return response.json({"error": message}, status=status)


def _no_conversation(conversation_id: str) -> HTTPResponse:
    return _error(404, f"no conversation with id {conversation_id!r}")


def _not_handed_off(conversation_id: str, what: str) -> HTTPResponse:
    return _error(
        409,
        f"conversation {conversation_id!r} is not handed off to staff (not paused); "
        f"staff can only {what} while the bot has paused it",
    )
