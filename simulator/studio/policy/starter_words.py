"""The short starter's goal and first messages in the words of what the user called the
scenario: "Gym: freeze membership" starts "Hi, I'd like to freeze my membership, please.", so a
newcomer reads their own request at once, not a booking's; a request only support can grant
("waive ...") is asked of support."""

from __future__ import annotations

import re

from agents.understanding.lexicon import verb_forms, wordset

__all__ = [
    "GENERAL_NOTE",
    "GENERAL_OPENINGS",
    "NAMED_STARTER_REASON",
    "own_words",
    "said_as_general",
]

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


# Verbs a customer's request starts with, beyond the trade verbs of agents.understanding:
# a name that starts with none of them is a topic or a complaint ("Home internet: down after
# technician visit", "Late delivery", "Broken screen"), never pasted into "I'd like to ..."
# (walkthrough 11 got "Hi, I'd like to down my after technician visit, please.").
_REQUEST_VERBS = wordset(
    "access appeal apply arrange ask book borrow buy cancel change chase check claim close "
    "collect complain connect contest delete deposit disconnect dispute download drop enrol "
    "enroll exchange extend find fix freeze get give hire install join keep leave link lock "
    "lodge lower move open order pause pay pick port postpone query raise reactivate "
    "reconnect recover redeem refill register reinstall remove renew rent repair replace "
    "report request reschedule reset restart resume retrieve return see sell send sign speak "
    "split start stop subscribe swap switch take talk top track transfer unlock unsubscribe "
    "upgrade use verify withdraw "
)


# After a word that is also a noun, words that make the name a statement about it ("order
# not arrived", "card stuck"); and, last in the name, a state ("parcel lost", "order late").
_STATE_WORDS = wordset("not never is was has have are were missing stuck failed")
_STATES_LAST = wordset(
    "late delayed damaged broken lost wrong down overdue declined blocked charged twice"
)


# What a desk does with a request, last in a name that says which ("Claim review", "Refund
# handling", "Booking changes process"): the name is a topic, not what a customer asks for.
_PROCESS_NOUNS = wordset(
    "review reviews reassessment assessment assessments handling process processes procedure "
    "procedures policy policies enquiry enquiries inquiry inquiries query queries escalation "
    "escalations verification approval approvals workflow triage desk calls"
)


def _is_request(task: str) -> bool:
    """Whether the name's words are said as a request ("freeze my membership", "ask about
    the cancellation of ..."): they start with a verb a customer asks with."""
    words = task.lower().split()
    first = words[0] if words else ""
    after = words[2:3] if words[1:2] == ["my"] else words[1:2]  # `_task` may have added "my"
    if after and (after[0] in _STATE_WORDS or (after[0] in _STATES_LAST and after == words[-1:])):
        return False
    if len(words) <= 3 and words[-1] in _PROCESS_NOUNS:
        return False  # "claim review" names a process, never "claim my review" (walkthrough 14)
    if first in _REQUEST_VERBS or first in _SUPPORT_VERBS:
        return True
    lemma, _, form = verb_forms().get(first, ("", "", ""))
    return form == "base" and lemma == first


# A name that is no request gets first messages any customer could start with, and the page
# asks for the author's own (`said_as_general`); its goal says what the name is about without
# making a sentence of it.
GENERAL_OPENINGS = (
    "Hi, I need some help, please.",
    "Can you help me with something?",
    "hi, quick question",
)
# Said under the first messages while they are the general ones.
GENERAL_NOTE = (
    "These first messages are general ones: the scenario's name says what it is about, not "
    "what a customer asks. Write how your customers start, one message per line."
)


def said_as_general(openings: object) -> bool:
    """Whether the first messages are still the general ones a topic name gets."""
    return isinstance(openings, list) and tuple(map(str, openings)) == GENERAL_OPENINGS


def _general(text: str, topic: str) -> str:
    lines = [line for line, _ in _STARTER_LINES]
    said = [
        f'  goal: "I need help with this: {topic}."',
        *(f"    - {line}" for line in GENERAL_OPENINGS),
    ]
    for old, new in zip(lines, said, strict=True):
        text = text.replace(old + "\n", new + "\n", 1)
    return _on_topic(text)


def own_words(text: str, new_id: str, title: str = "") -> str:
    """The starter with its request in the user's words (`_task`), unless the id is the
    placeholder; a request only support can grant ("waive ...") is asked of support; a name
    that is no request (a topic, a complaint) gets general first messages instead."""
    task = _task(new_id, title)
    if not re.fullmatch(r"[a-z][\w '&,.-]*", task) or new_id == "mine/my-scenario":
        return text
    if not _is_request(task):
        last = re.split(r"[:/]", title)[-1] if title else new_id.rsplit("/", 1)[-1]
        topic = last.replace("-", " ").replace("_", " ") if not title else last
        topic = " ".join(topic.replace('"', "'").split()).rstrip(".!?") or task
        if not (len(topic.split()[0]) > 1 and topic.split()[0].isupper()):  # an acronym stays
            topic = topic[0].lower() + topic[1:]
        return _general(text, topic)
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
