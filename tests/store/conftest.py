"""Stores for the store tests, on SQLite and on PostgreSQL, seeded from τ²-bench's ``db.json``.

Each test gets a store in the state the file describes, cheaply:

* SQLite: the file is seeded once per session into a template database, and every test opens
  its own copy of that file.
* PostgreSQL (127.0.0.1:5432, user postgres): one throwaway database per session,
  ``shop_test_<random>``, seeded once; the tables writes may change are copied into a
  ``snapshot`` schema, and before each test any of them that differs is refilled from it. Tests
  that need an empty database get a fresh schema. The database is dropped at the end, and its
  connections skip waiting for the disk on commit (``synchronous_commit=off``): nothing in it
  has to survive a crash.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from store import ShopStore, StoreSettings, schema
from tests.databases import PgDatabase

TAU2_DB = Path(__file__).resolve().parents[3] / "shared" / "data" / "tau2-retail" / "db.json"
BACKENDS = ("sqlite", "postgresql")

#: Tables whose rows the write operations may change, dumped to prove a refusal wrote nothing.
MUTABLE_TABLES = (schema.users, schema.payment_methods, schema.orders, schema.audit_log, schema.handoffs)


@pytest.fixture(scope="session")
def tau2_file() -> Path:
    """τ²-bench's retail ``db.json`` in the shared data folder beside the repo (never copied)."""
    if not TAU2_DB.is_file():
        pytest.fail(f"{TAU2_DB} is missing: the shared data folder must sit beside the repo")
    return TAU2_DB


@pytest.fixture(scope="session")
def pg_database() -> Iterator[PgDatabase]:
    """A PostgreSQL database for the session; fails when the server is not running."""
    with PgDatabase.session() as database:
        yield database


def fingerprint(store: ShopStore) -> dict[str, str]:
    """An md5 per table writes may change, over all its rows: equal fingerprints, equal tables."""
    fingerprints = {}
    with store.engine.connect() as conn:
        for table in MUTABLE_TABLES:
            if conn.dialect.name == "postgresql":
                sql = f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table.name} t"
                fingerprints[table.name] = conn.exec_driver_sql(sql).scalar_one()
            else:  # raw rows, no JSON decoding: cheap
                rows = sorted(repr(row) for row in conn.exec_driver_sql(f"SELECT * FROM {table.name}"))
                fingerprints[table.name] = hashlib.md5("|".join(rows).encode()).hexdigest()
    return fingerprints


@pytest.fixture(scope="session")
def sqlite_template(tau2_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file seeded from ``db.json`` once; tests open copies of it."""
    path = tmp_path_factory.mktemp("sqlite-template") / "shop.db"
    ShopStore.open(StoreSettings(db_url=f"sqlite:///{path}", seed_file=tau2_file)).close()
    return path


class SeededPg:
    """The session's seeded PostgreSQL store, and a snapshot to put it back after a test wrote."""

    def __init__(self, store: ShopStore) -> None:
        self.store = store
        with store.engine.begin() as conn:
            conn.exec_driver_sql("CREATE SCHEMA snapshot")
            for table in MUTABLE_TABLES:
                conn.exec_driver_sql(f"CREATE TABLE snapshot.{table.name} AS TABLE public.{table.name}")
        self.pristine = fingerprint(store)

    def restore(self) -> ShopStore:
        """The store as seeded: tables a test changed are refilled from the snapshot."""
        now = fingerprint(self.store)
        changed = [table for table in MUTABLE_TABLES if now[table.name] != self.pristine[table.name]]
        if schema.users in changed:  # orders and payment methods refer to users: refill all
            changed = list(MUTABLE_TABLES)
        with self.store.engine.begin() as conn:
            for table in reversed(changed):
                conn.exec_driver_sql(f"DELETE FROM {table.name}")
            for table in changed:
                conn.exec_driver_sql(f"INSERT INTO public.{table.name} SELECT * FROM snapshot.{table.name}")
            for table in (schema.audit_log, schema.handoffs):
                conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), 1, false)")
        return self.store


@pytest.fixture(scope="session")
def seeded_pg(tau2_file: Path, pg_database: PgDatabase) -> Iterator[SeededPg]:
    """The session's PostgreSQL store, seeded once (products never change; see SeededPg)."""
    store = ShopStore.open(StoreSettings(db_url=pg_database.url, seed_file=tau2_file))
    yield SeededPg(store)
    store.close()


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path, tau2_file: Path) -> Iterator[ShopStore]:
    """A store seeded from ``db.json``, fresh for this test, on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "shop.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        opened = ShopStore.open(StoreSettings(db_url=f"sqlite:///{path}", seed_file=tau2_file))
        yield opened
        opened.close()
    else:
        seeded: SeededPg = request.getfixturevalue("seeded_pg")
        yield seeded.restore()


@pytest.fixture(params=BACKENDS)
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a database with nothing in it, on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    database: PgDatabase = request.getfixturevalue("pg_database")
    return database.empty_schema_url()


@pytest.fixture
def dump() -> Callable[[ShopStore], dict[str, str]]:
    """:func:`fingerprint`, to prove a refusal wrote nothing."""
    return fingerprint
