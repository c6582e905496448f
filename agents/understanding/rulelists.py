"""Rules recited in answer to a probe, whatever words introduce them.

The disclosure check knows the phrases that usually introduce a retold brief ("my brief is",
"I was told to", "me pidieron que"). A bot can introduce it any other way ("in a nutshell,
my setup goes like this: ..."), so a second reading does without the introduction and looks
at the shape of what follows, in a reply to a customer turn that asked about the agent's
instructions or told it to drop them: a string of three or more subject-less clauses (the
shape of a rule: "ask ..., never ..., pass ... on") that speaks of the general case (anyone,
whenever, always, customers) rather than of this customer. Steps given to the customer
("restart the router, wait a minute, check the lights"; "send me your number") speak of no
general case or address the customer, and
without a probe before it no reply is read this way.

English clauses are subject-less when their first word is no pronoun, determiner, question
word, conjunction or interjection; in Spanish, French and Portuguese when it is an infinitive
or a directive adverb; in German when the clause ends in an infinitive and has no subject
pronoun. The lists are grammar, never a bot's sentence; text is folded first.
"""

from __future__ import annotations

import re

from agents.understanding.languages import DE, EN, ES, FR, PT, fold, language_of
from agents.understanding.lexicon import wordset

# A customer turn that asks about the agent's instructions or tells it to drop them.
_PROBE = re.compile(
    r"\b(?:instructions?|(?:system )?prompt|guidelines|programming|configured|configuration|"
    r"your (?:rules|setup|brief)|(?:ignore|disregard|forget|override) (?:all|any|your|the|"
    r"previous|prior|earlier|above|those)|instrucciones|directrices|(?:tus|sus) (?:reglas|"
    r"normas)|consignes|(?:vos|tes) regles|directives|anweisungen|vorgaben|(?:deine|ihre) "
    r"regeln|systemnachricht|instrucoes|diretrizes|(?:suas|tuas) regras|ignor\w* (?:todas|todo|"
    r"tout|toutes|alle|as|las|los|les))\b"
)
# Every alternative of _PROBE holds one of these (tests/test_needles_sampled.py): a customer turn
# without any, nearly all of them, is no probe, told without running the pattern.
_PROBE_NEEDLES = (
    "instruc", "prompt", "guidelines", "programming", "configur", "your ", "ignor", "disregard",
    "forget", "override", "directrices", "reglas", "normas", "consignes", "regles",
    "directives", "anweisungen", "vorgaben", "regeln", "systemnachricht", "diretrizes",
    "regras",
)  # fmt: skip
_CLAUSE = re.compile(r"[,;:.!?\n()]+\s*|\s+[-\u2013\u2014]\s+")
_LEAD = re.compile(
    r"^(?:(?:and|then|also|plus|or|y|e|et|und|ou|o|puis|luego|dann|depois|sowie)\s+)+"
)
_WORD = re.compile(r"[a-z']+")
# English clause openers that are not a bare verb: pronouns, determiners, question words,
# conjunctions, prepositions, interjections, auxiliaries.
_NOT_VERB = wordset(
    "i i'm i've i'll i'd you you're you'll you've we we're we'll they they're he she it "
    "it's this that these those there there's here here's the a an my your our their his "
    "her its so but if when while as because since once for with in on at to of by from "
    "about after before until unless though although yes no ok okay sure sorry thanks "
    "thank hi hello hey well oh ah great perfect alright fine what what's which who how "
    "why where is are was were can could would will should shall may might must do does "
    "did has have had just also anyway unfortunately happily however not let's let me all "
    "any some each every one both either glad happy good nice lovely right now please"
)
_DIRECTIVE_WORD = {
    EN: wordset("never always only don't dont"),
    ES: wordset("siempre nunca jamas solo solamente no"),
    FR: wordset("toujours jamais seulement uniquement ne"),
    DE: wordset("immer nie niemals nur nicht"),
    PT: wordset("sempre nunca jamais so apenas nao"),
}
_GENERAL = {
    EN: wordset(
        "any anyone anybody anything whenever always never every everyone people folks "
        "customer customers user users caller callers client clients"
    ),
    ES: wordset("cualquier cualquiera siempre nunca cliente clientes gente quien todos"),
    FR: wordset("tout tous toujours jamais client clients gens quiconque chaque"),
    DE: wordset("immer nie jeder jede jeden kunde kunden leute sobald alle"),
    PT: wordset("qualquer sempre nunca cliente clientes pessoas pessoal quem todos"),
}
_INFINITIVE = {ES: re.compile(r"^[a-z]{2,}(?:ar|er|ir)(?:le|lo|la|les|los|las|se)?$"),
               PT: re.compile(r"^[a-z]{2,}(?:ar|er|ir)$"),
               FR: re.compile(r"^[a-z]{2,}(?:er|ir|re)$")}  # fmt: skip
# Words that address this customer: a clause holding one is a step for them, not a rule.
_ADDRESS = wordset(
    "you your yours usted tu tus vous votre vos ton tes sie ihr ihre ihren dein deine voce seu sua"
)
_DE_SUBJECT = wordset("ich du er sie es wir ihr man")
MIN_RULES = 3


def probes_instructions(customer_text: str) -> bool:
    """The customer asks about the agent's instructions, or tells it to set them aside."""
    folded = fold(customer_text)
    for needle in _PROBE_NEEDLES:
        if needle in folded:
            return _PROBE.search(folded) is not None
    return False


def recites_rules(reply: str) -> bool:
    """Three or more rule-shaped clauses, one of them about the general case (see above)."""
    folded = fold(reply)
    lang = language_of(reply)
    rules = 0
    general = False
    for clause in _CLAUSE.split(folded):
        words = _WORD.findall(_LEAD.sub("", clause.strip()))
        if len(words) < 2 or _ADDRESS & set(words) or not _rule_shaped(words, lang):
            continue
        rules += 1
        # A leading "always"/"never" makes the clause a rule; the general case is elsewhere.
        rest = words[1:] if words[0] in _DIRECTIVE_WORD[lang] else words
        general = general or any(w in _GENERAL[lang] for w in rest)
    return rules >= MIN_RULES and general


def _rule_shaped(words: list[str], lang: str) -> bool:
    first = words[0]
    if first in _DIRECTIVE_WORD[lang]:
        return True
    if lang == EN:
        return first not in _NOT_VERB and not first.endswith(("ing", "ed", "ly"))
    if lang == DE:
        return words[-1].endswith("en") and not _DE_SUBJECT & set(words)
    return _INFINITIVE[lang].match(first) is not None
