"""Customer wording: the act's words, the edge case's twist, then the persona's voice.

Order matters: words are chosen first (act and edge-case banks), the persona adds tone and
asides, the text is tidied, and only then are quirks and typos applied, on free text only, so
fact values leave exactly as they came in.
"""

from __future__ import annotations

import random
import re

from agents import types as acts
from agents.phrasing import edge, languages, lexicon, style, voice
from agents.phrasing import facts as fx
from agents.phrasing.customer import BANK
from agents.phrasing.grammar import tidy
from agents.phrasing.text import add_filler, as_clause, as_sentence, attach, prefix, values_of
from agents.phrasing.utterance import Utterance
from personas import Persona

# Edge cases whose wording replaces the act's; the act's content is not carried.
_REPLACE = ("off_topic", "give_up_early", "withhold", "vague", "demand_manager")
# Edge cases that put a lead-in before the act's own wording.
_LEADS = ("return_to_issue", "against_policy", "impatient", "sarcastic", "repeat_question")
# Acts a persona's tone and asides may decorate.
_DECORATED = frozenset(
    {acts.OPEN, acts.INFORM, acts.ASK, acts.PUSH_BACK, acts.REQUEST_ESCALATION, acts.CHITCHAT}
)
_ASIDE_ACTS = frozenset({acts.OPEN, acts.ASK, acts.PUSH_BACK})
_CALM_TONES = frozenset({"polite", "friendly", "neutral"})
_GREETING = re.compile(r"(?i)\s*(hi|hello|hey|hiya|good (morning|afternoon|evening)|dear)\b")
_LOW_TECH = tuple((re.compile(rf"\b{re.escape(w)}\b"), p) for w, p in voice.LOW_TECH_WORDS)
# Edge cases that carry their own emotion: the persona's tone would contradict it.
_OWN_TONE = frozenset({"demand_manager", "impatient", "sarcastic", "against_policy", "silence"})
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_MARKED = frozenset({acts.INFORM, acts.ASK, acts.PUSH_BACK, acts.REQUEST_ESCALATION})
_MARKERS = (
    "So",
    "Well",
    "Ok so",
    "Um",
    "Right,",
    "Honestly,",
    "Look,",
    "Anyway,",
    "Oh,",
    "Hmm,",
    "Basically",
    "Yeah,",
    "Erm,",
    "Ah,",
    "Okay,",
    "Alright,",
    "So yeah,",
    "Right so",
    "Ok,",
    "Uh,",
    "Well,",
    "Listen,",
    "Mm,",
    "See,",
)
_FILLERS = (
    "really",
    "just",
    "actually",
    "honestly",
    "literally",
    "kinda",
    "basically",
    "definitely",
    "already",
    "genuinely",
    "simply",
    "sort of",
    "still",
    "totally",
)


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
    if u.act == acts.OPEN and u.content:
        trimmed = _trim(u.content, verbosity, rng)
        if trimmed != u.content:
            u = Utterance(u.role, u.act, u.facts, trimmed, u.edge_case, u.turn_index)
    text = _core(u, case, rng, skip, keep)
    if case != "prompt_injection" and case not in _OWN_TONE:
        text = _decorate(text, u, persona, tone, verbosity, rng)
    if case != "prompt_injection" and rng.random() < 0.5:
        text = add_filler(text, _FILLERS, rng.randrange(len(_FILLERS)))
    if case is None and u.act in _MARKED and rng.random() < 0.25:
        text = prefix(rng.choice(_MARKERS), text, keep)
    text = tidy(text, keep)
    segments = style.split_protected(text, keep)
    if case != "prompt_injection":
        segments = style.map_free(segments, lambda t: lexicon.paraphrase(t, "customer", rng, 0.45))
    low_tech = persona is not None and style.savvy_of(persona.tech_savviness) == "low"
    if low_tech and case != "prompt_injection" and rng.random() < 0.3:
        segments = style.map_free(segments, lambda t: _low_tech_words(t, rng))
    if case != "prompt_injection":
        segments = style.apply_quirks(segments, quirks, tone, rng)
    if case == "heavy_typos":
        segments = style.heavy_typos(segments, rng)
    return style.join(segments)


def _trim(content: str | None, verbosity: str, rng: random.Random) -> str | None:
    """A terse writer keeps the first sentence or two of long scenario text; others sometimes
    leave out a later one. The first sentence (the gist) always stays."""
    if not content:
        return content
    sentences = _SENTENCE.split(content.strip())
    if len(sentences) < 2:
        return content
    if verbosity == "terse":
        return " ".join(sentences[: rng.choice((1, 1, 2))])
    if len(sentences) >= 3 and rng.random() < 0.35:
        drop = rng.randrange(1, len(sentences))
        return " ".join(s for i, s in enumerate(sentences) if i != drop)
    return content


def _slots(u: Utterance, rng: random.Random, keep: list[str]) -> dict[str, str]:
    return {
        "content": as_sentence(u.content),
        "content_lc": as_clause(u.content, keep),
        "facts": fx.customer_facts(u.facts, rng),
        "fix": fx.correction(u.facts, rng),
    }


def _act_text(u: Utterance, rng: random.Random, skip: float, keep: list[str]) -> str:
    slots = _slots(u, rng, keep)
    act = u.act
    has_facts = bool(keep)
    if act == acts.OPEN:
        rule = "open" if u.content else "open_bare"
        if u.content and _GREETING.match(u.content):
            rule = "open_greeted"
        text = BANK.render(rule, slots, rng, skip)
        if has_facts:
            text = attach(text, as_sentence(fx.customer_facts(u.facts, rng, labelled=True)))
        return text
    if act == acts.INFORM:
        if u.content:
            if not has_facts:
                return BANK.render("chitchat", slots, rng, skip)
            slots["facts"] = fx.customer_facts(u.facts, rng, labelled=True)
            return BANK.render("inform_content", slots, rng, skip)
        return BANK.render("inform" if has_facts else "inform_none", slots, rng, skip)
    if act == acts.CORRECT:
        return BANK.render("correct" if has_facts else "correct_none", slots, rng, skip)
    if act == acts.ASK and not u.content:
        return BANK.render("ask_bare", slots, rng, skip)
    if act == acts.CHITCHAT and not u.content:
        return edge.BANK.render("off_topic", {}, rng)
    if act in (acts.PUSH_BACK, acts.ACCEPT, acts.GIVE_UP, acts.THANK, acts.REQUEST_ESCALATION):
        text = BANK.render(act, slots, rng, skip) if u.content else _no_content(act, slots, rng)
    elif act in BANK:
        text = BANK.render(act, slots, rng, skip)
    else:
        text = slots["content"] or BANK.render("ask_bare", slots, rng, skip)
    if has_facts:
        text = attach(text, as_sentence(fx.customer_facts(u.facts, rng, labelled=True)))
    return text


def _no_content(act: str, slots: dict[str, str], rng: random.Random) -> str:
    """Render an act rule, re-drawing templates that would embed the (missing) content."""
    for _ in range(8):
        text = BANK.render(act, {**slots, "content": "\0", "content_lc": "\0"}, rng)
        if "\0" not in text:
            return text
    return BANK.render("ask_bare" if act == acts.PUSH_BACK else "thank", slots, rng)


def _core(u: Utterance, case: str | None, rng: random.Random, skip: float, keep: list[str]) -> str:
    if case in _REPLACE or case == "prompt_injection":
        if case == "demand_manager" and rng.random() < 0.4:
            lead = edge.BANK.render("lead_demand_manager", {}, rng)
            text = prefix(lead, edge.BANK.render("demand_manager", {}, rng))
        elif case == "prompt_injection" and u.content and rng.random() < 0.5:
            text = as_sentence(u.content)
        else:
            text = edge.BANK.render(str(case), {}, rng)
        if keep and case != "withhold":  # facts given alongside are still given
            text = attach(text, as_sentence(fx.customer_facts(u.facts, rng, labelled=True)))
        return text
    if case == "overshare":
        given = as_sentence(fx.customer_facts(u.facts, rng, labelled=True))
        lead = edge.BANK.render("overshare_lead", {}, rng)
        if u.act == acts.INFORM and not u.content:
            return prefix(lead, given, keep) if keep else _act_text(u, rng, 0, keep)
        base = _act_text(Utterance(u.role, u.act, {}, u.content, None, u.turn_index), rng, 0, [])
        if keep:
            return attach(base, prefix(lead, given, keep))
        return attach(base, edge.BANK.render("overshare_bare", {}, rng))
    if case == "self_correct" and keep:
        lead = edge.BANK.render("lead_self_correct", {}, rng)
        return prefix(lead, as_sentence(fx.correction(u.facts, rng)), keep)
    text = _act_text(u, rng, skip, keep)
    if case == "multi_issue":
        return attach(text, edge.BANK.render("multi_tail", {}, rng))
    if case in _LEADS:
        lead = edge.BANK.render(f"lead_{case}", {}, rng)
        text = prefix(lead, text, keep)
        if case == "sarcastic" and rng.random() < 0.4:
            text = attach(text, edge.BANK.render("tail_sarcastic", {}, rng))
        return text
    if case == "wrong_identifier" and rng.random() < 0.3:
        lead = rng.choice(("I think", "Pretty sure", "If I'm reading it right,"))
        return prefix(lead, as_clause(text, keep), keep)
    return text


def _decorate(
    text: str,
    u: Utterance,
    persona: Persona | None,
    tone: str,
    verbosity: str,
    rng: random.Random,
) -> str:
    calm_close = u.act in (acts.THANK, acts.ACCEPT) and tone in _CALM_TONES
    if persona is None or (u.act not in _DECORATED and not calm_close):
        return text
    lead_rate, tail_rate = voice.TONE_RATES[tone]
    if verbosity == "terse":
        lead_rate, tail_rate = lead_rate / 3, tail_rate / 3
    elif verbosity == "chatty":
        lead_rate, tail_rate = min(1.0, lead_rate * 1.5), min(1.0, tail_rate * 1.5)
    if u.act in (acts.THANK, acts.ACCEPT):
        lead_rate = 0.0
    keep = values_of(u.facts)
    if rng.random() < lead_rate:
        text = prefix(voice.BANK.render(f"lead_{tone}", {}, rng), text, keep)
    if rng.random() < tail_rate:
        text = attach(text, voice.BANK.render(f"tail_{tone}", {}, rng))
    if u.act in _ASIDE_ACTS:
        savvy = style.savvy_of(persona.tech_savviness)
        if verbosity == "chatty" and rng.random() < 0.5:
            text = _insert(text, voice.BANK.render("aside_chatty", {}, rng), rng, keep)
        if savvy != "medium" and u.act == acts.OPEN and rng.random() < 0.3:
            text = _insert(text, voice.BANK.render(f"aside_{savvy}_tech", {}, rng), rng, keep)
    return text


def _insert(text: str, aside: str, rng: random.Random, keep: list[str]) -> str:
    return prefix(aside, text, keep) if rng.random() < 0.4 else attach(text, aside)


def _low_tech_words(text: str, rng: random.Random) -> str:
    for pattern, plain in _LOW_TECH:
        if rng.random() < 0.5:
            swapped = pattern.sub(plain, text, count=1)
            if swapped != text:
                return swapped
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
    return tidy(languages.BANK.render(rule, {"values": values}, rng), values_of(u.facts))
