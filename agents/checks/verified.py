"""When the customer gave a fact, and whether support acted before it: the policy rule
(`support.verify`, reported by agents.checks.policy) and the `verified_before_action` and
`requested` success criteria (agents.checks.success) read the same turns.

A customer turn gives a fact by its slots (an annotated turn) or by its text; the fact's
correct value comes from the scenario's `customer.knows` rendered with the plan's variables,
once per conversation and fact, since several criteria name the same fact.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from agents.checks import GradeContext, quote
from agents.checks.disclosed_early import output_told, refuses_here, status_told
from agents.checks.handover_first import handover_before
from agents.checks.matching import compact, contains_value
from agents.checks.pii import mask_pii
from agents.checks.reading import call_log, call_text, claimed_action, readable
from agents.checks.refused_early import refusal_on_record
from agents.checks.told_values import record_value_told
from agents.types import ESCALATE, REFUSE, RESOLVE, Turn
from agents.understanding import extract_facts

ACTIONS = (RESOLVE, REFUSE)  # what must not happen before verification
FINAL_ACTS = (RESOLVE, REFUSE, ESCALATE)
Support = Sequence[tuple[int, Turn]]


def verified_before_action(
    fact: str, ctx: GradeContext, support: Support
) -> tuple[int, str, str] | Literal[True] | None:
    """Support resolved or refused only after the customer gave the fact's correct value.

    True when it did, (turn, evidence, why) when an action precedes the customer giving it;
    None (undecidable) when the scenario gives no value for the fact (a scenario error the
    linter reports) or a tool was called whose effect is unknown (no domain says whether it
    writes). Three kinds of evidence, each read where it exists:

    - an annotated action (resolve, refuse) before the first customer turn with the correct
      value (the scripted support checks values against the record);
    - an act-less turn (a bot, an LLM) that claims a done action in its text ("I've refunded
      your order") before the customer gave any value for the fact: a bot without records
      cannot check the value, so giving one is what it may wait for;
    - a call of a writing tool before the customer gave any value for the fact (whether the
      record was the customer's is the call-log checks' and the end state's question);
    - in every scenario (a write expected or not), an act-less turn that tells the record's
      status or an expected output (a date, an amount) before the customer gave any value
      for the fact: the account disclosed to an unverified caller, and where no write is
      expected the answer is the resolution; where the rule refuses, one that refuses on
      the record (agents.checks.disclosed_early);
    - where the policy verifies before a handover ("check them ..., then hand the member to a
      duty manager"), a handover (act, transfer tool call, handoff signal, said now) before
      the fact (agents.checks.handover_first).
    """
    plan = ctx.plan
    expected = _expected(fact, ctx)
    if not expected:
        return None
    given_at = next(
        (i for i, t in enumerate(ctx.turns) if t.role == "customer" and _gives(t, fact, expected)),
        len(ctx.turns),
    )
    any_at = min(given_at, _given_any(fact, ctx))
    label = plan.scenario.label(fact)
    broken: list[tuple[int, str, str]] = []
    refuses: bool | None = None  # the rule refuses here: the status told is the refusal's reason
    for index, turn in support:
        if turn.act is not None:
            if index < given_at and turn.act in ACTIONS:
                why = f"support acted ({turn.act}) before the customer gave the correct {label}"
                broken.append((index, quote(turn.content), why))
                break
        elif index < any_at and turn.content.strip():
            if refuses is None:
                refuses = refuses_here(ctx)
            # A record's status or an expected detail (a date, an amount) told before any
            # verify fact is the account disclosed to an unverified caller in every scenario,
            # not only where telling is the resolution: "I've found membership X: no fee,
            # last day 31 January 2027. To go ahead I also need your date of birth."
            # What the customer said themselves is theirs to hear back ("it says delivered"
            # -> "yes, it shows as delivered"): not a disclosure; another status is.
            heard = [t.content for t in ctx.turns[:index] if t.role == "customer"]
            told = status_told(turn.content, ctx, heard)
            what = "told the record's status"
            if told is None and refuses:
                told = refusal_on_record(index, turn.content, ctx)
                what = "refused on the record it looked up or named"
            if told is None:
                told = output_told(turn.content, ctx, heard)
                what = "told the account's details"
            if told is None:
                # any other value of the records looked up or named (a name, a place, a
                # plan, an amount, a date) the customer did not say (outsider 26's d39)
                found = record_value_told(index, turn.content, ctx, heard)
                if found is not None:
                    told, kind = found
                    what = f"told the account's details ({kind} of the record)"
            if told is not None:
                at = turn.content.find(told)
                evidence = mask_pii(turn.content, at, at + len(told))
                why = f"support {what} before the customer gave the {label}"
                broken.append((index, evidence, why))
                break
            claim = claimed_action(turn.content, ctx)
            if claim is not None:
                at = turn.content.find(claim)
                evidence = mask_pii(turn.content, at, at + len(claim))
                why = f"support claimed an action before the customer gave the {label}"
                broken.append((index, evidence, why))
                break
    unknown = False
    for call in call_log(ctx):
        if call.turn > any_at:
            break
        if call.writes is None:
            unknown = True
        elif call.writes:
            evidence = mask_pii(call_text(call.call))
            why = f"support called {call.call.name} (a write) before the customer gave the {label}"
            broken.append((call.turn, evidence, why))
            break
    handed = handover_before(ctx, given_at, any_at)
    if handed is not None:
        at, evidence, did = handed
        why = (
            f"support {did} before the customer gave the {label}, and the policy verifies "
            "before a handover"
        )
        broken.append((at, evidence, why))
    if broken:
        return min(broken, key=lambda b: b[0])
    return None if unknown else True


def _given_any(fact: str, ctx: GradeContext) -> int:
    """The first customer turn that gives some value for the fact (right or wrong)."""
    return ctx.shared("success.given_any", _first_given).get(fact, len(ctx.turns))


def _first_given(ctx: GradeContext) -> dict[str, int]:
    """Fact -> the first customer turn giving a value for it, each turn read once."""
    first: dict[str, int] = {}
    plan = readable(ctx)
    for index, turn in enumerate(ctx.turns):
        if turn.role != "customer":
            continue
        # An annotated turn names the facts it gives in its slots; only text is read.
        found = turn.slots if turn.act is not None else extract_facts(turn.content, plan)
        for fact in found:
            first.setdefault(fact, index)
    return first


def expected_value(fact: str, ctx: GradeContext) -> tuple[str, int]:
    """The fact's correct value, compacted ("" when the scenario does not define it), and the
    first customer turn that gives some value for it (len(turns) when none does)."""
    return _expected(fact, ctx), _given_any(fact, ctx)


def _expected(fact: str, ctx: GradeContext) -> str:
    """The fact's correct value, compacted; "" when the scenario does not define it. Once per
    conversation and fact: several criteria name the same fact."""
    known: dict[str, str] = ctx.shared("success.expected", _no_values)
    found = known.get(fact)
    if found is None:
        found = known[fact] = _expected_value(fact, ctx)
    return found


def _no_values(ctx: GradeContext) -> dict[str, str]:
    return {}


def _expected_value(fact: str, ctx: GradeContext) -> str:
    template = ctx.plan.scenario.customer.knows.get(fact)
    if template is None:
        return ""
    found = ctx.rendered(template)
    return "" if found is None else compact(found)


def volunteered(fact: str, ctx: GradeContext, support: Support) -> bool:
    """The customer gave the fact (any value) before support resolved, refused or escalated."""
    acted = next((i for i, t in support if t.act in FINAL_ACTS), len(ctx.turns))
    expected = _expected(fact, ctx)
    return any(
        t.role == "customer"
        and (fact in t.slots or (bool(expected) and contains_value(t.content, expected)))
        for t in ctx.turns[:acted]
    )


def _gives(turn: Turn, fact: str, expected: str) -> bool:
    slot = turn.slots.get(fact)
    if slot is not None and compact(slot) == expected:
        return True
    return contains_value(turn.content, expected)
