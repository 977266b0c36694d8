"""Start the real action server and Rasa server on free ports, for e2e tests and benchmarks.

Used by ``tests/e2e`` and ``bench/run.py``; nothing here is faked: the servers are the same
commands ``make run`` uses, on the trained model and a store file of the caller's choice.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests

REPO = Path(__file__).resolve().parents[2]
MODEL = REPO / "models" / "shop.tar.gz"
START_TIMEOUT = 300


class ServerError(RuntimeError):
    """A server did not start; the message carries the end of its log."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Servers:
    """The running servers and a REST client.

    Attributes:
        base: Rasa server URL.
        webhook: The REST channel URL.
    """

    def __init__(self, rasa_port: int, action_port: int) -> None:
        self.base = f"http://127.0.0.1:{rasa_port}"
        self.webhook = f"{self.base}/webhooks/rest/webhook"
        self.actions = f"http://127.0.0.1:{action_port}"

    def say(self, sender: str, message: str) -> list[dict[str, Any]]:
        """Send one shopper message; return the bot's messages (HTTP 200 required)."""
        reply = requests.post(self.webhook, json={"sender": sender, "message": message}, timeout=120)
        if reply.status_code != 200:
            raise AssertionError(f"HTTP {reply.status_code}: {reply.text}")
        return reply.json()


def _wait(url: str, processes: list[subprocess.Popen], logs: list[Path]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        for process, log in zip(processes, logs):
            if process.poll() is not None:
                raise ServerError(f"server exited early; end of {log}:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise ServerError(f"{url} did not answer within {START_TIMEOUT} s; logs in {logs[0].parent}")


@contextmanager
def running_servers(
    store_file: Path,
    work_dir: Path,
    model: Path = MODEL,
    index_dir: Path | None = None,
    endpoints: Path | None = None,
    extra_env: Mapping[str, str] | None = None,
) -> Iterator[Servers]:
    """Run both servers until the block ends.

    Args:
        store_file: The store the action server serves (``SHOP_STORE_FILE``).
        work_dir: Folder for logs, the endpoints file and (by default) the index.
        model: The trained Rasa model.
        index_dir: Index folder (``SHOP_INDEX_DIR``); a fresh index there is loaded, not rebuilt.
        endpoints: An endpoints file that takes the action server URL from ``SHOP_ACTION_ENDPOINT``
            (``endpoints.production.yml``); default: the embedded in-memory configuration.
        extra_env: More environment for both servers (store hosts, queue names, the shop
            database ``SHOP_DB_URL``: by default a SQLite file in ``work_dir``).

    Yields:
        The servers, once a greeting gets an answer (the Rasa model is loaded).
    """
    if not model.is_file():
        raise ServerError(f"{model} is missing: run `make model` first (make test does)")
    action_port, rasa_port = free_port(), free_port()
    action_url = f"http://127.0.0.1:{action_port}/webhook"
    if endpoints is None:
        endpoints = work_dir / "endpoints.yml"
        endpoints.write_text(f'action_endpoint:\n  url: "{action_url}"\n')
    env = {**os.environ, "SHOP_STORE_FILE": str(store_file), "SHOP_INDEX_DIR": str(index_dir or work_dir / "index"),
           "SHOP_ACTION_ENDPOINT": action_url, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1",
           # A database of its own, so a run never writes to the developer's var/shop.db.
           "SHOP_DB_URL": f"sqlite:///{work_dir / 'shop.db'}",
           **(extra_env or {})}
    logs = [work_dir / "actions.log", work_dir / "rasa.log"]
    commands = [
        [str(REPO / ".venv-actions/bin/python"), "-m", "actions.server", "--port", str(action_port)],
        [str(REPO / ".venv-rasa/bin/rasa"), "run", "--model", str(model), "--port", str(rasa_port),
         "--credentials", str(REPO / "credentials.yml"), "--endpoints", str(endpoints)],
    ]
    processes: list[subprocess.Popen] = []
    try:
        for command, log in zip(commands, logs):
            processes.append(subprocess.Popen(command, cwd=REPO, env=env, stdout=log.open("w"),
                                              stderr=subprocess.STDOUT, start_new_session=True))
        _wait(f"http://127.0.0.1:{action_port}/health", processes, logs)
        _wait(f"http://127.0.0.1:{rasa_port}/chat/", processes, logs)
        servers = Servers(rasa_port, action_port)
        # The Rasa model loads after the HTTP server is up; a greeting is answered once it is ready.
        deadline = time.monotonic() + START_TIMEOUT
        while not any(m.get("text") for m in servers.say("warm-up", "hello")):
            if time.monotonic() > deadline:
                raise ServerError("Rasa never answered a greeting")
            time.sleep(2)
        yield servers
    finally:
        for process in processes:
            try:
                os.killpg(process.pid, 15)
                process.wait(timeout=30)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
