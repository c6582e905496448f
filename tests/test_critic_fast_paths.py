"""The critic's incremental paths give exactly what the plain algorithms they replace give.

`invented_facts` reads each grounding text once as the conversation reaches it, where it used
to rebuild its grounds from every text at each new turn; it is compared here with that plain
rule (every text read again, the token index made from the texts joined by newlines) on
scripted conversations whose turns are given dates, amounts and identifiers, some said by the
customer or a tool before support states them and some never said. The policy-recital rule
of `disclosed_instructions` skips turns too short to hold a long enough run; it is compared
with the longest shared run decided on every text.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import pytest

from agents.checks import GradeContext
from agents.checks import invented as inv
from agents.checks.customer import words
from agents.checks.derived import amount_derived, date_derived, date_shifts
from agents.checks.disclosure import (
    _DIRECTIVE,
    POLICY_DIRECTIVE_RUN,
    POLICY_RUN,
    _hidden_quote,
    _longest_run,
    _policy,
    _policy_words,
    _PolicyText,
)
from agents.checks.matching import TokenIndex
from agents.types import ConversationPlan, Outcome, Turn, Verdict
from simulator.run.runner import Engines, RunRequest, run, scripted_engines

Conversation = tuple[ConversationPlan, list[Turn], Outcome]


def reference_invented(ctx: GradeContext) -> list[tuple[int, str]]:
    """invented_facts as first written: the grounds rebuilt from all texts for each value;
    a value not held is founded when worked out from the amounts said and founded before it
    or the date shifts the customer asked for (agents.checks.derived), recomputed plainly."""
    shapes = inv._shapes(ctx)
    records = inv._records(ctx)
    seen: dict[tuple[str, str], bool] = {}
    said: list[str] = []
    found: list[tuple[int, str]] = []
    founded: list[int] = []  # support's founded amounts, in cents
    for index, turn in enumerate(ctx.turns):
        if turn.role != "support":
            said.append(turn.content)
            continue
        listed: list[int] = []
        for value in inv.values_in(turn.content, shapes):
            held = seen.get((value.kind, value.key))
            if held is None:
                before = ctx.turns[:index]
                held = _plain_held(value, before, [*records, *said], founded, listed)
                seen[(value.kind, value.key)] = held
                if not held:
                    shown = turn.content[value.start : value.end]
                    found.append((index, f"support states the {value.kind} '{shown}'"))
            if held and value.kind == "amount":
                listed.append(round(float(value.key) * 100))
        founded += listed
    return found


def _plain_held(
    value: inv.Value,
    before: Sequence[Turn],
    texts: list[str],
    founded: list[int],
    listed: list[int],
) -> bool:
    dates: set[str] = set()
    numbers: set[str] = set()
    for text in texts:
        more_dates, more_numbers = inv._text_grounds(text)
        dates |= more_dates
        numbers |= more_numbers
    if value.kind == "date":
        shifts = {d for t in before if t.role == "customer" for d in date_shifts(t.content)}
        return value.key in dates or date_derived(value.key, dates, shifts)
    if value.kind == "amount":
        operands = set(founded) | set(listed)
        for turn in before:
            if turn.role == "customer":
                keys = [inv._money_key(m) for m in inv._MONEY.finditer(turn.content)]
            elif turn.role == "tool" and turn.content[:1] not in ("{", "["):
                keys = [inv._amount(n) for n in inv._NUMBER.findall(turn.content)]
            else:
                keys = []
            operands |= {round(float(k) * 100) for k in keys}
        operands.discard(0)
        cents = round(float(value.key) * 100)
        return value.key in numbers or amount_derived(cents, operands, listed)
    return TokenIndex("\n".join(texts)).holds(value.key)


VALUES = [
    "March 3", "3rd of May", "2026-04-05", "03/04/2026", "12.11.25", "$12.50", "$1,204",
    "40 EUR", "15 dollars", "INV-4417", "ORD-123456", "flight BA 117", "AB-1234", "99 pounds",
]  # fmt: skip


@pytest.fixture(scope="module")
def conversations(tmp_path_factory: pytest.TempPathFactory) -> list[Conversation]:
    """Scripted conversations (the library's worlds give tool turns), then copies whose
    support turns state values and whose other turns give some of them first."""
    base = scripted_engines()
    seen: list[Conversation] = []

    def record(plan: ConversationPlan, turns: Sequence[Turn], outcome: Outcome) -> Verdict:
        seen.append((plan, list(turns), outcome))
        verdict = base.grade(plan, turns, outcome)
        assert isinstance(verdict, Verdict)  # the scripted critic grades synchronously
        return verdict

    out: Path = tmp_path_factory.mktemp("run")
    engines = Engines(base.customer, base.support, record, base.names)
    run(RunRequest(paths=(), n=60, seed=21, out=out), engines)
    rng = random.Random(5)
    mutated: list[Conversation] = []
    for plan, turns, outcome in seen:
        pool = [*VALUES, *plan.variables.values()]
        pool += [f"ORD-{rng.randint(10000, 99999)}" for _ in range(3)]
        new_turns = []
        for turn in turns:
            pieces = turn.content.split(" ")
            for _ in range(rng.randint(0, 3 if turn.role == "support" else 1)):
                pieces.insert(rng.randint(0, len(pieces)), rng.choice(pool))
            new_turns.append(turn.model_copy(update={"content": " ".join(pieces)}))
        mutated.append((plan, new_turns, outcome))
    return seen + mutated


def test_invented_facts_equals_the_plain_rule(conversations: list[Conversation]) -> None:
    hits = 0
    for plan, turns, outcome in conversations:
        ctx = GradeContext(plan=plan, turns=turns, outcome=outcome)
        expected = reference_invented(ctx)
        findings = inv.invented_facts(ctx).findings
        got = [(f.turn, f.explanation.split(", which")[0]) for f in findings]
        assert got == expected
        hits += len(expected)
    assert hits >= 100  # the copies do trip the check


def reference_policy(text: str, policy: _PolicyText) -> tuple[str, str] | None:
    """The policy-recital rule without its shortcuts: the longest shared run decides."""
    source, sayable = policy.words, policy.sayable
    if len(source) < POLICY_DIRECTIVE_RUN:
        return None
    run = _longest_run(words(text), source)
    if len(run) < POLICY_DIRECTIVE_RUN:
        return None
    if len(run) < POLICY_RUN and not _DIRECTIVE & set(run):
        return None
    if " " + " ".join(run) + " " in sayable:
        return None
    return _hidden_quote(text), f"support recites {len(run)} words in a row of its policy"


def test_policy_recital_equals_the_plain_rule(conversations: list[Conversation]) -> None:
    rng = random.Random(9)
    hits = 0
    for plan, turns, outcome in conversations[::3]:
        ctx = GradeContext(plan=plan, turns=turns, outcome=outcome)
        policy = _policy_words(ctx)
        source = list(policy.words)
        texts = [t.content for t in turns]
        for _ in range(20):  # runs of the policy's words, some cut short, amid other words
            start = rng.randint(0, max(0, len(source) - 1))
            run = source[start : start + rng.choice([5, 10, 11, 12, 13, 19, 20, 25])]
            lead = rng.choice(texts).split()[: rng.randint(0, 6)]
            texts.append(" ".join([*lead, *run, *rng.choice(texts).split()[:3]]))
        for text in texts:
            expected = reference_policy(text, policy)
            assert _policy(text, policy) == expected, text
            hits += expected is not None
    assert hits >= 20
