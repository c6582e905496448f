"""The scripted customer: pursues the scenario's goal the way its persona would.

It opens with one of the scenario's openings (a talkative persona volunteers the facts that
need not wait to be asked for), answers what support asks, accepts a resolution and takes
the flow beats that follow it, pushes back on refusals as far as its patience allows, and
closes: THANK (resolved) or GIVE_UP / accepting a refusal (abandoned). Patience is a budget
that unhelpful support turns spend; once spent the customer demands a manager or leaves.
Edge cases (agents.scripted.edges) change what it does, at turns drawn per plan.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from agents import types as a
from agents.phrasing.unread import cannot_read
from agents.scripted import beats, check_behaviors, edges, go_ahead, offering
from agents.scripted.common import Move, act_of, language_of, speak, turn_rng
from agents.scripted.state import STYLE_BEHAVIORS, Ctx, CustomerState
from agents.types import ConversationPlan, Outcome, Reply, Turn
from agents.understanding import SupportReading, read_support, support_act_from_text
from agents.understanding.languages import decided_language

# Support acts after which a satisfied or resigned customer would close.
_CLOSING = frozenset({a.RESOLVE, a.REFUSE, a.CLOSE, a.ANSWER})


class ScriptedCustomer:
    """The scripted customer role (agents.types.Role)."""

    async def respond(
        self, plan: ConversationPlan, turns: Sequence[Turn], memory: Mapping[str, Any]
    ) -> Reply:
        check_behaviors(plan.edge_cases)
        st = CustomerState.load(memory)
        rng = turn_rng(plan, "customer", turns)
        c = sum(1 for t in turns if t.role == "customer")
        cx = Ctx(plan, st, rng, c)
        cx.turns = turns
        prev: Turn | None = None
        prev_act: str | None = None
        if c == 0 or not turns:
            move = _opening(cx)
        else:
            last = turns[-1]
            act, slots = act_of(last, plan, support_act_from_text)
            # Text without an act (a bot, an LLM) is also read for what the acts leave out:
            # whether it only asked the customer to wait, whether it answered.
            reading = read_support(last.content, plan) if last.act is None else None
            cx.last = last.content
            act = _reread(cx, act, slots, reading, last.content)
            if go_ahead.is_question(last, act, slots, reading, plan):
                act = a.CONFIRM
            move = _react(cx, act, slots, reading, last.content)
            prev, prev_act = last, act
            # An answer that says no ("I can't tell you more", the refusal said again) is
            # taken in as a refusal is: thanks for explaining, never "Phew!" (reading s18).
            if (
                act == a.ANSWER
                and move.act in (a.THANK, a.ACCEPT)
                and (reading or read_support(last.content, plan)).refuses
            ):
                prev_act = a.REFUSE
        _style(cx, move)
        if move.act == a.ASK:
            st.question = move.slots.get("topic") or "?"
        st.last_act = move.act
        turn = speak(
            plan, "customer", move, plan.persona, rng, len(turns), prev, after_act=prev_act
        )
        return Reply(turn=turn, memory=st.dump(), stop=move.stop)


UNNAMED_RESTATES = 2  # times a request naming none of its facts is answered with the issue
_ISSUE = "<issue>"  # pending marker: support's request is taken to be for the issue itself
# A request about the issue rather than a fact: the closed class of words for "your case",
# in the five languages a customer writes (a bot asking a German customer "was Sie zu Ihrem
# Schaden brauchen" asks what it wants, not for a fact it lacks).
_ABOUT_ISSUE = re.compile(
    r"\b(?:problems?|issues?|matter|situation|concerns?|quer(?:y|ies)|what (?:happened|went "
    r"wrong|is wrong|seems to be|is going on|it is about|this is about|concerns|you need)|"
    r"describe|explain|tell me (?:more|what)|more about|"
    r"problema|asunto|consulta|qu[eé] (?:le )?(?:pas[oó]|ocurri[oó]|necesita)|describ\w*|"
    r"expli(?:que|car|quer?|quez)\w*|"
    r"probl[eè]me|souci|de quoi (?:il s'agit|s'agit-il)|ce qui (?:s'est pass[eé]|se passe)|"
    r"(?:ce dont|de quoi) vous avez besoin|d[eé]cri\w*|"
    r"assunto|quest[aã]o|o que (?:aconteceu|houve|precisa)|descrev\w*|"
    r"Problem|Anliegen|worum es (?:geht|sich handelt)|was (?:ist )?passiert|was Sie "
    r"(?:\w+ ){0,4}brauchen|beschreib\w*|erkl[aä]r\w*)\b",
    re.IGNORECASE,
)


def _reread(
    cx: Ctx, act: str, slots: Mapping[str, str], reading: SupportReading | None, text: str
) -> str:
    """A question from a bot that names no fact, after the case was decided, with nothing
    left to verify ("Sonst noch was?", "Autre chose ?", "Mais alguma coisa?") asks whether
    the customer needs anything more: a close, not a request it could only answer with "I
    don't have that"."""
    if act != a.REQUEST_INFO or reading is None or not cx.st.decision:
        return act
    if any(f not in ("topic", "kind") for f in slots) or _ABOUT_ISSUE.search(text):
        return act
    return act if any(f not in cx.st.given for f in cx.verify) else a.CLOSE


def _stop(status: str, reason: str) -> Outcome:
    return Outcome.model_validate({"status": status, "reason": reason, "ended_by": "customer"})


def _style(cx: Ctx, move: Move) -> None:
    """Typos, sarcasm and impatience also colour turns that enact nothing else."""
    if move.edge_id is not None or move.act == a.CHITCHAT:
        return
    if cx.st.last_support == a.CHECK_IN:
        return  # support waited or checked in: it was the customer who had gone quiet
    for behavior in STYLE_BEHAVIORS:
        t = cx.timing(behavior)
        if t is not None and (behavior == "heavy_typos" or cx.rng.random() < 0.35):
            move.edge_id, move.flavor = t.edge.id, behavior
            return


def _opening(cx: Ctx) -> Move:
    content = cx.opening_text()
    slots: dict[str, str] = {}
    for fact in cx.knows:
        if fact in cx.spec.reveal_only_when_asked:
            continue
        if cx.rng.random() < cx.volunteer_chance():
            slots[fact] = cx.knows[fact]
    move = Move(a.OPEN, slots, content=content)
    move = edges.opening(cx, move)
    if move.act == a.OPEN:
        cx.st.stated = True
        for fact in list(move.slots):
            if fact in cx.knows:
                move.slots[fact] = _value(cx, fact, move)
        cx.st.given.update(move.slots)
    return move


def _value(cx: Ctx, fact: str, move: Move) -> str:
    """The value to give for `fact`: wrong the first time if an edge case says so."""
    wrong = edges.wrong_for(cx, fact)
    if wrong is None:
        cx.st.wrong.pop(fact, None)  # asked again rather than told it failed: give it right
        return cx.knows[fact]
    t, value = wrong
    cx.st.wrong[fact] = value
    if move.edge_id is None:
        cx.mark(
            t, move, flavor="wrong_identifier" if t.edge.behavior == "wrong_identifier" else None
        )
    else:
        cx.st.edge_n[t.edge.id] = cx.count(t) + 1
    return value


def _give(cx: Ctx, wanted: list[str]) -> Move:
    """Answer a request for facts (unless an edge case makes the customer do otherwise)."""
    st = cx.st
    replaced = edges.answer(cx, wanted)
    if replaced is not None:
        return replaced
    move = Move(a.INFORM)
    for fact in wanted:
        if fact in cx.knows:
            move.slots[fact] = _value(cx, fact, move)
    overshare = edges.overshare_due(cx)
    if overshare is not None and move.edge_id is None:
        for fact, value in cx.personal_data().items():
            move.slots.setdefault(fact, value)
        cx.mark(overshare, move)
    st.given.update({f: v for f, v in move.slots.items()})
    st.pending = [f for f in st.pending if f not in move.slots]
    return move


def _cost(cx: Ctx, act: str, slots: Mapping[str, str]) -> int:
    """How much patience a support turn spends: refusals, repeats and loops cost."""
    st = cx.st
    if act == a.REFUSE:
        return 2
    if act == a.CLARIFY:
        return 0 if st.last_act == a.CHITCHAT else (2 if st.last_support == a.CLARIFY else 1)
    if act == a.REQUEST_INFO:
        repeated = [f for f in slots if f in st.given and f not in st.wrong]
        return 2 if repeated else 0
    if act == a.VERIFY_FAILED:
        return 0 if all(f in st.wrong for f in slots) and slots else 2
    if act == a.REDIRECT:
        return 0 if st.last_act in (a.CHITCHAT, a.REQUEST_ESCALATION) else 1
    if act == a.CLOSE and not st.decision:
        return 2  # closing without having done anything
    if act == a.ANSWER and "topic" not in slots and st.last_act != a.ASK:
        return 1  # talking past the customer
    return 0


def _react(
    cx: Ctx, act: str, slots: dict[str, str], reading: SupportReading | None = None, text: str = ""
) -> Move:
    st = cx.st
    if st.question and (
        act in (a.ANSWER, a.RESOLVE, a.REFUSE) or (reading is not None and reading.answers)
    ):
        st.question, cx.answered = "", True
    if reading is not None and reading.stalls and act not in (a.ESCALATE, a.REQUEST_INFO):
        return _wait(cx)
    st.holds = 0
    if act == a.CONFIRM:  # asked for the go-ahead: answered before any edge case or beat
        return go_ahead.answer(cx)
    if act == a.ESCALATE:
        return Move(
            a.ACCEPT,
            stop=Outcome(
                status="escalated",
                reason="support handed the conversation over",
                ended_by="customer",
            ),
        )
    if act == a.REQUEST_INFO and st.decision and not _asked(slots, cx):
        # "Anything else I can help with?" once it was decided: a request for nothing it
        # lacks is the close it reads as, not a fact to say it does not have.
        act = a.CLOSE
    if act == a.RESOLVE:
        st.decision, st.decided = "resolve", text
    elif act == a.REFUSE:
        st.decision, st.decided = "refuse", text
        st.refusals += 1
    elif act in (a.REQUEST_INFO, a.VERIFY_FAILED):
        asked = [f for f in slots if f not in ("topic", "kind")]
        missing = [f for f in cx.verify if f not in st.given]
        if act == a.REQUEST_INFO and not asked and reading is not None:
            # Asked for something none of its facts names: what verification still lacks
            # is the likely want; with nothing lacking and nothing decided, the issue itself
            # ("what is this about?", "describe the problem"), said again up to twice;
            # after that it says it does not have that.
            st.pending = missing
            about = bool(_ABOUT_ISSUE.search(text))
            if about and not st.stated:
                st.pending = []  # asked what it wants before it said: it says so (_dispatch)
            elif about and not missing and not st.decision and st.unnamed_asks < UNNAMED_RESTATES:
                st.unnamed_asks += 1
                st.pending = [_ISSUE]
        else:
            st.pending = asked or missing or list(cx.verify)
    st.spent += _cost(cx, act, slots)
    st.last_support = act

    fixed = edges.correction(cx, list(slots) if act == a.VERIFY_FAILED else [])
    if fixed is not None:
        return fixed
    if cx.exhausted() and st.decision != "resolve":
        return _exhausted(cx)
    # The last turn before support can act: giving what is pending completes verification.
    last_chance = not st.decision and all(f in st.given or f in st.pending for f in cx.verify)
    closing = (
        (act in _CLOSING and bool(st.decision))
        or last_chance
        or cx.c >= cx.plan.scenario.max_turns - 2
    )
    move = edges.event(cx, act, closing)
    if move is not None:
        return move
    move = beats.next_beat(cx, act)
    if move is not None:
        return move
    return _dispatch(cx, act)


def _asked(slots: Mapping[str, str], cx: Ctx) -> bool:
    """The request names a fact, or verification still lacks one."""
    return any(f not in ("topic", "kind") for f in slots) or any(
        f not in cx.st.given for f in cx.verify
    )


def _dispatch(cx: Ctx, act: str) -> Move:
    st = cx.st
    if st.pending == [_ISSUE]:
        st.pending = []
        if act == a.REQUEST_INFO:
            return Move(a.INFORM, content=cx.restatement())
    if act == a.REQUEST_INFO and not st.stated and not st.pending:
        # Asked for nothing it knows before it said what it wants: it says what it wants.
        st.stated = True
        return Move(a.OPEN, content=cx.opening_text())
    if act in (a.REQUEST_INFO, a.VERIFY_FAILED):
        return _give(cx, st.pending)
    if act == a.RESOLVE:
        chance = 0.4 if cx.persona.verbosity == "chatty" else 0.2
        # On its last turn the customer thanks and ends: an "ok, good" there would let the
        # turn limit end a resolved conversation, a fault the support side never made.
        last_turn = cx.c >= cx.plan.scenario.max_turns - 1
        if not st.accepted and cx.rng.random() < chance and not last_turn:
            st.accepted = True
            return Move(a.ACCEPT)
        return _thank()
    if act == a.REFUSE:
        return offering.take(cx) or _refused(cx)
    if act == a.REDIRECT and st.last_act == a.REQUEST_ESCALATION:
        manager = cx.timing("demand_manager")
        insist = 0.0 if manager is not None and cx.count(manager) else (0.6 if cx.hot() else 0.3)
        if cx.rng.random() < insist:
            st.escalations += 1
            return Move(a.REQUEST_ESCALATION)
    if act in (a.CLARIFY, a.GREET) and not st.stated:
        st.stated = True
        return Move(a.OPEN, content=cx.opening_text())
    if act == a.CLARIFY and not st.pending and not st.decision:
        # Asked what it means: say the issue again (a thank-you would not answer that).
        return _say_again(cx)
    return _proceed(cx)


def _proceed(cx: Ctx) -> Move:
    """Carry on with the task: give what is pending, close, or say again what is wanted."""
    st = cx.st
    if st.pending:
        return _give(cx, st.pending)
    if st.decision == "resolve":
        return _thank()
    if st.decision == "refuse":
        return _end_refused(cx)
    if not st.stated:
        st.stated = True
        return Move(a.OPEN, content=cx.opening_text())
    if cx.answered:
        return Move(a.ACCEPT)  # its question was answered: take it in, do not restate
    return _say_again(cx)


def _say_again(cx: Ctx) -> Move:
    """The issue said again, as nothing in support's reply moved it on; but a reply in a
    language the customer does not write is asked for again in its own, once (a customer
    who sent its opening again had not read a word of it)."""
    own = language_of(cx.plan)
    other = decided_language(cx.last) if cx.last and not cx.st.foreign_asked else None
    if other is not None and other != own and cx.timing("switch_language") is None:
        ask = cannot_read(own, other, cx.rng)
        if ask is not None:
            cx.st.foreign_asked = True
            return Move(a.INFORM, content=ask)
    return Move(a.INFORM, content=cx.restatement())


def _wait(cx: Ctx) -> Move:
    """Support asked it to wait: it waits once; each further holding message in a row costs
    patience, as a real customer's would."""
    st = cx.st
    st.holds += 1
    st.spent += 0 if st.holds == 1 else 1
    st.last_support = "hold"
    if cx.exhausted() and st.decision != "resolve":
        return _exhausted(cx)
    return Move(a.ACCEPT)


def _thank() -> Move:
    return Move(a.THANK, stop=_stop("resolved", "support resolved the issue"))


def _refused(cx: Ctx) -> Move:
    """React to a refusal: push back while patience lasts, then escalate, accept or leave."""
    st = cx.st
    if st.refusals == 1:
        push = {"low": 0.85, "medium": 0.65, "high": 0.45}.get(cx.persona.patience, 0.65)
        if cx.rng.random() < push:
            return Move(a.PUSH_BACK)
        return _end_refused(cx)
    options = [
        ("accept", 2.0 if cx.persona.patience == "high" else 1.0),
        ("give_up", 2.0 if cx.persona.patience == "low" else 1.0),
    ]
    if st.escalations == 0:
        options.append(("escalate", 3.0 if cx.hot() else 1.5))
    pick = cx.rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]
    if pick == "escalate":
        st.escalations += 1
        return Move(a.REQUEST_ESCALATION)
    if pick == "give_up":
        return Move(a.GIVE_UP, stop=_stop("abandoned", "gave up after a refusal"))
    return _end_refused(cx, accept=True)


def _end_refused(cx: Ctx, accept: bool | None = None) -> Move:
    if accept is None:
        accept = cx.rng.random() < (0.3 if cx.hot() else 0.7)
    if accept:
        return Move(a.ACCEPT, stop=_stop("abandoned", "accepted the refusal"))
    return Move(a.GIVE_UP, stop=_stop("abandoned", "left after the refusal"))


def _exhausted(cx: Ctx) -> Move:
    """Out of patience: demand a manager (once, or again if brushed off), else leave."""
    st = cx.st
    if st.escalations == 0 and (cx.hot() or cx.rng.random() < 0.5):
        st.escalations += 1
        return Move(a.REQUEST_ESCALATION)
    if (
        st.last_act == a.REQUEST_ESCALATION
        and st.escalations == 1
        and cx.rng.random() < (0.6 if cx.hot() else 0.3)
    ):
        st.escalations += 1
        return Move(a.REQUEST_ESCALATION)
    return Move(a.GIVE_UP, stop=_stop("abandoned", "ran out of patience"))
