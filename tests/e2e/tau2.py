"""τ²-bench retail scenarios as scripted shoppers, and how their outcome is judged.

A scenario pairs a τ² training task (``../shared/data/tau2-retail/tasks-train.json``) with the
messages a shopper following that task's instructions types (``tau2_scripts/*.yml``, ours). The
judge compares the write operations the audit log recorded for the conversation with the task's
expected write actions (``evaluation_criteria.actions``), as multisets: the order of operations
and of items inside one operation do not matter (τ² judges the final database, where they don't
either); arguments must match exactly, except a handoff's free-text summary.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from store.models import WRITE_OPERATIONS

REPO = Path(__file__).resolve().parents[2]
TAU2 = REPO.parent / "shared" / "data" / "tau2-retail"
TASKS_FILE = TAU2 / "tasks-train.json"
DB_FILE = TAU2 / "db.json"
SCRIPTS_DIR = Path(__file__).with_name("tau2_scripts")


@dataclass(frozen=True)
class Scenario:
    """One scripted conversation for one τ² task."""

    task_id: str
    turns: tuple[str, ...]
    note: str = ""

    @property
    def expected(self) -> Counter[str]:
        return expected_writes(self.task_id)


@lru_cache(maxsize=1)
def tasks() -> dict[str, dict[str, Any]]:
    """τ² training tasks by id."""
    return {str(t["id"]): t for t in json.loads(TASKS_FILE.read_text())}


def load_scenarios(folder: Path = SCRIPTS_DIR) -> list[Scenario]:
    """The scripted scenarios of every ``*.yml`` in ``folder``; each must name a task that exists."""
    scenarios = []
    for path in sorted(folder.glob("*.yml")):
        for entry in yaml.safe_load(path.read_text())["scenarios"]:
            task_id = str(entry["task"])
            if task_id not in tasks():
                raise ValueError(f"{path}: task {task_id} is not in {TASKS_FILE.name}")
            turns = entry["turns"]
            if not all(isinstance(t, str) for t in turns):  # YAML reads a bare yes as True
                raise ValueError(f"{path}: task {task_id}: quote every turn, e.g. \"yes\"")
            scenarios.append(Scenario(task_id, tuple(turns), str(entry.get("note", ""))))
    return scenarios


def canonical(op: str, args: Mapping[str, Any]) -> str:
    """One write operation as a comparable string (sorted item pairs, no handoff summary)."""
    args = dict(args)
    if op == "transfer_to_human_agents":
        args = {}
    elif "new_item_ids" in args:
        pairs = sorted(zip(args.pop("item_ids"), args.pop("new_item_ids")))
        args["item_pairs"] = pairs
    elif "item_ids" in args:
        args["item_ids"] = sorted(args["item_ids"])
    return json.dumps({"op": op, "args": args}, sort_keys=True)


def expected_writes(task_id: str) -> Counter[str]:
    """The task's expected write actions, canonical."""
    actions = tasks()[task_id]["evaluation_criteria"]["actions"] or []
    return Counter(canonical(a["name"], a["arguments"]) for a in actions if a["name"] in WRITE_OPERATIONS)


def actual_writes(entries: Iterable[Any]) -> Counter[str]:
    """Audit entries (store.models.AuditEntry), canonical."""
    return Counter(canonical(e.op, e.args) for e in entries)


class Snapshot:
    """The rows write operations change (users, payment methods, orders), kept to put back.

    Scenarios share one database and one pair of running servers; before each scenario the
    test process restores these rows in one transaction, so every scenario starts from the
    store exactly as seeded. The audit log and handoffs are kept: each scenario reads only its
    own conversation's entries.
    """

    def __init__(self, store: Any) -> None:
        from store import schema

        self.engine = store.engine
        self.tables = (schema.users, schema.payment_methods, schema.orders)
        with self.engine.connect() as conn:
            self.rows = {t.name: [dict(r._mapping) for r in conn.execute(t.select())] for t in self.tables}

    def restore(self) -> None:
        with self.engine.begin() as conn:
            for table in reversed(self.tables):
                conn.execute(table.delete())
            for table in self.tables:
                conn.execute(table.insert(), self.rows[table.name])


# ---------------------------------------------------------------------------------------------
# A developer's tool for writing scripts: play scenarios and show transcript + write diff.
#
#   .venv-actions/bin/python -m tests.e2e.tau2 0 23 113          # in-process desk, rough intents
#   .venv-actions/bin/python -m tests.e2e.tau2 --live http://127.0.0.1:5005 --db sqlite:///... 0
#
# In-process mode labels each message with a keyword guess instead of the trained NLU model,
# so it is quick for the desk's logic; the tests (and --live) use the real bot.

_GUESSES = (
    (r"^\s*(yes|yeah|yep|sure|ok|okay|go ahead|confirm|correct)\b", "affirm"),
    (r"^\s*(no|nope|never ?mind|don't|stop)\b", "deny"),
    (r"\b(human|person|agent|representative)\b", "request_human"),
    (r"\bcancel", "cancel_order"),
    (r"\breturn", "return_items"),
    (r"\bexchange", "exchange_items"),
    (r"\bdefault address|\bmy address\b|\baccount address", "change_default_address"),
    (r"\baddress\b", "modify_order_address"),
    (r"\b(change|modify|switch|swap)\b.*\b(pending|order)", "modify_order_items"),
    (r"\b(status|where is|tracking|how much did i pay|arrive)", "order_status"),
)


def guess_intent(text: str) -> str:
    import re

    for pattern, intent in _GUESSES:
        if re.search(pattern, text, re.I):
            return intent
    return "inform"


def _play_in_process(scenario: Scenario, store: Any) -> tuple[list[str], Counter[str]]:
    from support.desk import Desk, Message
    from support.state import Draft, Session

    desk, draft, session = Desk(store), Draft(), Session()
    lines: list[str] = []
    conversation = f"dev-{scenario.task_id}"
    for text in scenario.turns:
        if draft.outcome is not None:
            draft = Draft()
        intent = guess_intent(text)
        lines.append(f"> [{intent}] {text}")
        if intent == "request_human":  # what actions/handoff.py does: record, pause, stop here
            store.transfer_to_human_agents(desk.transfer_summary(draft, session, "shopper asked for a person"),
                                           reason="shopper asked for a person", conversation_id=conversation)
            lines.append("< (handed over to a person; the bot is paused)")
            break
        turn = desk.handle(Message(text, intent), draft, session)
        draft, session = turn.draft, turn.session
        lines += [f"< {r.text}" for r in turn.replies]
        if turn.stepped_aside:
            lines.append("< (steps aside)")
        elif turn.done:
            lines += [f"< {r.text}" for r in desk.execute(draft, session, conversation, store)]
        elif draft.question:
            lines.append(f"< {draft.question['text']}")
    return lines, actual_writes(store.audit_log(conversation_id=conversation))


def _play_live(scenario: Scenario, base: str, store: Any) -> tuple[list[str], Counter[str]]:
    import uuid

    import requests

    sender = f"dev-{scenario.task_id}-{uuid.uuid4().hex[:6]}"
    lines: list[str] = []
    for text in scenario.turns:
        reply = requests.post(f"{base}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=120)
        lines.append(f"> {text}")
        lines += [f"< {m.get('text', '')}" for m in reply.json()]
    return lines, actual_writes(store.audit_log(conversation_id=sender))


def main(argv: list[str] | None = None) -> int:
    import argparse
    import tempfile

    from store import ShopStore, StoreSettings

    parser = argparse.ArgumentParser(description="play τ² scenario scripts and compare writes")
    parser.add_argument("tasks", nargs="*", help="task ids (default: all scripted)")
    parser.add_argument("--live", help="Rasa server URL; default: the desk in-process")
    parser.add_argument("--db", help="the live bot's SHOP_DB_URL (required with --live)")
    parser.add_argument("--quiet", action="store_true", help="only the verdicts")
    args = parser.parse_args(argv)
    scenarios = [s for s in load_scenarios() if not args.tasks or s.task_id in args.tasks]
    url = args.db or f"sqlite:///{tempfile.mkdtemp()}/shop.db"
    store = ShopStore.open(StoreSettings(db_url=url, seed_file=DB_FILE))
    snapshot = Snapshot(store)
    failed = 0
    for scenario in scenarios:
        snapshot.restore()
        if args.live:
            lines, written = _play_live(scenario, args.live, store)
        else:
            lines, written = _play_in_process(scenario, store)
        ok = written == scenario.expected
        failed += not ok
        print(f"=== task {scenario.task_id}: {'OK' if ok else 'FAIL'}")
        if not ok or not args.quiet:
            print("\n".join(lines))
        if not ok:
            print("expected:", *sorted(scenario.expected.elements()), sep="\n  ")
            print("written: ", *sorted(written.elements()), sep="\n  ")
    print(f"{len(scenarios) - failed}/{len(scenarios)} scenarios write exactly what their task expects")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
