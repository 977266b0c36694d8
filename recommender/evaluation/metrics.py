"""Ranking metrics for one query: graded nDCG@k, recall@k and reciprocal rank.

Conventions (the usual TREC ones, written down so the numbers can be reproduced):

* **nDCG@k** uses graded gains (WANDS: Exact 1.0, Partial 0.5, Irrelevant 0; unjudged 0) with
  linear gain and a log2 discount: ``DCG@k = sum(gain_i / log2(i + 1))`` for positions
  ``i = 1..k``. The ideal DCG sorts **all judged gains of the query** (not only those retrieved),
  so a method is not rewarded for retrieving few judged products. A query whose judged gains are
  all 0 has no ideal ranking; its nDCG is ``None``.
* **recall@k** and **reciprocal rank** are binary: "relevant" means labelled Exact. Partial
  matches ("a queen bed" for "king poster bed") would make both metrics reward near misses.
  Recall@k is the share of the query's Exact products in the top k; the reciprocal rank is
  ``1 / rank`` of the first Exact product, 0 if none was ranked.
* A query with no Exact product has no defined recall or reciprocal rank: both return ``None`` and
  :func:`mean` leaves such queries out (trec_eval does the same for queries without relevant
  documents). The report says how many queries each mean is over.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TypeVar

__all__ = ["dcg", "mean", "ndcg_at_k", "recall_at_k", "reciprocal_rank"]

Key = TypeVar("Key")


def dcg(gains: Iterable[float]) -> float:
    """Discounted cumulative gain of gains in rank order (first = rank 1)."""
    return sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains, start=1))


def ndcg_at_k(ranking: Sequence[Key], gains: Mapping[Key, float], k: int) -> float | None:
    """Graded nDCG of the first ``k`` ranked ids.

    Args:
        ranking: Ids, best first.
        gains: Gain of every judged id of this query; an id not in it gains 0.
        k: Cut-off (> 0).

    Returns:
        ``DCG@k / ideal DCG@k`` in ``[0, 1]``, or ``None`` when no judged gain is positive.
    """
    if k <= 0:
        raise ValueError(f"nDCG cut-off must be positive, got {k}")
    ideal = dcg(sorted((g for g in gains.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        return None
    return dcg(gains.get(item, 0.0) for item in ranking[:k]) / ideal


def recall_at_k(ranking: Sequence[Key], relevant: Collection[Key], k: int) -> float | None:
    """Share of the relevant ids found in the first ``k`` ranked ids.

    Returns:
        A value in ``[0, 1]``, or ``None`` when there is no relevant id.
    """
    if k <= 0:
        raise ValueError(f"recall cut-off must be positive, got {k}")
    if not relevant:
        return None
    return len(set(ranking[:k]) & set(relevant)) / len(relevant)


def reciprocal_rank(ranking: Sequence[Key], relevant: Collection[Key]) -> float | None:
    """``1 / rank`` of the first relevant id; 0 when none is ranked, ``None`` when none exists."""
    if not relevant:
        return None
    relevant = set(relevant)
    for rank, item in enumerate(ranking, start=1):
        if item in relevant:
            return 1.0 / rank
    return 0.0


def mean(values: Iterable[float | None]) -> float | None:
    """Mean over the defined values (``None`` = metric undefined for that query); ``None`` if none."""
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None
