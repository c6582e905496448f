"""tau-bench's end-state hash computed from convsim's records: the golden values were
computed by tau-bench's own reward code on the fixture data (outside the repo)."""

from __future__ import annotations

from tau_fixture import domain, state
from tau_records import BAGS, PRISTINE_HASH, TASK1_GT_HASH

from agents.checks.replay import Call, expected_snapshot
from scenarios.domains.tau.data_hash import data_hash


def test_the_fixture_records_hash_as_tau_bench_hashes_them() -> None:
    st = state("airline")
    try:
        assert data_hash(st.snapshot()) == PRISTINE_HASH
        st.call("cancel_reservation", {"reservation_id": "RES001"})
        assert data_hash(st.snapshot()) == TASK1_GT_HASH
    finally:
        st.close()


def test_types_and_list_order_change_the_hash_and_key_order_does_not() -> None:
    def after(*calls: Call) -> str:
        return data_hash(expected_snapshot(domain("airline"), list(calls)))

    bags = after(Call("update_reservation_baggages", BAGS))
    assert bags != PRISTINE_HASH
    assert after(Call("update_reservation_baggages", {**BAGS, "total_baggages": 3.0})) != bags
    assert after(Call("update_reservation_baggages", dict(reversed(BAGS.items())))) == bags
    assert after(Call("think", {"thought": "x"})) == PRISTINE_HASH
    assert after(Call("transfer_to_human_agents", {"summary": "x"})) == PRISTINE_HASH
