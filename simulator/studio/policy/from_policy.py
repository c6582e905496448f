"""A new scenario made from the policy a support desk already has.

Two newcomers spent 220-230 s of their five minutes typing (walkthroughs 11 and 12): the
policy, then first messages, then reading what "add all" made. A support desk has its policy
written down, so the first page takes it pasted: Create writes the starter with that policy,
the rules read from it already added (what "Rules from your policy" and "add all" do), and
first messages drafted from what the policy is about. The author edits from there.

First messages say what the policy is about (*Hi, I have a question about my bill.*), never a
policy sentence, and never a situation one of its rules tests (*my bill was estimated*): the
rules draw those per conversation, and an opening that states one would contradict the draw
in the other conversations. Which thing the policy is about is read from its words: the nouns
its rule sentences name after an article, the most named first (English only, like the
starter).
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from typing import Any

from ruamel.yaml.comments import CommentedSeq

from agents.understanding.lexicon import wordset
from simulator.studio.editing import author
from simulator.studio.editing.roundtrip import dump, round_trip_yaml
from simulator.studio.pages.suggested_page import made_rules, unread_said
from simulator.studio.policy.dropped import not_understood
from simulator.studio.policy.headings import is_heading
from simulator.studio.policy.policy_acts import NEVER
from simulator.studio.policy.policy_read import Suggestion, policy_lines, singular, unread_lines
from simulator.studio.policy.policy_words import _GENERIC
from simulator.studio.policy.starter_words import GENERAL_OPENINGS, said_as_general
from simulator.studio.policy.suggest import ASKS, suggest
from simulator.studio.policy.suggested import add_suggested, added_as, policy_of

__all__ = ["draft_openings", "made_from_policy", "made_line", "name_from_policy", "topics"]

_DETERMINERS = wordset("the a an my your their our his her its this that any every each")
# Words after an article that describe the thing rather than name it ("the annual plan").
_DESCRIBING = wordset(
    """annual monthly yearly weekly daily early late full whole first second third last next
    same other new old original current previous standard basic premium valid correct wrong
    right higher lower own entire additional extra free total final online local main usual
    normal special personal financial single only few many more most less least certain
    particular different"""
)
# Nouns no customer has a question about: people, teams, time, the policy itself.
_NOT_TOPICS = wordset(
    """side team department desk manager supervisor colleague colleagues staff agent time
    day days week weeks month months year years date hour hours minute minutes way case
    reason policy rule rules end start beginning moment point part kind type lot one
    driver renter hirer guest passenger patient owner tenant student traveller traveler
    buyer caller applicant parent contact employee cardholder beneficiary recipient
    resident name number says said has is was gets asks wants needs can may will must one two
    three four five six seven eight nine ten"""
)


def _word(token: str) -> str:
    return token.strip(".,;:!?()\"'").lower()


def topics(policy: str) -> list[str]:
    """The things the policy's rule sentences are about (`the bill`, `their plan`, `Pauses
    longer than ...`), the most named first (ties: the first named). Prohibitions (*Never
    ...*) name what support must not do, not what the customer has: left out."""
    found = suggest(policy, None)
    never = {s.line for s in found if s.action == NEVER}
    # "Check the booking reference ... before you talk about the bill": a fact asked for is
    # no topic (the reference), what it belongs to (the booking) and what it is asked
    # before (the bill) may be
    asked = {
        item.split(" of ")[0].split()[-1]
        for s in found
        if s.action == ASKS
        for item in s.reason.split(", ")
        if item.strip()
    }
    counts: Counter[str] = Counter()
    order: dict[str, int] = {}
    # A title says what the policy is about (*Claim reviews - how we handle "please look at
    # my claim again" calls*): what it names counts twice (walkthrough 14 got "my condition",
    # the pet's, named once more than the claim in the rules).
    titles = [line for line in policy.splitlines() if is_heading(line)]
    for line in titles + titles + policy_lines(policy):
        if line in never or re.match(r"(?i)\s*(?:never|do not|don't|always)\b", line):
            continue
        tokens = line.split()
        for i, token in enumerate(tokens):
            word = _word(token)
            head = ""
            if word in _DETERMINERS:
                for later in tokens[i + 1 : i + 4]:
                    w = _word(later)
                    if w in _GENERIC:
                        break  # "the customer reports ...": a person, then what they do
                    if w.endswith(("'s", "s'")) or w in _DESCRIBING:
                        continue  # "the customer's reading", "the annual plan": what follows
                    if w.endswith("ed") and len(w) > 4:
                        continue  # "an estimated reading"
                    head = w
                    break
            elif i == 0 and word.endswith("s") and word not in _GENERIC:
                head = singular(word)  # "Pauses longer than 3 months ...": a pause
            elif line in titles and i < title_words(line) and word not in _TITLE_SKIP:
                head = singular(word)  # "Parcel claims - ...": parcel, claim
            if not re.fullmatch(r"[a-z][a-z-]{2,}", head) or head in _NOT_TOPICS:
                continue
            if head in _GENERIC or head in _DETERMINERS or head in asked:
                continue
            counts[head] += 1
            order.setdefault(head, len(order))
    ranked = sorted(counts, key=lambda w: (-counts[w], order[w]))
    kinds = kinds_said(found)
    if kinds:  # "the damage charge", "the fuel charge": what the policy is about is the charge
        thing = kinds.split()[-1]
        ranked = [thing, *(w for w in ranked if w != thing)]
    return ranked


def kinds_said(found: list[Suggestion]) -> str:
    """The thing the rules read name in kinds, with the kind as a placeholder ("{charge_type}
    charge"), so a customer's first message says which (kinds.py); "" without kinds."""
    kind = next((s.kind for s in found if s.kind), "")
    name = kind.split()[0] if kind else ""
    return f"{{{name}}} {name.removesuffix('_type')}" if name.endswith("_type") else ""


# Words of a title that name nothing ("Late check-out and room moves").
_TITLE_SKIP = _DESCRIBING | wordset("and or of for to with on in at by from about new")


def title_words(line: str) -> int:
    """How many words a title's name has, before what it says about itself ("Claim reviews
    - how we handle ...": 2)."""
    return len(re.split(r"\s+[-–—|(]\s*|:\s+", line.strip().lstrip("#* "), maxsplit=1)[0].split())


def draft_openings(policy: str) -> list[str]:
    """Three first messages about what the policy is about, in a customer's words and each
    put another way; the general ones when the policy names nothing. What the policy quotes
    customers saying (*"please look at my claim again" calls*) is the first."""
    found = topics(policy)
    if not found:
        return list(GENERAL_OPENINGS)
    thing = f"my {kinds_said(suggest(policy, None)) or found[0]}"
    quoted = customer_quote(policy)
    return [
        quoted or f"Hi, I have a question about {thing}.",
        f"Can you help me with {thing}, please?",
        f"something's not right with {thing}",
    ]


# What a policy quotes customers saying: a request in their words, in quotes.
_QUOTE = re.compile(r"[\"“”]([^\"“”]{8,80})[\"“”]")
_ASKING = re.compile(
    r"(?i)^(?:please|can|could|would|will|i|i'd|i'm|my|where|why|when|how|what|is|are|"
    r"do|does|did|have|has)\b"
)


def customer_quote(policy: str) -> str:
    """The first request the policy quotes a customer making, as a first message ("Hi,
    please look at my claim again."), else ""."""
    for m in _QUOTE.finditer(policy):
        said = " ".join(m[1].split()).strip(" .!?,")
        if _ASKING.match(said) and re.search(r"\b(?:my|i|me)\b", said, re.IGNORECASE):
            end = (
                "?"
                if re.match(
                    r"(?i)(?:can|could|would|will|where|why|when|how|what|is|are|do|does|did|have|has)\b",
                    said,
                )
                else "."
            )
            return f"Hi, {said[0].lower() + said[1:] if not said.startswith('I ') else said}{end}"
    return ""


def name_from_policy(policy: str) -> str:
    """A name for a scenario made from a policy the author did not name: what it is about."""
    found = topics(policy)
    return f"Question about my {found[0]}" if found else ""


def made_line(text: str) -> str:
    """What the edit page says on arrival about a scenario just made from a policy: how many
    rules and facts were read from it, whether the first messages are drafts, and how many
    lines it read as no rule (listed under the policy, as while typing it)."""
    data = author.load_for_form(text) or {}
    policy = policy_of(data)
    found = suggest(policy, data.get("variables"))
    rules = _l(_d(data.get("support")).get("rules"))
    # what the form shows: every rule made (a line's several, the refusals after its ways)
    # and its variables (walkthrough 15 was told "4 rules, 5 facts" of 5 rules, 7 variables)
    made = [_d(rules[n - 1]) for n in made_rules(rules, found)]
    variables = _d(data.get("variables"))
    tested = {n for r in made for n in _d(r.get("when")) if n in variables}
    count = len(made)
    parts = [f"{count} rule{'' if count == 1 else 's'}"]
    if count and len(rules) > count and not _d(rules[-1]).get("when"):
        parts[0] += " and a last one for every other case"  # the starter's, still in the form
    if tested:
        many = len(variables)
        parts.append(
            f"{many} variable{'' if many == 1 else 's'}"
            + (f" ({len(tested)} the rules test)" if len(tested) < many else "")
        )
    openings = _d(data.get("customer")).get("openings")
    drafts = draft_openings(policy) if topics(policy) else None
    if isinstance(openings, list) and [str(o) for o in openings] == drafts:
        parts.append("3 first messages (yours to check)")
    said = "Made from your policy: " + ", ".join(parts) + "."
    read = {s.line for s in found} | {s.more for s in found if s.more}
    unread = unread_lines(policy, read)
    if unread:
        lines = unread_said(unread)
        said += f" {lines[0].upper()}{lines[1:]}: see under the policy."
    # the rules there now: a line's rule the author removed or rewrote is no longer counted
    # (walkthrough 17 read "2 conditions were not understood" after editing them away)
    missed = sum(len(not_understood(s)) for s in found if added_as(rules, s, data) is not None)
    if missed:  # a condition the rules do not test (walkthrough 16 was told nothing)
        said += (
            f" {missed} condition{' was' if missed == 1 else 's were'} not understood and no "
            "rule tests {0}: see under the policy.".format("it" if missed == 1 else "them")
        )
    return said + " Press Try to see five conversations."


def made_from_policy(
    template: str, new_id: str, title: str, policy: str, named: bool = True
) -> str:
    """The scenario `template` gives, with `policy` as its support policy, every rule read
    from it added, and (from the short starter, when the name said no request or was made
    from the policy: not `named`) first messages drafted from the policy, and the goal too
    when the name was made. A policy the studio reads nothing in still
    makes the scenario: its lines are kept, and listed under the policy as read as no rule."""
    policy = "\n".join(line.rstrip() for line in policy.strip().splitlines())
    text = author.from_template(template, new_id, title)
    text = author.apply_form(text, {"support.policy": policy})
    yaml = round_trip_yaml()
    data = yaml.load(text)
    customer = _d(_d(data).get("customer"))
    about = topics(policy)
    starter = template == author.STARTER and bool(about)
    if starter and (not named or _starter_openings(customer.get("openings"))):
        general = said_as_general(customer.get("openings"))
        customer["openings"] = CommentedSeq(draft_openings(policy))
        if not named or general or "{item}" in str(customer.get("goal")):
            customer["goal"] = f"I need help with my {kinds_said(suggest(policy)) or about[0]}."
        text = dump(yaml, data)
    if suggest(policy, _d(data).get("variables")):
        # "support asks for nothing yet" (a template without verify): the policy stays
        with contextlib.suppress(ValueError):
            text = add_suggested(text, "all")
    return text


def parse_when(when: str) -> list[str]:
    """The variables a suggestion's condition (`late_days is more than 5 and member is yes`)
    names."""
    return [part.split()[0] for part in when.split(" and ") if part.split()]


def _d(value: object) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _l(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _starter_openings(openings: object) -> bool:
    """Whether the first messages are still the starter's own (general, or the example's
    "change my {item}"), not ones the name said as a request."""
    if not isinstance(openings, list):
        return False
    said = [str(o) for o in openings]
    return said == list(GENERAL_OPENINGS) or any("{item}" in o for o in said)
