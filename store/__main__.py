"""Command line for the shop database named by ``SHOP_DB_URL``.

    python -m store init                          create the tables, seed an empty database, print counts
    python -m store audit [--conversation ID]     the audit log as JSON lines, oldest first
    python -m store handoffs [--status open]      handoffs as JSON lines, oldest first

Exit status: 0 on success, 2 when the database cannot be reached (or the URL is malformed),
1 for any other store error (e.g. a malformed seed file).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from store.config import load_store_settings
from store.database import ShopStore
from store.errors import StoreError, StoreUnavailable

__all__ = ["main"]


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None, out: TextIO | None = None) -> int:
    """Run one command.

    Args:
        argv: The arguments after ``python -m store``; ``sys.argv[1:]`` when None.
        env: Environment to read ``SHOP_DB_URL`` and ``SHOP_STORE_FILE`` from; ``os.environ`` when None.
        out: Where results go; standard output when None. Errors go to standard error.

    Returns:
        The exit status.
    """
    args = _parser().parse_args(argv)
    out = out or sys.stdout
    settings = load_store_settings(os.environ if env is None else env)
    try:
        store = ShopStore.open(settings, seed=args.command == "init")
    except StoreUnavailable as exc:
        print(f"store: {exc}", file=sys.stderr)
        return 2
    except StoreError as exc:
        print(f"store: {exc}", file=sys.stderr)
        return 1
    try:
        if args.command == "init":
            report = {"seeded_now": store.seeded is not None, "seeded_from": store.seeded_from(), **store.row_counts()}
            _print_json(report, out)
        elif args.command == "audit":
            for entry in store.audit_log(args.conversation):
                _print_json(entry.as_dict(), out)
        else:
            for handoff in store.handoffs(args.status):
                _print_json(dataclasses.asdict(handoff), out)
    finally:
        store.close()
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m store", description="The shop database named by SHOP_DB_URL.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init", help="create the tables, seed an empty database from SHOP_STORE_FILE, print counts")
    audit = commands.add_parser("audit", help="print the audit log as JSON lines, oldest first")
    audit.add_argument("--conversation", metavar="ID", help="only this conversation's writes")
    handoffs = commands.add_parser("handoffs", help="print handoffs as JSON lines, oldest first")
    handoffs.add_argument("--status", choices=("open", "closed"), help="only handoffs with this status")
    return parser


def _print_json(record: Mapping[str, Any], out: TextIO) -> None:
    out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    sys.exit(main())
