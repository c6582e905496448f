"""tau-bench's retail tools, re-implemented over document tables (users, products, orders).

As for the airline tools, each function keeps tau-bench's order of checks and changes and
Python's semantics for the arguments it is given, so the records a call leaves behind are the
ones tau-bench's reward expects: gift-card balances are rounded to cents after each change,
a price difference is summed item by item (and rounded only where tau-bench rounds it), item
lists are stored sorted, and refunds are appended after the payments they reverse.
"""

from __future__ import annotations

from typing import Any

from scenarios.domains.tau.common import TauData, dumps, tau_tool

_CANCEL_REASONS = ("no longer needed", "ordered by mistake")


def _tool(name: str, reads: bool = False) -> Any:
    return tau_tool(f"tau_retail.{name}", reads=reads)


def _address(
    address1: Any, address2: Any, city: Any, state: Any, country: Any, zip: Any
) -> dict[str, Any]:
    return {
        "address1": address1,
        "address2": address2,
        "city": city,
        "state": state,
        "country": country,
        "zip": zip,
    }


def _order_in(data: TauData, order_id: Any, status: str, refusal: str) -> tuple[Any, str | None]:
    """The order, or the error text when it does not exist or is not in `status`."""
    orders = data["orders"]
    if order_id not in orders:
        return None, "Error: order not found"
    order = orders[order_id]
    if order["status"] != status:
        return None, refusal
    return order, None


_ALL_HELD = object()


def _missing_item(order: Any, item_ids: Any) -> Any:
    """The first listed item the order does not hold as many times as listed (which may be
    any JSON value, None included), else `_ALL_HELD`."""
    held = [item["item_id"] for item in order["items"]]
    for item_id in item_ids:
        if item_ids.count(item_id) > held.count(item_id):
            return item_id
    return _ALL_HELD


def _first_item(order: Any, item_id: Any) -> Any:
    # an IndexError, not StopIteration, when absent: its text is what the agent reads
    return [item for item in order["items"] if item["item_id"] == item_id][0]  # noqa: RUF015


def _price_difference(data: TauData, order: Any, item_ids: Any, new_item_ids: Any) -> Any:
    """The sum of new minus old prices, or the error text for a variant that cannot be had."""
    products = data["products"]
    difference = 0
    for item_id, new_item_id in zip(item_ids, new_item_ids):  # noqa: B905 (tau-bench's zip)
        product_id = _first_item(order, item_id)["product_id"]
        variants = products[product_id]["variants"]
        if not (new_item_id in variants and variants[new_item_id]["available"]):
            return None, f"Error: new item {new_item_id} not found or available"
        old_price = _first_item(order, item_id)["price"]
        difference += variants[new_item_id]["price"] - old_price
    return difference, None


def _wallet(data: TauData, order: Any) -> Any:
    return data["users"][order["user_id"]]["payment_methods"]


def _add_to_balance(method: Any, amount: Any) -> None:
    method["balance"] += amount
    method["balance"] = round(method["balance"], 2)


def _take_from_balance(method: Any, amount: Any) -> None:
    method["balance"] -= amount
    method["balance"] = round(method["balance"], 2)


@_tool("cancel_pending_order")
def cancel_pending_order(data: TauData, order_id: Any, reason: Any) -> str:
    order, refusal = _order_in(
        data, order_id, "pending", "Error: non-pending order cannot be cancelled"
    )
    if refusal is not None:
        return refusal
    if reason not in _CANCEL_REASONS:
        return "Error: invalid reason"
    refunds = []
    for paid in order["payment_history"]:
        method_id = paid["payment_method_id"]
        refunds.append(
            {"transaction_type": "refund", "amount": paid["amount"], "payment_method_id": method_id}
        )
        if "gift_card" in method_id:  # gift cards are refunded at once
            _add_to_balance(_wallet(data, order)[method_id], paid["amount"])
    order["status"] = "cancelled"
    order["cancel_reason"] = reason
    order["payment_history"].extend(refunds)
    return dumps(order)


@_tool("exchange_delivered_order_items")
def exchange_delivered_order_items(
    data: TauData, order_id: Any, item_ids: Any, new_item_ids: Any, payment_method_id: Any
) -> str:
    order, refusal = _order_in(
        data, order_id, "delivered", "Error: non-delivered order cannot be exchanged"
    )
    if refusal is not None:
        return refusal
    missing = _missing_item(order, item_ids)
    if missing is not _ALL_HELD:
        return f"Error: {missing} not found"
    if len(item_ids) != len(new_item_ids):
        return "Error: the number of items to be exchanged should match"
    difference, refusal = _price_difference(data, order, item_ids, new_item_ids)
    if refusal is not None:
        return refusal
    difference = round(difference, 2)
    if payment_method_id not in _wallet(data, order):
        return "Error: payment method not found"
    method = _wallet(data, order)[payment_method_id]
    if method["source"] == "gift_card" and method["balance"] < difference:
        return "Error: insufficient gift card balance to pay for the price difference"
    order["status"] = "exchange requested"
    order["exchange_items"] = sorted(item_ids)
    order["exchange_new_items"] = sorted(new_item_ids)
    order["exchange_payment_method_id"] = payment_method_id
    order["exchange_price_difference"] = difference
    return dumps(order)


@_tool("find_user_id_by_email", reads=True)
def find_user_id_by_email(data: TauData, email: Any) -> str:
    for user_id, profile in data["users"].items():
        if profile["email"].lower() == email.lower():
            return user_id
    return "Error: user not found"


@_tool("find_user_id_by_name_zip", reads=True)
def find_user_id_by_name_zip(data: TauData, first_name: Any, last_name: Any, zip: Any) -> str:
    for user_id, profile in data["users"].items():
        name = profile["name"]
        if (
            name["first_name"].lower() == first_name.lower()
            and name["last_name"].lower() == last_name.lower()
            and profile["address"]["zip"] == zip
        ):
            return user_id
    return "Error: user not found"


def _details(data: TauData, table: str, key: Any, missing: str) -> str:
    docs = data[table]
    if key in docs:
        return dumps(docs[key])
    return f"Error: {missing} not found"


@_tool("get_order_details", reads=True)
def get_order_details(data: TauData, order_id: Any) -> str:
    return _details(data, "orders", order_id, "order")


@_tool("get_product_details", reads=True)
def get_product_details(data: TauData, product_id: Any) -> str:
    return _details(data, "products", product_id, "product")


@_tool("get_user_details", reads=True)
def get_user_details(data: TauData, user_id: Any) -> str:
    return _details(data, "users", user_id, "user")


@_tool("list_all_product_types", reads=True)
def list_all_product_types(data: TauData) -> str:
    by_name = {product["name"]: product["product_id"] for product in data["products"].values()}
    return dumps(dict(sorted(by_name.items())))


@_tool("modify_pending_order_address")
def modify_pending_order_address(
    data: TauData,
    order_id: Any,
    address1: Any,
    address2: Any,
    city: Any,
    state: Any,
    country: Any,
    zip: Any,
) -> str:
    order, refusal = _order_in(
        data, order_id, "pending", "Error: non-pending order cannot be modified"
    )
    if refusal is not None:
        return refusal
    order["address"] = _address(address1, address2, city, state, country, zip)
    return dumps(order)


@_tool("modify_pending_order_items")
def modify_pending_order_items(
    data: TauData, order_id: Any, item_ids: Any, new_item_ids: Any, payment_method_id: Any
) -> str:
    order, refusal = _order_in(
        data, order_id, "pending", "Error: non-pending order cannot be modified"
    )
    if refusal is not None:
        return refusal
    missing = _missing_item(order, item_ids)
    if missing is not _ALL_HELD:
        return f"Error: {missing} not found"
    if len(item_ids) != len(new_item_ids):
        return "Error: the number of items to be exchanged should match"
    difference, refusal = _price_difference(data, order, item_ids, new_item_ids)
    if refusal is not None:
        return refusal
    if payment_method_id not in _wallet(data, order):
        return "Error: payment method not found"
    method = _wallet(data, order)[payment_method_id]
    if method["source"] == "gift_card" and method["balance"] < difference:
        return "Error: insufficient gift card balance to pay for the new item"
    order["payment_history"].append(
        {
            "transaction_type": "payment" if difference > 0 else "refund",
            "amount": abs(difference),
            "payment_method_id": payment_method_id,
        }
    )
    if method["source"] == "gift_card":
        _take_from_balance(method, difference)
    variants_of = data["products"]
    for item_id, new_item_id in zip(item_ids, new_item_ids):  # noqa: B905 (tau-bench's zip)
        item = _first_item(order, item_id)
        item["item_id"] = new_item_id
        item["price"] = variants_of[item["product_id"]]["variants"][new_item_id]["price"]
        item["options"] = variants_of[item["product_id"]]["variants"][new_item_id]["options"]
    order["status"] = "pending (item modified)"
    return dumps(order)


@_tool("modify_pending_order_payment")
def modify_pending_order_payment(data: TauData, order_id: Any, payment_method_id: Any) -> str:
    order, refusal = _order_in(
        data, order_id, "pending", "Error: non-pending order cannot be modified"
    )
    if refusal is not None:
        return refusal
    if payment_method_id not in _wallet(data, order):
        return "Error: payment method not found"
    history = order["payment_history"]
    if len(history) > 1 or history[0]["transaction_type"] != "payment":
        return "Error: there should be exactly one payment for a pending order"
    if history[0]["payment_method_id"] == payment_method_id:
        return "Error: the new payment method should be different from the current one"
    amount = history[0]["amount"]
    method = _wallet(data, order)[payment_method_id]
    if method["source"] == "gift_card" and method["balance"] < amount:
        return "Error: insufficient gift card balance to pay for the order"
    history.extend(
        [
            {
                "transaction_type": "payment",
                "amount": amount,
                "payment_method_id": payment_method_id,
            },
            {
                "transaction_type": "refund",
                "amount": amount,
                "payment_method_id": history[0]["payment_method_id"],
            },
        ]
    )
    if method["source"] == "gift_card":
        _take_from_balance(method, amount)
    if "gift_card" in history[0]["payment_method_id"]:
        _add_to_balance(_wallet(data, order)[history[0]["payment_method_id"]], amount)
    return dumps(order)


@_tool("modify_user_address")
def modify_user_address(
    data: TauData,
    user_id: Any,
    address1: Any,
    address2: Any,
    city: Any,
    state: Any,
    country: Any,
    zip: Any,
) -> str:
    users = data["users"]
    if user_id not in users:
        return "Error: user not found"
    user = users[user_id]
    user["address"] = _address(address1, address2, city, state, country, zip)
    return dumps(user)


@_tool("return_delivered_order_items")
def return_delivered_order_items(
    data: TauData, order_id: Any, item_ids: Any, payment_method_id: Any
) -> str:
    order, refusal = _order_in(
        data, order_id, "delivered", "Error: non-delivered order cannot be returned"
    )
    if refusal is not None:
        return refusal
    if payment_method_id not in _wallet(data, order):
        return "Error: payment method not found"
    if (
        "gift_card" not in payment_method_id
        and payment_method_id != order["payment_history"][0]["payment_method_id"]
    ):
        return "Error: payment method should be either the original payment method or a gift card"
    if _missing_item(order, item_ids) is not _ALL_HELD:
        return "Error: some item not found"
    order["status"] = "return requested"
    order["return_items"] = sorted(item_ids)
    order["return_payment_method_id"] = payment_method_id
    return dumps(order)
