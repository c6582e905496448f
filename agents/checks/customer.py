"""Checks on the simulated customer: is the transcript realistic data about a real customer?

Two failures make a transcript useless for training however good the support side was: the
customer leaking its own instructions ("my goal is to get a refund for ...", "as a simulated
customer ..."), and the customer drifting out of its persona (a polite persona swearing, an
English writer switching language mid-conversation without the edge case that asks for it).

Both are decided from text, so they hold for a scripted customer, an LLM customer or a real
log. Turns that enact an edge case are exempt: the edge case is the reason for the behaviour.
Faults that block the task (a fact held back, a contradicted value) are in
`agents.checks.customer_faults`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from agents.checks import PASS, CheckResult, GradeContext, quote
from agents.checks.authored import unauthored_run
from agents.checks.needles import Needled
from agents.types import Finding

# A customer turn that repeats most of its goal word for word is a copied instruction:
# ordinary turns share a product, an order id or a short clause with the goal, not most of
# it. Measured on 1,500 scripted conversations, a natural turn shares at most about half of
# the goal (11 words); a copied goal shares GOAL_SHARE of it, or GOAL_RUN words outright.
GOAL_SHARE = 0.65
GOAL_MIN_RUN = 6
GOAL_RUN = 15
# Phrases only a role-playing model says about itself; a customer never does.
META_MARKERS = (
    r"\bmy (?:instructions?|persona|character|script|prompt|system prompt)\b",
    r"\bmy (?:goal|objective|task|role) (?:in|for) this (?:conversation|chat|scenario|"
    r"simulation|role-?play)\b",
    r"\bas (?:a|the|your) (?:simulated|synthetic|fictional|role-?played?) (?:customer|user)\b",
    r"\bi(?: am|'m) (?:a |an )?(?:simulated|synthetic|role-?playing|an ai|a language model)\b",
    r"\bi(?: was| have been| am|'ve been) (?:instructed|told|prompted|briefed) to (?:say|act|"
    r"pretend|play|only|reveal|not reveal|withhold|ask)\b",
    r"\b(?:reveal[_ ]only[_ ]when[_ ]asked|success criteri(?:a|on)|edge[_ ]cases?)\b",
    r"\b(?:the|this|my) scenario (?:says|states|requires|is)\b",
    r"\bi(?: am|'m) supposed to (?:pretend|act|play|say)\b",
)
_META = Needled(
    re.compile("|".join(f"(?:{m})" for m in META_MARKERS), re.IGNORECASE),
    # each marker above holds one of these
    ("instruct", "persona", "character", "script", "prompt", "conversation", "chat", "scenario",
     "simulat", "role", "synthetic", "fictional", "an ai", "language model", "told", "briefed",
     "reveal", "criteri", "edge", "supposed"),
)  # fmt: skip
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
# `_WORD` on lower-case ASCII text: a set of ranges the regex engine tests by bitmap, where
# `[^\W_]` looks each character up in the Unicode tables (half the cost of a turn's words).
_ASCII_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)?")

# Tones that never insult or swear; a turn of theirs that does has left the persona.
CALM_TONES = frozenset({"polite", "neutral", "friendly", "anxious", "confused"})
HOSTILE = re.compile(
    r"\b(?:idiots?|idiotic|stupid|morons?|useless|incompetent|pathetic|clowns?|"
    r"shut up|screw you|damn(?:ed)?|hell|crap|bullshit|wtf|f+u+c+k\w*|sh[i1]t\w*)\b",
    re.IGNORECASE,
)
_HOSTILE = Needled(  # each word of HOSTILE holds one of these ("uck": f+u+c+k)
    HOSTILE,
    ("idiot", "stupid", "moron", "useless", "incompetent", "pathetic", "clown", "shut up",
     "screw you", "damn", "hell", "crap", "wtf", "uck", "shi", "sh1"),
)  # fmt: skip
SWITCH_BEHAVIORS = frozenset({"switch_language"})
HOSTILE_BEHAVIORS = frozenset({"sarcastic", "demand_manager", "impatient", "prompt_injection"})

# Function words by language; a word two languages share tells nothing and is dropped.
_FUNCTION_WORDS: dict[str, str] = {
    "en": "the and is are was my your you it this that have has with for not can could would "
    "please what when where there here of to i me we they be do does did will a as on in so "
    "an at or if how get got just ok no thanks thank",
    "de": "der die das und ist sind mein meine ich sie nicht mit für bitte können könnten "
    "was wie auf ein eine einen habe haben es wir ihr auch noch aber wenn",
    "fr": "le la les et est sont mon ma mes je vous pas avec pour merci pouvez une un des "
    "que qui c'est j'ai ne suis nous il elle mais alors de en du au",
    "es": "el la los las y es son mi mis yo usted no con para gracias puede una un que por "
    "tengo está estoy pero muy como del de en su sus me le lo se qué",
    "it": "il lo la gli le e è sono mio mia io lei non con per grazie può una un che ho "
    "della sto ma molto come di in",
    "pt": "o a os as e é são meu minha eu você não com para obrigado obrigada pode uma um que "
    "tenho está mas muito como do da de em no",
    "nl": "de het een en is zijn mijn ik u niet met voor alstublieft kunt kunnen wat hoe "
    "dank heb ben maar ook nog",
}
_SEEN: Counter[str] = Counter(w for ws in _FUNCTION_WORDS.values() for w in set(ws.split()))
LANGUAGE_MARKERS: dict[str, frozenset[str]] = {
    code: frozenset(w for w in ws.split() if _SEEN[w] == 1) for code, ws in _FUNCTION_WORDS.items()
}
_LANGUAGE_OF = {w: code for code, ws in LANGUAGE_MARKERS.items() for w in ws}  # each in one
MIN_MARKERS = 3  # fewer function words than this: too short to tell the language


def words(text: str) -> list[str]:
    return list(word_tuple(text))


@lru_cache(maxsize=4096)
def word_tuple(text: str) -> tuple[str, ...]:
    """`words`, cached and shared (never copied): several checks read the words of the same
    turns (and of a scenario's texts)."""
    if text.isascii():  # casefold is lower, and lower case keeps every word where it was
        return tuple(_ASCII_WORD.findall(text.lower()))
    return tuple(w.casefold().replace("’", "'") for w in _WORD.findall(text))


def turn_words(ctx: GradeContext, index: int) -> tuple[str, ...]:
    """`words` of a turn, read once: several checks read the customer's words."""
    return word_tuple(ctx.turns[index].content)


def instruction_leak(ctx: GradeContext) -> CheckResult:
    """A customer turn that talks about its instructions or copies a clause of its goal."""
    goal = _goal_words(ctx)
    goal_set = frozenset(goal)
    findings: list[Finding] = []
    for index, turn in enumerate(ctx.turns):
        if turn.role != "customer" or turn.edge_case is not None or not turn.content:
            continue
        meta = _META.search(turn.content)
        if meta is not None:
            evidence = quote(turn.content, meta.start(), meta.end())
            why = "the customer talks about its own instructions"
        else:
            text = turn_words(ctx, index)
            # A stretch of goal words is no longer than all the turn's goal words (counted
            # in C): most turns hold too few to copy the goal, and no stretch is looked for.
            if _no_copy(sum(map(goal_set.__contains__, text)), len(goal)):
                continue
            if _no_copy(_longest_streak(text, goal_set), len(goal)):
                continue  # even its longest stretch of goal words in a row is too short
            run = longest_shared_run(text, goal)
            if _no_copy(run, len(goal)):
                continue
            run = unauthored_run(ctx, text, goal)  # the scenario's own lines are not a leak
            if _no_copy(run, len(goal)):
                continue
            evidence = quote(turn.content)
            why = f"the customer repeats {run} consecutive words of its goal text"
        findings.append(
            Finding(
                turn=index,
                dimension="customer_fidelity",
                category="instruction_leak",
                severity="critical",
                evidence=evidence,
                explanation=why,
            )
        )
    return CheckResult(tuple(findings)) if findings else PASS


def _goal_words(ctx: GradeContext) -> list[str]:
    goal = ctx.plan.scenario.customer.goal_in(ctx.plan.persona.language)
    # An unrendered goal still shares its words with a copied one.
    found = ctx.rendered(goal)
    return words(goal if found is None else found)


def _no_copy(run: int, goal_length: int) -> bool:
    """A shared run of this length is not a copied goal (nor is any shorter one)."""
    return run < GOAL_RUN and (run < GOAL_MIN_RUN or run < GOAL_SHARE * goal_length)


def _longest_streak(text: Sequence[str], vocabulary: frozenset[str]) -> int:
    """The most words in a row of `text` found in `vocabulary`: a bound on any shared run."""
    best = streak = 0
    for word in text:
        if word in vocabulary:
            streak += 1
            if streak > best:
                best = streak
        else:
            streak = 0
    return best


def longest_shared_run(text: Sequence[str], goal: Sequence[str]) -> int:
    """Length of the longest run of consecutive words that `text` and `goal` share.

    The longest-common-substring table kept sparse: only the positions of `goal` holding the
    current word of `text` can extend a run, so each word costs its matches, not a pass over
    `goal` (about 14 calls a conversation in the critic, 3.4 times faster on a run's own
    texts; tests/test_critic_checks.py holds it to the full table)."""
    if not text or not goal:
        return 0
    where: dict[str, list[int]] = {}
    for j, b in enumerate(goal):
        spots = where.get(b)
        if spots is None:
            where[b] = [j]
        else:
            spots.append(j)
    best = 0
    previous: dict[int, int] = {}  # goal position -> length of the shared run ending there
    for a in text:
        found = where.get(a)
        if found is None:
            previous = {}
            continue
        if previous:
            current = {j: previous.get(j - 1, 0) + 1 for j in found}
            top = max(current.values())
        else:
            current = dict.fromkeys(found, 1)
            top = 1
        if top > best:
            best = top
        previous = current
    return best


def detect_language(text: str, minimum: int = MIN_MARKERS) -> str | None:
    """The language whose function words dominate `text`, or None when it is unclear."""
    return _language(words(text), minimum)


def _language(text: Sequence[str], minimum: int = MIN_MARKERS) -> str | None:
    # Each marker word belongs to one language (LANGUAGE_MARKERS are disjoint).
    codes = [code for code in map(_LANGUAGE_OF.get, text) if code is not None]
    if not codes or len(codes) < minimum:
        return None  # too few telling words for any language to reach the minimum
    ranked = Counter(codes).most_common(2)
    top, n = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return top if n >= minimum and n >= 2 * runner_up + 1 else None


def persona_drift(ctx: GradeContext) -> CheckResult:
    """The customer leaves its persona: hostile words from a calm tone, or a language switch.

    The customer's language is the one its first turn with a telling word is written in (the
    persona's, for the scripted engine and a prompted LLM; not taken from the persona, so a
    transcript graded without one is read the same way); a later clear turn in another
    language is drift unless it enacts the switch-language case.
    """
    persona = ctx.plan.persona
    calm = persona.tone in CALM_TONES
    edges = {e.id: e.behavior for e in ctx.plan.edge_cases}
    findings: list[Finding] = []
    baseline: str | None = None
    own = (persona.language or "").split("_")[0].split("-")[0].lower() or None
    weak = False  # the baseline was read from a turn with too few telling words to be clear
    undecided = False
    for index, turn in enumerate(ctx.turns):
        if turn.role != "customer" or not turn.content.strip():
            continue
        behavior = edges.get(turn.edge_case) if turn.edge_case is not None else None
        if behavior not in SWITCH_BEHAVIORS:
            if baseline is None:
                # A short turn may set the language (one telling word); only a clear turn,
                # later, may break it.
                words = turn_words(ctx, index)
                baseline = _language(words, minimum=1)
                # weak: one telling word, and not the persona's language to confirm it
                weak = baseline not in (None, own) and _language(words) is None
            else:
                language = _language(turn_words(ctx, index))
                if language is not None and language != baseline and weak:
                    # The first reading came from a short, maybe garbled turn ("lt me se"
                    # read as Spanish, "Mn Aro it nch" as English): the clear turn is the
                    # customer's language. Its persona's language is no switch at all;
                    # another cannot be told from a misread opening (outsider 23).
                    undecided = undecided or language != own
                    baseline, weak = language, False
                elif language is not None and language != baseline:
                    why = f"the customer switches from '{baseline}' to '{language}' unplanned"
                    findings.append(_drift(index, quote(turn.content), why))
                    continue
                elif language is not None:
                    weak = False
        hostile = _HOSTILE.search(turn.content) if calm else None
        if hostile is not None and behavior not in HOSTILE_BEHAVIORS:
            evidence = quote(turn.content, hostile.start(), hostile.end())
            findings.append(_drift(index, evidence, f"a {persona.tone} customer turns hostile"))
    unjudged = ("persona_drift",) if undecided and not findings else ()
    return CheckResult(tuple(findings), unjudged) if findings or unjudged else PASS


def _drift(turn: int, evidence: str, why: str) -> Finding:
    return Finding(
        turn=turn,
        dimension="customer_fidelity",
        category="persona_drift",
        severity="major",
        evidence=evidence,
        explanation=why,
    )
