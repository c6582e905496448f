"""Flow beats: the scenario's own follow-ups ("how long will the refund take?") the customer
asks after what support just did, and whether support already said a beat's answer (asking
it then would ignore support's last turn).

Apart from agents.scripted.customer because this part reads the scenario's text and support's,
while the customer's main flow reads only acts and its own bookkeeping.
"""

from __future__ import annotations

import re
from functools import lru_cache

from agents import types as a
from agents.scripted.common import Move, fill, lines
from agents.scripted.moot import moot
from agents.scripted.state import Ctx

_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}|\d+")


@lru_cache(maxsize=1024)
def _stems(text: str) -> frozenset[str]:
    """Cached: a scenario's answers are read again on every turn of its conversations."""
    return frozenset(w[:5] for w in _CONTENT_WORD.findall(text.lower()))


_SPAN = re.compile(
    r"(?i)\b\d+(?:\s*(?:to|-|or)\s*\d+)?\s+(?:business\s+)?(?:day|hour|week|month|year)s?\b"
)
# A duration in any wording a bot may use ("3 à 5 jours ouvrés", "binnen 5 Werktagen", "five
# working days", "3-5 días"): a count, maybe a range and a word, then a unit of time. Units and
# small numbers of the languages personas write are a closed class; the rest is shape.
_COUNT = (
    r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few|a couple of|un|une|deux|"
    r"trois|quatre|cinq|sept|huit|dix|uno|una|dos|tres|cuatro|cinco|seis|siete|ocho|diez|"
    r"ein|eine|einem|einer|zwei|drei|vier|fünf|sechs|sieben|acht|zehn|um|uma|duas|três|"
    r"quatro|oito|dez"
)
_DURATION = re.compile(
    rf"(?i)(?<!\w)(?:{_COUNT})(?:\s*(?:to|-|–|or|à|a|bis|até|ou|o|y|e)\s*(?:{_COUNT}))?"
    r"\s+(?:[^\W\d]+\s+)?(?:days?|hours?|weeks?|months?|jours?|heures?|semaines?|mois|"
    r"d[ií]as?|horas?|semanas?|mes(?:es)?|tag(?:e|en)?|werktag(?:e|en)?|stunden?|wochen?|"
    r"monat(?:e|en)?|giorni|ore|settimane|dagen|uren|weken)(?!\w)"
)


def answered(cx: Ctx, topic: str) -> bool:
    """Whether support already said the topic's answer (asking would ignore it): most
    content words of one of its lines, or its first sentence's time spans ("5 to 7 days"),
    or, for a question of when, any duration in support's last turn, in any language."""
    said = _stems(cx.said)
    for item in cx.plan.scenario.support.knowledge:
        if item.id == topic:
            for line in lines(cx.plan, item.answer, item.translations):
                text = fill(cx.plan, line, f"knowledge {topic}")
                if len(w := _stems(text)) and len(w & said) >= 0.5 * len(w):
                    return True
                spans = _SPAN.findall(re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0])
                if spans and all(span.lower() in cx.said.lower() for span in spans):
                    return True
                # A question of when, and support's last turn just said how long, in its
                # own numbers and words: asking "how long will that take?" ignores it.
                if spans and _DURATION.search(cx.last) and _about_time(cx, item.keywords, topic):
                    return True
                # A question of cost, and support's last turn just quoted a price ("Go with
                # next-day delivery at $24.99"): "what does shipping cost then?" ignores it.
                if (
                    _AMOUNT.search(text)
                    and _AMOUNT.search(cx.last)
                    and _about(cx, item.keywords, topic, _COST)
                ):
                    return True
    return False


def ruled_out_topic(cx: Ctx, topic: str) -> bool:
    """Whether every answer to the topic speaks of what support's decision ruled out: asking
    it would ignore what support said (agents.scripted.moot). Read from the turn that decided
    only: "I can't skip this step" while verifying rules nothing out."""
    if not cx.st.decision:
        return False
    for item in cx.plan.scenario.support.knowledge:
        if item.id == topic:
            where = f"knowledge {topic}"
            said = lines(cx.plan, item.answer, item.translations)
            answers = [fill(cx.plan, t, where) for t in said]
            return moot(cx.plan, topic, cx.st.decision, cx.st.decided or cx.said, answers)
    return False


_WHEN = re.compile(
    r"(?i)\b(?:how long|when|how soon|how many (?:days|weeks|hours)|cu[aá]ndo|cu[aá]nto tarda|"
    r"quand|combien de temps|wann|wie lange|quando|quanto tempo)\b"
)


_COST = re.compile(
    r"(?i)\b(?:how much|cost|costs|price|fee|fees|cu[aá]nto (?:cuesta|cobran|sale)|precio|"
    r"coste|costo|combien|prix|co[uû]t|frais|was kostet|wie viel|Preis|Kosten|Geb[üu]hr|"
    r"quanto (?:custa|fica|sai)|pre[cç]o|custo|taxa)\b"
)
# A price as support writes one, in the currencies the library and its banks use.
_AMOUNT = re.compile(r"(?:[$€£]\s?\d|\d(?:[.,]\d+)?\s?(?:\$|€|£|EUR|USD)(?!\w)|(?:US|R)\$\s?\d)")


def _about_time(cx: Ctx, keywords: list[str], topic: str) -> bool:
    """Whether the topic asks when or how long: by its keywords or a flow line asking it
    (a question of what is covered is not answered by "within 24 hours")."""
    return _about(cx, keywords, topic, _WHEN)


def _about(cx: Ctx, keywords: list[str], topic: str, asks: re.Pattern[str]) -> bool:
    """Whether the topic asks what `asks` reads (when, how much): by its keywords or a flow
    line asking it."""
    if any(asks.search(k) for k in keywords):
        return True
    for beat in cx.plan.scenario.flow:
        if beat.asks == topic and any(
            asks.search(line) for line in lines(cx.plan, beat.say, beat.translations)
        ):
            return True
    return False


def next_beat(cx: Ctx, act: str) -> Move | None:
    """The next flow beat whose `after` matches what support just did, drawn by probability."""
    st = cx.st
    if not st.stated:
        return None  # a follow-up before the issue is said answers nothing support asked
    kinds = set()
    if act == a.RESOLVE or (act in (a.ANSWER, a.CLOSE) and st.decision == "resolve"):
        kinds.add("resolve")
    if act == a.REFUSE:
        kinds.add("refuse")
    if act == a.ANSWER:
        kinds.add("answer")
    if cx.c == 1 and not st.decision and act not in (a.RESOLVE, a.REFUSE):
        kinds.add("open")  # "before you do anything, ..." is not asked once it is done
    if not kinds:
        return None
    for beat in cx.plan.scenario.flow:
        if beat.id in st.beats_seen or (beat.after not in kinds and beat.after != "any"):
            continue
        st.beats_seen.append(beat.id)
        if beat.asks in st.asked:  # already asked (an edge case got there first)
            continue
        if beat.asks and answered(cx, beat.asks):
            continue  # support already said it ("only billing records are kept ...")
        if beat.asks and ruled_out_topic(cx, beat.asks):
            continue  # the refund's timing after "monthly renewals cannot be refunded"
        if cx.rng.random() >= beat.probability:
            continue
        said = lines(cx.plan, beat.say, beat.translations)
        text = fill(cx.plan, cx.rng.choice(said), f"flow {beat.id}")
        if beat.asks:
            if beat.asks not in st.asked:
                st.asked.append(beat.asks)
            return Move(a.ASK, {"topic": beat.asks}, content=text)
        if beat.after == "refuse":
            return Move(a.PUSH_BACK, content=text)
        if text.rstrip().endswith("?"):
            return Move(a.ASK, content=text)
        return Move(a.ACCEPT if st.decision else a.INFORM, content=text)
    return None
