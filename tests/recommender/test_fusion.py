"""Reciprocal-rank fusion: the formula, weights, limit, ties and bad arguments."""

from __future__ import annotations

import pytest

from recommender.fusion import reciprocal_rank_fusion


def test_scores_follow_the_rrf_formula() -> None:
    fused = dict(reciprocal_rank_fusion([[10, 20, 30], [20, 40]], k=60))
    assert fused[20] == pytest.approx(1 / 62 + 1 / 61)
    assert fused[10] == pytest.approx(1 / 61)
    assert fused[30] == pytest.approx(1 / 63)
    assert fused[40] == pytest.approx(1 / 62)


def test_agreement_beats_one_first_place() -> None:
    rows = [row for row, _ in reciprocal_rank_fusion([[1, 2, 3], [2, 3, 1]])]
    assert rows[0] == 2


def test_single_list_keeps_its_order() -> None:
    assert [row for row, _ in reciprocal_rank_fusion([[5, 3, 9, 1]])] == [5, 3, 9, 1]


def test_ties_break_by_best_rank_then_row() -> None:
    # 7 and 8 each reach ranks 1 and 2: equal scores, equal best rank, so the lower row wins.
    assert [row for row, _ in reciprocal_rank_fusion([[7, 8], [8, 7]])] == [7, 8]
    # 6 and 5 are each first in one list: same score, same best rank, so the lower row wins.
    assert [row for row, _ in reciprocal_rank_fusion([[6, 9], [5]])][:2] == [5, 6]


def test_weights_and_limit() -> None:
    fused = reciprocal_rank_fusion([[1, 2], [2, 1]], k=1, weights=[3.0, 1.0], limit=1)
    assert fused == [(1, pytest.approx(3 / 2 + 1 / 3))]
    assert reciprocal_rank_fusion([[1, 2]], weights=[0.0]) == [(1, 0.0), (2, 0.0)]


def test_repeated_row_counts_at_its_best_rank() -> None:
    assert dict(reciprocal_rank_fusion([[4, 4, 5]], k=60))[4] == pytest.approx(1 / 61)


def test_empty_inputs() -> None:
    assert reciprocal_rank_fusion([]) == []
    assert reciprocal_rank_fusion([[], []]) == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"k": 0}, "positive"), ({"weights": [1.0]}, "1 weights for 2"), ({"weights": [1.0, -1.0]}, "non-negative"),
     ({"limit": -1}, "limit")],
)
def test_bad_arguments_are_refused(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        reciprocal_rank_fusion([[1], [2]], **kwargs)
