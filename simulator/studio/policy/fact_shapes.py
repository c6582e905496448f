"""The shape of a made-up value for a fact support asks for, from the name the policy gives it.

Walkthrough 13's policy asked for "the account email and the last four digits of the card":
a value like `AE-#####` for an email, or `LFD-#####` for four digits, is read out by the
customer and checked by support, and makes every conversation look wrong. The name says the
shape: digits are digits (as many as it says), an email is an address with its `@`, anything
else initials and digits (`MN-#####` for "membership number", as before).
"""

from __future__ import annotations

import re

__all__ = ["shape"]

_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "eight": 8}


def shape(label: str) -> tuple[str, str]:
    """The Faker pattern provider and its pattern for a fact called `label`."""
    said = label.lower()
    digits = re.search(r"\b(?:(\w+)\s+)?digits?\b", said)
    if digits:
        count = digits[1] or ""
        n = int(count) if count.isdigit() and 0 < int(count) < 13 else _COUNTS.get(count, 4)
        return "numerify", "#" * n
    if re.search(r"\be-?mail\b", said):
        return "bothify", "customer####@example.com"
    words = [w for w in label.split() if w.lower() not in ("number", "id", "code", "no")]
    initials = "".join(w[0] for w in words if w[:1].isalpha()).upper()[:3] or "X"
    return "bothify", f"{initials}-#####"
