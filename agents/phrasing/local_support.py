"""Support's wording in a language other than English (agents.phrasing.localized calls it):
the act picks the bank's rule, a flavor its variant (facts to act on, a question, a repeat),
tags fit what the customer just did, and labels are asked in the sentence where the bank's
noun grammar can inflect them ('¿Me indica su código postal?')."""

from __future__ import annotations

import random
from dataclasses import replace

from agents import types as acts
from agents.phrasing.acks import heated, unverified
from agents.phrasing.declining import decline_kind
from agents.phrasing.local_bank import LanguageBank
from agents.phrasing.local_text import is_clause, lower_first
from agents.phrasing.text import as_sentence, values_of
from agents.phrasing.utterance import Utterance


def lower_in(b: LanguageBank, text: str, keep: list[str]) -> str:
    """The text continued mid-sentence: its first word in lower case, except in German,
    where nouns and the polite Sie keep their capital."""
    if b.nouns.head == "last":  # German: only words that are never capitalised mid-sentence
        first = text.lstrip().split(" ", 1)[0]
        return lower_first(text, keep) if first in b.lower_words else text
    return lower_first(text, keep)


# Requests for details: a label the bank can inflect is asked for in the sentence ('¿Me
# indica su código postal?'); the bare list after a colon is for labels it cannot.
# Facts to act on (`details`), or asked as a question ('si hubo algún herido'): their own
# frames, whatever their number, never a check of who is writing.
_FLAVORED = frozenset({"request_info_details", "request_info_question"})
# A person asked for where the policy verifies first: its own frames, whatever the number.
_OWN_FRAMES = _FLAVORED | {"request_info_handover"}
_ASKING = frozenset({acts.REQUEST_INFO, "request_info_many", *_OWN_FRAMES, acts.VERIFY_FAILED})
# Frames that carry the scenario's text mid-sentence ("Como le decía, los reembolsos ...").
_EMBEDDED = frozenset({"answer_repeat", "refuse_repeat", "resolve_repeat", "refuse_stands"})
_MAY_COMPLAIN = frozenset({None, acts.OPEN, acts.PUSH_BACK, acts.REQUEST_ESCALATION})


def support_text(b: LanguageBank, u: Utterance, rng: random.Random) -> str:
    said = {k: b.your(k) or k for k in u.facts}
    clauses = [k for k in u.facts if is_clause(b.code, k) or is_clause(b.code, said[k])]
    if u.act == acts.REQUEST_INFO and clauses and "request_info_question" in b.support:
        # A yes/no fact whose words here are an indirect question ('ob jemand verletzt
        # wurde') is asked as one, never as a noun in a list ('brauche ich ob ...', reading
        # s13); beside nouns, the nouns are asked first and the question after them.
        nouns = {k: v for k, v in u.facts.items() if k not in clauses}
        ask = replace(u, facts={k: u.facts[k] for k in clauses}, edge_case="question")
        if not nouns:
            return _support_text(b, ask, rng)
        first = _support_text(b, replace(u, facts=nouns), rng)
        return f"{first} {_support_text(b, ask, rng, omit=('opt_ack',))}"
    return _support_text(b, u, rng)


def _support_text(
    b: LanguageBank, u: Utterance, rng: random.Random, omit: tuple[str, ...] = ()
) -> str:
    asked = [b.your(k) for k in u.facts]
    if u.act == acts.RESOLVE and u.edge_case == "details":  # the turn verified nothing
        u = replace(u, content=unverified(u.content))
    if u.edge_case == "question" and u.facts:
        if all(is_clause(b.code, k) for k in u.facts):  # 'si hubo heridos', asked bare
            asked = list(u.facts)
        elif all(a and is_clause(b.code, a) for a in asked):  # its words here ask it
            pass
        else:  # a noun here ('estado del carné'): never 'Ich muss noch wissen, den Status'
            u = replace(u, edge_case="details")
    content = as_sentence(u.content)
    slots: dict[str, str | None] = {
        "content": content,
        # text that ends on its own question takes no closing question after it
        "said": content if content and not content.rstrip().endswith("?") else None,
        "ask": b.join([a for a in asked if a]) if all(asked) else None,
        "labels": b.join(list(u.facts)),
        "values": b.join([v for v in u.facts.values() if v]),
        "it": None,
        "content_lc": None,
        "content_colonless": None,  # after a lead that ends on a colon: text without one
    }
    rule = u.act
    if rule == acts.CONFIRM and u.content:  # the rule's own question, as the author wrote it
        # asked again after the customer asked back: a lead that answers what they asked
        # (`lead_confirm_again_means`, ...), else the bank's general one
        case = u.edge_case or ""
        lead_rule = f"lead_{case}" if f"lead_{case}" in b.support else "lead_confirm_again"
        again = case.startswith("confirm_again") and lead_rule in b.support
        lead = b.support.render(lead_rule, {}, rng) + " " if again else ""
        return lead + as_sentence(u.content)
    if rule in (acts.REQUEST_INFO, acts.VERIFY_FAILED) and not u.facts:
        rule = acts.CLARIFY
    elif f"{rule}_{u.edge_case}" in _OWN_FRAMES and f"{rule}_{u.edge_case}" in b.support:
        rule = f"{rule}_{u.edge_case}"  # facts to act on: never as a check of who writes
    elif rule == acts.REQUEST_INFO and len(u.facts) > 1:
        rule = "request_info_many"
    elif u.edge_case and f"{rule}_{u.edge_case}" in b.support:
        rule = f"{rule}_{u.edge_case}"
    elif u.edge_case and f"{rule}_{u.edge_case.rsplit('_', 1)[0]}" in b.support:
        # a flavor the bank has no words for yet: its base ("demand_manager_refuse")
        rule = f"{rule}_{u.edge_case.rsplit('_', 1)[0]}"
    elif rule in (acts.ANSWER, acts.RESOLVE, acts.REFUSE, acts.ESCALATE) and not u.content:
        rule = f"{rule}_bare"
    elif rule in (acts.ANSWER, acts.RESOLVE, acts.REFUSE, acts.ESCALATE) and (
        b.self_starting.match(u.content or "")  # no lead before its own apology or news
    ):
        rule = f"{rule}_self" if f"{rule}_self" in b.support else "plain"
    if rule not in b.support:
        rule = acts.CLARIFY
    if slots["ask"] and (rule in _ASKING or u.act == acts.REDIRECT):
        # 'your postcode' in the sentence, not a bare list
        slots["labels"] = None
    if rule in _EMBEDDED and content:
        # Said again behind a lead that points back ("Como le decía, ..."): the text's own
        # stance goes ("Lo siento, ...", "Leider"), the lead is the turn's reaction now.
        content = b.own_stance.sub("", content, count=1) if b.own_stance else content
        content = content[:1].upper() + content[1:]
        slots["content"] = content
        slots["said"] = content if not content.rstrip().endswith("?") else None
        slots["content_lc"] = lower_in(b, content, values_of(u.facts))
        if ":" not in content:
            # German keeps a capital after a colon that opens a sentence ('Wie gesagt: Die ...')
            slots["content_colonless"] = content if b.nouns.head == "last" else slots["content_lc"]
    if rule in _ASKING:  # the pronoun a 'retype it' refers back with: 'escribirla'
        slots["it"] = b.nouns.pronoun([b.nouns.noun(k) for k in u.facts])
    complaint = (
        u.after in _MAY_COMPLAIN and b.complaint is not None and b.complaint.search(u.after_text)
    )
    tags = tuple(
        t
        for t in (
            # a redirect while details are awaited goes back to asking for them
            "pending" if u.act == acts.REDIRECT and u.facts else "",
            "heated" if heated(u.after_text) else "",  # no 'Gute Frage!' to an angry one
            "noted" if u.noted else "",
            "complaint" if complaint else "",  # sympathy outranks an opening's offer
            "opening" if u.first_reply else "",  # nothing done yet: no 'Ya solo', 'noch'
            u.after,
            # a close answers a thank-you only when the customer gave one ('A usted')
            "thanked" if b.thanks is not None and b.thanks.search(u.after_text) else "",
            u.domain,
        )
        if t
    )
    # a turn led by what a lookup showed has had its reaction ("Veo el pedido ..."): no
    # acknowledgement or thanks after it (`resolve@noted`; "Ahora mismo lo miro" once it
    # is already looked at)
    omit = ("opt_ack", *omit) if u.noted else omit
    if (u.edge_case == "overshare" or u.privacy) and "lead_overshare" in b.support:
        # personal data sent unasked (a full card number, a birth date): the privacy remark
        # is the reaction, then the turn (reading s17: en 56/67 overshare conversations got
        # one, de 0/10, es 0/11, fr 1/11, pt 2/10)
        lead = b.support.render("lead_overshare", {}, rng, tags=tags)
        body = b.support.render(rule, slots, rng, tags=tags, omit=("opt_ack", *omit))
        return f"{lead} {body.strip()}"
    if u.edge_case == "against_policy" and rule in _ASKING and "lead_against_policy" in b.support:
        # details declined: the policy is the reaction, then the request again (never
        # 'Entendido.' or 'Ensuite' as if the details had come)
        # an exception refused only when asked for (agents.phrasing.declining)
        kind = decline_kind(u.after_text)
        lead = b.support.render("lead_against_policy", {}, rng, tags=(kind, *tags))
        tags = ("against_policy", *tags)
        body = b.support.render(rule, slots, rng, tags=tags, omit=("opt_ack", "opt_why"))
        return f"{lead} {body.strip()}"
    return b.support.render(rule, slots, rng, tags=tags, omit=omit)
