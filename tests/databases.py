"""Throwaway PostgreSQL databases for tests (127.0.0.1:5432, user postgres, trust auth).

Used by the store tests and by the scenario tests that run the live bot on PostgreSQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg2
import pytest

PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "dbname": "test"}
_NO_FSYNC_WAIT = "-csynchronous_commit%3Doff"  # URL-encoded libpq options


class PgDatabase:
    """The session's throwaway PostgreSQL database ``shop_test_<random>``, dropped at the end.

    The seeded store lives in its ``public`` schema; tests that need an empty database get a
    fresh schema of their own (``empty_<n>``, selected through the connection's search_path),
    which is much cheaper than a database per test.
    """

    def __init__(self) -> None:
        self.name = f"shop_test_{uuid.uuid4().hex[:10]}"
        self.url = f"postgresql://{PG['user']}@{PG['host']}:{PG['port']}/{self.name}?options={_NO_FSYNC_WAIT}"
        self._schemas = 0

    def create(self) -> None:
        self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def empty_schema_url(self) -> str:
        """Create an empty schema and return a URL whose connections use only that schema."""
        self._schemas += 1
        name = f"empty_{self._schemas}"
        self._admin(f"CREATE SCHEMA {name}", dbname=self.name)
        return f"{self.url}%20-csearch_path%3D{name}"

    @staticmethod
    def _admin(sql: str, dbname: str = PG["dbname"]) -> None:
        conn = psycopg2.connect(**{**PG, "dbname": dbname}, connect_timeout=5)
        try:
            conn.autocommit = True
            with conn.cursor() as cursor:
                cursor.execute(sql)
        finally:
            conn.close()

    @classmethod
    @contextmanager
    def session(cls) -> Iterator[PgDatabase]:
        """A fresh database for the block, dropped afterwards; fails when PostgreSQL is down."""
        try:
            psycopg2.connect(**PG, connect_timeout=5).close()
        except psycopg2.Error as exc:
            pytest.fail(f"PostgreSQL is not reachable at {PG['host']}:{PG['port']} as {PG['user']} ({exc}); start it")
        database = cls()
        database.create()
        try:
            yield database
        finally:
            database.drop()
