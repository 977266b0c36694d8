"""Offline evaluation of collaborative filtering against popularity, on a time split.

The question is the one the shop faces: knowing what each customer bought *until* some day, which
items will they buy *after* it? So invoices are split by date (:func:`time_split`), every model is
fitted on the earlier ones, and each customer who bought in both periods gets one list of ``k``
items from their earlier history, scored against what they bought later.

Two protocols, because a gift shop's customers often buy the same items again:

- ``new``: the standard one. Items already in the history are neither recommended nor counted in
  the truth; a customer whose later purchases were all repeats is left out (nothing to find).
- ``repeat``: history items may be recommended, and the truth is everything bought later.

Metrics (over the customers evaluated): hit-rate@k, the share with at least one truth item in
their top ``k``; recall@k, the mean of |top k ∩ truth| / |truth|. Truth items the training period
never saw (new products) stay in the truth: no model can find them, and that is the shop's reality.

Nothing is tuned on the test period: the models run with their documented defaults.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from recommender.baskets import Basket, read_baskets
from recommender.cf import CFModel, Interactions, ItemKNN, Popularity, UserKNN

__all__ = [
    "PROTOCOLS",
    "CFEvaluation",
    "ModelScore",
    "TimeSplit",
    "default_models",
    "evaluate",
    "run_cf_evaluate",
    "time_split",
]

#: The protocols, in report order (see the module docstring).
PROTOCOLS = ("new", "repeat")


@dataclass(frozen=True)
class TimeSplit:
    """Baskets split at a date: every train basket is strictly earlier than every test basket.

    Attributes:
        train: Baskets dated before ``cutoff``.
        test: Baskets dated at or after ``cutoff``.
        cutoff: The date of the earliest test basket.
    """

    train: tuple[Basket, ...]
    test: tuple[Basket, ...]
    cutoff: datetime


def time_split(baskets: Sequence[Basket], test_fraction: float = 0.2) -> TimeSplit:
    """Hold out the latest ``test_fraction`` of baskets (invoices) by date.

    The cutoff is the date of the basket at position ``n − round(test_fraction · n)`` in date
    order. Baskets sharing the cutoff's exact timestamp all go to the test side, so no train basket
    is as late as a test basket; the test share can therefore exceed ``test_fraction`` by the
    size of that tie.

    Args:
        baskets: Baskets with dates (the Online Retail table).
        test_fraction: Share of baskets to hold out, strictly between 0 and 1.

    Returns:
        The split.

    Raises:
        ValueError: The fraction is out of range, a basket has no date (named by position and
            invoice), or one side would be empty.
    """
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test fraction must be between 0 and 1 (exclusive), got {test_fraction}")
    for n, basket in enumerate(baskets, 1):
        if basket.date is None:
            raise ValueError(
                f"basket {n} (invoice {basket.invoice or 'unknown'}) has no date: a time split needs "
                "a basket table with a date column"
            )
    if len(baskets) < 2:
        raise ValueError(f"a time split needs at least 2 baskets, got {len(baskets)}")
    dates = sorted(b.date for b in baskets if b.date is not None)
    held_out = min(max(1, round(test_fraction * len(dates))), len(dates) - 1)
    cutoff = dates[len(dates) - held_out]
    train = tuple(b for b in baskets if b.date is not None and b.date < cutoff)
    test = tuple(b for b in baskets if b.date is not None and b.date >= cutoff)
    if not train:
        raise ValueError(f"every basket is dated {cutoff.isoformat()} or later: nothing left to train on")
    return TimeSplit(train, test, cutoff)


@dataclass(frozen=True)
class ModelScore:
    """One model's result under one protocol.

    Attributes:
        hit_rate: Share of evaluated customers with at least one truth item in the top k.
        recall: Mean over customers of the share of their truth items in the top k.
        users: Customers evaluated.
        seconds: Time to produce all their lists.
    """

    hit_rate: float
    recall: float
    users: int
    seconds: float


@dataclass(frozen=True)
class CFEvaluation:
    """Everything :func:`evaluate` measured.

    Attributes:
        k: List length.
        cutoff: First test date.
        train_baskets: Baskets before the cutoff.
        test_baskets: Baskets from the cutoff on.
        train_users: Customers in the training matrix.
        items: Items in the training matrix.
        candidates: Customers with at least one train and one test basket.
        users: Customers evaluated per protocol (``new`` drops those who only repurchased).
        fit_seconds: Model name → time to fit.
        scores: Protocol → model name → score.
    """

    k: int
    cutoff: datetime
    train_baskets: int
    test_baskets: int
    train_users: int
    items: int
    candidates: int
    users: dict[str, int]
    fit_seconds: dict[str, float]
    scores: dict[str, dict[str, ModelScore]]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the cutoff as ISO 8601)."""
        out = asdict(self)
        out["cutoff"] = self.cutoff.isoformat()
        return out

    def table(self) -> str:
        """A plain-text table: one row per model, hit-rate and recall under both protocols."""
        names = list(self.fit_seconds)
        width = max(len(name) for name in names)
        head = [f"{'model':<{width}}"] + [
            f"{p}: hit@{self.k}  recall@{self.k}" for p in PROTOCOLS
        ] + ["fit s", "recommend s"]
        lines = ["  ".join(head)]
        for name in names:
            cells = [f"{name:<{width}}"]
            for protocol in PROTOCOLS:
                score = self.scores[protocol][name]
                cells.append(f"{' ' * (len(protocol) + 2)}{score.hit_rate:6.3f}  {score.recall:9.3f}")
            seconds = sum(self.scores[p][name].seconds for p in PROTOCOLS)
            cells += [f"{self.fit_seconds[name]:5.2f}", f"{seconds:11.2f}"]
            lines.append("  ".join(cells))
        return "\n".join(lines)


def default_models() -> dict[str, Callable[[], CFModel]]:
    """The compared models, by report name, with their documented defaults (nothing tuned)."""
    return {
        "popularity": Popularity,
        "item-cosine": lambda: ItemKNN("cosine"),
        "item-pearson": lambda: ItemKNN("pearson"),
        "user-cosine": lambda: UserKNN("cosine"),
        "user-pearson": lambda: UserKNN("pearson"),
    }


def _histories(baskets: Sequence[Basket]) -> dict[str, set[str]]:
    items: dict[str, set[str]] = defaultdict(set)
    for basket in baskets:
        if basket.customer_id:
            items[basket.customer_id].update(basket.items)
    return items


def evaluate(
    split: TimeSplit, k: int = 10, models: Mapping[str, Callable[[], CFModel]] | None = None
) -> CFEvaluation:
    """Fit each model on the train baskets and score its lists against the test baskets.

    Args:
        split: From :func:`time_split`.
        k: List length.
        models: Report name → a factory of an unfitted model (default :func:`default_models`).

    Returns:
        The evaluation.

    Raises:
        ValueError: ``k`` is below 1, or no customer bought in both periods.
        InteractionsError: A train basket has no customer id.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    factories = dict(models or default_models())
    interactions = Interactions.from_baskets(split.train)
    history, later = _histories(split.train), _histories(split.test)
    customers = sorted(set(history) & set(later))
    if not customers:
        raise ValueError("no customer bought both before and after the cutoff: nothing to evaluate")
    truths = {
        "new": {c: later[c] - history[c] for c in customers if later[c] - history[c]},
        "repeat": {c: later[c] for c in customers},
    }
    fit_seconds: dict[str, float] = {}
    scores: dict[str, dict[str, ModelScore]] = {p: {} for p in PROTOCOLS}
    for name, factory in factories.items():
        start = time.perf_counter()
        model = factory().fit(interactions)
        fit_seconds[name] = time.perf_counter() - start
        for protocol in PROTOCOLS:
            scores[protocol][name] = _score(model, history, truths[protocol], k, exclude_history=protocol == "new")
    return CFEvaluation(
        k=k,
        cutoff=split.cutoff,
        train_baskets=len(split.train),
        test_baskets=len(split.test),
        train_users=interactions.shape[0],
        items=interactions.shape[1],
        candidates=len(customers),
        users={p: len(truths[p]) for p in PROTOCOLS},
        fit_seconds=fit_seconds,
        scores=scores,
    )


def _score(
    model: CFModel,
    history: Mapping[str, set[str]],
    truth: Mapping[str, set[str]],
    k: int,
    *,
    exclude_history: bool,
) -> ModelScore:
    start = time.perf_counter()
    hits, recall = 0, 0.0
    for customer, wanted in truth.items():
        top = model.recommend(history[customer], k, exclude_history=exclude_history)
        found = sum(r.item in wanted for r in top)
        hits += found > 0
        recall += found / len(wanted)
    users = len(truth)
    return ModelScore(
        hit_rate=hits / users if users else math.nan,
        recall=recall / users if users else math.nan,
        users=users,
        seconds=time.perf_counter() - start,
    )


def run_cf_evaluate(args: argparse.Namespace) -> int:
    """``python -m recommender cf-evaluate``: print the table, write JSON if ``--out`` is given.

    Args:
        args: ``baskets`` (a basket table), ``test_fraction``, ``k``, ``out`` (a path or None).

    Returns:
        0.

    Raises:
        ValueError: Unreadable baskets, a bad fraction or ``k``, or nothing to evaluate.
        OSError: The output cannot be written.
    """
    baskets = read_baskets(args.baskets)
    split = time_split(baskets, args.test_fraction)
    result = evaluate(split, args.k)
    print(
        f"{args.baskets}: {len(baskets)} invoices; train {result.train_baskets} before "
        f"{result.cutoff.isoformat()}, test {result.test_baskets}; {result.train_users} customers, "
        f"{result.items} items in training"
    )
    print(
        f"customers evaluated: new {result.users['new']}, repeat {result.users['repeat']} "
        f"(of {result.candidates} who bought in both periods)"
    )
    print(result.table())
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        payload = {"baskets": str(args.baskets), "test_fraction": args.test_fraction, **result.to_dict()}
        out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out}")
    return 0
