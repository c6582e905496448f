"""What an act-less support turn does: read from its text, with a confidence or "cannot tell".

A bot under test or an LLM gives convsim only text. The checks (acted before verifying,
ignored escalation, stalled, ignored a question) and the scripted customer need to know what
that text *did*: asked for which facts, claimed which action done, offered or promised one,
refused, handed over to a human, answered, stalled, greeted or closed.

**Method: semantic frames over function words, not phrase lists.** Each sentence is split
into tokens (clitics separated: "can't" -> can n't, "I've" -> I 've) and read in three layers:

1. *Formulaic moves* (greeting, closing, holding, handing over, refusing) are matched by
   short patterns built from their grammatical core ("let me" + a verb of looking, a verb of
   transferring + a noun for a person or team), and their span is removed so the rest of the
   sentence is still read ("Thanks for waiting, your refund has been issued").
2. *Action frames*: every inflected form of an action verb (generated from lemmas in
   agents.understanding.lexicon, so "refunded", "cancelling", "rebooked" all hit) is read
   with the words before it: an auxiliary of the perfect or passive ("has been refunded",
   "is now reserved"), a first-person past ("we cancelled"), or a bare participle fragment
   ("Order cancelled.") is a **claim**; a modal or intent ("I'll refund", "happy to cancel",
   "let me rebook") is an **offer** (promised, not done); a question ("would you like me to
   cancel?", "shall I book it?") is an offer, never a claim; a negator in scope ("I can't
   refund", "could not be processed") is a **refusal**; "you" as the subject ("if you've
   cancelled") is the customer's action and ignored. Generic verbs ("processed", "submitted")
   take their kind from the object ("your refund has been processed" -> refund).
3. *Mood*: a question or an imperative/need statement ("please send", "I'll need your ...")
   **asks**; the facts it asks for are matched by agents.understanding.facts (labels split into
   concepts, so "order #" is the "order ID"). A remaining declarative with content **answers**.

Why this and not a trained model: the classes that matter most (a claim vs an offer vs a
refusal) turn on tense, modality and negation, which these frames read exactly and
explainably; the rule set is small, deterministic, dependency-free and fast (no model
weights to ship, no STAR text in the repository), and measured against text nobody here
wrote (bench/support_reading.py on STAR's human agents). Where nothing in the text fits a
frame the reading says so (`undecided`), and callers must treat that as unknown, not as
"did nothing".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from agents.understanding import lexicon as lx
from agents.understanding.facts import CHOICES_SEP, LABEL_SEP, named_facts
from agents.understanding.foreign import read_sentence as _read_foreign
from agents.understanding.foreign.reasons import defers_handover
from agents.understanding.frames import Frame, read_frames
from agents.understanding.languages import EN, by_language, language_of
from agents.understanding.pending import handover_waits
from agents.understanding.recital import without_recital
from agents.understanding.refusal import refuses_at_one_remove, without_doubt
from agents.understanding.rulelists import recites_rules
from agents.understanding.takeover import takes_over
from agents.understanding.text import CONDITIONAL as _CONDITIONAL
from agents.understanding.text import is_question, plain, reading_window, sentences
from agents.understanding.text import spelled_out as _spelled_out
from agents.understanding.text import tokens as _tokens
from scenarios.model import Scenario
from scenarios.templates import placeholders

ASKS, CLAIMS, OFFERS, REFUSES = "asks", "claims", "offers", "refuses"
HANDS_OVER, ANSWERS, STALLS, GREETS, CLOSES = "hands_over", "answers", "stalls", "greets", "closes"
CLASSES = (ASKS, CLAIMS, OFFERS, REFUSES, HANDS_OVER, ANSWERS, STALLS, GREETS, CLOSES)
# Below this a class is not reported; a turn where no class reaches it is undecided.
THRESHOLD = 0.5


@dataclass(frozen=True)
class SupportReading:
    """What one support turn did. `asks` holds fact names (only with a plan or facts given);
    `asks_info` is any request for information, named facts or not. `claims`/`offers` hold
    action kinds: refund, cancel, change, book, send, reset, credit, ticket, or done
    (something unnamed was processed). `confidence` maps each reported class to how sure the
    reading is; `undecided` means the text fits no frame: unknown, not "nothing happened"."""

    asks: frozenset[str] = frozenset()
    asks_info: bool = False
    claims: frozenset[str] = frozenset()
    offers: frozenset[str] = frozenset()
    refuses: bool = False
    hands_over: bool = False
    answers: bool = False
    stalls: bool = False
    greets: bool = False
    closes: bool = False
    undecided: bool = True
    # Some sentence had content that no frame read with confidence (in the four other
    # languages, a statement that may or may not answer): the turn is not only what it shows.
    unread: bool = False
    confidence: Mapping[str, float] = field(default_factory=dict)
    evidence: tuple[tuple[str, str], ...] = ()  # (class, the sentence that shows it)

    @property
    def classes(self) -> frozenset[str]:
        return frozenset(c for c in CLASSES if self.has(c))

    def has(self, cls: str) -> bool:
        if cls == ASKS:
            return self.asks_info or bool(self.asks)
        if cls in (CLAIMS, OFFERS):
            return bool(getattr(self, cls))
        return bool(getattr(self, cls))


FactSource = Mapping[str, str] | Scenario | object | None


def facts_of(source: FactSource) -> dict[str, str]:
    """Fact name -> label from a ConversationPlan, a Scenario, or a mapping given as is."""
    scenario = getattr(source, "scenario", source)
    if isinstance(scenario, Scenario):
        names = list(scenario.customer.knows) + [
            f for f in scenario.support.verify if f not in scenario.customer.knows
        ]
        return {n: spoken_labels(scenario, n) + _choices(scenario, n) for n in names}
    if isinstance(source, Mapping):
        return {str(k): str(v) for k, v in source.items()}
    return {}


def _choices(scenario: Scenario, fact: str) -> str:
    """The values of a known fact that is one of a few choices, in every language the
    scenario gives, after facts.CHOICES_SEP ("" when it is not a choice): a question offering
    them asks for it ("Are you the account holder or an authorised user?")."""
    template = scenario.customer.knows.get(fact)
    names = placeholders(template) if isinstance(template, str) else []
    if len(names) != 1 or template != "{" + names[0] + "}":
        return ""
    variable = scenario.variables.get(names[0])
    if variable is None or variable.choice is None:
        return ""
    values = [str(v) for v in variable.choice]
    values += [str(v) for said in variable.translations.values() for v in said]
    return CHOICES_SEP + LABEL_SEP.join(dict.fromkeys(values))


def spoken_labels(scenario: Scenario, fact: str) -> str:
    """The fact's label and its translations as one label string (facts.LABEL_SEP between):
    a bot asking in Portuguese says "motivo do cancelamento", the label the scenario gives for
    Portuguese, not its English one."""
    labels = [scenario.label(fact)]
    for language in sorted(scenario.customer.label_translations):
        label = scenario.label_in(fact, language)
        if label and label not in labels:
            labels.append(label)
    return LABEL_SEP.join(labels)


# ---- one sentence ------------------------------------------------------------------------------


@dataclass
class _Acc:
    scores: dict[str, float] = field(default_factory=dict)
    evidence: list[tuple[str, str]] = field(default_factory=list)
    claims: set[str] = field(default_factory=set)
    offers: set[str] = field(default_factory=set)
    asks: set[str] = field(default_factory=set)
    hold: bool = False

    def add(self, cls: str, weight: float, sentence: str) -> None:
        if weight > self.scores.get(cls, 0.0):
            self.scores[cls] = weight
        if not any(c == cls for c, _ in self.evidence):
            self.evidence.append((cls, sentence))


def _strip(pattern: re.Pattern[str], sentence: str) -> tuple[bool, str]:
    if not pattern.search(sentence):
        return False, sentence
    return True, pattern.sub(" ", sentence).strip(" ,.!-")


def _substance(text: str) -> int:
    """Content words left once politeness and pronouns are set aside."""
    return sum(1 for w in _tokens(text) if w[0].isalnum() and w not in _FILLER)


_FILLER = lx.wordset(
    "that this it for you now please thanks thank again so ok okay just me us i we while and "
    "is there can with be of to the your a an in on at my our all right"
)
# A clause of purpose, time or condition that can lead a request ("to speed things up, please
# send ...", "before I refund it, confirm ...").
_LEAD = re.compile(r"^\W*(?:to|so|so that|in order to|for|before|once|if|when|just so)\b", re.I)
# What a hold is for, left once the hold is removed: "... to check the warehouse system".
_LOOKING = re.compile(
    r"^\W*to (?:check|look|see|find|pull|verify|confirm|review|dig|search|investigate)\w*"
    r"(?: (?:into|up|on|at|in|through|with))?[^,.;!?]*",
    re.IGNORECASE,
)
_NOT_UNDERSTOOD = re.compile(
    r"\b(?:do|did|could|can) (?:not|n't) (?:quite |really |fully )?(?:understand|follow|"
    r"catch|get)\b|\bnot (?:quite |entirely )?sure (?:what|i) (?:you|understand|follow)\b|"
    r"\b(?:rephrase|clarify|say (?:that|it) again)\b",
    re.IGNORECASE,
)


def _read_sentence(sentence: str, facts: Mapping[str, str], acc: _Acc) -> None:
    rest = sentence
    formula = False
    for pattern, cls in ((lx.GREET, GREETS), (lx.CLOSE, CLOSES)):
        hit, rest2 = _strip(pattern, rest)
        if hit:
            formula = True
            acc.add(cls, 0.9, sentence)
            rest = rest2
            if not named_facts(rest, facts) and (is_question(sentence) or _substance(rest) < 2):
                return  # "Is there anything else I can help you with?" asks for nothing
    if _NOT_UNDERSTOOD.search(_spelled_out(rest)):
        acc.add(ASKS, 0.6, sentence)
        return
    if lx.WITHOUT.search(_spelled_out(rest)):
        acc.asks.update(named_facts(rest, facts))  # "can't go ahead without your order no."
        acc.add(ASKS, 0.8, sentence)
        return
    handover = lx.HANDOVER.search(rest) or takes_over(rest)
    if handover and recites_rules(rest):
        return  # "ask ..., pass folks on to a person the moment they ask, ...": a rule, no act
    if handover and not lx.DESCRIBES_HANDOVER.search(rest):
        tokens = _tokens(rest)
        neg = any(t in lx.NEGATORS for t in tokens)
        if is_question(rest) or neg or lx.CONDITIONAL_ANYWHERE.search(rest):
            acc.add(OFFERS if not neg else REFUSES, 0.7, sentence)
            if not neg:
                acc.offers.add("handover")
        elif handover_waits(rest, EN):
            # "I can pass you to a colleague, but first I need your ticket number": offered
            # on a condition still to be met, which it asks for (understanding.pending).
            acc.offers.add("handover")
            acc.add(OFFERS, 0.7, sentence)
            named = named_facts(rest, facts)
            acc.asks.update(named)
            acc.add(ASKS, 0.85 if named else 0.7, sentence)
        else:
            acc.add(HANDS_OVER, 0.9, sentence)
        return
    hold, rest3 = _strip(lx.HOLD, rest)
    if hold:
        acc.hold = True
        acc.add(STALLS, 0.8, sentence)
        rest = _LOOKING.sub("", rest3)  # "give me a moment to check the warehouse system"
        if _substance(rest) < 2:
            return
    words = _tokens(rest)
    if not any(w[0].isalnum() for w in words) or lx.NEUTRAL.search(rest) or lx.ATTEMPT.search(rest):
        return
    if lx.PLEASANTRY.search(rest) and not any(ch.isdigit() for ch in rest):
        return
    if lx.REACTION.search(rest) and not any(t in lx.FIRST_PERSON for t in words):
        return
    question = is_question(rest)
    # "To speed things up, please send ...": a request after a lead clause.
    lead, comma, after = rest.partition(", ")
    # "One last security step: please confirm ...": a lead that a colon closes, whatever it is.
    _, colon, told = rest.partition(": ")
    request = (
        bool(lx.REQUEST.search(rest))
        or bool(comma and _LEAD.match(lead) and lx.REQUEST.search(after))
        or bool(colon and lx.REQUEST.match(told))
    )
    conditional = bool(_CONDITIONAL.search(rest))
    need = lx.NEED_THEN.match(rest)
    if need:
        # "Just need the order number and we're good to go": the second part follows from
        # the first; nothing is done yet, and the first asks.
        conditional = request = True
    proposal = question and bool(lx.OFFER.search(rest)) and not request
    frames = read_frames(words, question, conditional, proposal)
    sure = without_doubt(rest)  # "I can't be sure of the time" refuses nothing
    refused = not question and (bool(lx.REFUSE.search(sure)) or refuses_at_one_remove(sure))
    if not question and lx.APOLOGY_LEAD.search(rest) and any(f.mode == "claim" for f in frames):
        refused = True  # "Sorry, the venue is booked at that time": a state that blocks
    for f in frames:
        if f.mode == "claim" and not refused:
            acc.claims.add(f.kind)
            acc.add(CLAIMS, f.weight, sentence)
        elif f.mode == "offer":
            acc.offers.add(f.kind)
            acc.add(OFFERS, f.weight, sentence)
        elif f.mode == "refuse":
            refused = True
    done = lx.DONE.search(rest)
    if (
        not question
        and not frames
        and not refused
        and not need
        and done
        and not _negated_before(rest[: done.start()])
    ):
        acc.claims.add("done")
        acc.add(CLAIMS, 0.7, sentence)
        frames = [Frame("done", "claim", 0.7)]
    if refused:
        acc.add(REFUSES, 0.85, sentence)
    offered = any(f.mode == "offer" for f in frames)
    capability = not question and bool(lx.CAPABILITY.search(rest))
    wh = question and bool(lx.WH_FIRST.match(" ".join(words)))
    # "Would a replacement work for you?": a proposal naming what support would do.
    named_act = proposal and any(t in lx.OBJECT_KIND for t in words)
    if (
        ((proposal and not wh) or capability)
        and not offered
        and (named_act or any(t in lx.FIRST_PERSON for t in words))
    ):
        acc.offers.add("done")
        acc.add(OFFERS, 0.6, sentence)
        offered = True
    if (question and not offered) or request:
        named = named_facts(rest, facts)
        acc.asks.update(named)
        acc.add(ASKS, 0.85 if named or request else 0.7, sentence)
        return
    if question or frames or refused or formula:
        return
    named = named_facts(rest, facts) if facts else []
    if named and _verbless(words) and not any(ch.isdigit() for ch in rest):
        acc.asks.update(named)  # "Order ID and postcode." names facts and gives no value
        acc.add(ASKS, 0.7, sentence)
        return
    if lx.ECHO.search(rest) and not any(ch.isdigit() for ch in rest):
        return
    if _substance(rest) >= 2 or any(ch.isdigit() for ch in rest):
        acc.add(ANSWERS, 0.75 if any(ch.isdigit() for ch in rest) else 0.6, sentence)


def _negated_before(text: str) -> bool:
    """A negator in the clause before a word of "done" ("the refund hasn't gone through"),
    not in another clause ("Done, and you don't have to ..."); a bare "no" is as often "no
    worries"."""
    clause = re.split(r"[,;]|\b(?:and|but|so)\b", text)[-1]
    return any(t in ("not", "n't", "never") for t in _tokens(clause))


_FINITE = lx.wordset(
    "is are was were 's 're 'm am be been has have 've had do does did will 'll would 'd "
    "can could shall should may might must need needs"
)


def _verbless(words: list[str]) -> bool:
    """A bare noun phrase: short, no finite verb or auxiliary, no inflected action verb (a
    base form may be a noun: "order", "refund")."""
    forms = lx.verb_forms()
    return len(words) <= 10 and not any(
        w in _FINITE or (w in forms and forms[w][2] != "base") for w in words
    )


def read_support(text: str, plan: FactSource = None) -> SupportReading:
    """Read one support turn. `plan` (a ConversationPlan, a Scenario, or a mapping fact name
    -> label) lets `asks` name the scenario's facts; without it only `asks_info` is known.
    A turn in Spanish, French, German or Portuguese (agents.understanding.languages) is read
    by that language's frames (agents.understanding.foreign)."""
    facts = facts_of(plan)
    acc = _Acc()
    # recited instructions are a leak (agents.checks.disclosure), no move: read the rest
    body = without_recital(plain(text or ""))
    language = language_of(body)
    read, cut = reading_window(sentences(body))
    for whole in read:
        for sentence, lang in by_language(whole, language):
            if lang == EN:
                _read_sentence(sentence, facts, acc)
            else:
                _read_foreign(sentence, lang, facts, acc)
    if not acc.scores.get(HANDS_OVER) and defers_handover(body, language):
        acc.add(REFUSES, 0.7, body)  # "I understand you want a manager; let me try first"
    if acc.scores.get(HANDS_OVER) and handover_waits(body, language):
        # "I'll pass you to a colleague. First I need your ticket number.": not yet.
        acc.scores.pop(HANDS_OVER)
        acc.offers.add("handover")
        acc.add(OFFERS, 0.7, body)
    # Holding is a stall only when nothing else in the turn moved the case on.
    progress = {ASKS, CLAIMS, OFFERS, REFUSES, HANDS_OVER, ANSWERS}
    if acc.hold and any(acc.scores.get(c, 0.0) >= THRESHOLD for c in progress):
        acc.scores.pop(STALLS, None)
    scores = {c: w for c, w in acc.scores.items() if w >= THRESHOLD}
    return SupportReading(
        asks=frozenset(acc.asks),
        asks_info=ASKS in scores,
        claims=frozenset(acc.claims) if CLAIMS in scores else frozenset(),
        offers=frozenset(acc.offers) if OFFERS in scores else frozenset(),
        refuses=REFUSES in scores,
        hands_over=HANDS_OVER in scores,
        answers=ANSWERS in scores,
        stalls=STALLS in scores,
        greets=GREETS in scores,
        closes=CLOSES in scores,
        undecided=not scores,
        unread=cut or any(w < THRESHOLD for w in acc.scores.values()),
        confidence=dict(sorted(scores.items())),
        evidence=tuple((c, s) for c, s in acc.evidence if c in scores),
    )
