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
from agents.checks.matching import compact, contains_value
from agents.checks.reading import Call, call_log, read_text, readable, sentences
from agents.checks.record_book import fold
from agents.types import Finding, Turn
from agents.understanding import extract_facts, support_act_from_text
from agents.understanding.acts import mentioned_facts
from agents.understanding.support import ASKS

_NOT_ALNUM = re.compile(r"[\W_]+")
# How sure the reader must be that a sentence asks: a statement that only names the fact
# ("I found several reservations under your user ID") reads as a request at 0.7, a request
# in any wording ("Your claim number?", "Bitte nennen Sie mir ...") at 0.85.
SURE_ASK = 0.8
# A question asking for a fact again or to confirm it, in the five languages, folded: the
# frame the grammar reader may miss outside English ("¿Me puede confirmar de nuevo ...?",
# "Können Sie mir Ihre E-Mail nochmals nennen?").
_AGAIN = re.compile(
    r"\b(?:again|once more|one more time|re-?confirm|confirm|"
    r"de nuevo|otra vez|nuevamente|vuelve a|volver a|repetir|repite|confirmar|confirme|"
    r"de novo|novamente|outra vez|confirma|"
    r"encore|a nouveau|de nouveau|confirmer|confirmez|"
    r"noch ?einmal|nochmals|erneut|bestatigen)\b"
)


def _norm(value: object) -> str:
    return _NOT_ALNUM.sub("", str(value)).casefold()


def asked_for_given(ctx: GradeContext) -> CheckResult:
    """The first support request whose facts were all given and checked out (major,
    task_success): the customer has to say it again for nothing."""
    plan = readable(ctx)
    calls = call_log(ctx)
    given: dict[str, tuple[int, str]] = {}  # fact -> (turn, value as written), the latest
    values: dict[str, set[str]] = {}  # fact -> every value given for it
    last = -1  # the latest customer turn
    for index, turn in enumerate(ctx.turns):
        if turn.role == "customer":
            last = index
            facts: Mapping[str, object] = {**extract_facts(turn.content, plan), **turn.slots}
            for name, value in facts.items():
                if isinstance(value, str) and _norm(value):
                    given[name] = (index, value)
                    values.setdefault(name, set()).add(_norm(value))
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
            why = "and it had checked out"
            return CheckResult((_finding(index, turn, sorted(wanted), given, why),))
        asked = _wanted(ctx, turn, questions=True)
        if asked and all(
            _just_given(ctx, calls, f, given[f], values[f], last, index) for f in asked
        ):
            why = "in the turn just before, and nothing since put it in doubt"
            return CheckResult((_finding(index, turn, sorted(wanted), given, why),))
    return PASS


def _just_given(
    ctx: GradeContext,
    calls: Sequence[Call],
    fact: str,
    given: tuple[int, str],
    values: set[str],
    last: int,
    asked: int,
) -> bool:
    """The customer gave the fact in their latest turn, as the scenario's own value and with
    no other value for it before, and no call failed since: asked again for nothing, with or
    without a lookup (a value that is not the account's, or one the customer changed, may be
    what the bot asks about)."""
    at, value = given
    if at != last or len(values) != 1:
        return False
    if any(c.failed or c.result is None for c in calls if at < c.turn < asked):
        return False
    template = ctx.plan.scenario.customer.knows.get(fact)
    expected = ctx.rendered(template) if template is not None else None
    if not expected:
        return False
    want = compact(expected)
    return compact(value) == want or contains_value(ctx.turns[at].content, want)


def _wanted(ctx: GradeContext, turn: Turn, questions: bool = False) -> frozenset[str]:
    """The facts the turn's asking sentences name; with `questions`, only those of its
    questions: "I need both the user ID and the reservation ID to proceed." restates what
    is still missing with what was given, and asks nothing again (a tau-bench agent)."""
    if turn.act is not None:
        return frozenset(turn.slots) if turn.act == a.REQUEST_INFO else frozenset()
    # sentence by sentence: a turn read whole joins one sentence's "user ID" ("I found two
    # reservations under your user ID") to another's request ("which one ... ?")
    wanted: frozenset[str] = frozenset()
    plan = readable(ctx)
    for sentence in sentences(turn.content):
        if questions and not _question(sentence):
            continue
        reading = read_text(sentence, ctx)
        if reading.asks_info:
            if reading.confidence.get(ASKS, 0.0) >= SURE_ASK or _asked_again(sentence):
                wanted |= reading.asks
            continue
        # a request the grammar reader takes for an offer ("¿Me podría dar su número de
        # orden?"): the facts it names, read as the simulated customer reads it
        act, slots = support_act_from_text(sentence, plan)
        if act == a.REQUEST_INFO:
            wanted |= frozenset(slots)
        elif _asked_again(sentence):
            wanted |= frozenset(mentioned_facts(sentence, plan))
    return wanted


def _asked_again(sentence: str) -> bool:
    """A question that asks for something again or to be confirmed ("¿Me puede confirmar de
    nuevo su correo?"): with the facts it names, a request the grammar reader may miss."""
    return _question(sentence) and bool(_AGAIN.search(fold(sentence)))


def _question(sentence: str) -> bool:
    text = sentence.strip()
    return text.endswith("?") or text.startswith("¿")


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
    index: int, turn: Turn, wanted: list[str], given: Mapping[str, tuple[int, str]], why: str
) -> Finding:
    told = ", ".join(f"{f} at turn {given[f][0]}" for f in wanted)
    return Finding(
        turn=index,
        dimension="task_success",
        category="asked_again",
        severity="major",
        evidence=quote(turn.content),
        explanation=f"support asks again for what the customer already gave ({told}), {why}",
    )
