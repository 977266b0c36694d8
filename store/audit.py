"""The audit log: one row per write operation, written in the operation's own transaction.

Each row records the operation by its τ²-bench name with exactly τ²'s argument names and values,
so a conversation's writes can be replayed against τ²-bench or compared with a scenario's
expected actions. A refused operation rolls back and leaves no row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from store import schema
from store.models import WRITE_OPERATIONS, AuditEntry
from store.records import audit_entry_from_row
from store.text import utc_timestamp

__all__ = ["read_audit_log", "record_write"]


def record_write(conn: Connection, op: str, args: Mapping[str, Any], conversation_id: str | None) -> AuditEntry:
    """Add the audit row of a write, inside the write's transaction.

    Args:
        conn: The connection of the write's transaction.
        op: The τ²-bench operation name (one of :data:`store.models.WRITE_OPERATIONS`).
        args: The operation's arguments by τ²'s names, JSON-serialisable.
        conversation_id: The conversation that asked for the write, when known.

    Returns:
        The entry as written.
    """
    if op not in WRITE_OPERATIONS:
        raise ValueError(f"{op!r} is not a write operation; expected one of {', '.join(WRITE_OPERATIONS)}")
    entry = AuditEntry(op=op, args=dict(args), conversation_id=conversation_id, at=utc_timestamp())
    conn.execute(insert(schema.audit_log).values(**entry.as_dict()))
    return entry


def read_audit_log(conn: Connection, conversation_id: str | None = None) -> list[AuditEntry]:
    """The audit log in write order, optionally of one conversation only.

    Args:
        conn: Connection to read on.
        conversation_id: Only this conversation's writes; all writes when None.

    Returns:
        The entries, oldest first.
    """
    query = select(schema.audit_log).order_by(schema.audit_log.c.id)
    if conversation_id is not None:
        query = query.where(schema.audit_log.c.conversation_id == conversation_id)
    return [audit_entry_from_row(row) for row in conn.execute(query).mappings()]
