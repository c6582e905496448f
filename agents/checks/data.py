"""Checks that a transcript is usable data: no empty or parroted turns, a sane shape.

These hold for any support side (scripted, LLM or a real bot) because they read only roles and
text, never dialogue acts. They are about the dialogue: tool results (`tool` turns) and the
support turns that call tools are the agent's work, not messages, except that a tool result
must answer a call made just before it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from agents import types as a
from agents.checks import PASS, CheckResult, GradeContext, quote
from agents.checks.customer import longest_shared_run, word_tuple
from agents.checks.reading import read_text, readable
from agents.types import ConversationPlan, Finding, Severity, Turn
from agents.understanding import (
    customer_act_from_text,
    extract_facts,
    knowledge_topic,
    support_act_from_text,
)

# Turns shorter than this (after normalizing) are acknowledgements ("ok", "thanks!") that
# people legitimately say more than once; repeating them is not a defect.
MIN_REPEAT_CHARS = 16
# Edge-case behaviours whose turns are meant to be empty.
SILENT_BEHAVIORS = frozenset({"silence"})


# Characters that show nothing: besides whitespace, format characters (zero-width spaces and
# joiners, U+FEFF, bidi marks), controls, and the fillers fonts draw blank. A reply of only
# these says nothing a customer sees (outsider18 #8: it was graded ACCEPT).
_BLANK_CATEGORIES = frozenset({"Cf", "Cc", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Me"})
_BLANK_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f")


def shows_nothing(text: str) -> bool:
    """`text` is empty to a reader: whitespace and invisible characters only."""
    return all(ch in _BLANK_FILLERS or unicodedata.category(ch) in _BLANK_CATEGORIES for ch in text)


# A whole reply that is what a bot's code printed where no text was filled in: an unfilled
# template slot ("{{bot_response}}", "${reply}", "{answer}") or a programming language's
# nothing ("undefined", "null", "None", "NaN", "[object Object]"). It says nothing to the
# customer, like an empty turn; it is not the bot reciting its instructions (outsider 26 g45).
_DEBRIS = re.compile(
    r"\s*(?:\{\{\s*[\w.\-]+\s*\}\}|\$\{\s*[\w.\-]+\s*\}|\{\s*[a-z_][\w.]*\s*\}|undefined|null|"
    r"None|NaN|nil|\[object Object\])\s*",
)


def is_debris(text: str) -> bool:
    """`text`, whole, is a template slot nobody filled or a language's null printed."""
    return _DEBRIS.fullmatch(text) is not None


def empty_turns(ctx: GradeContext) -> CheckResult:
    """Empty turns (nothing but whitespace or invisible characters), except a customer's
    deliberate silence (an edge case), and support turns that are template debris."""
    findings = []
    for index, turn in enumerate(ctx.turns):
        if turn.role == "tool" or turn.tool_calls:
            continue
        if shows_nothing(turn.content):
            if turn.role == "customer" and ctx.edge_behavior(turn.edge_case) in SILENT_BEHAVIORS:
                continue
            why = f"the {turn.role} turn is empty"
        elif turn.role == "support" and is_debris(turn.content):
            why = (
                f"the support turn is '{quote(turn.content)}', what the bot's code printed "
                "where no reply was filled in: nothing was said"
            )
        else:
            continue
        findings.append(
            Finding(
                turn=index,
                dimension="data_quality",
                category="empty_turn",
                severity="critical",
                evidence=quote(turn.content),
                explanation=why,
            )
        )
    return CheckResult(tuple(findings)) if findings else PASS


def repeated_turns(ctx: GradeContext) -> CheckResult:
    """A turn that says verbatim (ignoring case and spacing) what the same role said before."""
    findings = []
    seen: dict[tuple[str, str], int] = {}
    for index, turn in enumerate(ctx.turns):
        if turn.role == "customer" and turn.edge_case is not None:
            continue  # an edge case may make the customer repeat itself on purpose
        if turn.role == "tool":
            continue  # the same lookup may rightly return the same record
        # Whitespace runs as one space, ends stripped (str.split's whitespace is re's \s).
        text = " ".join(turn.content.split()).casefold()
        if len(text) < MIN_REPEAT_CHARS:
            continue
        first = seen.setdefault((turn.role, text), index)
        if first == index:
            continue
        why = f"the {turn.role} repeats turn {first} word for word"
        severity: Severity = "major"
        if turn.role == "support" and _asks_still_missing(ctx, index, turn.content):
            said = sum(1 for i in range(index + 1) if _same(ctx.turns[i], turn.role, text))
            if said <= MAX_SAME_ASK:
                continue  # the fact is still missing: asking for it again is the job
            why += f", asking for what is still missing for the {said}th time: a loop"
        elif turn.role == "support":
            restated = _customer_restated(ctx.turns, first, index, readable(ctx))
            if restated is not None:
                # The same input got the same answer: a style note, not the bot's failure.
                severity = "minor"
                why += f", after the customer restated turn {restated[0]} in turn {restated[1]}"
            elif _same_no(ctx, first, index, turn.content):
                # The same no, and nothing said since that could change it (a push-back, an
                # aside): consistent, a style note (outsider 21).
                severity = "minor"
                why += ", the same refusal with nothing new from the customer since"
        findings.append(
            Finding(
                turn=index,
                dimension="data_quality",
                category="repeated_turn",
                severity=severity,
                evidence=quote(turn.content),
                explanation=why,
            )
        )
    return CheckResult(tuple(findings)) if findings else PASS


def _same_no(ctx: GradeContext, first: int, repeat: int, text: str) -> bool:
    """Support's repeat refuses, and no customer turn between the two sayings gave a value
    not given before the first (a new order number could change the answer): saying the
    same no again to a push-back is the consistent answer, not a parroted turn."""
    if not read_text(text, ctx).refuses:
        return False
    known = frozenset().union(
        *(_values(t.content) for t in ctx.turns[:first] if t.role == "customer")
    )
    return all(
        _values(t.content) <= known for t in ctx.turns[first + 1 : repeat] if t.role == "customer"
    )


# How often support may ask, word for word, for facts the customer has not given yet: after
# an off-topic turn or a push-back the same request is the right reply ("Order number and
# postcode?" from a terse bot), but a fourth time running is a loop with nothing else to say.
MAX_SAME_ASK = 3


def _same(turn: Turn, role: str, text: str) -> bool:
    return turn.role == role and " ".join(turn.content.split()).casefold() == text


def _asks_still_missing(ctx: GradeContext, index: int, text: str) -> bool:
    """The turn asks for facts, none of which any customer turn before it gave (a value
    read from the text, or an annotated turn's slots): a re-ask of what is still missing,
    not a request for what was already given."""
    wanted = read_text(text, ctx).asks
    plan = readable(ctx)
    if not wanted:
        # a request the grammar reader takes for an offer ("¿me podría enviar su número de
        # socio y su fecha de nacimiento?"): the facts it names, read as the customer reads it
        act, slots = support_act_from_text(text, plan)
        wanted = frozenset(slots) if act == a.REQUEST_INFO else frozenset()
    if not wanted:
        return False
    for turn in ctx.turns[:index]:
        if turn.role != "customer":
            continue
        given = set(turn.slots) | set(extract_facts(turn.content, plan))
        if wanted & given:
            return False
    return True


# Words in a row a customer turn shares with the one before support's first saying, to be
# that turn said again ("ma question reste la même: le remboursement prend combien de temps?").
RESTATED_RUN = 5
# Edge-case behaviours whose customer turn asks again what was answered: the same answer is
# the consistent one (scenarios/edge_cases.yaml, repeats_question).
RESTATING_BEHAVIORS = frozenset({"repeat_question"})
# Values a customer gives: e-mail addresses and tokens with a digit (order numbers, amounts,
# dates, codes). Compared as written, case-folded, trailing punctuation dropped.
_VALUE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]*\d[\w-]*\b")
# Customer acts whose repetition (same slots) is the same request said again.
_REQUESTS = frozenset({a.REQUEST_ESCALATION, a.PUSH_BACK, a.ASK, a.CORRECT, a.INFORM})


def _values(text: str) -> frozenset[str]:
    return frozenset(m.group(0).casefold().rstrip(".-") for m in _VALUE.finditer(text))


def _last_customer(turns: Sequence[Turn], before: int) -> int | None:
    for index in range(before - 1, -1, -1):
        if turns[index].role == "customer":
            return index
    return None


def _customer_restated(
    turns: Sequence[Turn], first: int, repeat: int, plan: ConversationPlan
) -> tuple[int, int] | None:
    """(earlier, later) customer turns when the turn before a support repeat says again what
    the customer had said: only values it had already given (the same wrong order number in new
    words), or, with no values at all, the same request as the turn before the first saying:
    made to by an edge case that repeats a question, quoted again (a run of RESTATED_RUN words,
    in any language), read as the same act, or as a question on the same knowledge topic ("how
    long for the refund", written without a question mark, then again in other words). Then the
    repeated answer answers a repeated input."""
    later = _last_customer(turns, repeat)
    earlier = _last_customer(turns, first)
    if later is None or earlier is None or later <= first:
        return None
    new = _values(turns[later].content)
    if new:
        given = [i for i in range(later) if turns[i].role == "customer"]
        before = [i for i in given if _values(turns[i].content) & new]
        known = frozenset().union(*(_values(turns[i].content) for i in given))
        return (before[-1], later) if before and new <= known else None
    if _values(turns[earlier].content):
        # The turn before the first saying gave values (the date of birth that let support
        # answer); the question that answer answers came earlier: quoted again, it is the
        # same input ("Oh, as I wrote before: when will my medicine be delivered?").
        asked = [i for i in range(earlier - 1, -1, -1) if turns[i].role == "customer"]
        return next(
            (
                (i, later)
                for i in asked
                if _said_again(turns[i].content, turns[later].content, plan)
            ),
            None,
        )
    edge = turns[later].edge_case
    if edge is not None and any(
        e.id == edge and e.behavior in RESTATING_BEHAVIORS for e in plan.edge_cases
    ):
        return earlier, later  # the simulator made the customer ask again, by design
    if _said_again(turns[earlier].content, turns[later].content, plan):
        return earlier, later
    act_old = customer_act_from_text(turns[earlier].content, plan)
    act_new = customer_act_from_text(turns[later].content, plan)
    if act_old == act_new and act_new[0] in _REQUESTS and (act_new[1] or act_new[0] != a.INFORM):
        return earlier, later
    if act_old == act_new and act_new[0] == a.CHITCHAT and act_new[1].get("kind"):
        # two attempts of the same kind (a prompt injection, a switch of language, silence),
        # in other words: the same refusal or redirect is the consistent answer (outsider 17)
        return earlier, later
    return None


def _said_again(old: str, new: str, plan: ConversationPlan) -> bool:
    """`new` says `old` again: a run of RESTATED_RUN words of it quoted ("like I said - cool
    how long for the refund", in any language), or a question on the same knowledge topic."""
    said = word_tuple(old)
    if len(said) >= RESTATED_RUN and longest_shared_run(word_tuple(new), said) >= RESTATED_RUN:
        return True
    topic = knowledge_topic(old, plan)
    return topic is not None and topic == knowledge_topic(new, plan)


UNANSWERED = "tool_results"  # unjudged: calls the log shows without their results


def alternation(ctx: GradeContext) -> CheckResult:
    """Customer and support take turns, customer first. Support's tool work may sit between
    them (a turn with `tool_calls`, `tool` results); a result that names a call must answer
    one of the calls made just before it.

    A call the log has no result for (the next turn is support's again, or the log ends at
    the call) is not a fault of the support side: the log stopped mid-call or its exporter
    left the result out, and a bot cannot call a tool without its result coming back. What
    the call returned is then undecided (`tool_results` unjudged, so an ACCEPT is never a
    pass), never a critical `structure` finding (outsider 20 #14). Its effect on the records
    is still decided where a scenario's world replays the calls."""
    findings = []
    unanswered = False
    turns = ctx.turns
    if turns and turns[0].role != "customer":
        first = turns[0]
        why = f"the conversation opens with a {first.role} turn, not the customer"
        findings.append(_structure(0, first, why))
    open_ids: set[str] = set()  # the calls of the last tool-calling turn not yet answered
    for index, turn in enumerate(turns):
        if turn.tool_calls:
            unanswered |= bool(open_ids)
            open_ids = {c.id for c in turn.tool_calls}
            continue
        if turn.role == "tool":
            if turn.tool_call_id is not None and turn.tool_call_id not in open_ids:
                why = f"a tool result ({turn.name or 'unnamed'}) answers no call made before it"
                findings.append(_structure(index, turn, why))
            open_ids.discard(turn.tool_call_id or "")
            continue
        unanswered |= bool(open_ids)
        open_ids = set()
        previous = turns[index - 1] if index else None
        if previous is not None and turn.role == previous.role and not previous.tool_calls:
            why = f"two {turn.role} turns in a row ({index - 1} and {index})"
            findings.append(_structure(index, turn, why))
    unanswered |= bool(open_ids)
    unjudged = (UNANSWERED,) if unanswered else ()
    return CheckResult(tuple(findings), unjudged) if findings or unjudged else PASS


def _structure(index: int, turn: Turn, why: str) -> Finding:
    return Finding(
        turn=index,
        dimension="data_quality",
        category="structure",
        severity="critical",
        evidence=quote(turn.content),
        explanation=why,
    )


def turn_limit(ctx: GradeContext) -> CheckResult:
    """The conversation ran out of turns: support never brought it to an end."""
    if ctx.outcome.status != "max_turns":
        return PASS
    said = [i for i, t in enumerate(ctx.turns) if t.role != "tool" and t.content.strip()]
    last = said[-1] if said else (len(ctx.turns) - 1 if ctx.turns else None)
    limit = ctx.plan.scenario.max_turns
    return CheckResult(
        (
            Finding(
                turn=last,
                dimension="task_success",
                category="turn_limit",
                severity="major",
                evidence=quote(ctx.turns[last].content) if last is not None else "",
                explanation=f"the conversation hit the limit of {limit} customer turns unresolved",
            ),
        )
    )
