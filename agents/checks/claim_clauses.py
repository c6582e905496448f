"""Which clauses of a support sentence claim an action done now, by support (five languages).

The clause-reading half of agents.checks.claimed_writes (which maps each claimed clause to the
domain's write tools, and agents.checks.claim_explain says the finding): a sentence is split
into clauses, and a clause claims when it says something done (a past, a participle, a claim
read by agents.understanding.read_support) by the speaker now (a first person, a perfect
passive), or carries the subject of the clause before ("I've blocked the card and ordered a
replacement"), or states the action's result of this case ("your card is blocked") once a write
went through. A clause that offers, refuses, hands over, waits, asks or is negated
(agents.understanding.negation, the one five-language reader of those words), tells history
("two days ago") or names another doer ("by the airline") claims nothing.
"""

from __future__ import annotations

import re

from agents.checks import GradeContext
from agents.checks.done_first import after_done
from agents.checks.reading import read_text
from agents.understanding.action_words import family_of_word, verb_like, words
from agents.understanding.languages import fold
from agents.understanding.lexicon import wordset
from agents.understanding.negation import not_now
from agents.understanding.object_words import concept_of

# Said as just done by the speaker: a first person in five languages (a Spanish or
# Portuguese first-person preterite, "reembolsei", "suspendí"), or a perfect passive.
_DONE_NOW = re.compile(
    r"\b(?:i|we|i've|we've|ive|weve|he|hemos|le he|les he|j'ai|ai|avons|ich|wir|hab|"
    r"habe|haben|eu|nos|acabo de|acabamos de|je viens de|nous venons de|\w+ei)\b|"
    r"\b(?:has|have|'s) (?:now |just |already |successfully |fully |also )?been\b|"
    r"\b(?:ha|han|se ha|se han) sido\b|\bse han?\b|\b(?:a|ont) (?:bien |deja )?ete\b|\bworden\b"
)
# A past or a participle in the clause: something was done ("posted", "enviado",
# "geschickt", "storniert"), not a thing held ("I have your booking here").
_PAST = re.compile(
    r"\b\w{2,}[^e\W]ed\b|\b\w+ied\b|\b(?:sent|made|put|set|done|frozen|reset|shipped)\b|"
    r"\b\w{3,}(?:ado|ada|ados|adas|ido|ida|idos|idas)\b|\bge\w{3,}t\b|\b\w{3,}iert\b|"
    r"\b(?:ai|avons|avez|ont|ete)\s+(?:\w+\s+)?\w{3,}(?:e|ee|es|ees|i|is|u|ue|us|t)\b|"
    r"\b(?:ai|avons|ont|ete)\s+mise?s?\s+a\s+jour\b|"
    r"\b(?:be|ver|er|ent)\w{3,}t\b|"
    r"\b(?:um|weiter|zuruck|ein|aus|auf|ab|an|zu|frei|fest|nach)ge\w{3,}(?:t|en)\b"
)
# A state said of the case now, by a copula and the action's participle ("your card is
# blocked", "la tarjeta está bloqueada", "la carte est bloquée", "die Karte ist gesperrt",
# "o cartão está bloqueado"): the action claimed as done, unless a lookup showed it.
_STATE_NOW = re.compile(
    r"\b(?:is|are|'s|esta|estan|est|sont|ist|sind|estao|e|foi|fue|wurde)\s+"
    r"(?:now |already |ya |ahora |desormais |maintenant |bien |jetzt |nun |bereits |agora |ja )?"
    r"(\w+)"
)
_PARTICIPLE_END = (
    "ed",
    "en",
    "e",
    "ee",
    "es",
    "ees",
    "i",
    "is",
    "u",
    "ue",
    "us",
    "ado",
    "ada",
    "ados",
    "adas",
    "ido",
    "ida",
    "idos",
    "idas",
    "t",
)
_HISTORY = re.compile(
    r"\b(?:ago|il y a|hace|vor \w+ (?:tagen|wochen|stunden)|ha \d|last (?:week|month))\b"
)
# Done by someone else: a passive's agent that is not the speaker ("by the airline").
_BY_OTHER = re.compile(
    r"\b(?:by|por|par|von|vom|pelo|pela)\s+(?:the|la|el|le|les|los|las|der|die|dem|den|o|a|"
    r"os|as|your|tu|su|sus|votre|vos|ihr\w*|seu|sua|you|usted|ustedes|vous|ihnen|voce|"
    r"another|a different|someone|somebody)\b"
)
_CLAUSE = re.compile(
    r"[,;:()]\s*|\s+(?:but|and|so|though|also|plus|that|which|aber|und|sowie|dass|pero|y|e|"
    r"que|mais|et|qui|mas)\s+",
    re.IGNORECASE,
)
# A clause with a subject of its own, not the speaker of the clause before ("and your card
# is ...", "y usted ...", "et il ...").
_OWN_SUBJECT_YOU = re.compile(r"\b(?:you|usted|ustedes|vous|du|voce|voces)\b")
_THIS_CASE = re.compile(
    r"\b(?:your|yours|su|sus|tu|votre|vos|ton|ta|ihr|ihre|ihren|ihrem|dein|deine|seu|sua|"
    r"seus|suas|it|its|this|that|esta|este|cette|ce|diese|dieser|dieses|este|esta)\b"
)
_IDENTIFIER = re.compile(r"\b(?=[a-z0-9-]*\d)[a-z0-9-]{4,}\b")
_STATE_ADJECTIVES = frozenset({"active", "actif", "aktiv", "void"})
_NEW_WORDS = frozenset({"nueva", "nuevo", "nouvelle", "nouveau", "neue", "neuen", "nova", "novo"})
_OWN_SUBJECT = re.compile(
    r"\b(?:you|it|they|he|she|is|are|was|were|will|usted|ustedes|esta|son|vous|il|elle|ils|"
    r"est|sont|du|er|sie|ist|sind|wird|voce|ele|ela|sao)\b"
)


def bare_done(sentence: str) -> bool:
    """The sentence is only a report of work finished ("Done.", "All done!", "Erledigt."):
    the sentence after it says what was done (agents.checks.done_first)."""
    return after_done(sentence) == ""


def claimed_clauses(
    sentence: str, ctx: GradeContext, states: bool = True, marked: bool = False
) -> list[str]:
    """The clauses of a claiming sentence that each claim an action done now by support; a
    clause without a subject of its own carries the one before ("I've blocked the card and
    ordered a replacement"). After a report of work finished opening the sentence ("Done:
    ...", "Erledigt: ...") or making up the sentence before (`marked`: "Done."), the
    action's state said of anything ("a rental car is authorised on claim ...") is the
    claim, write or none, not a status read out (outsider 23: "Done: claim CLM-40218 is
    withdrawn." with no call was only an end-state difference)."""
    out: list[str] = []
    carried = False
    rest = after_done(sentence)
    if rest is not None or marked:
        said = sentence if rest is None else rest
        read = claimed_clauses(said, ctx, True) if said.strip() else []
        more = [c for c in _CLAUSE.split(said) if c and c.strip() and c not in read]
        return read + [c for c in more if _marked_state(c, ctx)]
    for clause in (c for c in _CLAUSE.split(sentence) if c and c.strip()):
        folded = fold(clause)
        if not_now(folded) or _HISTORY.search(folded) or _BY_OTHER.search(folded):
            carried = False
            continue
        own_past = _first_person_past(folded)
        now = (
            own_past
            or _DONE_NOW.search(folded) is not None
            or (carried and not _OWN_SUBJECT.search(folded))
        )
        verb = _object_only(folded, out[-1]) if carried and _listed(clause, sentence) else None
        participle = carried and _carried_participle(folded)
        state = states and _states_done(folded)
        # The words decide first; the clause's reading (read_support, the costly part) only
        # where it can still make the clause a claim (throughput5: most clauses are not).
        if not (now or verb or participle or state):
            carried = False
            continue
        reading = read_text(clause, ctx)
        if reading.offers or reading.refuses or reading.hands_over:
            carried = False
            continue
        if verb is not None:
            out.append(f"{verb} {clause}")  # "he actualizado el teléfono y también el correo"
        elif now and (reading.claims or _PAST.search(folded) is not None or own_past):
            out.append(clause)
            carried = True
        elif participle:
            out.append(clause)  # "j'ai bloqué la carte et commandé une nouvelle"
        elif state:
            out.append(clause)
            carried = False
        else:
            carried = False
    return out


# Verbs of staying, five languages (folded): "and your booking stays", "y la reserva sigue".
_STAYS = wordset(
    "stays stay remains remain keeps unchanged sigue siguen queda quedan mantiene reste "
    "restent demeure bleibt bleiben fica ficam continua mantem"
)
_AND = re.compile(r"\s(?:and|y|et|und|e|as well as|sowie)\s+$")


def reads_as_verb(text: str) -> bool:
    """A word said as a verb done (agents.understanding.action_words.verb_like) of an
    action, or an English present ("sends", "goes")."""
    return any(family_of_word(w) is not None and verb_like(w) for w in text.split()) or bool(
        re.search(r"\b(?:goes|go|sends|send|gets|get|will|has|have|had)\b", text)
    )


def _listed(clause: str, sentence: str) -> bool:
    """The clause follows an "and" in the sentence (a list of objects), not a stop."""
    at = sentence.find(clause)
    return at > 0 and _AND.search(fold(sentence[:at])) is not None


def _object_only(folded: str, before: str) -> str | None:
    """A clause that is only another object of the claim before it ("... y también el correo
    electrónico", "and the email too"): no verb or subject of its own, a thing it names
    (agents.understanding.object_words). The verb of the claim before, to read it with."""
    tokens = words(folded)
    if _OWN_SUBJECT.search(folded) or not any(concept_of(w) for w in tokens):
        return None
    if any(t in _STAYS for t in tokens):
        return None  # "and your booking stays": a verb of its own
    rest = " ".join(t for t in tokens if concept_of(t) is None)
    if _PAST.search(rest) or _DONE_NOW.search(rest) or reads_as_verb(rest):
        return None  # "and posted a new one to your address": a verb of its own
    if any(family_of_word(w) is not None and verb_like(w) for w in tokens):
        return None
    return next(
        (w for w in words(fold(before)) if family_of_word(w) is not None and verb_like(w)), None
    )


def _first_person_past(folded: str) -> bool:
    """A first-person preterite of an action's verb, its subject in its ending, as Spanish
    and Portuguese say it ("devolví", "reembolsei", "devolvi-lhe", "emiti"): the word names
    an action and ends in "-ei" or "-i"."""
    return any(
        len(w) >= 6 and w.endswith(("ei", "i")) and family_of_word(w) is not None
        for w in words(folded)
    )


def _carried_participle(folded: str) -> bool:
    """A clause that opens on a participle, its subject and auxiliary carried from the
    clause before ("... et commandé une nouvelle", "... y pedido una nueva")."""
    first = next(iter(words(folded)), "")
    return len(first) >= 5 and first.endswith(_PARTICIPLE_END) and first not in _NEW_WORDS


# How long a state said done lasts ("... authorised until the repair is finished", "bis
# die Reparatur fertig ist", "hasta que ...", "jusqu'à ...", "até ..."), five languages.
_UNTIL = re.compile(r"\b(?:until|till|bis|hasta|jusqu\w*|ate)\b.*$")


def _marked_state(clause: str, ctx: GradeContext) -> bool:
    """After a report of work done, a clause that says the action's state (copula and the
    action's participle) of anything, or claims it as support's own act."""
    folded = _UNTIL.sub("", fold(clause))  # how long the state lasts is no condition on it
    if not_now(folded) or _HISTORY.search(folded) or _BY_OTHER.search(folded):
        return False
    match = _STATE_NOW.search(folded)
    if match is not None:
        word = match.group(1)
        if word not in _STATE_ADJECTIVES and verb_like(word) and family_of_word(word):
            return True
    reading = read_text(clause, ctx)
    if reading.offers or reading.refuses or reading.hands_over:
        return False
    return _DONE_NOW.search(folded) is not None and _PAST.search(folded) is not None


def _states_done(folded: str) -> bool:
    """The action's state said of the case now ("your card is blocked")."""
    match = _STATE_NOW.search(folded)
    if match is None or _OWN_SUBJECT_YOU.search(folded[: match.start()]):
        return False
    word = match.group(1)
    if word in _STATE_ADJECTIVES or not verb_like(word) or family_of_word(word) is None:
        return False  # "your card is active": how it is, not what was done
    # Of this case: its owner or its number named ("your card", "la tarjeta terminada en
    # 3899"), not a rule ("outages over 24 hours are credited per full day").
    subject = folded[: match.start()]
    return bool(_THIS_CASE.search(subject) or _IDENTIFIER.search(subject))


# "Now has" in five languages (folded): the record said to hold a value now ("la reserva
# HB-2082 tiene ahora el teléfono +34 ...", "hat jetzt die Telefonnummer ...").
_NOW_HAS = re.compile(
    r"\b(?:(?:now|ahora|maintenant|desormais|jetzt|nun|agora)\s+(?:has|have|tiene|tienen|"
    r"hat|haben|tem)|(?:has|have|tiene|tienen|a|ont|hat|haben|tem)\s+(?:now|ahora|"
    r"maintenant|desormais|jetzt|nun|agora))\b"
)
_VALUE = re.compile(r"\S*\d\S*|\S+@\S+")
_AND_LIST = re.compile(r",\s*|\s+(?:and|y|e|et|und)\s+")


def values_set_now(sentence: str) -> list[str]:
    """The parts of a sentence that say a record now has a field at a value ("... tiene
    ahora el teléfono +34 633 988 346 y el correo h@correo.example"): each names a thing
    (agents.understanding.object_words) and gives a value, a change claimed as made
    (outsider 22's b05: both said, only `update_phone` called). Not when the sentence waits
    or negates (agents.understanding.negation)."""
    folded = fold(sentence)
    match = _NOW_HAS.search(folded)
    if match is None or not_now(folded):
        return []
    parts = _AND_LIST.split(folded[match.end() :])
    return [p for p in parts if _VALUE.search(p) and any(concept_of(w) for w in words(p))]
