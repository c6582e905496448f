"""What the scripted support agent says besides verifying and deciding: answers to
questions, the decision said again (a push-back, the case restated), and turns without task
content (silence, asides, injections, another language).

Apart from agents.scripted.support, which checks who is writing and applies the rules: this
part reads what support already said (its decision, its earlier turns), so it never says a
turn again word for word, and what the scenario's knowledge answers.
"""

from __future__ import annotations

import random

from agents import types as a
from agents.scripted.answers import answering, asks_what_to_do, gist, said_before, silence_kind
from agents.scripted.common import (
    Move,
    fill,
    first_rule,
    known_view,
    language_of,
    lines,
    sayable,
    spoken_variables,
    voiced_variables,
)
from agents.scripted.moot import covering, fitting
from agents.scripted.support_state import SupportState
from agents.scripted.tooluse import Clerk
from agents.types import ConversationPlan
from agents.understanding import knowledge_topic
from scenarios.model import Rule
from scenarios.templates import placeholders

_REDIRECT_FLAVOR = {
    "injection": "prompt_injection",
    "language": "switch_language",
    "off_topic": "off_topic",
}


class Talk:
    """The scripted support policy's answers and repeats (agents.scripted.support._Policy
    adds verification and the decision, whose steps these fall back on)."""

    def __init__(
        self, plan: ConversationPlan, st: SupportState, rng: random.Random, clerk: Clerk | None
    ) -> None:
        self.plan, self.st, self.rng, self.clerk = plan, st, rng, clerk
        self.spec = plan.scenario.support
        self.known = known_view(plan)
        self.earlier: list[str] = []  # what support said in earlier turns

    def pending(self) -> dict[str, str]:
        """What a redirect goes back to: the details support asked for and still waits for,
        before a decision (the es/fr/de/pt banks ask for them again after steering back,
        never "¿En qué puedo ayudarle?" mid-verification as if the case started over). The
        English bank steers back to the case without asking, so it gets none."""
        st = self.st
        if st.decision or not st.requested or language_of(self.plan) == "en":
            return {}
        return dict.fromkeys(st.requested, "")

    def _next_step(self, flavor: str | None = None) -> Move:
        raise NotImplementedError  # the verification steps (agents.scripted.support)

    def _again(self, act: str, question: str = "") -> Move:
        """The decision said again after the customer came back to it (the issue restated, a
        push-back the rule has no other words for): the part that answers them, behind a
        lead that owns the repeat ("As I said, ..."), in the bank's `@repeat` words (each
        language's bank: "Como le decía, ...", "Wie gesagt: ..."), never the whole turn."""
        english = language_of(self.plan) == "en"
        return Move(act, content=gist(self.st.said, question, english), flavor="repeat")

    def _question(self, slots: dict[str, str], text: str) -> Move:
        st = self.st
        items = {k.id: k for k in self.spec.knowledge}
        topic = slots.get("topic")
        if topic not in items and slots.get("kind") == "generic":
            # A generic question ("what happens now?"): no knowledge item answers it, so
            # answering one picked by its words would answer something else. The decision
            # said again answers it; before one, support asks what the question is.
            if st.decision and st.said:
                part = answering(text, st.said)
                if part is not None:  # the decision's own words: said again, pointing back
                    english = language_of(self.plan) == "en"
                    content = gist(st.said, text) if english else part
                    return Move(a.ANSWER, content=content, flavor="repeat")
                if st.decision == "resolve" and asks_what_to_do(text):
                    return Move(a.ANSWER, flavor="nothing_needed")
                return Move(a.ANSWER, flavor="unknown")  # nothing more than it told
            return Move(a.CLARIFY)
        if topic not in items:
            topic = knowledge_topic(text, self.plan)
        if topic is not None:
            item = items[topic]
            again = "again" if topic in st.answered else None
            if topic not in st.answered:
                st.answered.append(topic)
            where = f"knowledge {topic}"
            answers = [
                fill(self.plan, t, where)
                for t in self._told(lines(self.plan, item.answer, item.translations))
            ]
            # Not the answers about what the decision ruled out ("Photos aren't required for
            # this refund" after refusing it); none left: that part is off.
            answers = fitting(self.plan, topic, st.decision, st.said, answers)
            if not answers:
                return Move(a.ANSWER, {"topic": topic}, flavor="moot")
            # Of the topic's answers, those naming what was asked ("direct debits", not the PIN).
            answers = covering(answers, text, item.keywords)
            before = st.answer_said.get(topic)
            other = [t for t in answers if t != before]
            content = self.rng.choice(other or answers)
            st.answer_said[topic] = content
            if (again and not other) or said_before(content, self.earlier):
                # The scenario gives one way to say it (or support said it already, in the
                # decision): said again, it points back, never claims to put it another way.
                again = "repeat"
            # Asked before anything is decided: no "anything else?" after it, there is more.
            flavor = "_".join(f for f in (again, "" if st.decision else "pending") if f) or None
            return Move(a.ANSWER, {"topic": topic}, content=content, flavor=flavor)
        return Move(a.CLARIFY)

    def _push_back(self) -> Move:
        st = self.st
        if st.decision == "refuse":
            # The rule's next line answers the objection; once none is left that was not
            # said, the refusal is said again behind an acknowledgement, never as it was.
            rule = first_rule(self.plan)
            if rule is not None and not st.tool_refused:
                line = self._next_line(rule, st.said)
                if not said_before(line, self.earlier):
                    st.said = line
                    return Move(a.REFUSE, content=line)
            return self._again(a.REFUSE)
        if st.decision:
            return Move(a.CLOSE)
        # Before the checks are done, pushing back means asking to skip them: hold the policy.
        return self._next_step(flavor="against_policy")

    def _next_line(self, rule: Rule, said: str) -> str:
        """The refusal's line after the one last said, in the rule's order (the first gave the
        reason; the next is what the expert wrote for a customer who pushes back), and round to
        the first again after the last: never the same sentence twice running, word for word,
        which is the repeat the critic flags."""
        spoken = lines(self.plan, rule.say, rule.translations)
        heard = [*self.st.verified, *self.st.heard]  # lines stating only facts it was told
        told = self._told(sayable(spoken, self.known, heard)[0] or spoken)
        filled = [fill(self.plan, t, "support.rules.say") for t in told]
        # `said` may end with what a tool did after the rule's words (Clerk.after).
        at = next((i for i, t in enumerate(filled) if said.startswith(t)), -1)
        return next((t for t in filled[at + 1 :] + filled[: at + 1] if t != said), said)

    def _told(self, templates: list[str]) -> list[str]:
        """The templates that state no voiced variable the customer has not said (nor a
        tool result shown): "the 20-hour wait" only once they said 20 hours. All of them when
        each states one: the scenario then gives no other way to say it."""
        spoken = spoken_variables(self.plan)
        unsaid = {
            n
            for n in voiced_variables(self.plan)
            if n not in self.st.heard_vars
            and not (self.clerk is not None and self.clerk.shows(str(spoken.get(n, ""))))
        }
        if not unsaid:
            return templates
        fine = [t for t in templates if not unsaid.intersection(placeholders(t))]
        return fine or templates

    def _chitchat(self, kind: str | None, text: str = "") -> Move:
        if kind == "silence":
            said = silence_kind(text)
            if said in ("present", "poke") and self.st.requested and not self.st.decision:
                # "still here", "hello?": what is still wanted, not "are you still there?"
                return Move(a.REQUEST_INFO, dict.fromkeys(self.st.requested, ""), flavor=said)
            return Move(a.CHECK_IN, flavor=said)
        if kind in _REDIRECT_FLAVOR:
            return Move(a.REDIRECT, self.pending(), flavor=_REDIRECT_FLAVOR[kind])
        if not self.st.issue:
            return Move(a.CLARIFY, flavor="vague")
        return Move(a.CLARIFY)
