"""Reciprocal-rank fusion: merge ranked lists by position alone (Cormack, Clarke & Büttcher 2009).

BM25 scores and cosine similarities live on unrelated scales, so adding them needs a calibration
that a new catalog or model would break. RRF uses only each row's position: a row at 1-based rank
*r* in a list earns ``weight / (k + r)`` from that list, and rows are sorted by their sum. The
constant ``k`` (60 in the paper, and the common default) damps the head of each list, so a row
ranked well by both methods beats one ranked first by only one.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["DEFAULT_K", "reciprocal_rank_fusion"]

#: The RRF constant of Cormack et al. (2009), used unchanged by most search engines.
DEFAULT_K = 60


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[int]],
    k: int = DEFAULT_K,
    weights: Sequence[float] | None = None,
    limit: int | None = None,
) -> list[tuple[int, float]]:
    """Fuse ranked lists of row ids into one list by reciprocal rank.

    Args:
        rankings: Each a list of row ids, best first. A row may be missing from some lists (it
            earns nothing from them); a repeated row within one list counts at its best rank only.
        k: The rank constant (> 0); larger values flatten the difference between top ranks.
        weights: One non-negative weight per list; ``None`` weighs every list 1.
        limit: Keep only the first ``limit`` fused rows; ``None`` keeps all.

    Returns:
        ``(row, fused score)`` pairs, best first. Ties are broken by the best single rank the row
        reached in any list, then by the lower row id, so the output is deterministic.

    Raises:
        ValueError: ``k`` is not positive, ``weights`` does not match ``rankings`` or has a negative
            entry, or ``limit`` is negative.
    """
    if k <= 0:
        raise ValueError(f"RRF constant k must be positive, got {k}")
    if weights is None:
        weights = [1.0] * len(rankings)
    elif len(weights) != len(rankings):
        raise ValueError(f"got {len(weights)} weights for {len(rankings)} rankings")
    elif any(w < 0 for w in weights):
        raise ValueError(f"RRF weights must be non-negative, got {list(weights)}")
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be non-negative, got {limit}")

    scores: dict[int, float] = {}
    best_rank: dict[int, int] = {}
    for ranking, weight in zip(rankings, weights):
        seen: set[int] = set()
        for rank, row in enumerate(ranking, start=1):
            row = int(row)
            if row in seen:
                continue
            seen.add(row)
            scores[row] = scores.get(row, 0.0) + weight / (k + rank)
            best_rank[row] = min(best_rank.get(row, rank), rank)
    fused = sorted(scores.items(), key=lambda item: (-item[1], best_rank[item[0]], item[0]))
    return fused if limit is None else fused[:limit]
