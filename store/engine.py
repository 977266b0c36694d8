"""Connections to the shop database: engine creation, write transactions and the setup lock.

Every write runs in :func:`write_transaction`. On PostgreSQL the operations lock the rows they
read with ``SELECT ... FOR UPDATE``; SQLite has no row locks, so a write transaction there starts
with ``BEGIN IMMEDIATE`` and holds the database's single write lock from its first read, which
makes read-check-write sequences safe between processes too (Python's sqlite3 would otherwise
start the transaction only at the first INSERT/UPDATE, after the reads).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from store.errors import StoreUnavailable

__all__ = ["create_store_engine", "describe_url", "lock_store", "write_transaction"]

#: Execution option that marks a connection's next transaction as a write (SQLite: IMMEDIATE).
_WRITE_OPTION = "shop_store_write"
#: PostgreSQL advisory-lock key that serialises schema creation and seeding between processes.
_SETUP_LOCK_KEY = 0x73686F70  # "shop" in ASCII; any constant works if every process uses it
#: Seconds a SQLite connection waits for another process's write lock before giving up.
_SQLITE_BUSY_TIMEOUT = 30


def create_store_engine(db_url: str) -> Engine:
    """Create the engine for ``db_url`` without connecting yet.

    A SQLite file's folder is created when missing (the default ``var/db/<store>-<hash>.db`` lives in a folder
    ``make`` does not create), and SQLite connections get foreign keys and explicit transactions.

    Args:
        db_url: A SQLAlchemy URL, e.g. ``sqlite:///var/shop.db`` or ``postgresql://u@host/db``.

    Returns:
        A 2.0-style (``future=True``) engine.

    Raises:
        StoreUnavailable: The URL is malformed, names a driver that is not installed, or its
            SQLite folder cannot be created.
    """
    try:
        url = make_url(db_url)
    except ArgumentError as exc:
        raise StoreUnavailable(f"SHOP_DB_URL={db_url!r} is not a database URL ({exc}).") from exc
    try:
        if url.get_backend_name() == "sqlite":
            return _sqlite_engine(url)
        return create_engine(url, future=True, pool_pre_ping=True)
    except (NoSuchModuleError, ImportError) as exc:
        raise StoreUnavailable(
            f"No driver for {describe_url(url)}: {exc}. Install the driver or fix SHOP_DB_URL."
        ) from exc


def describe_url(url: str | URL) -> str:
    """The URL as it may appear in logs and error messages: the password masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return repr(str(url))


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction: committed when the block ends, rolled back when it raises.

    Args:
        engine: An engine from :func:`create_store_engine`.

    Yields:
        The connection to run the transaction's statements on.
    """
    with engine.connect() as conn:
        conn = conn.execution_options(**{_WRITE_OPTION: True})
        with conn.begin():
            yield conn


def lock_store(conn: Connection) -> None:
    """Serialise schema creation and seeding with other processes for this transaction.

    PostgreSQL takes a transaction-scoped advisory lock; SQLite needs nothing more, because a
    write transaction already holds the database's write lock.

    Args:
        conn: A connection inside a :func:`write_transaction`.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SETUP_LOCK_KEY})


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        try:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(
                f"Cannot create the folder of the SQLite database {database}: {exc}."
            ) from exc
    engine = create_engine(url, future=True, connect_args={"timeout": _SQLITE_BUSY_TIMEOUT})
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection, _connection_record) -> None:  # noqa: ANN001 (DBAPI types)
    # SQLAlchemy emits BEGIN itself (_sqlite_on_begin); sqlite3 must not start transactions.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_on_begin(conn: Connection) -> None:
    write = conn.get_execution_options().get(_WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
