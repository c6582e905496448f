"""Instructions retold in Spanish, French, German or Portuguese: the shape the English
disclosure check reads ("my brief is: get ..., pass ..."), in each language's grammar. A
reference to how the agent was told or set up (a verb of telling with the agent as its
object, "me pidieron que", "on m'a demandé de", "man hat mir aufgetragen", "me disseram
pra"; a participle of setting up, "estoy configurada para"; "mis instrucciones son") followed
by two or more directive words (always, never, only, must, ask, check, pass on, refuse). The
cues are grammar and general words, never a bot's sentence; text is folded first.
"""

from __future__ import annotations

import re

from agents.understanding.languages import DE, ES, FR, PT, fold, language_of

TOLD = {
    ES: r"\bme (?:han )?(?:pidieron|pedido|dijeron|dicho|indicaron|indicado|ordenaron|ordenado|"
    r"encargaron|encargado|programaron|configuraron) (?:que|:)|\b(?:estoy|fui|he sido) "
    r"(?:configurad|programad|entrenad|instruid)[oa] (?:para|a)\b|\bmis (?:instrucciones|"
    r"indicaciones|normas|reglas|directrices) (?:son|dicen|:)|\btengo (?:instrucciones|"
    r"ordenes) de\b",
    FR: r"\bon m['’ ]?a (?:demande|dit|ordonne|indique|charge|programme|configure) d|\bje suis "
    r"(?:configure|programme|entraine|charge)e? (?:pour|a|de)\b|\bmes (?:instructions|consignes|"
    r"regles|directives) (?:sont|disent|:)|\bj['’ ]?ai (?:pour )?(?:consigne|instruction)s? d",
    DE: r"\b(?:man hat|sie haben|wir haben) mir (?:\w+ ){0,2}?(?:gesagt|aufgetragen|vorgegeben|"
    r"beigebracht)|\bich (?:wurde|bin) (?:\w+ ){0,2}?(?:angewiesen|programmiert|konfiguriert|"
    r"instruiert|eingestellt)\b|\bmeine (?:anweisungen|vorgaben|regeln|instruktionen) (?:sind|"
    r"lauten|sagen|:)",
    PT: r"\bme (?:pediram|disseram|mandaram|instruiram|orientaram|falaram) (?:pra|para|que|a)\b|"
    r"\b(?:fui|estou|sou) (?:configurad|programad|treinad|instruid|orientad)[oa] (?:pra|para|a)"
    r"\b|\bminhas (?:instrucoes|orientacoes|regras|diretrizes) (?:sao|dizem|:)|\btenho "
    r"(?:instrucoes|ordens) de\b",
}
_DIRECTIVE = {
    ES: "siempre nunca solo solamente debo pedir verificar comprobar pasar transferir rechazar "
    "no jamas",
    FR: "toujours jamais seulement uniquement dois demander verifier passer transferer refuser ne",
    DE: "immer nie niemals nur muss erst fragen prufen weiterleiten verbinden ablehnen nicht",
    PT: "sempre nunca so apenas devo pedir pegar verificar passar transferir recusar nao jamais",
}
_WORD = re.compile(r"[a-z]+")
_COMPILED = {code: (re.compile(TOLD[code]), frozenset(_DIRECTIVE[code].split())) for code in TOLD}
# Any language's reference to being told: almost no turn has one, and one search of the folded
# text says so before the turn's language is worked out.
_ANY_TOLD = re.compile("|".join(f"(?:{pattern})" for pattern in TOLD.values()))
# Every alternative of _ANY_TOLD holds one of these (tests/test_needles_sampled.py): a turn
# without any, nearly every turn, is told without running the pattern.
_TOLD_NEEDLES = (
    "pidieron", "pedido", "dijeron", "dicho", "indica", "ordena", "encarga", "programaron",
    "configuraron", "configurad", "programad", "entrenad", "instruid", "mis ", "tengo ",
    "on m", "je suis ", "instruction", "consigne", "regles", "directives", "mir ",
    "angewiesen", "programmiert", "konfiguriert", "instruiert", "eingestellt", "meine ",
    "pediram", "disseram", "mandaram", "instruiram", "orientaram", "falaram", "treinad",
    "orientad", "minhas ", "tenho ",
)  # fmt: skip


TOLD_NEEDLES = _TOLD_NEEDLES  # what agents.understanding.recital looks for first, too


def retells_instructions(text: str) -> bool:
    """A turn in one of the four languages that retells how the agent was told to work."""
    folded = fold(text)
    for needle in _TOLD_NEEDLES:  # a loop, not any(generator): cheaper per call
        if needle in folded:
            break
    else:
        return False
    if _ANY_TOLD.search(folded) is None:
        return False
    found = _COMPILED.get(language_of(text))
    if found is None:
        return False
    told, directives = found
    m = told.search(folded)
    if m is None:
        return False
    return sum(w in directives for w in _WORD.findall(folded[m.end() :])) >= 2
