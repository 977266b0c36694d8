"""Association rules from purchase baskets, and "frequently bought together" for the chat.

The mining is mlxtend's FP-Growth (:func:`mlxtend.frequent_patterns.fpgrowth`) followed by
:func:`mlxtend.frequent_patterns.association_rules`; this module only validates the input, feeds
mlxtend a sparse one-hot table, and turns its frames into small typed records:

- :func:`mine_rules` — every rule ``antecedents → consequents`` above a support and a confidence;
- :func:`write_rules_csv` / :func:`read_rules_csv` — the rules as a CSV a spreadsheet can open and
  this module can read back to the same numbers;
- :func:`run_rules` — ``python -m recommender rules``;
- :class:`BoughtTogether` — the items shoppers put in the same order as the ones in hand, with the
  counts behind each suggestion so the bot can say why.

pandas, scipy and mlxtend are imported only when rules are mined, so importing this module stays cheap.
"""

from __future__ import annotations

import csv
import math
import os
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recommender.baskets import Basket, read_baskets

if TYPE_CHECKING:
    import argparse

__all__ = [
    "CSV_COLUMNS",
    "BoughtTogether",
    "Companion",
    "Rule",
    "check_thresholds",
    "mine_rules",
    "read_rules_csv",
    "run_rules",
    "write_rules_csv",
]

#: Columns of a rules CSV, in order.
CSV_COLUMNS = ("antecedents", "consequents", "support", "confidence", "lift")
#: Separator of the items of one itemset in a CSV cell (item names must not contain it).
ITEM_SEPARATOR = "|"


@dataclass(frozen=True)
class Rule:
    """One association rule: baskets with ``antecedents`` often also hold ``consequents``.

    Attributes:
        antecedents: The items already in the basket, sorted, at least one.
        consequents: The items the rule predicts, sorted, at least one, none in ``antecedents``.
        support: Share of all baskets holding antecedents and consequents together.
        confidence: Share of the baskets with the antecedents that also hold the consequents.
        lift: Confidence divided by the consequents' own support; above 1 means "more often than
            chance".
        count: Number of baskets holding antecedents and consequents together; ``None`` for
            rules read from a CSV, which does not carry it.
    """

    antecedents: tuple[str, ...]
    consequents: tuple[str, ...]
    support: float
    confidence: float
    lift: float
    count: int | None = None

    def describe(self) -> str:
        """The rule as ``{a, b} → {c}``, for logs and the command line."""
        return f"{{{', '.join(self.antecedents)}}} → {{{', '.join(self.consequents)}}}"


def _rule_order(rule: Rule) -> tuple[float, float, float, str, str]:
    """Sort key: strongest lift first, then confidence, support, and the item names for ties."""
    return (
        -rule.lift,
        -rule.confidence,
        -rule.support,
        ITEM_SEPARATOR.join(rule.antecedents),
        ITEM_SEPARATOR.join(rule.consequents),
    )


def check_thresholds(min_support: float, min_confidence: float) -> None:
    """Reject thresholds outside their ranges before any file is read.

    Args:
        min_support: Must be in (0, 1]: a support of 0 would make every itemset frequent.
        min_confidence: Must be in [0, 1].

    Raises:
        ValueError: Naming the threshold and its allowed range.
    """
    _check_support(min_support)
    _check_confidence(min_confidence)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_support(value: float) -> None:
    if not (_is_number(value) and 0 < value <= 1):
        raise ValueError(f"min support must be in (0, 1], got {value!r}")


def _check_confidence(value: float) -> None:
    if not (_is_number(value) and 0 <= value <= 1):
        raise ValueError(f"min confidence must be in [0, 1], got {value!r}")


def _transactions(baskets: Sequence[Basket] | Sequence[Sequence[str]]) -> list[list[str]]:
    """The baskets as lists of item names, checked: a bare string is not a basket."""
    transactions = []
    for number, basket in enumerate(baskets, 1):
        items = basket.items if isinstance(basket, Basket) else basket
        if isinstance(items, str):
            raise ValueError(f"basket {number}: is the string {items!r}, not a sequence of item names")
        names = list(items)
        for name in names:
            if not isinstance(name, str) or not name:
                raise ValueError(f"basket {number}: item {name!r} is not a non-empty string")
        transactions.append(names)
    return transactions


def mine_rules(
    baskets: Sequence[Basket] | Sequence[Sequence[str]],
    min_support: float,
    min_confidence: float,
    *,
    max_len: int | None = None,
) -> list[Rule]:
    """Mine association rules with FP-Growth.

    Itemsets with support ≥ ``min_support`` are found by mlxtend's FP-Growth on a sparse one-hot
    table (memory grows with the number of purchased items, not baskets × catalog), and every rule
    from them with confidence ≥ ``min_confidence`` is kept.

    Args:
        baskets: :class:`~recommender.baskets.Basket` records or plain sequences of item names.
            Every basket counts in the support denominator, an empty one too.
        min_support: Minimum share of baskets holding a rule's items, in (0, 1]. Lower finds more
            rules and takes longer (the number of itemsets grows fast below ~1 %).
        min_confidence: Minimum confidence, in [0, 1].
        max_len: Largest itemset mined (antecedents plus consequents), at least 2; ``None`` for
            no limit. ``2`` gives only item → item rules and is much faster on large data.

    Returns:
        The rules, strongest lift first (then confidence, support, and item names), so the
        order is the same on every run.

    Raises:
        ValueError: A threshold out of range, no baskets, ``max_len`` below 2, or a basket that
            is not a sequence of non-empty strings.
    """
    check_thresholds(min_support, min_confidence)
    if max_len is not None and (isinstance(max_len, bool) or not isinstance(max_len, int) or max_len < 2):
        raise ValueError(f"max_len must be an integer of at least 2 (a rule needs two items), got {max_len!r}")
    transactions = _transactions(baskets)
    if not transactions:
        raise ValueError("no baskets to mine rules from")
    if not any(transactions):
        return []

    pd, sparse, fpgrowth, association_rules = _mining_libraries()
    # One-hot as a sparse bool matrix, one column per item in name order (what mlxtend's
    # TransactionEncoder builds, without the scikit-learn import it costs).
    columns = sorted({item for names in transactions for item in names})
    column_of = {item: number for number, item in enumerate(columns)}
    indptr, indices = [0], []
    for names in transactions:
        indices.extend(sorted({column_of[item] for item in names}))
        indptr.append(len(indices))
    n = len(transactions)
    matrix = sparse.csr_matrix(([True] * len(indices), indices, indptr), shape=(n, len(columns)), dtype=bool)
    onehot = pd.DataFrame.sparse.from_spmatrix(matrix, columns=columns)
    itemsets = fpgrowth(onehot, min_support=min_support, use_colnames=True, max_len=max_len)
    if len(itemsets) == 0:  # association_rules refuses an empty frame
        return []
    frame = association_rules(
        itemsets, num_itemsets=n, metric="confidence", min_threshold=min_confidence,
        return_metrics=["support", "confidence", "lift"],
    )
    rules = [
        Rule(
            antecedents=tuple(sorted(antecedents)),
            consequents=tuple(sorted(consequents)),
            support=float(support),
            confidence=float(confidence),
            lift=float(lift),
            count=round(float(support) * n),
        )
        for antecedents, consequents, support, confidence, lift in zip(
            frame["antecedents"], frame["consequents"], frame["support"], frame["confidence"], frame["lift"]
        )
    ]
    return sorted(rules, key=_rule_order)


def _mining_libraries() -> tuple[Any, Any, Any, Any]:
    """pandas, scipy.sparse, and mlxtend's fpgrowth and association_rules, imported on first use."""
    import pandas as pd
    from mlxtend.frequent_patterns import association_rules, fpgrowth
    from scipy import sparse

    return pd, sparse, fpgrowth, association_rules


def write_rules_csv(rules: Iterable[Rule], path: Path | str) -> Path:
    """Write rules as CSV with the columns :data:`CSV_COLUMNS`.

    Itemsets are written sorted and ``|``-joined; numbers with full float precision, so
    :func:`read_rules_csv` gives back exactly the same values. The file is written beside its
    final name and renamed into place, so a failure never leaves a half-written file.

    Args:
        rules: The rules, written in the given order.
        path: The CSV to write; missing folders are created, an existing file is replaced.

    Returns:
        The path written.

    Raises:
        ValueError: An item name contains ``|`` or is empty (it could not be read back).
        OSError: The file cannot be written.
    """
    path = Path(path)
    rows = [CSV_COLUMNS]
    for number, rule in enumerate(rules, 1):
        cells = []
        for field in ("antecedents", "consequents"):
            items = getattr(rule, field)
            for item in items:
                if not item or ITEM_SEPARATOR in item:
                    raise ValueError(
                        f"rule {number}: {field} item {item!r} cannot be written: item names must be "
                        f"non-empty and must not contain {ITEM_SEPARATOR!r}"
                    )
            cells.append(ITEM_SEPARATOR.join(sorted(items)))
        cells.extend(repr(float(getattr(rule, field))) for field in ("support", "confidence", "lift"))
        rows.append(tuple(cells))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("x", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


def read_rules_csv(path: Path | str) -> list[Rule]:
    """Read a CSV written by :func:`write_rules_csv`.

    Args:
        path: The CSV.

    Returns:
        The rules in file order (``count`` is ``None``: the CSV does not carry it).

    Raises:
        ValueError: A wrong header, or a row whose field is missing or invalid; the message names
            the file, the line and the field.
        OSError: The file cannot be read.
    """
    path = Path(path)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or tuple(cell.strip() for cell in header) != CSV_COLUMNS:
            raise ValueError(
                f"{path}: line 1: expected the header {', '.join(CSV_COLUMNS)}, got "
                f"{', '.join(header) if header else 'an empty file'}"
            )
        rules = []
        for row in reader:
            if not row or not any(cell.strip() for cell in row):
                continue
            rules.append(_parse_rule_row(row, f"{path}: line {reader.line_num}"))
    return rules


def _parse_rule_row(row: list[str], where: str) -> Rule:
    if len(row) != len(CSV_COLUMNS):
        raise ValueError(f"{where}: expected {len(CSV_COLUMNS)} fields ({', '.join(CSV_COLUMNS)}), got {len(row)}")
    itemsets = {}
    for field, cell in zip(CSV_COLUMNS[:2], row[:2]):
        items = cell.split(ITEM_SEPARATOR)
        if not all(items):
            raise ValueError(f"{where}: field {field!r} is {cell!r}: an empty item name")
        itemsets[field] = tuple(sorted(items))
    if set(itemsets["antecedents"]) & set(itemsets["consequents"]):
        raise ValueError(f"{where}: fields 'antecedents' and 'consequents' share an item")
    numbers = {}
    for field, cell in zip(CSV_COLUMNS[2:], row[2:]):
        try:
            value = float(cell)
        except ValueError:
            raise ValueError(f"{where}: field {field!r} is {cell!r}, not a number") from None
        if not math.isfinite(value) or value < 0 or (field != "lift" and value > 1):
            allowed = "a number ≥ 0" if field == "lift" else "a number in [0, 1]"
            raise ValueError(f"{where}: field {field!r} is {cell!r}, expected {allowed}")
        numbers[field] = value
    return Rule(itemsets["antecedents"], itemsets["consequents"], **numbers)


def run_rules(args: argparse.Namespace) -> int:
    """``python -m recommender rules``: mine a basket file into a rules CSV and print a summary.

    Args:
        args: ``baskets`` (file), ``min_support``, ``min_confidence`` and ``out`` (CSV to write).

    Returns:
        0; bad input raises (the command line turns it into exit code 2), and then no CSV is
        written.
    """
    check_thresholds(args.min_support, args.min_confidence)
    baskets = read_baskets(args.baskets)
    _mining_libraries()  # loaded before the clock starts: the summary times the mining only

    started = time.perf_counter()
    rules = mine_rules(baskets, args.min_support, args.min_confidence)
    seconds = time.perf_counter() - started
    write_rules_csv(rules, args.out)
    items = len({item for basket in baskets for item in basket.items})
    print(
        f"{args.baskets}: {len(baskets)} baskets, {items} items; {len(rules)} rules at min support "
        f"{args.min_support:g}, min confidence {args.min_confidence:g} (mined in {seconds:.2f} s) → {args.out}"
    )
    if not rules:
        print("  no rules: try a lower --min-support or --min-confidence")
    for rule in rules[:5]:
        print(
            f"  {rule.describe()}  support {rule.support:.4f}  confidence {rule.confidence:.3f}  "
            f"lift {rule.lift:.3f}"
        )
    return 0


@dataclass(frozen=True)
class Companion:
    """An item often bought with the ones in hand, and the evidence for it.

    Attributes:
        item: The suggested item's id.
        because: The items in hand that the suggestion rests on (the rule's antecedents).
        support: Share of all orders holding ``because`` and ``item`` together.
        confidence: Share of the orders with ``because`` that also held ``item``.
        lift: ``confidence`` over the item's own share of orders (above 1: more than chance).
        count: Orders holding ``because`` and ``item`` together.
        antecedent_count: Orders holding ``because``.
    """

    item: str
    because: tuple[str, ...]
    support: float
    confidence: float
    lift: float
    count: int
    antecedent_count: int

    def explain(self, name_of: Callable[[str], str]) -> str:
        """Why this item is suggested, in words a shopper reads.

        Args:
            name_of: Display name of an item id (e.g. the catalog's product name).

        Returns:
            For example ``"bought together with Hiking Boots in 34 % of the orders that included
            it (12 of 35 orders)"``: the confidence as a whole percent, and the counts behind it.
        """
        names = [name_of(item) for item in self.because]
        joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        pronoun = {1: "it", 2: "both"}.get(len(names), "all of them")
        percent = math.floor(self.confidence * 100 + 0.5)
        orders = "order" if self.antecedent_count == 1 else "orders"
        return (
            f"bought together with {joined} in {percent} % of the orders that included {pronoun} "
            f"({self.count} of {self.antecedent_count} {orders})"
        )


class BoughtTogether:
    """"Frequently bought together": companions of the items in hand, from mined rules.

    Built once (at server start, from the shop's orders) and then only read. Only rules with a
    single consequent are used for suggestions; rules are looked up by their first antecedent, so
    a query costs the rules of the items in hand, not all rules.

    Attributes:
        n_baskets: Orders the rules were mined from.
        min_support: The support threshold used (``max(min_support, min_count / n_baskets)``).
        min_confidence: The confidence threshold used.
    """

    def __init__(
        self, rules: Iterable[Rule], *, n_baskets: int, min_support: float = 0.0, min_confidence: float = 0.0
    ) -> None:
        """Index rules for :meth:`companions`.

        Args:
            rules: Mined rules; a rule without ``count`` (read from a CSV) gets
                ``round(support × n_baskets)``.
            n_baskets: Orders the rules were mined from.
            min_support: The support threshold they were mined with (for reporting).
            min_confidence: The confidence threshold they were mined with (for reporting).
        """
        self.n_baskets = n_baskets
        self.min_support = min_support
        self.min_confidence = min_confidence
        self._rules = tuple(
            rule if rule.count is not None else _with_count(rule, round(rule.support * n_baskets)) for rule in rules
        )
        self._by_first: dict[str, list[Rule]] = {}
        for rule in self._rules:
            if len(rule.consequents) == 1:
                self._by_first.setdefault(rule.antecedents[0], []).append(rule)

    @classmethod
    def empty(cls) -> BoughtTogether:
        """No rules: a shop without orders yet suggests nothing."""
        return cls((), n_baskets=0)

    @classmethod
    def from_baskets(
        cls,
        baskets: Sequence[Basket] | Sequence[Sequence[str]],
        *,
        min_count: int = 2,
        min_support: float | None = None,
        min_confidence: float = 0.1,
        max_len: int = 2,
    ) -> BoughtTogether:
        """Mine the rules of a shop's orders (e.g. :func:`~recommender.baskets.baskets_from_orders`).

        Args:
            baskets: One basket per order.
            min_count: An itemset must be in at least this many orders. A small shop needs this
                absolute floor: a share like 1 % of 50 orders would accept a pair seen once.
            min_support: An optional share of orders on top of ``min_count``; the stricter wins.
            min_confidence: Minimum share of the orders with the antecedents that also hold the
                companion.
            max_len: Largest itemset (antecedents plus companion); 2 means item → item only,
                which is fast and enough to explain.

        Returns:
            The index; empty when there are no baskets or fewer than ``min_count``.

        Raises:
            ValueError: ``min_count`` below 1, or a threshold or ``max_len`` out of range.
        """
        if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
            raise ValueError(f"min_count must be an integer of at least 1, got {min_count!r}")
        if min_support is not None:
            _check_support(min_support)
        _check_confidence(min_confidence)
        n = len(baskets)
        if n == 0:
            return cls.empty()
        floor = min_count / n
        threshold = max(min_support or 0.0, floor)
        if threshold > 1:
            return cls((), n_baskets=n, min_support=threshold, min_confidence=min_confidence)
        # fpgrowth turns a share into ceil(share × n) orders, and (c / n) × n can round to just
        # above c: mine at half an order below the floor, then keep the floor exactly by count.
        mining_support = threshold if (min_support or 0.0) >= floor else (min_count - 0.5) / n
        rules = mine_rules(baskets, mining_support, min_confidence, max_len=max_len)
        kept = [rule for rule in rules if rule.count is not None and rule.count >= min_count]
        return cls(kept, n_baskets=n, min_support=threshold, min_confidence=min_confidence)

    @property
    def rules(self) -> tuple[Rule, ...]:
        """All rules, strongest lift first (as mined)."""
        return self._rules

    def __len__(self) -> int:
        return len(self._rules)

    def companions(self, items: Collection[str], k: int = 5, exclude: Collection[str] = ()) -> list[Companion]:
        """The items most often bought with ``items``.

        Only rules whose antecedents are all in ``items`` and whose single consequent is neither
        in ``items`` nor in ``exclude`` count; each companion is backed by its best rule (highest
        confidence, then lift, then count, then fewer and alphabetically first antecedents).

        Args:
            items: Item ids in hand (in the cart, or being looked at).
            k: At most this many companions.
            exclude: Item ids not to suggest (e.g. already shown, or out of stock).

        Returns:
            Companions, highest confidence first, then lift, then count, then item id.

        Raises:
            ValueError: ``k`` is negative.
        """
        if k < 0:
            raise ValueError(f"k must be at least 0, got {k}")
        have = set(items)
        banned = have | set(exclude)
        best: dict[str, Rule] = {}
        for item in have:
            for rule in self._by_first.get(item, ()):
                consequent = rule.consequents[0]
                if consequent in banned or not have.issuperset(rule.antecedents):
                    continue
                current = best.get(consequent)
                if current is None or _rule_strength(rule) < _rule_strength(current):
                    best[consequent] = rule
        companions = [_companion(rule) for rule in best.values()]
        companions.sort(key=lambda c: (-c.confidence, -c.lift, -c.count, c.item))
        return companions[:k]


def _with_count(rule: Rule, count: int) -> Rule:
    return Rule(rule.antecedents, rule.consequents, rule.support, rule.confidence, rule.lift, count)


def _rule_strength(rule: Rule) -> tuple[float, float, int, int, tuple[str, ...]]:
    """Sort key, best first, for the rules that back the same companion."""
    return (-rule.confidence, -rule.lift, -(rule.count or 0), len(rule.antecedents), rule.antecedents)


def _companion(rule: Rule) -> Companion:
    count = rule.count or 0
    return Companion(
        item=rule.consequents[0],
        because=rule.antecedents,
        support=rule.support,
        confidence=rule.confidence,
        lift=rule.lift,
        count=count,
        # confidence = count / antecedent count, exactly up to float rounding
        antecedent_count=round(count / rule.confidence) if rule.confidence > 0 else 0,
    )
