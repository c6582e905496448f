"""Three policies written before session 20's reader changes (#15, walkthrough 17), in trades
the reader was not tuned on, each with its oracle: how many Try conversations decide as the
author means. They carry what an energy supplier's payment-plan policy carried: a
verification clause with "if they cannot give these", who may agree (one person OR another),
an amount range with both bounds, a protected hand-over (bereaved, medical, legal) written
late in the list, "within N days, otherwise ..." and a pronoun that refers back.

The oracles read the drawn values as bench/policy_trades.py does (a fact the reader dropped is
tried both ways and counts as wrong wherever it would change the decision). Where the policy
does not say which of two lines wins, the oracle allows both actions. Verification is not a
fact: the simulated customer gives its identifiers.

    PYTHONPATH=. python bench/policy_held.py [SEEDS] [ENERGY_POLICY_FILE]

ENERGY_POLICY_FILE: newcomer 17's payment-plan policy (not kept here), judged by `_energy`.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from policy_trades import Facts, Oracle, _labels, _made, _right

from simulator.studio.editing.author import load_for_form
from simulator.studio.policy.from_policy import made_line
from simulator.studio.trying.trial import rule_actions, rules_used, try_text


def _any(f: Facts, word: str) -> bool:
    """Whether any yes/no fact named by `word` holds ("the account holder OR a registered
    third party": one fact each)."""
    said = [x for x in f._find(word) if x in ("yes", "no")]
    return "yes" in said if said else f.yes(word)


def _within(f: Facts, word: str, days: float) -> bool:
    """Whether the customer can do it within `days`: a yes/no fact, or a number of days."""
    if any(x in ("yes", "no") for x in f._find(word)):
        return f.yes(word)
    return not f.more(word, days)


def _broadband(f: Facts) -> set[str]:
    if f.yes("died|bereave|passed"):
        return {"escalate"}
    if not _any(f, "holder|authoris|user|listed"):
        return {"refuse"}
    acts: set[str] = set()
    if f.more("fee|pound|amount", 300):
        acts.add("escalate")
    if f.yes("waived|before|last 12|previous"):
        acts.add("refuse")
    if acts:
        return acts
    if f.yes("serve|moving|move"):
        return {"resolve"}
    months = f.more("month", 0, at_least=True) and not f.more("month", 6)
    return {"resolve"} if months and f.more("month", 1, at_least=True) else {"refuse"}


def _water(f: Facts) -> set[str]:
    if f.yes("priority|medical|dialysis|rely"):
        return {"escalate"}
    if not _any(f, "payer|landlord|agent|registered"):
        return {"refuse"}
    acts: set[str] = set()
    if f.more("charge|pound|amount|extra", 1500):
        acts.add("escalate")
    if not _within(f, "day|repair", 21):
        acts.add("escalate")
    if f.yes("allowance before|had|previous|before|another"):
        acts.add("refuse")
    if f.yes("inside|tap|toilet|home"):
        acts.add("refuse")
    if acts:
        return acts
    return {"resolve"} if f.more("charge|pound|amount|extra", 25, at_least=True) else {"refuse"}


def _handset(f: Facts) -> set[str]:
    if f.yes("legal.dispute|solicitor|dispute"):
        return {"escalate"}
    if not _any(f, "placed|ordered|guardian|person who"):
        return {"refuse"}
    acts: set[str] = set()
    if not _within(f, "day|deliver", 14):
        acts.add("escalate")
    if f.yes("water"):
        acts.add("refuse")
    if f.more("price|pound|priced|handset", 1200):
        acts.add("escalate")
    if not f.yes("box"):
        acts.add("refuse")
    if acts:
        return acts
    return {"resolve"} if f.more("price|pound|priced|handset", 100, at_least=True) else {"refuse"}


def _energy(f: Facts) -> set[str]:
    if f.yes("vulnerable|medical|priority|ill|elderly"):
        return {"escalate"}
    if not _any(f, "holder|third|attorney"):
        return {"refuse"}
    acts: set[str] = set()
    if f.yes("broke|broken"):
        acts.add("escalate")
    if f.more("arrear|pound|amount", 2000):
        acts.add("escalate")
    if not _within(f, "14 days|fortnight|pay within|instalment|day", 14):
        acts.add("escalate")
    if acts:
        return acts
    if not f.more("arrear|pound|amount", 50, at_least=True):
        return {"refuse"}
    # a write-off is refused, and a plan may follow: either is right
    return {"resolve", "refuse"} if f.yes("write|waive|cancel") else {"resolve"}


POLICIES: dict[str, tuple[str, Oracle]] = {
    "broadband early cancellation": (
        "Early cancellation fees - team guide\n"
        "1. Before talking about the contract, check the caller's identity: account number, "
        "date of birth and the first line of the address. If they can't give these, do not "
        "discuss the account.\n"
        "2. Only the account holder (or an authorised user listed on the account) may cancel "
        "the contract.\n"
        "3. We can waive the early cancellation fee when the customer has between 1 and 6 "
        "months left on the contract.\n"
        "4. If the customer is moving to an address we cannot serve, waive the fee.\n"
        "5. The customer must not have had a fee waived in the last 12 months; if they have, "
        "do not waive it again.\n"
        "6. If the customer tells us the account holder has died, stop and pass the call to "
        "the Bereavement team.\n"
        "7. Fees above 300 pounds are handled by the Retentions team.\n"
        "8. We never disconnect a line on the same call.\n",
        _broadband,
    ),
    "water leak allowance": (
        "Leak allowances\n"
        "Check who you are speaking to first: the customer reference and the postcode of the "
        "property. If the caller cannot confirm both, do not talk about the bill.\n"
        "Only the bill payer (or a landlord or managing agent registered on the account) may "
        "apply for a leak allowance.\n"
        "An allowance can be given when the extra charge is between 25 and 1,500 pounds.\n"
        "The leak must have been repaired within 21 days of being found, otherwise send the "
        "case to the Metering team.\n"
        "If the customer has had a leak allowance before, they cannot get another one.\n"
        "Anyone who tells us they rely on water for a medical condition such as home dialysis "
        "must be put through to the Care team straight away.\n"
        "Charges over 1,500 pounds go to the Billing Disputes team.\n"
        "We don't give allowances for leaks inside the home (dripping taps, toilets).\n",
        _water,
    ),
    "handset returns": (
        "Handset returns\n"
        "Before anything else, confirm the order number and the email address on the order. "
        "If the customer is unable to give both, don't go into the order.\n"
        "Only the person who placed the order (or their legal guardian) can return the "
        "handset.\n"
        "Returns are accepted within 14 days of delivery, otherwise refer them to the Repairs "
        "desk.\n"
        "A refund can be made for handsets priced from 100 to 1,200 pounds.\n"
        "If the handset has been damaged by water, we cannot take it back.\n"
        "If they are in a legal dispute with us, or their solicitor is involved, hand the call "
        "to our Legal team immediately.\n"
        "Handsets over 1,200 pounds are returned through the Premium desk.\n"
        "The customer must have the original box; if they do not, do not accept the return.\n"
        "We do not give cash refunds in store.\n",
        _handset,
    ),
}


def main(seeds: int, energy: Path | None) -> None:
    policies = dict(POLICIES)
    if energy is not None:
        policies["energy payment plan (newcomer 17)"] = (energy.read_text("utf-8"), _energy)
    total = right = 0
    for label, (policy, oracle) in policies.items():
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


if __name__ == "__main__":
    args = sys.argv[1:]
    main(int(args[0]) if args else 6, Path(args[1]) if len(args) > 1 else None)
