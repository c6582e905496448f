"""Customer wording: the act's words, the edge case's twist, then the persona's voice.

Order matters: words are chosen first (act and edge-case banks), the persona adds tone and
asides, the text is tidied, and only then are quirks and typos applied, on free text only, so
fact values leave exactly as they came in.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

from agents import types as acts
from agents.phrasing import edge, languages, lexicon, stance, style
from agents.phrasing import facts as fx
from agents.phrasing import labels as lb
from agents.phrasing.customer import BANK
from agents.phrasing.customer_tone import (
    ACK_START,
    GREETING_HEAD,
    MARKED_START,
    POSITIVE_ACTS,
    THANKS,
    affect,
    decorate,
    lead_in,
)
from agents.phrasing.local_text import trim
from agents.phrasing.seams import agree_articles, tidy
from agents.phrasing.text import (
    add_filler,
    as_clause,
    as_sentence,
    attach,
    capitalize_sentences,
    marked,
    prefix,
    standard_case,
    terse_opening,
    values_of,
)
from agents.phrasing.utterance import Utterance
from personas import Persona

# Edge cases whose wording replaces the act's; the act's content is not carried.
_REPLACE = ("off_topic", "give_up_early", "withhold", "vague", "demand_manager")
# Edge cases that put a lead-in before the act's own wording.
_LEADS = ("return_to_issue", "against_policy", "impatient", "sarcastic", "repeat_question")
_GREETING = re.compile(r"(?i)\s*(hi|hello|hey|hiya|good (morning|afternoon|evening)|dear)\b")
# A declarative sentence that can follow "because": it starts with a subject.
_SUBJECT_START = re.compile(
    r"(?i)^(i|i'm|i've|i'd|i'll|my|our|we|we're|we've|it|it's|its|the|a|an|there|there's|"
    r"your|you|you've|this|that|someone|somebody|nobody|they|he|she|yesterday|last)\b"
)
# A follow-up written to come after something ("and my number goes with me, right?"): inside
# a frame of its own ("Do you happen to know, $question") the conjunction has nothing to join.
# (nor its own reaction before it: "Mind telling me - ok and how long ...", reading s16)
_CONJ_START = re.compile(
    r"(?i)^(?:(?:ok|okay|right|alright|well|hmm+|oh|ah|yeah|yes|fine|cool|great)\b[,.!\-–]*\s+)*"
    r"(?:oh and|and also|and|also|plus|but|so|or)\b[,:]?\s+|"
    r"^(?:(?:ok|okay|right|alright|hmm+|oh|ah|yeah|fine|cool)\b[,.!\-–]*\s+)+(?=\w)"
)
# A question opening with its own reaction ("Ok and", "Right, so"), which a frame's lead would
# stack on.
_OWN_OPENER = re.compile(
    r"(?i)^(?:(?:ok|okay|right|alright|hmm+|oh|ah|yeah|yes|fine|cool|well)\b[,.!\-–]*\s+)+"
    r"(?:(?:and|so)\b[,:]?\s+)?(?=\w)"
)
# Edge cases that carry their own emotion: the persona's tone would contradict it.
# (asking again says the answer did not do: no "Thanks," or "I see." lead before it)
_OWN_TONE = frozenset(
    {"demand_manager", "impatient", "sarcastic", "against_policy", "silence", "repeat_question",
     "recap"}
)  # fmt: skip
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_MARKED = frozenset({acts.INFORM, acts.ASK, acts.PUSH_BACK, acts.REQUEST_ESCALATION})
_MARKERS = (
    "So", "Well", "Ok so", "Um", "Right,", "Honestly,", "Look,", "Anyway,", "Oh,", "Hmm,",
    "Basically", "Yeah,", "Erm,", "Ah,", "Okay,", "Alright,", "So yeah,", "Right so", "Ok,",
    "Uh,", "Well,", "Listen,", "Mm,",
)  # fmt: skip
_FILLERS = (
    "really", "just", "actually", "honestly", "literally", "kinda", "basically", "definitely",
    "genuinely", "simply", "sort of", "totally",
)  # fmt: skip


def realize_customer(u: Utterance, persona: Persona | None, rng: random.Random) -> str:
    keep = values_of(u.facts)
    tone = style.tone_of(persona.tone if persona else None)
    verbosity = style.verbosity_of(persona.verbosity if persona else None)
    quirks = persona.quirks if persona else ()
    case = u.edge_case

    if case == "silence":
        return edge.BANK.render("silence", {}, rng)
    if case == "switch_language":
        text = _foreign(u, persona, rng)
        return style.join(style.apply_quirks(style.split_protected(text, keep), quirks, tone, rng))

    skip = 0.8 if verbosity == "terse" else 0.0
    if u.act == acts.ASK and u.content and (m := _OWN_OPENER.match(u.content)):
        # "Ok and how long ...?": its own reaction goes, the frame gives one (never "Mind
        # telling me - ok and how long", "Yes - OK and how long", reading s16)
        rest = u.content[m.end() :]
        u = replace(u, content=rest[:1].upper() + rest[1:])
    if u.content:
        content = standard_case(u.content)
        if content != u.content:
            u = replace(u, content=content)
    if u.turn_index > 0 and u.content and (m := GREETING_HEAD.match(u.content)):
        # Greeted (or said something) already: a greeting later reads as a restart.
        rest = u.content[m.end() :]
        u = replace(u, content=rest[:1].upper() + rest[1:])
    if u.act == acts.OPEN and u.content:
        trimmed = (
            terse_opening(u.content, rng, _SENTENCE)
            if verbosity == "terse"
            else trim(u.content, verbosity, rng, _SENTENCE)
        )
        if trimmed != u.content:
            u = replace(u, content=trimmed)
    tags = _tags(u, tone)
    text = _core(u, case, rng, skip, keep, tags)
    # (a withheld detail is not "Certainly," and a vague reply takes no tone lead)
    if case != "prompt_injection" and case not in _OWN_TONE and case not in _REPLACE:
        text = decorate(text, u, persona, tone, verbosity, rng, tags)
    if case != "prompt_injection" and rng.random() < 0.5:
        text = add_filler(text, _FILLERS, rng.randrange(len(_FILLERS)))
    marks = case is None and u.act in _MARKED and not MARKED_START.match(text)
    if marks and rng.random() < 0.25 and not stance.PLEASED_START.match(text):
        text = prefix(rng.choice(_MARKERS), text, keep)
    text = tidy(text, keep)
    segments = style.split_protected(text, keep)
    segments = style.map_free(segments, capitalize_sentences)  # "Fair. a gift card ..."
    # A reason or a description is typed like the rest ("The hose split", "MONEY IS TIGHT");
    # codes, numbers and names keep their own case.
    # A quantity's words too ("7 DAYS" in capitals); its digits have no case.
    prose = {v for v in keep if lb.value_kind(v) != "id"}
    segments = style.capitalize_prose(segments, prose)
    if case != "prompt_injection":
        segments = style.map_free(segments, lambda t: lexicon.paraphrase(t, "customer", rng, 0.45))
        segments = style.map_free(segments, agree_articles)  # "an issue" -> "a problem"
    low_tech = persona is not None and style.savvy_of(persona.tech_savviness) == "low"
    if low_tech and case != "prompt_injection" and rng.random() < 0.3:
        segments = style.map_free(segments, lambda t: style.low_tech_words(t, rng))
    if case != "prompt_injection":
        segments = style.apply_quirks(segments, quirks, affect(u.act, tone, case), rng, prose)
    if case == "heavy_typos":  # as a chit-chat move it is the unreadable kind
        shouts = any(style.shouts(q) for q in quirks)
        segments = style.heavy_typos(segments, rng, garbled=u.act == acts.CHITCHAT, shouts=shouts)
    return style.join(segments)


def _slots(
    u: Utterance, rng: random.Random, keep: list[str], terse: bool = False
) -> dict[str, str | None]:
    """Content in the shapes frames need; a shape the content does not have is None, and
    the bank then draws only frames that do without it."""
    lc = as_clause(u.content, keep)
    first = _SENTENCE.split(u.content.strip(), maxsplit=1)[0] if u.content else ""
    declarative = bool(first) and not first.rstrip().endswith("?")
    clause = lc if declarative and _SUBJECT_START.match(lc) else None
    one = u.content is not None and first == u.content.strip()
    question = lc if one and first.rstrip().endswith("?") else None
    if question is not None:  # "Do you happen to know, and my number ...": no conjunction
        question = _CONJ_START.sub("", question) or None
    return {
        "content": as_sentence(u.content),
        # After "But," or "Look,": not text that opens with its own ("Look but I don't").
        "content_lc": None if marked(lc) else lc,
        "clause": clause,
        # (its own mark goes: the frames that embed it end with theirs, never "??")
        "question": question.rstrip("?") if question else None,
        "gist": clause or question,
        "facts": fx.customer_facts(u.facts, rng, terse=terse),
        "facts_presented": fx.customer_facts(u.facts, rng, presented=True),
        "fix": fx.correction(u.facts, rng),
    }


_AFTER = {"against_policy": acts.REQUEST_INFO, "takes_offer": acts.CONFIRM}
# Support telling the customer what to do: a sentence that opens with a verb of instruction,
# or a modal addressed to them.
_ADVISED = re.compile(
    r"(?i)(?:^|[.!?:,]\s+)(?:just |first,? )?(?:check|use|keep|stop|call|scan|ask|contact|go|"
    r"take|send|try|make sure|unplug|request|photograph|shut|leave|choose|pick|order|bring|"
    r"wait|add|switch|turn|open|start|drop|reply|visit|upload|download|sign|log|reset|"
    r"restart|install|book)\b|\b(?:you can|you could|you'll need to|you need to|you should|"
    r"you'll want to|please|i'd (?:suggest|recommend))\b"
)


def _tags(u: Utterance, tone: str) -> tuple[str, ...]:
    """What the bank's tagged variants are chosen by: what support just did, the tone, the
    act being worded and the scenario's domain. Pushing back against the verification
    policy answers the request for details, even when support answered a question since."""
    # Taking what a refusal offers ("shall I arrange that?") answers a question: "Yes, please".
    after = _AFTER.get(u.edge_case or "", u.after)
    # The issue said after a first message ("Can you fix it?"): no greeting, no "I've got a
    # query:" and no well-wishing, which start a chat rather than continue one.
    late = "late" if u.act == acts.OPEN and u.turn_index > 0 else None
    # Routine: an opening that reports nothing gone wrong, or any later turn of a goal that
    # does not (after what support just did, whose variants win: "Fine." after a resolution).
    if u.act == acts.OPEN:
        failed = bool(stance.FAILURE.search(u.content or ""))
        asked = "asked" if (u.content or "").rstrip().endswith("?") else None
        routine = None if failed else "routine"
        return tuple(t for t in (asked, routine, late, after, tone, u.act, u.domain) if t)
    routine = "routine" if u.routine else None
    # Facts the customer knows by heart: no "Just checked" or "from the confirmation".
    own = "self" if u.facts and fx.by_heart(u.facts) else None
    # An answer that says what to do: "I'll do that" fits it, and only it.
    advised = "advice" if u.after == acts.ANSWER and _ADVISED.search(u.after_text) else None
    return tuple(t for t in (own, late, advised, after, routine, tone, u.act, u.domain) if t)


def _act_text(
    u: Utterance, rng: random.Random, skip: float, keep: list[str], tags: tuple[str, ...] = ()
) -> str:
    slots = _slots(u, rng, keep, terse=skip > 0)  # (skip > 0: a terse persona)
    act = u.act
    has_facts = bool(keep)
    if act == acts.OPEN:
        rule = "open" if u.content else "open_bare"
        if u.content and _GREETING.match(u.content):
            rule = "open_greeted"
        text = BANK.render(rule, slots, rng, skip, tags)
        # A fact the opening already says in its own words is not given again after it
        # ("... add my father to my insurance. New driver: my father.").
        said = (u.content or "").lower()
        facts = {k: v for k, v in u.facts.items() if not v or v.lower() not in said}
        if values_of(facts):
            text = attach(text, as_sentence(fx.customer_facts(facts, rng, opened=True)))
        return text
    if act == acts.INFORM:
        if u.content:
            if not has_facts:
                return BANK.render("chitchat", slots, rng, skip, tags)
            slots["facts"] = fx.customer_facts(u.facts, rng, labelled=True)
            return BANK.render("inform_content", slots, rng, skip, tags)
        return BANK.render("inform" if has_facts else "inform_none", slots, rng, skip, tags)
    if act == acts.CORRECT:
        return BANK.render("correct" if has_facts else "correct_none", slots, rng, skip, tags)
    if act == acts.ASK and not u.content:
        # Asked again in other words: point back at the question, not a new generic one
        # (which support would then seem to answer beside the point).
        # ("recap": asked again about a decision, in `ask_again@resolve|refuse` words)
        rule = "ask_again" if u.edge_case in ("repeat_question", "recap") else "ask_bare"
        return BANK.render(rule, slots, rng, skip, tags)
    if act == acts.CHITCHAT and not u.content:
        return edge.BANK.render("off_topic", {}, rng)
    if act in (acts.PUSH_BACK, acts.ACCEPT, acts.GIVE_UP, acts.THANK, acts.REQUEST_ESCALATION):
        for _ in range(4):  # parts drawn apart may thank twice ("Thanks. Good to know. Ta."): again
            text = (
                BANK.render(act, slots, rng, skip, tags)
                if u.content
                else _no_content(act, slots, rng, tags)
            )
            if len(THANKS.findall(text)) < 2:
                break
    elif act in BANK:
        # A reaction ("Great. How long ...?") opens the message: no "Also..." before it.
        reacts = act == acts.ASK and stance.PLEASED_START.match(u.content or "")
        omit = ("opt_q_lead", "opt_ack") if reacts else ()
        text = BANK.render(act, slots, rng, skip, tags, omit)
    else:
        text = slots["content"] or BANK.render("ask_bare", slots, rng, skip, tags)
    if has_facts:
        text = attach(text, as_sentence(fx.customer_facts(u.facts, rng, labelled=True)))
    return text


def _no_content(
    act: str, slots: dict[str, str | None], rng: random.Random, tags: tuple[str, ...]
) -> str:
    """Render an act rule, re-drawing templates that would embed the (missing) content."""
    for _ in range(8):
        text = BANK.render(act, {**slots, "content": "\0", "content_lc": "\0"}, rng, tags=tags)
        if "\0" not in text:
            return text
    return BANK.render("ask_bare" if act == acts.PUSH_BACK else "thank", slots, rng, tags=tags)


def _core(
    u: Utterance,
    case: str | None,
    rng: random.Random,
    skip: float,
    keep: list[str],
    tags: tuple[str, ...] = (),
) -> str:
    if case in _REPLACE or case == "prompt_injection":
        if case == "demand_manager" and rng.random() < 0.4:
            lead = edge.BANK.render("lead_demand_manager", {}, rng)
            text = prefix(lead, edge.BANK.render("demand_manager", {}, rng))
        elif case == "prompt_injection" and u.content and rng.random() < 0.5:
            text = as_sentence(u.content)
        else:  # (tagged by what support just did: vague about the detail it asked for)
            text = edge.BANK.render(str(case), {}, rng, tags=tags)
        if keep and case != "withhold":  # facts given alongside are still given
            text = attach(text, as_sentence(fx.customer_facts(u.facts, rng, labelled=True)))
        return text
    if case == "overshare":
        opened = u.act == acts.OPEN  # nobody asked yet: each fact in a sentence
        given = as_sentence(fx.customer_facts(u.facts, rng, labelled=True, opened=opened))
        lead = edge.BANK.render("overshare_lead", {}, rng)
        if u.act == acts.INFORM and not u.content:
            return prefix(lead, given, keep) if keep else _act_text(u, rng, 0, keep, tags)
        base = _act_text(replace(u, facts={}, edge_case=None), rng, 0, [], tags)
        if keep:
            return attach(base, prefix(lead, given, keep))
        return attach(base, edge.BANK.render("overshare_bare", {}, rng))
    if case == "insist" and keep:  # the value support said did not match, sent again
        own = ("self",) if fx.by_heart(u.facts) else ()  # a name is not copied from an email
        lead = edge.BANK.render("lead_insist", {}, rng, tags=(*own, *tags))
        return prefix(lead, as_sentence(fx.customer_facts(u.facts, rng, presented=True)), keep)
    if case == "self_correct" and keep:
        lead = edge.BANK.render("lead_self_correct", {}, rng)
        return prefix(lead, as_sentence(fx.correction(u.facts, rng)), keep)
    text = _act_text(u, rng, skip, keep, tags)
    if case == "multi_issue":
        return attach(text, edge.BANK.render("multi_tail", {}, rng, tags=tags))
    reacts = u.act not in POSITIVE_ACTS and u.act != acts.OPEN  # an opening reacts to nothing
    if case in _LEADS and (reacts or case not in ("impatient", "sarcastic")):
        lead = edge.BANK.render(f"lead_{case}", {}, rng, tags=tags)
        text = lead_in(lead, text, keep)
        if case == "sarcastic" and rng.random() < 0.4:
            text = attach(text, edge.BANK.render("tail_sarcastic", {}, rng))
        return text
    # (never about what one knows by heart: "Pretty sure my full name is ...", reading s17)
    first = dict(list(u.facts.items())[:1])
    if case == "wrong_identifier" and rng.random() < 0.3 and not fx.by_heart(first):
        lead = rng.choice(("I think", "Pretty sure", "If I'm reading it right,"))
        # Not "I think ORD-1 I think", nor "Pretty sure absolutely - ORD-1".
        if lead.lower().rstrip(",") not in text.lower() and not ACK_START.match(text):
            return prefix(lead, as_clause(text, keep), keep)
    return text


def _foreign(u: Utterance, persona: Persona | None, rng: random.Random) -> str:
    lang = languages.language_for(persona.language if persona else None)
    values = fx.join_words(values_of(u.facts), rng, last="/")
    if values:
        rule = f"{lang}_inform"
    elif u.act in (acts.OPEN, acts.CHITCHAT) or u.turn_index == 0:
        rule = f"{lang}_open"
    else:
        rule = rng.choice((f"{lang}_open", f"{lang}_other", f"{lang}_other"))
    tags = (u.domain,) if u.domain else ()  # "my booking" in travel, never "my order"
    return tidy(languages.BANK.render(rule, {"values": values}, rng, tags=tags), values_of(u.facts))
