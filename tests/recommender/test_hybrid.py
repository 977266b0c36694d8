"""Hybrid ranker: fusion of BM25 and dense lists, the BM25-empty fallback, filters before ranking."""

from __future__ import annotations

from collections.abc import Sequence

import faiss
import numpy as np
import pytest

from recommender.hybrid import HybridRanker, RankedRow
from recommender.index import Manifest, VectorIndex
from recommender.lexical import LexicalIndex

TEXTS = [
    "Leather sofa with chaise",  # 0
    "Velvet couch for small living rooms",  # 1
    "Oak dining table",  # 2
    "Delta Trinsic bathroom faucet",  # 3
    "Walnut coffee table",  # 4
    "Chrome kitchen faucet",  # 5
]


def _vector_index(vectors: np.ndarray) -> VectorIndex:
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    manifest = Manifest(model_fingerprint="test", catalog_hash="test", text_version=1, count=len(vectors),
                        dimension=vectors.shape[1], kind="IndexFlatIP", built_at=0.0, build_seconds=0.0)
    return VectorIndex(index, [str(r) for r in range(len(vectors))], manifest)


class TableEncoder:
    """A fake encoder: each known text gets a fixed one-hot-ish vector, so dense ranks are known."""

    fingerprint = "table"
    dimension = len(TEXTS)

    def __init__(self, queries: dict[str, Sequence[float]]) -> None:
        self.queries = queries

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        rows = []
        for text in texts:
            if text in TEXTS:
                vector = np.eye(len(TEXTS))[TEXTS.index(text)]
            else:
                vector = np.asarray(self.queries.get(text, np.ones(len(TEXTS))), dtype=float)
            rows.append(vector / np.linalg.norm(vector))
        return np.asarray(rows, dtype=np.float32)


def _ranker(queries: dict[str, Sequence[float]]) -> HybridRanker:
    encoder = TableEncoder(queries)
    return HybridRanker(LexicalIndex.build(TEXTS), _vector_index(encoder.encode(TEXTS)), encoder)


# Dense order for "faucet": rows 5, 3, 1, 0, ... (weights decreasing); BM25 finds rows 3 and 5.
FAUCET = {"faucet": [0.2, 0.3, 0.0, 0.6, 0.0, 0.7], "sofa": [0.5, 0.9, 0.0, 0.0, 0.1, 0.0]}


def test_single_method_rankings() -> None:
    ranker = _ranker(FAUCET)
    dense = ranker.rank_dense("faucet", 3)
    assert [r.row for r in dense] == [5, 3, 1]
    assert dense[0] == RankedRow(5, dense[0].score, None, 1, dense[0].score)
    lexical = ranker.rank_lexical("faucet", 3)
    assert {r.row for r in lexical} == {3, 5}
    assert [r.lexical_rank for r in lexical] == [1, 2]
    assert all(r.dense_rank is None and r.dense_score is None for r in lexical)


def test_fusion_puts_rows_both_methods_like_first() -> None:
    ranker = _ranker(FAUCET)
    fused = ranker.rank("faucet", 4)
    assert {r.row for r in fused[:2]} == {3, 5}
    assert all(r.lexical_rank is not None and r.dense_rank is not None for r in fused[:2])
    assert fused[2].row == 1 and fused[2].lexical_rank is None and fused[2].dense_rank == 3
    assert fused[2].score == pytest.approx(1 / 63)
    assert [r.score for r in fused] == sorted((r.score for r in fused), reverse=True)


def test_no_bm25_match_gives_the_dense_order() -> None:
    ranker = _ranker({**FAUCET, "settee": FAUCET["sofa"]})
    assert ranker.rank_lexical("settee", 6) == []  # "settee" is in no text
    assert [r.row for r in ranker.rank("settee", 6)] == [r.row for r in ranker.rank_dense("sofa", 6)]
    assert all(r.lexical_rank is None for r in ranker.rank("settee", 6))


def test_filters_apply_before_ranking() -> None:
    ranker = _ranker(FAUCET)
    allowed = np.ones(len(TEXTS), dtype=bool)
    allowed[[3, 5]] = False  # both faucets, the best rows of both methods
    fused = ranker.rank("faucet", 3, allowed)
    assert len(fused) == 3
    assert not {3, 5} & {r.row for r in fused}
    assert ranker.rank_lexical("faucet", 3, allowed) == []
    assert [r.row for r in ranker.rank_dense("faucet", 3, allowed)] == [1, 0, 2]


def test_depth_limits_what_is_fused() -> None:
    ranker = _ranker(FAUCET)
    fused = ranker.rank("faucet", 6, depth=1)
    # BM25's first is the shorter faucet text, row 5, which is also the dense first.
    assert [r.row for r in fused] == [5]
    assert ranker.rank("faucet", 0) == []


def test_query_vector_skips_encoding() -> None:
    ranker = _ranker(FAUCET)
    vector = ranker.query_vector("faucet")
    assert [r.row for r in ranker.rank("anything at all", 3, query_vector=vector)] == \
        [r.row for r in ranker.rank_dense("faucet", 3)]


def test_indexes_of_different_sizes_are_refused() -> None:
    encoder = TableEncoder({})
    with pytest.raises(ValueError, match="lexical index has 2 rows but the vector index has 6"):
        HybridRanker(LexicalIndex.build(TEXTS[:2]), _vector_index(encoder.encode(TEXTS)), encoder)


def test_real_encoder_finds_synonyms_and_model_names(encoder) -> None:
    ranker = HybridRanker(LexicalIndex.build(TEXTS), _vector_index(encoder.encode(TEXTS)), encoder)
    # No text says "sink" or "tap": BM25 is empty, the dense order decides and finds the faucets.
    assert ranker.rank_lexical("sink tap", 3) == []
    assert {r.row for r in ranker.rank("sink tap", 2)} == {3, 5}
    assert {r.row for r in ranker.rank("loveseat", 2)} == {0, 1}
    # A model name: BM25 pins the exact product even if the embedding is unsure.
    assert ranker.rank("delta trinsic", 1)[0].row == 3
