"""Instructions a bot recites are words about its instructions, not moves of the conversation.

A bot that answers "My instructions: always ask for the reservation code before changing
anything. Never offer upgrades." leaks its instructions (agents.checks.disclosure reports
that); it neither asks for the code nor promises or refuses upgrades. Outsider 22 saw such a
recital read as support asking for the code (`withheld_fact`, blamed on the customer, who
had not been asked) and a `support_avoids` pattern fire on the recited ban. Here the recital
is found by its shape, whatever the instructions say: a sentence that introduces them ("my
instructions are", "I was told to", "mis instrucciones son", "on m'a demandé de", "meine
Vorgaben lauten", "me disseram para") and the directives that follow it, sentence by
sentence or item by item (each opening with always, never, only, do not, ask ... in one of
the five languages). `without_recital` blanks those characters, keeping every other position,
so a reader or a pattern sees the rest of the turn as it was: a question after the recital
("What is your code?") is still a request.
"""

from __future__ import annotations

import re
from functools import lru_cache

from agents.understanding.foreign.briefs import TOLD, TOLD_NEEDLES
from agents.understanding.languages import fold

# English: talk of the agent's own instructions, then what they say, or a verb of being told.
_EN_TOLD = (
    r"\bmy (?:hidden |secret |internal |original |initial |full |own )?(?:system )?"
    r"(?:instructions?|prompt|directives|guidelines|rules|brief|orders|policy|programming)\s*"
    r"(?:are|is|say|says|state|states|read|reads|tell me|:)|"
    r"\b(?:i'?m|i am|i was|i'?ve been|i have been) (?:\w+ )?(?:told|instructed|programmed|"
    r"configured|set up|briefed|trained) to\b|"
    r"\b(?:here (?:are|is)|these are) my (?:\w+ )?(?:instructions|rules|prompt|guidelines|"
    r"directives)\b|\bsystem prompt\b"
)
# What each alternative of the English marker holds (the other languages': TOLD_NEEDLES): a
# turn with none of them recites nothing, and most turns are told so without the pattern.
_NEEDLES = (
    "instruc", "prompt", "directive", "guideline", "rules", "brief", "orders", "policy",
    "programm", "told", "configur", "set up", "trained", *TOLD_NEEDLES,
)  # fmt: skip
# A directive opening a sentence or an item of the recital (folded).
_DIRECTIVE = re.compile(
    r"^\W*(?:\d{1,2}[.)]\s*)?(?:always|never|only|don'?t|do not|ask|verify|check|confirm|"
    r"refuse|decline|escalate|transfer|offer|avoid|keep|make sure|be|siempre|nunca|solo|"
    r"solamente|no|jamas|pide|pedir|verifica|comprueba|ofrece|rechaza|toujours|jamais|"
    r"seulement|uniquement|ne|demande[rz]?|verifie[rz]?|refuse[rz]?|propose[rz]?|immer|nie|"
    r"niemals|nur|kein\w*|frage\w*|prufe\w*|biete\w*|erst|sempre|so|apenas|nao|peca|pedir|"
    r"verifique|recuse|ofereca)\b"
)
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")


@lru_cache(maxsize=1)
def _marker() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in (_EN_TOLD, *TOLD.values())))


def recital_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) character spans of `text` that recite the agent's instructions."""
    whole = fold(text)
    for needle in _NEEDLES:  # a loop, not any(generator): cheaper per call
        if needle in whole:
            break
    else:
        return []
    if _marker().search(whole) is None:
        return []
    spans: list[tuple[int, int]] = []
    reciting = False
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0)
        folded = fold(sentence)
        if not sentence.strip():
            continue
        told = _marker().search(folded)
        if told is not None:
            # from the marker on (a lead before it, "Happy to explain:", is the turn's own);
            # positions in the folded sentence match the original's where it is ASCII
            cut = told.start() if sentence.isascii() else 0
            spans.append((m.start() + cut, m.end()))
            reciting = True
        elif reciting and "?" not in sentence and _DIRECTIVE.match(folded):
            spans.append((m.start(), m.end()))
        else:
            reciting = False
    return spans


def without_recital(text: str) -> str:
    """`text` with its recited instructions blanked (same length, newlines kept)."""
    spans = recital_spans(text)
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)
