"""Hand-overs said as someone else taking the case on, not as a verb of transferring.

"The duty manager is picking this up", "a supervisor will join this chat shortly", "my team
lead is taking over your case", "I've handed your case to Dana in disputes": a person of the
trade (any noun for one, with whatever modifies it: "duty", "on-call", "senior") or a named
person is the subject of taking over, joining or picking up, now or next; or the case is
passed to someone named. The frame is the grammar of a takeover, not a list of sentences.

What it is not: a team doing back-office work on a schedule ("our team will review your claim
in 5 days") keeps the case where it is, and a way to reach someone else ("you can also call
the shop") hands nothing over; neither has a person taking the conversation or the case.
"""

from __future__ import annotations

import re

from agents.understanding.lexicon import OBJECT_KIND, rx, verb_forms, wordset

# Nouns for a person who can take a case on. "team" is not one: a team reviewing is work.
_ROLE = (
    r"(?:manager|supervisor|colleague|lead|agent|specialist|representative|rep|advisor|"
    r"adviser|expert|human|person|officer|handler|adjuster|caseworker|coordinator|teammate|"
    r"senior|consultant|associate|manager on duty|staff member|member of (?:our|the|my) "
    r"(?:\w+ )?team)s?"
)
_CASE = (
    r"(?:your|the|this) (?:\w+ )?(?:case|claim|request|ticket|chat|conversation|query|issue|"
    r"file|complaint|dispute)"
)
_DETERMINER = r"(?:the|a|an|our|my|your|one of (?:our|my) |another|someone from)"
# Taking the case or the conversation on, as the subject's act.
_TAKES = (
    rf"(?:pick(?:s|ing)? (?:this|it|things|{_CASE}) (?:\w+ )?up|pick(?:s|ing)? up (?:this|"
    rf"{_CASE})|tak(?:e|es|ing) (?:over|this on|it on|charge|(?:this|it|things|{_CASE}) "
    r"(?:over|from here|on))|join(?:s|ing)? (?:this|the|our|you|us)|jump(?:s|ing)? in|"
    r"step(?:s|ping)? in|com(?:e|es|ing) (?:on|in)(?:to)? (?:the|this) (?:chat|line|call|"
    r"conversation)|(?:be|is) with you (?:shortly|soon|in a|now|in just))"
)
ROLE_TAKES = rx(
    rf"\b{_DETERMINER} ?(?:[\w-]+ ){{0,2}}?{_ROLE} (?:(?:from|in|on|at) (?:[\w-]+ ){{1,3}}?)?"
    r"(?:(?:is|are|will|'ll|shall|has|have|is going to|are going to|is about to|are about to|"
    r"cannot|can't|can not|won't|will not|couldn't|could not|isn't|aren't|is not|are not)"
    r" (?:now |shortly |soon |just |already |then |be )?)?(?:now |shortly |soon )?" + _TAKES + r"\b"
)
# "I've asked / requested that / arranged for a manager to take over this chat".
ASKED_TO_TAKE = rx(
    r"\b(?:asked|requested|arranged for|paged|called|messaged|alerted|pinged|got|getting|"
    r"asking|requesting|arranging for) (?:that |for )?"
    + _DETERMINER
    + r" ?(?:[\w-]+ ){0,2}?"
    + _ROLE
    + r" (?:(?:from|in|on|at) (?:[\w-]+ ){1,3}?)?(?:to )?"
    + r"(?:take over|take (?:this|it|your case) (?:over|on)|join|pick (?:this|it|your case) "
    r"up|step in|jump in|call you|contact you|reach out)\b"
)
# "I've handed your case to Dana in disputes", "passing you over to Leo": a named person.
# Case matters: a capitalised name, not a noun of the trade.
_TO_NAMED = re.compile(
    r"\b(?:[Hh]and(?:ed|ing)|[Pp]ass(?:ed|ing)|[Tt]ransferr(?:ed|ing)|[Ff]orward(?:ed|ing)|"
    r"[Rr]eferr(?:ed|ing)|[Aa]ssign(?:ed|ing)|[Rr]out(?:ed|ing)|[Cc]onnect(?:ed|ing)|"
    r"[Ee]scalat(?:ed|ing)) (?:(?:your|the|this) (?:\w+ )?(?:case|claim|request|ticket|chat|"
    r"conversation|query|issue|file|complaint)|you|it|this|things) (?:over |across |through )?"
    r"(?:to|with) ([A-Z][a-z]+)\b"
)
# "Priya will take over from here", "Marcus from billing will email you": someone named
# taking the case on.
_NAMED_TAKEOVER = re.compile(
    r"(?:^|[.!?,;:]\s+|\band\s+)([A-Z][a-z]+)(?: [A-Z][a-z]+)?(?: (?:from|in|on|at|of) "
    r"[^.?!,;]{1,40}?)?(?: will|'ll| is going to| is about to) (?:now |shortly |soon )?"
    r"(?:take over|take (?:it|this|things|your case) from here|pick (?:it|this|things|your "
    r"case) up|be in touch|contact you|reach out|get back to you|email you|call you|look "
    r"after you|follow up with you)\b"
)
_NOT_NAMES = wordset(
    "i we you your our the this that it they he she there someone somebody everything "
    "nothing anything my a an customer support billing sales"
)


def _named(sentence: str) -> bool:
    forms = verb_forms()
    for m in (*_TO_NAMED.finditer(sentence), *_NAMED_TAKEOVER.finditer(sentence)):
        name = m.group(1).casefold()
        if name not in _NOT_NAMES and name not in OBJECT_KIND and name not in forms:
            return True
    return False


def takes_over(sentence: str) -> bool:
    """Someone else (a person of the trade, or someone named) takes the case or the
    conversation on in `sentence`. Negation, questions and conditions ("a manager can join
    if you like") are the caller's to read: they make it an offer or a refusal."""
    return bool(ROLE_TAKES.search(sentence) or ASKED_TO_TAKE.search(sentence)) or _named(sentence)
