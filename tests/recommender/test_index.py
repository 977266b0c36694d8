"""FAISS index: kind by size, recall against exact search, filtered search, persistence, staleness."""

from __future__ import annotations

import json
from pathlib import Path

import faiss
import numpy as np
import pytest

import recommender.index as index_module
from recommender.catalog import CatalogError, load_catalog, parse_catalog
from recommender.index import (
    KIND_FLAT,
    KIND_HNSW,
    KIND_IVF,
    HnswParams,
    IndexStore,
    build_index,
    choose_index_kind,
    index_from_vectors,
    item_text,
    load_or_build,
    measure_recall,
)


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


# --- index kind by size, approximate indexes, recall reporting -------------------------------------


def _clustered(count: int, dimension: int = 32, seed: int = 0) -> np.ndarray:
    """Unit vectors in a few dozen clusters, like embeddings of a small catalog."""
    rng = np.random.default_rng(seed)
    centers = rng.standard_normal((40, dimension)).astype(np.float32)
    x = centers[rng.integers(0, 40, count)] + 0.6 * rng.standard_normal((count, dimension)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _exact(vectors: np.ndarray, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[int]:
    scores = vectors @ query
    if allowed is not None:
        scores = np.where(allowed, scores, -np.inf)
    return [int(r) for r in np.argsort(-scores, kind="stable")[:k] if np.isfinite(scores[r])]


def _vector_index(vectors: np.ndarray, kind: str | None = None, **kwargs):
    ids = [f"{n:010d}" for n in range(len(vectors))]
    return index_from_vectors(vectors, ids, catalog_hash="c" * 64, model_fingerprint="m" * 64, kind=kind, **kwargs)


@pytest.fixture(scope="module")
def vectors() -> np.ndarray:
    return _clustered(5000)


@pytest.fixture(scope="module")
def hnsw_index(vectors: np.ndarray):
    return _vector_index(vectors, KIND_HNSW)


def test_kind_is_chosen_by_size() -> None:
    assert choose_index_kind(0) == KIND_FLAT
    assert choose_index_kind(50_000) == KIND_FLAT
    assert choose_index_kind(50_001) == KIND_HNSW
    assert choose_index_kind(101, flat_max=100) == KIND_HNSW
    with pytest.raises(ValueError, match="count"):
        choose_index_kind(-1)


def test_build_follows_the_size_threshold(vectors: np.ndarray) -> None:
    small = _vector_index(vectors[:500], flat_max=1000)
    assert isinstance(small.faiss_index, faiss.IndexFlatIP)
    assert (small.manifest.kind, small.manifest.recall_at_10, small.manifest.recall_queries) == (KIND_FLAT, 1.0, 0)
    large = _vector_index(vectors[:1500], flat_max=1000)
    assert isinstance(large.faiss_index, faiss.IndexHNSWFlat)
    assert large.manifest.kind == KIND_HNSW


def test_forced_hnsw_reports_its_recall_against_exact_search(vectors: np.ndarray, hnsw_index) -> None:
    manifest = hnsw_index.manifest
    assert isinstance(hnsw_index.faiss_index, faiss.IndexHNSWFlat)
    assert manifest.kind == KIND_HNSW and manifest.count == len(vectors)
    assert manifest.recall_at_10 >= 0.9
    assert manifest.recall_queries == 200
    defaults = HnswParams()
    assert manifest.params == {"index": "IndexHNSWFlat", "M": defaults.m,
                               "efConstruction": defaults.ef_construction, "efSearch": defaults.ef_search}
    # The recorded figure is what the index actually achieves on those queries.
    assert measure_recall(hnsw_index.faiss_index, vectors) == (pytest.approx(manifest.recall_at_10, abs=1e-4), 200)


def test_recall_counts_ties_as_found() -> None:
    """Equal vectors (variants with equal text) make the exact top-k ambiguous; any of them counts."""
    base = _clustered(30, seed=3)
    vectors = np.repeat(base, 5, axis=0)  # every vector five times
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    assert measure_recall(flat, vectors) == (1.0, 150)


def test_hnsw_search_without_filter_is_close_to_exact(vectors: np.ndarray, hnsw_index) -> None:
    queries = _clustered(20, seed=7)
    overlap = [len({r for r, _ in hnsw_index.search(q, 10)} & set(_exact(vectors, q, 10))) / 10 for q in queries]
    assert np.mean(overlap) >= 0.9
    rows = hnsw_index.search(queries[0], 10)
    assert [s for _, s in rows] == sorted((s for _, s in rows), reverse=True)


def test_narrow_filter_on_hnsw_returns_the_exact_best_allowed_rows(vectors: np.ndarray, hnsw_index) -> None:
    allowed = np.zeros(len(vectors), dtype=bool)
    allowed[np.random.default_rng(1).choice(len(vectors), 40, replace=False)] = True
    for query in _clustered(5, seed=11):
        rows = hnsw_index.search(query, 12, allowed)
        assert [r for r, _ in rows] == _exact(vectors, query, 12, allowed)
    few = np.zeros(len(vectors), dtype=bool)
    few[[3, 99, 4000]] = True
    assert sorted(r for r, _ in hnsw_index.search(vectors[0], 10, few)) == [3, 99, 4000]


def test_wide_filter_on_hnsw_uses_the_graph_and_keeps_only_allowed_rows(
    vectors: np.ndarray, hnsw_index, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "FILTER_EXACT_ROWS", 0)
    allowed = np.random.default_rng(2).random(len(vectors)) < 0.5
    overlap = []
    for query in _clustered(10, seed=13):
        rows = [r for r, _ in hnsw_index.search(query, 20, allowed)]
        assert len(rows) == 20 and all(allowed[rows])
        overlap.append(len(set(rows) & set(_exact(vectors, query, 20, allowed))) / 20)
    assert np.mean(overlap) >= 0.9


def test_a_filtered_graph_search_that_comes_back_short_is_redone_exactly(
    vectors: np.ndarray, hnsw_index, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No exact shortcut and no widened beam: the graph walk meets too few of the 0.4% allowed rows.
    monkeypatch.setattr(index_module, "FILTER_EXACT_ROWS", 0)
    monkeypatch.setattr(index_module, "FILTER_EXACT_SHARE", 0.0)
    monkeypatch.setattr(hnsw_index, "_beam", lambda k, share=1.0: HnswParams().ef_search)
    walks = []
    search = hnsw_index._search
    monkeypatch.setattr(hnsw_index, "_search", lambda *args: walks.append(search(*args)) or walks[-1])
    allowed = np.zeros(len(vectors), dtype=bool)
    allowed[np.arange(0, len(vectors), 250)] = True
    query = _clustered(1, seed=17)[0]
    assert [r for r, _ in hnsw_index.search(query, 15, allowed)] == _exact(vectors, query, 15, allowed)
    assert len(walks) == 1 and len(walks[0]) < 15  # the graph walk ran and came back short


def test_a_mask_of_the_wrong_length_is_refused(hnsw_index) -> None:
    with pytest.raises(ValueError, match="one flag per index row"):
        hnsw_index.search(hnsw_index.vector(0), 5, np.ones(3, dtype=bool))


@pytest.mark.parametrize("kind", [KIND_FLAT, KIND_HNSW, KIND_IVF])
def test_every_kind_returns_stored_vectors(vectors: np.ndarray, kind: str) -> None:
    index = _vector_index(vectors[:2000], kind)
    for row in (0, 1234, 1999):
        np.testing.assert_allclose(index.vector(row), vectors[row], atol=1e-6)


def test_ivf_is_an_explicit_option_with_exact_narrow_filters(vectors: np.ndarray) -> None:
    index = _vector_index(vectors, KIND_IVF)
    assert isinstance(index.faiss_index, faiss.IndexIVFFlat)
    assert index.manifest.params["nlist"] == 128  # capped at count / 39
    assert index.manifest.recall_at_10 >= 0.9
    allowed = np.zeros(len(vectors), dtype=bool)
    allowed[::100] = True
    query = _clustered(1, seed=19)[0]
    assert [r for r, _ in index.search(query, 10, allowed)] == _exact(vectors, query, 10, allowed)


def test_unknown_kind_is_named() -> None:
    with pytest.raises(ValueError, match="unknown index kind 'annoy'"):
        _vector_index(_clustered(10), "annoy")


def test_hnsw_index_round_trips_through_the_store(vectors: np.ndarray, hnsw_index, tmp_path: Path) -> None:
    IndexStore(tmp_path).save(hnsw_index)
    loaded = IndexStore(tmp_path).load("c" * 64, "m" * 64)
    assert loaded is not None
    assert isinstance(loaded.faiss_index, faiss.IndexHNSWFlat)
    assert loaded.manifest == hnsw_index.manifest
    assert loaded.faiss_index.hnsw.efSearch == HnswParams().ef_search
    query = _clustered(1, seed=23)[0]
    assert loaded.search(query, 10) == hnsw_index.search(query, 10)
    allowed = np.zeros(len(vectors), dtype=bool)
    allowed[:30] = True
    assert loaded.search(query, 5, allowed) == hnsw_index.search(query, 5, allowed)
    np.testing.assert_array_equal(loaded.vector(42), hnsw_index.vector(42))
    saved = json.loads((tmp_path / "current" / "manifest.json").read_text())
    assert saved["kind"] == "hnsw" and saved["recall_at_10"] == hnsw_index.manifest.recall_at_10


def test_catalog_build_can_be_forced_to_hnsw_and_a_kind_change_rebuilds(encoder, tmp_path: Path) -> None:
    catalog = _tiny_catalog()
    index, rebuilt = load_or_build(catalog, encoder, tmp_path, kind=KIND_HNSW)
    assert rebuilt and isinstance(index.faiss_index, faiss.IndexHNSWFlat)
    assert index.manifest.recall_at_10 == 1.0 and index.manifest.recall_queries == 4
    query = encoder.encode(["leather boots"])[0]
    assert index.item_ids[index.search(query, 1)[0][0]] == "0000000103"
    _, rebuilt = load_or_build(catalog, encoder, tmp_path, kind=KIND_HNSW)
    assert not rebuilt
    flat, rebuilt = load_or_build(catalog, encoder, tmp_path)  # 4 items are under flat_max
    assert rebuilt and flat.manifest.kind == KIND_FLAT
    _, rebuilt = load_or_build(catalog, encoder, tmp_path, flat_max=2)
    assert rebuilt


def test_a_manifest_from_before_index_kinds_still_loads(encoder, tmp_path: Path) -> None:
    catalog = _tiny_catalog()
    load_or_build(catalog, encoder, tmp_path)
    path = tmp_path / "current" / "manifest.json"
    old = json.loads(path.read_text())
    for new_field in ("recall_at_10", "recall_queries", "params"):
        del old[new_field]
    old["kind"] = "IndexFlatIP"  # what the first version wrote
    path.write_text(json.dumps(old))
    loaded = IndexStore(tmp_path).load(catalog.content_hash(), encoder.fingerprint)
    assert loaded is not None
    assert loaded.manifest.index_kind == KIND_FLAT
    assert (loaded.manifest.recall_at_10, loaded.manifest.params) == (1.0, {})
    _, rebuilt = load_or_build(catalog, encoder, tmp_path)
    assert not rebuilt
