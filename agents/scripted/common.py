"""What both scripted roles share: rendering scenario text, reading the other side's move,
checking facts and rule conditions against the plan's variables, and wording a move.

A role's memory is bookkeeping derived from earlier turns, and its randomness is seeded per
turn, so a reply is a function of `plan + turns`; every helper here is a pure function.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import MISSING, dataclass, field, fields
from functools import lru_cache
from typing import Any, TypeVar

from agents import types as acts
from agents.phrasing import LANGUAGES, Utterance, realize
from agents.phrasing.local_bank import label as bank_label
from agents.phrasing.local_bank import singular
from agents.phrasing.local_numbers import with_stored
from agents.phrasing.number import agree
from agents.phrasing.stance import routine_goal
from agents.types import ConversationPlan, Outcome, Turn, turn_rng_seed
from personas import Persona
from scenarios.conditions import condition_holds
from scenarios.domains.loader import LoadedDomain, domain_for
from scenarios.loader import ScenarioError
from scenarios.memo import Memo
from scenarios.model import Rule, Scenario
from scenarios.templates import placeholders, render

Classifier = Callable[[str, ConversationPlan], tuple[str, dict[str, str]]]


class ScenarioLogicError(ValueError):
    """The scenario asks the scripted engine for something it cannot do (a user error)."""


@dataclass
class Move:
    """A decided move before wording: the act, its slots (fact name -> value) and text."""

    act: str
    slots: dict[str, str] = field(default_factory=dict)
    content: str | None = None
    edge_id: str | None = None  # edge case this turn enacts (Turn.edge_case)
    flavor: str | None = None  # Utterance.edge_case: which wording the phrasing should use
    stop: Outcome | None = None


# What a role's bookkeeping copies: a tuple, not `list | dict`, which builds a union type at
# every test (twice as slow, over every field of every turn's state).
CONTAINERS = (list, dict)


def memory_of(state: Any) -> dict[str, Any]:
    """A role's bookkeeping dataclass as its reply's memory: `dataclasses.asdict` without its
    deep copy, which cost a role a fifth of its time. The fields hold strings, numbers and
    flat lists and dicts of them, so copying the containers copies everything mutable."""
    out = dict(vars(state))
    for name in _containers(type(state)):
        value = out[name]
        if isinstance(value, CONTAINERS):
            out[name] = value.copy()
    return out


_State = TypeVar("_State")


def load_state(cls: type[_State], memory: Mapping[str, Any]) -> _State:
    """A role's bookkeeping dataclass from its memory (`memory_of`'s inverse): the fields
    the memory has, its lists and dicts copied (the state is changed in place); other keys
    are ignored."""
    st = cls()
    fields = vars(st)  # a plain dataclass: its fields are its instance dict
    if fields.keys() >= memory.keys():
        fields.update(memory)
    else:
        fields.update({k: v for k, v in memory.items() if k in fields})
    for name in _containers(cls):
        if name in memory:
            value = fields[name]
            if isinstance(value, CONTAINERS):
                fields[name] = type(value)(value)
    return st


def _containers(cls: type) -> tuple[str, ...]:
    """A bookkeeping dataclass's fields that hold a list or a dict (made by a default
    factory; the others hold strings, numbers and booleans): the only ones to copy."""
    found = _CONTAINER_FIELDS.get(cls)
    if found is None:
        found = tuple(f.name for f in fields(cls) if f.default_factory is not MISSING)
        _CONTAINER_FIELDS[cls] = found
    return found


_CONTAINER_FIELDS: dict[type, tuple[str, ...]] = {}


def turn_rng(plan: ConversationPlan, role: str, turns: Sequence[Turn]) -> random.Random:
    return random.Random(turn_rng_seed(plan.seed, role, len(turns)))


def plan_rng(plan: ConversationPlan, key: str) -> random.Random:
    """Randomness fixed for the whole conversation (edge-case timing), independent of turns."""
    return random.Random(turn_rng_seed(plan.seed, key, 0))


def fill(plan: ConversationPlan, template: str, where: str) -> str:
    """A scenario template rendered for the conversation: variables whose choices have
    translations are said in the conversation's language (conditions keep the drawn value).
    Remembered per plan: a conversation fills the same lines on many turns."""
    filled = _filled(plan)
    text = filled.get(template)
    if text is None:
        english = language_of(plan) == "en"
        try:
            text = render(template, spoken_variables(plan), agree if english else None)
        except ValueError as e:
            raise ScenarioLogicError(f"scenario {plan.scenario.id}: {where}: {e}") from None
        text = money(text, english)
        if not english:  # '1 Tage' as the finished turn says it: '1 Tag'
            text = singular(language_of(plan), text)
        filled[template] = text
    return text


_CENTS = re.compile(r"(\$\d+\.\d)(?!\d)")
_THOUSANDS = re.compile(r"(?<=\$)\d{5,}(?!\d)")


def money(text: str, english: bool) -> str:
    """Amounts as people write them: a record's 497.1 after a '$' is "$497.10", and in
    English a large one is grouped ("$10,046")."""
    if "$" not in text:
        return text
    text = _CENTS.sub(r"\g<1>0", text)
    return _THOUSANDS.sub(lambda m: f"{int(m.group()):,}", text) if english else text


def language_of(plan: ConversationPlan) -> str:
    """The language the conversation is in: the persona's, when the scenario has its lines in
    it and the phrasing writes it; else the scenario's own (English when it has it)."""
    return _language(plan)


def _language_of(plan: ConversationPlan) -> str:
    have = plan.scenario.languages()
    wanted = (plan.persona.language or "en").split("_")[0].split("-")[0].lower()
    if wanted in have and (wanted == "en" or wanted in LANGUAGES):
        return wanted
    return "en" if "en" in have else min(have)


def spoken_variables(plan: ConversationPlan) -> dict[str, str]:
    return _spoken(plan)


def _spoken_variables(plan: ConversationPlan) -> dict[str, str]:
    language = language_of(plan)
    if language == "en":
        return plan.variables
    out = dict(plan.variables)
    domain = _domain(plan)
    for name, var in plan.scenario.variables.items():
        if name not in out:
            continue
        if var.record is not None and domain is not None:  # the domain's display layer
            column = var.column or domain.tables.get(var.record, "")
            said = domain.said_in(var.record, column, out[name], language)
        else:
            said = var.said_in(out[name], language)
        if said is not None:
            out[name] = said
    return out


def _domain(plan: ConversationPlan) -> LoadedDomain | None:
    """The plan's world, for its display layer; None without one or when it cannot be read
    (a graded record from elsewhere: its variables are then said as stored)."""
    try:
        return domain_for(plan.scenario)
    except ScenarioError:
        return None


def lines(
    plan: ConversationPlan, default: list[str], translations: dict[str, list[str]]
) -> list[str]:
    """A localized field's lines in the conversation's language."""
    return translations.get(language_of(plan)) or default


def fact_label(plan: ConversationPlan, name: str, language: str) -> str:
    """How the conversation's language says a fact: the scenario's label in it, the bank's
    glossary, else the scenario's own label."""
    if language != "en":
        found = plan.scenario.label_in(name, language) or bank_label(language, name)
        if found:
            return found
    return plan.scenario.label(name)


def known_values(plan: ConversationPlan) -> dict[str, str]:
    """The customer's facts, rendered: also the support side's record to verify against."""
    return dict(_known(plan))


def known_view(plan: ConversationPlan) -> Mapping[str, str]:
    """`known_values` shared, not copied: for readers that never change it (every turn of
    both roles reads it)."""
    return _known(plan)


def _known_values(plan: ConversationPlan) -> dict[str, str]:
    customer = plan.scenario.customer
    said = customer.knows_translations.get(language_of(plan), {})
    return {
        name: fill(plan, said.get(name, template), f"customer.knows.{name}")
        for name, template in customer.knows.items()
    }


def voiced_variables(plan: ConversationPlan) -> frozenset[str]:
    """The variables the customer's own text uses (goal, openings, what they know, flow
    lines) outside `customer.knows`: things the customer may or may not have said ("stuck
    for {hours_stuck} hours"), which support may state only once it heard them."""
    return _voiced(plan.scenario)


def customer_texts(scenario: Scenario) -> list[str]:
    """Every text the scenario lets the customer say, in every language: its goal, openings,
    known facts and flow lines (what the customer side may voice a variable through)."""
    c = scenario.customer
    texts = [c.goal, *c.openings, *c.knows.values()]
    for lines_ in c.translations.values():
        texts.extend(lines_)
    for said in c.knows_translations.values():
        texts.extend(said.values())
    for beat in scenario.flow:
        texts.extend(beat.say)
        for lines_ in beat.translations.values():
            texts.extend(lines_)
    return texts


def _voiced_variables(scenario: Scenario) -> frozenset[str]:
    c = scenario.customer
    names: set[str] = set()
    for text in customer_texts(scenario):
        try:
            names.update(placeholders(text))
        except ValueError:
            continue
    return frozenset(n for n in names if n in scenario.variables and n not in c.knows)


def voiced_values(plan: ConversationPlan) -> Mapping[str, str]:
    """The voiced variables (`voiced_variables`) as the conversation says them: what support
    listens for in each customer turn."""
    return _voiced_values(plan)


def _voiced_spoken(plan: ConversationPlan) -> dict[str, str]:
    spoken = spoken_variables(plan)
    return {n: spoken[n] for n in voiced_variables(plan) if n in spoken}


# Derived once per plan (a plan is frozen): every turn of both roles asks for these.
_language: Memo[ConversationPlan, str] = Memo(_language_of)
_spoken: Memo[ConversationPlan, dict[str, str]] = Memo(_spoken_variables)
_known: Memo[ConversationPlan, dict[str, str]] = Memo(_known_values)
_voiced: Memo[Scenario, frozenset[str]] = Memo(_voiced_variables)
_voiced_values: Memo[ConversationPlan, dict[str, str]] = Memo(_voiced_spoken)
_filled: Memo[ConversationPlan, dict[str, str]] = Memo(lambda plan: {})


def normalize(value: str) -> str:
    return "".join(value.split()).casefold()


def same_value(given: str, known: str) -> bool:
    return normalize(given) == normalize(known)


def act_of(turn: Turn, plan: ConversationPlan, classify: Classifier) -> tuple[str, dict[str, str]]:
    """The other side's act and slots: annotated when present, else understood from text."""
    if turn.act is not None:
        return turn.act, dict(turn.slots)
    return classify(turn.content, plan)


def _reacts_to(role: str, after: Turn | None, act: str | None) -> str | None:
    """What support's wording reacts to: a customer reply that gave no detail (a vague
    "Help!", a refusal to share) is not thanked for the details ("unclear")."""
    if after is None:
        return None
    if act is None:
        act = after.act
    if role == "support" and act == acts.INFORM and not after.slots:
        return "unclear"
    return act


def speak(
    plan: ConversationPlan,
    role: str,
    move: Move,
    persona: Persona | None,
    rng: random.Random,
    turn_index: int,
    after: Turn | None = None,
    noted: bool = False,
    after_act: str | None = None,
    first_reply: bool = False,
) -> Turn:
    """Word `move`; `after` is the other side's last turn, which the wording reacts to, read
    as `after_act` when given (its act as understood: a copy of the turn with that act cost a
    pydantic copy per reply); `noted`: support's turn will open with what its lookups showed."""
    language = language_of(plan)
    facts = {
        fact_label(plan, name, language): value
        for name, value in move.slots.items()
        if name not in ("topic", "kind")
    }
    text = realize(
        Utterance(
            role=role,
            act=move.act,
            facts=facts,
            content=move.content,
            edge_case=move.flavor,
            turn_index=turn_index,
            after=_reacts_to(role, after, after_act),
            after_text=after.content if after is not None else "",
            domain=plan.scenario.domain,
            language=language,
            noted=noted,
            routine=role == "customer" and routine_goal(plan.scenario.customer.goal),
            first_reply=first_reply,
        ),
        persona,
        rng,
    )
    return Turn(
        role="customer" if role == "customer" else "support",
        content=text,
        act=move.act,
        slots=move.slots,
        edge_case=move.edge_id,
    )


# ---- rule conditions: one meaning everywhere (scenarios.conditions) ---------------------


def first_rule(plan: ConversationPlan) -> Rule | None:
    """The first support rule whose `when` holds over the plan's variables (worked out once
    per plan: the variables never change within a conversation)."""
    return _first_rule(plan)[0]


def _find_first_rule(plan: ConversationPlan) -> tuple[Rule | None]:
    return (_first(plan),)


def _first(plan: ConversationPlan) -> Rule | None:
    for i, rule in enumerate(plan.scenario.support.rules):
        for name in rule.when:
            if name not in plan.variables:
                raise ScenarioLogicError(
                    f"scenario {plan.scenario.id}: support.rules[{i}].when names '{name}', "
                    "which is not a variable; declare it under variables"
                )
        if all(condition_holds(plan.variables[n], c) for n, c in rule.when.items()):
            return rule
    return None


# ---- fact values ---------------------------------------------------------------------------

_first_rule: Memo[ConversationPlan, tuple[Rule | None]] = Memo(_find_first_rule)

_RUN = re.compile(r"\d+|[^\W\d_]+|\s+|.", re.S)


def wrong_value(value: str, rng: random.Random) -> str:
    """A value of the same shape that differs: a changed digit, else a changed letter."""
    chars = list(value)
    digits = [i for i, ch in enumerate(chars) if ch.isdigit()]
    letters = [i for i, ch in enumerate(chars) if ch.isalpha()]
    if digits:
        if len(digits) >= 2 and rng.random() < 0.5:
            i = rng.randrange(len(digits) - 1)
            a, b = digits[i], digits[i + 1]
            if chars[a] != chars[b]:
                chars[a], chars[b] = chars[b], chars[a]
                return "".join(chars)
        pos = rng.choice(digits)
        chars[pos] = rng.choice([d for d in "0123456789" if d != chars[pos]])
        return "".join(chars)
    if letters:
        pos = rng.choice(letters)
        pool = "abcdefghijklmnopqrstuvwxyz".replace(chars[pos].lower(), "")
        new = rng.choice(pool)
        chars[pos] = new.upper() if chars[pos].isupper() else new
        return "".join(chars)
    return value + "0"


def shape_pattern(value: str) -> str:
    """A regex for values shaped like `value`: digits -> \\d, letters -> letters, rest kept."""
    parts: list[str] = []
    for m in _RUN.finditer(value):
        run = m.group(0)
        if run.isdigit():
            parts.append(rf"\d{{{len(run)}}}")
        elif run.isalpha():
            parts.append(rf"[^\W\d_]{{{len(run)}}}")
        elif run.isspace():
            parts.append(r"\s+")
        else:
            parts.append(re.escape(run))
    return r"(?<![\w@.])" + "".join(parts) + r"(?![\w@])"


@lru_cache(maxsize=4096)
def shape_regex(value: str, flags: int = 0) -> re.Pattern[str]:
    """`shape_pattern(value)` compiled, once per value: a conversation's values are new to
    `re`'s own cache, which the many values of a run crowd out before they are used again."""
    return re.compile(shape_pattern(value), flags)


@lru_cache(maxsize=4096)
def value_regex(value: str) -> re.Pattern[str]:
    """`value_pattern(value)` compiled, ignoring case (see `shape_regex`)."""
    return re.compile(value_pattern(value), re.IGNORECASE)


def value_pattern(value: str) -> str:
    """A regex for exactly `value`, ignoring case and how much whitespace separates words."""
    words = [re.escape(w) for w in value.split()]
    return r"(?<![\w@])" + r"\s+".join(words) + r"(?![\w@])"


# ---- what support has been told ------------------------------------------------------------


# Characters re.IGNORECASE matches with an ASCII letter where str.lower() does not give that
# letter as one character (as agents.checks.values.FOLD_OUTLIERS).
_FOLD_OUTLIERS = ("\u0130", "\u0131", "\u017f")


def heard_in(text: str, known: Mapping[str, str]) -> list[str]:
    """The customer's facts whose values appear in `text` (said in passing counts)."""
    # A match of an ASCII value means each of its words, lower-cased, is in the lower-cased
    # text (unless the text holds a character that folds otherwise): a value that fails this
    # cannot match, and its pattern is never compiled.
    text = with_stored(text)  # '18. Juni 2025', '489 $' as the record says them too
    folded = None if any(c in text for c in _FOLD_OUTLIERS) else text.lower()
    return [name for name, value in known.items() if value and _said(value, text, folded)]


def _said(value: str, text: str, folded: str | None) -> bool:
    """`value_regex(value).search(text)`; `folded` is `text.lower()`, None when the text has
    a fold outlier. Without one, a text lower-cases to as many characters (only U+0130 does
    not), each matching an ASCII character as re.IGNORECASE matches it: so an ASCII value
    is found by `str.find`, word by word, its edges checked as the pattern's lookarounds do
    and the whitespace between its words as its `\\s+` does (no pattern is compiled for the
    many values a run sees once)."""
    words = None if folded is None else _ascii_words(value)
    if folded is None or not words:
        return value_regex(value).search(text) is not None
    if any(word not in folded for word in words):
        return False
    first, rest, n = words[0], words[1:], len(text)
    at = folded.find(first)
    while at != -1:
        if at == 0 or not _wordish(text[at - 1]):
            end = at + len(first)
            for word in rest:  # `\\s+` then the word: greedy, and no word starts with a space
                gap = end
                while end < n and text[end].isspace():
                    end += 1
                if end == gap or not folded.startswith(word, end):
                    break
                end += len(word)
            else:
                if end == n or not _wordish(text[end]):
                    return True
        at = folded.find(first, at + 1)
    return False


@lru_cache(maxsize=4096)
def _ascii_words(value: str) -> tuple[str, ...] | None:
    """An ASCII value's words, lower-cased (None for any other value): a conversation's
    values are looked for in every customer turn."""
    return tuple(word.lower() for word in value.split()) if value.isascii() else None


def _wordish(ch: str) -> bool:
    """What the pattern's `[\\w@]` matches: a word character (re's Unicode sense) or @."""
    return ch.isalnum() or ch in "_@"


def sayable(
    templates: Sequence[str], known: Mapping[str, str], told: Sequence[str]
) -> tuple[list[str], list[str]]:
    """The templates that state only facts support was told, and (when none does) the facts
    the first template needs that it was not told: support asks rather than guess a date or
    a payment method the customer never gave."""
    unheard = [[n for n in placeholders(t) if n in known and n not in told] for t in templates]
    fine = [t for t, missing in zip(templates, unheard, strict=True) if not missing]
    return fine, ([] if fine else unheard[0])
