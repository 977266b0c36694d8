"""FAISS index: filtered search, persistence round trip, staleness and atomic replacement."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from recommender.catalog import CatalogError, load_catalog, parse_catalog
from recommender.index import IndexStore, build_index, item_text, load_or_build


def _tiny_catalog(price: float = 20.0):
    products = {}
    names = ["Blue Cotton T-Shirt", "Red Wool Sweater", "Black Leather Boots", "Steel Water Bottle"]
    for n, name in enumerate(names):
        pid = f"{n + 1:010d}"
        iid = f"{n + 101:010d}"
        products[pid] = {"name": name, "product_id": pid, "description": f"A {name.lower()}.",
                         "variants": {iid: {"item_id": iid, "options": {"size": "M"}, "available": True,
                                            "price": price + n}}}
    return parse_catalog({"products": products})


def test_item_text_has_title_options_and_description(tau2_db: Path) -> None:
    catalog = load_catalog(tau2_db)
    variant = catalog.variant("9612497925")
    text = item_text(catalog.product_of(variant), variant)
    assert text.startswith("T-Shirt. ")
    assert "color blue" in text and "material cotton" in text


def test_search_finds_the_meaningful_match_and_respects_the_mask(encoder) -> None:
    catalog = _tiny_catalog()
    index = build_index(catalog, encoder)
    query = encoder.encode(["leather boots"])[0]
    rows = index.search(query, 2)
    assert index.item_ids[rows[0][0]] == "0000000103"
    allowed = np.ones(len(index), dtype=bool)
    allowed[2] = False
    rows = index.search(query, 4, allowed)
    assert 2 not in [r for r, _ in rows] and len(rows) == 3
    assert index.search(query, 4, np.zeros(len(index), dtype=bool)) == []


def test_round_trip_and_no_rebuild_when_fresh(encoder, tmp_path: Path) -> None:
    catalog = _tiny_catalog()
    built, rebuilt = load_or_build(catalog, encoder, tmp_path)
    assert rebuilt
    loaded, rebuilt = load_or_build(catalog, encoder, tmp_path)
    assert not rebuilt
    assert loaded.item_ids == built.item_ids
    np.testing.assert_allclose(loaded.vector(1), built.vector(1))
    manifest = json.loads((tmp_path / "current" / "manifest.json").read_text())
    assert manifest["catalog_hash"] == catalog.content_hash()
    assert manifest["model_fingerprint"] == encoder.fingerprint


def test_stale_index_is_detected_and_rebuilt(encoder, tmp_path: Path) -> None:
    load_or_build(_tiny_catalog(price=20.0), encoder, tmp_path)
    store = IndexStore(tmp_path)
    changed = _tiny_catalog(price=25.0)
    assert store.load(changed.content_hash(), encoder.fingerprint) is None
    assert store.load(_tiny_catalog(20.0).content_hash(), "another-model") is None
    _, rebuilt = load_or_build(changed, encoder, tmp_path)
    assert rebuilt
    assert store.load(changed.content_hash(), encoder.fingerprint) is not None


def test_bad_store_fails_the_load_and_leaves_the_served_index(encoder, tmp_path: Path) -> None:
    from recommender.config import Settings
    from recommender.engine import Recommender

    good = _tiny_catalog()
    load_or_build(good, encoder, tmp_path / "index")
    before = (tmp_path / "index" / "current").resolve()
    bad_file = tmp_path / "bad.json"
    bad_file.write_text(json.dumps({"products": {"1": {"product_id": "1", "variants": {"2": {"price": -1}}}}}))
    with pytest.raises(CatalogError, match="product 1.*field 'name'"):
        Recommender.load(Settings(store_file=bad_file, index_dir=tmp_path / "index"))
    assert (tmp_path / "index" / "current").resolve() == before
    assert IndexStore(tmp_path / "index").load(good.content_hash(), encoder.fingerprint) is not None


def test_a_save_that_fails_midway_keeps_the_current_index(encoder, tmp_path: Path, monkeypatch) -> None:
    import recommender.index as index_module

    good = _tiny_catalog(price=20.0)
    load_or_build(good, encoder, tmp_path)
    before = (tmp_path / "current").resolve()
    newer = build_index(_tiny_catalog(price=30.0), encoder)

    def disk_full(*_args) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(index_module.faiss, "write_index", disk_full)
    with pytest.raises(OSError, match="No space left"):
        IndexStore(tmp_path).save(newer)
    assert (tmp_path / "current").resolve() == before
    assert not [p for p in (tmp_path / "builds").iterdir() if p.name.endswith(".tmp")]
    assert IndexStore(tmp_path).load(good.content_hash(), encoder.fingerprint) is not None


def test_corrupt_index_file_is_rebuilt(encoder, tmp_path: Path) -> None:
    catalog = _tiny_catalog()
    load_or_build(catalog, encoder, tmp_path)
    (tmp_path / "current" / "index.faiss").write_bytes(b"not an index")
    _, rebuilt = load_or_build(catalog, encoder, tmp_path)
    assert rebuilt


def test_old_builds_are_pruned(encoder, tmp_path: Path) -> None:
    for price in (1.0, 2.0, 3.0, 4.0, 5.0):
        load_or_build(_tiny_catalog(price), encoder, tmp_path)
    builds = [p for p in (tmp_path / "builds").iterdir() if not p.name.startswith(".")]
    assert len(builds) == 3
    assert (tmp_path / "current").resolve() in [b.resolve() for b in builds]
