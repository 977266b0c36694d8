"""Fill an empty shop database from a store file in τ²-bench's retail format.

The file is checked row by row before anything is written (:mod:`store.seed_file`), then written
in ONE transaction: a malformed row raises :class:`StoreError` naming the file, the record and
the field, and a row the database refuses rolls everything back; either way the database stays
empty. A database that already holds data is never touched, and two processes opening a new
database at once seed it once: the ``store_meta`` marker row's primary key lets only one insert
win (PostgreSQL also serialises the attempt with an advisory lock; SQLite with its write lock).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DataError, IntegrityError

from store import schema
from store.engine import lock_store, write_transaction
from store.errors import StoreError
from store.seed_file import read_store_file

__all__ = ["SEED_MARKER_KEY", "SeedCounts", "is_seeded", "seed_if_empty", "seed_marker"]

#: ``store_meta`` key of the "seeded from <file> <sha256>" marker.
SEED_MARKER_KEY = "seeded_from"


@dataclass(frozen=True)
class SeedCounts:
    """How many rows of each kind a seed wrote."""

    products: int
    variants: int
    users: int
    payment_methods: int
    orders: int


def seed_if_empty(engine: Engine, seed_file: Path) -> SeedCounts | None:
    """Seed the database from ``seed_file`` unless it already holds a store.

    Args:
        engine: Engine of a database whose tables exist (:func:`store.schema.metadata.create_all`).
        seed_file: Store JSON in τ²-bench's retail format.

    Returns:
        The rows written, or None when the database was already seeded (by an earlier run or by
        another process that won the race).

    Raises:
        StoreError: The file is missing, is not JSON, or has a malformed row (the message names
            the file, the record id and the field); nothing was written.
    """
    with engine.connect() as conn:
        if is_seeded(conn):
            return None
    rows, marker = read_store_file(seed_file)
    try:
        with write_transaction(engine) as conn:
            lock_store(conn)
            if is_seeded(conn):
                return None
            conn.execute(insert(schema.store_meta).values(key=SEED_MARKER_KEY, value=marker))
            for table, batch in (
                (schema.products, rows.products),
                (schema.variants, rows.variants),
                (schema.users, rows.users),
                (schema.payment_methods, rows.payment_methods),
                (schema.orders, rows.orders),
            ):
                if batch:
                    conn.execute(insert(table), batch)
    except (IntegrityError, DataError) as exc:
        if isinstance(exc, IntegrityError):
            with engine.connect() as conn:
                if seed_marker(conn) is not None:
                    return None  # another process seeded between our check and our insert
        raise StoreError(
            f"{seed_file}: the database refused a row while seeding, nothing was written: {exc.orig}"
        ) from exc
    return SeedCounts(
        products=len(rows.products),
        variants=len(rows.variants),
        users=len(rows.users),
        payment_methods=len(rows.payment_methods),
        orders=len(rows.orders),
    )


def is_seeded(conn: Connection) -> bool:
    """Whether the database already holds a store (a seed marker or any product, user or order)."""
    for column in (
        schema.store_meta.c.key,
        schema.products.c.product_id,
        schema.users.c.user_id,
        schema.orders.c.order_id,
    ):
        if conn.execute(select(column).limit(1)).first() is not None:
            return True
    return False


def seed_marker(conn: Connection) -> str | None:
    """The "<file> <sha256>" the database was seeded from, or None when it was not seeded."""
    query = select(schema.store_meta.c.value).where(schema.store_meta.c.key == SEED_MARKER_KEY)
    return conn.execute(query).scalar()
