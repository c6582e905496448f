"""A policy's heading is no rule (walkthrough 13).

A support desk pastes its policy as written, title and all: *Ride charge disputes (ride did
not end after parking) - desk policy*. The reader took the "did not" inside the brackets as
a refusal and made a rule that refused every customer with a disputed charge, placed first.
A heading tells support nothing to do, so it is never read as a rule (nor listed as a line
read as no rule). A line is a heading when it is no sentence (no full stop, question or
exclamation mark, semicolon at its end) and either

- it is marked as one (`# Refunds`, `Refunds:` alone), or
- it ends by naming the document after a dash or colon (*... - desk policy*, *Refunds:
  team guidelines*, *... - how we handle them*), or
- it does not start with an instruction (*Waive the fee for members*) and, outside its
  brackets, has no verb, no condition, no negation and no number (a rule with no verb,
  *Max freeze 3 months* or *No refunds on sale items*, has one of those).

Only whole lines as pasted are judged: a sentence's pieces (policy_lines splits at full
stops and semicolons) are not headings.

Word lists, not language: English only, like the rest of the policy reader.
"""

from __future__ import annotations

import re

from simulator.studio.policy.policy_words import VERB

__all__ = ["is_heading"]

# Words that make a line say what support does or when: verbs, modals, negations,
# conditions, and what a verbless rule says ("no refunds", "only members", "max 3").
_SAYS = re.compile(
    r"\b(?:if|when|whenever|unless|until|before|after|within|only|no|not|never|none|"
    r"without|except|otherwise|max(?:imum)?|min(?:imum)?|up to|at least|at most|more than|"
    r"less than|over|under|above|below|accepted|allowed|permitted|possible|available|"
    r"eligible|free|required|ok|okay|please|always|do|does|did|done|was|were|be|been|"
    r"ask|check|verify|tell|say|give|offer|refuse|escalate|transfer|hand|send|pay|charge|"
    r"we|you|i)\b|\d|n't\b"
)
# The document itself, named at the end of a title ("- desk policy").
_DOCUMENT = re.compile(
    r"(?:^|\s)(?:[a-z'-]+\s+){0,3}(?:policy|policies|procedure|procedures|guidelines?|"
    r"rules|process|playbook|handbook|script|checklist|faq|notes|instructions|overview|"
    r"guide|manual|sop)$"
)
# A line that starts by telling support what to do ("Waive the fee for members") is an
# instruction, whatever follows.
_IMPERATIVE = re.compile(
    r"^(?:waive|refund|replace|exchange|extend|approve|cancel|change|move|reschedule|credit|"
    r"reverse|remove|reduce|upgrade|downgrade|pause|freeze|unlock|reset|reactivate|renew|"
    r"accept|allow|grant|honou?r|ship|resend|repair|rebook|return|issue|release|lift|drop|"
    r"forgive|discount|reimburse|compensate|cover|let|take|explain|confirm|remind|record|"
    r"make|keep|use|refer|apologi[sz]e|try|note|mention|inform|help|promise|decline|arrange|"
    r"suspend|block|order|look|contact|call|email|ensure|log|open|close|collect|request|"
    r"obtain|get|treat|apply|follow|book|find|show|direct|advise|wait|stop|start|report)\b"
)
_TITLE_SEPARATOR = re.compile(r"\s+[-–—|]\s+|:\s+")
# What the document is about, said after the title (*Claim reviews - how we handle "look at
# my claim again" calls*, walkthrough 14): a how-to, no rule.
_HOW_TO = re.compile(r"^(?:how|what) (?:we|to|you|our team)\b")


def is_heading(line: str) -> bool:
    """Whether a raw policy line is a title or section heading, not a sentence."""
    text = " ".join(line.split()).strip("*•_ ")
    if not text:
        return False
    if text.startswith("#"):
        return True
    if text[-1] in ".!?;":
        return False
    if text.endswith(":"):
        return True  # "Refunds and returns:": what follows is the rules
    lower = text.lower()
    parts = _TITLE_SEPARATOR.split(lower)
    if len(parts) > 1 and (_DOCUMENT.search(parts[-1].strip()) or _HOW_TO.match(parts[-1])):
        return True
    if _IMPERATIVE.match(lower):
        return False
    outside = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", lower)
    return not (_SAYS.search(outside) or VERB.search(outside))
