"""Support asks again for a fact the customer already gave and that checked out.

`repeated_turn` (agents.checks.data) catches a request said again word for word; a bot that
asks for the same fact in other words ("Please send me your claim number and postcode" ...
the customer gives both, the check goes through ... "Could you give me your claim number
please?") was passed (outsider 23: 0 of 26 such conversations flagged). docs/critic.md calls
a request for a fact the customer already gave major; this check decides it on any support
side, acts or text.

A request is for a fact already given when every fact its asking sentences name was given
by a customer turn before it, and the value given checked out: a tool call that went through
after it carried the value. A call that failed since the giving, a value no call used (a
typo'd number, or one the bot still needs together with a fact not given yet), or a request
that reads the value back ("Is it CLM-40218?") asks for nothing settled: no finding. A bot
without tools is therefore never found asking again here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from agents import types as a
from agents.checks import PASS, CheckResult, GradeContext, quote
from agents.checks.reading import Call, call_log, read_text, readable, sentences
from agents.types import Finding, Turn
from agents.understanding import extract_facts, support_act_from_text
from agents.understanding.support import ASKS

_NOT_ALNUM = re.compile(r"[\W_]+")
# How sure the reader must be that a sentence asks: a statement that only names the fact
# ("I found several reservations under your user ID") reads as a request at 0.7, a request
# in any wording ("Your claim number?", "Bitte nennen Sie mir ...") at 0.85.
SURE_ASK = 0.8


def _norm(value: object) -> str:
    return _NOT_ALNUM.sub("", str(value)).casefold()


def asked_for_given(ctx: GradeContext) -> CheckResult:
    """The first support request whose facts were all given and checked out (major,
    task_success): the customer has to say it again for nothing."""
    plan = readable(ctx)
    calls = call_log(ctx)
    given: dict[str, tuple[int, str]] = {}  # fact -> (turn, value as written), the latest
    for index, turn in enumerate(ctx.turns):
        if turn.role == "customer":
            facts: Mapping[str, object] = {**extract_facts(turn.content, plan), **turn.slots}
            for name, value in facts.items():
                if isinstance(value, str) and _norm(value):
                    given[name] = (index, value)
            continue
        if turn.role != "support" or not turn.content.strip():
            continue
        wanted = _wanted(ctx, turn)
        if not wanted or not wanted <= given.keys():
            continue
        said = _norm(turn.content)
        if any(_norm(given[f][1]) in said for f in wanted):
            continue  # a read-back ("Is it CLM-40218?") checks a value, it asks for none
        if all(_settled(calls, *given[f], index) for f in sorted(wanted)):
            return CheckResult((_finding(index, turn, sorted(wanted), given),))
    return PASS


def _wanted(ctx: GradeContext, turn: Turn) -> frozenset[str]:
    if turn.act is not None:
        return frozenset(turn.slots) if turn.act == a.REQUEST_INFO else frozenset()
    # sentence by sentence: a turn read whole joins one sentence's "user ID" ("I found two
    # reservations under your user ID") to another's request ("which one ... ?")
    wanted: frozenset[str] = frozenset()
    plan = readable(ctx)
    for sentence in sentences(turn.content):
        reading = read_text(sentence, ctx)
        if reading.asks_info:
            if reading.confidence.get(ASKS, 0.0) >= SURE_ASK:
                wanted |= reading.asks
            continue
        # a request the grammar reader takes for an offer ("¿Me podría dar su número de
        # orden?"): the facts it names, read as the simulated customer reads it
        act, slots = support_act_from_text(sentence, plan)
        if act == a.REQUEST_INFO:
            wanted |= frozenset(slots)
    return wanted


def _settled(calls: Sequence[Call], at: int, value: str, asked: int) -> bool:
    """The value given at turn `at` checked out by turn `asked`: no call failed in between,
    and one that went through carried it. A value no call used is not settled, even when it
    is the scenario's own: a bot may still need it with something missing ("I need both the
    user ID and the reservation ID", a tau-bench agent whose customer had only the first)."""
    between = [c for c in calls if at < c.turn < asked]
    if any(c.failed or c.result is None for c in between):
        return False
    key = _norm(value)
    return any(key in {_norm(v) for v in c.call.arguments.values()} for c in between)


def _finding(
    index: int, turn: Turn, wanted: list[str], given: Mapping[str, tuple[int, str]]
) -> Finding:
    told = ", ".join(f"{f} at turn {given[f][0]}" for f in wanted)
    return Finding(
        turn=index,
        dimension="task_success",
        category="asked_again",
        severity="major",
        evidence=quote(turn.content),
        explanation=f"support asks again for what the customer already gave ({told}), "
        "and it had checked out",
    )
