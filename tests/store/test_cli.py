"""``python -m store``: the audit log and handoffs as JSON lines, init, and clear failures."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from store import ShopStore
from store.__main__ import main

REPO = Path(__file__).resolve().parents[2]


def run(args: list[str], env: dict[str, str]) -> tuple[int, list[dict[str, Any]]]:
    out = io.StringIO()
    status = main(args, env=env, out=out)
    return status, [json.loads(line) for line in out.getvalue().splitlines()]


def env_of(store: ShopStore) -> dict[str, str]:
    return {"SHOP_DB_URL": store.settings.db_url, "SHOP_STORE_FILE": str(store.settings.seed_file)}


def test_audit_prints_json_lines_in_write_order(store: ShopStore) -> None:
    store.modify_pending_order_address(
        "#W6247578", "12 Harbor Street", "", "Portland", "ME", "USA", "04101", conversation_id="conv-a"
    )
    store.cancel_pending_order("#W5442520", "no longer needed", conversation_id="conv-b")
    status, lines = run(["audit"], env_of(store))
    assert status == 0
    assert [set(line) for line in lines] == [{"op", "args", "conversation_id", "at"}] * 2
    assert [(line["op"], line["conversation_id"]) for line in lines] == [
        ("modify_pending_order_address", "conv-a"),
        ("cancel_pending_order", "conv-b"),
    ]
    assert lines[1]["args"] == {"order_id": "#W5442520", "reason": "no longer needed"}
    status, lines = run(["audit", "--conversation", "conv-b"], env_of(store))
    assert (status, [line["op"] for line in lines]) == (0, ["cancel_pending_order"])


def test_handoffs_prints_json_lines(store: ShopStore) -> None:
    store.transfer_to_human_agents("Needs a human.", reason="asked", conversation_id="conv-h")
    store.transfer_to_human_agents("Another.", reason="asked", conversation_id="conv-i")
    store.close_handoff("conv-i", "dana")
    status, lines = run(["handoffs", "--status", "open"], env_of(store))
    assert status == 0
    assert [(line["conversation_id"], line["status"], line["summary"]) for line in lines] == [
        ("conv-h", "open", "Needs a human.")
    ]
    assert len(run(["handoffs"], env_of(store))[1]) == 2


def test_init_seeds_once_and_prints_counts(tmp_path: Path, tau2_file: Path) -> None:
    env = {"SHOP_DB_URL": f"sqlite:///{tmp_path / 'var' / 'shop.db'}", "SHOP_STORE_FILE": str(tau2_file)}
    status, [report] = run(["init"], env)
    assert status == 0
    assert report["seeded_now"] is True and report["orders"] == 1000 and report["products"] == 50
    assert report["seeded_from"].startswith(f"{tau2_file} ")
    status, [report] = run(["init"], env)
    assert (status, report["seeded_now"], report["users"]) == (0, False, 500)


def test_audit_of_a_new_database_is_empty_and_not_seeded(tmp_path: Path, tau2_file: Path) -> None:
    env = {"SHOP_DB_URL": f"sqlite:///{tmp_path / 'shop.db'}", "SHOP_STORE_FILE": str(tau2_file)}
    assert run(["audit"], env) == (0, [])
    assert run(["init"], env)[1][0]["seeded_now"] is True


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://postgres@127.0.0.1:1/shop", "Cannot use the database at postgresql://postgres@127.0.0.1:1/shop"),
        ("postgresql://shop:s3cret@127.0.0.1:1/shop", "postgresql://shop:***@127.0.0.1:1/shop"),
        ("not a url", "SHOP_DB_URL='not a url' is not a database URL"),
        ("sqlite:////proc/no-such-dir/shop.db", "Cannot create the folder of the SQLite database"),
    ],
)
def test_unreachable_database_exits_2(url: str, expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit"], env={"SHOP_DB_URL": url}) == 2
    err = capsys.readouterr().err
    assert err.startswith("store: ") and expected in err
    assert "s3cret" not in err


def test_a_bad_seed_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = {"SHOP_DB_URL": f"sqlite:///{tmp_path / 'shop.db'}", "SHOP_STORE_FILE": str(tmp_path / "none.json")}
    assert main(["init"], env=env) == 1
    assert "does not exist" in capsys.readouterr().err


def test_python_m_store_audit(store: ShopStore) -> None:
    """The real command line, as ``make audit`` runs it."""
    store.cancel_pending_order("#W6247578", "ordered by mistake", conversation_id="conv-cli")
    done = subprocess.run(
        [sys.executable, "-m", "store", "audit"],
        cwd=REPO,
        env={"SHOP_DB_URL": store.settings.db_url, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    [line] = [json.loads(text) for text in done.stdout.splitlines()]
    assert line["op"] == "cancel_pending_order" and line["conversation_id"] == "conv-cli"
    assert line["args"] == {"order_id": "#W6247578", "reason": "ordered by mistake"}
