"""Customer faults that block the task: the critic blames the simulator for them.

The simulated customer held a fact back that support asked for in plain words, or stated a
value for one of its facts that its scenario contradicts, without an edge case that makes it
do so. Either spoils the conversation as a test of the support side (agents.blame).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agents.checks import PASS, CheckResult, GradeContext, quote
from agents.checks.matching import compact, contains_value, shape_of
from agents.checks.reading import read_text
from agents.types import Finding, Turn
from agents.understanding.languages import fold
from agents.understanding.lexicon import wordset
from agents.understanding.negation import LANGUAGES
from agents.understanding.recital import without_recital

# Nouns that name an identifier whatever it identifies: "order number", "booking ref",
# "account ID", "order #". A fact named by its own words plus one of these, or by its scenario
# label, is asked for in plain words.
ID_NOUNS = frozenset(
    {"number", "no", "nr", "num", "id", "identifier", "reference", "ref", "code", "#"}
)
_TOKENS = re.compile(r"#|[^\W_]+")
_ASKING = re.compile(
    r"\?|\b(?:please|could you|can you|would you|provide|share|send|give|tell me|need|"
    r"what(?:'s| is)|confirm|enter|type)\b",
    re.IGNORECASE,
)
UNFINISHED = frozenset({"abandoned", "max_turns"})
# Edge-case behaviours that change only how a turn is spelled, never what it says.
SPELLING_ONLY = frozenset({"heavy_typos"})
WRONG_VALUE_BEHAVIORS = frozenset({"wrong_identifier", "self_correct", "overshare", "multi_issue"})


def _tokens(text: str) -> list[str]:
    return [t.casefold() for t in _TOKENS.findall(text)]


def _fact_names(ctx: GradeContext, fact: str) -> list[list[str]]:
    names = [_tokens(ctx.plan.scenario.label(fact)), _tokens(fact.replace("_", " "))]
    return [n for n in names if n]


def asks_for(text: str, names: Sequence[Sequence[str]]) -> bool:
    """`text` asks for the fact in plain words: a request naming the fact by one of its
    `names` (token lists: its label, its key) or by a name word next to an identifier noun."""
    if not _ASKING.search(text):
        return False
    said = _tokens(text)
    joined = " " + " ".join(said) + " "
    for name in names:
        if len(name) > 1 and " " + " ".join(name) + " " in joined:
            return True
        if len(name) == 1 and _alone(name[0], text):
            return True  # "your email?", not "your email address" (another fact's name)
        heads = {w for w in name if w not in ID_NOUNS and w not in _COMMON_WORDS}
        if len(heads) == len(name) or not heads:
            continue  # the name has no identifier noun: only the whole name says it
        for i, word in enumerate(said):
            if word in heads and any(w in ID_NOUNS for w in said[i + 1 : i + 3]):
                return True
    return False


_COMMON_WORDS = frozenset({"the", "a", "an", "your", "of", "my"})


def _alone(word: str, text: str) -> bool:
    """`word` occurs in `text` as a noun of its own: not followed by another word."""
    return re.search(rf"(?<![\w#]){re.escape(word)}(?![\w#]|\s+[^\W\d_])", text, re.I) is not None


def _known_facts(ctx: GradeContext) -> dict[str, str]:
    out: dict[str, str] = {}
    for fact, template in ctx.plan.scenario.customer.knows.items():
        value = ctx.rendered(template)
        if value is None:
            continue
        if len(value.strip()) >= 2:
            out[fact] = value
    return out


def _plan_behaviors(ctx: GradeContext) -> set[str]:
    return {e.behavior for e in ctx.plan.edge_cases}


def withheld_fact(ctx: GradeContext) -> CheckResult:
    """Support asked in plain words for a fact the customer holds, and the customer's next
    turn, in its own voice (no edge case enacted on it), did not give it; the conversation
    ended without the fact.

    Judged per answer, not per plan: an edge case that holds a fact back once (or opens
    vaguely) explains the turn it marks, not a later answer that still fails to give what
    was asked again."""
    if ctx.outcome.status not in UNFINISHED:
        return PASS  # it ended well without the fact
    turns = ctx.turns
    for fact, value in _known_facts(ctx).items():
        expected = compact(value)
        given = [
            i
            for i, t in enumerate(turns)
            if t.role == "customer" and (t.slots.get(fact) or contains_value(t.content, expected))
        ]
        if given:
            continue  # it gave it at some point: what followed is support's business
        names = _fact_names(ctx, fact)
        for asked, turn in ctx.support_turns():
            if not _asked(turn, fact, names, ctx):
                continue
            later = range(asked + 1, len(turns))
            reply = next((i for i in later if turns[i].role == "customer"), None)
            if reply is None or _content_edge(turns[reply], ctx):
                continue  # no answer, or an edge case made it hold back
            label = ctx.plan.scenario.label(fact)
            finding = Finding(
                turn=reply,
                dimension="customer_fidelity",
                category="withheld_fact",
                severity="major",
                evidence=quote(turns[asked].content),
                explanation=f"support asked for the {label} in plain words (turn {asked}) and "
                f"the customer, who knows it, never gave it",
            )
            return CheckResult((finding,))
    return PASS


def _content_edge(turn: Turn, ctx: GradeContext) -> bool:
    """An edge case on the turn that may change what it says (withholding, vague, off topic,
    sarcasm, impatience); one that changes only its spelling (`SPELLING_ONLY`) holds nothing
    back (outsider 21: a heavy-typo customer answered "das weiß ich nicht mehr" to "An welche
    Packstation soll es gehen?" to the turn limit, and support got it)."""
    if turn.edge_case is None:
        return False
    return ctx.edge_behavior(turn.edge_case) not in SPELLING_ONLY


def _asked(turn: Turn, fact: str, names: Sequence[Sequence[str]], ctx: GradeContext) -> bool:
    """A request for the fact in plain words: by its names, or, for a turn without an act (a
    bot), a request the support reader finds naming it in any of the five languages (the
    reader the simulated customer answers by: a question offering the fact's choices, "Are
    you the account holder or an authorised user?", asks for it too), or a question that
    shows an example of the fact's own shape ("Welche Packstation (z. B. LK-101)?" for a
    locker id LK-103: outsider 21, where the customer answered "I don't have it at hand"
    eight times and support got the turn limit)."""
    text = without_recital(turn.content)  # "my instructions: always ask for X" asks nothing
    if asks_for(text, names) or _asks_which(text, fact, ctx):
        return True
    if turn.act is not None:
        return False
    return fact in read_text(turn.content, ctx).asks or _asks_by_example(text, fact, ctx)


# Interrogative determiners, five languages (folded): "which locker", "¿a qué dirección?",
# "quelle adresse", "an welche Packstation", "qual morada".
_WHICH = wordset(
    "which what que cual cuales quel quelle quels quelles welche welcher welches welchen "
    "welchem qual quais"
)
# Words of a label that qualify its noun rather than name it ("neue Packstation", "new
# address", "nueva dirección").
_QUALIFIERS = wordset(
    "new old current previous other nuevo nueva nuevos nuevas actual antiguo antigua otro "
    "otra nouveau nouvelle nouvel ancien ancienne actuel actuelle autre neue neuer neues "
    "neuen alte alter altes alten aktuelle andere novo nova novos novas antigo antiga atual "
    "outro outra"
)


def _asks_which(text: str, fact: str, ctx: GradeContext) -> bool:
    """A question asking "which <noun>" where the noun is the fact's label's own noun ("An
    welche Packstation soll es gehen?" for the fact labelled "neue Packstation", "¿A qué
    dirección lo enviamos?" for "nueva dirección"), and the noun names no other fact the
    customer holds: only this fact can be what it asks for."""
    if "?" not in text:
        return False
    heads = _label_nouns(ctx, fact)
    if not heads:
        return False
    others = {n for f in _known_facts(ctx) if f != fact for n in _label_nouns(ctx, f)}
    said = fold(text).split()
    said = [w.strip("¿?¡!.,;:()\"'«»") for w in said]
    for i, word in enumerate(said):
        if word not in _WHICH:
            continue
        for noun in said[i + 1 : i + 3]:
            head = next((h for h in heads if noun.startswith(h)), None)
            if head is not None and not any(noun.startswith(o) for o in others):
                return True
    return False


def _label_nouns(ctx: GradeContext, fact: str) -> frozenset[str]:
    """The folded nouns of a fact's labels, in every language the scenario gives: their words
    but qualifiers, identifier nouns and short glue ("neue Packstation" -> packstation;
    "order number" -> order)."""
    scenario = ctx.plan.scenario
    labels = [scenario.label(fact), *(scenario.label_in(fact, lang) or "" for lang in LANGUAGES)]
    words = [w for label in labels for w in re.findall(r"[a-z]+", fold(label)) if len(w) >= 4]
    return frozenset(w for w in words if w not in _QUALIFIERS and w not in ID_NOUNS)


def _asks_by_example(text: str, fact: str, ctx: GradeContext) -> bool:
    """A question holding an id-like example shaped as this fact's value and as no other
    fact's: only this fact can be what it asks for."""
    if "?" not in text:
        return False
    known = _known_facts(ctx)
    value = known.get(fact)
    if value is None or not _identifier(value):
        return False
    shape = shape_of(value)
    if any(shape_of(v).pattern == shape.pattern for f, v in known.items() if f != fact):
        return False
    return shape.search(text) is not None


def _identifier(value: str) -> bool:
    """An id-like value: letters and digits mixed, or six or more digits."""
    digits = sum(c.isdigit() for c in value)
    letters = sum(c.isalpha() for c in value)
    return (digits >= 2 and letters >= 1 and len(value) >= 5) or digits >= 6


def _blank(text: str, values: Sequence[str]) -> str:
    """`text` with each value (in order, case as given) overwritten by as many NULs: its
    other facts (a date of birth) are not the fact being checked."""
    for value in values:
        if value:
            text = text.replace(value, "\0" * len(value))
    return text


def contradicted_goal(ctx: GradeContext) -> CheckResult:
    """The customer states a value for one of its facts that its scenario contradicts (a
    different value of the same shape), without an edge case that makes it do so."""
    if _plan_behaviors(ctx) & WRONG_VALUE_BEHAVIORS:
        return PASS
    support_text: str | None = None  # what support said, read at the first value found
    facts = _known_facts(ctx)
    values = sorted(set(facts.values()), key=lambda v: (-len(v), v))
    masked: list[tuple[int, Turn, str]] | None = None
    for fact, value in facts.items():
        if not _identifier(value):
            continue  # a name, a date or a short number has too many spellings and lookalikes
        shape = shape_of(value, re.IGNORECASE)
        known = value.casefold()
        if masked is None:  # the customer's turns with its known values blanked, longest first
            masked = [
                (index, turn, _blank(turn.content, values))
                for index, turn in enumerate(ctx.turns)
                if turn.role == "customer" and turn.edge_case is None
            ]
        for index, turn, content in masked:
            for m in shape.finditer(content):
                said = m.group(0).casefold()
                if said == known:
                    continue
                if support_text is None:
                    support_text = " ".join(t.content for _, t in ctx.support_turns()).casefold()
                if said in support_text:
                    continue  # its own value, or one support said first (a ticket number)
                label = ctx.plan.scenario.label(fact)
                finding = Finding(
                    turn=index,
                    dimension="customer_fidelity",
                    category="contradicted_goal",
                    severity="major",
                    evidence=quote(turn.content, m.start(), m.end()),
                    explanation=f"the customer gives a {label} its scenario does not hold",
                )
                return CheckResult((finding,))
    return PASS
