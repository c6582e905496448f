"""Which kind of action a sentence names, and which kind a domain's tool performs.

A bot that says "I've blocked the card and ordered a replacement" after calling only
`dispute_transaction` claims two writes it never made. To see that, a claimed action and a
tool must be put in the same terms. Both are mapped to a small set of action *families*
(refund, cancel, block, replace, change, book, ...) by one general lexicon of the trade's
verbs and action nouns in English, Spanish, French, German and Portuguese, as a speaker
writes them: stems of every inflection ("bloque" reads "bloqueado", "bloqueé", "bloqueo"),
German participles with their "ge-" ("gesperrt"), and a few whole words where a stem would
read other words ("gele", French "frozen", is also the start of German "gelesen").

A tool's families come from its own name and description (the domain is the user's): the
verb its name starts with ("block_card", "cancel_reservation"), or, when that verb names no
family ("order_replacement_card", "apply_outage_credit", "send_certificate"), the first
family its other words name; plus each verb its description's sentences open or chain with
"and" ("Cancel a pending order and refund its total ..." performs both). A tool whose name
and description name no family (`insure_parcel`) performs an action this lexicon cannot
name: a claim is never held against it, and a write of it may have done anything.

Nothing here decides whether a sentence claims an action (agents.understanding.support
does); it only names what a claim names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from agents.understanding.languages import fold
from agents.understanding.lexicon import wordset
from agents.understanding.object_words import STOP_WORDS, name_parts, singular

# family -> stems (a word starting with one reads as the family; a German participle's
# "ge-" is skipped) and whole words (ending "$"). Grouped per language: en | es | fr | de | pt.
_FAMILIES: dict[str, str] = {
    "refund": "refund reimburs repaid repay "
    "| reembols reintegr | rembours | erstatt ruckerstatt zuruckerstatt zuruckuberwies "
    "| reembols estorn restitu",
    "cancel": "cancel void annul terminat revok withdraw withdrawn$ withdrew$ "
    "| cancel anul | annul resili | storn annullier kundig abgesagt$ zuruckgezog zuruckzieh "
    "| cancel anul",
    # Leave given for something (a rental car, a repair, an exception): "authorised",
    # "autorizado", "autorisé", "bewilligt", "autorizado".
    "authorise": "authoris authoriz | autoriz | autoris | autorisier bewillig | autoriz",
    "block": "block freez frozen$ lock locked$ suspend deactivat disabl "
    "| bloque congel suspend desactiv | bloqu gele$ gelee$ geles$ gelees$ geler$ suspendu "
    "| sperr blockier einfrier eingefror deaktivier | bloque congel suspens desativ",
    "unblock": "unblock unfreez unfrozen$ unlock reactivat reenabl "
    "| desbloque descongel reactiv | debloqu degel reactiv "
    "| entsperr reaktivier aufgetaut$ | desbloque descongel reativ",
    "activate": "activat "
    "| activad activo$ activar$ | activee$ activ | aktivier freigeschalt "
    "| ativad ativei$ ativar$",
    "replace": "replac reissu reship | reemplaz sustitu | remplac | ersetz ersatz | substitu",
    "resend": "resend resent$ | reenvi | renvoy reexped | | reenvi",
    "redirect": "redirect rerout forwarded$ "
    "| redirig desvi | redirig reachemin | umgeleitet$ umleit weitergeleitet$ umadressiert$ "
    "| redirecion desvi reencaminh",
    # Goods sent back to whoever sent them ("returned to sender", "devuelto", "retourné",
    # "zurückgeschickt", "devolvido"); with money named it is a refund (clause_family).
    "return": "return | devolv devuelt | retourn | zuruckgesend zuruckgesandt zuruckgeschick "
    "zurucksend zuruckschick retournier | devolv",
    "exchange": "exchang swap | canje | echang | umgetausch umtausch | troca$ trocad troquei$",
    "rebook": "rebook | | | umbuch umgebucht$ | remarc",
    "change": "chang updat modif amend edited$ corrected$ reschedul "
    "| cambi modific actualiz corregi reprogram "
    "| modifi chang rectifi "
    "| geandert$ andern$ anderung aktualisier korrigier "
    "| alterad alterei$ alterou$ atualiz modific corrig mudad mudei$",
    "upgrade": "upgrad | upgrad | surclass | upgegrad hochgestuft$ | upgrad",
    "transfer": "transferr transfer$ wired$ | transfer | virement vire$ viree$ | uberwies uberweis "
    "| transfer",
    "book": "book$ booked$ reserv | reserv | reserv | gebucht$ buchung buchen$ reservier | reserv",
    "waive": "waiv | exoner condon | exoner | erlass$ erlassen$ | isent dispens",
    "credit": "credit compensat voucher "
    "| abon acredit compens cupon | credit dedommag | gutgeschrieb gutschrift gutschreib "
    "entschadig gutschein | credit compens cupom",
    "reset": "reset | restablec reinici | reinitialis | zuruckgesetzt$ zurucksetz "
    "| redefin reinici",
    "dispute": "disput chargeback contest "
    "| disput impugn | contest litige | reklamier reklamation beanstand widerspruch "
    "| contest disput",
    "renew": "renew extend extension$ prolong "
    "| renov prorrog | renouvel prolong | verlanger erneuer | renov prorrog prolong",
}
# "a new card", "una tarjeta nueva": what a generic verb ("ordered", "solicitado") sends.
_NEW = wordset(
    "new nuevo nueva nuevos nuevas nouveau nouvelle nouveaux neue neuen neuer neues novo nova novos"
)
# Verbs of making something (folded stems; a German participle's "ge-" is skipped): an action
# noun is the claim only as their object ("ordered a replacement", "emitido un reembolso",
# "eine Gutschrift veranlasst"); after any other verb it is what was looked at ("I've pulled
# up the reservation", "he localizado la reserva").
_MAKING = (
    "order", "issu", "process", "made", "make", "plac", "arrang", "submitt", "open", "filed",
    "request", "sent", "send", "initiat", "rais", "logged", "creat", "appli", "posted",
    "mailed", "shipp", "dispatch", "put through",
    "pedi", "solicit", "emit", "tramit", "hech", "hice", "realiz", "gestion", "procesad",
    "abiert", "abri", "cread", "envi", "aplicad", "registr",
    "command", "demand", "emis", "effectu", "trait", "fait", "ouvert", "cree", "envoy",
    "appliqu", "enregistr", "lance",
    "bestell", "beantrag", "veranlass", "ausgestellt", "bearbeit", "eroffnet", "erstellt",
    "schickt", "verschickt", "sendet", "angelegt", "eingeleitet", "aufgegeben",
    "fiz", "feito", "abert", "criad", "tratad",
)  # fmt: skip
# Families said for one another: "the fee has been credited back" may be the refund made,
# "I've changed your seat to business" the upgrade. A claim of one is made by a write of
# any of them.
_SAID_FOR: dict[str, frozenset[str]] = {
    **dict.fromkeys(("refund", "credit", "waive"), frozenset({"refund", "credit", "waive"})),
    **dict.fromkeys(("change", "upgrade", "exchange"), wordset("change upgrade exchange")),
    "replace": frozenset({"replace", "exchange"}),
    "rebook": frozenset({"rebook", "change", "book"}),
}
# Families that stand in for one another only where a domain has no tool of the claimed one:
# "I've cancelled your card" where the bank's tool blocks it.
_STAND_IN: dict[str, frozenset[str]] = {
    "upgrade": frozenset({"change"}),
    "exchange": frozenset({"replace", "change"}),
    "rebook": frozenset({"change", "book"}),
    "credit": frozenset({"refund"}),
    "waive": frozenset({"refund", "credit"}),
    "block": frozenset({"cancel"}),
    "cancel": frozenset({"block"}),
    "unblock": frozenset({"activate"}),
    "activate": frozenset({"unblock"}),
}
# Money moved, not a person passed on: a transfer claim names one of these (or an amount).
_MONEY = re.compile(
    r"\b(?:money|funds?|amount|balance|payment|sum|dinero|fondos|importe|saldo|pago|argent|"
    r"fonds|montant|solde|paiement|somme|geld|betrag|guthaben|summe|dinheiro|fundos|valor|"
    r"quantia|pagamento)\b|\d[\d.,]*\s?(?:eur|usd|gbp|\$|€|£)|[$€£]\s?\d"
)
_WORD = re.compile(r"[a-z0-9$€£]+")
# Word endings of a participle or a past (a verb said as done): "blocked", "bloqueado",
# "gesperrt"/"storniert"; a noun's ("replacement", "reembolso", "Sperrung") are not.
_PARTICIPLE = ("ed", "en", "ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas", "iert")
# Irregular pasts of "devolver" (es/pt): "devuelto", "devolví", "devolveu".
_IRREGULAR_DONE = (
    "uelto", "uelta", "ueltos", "ueltas", "olvi", "olvio", "olveu", "olvemos", "withdrawn",
    "withdrew",
)  # fmt: skip
_NOUN = ("ment", "tion", "sion", "cion", "cao", "ung", "ing", "ance", "ence", "o", "a", "al")


def _entries(spec: str) -> tuple[tuple[str, ...], frozenset[str]]:
    words = spec.replace("|", " ").split()
    stems = tuple(sorted({w for w in words if not w.endswith("$")}, key=len, reverse=True))
    whole = frozenset(w[:-1] for w in words if w.endswith("$"))
    return stems, whole


@lru_cache(maxsize=1)
def _lexicon() -> tuple[tuple[str, tuple[str, ...], frozenset[str]], ...]:
    # "unblock" before "block", "reactivate" before "activate": the longer reading wins.
    order = ["unblock", "rebook", *(f for f in _FAMILIES if f not in ("unblock", "rebook"))]
    return tuple((f, *_entries(_FAMILIES[f])) for f in order)


@lru_cache(maxsize=4096)
def family_of_word(word: str) -> str | None:
    """The family a folded word names, if any ("gesperrt" -> block, "refunds" -> refund)."""
    for family, stems, whole in _lexicon():
        if word in whole:
            return family
        bare = word[2:] if word.startswith("ge") and len(word) > 5 else None
        for stem in stems:
            if word.startswith(stem) or (bare is not None and bare.startswith(stem)):
                return family
    return None


def verb_like(word: str) -> bool:
    """Said as a verb done ("cancelled", "anulado", "storniert", "annulé"), not its noun
    ("cancellation", "anulación", "Stornierung", "Änderungen")."""
    if word.endswith(("ungen", "ionen")):
        return False
    if word.endswith(_IRREGULAR_DONE):
        return True
    if word.endswith(_PARTICIPLE) or (word.startswith("ge") and word.endswith("t")):
        return True
    if word.endswith(_NOUN):
        return False
    return word.endswith(("e", "es", "ee", "ees", "ei", "ou", "te", "t"))


def _makes_something(tokens: list[str]) -> bool:
    """A verb of making in the clause, not its noun ("your order", "su pedido", "la
    demande": after a determiner)."""
    for i, t in enumerate(tokens):
        making = t.startswith(_MAKING) or (t.startswith("ge") and t[2:].startswith(_MAKING))
        if making and (i == 0 or tokens[i - 1] not in _DETERMINERS):
            return True
    return False


# Determiners and possessives (a noun follows), and prepositions (what follows is not the
# thing made: "the payment has been applied to this reservation"), in five languages.
_DETERMINERS = wordset(
    "the a an your my our this that his her their su sus el la los las un una mi tu "
    "votre vos le les un une mon ma ton ta ce cette ihr ihre ihren ihrem der die das den "
    "dem ein eine einen seu sua seus suas o os as um uma meu minha"
)
_PREPOSITIONS_ANY = wordset(
    "to for on in of with from at into onto about para por en de del con sobre a au aux "
    "pour sur dans du des avec an auf fur zu zur zum im von vom mit bei ao em no na do da "
    "com"
)


# Sent again: a verb of sending and a word of repetition, in five languages.
_SENT_AGAIN = re.compile(
    r"\b(?:sent|send|emailed|mailed|envi\w*|envoy\w*|gesendet|geschickt|zugesandt|"
    r"zugeschickt|schick\w*|sende\w*)\b.*\b(?:again|de nuevo|otra vez|nuevamente|a nouveau|"
    r"de nouveau|encore|erneut|nochmals?|noch einmal|novamente|de novo)\b|"
    r"\b(?:again|erneut|nochmals?|noch einmal)\b.*\b(?:sent|gesendet|geschickt|zugesandt|"
    r"zugeschickt)\b"
)
# Sent back: a verb of sending with "back" after it ("sent the bike back", "posted it back to
# you"); the English phrase a return is said by as often as by "returned".
_SENT_BACK = re.compile(
    r"\b(?:sent|send|posted|post|shipped|ship|mailed|mail)\b(?:\s+[\w'-]+){0,4}?\s+back\b"
)
_SENDING = wordset("send post ship mail")
# A means of payment named after an action ("credit card", "tarjeta de crédito") names none.
_PAYMENT = re.compile(
    r"\bcredit cards?\b|\btarjetas? de credito\b|\bcartes? de credit\b|"
    r"\bcart(?:ao|oes) de credito\b"
)


# French "mettre à jour" (to update) is three words: read as one, a change.
_UPDATE = re.compile(r"\b(?:mis|mise|mises|mettre|mets|met|mettons)\s+a\s+jour\b")


def words(text: str) -> list[str]:
    folded = _UPDATE.sub(" modifie ", _PAYMENT.sub(" card ", fold(text)))
    return _WORD.findall(folded)


def clause_family(clause: str) -> str | None:
    """The action a clause names: its first family word said as a verb, else its first
    family noun ("ordered a replacement" -> replace, "The cancellation fee has been waived"
    -> waive) when a verb of making governs it, or "new" + a thing ("pedido una tarjeta
    nueva") -> replace. A transfer is money
    moved only when the clause names money or an amount ("transferred you" is a handover)."""
    found: list[tuple[str, bool]] = []
    tokens = words(clause)
    for i, word in enumerate(tokens):
        family = family_of_word(word)
        if family is None:
            continue
        verb = verb_like(word)
        if not verb and set(tokens[max(0, i - 2) : i]) & _PREPOSITIONS_ANY:
            continue  # "applied to this reservation": not what was made
        found.append((family, verb))
    family = next((f for f, verb in found if verb), None)
    if family is None and _makes_something(tokens):
        family = next((f for f, _ in found), None)
    if family is None and _SENT_AGAIN.search(fold(clause)):
        family = "resend"  # "sent the pickup code again", "erneut gesendet", "de nuevo"
    if family is None and _SENT_BACK.search(fold(clause)):
        family = "return"  # "sent the bike back to you"
    if family is None and _makes_something(tokens) and any(w in _NEW for w in tokens):
        family = "replace"
    if family == "transfer" and not _MONEY.search(fold(clause)):
        return None
    if family == "return" and _MONEY.search(fold(clause)):
        return "refund"  # "he devuelto el dinero", "sent the money back"
    return family


def kin(family: str) -> frozenset[str]:
    """The family and those said for it: a write of any of them makes the claim."""
    return _SAID_FOR.get(family, frozenset({family}))


def stand_ins(family: str) -> frozenset[str]:
    """The families whose tools perform the claim where no tool of its own family does."""
    return _STAND_IN.get(family, frozenset())


_DESCRIPTION_VERB = re.compile(r"(?:^|[.;:!?]\s+|\band (?:then )?|\bthen )([A-Za-z]+)")


def _named(first: str, rest: Iterable[str]) -> str | None:
    """The family of a verb, or of what a verb without one acts on ("order replacement")."""
    family = family_of_word(first)
    if family is not None:
        return family
    rest = list(rest)
    if first in _SENDING and "back" in rest:
        return "return"  # `send_back_parcel`, "Post a parcel back to its sender"
    found = next((f for f in map(family_of_word, rest) if f is not None), None)
    return found or ("replace" if any(w in _NEW for w in rest) else None)


@lru_cache(maxsize=1024)
def tool_families(name: str, description: str) -> frozenset[str]:
    """The families a tool performs, read from its name and description (see module doc)."""
    found: set[str] = set()
    parts = name_parts(name)
    if parts:
        family = _named(parts[0], parts[1:])
        if family is not None and (family != "transfer" or _MONEY.search(fold(description))):
            found.add(family)
    for match in _DESCRIPTION_VERB.finditer(description or ""):
        after = words(description[match.start(1) :])[:4]
        if not after:
            continue
        # The verb's object up to the first preposition: "Send a replacement for a blocked
        # card" names a replacement, not a block.
        head = after[0]
        if family_of_word(head) is None and head not in _OPENING_VERBS:
            continue
        obj: list[str] = []
        for w in after[1:]:
            if w in _PREPOSITIONS:
                break
            obj.append(w)
        family = _named(head, obj)
        if family is not None and family != "transfer":
            found.add(family)
    return frozenset(found)


# Verbs a tool description opens with that take their family from their object.
_OPENING_VERBS = wordset(
    "order issue open send mail post ship dispatch apply arrange create make place submit "
    "file raise process request add put give grant log initiate start"
)
_PREPOSITIONS = wordset(
    "for to from of on at by with after before in into when if"
)  # fmt: skip


@lru_cache(maxsize=1024)
def tool_words(name: str, description: str) -> frozenset[str]:
    """What a tool acts on, as words: its name's and its description's first sentence's
    words (singular, three letters or more) but those of the actions it performs
    ("cancel_reservation" acts on a reservation)."""
    own = tool_families(name, description)
    first = re.split(r"(?<=[.!?])\s", description or "", maxsplit=1)[0]
    pool = name_parts(name) + words(first)
    return frozenset(
        singular(w)
        for w in pool
        if len(w) >= 3 and w not in STOP_WORDS and family_of_word(w) not in own
    )


def moves_money(description: str, parameters: Mapping[str, object]) -> bool:
    """A tool that may move money: its description or a parameter's name names money, a
    payment or an amount (`payment_id`, "refund the difference to ...")."""
    props = parameters.get("properties") if isinstance(parameters, Mapping) else None
    names = " ".join(str(k).replace("_", " ") for k in props) if isinstance(props, Mapping) else ""
    return bool(_MONEY.search(fold(f"{description} {names}")))
