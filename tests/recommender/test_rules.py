"""Association rules: mlxtend's own answer on Groceries, the CLI, bad input, and bought-together.

Every expected number is computed here independently — by mlxtend called directly on a basket
file parsed with the csv module, or by counting baskets in plain Python — rather than taken from
the module under test.
"""

from __future__ import annotations

import csv
import itertools
import json
import math
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from recommender.__main__ import main
from recommender.baskets import Basket, baskets_from_orders, read_baskets
from recommender.rules import (
    CSV_COLUMNS,
    BoughtTogether,
    Companion,
    Rule,
    mine_rules,
    read_rules_csv,
    write_rules_csv,
)

GROCERIES = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "groceries" / "groceries.csv"
KeyedRule = tuple[frozenset[str], frozenset[str]]


def _mlxtend_rules(
    transactions: list[list[str]], min_support: float, min_confidence: float, max_len: int | None = None
) -> dict[KeyedRule, tuple[float, float, float]]:
    """mlxtend called directly: (antecedents, consequents) → (support, confidence, lift)."""
    import pandas as pd
    from mlxtend.frequent_patterns import association_rules, fpgrowth
    from mlxtend.preprocessing import TransactionEncoder

    encoder = TransactionEncoder()
    onehot = pd.DataFrame(encoder.fit(transactions).transform(transactions), columns=encoder.columns_)
    itemsets = fpgrowth(onehot, min_support=min_support, use_colnames=True, max_len=max_len)
    frame = association_rules(itemsets, num_itemsets=len(transactions), metric="confidence",
                              min_threshold=min_confidence)
    return {
        (frozenset(a), frozenset(c)): (s, conf, lift)
        for a, c, s, conf, lift in zip(frame["antecedents"], frame["consequents"], frame["support"],
                                       frame["confidence"], frame["lift"])
    }


def _keyed(rules: list[Rule]) -> dict[KeyedRule, tuple[float, float, float]]:
    return {(frozenset(r.antecedents), frozenset(r.consequents)): (r.support, r.confidence, r.lift) for r in rules}


def _assert_same_rules(got: dict[KeyedRule, tuple[float, ...]], want: dict[KeyedRule, tuple[float, ...]]) -> None:
    assert set(got) == set(want)
    for key, numbers in want.items():
        assert all(math.isclose(g, w, rel_tol=1e-12) for g, w in zip(got[key], numbers)), key


# --- Groceries: the reference numbers ------------------------------------------------------------


@pytest.fixture(scope="module")
def groceries_transactions() -> list[list[str]]:
    """groceries.csv parsed with the csv module alone (names stripped: "cream cheese ")."""
    if not GROCERIES.is_file():
        pytest.fail(f"{GROCERIES} is missing: the shared data folder must sit beside the repo")
    with GROCERIES.open(encoding="utf-8", newline="") as handle:
        return [sorted({cell.strip() for cell in row if cell.strip()}) for row in csv.reader(handle) if row]


@pytest.fixture(scope="module")
def groceries_rules() -> list[Rule]:
    return mine_rules(read_baskets(GROCERIES), 0.01, 0.3)


def test_groceries_rules_equal_mlxtend_run_directly(groceries_transactions, groceries_rules) -> None:
    assert len(groceries_transactions) == 9835
    want = _mlxtend_rules(groceries_transactions, 0.01, 0.3)
    assert len(want) == 125
    assert len(groceries_rules) == 125
    _assert_same_rules(_keyed(groceries_rules), want)


def test_groceries_top_rule_by_lift(groceries_rules) -> None:
    top = groceries_rules[0]
    assert (top.antecedents, top.consequents) == (("citrus fruit", "other vegetables"), ("root vegetables",))
    assert round(top.lift, 3) == 3.295
    assert top.count == round(top.support * 9835) == 102


def test_rules_are_ordered_and_sorted(groceries_rules) -> None:
    keys = [(-r.lift, -r.confidence, -r.support) for r in groceries_rules]
    assert keys == sorted(keys)
    for rule in groceries_rules:
        assert list(rule.antecedents) == sorted(rule.antecedents)
        assert list(rule.consequents) == sorted(rule.consequents)
        assert not set(rule.antecedents) & set(rule.consequents)
        assert rule.support >= 0.01 and rule.confidence >= 0.3


def test_cli_writes_the_groceries_rules(tmp_path, capsys, groceries_rules) -> None:
    out = tmp_path / "rules.csv"
    code = main(["rules", "--baskets", str(GROCERIES), "--min-support", "0.01",
                 "--min-confidence", "0.3", "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "9835 baskets, 169 items; 125 rules" in printed
    assert "{citrus fruit, other vegetables} → {root vegetables}" in printed

    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == CSV_COLUMNS == ("antecedents", "consequents", "support", "confidence", "lift")
    assert len(rows) == 1 + 125
    for row in rows[1:]:
        for cell in row[:2]:
            assert cell.split("|") == sorted(cell.split("|")) and all(cell.split("|"))
    assert not any(name.endswith(" ") for row in rows[1:] for cell in row[:2] for name in cell.split("|"))
    # full precision: reading back gives exactly the mined numbers, in the same order
    assert read_rules_csv(out) == [replace(rule, count=None) for rule in groceries_rules]
    assert [p.name for p in tmp_path.iterdir()] == ["rules.csv"]  # no temporary file left behind


# --- The textbook example, against counts made by hand --------------------------------------------

TEXTBOOK = [["A", "B", "C"], ["A", "C"], ["B", "C"], ["A", "B", "D"]]


def _brute_force_rules(transactions: list[list[str]], min_support: float, min_confidence: float):
    """Every rule by enumerating all itemsets and counting with a boolean matrix."""
    items = sorted({item for basket in transactions for item in basket})
    matrix = np.array([[item in basket for item in items] for basket in transactions])

    def support(itemset: frozenset[str]) -> float:
        return float(matrix[:, [items.index(i) for i in itemset]].all(axis=1).mean())

    rules = {}
    for size in range(2, len(items) + 1):
        for itemset in map(frozenset, itertools.combinations(items, size)):
            s = support(itemset)
            if s < min_support:
                continue
            for k in range(1, size):
                for antecedents in map(frozenset, itertools.combinations(sorted(itemset), k)):
                    consequents = itemset - antecedents
                    confidence = s / support(antecedents)
                    if confidence >= min_confidence:
                        rules[(antecedents, consequents)] = (s, confidence, confidence / support(consequents))
    return rules


def test_textbook_example_a_implies_b() -> None:
    rules = mine_rules(TEXTBOOK, 0.25, 0.0)
    a_to_b = next(r for r in rules if (r.antecedents, r.consequents) == (("A",), ("B",)))
    assert a_to_b.support == 0.5 and a_to_b.count == 2
    assert math.isclose(a_to_b.confidence, 2 / 3)
    assert math.isclose(a_to_b.lift, (2 / 3) / (3 / 4))


@pytest.mark.parametrize(("min_support", "min_confidence"), [(0.25, 0.0), (0.25, 0.6), (0.5, 0.5), (0.75, 0.0)])
def test_textbook_example_equals_brute_force(min_support: float, min_confidence: float) -> None:
    got = _keyed(mine_rules([Basket(tuple(b)) for b in TEXTBOOK], min_support, min_confidence))
    _assert_same_rules(got, _brute_force_rules(TEXTBOOK, min_support, min_confidence))


def test_max_len_limits_rule_size() -> None:
    rules = mine_rules(TEXTBOOK, 0.25, 0.0, max_len=2)
    assert rules and all(len(r.antecedents) + len(r.consequents) == 2 for r in rules)
    _assert_same_rules(_keyed(rules), {k: v for k, v in _brute_force_rules(TEXTBOOK, 0.25, 0.0).items()
                                       if len(k[0] | k[1]) == 2})


def test_no_frequent_itemset_gives_no_rules() -> None:
    assert mine_rules([["a"], ["b"], ["c"]], 0.5, 0.0) == []


# --- Bad input --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("support", "confidence", "message"),
    [(0.0, 0.3, "min support must be in (0, 1], got 0.0"), (1.5, 0.3, "min support must be in (0, 1], got 1.5"),
     (-0.1, 0.3, "min support"), (0.01, -0.1, "min confidence must be in [0, 1], got -0.1"),
     (0.01, 1.2, "min confidence must be in [0, 1], got 1.2")],
)
def test_mine_rules_rejects_thresholds(support: float, confidence: float, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace("[", r"\[")):
        mine_rules(TEXTBOOK, support, confidence)


@pytest.mark.parametrize(
    ("baskets", "kwargs", "message"),
    [([], {}, "no baskets"), (["milk"], {}, "basket 1: is the string 'milk'"),
     ([["milk", ""]], {}, "basket 1: item '' is not a non-empty string"),
     ([["a", "b"]], {"max_len": 1}, "max_len must be an integer of at least 2")],
)
def test_mine_rules_rejects_bad_baskets(baskets, kwargs, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        mine_rules(baskets, 0.5, 0.5, **kwargs)


def _cli(tmp_path: Path, basket_text: str | None, support: str = "0.25", confidence: str = "0.3",
         out: Path | None = None) -> tuple[int, Path]:
    baskets = tmp_path / "baskets.csv"
    if basket_text is not None:
        baskets.write_text(basket_text, encoding="utf-8")
    out = out or tmp_path / "rules.csv"
    code = main(["rules", "--baskets", str(baskets), "--min-support", support,
                 "--min-confidence", confidence, "--out", str(out)])
    return code, out


@pytest.mark.parametrize(
    ("basket_text", "support", "confidence", "message"),
    [
        ("A,B,C\nA,C\n", "0", "0.3", "min support must be in (0, 1], got 0.0"),
        ("A,B,C\nA,C\n", "2", "0.3", "min support must be in (0, 1], got 2.0"),
        ("A,B,C\nA,C\n", "0.25", "1.5", "min confidence must be in [0, 1], got 1.5"),
        ("", "0.25", "0.3", "baskets.csv: no baskets (the file is empty)"),
        ("A,B,C\nA,,C\n", "0.25", "0.3", "baskets.csv: line 2: an empty item name"),
        ("customer_id\tinvoice\tdate\titems\n1\t10\tyesterday\tA B\n", "0.25", "0.3",
         "line 2: field 'date' is 'yesterday'"),
        (None, "0.25", "0.3", "cannot read basket file"),
    ],
    ids=["support-0", "support-2", "confidence-1.5", "empty-file", "empty-item", "bad-date", "missing-file"],
)
def test_cli_bad_input_exits_2_and_writes_nothing(tmp_path, capsys, basket_text, support, confidence,
                                                  message) -> None:
    code, out = _cli(tmp_path, basket_text, support, confidence)
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == (["baskets.csv"] if basket_text is not None else [])


def test_cli_creates_a_missing_folder(tmp_path) -> None:
    code, out = _cli(tmp_path, "A,B\nA,B\n", out=tmp_path / "results" / "rules" / "rules.csv")
    assert code == 0 and read_rules_csv(out)


def test_cli_into_an_unwritable_place_exits_2(tmp_path, capsys) -> None:
    (tmp_path / "blocker").write_text("a file, not a folder")
    code, out = _cli(tmp_path, "A,B\nA,B\n", out=tmp_path / "blocker" / "rules.csv")
    assert code == 2 and "blocker" in capsys.readouterr().err
    assert (tmp_path / "blocker").read_text() == "a file, not a folder"


def test_failed_write_keeps_the_old_file(tmp_path) -> None:
    out = tmp_path / "rules.csv"
    out.write_text("old\n")
    bad = Rule(("a|b",), ("c",), 0.5, 0.5, 1.0)
    with pytest.raises(ValueError, match=r"rule 2: antecedents item 'a\|b' cannot be written"):
        write_rules_csv([Rule(("a",), ("c",), 0.5, 0.5, 1.0), bad], out)
    assert out.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["rules.csv"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a,b,c\n", "line 1: expected the header antecedents, consequents, support, confidence, lift"),
        ("", "line 1: expected the header"),
        ("antecedents,consequents,support,confidence,lift\nA,B,0.5,0.6,1.2\nA,C,0.5,high,1.2\n",
         "line 3: field 'confidence' is 'high', not a number"),
        ("antecedents,consequents,support,confidence,lift\nA,B,1.5,0.6,1.2\n",
         r"line 2: field 'support' is '1.5', expected a number in \[0, 1\]"),
        ("antecedents,consequents,support,confidence,lift\nA||B,C,0.5,0.6,1.2\n",
         "line 2: field 'antecedents' is 'A||B': an empty item name"),
        ("antecedents,consequents,support,confidence,lift\nA,B,0.5\n", "line 2: expected 5 fields"),
        ("antecedents,consequents,support,confidence,lift\nA|B,B,0.5,0.6,1\n", "share an item"),
    ],
)
def test_read_rules_csv_names_line_and_field(tmp_path, text: str, message: str) -> None:
    path = tmp_path / "rules.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_rules_csv(path)


def test_csv_round_trip_keeps_every_digit_and_quotes_commas(tmp_path) -> None:
    rules = [Rule(("b", "milk, whole"), ("a",), 1 / 3, 2 / 3, math.pi), Rule(("x",), ("y", "z"), 0.1, 0.7, 7.0)]
    path = write_rules_csv(rules, tmp_path / "rules.csv")
    assert read_rules_csv(path) == rules
    assert path.read_text().splitlines()[1] == f'"b|milk, whole",a,{1 / 3!r},{2 / 3!r},{math.pi!r}'


# --- Frequently bought together ---------------------------------------------------------------------

SHOP = [
    ["boots", "socks", "laces"], ["boots", "socks", "laces"], ["boots", "socks", "laces"],
    ["boots", "socks"], ["boots", "poles"], ["boots", "poles", "map"], ["boots", "map"],
    ["socks"], ["poles"], ["tent"],
]
NAMES = {"boots": "Hiking Boots", "socks": "Wool Socks", "laces": "Spare Laces", "poles": "Trekking Poles",
         "map": "Trail Map", "tent": "Tent"}


def _counts(baskets: list[list[str]]) -> tuple[Counter[str], Counter[frozenset[str]]]:
    singles = Counter(item for basket in baskets for item in set(basket))
    pairs = Counter(frozenset(p) for basket in baskets for p in itertools.combinations(sorted(set(basket)), 2))
    return singles, pairs


def test_companions_ordered_by_confidence_then_lift() -> None:
    together = BoughtTogether.from_baskets(SHOP)
    companions = together.companions(["boots"])
    assert [c.item for c in companions] == ["socks", "laces", "map", "poles"]
    singles, pairs = _counts(SHOP)
    for c in companions:
        both = pairs[frozenset({"boots", c.item})]
        assert (c.because, c.count, c.antecedent_count) == (("boots",), both, singles["boots"])
        assert math.isclose(c.confidence, both / singles["boots"])
        assert math.isclose(c.support, both / len(SHOP))
        assert math.isclose(c.lift, (both / singles["boots"]) / (singles[c.item] / len(SHOP)))
    # map and poles tie on confidence (2 of 7); map is rarer overall, so its lift is higher
    assert companions[2].confidence == companions[3].confidence and companions[2].lift > companions[3].lift


def test_companions_k_and_exclusion() -> None:
    together = BoughtTogether.from_baskets(SHOP)
    assert [c.item for c in together.companions(["boots"], k=2)] == ["socks", "laces"]
    assert [c.item for c in together.companions(["boots"], exclude={"laces", "map"})] == ["socks", "poles"]
    assert together.companions(["boots"], k=0) == []
    assert together.companions(["unknown"]) == []
    with pytest.raises(ValueError, match="k must be at least 0"):
        together.companions(["boots"], k=-1)


def test_companions_take_the_best_rule_per_item_and_skip_items_in_hand() -> None:
    together = BoughtTogether.from_baskets(SHOP)
    companions = together.companions(["boots", "socks"])
    # laces: socks → laces (3 of 5) beats boots → laces (3 of 7); nothing in hand comes back
    assert [(c.item, c.because, c.count, c.antecedent_count) for c in companions] == [
        ("laces", ("socks",), 3, 5), ("map", ("boots",), 2, 7), ("poles", ("boots",), 2, 7)]


def test_companions_with_longer_rules_need_every_antecedent_in_hand() -> None:
    together = BoughtTogether.from_baskets(SHOP, max_len=3)
    laces = {c.item: c for c in together.companions(["boots", "socks"])}["laces"]
    assert (laces.because, laces.count, laces.antecedent_count) == (("boots", "socks"), 3, 4)
    assert {c.because for c in together.companions(["socks"])} == {("socks",)}


def test_ties_are_broken_by_item_id_in_any_input_order() -> None:
    baskets = [["x", "b"], ["x", "a"], ["x", "b"], ["x", "a"]]
    for order in (baskets, baskets[::-1]):
        assert [c.item for c in BoughtTogether.from_baskets(order).companions(["x"])] == ["a", "b"]


def test_min_count_is_an_absolute_floor() -> None:
    assert [c.item for c in BoughtTogether.from_baskets(SHOP, min_count=3).companions(["boots"])] == ["socks", "laces"]
    assert BoughtTogether.from_baskets(SHOP, min_count=5).companions(["boots"]) == []
    assert len(BoughtTogether.from_baskets(SHOP, min_count=11)) == 0
    strict = BoughtTogether.from_baskets(SHOP, min_support=0.35)
    assert strict.min_support == 0.35 and [c.item for c in strict.companions(["boots"])] == ["socks"]
    assert BoughtTogether.from_baskets(SHOP, min_count=2).min_support == 2 / len(SHOP)
    with pytest.raises(ValueError, match="min_count must be an integer of at least 1, got 0"):
        BoughtTogether.from_baskets(SHOP, min_count=0)


def test_min_count_floor_survives_float_rounding() -> None:
    # 7 of 25 orders: (7 / 25) × 25 is 7.000000000000001 in floats, which a plain share would round up to 8
    baskets = [["a", "b"]] * 7 + [["c"]] * 18
    assert math.ceil(7 / 25 * 25) == 8
    companion = BoughtTogether.from_baskets(baskets, min_count=7).companions(["a"])[0]
    assert (companion.item, companion.count, companion.antecedent_count) == ("b", 7, 7)


def test_explanation_text() -> None:
    socks = BoughtTogether.from_baskets(SHOP).companions(["boots"])[0]
    assert socks.explain(NAMES.__getitem__) == (
        "bought together with Hiking Boots in 57 % of the orders that included it (4 of 7 orders)")
    both = Companion("laces", ("boots", "socks"), 0.3, 0.75, 2.5, 3, 4)
    assert both.explain(NAMES.__getitem__) == (
        "bought together with Hiking Boots and Wool Socks in 75 % of the orders that included both "
        "(3 of 4 orders)")
    three = Companion("tent", ("boots", "map", "socks"), 0.1, 0.345, 2.0, 1, 1)
    assert three.explain(NAMES.__getitem__) == (
        "bought together with Hiking Boots, Trail Map and Wool Socks in 35 % of the orders that included "
        "all of them (1 of 1 order)")


def test_empty_shop() -> None:
    for together in (BoughtTogether.empty(), BoughtTogether.from_baskets([])):
        assert len(together) == 0 and together.rules == () and together.companions(["boots"]) == []


def test_rules_read_from_csv_get_their_counts(tmp_path) -> None:
    mined = BoughtTogether.from_baskets(SHOP)
    path = write_rules_csv(mined.rules, tmp_path / "rules.csv")
    loaded = BoughtTogether(read_rules_csv(path), n_baskets=len(SHOP))
    assert loaded.rules == mined.rules
    assert loaded.companions(["boots", "socks"]) == mined.companions(["boots", "socks"])


def test_tau2_orders_match_mlxtend(tau2_db: Path) -> None:
    orders = json.loads(tau2_db.read_text(encoding="utf-8"))["orders"].values()
    baskets = baskets_from_orders(orders)
    transactions = [list(b.items) for b in baskets]
    n = len(transactions)
    together = BoughtTogether.from_baskets(baskets)
    assert together.n_baskets == n and together.min_support == 2 / n

    # mlxtend on every pair seen at least once, then the floor of 2 orders by plain counting
    singles, pairs = _counts(transactions)
    reference = {key: numbers for key, numbers in _mlxtend_rules(transactions, 0.5 / n, 0.1, max_len=2).items()
                 if pairs[key[0] | key[1]] >= 2}
    assert len(together) == len(reference) > 100
    _assert_same_rules(_keyed(list(together.rules)), reference)

    def expected(in_hand: set[str]) -> list[tuple[str, tuple[str, ...], int]]:
        best: dict[str, tuple] = {}
        for (a, c), (s, conf, lift) in reference.items():
            (item,) = c
            if a <= in_hand and item not in in_hand:
                count = pairs[a | c]
                key = (-conf, -lift, -count, tuple(sorted(a)))
                if item not in best or key < best[item][0]:
                    best[item] = (key, tuple(sorted(a)), count)
        ranked = sorted(best.items(), key=lambda kv: (*kv[1][0][:3], kv[0]))
        return [(item, because, count) for item, (_, because, count) in ranked[:5]]

    hands = [set(b.items) for b in baskets[:40]] + [{product} for product in singles]
    for hand in hands:
        got = together.companions(hand)
        assert [(c.item, c.because, c.count) for c in got] == expected(hand)
        for c in got:
            assert len(c.because) == 1 and c.antecedent_count == singles[c.because[0]]
