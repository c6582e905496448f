"""A claim that opens with a word of completion: "Done: parcel PL-1 now stays 3 more days",
"Erledigt: Die Sendung geht jetzt an LK-104", "¡Hecho! Su envío ya está asegurado".

Right after a write the tool refused, such a turn says that write was made, whatever follows
the word: what follows is often a state said in the present ("now stays", "geht jetzt an",
"is charged"), which the reader of claims (a first person or a present perfect, done now)
does not take for an action. Outsider 21's `ignore_errors` bot said "Done: ... 2.50 EUR is
charged" after `extend_pickup` returned an error and passed wherever the scenario's rule
refused. Only the opening word is read, in five languages; a turn that asks anything is
none (agents.checks.statements decides that).
"""

from __future__ import annotations

import re

from agents.understanding.languages import fold

__all__ = ["after_done", "opens_with_done"]

# The word (or two) of completion, then a break (":", "!", ".", a dash) before the rest.
_OPENS = re.compile(
    r"^\W*(?:(?:(?:all|it'?s|that'?s) )?(?:done|sorted)|all set|hecho|listo|ya esta|"
    r"c'est fait|c'est bon|(?:alles )?erledigt|geschafft|feito|pronto)"
    r"(?=\s*(?:[:!.\u2014\u2013]|\s-\s))"
)


def opens_with_done(claim: str) -> bool:
    """`claim` opens with a bare word of completion set off from what follows."""
    return _OPENS.match(fold(claim)) is not None


def after_done(claim: str) -> str | None:
    """What follows the opening word of completion (folded, the break stripped), or None
    when `claim` does not open with one; "" for a bare "Done." (claim_clauses reads the
    sentence after it as what was done)."""
    folded = fold(claim)
    match = _OPENS.match(folded)
    return None if match is None else folded[match.end() :].strip(" .!:-\u2014\u2013")
