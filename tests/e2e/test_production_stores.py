"""End to end on the production configuration: PostgreSQL tracker store, Redis lock store,
RabbitMQ event broker (``endpoints.production.yml``), on the services this machine runs.

A short conversation goes through both real servers; then the test reads back, with each store's
own client, what Rasa wrote: the conversation's events in PostgreSQL, its lock traffic in Redis and
its events on a RabbitMQ queue. Each run uses its own sender id, key prefix and queue, and removes
them afterwards.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pika
import psycopg2
import pytest
import redis

from tests.e2e.harness import REPO, ServerError, Servers, running_servers

PG = {"host": "127.0.0.1", "port": 5432, "dbname": "test", "user": "postgres"}
REDIS = {"host": "127.0.0.1", "port": 6379, "db": 1}
RABBIT = {"host": "127.0.0.1", "port": 5672, "user": "guest", "password": "guest"}


def _services_up() -> None:
    """Fail with the service named when one is not reachable (CI starts them in .ci/run)."""
    try:
        psycopg2.connect(**PG, connect_timeout=5).close()
        redis.Redis(**REDIS, socket_timeout=5).ping()
        credentials = pika.PlainCredentials(RABBIT["user"], RABBIT["password"])
        pika.BlockingConnection(pika.ConnectionParameters(RABBIT["host"], RABBIT["port"],
                                                          credentials=credentials)).close()
    except Exception as exc:  # noqa: BLE001 - any failure here means a service is missing
        pytest.fail(f"a production store is not reachable ({type(exc).__name__}: {exc}); "
                    "PostgreSQL :5432, Redis :6379 and RabbitMQ :5672 must be running")


class Run:
    """One run's servers and the names it uses in each store."""

    def __init__(self, servers: Servers, tag: str, watcher: redis.client.PubSub) -> None:
        self.servers = servers
        self.watcher = watcher
        self.sender = f"prod-{tag}"
        self.prefix = f"shoptest{tag}"
        self.queue = f"shop_events_{tag}"


@pytest.fixture(scope="module")
def run(demo_recommender, demo_store_file: Path, demo_index_dir: Path,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    _services_up()
    tag = uuid.uuid4().hex[:10]
    env = {
        "SHOP_PG_HOST": PG["host"], "SHOP_PG_PORT": str(PG["port"]), "SHOP_PG_DB": PG["dbname"],
        "SHOP_PG_USER": PG["user"], "SHOP_PG_PASSWORD": "",
        "SHOP_REDIS_HOST": REDIS["host"], "SHOP_REDIS_PORT": str(REDIS["port"]), "SHOP_REDIS_DB": str(REDIS["db"]),
        "SHOP_REDIS_KEY_PREFIX": f"shoptest{tag}",
        "SHOP_RABBITMQ_HOST": RABBIT["host"], "SHOP_RABBITMQ_PORT": str(RABBIT["port"]),
        "SHOP_RABBITMQ_USER": RABBIT["user"], "SHOP_RABBITMQ_PASSWORD": RABBIT["password"],
        "SHOP_RABBITMQ_QUEUE": f"shop_events_{tag}",
    }
    lock_events = redis.Redis(**REDIS)
    previous = lock_events.config_get("notify-keyspace-events")["notify-keyspace-events"]
    lock_events.config_set("notify-keyspace-events", "KA")
    watcher = lock_events.pubsub()
    watcher.psubscribe(f"__keyspace@{REDIS['db']}__:shoptest{tag}*")
    try:
        with running_servers(demo_store_file, tmp_path_factory.mktemp("prod"), index_dir=demo_index_dir,
                             endpoints=REPO / "endpoints.production.yml", extra_env=env) as servers:
            yield Run(servers, tag, watcher)
    except ServerError as exc:
        pytest.fail(str(exc))
    finally:
        watcher.close()
        lock_events.config_set("notify-keyspace-events", previous)
        with psycopg2.connect(**PG) as conn, conn.cursor() as cur:
            cur.execute("DELETE FROM events WHERE sender_id = %s", (f"prod-{tag}",))
        _channel().queue_delete(queue=f"shop_events_{tag}")


def _channel():
    credentials = pika.PlainCredentials(RABBIT["user"], RABBIT["password"])
    connection = pika.BlockingConnection(pika.ConnectionParameters(RABBIT["host"], RABBIT["port"],
                                                                   credentials=credentials))
    return connection.channel()


@pytest.fixture(scope="module")
def conversation(run: Run) -> Run:
    cards = [m for m in run.servers.say(run.sender, "a blue cotton t-shirt under $60") if m.get("custom")]
    assert cards, "the search turn showed no products"
    assert any(m.get("custom") for m in run.servers.say(run.sender, "cheaper"))
    return run


def test_tracker_is_stored_in_postgres(conversation: Run) -> None:
    with psycopg2.connect(**PG) as conn, conn.cursor() as cur:
        cur.execute("SELECT type_name, action_name, data FROM events WHERE sender_id = %s ORDER BY id",
                    (conversation.sender,))
        rows = cur.fetchall()
    actions = [action for kind, action, _ in rows if kind == "action"]
    assert "action_search_products" in actions and "action_refine_search" in actions
    slots = [json.loads(data) for kind, _, data in rows if kind == "slot"]
    filters = [s["value"] for s in slots if s["name"] == "active_filters"]
    assert filters[0]["options"] == {"color": ["blue"], "material": ["cotton"]}
    assert filters[-1]["max_price"] < filters[0]["max_price"]  # "cheaper" is in the stored tracker


def test_conversation_locks_go_through_redis(conversation: Run) -> None:
    key = f"{conversation.prefix}:lock:{conversation.sender}"
    seen = []
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        message = conversation.watcher.get_message(timeout=1)
        if message and message["type"] == "pmessage":
            seen.append((message["channel"].decode().split(":", 1)[1], message["data"].decode()))
        elif not message and seen:
            break
    assert (key, "set") in seen, seen
    assert (key, "del") in seen, seen  # released after each turn


def test_events_are_published_to_rabbitmq(conversation: Run) -> None:
    channel = _channel()
    bodies = []
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        method, _, body = channel.basic_get(queue=conversation.queue, auto_ack=True)
        if method is None:
            if any(b.get("event") == "user" and b.get("text") == "cheaper" for b in bodies):
                break
            time.sleep(0.5)
            continue
        bodies.append(json.loads(body))
    assert {b["sender_id"] for b in bodies} == {conversation.sender, "warm-up"}  # the harness greets first
    bodies = [b for b in bodies if b["sender_id"] == conversation.sender]
    user_texts = [b["text"] for b in bodies if b.get("event") == "user"]
    assert user_texts == ["a blue cotton t-shirt under $60", "cheaper"]
    assert any(b.get("event") == "action" and b.get("name") == "action_search_products" for b in bodies)
