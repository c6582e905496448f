"""The policy's suggested rules on the page, and adding them to the scenario.

Under the policy box, each sentence the studio reads (`suggest`) shows the rule it means in
the rule form's words, with *add this rule* (and *add all*); a sentence already added says
which rule it is. Adding one writes an ordinary rule (condition, action, the sentence as its
reason, support's lines made from it as the form makes them, so they follow later edits),
makes the variables its condition needs, and puts it before the rule for everything else.
The short starter's example rule (bookings older than 30 days) is about someone else's
business: the first rule added from the policy replaces it, and the starter's variables no
text uses any more go with it. What support asks for first and the facts the customer tells
are asked_facts.py's.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from simulator.studio.editing.conditions import flow_condition, parse_condition
from simulator.studio.editing.replies import STARTER_REASONS, Before, made_lines, made_question
from simulator.studio.editing.roundtrip import dump, round_trip_yaml
from simulator.studio.policy.add_ons import ADD_ON, apply_add_ons, without_add_ons
from simulator.studio.policy.asked_facts import (
    added_as,
    ask_also,
    asked_for,
    customer_tells,
    flow,
    named_as_asked,
    own_pattern,
    plain,
    policy_of,
    same_words,
)
from simulator.studio.policy.one_quantity import cover
from simulator.studio.policy.policy_acts import NEVER, both
from simulator.studio.policy.policy_checks import stands_lines, told_after
from simulator.studio.policy.precedence import bars_first
from simulator.studio.policy.suggest import ASKS, Suggestion, suggest
from simulator.studio.policy.told import checked_in, support_holds, tell_tested, yes_no_variable
from simulator.studio.policy.voice import to_you
from simulator.studio.policy.ways import (
    apology,
    hand_over_first,
    nothing_to_change,
    place,
    refuse_the_rest,
)

__all__ = ["add_suggested", "added_as", "asked_for", "policy_of", "same_words"]

# The short starter's example: its rule, and the variables only it used.
_STARTER_WHEN = {"days_ago": {"gt": 30}}
_STARTER_VARIABLES = {
    "days_ago": {"range": [1, 45]},
    "item": {"choice": ["booking", "appointment", "order"]},
}


def _d(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _l(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _is_starter_rule(rule: Any, variables: Any) -> bool:
    rule = _d(rule)
    return (
        plain(rule.get("when")) == _STARTER_WHEN
        and rule.get("reason") in STARTER_REASONS
        and Before(rule, variables).made
    )


def _uses(node: Any, name: str) -> bool:
    """Whether `node` names variable `name`: `{name}` in a text or a condition's key."""
    if isinstance(node, str):
        return "{" + name + "}" in node
    if isinstance(node, dict):
        return any(str(k) == name or _uses(v, name) for k, v in node.items())
    if isinstance(node, list):
        return any(_uses(v, name) for v in node)
    return False


def _drop_starter(data: Any) -> None:
    """The starter's example rule out, and its variables nothing else uses."""
    rules = _l(_d(_d(data).get("support")).get("rules"))
    variables = _d(data.get("variables"))
    for i, rule in enumerate(rules):
        if _is_starter_rule(rule, variables):
            del rules[i]
            break
    else:
        return
    rest = {k: v for k, v in data.items() if k != "variables"}
    for name, spec in _STARTER_VARIABLES.items():
        if name in variables and plain(variables[name]) == spec and not _uses(rest, name):
            del variables[name]


def _rules(s: Suggestion, variables: Any) -> list[CommentedMap]:
    """The rules a suggestion adds: one, or one per condition it refuses (`also`)."""
    return [_rule(s, variables, when) for when in (s.when, *s.also)]


def _rule(s: Suggestion, variables: Any, when: str) -> CommentedMap:
    rule = CommentedMap()
    if when:
        rule["when"] = flow_condition(parse_condition(when))
    if s.action == "confirm":  # asks first (a fee), then does it
        rule["action"] = "resolve"
        rule["reason"] = s.reason
        rule["confirm"] = CommentedSeq(made_question(s.reason))
        rule["say"] = CommentedSeq(made_lines("resolve", "", variables))
    elif s.way:  # one way to get it: done when it holds (ways.py)
        rule["action"] = "resolve"
        rule["reason"] = s.reason
        done = way_lines(s, variables)
        rule["say"] = CommentedSeq([apology(s.line) + done[0], *done[1:]])
    elif s.does:  # an action rule: its line says what support does
        rule["action"] = "resolve"
        rule["reason"] = s.reason
        thanks = f"Thank you for {s.after}" if s.after else "Thank you"
        rule["say"] = CommentedSeq([f"{thanks}. I'll {s.does}."])
    else:
        rule["action"] = s.action
        rule["reason"] = s.reason
        if s.offer:
            rule["offer"] = s.offer
        own = stands_lines(s.reason, when, s.asks) if s.action == "refuse" and not s.offer else []
        rule["say"] = CommentedSeq(own or made_lines(s.action, s.reason, variables, s.offer))
        told = told_after(s.more) if s.action == "escalate" else ""
        if told:  # "...; tell the customer they will hear back within 10 working days"
            rule["say"] = CommentedSeq([f"{str(line).rstrip()} {told}" for line in rule["say"]])
    told = told_after(s.told) if s.told else ""
    if told:  # "..., and the customer hears back within 5 days": said, whatever the action
        rule["say"] = CommentedSeq([f"{str(line).rstrip()} {told}" for line in rule["say"]])
    return rule


# A way that lets the customer do something ("the customer can cancel without the fee"):
# support tells them they can, never that it has done it for them (walkthrough 11).
_MAY = re.compile(
    r"\b(?<!we )(?<!i )(?:can|may|(?:is|are) (?:allowed|free|entitled|welcome) to|get to)\s+"
)


def way_lines(s: Suggestion, variables: Any) -> list[str]:
    """What support says when a way holds: the starter's "Done!", except when the sentence
    lets the customer do something ("the customer can cancel without the fee"): then what
    they can do, never that support did it for them (walkthrough 11 kept "Done! That's taken
    care of" for a cancellation the customer had not asked for). Other ways keep one line
    for all: ways to the same thing, which a line each would set apart."""
    grants = " ".join(s.grants.split()).rstrip(".")
    if grants and _MAY.search(s.reason.lower()):
        return [f"You can {grants}: just tell me if you'd like to."]
    when = _WHEN_DONE.match(s.reason.rsplit(", ", 1)[-1]) if ", " in s.reason else None
    if when:  # "..., the claim is paid within 5 working days": said as the policy says it
        said = to_you(re.sub(r"\s*\([^)]*\)", "", when[0]).rstrip(". "))
        return [f"Good news: {said}."]
    return made_lines("resolve", "", variables)


# What the policy says happens, and by when: "the claim (or the missing amount) is paid
# within 5 working days" (walkthrough 14 heard the starter's "Done! That's taken care of").
_WHEN_DONE = re.compile(
    r"^(?:the|your|their|a|an) [\w'() -]+? (?:is|are|will be|gets?) (?:\w+ ){0,2}?"
    r"(?:paid|refunded|credited|reimbursed|sent|replaced|repaired|re-?issued|issued|returned|"
    r"approved|processed|released|transferred|delivered|shipped)\b.*\b(?:within|in) "
    r"(?:\d+|one|two|three|five|ten) [\w -]+$"
)


def _insert(rules: CommentedSeq, rule: CommentedMap, variables: Any) -> None:
    """Before the last rule when that one is for everything else (no condition); a rule
    without a condition that does it (asks first about a fee) takes that last rule's place,
    keeping its lines; with no such rule, one is added after it, so the other conversations
    still have a rule."""
    last = _d(rules[-1]) if rules else {}
    catch_all = bool(rules) and not last.get("when")
    if not rule.get("when"):
        if catch_all and last.get("action") == "resolve" and not last.get("confirm"):
            if last.get("say") is not None:
                rule["say"] = last["say"]
            rules[-1] = rule
        else:
            rules.append(rule)
        return
    if hand_over_first(rules, rule):
        return
    if rule.get("action") == "resolve" and not rule.get("confirm"):
        # An exception that grants ("with a medical certificate, refund the whole deposit")
        # goes before the refusals it makes an exception to: rules are tried in order.
        refusal = next(
            (
                i
                for i, r in enumerate(rules)
                if _d(r).get("when") and _d(r).get("action") == "refuse"
            ),
            None,
        )
        if refusal is not None:
            rules.insert(refusal, rule)
            return
    if catch_all:
        rules.insert(len(rules) - 1, rule)
        return
    rules.append(rule)
    lines = CommentedSeq(made_lines("resolve", "", variables))
    rules.append(CommentedMap([("action", "resolve"), ("say", lines)]))


def add_suggested(text: str, which: str) -> str:
    """`text` with the policy's suggested rule number `which` (from 0), or every one not yet
    added (`all`), made a rule."""
    yaml = round_trip_yaml()
    data = yaml.load(text)
    if not isinstance(data, dict):
        raise ValueError("the file does not read as a scenario; fix it in the file text")
    policy = policy_of(data)
    found = suggest(policy, data.get("variables"))
    if which == "all":
        chosen = found
    elif which.isdigit() and int(which) < len(found):
        chosen = [found[int(which)]]
    else:
        raise ValueError("that suggestion is gone: the policy changed; look again")
    renamed = named_as_asked(text, data, chosen)
    if renamed != text:
        text, data = renamed, yaml.load(renamed)
    if not isinstance(data.get("support"), dict):
        data["support"] = CommentedMap()
    support = data["support"]
    if not isinstance(support.get("rules"), list):
        support["rules"] = CommentedSeq()
    rules = support["rules"]
    if not isinstance(data.get("variables"), dict):
        data["variables"] = CommentedMap()
    variables = data["variables"]
    # what the policy adds to refusals comes out while rules are added, and goes back last
    adds = without_add_ons(rules, found)
    adds += [s for s in chosen if s.action == ADD_ON and s not in adds]
    ways = [s for s in found if s.way]
    ways_before = [s for s in ways if added_as(rules, s, data) is not None]
    if any(s.action not in (ASKS, ADD_ON) and added_as(rules, s, data) is None for s in chosen):
        # The starter's example goes first, and the sentences are read again without its
        # variables: a rule must not test one (`days_ago`) that dropping it removes.
        _drop_starter(data)
        again = {s.line: s for s in suggest(policy_of(data), data.get("variables"))}
        chosen = [again.get(s.line, s) for s in chosen]
    for s in chosen:
        if s.action in (NEVER, ADD_ON) or added_as(rules, s, data) is not None:
            continue
        if s.action == ASKS:
            asked = asked_for(data)
            if asked is None:
                raise ValueError("support asks for nothing yet: add a fact it asks for first")
            customer = data["customer"] if isinstance(data.get("customer"), dict) else None
            if customer is None:
                data["customer"] = customer = CommentedMap()
            if not isinstance(customer.get("labels"), dict):
                customer["labels"] = CommentedMap()
            first, *others = s.reason.split(", ")
            customer["labels"][asked[0]] = first
            own_pattern(variables, str(asked[0]), first)
            for other in others:  # "Check the booking reference and the guest's surname"
                ask_also(data, customer, variables, other)
            continue
        _drop_starter(data)
        for name, spec in s.variables.items():
            if name not in variables:
                kind, values = next(iter(spec.items()))
                made = CommentedMap([(kind, flow(values))])
                made.fa.set_flow_style()
                variables[name] = made
                if name in s.asks and not (
                    yes_no_variable(spec)
                    and (support_holds(name, s.asks[name], s.line) or checked_in(policy, name))
                ):
                    customer_tells(data, name, s.asks[name])
        cover(variables, s)
        for rule in _rules(s, variables):
            if not place(rules, rule, ways, bool(s.way)):
                _insert(rules, rule, variables)
            bars_first(rules, rule)
        if s.adds and s.does:
            both(rules, s)
        # a yes/no read from no clause support could ask about: still the customer's to tell
        tell_tested(
            data,
            [
                n
                for n in s.variables
                if n not in s.asks
                and not support_holds(n, "", s.line)
                and not checked_in(policy, n)
            ],
        )
    ways_now = [s for s in ways if added_as(rules, s, data) is not None]
    if ways_now != ways_before:
        refuse_the_rest(rules, ways_now, ways_before, variables)
    if any(s.does and s.action != ADD_ON and added_as(rules, s, data) is not None for s in found):
        nothing_to_change(rules, variables)
    apply_add_ons(rules, adds)
    return dump(yaml, data)
