"""Benchmarks of the first slice; prints one JSON document. Run with ``make bench``.

Measures, each in one run so ratios are comparable on a noisy machine:

- index build throughput (items/s) against raw ``model.encode`` on the same texts;
- search latency p50/p95 (parse + filter + FAISS + diversify) on the demo catalog and on a
  ~100k-item synthetic catalog from the same generator;
- REST turn latency p50/p95 of a greet turn (NLU + a response) against a search turn (NLU +
  action server + recommender) on the same running servers.

Numbers are for the closing note and for spotting regressions by eye; no test asserts on them.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from recommender.catalog import load_catalog, parse_catalog  # noqa: E402
from recommender.demo_store import generate_store, write_store  # noqa: E402
from recommender.embedding import SentenceEncoder  # noqa: E402
from recommender.engine import Recommender  # noqa: E402
from recommender.index import build_index, item_text  # noqa: E402
from recommender.query import QueryParser  # noqa: E402

QUERIES = [
    "a blue cotton t-shirt under $60",
    "black leather boots",
    "red running shoes size 10",
    "wireless headphones between 50 and 150",
    "something warm for winter",
    "a gift for a coffee lover under 80",
    "yoga mat in stock",
    "linen shirt",
]


def _percentiles(samples: list[float]) -> dict[str, float]:
    ms = np.asarray(samples) * 1000
    return {"p50_ms": round(float(np.percentile(ms, 50)), 2), "p95_ms": round(float(np.percentile(ms, 95)), 2),
            "n": len(samples)}


def bench_build(catalog, encoder: SentenceEncoder) -> dict:
    texts = [item_text(catalog.product_of(v), v) for v in catalog.variants()]
    encoder.encode(texts[:64])  # load the model outside the timings
    started = time.perf_counter()
    encoder.encode(texts)
    raw = time.perf_counter() - started
    started = time.perf_counter()
    build_index(catalog, encoder)
    build = time.perf_counter() - started
    return {"items": len(texts), "raw_encode_items_per_s": round(len(texts) / raw, 1),
            "index_build_items_per_s": round(len(texts) / build, 1),
            "build_vs_raw_encode": round(build / raw, 3)}


def bench_search(recommender: Recommender, rounds: int) -> dict:
    samples = []
    for _ in range(rounds):
        for query in QUERIES:
            started = time.perf_counter()
            parsed = recommender.parse(query)
            recommender.search(parsed.semantic_text, parsed.filters)
            samples.append(time.perf_counter() - started)
    return _percentiles(samples)


def bench_rest(store_file: Path, work: Path, turns: int) -> dict:
    from tests.e2e.harness import running_servers

    with running_servers(store_file, work) as servers:
        greet, search = [], []
        for n in range(turns):
            for kind, samples, text in (("g", greet, "hello"), ("s", search, QUERIES[n % len(QUERIES)])):
                started = time.perf_counter()
                servers.say(f"bench-{kind}-{n}", text)
                samples.append(time.perf_counter() - started)
    result = {"greet_turn": _percentiles(greet), "search_turn": _percentiles(search)}
    result["search_vs_greet_p50"] = round(result["search_turn"]["p50_ms"] / result["greet_turn"]["p50_ms"], 2)
    return result


def main() -> None:
    """Run the benchmarks and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--large-products", type=int, default=25_000,
                        help="products in the synthetic catalog (~4 items each; default ~100k items)")
    parser.add_argument("--rounds", type=int, default=25, help="search rounds over the query set")
    parser.add_argument("--turns", type=int, default=30, help="REST turns of each kind")
    parser.add_argument("--skip-rest", action="store_true", help="do not start the servers")
    args = parser.parse_args()

    encoder = SentenceEncoder()
    report: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        store_file = write_store(work / "demo-store.json")
        demo = load_catalog(store_file)
        report["build_demo"] = bench_build(demo, encoder)
        index = build_index(demo, encoder)
        report["search_demo"] = bench_search(Recommender(demo, index, encoder, QueryParser.from_catalog(demo)),
                                             args.rounds)

        large = parse_catalog(generate_store(seed=11, n_products=args.large_products, n_users=1, n_orders=0))
        started = time.perf_counter()
        large_index = build_index(large, encoder)
        report["build_large"] = {"items": len(large), "seconds": round(time.perf_counter() - started, 1)}
        large_rec = Recommender(large, large_index, encoder, QueryParser.from_catalog(large))
        report["search_large"] = bench_search(large_rec, max(3, args.rounds // 5))
        report["search_large"]["items"] = len(large)

        if not args.skip_rest:
            rest_dir = work / "rest"
            rest_dir.mkdir()
            report["rest"] = bench_rest(store_file, rest_dir, args.turns)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
