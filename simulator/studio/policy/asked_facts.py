"""What support asks for first, as the policy says it, and the facts the customer tells.

A policy's verification line ("ask for the policy number and the account email") names the
facts support asks for before acting: the first renames the starter's made-up reference
(`named_as_asked`, `own_pattern`), the others are added with a value the customer says (their
persona's surname or email, else a made-up one of a shape that fits: `ask_also`). A yes/no a
rule tests is made something the customer tells when asked (`customer_tells`). Whether a
suggestion is already in the scenario is `added_as`. Apart from suggested.py (adding rules)
because who knows which fact is its own job.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from simulator.studio.editing.author import english
from simulator.studio.editing.conditions import scalar
from simulator.studio.editing.rename import rename_variable
from simulator.studio.policy.add_ons import ADD_ON, is_applied
from simulator.studio.policy.fact_shapes import shape
from simulator.studio.policy.own_words import to_me
from simulator.studio.policy.policy_read import ASKS, Suggestion
from simulator.studio.policy.told import made_told

__all__ = [
    "added_as",
    "ask_also",
    "asked_for",
    "customer_tells",
    "flow",
    "named_as_asked",
    "own_pattern",
    "plain",
    "policy_of",
    "same_words",
]


def _d(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _l(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def policy_of(data: Any) -> str:
    policy = _d(_d(data).get("support")).get("policy")
    if isinstance(policy, dict):
        policy = "\n".join(str(p) for p in english(policy))
    return policy if isinstance(policy, str) else ""


def same_words(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def asked_for(data: Any) -> tuple[Any, str] | None:
    """The first fact support asks for, and the name it is called by."""
    verify = _l(_d(_d(data).get("support")).get("verify"))
    if not verify:
        return None
    labels = _d(_d(_d(data).get("customer")).get("labels"))
    label = labels.get(verify[0])
    if isinstance(label, dict):  # per language: the English name
        label = label.get("en", next(iter(label.values()), None))
    return verify[0], str(label or verify[0])


def added_as(rules: list[Any], s: Suggestion, data: Any = None) -> int | None:
    """The number (from 1) of the rule this suggestion became, if any (0: a name given)."""
    if s.action == ADD_ON:  # no rule: whether the refusals say it
        return 0 if is_applied(rules, s) else None
    if s.action == ASKS:
        asked = asked_for(data)
        first, *others = s.reason.split(", ")
        if not asked or not same_words(asked[1], first):
            return None
        return 0 if all(_verified(data, other) for other in others) else None
    return next(
        (
            i + 1
            for i, r in enumerate(rules)
            if same_words(str(_d(r).get("reason") or ""), s.reason)
        ),
        None,
    )


def plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


# Facts every customer has from their persona: asked for, they are what the customer says.
_PERSONA = {
    "surname": "last_name", "last name": "last_name", "family name": "last_name",
    "first name": "first_name", "name": "customer_name", "full name": "customer_name",
    "email": "email", "email address": "email", "e-mail": "email", "account email": "email",
    "phone": "phone", "phone number": "phone", "mobile number": "phone",
    "address": "address", "home address": "address", "city": "city",
}  # fmt: skip


_PERSON_WORDS = re.compile(
    r"\b(?:driver|renter|hirer|guest|passenger|patient|customer|client|member|holder|owner|"
    r"tenant|student|traveller|traveler|buyer|caller|user|applicant|parent|person|contact|"
    r"employee|policyholder|cardholder|account holder|beneficiary|recipient|resident)s?\b"
)


def _person_name(label: str) -> str:
    """The Faker provider of a person's name the label asks for (`last_name` for "surname of
    the main driver", `name` for "name of the driver"), drawn in the persona's locale; ""
    for anything else ("the dog's name" is no person's)."""
    said = label.lower()
    if re.search(r"\b(?:surname|last name|family name)\b", said):
        return "last_name"
    if re.search(r"\b(?:first name|given name|forename)\b", said):
        return "first_name"
    if re.search(r"\bname\b", said) and _PERSON_WORDS.search(said):
        return "name"
    return ""


def _verified(data: Any, label: str) -> bool:
    """Whether support already asks for the fact people call `label`."""
    labels = _d(_d(_d(data).get("customer")).get("labels"))
    return any(
        same_words(str(labels.get(f) or ""), label) or same_words(str(f).replace("_", " "), label)
        for f in _l(_d(_d(data).get("support")).get("verify"))
    )


def ask_also(data: Any, customer: Any, variables: Any, label: str) -> None:
    """Support asks for `label` too: the fact of that name (made when missing, with what the
    customer says: their persona's surname, email ...; else a made-up value of a shape that
    fits) added to what support asks for before acting."""
    if _verified(data, label):
        return
    name = fact_name(label)
    if not name or not name[0].isalpha():
        return
    knows = customer["knows"] if isinstance(customer.get("knows"), dict) else None
    if knows is None:
        customer["knows"] = knows = CommentedMap()
    if name not in knows:
        persona = _PERSONA.get(label.lower())
        if persona is None and name not in variables:
            person = _person_name(label)
            if person:  # walkthrough 10: "surname of the main driver" made up like SOT-#####
                spec = CommentedMap([("faker", person)])
            elif re.search(r"post ?code|zip", label):
                spec = CommentedMap([("faker", "postcode")])
            elif re.search(r"birth", label):  # a real date, an adult's or (a pet's) recent
                spec = born(label)
            else:  # digits, an email, or initials and digits (fact_shapes.py)
                spec = CommentedMap(zip(("faker", "text"), shape(label), strict=True))
            spec.fa.set_flow_style()
            variables[name] = spec
        knows[name] = "{" + (persona or name) + "}"
    customer["labels"].setdefault(name, label)
    verify = data["support"].get("verify")
    if not isinstance(verify, list):
        verify = data["support"]["verify"] = CommentedSeq()
    if name not in verify:
        verify.append(name)


def fact_name(label: str) -> str:
    """A variable's name for a fact people call `label`: "pet's date of birth" is
    `pet_date_of_birth` (never `pet_s_...`)."""
    return re.sub(r"[^a-z0-9]+", "_", re.sub(r"'s?\b", "", label.lower())).strip("_")


def born(label: str) -> CommentedMap:
    """How a date of birth is drawn: real dates (no month 00, walkthrough 14 drew
    2015-00-18), an adult's for a person, a recent one for what the label says is someone
    else's ("the pet's date of birth": a dog of 122 years was drawn)."""
    owner = re.match(r"([a-z-]+)'s?\b", label.lower())
    person = owner is None or _PERSON_WORDS.fullmatch(owner[1])
    start, end = ("-90y", "-18y") if person else ("-15y", "-2m")
    args = CommentedMap([("start_date", start), ("end_date", end)])
    args.fa.set_flow_style()
    spec = CommentedMap([("faker", "date_between"), ("args", args)])
    spec.fa.set_flow_style()
    return spec


def named_as_asked(text: str, data: Any, chosen: list[Suggestion]) -> str:
    """`text` with the starter's made-up `reference` renamed after the first fact the policy
    says support asks for (`account_email`, walkthrough 13), before any rule is added, so the
    lines made from it follow; as it is when that fact is already asked for, the reference
    is the author's own, or the name is a persona's (`email`) or taken."""
    asks = next((s for s in chosen if s.action == ASKS), None)
    asked = asked_for(data)
    if asks is None or asked is None or asked[0] != "reference" or added_as([], asks, data) == 0:
        return text
    spec = _d(_d(data).get("variables")).get("reference")
    if plain(spec) != {"faker": "bothify", "text": "REF-#####"}:
        return text
    name = fact_name(asks.reason.split(", ")[0])
    if not name or not name[0].isalpha():
        return text
    with contextlib.suppress(ValueError):
        return rename_variable(text, "reference", name)[0]
    return text


def own_pattern(variables: Any, name: str, label: str) -> None:
    """The starter's made-up `REF-#####` follows the fact's new name: a membership number
    looks like `M-#####`, an account email like an email, the last four digits of a card like
    four digits, so the customer does not read out someone else's reference."""
    spec = variables.get(name) if isinstance(variables, dict) else None
    if not isinstance(spec, dict) or plain(spec) != {"faker": "bothify", "text": "REF-#####"}:
        return
    spec["faker"], spec["text"] = shape(label)


def customer_tells(data: Any, name: str, label: str) -> None:
    """A yes/no fact of the customer's case (walkthrough 7: "if the bike is damaged") made
    something the customer knows and says when asked, so that support asks before deciding
    instead of acting on a value nobody said."""
    made_told(data, name, to_me(label))  # the customer's words, never "the customer"


def flow(values: list[Any]) -> CommentedSeq:
    seq = CommentedSeq([scalar(str(v)) if isinstance(v, str) else v for v in values])
    seq.fa.set_flow_style()
    return seq
