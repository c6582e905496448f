"""Support wording: act rule, scenario text, requested facts; professional, never styled by
the customer's persona."""

from __future__ import annotations

import random
import re
from dataclasses import replace

from agents import types as acts
from agents.phrasing import asking, lexicon, style
from agents.phrasing import facts as fx
from agents.phrasing.acks import heated, unverified
from agents.phrasing.cue import Cue
from agents.phrasing.declining import decline_kind
from agents.phrasing.local_bank import LANGUAGES, bank
from agents.phrasing.local_finish import finish
from agents.phrasing.local_numbers import english_dates
from agents.phrasing.seams import agree_articles, tidy
from agents.phrasing.support import AGENT_NAMES, BANK
from agents.phrasing.text import as_clause, as_sentence, values_of
from agents.phrasing.utterance import Utterance

_BARE = {
    acts.ANSWER: "answer_bare",
    acts.RESOLVE: "resolve_bare",
    acts.REFUSE: "refuse_bare",
    acts.ESCALATE: "escalate_bare",
}


# Scenario text that opens with its own apology, concession or news reads badly after
# another one ("I get it, but I understand how frustrating that was").
_SELF_STARTING = re.compile(
    r"(?i)\s*(i'm (?:\w+ )?sorry|i am (?:\w+ )?sorry|sorry|unfortunately|i'm afraid|"
    r"apologies|i apologi[sz]e|"
    r"done\b|good news|great news|all done|thanks|thank you|because|for an amount|as\b|"
    r"since\b|i've checked|i have checked|i checked|i understand|i know\b|i hear\b|i get\b|"
    r"i see\b|i realise|i realize|"
    r"you're right|you are right|i can confirm|i wish|you're (all )?verified|you are (all )?"
    r"verified|verified|you're all set|you are all set|all set|that matches|everything checks)"
)
# A lead that takes a stance (holding the policy, a privacy warning) is not followed by a
# cheerful or sympathetic opener of the act's own.
_AFTER_LEAD_OMIT = ("opt_thanks", "opt_empathy", "lead_check")
# A customer turn that complains: support reacts with sympathy, never with cheer.
_COMPLAINT = Cue(
    r"(broken|damaged|crack|dent|smash|lost|stolen|missing|never (arrived|showed|came)|"
    r"nowhere|twice|wrong|not working|isn't working|doesn't work|stopped working|down\b|"
    r"stuck|cancel+ed|delay|overdra|fee\b|charge|shock|locked out|can't get|cannot get|"
    r"unacceptable|ridiculous|furious|disgrace|joke|angry|upset|frustrat|annoy|worried|"
    r"complain|problem|damage|flood|leak|accident|not impressed|disappoint|terrible|awful|"
    r"worst|review|!!|\?!)"
)


_MAY_COMPLAIN = frozenset({None, acts.OPEN, acts.PUSH_BACK, acts.REQUEST_ESCALATION})
# Knowledge that tells the customer what to do ("Check your downloads ..."): advice.
_ADVISES = re.compile(
    r"(?i)\s*(check|use|keep|stop|call|scan|ask|contact|go|take|send|try|make|unplug|request|"
    r"photograph|shut|don't|do not|leave|choose|pick|order|bring|wait|look|switch|turn|"
    r"restart|reboot|upload|install|update|tap|press|hold|follow|remove)\b"
)
# A resolution that recommends ("Express is your best bet", "choose next-day delivery").
_RECOMMENDS = Cue(
    r"\b(best bet|best option|safest (?:option|bet|way|choice)|recommend\w*|suggest\w*|"
    r"choose|go with|you should|your best)\b"
)
_MOVE_TAGS = frozenset(
    {
        "details",
        "again",
        "repeat",
        "verify",
        "who",
        "resigned",
        "more",
        "question",
        "pending",
        "asked_again",
    }
)
# A decision that says something was done ("I've refunded", "is now cancelled").
_ACTED = Cue(
    r"\b(i've|i have|i'll|i will|we've|we have|we'll|is now|are now|has been|have been|"
    r"done|all set|set up|processed|refunded|credited|added|cancell?ed|scheduled|booked|"
    r"sent|issued|opened|waived|blocked|submitted|reset|on its way|on their way|approved|"
    r"now|is open|charged|moved|changed|rebooked|reversed|updated|removed|extended)\b"
)
# Scenario text that already hands the customer over ("I'm connecting you to them").
_HANDS_OVER = Cue(
    r"\b(transferr?\w*|connect\w*|pass\w* (?:this|it|you|your|them)|"
    r"hand\w* (?:this|it|you|your|the)|escalat\w*|forward\w*)\b"
)
# What an injected instruction asks for: to see hidden text, or to skip a check or grant
# something. The first that the customer's text shows tags the refusal.
_INJECTION_ASKS = (
    (
        "bypass",
        re.compile(
            r"(?i)\b(skip|verif\w*|approv\w*|refund\w*|waive\w*|override|resolved|credit|"
            r"pre-approved|admin|vip|authori[sz]ed|exception|without checks|confirm|process)\b"
        ),
    ),
    (
        "reveal",
        re.compile(
            r"(?i)\b(prompt|text above|above this|before this|verbatim|word for word|were "
            r"told|hidden rules|your (?:instructions|rules|guidelines)|configuration)\b"
        ),
    ),
)
_APOLOGISES = Cue(r"\b(sorry|apologi[sz]e|apologies)\b")
_CONCEDES = Cue(r"(,\s*but\b|\bhowever\b|\bthough\b)")
# Scenario text that opens with its own sentence adverb ("Honestly, none of ...", "Good news:
# ..."): a frame's "Sadly," or "Unfortunately," before it stacks two.
_OWN_LEAD = re.compile(
    r"(?i)\s*(?:(?:honestly|frankly|sadly|regrettably|unfortunately|luckily|fortunately|"
    r"happily|actually|to be honest|in fact|of course|good news|great news|bad news|well|"
    r"okay|ok|so|alas)\s*[,:!]|i'm afraid\b|i am afraid\b)"
)


_SENTENCE_GAP = re.compile(r"(?<=[.!?])\s")


def _first(text: str | None) -> str:
    return _SENTENCE_GAP.split((text or "").strip(), maxsplit=1)[0]


# Details held back until support says what it can do ("First tell me what you can do?",
# "not sharing that yet, first tell me if you can help"): that question is answered before
# the policy, never met with "I hear you, but I have to follow our process" (reading s11b).
_ASKS_WHAT_WE_CAN_DO = re.compile(
    r"(?i)\b(?:can you (?:even |actually |really )?help|(?:what|how) (?:can|could|will) you "
    r"(?:do|help)|tell me (?:if|whether|what) you can|are you (?:even )?able to help)"
)


def _tags(u: Utterance) -> tuple[str, ...]:
    """Context tags for the bank: what the customer just did, a complaint, the domain."""
    tags: list[str] = ["noted"] if u.noted else []
    if heated(u.after_text):  # no "Great question!" to an angry customer
        tags.append("heated")
    if u.edge_case == "against_policy" and _ASKS_WHAT_WE_CAN_DO.search(u.after_text):
        tags.append("asked_help")
    if u.edge_case == "against_policy" and decline_kind(u.after_text):
        tags.append(decline_kind(u.after_text))  # an exception refused only when asked for
    if u.first_reply:  # no lead that presupposes earlier steps
        tags.append("opening")
    if u.edge_case == "prompt_injection":  # the refusal names what was asked, nothing else
        tags += [kind for kind, cue in _INJECTION_ASKS if cue.search(u.after_text)][:1]
    if u.edge_case in _MOVE_TAGS:  # what the policy asks for: decision facts, a repeat...
        tags.append(u.edge_case)
    elif u.edge_case and u.edge_case.endswith("_pending"):  # "again", before a decision
        tags += [u.edge_case[: -len("_pending")], "pending"]
    advice = {  # (a report of what support sees, "I can see an outage near ...", is not)
        acts.RESOLVE: not _ACTED.search(u.content or "")
        and bool(_ADVISES.match(u.content or "") or _RECOMMENDS.search(u.content or "")),
        acts.ANSWER: bool(_ADVISES.match(u.content or "") or _RECOMMENDS.search(u.content or "")),
    }
    if u.content and advice.get(u.act):
        tags.append("advice")
    if u.after in _MAY_COMPLAIN and _COMPLAINT.search(u.after_text):
        tags.append("complaint")  # before the act: sympathy outranks an opening's offer
    if u.after:
        tags.append(u.after)
    if u.domain:
        tags.append(u.domain)
    return tuple(tags)


def realize_support(u: Utterance, rng: random.Random) -> str:
    if u.content and "-" in u.content:  # a stated date as a person writes it ('July 11, 2025')
        u = replace(u, content=english_dates(u.content))
    if u.act == acts.RESOLVE and u.edge_case == "details":  # the turn verified nothing
        u = replace(u, content=unverified(u.content))
    keep = values_of(u.facts)
    tags = _tags(u)
    first, clause = _first(u.content), as_clause(u.content, keep)
    slots: dict[str, str | None] = {
        "content": as_sentence(u.content),
        # text ending on its own question takes nothing after it ("$said <esc_tail>")
        "said": None if (u.content or "").rstrip().endswith("?") else as_sentence(u.content),
        # Embedded after "I understand, but" or "Unfortunately,": not when the text makes its
        # own concession or opens with its own apology (a frame needing it is then skipped).
        "content_lc": None
        if _CONCEDES.search(first) or _OWN_LEAD.match(u.content or "")
        else clause,
        # After "My advice:" or "In short:": not text with a colon of its own.
        "content_colonless": None if ":" in first else clause,
        "agent": rng.choice(AGENT_NAMES),
        "ask": "",
        "mismatch": "",
        "labels": "",
    }
    rule = u.act if u.act in BANK else acts.CLARIFY
    if u.act == acts.CONFIRM and u.content:  # the rule's own question, as the author wrote it
        rule = "content_only"
    elif rule == acts.REQUEST_INFO:
        if not u.facts:
            rule = acts.CLARIFY
        else:
            slots["ask"] = asking.request_list(list(u.facts), rng)
            if u.edge_case == "who":
                slots["labels"] = asking.labels_only(u.facts, rng)
    elif rule == acts.VERIFY_FAILED:
        if not u.facts:
            rule = acts.CLARIFY
        else:
            slots["mismatch"] = asking.support_mismatch(u.facts, rng)
            slots["labels"] = asking.labels_only(u.facts, rng)
    elif u.edge_case and f"{rule}_{u.edge_case}" in BANK:
        rule = f"{rule}_{u.edge_case}"
    elif rule in _BARE and not u.content:
        rule = _BARE[rule]
    elif rule in _BARE and u.edge_case == "repeat":
        # Said again: its `@repeat` words point back, whatever the text opens with; a text
        # that ends on its own question ("Shall I go ahead?") takes no closing question.
        if (u.content or "").rstrip().endswith("?"):
            rule = "repeat_asking"
        slots["content_lc"] = clause  # "As I said, I can cancel it, but ..." reads well
    elif rule in _BARE and (u.content or "").rstrip().endswith("?"):
        rule = "content_only"
    elif rule == acts.ESCALATE and _HANDS_OVER.search(u.content or ""):
        rule = "content_only"  # the text says the hand-over itself
    elif rule in _BARE and (_SELF_STARTING.match(u.content or "") or _APOLOGISES.search(first)):
        rule = "plain"
    lead = ""
    case = "overshare" if u.privacy else u.edge_case
    if case and f"lead_{case}" in BANK:
        lead = BANK.render(f"lead_{case}", slots, rng, tags=tags)
        tags = ("noted", *tags)  # the lead is the turn's reaction: no "Thanks, verified" after it
    text = _render(rule, slots, rng, tags, _AFTER_LEAD_OMIT if lead else (), u.facts)
    if lead:
        text = f"{lead} {text}"
    text = tidy(text, keep)
    # Labels are protected too: the customer must recognise exactly what is asked for.
    segments = style.split_protected(text, [*keep, *(fx.human_label(k) for k in u.facts)])
    segments = style.map_free(segments, lambda t: lexicon.paraphrase(t, "support", rng, 0.35))
    segments = style.map_free(segments, agree_articles)
    return style.join(segments)


_ECHO_WORD = re.compile(r"[a-z]{5,}")


def _echoes(text: str, labels: list[str]) -> bool:
    """A word of the frame that repeats a requested label's own word ("confirm your
    confirmation code", "check the check number"): the frame's words are those outside
    every label."""
    label_words = {w for lab in labels for w in _ECHO_WORD.findall(lab.lower())}
    if not label_words:
        return False
    stems = {w[:6] for w in label_words}
    return any(w not in label_words and w[:6] in stems for w in _ECHO_WORD.findall(text.lower()))


def _render(
    rule: str,
    slots: dict[str, str | None],
    rng: random.Random,
    tags: tuple[str, ...],
    omit: tuple[str, ...],
    facts: dict[str, str],
) -> str:
    """The rule rendered; a request whose frame echoes a label's word is drawn again (a
    few times at most, then kept: the echo is awkward, not wrong)."""
    labels = [fx.human_label(k) for k in facts] if rule.startswith("request_info") else []
    text = BANK.render(rule, slots, rng, tags=tags, omit=omit)
    for _ in range(4):
        if not labels or not _echoes(text, labels):
            break
        text = BANK.render(rule, slots, rng, tags=tags, omit=omit)
    return text


def other_issue_note(language: str, domain: str, rng: random.Random) -> str:
    """What support says about a second issue raised beside the case; empty in a language
    whose bank has no words for it yet (nothing is better than English in a Spanish chat)."""
    tags = (domain,) if domain else ()
    if language != "en":
        b = bank(language) if language in LANGUAGES else None
        if b is None or "other_issue" not in b.support:
            return ""
        return finish(b, b.support.render("other_issue", {}, rng, tags=tags), [])
    return tidy(BANK.render("other_issue", {}, rng, tags=tags), [])
