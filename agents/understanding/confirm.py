"""Asking for the go-ahead, and the answer to it, read from text in any wording.

A rule with `confirm:` makes support ask before it acts ("Cancelling now costs a 15 EUR fee.
Shall I go ahead?"). Any support side may ask so (an LLM, a bot, a person), so the scripted
customer must recognise the question however it is put, and the scripted support and the
critic must read a customer's reply as a yes, a no, or neither. Both readers are cue lists
over English, Spanish, French, Portuguese and German; what they do not recognise is `None`
(undecided), never a guess.
"""

from __future__ import annotations

import re

__all__ = ["agrees", "asks_to_confirm", "confirm_questions", "without_echo"]

_ACTION = (
    r"(?:go ahead|proceed|continue|carry on|do (?:it|that|this|so)|process|cancel|change|"
    r"book|refund|charge|apply|submit|confirm|move|make|place|close|remove|delete|update|"
    r"add|send|switch|upgrade|downgrade|transfer|reschedule|return|exchange|complete|finali[sz]e)"
)
# A question asking leave to act: each cue is one sentence that ends in "?".
_ASKS = re.compile(
    r"(?i)(?:"
    # English
    rf"\b(?:shall|should|may|can) (?:i|we) (?:\w+ )?{_ACTION}\b|"
    rf"\b(?:do|would) you (?:still )?(?:want|like|wish) (?:me|us) to (?:\w+ )?{_ACTION}\b|"
    rf"\b(?:do|would) you (?:still )?(?:want|like|wish) to (?:\w+ )?{_ACTION}\b|"
    r"\b(?:is|are) (?:that|this|those|these) (?:ok|okay|alright|all right|fine|acceptable)\b|"
    r"\bare you (?:sure|ok|okay|happy|fine|alright|all right)\b|"
    r"\b(?:do|would) you (?:agree|accept|consent)\b|\bdo i have your (?:ok|okay|go-ahead|"
    r"permission|consent|approval|agreement)\b|"
    r"\b(?:ok|okay|alright|all right|good) (?:for me |with you |if i )?to (?:\w+ )?"
    rf"{_ACTION}\b|"
    r"\b(?:can|could|would) you confirm (?:that )?you(?:'d| would| want| wish| still| agree|"
    r" accept| are (?:ok|okay|happy|fine))|"
    r"\bconfirm (?:with )?(?:a )?(?:yes|no)\b|"
    r"\bhow would you like to proceed\b|"
    # Spanish
    r"\b(?:desea|quiere|quieres|deseas) (?:que )?(?:contin[uú]|proced|sig|prosig|avanc|lo |la "
    r"|le )|\b(?:procedo|contin[uú]o|sigo adelante|lo hago)\b|\b(?:le|te) parece bien\b|"
    r"\best[aá]s? de acuerdo\b|\bconfirma(?:s)? que (?:desea|quiere)|"
    # French
    r"\b(?:voulez|veux|souhaitez|souhaites)[- ](?:vous|tu) (?:que je|continuer|poursuivre|"
    r"proc[ée]der|confirmer)|\b(?:je proc[èe]de|je continue|je valide)\b|"
    r"\b[êe]tes[- ]vous d'accord\b|\b(?:cela|[çc]a) vous (?:convient|va)\b|\bconfirmez[- ]vous\b|"
    # Portuguese
    r"\b(?:deseja|quer) (?:que eu )?(?:continu|prossig|prossegu|avan[çc])|"
    r"\b(?:posso|devo) (?:j[áa] )?(?:prosseguir|continuar|avan[çc]ar|seguir|fazer|cancelar|"
    r"reembolsar|estornar|trocar|reenviar|alterar|processar|confirmar|registrar|efetuar|"
    r"finalizar|enviar)|"
    # the same leave to act, asked in Spanish, French and German with the action's verb
    r"\b(?:puedo|debo) (?:ya )?(?:cancelar|reembolsar|devolver|cambiar|reenviar|tramitar|"
    r"procesar|confirmar|registrar|enviar|hacer)|\b(?:lo|la) (?:cancelo|tramito|proceso|"
    r"confirmo|reembolso)\b|"
    r"\b(?:je peux|puis-je|dois-je|je dois) (?:l'|la |le )?(?:annuler|rembourser|[ée]changer|"
    r"renvoyer|modifier|traiter|valider|confirmer|enregistrer|envoyer|lancer)|"
    r"\b(?:darf|kann) ich (?:\w+ )?(?:\w+ )?(?:stornieren|erstatten|zur[üu]ckerstatten|"
    r"umtauschen|neu versenden|[äa]ndern|bearbeiten|best[äa]tigen|abschicken|ausl[öo]sen|"
    r"veranlassen)\b|"
    r"\best[áa] de acordo\b|\bconcorda\b|\bconfirma que (?:deseja|quer)|"
    # German
    r"\bsoll ich\b|\bm[öo]chten sie (?:fortfahren|dass ich|weitermachen)|"
    r"\bsind sie (?:damit )?einverstanden\b|\bbest[äa]tigen sie\b|"
    r"\bist (?:das|es) (?:ok|in ordnung)"
    r")"
)
_PLEASE_CONFIRM = re.compile(
    r"(?i)\bplease confirm (?:that )?you(?:'d| would| want| wish| still| agree| accept)\b|"
    r"\bplease (?:reply|answer|say) (?:with )?(?:yes|yes or no)\b"
)
# A question that is nothing but the go-ahead word ("Proceed?", "Fortfahren?", "Sigo?",
# "On y va ?"): terse bots ask so, after stating what they will do.
_BARE = re.compile(
    r"(?i)^\W*(?:(?:ok|okay|alright|so),? )?(?:"
    r"(?:ok(?:ay)? to |shall i |should i |can i )?(?:proceed|go ahead|continue|confirm|go on)"
    r"(?: with (?:it|that|this|the \w+))?(?: then| now)?|ok(?:ay)?|deal|agreed|all good|"
    r"good to go|sound good|yes or no|"
    r"procedo|proceder|contin[uú]o|continuar|sigo(?: adelante)?|seguimos|lo hago|adelante|"
    r"de acuerdo|vale|conforme|lo confirmo|confirmamos|"
    r"je (?:continue|proc[èe]de|valide|lance|confirme)|on (?:y va|continue|valide)|d'accord|"
    r"c'est bon|[çc]a vous va|je peux (?:y aller|continuer|valider)|"
    r"fortfahren|weiter(?:machen)?|einverstanden|passt das|in ordnung|soll ich(?: \w+)?|"
    r"darf ich|machen wir das|"
    r"prossigo|prosseguir|continuo|posso(?: seguir| prosseguir| continuar| fazer)?|pode ser|"
    r"fechado|combinado|tudo bem|avan[çc]o|sigo em frente|confirma"
    r")\W*\?\W*$"
)
# Only from the text's start or a mark: a match starts nowhere else, and tried at every
# character of a long reply without "?" each try ran to its end (quadratic, outsider18 #3).
_SENTENCES = re.compile(r"(?<![^.!?¿¡])[^.!?¿¡]*[?]")

# Hesitation words a reply may open with before its yes or no ("Hmm, no", "Um, sure").
_LEAD = r"^\W*(?:(?:hmm+|mmm+|um+|uh+|oh|ah|well|actually|so|honestly|then|bueno|pues|ben|bon|"
_LEAD += r"eh|also|na ja|ok so|a ver|alors|olha|tja)\W+)*"
_NO = re.compile(
    rf"(?i)(?:{_LEAD}no\b(?!\s*(?:problem|worries|doubt))|"
    rf"{_LEAD}(?:nope|nah|non|não|nao|nein|mejor no|not now|not anymore|never ?mind)\b|"
    r"\b(?:don'?t|do not|please don'?t|no need to) (?:go ahead|proceed|do (?:it|that)|bother|"
    r"cancel|change|charge|continue)|\b(?:rather|prefer) not\b|changed my mind|\bforget it\b|"
    r"\bleave it\b|\bhold off\b|\bnot (?:worth it|if there'?s a fee)\b|"
    r"\bprefiero no\b|\bje pr[ée]f[èe]re (?:ne pas|pas|laisser)|\bprefiro (?:n[ãa]o|deixar)|"
    r"\blieber nicht\b|\bno lo (?:haga|hagas|cancele)|\bd[ée]jelo\b|\bne (?:le )?faites pas\b|"
    r"\blaissez tomber\b|"
    r"\bn[ãa]o (?:prossiga|fa[çc]a|quero)\b|\blassen sie es\b|\bbitte nicht\b)"
)
_YES = re.compile(
    rf"(?i)(?:{_LEAD}(?:yes|yeah|yep|yup|yas|sure|ok|okay|alright|all right|fine|of course|"
    r"absolutely|certainly|definitely|agreed|confirmed|correct|s[íi]|vale|claro|de acuerdo|"
    r"adelante|oui|d'accord|bien s[ûu]r|allez-y|sim|pode|ja|gerne|einverstanden|klar|gut|"
    r"est[áa] bem|in ordnung|muy bien|tr[èe]s bien|entendu)\b|"
    r"\b(?:go ahead|please proceed|please do|do it|proceed|that'?s fine|sounds good|i agree|"
    r"i accept|i'?ll pay|happy to pay|fine by me|works for me|let'?s do it|go for it|"
    r"h[áa]galo|puede seguir|me parece bien|adelante|allez-y|[çc]a me va|faites[- ]le|"
    r"vous pouvez y aller|pode (?:avan[çc]ar|prosseguir|fazer|seguir)|estou de acordo|"
    r"bitte fortfahren|machen sie (?:das|es)|ich bin einverstanden)\b)"
)


def confirm_questions(text: str) -> list[str]:
    """The sentences of `text` that ask the customer to agree before support acts."""
    found = [s.strip() for s in _SENTENCES.findall(text) if _ASKS.search(s) or _BARE.match(s)]
    return found or [m.group(0) for m in _PLEASE_CONFIRM.finditer(text)]


def asks_to_confirm(text: str) -> bool:
    """`text` asks the customer to agree before support acts."""
    return bool(confirm_questions(text))


# A short question or exclamation a reply may open with before its yes or no: an echo of
# what support said ("59 euros?!", "A £25 fee??", "¿40 euros?"), or surprise ("Really?",
# "Sério?!", "Wie bitte?"). Four words at most, ending in "?" (with any "!"), and not itself a
# yes or a no; eight words when it is plainly an exclamation ("12 euros just to cancel?!").
_ECHO = re.compile(r"^\s*[¿¡]*(?P<words>[^.!?¿¡\n]{1,60}?)\s*(?P<marks>[?!]*\?[?!]*)(?:\s+|$)")
_ECHO_WORDS = 4
_EXCLAIMED_WORDS = 8


def without_echo(text: str) -> str:
    """`text` without the short questions or exclamations it opens with (`_ECHO`): what is left
    is the answer ("59 euros?! No, forget it" -> "No, forget it"). An opening that is itself
    a yes or a no ("No?!", "Ok?") is kept, and so is a reply that is nothing but an echo."""
    rest = text
    for _ in range(2):
        m = _ECHO.match(rest)
        if m is None:
            break
        most = _EXCLAIMED_WORDS if "!" in m.group("marks") else _ECHO_WORDS
        if len(m.group("words").split()) > most:
            break
        if _NO.search(m.group("words")) or _YES.search(m.group("words")):
            break
        if not rest[m.end() :].strip():
            break
        rest = rest[m.end() :]
    return rest


def agrees(text: str) -> bool | None:
    """A reply to a request for the go-ahead: True (yes), False (no, not now, rather not), or
    None when it says neither (a question back, something else). A short echo or exclamation
    it opens with is read past (`without_echo`): "40 euros?! Não, deixa estar" is a no, as
    "Não, deixa estar" is."""
    text = without_echo(text)
    if _NO.search(text):
        return False
    if _YES.search(text):
        return True
    return None
