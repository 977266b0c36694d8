"""Hybrid ranking: BM25 and dense vectors over the same rows, fused by reciprocal rank.

One code path for every consumer: the evaluation scores :meth:`HybridRanker.rank_lexical`,
:meth:`HybridRanker.rank_dense` and :meth:`HybridRanker.rank` on labelled queries, and the chat
engine calls the same methods over its catalog. Rows are positions in both indexes, which must
have been built over the same texts in the same order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from recommender.fusion import DEFAULT_K, reciprocal_rank_fusion

if TYPE_CHECKING:
    import numpy as np

    from recommender.embedding import Encoder
    from recommender.index import VectorIndex
    from recommender.lexical import LexicalIndex

__all__ = ["DEFAULT_DEPTH", "HybridRanker", "RankedRow", "fuse"]

#: Rows taken from each method before fusion. Deep enough that a row ranked, say, 40th by BM25
#: but 3rd by the dense index is seen by both; each list costs little beyond its first rows.
DEFAULT_DEPTH = 100


@dataclass(frozen=True)
class RankedRow:
    """One ranked row and where each method put it.

    Attributes:
        row: Row in both indexes.
        score: What the list is sorted by: the RRF score for :meth:`HybridRanker.rank`, the BM25
            score for ``rank_lexical``, the cosine similarity for ``rank_dense``.
        lexical_rank: 1-based BM25 rank, ``None`` when the row was not in BM25's top ``depth``.
        dense_rank: 1-based dense rank, ``None`` when not in the dense top ``depth``.
        dense_score: Cosine similarity to the query when the dense search returned the row.
    """

    row: int
    score: float
    lexical_rank: int | None
    dense_rank: int | None
    dense_score: float | None


class HybridRanker:
    """Rank rows by BM25, by embedding similarity, or by their reciprocal-rank fusion.

    Args:
        lexical: BM25 index over the row texts.
        dense: Vector index over embeddings of the same rows, in the same order.
        encoder: The model that built ``dense``; embeds queries.
        rrf_k: RRF constant (see :mod:`recommender.fusion`); the standard 60 by default.
        weights: ``(lexical, dense)`` RRF weights; equal by default.

    Raises:
        ValueError: The two indexes do not have the same number of rows.
    """

    def __init__(
        self,
        lexical: LexicalIndex,
        dense: VectorIndex,
        encoder: Encoder,
        *,
        rrf_k: int = DEFAULT_K,
        weights: tuple[float, float] = (1.0, 1.0),
    ) -> None:
        if len(lexical) != len(dense):
            raise ValueError(f"lexical index has {len(lexical)} rows but the vector index has {len(dense)}")
        self.lexical = lexical
        self.dense = dense
        self.encoder = encoder
        self.rrf_k = rrf_k
        self.weights = weights

    def __len__(self) -> int:
        return len(self.dense)

    def query_vector(self, query: str) -> np.ndarray:
        """The query's embedding (one L2-normalised float32 row)."""
        return self.encoder.encode([query])[0]

    def rank_lexical(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[RankedRow]:
        """Rows by BM25 alone; empty when no query word occurs among the allowed rows.

        Args:
            query: Shopper text.
            k: How many rows at most.
            allowed: Boolean mask over rows, applied before ranking; ``None`` allows all.
        """
        return [RankedRow(row, score, rank, None, None)
                for rank, (row, score) in enumerate(self.lexical.search(query, k, allowed), start=1)]

    def rank_dense(
        self,
        query: str,
        k: int,
        allowed: np.ndarray | None = None,
        *,
        query_vector: np.ndarray | None = None,
    ) -> list[RankedRow]:
        """Rows by cosine similarity of embeddings alone.

        Args:
            query: Shopper text (embedded unless ``query_vector`` is given).
            k: How many rows at most.
            allowed: Boolean mask over rows, applied inside FAISS; ``None`` allows all.
            query_vector: The query's embedding when the caller already has it.
        """
        vector = self.query_vector(query) if query_vector is None else query_vector
        return [RankedRow(row, score, None, rank, score)
                for rank, (row, score) in enumerate(self.dense.search(vector, k, allowed), start=1)]

    def rank(
        self,
        query: str,
        k: int,
        allowed: np.ndarray | None = None,
        depth: int = DEFAULT_DEPTH,
        *,
        query_vector: np.ndarray | None = None,
    ) -> list[RankedRow]:
        """Rows by reciprocal-rank fusion of the BM25 and dense top ``depth``.

        When BM25 finds nothing (no query word in the allowed rows) the result is the dense order.

        Args:
            query: Shopper text.
            k: How many rows at most.
            allowed: Boolean mask over rows, applied by both methods before ranking.
            depth: Rows taken from each method before fusing. The result can hold at most the
                union of the two top-``depth`` lists, so keep ``depth >= k``.
            query_vector: The query's embedding when the caller already has it.

        Returns:
            Up to ``k`` rows (fewer when the union of both top ``depth`` is smaller), best first,
            each with its fused score and the rank each method gave it.
        """
        if k <= 0 or depth <= 0:
            return []
        lexical = self.rank_lexical(query, depth, allowed)
        dense = self.rank_dense(query, depth, allowed, query_vector=query_vector)
        return fuse(lexical, dense, k, rrf_k=self.rrf_k, weights=self.weights)


def fuse(
    lexical: Sequence[RankedRow],
    dense: Sequence[RankedRow],
    k: int,
    *,
    rrf_k: int = DEFAULT_K,
    weights: tuple[float, float] = (1.0, 1.0),
) -> list[RankedRow]:
    """Fuse a BM25 list and a dense list (from ``rank_lexical`` / ``rank_dense``) by RRF.

    Args:
        lexical: BM25 rows, best first.
        dense: Dense rows, best first.
        k: How many fused rows at most.
        rrf_k: RRF constant.
        weights: ``(lexical, dense)`` weights.

    Returns:
        Up to ``k`` rows with the RRF score and each method's rank and the cosine similarity.
    """
    lexical_rank = {r.row: r.lexical_rank for r in lexical}
    dense_by_row = {r.row: r for r in dense}
    fused = reciprocal_rank_fusion([[r.row for r in lexical], [r.row for r in dense]],
                                   k=rrf_k, weights=weights, limit=k)
    rows = []
    for row, score in fused:
        hit = dense_by_row.get(row)
        rows.append(RankedRow(row, score, lexical_rank.get(row),
                              hit.dense_rank if hit else None, hit.dense_score if hit else None))
    return rows
