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
from agents.scripted.state import Ctx

_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}|\d+")


@lru_cache(maxsize=1024)
def _stems(text: str) -> frozenset[str]:
    """Cached: a scenario's answers are read again on every turn of its conversations."""
    return frozenset(w[:5] for w in _CONTENT_WORD.findall(text.lower()))


_SPAN = re.compile(
    r"(?i)\b\d+(?:\s*(?:to|-|or)\s*\d+)?\s+(?:business\s+)?(?:day|hour|week|month)s?\b"
)


def _answered(cx: Ctx, topic: str) -> bool:
    """Whether support already said the topic's answer (asking would ignore it): most
    content words of one of its lines, or its first sentence's time spans ("5 to 7 days")."""
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
    return False


def next_beat(cx: Ctx, act: str) -> Move | None:
    """The next flow beat whose `after` matches what support just did, drawn by probability."""
    st = cx.st
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
        if beat.asks and _answered(cx, beat.asks):
            continue  # support already said it ("only billing records are kept ...")
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
