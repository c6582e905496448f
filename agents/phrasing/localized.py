"""Wording in the persona's language when it is not English: one phrase bank per language.

The banks (agents/phrases/<code>/: language.yaml, support.yaml, customer.yaml, moods.yaml) are
written per language by a fluent writer, not translated from the English templates, because
what reads naturally differs: address forms (usted, vous, Sie, você) stay formal for support
and for the customer's requests, and labels agree with their determiners through the bank's
noun grammar (agents.phrasing.nouns). The composition is the English engine's: the act picks
the rule, tagged variants fit what the other side just did, the tone and the domain; the
persona's tone adds leads and tails, a chatty persona asides, a terse one drops the `opt_`
parts; quirks (typos, lowercase ...) are applied on free text last, so fact values leave
exactly as they came in.
"""

from __future__ import annotations

import random
import re

from agents import types as acts
from agents.phrasing import style, voice
from agents.phrasing.customer_tone import affect
from agents.phrasing.labels import value_kind
from agents.phrasing.local_bank import (
    LanguageBank,
    bank,
)
from agents.phrasing.local_facts import correction, customer_facts
from agents.phrasing.local_finish import finish, native
from agents.phrasing.local_support import lower_in as _lower
from agents.phrasing.local_support import support_text
from agents.phrasing.local_text import (
    lower_word,
    one_colon,
    own_lead,
    paired_marks,
    trim,
)
from agents.phrasing.text import as_sentence, attach, values_of
from agents.phrasing.utterance import Utterance
from agents.phrasing.voice_gender import woman
from personas import Persona

# Acts the customer's tone may decorate; those a chatty persona adds asides to.
_DECORATED = frozenset(
    {acts.OPEN, acts.INFORM, acts.ASK, acts.PUSH_BACK, acts.REQUEST_ESCALATION, acts.CHITCHAT}
)
_ASIDE_ACTS = frozenset({acts.OPEN, acts.ASK, acts.PUSH_BACK})
_AGAINST = frozenset({acts.PUSH_BACK, acts.REQUEST_ESCALATION})
_MARKED = frozenset({acts.INFORM, acts.ASK, acts.PUSH_BACK})
# Edge cases that carry their own emotion: the persona's tone would contradict it.
_OWN_TONE = frozenset(
    {"demand_manager", "impatient", "sarcastic", "against_policy", "off_topic", "withhold"}
    | {"give_up_early", "vague", "silence"}
)
_LEADS = ("sarcastic", "impatient", "repeat_question", "return_to_issue", "against_policy")


def realize_localized(u: Utterance, persona: Persona | None, rng: random.Random) -> str:
    b = bank(u.language)
    u = native(u)
    keep = values_of(u.facts)
    if u.role == "support":
        return finish(b, support_text(b, u, rng), keep)
    if u.edge_case == "silence":
        return b.customer.render("silence", {}, rng)
    tone = style.tone_of(persona.tone if persona else None)
    verbosity = style.verbosity_of(persona.verbosity if persona else None)
    text = _customer(b, u, tone, verbosity, rng)
    if u.turn_index > 0:  # no 'grüß gott!' / 'Olá,' in the middle of a chat (reading s17)
        text = _ungreeted(b, text)
    plain = text
    if persona is not None and u.edge_case not in ("prompt_injection", *_OWN_TONE):
        text = _decorate(b, text, u, persona, tone, verbosity, rng)
    marker = u.edge_case is None and u.act in _MARKED and text == plain
    marker = marker and not (b.greeting.match(text) or _starts_marked(b, text))
    marker = marker and _takes_marker(b, text)
    if marker and b.markers and rng.random() < 0.3:
        text = f"{rng.choice(b.markers)} {_lower(b, text, keep)}"
    text = finish(b, text, keep)
    segments = style.split_protected(text, keep)
    if u.edge_case != "prompt_injection":
        segments = style.map_free(segments, lambda t: b.paraphrase(t, rng, 0.55))
    if b.feminine_words is not None and persona is not None and woman(persona.identity):
        words, table = b.feminine_words, b.feminine
        segments = style.map_free(segments, lambda t: words.sub(lambda m: table[m[0]], t))
    if persona is not None and u.edge_case != "prompt_injection":
        quirks = [q for q in persona.quirks if q.replace("-", "_") not in _RUN_ON]
        mood = affect(u.act, tone, u.edge_case)
        # shouting takes the values said in words along ('KONTOINHABER'); lower case leaves
        # them as given ('EE. UU. continental' is no 'ee. uu.')
        prose = _prose(b, keep) if _SHOUTS.intersection(persona.quirks) else set()
        segments = style.apply_quirks(segments, quirks, mood, rng, prose)
        if len(quirks) < len(persona.quirks):  # run-on sentences, joined by this language's 'and'
            joined = f" {b.conjunction} "
            twice = re.compile(rf"(?i)\b{re.escape(b.conjunction)} {re.escape(b.conjunction)}\b")

            def join(m: re.Match[str]) -> str:  # 'algo, pero ...', never 'algo y pero ...'
                word = m.group(1)
                glue = ", " if word.lower() in _CONNECTIVES else joined
                return glue + lower_word(word)

            def run_on(t: str) -> str:  # 'y y' where a sentence began with 'Y'
                return twice.sub(b.conjunction, _SENTENCE_JOIN.sub(join, t))

            segments = style.map_free(segments, run_on)
    if u.edge_case == "heavy_typos":
        shouts = persona is not None and bool(_SHOUTS.intersection(persona.quirks))
        # as a chit-chat move it is the unreadable kind, in every language
        garbled = u.act == acts.CHITCHAT
        segments = style.heavy_typos(segments, rng, garbled=garbled, shouts=shouts)
    out = style.join(segments)
    if b.inverted and ("¡" in out or "¿" in out):
        out = paired_marks(out)
    return out


_RUN_ON = frozenset({"run_on", "run_on_sentences"})
_SHOUTS = frozenset({"all_caps", "caps", "shouting"})


def _prose(b: LanguageBank, keep: list[str]) -> set[str]:
    """The values said in words, which take the writer's case like the rest of the turn (an
    all-caps persona writes 'KONTOINHABER', 'ESTÁNDAR'); codes, e-mails and figures keep
    theirs. German capitalises its nouns, so a capital there is no sign of a name or code."""
    return {
        v
        for v in keep
        if value_kind(v) == "quantity"  # its words too ('3 TAGE'); digits have no case
        or (
            not any(ch.isdigit() for ch in v)
            and "@" not in v
            and (b.nouns.head == "last" or value_kind(v) != "id")
        )
    }


# Words that join a sentence on by themselves: a run-on puts a comma before them, not 'and'.
_CONNECTIVES = frozenset(
    {"pero", "mais", "aber", "mas", "porque", "parce", "sondern", "donc", "entonces", "então"}
)
# a stop after an abbreviation ('EE. UU.', 'z. B.', 'Nr.', 'p. ej.') ends no sentence
_SENTENCE_JOIN = re.compile(
    r"(?<!\.)(?<!\b\w)(?<!\b[A-ZÁÉÍÓÚ]{2})(?<!\bNr)(?<!\bnº)(?<!\bej)(?<!\bSr)(?<!\bSra)(?<!\bca)"
    r"[.;]\s+(\w+)"
)


def _takes_marker(b: LanguageBank, text: str) -> bool:
    """Whether a discourse marker ('Bon,', 'Also') may go before `text`: not before a lead of
    its own, and in German only before a word that is written lower case mid-sentence (a
    verb opening a question keeps no capital after 'Hm,', and the bank cannot tell it from a
    noun, so it gets no marker)."""
    if own_lead(text):
        return False
    if b.nouns.head == "last":
        return text.split(" ", 1)[0] in b.lower_words
    return True


_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[¿¡]?[^\W\d_])")


def _starts_marked(b: LanguageBank, text: str) -> bool:
    head = text.lstrip("¿¡ ").lower()
    return any(head.startswith(m.lower().rstrip(",. ")) for m in b.markers)


# ---- customer ------------------------------------------------------------------------------


# A question that opens with its own reaction and a conjunction ("Okay, und wie lange dauert
# die Prüfung?", "Tá, e quanto tempo leva?"): behind a frame's lead ("Kurze Frage:") that
# opener is a second one glued on (reading s16: "Kurze Frage: ok und wann ..."), so there the
# question goes without it.
_OWN_OPENER = re.compile(
    r"(?i)^(?:(?:ok(?:ay)?|vale|bueno|bien|bon|d'accord|alors|tá|certo|beleza|gut|also|ah|oh|"
    r"hm+|ja|oui|sí|sim)\b[,.!:\-–]*\s+)+(?:(?:y|e|et|und)\b[,:]?\s+)?(?=\S)"
)


def _customer(b: LanguageBank, u: Utterance, tone: str, verbosity: str, rng: random.Random) -> str:
    content = trim(u.content, verbosity, rng) if u.act == acts.OPEN else u.content
    if u.act == acts.ASK and content and (m := _OWN_OPENER.match(content)):
        # its own reaction goes, the frame gives one (never "Kurze Frage: ok und ...", "Certo.
        # Tá, e ...", reading s16)
        bare = content[m.end() :]
        content = bare[:1].upper() + bare[1:]
    one = bool(content) and len(_SENTENCES.split(content.strip())) == 1  # type: ignore[union-attr]
    slots: dict[str, str | None] = {
        "content": as_sentence(content) or None,  # frames that carry it are drawn only with it
        "content_lc": _lower(b, as_sentence(content), values_of(u.facts)) or None,
        "question": (
            as_sentence(content)
            if one and content.rstrip().endswith("?")  # type: ignore[union-attr]
            else None
        ),
        "facts": customer_facts(b, u.facts, rng, answers=u.answers),
        "fix": correction(b, u.facts, rng),
    }
    given = bool(values_of(u.facts))
    # (volunteered in a first message: in sentences, never as a form's fields)
    opened = u.act == acts.OPEN
    # (a value the opening's own words already say is not added again after them)
    told = {k: v for k, v in u.facts.items() if not (opened and v and _says(content, v))}
    labelled = (
        customer_facts(b, told, rng, labelled=True, opened=opened, answers=u.answers)
        if given
        else ""
    )
    tags = tuple(t for t in (u.after, tone, u.act, u.domain) if t)
    skip = 0.8 if verbosity == "terse" else 0.0
    case = u.edge_case
    if case == "self_correct" and given:
        return f"{b.customer.render('lead_self_correct', {}, rng)} {slots['fix']}."
    if case == "insist" and given and "insist" in b.customer:
        # the value sent again, sure it is right: said plainly after the lead, never "by the
        # way" ('übrigens', 'por cierto') nor hedged
        text = b.customer.render(case, slots, rng, tags=tags)
        return attach(
            text, as_sentence(customer_facts(b, told, rng, key="insisted", answers=u.answers))
        )
    if case and case in b.customer and case != "switch_language":
        text = b.customer.render(case, slots, rng, tags=tags)
        return attach(text, as_sentence(labelled)) if given and case != "withhold" else text
    rule = u.act
    if rule == acts.OPEN:
        rule = "open" if content else "open_bare"
        if content and b.greeting.match(content):
            rule = "open_greeted"
    elif rule in (acts.INFORM, acts.CORRECT):
        if content:
            rule = "inform_content" if given else "chitchat"
            slots["facts"] = labelled
        else:
            rule = rule if given else f"{rule}_none"
    elif rule == acts.ASK and not content and case in ("repeat_question", "recap"):
        rule = "ask_again"
    elif not content and f"{rule}_bare" in b.customer:
        rule = f"{rule}_bare"
    if rule not in b.customer:
        rule = "ask_bare" if not content else "plain"
    # a question asked again opens with its own lead ('Je répète ma question:'): no
    # acknowledgement or question lead between them ('...: gracias. ¿Cómo ...?')
    omit = ("opt_ack", "opt_q_lead") if case == "repeat_question" else ()
    try:
        text = b.customer.render(rule, slots, rng, skip, tags, omit)
    except KeyError:  # every template of the rule carries content the turn does not have
        text = b.customer.render("ask_bare", slots, rng, skip, tags)
    if rule == "open" and text.count(": ") > 1:
        # a lead that ends on a colon before text with a colon of its own: the lead ends its
        # sentence instead ('Tengo un problema. No puedo entrar: ...', never two colons)
        text = one_colon(text)
    if given and rule not in ("inform", "correct", "inform_content"):
        text = attach(text, as_sentence(labelled))
    tail = {"multi_issue": "multi_tail", "overshare": "overshare_tail"}.get(case or "")
    if tail and tail in b.customer:
        # the domain's own second issue (no tracking link in a banking chat)
        text = attach(text, b.customer.render(tail, {}, rng, tags=tags))
    pleased = case in ("sarcastic", "impatient") and u.act in (acts.THANK, acts.ACCEPT)
    if case in _LEADS and f"lead_{case}" in b.customer and not pleased:
        text = _lead_in(b, b.customer.render(f"lead_{case}", {}, rng, tags=tags), text)
    return text


def _says(text: str | None, value: str) -> bool:
    return bool(text) and value.lower() in text.lower()  # type: ignore[union-attr]


def _decorate(
    b: LanguageBank,
    text: str,
    u: Utterance,
    persona: Persona,
    tone: str,
    verbosity: str,
    rng: random.Random,
) -> str:
    if u.act not in _DECORATED:
        return text
    lead_rate, tail_rate = voice.TONE_RATES[tone]
    if tone == "friendly" and u.act in _AGAINST:  # no 'Haha, OK.' or 'Merci!' on a protest
        lead_rate = tail_rate = 0.0
    if verbosity == "terse":
        lead_rate, tail_rate = lead_rate / 3, tail_rate / 3
    elif verbosity == "chatty":
        lead_rate, tail_rate = min(1.0, lead_rate * 1.5), min(1.0, tail_rate * 1.5)
    tags = tuple(t for t in (u.after, u.act, u.intent, u.domain) if t)
    if rng.random() < lead_rate and f"lead_{tone}" in b.customer and u.act != acts.INFORM:
        text = _lead_in(b, b.customer.render(f"lead_{tone}", {}, rng, tags=tags), text)
    tail = ""
    if rng.random() < tail_rate and f"tail_{tone}" in b.customer and u.act != acts.INFORM:
        tail = b.customer.render(f"tail_{tone}", {}, rng, tags=tags)
    if u.act in _ASIDE_ACTS:
        savvy = style.savvy_of(persona.tech_savviness)
        if verbosity == "chatty" and rng.random() < 0.5:
            aside = b.customer.render("aside_chatty", {}, rng, tags=tags)
            text = _lead_in(b, aside, text) if rng.random() < 0.4 else attach(text, aside)
        if savvy != "medium" and u.act == acts.OPEN and rng.random() < 0.3:
            text = attach(text, b.customer.render(f"aside_{savvy}_tech", {}, rng, tags=tags))
    # the tone's tail last: a sign-off ('Mit freundlichen Grüßen.') ends the message, never
    # sits before an aside (reading s17)
    return attach(text, tail) if tail else text


def _ungreeted(b: LanguageBank, text: str) -> str:
    """`text` without the greeting it opens with: a turn in the middle of a chat."""
    m = b.greeting.match(text)
    if m is None:
        return text
    end = m.end()
    while end < len(text) and text[end] in ",.!¡ ":
        end += 1
    rest = text[end:]
    if len(rest.split()) < 3:  # the greeting is the message ('Hallo?'): kept
        return text
    return rest[:1].upper() + rest[1:]


def _lead_in(b: LanguageBank, lead: str, text: str) -> str:
    """`lead text`, but after the turn's greeting: 'Hola, ¡qué rabia! ...', never the lead
    before the greeting."""
    lead = _closed(b, lead, text)
    # the lead's sentence goes on ('..., mais ça ne ...'): what follows it starts lower-case
    goes_on = lead.rstrip().endswith((",", ":", "…", "...")) or lead.rstrip()[-1:].isalpha()
    m = b.greeting.match(text)
    if m is None:
        text = _lower(b, text, []) if goes_on else text
        return f"{lead} {_unrepeated(lead, text)}"
    end = m.end()
    while end < len(text) and text[end] in ",.!¡ ":
        end += 1
    head = text[:end].rstrip()
    if head[-1:].isalpha():
        head += ","
    if head.endswith(","):
        lead = _lower(b, lead, [])
    rest = _lower(b, text[end:], []) if goes_on else text[end:]
    return f"{head} {lead} {_unrepeated(lead, rest)}".rstrip()


def _closed(b: LanguageBank, lead: str, text: str) -> str:
    """A lead that goes on with a conjunction ('Ya sé que no se puede, pero') ends its own
    sentence instead when the text's first clause has that conjunction already ('Vale, pero
    no lo veo justo'): never 'pero vale, pero'."""
    words = lead.rstrip().split()
    last = words[-1] if words and words[-1].isalpha() else ""
    if not last or len(words) < 2:
        return lead
    m = b.greeting.match(text)
    rest = (text[m.end() :] if m else text).lstrip(",.!¡¿ ").lower()
    if rest.startswith(f"{last.lower()} "):
        return lead  # said once by _unrepeated
    first = re.split(r"[.!?…]", rest, maxsplit=1)[0]
    if re.search(rf"(?<!\w){re.escape(last.lower())}(?!\w)", first) is None:
        return lead
    return " ".join(words[:-1]).rstrip(" ,;:") + "."


def _unrepeated(lead: str, text: str) -> str:
    """`text` without the word the lead ends on, when it starts with it again: a lead that
    goes on with a conjunction ('Sé que las normas son las normas, pero') before a text that
    opens with the same one ('Pero eso no tiene sentido') says it once."""
    words = lead.split()
    last = words[-1].lower() if words and words[-1][-1:].isalpha() else ""
    if last and text[: len(last) + 1].lower() == f"{last} ":
        return text[len(last) + 1 :]
    return text
