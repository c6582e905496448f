"""Was a write agreed to? The customer's yes to a read-back or a question proposing it.

A policy that asks for a clear yes before a write (agents.understanding.consent reads which
writes) is kept only when the customer's turn before the call says yes, in any of five
languages, to support proposing the write. A yes that answers something else is no
confirmation: "Which payment method should I use?" - "Sure, the Amex on file" gives a
missing detail, and support then writing took no one's agreement; "No problem - the Amex"
says no yes at all. Only a strong go-ahead ("go ahead", "please do it", "adelante", "allez-y",
"machen Sie das", "pode prosseguir") counts after a request for a detail: the customer then
agrees to the change itself. A yes after a support turn the reader cannot place (neither a
proposal nor a request) keeps today's reading: it counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agents.checks import GradeContext
from agents.types import ACCEPT, Turn
from agents.understanding.confirm import agrees, confirm_questions
from agents.understanding.support import read_support

__all__ = ["confirmed_before", "confirms", "go_ahead", "proposes", "yes_before"]

_CONFIRMS = re.compile(
    r"^\W*(?:\w+\W+){0,3}?(?:yes|yeah|yep|yup|sure|ok(?:ay)?|correct|confirm(?:ed)?|"
    r"go ahead|please do|do it|proceed|that'?s (?:right|correct|fine)|sounds good|"
    r"absolutely|definitely|affirmative)\b",
    re.IGNORECASE,
)
# A confirmation is read clause by clause ("If that's the only option, then yes, please go
# ahead"), and not where the clause negates ("please do not proceed"; "no problem" is no negation).
_CLAUSE = re.compile(r"[.,;:!?\n]+")
_NEGATED = re.compile(
    r"\b(?!no problem|not a problem|no worries|don'?t mind)(?:no|not|never|don'?t|do not|"
    r"cannot|wait|hold on|(?!don'?t mind)(?:\w+n't|dont|cant|wont|didnt|doesnt|isnt|wouldnt))\b",
    re.IGNORECASE,
)
# A go-ahead to the change itself, not a bare "sure" that may answer any question.
_GO_AHEAD = re.compile(
    r"(?i)\b(?:go ahead|go for it|please do\b(?! not)|do it|"
    r"proceed|make the change|change it|book it|cancel it|i confirm|confirmed|let'?s do it|"
    r"adelante|h[áa]galo|proceda|puede (?:hacerlo|proceder|seguir)|lo confirmo|confirmo|"
    r"allez-y|faites[- ]le|vous pouvez (?:y aller|le faire)|je confirme|on y va|"
    r"machen sie (?:das|es|ruhig)|bitte (?:fortfahren|durchf[üu]hren|[äa]ndern)|ich best[äa]tige|"
    r"nur zu|pode (?:prosseguir|seguir|fazer|avan[çc]ar|alterar)|confirmo|fa[çc]a (?:isso|a)|"
    r"pode mandar ver)\b"
)
# A question for a missing detail: it opens with a question word (in five languages).
_WH = re.compile(
    r"(?i)^\W*(?:(?:and|so|also|great|perfect|thanks|ok(?:ay)?|alright|y|et|und|e|bien|gut|"
    r"ótimo|perfecto|parfait|perfeito)\W+)*(?:what|which|when|where|who|whom|whose|how|"
    r"qu[ée]|cu[áa]l(?:es)?|cu[áa]ndo|d[óo]nde|c[óo]mo|cu[áa]nt[oa]s?|con qu[ée]|a qu[ée]|"
    r"quel(?:le)?s?|quand|o[ùu]|comment|combien|lequel|laquelle|avec quel(?:le)?|sur quel(?:le)?|"
    r"welche[rsmn]?|was|wann|wo|wie|womit|mit welche[rm]?|"
    r"qual|quais|quando|onde|quanto|com qual|em qual|para qual)\b|"
    # a request for a value put as a yes/no question: "Could you tell me which segment?"
    r"^\W*(?:could|can|would|will) you (?:please )?(?:tell|give|provide|specify|share|send|"
    r"let me know|confirm your)\b|^\W*(?:me )?(?:puede|podr[íi]a|puedes) (?:\w+ )?(?:decir|dar|"
    r"indicar|facilitar|enviar)\b|^\W*(?:pourriez|pouvez)[- ]vous (?:me )?(?:donner|dire|indiquer|"
    r"pr[ée]ciser|envoyer)\b|^\W*(?:k[öo]nnen|k[öo]nnten) sie mir (?:\w+ )?(?:sagen|geben|nennen|"
    r"schicken)\b|^\W*(?:pode|poderia) (?:me )?(?:informar|dizer|passar|enviar|indicar)\b"
)
_QUESTION = re.compile(r"[^.!?¿¡\n]*\?")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")
# Asking leave without a question mark: "Please confirm if you would like to proceed", "Once
# you confirm, I'll proceed with the cancellation", "Reply YES to go ahead".
_ASKS_LEAVE = re.compile(
    r"(?i)\bplease confirm (?:if |whether |that )?(?:you(?:'d| would| want| wish| still| agree|"
    r" accept| are)|(?:this|these|the above|the details|everything|all|to proceed|and i'?ll)\b)|"
    r"\bconfirm\b[^.?!]{0,80}\b(?:and|then) (?:i'?ll|i will|we'?ll) (?:proceed|go ahead|update|"
    r"make|process|book|cancel|change)|"
    r"\b(?:once|if|when|as soon as) you (?:confirm|agree|approve|say yes)\b|"
    r"\b(?:upon|with|after) your (?:confirmation|approval|go-?ahead|ok)\b|"
    r"\bconfirm (?:with )?(?:a )?['\"]?(?:yes|no)\b|"
    r"\blet me know if you(?:'d| would)? (?:like|want) (?:me )?to (?:proceed|go ahead|continue)|"
    r"\b(?:reply|answer|respond) (?:with )?['\"]?yes\b|"
    r"\bconfirm(?:e|a)? si (?:desea|quiere)|\b(?:una vez que|en cuanto|si) (?:usted )?(?:me )?"
    r"(?:confirme|lo confirme)|"
    r"\bconfirmez(?:-moi)? si\b|\b(?:d[èe]s que|si|une fois que) vous (?:me )?(?:confirmez|"
    r"donnez votre accord)|"
    r"\bbitte best[äa]tigen sie,? (?:ob|dass)\b|\b(?:sobald|wenn) sie (?:es )?(?:best[äa]tigen|"
    r"zustimmen)|"
    r"\bconfirme se (?:deseja|quer)|\b(?:assim que|se|quando) (?:voc[êe] )?(?:me )?confirmar\b"
)


def confirms(text: str) -> bool:
    """A customer turn that says yes, in any of its clauses and any of five languages."""
    for clause in _CLAUSE.split(text):
        m = _CONFIRMS.search(clause)
        if m is not None and _NEGATED.search(clause) is None:
            return True
    # other languages: a sentence that agrees, not a question ("Could you help me proceed?")
    return any(
        agrees(sentence) is True
        for sentence in _SENTENCE.findall(text)
        if not sentence.rstrip().endswith("?")
    )


def go_ahead(text: str) -> bool:
    """`text` gives the go-ahead to the change itself ("go ahead", "adelante", "allez-y",
    "machen Sie das", "pode prosseguir"), not a bare "ok" that may answer anything."""
    return _GO_AHEAD.search(text) is not None and _NEGATED.search(text) is None


def confirmed_before(ctx: GradeContext, turn: int) -> bool:
    """The customer's last turn before `turn` agreed to support's proposal of the write (a
    yes after a support turn the reader cannot place counts)."""
    return yes_before(ctx, turn) is not False


def yes_before(ctx: GradeContext, turn: int) -> bool | None:
    """`confirmed_before`, with None for a yes after a support turn the reader cannot place
    (neither a proposal nor a request for a detail): it may answer a question in words the
    reader does not know, or something else."""
    before = ctx.turns[:turn]
    at = next((i for i in range(len(before) - 1, -1, -1) if before[i].role == "customer"), None)
    if at is None:
        return False
    last = before[at]
    if last.act is not None and last.act == ACCEPT:
        return True
    if not confirms(last.content):
        return False
    asked = _support_before(before, at)
    if asked is None or asked.act is not None:
        return True  # annotated turns are read by their acts, as before
    if proposes(asked.content):
        return True
    if _asks_detail(asked.content):
        return _GO_AHEAD.search(last.content) is not None
    return None  # a support turn the reader cannot place


def _support_before(turns: Sequence[Turn], at: int) -> Turn | None:
    """The last support turn with words before the customer turn `at`."""
    for turn in reversed(turns[:at]):
        if turn.role == "customer":
            return None
        if turn.role == "support" and turn.content.strip():
            return turn
    return None


def proposes(text: str) -> bool:
    """A question asking leave for the action (not one asking which value to use)."""
    if _ASKS_LEAVE.search(text):
        return True
    return any(_WH.search(q) is None for q in confirm_questions(text))


def _asks_detail(text: str) -> bool:
    """Support asked which value to use ("Which card?", "Please let me know which payment
    method you'd like"), and no yes/no question ("Would you like to use the gift card?")
    that the yes may answer."""
    # a lead before a colon is no part of the question ("Just so I can move on: Could you
    # give me your ticket number?", outsider 19)
    questions = [q.rsplit(":", 1)[-1].strip() for q in _QUESTION.findall(text)]
    if any(_WH.search(q) is None for q in questions):
        return False
    return bool(questions) or read_support(text).asks_info
