"""Rank a WANDS catalog for every labelled query with BM25, dense and hybrid, and score each ranking.

The catalog is the products file; each product becomes one row of a :class:`LexicalIndex` and of
an exact (flat) FAISS index over MiniLM embeddings of the same :func:`product_text`. The three
methods are the :class:`HybridRanker` methods the chat engine uses, so what is measured here is
what shoppers get. BM25 and dense rank every product (BM25 only those sharing a word with the
query); the hybrid fuses the top ``depth`` of each, as in production.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from recommender.embedding import Encoder
from recommender.evaluation.metrics import mean, ndcg_at_k, recall_at_k, reciprocal_rank
from recommender.evaluation.wands import WandsData, product_text
from recommender.fusion import DEFAULT_K
from recommender.hybrid import DEFAULT_DEPTH, HybridRanker, RankedRow
from recommender.index import Manifest, VectorIndex
from recommender.lexical import LexicalIndex

__all__ = ["METHODS", "METRICS", "Evaluation", "QueryResult", "build_ranker", "compare", "evaluate"]

METHODS = ("bm25", "dense", "hybrid")
NDCG_K = 10
RECALL_K = 50
METRICS = (f"ndcg@{NDCG_K}", f"recall@{RECALL_K}", "mrr")
#: Version of :func:`product_text`, recorded in the vector index manifest.
TEXT_VERSION = 1
#: Rows shown per method per query in the report, for reading the failures.
REPORT_TOP = 10
#: nDCG differences below this are ties (float noise, identical rankings).
TIE_TOLERANCE = 1e-9


@dataclass
class QueryResult:
    """One query's metrics and top products under each method.

    Attributes:
        query_id: WANDS query id.
        query: The query text.
        exact: Number of products labelled Exact for it.
        metrics: ``metrics[method][metric]``; ``None`` where undefined (see :mod:`.metrics`).
        top: ``top[method]``: the first product ids ranked.
        retrieved: ``retrieved[method]``: how many products the method ranked at all.
    """

    query_id: int
    query: str
    exact: int
    metrics: dict[str, dict[str, float | None]]
    top: dict[str, list[int]]
    retrieved: dict[str, int]


@dataclass
class Evaluation:
    """Every query's results, the means, and what the run cost.

    Attributes:
        queries: Per-query results in file order.
        means: ``means[method][metric]`` over the queries where the metric is defined.
        counted: ``counted[metric]``: how many queries each mean is over.
        timings: Seconds: ``lexical_build``, ``encode_products``, ``dense_build`` and the mean
            per-query latency ``query_<method>`` (the dense and hybrid ones include embedding the query).
        settings: The choices the numbers depend on (depth, RRF k, cut-offs, text fields).
    """

    queries: list[QueryResult]
    means: dict[str, dict[str, float | None]]
    counted: dict[str, int]
    timings: dict[str, float]
    settings: dict[str, object] = field(default_factory=dict)


def build_ranker(
    texts: list[str], encoder: Encoder, *, rrf_k: int = DEFAULT_K
) -> tuple[HybridRanker, dict[str, float]]:
    """Build the BM25 index and an exact FAISS index over the texts' embeddings.

    Returns:
        The ranker (row *i* = ``texts[i]``) and the build timings in seconds.
    """
    import faiss

    timings: dict[str, float] = {}
    started = time.perf_counter()
    lexical = LexicalIndex.build(texts)
    timings["lexical_build"] = time.perf_counter() - started

    started = time.perf_counter()
    vectors = encoder.encode(texts)
    timings["encode_products"] = time.perf_counter() - started
    started = time.perf_counter()
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    timings["dense_build"] = time.perf_counter() - started
    manifest = Manifest(
        model_fingerprint=encoder.fingerprint,
        catalog_hash=hashlib.sha256("\n".join(texts).encode()).hexdigest(),
        text_version=TEXT_VERSION,
        count=int(index.ntotal),
        dimension=int(vectors.shape[1]),
        kind=type(index).__name__,
        built_at=time.time(),
        build_seconds=round(timings["encode_products"] + timings["dense_build"], 3),
    )
    dense = VectorIndex(index, [str(row) for row in range(len(texts))], manifest)
    return HybridRanker(lexical, dense, encoder, rrf_k=rrf_k), timings


def evaluate(
    data: WandsData,
    encoder: Encoder,
    *,
    depth: int = DEFAULT_DEPTH,
    rrf_k: int = DEFAULT_K,
) -> Evaluation:
    """Rank all products for every query with each method and score the rankings.

    Args:
        data: Queries, products and graded judgements.
        encoder: Embedding model for products and queries.
        depth: Rows of each method fused by the hybrid.
        rrf_k: RRF constant of the hybrid.

    Returns:
        Per-query metrics, means, timings and the settings used.
    """
    texts = [product_text(p) for p in data.products]
    product_ids = [p.product_id for p in data.products]
    ranker, timings = build_ranker(texts, encoder, rrf_k=rrf_k)
    everything = len(texts)
    methods: dict[str, Callable[[str], list[RankedRow]]] = {
        "bm25": lambda q: ranker.rank_lexical(q, everything),
        "dense": lambda q: ranker.rank_dense(q, everything),
        "hybrid": lambda q: ranker.rank(q, everything, depth=depth),
    }
    ranker.query_vector("warm up")  # load the model outside the timed loop
    latency: dict[str, list[float]] = {m: [] for m in METHODS}
    results = []
    for query in data.queries:
        gains = data.gains.get(query.query_id, {})
        relevant = data.relevant(query.query_id)
        metrics: dict[str, dict[str, float | None]] = {}
        top: dict[str, list[int]] = {}
        retrieved: dict[str, int] = {}
        for method in METHODS:
            started = time.perf_counter()
            rows = methods[method](query.query)
            latency[method].append(time.perf_counter() - started)
            ranking = [product_ids[r.row] for r in rows]
            metrics[method] = {
                METRICS[0]: ndcg_at_k(ranking, gains, NDCG_K),
                METRICS[1]: recall_at_k(ranking, relevant, RECALL_K),
                METRICS[2]: reciprocal_rank(ranking, relevant),
            }
            top[method] = ranking[:REPORT_TOP]
            retrieved[method] = len(ranking)
        results.append(QueryResult(query.query_id, query.query, len(relevant), metrics, top, retrieved))

    means = {m: {metric: mean(r.metrics[m][metric] for r in results) for metric in METRICS} for m in METHODS}
    counted = {metric: sum(r.metrics["bm25"][metric] is not None for r in results) for metric in METRICS}
    for method in METHODS:
        timings[f"query_{method}"] = float(np.mean(latency[method])) if latency[method] else 0.0
    settings = {
        "product_text": "name. product class(es). category levels not already named "
                        "(recommender.evaluation.wands.product_text)",
        "bm25": "bm25s Lucene BM25 (k1 1.5, b 0.75), bm25s English stopwords, PyStemmer English stemmer",
        "dense": "all-MiniLM-L6-v2 embeddings, exact inner product (faiss.IndexFlatIP)",
        "hybrid": f"reciprocal-rank fusion, k={rrf_k}, equal weights, top {depth} of each method",
        "gains": "Exact 1.0, Partial 0.5, Irrelevant 0.0, unjudged 0.0",
        "relevant": "Exact (recall and MRR)",
    }
    return Evaluation(results, means, counted, timings, settings)


def compare(
    evaluation: Evaluation, method: str, baseline: str, metric: str = METRICS[0]
) -> dict[str, object]:
    """Per-query wins, ties and losses of one method against another on a metric.

    Returns:
        ``{"wins": n, "ties": n, "losses": n, "won": [query ids], "lost": [query ids]}``; queries
        where the metric is undefined are left out.
    """
    won, tied, lost = [], [], []
    for result in evaluation.queries:
        ours, theirs = result.metrics[method][metric], result.metrics[baseline][metric]
        if ours is None or theirs is None:
            continue
        if abs(ours - theirs) <= TIE_TOLERANCE:
            tied.append(result.query_id)
        elif ours > theirs:
            won.append(result.query_id)
        else:
            lost.append(result.query_id)
    return {"wins": len(won), "ties": len(tied), "losses": len(lost), "won": won, "lost": lost}
