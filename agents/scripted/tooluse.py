"""The scripted support agent's hands: which domain tools it calls, when, and what it says
about their results. Driven by the scenario and its domain, never by a scenario's id:

- Lookups are the tools that do not write. One is called as soon as its required parameters
  can be filled: from a fact the customer gave under the parameter's name, from an argument
  of the expected actions that the conversation grounds (a value the customer gave or an
  earlier result shows), or from a field of an earlier result (a `find_<name>...` tool's
  bare answer fills `<name>`). Each distinct call is made once per conversation.
- Actions are the scenario's `expect.actions` whose `when` holds, their text rendered with
  the variables: what a correct agent does. They are made in order at the decision point,
  which the policy reaches only once every `support.verify` fact checked out; a read among
  them already made is not repeated.
- Text: an action the tool refuses turns the reply into a refusal giving the tool's reason;
  otherwise the reply says the status a write left or a lookup found, when the result has one.
"""

from __future__ import annotations

import random
import re
import weakref
from collections.abc import Callable, Mapping, Sequence
from functools import cached_property
from typing import Any

from agents.handovers import handover_tools
from agents.scripted.common import language_of, normalize
from agents.scripted.results import SCALARS, Call, learn
from agents.scripted.tool_words import (
    REFUSED,
    noun_of,
    status_of,
    theirs,
    words_for,
)
from agents.tools import Desk, named_for
from agents.types import ConversationPlan, Turn
from scenarios.domains import Domain, ToolSpec, expected_for

# Read-only tools looked up unasked: named as lookups. Other read-only tools (diagnostics,
# calculators) are called only where the scenario's expected actions list them.
_LOOKUP = re.compile(r"^(?:get|find|lookup|look_up|search|list|fetch|read|show|verify)_")
_FREE_TEXT = frozenset({"summary", "reason", "note", "notes", "description", "message"})

_EXPECTED: weakref.WeakKeyDictionary[Desk, list[Call]] = weakref.WeakKeyDictionary()


_SPECS: weakref.WeakKeyDictionary[Desk, tuple[dict[str, ToolSpec], list[ToolSpec]]] = (
    weakref.WeakKeyDictionary()
)


def _specs(desk: Desk) -> tuple[dict[str, ToolSpec], list[ToolSpec]]:
    """The desk's tools by name, and the lookups among them (read-only, named as one): once
    per conversation, not at each of its support turns."""
    found = _SPECS.get(desk)
    if found is None:
        specs = {spec.name: spec for spec in desk.specs}
        lookups = [s for s in specs.values() if not s.writes and _LOOKUP.match(s.name)]
        found = _SPECS[desk] = (specs, lookups)
    return found


def expected_actions(plan: ConversationPlan, domain: Domain) -> list[Call]:
    """The scenario's expected tool calls for this plan (`when` applied, templates filled and
    typed as the tools declare), exactly as the end-state check replays them."""
    expected = expected_for(plan.scenario, plan.variables, domain)
    return [Call(c.tool, dict(c.arguments)) for c in expected.actions] if expected else []


class Clerk:
    """One support turn's tool use over the conversation's desk; `notes` is what to say."""

    def __init__(
        self,
        plan: ConversationPlan,
        desk: Desk,
        turns: Sequence[Turn],
        rng: random.Random | Callable[[], random.Random],
    ) -> None:
        """`rng` may be given as a function that makes it: most turns say nothing about the
        tools, and seeding a generator is a good part of a turn's cost."""
        self.plan, self.desk, self._rng = plan, desk, rng
        self.words = words_for(language_of(plan))
        self.specs, self.lookups = _specs(desk)
        self.made: set[str] = set()
        self.seen: dict[str, Any] = {}  # field -> value, from earlier results
        self.texts: list[str] = []  # result texts, to ground values in
        # Results that identify one record: a value that is one of several listed (an order
        # among the customer's orders) is not grounded, support has to ask which one.
        self.grounds: list[str] = []
        # Records an earlier turn's lookups showed: said once in a conversation, never again
        # in every reply ("I can see the account - it's active." turn after turn, reading s12).
        self.shown: set[str] = set()
        calls = {c.id: c for t in turns if t.tool_calls for c in t.tool_calls}
        for turn in turns:
            if turn.role == "tool" and turn.tool_call_id in calls:
                call = calls[turn.tool_call_id]
                self.made.add(Call(call.name, dict(call.arguments)).key())
                earlier = self.specs.get(call.name)
                if not turn.error and (earlier is None or not earlier.writes):
                    self.shown.add(noun_of(call.name, False))
                if not turn.error:
                    learn(self, call.name, turn.content)
        # What this turn's lookups showed, said before the reply: (noun, status or None).
        self.found: list[tuple[str, str | None]] = []
        self.wrote = False  # an action ran this turn: what lookups showed may be stale

    @cached_property
    def rng(self) -> random.Random:
        return self._rng if isinstance(self._rng, random.Random) else self._rng()

    @cached_property
    def actions(self) -> list[Call]:
        """The expected actions, worked out once per conversation (its desk), when needed
        (and looked up once per turn: each parameter filled asks for them)."""
        found = _EXPECTED.get(self.desk)
        if found is None:
            found = _EXPECTED[self.desk] = expected_actions(self.plan, self.desk.domain)
        return found

    # ---- lookups ---------------------------------------------------------------------------

    def look_up(self, given: Mapping[str, str]) -> None:
        """Every lookup whose parameters can now be filled, until none is new (a found id
        may fill the next lookup)."""
        norms = _norms(given)
        for _ in range(len(self.specs)):
            new = False
            for spec in self.lookups:
                args = self._fill(spec, given, norms)
                if args is None:
                    continue
                call = Call(spec.name, args)
                if call.key() in self.made:
                    continue
                self._run(call)
                new = True
            if not new:
                return

    def _fill(
        self, spec: ToolSpec, given: Mapping[str, str], norms: frozenset[str]
    ) -> dict[str, Any] | None:
        props: Mapping[str, Any] = spec.parameters.get("properties", {})
        required = list(spec.parameters.get("required", []))
        if not required:
            return None  # not about the customer's records
        args: dict[str, Any] = {}
        for name in props:
            value = self._value(name, given, norms)
            if value is not None:
                args[name] = _typed(value, props[name])
            elif name in required:
                return None
        return args

    def _value(self, name: str, given: Mapping[str, str], norms: frozenset[str]) -> Any:
        """`norms`: the given values normalized (`_norms`), worked out once per lookup."""
        if name in given:
            return given[name]
        named = [fact for fact in given if named_for(name, fact)]
        if len(named) == 1:  # `name` for the customer's `customer_name`; two would be a guess
            return given[named[0]]
        for action in self.actions:
            value = action.arguments.get(name)
            if isinstance(value, SCALARS) and self._grounded(str(value), norms):
                return value
        return self.seen.get(name)

    def shows(self, value: str) -> bool:
        """Whether a result that names one record shows this value (support can see it)."""
        return bool(value.strip()) and any(value in text for text in self.grounds)

    def _grounded(self, value: str, norms: frozenset[str]) -> bool:
        if normalize(value) in norms:  # same_value with one of the given values
            return True
        return bool(value.strip()) and any(value in text for text in self.grounds)

    # ---- actions ---------------------------------------------------------------------------

    def act(self) -> tuple[Call, str] | None:
        """Make the expected actions in order; the first refused write stops them and is
        returned with the tool's reason."""
        for call in self.actions:
            spec = self.specs.get(call.name)
            if spec is not None and not spec.writes and call.key() in self.made:
                continue
            result = self._run(call)
            if result is not None and (spec is None or spec.writes):
                return call, result
        return None

    def hand_over(self, given: Mapping[str, str], reason: str, hint: str = "") -> None:
        """Hand the conversation over through the domain's transfer tool, when it has one
        (agents.handovers.handover_tools: by its name or its description, as the critic
        finds it) and none was called yet. Each required parameter is filled: a free-text
        one (summary, reason, ...) with why; one the conversation gave or a record showed
        with that value; one with an `enum` with the value the rule's words or the reason
        name ("our groups team" -> `groups`), else its first value. A required parameter
        none of these fills (a free string nobody gave) leaves the tool uncalled."""
        norms = _norms(given)
        tools = handover_tools(self.specs)
        for spec in self.specs.values():
            if spec.name not in tools or any(k.startswith(spec.name + "{") for k in self.made):
                continue
            props: Mapping[str, Any] = spec.parameters.get("properties", {})
            args: dict[str, Any] = {}
            for name in spec.parameters.get("required", []):
                value = reason if name in _FREE_TEXT else self._value(name, given, norms)
                if value is None:
                    value = _enum_choice(props.get(name, {}), f"{hint} {reason}")
                if value is None:
                    break
                args[name] = _typed(value, props.get(name, {}))
            else:
                self._run(Call(spec.name, args), note=False)
                return

    def refusal(self, call: Call, reason: str) -> str:
        reason = re.sub(r"^\s*error\s*:\s*", "", reason, flags=re.I).strip().rstrip(".")
        if self.words.local:  # the tool's reason is quoted as the system gave it
            return self.words.say("refused", self.rng, reason=reason or "error")
        words = call.name.split("_")
        action = f"{words[0]} the {' '.join(words[1:])}" if len(words) > 1 else words[0]
        text = self.rng.choice(REFUSED).format(action=action, reason=reason or "it failed")
        return text + "."

    # ---- calls and what they teach -----------------------------------------------------------

    def _run(self, call: Call, note: bool = True) -> str | None:
        """Make one call; returns the refusal text when the tool refused it. `note`: say
        what it showed."""
        result = self.desk.run_sync(call.name, call.arguments)
        self.made.add(call.key())
        if result.error:
            return result.content
        self._learn(call.name, result.content)
        if not note:
            return None
        spec = self.specs.get(call.name)
        writes = spec is not None and spec.writes
        status = status_of(result.content, writes)
        noun = noun_of(call.name, writes)
        if not writes and not self.words.local and result.content.lstrip().startswith("["):
            status = None  # a list of records ("the orders"): no one status is theirs
            if spec is not None:  # named as the customer would: "your cards and accounts"
                noun = theirs(spec.description) or noun
        if writes:
            # What an action left is the decision's own news, said once in its words: the
            # record's new status is not added after it ("... ends when this billing cycle
            # closes. The service is now marked cancelled.", reading s13).
            self.wrote = True
        else:
            self.found.append((noun, status))
        return None

    def _learn(self, name: str, content: str) -> None:
        learn(self, name, content)

    def news(self, asked: Sequence[str] = ()) -> list[tuple[str, str | None]]:
        """What this turn's lookups showed that is worth saying: not a record an earlier
        reply already showed (said once in a conversation, never in every reply: "I can see
        the account - it's active." turn after turn, reading s12), nor one whose own
        identifier the reply goes on to ask for ("I have the order in front of me. Your order
        number?"); `asked` holds the requested facts' names and English labels."""
        found = [f for f in self.found if f[0] not in self.shown]
        if asked and found:
            # the record's own identifier: its noun's word with an id's ("order number",
            # "booking_ref"); "the account" beside its PIN is no contradiction
            # (by the singular: "your orders" found, then "your order number?", reading s13)
            ids = [
                words
                for name in asked
                if _ID_WORDS
                & (words := {_singular(w) for w in re.split(r"[\W_]+", name.lower()) if w})
            ]
            found = [
                f
                for f in found
                if not any({_singular(w) for w in f[0].lower().split()} & w for w in ids)
            ]
        return found

    def leads(
        self, matched: bool = True, asked: Sequence[str] = (), outcome: bool = False, text: str = ""
    ) -> tuple[str, str, str] | None:
        """What this turn's lookups showed, to lead the reply (said once): the last status
        found ("found", noun, status), else that a record was found ("found_plain", noun,
        ""); None when nothing is worth saying. The status a lookup showed is not said when
        an action of the same turn followed it ("it's active" before "is cancelled"
        contradicts the reply), and nothing is said when the reply is that a detail did not
        match (`matched` False): a record found beside a failed check is not the customer's
        to hear about. Before an outcome (`outcome`: the decision, which names the record
        itself) a bare "I found the order" is left out: said before nearly every decision it
        was a stock line (reading s18: "I have the X in front of me" in 339 turns of a run);
        it stays where the reply goes on asking."""
        found = self.news(asked)
        if not found or not matched:
            return None
        # A record in its ordinary state ("it's active") is no news: said before every
        # outcome it reads as a form letter (reading s16: "I have X in front of me; it's
        # active." 109 times in a run); a status worth hearing (blocked, delivered) is said.
        with_status = [f for f in found if f[1] is not None and str(f[1]).lower() not in _ORDINARY]
        if with_status and not self.wrote:
            noun, status = with_status[-1]
            if outcome and self._says(text, str(status)):
                return None  # the decision says the status itself ("ya figura como procesado")
            return "found", noun, str(status)
        return None if outcome else ("found_plain", found[-1][0], "")

    def _says(self, text: str, status: str) -> bool:
        """Whether `text` says `status`, in English or in the conversation's words for it."""
        local = self.words.tools.get("statuses", {}).get(status, "") if self.words.local else ""
        low = text.lower()
        return any(w and re.search(rf"\b{re.escape(w.lower())}", low) for w in (status, local))

    def before(
        self, text: str, matched: bool = True, asked: Sequence[str] = (), outcome: bool = False
    ) -> str:
        """A reply led by what `leads` says is worth saying of this turn's lookups (which
        are then said, or passed over)."""
        lead = self.leads(matched, asked, outcome, text)
        self.found = []
        if lead is None:
            return text
        kind, noun, status = lead
        said = self.words.say(kind, self.rng, noun=noun, **({"status": status} if status else {}))
        return f"{said} {text}"


_ORDINARY = frozenset({"active", "open", "valid", "enabled", "current", "normal", "ok", "in force"})
_ID_WORDS = frozenset({"id", "number", "no", "code", "reference", "ref", "locator", "confirmation"})


def _singular(word: str) -> str:
    """'orders' -> 'order', 'details' -> 'detail'; short words ('bus', 'id') stay."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _norms(given: Mapping[str, str]) -> frozenset[str]:
    """The given values as `same_value` compares them (normalized once, not per test)."""
    return frozenset(normalize(v) for v in given.values())


def _typed(value: Any, schema: Mapping[str, Any]) -> Any:
    """A customer's text as the parameter's JSON type, where it parses as one."""
    kind = schema.get("type") if isinstance(schema, Mapping) else None
    if isinstance(value, str) and kind in ("integer", "number"):
        try:
            number = float(value.strip())
        except ValueError:
            return value
        return int(number) if kind == "integer" and number.is_integer() else number
    return value


def _enum_choice(schema: Mapping[str, Any], words: str) -> Any:
    """The value of an `enum` parameter that `words` name (each of its words, split at
    underscores and dashes, in them), else its first value; None without an enum."""
    values = schema.get("enum") if isinstance(schema, Mapping) else None
    if not isinstance(values, list) or not values:
        return None
    low = words.casefold()
    for value in values:
        parts = [w for w in re.split(r"[_\-\s]+", str(value).casefold()) if w]
        if parts and all(re.search(rf"\b{re.escape(w)}", low) for w in parts):
            return value
    return values[0]
