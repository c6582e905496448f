"""A yes/no a rule turns on is something the customer tells, not something support guesses.

Walkthrough 8: an author added `medical_certificate: yes, no` and a rule "when
medical_certificate is yes, refund the whole deposit". No customer text used the variable, so
the scripted support treated it as its own record (like stock or days since delivery) and said
"Thank you for the medical certificate" to a guest who had never mentioned one. A yes/no about
the customer's case is theirs to tell: once a rule's condition names one that no customer text
carries, it becomes a fact the customer knows and tells when asked, and support asks for it
before it decides (agents/scripted/decisive.py). Numbers and lists of values are left alone:
those are as often support's records (days since delivery) as the customer's.

A scenario with domain records (`world`) is left alone too: there, tools may hold the answer.
The author can still remove the fact (Also in this scenario) to make it support's own record;
nothing adds it again unless a condition naming it is written again.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

__all__ = [
    "YES_NO",
    "checked_in",
    "customer_carries",
    "support_holds",
    "tell_tested",
    "told_label",
    "yes_no_variable",
]

# Facts from the company's own systems, which a customer cannot know or need not be asked
# (walkthrough 11: "whether the line test shows a fault on our side", "business contract"
# were asked of the customer): a result of support's test or check, what the records show,
# the customer's contract or account standing. Read in the variable's name and in how the
# policy names it; as with money and account figures (policy_numbers.looked_up), support
# looks them up by default, and one click makes one the customer's to tell.
_HELD = re.compile(
    r"\b(?:(?:on|in|from) our|our (?:side|end|network|records?|systems?|data|logs?)|on file|"
    r"records?|systems?|tests?|checks?|diagnostics?|inspections?|"
    r"scans?|audits?|logs?|contracts?|arrears|blacklist(?:ed)?|flagged|credit (?:score|rating))\b"
)


def support_holds(name: str, said: str = "", sentence: str = "") -> bool:
    """Whether yes/no `name` (named in the policy as `said`, read in `sentence`) is a fact of
    the company's systems that support looks up rather than asks the customer for; of the
    sentence, only the clause naming the fact counts ("we waive it if the customer is a
    member": the member is the customer's to tell)."""
    words = set(name.split("_"))
    clauses = re.split(r"[,;]|\b(?:if|unless|when|and then|then)\b", sentence.lower())
    clause = next((c for c in clauses if words <= set(re.findall(r"[a-z]+", c))), "")
    return bool(_HELD.search(f"{name.replace('_', ' ')} {said} {clause}".lower()))


# A policy line that has support check something ("Check the claim against the policy: was
# the condition pre-existing ...", "Look up whether the meter was read").
_CHECKS = re.compile(
    r"^\W*(?:\d+[.)]\s*)?(?:first,?\s+|always\s+|then\s+)?(?:check|look up|look at|verify|"
    r"review|confirm|see)\b(?!\s+(?:with\s+)?(?:the\s+)?(?:customer|caller|client|them)\b)"
)
_ASKED = re.compile(r"\bask\s+(?:the\s+customer|them|the\s+caller|for)\b")


def checked_in(policy: str, name: str) -> bool:
    """Whether `policy` has support check yes/no `name` itself: a line that starts by
    telling support to check (not to ask) and names every word of it ("Check the claim
    against the policy: was the condition pre-existing ..." for `condition_pre_existing`).
    Walkthrough 14: the pet's condition was asked of the customer, though the insurer decides
    it from the vet history and its policy says so."""
    words = set(re.findall(r"[a-z]+", name.lower()))
    return bool(words) and any(
        _CHECKS.match(line)
        and not _ASKED.search(line)
        and words <= set(re.findall(r"[a-z]+", line))
        for line in policy.lower().splitlines()
    )


YES_NO = frozenset({"yes", "no", "true", "false", "y", "n"})
_PLACEHOLDER = re.compile(r"\{\s*([a-z_][a-z0-9_]*)")


def yes_no_variable(spec: Any) -> bool:
    """A variable drawn as yes or no (`choice: [yes, no]`, or booleans)."""
    choice = spec.get("choice") if isinstance(spec, dict) else None
    if not isinstance(choice, list) or len(choice) < 2:
        return False
    return all(str(v).strip().lower() in YES_NO for v in choice)


def _texts(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [t for v in node.values() for t in _texts(v)]
    if isinstance(node, list):
        return [t for v in node for t in _texts(v)]
    return [node] if isinstance(node, str) else []


def customer_carries(data: Any, name: str) -> bool:
    """Whether the customer already knows or says `name`: a fact of that name, or a `{name}`
    in the customer's texts (goal, openings, what they know, what they say next)."""
    customer = data.get("customer") if isinstance(data.get("customer"), dict) else {}
    if name in (customer.get("knows") or {}):
        return True
    texts = _texts(customer) + _texts(data.get("flow"))
    return any(name in _PLACEHOLDER.findall(t) for t in texts)


# A verb a policy sentence names the request by, first in a variable's name made from it.
_DOING = frozenset(
    [
        "work",
        "service",
        "fix",
        "repair",
        "handle",
        "do",
        "take",
        "accept",
        "sell",
        "buy",
        "use",
        "process",
        "change",
        "cancel",
        "refund",
        "return",
        "replace",
        "book",
        "ship",
        "send",
        "issue",
    ]
)
_AUX = {"is": "I'm", "am": "I'm", "was": "I was", "has": "I have", "have": "I have",
        "had": "I had", "can": "I can", "did": "I did"}  # fmt: skip


def told_label(name: str) -> str:
    """How the customer names a yes/no fact, as a question support can ask ("whether I have a
    medical certificate"); agents/phrasing/whether.py says it back as the fact ("I have a
    medical certificate", "I don't have ..."). Read from the variable's words:
    `is_member` -> "whether I'm a member", `has_receipt` -> "whether I have a receipt",
    `bike_damaged` -> "whether the bike is damaged", else a thing the customer has."""
    words = [w for w in name.lower().split("_") if w]
    if len(words) > 1 and words[0] in _DOING:
        words = words[1:]  # "We can't work on e-bike batteries": the batteries
    if not words:
        return name
    head, rest = words[0], " ".join(words[1:])
    if head in _AUX and rest:
        article = "" if head in ("can", "did") or rest.endswith("s") else _article(rest)
        return f"whether {_AUX[head]} {article}{rest}"
    phrase = " ".join(words)
    if _ADJECTIVE.search(words[-1]) or (len(words) > 1 and head.endswith("ed")):
        return f"whether I'm {phrase}"  # vulnerable, registered as vulnerable (walkthrough 9)
    if len(words) > 1 and words[-1].endswith("ed"):
        return f"whether the {' '.join(words[:-1])} is {words[-1]}"
    if len(words) == 1 and head.endswith("ed"):
        return f"whether it is {head}"
    if words[-1] in _PERSON:
        return f"whether I'm {_article(phrase)}{phrase}"  # a member, a student
    plural = phrase.endswith("s") and not phrase.endswith("ss")
    return f"whether I have {'' if plural else _article(phrase)}{phrase}"


# Endings of adjectives: what the customer is, not has ("whether I have a vulnerable" was
# walkthrough 9's label for `vulnerable`).
_ADJECTIVE = re.compile(r"(?:able|ible|ive|ous|ful|less|ary|ile)$")
# Nouns for what a person is ("whether I'm a member", never "whether I have a member").
_PERSON = frozenset(
    [
        "member",
        "student",
        "senior",
        "pensioner",
        "resident",
        "subscriber",
        "employee",
        "veteran",
        "minor",
        "vip",
        "customer",
        "patient",
        "tenant",
        "owner",
        "homeowner",
        "landlord",
        "child",
        "adult",
        "teacher",
        "nurse",
        "citizen",
    ]
)


def _article(phrase: str) -> str:
    return "an " if phrase[:1] in "aeiou" else "a "


def tell_tested(data: Any, names: list[str]) -> list[str]:
    """Each of `names` (variables a condition now tests) that is a yes/no the customer does
    not carry yet made a fact they know and tell when asked; the names made so."""
    if not isinstance(data, dict) or data.get("world"):
        return []
    found = data.get("variables")
    variables: dict[str, Any] = found if isinstance(found, dict) else {}
    made: list[str] = []
    for name in names:
        if not yes_no_variable(variables.get(name)) or customer_carries(data, name):
            continue
        policy = (data.get("support") or {}).get("policy")
        if support_holds(name) or (isinstance(policy, str) and checked_in(policy, name)):
            # what the policy has support check stays looked up when a rule's condition is
            # edited to test it (walkthrough 15: the fuel level moved to "asks the customer
            # for: whether they're recorded fuel level" without a word)
            continue
        made_told(data, name, told_label(name))
        made.append(name)
    return made


def made_told(data: Any, name: str, label: str) -> None:
    """Variable `name` made a fact the customer knows (`{name}`), names as `label` (unless it
    has a label already) and tells only when asked. One helper for the three places that
    made these maps line by line (asked_facts, lookups, tell_tested: note 17's D6)."""
    customer = data.get("customer")
    if not isinstance(customer, dict):
        data["customer"] = customer = CommentedMap()
    for key in ("knows", "labels"):
        if not isinstance(customer.get(key), dict):
            customer[key] = CommentedMap()
    customer["knows"].setdefault(name, "{" + name + "}")
    customer["labels"].setdefault(name, label)
    hidden = customer.get("reveal_only_when_asked")
    if not isinstance(hidden, list):
        hidden = CommentedSeq()
        hidden.fa.set_flow_style()
        customer["reveal_only_when_asked"] = hidden
    if name not in hidden:
        hidden.append(name)
