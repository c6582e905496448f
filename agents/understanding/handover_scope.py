"""Does a policy make support verify the customer before handing them over?

A handover is no write, so the verify rule (`support.verify`: no resolve or refuse before
the facts) never covered it. Whether a desk must verify before passing someone on is the
policy's to say, and policies say it in their own words and in any of five languages:

- **before any action**: verification is required before anything at all is done for the
  customer or on the account ("verify the member before taking any action on the account",
  "before doing anything", "antes de cualquier gestión", "avant toute action", "vor jeder
  Bearbeitung", "antes de qualquer ação"); not "before changing anything" or "before any
  action that updates the database", which name writes only;
- **a handover named after verification**: one sentence verifies and then hands over
  ("check them with verify_member, then hand the member to a duty manager", "verify the
  caller before transferring", "transfer only verified customers", "if the customer asks
  for a person, verify them first, then transfer them", "verifique ... y luego
  páselo con", "vérifiez ... puis transférez", "prüfen Sie ... und leiten Sie dann ...
  weiter", "verifique ... e depois transfira").

A sentence that lets anyone be handed over ("anyone may be transferred at any time",
"transfer without verification", "no verification is needed for a transfer") wins over
both. A policy that says none of this ("If the customer asks for a person, use
transfer_to_staff") lets support hand over whoever asks: no finding.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["verifies_before_handover"]

_SENTENCE = re.compile(r"[^.;!?\n]+(?:[.;!?\n]|$)")
_VERIFY = (
    r"(?:verif\w*|v[ée]rifi\w*|check(?:s|ed|ing)?|authenticat\w*|identif\w*|validat\w*|"
    r"confirm (?:\w+ )?identity|confirm who (?:they are|you are talking to|the customer is|"
    r"you'?re talking to)|comprob\w*|compruebe|autentic\w*|valid(?:ar|e|ez|er|ieren)|"
    r"contr[ôo]le[rz]|authentifi\w*|pr[üu]f\w*|verifizier\w*|identifizier\w*|"
    r"authentifizier\w*|abgleich\w*|gleichen sie)"
)
# A verb of passing the customer on, with where to (a money transfer has no "to a person"),
# or with the customer as its object ("verify them first, then transfer them", "transfer the
# customer with transfer_to_agent once verified": outsider 21; "transfiéralo", "transférez-le",
# "transfira-o"; money is no "them").
_HAND = (
    r"(?:(?:hand|transfer|pass|connect|route|escalate)\w* (?:them|him|her|the (?:customer|"
    r"caller|member|user|client|guest|patient|sender|recipient|person))\b|"
    r"(?:transfi[eé]r|transfer|p[áa]s|deriv)\w*(?:lo|la|le|los|las|les)\b|"
    r"(?:transf[eé]rez|passez|transfira|transfere|encaminhe)-(?:le|la|les|o|a|os|as)\b|(?:hand(?:s|ed|ing)?|transfer(?:s|red|ring)?|pass(?:es|ed|ing)?|connect\w*|route\w*|"
    r"put|p[áa]s(?:e|ar|arle|elo|ela|a)|transfi[eé]r\w*|transfer\w*|deriv(?:e|ar|arle|elo|ela)|"
    r"transf[ée]r(?:ez|er)|passe[rz]?|transf\w*|encaminh\w*)(?: \w+){0,3}? (?:to|over|through|"
    r"on to|con|al?|à|au|vers|para|an)\b|escalat\w*|escal(?:e|ar|arlo|ela)\b|"
    r"mett\w* en relation|weiterleit\w*|leiten sie (?:\w+ ){0,6}weiter|[üu]bergeb\w*|"
    r"verbind\w*|eskalier\w*|durchstell\w*)"
)
_THEN = (
    r"(?:then|and only then|after that|afterwards|before|prior to|luego|despu[ée]s|entonces|"
    r"antes de|ensuite|puis|avant de|apr[èe]s|dann|danach|anschlie[ßs]end|bevor|depois|"
    r"em seguida|antes de)"
)
_ONLY_AFTER = (
    r"(?:only (?:after|once|when|if)|not (?:before|until)|solo (?:despu[ée]s|cuando|si)|"
    r"s[óo]lo (?:despu[ée]s|cuando|si)|seulement (?:apr[èe]s|si|une fois)|"
    r"qu'apr[èe]s|erst (?:nach|wenn)|nur (?:nach|wenn)|s[óo] (?:depois|ap[óo]s|quando|se))"
)
_VERIFIED = (
    r"(?:verified|authenticated|identified|checked|verificad\w*|identificad\w*|v[ée]rifi[ée]\w*|"
    r"identifi[ée]\w*|gepr[üu]ft\w*|verifiziert\w*|identifiziert\w*|verificad\w*|autenticad\w*)"
)
_BEFORE_ANY = re.compile(
    r"(?i)\b(?:before|prior to|until) (?:(?:doing|taking|performing|starting|handling|"
    r"processing|acting on|helping (?:with|on)) )?any(?:thing)?\b(?!(?: \w+)? (?:changes?|updates?|"
    r"writes?|modifications?|refunds?|cancel\w*|payments?|details?|account details?)\b)"
    r"(?!(?: \w+){0,2} (?:that|which) (?:update|change|modif|write|alter))|"
    r"\b(?:before|prior to) (?:acting|helping|assisting)\b|"
    r"\bantes de (?:(?:cualquier|toda)\b(?! (?:cambio|modificaci|reembolso|cancelaci|pago))|"
    r"nada|hacer nada|ayudar|atender)|"
    r"\bavant (?:(?:toute|tout)\b(?! (?:modification|changement|remboursement|annulation|"
    r"paiement))|quoi que ce soit|de faire quoi que ce soit|d'aider)|"
    r"\b(?:(?:vor jeder|vor jedem)\b(?! (?:[äa]nderung|erstattung|stornierung|zahlung))|"
    r"bevor sie (?:irgend)?etwas|vor allem anderen)|"
    r"\bantes de (?:(?:qualquer)\b(?! (?:altera|mudan|reembolso|cancelamento|pagamento))|"
    r"fazer qualquer|ajudar|atender)"
)
_ANYONE = re.compile(
    r"(?i)\b(?:any(?:one|body)|every (?:customer|caller)|whoever|at any (?:time|point)) "
    r"(?:\w+ ){0,4}?(?:may|can|is to) be (?:\w+ ){0,2}?(?:transferred|handed|passed|escalated|"
    r"connected)|"
    r"\b(?:transfer|hand|pass|escalat)\w*(?: \w+){0,6} (?:without|even before|regardless of|"
    r"whether or not)\b(?: \w+){0,3} (?:verif|check|identif|authentic)|"
    r"\bno (?:verification|check|identification) (?:\w+ ){0,3}(?:needed|required|necessary) "
    r"(?:\w+ ){0,3}(?:transfer|hand|pass|escalat)|"
    r"\bsin (?:necesidad de )?(?:verificar|comprobar|identificar)|\bsans (?:v[ée]rifi|contr[ôo]l|"
    r"identifi)|\bohne (?:\w+ )?(?:pr[üu]fung|verifizierung|identifizierung)|"
    r"\bsem (?:verificar|verifica[çc][ãa]o|identifica[çc][ãa]o)"
)
_SEQUENCE = re.compile(
    rf"(?i)\b{_VERIFY}\b(?=[^.;!?]*?\b{_THEN}\b)(?=[^.;!?]*?\b{_HAND})|"
    rf"\b(?:hand|transfer|pass|escalat|connect|route)\w*(?: over| on)? only {_VERIFIED}|"
    rf"\b(?:before|prior to|antes de|avant de|bevor|vor (?:der|dem))\b[^.;!?]{{0,60}}?\b{_HAND}"
    rf"(?:[^.;!?]*?)\b{_VERIFY}|"
    rf"\b{_HAND}(?:[^.;!?]*?)\b(?:once|after|when|una vez|cuando|une fois|apr[èe]s|sobald|"
    rf"nachdem|depois de|assim que)\b (?:\w+ ){{0,3}}?(?:{_VERIFIED}|verification|"
    rf"verificaci[óo]n|v[ée]rification|pr[üu]fung|verifica[çc][ãa]o)|"
    rf"\b{_HAND}(?:[^.;!?]*?)\b{_ONLY_AFTER}\b(?:[^.;!?]*?)\b(?:{_VERIFY}|{_VERIFIED})|"
    rf"\b{_HAND}\w* only {_VERIFIED}|\bonly {_VERIFIED} (?:\w+ ){{0,2}}(?:may|can|are|get)\b"
    rf"(?:[^.;!?]*?)\b{_HAND}|\b{_VERIFY}\w*(?: \w+){{0,12}}(?:,| and) (?:\w+ ){{0,2}}?then\b"
    rf"(?:[^.;!?]*?)\b{_HAND}"
)
# Before any action, the verification named must be of the customer, not of a record's state
# ("check the order status before acting"): a bare "check" does not count there.
_GENERAL_VERIFY = re.compile(
    r"(?i)\b(?:verif\w*|v[ée]rifi\w*|authenticat\w*|identif\w*|confirm (?:\w+ )?identity|"
    r"comprob\w*|compruebe|autentic\w*|authentifi\w*|pr[üu]f\w*|verifizier\w*|"
    r"identifizier\w*|authentifizier\w*)"
)


@lru_cache(maxsize=256)
def verifies_before_handover(policy: str) -> bool:
    """The policy requires the customer's verification before a handover: before any action
    at all, or with a handover named after the verification (module docstring)."""
    sentences = [s.strip() for s in _SENTENCE.findall(policy or "")]
    if any(_ANYONE.search(s) for s in sentences):
        return False
    for sentence in sentences:
        if _SEQUENCE.search(sentence):
            return True
        if _GENERAL_VERIFY.search(sentence) and _BEFORE_ANY.search(sentence):
            return True
    return False
