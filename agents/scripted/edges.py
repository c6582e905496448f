"""Edge-case behaviours of the scripted customer: how each one changes what it *does*.

Three hooks, called by agents.scripted.customer in this order of precedence:
- `opening`: behaviours that shape the first message (vague, heavy_typos, overshare,
  multi_issue);
- `event`: behaviours that happen once (or twice) from a turn drawn per plan (silence,
  off_topic, prompt_injection, switch_language, demand_manager, give_up_early, sarcastic,
  impatient, repeat_question, return_to_issue, the multi_issue follow-up). A pending event
  fires at the latest when the customer would otherwise close or when its answer would
  complete verification, so it is never skipped. heavy_typos garbles only an opening
  (variant 0: a fragment sent unfinished, which support rightly asks about); later turns are
  mistyped but readable, as a hurried person's are, and support reads them (the issue typed
  out again mid-conversation, garbled, answered nothing support had said);
- `answer`: behaviours that change how requested facts are given (against_policy, withhold,
  vague, overshare, wrong_identifier, self_correct).
Timing and shape are drawn per plan (agents.scripted.state.schedule), so they vary by seed.
"""

from __future__ import annotations

import re

from agents import types as a
from agents.phrasing.labels import value_kind
from agents.scripted import beats
from agents.scripted.common import Move, fill, lines, plan_rng, wrong_value
from agents.scripted.state import Ctx, EdgeTiming
from agents.types import ConversationPlan, Outcome


def opening(cx: Ctx, move: Move) -> Move:
    """The opening, changed by the first behaviour that shapes it."""
    for t in cx.timings:
        b = t.edge.behavior
        if b == "vague" and (t.variant == 0 or not cx.verify):
            cx.st.stated = False
            return cx.mark(t, Move(a.CHITCHAT, {"kind": "unclear"}))
        if b == "heavy_typos" and t.variant == 0:
            cx.st.stated = False
            return cx.mark(t, Move(a.CHITCHAT, {"kind": "unclear"}, content=move.content))
        if b == "overshare" and t.variant == 0:
            move.slots.update(cx.personal_data())
            return cx.mark(t, move)
        if b == "multi_issue":
            return cx.mark(t, move)
        if b == "demand_manager" and not cx.verify:
            # Without verification support acts on its first turn: demanding early is now.
            cx.st.stated = False
            cx.st.escalations += 1
            return cx.mark(t, Move(a.REQUEST_ESCALATION))
    return move


def _due(cx: Ctx, t: EdgeTiming, closing: bool) -> bool:
    return cx.count(t) < t.times and (cx.c >= t.at or closing)


def event(cx: Ctx, support_act: str, closing: bool) -> Move | None:
    """The event behaviour due at this turn, if any. `closing`: the customer would close."""
    st = cx.st
    for t in cx.timings:
        b, n = t.edge.behavior, cx.count(t)
        if b in ("silence", "off_topic", "prompt_injection", "switch_language"):
            if _due(cx, t, closing) and (n == 0 or st.last_act == a.CHITCHAT):
                kind = {
                    "silence": "silence",
                    "off_topic": "off_topic",
                    "prompt_injection": "injection",
                    "switch_language": "language",
                }[b]
                times = 1 if b in ("silence", "off_topic") else t.times
                if n < times:
                    content = cx.restatement() if b == "switch_language" else None
                    return cx.mark(t, Move(a.CHITCHAT, {"kind": kind}, content=content))
        elif b == "demand_manager":
            if n == 0 and _due(cx, t, closing) and not st.decision:
                st.escalations += 1
                return cx.mark(t, Move(a.REQUEST_ESCALATION))
            if n == 1 and t.variant == 0 and st.last_act == a.REQUEST_ESCALATION:
                st.escalations += 1
                return cx.mark(t, Move(a.REQUEST_ESCALATION))
        elif b == "give_up_early":
            if n == 0 and _due(cx, t, closing) and st.decision != "resolve":
                stop = Outcome(status="abandoned", reason="gave up early", ended_by="customer")
                return cx.mark(t, Move(a.GIVE_UP, stop=stop))
        elif b in ("sarcastic", "impatient"):
            # (not right after a check-in: it was the customer who had gone quiet)
            waited = support_act == a.CHECK_IN
            # (nor before it said what it wants: a push-back then answers nothing said)
            if not st.stated:
                continue
            if n == 0 and _due(cx, t, closing) and (b == "sarcastic" or not st.decision):
                if waited:
                    continue
                return cx.mark(t, Move(a.PUSH_BACK))
        elif b in ("repeat_question", "return_to_issue"):
            found = (
                _repeat(cx, t, support_act, closing)
                if b == "repeat_question"
                else (_return(cx, t, closing))
            )
            if found is not None:
                return found
        elif b == "multi_issue" and n == 1 and st.decision and (closing or cx.c > t.at + 1):
            if (
                t.topic is not None
                and t.topic not in st.asked
                and _on_branch(cx, t.topic)
                and not beats.answered(cx, t.topic)  # "how long for the refund?" just said
            ):
                return cx.mark(t, _ask(cx, t.topic), flavor=None)
            return cx.mark(t, Move(a.ASK, {"kind": "generic"}))  # no knowledge item answers it
    return None


def _on_branch(cx: Ctx, topic: str) -> bool:
    """Whether the topic's flow question fits what support decided: one written for after a
    refusal ("So what can I do then?") is not asked after the change was made, one written
    for after it ("How long will the refund take?") not before anything was decided."""
    if beats.ruled_out_topic(cx, topic):
        return False  # "how long will the refund take?" once the refund was refused
    if beats.unprompted_topic(cx, topic):
        return False  # "why 24 hours?" when a backup code got them in (reading s16)
    asking = [b for b in cx.plan.scenario.flow if b.asks == topic]
    decided = cx.st.decision or "open"
    return not asking or any(
        b.after not in ("open", "refuse", "resolve") or b.after == decided for b in asking
    )


def _ask(cx: Ctx, topic: str) -> Move:
    """A question on a knowledge topic, in a flow beat's words when one asks about it."""
    if topic not in cx.st.asked:
        cx.st.asked.append(topic)
    beats = [b for b in cx.plan.scenario.flow if b.asks == topic]
    if beats:
        options = lines(cx.plan, beats[0].say, beats[0].translations)
        say = options[cx.rng.randrange(len(options))]
        content = fill(cx.plan, say, f"flow {beats[0].id}")
    else:  # no authored wording: the topic as its own answers name it, if they do
        phrase = topic_phrase(cx.plan, topic)
        if phrase is None:  # "the different product" is no phrase to say: general words
            return Move(a.ASK, {"kind": "generic"})
        content = cx.rng.choice(
            (
                f"What about {phrase}?",
                f"Can you tell me about {phrase}?",
                f"I also had a question about {phrase}.",
            )
        )
    return Move(a.ASK, {"topic": topic}, content=content)


_BEFORE = re.compile(r"(?i)\b(a|an|the|your|this|that)\s+(?:[a-z]+ly\s+)?$")
_OWN = {"your": "my", "this": "the", "that": "the"}


def topic_phrase(plan: ConversationPlan, topic: str) -> str | None:
    """A knowledge topic's id as a noun phrase, with the determiner its own answers give it
    ("For a different product, ..." -> "a different product"; "Your final bill ..." -> "my
    final bill"; "Photos aren't required" -> "photos"), else as its keywords do ("return
    label"); None when neither says it (an id like "fee_reason" is nobody's words)."""
    phrase = topic.replace("_", " ").lower()
    where = f"knowledge {topic}"
    item = next(k for k in plan.scenario.support.knowledge if k.id == topic)
    for line in lines(plan, item.answer, item.translations):
        text = fill(plan, line, where)
        m = re.search(rf"(?i)(?<![\w-]){re.escape(phrase)}(?![\w-])", text)
        if m is None:
            continue
        det = _BEFORE.search(text[: m.start()])
        if det is not None:
            word = det.group(1).lower()
            return f"{_OWN.get(word, word)} {phrase}"
        return phrase if phrase.endswith("s") else f"the {phrase}"
    if phrase in (k.lower() for k in item.keywords):  # the customer's own words for it
        return phrase if phrase.endswith("s") else f"the {phrase}"
    return None


def _repeat(cx: Ctx, t: EdgeTiming, support_act: str, closing: bool) -> Move | None:
    n = cx.count(t)
    topic = t.topic
    if topic is not None and n == 0 and topic not in cx.st.asked and not _on_branch(cx, topic):
        # Its question is written for another moment ("how did you work that amount out?"
        # before any amount): wait for it, and if the chat closes first, ask about the case.
        if not closing:
            return None
        topic = None
    if topic is None or (n == 1 and topic not in cx.st.asked):
        # No knowledge: once the case is decided, ask again about what support decided ("can
        # you go over that again?", "so that's a no?"), never restate the problem it solved.
        if n == 0 and cx.st.decision and (closing or cx.c >= t.at):
            return cx.mark(t, Move(a.ASK, {"kind": "generic"}), flavor="recap")
        return None
    if n == 0 and topic in cx.st.asked and support_act == a.ANSWER:
        cx.st.edge_n[t.edge.id] = 1  # a flow beat already asked it: go straight to the repeat
        n = 1
    if n == 0 and _due(cx, t, closing):
        return cx.mark(t, _ask(cx, topic), flavor=None)
    if n == 1 and ((support_act == a.ANSWER and t.variant == 0) or closing or cx.c >= t.at + 2):
        move = _ask(cx, topic)
        if support_act != a.ANSWER:
            move.content = None  # unanswered: point back at it ("what about my question?")
        # answered: ask the question itself again, so a support side that answers it again
        # can (a bare "can you answer my question?" after an answer blames support for nothing)
        return cx.mark(t, move)
    return None


def _return(cx: Ctx, t: EdgeTiming, closing: bool) -> Move | None:
    """Digress, let support move on, then come back to the issue unprompted."""
    n = cx.count(t)
    if n == 0 and _due(cx, t, closing):
        topic = t.topic
        if (
            topic is not None
            and topic not in cx.st.asked
            and _on_branch(cx, topic)
            and not beats.answered(cx, topic)  # not a digression support just answered
        ):
            return cx.mark(t, _ask(cx, topic), flavor=None)
        return cx.mark(t, Move(a.CHITCHAT, {"kind": "off_topic"}), flavor="off_topic")
    if n == 1:
        pending = {f: cx.knows[f] for f in cx.st.pending if f in cx.knows}
        cx.st.given.update(pending)
        cx.st.pending = [f for f in cx.st.pending if f not in pending]
        return cx.mark(t, Move(a.INFORM, pending, content=cx.restatement()))
    return None


def answer(cx: Ctx, wanted: list[str]) -> Move | None:
    """A behaviour that replaces giving the requested facts, if one is due."""
    # Refusing to give details answers a request for them, not an answer to one's question
    # ("What has that got to do with anything?" after support explained the premium).
    if cx.st.last_support not in (a.REQUEST_INFO, a.VERIFY_FAILED):
        return None
    verified = [f for f in wanted if f in cx.verify]
    # Personal details and identifiers are withheld, not an answer support decides on
    # ("whether you still have your backup codes": "Not sharing that!" reads as evasive).
    private = verified + [
        f
        for f in wanted
        if f in cx.spec.reveal_only_when_asked and f in cx.knows and value_kind(cx.knows[f]) == "id"
    ]
    for t in cx.timings:
        b, n = t.edge.behavior, cx.count(t)
        if b == "against_policy" and n < t.times and verified:
            return cx.mark(t, Move(a.PUSH_BACK))
        if b == "withhold" and n < t.times and private:
            return cx.mark(t, Move(a.INFORM))
        if b == "vague" and t.variant == 1 and cx.verify and n == 0 and wanted:
            return cx.mark(t, Move(a.INFORM))
    return None


def wrong_for(cx: Ctx, fact: str) -> tuple[EdgeTiming, str] | None:
    """A wrong value to give for `fact` the first time, under wrong_identifier/self_correct."""
    for t in cx.timings:
        behavior = t.edge.behavior
        if behavior in ("wrong_identifier", "self_correct") and t.fact == fact and not cx.count(t):
            return t, wrong_value(cx.knows[fact], plan_rng(cx.plan, f"wrong:{t.edge.id}"))
    return None


def overshare_due(cx: Ctx) -> EdgeTiming | None:
    """Overshare in the first answer (the other shape does it in the opening)."""
    t = cx.timing("overshare")
    return t if t is not None and t.variant == 1 and not cx.count(t) else None


def correction(cx: Ctx, failed: list[str]) -> Move | None:
    """Fix a wrong value: after support says it failed, or unasked on the next turn."""
    st = cx.st
    for fact in list(st.wrong):
        t = next(
            (
                x
                for x in cx.timings
                if x.fact == fact and x.edge.behavior in ("wrong_identifier", "self_correct")
            ),
            None,
        )
        if t is None:
            continue
        if t.edge.behavior == "wrong_identifier" and fact not in failed:
            continue
        if t.edge.behavior == "wrong_identifier" and t.variant == 1 and cx.count(t) == 1:
            # sure it is right: said as insisting, never "let me check" and the same again
            return cx.mark(t, Move(a.INFORM, {fact: st.wrong[fact]}), flavor="insist")
        right = cx.knows[fact]
        del st.wrong[fact]
        st.given[fact] = right
        st.pending = [f for f in st.pending if f != fact]
        flavor = "self_correct" if t.edge.behavior == "self_correct" else None
        return cx.mark(t, Move(a.CORRECT, {fact: right}), flavor=flavor)
    return None
