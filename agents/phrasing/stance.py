"""Cues for what a customer message already says, so that what a persona adds around it fits:
whether an opening reports a failure, the stance a text opens with, and which asides it
already holds. Each is one compiled search, run only when an overlay is about to be added.
"""

from __future__ import annotations

import re
from functools import lru_cache

from agents.phrasing.cue import Cue

# An opening that reports something gone wrong (damage, a loss, a fault, a charge not made):
# only then may an angry lead rage at a failure or a frame announce a complaint. Anything else
# is a routine request (tagged `routine`), met with impatience; a failure missed here only
# gets impatience too, which fits it as well.
FAILURE = Cue(
    r"\b(?:broke|broken|damag|crack|dent|shatter|smash|chipped|rattl|lost|stolen|missing|"
    r"gone|nowhere|never (?:arrived|came|showed|got|turned)|(?:hasn't|has not|didn't|did not|"
    r"haven't|still not|not) (?:arrived|come|came|received|turned up|shown up|showed up|got "
    r"here)|not working|isn't working|doesn't work|stopped working|won't (?:work|load|let)|"
    r"(?:is|been|went|it's) down|outage|nothing loads|no internet|twice|double|duplicate|"
    r"recogni[sz]e|didn't make|never (?:bought|made|authori)|wrong|overcharg|cancell?ed|stuck|"
    r"locked out|can't (?:get|log|find)|cannot (?:get|log|find)|delay|leak|flood|soaked|"
    r"water|accident|crash|overdra|fraud|scam|error|shock|way higher|unusable|isn't usable|"
    r"doesn't fit|fits weird|charged|charges|taken off|took \$|renewed|didn't mean|dropped off|"
    r"thief|hacked)"
)


@lru_cache(maxsize=1024)
def routine_goal(goal: str) -> bool:
    """Whether a scenario's goal (its template: "{damage}", "{how_lost}" name what went
    wrong too) reports nothing gone wrong."""
    return not FAILURE.search(goal.replace("{", " ").replace("}", " ").replace("_", " "))


# The stance a text opens with, after its greeting: a lead or tail of the opposite feeling
# contradicts it ("I don't really understand. Great. How long ...", "Not impressed. ... You
# guys are the best!").
PLEASED_START = re.compile(
    r"(?i)(?:ok |oh )?(?:great|perfect|wonderful|awesome|excellent|brilliant|lovely|nice|"
    r"good|thanks|thank you|cool|fantastic|amazing|phew|glad|that's great|sweet)\b"
)
UPSET_START = re.compile(
    r"(?i)(?:not impressed|ugh|unbelievable|ridiculous|seriously|worst|come on|what a joke|"
    r"this is (?:ridiculous|unacceptable|a joke|a disgrace)|disappoint|terrible|awful|"
    r"absolutely ridiculous|are you kidding)\b"
)
NEGATIVE_TONES = frozenset({"confused", "frustrated", "angry", "anxious"})
# What an aside says, by kind, as the turn's own text may already say it: a second "my
# grandson usually does this for me" or "I already checked the app" in one message is two
# fillers colliding.
SAID_LOW_TECH = Cue(
    r"\b(?:not (?:very |that |too |really )?(?:good|great|techy|technical|confident)|"
    r"usually (?:does|sorts|handles|helps|sets|deals)|(?:don't|do not) (?:really )?understand|"
    r"grandson|granddaughter|technology|computers|pressed (?:something|a button))"
)
SAID_CHATTY = Cue(
    r"\b(?:for years|customer for|with you for|one of those|awful day|long day|lunch "
    r"break|said you'd|bear with me|long message|already (?:tried|checked|looked|went)|"
    r"meaning to|not usually one)"
)
SAID_HIGH_TECH = Cue(
    r"\b(?:already (?:tried|checked|looked|went|read|searched|restarted)|(?:app|website|"
    r"portal|dashboard|tracking|online banking) (?:shows|says|doesn't|won't|isn't))"
)


_NOT_WORD = re.compile(r"[^a-z' ]+")


def words(text: str) -> str:
    """Lower-case words only: a lead found in the text however it was punctuated."""
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())
