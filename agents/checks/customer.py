"""Checks on the simulated customer: is the transcript realistic data about a real customer?

Two failures make a transcript useless for training however good the support side was: the
customer leaking its own instructions ("my goal is to get a refund for ...", "as a simulated
customer ..."), and the customer drifting out of its persona (a polite persona swearing, an
English writer switching language mid-conversation without the edge case that asks for it).

Both are decided from text, so they hold for a scripted customer, an LLM customer or a real
log. Turns that enact an edge case are exempt: the edge case is the reason for the behaviour.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from agents.checks import PASS, CheckResult, GradeContext, quote
from agents.checks.needles import Needled
from agents.checks.reading import read_text
from agents.checks.success import compact, contains_value
from agents.scripted.common import shape_regex
from agents.types import Finding, Turn
from agents.understanding.languages import language_of
from scenarios.templates import TemplateError, render

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
    return list(_words(text))


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    """Cached: several checks read the words of the same turns (and of a scenario's texts)."""
    if text.isascii():  # casefold is lower, and lower case keeps every word where it was
        return tuple(_WORD.findall(text.lower()))
    return tuple(w.casefold().replace("’", "'") for w in _WORD.findall(text))


def turn_words(ctx: GradeContext, index: int) -> list[str]:
    """`words` of a turn, once per conversation: several checks read the customer's words."""
    cache: dict[int, list[str]] = ctx.shared("customer.turn_words", _no_words)
    found = cache.get(index)
    if found is None:
        found = cache[index] = words(ctx.turns[index].content)
    return found


def _no_words(ctx: GradeContext) -> dict[int, list[str]]:
    return {}


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
            if _no_copy(_longest_streak(text, goal_set), len(goal)):
                continue  # even its longest stretch of goal words in a row is too short
            run = longest_shared_run(text, goal)
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
    goal = ctx.plan.scenario.customer.goal
    # An unrendered goal still shares its words with a copied one.
    with contextlib.suppress(TemplateError):
        goal = render(goal, ctx.plan.variables)
    return words(goal)


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
    """Length of the longest run of consecutive words that `text` and `goal` share."""
    if not text or not goal:
        return 0
    best = 0
    previous = [0] * (len(goal) + 1)
    for a in text:
        current = [0] * (len(goal) + 1)
        for j, b in enumerate(goal, 1):
            if a == b:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
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
    for index, turn in enumerate(ctx.turns):
        if turn.role != "customer" or not turn.content.strip():
            continue
        behavior = edges.get(turn.edge_case) if turn.edge_case is not None else None
        if behavior not in SWITCH_BEHAVIORS:
            if baseline is None:
                # A short turn may set the language (one telling word); only a clear turn,
                # later, may break it.
                baseline = _language(turn_words(ctx, index), minimum=1)
            else:
                language = _language(turn_words(ctx, index))
                if language is not None and language != baseline:
                    why = f"the customer switches from '{baseline}' to '{language}' unplanned"
                    findings.append(_drift(index, quote(turn.content), why))
                    continue
        hostile = _HOSTILE.search(turn.content) if calm else None
        if hostile is not None and behavior not in HOSTILE_BEHAVIORS:
            evidence = quote(turn.content, hostile.start(), hostile.end())
            findings.append(_drift(index, evidence, f"a {persona.tone} customer turns hostile"))
    return CheckResult(tuple(findings)) if findings else PASS


def _drift(turn: int, evidence: str, why: str) -> Finding:
    return Finding(
        turn=turn,
        dimension="customer_fidelity",
        category="persona_drift",
        severity="major",
        evidence=evidence,
        explanation=why,
    )


# --- customer faults that block the task (the critic blames the simulator for them) -------
# Nouns that name an identifier whatever it identifies: "order number", "booking ref",
# "account ID", "order #". A fact named by its own words plus one of these, or by its scenario
# label, is asked for in plain words.
ID_NOUNS = frozenset(
    {"number", "no", "nr", "num", "id", "identifier", "reference", "ref", "code", "#"}
)
_TOKENS = re.compile(r"#|[^\W_]+")
_ASKING = re.compile(
    r"\?|\b(?:please|could you|can you|would you|provide|share|send|give|tell me|need|"
    r"what(?:'s| is)|confirm|enter|type)\b",
    re.IGNORECASE,
)
# Edge cases whose behaviour is to hold a fact back, give a wrong one or leave early: the
# customer does that on purpose, so it is not a simulator fault.
WITHHOLD_BEHAVIORS = frozenset(
    {"withhold", "give_up_early", "vague", "wrong_identifier", "self_correct", "silence"}
)
UNFINISHED = frozenset({"abandoned", "max_turns"})
WRONG_VALUE_BEHAVIORS = frozenset({"wrong_identifier", "self_correct", "overshare", "multi_issue"})


def _tokens(text: str) -> list[str]:
    return [t.casefold() for t in _TOKENS.findall(text)]


def _fact_names(ctx: GradeContext, fact: str) -> list[list[str]]:
    names = [_tokens(ctx.plan.scenario.label(fact)), _tokens(fact.replace("_", " "))]
    return [n for n in names if n]


def asks_for(text: str, names: Sequence[Sequence[str]]) -> bool:
    """`text` asks for the fact in plain words: a request naming the fact by one of its
    `names` (token lists: its label, its key) or by a name word next to an identifier noun."""
    if not _ASKING.search(text):
        return False
    said = _tokens(text)
    joined = " " + " ".join(said) + " "
    for name in names:
        if len(name) > 1 and " " + " ".join(name) + " " in joined:
            return True
        if len(name) == 1 and _alone(name[0], text):
            return True  # "your email?", not "your email address" (another fact's name)
        heads = {w for w in name if w not in ID_NOUNS and w not in _COMMON_WORDS}
        if len(heads) == len(name) or not heads:
            continue  # the name has no identifier noun: only the whole name says it
        for i, word in enumerate(said):
            if word in heads and any(w in ID_NOUNS for w in said[i + 1 : i + 3]):
                return True
    return False


_COMMON_WORDS = frozenset({"the", "a", "an", "your", "of", "my"})


def _alone(word: str, text: str) -> bool:
    """`word` occurs in `text` as a noun of its own: not followed by another word."""
    return re.search(rf"(?<![\w#]){re.escape(word)}(?![\w#]|\s+[^\W\d_])", text, re.I) is not None


def _known_facts(ctx: GradeContext) -> dict[str, str]:
    out: dict[str, str] = {}
    for fact, template in ctx.plan.scenario.customer.knows.items():
        try:
            value = render(template, ctx.plan.variables)
        except TemplateError:
            continue
        if len(value.strip()) >= 2:
            out[fact] = value
    return out


def _plan_behaviors(ctx: GradeContext) -> set[str]:
    return {e.behavior for e in ctx.plan.edge_cases}


def withheld_fact(ctx: GradeContext) -> CheckResult:
    """Support asked in plain words for a fact the customer holds; the customer wrote again
    (without an edge case that explains it) and never gave it."""
    if ctx.outcome.status not in UNFINISHED or _plan_behaviors(ctx) & WITHHOLD_BEHAVIORS:
        return PASS  # it ended well without the fact, or an edge case holds it back
    turns = ctx.turns
    for fact, value in _known_facts(ctx).items():
        expected = compact(value)
        given = [
            i
            for i, t in enumerate(turns)
            if t.role == "customer" and (t.slots.get(fact) or contains_value(t.content, expected))
        ]
        names = _fact_names(ctx, fact)
        asked = next((i for i, t in ctx.support_turns() if _asked(t, fact, names, ctx)), None)
        if asked is None or any(i < asked for i in given):
            continue  # never asked, or asked again after it was given: support's business
        after = [i for i in range(asked + 1, len(turns)) if turns[i].role == "customer"]
        if given or not any(turns[i].edge_case is None for i in after):
            continue  # it gave it, or never wrote again in its own voice
        label = ctx.plan.scenario.label(fact)
        finding = Finding(
            turn=after[0],
            dimension="customer_fidelity",
            category="withheld_fact",
            severity="major",
            evidence=quote(turns[asked].content),
            explanation=f"support asked for the {label} in plain words (turn {asked}) and the "
            f"customer, who knows it, never gave it",
        )
        return CheckResult((finding,))
    return PASS


def _asked(turn: Turn, fact: str, names: Sequence[Sequence[str]], ctx: GradeContext) -> bool:
    """A request for the fact in plain words: English by its names, or, for a turn without an
    act (a bot) in Spanish, French, German or Portuguese, a request the support reader finds
    naming it."""
    if asks_for(turn.content, names):
        return True
    if turn.act is not None or language_of(turn.content) == "en":
        return False
    return fact in read_text(turn.content, ctx).asks


def _identifier(value: str) -> bool:
    """An id-like value: letters and digits mixed, or six or more digits."""
    digits = sum(c.isdigit() for c in value)
    letters = sum(c.isalpha() for c in value)
    return (digits >= 2 and letters >= 1 and len(value) >= 5) or digits >= 6


def _blank(text: str, values: Sequence[str]) -> str:
    """`text` with each value (in order, case as given) overwritten by as many NULs: its
    other facts (a date of birth) are not the fact being checked."""
    for value in values:
        if value:
            text = text.replace(value, "\0" * len(value))
    return text


def contradicted_goal(ctx: GradeContext) -> CheckResult:
    """The customer states a value for one of its facts that its scenario contradicts (a
    different value of the same shape), without an edge case that makes it do so."""
    if _plan_behaviors(ctx) & WRONG_VALUE_BEHAVIORS:
        return PASS
    support_text = " ".join(t.content for _, t in ctx.support_turns()).casefold()
    facts = _known_facts(ctx)
    values = sorted(set(facts.values()), key=lambda v: (-len(v), v))
    masked: list[tuple[int, Turn, str]] | None = None
    for fact, value in facts.items():
        if not _identifier(value):
            continue  # a name, a date or a short number has too many spellings and lookalikes
        shape = shape_regex(value, re.IGNORECASE)
        known = value.casefold()
        if masked is None:  # the customer's turns with its known values blanked, longest first
            masked = [
                (index, turn, _blank(turn.content, values))
                for index, turn in enumerate(ctx.turns)
                if turn.role == "customer" and turn.edge_case is None
            ]
        for index, turn, content in masked:
            for m in shape.finditer(content):
                said = m.group(0).casefold()
                if said == known or said in support_text:
                    continue  # its own value, or one support said first (a ticket number)
                label = ctx.plan.scenario.label(fact)
                finding = Finding(
                    turn=index,
                    dimension="customer_fidelity",
                    category="contradicted_goal",
                    severity="major",
                    evidence=quote(turn.content, m.start(), m.end()),
                    explanation=f"the customer gives a {label} its scenario does not hold",
                )
                return CheckResult((finding,))
    return PASS
