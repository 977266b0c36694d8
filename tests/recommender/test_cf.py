"""Collaborative filtering: similarities checked against scipy/numpy, models on a hand-made shop.

Expected similarities come from scipy and numpy, never from the seed document (whose worked
example claims cosine ≈ 0.7 and Pearson ≈ −0.53 for the vectors below; both are wrong).
"""

from __future__ import annotations

import math
import warnings
from datetime import datetime

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.spatial.distance import cdist
from scipy.spatial.distance import cosine as cosine_distance
from scipy.stats import pearsonr

from recommender.baskets import Basket
from recommender.cf import (
    Interactions,
    InteractionsError,
    ItemKNN,
    Popularity,
    Recommendation,
    UserKNN,
    cosine,
    cosine_matrix,
    pearson,
    pearson_matrix,
)

SEED_A = (3, 4, 5, 1, 0)
SEED_B = (4, 2, 3, 0, 5)

#: Items a, b always bought together; c and d bridge; e is bought alone (no similarity to anything).
HISTORIES = {
    "u1": ["a", "b", "c"],
    "u2": ["a", "b"],
    "u3": ["a", "b", "d"],
    "u4": ["c", "d"],
    "u5": ["e"],
}


@pytest.fixture
def shop() -> Interactions:
    return Interactions.from_histories(HISTORIES)


def _dense_item_similarity(shop: Interactions, kind: str) -> np.ndarray:
    """Independent reference: numpy on the dense matrix, diagonal and negatives dropped."""
    X = shop.matrix.toarray()
    if kind == "cosine":
        norms = np.linalg.norm(X, axis=0)
        S = X.T @ X / np.outer(norms, norms)
    else:
        S = np.corrcoef(X, rowvar=False)
    np.fill_diagonal(S, 0.0)
    return np.where(S > 0, S, 0.0)


# --- scalar similarities -----------------------------------------------------------------------


def test_seed_example_cosine_matches_scipy_and_exact_fraction() -> None:
    value = cosine(SEED_A, SEED_B)
    assert value == pytest.approx(1 - cosine_distance(SEED_A, SEED_B), abs=1e-12)
    assert value == pytest.approx(35 / math.sqrt(51 * 54), abs=1e-12)
    assert value == pytest.approx(0.667, abs=5e-4)


def test_seed_example_pearson_matches_scipy() -> None:
    value = pearson(SEED_A, SEED_B)
    assert value == pytest.approx(pearsonr(SEED_A, SEED_B).statistic, abs=1e-12)
    assert value == pytest.approx(-0.088, abs=5e-4)


def test_degenerate_vectors_give_zero() -> None:
    assert cosine([0, 0, 0], [1, 2, 3]) == 0.0
    assert cosine([0, 0], [0, 0]) == 0.0
    assert pearson([2, 2, 2], [1, 2, 3]) == 0.0
    assert pearson([0.1, 0.1, 0.1], [3, 1, 2]) == 0.0  # constant up to rounding of the mean
    assert pearson([5], [7]) == 0.0


def test_vectors_of_different_lengths_are_an_error() -> None:
    with pytest.raises(ValueError, match="differ in length: 3 and 2"):
        cosine([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="differ in length"):
        pearson([1, 2, 3], [1, 2])


def test_similarities_of_a_vector_with_itself_and_its_negation() -> None:
    x = [1.0, 3.0, 2.0, 5.0]
    assert cosine(x, x) == pytest.approx(1.0)
    assert pearson(x, [-v for v in x]) == pytest.approx(-1.0)
    assert pearson(x, [10 * v + 4 for v in x]) == pytest.approx(1.0)  # shift and scale invariant


# --- matrix similarities -----------------------------------------------------------------------


@pytest.fixture
def random_matrix() -> np.ndarray:
    rng = np.random.default_rng(11)
    X = rng.integers(0, 6, size=(40, 9)).astype(float)
    X[:, 3] = 0.0  # zero column: cosine undefined
    X[:, 5] = 2.0  # constant column: Pearson undefined
    return X


def test_cosine_matrix_agrees_with_scipy(random_matrix: np.ndarray) -> None:
    X = random_matrix
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # scipy divides by the zero column's norm
        expected = np.nan_to_num(1 - cdist(X.T, X.T, "cosine"))
    for given in (X, sp.csr_matrix(X), sp.csc_matrix(X)):
        assert np.allclose(cosine_matrix(given), expected, atol=1e-12)
    assert not cosine_matrix(X)[3].any()


def test_pearson_matrix_agrees_with_numpy_corrcoef(random_matrix: np.ndarray) -> None:
    X = random_matrix
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # numpy divides by the constant column's std
        expected = np.nan_to_num(np.corrcoef(X, rowvar=False))
    for given in (X, sp.csr_matrix(X)):
        assert np.allclose(pearson_matrix(given), expected, atol=1e-12)
    assert not pearson_matrix(X)[5].any()


def test_matrix_versions_agree_with_scalar_versions(random_matrix: np.ndarray) -> None:
    X = random_matrix
    C, P = cosine_matrix(X), pearson_matrix(X)
    for i in range(X.shape[1]):
        for j in range(X.shape[1]):
            assert C[i, j] == pytest.approx(cosine(X[:, i], X[:, j]), abs=1e-12)
            assert P[i, j] == pytest.approx(pearson(X[:, i], X[:, j]), abs=1e-12)


def test_cross_similarity_is_a_block_of_the_full_matrix(random_matrix: np.ndarray) -> None:
    X = random_matrix
    assert np.allclose(cosine_matrix(X[:, 2:5], X), cosine_matrix(X)[2:5])
    assert np.allclose(pearson_matrix(sp.csr_matrix(X[:, [7]]), X), pearson_matrix(X)[[7]])
    with pytest.raises(ValueError, match="lengths 40 and 3"):
        cosine_matrix(X, X[:3])


# --- interactions ------------------------------------------------------------------------------


def test_interactions_from_histories_is_binary_and_sorted(shop: Interactions) -> None:
    assert shop.user_ids == ("u1", "u2", "u3", "u4", "u5")
    assert shop.item_ids == ("a", "b", "c", "d", "e")
    assert shop.shape == (5, 5)
    assert shop.matrix[shop.user_index["u4"], shop.item_index["d"]] == 1.0
    assert shop.matrix.sum() == sum(len(v) for v in HISTORIES.values())


def test_interactions_from_baskets_counts_repeat_purchases() -> None:
    baskets = [Basket(("x", "y"), "c1", "1"), Basket(("x",), "c1", "2"), Basket(("y",), "c2", "3")]
    binary = Interactions.from_baskets(baskets)
    counts = Interactions.from_baskets(baskets, counts=True)
    assert binary.matrix.toarray().tolist() == [[1.0, 1.0], [0.0, 1.0]]
    assert counts.matrix.toarray().tolist() == [[2.0, 1.0], [0.0, 1.0]]


def test_basket_without_customer_is_an_error_naming_it() -> None:
    baskets = [Basket(("x",), "c1", "1", datetime(2011, 1, 1)), Basket(("y",), None, "A17")]
    with pytest.raises(InteractionsError, match=r"basket 2 \(invoice A17\) has no customer_id"):
        Interactions.from_baskets(baskets)


def test_no_purchases_is_an_error() -> None:
    with pytest.raises(InteractionsError, match="no purchases"):
        Interactions.from_histories({"u1": []})
    with pytest.raises(InteractionsError, match="no purchases"):
        Interactions.from_baskets([])


# --- popularity --------------------------------------------------------------------------------


def test_popularity_ranks_by_buyers_then_id(shop: Interactions) -> None:
    model = Popularity().fit(shop)
    assert [(r.item, r.score) for r in model.recommend([], k=5)] == [
        ("a", 3.0), ("b", 3.0), ("c", 2.0), ("d", 2.0), ("e", 1.0)
    ]
    assert [r.item for r in model.recommend(["a"], k=2)] == ["b", "c"]
    assert [r.item for r in model.recommend(["a"], k=2, exclude_history=False)] == ["a", "b"]


# --- item-based --------------------------------------------------------------------------------


def test_item_knn_first_item_and_why(shop: Interactions) -> None:
    """b is always bought with a (cosine 1); c and d tie at 1/√6 and come in id order."""
    recs = ItemKNN().fit(shop).recommend(["a"], k=10)
    assert [r.item for r in recs] == ["b", "c", "d"]  # e shares no buyer with a: never scored
    assert recs[0] == Recommendation("b", pytest.approx(1.0), ("a",))
    assert recs[1].score == pytest.approx(1 / math.sqrt(6))


def test_item_knn_because_lists_the_biggest_contributors_first(shop: Interactions) -> None:
    """For history {a, c}, d gets 1/2 from c and 1/√6 from a: c is named first."""
    recs = {r.item: r for r in ItemKNN().fit(shop).recommend(["c", "a"], k=10)}
    assert list(recs) == ["b", "d"]
    assert recs["d"].because == ("c", "a")
    assert recs["d"].score == pytest.approx(0.5 + 1 / math.sqrt(6))
    assert recs["b"].because == ("a", "c")  # 1 from a, 1/√6 from c
    # The same reasons for any candidate, asked directly (the chat's personal search does).
    model = ItemKNN().fit(shop)
    assert model.because(["c", "a"], ["d", "zz", "b"]) == [("c", "a"), (), ("a", "c")]
    assert model.because([], ["d"]) == [()]


@pytest.mark.parametrize("kind", ["cosine", "pearson"])
def test_item_knn_scores_equal_an_independent_dense_computation(shop: Interactions, kind: str) -> None:
    model = ItemKNN(kind, neighbours=100).fit(shop)
    S = _dense_item_similarity(shop, kind)
    history = ["a", "d"]
    expected = S[[shop.item_index[i] for i in history]].sum(axis=0)
    assert np.allclose(model.affinity(history, shop.item_ids), expected)
    for rec in model.recommend(history):
        assert rec.score == pytest.approx(expected[shop.item_index[rec.item]])


def test_item_knn_neighbourhood_keeps_only_the_top_items(shop: Interactions) -> None:
    """With one neighbour each, a keeps only b; c's 1/√6 no longer reaches a's list."""
    model = ItemKNN(neighbours=1).fit(shop)
    assert (model.neighbourhoods.getnnz(axis=1) <= 1).all()
    assert [r.item for r in model.recommend(["a"])] == ["b"]


def test_item_knn_exclusion_and_unknown_history_items(shop: Interactions) -> None:
    model = ItemKNN().fit(shop)
    assert [r.item for r in model.recommend(["a"], exclude=["b", "nope"])] == ["c", "d"]
    assert model.recommend(["a", "not-sold-here"]) == model.recommend(["a"])
    assert model.recommend(["not-sold-here"]) == []
    assert model.recommend([]) == []
    with_history = [r.item for r in model.recommend(["a", "c"], exclude_history=False)]
    assert with_history == ["b", "d", "a", "c"]  # a and c each get 1/√6 from the other: id order


def test_item_knn_is_deterministic_whatever_the_input_order(shop: Interactions) -> None:
    shuffled = Interactions.from_histories(dict(reversed(list(HISTORIES.items()))))
    first = ItemKNN().fit(shop).recommend(["d", "a"])
    assert ItemKNN().fit(shuffled).recommend(["a", "d"]) == first
    assert ItemKNN().fit(shop).recommend({"a", "d"}) == first


def test_item_knn_affinity_and_similar_items(shop: Interactions) -> None:
    model = ItemKNN().fit(shop)
    affinity = model.affinity(["a"], ["d", "zzz", "b", "e"])
    assert affinity.tolist() == pytest.approx([1 / math.sqrt(6), 0.0, 1.0, 0.0])
    similar = model.similar_items("c", k=2)
    assert [(r.item, r.because) for r in similar] == [("d", ("c",)), ("a", ("c",))]
    assert similar[0].score == pytest.approx(0.5)
    with pytest.raises(KeyError, match="item 'zzz' is not in the training purchases"):
        model.similar_items("zzz")


# --- user-based --------------------------------------------------------------------------------


def test_user_knn_votes_of_similar_shoppers(shop: Interactions) -> None:
    """History {a, c}: u1 (cos 2/√6), u2 and u4 (1/2), u3 (1/√6) vote; u5 shares nothing."""
    recs = UserKNN().fit(shop).recommend(["a", "c"])
    assert [(r.item, r.neighbours, r.because) for r in recs] == [("b", 3, ()), ("d", 2, ())]
    assert recs[0].score == pytest.approx(2 / math.sqrt(6) + 0.5 + 1 / math.sqrt(6))
    assert recs[1].score == pytest.approx(1 / math.sqrt(6) + 0.5)


def test_user_knn_neighbour_ties_go_to_the_lower_user_id(shop: Interactions) -> None:
    """Two neighbours: u1, then u2 over u4 (tied at 1/2); neither u1 nor u2 bought d."""
    recs = UserKNN(neighbours=2).fit(shop).recommend(["a", "c"])
    assert [(r.item, r.neighbours) for r in recs] == [("b", 2)]


def test_user_knn_pearson_matches_scalar_pearson(shop: Interactions) -> None:
    history = ["a", "c"]
    row = np.isin(shop.item_ids, history).astype(float)
    X = shop.matrix.toarray()
    sims = np.array([pearson(row, X[u]) for u in range(X.shape[0])])
    weights = np.where(sims > 0, sims, 0.0)
    expected = weights @ X
    for rec in UserKNN("pearson").fit(shop).recommend(history):
        assert rec.score == pytest.approx(expected[shop.item_index[rec.item]])


def test_user_knn_unknown_history_and_exclusion(shop: Interactions) -> None:
    model = UserKNN().fit(shop)
    assert model.recommend(["zzz"]) == []
    assert model.recommend(["a", "c", "zzz"]) == model.recommend(["c", "a"])
    assert [r.item for r in model.recommend(["a", "c"], exclude=["b"])] == ["d"]


# --- misuse ------------------------------------------------------------------------------------


def test_models_reject_bad_settings_and_unfitted_use(shop: Interactions) -> None:
    with pytest.raises(ValueError, match="similarity must be one of"):
        ItemKNN("jaccard")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="neighbours must be at least 1"):
        UserKNN(neighbours=0)
    with pytest.raises(RuntimeError, match="ItemKNN is not fitted"):
        ItemKNN().recommend(["a"])
    with pytest.raises(ValueError, match="k must be at least 1"):
        Popularity().fit(shop).recommend([], k=0)
