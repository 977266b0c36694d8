"""Collaborative filtering from purchase histories: popularity, item-based and user-based k-NN.

Who bought what is a users × items sparse matrix (:class:`Interactions`, one row per shopper, 1
where they bought an item). Two shoppers, or two items, are alike when their vectors point the same
way (:func:`cosine`) or rise and fall together around their means (:func:`pearson`).

Every model answers from a *history* — the item ids one shopper bought — not from a user id, so a
shopper who was not in the training data (a new account, or the chat's verified user) gets
recommendations too; history items the model never saw are ignored. Each recommendation says why:

- :class:`ItemKNN` names the history items that contributed most (``because``), so the bot can say
  "similar to what you bought in order #…";
- :class:`UserKNN` counts how many similar shoppers bought the item (``neighbours``);
- :class:`Popularity` is the baseline: what most shoppers bought.

Ties are broken by id (the lower item or user id first), so results are reproducible.

Similarities are undefined for a zero vector (cosine) or a constant one (Pearson); they are 0.0
here, meaning "no evidence either way".
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

import numpy as np
import scipy.sparse as sp

if TYPE_CHECKING:
    from recommender.baskets import Basket

__all__ = [
    "CFModel",
    "Interactions",
    "InteractionsError",
    "ItemKNN",
    "Popularity",
    "Recommendation",
    "Similarity",
    "UserKNN",
    "cosine",
    "cosine_matrix",
    "pearson",
    "pearson_matrix",
]

#: The two similarity measures every k-NN model accepts.
Similarity = Literal["cosine", "pearson"]

#: Variances (relative to the mean square) below this count as zero: the vector is constant.
_CONSTANT = 1e-12

#: Item similarity rows computed at once when an :class:`ItemKNN` is fitted: memory stays at
#: _BLOCK × items floats however large the catalogue (30 MB for Online Retail's 3,356 items).
_BLOCK = 1024


class InteractionsError(ValueError):
    """Purchases that cannot form an interaction matrix; the message names which and why."""


# ---------------------------------------------------------------------------------------------
# Similarities


def _pair(a: Sequence[float] | np.ndarray, b: Sequence[float] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x, y = np.asarray(a, dtype=float).ravel(), np.asarray(b, dtype=float).ravel()
    if x.shape != y.shape:
        raise ValueError(f"rating vectors differ in length: {x.size} and {y.size}")
    return x, y


def cosine(a: Sequence[float] | np.ndarray, b: Sequence[float] | np.ndarray) -> float:
    """Cosine similarity of two rating vectors: a·b / (|a| |b|).

    Args:
        a: One vector.
        b: Another of the same length.

    Returns:
        A value in [-1, 1]; 0.0 when either vector is all zeros (no direction to compare).

    Raises:
        ValueError: The vectors differ in length.
    """
    x, y = _pair(a, b)
    norms = float(np.linalg.norm(x) * np.linalg.norm(y))
    return float(np.clip(x @ y / norms, -1.0, 1.0)) if norms > 0 else 0.0


def pearson(a: Sequence[float] | np.ndarray, b: Sequence[float] | np.ndarray) -> float:
    """Pearson correlation of two rating vectors: the cosine of the mean-centred vectors.

    Args:
        a: One vector.
        b: Another of the same length.

    Returns:
        A value in [-1, 1]; 0.0 when either vector is constant (it has no variation to follow).

    Raises:
        ValueError: The vectors differ in length.
    """
    x, y = _pair(a, b)
    if _constant(x) or _constant(y):
        return 0.0
    return cosine(x - x.mean(), y - y.mean())


def _constant(x: np.ndarray) -> bool:
    """Whether a vector's variance is zero up to rounding (the rule :func:`_moments` applies)."""
    return bool(x.var() <= _CONSTANT * max(float(np.mean(x**2)), 1.0))


def _columns(X: sp.spmatrix | sp.sparray | np.ndarray) -> sp.csc_matrix:
    matrix = sp.csc_matrix(X, dtype=float)
    if matrix.ndim != 2:
        raise ValueError(f"expected a 2-D matrix, got shape {matrix.shape}")
    return matrix


def cosine_matrix(
    X: sp.spmatrix | sp.sparray | np.ndarray, Y: sp.spmatrix | sp.sparray | np.ndarray | None = None
) -> np.ndarray:
    """Cosine similarity of every column of ``X`` with every column of ``Y``.

    Columns are the things compared (items of a users × items matrix); pass the transpose to
    compare rows. Works on sparse matrices without densifying them.

    Args:
        X: An m × p matrix, sparse or dense.
        Y: An m × q matrix (default ``X``), e.g. a block of columns or one history vector.

    Returns:
        A dense p × q array; 0.0 where a column is all zeros.

    Raises:
        ValueError: ``X`` and ``Y`` have different numbers of rows.
    """
    A = _columns(X)
    B = A if Y is None else _columns(Y)
    if A.shape[0] != B.shape[0]:
        raise ValueError(f"cannot compare columns of lengths {A.shape[0]} and {B.shape[0]}")
    dots = np.asarray((A.T @ B).todense())
    norm_a = np.sqrt(np.asarray(A.multiply(A).sum(axis=0)).ravel())
    norm_b = norm_a if Y is None else np.sqrt(np.asarray(B.multiply(B).sum(axis=0)).ravel())
    return _divide(dots, norm_a, norm_b)


def pearson_matrix(
    X: sp.spmatrix | sp.sparray | np.ndarray, Y: sp.spmatrix | sp.sparray | np.ndarray | None = None
) -> np.ndarray:
    """Pearson correlation of every column of ``X`` with every column of ``Y``.

    Same as ``np.corrcoef(X, Y, rowvar=False)``'s cross block, but computed from sums
    (cov = E[xy] − E[x]E[y]) so sparse matrices are never centred into dense ones.

    Args:
        X: An m × p matrix, sparse or dense.
        Y: An m × q matrix (default ``X``).

    Returns:
        A dense p × q array; 0.0 where a column is constant (so also for a single row).

    Raises:
        ValueError: ``X`` and ``Y`` have different numbers of rows, or none.
    """
    A = _columns(X)
    B = A if Y is None else _columns(Y)
    m = A.shape[0]
    if B.shape[0] != m:
        raise ValueError(f"cannot compare columns of lengths {m} and {B.shape[0]}")
    if m == 0:
        raise ValueError("cannot correlate columns of length 0")
    mean_a, std_a = _moments(A)
    mean_b, std_b = (mean_a, std_a) if Y is None else _moments(B)
    cov = np.asarray((A.T @ B).todense()) / m - np.outer(mean_a, mean_b)
    return _divide(cov, std_a, std_b)


def _moments(A: sp.csc_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Column means and population standard deviations, 0 for (numerically) constant columns."""
    m = A.shape[0]
    mean = np.asarray(A.sum(axis=0)).ravel() / m
    square = np.asarray(A.multiply(A).sum(axis=0)).ravel() / m
    variance = np.maximum(square - mean**2, 0.0)
    variance[variance <= _CONSTANT * np.maximum(square, 1.0)] = 0.0
    return mean, np.sqrt(variance)


def _divide(numerator: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    scale = np.outer(left, right)
    out = np.zeros_like(numerator, dtype=float)
    np.divide(numerator, scale, out=out, where=scale > 0)
    return np.clip(out, -1.0, 1.0)


_MEASURES = {"cosine": cosine_matrix, "pearson": pearson_matrix}


def _measure(similarity: str):  # type: ignore[no-untyped-def]
    try:
        return _MEASURES[similarity]
    except KeyError:
        raise ValueError(f"similarity must be one of {sorted(_MEASURES)}, got {similarity!r}") from None


# ---------------------------------------------------------------------------------------------
# Interactions


@dataclass(frozen=True)
class Interactions:
    """Who bought what: a users × items sparse matrix with its row and column ids.

    Attributes:
        matrix: CSR, users × items; 1 where the user bought the item (or, with ``counts``, in
            how many baskets).
        user_ids: Row ids, sorted.
        item_ids: Column ids, sorted (so a lower column index is a lower id: the tie-break).
        user_index: User id → row.
        item_index: Item id → column.
    """

    matrix: sp.csr_matrix
    user_ids: tuple[str, ...]
    item_ids: tuple[str, ...]
    user_index: Mapping[str, int] = field(repr=False)
    item_index: Mapping[str, int] = field(repr=False)

    @classmethod
    def from_histories(cls, histories: Mapping[str, Iterable[str]]) -> Interactions:
        """Build from each user's bought items.

        Args:
            histories: User id → the item ids they bought (repeats are counted once).

        Returns:
            The binary interactions.

        Raises:
            InteractionsError: No user bought anything.
        """
        return cls._build(((user, item) for user, items in histories.items() for item in items), counts=False)

    @classmethod
    def from_baskets(cls, baskets: Iterable[Basket], *, counts: bool = False) -> Interactions:
        """Build from purchase baskets that name their customer.

        Args:
            baskets: Baskets with ``customer_id`` set (the Online Retail table, or shop orders).
            counts: Store in how many baskets each user bought each item instead of 1.

        Returns:
            The interactions.

        Raises:
            InteractionsError: A basket has no customer id (named by position and invoice), or
                there are no baskets.
        """
        pairs = []
        for n, basket in enumerate(baskets, 1):
            if not basket.customer_id:
                raise InteractionsError(
                    f"basket {n} (invoice {basket.invoice or 'unknown'}) has no customer_id: collaborative "
                    "filtering needs to know who bought each basket (use a basket table or shop orders)"
                )
            pairs.extend((basket.customer_id, item) for item in basket.items)
        return cls._build(pairs, counts=counts)

    @classmethod
    def _build(cls, pairs: Iterable[tuple[str, str]], *, counts: bool) -> Interactions:
        pairs = list(pairs)
        if not pairs:
            raise InteractionsError("no purchases: every user's history is empty")
        users, items = zip(*pairs)
        user_ids, rows = np.unique(np.asarray(users, dtype=object).astype(str), return_inverse=True)
        item_ids, cols = np.unique(np.asarray(items, dtype=object).astype(str), return_inverse=True)
        matrix = sp.csr_matrix(
            (np.ones(len(pairs)), (rows, cols)), shape=(len(user_ids), len(item_ids))
        )  # duplicate (row, col) pairs are summed: a count
        matrix.sum_duplicates()
        if not counts:
            matrix.data[:] = 1.0
        user_tuple, item_tuple = tuple(user_ids.tolist()), tuple(item_ids.tolist())
        return cls(
            matrix,
            user_tuple,
            item_tuple,
            {u: i for i, u in enumerate(user_tuple)},
            {t: i for i, t in enumerate(item_tuple)},
        )

    @property
    def shape(self) -> tuple[int, int]:
        """(users, items)."""
        return self.matrix.shape

    def columns_of(self, items: Iterable[str]) -> np.ndarray:
        """Sorted unique column indexes of the known items among ``items`` (unknown ones skipped)."""
        return np.unique(np.fromiter((self.item_index[i] for i in items if i in self.item_index), dtype=np.int64))

    def history_row(self, history: Iterable[str]) -> sp.csr_matrix:
        """A 1 × items binary row for a shopper's history; items unknown here are ignored."""
        cols = self.columns_of(history)
        rows = np.zeros(cols.size, dtype=np.int64)
        return sp.csr_matrix((np.ones(cols.size), (rows, cols)), shape=(1, self.shape[1]))


# ---------------------------------------------------------------------------------------------
# Models


@dataclass(frozen=True)
class Recommendation:
    """One recommended item and why.

    Attributes:
        item: The item id.
        score: The model's score (higher is better; comparable within one list only).
        because: Item-based: the history items that contributed most, best first, up to 3.
            Empty for other models.
        neighbours: User-based: how many of the similar shoppers bought the item; 0 otherwise.
    """

    item: str
    score: float
    because: tuple[str, ...] = ()
    neighbours: int = 0


class CFModel(Protocol):
    """What the evaluation and the chat need from a model: fit on interactions, answer a history."""

    def fit(self, interactions: Interactions) -> CFModel:
        """Learn from the interactions; returns the model."""
        ...

    def recommend(
        self, history: Collection[str], k: int = 10, exclude: Collection[str] = (), *, exclude_history: bool = True
    ) -> list[Recommendation]:
        """The top ``k`` items for a shopper with this history."""
        ...


def _top(scores: np.ndarray, k: int, allowed: np.ndarray) -> np.ndarray:
    """Indexes of the ``k`` best positive allowed scores, best first, ties to the lower index."""
    candidates = np.flatnonzero(allowed & (scores > 0))
    order = np.lexsort((candidates, -scores[candidates]))
    return candidates[order[:k]]


class _Fitted:
    """Shared fitting state and the candidate mask (history and ``exclude`` removed)."""

    _data: Interactions | None = None

    @property
    def interactions(self) -> Interactions:
        """The training interactions; raises if the model was not fitted."""
        if self._data is None:
            raise RuntimeError(f"{type(self).__name__} is not fitted: call fit(interactions) first")
        return self._data

    def _allowed(self, history: np.ndarray, exclude: Collection[str], exclude_history: bool) -> np.ndarray:
        data = self.interactions
        allowed = np.ones(data.shape[1], dtype=bool)
        allowed[data.columns_of(exclude)] = False
        if exclude_history:
            allowed[history] = False
        return allowed


class _Neighbourhood(_Fitted):
    """A k-nearest-neighbours model: a similarity measure and how many neighbours count."""

    def __init__(self, similarity: Similarity, neighbours: int) -> None:
        _measure(similarity)
        if neighbours < 1:
            raise ValueError(f"neighbours must be at least 1, got {neighbours}")
        self.similarity = similarity
        self.neighbours = neighbours

    def __repr__(self) -> str:
        return f"{type(self).__name__}(similarity={self.similarity!r}, neighbours={self.neighbours})"


def _check_k(k: int) -> None:
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")


class Popularity(_Fitted):
    """The baseline: items bought by the most shoppers (ties to the lower id)."""

    def __repr__(self) -> str:
        return "Popularity()"

    def fit(self, interactions: Interactions) -> Popularity:
        """Count each item's buyers.

        Args:
            interactions: The training purchases.

        Returns:
            This model.
        """
        self._data = interactions
        self._buyers = np.asarray((interactions.matrix > 0).sum(axis=0), dtype=float).ravel()
        return self

    def recommend(
        self, history: Collection[str], k: int = 10, exclude: Collection[str] = (), *, exclude_history: bool = True
    ) -> list[Recommendation]:
        """The ``k`` most-bought items this shopper may be shown.

        Args:
            history: Item ids the shopper bought (only used to exclude them).
            k: How many items.
            exclude: Item ids never to recommend (e.g. out of stock).
            exclude_history: Leave out the shopper's own items (the default); ``False`` lets
                repurchases be recommended.

        Returns:
            Up to ``k`` recommendations, score = number of buyers.
        """
        _check_k(k)
        allowed = self._allowed(self.interactions.columns_of(history), exclude, exclude_history)
        ids = self.interactions.item_ids
        return [Recommendation(ids[j], float(self._buyers[j])) for j in _top(self._buyers, k, allowed)]


class ItemKNN(_Neighbourhood):
    """Item-based k-NN (Sarwar et al. 2001; Deshpande & Karypis 2004).

    Each item keeps its ``neighbours`` most similar items (positive similarities only: a negative
    Pearson says "not bought together", which is no reason to recommend). A candidate's score for
    a history is the sum of its similarities to the history items whose neighbour lists hold it;
    the biggest terms of that sum are the ``because``.

    Args:
        similarity: ``"cosine"`` (the standard for implicit purchases) or ``"pearson"``.
        neighbours: How many similar items each item keeps. Fewer is faster and less noisy;
            more lets rare items be reached.
    """

    def __init__(self, similarity: Similarity = "cosine", neighbours: int = 50) -> None:
        super().__init__(similarity, neighbours)

    def fit(self, interactions: Interactions) -> ItemKNN:
        """Compute every item's nearest items, a block of items at a time.

        Args:
            interactions: The training purchases.

        Returns:
            This model; ``neighbourhoods`` is the items × items sparse matrix whose row i holds
            item i's kept neighbours.
        """
        measure = _measure(self.similarity)
        X = sp.csc_matrix(interactions.matrix, dtype=float)
        n = X.shape[1]
        blocks = []
        for start in range(0, n, _BLOCK):
            stop = min(start + _BLOCK, n)
            sims = measure(X[:, start:stop], X)
            sims[np.arange(stop - start), np.arange(start, stop)] = 0.0  # an item is not its own neighbour
            blocks.append(_keep_top(sims, self.neighbours))
        self._data = interactions
        self._X = X
        self.neighbourhoods: sp.csr_matrix = sp.vstack(blocks, format="csr")
        return self

    def affinity(self, history: Collection[str], items: Sequence[str]) -> np.ndarray:
        """How strongly a history points at each candidate item (the chat blends this into search).

        Args:
            history: Item ids the shopper bought; unknown ones are ignored.
            items: Candidate item ids, e.g. search hits.

        Returns:
            One score per candidate, in order: the same sum as :meth:`recommend`'s ``score``, 0.0 for
            an item the model does not know or no history item points at. Not bounded by 1 (it
            grows with the history), so rescale (e.g. by the maximum) before blending.
        """
        scores = self._scores(self.interactions.columns_of(history))
        index = self.interactions.item_index
        return np.array([scores[index[i]] if i in index else 0.0 for i in items], dtype=float)

    def recommend(
        self, history: Collection[str], k: int = 10, exclude: Collection[str] = (), *, exclude_history: bool = True
    ) -> list[Recommendation]:
        """The ``k`` items most similar to the history, each with the history items behind it.

        Args:
            history: Item ids the shopper bought; unknown ones are ignored.
            k: How many items.
            exclude: Item ids never to recommend.
            exclude_history: Leave out the shopper's own items (the default).

        Returns:
            Up to ``k`` recommendations with a positive score; fewer when the history reaches
            fewer items, none for an empty or wholly unknown history.
        """
        _check_k(k)
        cols = self.interactions.columns_of(history)
        scores = self._scores(cols)
        top = _top(scores, k, self._allowed(cols, exclude, exclude_history))
        if top.size == 0:
            return []
        ids = self.interactions.item_ids
        return [Recommendation(ids[j], float(scores[j]), because)
                for j, because in zip(top, self._because(cols, top))]

    def because(self, history: Collection[str], items: Sequence[str]) -> list[tuple[str, ...]]:
        """The history items behind each candidate's :meth:`affinity`, best first (up to 3).

        Args:
            history: Item ids the shopper bought; unknown ones are ignored.
            items: Candidate item ids.

        Returns:
            One tuple per candidate, in order; empty for an item the model does not know or no
            history item points at.
        """
        cols = self.interactions.columns_of(history)
        index = self.interactions.item_index
        known = [i for i in items if i in index]
        if cols.size == 0 or not known:
            return [() for _ in items]
        found = dict(zip(known, self._because(cols, np.array([index[i] for i in known], dtype=np.intp))))
        return [found.get(i, ()) for i in items]

    def _because(self, cols: np.ndarray, targets: np.ndarray) -> list[tuple[str, ...]]:
        """For each target column, the history columns with the largest similarity terms."""
        ids = self.interactions.item_ids
        terms = self.neighbourhoods[cols][:, targets].toarray()  # history × targets: each item's share
        out = []
        for column in range(len(targets)):
            share = terms[:, column]
            order = np.lexsort((cols, -share))[:3]
            out.append(tuple(ids[cols[i]] for i in order if share[i] > 0))
        return out

    def similar_items(self, item: str, k: int = 10) -> list[Recommendation]:
        """The items most similar to one item (not limited to its kept neighbours).

        Args:
            item: An item id.
            k: How many.

        Returns:
            Up to ``k`` items with positive similarity, best first; score = similarity,
            ``because`` = the item itself.

        Raises:
            KeyError: The model does not know the item.
        """
        _check_k(k)
        index = self.interactions.item_index
        if item not in index:
            raise KeyError(f"item {item!r} is not in the training purchases ({len(index)} items known)")
        j = index[item]
        sims = _measure(self.similarity)(self._X[:, [j]], self._X).ravel()
        allowed = np.ones(sims.size, dtype=bool)
        allowed[j] = False
        ids = self.interactions.item_ids
        return [Recommendation(ids[i], float(sims[i]), (item,)) for i in _top(sims, k, allowed)]

    def _scores(self, cols: np.ndarray) -> np.ndarray:
        if cols.size == 0:
            return np.zeros(self.interactions.shape[1])
        return np.asarray(self.neighbourhoods[cols].sum(axis=0)).ravel()


def _keep_top(sims: np.ndarray, k: int) -> sp.csr_matrix:
    """Per row, the ``k`` largest positive values as a sparse row; ties at the edge to lower columns."""
    rows, n = sims.shape
    if k < n:
        edge = -np.partition(-sims, k - 1, axis=1)[:, k - 1 : k]  # the k-th largest of each row
        above = sims > edge
        tied = sims == edge
        room = k - above.sum(axis=1, keepdims=True)
        keep = above | (tied & (np.cumsum(tied, axis=1) <= room))
    else:
        keep = np.ones_like(sims, dtype=bool)
    keep &= sims > 0
    return sp.csr_matrix(np.where(keep, sims, 0.0))


class UserKNN(_Neighbourhood):
    """User-based k-NN (Resnick et al. 1994; Herlocker et al. 1999) for implicit purchases.

    The shopper's history is compared with every training shopper; the ``neighbours`` most similar
    (positive similarity only) vote for what they bought, each vote weighted by its similarity.
    A shopper who is in the training data matches their own row (similarity 1), which only adds
    weight to items they already bought — excluded by default.

    Args:
        similarity: ``"cosine"`` or ``"pearson"``.
        neighbours: How many similar shoppers vote.
    """

    def __init__(self, similarity: Similarity = "cosine", neighbours: int = 30) -> None:
        super().__init__(similarity, neighbours)

    def fit(self, interactions: Interactions) -> UserKNN:
        """Keep the shoppers' vectors (comparisons happen per request, one row at a time).

        Args:
            interactions: The training purchases.

        Returns:
            This model.
        """
        self._data = interactions
        self._users = sp.csc_matrix(interactions.matrix.T, dtype=float)  # items × users: users are columns
        self._binary = (interactions.matrix > 0).astype(float).tocsr()
        return self

    def recommend(
        self, history: Collection[str], k: int = 10, exclude: Collection[str] = (), *, exclude_history: bool = True
    ) -> list[Recommendation]:
        """The ``k`` items most bought by the shoppers most like this one.

        Args:
            history: Item ids the shopper bought; unknown ones are ignored.
            k: How many items.
            exclude: Item ids never to recommend.
            exclude_history: Leave out the shopper's own items (the default).

        Returns:
            Up to ``k`` recommendations, score = summed similarity of the neighbours who bought
            it, ``neighbours`` = how many of them did.
        """
        _check_k(k)
        data = self.interactions
        cols = data.columns_of(history)
        if cols.size == 0:
            return []
        sims = _measure(self.similarity)(data.history_row(history).T, self._users).ravel()
        chosen = _top(sims, self.neighbours, np.ones(sims.size, dtype=bool))
        votes = self._binary[chosen]
        scores = np.asarray(votes.T @ sims[chosen]).ravel()
        counts = np.asarray(votes.sum(axis=0)).ravel()
        top = _top(scores, k, self._allowed(cols, exclude, exclude_history))
        ids = data.item_ids
        return [Recommendation(ids[j], float(scores[j]), (), int(counts[j])) for j in top]
