"""What support says handing a case over by a policy sentence: to whom ("our workshop
team", "my manager") and why, in support's own words (split from own_words.py)."""

from __future__ import annotations

import re

from simulator.studio.policy.voice import PERSON, clean_sentence, contracted, to_you

__all__ = ["handover_line"]

_TARGET = re.compile(
    r"\b(?:hand(?:ed|s)?|pass(?:ed|es)?|transfer(?:red|s)?|refer(?:red|s)?|escalate[ds]?|"
    r"send|sent|forward(?:ed|s)?|route[ds]?|give|direct(?:ed)?|put)\b(?: (?!to\b)[\w']+){0,3}? "
    r"(?:over |on )?to (?P<t>(?:the |a |an |our |their |your )?[\w'-]+(?: [\w'-]+){0,3}?)"
    r"(?= if\b| when\b| for\b| unless\b| who\b| so\b| as\b| before\b| in case\b|"
    r" straight away\b| immediately\b| at once\b| right away\b|,|$)"
)
_BY = re.compile(
    r"\b(?:need|needs|require|requires|requiring|go(?:es)? to|approval from|sign-off from|"
    r"(?:reviewed|approved|decided|handled|checked|signed off|authori[sz]ed) by|from|by)\b "
    r"(?:approval |sign-off |a decision |review )?(?:from |by )?"
    r"(?P<t>(?:the |a |an |our )(?:[\w'-]+ ){0,2}?(?:manager|supervisor|team lead|lead|"
    r"specialist|colleague|adjuster|adjustor|assessor|underwriter|handler|reviewer|approver|"
    r"agent|team|department|desk|expert|person|human|"
    r"technician|engineer|officer|office|director|owner|workshop|staff member))\b"
)
_SENIOR = re.compile(r"\b(?:manager|supervisor|team lead|lead|boss|director)$")


def _target(text: str) -> str:
    """Who a hand-over goes to, as support names them ("our workshop team", "my manager")."""
    m = _TARGET.search(text) or _BY.search(text)
    if not m:
        return "a colleague who can decide"
    target = m["t"].strip()
    article, _, rest = target.partition(" ")
    if article in ("the", "their", "your", "our"):
        return ("my " if _SENIOR.search(rest) else "our ") + rest
    if article in ("a", "an"):
        return target
    if " " not in target and not re.search(r"(?:er|or|ist|ant|ent|team|desk|shop|staff)$", target):
        target += " team"  # "billing": the billing team
    return ("my " if _SENIOR.search(target) else "our ") + target


_BARE = re.compile(
    r"(?:they|he|she|it|so)(?:\s+(?:did|do|does|have|has|had|are|is|was|were|can)(?: not|n't)?)?"
)
_TELLS = re.compile(
    r"^(?:the \w+|they|he|she)\s+(?:says?|tells? (?:us|you)|mentions?|reports?|informs? us)"
    r"\s+(?:that\s+)?(?P<x>.+)$"
)


def _reported(cond: str) -> str:
    """The condition said to the customer; what they tell us is the fact ("the customer tells
    us the account holder has died": since the account holder has died, never "since you
    tell us you have died"), its own subject kept when it is someone else."""
    told = _TELLS.match(cond)
    if told is None:
        return to_you(contracted(cond))
    fact = told["x"]
    if re.match(r"(?:they|he|she)\b", fact):
        return to_you(contracted(re.sub(r"^(?:they|he|she)\b", "the customer", fact)))
    if re.match(r"the\s", fact):
        return contracted(fact)  # someone else: "the account holder has died"
    return to_you(contracted(fact))


def handover_line(sentence: str) -> str:
    """What support says handing a case over by the rule from `sentence`: to whom, and why
    when the sentence says when ("since the bike is damaged") or about what ("they decide on
    refunds over 100 EUR")."""
    text = clean_sentence(sentence)
    # "the Priority Services (specialist) team": the team as named, the aside left out
    # (walkthrough 17 heard "a colleague who can decide")
    target = _target(re.sub(r"\s*\([^)]*\)", "", text))
    when = re.search(r"\b(?:if|when|whenever|in case)\s+(?P<c>.+?)(?=,|;| then\b|$)", text)
    if when and _BARE.fullmatch(when["c"]):
        when = None  # "if they did": the fact is the sentence's before, said by its reason
    if when:
        cond = _reported(when["c"])
        cond = re.sub(r"^(?:hand|pass|transfer|escalate|refer|send)\b.*", "", cond).strip()
        if cond:
            return f"I'm passing this to {target}, since {cond}."
    verb = re.search(
        r"\s(?:need|needs|require|requires|must|should|go|goes|are|is|will|get|gets)\b", text
    )
    subject = text[: verb.start()].strip() if verb else ""
    # "group bookings of 5 rooms or more always | go to ...": the adverb is the verb's
    subject = re.sub(
        r"(?:\s+(?:always|usually|normally|automatically|immediately|generally|then|also|"
        r"only|should|must))+$",
        "",
        subject,
    )
    if subject and re.search(r"\d|\b(?:over|above|more|under|less)\b", subject):
        return f"I'm passing this to {target}: they decide on {to_you(subject)}."
    if re.fullmatch(rf"(?:the|a|an|this) {PERSON}", subject, re.IGNORECASE):
        # "the customer must not have ...; if they did, refer ...": never "they handle you"
        subject = ""
    if subject and not re.match(r"(?:hand|pass|transfer|escalate|refer|send|forward)\b", subject):
        return f"I'm passing this to {target}: they handle {to_you(subject)}."
    return f"I'm passing this to {target}."
