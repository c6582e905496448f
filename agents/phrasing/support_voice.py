"""Support wording: act rule, scenario text, requested facts; professional, never styled by
the customer's persona."""

from __future__ import annotations

import random
import re

from agents import types as acts
from agents.phrasing import facts as fx
from agents.phrasing import lexicon, style
from agents.phrasing.grammar import tidy
from agents.phrasing.support import AGENT_NAMES, BANK
from agents.phrasing.text import as_clause, as_sentence, values_of
from agents.phrasing.utterance import Utterance

_BARE = {
    acts.ANSWER: "answer_bare",
    acts.RESOLVE: "resolve_bare",
    acts.REFUSE: "refuse_bare",
    acts.ESCALATE: "escalate_bare",
}


# Scenario text that opens with its own apology or news reads badly after another one.
_SELF_STARTING = re.compile(
    r"(?i)\s*(i'm sorry|i am sorry|sorry|unfortunately|i'm afraid|apologies|i apologi[sz]e|"
    r"done\b|good news|great news|all done|thanks|thank you|because|for an amount|as\b|"
    r"since\b)"
)


def realize_support(u: Utterance, rng: random.Random) -> str:
    keep = values_of(u.facts)
    slots = {
        "content": as_sentence(u.content),
        "content_lc": as_clause(u.content, keep),
        "agent": rng.choice(AGENT_NAMES),
        "ask": "",
        "mismatch": "",
        "labels": "",
    }
    rule = u.act if u.act in BANK else acts.CLARIFY
    if rule == acts.REQUEST_INFO:
        if not u.facts:
            rule = acts.CLARIFY
        else:
            slots["ask"] = fx.request_list(list(u.facts), rng)
    elif rule == acts.VERIFY_FAILED:
        if not u.facts:
            rule = acts.CLARIFY
        else:
            slots["mismatch"] = fx.support_mismatch(u.facts, rng)
            slots["labels"] = fx.labels_only(u.facts, rng)
    elif u.edge_case and f"{rule}_{u.edge_case}" in BANK:
        rule = f"{rule}_{u.edge_case}"
    elif rule in _BARE and not u.content:
        rule = _BARE[rule]
    elif rule in _BARE and _SELF_STARTING.match(u.content or ""):
        rule = "plain"
    text = BANK.render(rule, slots, rng)
    if u.edge_case and f"lead_{u.edge_case}" in BANK:
        text = f"{BANK.render(f'lead_{u.edge_case}', slots, rng)} {text}"
    text = tidy(text, keep)
    # Labels are protected too: the customer must recognise exactly what is asked for.
    segments = style.split_protected(text, [*keep, *(fx.human_label(k) for k in u.facts)])
    segments = style.map_free(segments, lambda t: lexicon.paraphrase(t, "support", rng, 0.35))
    return style.join(segments)
