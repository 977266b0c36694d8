"""Handing a conversation to staff: the open handoff, its audit row, listing and closing."""

from __future__ import annotations

import pytest

from store import PolicyError, ShopStore

TRANSCRIPT = [{"role": "user", "text": "I want to talk to a person"}, {"role": "bot", "text": "One moment."}]


def test_transfer_opens_a_handoff_and_audits_the_summary(store: ShopStore) -> None:
    handoff = store.transfer_to_human_agents(
        "Wants to return a gift.",
        reason="shopper asked for a human",
        transcript=TRANSCRIPT,
        user_id="yusuf_rossi_9620",
        conversation_id="conv-1",
        acting_user_id="yusuf_rossi_9620",
    )
    assert (handoff.status, handoff.conversation_id, handoff.user_id) == ("open", "conv-1", "yusuf_rossi_9620")
    assert handoff.transcript == tuple(TRANSCRIPT)
    assert handoff.closed_at is None and handoff.closed_by is None
    assert store.latest_handoff("conv-1") == handoff
    assert store.handoffs("open") == [handoff]
    [entry] = store.audit_log("conv-1")
    assert (entry.op, dict(entry.args)) == ("transfer_to_human_agents", {"summary": "Wants to return a gift."})


def test_close_handoff(store: ShopStore) -> None:
    first = store.transfer_to_human_agents("First.", reason="policy", conversation_id="conv-2")
    second = store.transfer_to_human_agents("Second.", reason="policy", conversation_id="conv-2")
    other = store.transfer_to_human_agents("Other.", reason="policy", conversation_id="conv-3")
    closed = store.close_handoff("conv-2", "dana@shop")
    assert (closed.id, closed.status, closed.closed_by) == (second.id, "closed", "dana@shop")
    assert closed.closed_at >= closed.created_at
    assert store.latest_handoff("conv-2") == closed
    assert [h.id for h in store.handoffs("open")] == [first.id, other.id]
    assert [h.id for h in store.handoffs("closed")] == [second.id]
    assert [h.id for h in store.handoffs()] == [first.id, second.id, other.id]
    assert store.close_handoff("conv-2", "dana@shop").id == first.id
    assert store.close_handoff("conv-2", "dana@shop") is None
    assert store.latest_handoff("conv-unknown") is None


def test_transfer_refusals(store: ShopStore) -> None:
    with pytest.raises(PolicyError, match="needs a summary"):
        store.transfer_to_human_agents("  ", reason="policy", conversation_id="conv-4")
    with pytest.raises(PolicyError, match="your own account"):
        store.transfer_to_human_agents("x", reason="policy", user_id="a", acting_user_id="b")
    assert store.handoffs() == [] and store.audit_log() == []
