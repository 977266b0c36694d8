"""Command line for the recommender: ``python -m recommender COMMAND``.

Commands:
    generate-store  write the deterministic demo store (JSON)
    validate        check a store file and list every problem
    build           load or (re)build the FAISS index for the configured store
    search          parse a shopper query and print ranked results
    similar         print items similar to an item id
    evaluate        rank a WANDS-format products file for labelled queries: BM25, dense, hybrid
    rules           mine association rules (FP-Growth) from a basket file into a CSV
    cf-evaluate     collaborative filtering vs popularity on a time split of a basket table
    scale-bench     flat vs HNSW vs IVF-PQ on synthetic vectors (build, latency, recall, memory)

Settings come from the environment (see :mod:`recommender.config`); ``--store`` and
``--index-dir`` override them for one call.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import replace
from pathlib import Path

from recommender.catalog import CatalogError, load_catalog
from recommender.config import Settings, load_settings


def _settings(args: argparse.Namespace) -> Settings:
    settings = load_settings()
    if getattr(args, "store", None):
        settings = replace(settings, store_file=Path(args.store))
    if getattr(args, "index_dir", None):
        settings = replace(settings, index_dir=Path(args.index_dir))
    return settings


def _generate_store(args: argparse.Namespace) -> int:
    from recommender.demo_store import write_store

    path = write_store(args.out, seed=args.seed)
    print(f"wrote demo store to {path}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    catalog = load_catalog(args.store_file)
    print(f"{args.store_file}: OK, {len(catalog.products)} products, {len(catalog)} items")
    return 0


def _build(args: argparse.Namespace) -> int:
    from recommender.embedding import SentenceEncoder
    from recommender.index import load_or_build

    settings = _settings(args)
    catalog = load_catalog(settings.store_file)
    encoder = SentenceEncoder(settings.embedding_model)
    index, rebuilt = load_or_build(
        catalog, encoder, settings.index_dir, progress=not args.quiet, flat_max=settings.index_flat_max
    )
    state = f"built in {index.manifest.build_seconds:.1f} s" if rebuilt else "up to date"
    manifest = index.manifest
    print(f"index for {settings.store_file}: {len(index)} items, {manifest.index_kind}, recall@10 vs exact "
          f"{manifest.recall_at_10:.3f}, {state} ({settings.index_dir})")
    return 0


def _print_result(result: object, as_json: bool) -> None:
    from recommender.engine import SearchResult

    assert isinstance(result, SearchResult)
    if as_json:
        print(json.dumps({
            "filters": result.filters.to_dict(),
            "query": result.query,
            "matching": result.matching,
            "hits": [
                {"item_id": h.variant.item_id, "title": h.product.name, "price": h.variant.price,
                 "options": dict(h.variant.options), "score": round(h.score, 4), "reason": h.reason}
                for h in result.hits
            ],
            "relaxations": [o.hint for o in result.relaxations],
        }, indent=1))
        return
    print(f"filters: {result.filters.describe() or '(none)'}; {result.matching} items match")
    for n, hit in enumerate(result.hits, 1):
        options = ", ".join(f"{k} {v}" for k, v in hit.variant.options.items())
        print(f"{n}. {hit.product.name} [{hit.variant.item_id}] ${hit.variant.price:.2f} ({options})")
        print(f"   {hit.reason}")
    for offer in result.relaxations:
        print(f"  nothing matches; try {offer.hint}")


def _search(args: argparse.Namespace) -> int:
    from recommender.engine import Recommender

    recommender = Recommender.load(_settings(args))
    parsed = recommender.parse(args.text)
    _print_result(recommender.search(parsed.semantic_text, parsed.filters, k=args.k), args.json)
    return 0


def _similar(args: argparse.Namespace) -> int:
    from recommender.engine import Recommender

    recommender = Recommender.load(_settings(args))
    _print_result(recommender.more_like(args.item_id, k=args.k), args.json)
    return 0


def _lazy(module: str, function: str):  # type: ignore[no-untyped-def]
    """A command runner imported only when its command runs (no heavy imports for ``--help``)."""

    def run(args: argparse.Namespace) -> int:
        import importlib

        return int(getattr(importlib.import_module(module), function)(args))

    return run


def _add_quality_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The measurement commands of issue 4: search evaluation, rules, CF evaluation, index scale."""
    ev = commands.add_parser("evaluate", help="BM25 vs dense vs hybrid on labelled queries (WANDS format)")
    ev.add_argument("--queries", required=True, help="queries TSV: query_id, query, query_class")
    ev.add_argument("--labels", required=True, help="labels TSV: query_id, product_id, label")
    ev.add_argument("--products", required=True,
                    help="products TSV: product_id, product_name, product_class, category_hierarchy")
    ev.add_argument("--out", required=True, help="folder for metrics.json and the PNG plots")
    ev.set_defaults(run=_lazy("recommender.evaluation.cli", "run_evaluate"))

    rules = commands.add_parser("rules", help="association rules from baskets (FP-Growth)")
    rules.add_argument("--baskets", required=True, help="basket file (one basket per line, or a basket table)")
    rules.add_argument("--min-support", type=float, required=True, help="minimum itemset support, 0..1")
    rules.add_argument("--min-confidence", type=float, required=True, help="minimum rule confidence, 0..1")
    rules.add_argument("--out", required=True, help="CSV to write: antecedents, consequents, support, confidence, lift")
    rules.set_defaults(run=_lazy("recommender.rules", "run_rules"))

    cf = commands.add_parser("cf-evaluate", help="CF vs popularity on a time split of a basket table")
    cf.add_argument("--baskets", required=True, help="basket table: customer_id, invoice, date, items")
    cf.add_argument("--test-fraction", type=float, default=0.2,
                    help="share of invoices, the latest, held out for testing (default 0.2)")
    cf.add_argument("-k", type=int, default=10, help="list length for hit-rate@k and recall@k (default 10)")
    cf.add_argument("--out", help="JSON file for the metrics (default: print only)")
    cf.set_defaults(run=_lazy("recommender.cf_eval", "run_cf_evaluate"))

    scale = commands.add_parser("scale-bench", help="FAISS index kinds on synthetic vectors")
    scale.add_argument("--count", type=int, default=1_000_000, help="vectors (default 1,000,000)")
    scale.add_argument("--dimension", type=int, default=384, help="vector length (default 384)")
    scale.add_argument("--queries", type=int, default=200, help="single-vector queries timed (default 200)")
    scale.add_argument("--out", required=True, help="JSON file for the results")
    scale.set_defaults(run=_lazy("recommender.scale_bench", "run_scale_bench"))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m recommender``."""
    parser = argparse.ArgumentParser(prog="python -m recommender", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    gen = commands.add_parser("generate-store", help="write the demo store")
    gen.add_argument("--out", required=True, help="JSON file to write")
    gen.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    gen.set_defaults(run=_generate_store)

    val = commands.add_parser("validate", help="check a store file")
    val.add_argument("store_file")
    val.set_defaults(run=_validate)

    for name, run, helptext in (("build", _build, "load or build the index"),
                                ("search", _search, "search the catalog"),
                                ("similar", _similar, "items similar to an item")):
        sub = commands.add_parser(name, help=helptext)
        sub.add_argument("--store", help="store file (default: SHOP_STORE_FILE or the demo store)")
        sub.add_argument("--index-dir", help="index folder (default: SHOP_INDEX_DIR or var/index)")
        sub.set_defaults(run=run)
        if name == "build":
            sub.add_argument("--quiet", action="store_true", help="no progress bar")
        else:
            sub.add_argument("-k", type=int, default=5, help="number of results")
            sub.add_argument("--json", action="store_true", help="print JSON")
    _add_quality_commands(commands)
    commands.choices["search"].add_argument("text", help="shopper query")
    commands.choices["similar"].add_argument("item_id", help="item id")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; bad input (a store, basket or TSV file, an unknown id) exits 2 with the reason."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (CatalogError, LookupError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
