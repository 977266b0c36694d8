"""The two kinds of failure the store reports, kept apart because different people read them.

:class:`PolicyError` is a refusal the shopper may see ("Order #W123 was not found."): the request
broke the shop's policy or named something that does not exist, and nothing was written.
:class:`StoreError` is for operators: the database is unreachable or the seed file is malformed,
and the message names the URL, file, record and field to fix.
"""

from __future__ import annotations

__all__ = ["PolicyError", "StoreError", "StoreUnavailable"]


class PolicyError(ValueError):
    """A write operation was refused; the message is safe to show the shopper as it is."""


class StoreError(RuntimeError):
    """The store cannot work: a bad seed file, an inconsistent database, a failed connection."""


class StoreUnavailable(StoreError):
    """The database named by ``SHOP_DB_URL`` cannot be reached (or the URL is malformed)."""
