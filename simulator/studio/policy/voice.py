"""Policy words turned to the customer: a policy is written to support about the customer
in the third person ("the customer's bike", "members who ..."); support's lines say it to
"you", and the customer's labels say it as "I" (split from own_words.py, which says what
support does with them). Also a participle's base verb ("waived" -> "waive"), for lines that
say the deed. English only, like the studio's policy reader.
"""

from __future__ import annotations

import re

__all__ = [
    "base_verb",
    "clean_sentence",
    "contracted",
    "participle_base",
    "to_me",
    "to_you",
]

# The customer, named in the third person by a policy written to support.
_PERSON = (
    r"(?:customer|member|client|caller|guest|user|account holder|policyholder|rider|renter|"
    r"patient|passenger|tenant|student|subscriber|borrower|travell?er|buyer|shopper|visitor|"
    r"resident|applicant|cardholder|homeowner|owner|patron|diner|learner|parent|driver|hirer|"
    r"motorist|holder|pupil|cyclist|attendee|participant|player|sender|recipient|occupant|"
    r"camper|diner|shopper|consumer|account owner|enrollee|trainee|tourist|commuter|"
    r"claimant|pet owner|leaseholder|lodger|boarder|delegate|entrant|athlete|runner|"
    r"swimmer|golfer|climber|skier|biker|lessee|vehicle owner|car owner|booker)"
)
# Exported for the clause readers (policy_clauses.py): one list of the customer's names.
PERSON = _PERSON
_TO_YOU: tuple[tuple[str, str], ...] = (
    (rf"\b(?:the|this) {_PERSON}'s\b", "your"),
    (rf"\b(?:the|this|a|an) {_PERSON} (?:is|was)\b(?! (?:asked|told|given|offered|sent|charged))",
     "you're"),
    (rf"\b(?:the|this|a|an) {_PERSON} (?:isn't|is not)\b", "you aren't"),
    (rf"\b(?:the|this|a|an) {_PERSON} (?:has|had)\b", "you have"),
    (rf"\b(?:the|this|a|an) {_PERSON} (?:hasn't|has not)\b", "you haven't"),
    (rf"\b(?:the|this|a|an) {_PERSON} (?:does not|doesn't)\b", "you don't"),
    (r"\b(?:they|he or she|he/she|s/he) (?:are|is)\b", "you're"),
    # "if they have a doctor's letter": the customer, said back ("whether they have" was
    # asked of the customer as if about someone else)
    (r"\b(?:they|he or she|he/she|s/he) (?:have|has|had)\b", "you have"),
    (r"\b(?:they|he or she|he/she|s/he) (?:were|was)\b", "you were"),
    (r"\b(?:they|he or she|he/she|s/he) (can|could|will|would|may|must|did|do)\b", r"you \1"),
    (r"\btheir\b", "your"),
)  # fmt: skip
_CONTRACT = (
    (r"\bcannot\b|\bcan not\b", "can't"),
    (r"\bis not\b", "isn't"),
    (r"\bare not\b", "aren't"),
    (r"\bdo not\b", "don't"),
    (r"\bdoes not\b", "doesn't"),
    (r"\bwill not\b", "won't"),
)

# Participles that do not end in -ed, and their verbs.
_IRREGULAR = {
    "given": "give", "made": "make", "taken": "take", "done": "do", "paid": "pay",
    "sent": "send", "sold": "sell", "kept": "keep", "held": "hold", "brought": "bring",
    "bought": "buy", "left": "leave", "lent": "lend", "built": "build", "spent": "spend",
    "shown": "show", "told": "tell", "put": "put", "set": "set", "cut": "cut", "let": "let",
    "split": "split", "withdrawn": "withdraw", "forgiven": "forgive", "overridden": "override",
    "written": "write", "chosen": "choose", "frozen": "freeze", "broken": "break",
    "got": "get", "gotten": "get", "found": "find", "won": "win", "lost": "lose",
    "undone": "undo", "rebooked": "rebook", "redone": "redo", "reissued": "reissue",
    "granted": "grant", "shipped": "ship", "swapped": "swap", "topped": "top",
    "routed": "route", "rerouted": "reroute",
}  # fmt: skip
# A stem that lost its final e to -ed: "waiv(ed)" is "waive", "refund(ed)" is "refund".
_E_STEM = re.compile(
    r"(?:[^aeiou]v|[aeiou]v|[^aeiou]u|[^aeiou]c|[aeiou]c|ang|[rl]g|dg|[aeiou]s|[aeiou]z|iz|"
    r"[^aeiou][bcdfgkpt]l|[^aeiou]at|cre?at|[^aeiou]ut|[^aeiou]ir|[^aeiou]ur|[aeiou]ok|"
    r"[^aeiou]ib|[^aeiou]id|[^aeiou]in|[^aeiou]ot|[^aeiou]um|[^aeiou]ar|ul|[^aeiou]os|ap"
    r"|ys|yz|[^aeiou]it|[^aeiou]ot|om|[^aeiou]er?v)$"
)
_NO_E = re.compile(r"(?:ain|oin|ail|oil|eal|eet|out|oot|ount|ess|ss|ck|rn|nd|rt|st|lt|nt)$")


def participle_base(participle: str) -> str:
    """The verb of a participle: waived -> waive, refunded -> refund, cancelled -> cancel,
    applied -> apply, given -> give; "" when it is not one."""
    word = participle.lower()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if not word.endswith("ed") or len(word) < 5:
        return ""
    stem = word[:-2]
    if stem.endswith("i"):
        return stem[:-1] + "y"  # applied, denied
    if re.search(r"(?:pp|tt|rr|gg|mm|nn|bb)$", stem) or re.search(
        r"(?:cancell|travell|labell)$", stem
    ):
        return stem[:-1]  # stopped, transferred, cancelled
    if stem.endswith("e"):
        return stem  # "agreed" -> "agree"
    if _E_STEM.search(stem) and not _NO_E.search(stem):
        return stem + "e"
    return stem


def base_verb(participle: str) -> str:
    """The verb of a participle (waived -> waive), "" when it is not one."""
    return participle_base(participle)


_NOT_VERB = {"service", "services", "support", "account", "accounts", "number", "id", "name"}


def _you_do(m: re.Match[str]) -> str:
    """ "the customer returns" -> "you return": the verb agrees with "you"."""
    word = m[1]
    if (
        word.lower() in _NOT_VERB
        or not re.fullmatch(r"[a-z]+[^s]s", word)
        or word in ("is", "was", "has", "does")
    ):
        return f"you {word}"
    if word.endswith("ies"):
        return f"you {word[:-3]}y"
    if re.search(r"(?:sh|ch|ss|x|o)es$", word):
        return f"you {word[:-2]}"
    return f"you {word[:-1]}"


def to_you(text: str) -> str:
    """`text` said to the customer: the customer named in the third person is "you"."""
    # "only the account holder (or a registered third party) may agree": said to someone
    # refused, "only you" is wrong (walkthrough 17), so who "only" names stays as written;
    # "whether I'm the account holder" is asked as it is (never "whether I'm I")
    out = re.sub(
        rf"(?i)\b(only|I'm|I am|you're|you are) ((?:the|this|a|an) {_PERSON})\b",
        lambda m: m[1] + " " + m[2].replace(" ", "\x00"),
        text,
    )
    for pattern, said in _TO_YOU:
        out = re.sub(pattern, said, out, flags=re.IGNORECASE)
    out = re.sub(rf"\b(?:the|this) {_PERSON} ([a-z]+)\b", _you_do, out, flags=re.IGNORECASE)
    out = re.sub(rf"\b(?:the|this) {_PERSON}\b", "you", out, flags=re.IGNORECASE)
    return out.replace("\x00", " ")


def to_me(text: str) -> str:
    """`text` in the customer's own voice, as a fact's label is written ("whether the
    customer is a member": "whether I'm a member"; support says it as "whether you're ...")."""
    said = to_you(text)
    for pattern, mine in (
        (r"\byou're\b", "I'm"),
        (r"\byou aren't\b", "I'm not"),
        (r"\byou are\b", "I am"),
        (r"\byour\b", "my"),
        # "damaged by the customer": by me, never "by I"
        (r"\b(by|to|for|with|from|of|at|than|about|against|like)\s+you\b", r"\1 me"),
        (r"\byou\b", "I"),
    ):
        said = re.sub(pattern, mine, said)
    return _perfect(said)


# Past forms whose participle differs, for "I bought it" -> "I've bought it".
_PAST_PARTICIPLE = {
    "had": "had", "bought": "bought", "paid": "paid", "sent": "sent", "made": "made",
    "got": "got", "took": "taken", "gave": "given", "lost": "lost", "broke": "broken",
    "kept": "kept", "left": "left", "sold": "sold", "told": "told", "wrote": "written",
    "chose": "chosen", "came": "come", "went": "gone", "did": "done", "saw": "seen",
    "found": "found", "brought": "brought", "spent": "spent", "forgot": "forgotten",
}  # fmt: skip
_I_DID = re.compile(r"^I\s+(?P<adv>(?:already|ever|previously|recently|just)\s+)?(?P<v>[a-z]+)\b")


def _perfect(said: str) -> str:
    """ "I missed the visit ..." as "I have missed the visit ...": a yes/no label is said back
    negated ("I haven't missed ..."), and a past simple verb has no plain negation to read
    (walkthrough 16's customer said "I do not missed the visit")."""
    m = _I_DID.match(said)
    if m is None:
        return said
    verb = m["v"].lower()
    participle = _PAST_PARTICIPLE.get(verb) or (
        verb if verb.endswith("ed") and len(verb) > 4 and verb not in ("need", "feed") else ""
    )
    if not participle:
        return said
    # ("I have", not "I've", and no "already" between: each is said back as "I haven't ...")
    return f"I have {participle}{said[m.end() :]}"


def contracted(text: str) -> str:
    for pattern, short in _CONTRACT:
        text = re.sub(pattern, short, text, flags=re.IGNORECASE)
    return text


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[1].isupper():
        return text  # "EU orders ...": an abbreviation stays
    return text[:1].lower() + text[1:]


def clean_sentence(sentence: str) -> str:
    return _lower_first(" ".join(str(sentence or "").split()).strip().rstrip(".!;"))
