"""Command line for the recommender: ``python -m recommender COMMAND``.

Commands:
    generate-store  write the deterministic demo store (JSON)
    validate        check a store file and list every problem
    build           load or (re)build the FAISS index for the configured store
    search          parse a shopper query and print ranked results
    similar         print items similar to an item id

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
    index, rebuilt = load_or_build(catalog, encoder, settings.index_dir, progress=not args.quiet)
    state = f"built in {index.manifest.build_seconds:.1f} s" if rebuilt else "up to date"
    print(f"index for {settings.store_file}: {len(index)} items, {state} ({settings.index_dir})")
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
    commands.choices["search"].add_argument("text", help="shopper query")
    commands.choices["similar"].add_argument("item_id", help="item id")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; a bad store file or unknown id exits 2 with the reason on stderr."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except CatalogError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except LookupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
