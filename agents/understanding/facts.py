"""Which of a scenario's facts a sentence names, however the bot words it.

A scenario names a fact twice: by its key (`order_id`) and by its label ("order number").
Bots say neither reliably: "order #", "order no.", "the number on your confirmation", "your
e-mail on file", "DOB". Instead of listing phrasings, each name is split into words, and each
word is mapped onto a *concept*: a small group of general English near-synonyms ("order",
"purchase"; "email", "e-mail", "mail"; "birth", "birthday", "born", "dob"). Words that only
say "this is an identifier" (id, number, #, no., code, reference, digits) form one concept of
their own, the *identifier tail*. A fact is named when every content concept of its key or of
its label occurs in the sentence; an identifier tail is satisfied by any identifier word, or
by nothing when the sentence asks "which order", so "order ID", "order number", "order #" and
"order reference" are one fact to the reader, and "phone number" never is "order number".

The groups hold common words of the support trade, not phrasings of this project's scenarios;
a word outside every group is its own concept (matched by its stem), so a scenario's own
vocabulary ("router lights", "cause of the damage") works without an entry here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from agents.understanding.languages import fold
from agents.understanding.lexicon import wordset

# Words that make a noun an identifier; any of them satisfies another.
IDENTIFIER = wordset(
    "id ids identifier number numbers no nr num # code codes reference ref digits digit locator "
    "pnr "
    # es, fr, de, pt (folded, no accents: agents.understanding.languages.fold)
    "numero numeros codigo referencia localizador reference nummer referenz kennung "
    "referencia codigos numeros"
)
# General near-synonym groups: every word in a group stands for the group's first word.
_GROUPS: tuple[str, ...] = (
    "order orders purchase purchases pedido pedidos compra compras commande commandes "
    "achat bestellung bestellungen bestell auftrag encomenda encomendas",
    "booking bookings reservation reservations reserva reservas buchung buchungen",
    "confirmation confirmations receipt confirmacion recibo recu bestatigung quittung confirmacao",
    "account accounts acct cuenta compte konto kundenkonto conta",
    "customer member membership client cliente kunde kunden socio",
    "email e-mail mail emails inbox correo courriel",
    "phone telephone mobile cell cellphone tel telefono movil celular portable telefon "
    "handy telefone",
    "birth birthday born dob birthdate nacimiento naissance geburt geburts nascimento",
    "date day fecha datum data",
    "name names nombre nom nome",
    "fullname",
    "surname lastname apellido apellidos famille nachname nachnamen familienname sobrenome",
    "zip zipcode postcode postal cp cep plz postleitzahl",
    "address addresses direccion adresse endereco morada anschrift",
    "card cards tarjeta carte karte cartao",
    "credit debit",
    "pin passcode",
    "password passwords passphrase contrasena passwort kennwort senha",
    "username login userid handle",
    "policy policies",
    "ticket tickets case cases claim claims incident caso incidencia dossier fall chamado "
    "protocolo",
    "tracking track shipment parcel package seguimiento suivi sendung envio rastreamento",
    "invoice invoices bill billing factura facture rechnung fatura",
    "subscription plan",
    "serial",
    "vehicle car registration plate",
    "flight flights",
    "last final ultimo ultimos dernier derniers letzte letzten ultimos",
    "four 4",
    # "why" and the nouns for a reason or cause, in the five languages: a request for "the
    # reason for cancelling" is as often "why are you cancelling?" or "o motivo?"
    "reason why motive motivo motivos razon razones razao razoes "
    "motif motifs raison raisons pourquoi grund grunde warum wieso weshalb",
    "amount sum total",
)
_CONCEPT: dict[str, str] = {w: g.split()[0] for g in _GROUPS for w in g.split()}
# Words that carry nothing about which fact is meant.
_STOP = wordset(
    "a an the your you yours my our of on for to in at with from by and or is it its this "
    "that file please s new current "
    # es, fr, de, pt articles, possessives and prepositions
    "el la los las su sus tu tus de del al le les du des votre vos ton ta der die das den "
    "dem des ihr ihre ihren ihrem ihres dein deine o os as do da dos das seu sua seus suas "
    "teu tua en em et y e und para pour fur por"
)
# German compounds are read as their parts ("Bestellnummer" -> order + number) when the
# last part is one of these heads and what comes before it names a concept.
_HEADS = ("nummer", "nr", "code", "adresse", "datum", "name", "konto", "kennung", "passwort")
_TOKEN = re.compile(r"#|[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
# Calling someone on a number, five languages: the number asked for is a phone number.
_CALLED_ON = re.compile(
    r"(?i)\b(?:call|ring|reach|text)\s+(?:you|u)\b|\b(?:llamar|llamarle|llamarlo|llamarla|"
    r"appeler|joindre|anrufen|erreichen|ligar)\b|\b(?:vous|le|la|te)\s+(?:appeler|joindre)\b"
)
# "which order", "what booking": asks for the thing itself, identifier implied.
_WHICH = re.compile(r"\b(?:which|what)\s+(\w+)(?:\s+(\w+))?", re.IGNORECASE)


# One fact's labels in several languages, joined into one label string (facts_of).
LABEL_SEP = "|"
# After the labels, the values a fact takes when it is one of a few choices ("account
# holder", "authorised user", "titular de la cuenta" ...), LABEL_SEP between: a question
# offering two of them ("Are you the account holder or an authorised user?") asks for the
# fact without naming it (support.facts_of adds them; nothing else does).
CHOICES_SEP = "\x1e"


def _stem(word: str) -> str:
    """Crude but predictable: plural and possessive endings off, so 'orders' ~ 'order'."""
    for suffix in ("'s", "ies", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            return base + "y" if suffix == "ies" else base
    return word


@lru_cache(maxsize=8192)
def concept(word: str) -> str:
    """The concept a word stands for. Cached: three calls in four repeat a word already
    read (a run's texts share their words)."""
    word = word.casefold().strip(".")
    if word in IDENTIFIER:
        return "#"
    if word in _CONCEPT:
        return _CONCEPT[word]
    stem = _stem(word)
    return _CONCEPT.get(stem, stem)


_ELIDED = re.compile(r"^(?:[cdjlmnst]|qu)'")


def _parts(word: str) -> list[str]:
    """A word as the words it is made of: French elision off ("l'adresse"), a hyphenated
    compound in its parts ("e-mail-adresse"), a German compound split at a known head."""
    word = _ELIDED.sub("", word)
    if "-" in word and word not in _CONCEPT:
        return [p for part in word.replace("e-mail", "email").split("-") for p in _parts(part)]
    if len(word) >= 8 and word.endswith("grund") and word not in _CONCEPT:
        return [word[:-5], "grund"]  # "Stornogrund", "Kündigungsgrund": a reason for it
    if len(word) >= 7 and word not in _CONCEPT and word not in IDENTIFIER:
        for head in _HEADS:
            stem = word[: -len(head)]
            if word.endswith(head) and len(stem) >= 3:
                for cut in (stem, stem.rstrip("s"), stem.rstrip("n")):
                    if cut in _CONCEPT or cut in IDENTIFIER:
                        return [cut, head]
    return [word]


def concepts(text: str) -> list[str]:
    """The text's words as concepts, in order ("e-mail" and "E-Mail" and "email" alike)."""
    words = [p for w in _TOKEN.findall(text.casefold()) for p in _parts(w)]
    words = _why(words)
    joined: list[str] = []
    for w in words:
        # "user name", "zip code", "post code" -> one concept; "date of birth" via 'birth'.
        if joined and joined[-1] in ("user", "post", "full", "last") and w in ("name", "code"):
            prev = joined.pop()
            w = {"user": "username", "post": "postcode", "full": "fullname"}.get(prev, "")
            if not w:
                joined += [prev, "name" if prev == "last" else "code"]
                continue
        joined.append(w)
    return [concept(w) for w in joined if w not in _STOP or w == "#"]


def _why(words: list[str]) -> list[str]:
    """Spanish and Portuguese "por qué" / "por que" (two words) as "why"; "porque" is
    "because" and stays itself."""
    if "por" not in words:
        return words
    out: list[str] = []
    for w in words:
        if out and out[-1] == "por" and w in ("que", "qué", "quê"):
            out[-1] = "why"
            continue
        out.append(w)
    return out


@dataclass(frozen=True)
class FactName:
    """One way of naming a fact: its content concepts and whether an identifier word ends it."""

    fact: str
    content: frozenset[str]
    identifier: bool


# A label worded as an indirect question ("whether I see any transactions I don't
# recognise") is asked for by its content words, said in support's own clause ("are there
# any transactions on it you don't recognise?"): its subject, auxiliaries and quantifiers
# name nothing ("I see" is "you see", "are there", "have you noticed" to a bot).
_WHETHER = re.compile(r"(?i)^\s*(?:whether|if)\b")
_CLAUSE_WORDS = wordset(
    "whether if or not i me my we us you there any anyone anybody anything some see seen "
    "notice noticed have has had do does did don't doesn't didn't haven't hasn't is are was "
    "were am i'm be been being can could still ever currently already yet"
)


@lru_cache(maxsize=512)
def _names(fact: str, label: str) -> tuple[FactName, ...]:
    out: list[FactName] = []
    label = label.partition(CHOICES_SEP)[0]
    for wording in {fact.replace("_", " "), *label.split(LABEL_SEP)}:
        cs = concepts(wording)
        if _WHETHER.match(wording):
            kept = [c for c in cs if c not in _CLAUSE_WORDS]
            cs = kept if kept else cs
        content = frozenset(c for c in cs if c != "#")
        identifier = "#" in cs
        if not content and identifier:  # "pin", "id": the identifier word is the content
            content = frozenset(_stem(w) for w in wording.casefold().split())
            identifier = False
        if "fullname" in content and len(content) == 1:
            out.append(FactName(fact, frozenset({"name"}), False))
        if "birth" in content:  # a birth date is a date: it outranks a bare "date" fact
            content = content | {"date"}
        if content:
            out.append(FactName(fact, content, identifier))
    return tuple(out)


def named_facts(text: str, facts: Mapping[str, str]) -> list[str]:
    """The facts (name -> label) that `text` names, in the mapping's order.

    A more specific naming wins over one it contains: "account PIN" named means the text is
    not also asking for a bare "PIN" fact unless it names that too."""
    order = concepts(text)
    cs = set(order)
    if "fullname" in cs:
        cs.add("name")
    if "birth" in cs:  # "DOB", "birthday": a date too
        cs.add("date")
    if "surname" in cs:  # "surname", "apellido", "Nachname": the last name
        cs |= {"last", "name"}
    which = {concept(w) for m in _WHICH.finditer(text) for w in m.groups() if w}
    has_id = "#" in cs
    # "Which number should the claims handler call you on?": a number to call is a phone,
    # and a word before a noun it modifies ("claims handler") owns no identifier there.
    called = has_id and bool(_CALLED_ON.search(text))
    if called and "phone" not in cs:
        cs.add("phone")
        order = [*order, "phone"]
    hits: dict[str, int] = {}
    matched: dict[str, list[frozenset[str]]] = {}  # the namings the text holds, per fact
    offered: set[str] | None = None
    for fact, label in facts.items():
        if CHOICES_SEP in label:
            offered = _choice_concepts(text) if offered is None else offered
            if _offers_choices(label.partition(CHOICES_SEP)[2], offered):
                hits[fact] = 2
        for name in _names(fact, label):
            if not name.content <= cs:
                continue
            if name.identifier and not has_id and not (name.content & which):
                continue
            if name.identifier and called and not _owns_identifier(name.content, order):
                continue
            hits[fact] = max(hits.get(fact, 0), len(name.content) + name.identifier)
            matched.setdefault(fact, []).append(name.content)
    # Drop a hit whose every naming is a strict subset of another hit's naming ("pin" vs
    # "account pin") when the larger one matched with more concepts; or whose namings the
    # text holds are each only part of a longer hit's it holds too ("email address" names
    # the email, not an `address` fact labelled "delivery address").
    best = max(hits.values(), default=0)
    return [
        f
        for f in facts
        if f in hits
        and (hits[f] == best or not (_shadowed(f, hits, facts) or _inside(f, hits, matched)))
    ]


def _owns_identifier(content: frozenset[str], order: list[str]) -> bool:
    """Some word of the naming is the identifier's owner, not a modifier of another noun:
    the identifier within the next two words ("claim number", "booking confirmation code"),
    or nothing after it ("the number of your claim"). "Which number should the claims
    handler call you on?" asks for no claim number: "claims" there names a handler
    (outsider 23: the simulated customer gave its claim number for a phone number, and
    support was blamed)."""
    for i, c in enumerate(order):
        if c not in content:
            continue
        after = order[i + 1 : i + 3]
        if not after or "#" in after or after[0] in content:
            return True
    return False


def _inside(
    fact: str, hits: Mapping[str, int], matched: Mapping[str, list[frozenset[str]]]
) -> bool:
    mine = matched.get(fact)
    if not mine:
        return False  # read from its choices: no naming to be part of another
    return any(
        score > hits[fact] and all(any(m < t for t in matched.get(other, ())) for m in mine)
        for other, score in hits.items()
        if other != fact
    )


# British and American spellings are one word to a reader ("authorised"/"authorized").
_ISE = re.compile(r"is(e|ed|es|ing|ation|ations)$")


# A yes/no fact's values are said in too many sentences to show what is asked.
_YES_NO = wordset("yes no si oui non ja nein sim nao true false")


def _choice_concepts(text: str) -> set[str]:
    """The concepts of `text` as choice values are matched: without accents, -ise as -ize."""
    return {_ISE.sub(r"iz\1", c) for c in concepts(fold(text))}


@lru_cache(maxsize=512)
def _choice_names(choices: str) -> tuple[frozenset[str], ...]:
    """Each distinct value's content concepts ("account holder" -> {account, holder})."""
    out: list[frozenset[str]] = []
    for value in choices.split(LABEL_SEP):
        content = frozenset(c for c in _choice_concepts(value) if c != "#")
        if content and content not in out and not content <= _YES_NO:
            out.append(content)
    return tuple(out)


def _offers_choices(choices: str, offered: set[str]) -> bool:
    """Two or more of the fact's values are named ("X or Y", "X, Y or Z"), none of them
    only as part of another named one."""
    named = [c for c in _choice_names(choices) if c <= offered]
    return len([c for c in named if not any(c < other for other in named)]) >= 2


def _shadowed(fact: str, hits: Mapping[str, int], facts: Mapping[str, str]) -> bool:
    mine = [n.content for n in _names(fact, facts[fact])]
    for other, score in hits.items():
        if other == fact or score <= hits[fact]:
            continue
        theirs = [n.content for n in _names(other, facts[other])]
        if all(any(m < t for t in theirs) for m in mine):
            return True
    return False


def fact_labels(names: Iterable[str], labels: Mapping[str, str]) -> dict[str, str]:
    """Fact name -> label, defaulting to the name with spaces (Scenario.label's rule)."""
    return {n: labels.get(n, n.replace("_", " ")) for n in names}
