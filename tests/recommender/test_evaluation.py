"""Evaluation: metrics against hand-computed values, the WANDS loader, and one real run of the command."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from recommender.evaluation.metrics import dcg, mean, ndcg_at_k, recall_at_k, reciprocal_rank
from recommender.evaluation.wands import (
    Product,
    WandsFormatError,
    load_products,
    load_wands,
    product_text,
)

REPO = Path(__file__).resolve().parents[2]
WANDS_DEV = REPO.parent / "shared" / "data" / "wands-dev"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# --- metrics -------------------------------------------------------------------------------------

def test_dcg_by_hand() -> None:
    # 1/log2(2) + 0.5/log2(3) + 0/log2(4) + 1/log2(5)
    assert dcg([1.0, 0.5, 0.0, 1.0]) == pytest.approx(1 + 0.5 / math.log2(3) + 1 / math.log2(5))
    assert dcg([]) == 0.0


def test_graded_ndcg_by_hand() -> None:
    gains = {"a": 0.5, "b": 0.0, "c": 1.0, "d": 1.0}
    # DCG@3 of a, b, c: 0.5/1 + 0/1.585 + 1/2 = 1.0.
    # Ideal DCG@3 from all judged gains (1, 1, 0.5), though d was never retrieved:
    # 1 + 1/log2(3) + 0.5/2 = 1.880930.
    assert ndcg_at_k(["a", "b", "c"], gains, 3) == pytest.approx(1.0 / (1 + 1 / math.log2(3) + 0.25))
    assert ndcg_at_k(["a", "b", "c"], gains, 3) == pytest.approx(0.531652, abs=1e-6)
    # The perfect order scores 1; unjudged ids ("x") gain nothing.
    assert ndcg_at_k(["c", "d", "a"], gains, 3) == pytest.approx(1.0)
    assert ndcg_at_k(["x", "c"], gains, 2) == pytest.approx((1 / math.log2(3)) / (1 + 1 / math.log2(3)))
    # A cut-off past the ranking's end: the missing positions gain nothing.
    assert ndcg_at_k(["c"], gains, 10) == pytest.approx(1 / (1 + 1 / math.log2(3) + 0.5 / 2))


def test_ndcg_is_undefined_without_positive_gains() -> None:
    assert ndcg_at_k(["a"], {"a": 0.0}, 10) is None
    assert ndcg_at_k(["a"], {}, 10) is None
    with pytest.raises(ValueError, match="positive"):
        ndcg_at_k(["a"], {"a": 1.0}, 0)


def test_recall_and_reciprocal_rank_by_hand() -> None:
    ranking = ["p", "e1", "q", "e2", "r"]
    exact = {"e1", "e2", "e3", "e4"}
    assert recall_at_k(ranking, exact, 2) == pytest.approx(1 / 4)
    assert recall_at_k(ranking, exact, 50) == pytest.approx(2 / 4)
    assert reciprocal_rank(ranking, exact) == pytest.approx(1 / 2)
    assert reciprocal_rank(["p", "q"], exact) == 0.0
    # No Exact product: both undefined, and the mean leaves the query out.
    assert recall_at_k(ranking, set(), 10) is None
    assert reciprocal_rank(ranking, set()) is None
    assert mean([1.0, None, 0.0]) == pytest.approx(0.5)
    assert mean([None]) is None


# --- WANDS loader --------------------------------------------------------------------------------

QUERIES = "query_id\tquery\tquery_class\n1\tking bed\tBeds\n2\tbar stool\tBar Stools\n"
PRODUCTS = (
    "product_id\tproduct_name\tproduct_class\tcategory_hierarchy\n"
    "10\tking poster bed\tBeds\tFurniture / Bedroom Furniture / Beds\n"
    '11\tfarmhouse 28.5 \'\' bar stool\tBar Stools\t"Furniture / Bar (28""-33"") Bar Stools"\n'
    "12\ttwin daybed\tTeen Beds|Daybeds & Guest Beds\t\n"
)
LABELS = (
    "query_id\tproduct_id\tlabel\n"
    "1\t10\tExact\n1\t12\tPartial\n1\t12\tExact\n1\t11\tIrrelevant\n2\t11\tPartial\n2\t11\tPartial\n"
)


def _write(tmp_path: Path, queries: str = QUERIES, labels: str = LABELS, products: str = PRODUCTS) -> tuple[Path, Path, Path]:
    paths = (tmp_path / "queries.tsv", tmp_path / "labels.tsv", tmp_path / "products.tsv")
    for path, text in zip(paths, (queries, labels, products)):
        path.write_text(text)
    return paths


def test_loader_parses_quotes_and_resolves_repeats_to_the_highest_label(tmp_path: Path) -> None:
    data = load_wands(*_write(tmp_path))
    assert [q.query for q in data.queries] == ["king bed", "bar stool"]
    stool = data.products[1]
    assert stool.category_hierarchy == 'Furniture / Bar (28"-33") Bar Stools'
    assert data.gains[1] == {10: 1.0, 12: 1.0, 11: 0.0}  # Partial then Exact: Exact counts
    assert data.gains[2] == {11: 0.5}
    assert data.judgements == 6
    assert [(d.query_id, d.product_id, d.labels, d.kept) for d in data.duplicates] == [
        (1, 12, ("Partial", "Exact"), "Exact"), (2, 11, ("Partial", "Partial"), "Partial")]
    assert data.relevant(1) == {10, 12} and data.relevant(2) == set()


def test_product_text_names_each_fact_once() -> None:
    bed = Product(10, "king poster bed", "Beds", "Furniture / Bedroom Furniture / Beds")
    assert product_text(bed) == "king poster bed. Beds. Furniture / Bedroom Furniture"
    daybed = Product(12, "twin daybed", "Teen Beds|Daybeds & Guest Beds", "")
    assert product_text(daybed) == "twin daybed. Teen Beds, Daybeds & Guest Beds"
    rack = Product(13, "coat rack", "", "Entry / Coat Racks")
    assert product_text(rack) == "coat rack. Entry / Coat Racks"


@pytest.mark.parametrize(
    ("which", "text", "message"),
    [
        ("labels", LABELS + "2\t10\tGood\n", r"labels.tsv:8: field 'label' must be one of Exact, Partial, Irrelevant, got 'Good'"),
        ("labels", LABELS + "2\tten\tExact\n", r"labels.tsv:8: field 'product_id' must be an integer id, got 'ten'"),
        ("labels", LABELS + "2\t99\tExact\n", r"labels.tsv:8: field 'product_id': 99 is not in .*products.tsv"),
        ("labels", LABELS + "3\t10\tExact\n", r"labels.tsv:8: field 'query_id': 3 is not in .*queries.tsv"),
        ("labels", LABELS + "2\t10\n", r"labels.tsv:8: expected 3 tab-separated fields .* got 2"),
        ("queries", QUERIES + "1\tagain\tBeds\n", r"queries.tsv:4: field 'query_id': 1 appears twice"),
        ("queries", "id\tquery\tclass\n", r"queries.tsv:1: header is"),
        ("products", PRODUCTS + "13\t\tBeds\tFurniture\n", r"products.tsv:5: field 'product_name' is empty"),
        ("products", PRODUCTS + '14\t"open quote\tBeds\tFurniture\n', r"products.tsv:\d+: malformed quoting"),
        ("products", "", r"products.tsv: empty file"),
    ],
)
def test_loader_names_file_line_and_field(tmp_path: Path, which: str, text: str, message: str) -> None:
    with pytest.raises(WandsFormatError, match=message):
        load_wands(*_write(tmp_path, **{which: text}))


def test_missing_file_is_a_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="nope.tsv: cannot read"):
        load_products(tmp_path / "nope.tsv")


def test_command_reports_a_bad_file_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from recommender.__main__ import main

    queries, labels, products = _write(tmp_path, labels=LABELS + "2\t10\tGood\n")
    code = main(["evaluate", "--queries", str(queries), "--labels", str(labels), "--products", str(products),
                 "--out", str(tmp_path / "out")])
    assert code == 2
    assert "labels.tsv:8: field 'label'" in capsys.readouterr().err


# --- the real run on wands-dev (about a minute: it embeds 6,482 products) -----------------------

@pytest.fixture(scope="module")
def wands_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    if not (WANDS_DEV / "labels.tsv").is_file():
        pytest.fail(f"{WANDS_DEV} is missing: the shared data folder must sit beside the repo")
    out = tmp_path_factory.mktemp("evaluate") / "results"  # does not exist yet: the command creates it
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "recommender", "evaluate", "--queries", str(WANDS_DEV / "queries.tsv"),
         "--labels", str(WANDS_DEV / "labels.tsv"), "--products", str(WANDS_DEV / "products.tsv"),
         "--out", str(out)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=1800, check=False,
    )
    return result, out


def test_evaluate_writes_metrics_of_the_agreed_shape(wands_run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    result, out = wands_run
    assert result.returncode == 0, result.stderr[-2000:]
    metrics = json.loads((out / "metrics.json").read_text())
    assert list(metrics) == ["bm25", "dense", "hybrid"]
    for values in metrics.values():
        assert list(values) == ["ndcg@10", "recall@50", "mrr"]
        assert all(isinstance(v, float) and 0.0 <= v <= 1.0 for v in values.values())
    assert metrics["hybrid"]["ndcg@10"] > metrics["bm25"]["ndcg@10"]
    assert metrics["hybrid"]["ndcg@10"] > metrics["dense"]["ndcg@10"]
    assert "hybrid" in result.stdout and "ndcg@10" in result.stdout


def test_evaluate_writes_valid_pngs_and_a_report(wands_run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    result, out = wands_run
    assert result.returncode == 0, result.stderr[-2000:]
    for name in ("methods.png", "per_query_ndcg.png"):
        data = (out / name).read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) > 1000, name
    report = json.loads((out / "report.json").read_text())
    assert report["data"]["queries"] == 20 and report["data"]["products"] == 6482
    assert report["data"]["judgement_lines"] == 3401 and report["data"]["repeated_pairs"] == 9
    assert report["data"]["conflicting_pairs"] == 1
    assert len(report["per_query"]) == 20
    record = report["hybrid_vs"]["bm25"]["ndcg@10"]
    assert record["wins"] + record["ties"] + record["losses"] == 20
