"""Run a custom action the way the action server does, on a tracker loaded from a fixture."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_state(name: str) -> dict[str, Any]:
    """The tracker state of ``fixtures/<name>.json``, as the Rasa server sends it."""
    return json.loads((FIXTURES / f"{name}.json").read_text())


def run_action(action: Any, tracker: Tracker) -> tuple[list[dict], list[dict]]:
    """The events the action returns and the messages it dispatched."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return events, dispatcher.messages
