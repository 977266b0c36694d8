"""The action server's one shared :class:`~recommender.engine.Recommender`.

Built once, on first use or by :func:`warm_up` when the server starts; never at import time.
Tests hand in their own with :func:`use_recommender`.
"""

from __future__ import annotations

import threading

from recommender.config import Settings, load_settings
from recommender.engine import Recommender

__all__ = ["get_recommender", "use_recommender", "warm_up"]

_lock = threading.Lock()
_recommender: Recommender | None = None


def get_recommender() -> Recommender:
    """Return the shared recommender, loading store, model and index on first call."""
    global _recommender
    if _recommender is None:
        with _lock:
            if _recommender is None:
                _recommender = Recommender.load(load_settings())
    return _recommender


def warm_up(settings: Settings | None = None) -> Recommender:
    """Load the recommender now (server start) so the first shopper does not wait for it."""
    global _recommender
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
