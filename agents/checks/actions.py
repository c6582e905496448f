"""Grading what support did, not what it said: the end state of the records and the outputs.

A conversation's tool calls (support turns' `tool_calls`, in order) are replayed on a fresh
copy of the scenario's domain; the scenario's `expect.actions` are replayed on another fresh
copy (tools that end the conversation left out, as tau-bench does); the two end states must
be equal record for record (`end_state`, critical, naming each differing record and field).
Each of `expect.outputs` must be said by support (tau-bench's rule: lower-cased, in one
support message lower-cased with its commas removed; a message that calls a tool is an
action, not something said to the customer): else `missing_output`.

`task_result` is the pass/fail of the task as tau-bench rewards it: 1.0 iff the end state
matches, every output was said and the conversation ended (the customer ended it or a
terminate tool was called; one that ran out of turns gets nothing).

Replaying calls and fingerprinting end states is `agents.checks.replay`'s.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Mapping, Sequence

from agents.checks import PASS, CheckResult, GradeContext
from agents.checks.confirmed import declined_at
from agents.checks.output_values import dates_in, is_date_output
from agents.checks.partial_dates import partial_dates_in
from agents.checks.record_diff import describe
from agents.checks.replay import (
    Call,
    plain,
    transcript_calls,
)
from agents.checks.task_result import (
    SHOWN_RECORDS,
    TaskResult,
    output_said,
    said,
    shown,
    task_result,
)
from agents.types import REFUSE, ConversationPlan, Finding, Outcome, Turn
from scenarios.domains.runtime import Domain, DomainState
from scenarios.model import Scenario
from scenarios.schema.problems import ScenarioError

# Computed by agents.checks.task_result; named here too, where callers have imported them.
__all__ = [
    "SHOWN_RECORDS",
    "TaskResult",
    "context_task",
    "declined_task",
    "end_state",
    "missing_output",
    "output_said",
    "said",
    "scenario_task",
    "task_result",
]


def _ended(ctx: GradeContext) -> bool | None:
    return ctx.outcome.ended_by != "limit"


DEPARTURES = frozenset({"demand_manager", "give_up_early", "silence"})
"""Edge-case behaviours in which the customer leaves the task on purpose."""


def _customer_left(ctx: GradeContext) -> bool:
    """The customer walked away from the task (gave up, or asked for a person and got one:
    planned by an edge case, or before giving the facts support needed to act, "we're going
    in circles, can I talk to someone else"), so what the task's end state should be cannot
    be decided from this conversation."""
    from agents.checks.idle import idle_after_facts  # idle reads the call log, as we do

    outcome = ctx.outcome
    planned = {edge.behavior for edge in ctx.plan.edge_cases} & DEPARTURES
    if outcome.status == "abandoned" and outcome.ended_by == "customer":
        # unless support had every fact and did nothing with it (agents.checks.idle)
        return bool(planned) or _asked_for_person(ctx) or idle_after_facts(ctx) is None
    if planned and outcome.status in ("escalated", "abandoned"):
        return True
    return outcome.status == "escalated" and (_asked_for_person(ctx) or _asked_before_acting(ctx))


def _asked_before_acting(ctx: GradeContext) -> bool:
    """The customer asked for a person of their own accord (not in answer to a refusal or to
    support's offer to hand over), and support wrote nothing before it handed over (the
    conversation ended escalated): the customer took the task elsewhere with the facts
    given, as one who asks before giving them does. "The excess is 500 EUR, shall I take
    it?" / "I'd rather talk to a real person" / a transfer: no write was owed (outsider 23:
    critical end_state "excess_paid: expected 1, got 0"). A request that answers a refusal
    or an offer to hand over, or any write before the handover, leaves the end state
    support's: the request answers what support did, or support acted on the task."""
    from agents.checks.escalation import asks_for_person
    from agents.checks.reading import call_log, support_reads, tool_specs
    from agents.handovers import handover_tools

    asked = next(
        (i for i, t in enumerate(ctx.turns) if t.role == "customer" and asks_for_person(t, ctx)),
        None,
    )
    if asked is None:
        return False
    tools = handover_tools(tool_specs(ctx))
    calls = call_log(ctx)
    handed = min((c.turn for c in calls if c.call.name in tools and not c.failed), default=None)
    if any(
        c.writes is not False and not c.failed and c.call.name not in tools
        for c in calls
        if handed is None or c.turn < handed
    ):
        return False  # support wrote (or called a tool nothing says is a lookup): it acted
    # The reply the request answers: a refusal there ("I can't take card payments") makes the
    # request a reaction to it, and an offer of a handover ("shall I transfer you?", after
    # writes that failed) makes it support's giving up, not the customer's choice; a refusal
    # support went on from (a prompt injection turned down, then the task proposed) does not.
    said = [r for r in support_reads(ctx) if r.index < asked and ctx.turns[r.index].content]
    last = said[-1] if said else None
    if last is None or last.reading is None:
        return last is None or last.act != REFUSE
    return not (last.reading.refuses or "handover" in last.reading.offers)


def _asked_for_person(ctx: GradeContext) -> bool:
    """A customer turn asked for a person (its act, or its text read as the escalation check
    reads it) before giving every fact `support.verify` names: support could not have acted
    on the task yet. A request after the facts were given (often after a refusal) leaves
    the end state support's: it had what it needed to do the task."""
    from agents.checks.escalation import asks_for_person
    from agents.checks.verified import expected_value

    facts = ctx.plan.scenario.support.verify
    if not facts:
        return False
    complete = max(expected_value(fact, ctx)[1] for fact in facts)
    return any(t.role == "customer" and asks_for_person(t, ctx) for t in ctx.turns[:complete])


def context_task(ctx: GradeContext) -> TaskResult | None:
    """The task result of a conversation whose scenario has a world and expectations."""
    return ctx.shared("actions.task", _compute)


def _compute(ctx: GradeContext) -> TaskResult | None:
    return scenario_task(ctx.plan.scenario, ctx.plan.variables, ctx.turns, _ended(ctx))


def scenario_task(
    scenario: Scenario, variables: Mapping[str, str], turns: Sequence[Turn], ended: bool | None
) -> TaskResult | None:
    """The task result of a conversation on a scenario with a world and expectations; None
    when the scenario has neither or its domain is not found."""
    from scenarios.domains import domain_for
    from scenarios.domains.expect import expected_for, record_mismatches

    if scenario.world is None or scenario.expect is None:
        return None
    try:
        domain = domain_for(scenario)
    except ScenarioError:  # the world's file is not found or broken: cannot decide
        return None
    if domain is None:
        return None
    expected = expected_for(scenario, variables, domain)
    if expected is None:
        return None
    # Expected actions given (even none: "change nothing") fix the whole end state.
    given = "actions" in scenario.expect.model_fields_set
    calls = [Call(a.tool, a.arguments) for a in expected.actions] if given else None
    checks = expected.records

    if checks:

        def records(state: DomainState) -> list[str]:
            return record_mismatches(state, checks)

        return task_result(domain, calls, expected.outputs, turns, ended, records)
    return _remembered(domain, calls, expected.outputs, turns, ended)


_REMEMBERED: OrderedDict[str, tuple[Domain, TaskResult]] = OrderedDict()
_REMEMBER = 128  # conversations: `grade` asks once for the verdict and once for the record's
# task block, a batch (64) apart


def _remembered(
    domain: Domain,
    expected_calls: Sequence[Call] | None,
    outputs: Sequence[str],
    turns: Sequence[Turn],
    ended: bool | None,
) -> TaskResult:
    """`task_result` without record assertions, kept for the last conversations asked about:
    the same domain, expected actions, outputs, calls and replies give the same result (tools
    are deterministic by contract), and replaying is most of the cost of grading."""
    made = [[c.tool, c.arguments] for c in transcript_calls(turns)]
    wanted = None if expected_calls is None else [[c.tool, c.arguments] for c in expected_calls]
    if not plain(made) or not plain(wanted):  # JSON would not tell these arguments apart
        return task_result(domain, expected_calls, outputs, turns, ended)
    context = shown(turns) if outputs else []  # dates a partial date may mean as well
    key = json.dumps(
        [id(domain), wanted, list(outputs), made, said(turns), context, ended], sort_keys=True
    )
    found = _REMEMBERED.get(key)
    if found is not None and found[0] is domain:
        _REMEMBERED.move_to_end(key)
        return found[1]
    result = task_result(domain, expected_calls, outputs, turns, ended)
    _REMEMBERED[key] = (domain, result)
    while len(_REMEMBERED) > _REMEMBER:
        _REMEMBERED.popitem(last=False)
    return result


def _declined_task(ctx: GradeContext, asked: int) -> TaskResult | None:
    """The task result when the customer said no to support's request for the go-ahead at
    turn `asked`: the change asked about was theirs to refuse, so the expected end state is
    no write from that question on. Of the expected actions only those support had already
    made before the question are expected (a cancellation done, then an upgrade declined);
    the record assertions, which describe the change made, do not apply. A write after the
    no is then a difference, as is a wrong one before it."""
    from scenarios.domains import domain_for
    from scenarios.domains.expect import expected_for

    scenario = ctx.plan.scenario
    try:
        domain = domain_for(scenario)
    except ScenarioError:
        return None
    if domain is None or scenario.expect is None:
        return None
    expected = expected_for(scenario, ctx.plan.variables, domain)
    if expected is None:
        return None
    before = transcript_calls(ctx.turns[:asked])
    kept = [
        Call(a.tool, a.arguments)
        for a in expected.actions
        if any(c.tool == a.tool and c.arguments == a.arguments for c in before)
    ]
    return task_result(domain, kept, expected.outputs, ctx.turns, _ended(ctx))


def declined_task(
    plan: ConversationPlan, turns: Sequence[Turn], outcome: Outcome
) -> TaskResult | None:
    """The task result the `end_state` check grades when the customer said no to the
    go-ahead (the expected actions only those made before the question), or None when no no
    stands: `convsim grade`'s task block and its count of passed tasks take this one then,
    so the reward never says 1.0 beside a critical end_state finding for the same records."""
    ctx = GradeContext(plan, turns, outcome)
    said_no = declined_at(ctx)
    return None if said_no is None else _declined_task(ctx, said_no)


def end_state(ctx: GradeContext) -> CheckResult:
    """The final records differ from what the expected actions leave behind, or break the
    scenario's record assertions. After the customer's standing no to a request for the
    go-ahead, the expected actions are only those made before that question."""
    scenario = ctx.plan.scenario
    if scenario.world is None or scenario.expect is None:
        return PASS
    if "actions" not in scenario.expect.model_fields_set and not scenario.expect.records:
        return PASS  # only outputs are expected
    said_no = declined_at(ctx)
    task = context_task(ctx) if said_no is None else _declined_task(ctx, said_no)
    if task is None or (not task.end_state and _customer_left(ctx)):
        return CheckResult(unjudged=("end_state",))
    if task.end_state:
        return PASS
    shown = [describe(d) for d in task.differing[:SHOWN_RECORDS]]
    shown += list(task.record_problems[: SHOWN_RECORDS - len(shown)])
    total = len(task.differing) + len(task.record_problems)
    more = total - len(shown)
    because = (
        ""
        if said_no is None
        else f"; the customer said no at turn {said_no + 1}, so nothing was to change after it"
    )
    explanation = (
        f"the final records are not what a correct conversation leaves ({total} differ"
        f"{because}): " + " | ".join(shown) + (f" | and {more} more" if more > 0 else "")
    )
    finding = Finding(
        turn=None,
        dimension="task_success",
        category="end_state",
        severity="critical",
        evidence=shown[0][:120],
        explanation=explanation,
    )
    return CheckResult((finding,))


def _said_instead(output: str, ctx: GradeContext) -> str:
    """For a date output, the dates support did say (outsider 26: a wrong last day was only
    "never said '2027-01-31'"): ", it said 2027-01-30" / ", it said 'january 30'"."""
    if not is_date_output(output):
        return ""
    messages = said(ctx.turns)
    full = sorted(d.isoformat() for d in dates_in(messages))
    shown = full + [repr(p) for p in partial_dates_in(messages)]
    return f", it said {', '.join(dict.fromkeys(shown[:3]))}" if shown else ""


def missing_output(ctx: GradeContext) -> CheckResult:
    """A required output support never said."""
    scenario = ctx.plan.scenario
    if scenario.world is None or scenario.expect is None or not scenario.expect.outputs:
        return PASS
    task = context_task(ctx)
    if task is None or (
        not all(task.outputs.values()) and (_customer_left(ctx) or declined_at(ctx) is not None)
    ):
        # the customer walked away, or said no to the change the outputs may be part of
        return CheckResult(unjudged=("missing_output",))
    findings = tuple(
        Finding(
            turn=None,
            dimension="task_success",
            category="missing_output",
            # critical, as a wrong end state is: the output is part of the task (the figure
            # or fact the customer came for), and tau-bench fails a task that never says it
            severity="critical",
            evidence=output,
            explanation=(
                f"support never said {output!r}{_said_instead(output, ctx)} (required output; "
                "a message that calls a tool does not count)"
            ),
        )
        for output, found in task.outputs.items()
        if found is False
    )
    # said only in a form that may name another date ("arrives Tuesday"): never a pass,
    # never a critical failure
    open_ = ("missing_output",) if None in task.outputs.values() else ()
    return CheckResult(findings, unjudged=open_)
