"""The action server's shared services: the :class:`~recommender.engine.Recommender` and the shop
database (:class:`store.ShopStore`).

Each is built once, on first use or by :func:`warm_up` when the server starts; never at import
time. Tests hand in their own with :func:`use_recommender` and :func:`use_store`.
"""

from __future__ import annotations

import threading

from recommender.config import Settings, load_settings
from recommender.engine import Recommender
from store import ShopStore

__all__ = ["get_recommender", "get_store", "use_recommender", "use_store", "warm_up"]

_lock = threading.Lock()
_recommender: Recommender | None = None
_store: ShopStore | None = None


def get_recommender() -> Recommender:
    """Return the shared recommender, loading store, model and index on first call."""
    global _recommender
    if _recommender is None:
        with _lock:
            if _recommender is None:
                _recommender = Recommender.load(load_settings())
    return _recommender


def get_store() -> ShopStore:
    """Return the shared shop database, opening (and on first run filling) it on first call."""
    global _store
    if _store is None:
        with _lock:
            if _store is None:
                _store = ShopStore.open()
    return _store


def use_store(store: ShopStore | None) -> None:
    """Replace the shared shop database (tests)."""
    global _store
    with _lock:
        _store = store


def warm_up(settings: Settings | None = None) -> Recommender:
    """Load the recommender and open the database now (server start), so the first shopper does
    not wait for them and a broken store stops the server with a clear message."""
    global _recommender
    get_store()
    with _lock:
        if _recommender is None:
            _recommender = Recommender.load(settings or load_settings(), progress=True)
            # One query so the model's first forward pass is not paid by a shopper either.
            _recommender.encoder.encode(["warm up"])
    return _recommender


def use_recommender(recommender: Recommender | None) -> None:
    """Replace the shared recommender (tests, or a reload after the store changed)."""
    global _recommender
    with _lock:
        _recommender = recommender
