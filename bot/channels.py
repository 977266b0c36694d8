"""The Rasa input channels of the shop assistant: a checked REST webhook and the chat page.

Both are enabled by module path in ``credentials.yml``::

    bot.channels.ShopRestInput:
    bot.channels.ChatPageInput:

**ShopRestInput** replaces Rasa's ``rest`` channel at the same URL (``/webhooks/rest/webhook``)
and with the same response format, but checks every request first (:mod:`bot.validation`).
Rasa 3.6's own RestInput does no checking: a body that is not JSON gets Sanic's generic
``400 Failed when parsing body as json`` page (HTML by default, no detail); an empty body, a JSON
array or a JSON string raise ``AttributeError`` in the handler and become HTTP 500; a missing
``message`` reaches the tracker as a ``None`` text; a numeric ``sender`` is silently turned into a
string; and whitespace or a 20 kB paste goes straight into NLU. Here those are a 400 with a JSON
``{"error": ...}`` naming the field, or a polite bot reply that never touches the tracker.

It also serves ``GET /webhooks/rest/updates?sender=<id>&since=<unix time>``: the bot and staff
messages of that conversation sent after ``since``, each in the webhook's own message format plus
``timestamp`` (and ``staff``, the staff member's name, on staff messages), with ``paused`` saying
whether the conversation is handed off to a person (:mod:`bot.staff`). The REST channel can only
answer the request it was sent, so this is how the chat page sees what staff write meanwhile.

**ChatPageInput** serves ``bot/web`` at ``/chat/``. Rasa mounts each channel's blueprint at
``urljoin(route, channel.url_prefix())`` with ``route="/webhooks/"``
(``rasa.core.channels.channel.register``). ``urljoin`` replaces the whole path when the second
argument is absolute, so ``urljoin("/webhooks/", "/chat") == "/chat"``: returning the absolute
prefix ``/chat`` from :meth:`ChatPageInput.url_prefix` mounts the page at ``/chat`` on Rasa's own
server and port, with no second server and no change to Rasa.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import rasa.utils.endpoints
from rasa.core.channels.channel import InputChannel
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response

from bot.settings import BotSettings, load_bot_settings
from bot.transcript import bot_messages_since
from bot.validation import AnsweredDirectly, Rejected, ShopperMessage, check_webhook_body
from bot.web_assets import INDEX_FILE, content_type_for, resolve_asset

if TYPE_CHECKING:
    from rasa.core.channels.channel import UserMessage
    from sanic.request import Request
    from sanic.response import HTTPResponse

__all__ = ["CHAT_PAGE_PREFIX", "ChatPageInput", "ShopRestInput", "parse_since"]

logger = logging.getLogger(__name__)

CHAT_PAGE_PREFIX = "/chat"

_PAGE_HEADERS = {
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # The page must work offline and never load anything from elsewhere; this makes the browser
    # enforce that instead of relying on review.
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
}

_NO_STORE = {"Cache-Control": "no-store"}


class ShopRestInput(RestInput):
    """Rasa's REST channel with the request checked before it reaches the tracker.

    Same name (``rest``), URL and response format as ``rasa.core.channels.rest.RestInput``,
    including ``?stream=true``. The check runs as request middleware on the blueprint's POST route;
    the valid, cleaned message is left on ``request.ctx`` for RestInput's own handler to pick up
    through the ``_extract_*`` hooks, so Rasa's message handling itself is unchanged. One route is
    added, ``GET /webhooks/rest/updates``, which reads the tracker (see the module docstring).
    """

    def __init__(self, settings: BotSettings | None = None) -> None:
        """Create the channel.

        Args:
            settings: Limits to apply; defaults to :class:`BotSettings` defaults.
        """
        self.settings = settings or BotSettings()

    @classmethod
    def name(cls) -> str:
        """Keep Rasa's ``rest`` name so the webhook stays at ``/webhooks/rest/webhook``."""
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> ShopRestInput:
        """Build the channel when Rasa reads ``credentials.yml``; settings come from the env.

        Args:
            credentials: The channel's section of ``credentials.yml``; unused.

        Returns:
            The channel, configured by :func:`bot.settings.load_bot_settings`.
        """
        return cls(load_bot_settings())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Return RestInput's blueprint with the request check attached in front of it.

        Args:
            on_new_message: Rasa's handler that runs the message through the agent.

        Returns:
            The blueprint Rasa mounts at ``/webhooks/rest``.
        """
        webhook = super().blueprint(on_new_message)

        # A plain function, not the bound method: Sanic 21.12's Blueprint.middleware only accepts
        # a direct call for objects that pass inspect.isfunction.
        async def check_request(request: Request) -> HTTPResponse | None:
            return await self._check_request(request)

        webhook.on_request(check_request)

        @webhook.route("/updates", methods=["GET"])
        async def updates(request: Request) -> HTTPResponse:
            return await self._updates(request)

        return webhook

    async def _updates(self, request: Request) -> HTTPResponse:
        """``GET /webhooks/rest/updates``: bot and staff messages after ``since``, and ``paused``.

        An unknown sender is not an error: the page may ask before its first message is stored.
        """
        sender = request.args.get("sender", "")
        if not sender.strip():
            return response.json(
                {"error": 'query parameter "sender" is required: the conversation id'},
                status=400,
            )
        since = parse_since(request.args.get("since"))
        if isinstance(since, Rejected):
            return response.json({"error": since.error}, status=400)
        tracker = await request.app.ctx.agent.tracker_store.retrieve(sender)
        if tracker is None:
            return response.json({"messages": [], "paused": False}, headers=_NO_STORE)
        return response.json(
            {"messages": await bot_messages_since(tracker, since), "paused": tracker.is_paused()},
            headers=_NO_STORE,
        )

    async def _check_request(self, request: Request) -> HTTPResponse | None:
        """Answer invalid or unusable requests here; let valid ones through to RestInput."""
        if request.method != "POST":  # the webhook is the blueprint's only POST route
            return None
        outcome = check_webhook_body(request.body, self.settings.max_message_chars)
        if isinstance(outcome, Rejected):
            logger.info("Rejected webhook request: %s", outcome.error)
            return response.json({"error": outcome.error}, status=400)
        if isinstance(outcome, AnsweredDirectly):
            logger.debug("Answered webhook request without the tracker: %s", outcome.text)
            return _direct_reply(request, outcome)
        request.ctx.shop_message = outcome
        return None

    async def _extract_sender(self, req: Request) -> str | None:
        return _checked_message(req).sender

    def _extract_message(self, req: Request) -> str | None:
        return _checked_message(req).text

    def _extract_input_channel(self, req: Request) -> str:
        return _checked_message(req).input_channel or self.name()

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        """Return the ``metadata`` object of the checked request.

        Args:
            request: The webhook request, already checked by the channel's middleware.

        Returns:
            The metadata stored on the user event, or ``None``.
        """
        return _checked_message(request).metadata


class ChatPageInput(InputChannel):
    """Serves the shopper chat page (``bot/web``) at ``/chat/`` on the Rasa server.

    It receives no messages itself: the page talks to :class:`ShopRestInput`. Routes:
    ``GET /chat`` redirects to ``/chat/`` (so the page's relative asset URLs resolve),
    ``GET /chat/`` returns ``index.html``, ``GET /chat/<file>`` returns a file from the web folder
    (see :func:`bot.web_assets.resolve_asset` for what is refused).
    """

    def __init__(self, settings: BotSettings | None = None) -> None:
        """Create the channel.

        Args:
            settings: Where the web folder is; defaults to ``bot/web``.
        """
        self.settings = settings or BotSettings()

    @classmethod
    def name(cls) -> str:
        """Name the channel in Rasa's logs and channel list."""
        return "chat_page"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> ChatPageInput:
        """Build the channel when Rasa reads ``credentials.yml``.

        Args:
            credentials: The channel's section of ``credentials.yml``; unused.

        Returns:
            The channel, configured by :func:`bot.settings.load_bot_settings`.
        """
        return cls(load_bot_settings())

    def url_prefix(self) -> str:
        """Mount at ``/chat`` rather than ``/webhooks/chat_page``.

        Rasa joins this to its ``/webhooks/`` route with ``urljoin``, and an absolute path
        replaces the base path entirely.
        """
        return CHAT_PAGE_PREFIX

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Define the page's routes.

        Args:
            on_new_message: Rasa's message handler; unused, the page posts to the REST webhook.

        Returns:
            The blueprint Rasa mounts at ``/chat``.
        """
        page = Blueprint("shop_chat_page", __name__)

        # Sanic tags each route handler with its blueprint's name, which a bound method cannot
        # carry, so the handlers are plain closures over the channel.
        @page.route("", methods=["GET", "HEAD"], strict_slashes=True)
        async def redirect_to_page(request: Request) -> HTTPResponse:
            query = f"?{request.query_string}" if request.query_string else ""
            return response.redirect(f"{request.path}/{query}")

        @page.route("/", methods=["GET", "HEAD"], strict_slashes=True)
        async def index(request: Request) -> HTTPResponse:
            return await self._serve(INDEX_FILE)

        @page.route("/<name:path>", methods=["GET", "HEAD"])
        async def asset(request: Request, name: str) -> HTTPResponse:
            return await self._serve(name)

        return page

    async def _serve(self, name: str) -> HTTPResponse:
        """Send one file of the web folder, or a 404 naming what was asked for."""
        path = resolve_asset(self.settings.web_dir, name)
        if path is None:
            return response.json({"error": f"no such file on the chat page: {name}"}, status=404)
        return await response.file(path, mime_type=content_type_for(path), headers=_PAGE_HEADERS)


def parse_since(raw: str | None) -> float | Rejected:
    """Read the ``since`` query parameter of ``/webhooks/rest/updates``.

    Args:
        raw: The parameter as sent; ``None`` or empty means from the start of the conversation.

    Returns:
        The Unix timestamp, or :class:`Rejected` when it is not a finite number.
    """
    if raw is None or not raw.strip():
        return 0.0
    try:
        since = float(raw)
    except ValueError:
        since = math.nan
    if not math.isfinite(since):
        return Rejected(f'query parameter "since" must be a Unix timestamp in seconds, got {raw!r}')
    return since


def _checked_message(request: Request) -> ShopperMessage:
    """Return the message :meth:`ShopRestInput._check_request` left on the request."""
    message = getattr(request.ctx, "shop_message", None)
    if not isinstance(message, ShopperMessage):
        raise RuntimeError("ShopRestInput's request check did not run for this request")
    return message


def _direct_reply(request: Request, outcome: AnsweredDirectly) -> HTTPResponse:
    """Answer like the bot would, in the format the client asked for (``?stream=true``)."""
    message = {"recipient_id": outcome.recipient_id, "text": outcome.text}
    if rasa.utils.endpoints.bool_arg(request, "stream", default=False):
        return response.text(json.dumps(message) + "\n", content_type="text/event-stream")
    return response.json([message])
