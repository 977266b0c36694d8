"""Scale benchmark of FAISS index kinds on synthetic embeddings: exact flat vs HNSW vs IVF-PQ.

``python -m recommender scale-bench --count N --dimension D --queries Q --out FILE`` measures, for
each kind, build time, single-query latency (p50/p95), recall@10 against exact search and bytes
per item, and writes one JSON document (a table is printed too). It is a measurement, not a test:
nothing asserts on its timings.

The vectors imitate sentence embeddings rather than uniform noise, which would make every
approximate index look worse than it is on text: a seeded Gaussian mixture of a few thousand
clusters of uneven size, each spread along a low-dimensional subspace (text embeddings have a low
intrinsic dimension), plus a little isotropic noise and a shared mean direction, then L2-normalised.
With the defaults at 1M a query's nearest neighbour scores about 0.84, its 10th about 0.79 and a
random pair about 0.06 (the output records these). Queries are fresh draws from the same mixture,
never rows of the index.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import math
import os
import platform
import resource
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from recommender.index_kinds import KIND_FLAT, KIND_HNSW, HnswParams, index_vectors

__all__ = ["EmbeddingMixture", "run_scale_bench", "scale_bench"]

logger = logging.getLogger(__name__)

K = 10
#: Beam widths tried on the HNSW index; the one :class:`HnswParams` uses is the headline number.
EF_SEARCH_SWEEP = (16, 32, 64, 128, 256)
#: Probe counts tried on the IVF-PQ index.
NPROBE_SWEEP = (8, 16, 32, 64, 128)
#: The headline nprobe is the smallest whose recall is within this of the best in the sweep: past
#: it, the PQ codes' error, not the number of lists scanned, limits recall.
NPROBE_TOLERANCE = 0.01
#: Untimed queries run before timing each setting (caches, page faults).
WARMUP_QUERIES = 10
_CHUNK = 100_000


@dataclass(frozen=True)
class EmbeddingMixture:
    """A seeded distribution of L2-normalised vectors shaped like text embeddings.

    Attributes:
        dimension: Vector length.
        clusters: Number of mixture components (topics); their weights are log-normal, so some
            topics are much bigger than others.
        rank: Dimension of the subspace each cluster spreads along.
        spread: Scale of the within-cluster spread (0.7 → items of one topic score about 0.6).
        noise: Scale of the isotropic noise on top.
        mean_weight: Weight of a direction shared by all clusters (embeddings are not centred).
        seed: Seed of the mixture itself; samples take their own seeds.
    """

    dimension: int
    clusters: int
    rank: int = 24
    spread: float = 0.7
    noise: float = 0.2
    mean_weight: float = 0.3
    seed: int = 12345

    @classmethod
    def for_count(cls, count: int, dimension: int) -> EmbeddingMixture:
        """A mixture with about 250 vectors per cluster, between 10 and 4,000 clusters."""
        return cls(dimension=dimension, clusters=int(min(4000, max(10, count // 250))))

    def sample(self, count: int, seed: int) -> np.ndarray:
        """Draw ``count`` vectors (float32, unit length), generated in chunks to bound memory."""
        rng = np.random.default_rng(self.seed)
        d = self.dimension
        mean = _unit(rng.standard_normal((1, d)).astype(np.float32))
        centers = _unit(_unit(rng.standard_normal((self.clusters, d)).astype(np.float32))
                        + self.mean_weight * mean)
        basis = rng.standard_normal((self.rank, d)).astype(np.float32) / np.float32(math.sqrt(d * self.rank))
        weights = rng.lognormal(0.0, 1.0, self.clusters)
        scale = (self.spread * rng.uniform(0.7, 1.3, self.clusters)).astype(np.float32)
        draw = np.random.default_rng(seed)
        labels = draw.choice(self.clusters, count, p=weights / weights.sum())
        out = np.empty((count, d), dtype=np.float32)
        noise = np.float32(self.noise / math.sqrt(d))
        for start in range(0, count, _CHUNK):
            lab = labels[start : start + _CHUNK]
            n = lab.size
            block = centers[lab] + scale[lab, None] * (
                draw.standard_normal((n, self.rank), dtype=np.float32) @ basis)
            block += noise * draw.standard_normal((n, d), dtype=np.float32)
            out[start : start + n] = block
        faiss.normalize_L2(out)
        return out


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def machine_info() -> dict[str, Any]:
    """Cores, CPU, FAISS and NumPy versions, so numbers can be compared across machines."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "faiss_version": faiss.__version__,
        "faiss_compile_options": faiss.get_compile_options(),
        "numpy_version": np.__version__,
        "python": platform.python_version(),
        "nice": os.nice(0),
    }


def _recall(found: np.ndarray, truth: np.ndarray) -> float:
    """Mean share of each query's exact top-k ids that the index returned."""
    k = truth.shape[1]
    return float(np.mean([len(set(f[f >= 0]) & set(t)) / k for f, t in zip(found, truth)]))


def _time_queries(index: faiss.Index, queries: np.ndarray, params: faiss.SearchParameters | None
                  ) -> tuple[dict[str, float], np.ndarray]:
    """Search one query at a time on one thread; latency percentiles (ms) and the results."""
    faiss.omp_set_num_threads(1)
    for q in queries[:WARMUP_QUERIES]:
        index.search(q[None, :], K, params=params)
    found = np.empty((len(queries), K), dtype=np.int64)
    times = np.empty(len(queries))
    for i, q in enumerate(queries):
        started = time.perf_counter()
        _, rows = index.search(q[None, :], K, params=params)
        times[i] = time.perf_counter() - started
        found[i] = rows[0]
    faiss.omp_set_num_threads(os.cpu_count() or 1)
    ms = times * 1000
    return {"p50": round(float(np.percentile(ms, 50)), 4), "p95": round(float(np.percentile(ms, 95)), 4),
            "mean": round(float(ms.mean()), 4)}, found


def _bytes_per_item(index: faiss.Index) -> float:
    """Serialised size over item count: what the index costs on disk and, roughly, in memory."""
    return round(faiss.serialize_index(index).nbytes / index.ntotal, 1)


def _ivf_pq(vectors: np.ndarray, nlist: int, m: int, train_size: int) -> faiss.Index:
    """Train an IVF-PQ index (8-bit codes) on a seeded sample, then add every vector."""
    count, d = vectors.shape
    quantizer = faiss.IndexFlatIP(d)
    index = faiss.IndexIVFPQ(quantizer, d, nlist, m, 8, faiss.METRIC_INNER_PRODUCT)
    rows = np.sort(np.random.default_rng(1).choice(count, min(count, train_size), replace=False))
    started = time.perf_counter()
    index.train(vectors[rows])
    logger.info("IVF-PQ: trained on %d vectors (%.0f s); adding", rows.size, time.perf_counter() - started)
    for start in range(0, count, 5 * _CHUNK):
        index.add(vectors[start : start + 5 * _CHUNK])
    return index


def pq_subquantizers(dimension: int) -> int:
    """PQ sub-vector count: 8 dimensions each (48 for 384), at most 64, dividing ``dimension``."""
    return next(m for m in range(min(64, max(1, dimension // 8)), 0, -1) if dimension % m == 0)


def _measure(
    name: str,
    build: Callable[[], tuple[faiss.Index, dict[str, Any]]],
    queries: np.ndarray,
    truth: np.ndarray,
    sweep: list[tuple[dict[str, int], faiss.SearchParameters | None]],
    pick: Callable[[list[dict[str, Any]]], dict[str, Any]],
) -> dict[str, Any]:
    """Build one index, then time and score every search setting of its sweep."""
    logger.info("%s: building", name)
    started = time.perf_counter()
    index, params = build()
    build_seconds = time.perf_counter() - started
    logger.info("%s: built in %.1f s; measuring %d queries per setting", name, build_seconds, len(queries))
    points = []
    for setting, search_params in sweep:
        latency, found = _time_queries(index, queries, search_params)
        points.append({**setting, "latency_ms": latency, "recall_at_10": round(_recall(found, truth), 4)})
        logger.info("%s %s: recall@10 %.3f, p50 %.3f ms", name, setting or "", points[-1]["recall_at_10"],
                    latency["p50"])
    chosen = pick(points)
    result = {
        "name": name,
        "params": {**params, **{k: v for k, v in chosen.items() if k not in {"latency_ms", "recall_at_10"}}},
        "build_seconds": round(build_seconds, 2),
        "latency_ms": chosen["latency_ms"],
        "recall_at_10": chosen["recall_at_10"],
        "bytes_per_item": _bytes_per_item(index),
        "sweep": points if len(points) > 1 else [],
    }
    del index
    gc.collect()
    return result


def scale_bench(count: int, dimension: int, queries: int, *, seed: int = 0) -> dict[str, Any]:
    """Run the benchmark and return the results document.

    Args:
        count: Vectors indexed.
        dimension: Vector length.
        queries: Single-vector queries timed per setting (fresh draws, not index rows).
        seed: Seed of the data sample (queries use ``seed + 1``).

    Returns:
        ``{"machine", "data", "threads", "methods": [flat, hnsw, ivf_pq]}``.

    Raises:
        ValueError: A size is too small to measure recall@10 or train IVF-PQ.
    """
    if count < 1000 or dimension < 8 or queries < 1:
        raise ValueError(f"scale-bench needs --count ≥ 1000, --dimension ≥ 8 and --queries ≥ 1; got "
                         f"{count}, {dimension}, {queries}")
    build_threads = os.cpu_count() or 1
    faiss.omp_set_num_threads(build_threads)
    mixture = EmbeddingMixture.for_count(count, dimension)
    logger.info("generating %d × %d vectors in %d clusters", count, dimension, mixture.clusters)
    started = time.perf_counter()
    vectors = mixture.sample(count, seed)
    query_vectors = mixture.sample(queries, seed + 1)
    generate_seconds = time.perf_counter() - started
    started = time.perf_counter()
    truth_scores, truth = faiss.knn(query_vectors, vectors, K, metric=faiss.METRIC_INNER_PRODUCT)
    truth_seconds = time.perf_counter() - started
    logger.info("exact top-%d of %d queries in %.1f s", K, queries, truth_seconds)
    pairs = np.random.default_rng(seed).integers(0, count, (2000, 2))
    random_pair = float(np.mean(np.einsum("ij,ij->i", vectors[pairs[:, 0]], vectors[pairs[:, 1]])))

    hnsw = HnswParams()
    nlist = max(1, min(round(4 * math.sqrt(count)), count // 39))
    pq_m = pq_subquantizers(dimension)
    train_size = min(count, max(50 * nlist, 256 * 39))

    def first(points: list[dict[str, Any]]) -> dict[str, Any]:
        return points[0]

    def chosen_ef(points: list[dict[str, Any]]) -> dict[str, Any]:
        return next(p for p in points if p["efSearch"] == hnsw.ef_search)

    def chosen_nprobe(points: list[dict[str, Any]]) -> dict[str, Any]:
        best = max(p["recall_at_10"] for p in points)
        return next(p for p in points if p["recall_at_10"] >= best - NPROBE_TOLERANCE)

    def build_ivf_pq() -> tuple[faiss.Index, dict[str, Any]]:
        index = _ivf_pq(vectors, nlist, pq_m, train_size)
        return index, {"index": "IndexIVFPQ", "nlist": nlist, "pq_m": pq_m, "pq_bits": 8,
                       "train_size": train_size}

    methods = [
        _measure("flat", lambda: index_vectors(vectors, KIND_FLAT), query_vectors, truth, [({}, None)], first),
        _measure("hnsw", lambda: index_vectors(vectors, KIND_HNSW, hnsw=hnsw), query_vectors, truth,
                 [({"efSearch": ef}, faiss.SearchParametersHNSW(efSearch=ef))
                  for ef in sorted({*EF_SEARCH_SWEEP, hnsw.ef_search})], chosen_ef),
        _measure("ivf_pq", build_ivf_pq, query_vectors, truth,
                 [({"nprobe": p}, faiss.SearchParametersIVF(nprobe=p)) for p in NPROBE_SWEEP if p <= nlist]
                 or [({"nprobe": nlist}, faiss.SearchParametersIVF(nprobe=nlist))], chosen_nprobe),
    ]
    return {
        "benchmark": "scale",
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": machine_info(),
        "threads": {"build": build_threads, "query": 1,
                    "note": "faiss.omp_set_num_threads(1) while timing single queries, all cores to build"},
        "data": {
            "count": count, "dimension": dimension, "queries": queries, "k": K, "seed": seed,
            "generator": asdict(mixture),
            "mean_top1_score": round(float(truth_scores[:, 0].mean()), 4),
            "mean_top10_score": round(float(truth_scores[:, -1].mean()), 4),
            "mean_random_pair_score": round(random_pair, 4),
            "generate_seconds": round(generate_seconds, 2),
            "ground_truth_seconds": round(truth_seconds, 2),
        },
        "methods": methods,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def format_table(results: dict[str, Any]) -> str:
    """The methods as an aligned text table."""
    header = f"{'method':<8} {'params':<58} {'build s':>9} {'p50 ms':>8} {'p95 ms':>8} {'R@10':>6} {'B/item':>8}"
    lines = [header, "-" * len(header)]
    for m in results["methods"]:
        params = ", ".join(f"{k}={v}" for k, v in m["params"].items() if k != "index") or "exact"
        lines.append(f"{m['name']:<8} {params:<58} {m['build_seconds']:>9.1f} {m['latency_ms']['p50']:>8.3f} "
                     f"{m['latency_ms']['p95']:>8.3f} {m['recall_at_10']:>6.3f} {m['bytes_per_item']:>8.1f}")
    return "\n".join(lines)


def run_scale_bench(args: argparse.Namespace) -> int:
    """CLI entry of ``scale-bench``: run, write the JSON to ``--out``, print a table.

    Args:
        args: ``count``, ``dimension``, ``queries`` and ``out``.

    Returns:
        0.
    """
    results = scale_bench(args.count, args.dimension, args.queries)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n")
    machine = results["machine"]
    print(f"{args.count:,} × {args.dimension} vectors, {args.queries} queries; {machine['cores']} cores, "
          f"faiss {machine['faiss_version']}; latency single-threaded, one query at a time")
    print(format_table(results))
    print(f"wrote {out}")
    return 0
