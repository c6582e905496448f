"""How support names the facts it asks for: the request list ("your order number and the
email address on the account", each label inflected), what did not match, the bare labels.
The customer's side of the same facts (the frames values sit in) is agents.phrasing.facts."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from agents.phrasing import labels as lb
from agents.phrasing.facts import human_label, join_words

# A time label with a clause of its own ("time until I need it", "date when it happened") is
# asked as the question it is: "how soon you need it", "when it happened", never "the time
# until you need it" (reading s11b: 26 support turns in 2,000 conversations).
_WHEN = {"until": "how soon", "before": "how soon", "when": "when", "after": "when"}
_TIME_HEADS = frozenset({"time", "date", "day", "days", "deadline", "moment"})


def _when(label: lb.Label) -> str | None:
    if not label.clausal:
        return None
    words = label.text.split()
    at = next((i for i, w in enumerate(words) if i > 0 and w.lower() in _WHEN), 0)
    if not at or words[at - 1].lower() not in _TIME_HEADS or at + 1 == len(words):
        return None
    return f"{_WHEN[words[at].lower()]} {' '.join(words[at + 1 :])}"


def request_list(labels: Sequence[str], rng: random.Random) -> str:
    """'your order number and the email address on the account', each label inflected
    ('the last four digits of your card', never 'your last four digits of the card')."""
    parts: list[str] = []
    for i, raw in enumerate(labels):
        label = lb.parse(human_label(raw)).spoken_by_support()
        if (asked := _when(label)) is not None:
            parts.append(asked)
            continue
        det = "the"
        if i == 0 or rng.random() < 0.5:
            det = "your" if rng.random() < 0.8 else "the"
        tail = ""
        owned = any(w in label.text.lower() for w in ("account", "login", "billing", "booking"))
        if det == "the" and not label.post and label.personal and not owned:
            tail = rng.choice((" on file", " you signed up with", "", ""))
        if label.own_standing:
            det = "your"  # one's own standing: 'your role on the account', never 'the role'
        if det == "the" and not tail and label.personal and not owned and not label.owned_post:
            det = "your"  # the customer's own: 'your date of birth', never 'the date of birth'
        parts.append(label.np(det) + tail)
    return join_words(parts, rng)


def support_mismatch(facts: Mapping[str, str], rng: random.Random) -> str:
    """'the order number ORD-1' / 'ORD-1 as the order number' for what did not match."""
    parts = []
    for raw, value in facts.items():
        label = lb.parse(human_label(raw)).spoken_by_support()
        the = label.np("the")
        if not value:
            parts.append(f"{the} you gave")
        elif lb.value_kind(value) == "id":
            parts.append(rng.choice((f"{the} {value}", f"{value} as {the}", f'{the} "{value}"')))
        else:
            parts.append(rng.choice((f'{the} "{value}"', f'"{value}" as {the}')))
    return join_words(parts, rng)


def labels_only(facts: Mapping[str, str], rng: random.Random) -> str:
    return join_words([lb.parse(human_label(k)).spoken_by_support().np("the") for k in facts], rng)
