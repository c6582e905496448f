"""Support asking first: a rule with `confirm` is acted on only after the customer's yes.

The customer's reply is read by its act when it has one (the scripted customer agrees with
ACCEPT and declines with PUSH_BACK or GIVE_UP), else from its words
(agents.understanding.confirm), so an LLM customer or a person is understood as well. A
reply that is neither (a question about the fee) is handled as usual; the question is asked
again when support next comes to act.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping
from typing import Any

from agents import types as a
from agents.scripted.common import Move, fill, lines
from agents.types import ConversationPlan, Outcome
from agents.understanding import knowledge_topic
from agents.understanding.confirm import agrees
from agents.understanding.languages import fold
from scenarios.model import Rule

_YES_ACTS = frozenset({a.ACCEPT, a.THANK})
_NO_ACTS = frozenset({a.PUSH_BACK, a.GIVE_UP})

DECLINED = "the customer declined when asked to confirm"


def question(
    st: Any,
    plan: ConversationPlan,
    rule: Rule,
    told: Callable[[list[str]], list[str]],
    rng: random.Random,
) -> Move:
    """One of the rule's `confirm` lines (`told`: those stating nothing the customer has not
    said). Asked again after the customer asked back, it is another of the rule's lines when
    it has one (never the turn before word for word, reading s18), behind a lead that answers
    what they asked (`st.asked_back`): what it means for them, whether there is a way around
    it, whether it is needed, or why (the rule's reason when it has one, "That's because
    ..."). The fee or catch is said again with it: the customer agrees to what it says."""
    again = st.confirm == "pending"
    st.confirm = "asked"
    asks = told(lines(plan, rule.confirm, rule.confirm_translations))
    where = f"support.rules[{plan.scenario.support.rules.index(rule)}].confirm"
    if again:
        asks = [t for t in asks if fill(plan, t, where) != st.confirm_said] or asks
    content = fill(plan, rng.choice(asks), where)
    st.confirm_said = content
    if not again:
        return Move(a.CONFIRM, content=content)
    kind = st.asked_back or "why"
    if kind != "means" and rule.reason and not rule.confirm_translations:
        # Asked back ("why is that?"): the rule's own reason, not a stock "that's our policy".
        reason = fill(plan, rule.reason.strip().rstrip("."), f"{where[:-8]}.reason")
        word = reason.split(" ", 1)[0]
        if word[1:] == word[1:].lower() and word not in ("I", "I'm", "I've", "I'll", "I'd"):
            reason = reason[:1].lower() + reason[1:]  # "Members with ..." reads on after it
        lead = {"why": "That's because", "needed": "It is, I'm afraid, because"}.get(
            kind, "I'm afraid not, because"
        )
        return Move(a.CONFIRM, content=f"{lead} {reason}. {content}")
    flavor = "confirm_again" if kind == "why" else f"confirm_again_{kind}"
    return Move(a.CONFIRM, content=content, flavor=flavor)


# What a customer asks back about a go-ahead question, in the five languages the scripted
# engine writes (folded: no accents, lower case); anything else is a "why?".
_ASKED_BACK = (
    (
        "means",
        re.compile(
            r"\b(?:what does (?:that|this|it) mean|what would (?:that|this|it) mean|what "
            r"(?:happens|changes) for me|meaning what|significa|quiere decir|que supone|"
            r"veut dire|signifie|implique|ca change quoi|hei(?:ss|ß)t das|bedeutet das|"
            r"quer dizer|o que (?:isso|isto) muda)\b"
        ),
    ),
    (
        "around",
        re.compile(
            r"\b(?:way around|another way|other way|alternative|any other option|otra (?:forma|"
            r"manera)|de otro modo|autre (?:moyen|solution|facon)|autrement|anders|andere "
            r"(?:moglichkeit|losung|weg)|outr[oa] (?:forma|maneira|jeito|opcao))\b"
        ),
    ),
    (
        "needed",
        re.compile(
            r"\b(?:necessary|needed|need to|have to|required|must|necesario|hace falta|"
            r"obligatorio|necessaire|obligatoire|faut-il|il faut|notig|notwendig|muss das|"
            r"erforderlich|necessario|obrigatorio|precisa mesmo|preciso mesmo)\b"
        ),
    ),
)


def asked_back(text: str) -> str:
    """What a reply that neither agrees nor declines asks about the go-ahead question:
    "means", "around", "needed", or "why" (any other question, and an empty text)."""
    folded = fold(text)
    return next((kind for kind, cue in _ASKED_BACK if cue.search(folded)), "why")


def reply(
    st: Any, act: str, text: str, plan: ConversationPlan, slots: Mapping[str, str]
) -> Move | None:
    """Support's move after asking for the go-ahead: None to go on as usual, a marker to
    take the next step (a yes sets `st.confirm` to "yes", so that step acts; a reply that
    asks what it is about leaves it unset, so that step asks again), or a polite close
    without acting when the customer said no. A declined request ends the conversation as
    abandoned: the customer chose not to have it done, so nothing was resolved and no one is
    handed over.
    `text` is the reply's words when it carries no act of its own, else empty: a scripted
    customer's act is what it meant, whatever its wording."""
    said = agrees(text)
    if said is None and act in _YES_ACTS | _NO_ACTS:
        said = act in _YES_ACTS
    if said is None:
        # Neither: a later "ok" (taking an answer in) is no yes; the question is asked again
        # before acting, and at once when the reply asks what it is about ("what fee?").
        st.confirm = "pending"
        generic = act == a.ASK and "topic" not in slots
        if generic and not (text and knowledge_topic(text, plan)):
            return Move(a.CONFIRM)
        return None
    if said:
        st.confirm = "yes"
        return Move(a.RESOLVE)  # a marker only: the caller takes the next step, which acts
    st.confirm = "no"
    return Move(
        a.CLOSE,
        flavor="declined",
        stop=Outcome(status="abandoned", reason=DECLINED, ended_by="support"),
    )
