"""How many Try conversations decide as the pasted policy means, for three trades' policies
pasted into "from policy" (walkthrough 16: a dental chain's fee policy, 0 of 5 right).

Each policy is created as the newcomer did (the first page's policy box, Create), then Try
(5 conversations) at seeds 1..N. Each conversation's drawn values go through what the policy
says, written here by hand per policy (an oracle), and are compared with the action of the
rule that applied. A condition the reader dropped has no value drawn: the oracle is then
asked under each value of it, and the conversation is right only if every answer is the
action taken (a dropped condition that would have changed the decision is a wrong one, never
"not judged"). Also printed: how support asks for each yes/no fact (its label), to read by
hand, and the lines the studio says it did not understand.

    PYTHONPATH=. python bench/policy_trades.py [SEEDS]
"""

from __future__ import annotations

import itertools
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from starlette.testclient import TestClient

from simulator.studio.editing.author import load_for_form
from simulator.studio.pages.app import create_app
from simulator.studio.policy.from_policy import made_line
from simulator.studio.trying.trial import rule_actions, rules_used, try_text


class Facts:
    """A conversation's drawn values, read by a word of the variable's name; a fact with no
    variable is taken from `assumed` and noted in `missing`."""

    def __init__(
        self, values: dict[str, Any], assumed: dict[str, bool], labels: dict[str, str]
    ) -> None:
        self.values, self.assumed, self.missing = values, assumed, set[str]()
        self.labels = labels

    def _find(self, word: str) -> list[str]:
        """The values whose variable's name, or what the customer calls it, has `word`."""
        return [
            str(x)
            for k, x in self.values.items()
            if re.search(word, f"{k} {self.labels.get(k, '')}")
        ]

    def yes(self, word: str) -> bool:
        found = [x for x in self._find(word) if x in ("yes", "no")]
        if not found:
            self.missing.add(word)
            return self.assumed.get(word, False)
        return found[0] == "yes"

    def more(self, word: str, than: float, at_least: bool = False) -> bool:
        found = [float(x) for x in self._find(word) if re.fullmatch(r"\d+(?:\.\d+)?", x)]
        if not found:
            self.missing.add(word)
            return self.assumed.get(word, False)
        return found[0] >= than if at_least else found[0] > than


Oracle = Callable[[Facts], set[str]]


def _dental(f: Facts) -> set[str]:
    if f.yes("unhappy|work"):
        return {"escalate"}
    if f.yes("waived|already|before|year"):
        return {"refuse"}
    if f.more("hour", 24, at_least=True) or not f.yes("reminder") or f.yes("emergency"):
        return {"resolve"}
    return {"refuse"}


def _gym(f: Facts) -> set[str]:
    cannot = f.yes("behind|payment") or not f.more("day|first", 30)
    if f.more("month", 4):  # the manager decides, or the freeze cannot be done at all
        return {"escalate", "refuse"} if cannot else {"escalate"}
    if cannot:
        return {"refuse"}
    return {"resolve"} if f.yes("letter|doctor") or f.more("year", 2) else {"refuse"}


def _car(f: Facts) -> set[str]:
    if f.more("amount|charge|euro", 1500):
        return {"escalate"}
    if (
        f.yes("cover")
        or f.yes("marked|sheet|already")
        or (f.yes("third|party") and f.yes("police|report"))
    ):
        return {"resolve"}
    return {"refuse"}


POLICIES: dict[str, tuple[str, Oracle]] = {
    "dental": (
        "Missed appointment fees\n"
        "Before discussing any fee, verify the patient: date of birth and the booking number.\n"
        "If the patient cancelled at least 24 hours before the appointment, we waive the fee.\n"
        "If we sent no reminder text, we waive the fee.\n"
        "The fee is also waived when the patient missed the visit because of a documented "
        "medical emergency.\n"
        "If the patient is unhappy with the dentist's work itself (not with the fee), hand the "
        "call to the clinic manager.\n"
        "Never waive the fee for a patient who already had a fee waived this year.\n",
        _dental,
    ),
    "gym": (
        "Membership freezes\n"
        "Check who is calling first: ask for the member number and postcode.\n"
        "A member can freeze for free if they have a doctor's letter.\n"
        "If the member has been with us for over 2 years, the freeze fee is waived.\n"
        "Freezes of more than 4 months need the branch manager's approval.\n"
        "If the member is behind on payments (not just late this month), we cannot freeze the "
        "membership.\n"
        "Never freeze a membership that is still in its first 30 days.\n",
        _gym,
    ),
    "car rental": (
        "Damage charges after a rental\n"
        "Confirm the renter's identity: driving licence number and the rental agreement "
        "number.\n"
        "We drop the damage charge if the renter bought the full cover.\n"
        "If the damage was already marked on the pick-up sheet, no charge applies.\n"
        "Damage charges above 1500 euros go to the claims team.\n"
        "If the renter says a third party caused the damage and has a police report, we drop "
        "the charge.\n"
        "Otherwise the charge stays.\n"
        "Never admit liability for an accident on the phone.\n",
        _car,
    ),
}


def _vet(f: Facts) -> set[str]:
    if f.yes("complain|care"):
        return {"escalate"}
    if f.yes("three|times|repeat"):
        return {"refuse"}
    if f.more("hour|notice", 48, at_least=True) or f.yes("died|put down|passed away"):
        return {"resolve"}
    return {"resolve"} if f.yes("twice|error|system") else {"refuse"}


def _hotel(f: Facts) -> set[str]:
    if f.more("night", 14):
        return {"escalate"}
    if f.yes("no.show"):
        return {"refuse"}
    if f.yes("flexible") or f.more("day", 3) or (f.yes("flight") and f.yes("letter|airline")):
        return {"resolve"}
    return {"refuse"}


def _parcel(f: Facts) -> set[str]:
    if f.more("worth|value|pound", 500):
        return {"escalate"}
    if f.yes("signed|signature"):
        return {"refuse"}
    if not f.yes("card") or f.yes("wrong|address") or f.yes("premium"):
        return {"resolve"}
    return {"refuse"}


# Written after the first round of changes, to see how far they carry; they then showed seven
# more defects, which were fixed (so these are no held-out set: a next session's should be).
HELD: dict[str, tuple[str, Oracle]] = {
    "vet clinic (second set)": (
        "Late cancellation fee (vet surgery)\n"
        "Ask the owner for the pet's name and the client number before anything else.\n"
        "The fee is waived when the owner gave at least 48 hours' notice.\n"
        "We also waive it if the pet died or was put down before the appointment.\n"
        "If the booking was made twice because of an error in our online system, no fee "
        "applies.\n"
        "Owners who complain about the vet's care itself (rather than the fee) go to the "
        "practice manager.\n"
        "Never waive the fee for an owner who has cancelled late three times before.\n",
        _vet,
    ),
    "hotel (second set)": (
        "Refunds on prepaid rooms\n"
        "Confirm the booking reference and the guest's surname first.\n"
        "Guests on the flexible rate get a full refund.\n"
        "If the guest cancels more than 3 days before arrival, we refund the stay.\n"
        "If the guest's flight was cancelled and they can show the airline's letter, refund "
        "the stay.\n"
        "Stays longer than 14 nights are handled by the reservations manager.\n"
        "Do not refund a guest who was a no-show on the arrival date.\n",
        _hotel,
    ),
    "parcel (second set)": (
        "Redelivery fees\n"
        "Verify the sender: tracking number and the postcode.\n"
        "If the driver left no card, we refund the redelivery fee.\n"
        "The fee is refunded when the parcel went to the wrong address because of a driver "
        "error.\n"
        "Premium customers never pay for redelivery.\n"
        "Parcels worth more than 500 pounds go to the claims desk.\n"
        "Never refund the fee if someone signed for the parcel.\n",
        _parcel,
    ),
}


def _made(root: Path, policy: str) -> tuple[str, str]:
    client = TestClient(create_app(root), base_url="http://127.0.0.1:8765")
    res = client.post("/new", data={"template": "starter", "path": "", "id": "", "policy": policy})
    rel = parse_qs(urlsplit(str(res.url)).query)["path"][0]
    return rel, (root / rel).read_text(encoding="utf-8")


def main(seeds: int) -> None:
    total = right = 0
    for label, (policy, oracle) in {**POLICIES, **HELD}.items():
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            rel, text = _made(root, policy)
            data = load_for_form(text)
            labels = {str(k): str(v) for k, v in _labels(data).items()}
            ok = n = 0
            for seed in range(1, seeds + 1):
                records = try_text(root, root / rel, text, seed=seed)
                actions = rule_actions(data, rules_used(data, records))
                for record, action in zip(records, actions, strict=True):
                    n += 1
                    values = record.get("variables") or {}
                    ok += _right(oracle, values, labels, action or "none")
        print(f"{label}: {ok} of {n} conversations decided as the policy means")
        for name, said in labels.items():
            print(f"    {name}: {said}")
        print(f"    page: {made_line(text)}")
        total, right = total + n, right + ok
    print(f"all: {right} of {total}")


def _labels(data: Any) -> dict[Any, Any]:
    customer = data.get("customer") if isinstance(data, dict) else None
    labels = customer.get("labels") if isinstance(customer, dict) else None
    return labels if isinstance(labels, dict) else {}


def _right(oracle: Oracle, values: dict[str, Any], labels: dict[str, str], action: str) -> bool:
    """Whether `action` is allowed by the policy under every value of each dropped fact."""
    first = Facts(values, {}, labels)
    oracle(first)
    missing = sorted(first.missing)
    for bits in itertools.product([False, True], repeat=len(missing)):
        assumed = dict(zip(missing, bits, strict=True))
        if action not in oracle(Facts(values, assumed, labels)):
            return False
    return True


if __name__ == "__main__":
    args = sys.argv[1:]
    main(int(args[0]) if args else 6)
