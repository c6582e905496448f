"""The form's *What support does* section, in plain words: what the offline support does
(what it asks for, its rules and answers, editable), each with a *remove* button, and the
form parts the other sections share (a box of lines, a name box's width, the key's tooltip).
Everything else the scenario carries is carried.py's. The file's key names are shown small,
as secondary detail for those who read the YAML."""

from __future__ import annotations

import re
from typing import Any

from simulator.studio.editing.author import english
from simulator.studio.editing.conditions import ASKS_FIRST, OFFERS, RULE_ACTIONS, condition_text
from simulator.studio.editing.variables import offer_html, variables_html
from simulator.studio.pages.pages import esc
from simulator.studio.pages.pages import remove_button as _rm
from simulator.studio.policy.lookups import decided_on, decides_html
from simulator.studio.trying.offline import example_condition

__all__ = ["LANGUAGES_NOTE", "fits", "lines_field", "offline_html", "title_key"]

LANGUAGES_NOTE = (
    "The template has these lines in several languages (%s); the English ones are shown. "
    "A change here keeps your lines and makes the whole scenario English only."
)


def _d(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _l(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def title_key(name: str) -> str:
    """Where a part is in the file: a tooltip for those who read the YAML, not a word more
    on the page for those who do not."""
    return f" title='in the file: {esc(name)}'"


def lines_field(key: str, value: Any, label: str, spoken: bool = True) -> str:
    """One line per item; `spoken`: its lines may use {placeholders}, listed under it."""
    note = ""
    if isinstance(value, dict):  # per language: English shown; a change keeps it alone
        note = f"<p class='note'>{LANGUAGES_NOTE % esc(', '.join(map(str, value)))}</p>"
        value = english(value)
    text = "\n".join(" ".join(str(v).split()) for v in _l(value))
    return (
        f"<label for='o-{esc(key)}'>{esc(label)}</label>{note}"
        f"<textarea class='of' id='o-{esc(key)}' data-key='{esc(key)}' rows='3'>"
        f"{esc(text)}</textarea>"
        + (f"<div class='note ph' data-for='o-{esc(key)}'></div>" if spoken else "")
    )


def _rule(i: int, rule: Any, example: str, data: Any) -> str:
    rule = _d(rule)
    action = str(rule.get("action", ""))
    asks = bool(rule.get("confirm"))
    offers = action == "refuse" and rule.get("offer") is not None
    shown = ASKS_FIRST if action == "resolve" and asks else OFFERS if offers else action
    options = "".join(
        f"<option value='{a}'{' selected' if a == shown else ''}>{esc(w)}</option>"
        for a, w in RULE_ACTIONS.items()
    )
    # Asking first: the question support says before it does anything, e.g. the fee.
    question = (
        lines_field(
            f"rule.{i}.confirm",
            rule.get("confirm"),
            "first asks (one question per line; made from because until you change it)",
        )
        if asks
        else ""
    )
    # A reason is for refusing or handing over: a rule that does it has none to show.
    reason = (
        ""
        if action == "resolve" and not asks and not rule.get("reason")
        else f"<label for='o-rule.{i}.reason'>"
        + ("because (said if the customer asks why)" if asks else "because")
        + "</label>"
        f"<input class='of' id='o-rule.{i}.reason' data-key='rule.{i}.reason' "
        f"value='{esc(rule.get('reason') or '')}' placeholder='why, in a few words'>"
    )
    # Refusing and offering something else: the alternative, in a few words.
    offered = (
        f"<label for='o-rule.{i}.offer'>offers instead (a few words; support asks whether to "
        "arrange it)</label>"
        f"<input class='of' id='o-rule.{i}.offer' data-key='rule.{i}.offer' "
        f"value='{esc(rule.get('offer') or '')}' placeholder='like: a place on the "
        "cancellation list'>"
        f"<div class='problem field-problem' id='fp-support.rules[{i}].offer'></div>"
        if offers
        else ""
    )
    return (
        f"<div class='item'><b>Rule {i + 1}</b> "
        + (
            f"<button class='up' data-key='support.rules.{i}' title='rules are tried in "
            "order: this one before the one above'>move up</button> "
            if i
            else ""
        )
        + f"{_rm(f'support.rules.{i}', f'rule {i + 1}')}"
        f"<label for='o-rule.{i}.when' title='blank: always'>When</label>"
        f"<input class='of' id='o-rule.{i}.when' data-key='rule.{i}.when' "
        f"value='{esc(condition_text(rule.get('when')))}' placeholder='{esc(example)}'>"
        f"<div class='problem field-problem' id='fp-support.rules[{i}].when'></div>"
        + f"<div id='offers-{i}'>{offer_html(i, rule, data)}</div>"
        + f"<label for='o-rule.{i}.action'>support</label>"
        f"<select class='of' id='o-rule.{i}.action' data-key='rule.{i}.action'>{options}"
        "</select>"
        + reason
        + offered
        + question
        + lines_field(
            f"rule.{i}.say",
            rule.get("say"),
            "once the customer agrees, says (one per line)"
            if asks
            # Walkthrough 5 retyped these lines, not knowing they follow the reason.
            else "and says (made from because until you change it, and again when you empty "
            "it; the second line answers a customer who pushes back)"
            if action == "refuse"
            else "and says (one per line)",
        )
        + "</div>"
    )


def _answer(i: int, item: Any) -> str:
    item = _d(item)
    words = ", ".join(str(w) for w in _l(item.get("keywords")))
    return (
        f"<div class='item'><b>Answer {i + 1}</b> "
        f"{_rm(f'support.knowledge.{i}', f'answer {i + 1}')}"
        f"<label for='o-knowledge.{i}.id'>Topic (words joined by _)</label>"
        f"<input class='of' id='o-knowledge.{i}.id' data-key='knowledge.{i}.id' "
        f"value='{esc(item.get('id') or '')}'>"
        f"<label for='o-knowledge.{i}.keywords'>Used when a question has one of these words "
        "(comma between them)</label>"
        f"<input class='of' id='o-knowledge.{i}.keywords' data-key='knowledge.{i}.keywords' "
        f"value='{esc(words)}'>"
        + lines_field(f"knowledge.{i}.answer", item.get("answer"), "support answers (one per line)")
        + "</div>"
    )


def languages(data: Any) -> list[str]:
    """The languages the scenario's first messages are given in ([] when one plain list)."""
    openings = _d(_d(data).get("customer")).get("openings")
    return [str(k) for k in openings] if isinstance(openings, dict) else []


def _plain_html(html: str) -> str:
    """`html` as plain text, for a tooltip."""
    return re.sub(r"<[^>]+>", "", html)


def offline_html(data: Any) -> str:
    """Rules and answers: what the offline support does, editable."""
    support = _d(_d(data).get("support"))
    spoken = languages(data)
    several = (
        f"<p class='notice'>This scenario has its lines in {esc(', '.join(spoken))}: Try's "
        "customers write in any of them, and support answers from the lines of that language. "
        "Changing a line makes the whole scenario English only. <button class='add' "
        "data-kind='english'>Keep English only</button></p>"
        if len(spoken) > 1
        else ""
    )
    verify = _l(support.get("verify"))
    knows = [str(k) for k in _d(_d(_d(data).get("customer")).get("knows"))]
    more = [k for k in knows if k not in verify]
    # A variable is offered too: asking for it makes it a fact the customer knows. Not one a
    # rule decides on (support's record: the line below says so and switches it).
    decides = decided_on(data)
    unknown = [
        str(v)
        for v in _d(_d(data).get("variables"))
        if v not in knows and v not in verify and v not in decides
    ]
    add_ask = (
        "<select class='nf' data-kind='verify' data-f='name' style='width:auto'>"
        + "".join(f"<option>{esc(k)}</option>" for k in more)
        + "".join(
            f"<option value='{esc(v)}'>{esc(v)} (a variable: the customer will know it)</option>"
            for v in unknown
        )
        + "</select> <button class='add' data-kind='verify'>add</button>"
        if more or unknown
        else ""
    )
    # The name people call a fact by (the customer's labels), the key small beside it.
    labels = _d(_d(_d(data).get("customer")).get("labels"))
    asks = (
        (
            "<p>Before doing anything, support asks for: "
            + ", ".join(
                _asked(f, labels.get(f), f in _d(_d(_d(data).get("customer")).get("knows")))
                + _rm(f"support.verify.{i}", str(f))
                for i, f in enumerate(verify)
            )
            + "</p>"
            if verify
            else "<p>Support asks for nothing before acting.</p>"
        )
        + (f"<p>Also ask for: {add_ask}</p>" if add_ask else "")
        + decides_html(data)
    )
    variables = _d(_d(data).get("variables"))
    example = condition_text(example_condition(variables))
    placeholder = f"always (or write one, like: {example})" if example else "always"
    rules_list = _l(support.get("rules"))
    rules = "".join(_rule(i, r, placeholder, data) for i, r in enumerate(rules_list))
    # The grammar taught by one example, the first the author sees in a rule if there is one.
    shown = next((condition_text(_d(r).get("when")) for r in rules_list if _d(r).get("when")), "")
    answers = "".join(_answer(i, k) for i, k in enumerate(_l(support.get("knowledge"))))
    topics = ", ".join(str(_d(k).get("id") or "?") for k in _l(support.get("knowledge")))
    # Where "add a rule" puts it, said before the click (walkthrough 8: it went above the
    # author's last rule, with a condition they had not written, and nothing said why).
    added = (
        "a new rule goes above your last rule, which covers every other case and stays last; "
        "it starts with an example condition and as <i>support does it</i>: change them in "
        "its box"
        if rules_list and not _d(rules_list[-1]).get("when")
        else "a new rule goes last and starts as <i>support does it</i>: choose refuses, asks "
        "first or hands over in its box"
    )
    return several + (
        "<p class='note'>Try's support follows these rules (add them from the policy above, "
        "or here): the first rule whose condition holds is used. A condition reads like "
        f"<code>{esc(shown or example or 'hours_left is less than 48')}</code>: "
        # in sight, not folded: walkthrough 10 needed it for every rule it rewrote
        "<span id='condition-words'>a variable, then <i>is, is not, is more than, is at least, "
        "is less than, is at most, is one of</i> or <i>is none of</i>, then a value; join two "
        "with <i>and</i>.</span></p>"
        + variables_html(data)
        + f"{asks}<h3{title_key('support.rules')}>What support does</h3>{rules}"
        # Where it goes, in the button's tooltip: read before the click by whoever adds one,
        # not by every newcomer on arrival (issue 15: the page's words counted).
        f"<p><button class='add' data-kind='rule' title='{esc(_plain_html(added))}'>add a rule"
        "</button></p>"
        # Folded: a first scenario keeps the starter's answer; the walkthroughs read it all.
        f"<details class='fold' id='answers'><summary{title_key('support.knowledge')}>How support "
        f"answers side questions ({esc(topics or 'none')})</summary>"
        f"{answers or '<p>none</p>'}"
        "<p><button class='add' data-kind='knowledge'>add an answer</button></p></details>"
    )


def fits(text: str, least: int) -> str:
    """A box's width that shows all of `text` (walkthrough 9's "postcode of the supply
    address" showed as "postcode of the supply add"), at least `least` em, at most 30."""
    return f"{max(least, min(30, round(len(text) * 0.6) + 2))}em"


def _asked(fact: Any, label: Any, known: bool) -> str:
    """A fact support asks for, by the name people call it (a gym says *membership number*):
    editable in place when the customer knows it (`customer.labels`), the key in the tooltip."""
    shown = label if isinstance(label, str) and label.strip() else ""
    if known and (shown or not isinstance(label, dict)):
        return (
            f"<input class='of' id='o-asklabel.{esc(fact)}' data-key='label.{esc(fact)}' "
            f"value='{esc(shown or str(fact).replace('_', ' '))}' "
            f"style='width:{fits(shown or str(fact), 12)}' "
            f"title='in the file: {esc(fact)}; what support and the customer call it'> "
        )
    if shown:
        return f"<b title='in the file: {esc(fact)}'>{esc(shown)}</b> "
    return f"<b>{esc(fact)}</b> "
