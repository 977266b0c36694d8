"""BM25 keyword search over the rows of a text list, with bm25s and an English Snowball stemmer.

Dense vectors find "couch" for "sofa"; BM25 finds the exact model name, brand or part number a
shopper typed ("delta trinsic") that an embedding blurs. :class:`LexicalIndex` is the keyword half
of :mod:`recommender.hybrid`; row *i* is ``texts[i]``, so it lines up with a :class:`VectorIndex`
built over the same items.

Tokenising is bm25s's own (lower case, words of two or more letters or digits, its English
stopword list) followed by PyStemmer's English (Snowball) stemmer, so "beds" matches "bed" and
"cabinets" matches "cabinet"; one-character tokens ("3 drawer", "x") are dropped by that pattern.
Scoring is bm25s's default Lucene variant (k1 1.5, b 0.75), whose scores are never negative: a
row that shares no stemmed token with the query scores exactly 0 and is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import bm25s

__all__ = ["LexicalIndex"]

#: bm25s's English stopword list ("the", "with", "for", ...).
STOPWORDS = "en"
#: Snowball language of PyStemmer.
STEMMER_LANGUAGE = "english"


def _stemmer():  # type: ignore[no-untyped-def]
    import Stemmer

    return Stemmer.Stemmer(STEMMER_LANGUAGE)


class LexicalIndex:
    """A BM25 index whose row *i* is the *i*-th text it was built from.

    Build it with :meth:`build`; the constructor takes an already indexed retriever.

    Args:
        retriever: A bm25s retriever indexed over the texts, tokenised by :meth:`tokens`.
        count: Number of rows (texts).
        stemmer: The PyStemmer stemmer the corpus was tokenised with (queries use the same).
    """

    def __init__(self, retriever: bm25s.BM25, count: int, stemmer: object) -> None:
        self.retriever = retriever
        self.count = count
        self._stemmer = stemmer

    def __len__(self) -> int:
        return self.count

    @classmethod
    def build(cls, texts: Sequence[str]) -> LexicalIndex:
        """Tokenise and index texts; about 2 s for 100,000 short product titles on two cores.

        Args:
            texts: One text per row (may be empty strings; such rows never match).

        Returns:
            The index, row *i* = ``texts[i]``.
        """
        import bm25s

        stemmer = _stemmer()
        retriever = bm25s.BM25()
        if texts:
            corpus = bm25s.tokenize(list(texts), stopwords=STOPWORDS, stemmer=stemmer, show_progress=False)
            retriever.index(corpus, show_progress=False)
        return cls(retriever, len(texts), stemmer)

    def tokens(self, text: str) -> list[str]:
        """The stemmed, stopword-free tokens BM25 sees for a text (for explaining a match)."""
        import bm25s

        tokenized = bm25s.tokenize([text], stopwords=STOPWORDS, stemmer=self._stemmer,
                                   return_ids=False, show_progress=False)
        return [token for token in tokenized[0] if token]

    def scores(self, query: str) -> np.ndarray | None:
        """BM25 score of every row for a query.

        Returns:
            ``(len(self),)`` float32 scores, or ``None`` when no query token occurs in the corpus.
        """
        if self.count == 0:
            return None
        ids = self.retriever.get_tokens_ids(self.tokens(query))
        if not ids:
            return None
        return np.asarray(self.retriever.get_scores_from_ids(ids), dtype=np.float32)

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The rows that best match a query by BM25.

        Args:
            query: Free text, tokenised like the corpus.
            k: How many rows at most.
            allowed: Boolean mask over rows; ``None`` allows all. Applied before ranking, so a
                filtered-out row never takes one of the ``k`` slots.

        Returns:
            ``(row, score)`` pairs, best first, ties broken by lower row; only rows with a positive
            score, so ``[]`` when no query token is known or no allowed row contains one.
        """
        if allowed is not None and len(allowed) != self.count:
            raise ValueError(f"allowed mask has {len(allowed)} entries but the index has {self.count} rows")
        if k <= 0:
            return []
        scores = self.scores(query)
        if scores is None:
            return []
        if allowed is not None:
            scores = np.where(np.asarray(allowed, dtype=bool), scores, 0.0)
        rows = np.flatnonzero(scores > 0)
        if rows.size > k:
            # Keep every row tied with the k-th best, so the tie-break below decides, not argpartition.
            threshold = np.partition(scores[rows], rows.size - k)[rows.size - k]
            rows = rows[scores[rows] >= threshold]
        order = np.lexsort((rows, -scores[rows]))[:k]
        return [(int(rows[i]), float(scores[rows[i]])) for i in order]
