"""Refusals said in the passive or at one remove, read from grammar rather than a verb list.

"Deposits can't be paid over chat", "this ticket won't be reissued by us", "seat changes
cannot be made online": the thing asked for is the subject and what support will not do is a
past participle after a negated modal and "be". Any verb can stand there, so the reader
recognises a participle by its shape (regular -ed/-en forms, plus English's closed class of
irregular ones), not by a list of support actions: a list misses the verb a bot happens to
use ("paid") and the wrongful refusal passes.

What the same shape says that is no refusal:
- a retry is announced ("the warehouse can't be reached right now, I'll try again"): an
  attempt in progress, not a "no";
- the participle is something done *to* the customer, said as reassurance ("you won't be
  charged twice", "your plan won't be affected");
- it sits in a condition ("if it can't be delivered, we refund you") or a question;
- "won't be" is also the plain future ("your order won't be shipped before Monday"): it
  refuses only with the channel, agent or time that rules the request out ("here", "online",
  "over chat", "by us", "any more") or with a verb that performs a support action.
An epistemic "can't be sure/certain" and comparatives ("it can't be easier") are no
participles and are never read.
"""

from __future__ import annotations

import re

from agents.understanding.lexicon import rx, verb_forms, wordset

_MODAL = r"(?:can'?t|cannot|can not|couldn'?t|could not|won'?t|will not|wouldn'?t|would not)"
PASSIVE = rx(
    rf"\b(?P<modal>{_MODAL}) (?:\w+ ){{0,2}}?be (?P<first>[a-z]+)(?: (?P<second>[a-z]+))?\b"
    r"(?P<tail>[^.;!?]*)"
)
# English's irregular past participles that a support action can take ("paid", "made").
_IRREGULAR = wordset(
    "made done paid sent put set split sold bought brought kept held left met told cut spent "
    "lent dealt sought shut hit read let laid said heard found bound built won run given taken "
    "shown seen chosen written broken frozen forgotten driven flown withdrawn overridden "
    "undone redone rewritten mistaken sped swapped got gotten"
)
# Words of -ed/-en shape that are no participle.
_NOT_PARTICIPLE = wordset(
    "even open often then when been ten green keen golden wooden sudden kitchen eleven "
    "between seven heaven token listen garden need feed seed speed bed red shed weed hundred "
    "indeed sure certain able easier better worse"
)
# Done to the customer and said to reassure: "you won't be charged", "nothing will be lost".
_REASSURE = wordset(
    "charged billed debited overcharged penalised penalized fined affected impacted harmed "
    "disappointed bothered disturbed lost hurt blamed stuck stranded surprised worried"
)
_ADVERBS = wordset("now then also just ever even yet still further legally currently")
# What rules a request out: a channel, an agent, a point in time.
_QUALIFIER = rx(
    r"\b(?:here|online|over (?:the )?(?:chat|phone)|by (?:us|me|phone|chat|email|the agent)|"
    r"(?:via|through|in|on) (?:this|the|our) (?:chat|channel|app|website|site|line|platform)|"
    r"via (?:chat|email|phone)|any ?more|at (?:this|that) (?:point|stage)|after \w+|once "
    r"\w+|for (?:this|that|your) (?:\w+ ){0,2}?(?:fare|ticket|booking|order|plan|policy|type)|"
    r"under (?:this|that|the|your)|on (?:this|that|your|a|an) (?:\w+ ){0,2}?(?:fare|ticket|"
    r"booking|order|plan|policy|basis)|in (?:cash|part|person))\b"
)
# An attempt support says it will repeat: "I'll try again", "let me retry", "try later".
_RETRY = rx(
    r"\b(?:i'?ll|i will|we'?ll|we will|let me|let us|i'?m going to|we'?re going to|i can|we "
    r"can) (?:\w+ ){0,2}?(?:try|retry|keep trying|have another)\b"
)
_CONDITION = rx(r"\b(?:if|unless|in case|whether|should (?:it|they|this|that))\b[^,;:]*$")
_SUBJECT_YOU = rx(r"\b(?:you|you'll|you'd)\s*$")
# "That isn't something we can do", "that's not something I'm able to offer", "that's not an
# option", "there's no way for us to", "we're not able to": a refusal said at one remove.
AT_ONE_REMOVE = rx(
    r"(?:\bnot|n't|\bnever) (?:\w+ )?something (?:that )?(?:i|we)(?:'m|'re| am| are)? (?:\w+ )?"
    r"(?:can|could|able|allowed|permitted|authori[sz]ed|do|offer|handle|support|provide)\b|"
    r"(?:\bnot|n't) (?:\w+ )?an option\b|\bno way (?:for (?:me|us) to|(?:i|we) (?:can|could))"
    r"\b|\b(?:is|are|was|were)n'?t (?:\w+ )?(?:possible|permitted|allowed|available|eligible|"
    r"covered)\b"
)


def _participle(word: str) -> bool:
    w = word.casefold()
    if w in _NOT_PARTICIPLE:
        return False
    if w in _IRREGULAR:
        return True
    return len(w) >= 4 and (w.endswith("ed") or w.endswith("en"))


def passive_refusal(text: str) -> bool:
    """True when `text` (one sentence, not a question) refuses in the passive."""
    if _RETRY.search(text):
        return False
    forms = verb_forms()
    for m in PASSIVE.finditer(text):
        first, second = m.group("first").casefold(), (m.group("second") or "").casefold()
        # "can't be easily changed", "won't be now refunded": an adverb before the participle
        adverb = first.endswith("ly") or first in _ADVERBS
        part = second if adverb and second else first
        tail = m.group("tail") if part == second else f" {second}{m.group('tail')}"
        if not _participle(part) or part in _REASSURE:
            continue
        before = text[: m.start()]
        if _CONDITION.search(before) or _SUBJECT_YOU.search(before):
            continue
        modal = m.group("modal").casefold()
        if modal.startswith(("won", "will", "would")):
            performs = part in forms and forms[part][2] == "past"
            if not performs and not _QUALIFIER.search(tail):
                continue
        return True
    return False


def refuses_at_one_remove(text: str) -> bool:
    """True when `text` refuses through a passive or a paraphrase of "we can't"."""
    return bool(AT_ONE_REMOVE.search(text)) or passive_refusal(text)


_EPISTEMIC = re.compile(
    r"\b(?:i|we) (?:really |just |simply )?(?:can'?t|cannot|can not|couldn'?t|could not) be "
    r"(?:\w+ )?(?:sure|certain|positive|100%?)\b",
    re.IGNORECASE,
)


def without_doubt(text: str) -> str:
    """`text` with an admission of uncertainty ("I can't be sure") taken out: it refuses
    nothing, and "I can't" in it must not read as one."""
    return _EPISTEMIC.sub(" ", text)


# The four other languages, on folded text (agents.understanding.languages.fold). Their
# passives ("no se puede pagar", "ne peut pas être remboursé", "kann nicht storniert werden",
# "não pode ser pago") are read by their lexicons' refusal cues, which take any verb.
_FOREIGN_DOUBT = {
    # "asegurar" is also to insure: "no puedo asegurarlo" refuses; "no puedo asegurarle que
    # llegue" doubts (tests/test_actless9_refused_early.py)
    "es": r"\bno (?:puedo|podemos|podria|podriamos) (?:estar (?:del todo |100% )?(?:segur[oa]s?|"
    r"ciert[oa]s?)|asegurar\w* que)",
    "fr": r"\bne (?:peux|pouvons|pourrais|pourrions) pas (?:etre|l'affirmer|affirmer)(?: "
    r"(?:tout a fait |totalement |100% )?(?:sur|certain)e?s?)?",
    "de": r"\b(?:kann|konnen|konnte|konnten) (?:ich |wir )?(?:\w+ )?nicht (?:ganz |mit "
    r"sicherheit |genau |sicher |100% )?(?:sicher sein|sagen|gewiss sein)\b",
    "pt": r"\bnao (?:posso|podemos|poderia) (?:ter|estar|afirmar|garantir)(?: (?:100% )?"
    r"(?:certeza|segur[oa]s?|cert[oa]s?))?",
}
_FOREIGN_REMOVE = {
    "es": r"\bno (?:es|seria|sera) algo que (?:\w+ )?(?:podamos|podemos|pueda|puedo|hacemos|"
    r"hagamos|ofrecemos|ofrezcamos)\b|\bno (?:es|seria) una opcion\b",
    "fr": r"\bn.?(?:est|etait|sera) pas (?:quelque chose|une chose|une option|un service) "
    r"(?:que|qu.)\b|\bn.?(?:est|sera) pas une option\b",
    "de": r"\bnichts,? (?:was|das) (?:ich|wir) (?:\w+ ){0,2}(?:tun|machen|anbieten|erledigen) "
    r"(?:kann|konnen|darf|durfen)\b|\bkeine option\b",
    "pt": r"\bnao (?:e|seria|sera) (?:algo|uma coisa) que (?:\w+ )?(?:possamos|podemos|posso|"
    r"possa|fazemos|facamos|oferecemos)\b|\bnao (?:e|seria) uma opcao\b",
}
FOREIGN_DOUBT = {code: re.compile(body) for code, body in _FOREIGN_DOUBT.items()}
FOREIGN_AT_ONE_REMOVE = {code: re.compile(body) for code, body in _FOREIGN_REMOVE.items()}


def foreign_without_doubt(folded: str, code: str) -> str:
    """Folded text of language `code` with an admission of uncertainty taken out ("je ne
    peux pas être sûr", "ich kann nicht sicher sagen"): it refuses nothing."""
    pattern = FOREIGN_DOUBT.get(code)
    return pattern.sub(" ", folded) if pattern else folded


def foreign_refuses_at_one_remove(folded: str, code: str) -> bool:
    """A refusal at one remove in language `code`: "ce n'est pas quelque chose que nous
    pouvons faire", "no es algo que podamos hacer"."""
    pattern = FOREIGN_AT_ONE_REMOVE.get(code)
    return bool(pattern and pattern.search(folded))
