"""PNG charts of an :class:`~recommender.evaluation.runner.Evaluation` (matplotlib, headless).

matplotlib is imported inside each function with the Agg backend, so importing this module costs
nothing and no display is needed.
"""

from __future__ import annotations

from pathlib import Path

from recommender.evaluation.runner import METHODS, METRICS, Evaluation

__all__ = ["plot_means", "plot_per_query"]

COLOURS = {"bm25": "#4C72B0", "dense": "#DD8452", "hybrid": "#55A868"}


def _pyplot():  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_means(evaluation: Evaluation, path: Path) -> Path:
    """One grouped bar chart: each metric's mean for BM25, dense and hybrid.

    Args:
        evaluation: The results.
        path: PNG to write.

    Returns:
        ``path``.
    """
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 4.2))
    width = 0.8 / len(METHODS)
    for n, method in enumerate(METHODS):
        values = [evaluation.means[method][metric] or 0.0 for metric in METRICS]
        xs = [i + (n - (len(METHODS) - 1) / 2) * width for i in range(len(METRICS))]
        bars = ax.bar(xs, values, width, label=method, color=COLOURS[method])
        ax.bar_label(bars, fmt="%.3f", fontsize=8, padding=2)
    ax.set_xticks(range(len(METRICS)), METRICS)
    ax.set_ylim(0, 1.1)
    ax.set_ylabel("mean over queries")
    ax.set_title(f"Search quality on {len(evaluation.queries)} queries")
    ax.legend(loc="upper right", ncols=len(METHODS), fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return Path(path)


def plot_per_query(evaluation: Evaluation, path: Path, metric: str = METRICS[0]) -> Path:
    """Grouped bars of one metric per query for the three methods, queries in file order.

    Args:
        evaluation: The results.
        path: PNG to write.
        metric: Which metric (default nDCG@10).

    Returns:
        ``path``.
    """
    plt = _pyplot()
    queries = evaluation.queries
    fig, ax = plt.subplots(figsize=(max(8, 0.55 * len(queries) + 2), 5))
    width = 0.8 / len(METHODS)
    for n, method in enumerate(METHODS):
        values = [q.metrics[method][metric] or 0.0 for q in queries]
        xs = [i + (n - (len(METHODS) - 1) / 2) * width for i in range(len(queries))]
        ax.bar(xs, values, width, label=method, color=COLOURS[method])
    labels = [q.query if len(q.query) <= 28 else q.query[:26] + "…" for q in queries]
    ax.set_xticks(range(len(queries)), labels, rotation=60, ha="right", fontsize=8)
    ax.set_ylim(0, 1.15)  # headroom for the legend above bars that reach 1.0
    ax.set_ylabel(metric)
    ax.set_title(f"{metric} per query ({len(queries)} queries)")
    ax.legend(loc="upper right", ncols=len(METHODS), fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return Path(path)
