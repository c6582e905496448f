"""The short starter's goal and first messages in the words of what the user called the
scenario: "Gym: freeze membership" starts "Hi, I'd like to freeze my membership, please.", so a
newcomer reads their own request at once, not a booking's; a request only support can grant
("waive ...") is asked of support."""

from __future__ import annotations

import re

__all__ = ["NAMED_STARTER_REASON", "own_words"]

# The example refusal of a named starter: about requests, not bookings (`_on_topic`).
NAMED_STARTER_REASON = "requests made more than 30 days ago cannot be handled"

_STARTER_LINES = (
    ("  goal: Change my {item} {reference} to another day.", "  goal: I want to {task}."),
    ("    - Hi, I'd like to change my {item}, please.", "    - Hi, I'd like to {task}, please."),
    ("    - Can I move my {item} to another day?", "    - Can you help me {task}?"),
    ("    - need to change my {item}", "    - need to {task}"),
)


# Verbs only support can do ("waive", "refund"): the customer asks support to, rather than
# saying "I'd like to waive late fee" (walkthrough 7's name in the customer's mouth).
_SUPPORT_VERBS = frozenset(
    [
        "waive",
        "refund",
        "reimburse",
        "approve",
        "grant",
        "credit",
        "compensate",
        "exempt",
        "excuse",
        "forgive",
        "honour",
        "honor",
        "reverse",
        "reinstate",
        "authorize",
        "authorise",
        "expedite",
    ]
)
# Words after the verb that already start its object, or are part of the verb ("sign up"):
# no "my" before them.
_NO_OWNER = frozenset(
    [
        "a",
        "an",
        "the",
        "my",
        "our",
        "your",
        "his",
        "her",
        "their",
        "its",
        "this",
        "that",
        "these",
        "those",
        "some",
        "any",
        "all",
        "every",
        "each",
        "more",
        "less",
        "up",
        "in",
        "out",
        "off",
        "for",
        "to",
        "on",
        "about",
        "with",
        "back",
        "down",
        "over",
        "into",
        "from",
        "at",
        "by",
    ]
)
_SUPPORT_LINES = {
    "goal: I want to {task}.": "goal: I want you to {task}.",
    "- Hi, I'd like to {task}, please.": "- Hi, could you {task}, please?",
    "- Can you help me {task}?": "- Can you {task}?",
    "- need to {task}": "- pls {task}",
}


def _task(new_id: str, title: str) -> str:
    """What the customer wants, in the user's words: the title's last part when the name was
    typed as words (`Bike rental: waive late fee on late e-bike return`, its hyphens kept),
    else the id's; a bare noun after the verb gets "my" ("freeze my membership")."""
    last = re.split(r"[:/]", title)[-1].strip() if title else ""
    if not last:
        last = new_id.rstrip("/").rsplit("/", 1)[-1].replace("-", " ").replace("_", " ")
    words = last.strip().rstrip(".!?").split()
    if words and not (len(words[0]) > 1 and words[0].isupper()):  # an acronym stays
        words[0] = words[0].lower()
    if len(words) > 2 and words[1].lower() == "of":
        # A name said as a noun ("refund of deposit after cancellation", walkthrough 8 got
        # "refund my of deposit"): a verb that is also a noun takes the object as its own
        # ("refund my deposit ..."); a noun only ("cancellation of booking") is asked about.
        rest = words[2:] if words[2].lower() in _NO_OWNER else ["my", *words[2:]]
        if _NOUN_ONLY.search(words[0]):
            return " ".join(["ask", "about", "the", words[0], "of", *rest])
        return " ".join([words[0], *rest])
    if len(words) > 1 and words[1].lower() not in _NO_OWNER and words[1].isalpha():
        words.insert(1, "my")
    return " ".join(words)


# Endings of nouns that are no verb ("cancellation", "replacement", "renewal", "closure").
_NOUN_ONLY = re.compile(r"(?:tion|sion|ment|ance|ence|al|ure|ing|ship|ness|ity)$")


def own_words(text: str, new_id: str, title: str = "") -> str:
    """The starter with its request in the user's words (`_task`), unless the id is the
    placeholder; a request only support can grant ("waive ...") is asked of support."""
    task = _task(new_id, title)
    if not re.fullmatch(r"[a-z][\w '&,.-]*", task) or new_id == "mine/my-scenario":
        return text
    support_verb = task.split()[0] in _SUPPORT_VERBS
    for old, new in _STARTER_LINES:
        if support_verb:
            new = next((new.replace(a, b) for a, b in _SUPPORT_LINES.items() if a in new), new)
        text = text.replace(old + "\n", new.replace("{task}", task) + "\n", 1)
    return _on_topic(text)


# The starter's parts about a business of its own (walkthrough 8, a hotel's deposit refund):
# opening hours ("Monday to Saturday, 9am to 6pm"; a hotel's reception never closes) asked
# about after a resolve, and bookings older than 30 days refused. A named scenario keeps no
# claim about someone else's business: its side question is one any business answers the
# same way (how to get in touch again: here), and the example refusal speaks of requests.
_OFF_TOPIC = (
    (
        "    - id: opening_hours\n      keywords: [open, hours, when, closed]\n"
        "      answer:\n        - We're open Monday to Saturday, 9am to 6pm.\n",
        "    - id: contact_again\n      keywords: [contact, again, else, comes up, reach]\n"
        '      answer:\n        - "Just write to us here any time, and we\'ll pick it up."\n',
    ),
    (
        "  - id: ask_hours\n    after: resolve\n    asks: opening_hours\n    probability: 0.4\n"
        "    say:\n      - When are you open, by the way?\n",
        "  - id: ask_contact_again\n    after: resolve\n    asks: contact_again\n"
        "    probability: 0.4\n    say:\n"
        "      - Who do I contact if anything else comes up, by the way?\n",
    ),
    (
        "      reason: bookings made more than 30 days ago cannot be changed\n",
        f"      reason: {NAMED_STARTER_REASON}\n",
    ),
    (
        "        - \"I'm sorry, but I can't change bookings made more than 30 days ago.\"\n"
        "        - \"I understand, but the answer has to stay the same: I can't change bookings "
        'made more than 30 days ago."\n',
        "        - \"I'm sorry, but I can't handle requests made more than 30 days ago.\"\n"
        "        - \"I understand, but the answer has to stay the same: I can't handle requests "
        'made more than 30 days ago."\n',
    ),
)


def _on_topic(text: str) -> str:
    for old, new in _OFF_TOPIC:
        text = text.replace(old, new, 1)
    return text
