"""Who may ask: "Only the main driver named on the rental agreement may ask for the deposit
to be released", "Only the account holder can cancel".

Such a sentence says who the caller must be, not something about their case. Read by the
clause reader, its fact was named after the relative clause and asked as a thing the customer
has (newcomer 18, walkthrough 18b: `made_booking`, "whether I have a made booking";
`main_driver_named`, "whether the main driver is named"; "whether I have a main driver"). So
the fact is the role, named by it (`main_driver`), and asked as who the caller is: "whether
I'm the main driver who made the booking". English only, like the reader.
"""

from __future__ import annotations

import re
from typing import Any

from simulator.studio.policy.policy_read import Suggestion, var_name

__all__ = ["only_role"]

# People a business lets act on an account or a booking.
_ROLES = (
    r"(?:driver|holder|account holder|policyholder|policy holder|cardholder|bill payer|payer|"
    r"member|customer|guest|passenger|renter|hirer|tenant|owner|parent|guardian|person|"
    r"user|subscriber|patient|student|buyer|purchaser|applicant|traveller|traveler|"
    r"signatory|booker|lead booker|named person|named driver|registered user)"
)
_ONLY = re.compile(
    rf"(?i)^only\s+(?P<the>the\s+|a\s+|an\s+)?(?P<role>(?:[a-z'-]+\s+){{0,2}}?{_ROLES})(?P<s>s?)"
    r"(?P<rest>(?:\s+(?:who|whose|that|named|listed|registered|on|in|of)\b[^,;]*?)?)"
    r"\s+(?:can|may|is allowed to|are allowed to|is able to|should)\s+(?P<does>[^,;]+?)\s*[.!]?$"
)


def only_role(sentence: str, variables: dict[str, Any]) -> Suggestion | None:
    """The refusal of callers who are not the role the sentence names, asked as who the
    caller is; None for any other sentence."""
    m = _ONLY.match(" ".join(sentence.split()))
    if m is None or re.search(r"\d", sentence):
        return None  # "only members with 2 years ..." says more than who: read elsewhere
    role = m["role"].lower()
    name = var_name(role.split())
    # "Only members can ...": whether I'm a member; "only the main driver": the one named
    the = (
        "the" if (m["the"] or "").strip().lower() == "the" else "an" if role[0] in "aeiou" else "a"
    )
    if not name:
        return None
    reason = " ".join(sentence.split()).rstrip(".!;")
    reason = reason[0].lower() + reason[1:] if not reason[1:2].isupper() else reason
    new = {} if name in variables else {name: {"choice": ["yes", "no"]}}
    rest = " ".join(m["rest"].split())
    asks = (
        {} if name in variables else {name: f"whether I'm {the} {role}{' ' + rest if rest else ''}"}
    )
    return Suggestion(sentence, f"{name} is no", "refuse", reason, new, asks)
