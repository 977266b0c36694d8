"""Handing a conversation to staff: the open-handoff queue and closing an entry.

``transfer_to_human_agents`` is τ²-bench's write operation of that name; besides its audit row
(args ``{"summary": ...}`` as in τ²-bench) it leaves an open :class:`Handoff` with the reason and
the transcript so far, which staff read (``python -m store handoffs --status open``) and close.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine

from store import schema
from store.audit import record_write
from store.engine import write_transaction
from store.errors import PolicyError
from store.models import Handoff
from store.records import handoff_from_row
from store.text import utc_timestamp

__all__ = [
    "HANDOFF_CLOSED",
    "HANDOFF_OPEN",
    "close_handoff",
    "latest_handoff",
    "list_handoffs",
    "transfer_to_human_agents",
]

HANDOFF_OPEN = "open"
HANDOFF_CLOSED = "closed"


def transfer_to_human_agents(
    engine: Engine,
    summary: str,
    *,
    reason: str,
    transcript: Iterable[Mapping[str, str]] = (),
    user_id: str | None = None,
    conversation_id: str | None = None,
    acting_user_id: str | None = None,
) -> Handoff:
    """Open a handoff for staff and audit the transfer.

    Args:
        engine: The store's engine.
        summary: The shopper's issue in a sentence or two (τ²-bench's only argument).
        reason: Why the bot hands over, e.g. "shopper asked for a human" or "policy".
        transcript: The conversation so far, e.g. ``[{"role": "user", "text": "..."}]``.
        user_id: The verified shopper, when identification succeeded.
        conversation_id: The conversation; staff find the handoff by it. Stored as "" when None.
        acting_user_id: The verified shopper; a different ``user_id`` is refused.

    Returns:
        The open handoff.
    """
    if not isinstance(summary, str) or not summary.strip():
        raise PolicyError("A handoff needs a summary of the shopper's issue.")
    if acting_user_id is not None and user_id is not None and user_id != acting_user_id:
        raise PolicyError("A handoff can only be opened for your own account.")
    values = {
        "conversation_id": conversation_id or "",
        "reason": reason,
        "summary": summary,
        "transcript": [dict(turn) for turn in transcript],
        "status": HANDOFF_OPEN,
        "user_id": user_id,
        "created_at": utc_timestamp(),
        "closed_at": None,
        "closed_by": None,
    }
    with write_transaction(engine) as conn:
        result = conn.execute(insert(schema.handoffs).values(**values))
        record_write(conn, "transfer_to_human_agents", {"summary": summary}, conversation_id)
        handoff_id = result.inserted_primary_key[0]
    return handoff_from_row({**values, "id": handoff_id})


def list_handoffs(conn: Connection, status: str | None = None) -> list[Handoff]:
    """Handoffs, oldest first, optionally only those with ``status`` ("open" or "closed")."""
    query = select(schema.handoffs).order_by(schema.handoffs.c.id)
    if status is not None:
        query = query.where(schema.handoffs.c.status == status)
    return [handoff_from_row(row) for row in conn.execute(query).mappings()]


def latest_handoff(conn: Connection, conversation_id: str) -> Handoff | None:
    """The conversation's most recent handoff, open or closed, or None."""
    table = schema.handoffs
    query = select(table).where(table.c.conversation_id == conversation_id).order_by(table.c.id.desc()).limit(1)
    row = conn.execute(query).mappings().first()
    return None if row is None else handoff_from_row(row)


def close_handoff(engine: Engine, conversation_id: str, staff: str) -> Handoff | None:
    """Close the conversation's latest open handoff.

    Args:
        engine: The store's engine.
        conversation_id: The conversation.
        staff: Who closed it, recorded as ``closed_by``.

    Returns:
        The closed handoff, or None when the conversation has no open handoff.
    """
    table = schema.handoffs
    with write_transaction(engine) as conn:
        query = (
            select(table)
            .where(table.c.conversation_id == conversation_id, table.c.status == HANDOFF_OPEN)
            .order_by(table.c.id.desc())
            .limit(1)
            .with_for_update()
        )
        row = conn.execute(query).mappings().first()
        if row is None:
            return None
        changes = {"status": HANDOFF_CLOSED, "closed_at": utc_timestamp(), "closed_by": staff}
        conn.execute(update(table).where(table.c.id == row["id"]).values(**changes))
    return handoff_from_row({**row, **changes})
