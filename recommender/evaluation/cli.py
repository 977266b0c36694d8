"""``python -m recommender evaluate``: BM25 vs dense vs hybrid on a WANDS-format query set.

Writes to the ``--out`` folder (created if missing):

* ``metrics.json``: exactly ``{"bm25": {"ndcg@10", "recall@50", "mrr"}, "dense": {...}, "hybrid": {...}}``
* ``report.json``: per-query metrics and top products, per-query wins/ties/losses of the hybrid
  against each baseline, data counts, how repeated judgements were resolved, timings, settings.
* ``methods.png`` (the three metrics per method) and ``per_query_ndcg.png``.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from recommender.evaluation.runner import Evaluation
    from recommender.evaluation.wands import WandsData

__all__ = ["format_table", "run_evaluate", "write_outputs"]

METRICS_FILE = "metrics.json"
REPORT_FILE = "report.json"
MEANS_PNG = "methods.png"
PER_QUERY_PNG = "per_query_ndcg.png"


def run_evaluate(args: argparse.Namespace) -> int:
    """Load the files, evaluate the three methods, write the outputs and print a table.

    Args:
        args: ``queries``, ``labels``, ``products`` (TSV paths) and ``out`` (folder).

    Returns:
        0 on success. Malformed files raise :class:`~recommender.evaluation.wands.WandsFormatError`
        (a ``ValueError``), which the command line reports as ``error: ...``.
    """
    from recommender.config import load_settings
    from recommender.embedding import SentenceEncoder
    from recommender.evaluation.runner import evaluate
    from recommender.evaluation.wands import load_wands

    started = time.perf_counter()
    data = load_wands(Path(args.queries), Path(args.labels), Path(args.products))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    evaluation = evaluate(data, SentenceEncoder(load_settings().embedding_model))
    evaluation.timings["total"] = time.perf_counter() - started
    write_outputs(evaluation, data, out)
    print(format_table(evaluation))
    print(f"wrote {out / METRICS_FILE}, {out / REPORT_FILE}, {out / MEANS_PNG}, {out / PER_QUERY_PNG}")
    return 0


def write_outputs(evaluation: Evaluation, data: WandsData, out: Path) -> None:
    """Write metrics.json, report.json and both PNGs into ``out``."""
    from recommender.evaluation.plots import plot_means, plot_per_query
    from recommender.evaluation.runner import METHODS, METRICS, compare

    metrics = {m: {metric: _round(evaluation.means[m][metric]) for metric in METRICS} for m in METHODS}
    (out / METRICS_FILE).write_text(json.dumps(metrics, indent=1) + "\n")
    report = {
        "means": metrics,
        "queries_per_mean": evaluation.counted,
        "hybrid_vs": {
            baseline: {metric: compare(evaluation, "hybrid", baseline, metric) for metric in METRICS}
            for baseline in METHODS if baseline != "hybrid"
        },
        "data": {
            "queries": len(data.queries),
            "products": len(data.products),
            "judgement_lines": data.judgements,
            "judged_pairs": sum(len(g) for g in data.gains.values()),
            "repeated_pairs": len(data.duplicates),
            "conflicting_pairs": sum(len(set(d.labels)) > 1 for d in data.duplicates),
            "repeat_rule": "a repeated (query, product) pair counts once, at its highest label",
            "repeats": [asdict(d) for d in data.duplicates],
        },
        "settings": evaluation.settings,
        "timings_seconds": {k: round(v, 4) for k, v in evaluation.timings.items()},
        "per_query": [
            {"query_id": q.query_id, "query": q.query, "exact_products": q.exact,
             "metrics": {m: {k: _round(v) for k, v in q.metrics[m].items()} for m in METHODS},
             "retrieved": q.retrieved, "top_product_ids": q.top}
            for q in evaluation.queries
        ],
    }
    (out / REPORT_FILE).write_text(json.dumps(report, indent=1) + "\n")
    plot_means(evaluation, out / MEANS_PNG)
    plot_per_query(evaluation, out / PER_QUERY_PNG)


def format_table(evaluation: Evaluation) -> str:
    """The means as a small text table, plus the hybrid's per-query nDCG record."""
    from recommender.evaluation.runner import METHODS, METRICS, compare

    lines = [f"{'method':<8}" + "".join(f"{metric:>11}" for metric in METRICS)]
    for method in METHODS:
        cells = "".join(f"{_cell(evaluation.means[method][metric]):>11}" for metric in METRICS)
        lines.append(f"{method:<8}{cells}")
    for baseline in ("bm25", "dense"):
        c = compare(evaluation, "hybrid", baseline)
        lines.append(f"hybrid vs {baseline} on {METRICS[0]}: {c['wins']} wins, {c['ties']} ties, "
                     f"{c['losses']} losses")
    return "\n".join(lines)


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)


def _cell(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4f}"
