"""Does a policy ask for the customer's yes before support writes, and before which writes?

Policies are written by people, in their own words and in any of five languages: "obtain
explicit user confirmation (yes) to proceed", "get a clear yes before changing", "never cancel
without the customer's consent", "confirme con el cliente antes de cancelar", "sans l'accord
du client", "erst nach ausdrücklicher Zustimmung", "só depois de o cliente confirmar". A
sentence asks for the yes when it names an agreement of the customer (a yes, a go-ahead,
consent, approval, agreement, a confirmation that is the customer's or asked of them) as a
condition of acting; confirming a fact ("confirm the delivery address", "confirm the cancelled
flight is on it", "a deletion request must be confirmed from the account email") is checking,
not asking leave, and does not count.

Which writes it covers: a sentence that speaks of actions in general ("any action that
updates the booking database", "every change") covers every write; else the writes whose
tool's verb the sentence names ("before changing" covers `change_flight_date`, "a blocked
card cannot be unblocked, so confirm first" covers `block_card`, not `order_replacement_card`);
a sentence that names none of the domain's writing verbs (a policy in another language than
its tool names) covers every write, since it cannot be told which it means.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["consent_sentences", "writes_needing_consent"]

_SENTENCE = re.compile(r"[^.;!?\n]+(?:[.;!?\n]|$)")
# A yes of the customer, named in five languages.
_YES_NOUN = (
    r"(?:(?:a |an |the |their |his |her |your )?(?:customer'?s |user'?s |caller'?s |client'?s )?"
    r"(?:clear |explicit |express |verbal |written |positive |firm |definite )*"
    r"(?:yes|go-?ahead|ok|okay|approval|consent|agreement|permission|say-so))"
)
_ASKS_YES = re.compile(
    r"(?i)(?:"
    # English
    r"\bexplicit(?:ly)? (?:\w+ ){0,3}(?:confirm|agree|consent|approv)|"
    r"\b(?:get|obtain|receive|have|wait for|ask for|need|require|secure|request)s? "
    r"(?:\w+ ){0,3}?"
    rf"{_YES_NOUN}\b|"
    r"\b(?:get|obtain|receive|wait for|ask for|need|require|request)s? (?:the |a |their |an )?"
    r"(?:\w+ ){0,2}confirmation (?:from|of) the (?:customer|user|caller|client)\b|"
    r"\b(?:get|obtain|receive|wait for|ask for|request) (?:the |a |their |an )?"
    r"(?:(?:customer|user|caller|client)'?s )?(?:explicit |clear |verbal )?confirmation\b|"
    r"\bconfirmation (?:\w+ ){0,4}?(?:before|prior to)\b|"
    r"\bconfirm(?:ation)? (?:it )?with the (?:customer|user|caller|client)\b|"
    r"\bconfirm (?:first|beforehand|before (?:\w+ing|any|you|acting|proceeding|making))\b|"
    r"\b(?:customer|user|caller|client)s? (?:must|has to|have to|needs? to|should) "
    r"(?:first |explicitly |clearly )?(?:confirm|agree|approve|consent|say yes|accept)\b|"
    r"\b(?:only|never) (?:after|once|until|when|unless) (?:the |they |he |she )?"
    r"(?:customer |user |caller |client )?(?:has |have )?(?:confirm|agree|approv|consent|"
    r"accept|sa(?:y|id) yes)|"
    r"\b(?:before|until|till|after|once|when) (?:the |a )?(?:customer|user|caller|client) "
    r"(?:has |have |explicitly |clearly )?(?:confirm|agree|approv|consent|accept|"
    r"sa(?:y|id|ys) yes|ok)|"
    r"\bconfirm (?:\w+ ){0,4}?before (?:\w+ing|any|making|acting|proceeding|you)\b|"
    r"\bwithout (?:a |an |the |their )?(?:(?:customer|user|caller|client)'?s )?"
    r"(?:clear |explicit |express )?(?:yes|go-?ahead|ok|okay|approval|consent|agreement|"
    r"permission|confirmation)\b|"
    # Spanish
    r"\bconfirmaci[óo]n (?:expl[íi]cita|expresa|clara)|"
    r"\b(?:obtener|pedir|conseguir|tener|esperar|recibir|solicitar) (?:\w+ ){0,2}?"
    r"(?:la |el |un |una |su )?"
    r"(?:confirmaci[óo]n|aprobaci[óo]n|autorizaci[óo]n|consentimiento|conformidad|visto bueno|"
    r"s[íi] (?:claro|expl[íi]cito))|"
    r"\bconfirm(?:ar|e|a) con el cliente|"
    r"\bsin (?:la |el |su )?(?:confirmaci[óo]n|aprobaci[óo]n|autorizaci[óo]n|consentimiento|"
    r"conformidad|visto bueno) del? (?:cliente|usuario)|"
    r"\bel (?:cliente|usuario) (?:debe|tiene que|ha de) (?:\w+ )?(?:confirmar|aceptar|aprobar|"
    r"autorizar|dar su)|\bs[óo]lo (?:despu[ée]s de|cuando|tras) (?:que )?(?:el cliente )?"
    r"(?:confirm|acept|aprueb|autoric|la confirmaci[óo]n|el visto bueno|un s[íi])|"
    r"\b(?:antes de|despu[ée]s de|hasta) que (?:el|la) (?:cliente|usuari[oa]) (?:\w+ )?"
    r"(?:confirme|acepte|apruebe|autorice|d[ée] su|diga que s[íi])|"
    # French
    r"\bconfirmation (?:explicite|expresse|claire)|\baccord (?:explicite|express|clair)|"
    r"\b(?:obtenir|demander|avoir|attendre|recevoir|recueillir) (?:\w+ ){0,2}?"
    r"(?:la |le |l'|un |une |son |leur )?(?:confirmation|accord|approbation|autorisation|"
    r"consentement|feu vert|oui (?:clair|explicite))|"
    r"\bconfirmer avec le client|"
    r"\bsans (?:la |le |l'|son )?(?:confirmation|accord|approbation|autorisation|consentement|"
    r"feu vert) du client|"
    r"\ble client doit (?:\w+ )?(?:confirmer|accepter|approuver|donner son accord)|"
    r"\b(?:seulement|uniquement|qu') ?apr[èe]s (?:que le client|l'accord|la confirmation|"
    r"un oui)|"
    r"\b(?:avant|apr[èe]s) que le client (?:\w+ )?(?:confirme|accepte|approuve|donne son accord|"
    r"ait (?:confirm|accept|approuv|donn))|"
    # German
    r"\b(?:ausdr[üu]ckliche|explizite|klare)[rns]? (?:\w+ )?(?:best[äa]tigung|zustimmung|"
    r"einwilligung|einverst[äa]ndnis|ja)\b|"
    r"\b(?:best[äa]tigung|zustimmung|einwilligung|einverst[äa]ndnis|freigabe|ein klares ja)"
    r" (?:\w+ ){0,3}(?:einholen|abwarten|bekommen|erhalten|haben)|"
    r"\bohne (?:die |das |seine |ihre )?(?:best[äa]tigung|zustimmung|einwilligung|"
    r"einverst[äa]ndnis|freigabe|ja) (?:des|der) (?:kunden|kundin)|"
    r"\b(?:der kunde|die kundin) (?:muss|soll) (?:\w+ )?(?:best[äa]tigen|zustimmen|einwilligen)|"
    r"\berst (?:nach|wenn) (?:der |die |einem |einer )?(?:kunde |kundin )?(?:\w+ )?"
    r"(?:best[äa]tig|zustimm|einwillig|ja )|\bmit (?:dem|der) (?:kunden|kundin) abstimmen\b|"
    r"\b(?:bevor|nachdem|sobald) (?:der kunde|die kundin) (?:\w+ )?(?:best[äa]tig|zustimm|"
    r"einwillig|ja sagt)|"
    # Portuguese
    r"\bconfirma[çc][ãa]o (?:expl[íi]cita|expressa|clara)|"
    r"\b(?:obter|pedir|conseguir|ter|esperar|receber|solicitar) (?:\w+ ){0,2}?"
    r"(?:a |o |um |uma |sua )?"
    r"(?:confirma[çc][ãa]o|aprova[çc][ãa]o|autoriza[çc][ãa]o|consentimento|concord[âa]ncia|"
    r"sim (?:claro|expl[íi]cito))|"
    r"\bconfirmar com o cliente|"
    r"\bsem (?:a |o |sua )?(?:confirma[çc][ãa]o|aprova[çc][ãa]o|autoriza[çc][ãa]o|"
    r"consentimento|concord[âa]ncia) do (?:cliente|usu[áa]rio)|"
    r"\bo cliente (?:deve|precisa|tem que|tem de) (?:\w+ )?(?:confirmar|aceitar|aprovar|"
    r"autorizar|concordar)|\bs[óo] (?:depois|ap[óo]s|quando) (?:que |de )?(?:o cliente )?"
    r"(?:confirm|aceit|aprov|autoriz|concord|a confirma[çc][ãa]o|um sim)|"
    r"\b(?:antes|depois|ap[óo]s|at[ée]) (?:que |de )?o (?:cliente|usu[áa]rio) (?:\w+ )?"
    r"(?:confirm|aceit|aprov|autoriz|concord|dizer sim)"
    r")"
)
# Confirming a fact is checking it, not asking leave: "confirm the delivery address", "confirm
# they are the account holder", "must be confirmed from the account email".
_FACT_CONFIRM = re.compile(
    r"(?i)\bconfirm(?:ed|s)? (?:that |the (?!customer|user|caller|client)|they |their (?!yes)|"
    r"it is|from |by |service|who |which |whether )"
)
# Actions in general: a sentence about any write covers them all.
_GENERAL = re.compile(
    r"(?i)\b(?:any|every|all|each) (?:\w+ )?(?:actions?|changes?|writes?|updates?|modifications?|"
    r"operations?)\b|\bupdates? the (?:\w+ )?(?:database|records?|account|system)\b|"
    r"\bcualquier (?:acci[óo]n|cambio|modificaci[óo]n)|\btoda (?:acci[óo]n|modificaci[óo]n)|"
    r"\btout(?:e)? (?:action|modification|changement)|\bjede[rns]? (?:aktion|[äa]nderung|handlung)|"
    r"\bqualquer (?:a[çc][ãa]o|altera[çc][ãa]o|mudan[çc]a)"
)
# A confirmation that is a condition of acting ("confirm the items before submitting").
_BEFORE_ACTING = re.compile(
    r"(?i)\b(?:yes|go-?ahead|consent|approval|agreement|permission)\b|"
    r"\bbefore (?:\w+ing|any|making|acting|proceeding)\b"
)
_WORD = re.compile(r"[a-zà-ÿ]+")


def consent_sentences(policy: str) -> list[str]:
    """The sentences of `policy` that ask for the customer's yes before support acts."""
    return list(_consent_sentences(policy))


@lru_cache(maxsize=512)
def _consent_sentences(policy: str) -> tuple[str, ...]:
    """Cached by the policy's text: a scenario's policy is read again for every conversation
    of it that writes (the write-consent check), and reading one costs 0.3-0.8 ms of CPU
    (the yes patterns in five languages over each sentence), 1-2% of a scripted run."""
    found: list[str] = []
    for sentence in _SENTENCE.findall(policy):
        match = _ASKS_YES.search(sentence)
        if match is None:
            continue
        if _FACT_CONFIRM.search(sentence) and not _BEFORE_ACTING.search(sentence):
            continue  # "confirm the delivery address with the customer": a check of a fact
        found.append(sentence.strip())
    return tuple(found)


def writes_needing_consent(policy: str, writes: Iterable[str]) -> frozenset[str]:
    """The names among `writes` (tools that write) that need the customer's yes first."""
    names = sorted(set(writes))
    covered: set[str] = set()
    for sentence in consent_sentences(policy):
        if _GENERAL.search(sentence):
            return frozenset(names)
        words = _WORD.findall(sentence.lower())
        named = {n for n in names if _verb_named(n, words)}
        covered |= named or set(names)
    return frozenset(covered)


def _verb_named(tool: str, words: list[str]) -> bool:
    """The tool's verb (its first part: `change` of `change_flight_date`) is a word of the
    sentence in any form ("changing", "changed", "unblocked" holds "block")."""
    verb = re.split(r"[_\-.]|(?<=[a-z])(?=[A-Z])", tool)[0].lower()
    if len(verb) < 3:
        return False
    stem = verb[:-1] if verb.endswith("e") and len(verb) > 4 else verb
    return any(stem in w for w in words)
