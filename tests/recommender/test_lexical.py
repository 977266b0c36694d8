"""BM25 index: stemming, stopwords, zero scores, the allowed mask and deterministic ties."""

from __future__ import annotations

import numpy as np
import pytest

from recommender.lexical import LexicalIndex

TEXTS = [
    "King poster bed in solid oak",  # 0
    "Queen platform bed",  # 1
    "Oak dresser with mirror",  # 2
    "Delta Trinsic single handle bathroom faucet",  # 3
    "",  # 4: an empty row never matches
    "Rustic storage cabinets",  # 5
]


@pytest.fixture(scope="module")
def index() -> LexicalIndex:
    return LexicalIndex.build(TEXTS)


def test_tokens_are_stemmed_without_stopwords(index: LexicalIndex) -> None:
    assert index.tokens("The Beds with Posters") == ["bed", "poster"]


def test_search_ranks_by_bm25_and_drops_zero_scores(index: LexicalIndex) -> None:
    hits = index.search("oak beds", 10)
    rows = [row for row, _ in hits]
    assert rows[0] == 0  # both words
    assert set(rows) == {0, 1, 2}  # rows without "oak" or "bed" are not returned
    scores = [score for _, score in hits]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)


def test_stemming_matches_plural_and_model_names(index: LexicalIndex) -> None:
    assert index.search("storage cabinet", 1)[0][0] == 5
    assert index.search("delta trinsic", 1)[0][0] == 3


def test_unknown_or_stopword_only_query_returns_nothing(index: LexicalIndex) -> None:
    assert index.search("zebra", 5) == []
    assert index.search("the with and", 5) == []
    assert index.search("", 5) == []
    assert index.search("oak", 0) == []


def test_mask_applies_before_ranking(index: LexicalIndex) -> None:
    allowed = np.ones(len(TEXTS), dtype=bool)
    allowed[0] = False
    hits = index.search("oak bed", 2, allowed)
    # Row 0 is the best match but filtered out: it must not use up one of the two slots.
    assert [row for row, _ in hits] == [1, 2] or [row for row, _ in hits] == [2, 1]
    assert len(hits) == 2
    assert index.search("oak bed", 5, np.zeros(len(TEXTS), dtype=bool)) == []


def test_mask_of_the_wrong_length_is_refused(index: LexicalIndex) -> None:
    with pytest.raises(ValueError, match="6 rows"):
        index.search("oak", 3, np.ones(3, dtype=bool))


def test_ties_break_by_lower_row() -> None:
    index = LexicalIndex.build(["red lamp", "blue chair", "red lamp", "red lamp"])
    assert [row for row, _ in index.search("red lamp", 2)] == [0, 2]
    assert [row for row, _ in index.search("red lamp", 5)] == [0, 2, 3]


def test_empty_corpus() -> None:
    index = LexicalIndex.build([])
    assert len(index) == 0
    assert index.search("anything", 3) == []


def test_large_corpus_searches_fast() -> None:
    import time

    words = np.random.default_rng(0).integers(0, 3000, size=(100_000, 10))
    texts = [" ".join(f"w{w}" for w in row) for row in words.tolist()]
    index = LexicalIndex.build(texts)
    started = time.perf_counter()
    hits = index.search("w1 w2 w3", 20)
    assert time.perf_counter() - started < 0.5
    assert len(hits) == 20
