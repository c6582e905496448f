"""A yes or no to a fact labelled as an indirect question, said as the fact itself.

A label like "whether I'm a member" names the fact by the question support asks ("could you
tell me whether you're a member?"). Framed like a field's value it read as a form being
filled in ("as for whether I'm a member, yes": walkthrough 7's studio scenarios); a person
says the clause, or its negation: "Yes, I'm a member", "No, I'm not a member", "No, the bike
isn't damaged". English labels only: another language's label is not a clause to negate.
"""

from __future__ import annotations

import random
import re

__all__ = ["mine", "whether_answer"]

_YES = frozenset({"yes", "y", "yep", "yeah", "true"})
# ("none" to "whether you see any transactions you don't recognise" is a no)
_NO = frozenset({"no", "n", "nope", "false", "none", "nothing", "nobody", "no one"})
# A subject and a verb of its own ("I see any ...", "we want ..."): "I don't see any ...".
_SUBJECT_VERB = re.compile(r"(?i)^(i|we|you|they)\s+([a-z]+)\b")
# Contracted subject + be: "I'm" -> "I'm not".
_SUBJECT_BE = re.compile(r"(?i)\b(i'm|you're|we're|they're|he's|she's|it's|that's)\b")
_AUX = {
    "is": "isn't", "are": "aren't", "was": "wasn't", "were": "weren't", "can": "can't",
    "could": "couldn't", "will": "won't", "would": "wouldn't", "should": "shouldn't",
    "am": "am not", "do": "don't", "does": "doesn't", "did": "didn't", "must": "mustn't",
}  # fmt: skip
_HAVE = {"have": ("haven't", "don't have"), "has": ("hasn't", "doesn't have"),
         "had": ("hadn't", "didn't have")}  # fmt: skip
_VERB = re.compile(r"(?i)\b(" + "|".join([*_AUX, *_HAVE]) + r")\b")
_PARTICIPLE = re.compile(
    r"(?i)^(?:been|got|gotten|had|bought|paid|sent|made|kept|left|sold|told|found|brought|"
    r"spent|lost|done|come|gone|\w+ed|\w+en)\b"
)


def _negated(clause: str) -> str:
    """The clause said as not holding, or "" when its verb is not one to negate plainly."""
    clause = re.sub(r"(?i)\bstill\s+", "", clause)  # "I still have" -> "I don't have"
    nobody = re.match(r"(?i)any(one|body|thing)\b", clause)
    if nobody:  # "anyone was hurt" -> "nobody was hurt"
        return {"one": "nobody", "body": "nobody", "thing": "nothing"}[nobody[1].lower()] + (
            clause[nobody.end() :]
        )
    m = _SUBJECT_BE.search(clause)
    if m:
        return clause[: m.end()] + " not" + clause[m.end() :]
    m = _VERB.search(clause)
    plain = _SUBJECT_VERB.match(clause)
    if plain and (not m or m.start() > plain.end()) and plain[2].lower() not in _AUX:
        # a verb of its own before any auxiliary: "I see any X" -> "I don't see any X"
        return f"{plain[1]} don't {clause[plain.start(2) :]}"
    if not m:
        return ""
    word = m[1].lower()
    rest = clause[m.end() :]
    if word in _HAVE:
        perfect, possessive = _HAVE[word]
        said = perfect if _PARTICIPLE.match(rest.lstrip()) else possessive
    else:
        said = _AUX[word]
    if word in ("do", "does", "did"):
        said = _AUX[word]
    return clause[: m.start()] + said + rest


def _affirmed(clause: str) -> str:
    """'anyone was hurt' said as holding: 'someone was hurt'."""
    return re.sub(r"(?i)\bany(one|body|thing|where)?\b", lambda a: "some" + (a[1] or ""), clause)


# The customer named in the third person, as labels saved before the studio wrote them in
# the customer's words ("whether the customer has a medical certificate"): said as "I".
_THIRD = (
    (r"(?i)\bthe customer's\b", "my"),
    (r"(?i)^the customer is\b", "I'm"),
    (r"(?i)^the customer was\b", "I was"),
    (r"(?i)^the customer has\b", "I have"),
    (r"(?i)^the customer does\b", "I do"),
    (r"(?i)^the customer (can|could|did|will|would|should|must)\b", r"I \1"),
    (r"(?i)^the customer ([a-z]+(?:ss|sh|ch|x|o))es\b", r"I \1"),
    (r"(?i)^the customer ([a-z]+?)(?<!s)s\b", r"I \1"),
)


def mine(clause: str) -> str:
    """`clause` with the customer named in the third person said as "I" ("the customer is
    a member": "I'm a member"); anything else as it is."""
    for pattern, said in _THIRD:
        clause = re.sub(pattern, said, clause)
    return clause


def whether_answer(label: str, value: str, rng: random.Random) -> str:
    """ "Yes, I'm a member" for ("whether I'm a member", "yes"); "" when the label is no
    English indirect question or the value no plain yes or no."""
    m = re.fullmatch(r"(?i)\s*(?:whether|if)\s+(.+?)(?:\s+or not)?\s*", label)
    low = value.strip().lower()
    if m and low and low not in _YES and low not in _NO and _chooses(m[1], low):
        # "whether I want standard or express delivery": the choice, never the question
        # echoed ("as for whether I want standard or express delivery, express delivery")
        return rng.choice((value, f"{value}, please", f"I'd like {value}"))
    if m and re.search(rf"(?i)\b(?:is|are|was|were) {re.escape(low)}$", m[1].strip()):
        low = "yes"  # "whether their licence is valid": "valid" says it holds
    if not m or (low not in _YES and low not in _NO):
        return ""
    clause = mine(m[1])
    if low in _YES:
        said = _affirmed(clause)
        # The yes or no is always said: it is what a listener hears the answer by.
        return rng.choice((f"yes, {said}", f"yes - {said}", f"{said}, yes"))
    said = _negated(clause)
    if not said:
        return ""
    if low not in ("no", "n", "nope", "false"):
        # the value's own word is kept ("none, I don't see any ..."): it is what support
        # listens for
        return rng.choice((f"{low}, {said}", f"{low} - {said}"))
    return rng.choice((f"no, {said}", f"no - {said}", f"{said}, no"))


def _chooses(clause: str, value: str) -> bool:
    """Whether `value` is one of the alternatives the clause offers ("standard or express
    delivery" offers "express delivery" and "standard delivery")."""
    low = clause.lower()
    if " or " not in low:
        return False
    head = value.split()[0]
    return head in re.findall(r"[a-z]+", low) and len(value.split()) <= 4
