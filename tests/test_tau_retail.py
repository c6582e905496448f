"""tau-bench's retail tools over document tables: results, records, refusals."""

from __future__ import annotations

import pytest

from tests.tau_fixture import call, doc, loads, state, unchanged


def test_cancel_pending_order_refunds_a_gift_card_at_once() -> None:
    st = state("retail")
    order = loads(call(st, "cancel_pending_order", order_id="#W001", reason="no longer needed"))
    assert order["status"] == "cancelled"
    assert order["cancel_reason"] == "no longer needed"
    assert order["payment_history"][-1] == {
        "transaction_type": "refund",
        "amount": 30.1,
        "payment_method_id": "gift_card_2",
    }
    assert doc(st, "users", "bo_chen_2")["payment_methods"]["gift_card_2"]["balance"] == 80.6


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"order_id": "#W9", "reason": "no longer needed"}, "Error: order not found"),
        (
            {"order_id": "#W002", "reason": "no longer needed"},
            "Error: non-pending order cannot be cancelled",
        ),
        ({"order_id": "#W001", "reason": "too slow"}, "Error: invalid reason"),
    ],
)
def test_cancel_refusals(arguments: dict[str, str], error: str) -> None:
    st = state("retail")
    assert call(st, "cancel_pending_order", **arguments) == error
    assert unchanged(st, "retail")


def _swap(**changes: object) -> dict[str, object]:
    arguments: dict[str, object] = {
        "order_id": "#W002",
        "item_ids": ["I1"],
        "new_item_ids": ["I2"],
        "payment_method_id": "paypal_2",
    }
    arguments.update(changes)
    return arguments


def test_exchange_records_the_request_and_rounded_difference() -> None:
    st = state("retail")
    call(st, "exchange_delivered_order_items", **_swap())
    order = doc(st, "orders", "#W002")
    assert order["status"] == "exchange requested"
    assert order["exchange_items"] == ["I1"]
    assert order["exchange_new_items"] == ["I2"]
    assert order["exchange_payment_method_id"] == "paypal_2"
    assert order["exchange_price_difference"] == 5.15


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"order_id": "#W001"}, "Error: non-delivered order cannot be exchanged"),
        ({"item_ids": ["I9"]}, "Error: I9 not found"),
        ({"item_ids": ["I1", "I1"], "new_item_ids": ["I2", "I2"]}, "Error: I1 not found"),
        ({"new_item_ids": ["I2", "I3"]}, "Error: the number of items to be exchanged should match"),
        ({"new_item_ids": ["I3"]}, "Error: new item I3 not found or available"),
        ({"payment_method_id": "paypal_3"}, "Error: payment method not found"),
    ],
)
def test_exchange_refusals(changes: dict[str, object], error: str) -> None:
    st = state("retail")
    assert call(st, "exchange_delivered_order_items", **_swap(**changes)) == error
    assert unchanged(st, "retail")


def test_finding_users() -> None:
    st = state("retail")
    assert call(st, "find_user_id_by_email", email="bo.chen@EXAMPLE.com") == "bo_chen_2"
    assert call(st, "find_user_id_by_email", email="x@example.com") == "Error: user not found"
    found = call(st, "find_user_id_by_name_zip", first_name="bo", last_name="CHEN", zip="80201")
    assert found == "bo_chen_3"
    missing = call(st, "find_user_id_by_name_zip", first_name="Bo", last_name="Chen", zip="1")
    assert missing == "Error: user not found"


def test_details_and_product_types() -> None:
    st = state("retail")
    assert loads(call(st, "get_order_details", order_id="#W001"))["status"] == "pending"
    assert call(st, "get_order_details", order_id="#X") == "Error: order not found"
    assert loads(call(st, "get_product_details", product_id="P2"))["name"] == "Desk"
    assert call(st, "get_product_details", product_id="P9") == "Error: product not found"
    assert loads(call(st, "get_user_details", user_id="bo_chen_3"))["orders"] == []
    assert call(st, "get_user_details", user_id="x") == "Error: user not found"
    assert call(st, "list_all_product_types") == '{"Desk": "P2", "Lamp": "P1"}'


ADDRESS = {
    "address1": "2 New St",
    "address2": "",
    "city": "Reno",
    "state": "NV",
    "country": "USA",
    "zip": "89501",
}


def test_addresses() -> None:
    st = state("retail")
    assert call(st, "modify_pending_order_address", order_id="#W002", **ADDRESS) == (
        "Error: non-pending order cannot be modified"
    )
    call(st, "modify_pending_order_address", order_id="#W001", **ADDRESS)
    assert doc(st, "orders", "#W001")["address"] == ADDRESS
    assert call(st, "modify_user_address", user_id="x", **ADDRESS) == "Error: user not found"
    call(st, "modify_user_address", user_id="bo_chen_3", **ADDRESS)
    assert doc(st, "users", "bo_chen_3")["address"] == ADDRESS


def test_modify_items_pays_from_the_gift_card_and_takes_the_variant() -> None:
    st = state("retail")
    arguments = _swap(order_id="#W001", payment_method_id="gift_card_2")
    call(st, "modify_pending_order_items", **arguments)
    order = doc(st, "orders", "#W001")
    assert order["status"] == "pending (item modified)"
    assert order["items"][0]["item_id"] == "I2"
    assert order["items"][0]["options"] == {"color": "blue"}
    assert order["payment_history"][-1]["transaction_type"] == "payment"
    assert doc(st, "users", "bo_chen_2")["payment_methods"]["gift_card_2"]["balance"] == 45.35
    missing = call(
        state("retail"),
        "modify_pending_order_items",
        **_swap(order_id="#W001", payment_method_id="x"),
    )
    assert missing == "Error: payment method not found"


def test_modify_payment_swaps_and_refunds_the_gift_card() -> None:
    st = state("retail")
    same = call(
        st, "modify_pending_order_payment", order_id="#W001", payment_method_id="gift_card_2"
    )
    assert same == "Error: the new payment method should be different from the current one"
    call(st, "modify_pending_order_payment", order_id="#W001", payment_method_id="paypal_2")
    history = doc(st, "orders", "#W001")["payment_history"]
    assert [(h["transaction_type"], h["payment_method_id"]) for h in history] == [
        ("payment", "gift_card_2"),
        ("payment", "paypal_2"),
        ("refund", "gift_card_2"),
    ]
    assert doc(st, "users", "bo_chen_2")["payment_methods"]["gift_card_2"]["balance"] == 80.6
    again = call(
        st, "modify_pending_order_payment", order_id="#W001", payment_method_id="credit_card_2"
    )
    assert again == "Error: there should be exactly one payment for a pending order"


def test_returns() -> None:
    st = state("retail")
    wrong_method = call(
        st,
        "return_delivered_order_items",
        order_id="#W002",
        item_ids=["I1"],
        payment_method_id="paypal_2",
    )
    assert wrong_method == (
        "Error: payment method should be either the original payment method or a gift card"
    )
    none_item = call(
        st,
        "return_delivered_order_items",
        order_id="#W002",
        item_ids=[None],
        payment_method_id="credit_card_2",
    )
    assert none_item == "Error: some item not found"
    assert unchanged(st, "retail")
    call(
        st,
        "return_delivered_order_items",
        order_id="#W002",
        item_ids=["D1", "I1"],
        payment_method_id="gift_card_2",
    )
    order = doc(st, "orders", "#W002")
    assert order["status"] == "return requested"
    assert order["return_items"] == ["D1", "I1"]
    assert order["return_payment_method_id"] == "gift_card_2"
