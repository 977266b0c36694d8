"""``ShopStore``: the one object the bot uses to read and change the shop's database.

Open it once at server start (:meth:`ShopStore.open` creates the tables and seeds an empty
database from the store file), pass it to whoever needs it, and :meth:`close` it at shutdown.
Reads return the frozen records of :mod:`store.models` (None when nothing matches); writes are
τ²-bench's operations (:mod:`store.operations`, :mod:`store.handoffs`), each one audited
transaction. The object holds only the engine, so one instance serves every thread.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.engine import Engine, RowMapping
from sqlalchemy.exc import DBAPIError

from store import handoffs as handoff_ops
from store import operations, schema
from store.audit import read_audit_log
from store.config import StoreSettings, load_store_settings
from store.engine import create_store_engine, describe_url, lock_store, write_transaction
from store.errors import StoreUnavailable
from store.models import AuditEntry, Handoff, Order, Product, User, Variant
from store.records import load_order, load_user, order_from_row, product_from_rows, variant_from_row
from store.seed import SeedCounts, seed_if_empty, seed_marker
from store.text import fold

if TYPE_CHECKING:
    from sqlalchemy.sql import ColumnElement, Select

__all__ = ["ShopStore"]

logger = logging.getLogger(__name__)


class ShopStore:
    """The shop's users, orders and products behind SQLAlchemy (SQLite or PostgreSQL).

    Attributes:
        settings: Where the database is and which file seeded it.
        seeded: What :meth:`open` wrote into an empty database; None when it already held a store.
    """

    def __init__(self, engine: Engine, settings: StoreSettings, seeded: SeedCounts | None = None) -> None:
        """Wrap an engine whose tables exist; most callers want :meth:`open` instead."""
        self._engine = engine
        self.settings = settings
        self.seeded = seeded

    @classmethod
    def open(cls, settings: StoreSettings | None = None, *, seed: bool = True) -> ShopStore:
        """Connect, create missing tables, and seed the database when it is empty.

        Safe to call from several processes at once: tables are created and the seed written
        under a lock, and only one process seeds.

        Args:
            settings: Database URL and seed file; :func:`store.config.load_store_settings` when None.
            seed: Seed an empty database from ``settings.seed_file``; False leaves it empty
                (the audit CLI reads without seeding).

        Returns:
            The open store.

        Raises:
            StoreUnavailable: The URL is malformed or the database cannot be reached.
            StoreError: The seed file is missing or malformed (nothing was written).
        """
        settings = settings or load_store_settings()
        engine = create_store_engine(settings.db_url)
        try:
            with write_transaction(engine) as conn:
                lock_store(conn)
                schema.metadata.create_all(conn)
            seeded = seed_if_empty(engine, settings.seed_file) if seed else None
        except DBAPIError as exc:
            engine.dispose()
            raise StoreUnavailable(
                f"Cannot use the database at {describe_url(settings.db_url)} (SHOP_DB_URL): {exc.orig}".rstrip()
            ) from exc
        except BaseException:
            engine.dispose()
            raise
        if seeded is not None:
            logger.info("Seeded %s from %s: %s", describe_url(settings.db_url), settings.seed_file, seeded)
        return cls(engine, settings, seeded)

    def close(self) -> None:
        """Release the database connections; the store must not be used afterwards."""
        self._engine.dispose()

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for tests and maintenance scripts."""
        return self._engine

    # Reads -------------------------------------------------------------------------------------

    def find_user_id_by_email(self, email: str) -> str | None:
        """The id of the user with this email, compared case- and accent-insensitively."""
        query = select(schema.users.c.user_id).where(schema.users.c.email_key == fold(email))
        return self._first(query.order_by(schema.users.c.user_id))

    def find_user_id_by_name_zip(self, first_name: str, last_name: str, zip: str) -> str | None:  # noqa: A002
        """The id of the user with this name (case- and accent-insensitive) and exact zip code."""
        users = schema.users
        query = select(users.c.user_id).where(
            users.c.first_name_key == fold(first_name),
            users.c.last_name_key == fold(last_name),
            users.c.zip == zip,
        )
        return self._first(query.order_by(users.c.user_id))

    def get_user(self, user_id: str) -> User | None:
        """The user with their saved payment methods and order ids, or None."""
        with self._engine.connect() as conn:
            return load_user(conn, user_id)

    def get_order(self, order_id: str) -> Order | None:
        """The order, e.g. ``get_order("#W2611340")``, or None."""
        with self._engine.connect() as conn:
            return load_order(conn, order_id)

    def orders_of(self, user_id: str) -> list[Order]:
        """The user's orders in the order their account lists them; empty for an unknown user."""
        orders = schema.orders
        query = select(orders).where(orders.c.user_id == user_id).order_by(orders.c.position, orders.c.order_id)
        with self._engine.connect() as conn:
            return [order_from_row(row) for row in conn.execute(query).mappings()]

    def get_product(self, product_id: str) -> Product | None:
        """The product with all its variants, or None."""
        products = self._products(schema.products.c.product_id == product_id)
        return products[0] if products else None

    def get_variant(self, item_id: str) -> Variant | None:
        """The variant (item) with its options, price and availability, or None."""
        query = select(schema.variants).where(schema.variants.c.item_id == item_id)
        with self._engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        return None if row is None else variant_from_row(row)

    def products(self) -> list[Product]:
        """Every product with its variants, in the store file's order."""
        return self._products(None)

    def audit_log(self, conversation_id: str | None = None) -> list[AuditEntry]:
        """Write operations in the order they happened, optionally of one conversation only."""
        with self._engine.connect() as conn:
            return read_audit_log(conn, conversation_id)

    def handoffs(self, status: str | None = None) -> list[Handoff]:
        """Handoffs, oldest first, optionally only "open" or "closed" ones."""
        with self._engine.connect() as conn:
            return handoff_ops.list_handoffs(conn, status)

    def latest_handoff(self, conversation_id: str) -> Handoff | None:
        """The conversation's most recent handoff, or None."""
        with self._engine.connect() as conn:
            return handoff_ops.latest_handoff(conn, conversation_id)

    def close_handoff(self, conversation_id: str, staff: str) -> Handoff | None:
        """Close the conversation's open handoff on behalf of ``staff``; None when none is open."""
        return handoff_ops.close_handoff(self._engine, conversation_id, staff)

    def row_counts(self) -> dict[str, int]:
        """How many rows each table holds, e.g. ``{"products": 50, "orders": 1000, ...}``."""
        with self._engine.connect() as conn:
            return {
                table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                for table in schema.metadata.sorted_tables
                if table is not schema.store_meta
            }

    def seeded_from(self) -> str | None:
        """The "<file> <sha256>" the database was seeded from, or None when it never was."""
        with self._engine.connect() as conn:
            return seed_marker(conn)

    # Writes: τ²-bench's operations; see store.operations for the policy each one enforces. -----

    def cancel_pending_order(
        self, order_id: str, reason: str, *, conversation_id: str | None = None, acting_user_id: str | None = None
    ) -> Order:
        """Cancel a pending order; see :func:`store.operations.cancel_pending_order`."""
        return operations.cancel_pending_order(
            self._engine, order_id, reason, conversation_id=conversation_id, acting_user_id=acting_user_id
        )

    def modify_pending_order_address(
        self,
        order_id: str,
        address1: str,
        address2: str,
        city: str,
        state: str,
        country: str,
        zip: str,  # noqa: A002
        *,
        conversation_id: str | None = None,
        acting_user_id: str | None = None,
    ) -> Order:
        """Change a pending order's address; see :func:`store.operations.modify_pending_order_address`."""
        return operations.modify_pending_order_address(
            self._engine, order_id, address1, address2, city, state, country, zip,
            conversation_id=conversation_id, acting_user_id=acting_user_id,
        )  # fmt: skip

    def modify_pending_order_items(
        self,
        order_id: str,
        item_ids: Sequence[str],
        new_item_ids: Sequence[str],
        payment_method_id: str,
        *,
        conversation_id: str | None = None,
        acting_user_id: str | None = None,
    ) -> Order:
        """Swap items of a pending order once; see :func:`store.operations.modify_pending_order_items`."""
        return operations.modify_pending_order_items(
            self._engine, order_id, item_ids, new_item_ids, payment_method_id,
            conversation_id=conversation_id, acting_user_id=acting_user_id,
        )  # fmt: skip

    def modify_pending_order_payment(
        self,
        order_id: str,
        payment_method_id: str,
        *,
        conversation_id: str | None = None,
        acting_user_id: str | None = None,
    ) -> Order:
        """Re-pay a pending order; see :func:`store.operations.modify_pending_order_payment`."""
        return operations.modify_pending_order_payment(
            self._engine, order_id, payment_method_id, conversation_id=conversation_id, acting_user_id=acting_user_id
        )

    def return_delivered_order_items(
        self,
        order_id: str,
        item_ids: Sequence[str],
        payment_method_id: str,
        *,
        conversation_id: str | None = None,
        acting_user_id: str | None = None,
    ) -> Order:
        """Request a return; see :func:`store.operations.return_delivered_order_items`."""
        return operations.return_delivered_order_items(
            self._engine, order_id, item_ids, payment_method_id,
            conversation_id=conversation_id, acting_user_id=acting_user_id,
        )  # fmt: skip

    def exchange_delivered_order_items(
        self,
        order_id: str,
        item_ids: Sequence[str],
        new_item_ids: Sequence[str],
        payment_method_id: str,
        *,
        conversation_id: str | None = None,
        acting_user_id: str | None = None,
    ) -> Order:
        """Request an exchange; see :func:`store.operations.exchange_delivered_order_items`."""
        return operations.exchange_delivered_order_items(
            self._engine, order_id, item_ids, new_item_ids, payment_method_id,
            conversation_id=conversation_id, acting_user_id=acting_user_id,
        )  # fmt: skip

    def modify_user_address(
        self,
        user_id: str,
        address1: str,
        address2: str,
        city: str,
        state: str,
        country: str,
        zip: str,  # noqa: A002
        *,
        conversation_id: str | None = None,
        acting_user_id: str | None = None,
    ) -> User:
        """Change a user's default address; see :func:`store.operations.modify_user_address`."""
        return operations.modify_user_address(
            self._engine, user_id, address1, address2, city, state, country, zip,
            conversation_id=conversation_id, acting_user_id=acting_user_id,
        )  # fmt: skip

    def transfer_to_human_agents(
        self,
        summary: str,
        *,
        reason: str,
        transcript: Iterable[Mapping[str, str]] = (),
        user_id: str | None = None,
        conversation_id: str | None = None,
        acting_user_id: str | None = None,
    ) -> Handoff:
        """Open a handoff for staff; see :func:`store.handoffs.transfer_to_human_agents`."""
        return handoff_ops.transfer_to_human_agents(
            self._engine, summary, reason=reason, transcript=transcript, user_id=user_id,
            conversation_id=conversation_id, acting_user_id=acting_user_id,
        )  # fmt: skip

    # Helpers -----------------------------------------------------------------------------------

    def _first(self, query: Select) -> str | None:
        with self._engine.connect() as conn:
            return conn.execute(query.limit(1)).scalar()

    def _products(self, where: ColumnElement[bool] | None) -> list[Product]:
        products, variants = schema.products, schema.variants
        product_query = select(products).order_by(products.c.position)
        variant_query = (
            select(variants)
            .join(products, products.c.product_id == variants.c.product_id)
            .order_by(products.c.position, variants.c.position)
        )
        if where is not None:
            product_query, variant_query = product_query.where(where), variant_query.where(where)
        with self._engine.connect() as conn:
            product_rows = conn.execute(product_query).mappings().all()
            by_product: dict[str, list[RowMapping]] = {}
            for row in conn.execute(variant_query).mappings():
                by_product.setdefault(row["product_id"], []).append(row)
        return [product_from_rows(row, by_product.get(row["product_id"], [])) for row in product_rows]
