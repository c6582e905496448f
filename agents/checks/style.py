"""Persona drift in form: how much the customer writes and its writing quirks.

A persona says how its customer writes (terse or chatty, all in capitals, all lower case, no
punctuation). A transcript whose customer ignores that is mislabelled data: the persona on the
record no longer describes the text. Tone and language drift are in `agents.checks.customer`.

The scripted engine varies form by design (a terse customer still states its issue in a
sentence; an all-caps quirk shouts in about 70% of turns), so every rule here is a
conversation-level band with a margin over what the engine writes: measured on 1,000 scripted
conversations (run seed 5), terse customers' median turn was at most 24 words and chatty
customers' at least 4; no rule fired (see bench/critic_eval.py and the calibration figures in
docs/critic.md).

Fact values (order ids, emails, names, anything in the plan's variables) are left out before
judging form: quirks never change them, so they say nothing about the writer's habits.
Turns that enact an edge case are exempt, as in the other customer checks.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

from agents.checks import PASS, CheckResult, GradeContext, quote
from agents.checks.customer import word_tuple
from agents.checks.values import mask_values
from agents.phrasing.style import verbosity_of
from agents.types import Finding, Turn

# Verbosity bands over a conversation's customer turns (words per turn).
TERSE_MEDIAN_MAX = 35  # a terse customer's median turn above this is not terse
TERSE_TURN_MAX = 90  # nor is any single turn this long
CHATTY_MEDIAN_MIN = 3  # a chatty customer whose median turn is below this ...
CHATTY_TURN_MIN = 5  # ... and whose longest turn is below this writes one-word turns
CHATTY_MIN_TURNS = 3  # too few turns to call a chatty customer curt
# Quirk rules.
CAPS_SHARE = 0.8  # a turn is "in capitals" when this share of its cased letters is upper case
CAPS_MIN_LETTERS = 6
ALL_CAPS_MIN_TURNS = 5  # the engine shouts in ~62% of turns: 5 calm ones in a row is ~0.8%
QUIRK_MIN_TURNS = 2
QUIRK_SHARE = 0.5  # lowercase / no_punctuation broken in at least this share of turns

# The names the phrasing layer also accepts (agents/phrasing/style.py).
QUIRK_ALIASES = {
    "caps": "all_caps", "shouting": "all_caps", "no_caps": "lowercase",
    "all_lowercase": "lowercase", "nopunct": "no_punctuation",
}  # fmt: skip

_PUNCT = re.compile(r"[.,;:!?]")
_EMOTICON = re.compile(r"(?<!\w)[:;]-?[()/DPp](?!\w)")
_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+", re.IGNORECASE)
_TOKEN_WITH_DIGIT_OR_AT = re.compile(r"\S*[\d@]\S*")
_DIGIT_OR_AT = re.compile(r"[\d@]")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)[\"'(]*([A-Z])")


def verbosity_drift(ctx: GradeContext) -> CheckResult:
    """A terse persona writing long turns, or a chatty one writing one- or two-word turns."""
    verbosity = verbosity_of(ctx.plan.persona.verbosity)
    if verbosity not in ("terse", "chatty"):
        return PASS
    free = _free_texts(ctx)
    turns = [(i, t) for i, t, _ in free]
    counts = [len(word_tuple(f)) for _, _, f in free]
    if not counts:
        return PASS
    median = statistics.median(counts)
    longest = max(range(len(counts)), key=counts.__getitem__)
    index, turn = turns[longest]
    if verbosity == "terse":
        if counts[longest] >= TERSE_TURN_MAX:
            why = f"a terse customer writes a {counts[longest]}-word turn"
        elif len(counts) >= 2 and median > TERSE_MEDIAN_MAX:
            why = f"a terse customer's turns run to a median of {median:g} words"
        else:
            return PASS
    else:
        short = (
            len(counts) >= CHATTY_MIN_TURNS
            and median < CHATTY_MEDIAN_MIN
            and counts[longest] < CHATTY_TURN_MIN
        )
        if not short:
            return PASS
        index, turn = turns[0]
        most = counts[longest]
        why = f"a chatty customer writes at most {most} word{'s' if most != 1 else ''} a turn"
    return _one(index, turn, "verbosity_drift", why)


def quirk_drift(ctx: GradeContext) -> CheckResult:
    """A writing quirk the persona has but the customer's turns do not show (or contradict)."""
    quirks = {QUIRK_ALIASES.get(_key(q), _key(q)) for q in ctx.plan.persona.quirks}
    if not quirks & {"all_caps", "lowercase", "no_punctuation"}:
        return PASS
    free = _free_texts(ctx)
    findings: list[Finding] = []
    if "all_caps" in quirks:
        cased = [(i, t, f) for i, t, f in free if _cased_letters(f) >= CAPS_MIN_LETTERS]
        if len(cased) >= ALL_CAPS_MIN_TURNS and not any(_in_caps(f) for _, _, f in cased):
            i, t, _ = cased[0]
            why = f"an all-caps customer writes none of its {len(cased)} turns in capitals"
            findings.append(_finding(i, t, "quirk_drift", why))
    if "lowercase" in quirks:
        broken = [(i, t) for i, t, f in free if _SENTENCE_START.search(f.strip())]
        finding = _share(broken, free, "a lowercase customer capitalises sentences")
        if finding is not None:
            findings.append(finding)
    if "no_punctuation" in quirks:
        broken = [(i, t) for i, t, f in free if _PUNCT.search(_EMOTICON.sub(" ", f))]
        finding = _share(broken, free, "a customer who writes without punctuation punctuates")
        if finding is not None:
            findings.append(finding)
    return CheckResult(tuple(findings)) if findings else PASS


def _key(quirk: str) -> str:
    return quirk.strip().lower().replace("-", "_").replace(" ", "_")


def _share(broken: list[tuple[int, Turn]], free: Sequence[object], why: str) -> Finding | None:
    if len(broken) < QUIRK_MIN_TURNS or len(broken) < QUIRK_SHARE * len(free):
        return None
    index, turn = broken[0]
    return _finding(index, turn, "quirk_drift", f"{why} ({len(broken)} of {len(free)} turns)")


def _own_turns(ctx: GradeContext) -> list[tuple[int, Turn]]:
    """The customer's own non-empty turns, edge-case turns left out."""
    return [
        (i, t)
        for i, t in enumerate(ctx.turns)
        if t.role == "customer" and t.edge_case is None and t.content.strip()
    ]


def _free_texts(ctx: GradeContext) -> list[tuple[int, Turn, str]]:
    """The customer's own turns with their free text; both checks here read it, so it is
    computed once per conversation."""
    return ctx.shared("style.free_texts", _own_free_texts)


def _own_free_texts(ctx: GradeContext) -> list[tuple[int, Turn, str]]:
    """Each turn without fact values, numbers, emails and links: only what the writer styled.

    Values are masked longest first (the plan's and the turn's slots); turns that mask the
    same values in the same order (nearly all: slots repeat the plan's variables) are masked
    in one call.
    """
    turns = _own_turns(ctx)
    variables = ctx.plan.variables.values()
    groups: dict[tuple[str, ...], list[int]] = {}
    for k, (_, turn) in enumerate(turns):
        distinct = {v for v in (*variables, *turn.slots.values()) if len(v) >= 2}
        groups.setdefault(tuple(sorted(distinct, key=lambda v: (-len(v), v))), []).append(k)
    free = [""] * len(turns)
    for values, members in groups.items():
        masked = mask_values([turns[k][1].content for k in members], values, " ")
        for k, text in zip(members, masked, strict=True):
            free[k] = _unstyled(text)
    return [(i, t, f) for (i, t), f in zip(turns, free, strict=True)]


def _unstyled(text: str) -> str:
    """Links, numbers and emails out. Most turns have none: a cheap search rules them out."""
    if "://" in text or "www." in text.lower():
        text = _URL.sub(" ", text)
    if _DIGIT_OR_AT.search(text) is not None:
        text = _TOKEN_WITH_DIGIT_OR_AT.sub(" ", text)
    return text


def _cased_letters(text: str) -> int:
    return sum(1 for ch in text if ch.isupper() or ch.islower())


def _in_caps(text: str) -> bool:
    upper = sum(1 for ch in text if ch.isupper())
    return upper >= CAPS_SHARE * _cased_letters(text)


def _one(index: int, turn: Turn, category: str, why: str) -> CheckResult:
    return CheckResult((_finding(index, turn, category, why),))


def _finding(index: int, turn: Turn, category: str, why: str) -> Finding:
    # Form, not substance: the transcript is still usable, its persona label is a little off.
    return Finding(
        turn=index,
        dimension="customer_fidelity",
        category=category,
        severity="minor",
        evidence=quote(turn.content),
        explanation=why,
    )
