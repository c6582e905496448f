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

__all__ = ["verifies_before_handover", "verifies_before_record"]

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
# Before touching the record itself: a verb of dealing with, reading or discussing a record
# (not one of writing it: "before changing a booking" names writes only) and what it acts on
# ("Before touching a booking, get the code and the last name and check ...": outsider 22;
# "before discussing an account", "antes de tocar una reserva", "avant de consulter un
# dossier", "bevor Sie eine Buchung bearbeiten", "antes de mexer numa reserva").
_BEFORE_TOUCH = re.compile(
    r"(?i)\b(?:before|prior to|until)\b (?:you )?(?:touching|touch|handling|handle|accessing|"
    r"access|opening|open|discussing|discuss|reading|looking (?:at|into|up)|look (?:at|into|up)|"
    r"pulling up|working on|dealing with|acting on|helping with|going into|talking about|"
    r"sharing|giving out|disclosing|doing anything (?:with|on|to|about))"
    r"(?: (?:a|an|the|any|their|his|her|its|someone's|the (?:customer|guest|caller|member|"
    r"client|user|patient)'s))? (?!(?:or|and|changes?|updates?|writes?|modifications?|refunds?|"
    r"cancel\w*|payments?|credits?|charges?|fees?|adjustments?)\b)\w+|"
    r"\bantes de (?:tocar|gestionar|tratar|consultar|acceder a|abrir|mirar|revisar|hablar de|"
    r"atender|dar informaci[óo]n (?:de|sobre)|hacer nada con)\b|"
    r"\bavant de (?:toucher|traiter|consulter|acc[ée]der|ouvrir|regarder|parler d|g[ée]rer|"
    r"s'occuper|donner des informations)\w*|"
    r"\bbevor sie (?:\w+ ){1,4}?(?:anfassen|bearbeiten|[öo]ffnen|ansehen|aufrufen|besprechen|"
    r"einsehen|anr[üu]hren)\b|\bvor (?:dem|der|jedem|jeder) (?:zugriff|bearbeitung|einsicht|"
    r"besprechung)\b|"
    r"\bantes de (?:mexer|tocar|tratar|consultar|acessar|aceder|abrir|ver|falar (?:de|sobre)|"
    r"dar informa[çc][õo]es)\b"
)
# A check that a fact given matches the record is the customer's verification, whatever the
# verb ("check that the last name matches the reservation", "comprueba que el apellido
# coincide", "vérifiez que le nom correspond", "prüfen Sie, ob der Name übereinstimmt",
# "confira se o nome bate").
_MATCH_CHECK = re.compile(
    r"(?i)\b(?:check|confirm|make sure|ensure|compare|compar|comprob|compruebe|asegúr|"
    r"contr[ôo]l|assur|abgleich|vergleich|confir|conferir|confira|garant)\w*\b[^.;!?]{0,80}?"
    r"\b(?:match\w*|agrees?|correspond\w*|coincid\w*|concuerd\w*|[üu]bereinstimm\w*|"
    r"stimm\w* (?:\w+ )?[üu]berein|bate[mr]?|conferem?)\b"
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
    return any(_SEQUENCE.search(s) for s in sentences) or _before_record(sentences, touch=False)


@lru_cache(maxsize=256)
def verifies_before_record(policy: str) -> bool:
    """The policy requires the customer's verification before anything is done with a record
    at all (before any action, before touching or discussing it), not only before a write:
    then telling the record's status, or handing the customer on over the record (a handover
    after support looked the record up: "HB-1 is a group booking, I'm passing you on"),
    before the verification acts on it as much as a write would. A handover asked for before
    any record was touched is not covered (agents.checks.handover_first); a sentence that
    lets anyone be handed over does not undo this."""
    return _before_record([s.strip() for s in _SENTENCE.findall(policy or "")], touch=True)


def _before_record(sentences: list[str], touch: bool) -> bool:
    """One sentence names the customer's verification and scopes it before any action (or,
    with `touch`, before touching the record)."""
    for sentence in sentences:
        if not (_GENERAL_VERIFY.search(sentence) or _MATCH_CHECK.search(sentence)):
            continue
        if _BEFORE_ANY.search(sentence) or (touch and _BEFORE_TOUCH.search(sentence)):
            return True
    return False
