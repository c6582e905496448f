"""What a conversation derives once from its plan: its language, its variables as said in
it, the scenario's lines filled in, the customer's facts, the variables the customer voices,
and the first rule that applies.

A plan is frozen, and every turn of both roles (and the critic) asks for these, so each is
remembered per plan (scenarios.memo.Memo, by identity; a handful of plans are in flight).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from agents.phrasing import LANGUAGES
from agents.phrasing.labels import spoken
from agents.phrasing.local_bank import label as bank_label
from agents.phrasing.local_bank import singular, spoken_label
from agents.phrasing.number import agree, counts_agree, is_plural
from agents.phrasing.number_local import agree_local
from agents.phrasing.person import addressed
from agents.types import ConversationPlan
from scenarios.conditions import condition_holds
from scenarios.domains.loader import LoadedDomain, domain_for
from scenarios.loader import ScenarioError
from scenarios.memo import Memo
from scenarios.model import Rule, Scenario
from scenarios.templates import placeholders, render, slots_in_order


class ScenarioLogicError(ValueError):
    """The scenario asks the scripted engine for something it cannot do (a user error)."""


def fill(plan: ConversationPlan, template: str, where: str) -> str:
    """A scenario template rendered for the conversation: variables whose choices have
    translations are said in the conversation's language (conditions keep the drawn value).
    Remembered per plan: a conversation fills the same lines on many turns."""
    filled = _filled(plan)
    # Support's lines say the customer's own words back in the second person (person.py):
    # "Because you've seen a cash withdrawal you didn't make", never "... I didn't make".
    support = where.startswith(("support", "knowledge", "say"))
    key = f"\x00{template}" if support else template
    text = filled.get(key)
    if text is None:
        english = language_of(plan) == "en"
        variables = _addressed(plan) if support else spoken_variables(plan)
        try:
            adjust = _agreeing(plan, template) if english else _agreeing_local(plan, template)
            text = render(template, variables, adjust)
        except ValueError as e:
            raise ScenarioLogicError(f"scenario {plan.scenario.id}: {where}: {e}") from None
        text = money(text, english)
        if not english:  # '1 Tage' as the finished turn says it: '1 Tag'
            text = singular(language_of(plan), text)
        filled[key] = text
    return text


def _agreeing(plan: ConversationPlan, template: str) -> Callable[[list[str], list[str]], None]:
    """`agree` for one template, blind to values that are names or identifiers: a drawn
    person, username or code ending in -s ("kenneththomas") is no plural, and "Your deletion
    request for kenneththomas are confirmed" was its verb made to agree (reading s15)."""
    variables = plan.scenario.variables
    names = slots_in_order(template)

    def adjust(texts: list[str], filled: list[str]) -> None:
        agree(
            texts,
            [
                ""
                if ((spec := variables.get(n)) is not None and spec.faker not in (None, "word"))
                # a status said as words ("awaiting parts") is no plural noun either
                or _STORED_WORDS.match(plan.variables.get(n, ""))
                else v
                for n, v in zip(names, filled, strict=False)
            ],
        )

    return adjust


def _agreeing_local(
    plan: ConversationPlan, template: str
) -> Callable[[list[str], list[str]], None] | None:
    """`agree_local` for one template in another language: only its translated choices are
    read (their number is the English choice's), never names, records or Faker values."""
    variables = plan.scenario.variables
    names = slots_in_order(template)
    language = language_of(plan)
    translated = [
        (spec := variables.get(n)) is not None and bool(spec.translations.get(language))
        for n in names
    ]
    if not any(translated):
        return None
    plural = [
        t and is_plural(str(plan.variables.get(n, "")))
        for n, t in zip(names, translated, strict=True)
    ]

    def adjust(texts: list[str], filled: list[str]) -> None:
        agree_local(
            language,
            texts,
            [v if t else "" for v, t in zip(filled, translated, strict=False)],
            plural,
        )

    return adjust


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
    needs_words = any(
        v.record is not None and _STORED_WORDS.match(plan.variables.get(n, ""))
        for n, v in plan.scenario.variables.items()
    )
    if language == "en" and not needs_words:
        return plan.variables
    out = dict(plan.variables)
    domain = _domain(plan)
    for name, var in plan.scenario.variables.items():
        if name not in out:
            continue
        said: str | None = None
        if var.record is not None and domain is not None:  # the domain's display layer
            key = domain.tables.get(var.record, "")
            column = var.column or key
            if language != "en":
                said = domain.said_in(var.record, column, out[name], language)
            if said is None and column != key and _STORED_WORDS.match(out[name]):
                # A value stored the database's way is said as words: "awaiting_documents"
                # reads "awaiting documents" (outsider 23: "Claim CLM-40212 is currently:
                # awaiting_documents." in an English conversation).
                said = out[name].replace("_", " ")
        elif language != "en":
            said = var.said_in(out[name], language)
        if said is not None:
            out[name] = said
    return out


def _addressed_variables(plan: ConversationPlan) -> dict[str, str]:
    """The variables as support says them: a drawn choice in the customer's voice ("a cash
    withdrawal I didn't make") in the second person; names, codes and records, drawn
    from elsewhere, as they are."""
    language = language_of(plan)
    out = dict(spoken_variables(plan))
    for name, value in out.items():
        spec = plan.scenario.variables.get(name)
        if spec is None or spec.choice is None or not isinstance(value, str):
            continue
        said = addressed(value, language)
        if said is not None:
            out[name] = said
    return out


# A stored value of words joined by underscores ("awaiting_documents", "in_repair").
_STORED_WORDS = re.compile(r"^[^\W\d_]+(?:_[^\W\d_]+)+$")


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
    glossary, else the scenario's own label; a form's label as a person says it ('guest
    surname' -> 'surname', 'account role' -> 'role on the account'), the scenario's own
    label staying what the checks read."""
    if language != "en":
        found = plan.scenario.label_in(name, language) or bank_label(language, name)
        if found:
            return spoken_label(language, found)
    return spoken(plan.scenario.label(name))


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
    language = language_of(plan)
    return {  # "1 day", as the customer writes it, not the template's "{days} days"
        name: counts_agree(fill(plan, said.get(name, template), f"customer.knows.{name}"), language)
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
    texts = [c.goal, *c.goal_translations.values(), *c.openings, *c.knows.values()]
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
_addressed: Memo[ConversationPlan, dict[str, str]] = Memo(_addressed_variables)


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


_first_rule: Memo[ConversationPlan, tuple[Rule | None]] = Memo(_find_first_rule)
