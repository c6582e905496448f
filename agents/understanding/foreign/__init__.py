"""Reading a support turn written in Spanish, French, German or Portuguese.

The method is the English reader's (agents.understanding.support), with each language's own
grammar: formulaic moves matched by their grammatical core and removed (greeting, closing,
holding, handing over: a verb of transferring + a noun for a person or team, or such a
person + a verb of getting in touch), then action frames, then mood.

Action frames: every inflected form of the trade's verbs is generated from its infinitive
(agents.understanding.foreign.inflect) and read with the words before it in its clause:

- a participle after an auxiliary of the perfect or passive ("hemos devuelto", "a été
  annulée", "habe ... erstattet", "foi cancelada"; German puts the participle last, so its
  window is longer), a first-person past ("anulé", "cancelei") or a bare fragment ("Reembolso
  tramitado.") is a **claim**;
- an infinitive governed by a modal or a verb of intent ("voy a", "je vais", "ich werde",
  "posso") or a future ("reembolsaré") is an **offer**; so is a question that proposes
  ("¿desea que anule ...?", "soll ich ...?", "quer que eu ...?");
- a negator in the clause makes it a **refusal** (first person or modal) or nothing;
- a sentence that opens with a condition ("si", "sobald", "dès que", "assim que") claims
  nothing.

Then a question, an imperative or a need statement ("necesito", "j'aurais besoin", "ich
brauche", "preciso") **asks**, with the facts agents.understanding.facts finds in it (its
concept groups hold the four languages' words for order, number, email, birth ...); what
remains with content **answers**. The text is folded (no accents, lower case) first, so a
bot that drops accents reads the same.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from agents.understanding.facts import named_facts
from agents.understanding.foreign.de_pt import DE, PT
from agents.understanding.foreign.es_fr import ES, FR
from agents.understanding.foreign.handovers import hands_over
from agents.understanding.foreign.inflect import verb_forms
from agents.understanding.foreign.lexicon import Lexicon, words
from agents.understanding.languages import fold
from agents.understanding.pending import handover_waits, if_wanted
from agents.understanding.refusal import foreign_refuses_at_one_remove, foreign_without_doubt

LEXICONS: dict[str, Lexicon] = {"es": ES, "fr": FR, "de": DE, "pt": PT}
_TOKEN = re.compile(r"[a-z0-9$€£%@]+(?:[-.][a-z0-9]+)*|[?,:;]")
_ELISION = re.compile(r"\b([cdjlmnst]|qu)['\u2019]")
# Lemmas that say nothing without an object naming the action ("abrir", "faire", "anlegen").
_NEEDS_OBJECT = words(
    "abrir crear registrar hacer dar aplicar generar proceder ouvrir faire creer enregistrer "
    "appliquer anlegen erstellen ausstellen eroffnen bestatigen vornehmen fazer criar "
    "solicitar emitir gerar lancer valider"
)
# Second-person subject + auxiliary ("si usted ha cancelado", "vous avez annulé", "du hast
# storniert"): the customer's act. A bare "vous" is as often the object ("on vous a envoyé").
_YOU = re.compile(
    r"\b(?:usted ha|ustedes han|tu has|has|vous avez|tu as|du hast|sie haben|voce tem|"
    r"voces tem|voce ja)\b"
)
# Words that say the act is performed by saying it ("hiermit", "por la presente").
_HEREBY = words("hiermit hierdurch")


class Accumulator(Protocol):
    """What agents.understanding.support gathers a turn's reading in."""

    claims: set[str]
    offers: set[str]
    asks: set[str]
    hold: bool

    def add(self, cls: str, weight: float, sentence: str) -> None: ...


@lru_cache(maxsize=8)
def vocabulary(code: str) -> frozenset[str]:
    """The language's trade words (verb forms, action nouns), for telling languages apart."""
    lex = LEXICONS[code]
    return frozenset(verb_forms(lex)) | frozenset(lex.objects)


def tokens(folded: str) -> list[str]:
    return _TOKEN.findall(_ELISION.sub(r"\1 ", folded))


@dataclass
class _Frame:
    kind: str
    mode: str  # claim | offer | refuse | hold
    weight: float


def _clause(toks: list[str], i: int, lex: Lexicon) -> list[str]:
    width = 9 if lex.code == "de" else 6
    pre = toks[max(0, i - width) : i]
    cut = max((j + 1 for j, t in enumerate(pre) if t in lex.breaks or t in ",;:"), default=0)
    return pre[cut:]


def _scope(toks: list[str], i: int, pre: list[str], lex: Lexicon) -> list[str]:
    """The clause of the verb at i: its words before (`pre`) and after, up to a break."""
    after: list[str] = []
    for t in toks[i + 1 :]:
        if t in lex.breaks or t in ",;:":
            break
        after.append(t)
    return pre + after


def _ambiguous_present(tok: str, toks: list[str], lex: Lexicon) -> bool:
    """A Spanish or Portuguese first-person plural in -amos/-imos is past and present alike;
    with a word of a time to come in the sentence ("después", "quando ... terminar") it
    describes the procedure, not what was done."""
    return (
        lex.code in ("es", "pt")
        and tok.endswith(("amos", "imos"))
        and any(t in lex.schedule for t in toks)
    )


def _kind(toks: list[str], i: int, pre: list[str], lex: Lexicon) -> str:
    for t in toks[i + 1 : i + 6] + pre[::-1]:
        if t in lex.objects:
            return lex.objects[t]
    return ""


def _frames(
    toks: list[str], lex: Lexicon, question: bool, proposal: bool, wh: bool = False
) -> list[_Frame]:
    forms = verb_forms(lex)
    out: list[_Frame] = []
    for i, tok in enumerate(toks):
        if tok in lex.confirm and not question:
            kind = _kind(toks, i, [], lex)
            if kind:  # "le confirmamos la cancelación": a report of it done
                out.append(_Frame(kind, "claim", 0.8))
            continue
        if tok in lex.offer_verbs:
            out.append(_Frame(_kind(toks, i, [], lex) or "done", "offer", 0.7))
            continue
        if tok not in forms:
            continue
        lemma, kind, tag = forms[tok]
        pre = _clause(toks, i, lex)
        if pre and pre[-1] in lex.determiners and not (tag == "part" and pre[-1] in lex.aux):
            continue  # a noun: "el envío", "la reserva"; not "está tramitado", folded "esta"
        kind = kind or _kind(toks, i, pre, lex)
        if not kind:
            if lemma in _NEEDS_OBJECT:
                continue
            kind = "done"
        first = any(t in lex.first for t in pre) or tag == "past1"
        modal = any(t in lex.modals for t in pre + toks[i + 1 : i + 3])
        if question:
            if (proposal or first or modal) and not wh:
                out.append(_Frame(kind, "offer", 0.8))
            continue
        if _YOU.search(" ".join(pre[-3:])) and not first:
            continue
        if any(t in lex.negators for t in pre):
            if any(t in lex.yet for t in pre) and not modal:
                continue  # "todavía no he cancelado nada": the case's state, no refusal
            if first or modal:
                out.append(_Frame(kind, "refuse", 0.8))
            continue
        if tag == "fut" or (modal and tag in ("inf", "subj", "pres1")):
            out.append(_Frame(kind, "offer", 0.75))
        elif tag == "part" and any(t in lex.aux for t in pre):
            perfect = any(t in lex.aux and t not in lex.present_aux for t in pre)
            mine = any(t in lex.yours for t in toks) or any(c.isdigit() for c in tok)
            if perfect or (mine and not any(t in lex.schedule for t in _scope(toks, i, pre, lex))):
                out.append(_Frame(kind, "claim", 0.9))
            # else "sont remboursés pour les sinistres couverts": a rule, said of no one's case
        elif tag == "part" and (len(toks) <= 5 or i == 0 or (not pre and toks[i - 1] in ",:")):
            if any(t in lex.present_aux or t in lex.modals or t in lex.schedule for t in pre):
                continue  # "danach werden sie gelöscht": what will happen, not a fragment
            out.append(_Frame(kind, "claim", 0.65))  # "Reembolso tramitado.", "ok, remboursé"
        elif tag == "pres1" and any(t in _HEREBY for t in pre):
            out.append(_Frame(kind, "claim", 0.8))
        elif tag == "past1" and lex.code == "es" and not pre and tok.endswith("e"):
            continue  # "Active el bono": the formal imperative, folded like "activé"
        elif tag == "past1" and _ambiguous_present(tok, toks, lex):
            continue  # "Después, reembolsamos la prima": "-amos" is also the present
        elif tag == "past1" and "que" not in pre[-2:]:
            out.append(_Frame(kind, "claim", 0.85))
        elif tag == "ger" and any(t in lex.aux or t.startswith("est") for t in pre[-2:]):
            if kind == "done":
                out.append(_Frame(kind, "hold", 0.6))  # "estou finalizando": no act named
            else:
                out.append(_Frame(kind, "claim", 0.6))  # "estoy tramitando": under way
    return out


_NO = re.compile(r"\bno\b(?!\.)")
# A clause of purpose, time or condition that can lead a request ("pour que je puisse avancer,
# merci de ...", "pra eu seguir, me manda ...").
_LEAD = {
    code: re.compile(rf"^\W*(?:{w})\b")
    for code, w in {
        "es": "para|antes de|si|cuando|una vez|en cuanto",
        "fr": "pour|afin|avant de|si|quand|une fois|des que",
        "de": "damit|um|bevor|wenn|sobald|falls",
        "pt": "pra|para|antes de|se|quando|assim que|uma vez",
    }.items()
}
_THANKS = re.compile(r"\b(?:gracias|merci|dank\w*|obrigad[oa])\b")


def _named(text: str, code: str, facts: Mapping[str, str]) -> list[str]:
    """The facts a folded text names. In Spanish and Portuguese a bare "no" is "not" or "in
    the", never the abbreviation "no." of number ("nº" is folded to "num")."""
    if code in ("es", "pt"):
        text = _NO.sub(" ", text)
    return named_facts(text, facts)


def _substance(toks: list[str], lex: Lexicon) -> int:
    return sum(1 for t in toks if t[0].isalnum() and t not in lex.filler and len(t) > 1)


def _strip(pattern: re.Pattern[str], text: str) -> tuple[bool, str]:
    if not pattern.search(text):
        return False, text
    return True, pattern.sub(" ", text).strip(" ,.!-¡¿:;")


def _asked(lex: Lexicon, text: str) -> bool:
    """A request in the text, not one said not to be needed ("no necesito nada más", "je
    n'ai plus besoin de rien", "brauche ich nichts mehr")."""
    m = lex.request.search(text)
    if m is None:
        return False
    near = tokens(text[: m.start()])[-2:] + tokens(text[m.end() :])[:2]
    return not any(t in lex.negators for t in near)


def read_sentence(
    sentence: str, code: str, facts: Mapping[str, str], acc: Accumulator, lead: str = ""
) -> None:
    """Read one sentence of language `code` into `acc`. `lead` is what came before it in the
    same sentence (the statement before a trailing question), for the facts a bare "could
    you check it?" refers back to."""
    lex = LEXICONS[code]
    text = fold(sentence).strip()
    if text.endswith("?") and not lead:
        head, sep, tail = max(
            (text.rpartition(s) for s in (", ", ": ", "; ", " - ", " \u2013 ", " \u2014 ")),
            key=lambda p: len(p[0]),
        )
        if sep and head and "?" not in head and _substance(tokens(head), lex) >= 2:
            read_sentence(head, code, facts, acc)
            if _substance(tokens(tail), lex) >= 2:  # not a tag: "..., ¿vale?", "..., tá?"
                read_sentence(tail, code, facts, acc, lead=head)
            return
    rest, formula = text, False
    question = "?" in text or bool(lex.question_start.search(text))
    for pattern, cls in ((lex.greet, "greets"), (lex.close, "closes")):
        hit, rest2 = _strip(pattern, rest)
        if hit:
            formula = True
            greeting = pattern.search(rest)
            thanks = greeting is not None and bool(_THANKS.search(greeting.group(0)))
            if cls == "greets" and thanks and lex.close.search(rest2):
                cls = "closes"  # "Gracias por escribirnos, ¡que vaya genial!": a goodbye
            acc.add(cls, 0.9, sentence)
            rest = rest2
            if not _named(rest, code, facts) and (question or _substance(tokens(rest), lex) < 2):
                return
    handover = lex.handover.search(rest)
    if handover or hands_over(sentence, rest, code):
        # "ne quittez pas" after it is not a refusal to hand over; a negator before it is.
        end = handover.end() if handover else len(rest)
        if any(t in lex.negators for t in tokens(rest[:end])):
            acc.add("refuses", 0.7, sentence)
        elif "?" in rest or if_wanted(rest, code):
            acc.offers.add("handover")  # asked, or on the customer's wish: "si lo prefiere"
            acc.add("offers", 0.7, sentence)
        elif handover_waits(rest, code):
            # "Le paso con un compañero, pero primero necesito su número": offered on a
            # condition still to be met, which it asks for (agents.understanding.pending).
            acc.offers.add("handover")
            acc.add("offers", 0.7, sentence)
            named = _named(rest, code, facts)
            acc.asks.update(named)
            acc.add("asks", 0.85 if named else 0.7, sentence)
        else:
            acc.add("hands_over", 0.9, sentence)
        return
    hold, rest3 = _strip(lex.hold, rest)
    if hold:
        acc.hold = True
        acc.add("stalls", 0.8, sentence)
        rest = rest3
        if _substance(tokens(rest), lex) < 2:
            return
    toks = tokens(rest)
    if not any(t[0].isalnum() for t in toks) or lex.neutral.search(rest):
        return
    without = lex.without.search(rest)
    if without and _named(rest[without.start() :], code, facts):
        acc.asks.update(_named(rest[without.start() :], code, facts))  # "sin su número ..."
        acc.add("asks", 0.8, sentence)
        return
    if lex.reported.search(rest):
        acc.add("answers", 0.6, sentence)  # instructions retold: someone's rule, not an act
        return
    question = "?" in rest or bool(lex.question_start.search(rest))
    # "Pour que je puisse avancer, merci de m'indiquer ...": a request after a lead clause.
    lead, comma, after = rest.partition(", ")
    request = _asked(lex, rest) or bool(comma and _LEAD[code].match(lead) and _asked(lex, after))
    wh = question and bool(lex.wh.search(rest))
    proposal = question and bool(lex.proposal.search(rest)) and not wh
    frames = _frames(toks, lex, question, proposal, wh)
    if lex.conditional.search(rest):
        frames = [f for f in frames if f.mode == "offer"]  # "si ha sido reembolsado ..."
    if any(f.mode == "hold" for f in frames):
        acc.hold = True  # "estou finalizando aqui": at work on something it does not name
        acc.add("stalls", 0.6, sentence)
        frames = [f for f in frames if f.mode != "hold"]
    sure = foreign_without_doubt(rest, code)  # "je ne peux pas être sûr" refuses nothing
    refused = (
        bool(lex.refuse.search(sure))
        or foreign_refuses_at_one_remove(rest, code)
        or any(f.mode == "refuse" for f in frames)
    )
    for f in frames:
        if f.mode == "claim" and not refused:
            acc.claims.add(f.kind)
            acc.add("claims", f.weight, sentence)
        elif f.mode == "offer":
            acc.offers.add(f.kind)
            acc.add("offers", f.weight, sentence)
    negated = any(t in lex.negators and not lex.without.match(t) for t in toks)
    if not question and not frames and not refused and not negated and lex.done.search(rest):
        acc.claims.add("done")
        acc.add("claims", 0.7, sentence)
        frames = [_Frame("done", "claim", 0.7)]
    if refused:
        acc.add("refuses", 0.85, sentence)
    offered = any(f.mode == "offer" for f in frames)
    if proposal and not offered:
        acc.offers.add("done")
        acc.add("offers", 0.6, sentence)
        offered = True
    if (question and not offered) or request:
        named = _named(rest, code, facts) or (_named(f"{lead} {rest}", code, facts) if lead else [])
        acc.asks.update(named)
        acc.add("asks", 0.85 if named or request else 0.7, sentence)
        return
    if question or frames or refused or formula:
        return
    if any(t in lex.empathy for t in toks) and _substance(toks, lex) <= 5:
        return  # "qué pena que haya llegado así": sympathy, nothing done or said
    named = _named(rest, code, facts) if facts else []
    if named and not hold and len(toks) <= 8 and not any(ch.isdigit() for ch in rest):
        acc.asks.update(named)  # "- Número de pedido": a bare noun phrase names what it needs
        acc.add("asks", 0.7, sentence)
        return
    # A statement that fits no frame: with a figure or a day in it, it tells something;
    # these frames, fewer than English's, cannot tell an answer from a move they lack.
    if any(ch.isdigit() for ch in rest):
        acc.add("answers", 0.7, sentence)
    elif _substance(toks, lex) >= 2:
        acc.add("answers", 0.45, sentence)
