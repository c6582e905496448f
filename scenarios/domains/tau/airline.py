"""tau-bench's airline tools, re-implemented over document tables (users, flights,
reservations).

Each function takes tau-bench's arguments by name and does its checks and changes in
tau-bench's order, so a refused call, a call that raises half-way (wrong argument types) and a
successful one leave the same records behind as in tau-bench. Known quirks are kept on
purpose, since its reward depends on them: a new reservation's seats are not taken from the
flight, a flight change does not store the new cabin, reservation ids are HATHAT, HATHAU, then
HATHAV (reused after that), and a missing reservation is reported as "user not found".
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from scenarios.domains.tau.common import TauData, dumps, tau_tool

_NEW_RESERVATION_IDS = ("HATHAT", "HATHAU", "HATHAV")
_CREATED_AT = "2024-05-15T15:00:00"
_PREPAID_SOURCES = ("gift_card", "certificate")
_CERTIFICATE_NUMBERS = (3221322, 3221323, 3221324)
_BAG_FEE = 50
_INSURANCE_FEE = 30
_AIRPORTS = {
    "SFO": "San Francisco",
    "JFK": "New York",
    "LAX": "Los Angeles",
    "ORD": "Chicago",
    "DFW": "Dallas",
    "DEN": "Denver",
    "SEA": "Seattle",
    "ATL": "Atlanta",
    "MIA": "Miami",
    "BOS": "Boston",
    "PHX": "Phoenix",
    "IAH": "Houston",
    "LAS": "Las Vegas",
    "MCO": "Orlando",
    "EWR": "Newark",
    "CLT": "Charlotte",
    "MSP": "Minneapolis",
    "DTW": "Detroit",
    "PHL": "Philadelphia",
    "LGA": "LaGuardia",
}


def _tool(name: str, reads: bool = False) -> Any:
    return tau_tool(f"tau_airline.{name}", reads=reads)


def _next_reservation_id(reservations: Any) -> str:
    for candidate in _NEW_RESERVATION_IDS[:-1]:
        if candidate not in reservations:
            return candidate
    return _NEW_RESERVATION_IDS[-1]


def _price_segment(data: TauData, segment: Any, cabin: Any, travellers: Any) -> str | None:
    """Check one flight of a booking or change and copy its price and airports onto the
    segment; the error text when the flight cannot be sold. `travellers` is called for the
    passenger count only when the seat check is reached, as in tau-bench."""
    number = segment["flight_number"]
    if number not in data["flights"]:
        return f"Error: flight {number} not found"
    flight = data["flights"][number]
    if segment["date"] not in flight["dates"]:
        return f"Error: flight {number} not found on date {segment['date']}"
    on_date = flight["dates"][segment["date"]]
    if on_date["status"] != "available":
        return f"Error: flight {number} not available on date {segment['date']}"
    if on_date["available_seats"][cabin] < travellers():
        return f"Error: not enough seats on flight {number}"
    segment["price"] = on_date["prices"][cabin]
    segment["origin"] = flight["origin"]
    segment["destination"] = flight["destination"]
    return None


@_tool("book_reservation")
def book_reservation(
    data: TauData,
    user_id: Any,
    origin: Any,
    destination: Any,
    flight_type: Any,
    cabin: Any,
    flights: Any,
    passengers: Any,
    payment_methods: Any,
    total_baggages: Any,
    nonfree_baggages: Any,
    insurance: Any,
) -> str:
    users, reservations = data["users"], data["reservations"]
    if user_id not in users:
        return "Error: user not found"
    user = users[user_id]
    new_id = _next_reservation_id(reservations)
    booking = {
        "reservation_id": new_id,
        "user_id": user_id,
        "origin": origin,
        "destination": destination,
        "flight_type": flight_type,
        "cabin": cabin,
        "flights": deepcopy(flights),
        "passengers": passengers,
        "payment_history": payment_methods,
        "created_at": _CREATED_AT,
        "total_baggages": total_baggages,
        "nonfree_baggages": nonfree_baggages,
        "insurance": insurance,
    }
    price = 0
    for segment in booking["flights"]:
        refusal = _price_segment(data, segment, cabin, lambda: len(passengers))
        if refusal is not None:
            return refusal
        price += segment["price"] * len(passengers)
    if insurance == "yes":
        price += _INSURANCE_FEE * len(passengers)
    price += _BAG_FEE * nonfree_baggages

    wallet = user["payment_methods"]
    for payment in payment_methods:
        method_id, amount = payment["payment_id"], payment["amount"]
        if method_id not in wallet:
            return f"Error: payment method {method_id} not found"
        if wallet[method_id]["source"] in _PREPAID_SOURCES and wallet[method_id]["amount"] < amount:
            return f"Error: not enough balance in payment method {method_id}"
    if sum(payment["amount"] for payment in payment_methods) != price:
        paid = sum(payment["amount"] for payment in payment_methods)
        return f"Error: payment amount does not add up, total price is {price}, but paid {paid}"

    for payment in payment_methods:
        method_id, amount = payment["payment_id"], payment["amount"]
        source = wallet[method_id]["source"]
        if source == "gift_card":
            wallet[method_id]["amount"] -= amount
        elif source == "certificate":
            del wallet[method_id]
    reservations[new_id] = booking
    user["reservations"].append(new_id)
    return dumps(booking)


@_tool("cancel_reservation")
def cancel_reservation(data: TauData, reservation_id: Any) -> str:
    reservations = data["reservations"]
    if reservation_id not in reservations:
        return "Error: reservation not found"
    booking = reservations[reservation_id]
    refunds = [
        {"payment_id": paid["payment_id"], "amount": -paid["amount"]}
        for paid in booking["payment_history"]
    ]
    booking["payment_history"].extend(refunds)
    booking["status"] = "cancelled"
    return dumps(booking)


@_tool("get_reservation_details", reads=True)
def get_reservation_details(data: TauData, reservation_id: Any) -> str:
    reservations = data["reservations"]
    if reservation_id in reservations:
        return dumps(reservations[reservation_id])
    return "Error: user not found"


@_tool("get_user_details", reads=True)
def get_user_details(data: TauData, user_id: Any) -> str:
    users = data["users"]
    if user_id in users:
        return dumps(users[user_id])
    return "Error: user not found"


@_tool("list_all_airports", reads=True)
def list_all_airports(data: TauData) -> str:
    return dumps(_AIRPORTS)


def _on_date(flight: dict[str, Any], date: Any) -> dict[str, Any]:
    """A flight as a search lists it: everything but its calendar, plus that day's data."""
    listed = {field: value for field, value in flight.items() if field != "dates"}
    listed.update(flight["dates"][date])
    return listed


@_tool("search_direct_flight", reads=True)
def search_direct_flight(data: TauData, origin: Any, destination: Any, date: Any) -> str:
    found = []
    for flight in data["flights"].values():
        if flight["origin"] != origin or flight["destination"] != destination:
            continue
        if date in flight["dates"] and flight["dates"][date]["status"] == "available":
            found.append(_on_date(flight, date))
    return dumps(found)


@_tool("search_onestop_flight", reads=True)
def search_onestop_flight(data: TauData, origin: Any, destination: Any, date: Any) -> str:
    """Pairs of flights via one airport. As in tau-bench, the second leg's day is the next
    day when the first arrives "+1", yet its listed data is looked up for the first day."""
    found = []
    flights = data["flights"]
    for first in flights.values():
        if first["origin"] != origin:
            continue
        for second in flights.values():
            if second["destination"] != destination or first["destination"] != second["origin"]:
                continue
            arrival = first["scheduled_arrival_time_est"]
            second_date = f"2024-05-{int(date[-2:]) + 1}" if "+1" in arrival else date
            if arrival > second["scheduled_departure_time_est"]:
                continue
            if date not in first["dates"] or second_date not in second["dates"]:
                continue
            if (
                first["dates"][date]["status"] != "available"
                or second["dates"][second_date]["status"] != "available"
            ):
                continue
            leg_one = _on_date(first, date)
            leg_one["date"] = date
            leg_two = _on_date(second, date)
            leg_two["date"] = second_date
            found.append([leg_one, leg_two])
    return dumps(found)


@_tool("send_certificate")
def send_certificate(data: TauData, user_id: Any, amount: Any) -> str | None:
    users = data["users"]
    if user_id not in users:
        return "Error: user not found"
    wallet = users[user_id]["payment_methods"]
    for number in _CERTIFICATE_NUMBERS:
        certificate_id = f"certificate_{number}"
        if certificate_id not in wallet:
            certificate = {"source": "certificate", "amount": amount, "id": certificate_id}
            wallet[certificate_id] = certificate
            return f"Certificate {certificate_id} added to user {user_id} with amount {amount}."
    return None


def _charge_check(data: TauData, booking: Any, payment_id: Any, price: Any) -> str | None:
    """The payment checks of a change: an existing method, no certificate, and a gift card
    that covers the price."""
    wallet = data["users"][booking["user_id"]]["payment_methods"]
    if payment_id not in wallet:
        return "Error: payment method not found"
    method = wallet[payment_id]
    if method["source"] == "certificate":
        return "Error: certificate cannot be used to update reservation"
    if method["source"] == "gift_card" and method["amount"] < price:
        return "Error: gift card balance is not enough"
    return None


@_tool("update_reservation_baggages")
def update_reservation_baggages(
    data: TauData, reservation_id: Any, total_baggages: Any, nonfree_baggages: Any, payment_id: Any
) -> str:
    reservations = data["reservations"]
    if reservation_id not in reservations:
        return "Error: reservation not found"
    booking = reservations[reservation_id]
    price = _BAG_FEE * max(0, nonfree_baggages - booking["nonfree_baggages"])
    refusal = _charge_check(data, booking, payment_id, price)
    if refusal is not None:
        return refusal
    method = data["users"][booking["user_id"]]["payment_methods"][payment_id]
    booking["total_baggages"] = total_baggages
    booking["nonfree_baggages"] = nonfree_baggages
    if method["source"] == "gift_card":
        method["amount"] -= price
    if price != 0:
        booking["payment_history"].append({"payment_id": payment_id, "amount": price})
    return dumps(booking)


@_tool("update_reservation_flights")
def update_reservation_flights(
    data: TauData, reservation_id: Any, cabin: Any, flights: Any, payment_id: Any
) -> str:
    reservations = data["reservations"]
    if reservation_id not in reservations:
        return "Error: reservation not found"
    booking = reservations[reservation_id]
    price = 0
    segments = deepcopy(flights)
    for segment in segments:
        kept = [
            old
            for old in booking["flights"]
            if old["flight_number"] == segment["flight_number"]
            and old["date"] == segment["date"]
            and cabin == booking["cabin"]
        ]
        if kept:
            price += kept[0]["price"] * len(booking["passengers"])
            segment["price"] = kept[0]["price"]
            segment["origin"] = kept[0]["origin"]
            segment["destination"] = kept[0]["destination"]
            continue
        refusal = _price_segment(data, segment, cabin, lambda: len(booking["passengers"]))
        if refusal is not None:
            return refusal
        price += segment["price"] * len(booking["passengers"])
    price -= sum(old["price"] for old in booking["flights"]) * len(booking["passengers"])
    refusal = _charge_check(data, booking, payment_id, price)
    if refusal is not None:
        return refusal
    method = data["users"][booking["user_id"]]["payment_methods"][payment_id]
    if method["source"] == "gift_card":
        method["amount"] -= price
    booking["flights"] = segments
    if price != 0:
        booking["payment_history"].append({"payment_id": payment_id, "amount": price})
    return dumps(booking)


@_tool("update_reservation_passengers")
def update_reservation_passengers(data: TauData, reservation_id: Any, passengers: Any) -> str:
    reservations = data["reservations"]
    if reservation_id not in reservations:
        return "Error: reservation not found"
    booking = reservations[reservation_id]
    if len(passengers) != len(booking["passengers"]):
        return "Error: number of passengers does not match"
    booking["passengers"] = passengers
    return dumps(booking)
