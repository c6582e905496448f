"""English action frames: what an action verb in a sentence says was done, offered, refused.

The middle layer of agents.understanding.support (its docstring has the method): every
inflected form of an action verb is read with the words before it in its clause (auxiliary,
modal, negator, person, mood). Kept apart because it is the part that turns on grammar
alone; the sentence reader around it handles formulas, mood and facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from agents.understanding import lexicon as lx
from agents.understanding import negation
from agents.understanding.text import CLAUSE_BREAK as _CLAUSE_BREAK


@dataclass
class Frame:
    kind: str
    mode: str  # claim | offer | refuse | status | other
    weight: float


def _object_kind(tokens: list[str]) -> str:
    for t in tokens:
        if t in lx.OBJECT_KIND:
            return lx.OBJECT_KIND[t]
    return ""


_NEED = lx.wordset("need needs needed required")


def _obliged(words: list[str]) -> bool:
    """A need or an obligation ("need to", "have to"), not a perfect ("have not been")."""
    return any(w in _NEED for w in words) or any(
        w in ("have", "has") and n == "to" for w, n in pairwise(words)
    )


def _clause_before(tokens: list[str], i: int) -> list[str]:
    """Up to 10 words before token i, back to the last clause break."""
    pre = tokens[max(0, i - 10) : i]
    cut = max((j + 1 for j, t in enumerate(pre) if t in _CLAUSE_BREAK or t == ","), default=0)
    return pre[cut:]


_PRESENT_BE = lx.wordset("is are 're am")
_QUANTIFIERS = lx.wordset("every each any all no")
_SPECIFIC = lx.wordset("your the this that it its these those both i we you my")


def _identifier(token: str) -> bool:
    """An order number or a code ("ord-12345", "48213"), not a duration's "5"."""
    digits = sum(c.isdigit() for c in token)
    return digits >= 4 or (digits > 0 and any(c.isalpha() for c in token))


def _rule(pre: list[str], tokens: list[str]) -> bool:
    """A present passive said of things in general ("every refund is issued to the card",
    "refunds are processed in 5 days"): a quantifier, or a bare plural subject with nothing
    naming this case (a determiner, a pronoun, a figure such as an order number). "Your
    order is cancelled" and "Order ORD-1 is cancelled" report; so does any perfect or past."""
    be = [i for i, t in enumerate(pre) if t in lx.AUX_PERFECT]
    if not be or pre[be[-1]] not in _PRESENT_BE or any(pre[i] not in _PRESENT_BE for i in be):
        return False
    subject = pre[: be[-1]]
    if any(t in _QUANTIFIERS for t in subject):
        return True
    if any(t in _SPECIFIC for t in subject) or any(_identifier(t) for t in tokens):
        return False
    head = [t for t in subject if t not in lx.ADVERBS]
    return bool(head) and head[-1].endswith("s") and not head[-1].endswith("ss")


_WILLING = lx.wordset("happy glad ready pleased willing")
# A negative subject ("Nothing has been refunded yet", "no one has cancelled it").
_NONE = negation.NOTHING["en"]
_YET = negation.NOT_YET["en"]


def _not_yet(pre: list[str], after: list[str]) -> bool:
    """A negated perfect with "yet" ("haven't cancelled anything yet", "has not yet been
    refunded"): a report that it is not done, in the clause of the verb."""
    clause = list(pre)
    for t in after[:6]:
        if t in _CLAUSE_BREAK:
            break
        clause.append(t)
    return any(t in _YET for t in clause) and any(t in lx.AUX_PERFECT for t in pre)


def _negated_or(before: list[str]) -> bool:
    """A verb right after "or"/"nor" whose clause began negated ("nothing has been
    cancelled or changed", "I haven't refunded or cancelled it"): the negation carries over.
    A bare "no" is as often "no problem"."""
    if not before or before[-1] not in ("or", "nor"):
        return False
    return any((t in lx.NEGATORS and t != "no") or t in _NONE for t in before[:-1])


def read_frames(
    tokens: list[str], question: bool, conditional: bool, proposal: bool = False
) -> list[Frame]:
    forms = lx.verb_forms()
    # "For what time should the booking be made?" asks for a value; it offers nothing.
    wh_question = question and bool(lx.WH_FIRST.match(" ".join(tokens)))
    out: list[Frame] = []
    for i, tok in enumerate(tokens):
        if tok not in forms:
            continue
        lemma, kind, form = forms[tok]
        pre = tokens[max(0, i - 6) : i]
        # The clause ends at a conjunction: "we can and it's booked" -> "it 's booked".
        cut = max((j + 1 for j, t in enumerate(pre) if t in _CLAUSE_BREAK), default=0)
        pre = pre[cut:]
        core = [t for t in pre if t not in lx.ADVERBS]
        if core and (core[-1] in lx.DETERMINERS or core[-1] in ("of", "for", "about")):
            continue  # a noun: "your refund", "the change", "a booking"
        if kind == "send" and _object_kind(tokens[i + 1 : i + 6] + pre) == "refund":
            kind = "refund"  # "the money's been sent back": sending money back refunds it
        if not kind:
            # The object, or the subject of a passive ("the reimbursement of order X has
            # been effected"): within the clause.
            kind = _object_kind(tokens[i + 1 : i + 6]) or _object_kind(_clause_before(tokens, i))
            if not kind:
                if lemma in lx.NEEDS_OBJECT:
                    continue
                kind = "done"
        near = core[-4:]
        subject_you = any(t in lx.SECOND_PERSON for t in core[-3:]) and not any(
            t in lx.FIRST_PERSON for t in core[-2:]
        )
        # "nothing has been cancelled or changed": the negation carries over the "or".
        negated = any(t in lx.NEGATORS or t in _NONE for t in near) or _negated_or(
            tokens[max(0, i - 8) : i]
        )
        modal = any(t in lx.MODALS for t in near) or (
            "to" in near[-2:] and any(t in lx.INTENT for t in core[-4:])
        )
        first = any(t in lx.FIRST_PERSON for t in core[-5:])
        if "help" in core[-2:]:
            continue  # "I can only help you book flights": what the desk does, not an offer
        if question:
            # "would you like me to cancel?", "shall I book it?" propose; "has it been
            # refunded?", "what time should it be booked for?" ask.
            # "Happy to swap it for a size M?": an intent with no subject is the speaker's.
            willing = any(t in _WILLING for t in core[-3:]) and "to" in core[-2:]
            offer = not wh_question and (
                proposal or willing or any(t in lx.FIRST_PERSON for t in core)
            )
            out.append(Frame(kind, "offer" if offer else "status", 0.8 if offer else 0.6))
            continue
        if subject_you and not modal:
            continue  # the customer's own action ("if you've cancelled")
        if negated and _obliged(near):
            continue  # "no need to ship it back", "you don't have to cancel": not required
        if negated and not modal and _not_yet(pre, tokens[i + 1 :]):
            continue  # "I haven't cancelled anything yet": the case's state, no refusal
        if negated:
            refusing = first or modal or any(t in ("could", "can", "will") for t in near)
            out.append(Frame(kind, "refuse" if refusing else "status", 0.8))
            continue
        if modal or (core[-1:] == ["to"]):
            out.append(Frame(kind, "offer", 0.75))
            continue
        if conditional:
            continue  # "once it has been refunded ...": a condition, not a report
        if form == "past":
            if _rule(pre, tokens):
                continue  # "refunds are processed within 5 days": how things go, no one's case
            aux = any(t in lx.AUX_PERFECT for t in near)
            if aux or (core and core[-1] in lx.FIRST_PERSON):
                out.append(Frame(kind, "claim", 0.9))
            elif len(tokens) <= 7 or all(t in lx.INTERJECTIONS for t in pre):
                out.append(Frame(kind, "claim", 0.65))  # "Order cancelled.", "ok, refunded"
            continue
        if form == "ing" and any(t in ("'m", "am", "are", "'re", "is", "being") for t in near):
            out.append(Frame(kind, "claim" if first or "being" in near else "other", 0.6))
    return out
