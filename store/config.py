"""Where the shop's database lives and which store file fills it, read once from the environment.

:func:`load_store_settings` is called by whoever opens the store (the action server, the CLI, a
test) and the :class:`StoreSettings` it returns is passed to :meth:`store.ShopStore.open`; nothing
else in the package reads ``os.environ``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "default_db_url",
    "DEFAULT_SEED_FILE",
    "ENV_DB_URL",
    "ENV_STORE_FILE",
    "StoreSettings",
    "load_store_settings",
]

PROJECT_ROOT = Path(__file__).resolve().parent.parent

ENV_DB_URL = "SHOP_DB_URL"
ENV_STORE_FILE = "SHOP_STORE_FILE"

DEFAULT_SEED_FILE = PROJECT_ROOT / "var" / "store" / "demo-store.json"
DEFAULT_DB_DIR = PROJECT_ROOT / "var" / "db"


def default_db_url(seed_file: Path) -> str:
    """The embedded default: one SQLite file per store file, ``var/db/<name>-<hash>.db``.

    One database per store file means ``SHOP_STORE_FILE=other.json make run`` serves that
    store's users and orders, instead of a database an earlier run filled from another file.
    """
    resolved = Path(seed_file).resolve()
    tag = hashlib.sha1(str(resolved).encode()).hexdigest()[:8]
    return f"sqlite:///{DEFAULT_DB_DIR / f'{resolved.stem}-{tag}.db'}"


@dataclass(frozen=True)
class StoreSettings:
    """Store configuration.

    Attributes:
        db_url: SQLAlchemy URL of the shop database (``SHOP_DB_URL``), e.g.
            ``sqlite:////srv/shop/var/shop.db`` or ``postgresql://shop@db/shop``. Default: a SQLite
            file per store file under ``var/db/`` (:func:`default_db_url`); its folder is created
            when the store opens.
        seed_file: Store JSON in τ²-bench's retail format (``SHOP_STORE_FILE``) that fills an empty
            database on first open. Default: the generated demo store ``var/store/demo-store.json``
            (``make store``). The same variable picks the recommender's catalog, so the bot sells
            and serves orders from one store.
    """

    db_url: str
    seed_file: Path = DEFAULT_SEED_FILE


def load_store_settings(env: Mapping[str, str] = os.environ) -> StoreSettings:
    """Build :class:`StoreSettings` from environment variables.

    Args:
        env: The variables to read; ``os.environ`` by default. Unset or blank variables fall back
            to the defaults documented on :class:`StoreSettings`.

    Returns:
        The settings. The URL is not checked here; :meth:`store.ShopStore.open` reports a
        malformed or unreachable one with the variable's name.
    """
    seed_name = env.get(ENV_STORE_FILE, "").strip()
    seed_file = Path(seed_name) if seed_name else DEFAULT_SEED_FILE
    db_url = env.get(ENV_DB_URL, "").strip() or default_db_url(seed_file)
    return StoreSettings(db_url=db_url, seed_file=seed_file)
