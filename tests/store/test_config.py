"""``load_store_settings``: the database URL and the seed file from the environment."""

from __future__ import annotations

from pathlib import Path

from store.config import DEFAULT_SEED_FILE, StoreSettings, default_db_url, load_store_settings

REPO = Path(__file__).resolve().parents[2]


def test_defaults_live_under_var() -> None:
    settings = load_store_settings({})
    assert settings.seed_file == REPO / "var" / "store" / "demo-store.json" == DEFAULT_SEED_FILE
    assert settings.db_url.startswith(f"sqlite:///{REPO / 'var' / 'db' / 'demo-store-'}")
    assert settings.db_url.endswith(".db")


def test_each_store_file_gets_its_own_default_database() -> None:
    demo = load_store_settings({})
    tau2 = load_store_settings({"SHOP_STORE_FILE": "/data/tau2/db.json"})
    assert tau2.db_url == default_db_url(Path("/data/tau2/db.json")) != demo.db_url
    assert load_store_settings({"SHOP_STORE_FILE": "/data/tau2/db.json"}) == tau2  # stable


def test_environment_overrides_and_blanks_fall_back() -> None:
    settings = load_store_settings({"SHOP_DB_URL": " postgresql://shop@db/shop ", "SHOP_STORE_FILE": "/data/db.json"})
    assert settings == StoreSettings(db_url="postgresql://shop@db/shop", seed_file=Path("/data/db.json"))
    assert load_store_settings({"SHOP_DB_URL": "  ", "SHOP_STORE_FILE": ""}) == load_store_settings({})
