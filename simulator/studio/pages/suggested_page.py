"""The policy's suggested rules on the page: under the policy box, each sentence the studio
reads (`suggest`) in the rule form's words, with *add this rule* (and *add all*), or which
rule it already is, and the sentences it reads no rule in. Apart from suggested.py (adding
them to the scenario) because showing and writing are two jobs."""

from __future__ import annotations

from typing import Any

from simulator.studio.editing.conditions import RULE_ACTIONS, condition_text
from simulator.studio.editing.replies import made_lines
from simulator.studio.pages.pages import esc
from simulator.studio.pages.placeholders import variable_words
from simulator.studio.policy.add_ons import ADD_ON
from simulator.studio.policy.dropped import not_understood
from simulator.studio.policy.policy_acts import NEVER
from simulator.studio.policy.policy_checks import told_after
from simulator.studio.policy.policy_read import NEG, unread_lines
from simulator.studio.policy.suggest import ASKS, Suggestion, suggest
from simulator.studio.policy.suggested import added_as, asked_for, policy_of, same_words
from simulator.studio.policy.ways import kind_groups, way_reason

__all__ = ["made_rules", "suggest_html"]


def _d(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _l(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def made_rules(rules: list[Any], found: list[Suggestion]) -> list[int]:
    """The numbers (from 1) of the rules in `rules` made from the policy's lines: each rule
    a line became (a line may become several: "If A, or B, ..."), and the refusals made from
    its ways, so the page and the banner count what the form shows (walkthrough 15 was told
    "4 rules" of 5, "all added, as rules 1, 2, 3 and 4" above a rule 5)."""
    reasons = [s.reason for s in found if s.action not in (NEVER, ASKS, ADD_ON)]
    ways = [s for s in found if s.way]
    reasons += [way_reason(g) for _, g in kind_groups(ways)] if ways else []
    return [
        i + 1
        for i, r in enumerate(rules)
        if any(same_words(str(_d(r).get("reason") or ""), x) for x in reasons)
    ]


def _now(s: Suggestion, rules: list[Any]) -> str:
    """What the rules a line became do now, in the rule form's words, as the form has them
    after the author's edits (walkthrough 15 still read "when `full is no`" after changing
    the condition); "" when the line is no rule yet."""
    became = [_d(r) for r in rules if same_words(str(_d(r).get("reason") or ""), s.reason)]
    if not became or s.action in (ASKS, ADD_ON, NEVER):
        return ""
    whens = [condition_text(r.get("when")) for r in became]
    when = ", or ".join(f"<code>{esc(w)}</code>" for w in whens if w)
    action = str(became[0].get("action") or "")
    if action == "resolve" and became[0].get("confirm"):
        said = "asks first, then does it"
    elif action == "resolve":
        said = "does it"
    elif action == "refuse" and became[0].get("offer"):
        said = f"refuses and offers {became[0]['offer']}"
    else:
        said = RULE_ACTIONS.get(action, action).split(" (")[0]
    return (f"when {when}, support " if when else "support ") + esc(said)


def _doing(s: Suggestion, data: Any) -> str:
    if s.action == ASKS:
        asked = asked_for(data)
        now = f" (now: {esc(asked[1])})" if asked and not same_words(asked[1], s.reason) else ""
        return f"support asks for the <b>{esc(s.reason)}</b> first{now}"
    if s.action == ADD_ON:  # no rule: a sentence each refusal ends with
        return f"no rule: each refusal adds <i>{esc(s.does)}</i>"
    if s.way:
        ways = ", or ".join(f"<code>{esc(w)}</code>" for w in (s.when, *s.also) if w)
        return f"when {ways}, support does it"
    action = "asks first, then does it" if s.action == "confirm" else RULE_ACTIONS[s.action]
    action = action.split(" (")[0]
    if s.offer:
        action = f"refuses and offers {s.offer}"
    when = ", or ".join(f"<code>{esc(w)}</code>" for w in (s.when, *s.also) if w)
    return (f"when {when}, support " if when else "support ") + esc(action)


def _missed(s: Suggestion) -> str:
    """The parts of the line's condition no rule tests, said as not understood (walkthrough
    16: two conditions were dropped without a word)."""
    parts = not_understood(s)
    if not parts:
        return ""
    said = "; ".join(f"<i>{esc(p)}</i>" for p in parts)
    return (
        f"<br><small class='warn missed'>Not understood, so no rule tests it: {said}. "
        "Write it as a sentence of its own (<i>If ..., ...</i>) or add the condition to the "
        "rule below.</small>"
    )


# An "also" rule (walkthrough 9: "book a meter check as well") adds to what another rule
# does, but the first rule whose condition holds is the one used: said where it is offered.
_ADDS_NOTE = (
    "<br><small class='warn'>This adds to what another rule does, and only the first rule "
    "whose condition holds is used: adding it also adds a rule for the case both fit, "
    "above them, whose line says both (when there is a rule it adds to).</small>"
)


def suggest_html(data: Any) -> str:
    """Under the policy: each sentence's rule, to add with a click, or which rule it is."""
    policy = policy_of(data)
    if not policy.strip():
        return ""
    variables = _d(_d(data).get("variables"))
    rules = _l(_d(_d(data).get("support")).get("rules"))
    found = suggest(policy, variables)
    read = {s.line for s in found} | {s.more for s in found if s.more}
    items, open_ = [], 0
    refusing = any(_d(r).get("action") == "refuse" for r in rules)
    for i, s in enumerate(found):
        if s.action == NEVER:  # no rule: what the critic checks support never says
            items.append(
                f"<li><i>{esc(s.line)}</i> &rarr; support must never <b>{esc(s.reason)}</b> "
                "<small>(not a rule: a model's critic checks it; the offline Try never says "
                "it)</small></li>"
            )
            continue
        new = "; ".join(
            f"new variable {esc(n)}: {esc(variable_words(v))}" for n, v in s.variables.items()
        )
        done = added_as(rules, s, data)
        tail = (
            "<span class='ok'>&#10003;</span>"
            if done == 0
            # a rule that keeps only part of its line is no tick (newcomer 18 read a green
            # tick on every line, the ones whose meaning was lost too)
            else f"<span class='warn'>&#9888; rule {done}, part of this line</span>"
            if done and not_understood(s)
            else f"<span class='ok'>&#10003; rule {done}</span>"
            if done
            else "<small>(no refusal to add it to yet)</small>"
            if s.action == ADD_ON and not refusing
            else f"<button class='sg' data-i='{i}'>"
            + {ASKS: "use this name", ADD_ON: "add to the refusals"}.get(s.action, "add this rule")
            + "</button>"
        )
        open_ += done is None and (s.action != ADD_ON or refusing)
        items.append(
            f"<li><i>{esc(s.line)}</i>"
            + (f" <i>{esc(s.more)}</i>" if s.more else "")
            + f" &rarr; {_now(s, rules) or _doing(s, data)}"
            + (f", and says <i>{esc(told_after(s.told))}</i>" if s.told else "")
            + (f" <small>({new})</small>" if new and not done else "")
            + f" {tail}"
            + (_ADDS_NOTE if s.adds else "")
            + _missed(s)
            + "</li>"
        )
    ways = [s for s in found if s.way]
    if ways:
        # Each way blocks no other (walkthrough 10): said before the click, with the last
        # rule's line, so the author sees what a customer who has none of them hears.
        # one refusal per kind of thing the ways are for (kinds.py), each saying its own ways
        lasts = [
            _said_now(rules, way_reason(g))
            or made_lines(
                "refuse", way_reason(g), variables, next((w.offer for w in g if w.offer), "")
            )[0]
            for _, g in kind_groups(ways)
        ]
        last = _d(rules[-1]) if rules else {}
        if last and not last.get("when") and last.get("action") == "refuse" and last.get("say"):
            # the last rule as the form has it, its line edited or not (walkthrough 15)
            lasts[-1] = str(_l(last.get("say"))[0])
        many = len(ways) > 1
        items.append(
            "<li class='note'>"
            + (
                "Each of these lines becomes a rule: when what it names holds, support does "
                "what it says. The rules from your other lines are checked first"
                if many
                # which line: walkthrough 14 could not tell what "This line" meant
                else f"The line <i>{esc(ways[0].line)}</i> becomes a rule: when what it names "
                "holds, support does what it says. The rules from your other lines are checked "
                "first"
            )
            + (
                f"; when none holds, a last rule says no: <i>{esc(lasts[0])}</i></li>"
                if len(lasts) == 1
                else "; when none holds, a last rule for each kind says no: "
                + " / ".join(f"<i>{esc(line)}</i>" for line in lasts)
                + "</li>"
            )
        )
    unread = unread_lines(policy, read)
    note = ""
    if unread:
        # Every line, none behind an "and 6 more" that does not open (walkthrough 14).
        shown = [
            " &hellip; ".join(f"<i>{esc(piece)}</i>" for piece in pieces)
            + ("" if whole else " <small>(the rest of this line is read)</small>")
            for pieces, whole in unread
        ]
        listed = shown[0] if len(shown) == 1 else "<ul>" + "".join(f"<li>{x}</li>" for x in shown)
        hint = _unread_hint([piece for pieces, _ in unread for piece in pieces])
        note = (
            "<li class='note'>No rule read in: "
            + listed
            + ("" if len(shown) == 1 else "</ul>")
            + f" (an AI model still reads {'it' if len(shown) == 1 else 'them'}; {hint})</li>"
        )
    added = made_rules(rules, found)
    if not open_ and added:
        # Every line read is a rule already (a scenario made from a pasted policy, or "add
        # all" pressed): what each became is folded under the rules' numbers, the lines read
        # as no rule stay in sight (walkthrough 12 read 171 words here before its first Try).
        numbers = [str(n) for n in sorted(added)]
        said = ", ".join(numbers[:-1]) + " and " + numbers[-1] if len(numbers) > 1 else numbers[0]
        plural = "s" if len(numbers) > 1 else ""
        missed = sum(len(not_understood(s)) for s in found)
        unsure = (
            f"; <span class='warn'>{missed} condition{'s' if missed > 1 else ''} not "
            "understood</span>"
            if missed
            else ""
        )
        return (
            "<div class='suggest'><details class='fold' id='suggest-list'><summary><b>Rules "
            f"from your policy</b>: all added, as rule{plural} {said}; what each line became"
            f"{unsure}</summary>"
            f"<ul>{''.join(items)}</ul></details>" + (f"<ul>{note}</ul>" if note else "") + "</div>"
        )
    # Once lines are rules, "add all" would put back the ones the author removed or rewrote
    # (walkthrough 17 pressed it after editing and got 5 old rules back): each line left has
    # its own button then.
    more = (
        f" <button class='sg' data-i='all'>add all {open_}</button>"
        if open_ > 1 and not added
        else ""
    )
    return (
        f"<div class='suggest'><b>Rules from your policy</b>{more}<ul>{''.join(items)}{note}</ul>"
        "</div>"
    )


def _said_now(rules: list[Any], reason: str) -> str:
    """The first line of the rule in `rules` whose reason is `reason`, else ""."""
    for r in rules:
        if same_words(str(_d(r).get("reason") or ""), reason) and _l(_d(r).get("say")):
            return str(_l(_d(r).get("say"))[0])
    return ""


def _unread_hint(lines: list[str]) -> str:
    """How to write an unread line as a rule, in its own kind: a line that refuses is shown
    a refusal, any other one a condition and what support then does (walkthrough 12: "If the
    bill was estimated, ask for a reading and re-issue it" was pointed at refusals)."""
    if lines and all(NEG.search(line.lower()) for line in lines):
        return (
            "for a rule, say when support refuses, like "
            "<i>orders older than 30 days cannot be returned</i>"
        )
    return (
        "for a rule, say when and what support does, like "
        "<i>if the parcel is lost, send a replacement</i>"
    )


def unread_said(unread: list[tuple[list[str], bool]]) -> str:
    """How many of the author's lines are read as no rule, counted as they wrote them: "2
    lines are no rule", "1 line is no rule, and part of 2 more"."""
    whole = sum(1 for _, w in unread if w)
    part = len(unread) - whole
    said = []
    if whole:
        said.append(f"{whole} line{' is' if whole == 1 else 's are'} no rule")
    if part:
        parts = "part of " + (f"{part} more" if whole else f"{part} line{'s' * (part > 1)}")
        said.append(parts if whole else f"{parts} {'is' if part == 1 else 'are'} no rule")
    return ", and ".join(said)
