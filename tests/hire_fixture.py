"""The tool-hire test desk (tests/data/hiredesk): a hirer charged twice for one hire, whose
account number and date of birth are checked before anything is told or refunded. Written
for tests/test_actless20_*.py with a trade and words of our own."""

from __future__ import annotations

from pathlib import Path

from courier_chat import Chat

from scenarios.loader import load_scenarios

HIREDESK = Path(__file__).resolve().parent / "data" / "hiredesk"
DOUBLE = {s.id: s for s in load_scenarios([HIREDESK])}["hiredesk/double-charge"]
VARIABLES = {"hirer_id": "TH-3301", "birth_date": "1979-06-04", "charge_id": "CH-802"}
HIRER_ROW = {
    "hirer_id": "TH-3301", "name": "Morwenna Pascoe", "depot": "Truro Quayside",
    "plan": "trade_plus", "birth_date": "1979-06-04",
}  # fmt: skip
CHARGES = [
    {"charge_id": "CH-801", "item": "cement mixer", "amount": 64.5, "charged_on": "2026-11-17",
     "collect_on": "2026-11-24", "status": "taken"},
    {"charge_id": "CH-802", "item": "cement mixer", "amount": 64.5, "charged_on": "2026-11-17",
     "collect_on": "2026-11-24", "status": "taken"},
]  # fmt: skip
REFUNDED = {"charge_id": "CH-802", "refunded": 60.0, "status": "refunded"}


def hire_chat() -> Chat:
    return Chat(DOUBLE, dict(VARIABLES))
