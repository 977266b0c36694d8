"""How the store spells values it compares or records: folded lookup keys and timestamps."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timezone

__all__ = ["fold", "utc_timestamp"]


def fold(text: str) -> str:
    """Case- and diacritic-folded form of ``text``, for identity lookups.

    Shoppers type "jose vazquez" for "José Vázquez" and mix the case of email addresses, so names
    and emails are compared folded, as τ²-bench's ``fold_for_match`` does: surrounding whitespace
    stripped, NFKD-decomposed, combining marks dropped, then case-folded (marks go first so that
    case folding cannot bring one back). Nothing else is merged: inner spaces and punctuation stay.

    Args:
        text: A name or an email address.

    Returns:
        The folded key.
    """
    decomposed = unicodedata.normalize("NFKD", text.strip())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def utc_timestamp() -> str:
    """The current time as ISO-8601 UTC with milliseconds, e.g. ``2025-01-31T09:15:02.120+00:00``.

    Stored as text so SQLite and PostgreSQL hold and return the identical string.
    """
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")
