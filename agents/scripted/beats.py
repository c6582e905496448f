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
from agents.scripted.common import Move, fill, language_of, lines
from agents.scripted.moot import moot
from agents.scripted.state import Ctx
from agents.types import ConversationPlan
from scenarios.model import Beat, Rule

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


# "At once" in the five languages the scripted engine writes: a time said without a count.
_AT_ONCE = re.compile(
    r"(?i)\b(?:right now|right away|straight away|immediately|instantly|at once|ahora mismo|"
    r"al momento|de inmediato|inmediat[oa]|tout de suite|immédiat(?:e|ement)?|sofort|"
    r"umgehend|agora mesmo|na hora|imediat(?:o|a|amente))\b"
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
                first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
                # (its time spans in any language: "5 a 7 días laborables" was missed)
                spans = _SPAN.findall(first) or _DURATION.findall(text)
                if spans and all(span.lower() in cx.said.lower() for span in spans):
                    return True
                # A question of when, and support's last turn just said how long (or that
                # it is at once: "the refund is available right now"), in its own numbers
                # and words: asking "how long will that take?" ignores it.
                if (
                    spans
                    and (_DURATION.search(cx.last) or _AT_ONCE.search(cx.last))
                    and _about_time(cx, item.keywords, topic)
                ):
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


# Function words of four letters and more in the five languages the scripted engine writes:
# never what makes a follow-up about one path of the case rather than another.
_FUNCTION = frozenset(
    re.findall(
        r"\w+",
        """that this what when where which will with have does there their they about from your
    would could should just then than into also much many more some need want been were only
    para pero como está esta este esto usted puede cuando donde desde porque también todo
    vous votre vos nous pour dans avec sont cette mais tout plus être peut quand sous
    ihre ihnen haben wird nicht eine einen einem einer oder auch noch wenn dann sind kann
    você pode uma como isso esse essa quando mais para pelo pela seus suas está""",
    )
)
_TOKEN = re.compile(r"[^\W_]+")


# The longest text whose anchors are kept (as agents.understanding.text.CACHED_TEXT).
CACHED_TEXT = 2_000


def _anchors(text: str) -> frozenset[str]:
    """`_words_of`, kept for texts of up to CACHED_TEXT characters (a bot's reply may be a
    hundred thousand)."""
    return _words_of(text) if len(text) > CACHED_TEXT else _cached_anchors(text)


@lru_cache(maxsize=2048)
def _cached_anchors(text: str) -> frozenset[str]:
    return _words_of(text)


def _words_of(text: str) -> frozenset[str]:
    """The words a follow-up and its answer can share about one thing: numbers, short
    capitalised names ("QR", "SIM"), other words of four letters and more, by a five-letter
    stem; never a function word. Cached (a frozenset): a beat's and a rule's own words are
    read again at each turn of the conversation."""
    out = set()
    for w in _TOKEN.findall(text):
        low = w.lower()
        if low in _FUNCTION:
            continue
        if w.isdigit() or len(w) >= 4 or (len(w) >= 2 and w.isupper()):
            out.add(low[:5])
    return frozenset(out)


def unprompted(cx: Ctx, beat: Beat) -> bool:
    """Whether the follow-up is about something only another path of the case brings up, and
    support never said it here: "why do I have to wait 24 hours?" after a backup code got the
    customer in, "what do I do with the QR code?" after a physical SIM was ordered (reading
    s16). What the beat is about is what its lines share with its topic's answers (the wait,
    the QR code); it belongs to a path when the words of some of the rules it follows say it
    and others do not, and is asked only once support said it since its decision. A
    follow-up no rule prompts (the customer's own "can you block the phone itself?") stays,
    as does one whose path support took."""
    marks = _path_marks(cx.plan, beat)
    return bool(marks) and not (marks & _anchors(_since_decision(cx)))


def _path_marks(plan: ConversationPlan, beat: Beat) -> frozenset[str]:
    """The words of what the beat asks about that some of the rules it follows say and
    others do not; empty when it is no path's. Read in the conversation's language, else (a
    translation sharing no word with its answer: "Warum muss ich einen ganzen Tag warten?" /
    "Die 24-stündige Sperrfrist ...") the English ones that every language writes alike:
    figures and names in capitals ("24", "QR")."""
    if beat.after in ("open", "answer"):
        return frozenset()  # asked before or beside a decision: the customer's own question
    item = next((k for k in plan.scenario.support.knowledge if k.id == beat.asks), None)
    if item is None:
        return frozenset()
    kinds = {"resolve": ("resolve",), "refuse": ("refuse",)}.get(beat.after)
    rules = [r for r in plan.scenario.support.rules if kinds is None or r.action in kinds]
    here = language_of(plan)
    for language in dict.fromkeys((here, "en")):
        asked = _anchors(" ".join(_in(language, beat.say, beat.translations)))
        about = asked & _anchors(" ".join(_in(language, item.answer, item.translations)))
        if not about:
            continue
        texts = [_rule_words(r, language) for r in rules]
        marks = {w for w in about if any(w in t for t in texts) and not all(w in t for t in texts)}
        if language != here:
            marks = {w for w in marks if w in _neutral(" ".join(_in(language, item.answer, {})))}
        return frozenset(marks)
    return frozenset()


def _neutral(text: str) -> frozenset[str]:
    """Figures and names in capitals: written alike in every language."""
    return frozenset(
        w.lower()[:5] for w in _TOKEN.findall(text) if w.isdigit() or (len(w) >= 2 and w.isupper())
    )


def _in(language: str, default: list[str], translations: dict[str, list[str]]) -> list[str]:
    return default if language == "en" else translations.get(language) or default


def _rule_words(rule: Rule, language: str) -> frozenset[str]:
    return _anchors(" ".join(_in(language, rule.say, rule.translations)))


def unprompted_topic(cx: Ctx, topic: str) -> bool:
    """Whether every flow beat asking `topic` is `unprompted` (an edge case asking the topic
    in a beat's words brings up the same path)."""
    asking = [b for b in cx.plan.scenario.flow if b.asks == topic]
    return bool(asking) and all(unprompted(cx, b) for b in asking)


def _since_decision(cx: Ctx) -> str:
    """What support said from its decision on: the path it took. Its requests before ("your
    PIN code") share generic words with any topic ("code") and say nothing of the path."""
    decided = cx.st.decided
    if decided and (at := cx.said.find(decided)) >= 0:
        return cx.said[at:]
    return decided or cx.said


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
        if beat.asks and unprompted(cx, beat):
            continue  # "why 24 hours?" when a backup code got them in with no wait
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
