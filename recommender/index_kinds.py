"""FAISS index kinds: which one a catalog's size calls for, how each is built, how well it recalls.

An exact flat index up to :data:`~recommender.config.DEFAULT_INDEX_FLAT_MAX` vectors, an HNSW
graph beyond, an IVF index on request; an approximate index's recall@10 against exact search is
measured on a sample of its own vectors. :mod:`recommender.index` wraps the result for search and
persistence; :mod:`recommender.scale_bench` compares the kinds at a million vectors.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

import faiss
import numpy as np

from recommender.config import DEFAULT_INDEX_FLAT_MAX

__all__ = [
    "KIND_FLAT",
    "KIND_HNSW",
    "KIND_IVF",
    "KINDS",
    "RECALL_K",
    "RECALL_QUERIES",
    "HnswParams",
    "IvfParams",
    "choose_index_kind",
    "index_vectors",
    "measure_recall",
]

logger = logging.getLogger(__name__)

KIND_FLAT = "flat"
KIND_HNSW = "hnsw"
KIND_IVF = "ivf"
KINDS = (KIND_FLAT, KIND_HNSW, KIND_IVF)

#: Queries and depth of the recall check run after an approximate build.
RECALL_QUERIES = 200
RECALL_K = 10
#: Vectors added to an HNSW graph per call, so a long build logs its progress.
_HNSW_CHUNK = 50_000


@dataclass(frozen=True)
class HnswParams:
    """Parameters of an HNSW graph (``IndexHNSWFlat``, inner product).

    Attributes:
        m: Neighbours per node (``M``; 2·M on the bottom layer). 32 costs about 270 bytes of links
            per item on top of the 1,536 bytes of a 384-dimensional vector (1,808 bytes per item in
            all at 1M) and keeps recall high on text-like embeddings; 16 would halve the links at
            some cost in recall (not measured here).
        ef_construction: Beam width while inserting. 100 builds 1M × 384 in about 15 minutes on two
            shared cores; in a trial at 100k, 200 took two to four times as long for 1–3 points of
            recall@10, which a wider ``ef_search`` buys more cheaply.
        ef_search: Beam width while searching (at least ``k`` is used). On 1M synthetic embeddings
            (``python -m recommender scale-bench``) 128 gave recall@10 0.973 at 0.7 ms per query on
            one core; 64 gave 0.947, 256 gave 0.998 at 1.1 ms.
    """

    m: int = 32
    ef_construction: int = 100
    ef_search: int = 128


@dataclass(frozen=True)
class IvfParams:
    """Parameters of an inverted-file index (``IndexIVFFlat``, inner product), an explicit option.

    IVF builds faster than HNSW (one k-means on a sample, then one assignment per vector) and keeps
    exact vectors, so it suits very large catalogs rebuilt often; HNSW answers faster at equal
    recall.

    Attributes:
        nlist: Number of clusters; ``None`` means about 4·√count (at least 39 training vectors
            per cluster, as FAISS asks).
        nprobe: Clusters scanned per query (capped at ``nlist``).
        train_size: Vectors sampled (seeded) to train the clusters.
    """

    nlist: int | None = None
    nprobe: int = 32
    train_size: int = 200_000


def choose_index_kind(count: int, flat_max: int = DEFAULT_INDEX_FLAT_MAX) -> str:
    """The index kind for a catalog of ``count`` vectors.

    Exact search is cheap enough below ``flat_max`` (a 50k × 384 flat scan takes a few ms) and
    never misses; beyond it an HNSW graph keeps single-query latency near a millisecond.

    Args:
        count: Number of vectors to index.
        flat_max: Largest count served by an exact flat index.

    Returns:
        :data:`KIND_FLAT` or :data:`KIND_HNSW`.

    Raises:
        ValueError: ``count`` or ``flat_max`` is negative.
    """
    if count < 0 or flat_max < 0:
        raise ValueError(f"count ({count}) and flat_max ({flat_max}) must not be negative")
    return KIND_FLAT if count <= flat_max else KIND_HNSW


def index_vectors(
    vectors: np.ndarray,
    kind: str,
    *,
    hnsw: HnswParams | None = None,
    ivf: IvfParams | None = None,
) -> tuple[faiss.Index, dict[str, int | str]]:
    """Put L2-normalised vectors in a FAISS inner-product index of the given kind.

    Args:
        vectors: ``(count, dimension)`` float32 rows; row *i* becomes id *i*.
        kind: :data:`KIND_FLAT`, :data:`KIND_HNSW` or :data:`KIND_IVF`.
        hnsw: HNSW parameters (default :class:`HnswParams`).
        ivf: IVF parameters (default :class:`IvfParams`).

    Returns:
        The index and its parameters (for the manifest).

    Raises:
        ValueError: Unknown kind, or vectors that are not a non-empty 2-D array.
    """
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if vectors.ndim != 2 or vectors.shape[1] == 0:
        raise ValueError(f"vectors must be a (count, dimension) array, got shape {vectors.shape}")
    count, dimension = vectors.shape
    if kind == KIND_FLAT:
        index = faiss.IndexFlatIP(dimension)
        index.add(vectors)
        return index, {"index": "IndexFlatIP"}
    if kind == KIND_HNSW:
        return _hnsw(vectors, hnsw or HnswParams())
    if kind == KIND_IVF:
        return _ivf(vectors, ivf or IvfParams())
    raise ValueError(f"unknown index kind {kind!r}; use one of {', '.join(KINDS)}")


def _hnsw(vectors: np.ndarray, params: HnswParams) -> tuple[faiss.Index, dict[str, int | str]]:
    """Build an HNSW graph in chunks, logging progress on large inputs."""
    count, dimension = vectors.shape
    index = faiss.IndexHNSWFlat(dimension, params.m, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = params.ef_construction
    index.hnsw.efSearch = params.ef_search
    started = time.perf_counter()
    for start in range(0, count, _HNSW_CHUNK):
        index.add(vectors[start : start + _HNSW_CHUNK])
        if count > _HNSW_CHUNK:
            logger.info("HNSW: %d of %d vectors added (%.0f s)", index.ntotal, count,
                        time.perf_counter() - started)
    return index, {"index": "IndexHNSWFlat", "M": params.m,
                   "efConstruction": params.ef_construction, "efSearch": params.ef_search}


def _ivf(vectors: np.ndarray, params: IvfParams) -> tuple[faiss.Index, dict[str, int | str]]:
    """Train IVF clusters on a seeded sample, then add every vector."""
    count, dimension = vectors.shape
    nlist = params.nlist or round(4 * math.sqrt(count))
    nlist = max(1, min(nlist, count // 39 or 1))
    quantizer = faiss.IndexFlatIP(dimension)
    index = faiss.IndexIVFFlat(quantizer, dimension, nlist, faiss.METRIC_INNER_PRODUCT)
    sample = vectors
    if count > params.train_size:
        rows = np.random.default_rng(0).choice(count, params.train_size, replace=False)
        sample = vectors[np.sort(rows)]
    index.train(sample)
    index.add(vectors)
    index.nprobe = min(params.nprobe, nlist)
    index.make_direct_map()  # for vector(row)
    return index, {"index": "IndexIVFFlat", "nlist": nlist, "nprobe": int(index.nprobe),
                   "train_size": int(sample.shape[0])}


def measure_recall(
    index: faiss.Index,
    vectors: np.ndarray,
    *,
    queries: int = RECALL_QUERIES,
    k: int = RECALL_K,
    seed: int = 0,
) -> tuple[float, int]:
    """Recall@k of an index against exact search, with a seeded sample of its own vectors as queries.

    Own vectors are what "more like this" asks with, so the sample measures the real use. Equal
    vectors (variants with the same text) make the exact top-k ambiguous, so, as ann-benchmarks
    does, a returned row counts as found when its score reaches the exact k-th score (less 1e-5).

    Args:
        index: The index (its own search parameters are used).
        vectors: The vectors it holds, row *i* = id *i*.
        queries: Most queries to sample.
        k: Result depth.
        seed: Sampling seed.

    Returns:
        Mean recall over the queries, and how many queries were used.
    """
    count = int(vectors.shape[0])
    k = min(k, count)
    if k == 0:
        return 1.0, 0
    picked = np.sort(np.random.default_rng(seed).choice(count, min(queries, count), replace=False))
    sample = np.ascontiguousarray(vectors[picked], dtype=np.float32)
    exact_scores, _ = faiss.knn(sample, vectors, k, metric=faiss.METRIC_INNER_PRODUCT)
    _, found = index.search(sample, k)
    found_scores = np.einsum("qd,qkd->qk", sample, vectors[np.maximum(found, 0)])
    hits = ((found_scores >= exact_scores[:, -1:] - 1e-5) & (found >= 0)).sum(axis=1)
    return float(np.mean(np.minimum(hits, k) / k)), int(picked.size)
