"""The scripted support agent: follows the scenario's policy, step by step.

It acknowledges the issue, asks for every fact in `support.verify` that it does not have yet
(several at once when the dice say so), checks each given value against the record (the
rendered `customer.knows` values), and after three failed checks hands over. Once verified it
applies the first rule whose `when` holds: resolve, refuse or escalate, in the rule's words.
Questions are answered from the scenario's knowledge; off-topic turns, injections and other
languages are steered back without being obeyed or repeated; silence gets a check-in; a
demand for a manager gets one de-escalation attempt, then a hand-over.

With a desk (a scenario whose world has tools, agents.tools) it also works on the records:
it looks up what the customer identifies, makes the scenario's expected actions only once
verified, and says what the tools showed or why they refused (agents.scripted.tooluse).
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from typing import Any

from agents import types as a
from agents.phrasing.labels import parse
from agents.phrasing.local_bank import declines
from agents.phrasing.support_voice import other_issue_note
from agents.scripted import confirming, offering
from agents.scripted.answers import (
    says_again,
    second_issue,
    with_note,
)
from agents.scripted.common import (
    Move,
    ScenarioLogicError,
    act_of,
    fill,
    first_rule,
    heard_in,
    known_view,
    language_of,
    lines,
    memory_of,
    same_value,
    sayable,
    speak,
    turn_rng,
    voiced_values,
)
from agents.scripted.decisive import decision_facts
from agents.scripted.support_state import SupportState as _State
from agents.scripted.support_talk import Talk
from agents.scripted.tooluse import Clerk
from agents.scripted.values import said_loosely
from agents.tools import Desk
from agents.types import ConversationPlan, Outcome, Reply, Turn, turn_rng_seed
from agents.understanding import chitchat_kind, customer_act_from_text
from agents.understanding.handover_duty import obliges_handover
from agents.understanding.handover_scope import verifies_before_handover

MAX_FAILED_CHECKS = 3  # failed verifications before handing over
MAX_UNANSWERED = 4  # times one fact is asked for without an answer before handing over
_ACTIONS = {"resolve": a.RESOLVE, "refuse": a.REFUSE, "escalate": a.ESCALATE}
_DECLINES = re.compile(
    r"(?i)(\bwhy\b|rather not|prefer not|another way|\bnot (?:giving|sharing|comfortable)|"
    r"(?:don'?t|do not) (?:want|wanna|have|know|remember)|do i (?:really )?(?:have|need) to|"
    r"can'?t you|look it up|no idea|not sure|can'?t find|have to look|\bskip\b|got to do with)"
)
_OPENING_LIKE = frozenset({a.INFORM, a.ACCEPT, a.THANK, a.PUSH_BACK})
_OUTCOMES = frozenset({a.RESOLVE, a.REFUSE, a.ESCALATE})


def asked_words(plan: ConversationPlan, move: Any) -> list[str]:
    """The facts a request asks for, by name and English label ("order_id", "order
    number"): what a record found this turn must not be announced beside (Clerk.news)."""
    if move.act != a.REQUEST_INFO:
        return []
    names = [n for n in move.slots if n not in ("topic", "kind")]
    return [*names, *(plan.scenario.label(n) for n in names)]


class ScriptedSupport:
    """The scripted support role (agents.types.Role)."""

    async def respond(
        self,
        plan: ConversationPlan,
        turns: Sequence[Turn],
        memory: Mapping[str, Any],
        desk: Desk | None = None,
    ) -> Reply:
        st = _State.load(memory)
        rng = turn_rng(plan, "support", turns)
        clerk = None
        if desk is not None:  # its own randomness: tools leave the dialogue's draws alone
            n = len(turns)
            clerk = Clerk(
                plan, desk, turns, lambda: random.Random(turn_rng_seed(plan.seed, "tools", n))
            )
        prev: Turn | None = None
        prev_act: str | None = None
        if not turns:
            move = Move(a.GREET)
        else:
            act, slots = act_of(turns[-1], plan, customer_act_from_text)
            opening_like = act in _OPENING_LIKE or (act == a.ASK and "topic" not in slots)
            if turns[-1].act is None and not st.issue and opening_like:
                # An unannotated first message is the opening, whatever it sounds like.
                act, slots = a.OPEN, {k: v for k, v in slots.items() if k != "topic"}
            policy = _Policy(plan, st, rng, clerk)
            policy.annotated = turns[-1].act is not None
            policy.earlier = [t.content for t in turns if t.role == "support" and t.content]
            checked = len(st.verified)
            move = policy.react(act, slots, turns[-1].content)
            # Details that verified nothing (whether anyone was hurt): no "you're verified".
            if move.act == a.RESOLVE and move.flavor is None and act == a.INFORM:
                move.flavor = "details" if len(st.verified) <= checked else None
            prev, prev_act = turns[-1], act
        asked = asked_words(plan, move)
        outcome = move.act in _OUTCOMES  # the decision names the record: no bare "found it"
        matched = move.act != a.VERIFY_FAILED
        noted = clerk is not None and clerk.leads(matched, asked, outcome) is not None
        first = not any(t.role == "support" and t.act != a.GREET for t in turns)
        turn = speak(plan, "support", move, None, rng, len(turns), prev, noted, prev_act, first)
        earlier = {t.content for t in turns if t.role == "support" and t.content}
        for _ in range(5):  # never an earlier turn (nor its sentence) again word for word
            if turn.content not in earlier and not says_again(
                turn.content, earlier, move.content or ""
            ):
                break
            turn = speak(plan, "support", move, None, rng, len(turns), prev, noted, prev_act)
        if clerk is not None and clerk.found:
            said = clerk.before(turn.content, matched, asked, outcome)
            turn = turn.model_copy(update={"content": said})
        if (
            turns
            and move.stop is None
            and turns[-1].role == "customer"
            and second_issue(turns[-1].content, known_view(plan).values())
        ):
            note = other_issue_note(language_of(plan), plan.scenario.domain or "", rng)
            if note:
                turn = turn.model_copy(update={"content": with_note(turn.content, note)})
        memory = memory_of(st)
        if not st.confirm:  # left out while unused: records without `confirm` stay as they were
            del memory["confirm"]
        if not st.offer:  # the same for `offer`
            del memory["offer"]
        return Reply(turn=turn, memory=memory, stop=move.stop)


class _Policy(Talk):
    """Verification and the decision; answers and repeats are Talk's."""

    def __init__(
        self, plan: ConversationPlan, st: _State, rng: random.Random, clerk: Clerk | None = None
    ) -> None:
        super().__init__(plan, st, rng, clerk)
        self.heard_now: list[str] = []  # facts the current customer turn says in words
        self.annotated = False  # the customer turn carries its act (a scripted customer)
        for name in self.spec.verify:
            if name not in self.known:
                raise ScenarioLogicError(
                    f"scenario {plan.scenario.id}: support.verify names '{name}', which "
                    "customer.knows lacks; add it to customer.knows"
                )

    def react(self, act: str, slots: dict[str, str], text: str) -> Move:
        st = self.st
        self.heard_now = heard_in(text, self.known)
        # A worded fact the turn carries, said with other function words ('Titular de mi
        # cuenta' for 'titular de la cuenta'): heard, never asked for again.
        self.heard_now += [
            name
            for name in slots
            if name in self.known
            and name not in self.heard_now
            and said_loosely(str(self.known[name]), text)
        ]
        for name in self.heard_now:
            if name not in st.heard:
                st.heard.append(name)
        for name in heard_in(text, voiced_values(self.plan)):
            if name not in st.heard_vars:
                st.heard_vars.append(name)
        if st.confirm in ("asked", "pending") and not st.decision:
            # Once something else was said since the question, only words can still agree.
            said = act if st.confirm == "asked" else ""
            st.asked_back = confirming.asked_back(text)
            move = confirming.reply(st, said, "" if self.annotated else text, self.plan, slots)
            if move is not None:
                return move if move.act == a.CLOSE else self._next_step()
        if st.offer == "offered" and st.decision == "refuse":
            offer = offering.offer_of(self.plan)
            taken = offer and offering.reply(st, act, "" if self.annotated else text, offer)
            if taken:
                return taken
        if act in (a.OPEN, a.INFORM, a.CORRECT):
            return self._facts(act, slots, text)
        if act == a.ASK:
            st.issue = True
            return self._question(slots, text)
        if act == a.ACCEPT:
            if st.decision == "refuse":  # accepting a refusal is resigned, not pleased
                return Move(a.CLOSE, flavor="resigned")
            return Move(a.CLOSE) if st.decision else self._next_step()
        if act == a.PUSH_BACK:
            return self._push_back()
        if act == a.REQUEST_ESCALATION:
            # A policy that says to hand over whoever asks for a person leaves no first try
            # (agents.understanding.handover_duty; agents.checks.escalation reads the same).
            if not st.deescalated and not obliges_handover(self.spec.policy):
                st.deescalated = True
                # Once decided, offering to "sort this out myself" contradicts the decision:
                # support says why a manager would not change it.
                flavor = f"demand_manager_{st.decision}" if st.decision else "demand_manager"
                return Move(a.REDIRECT, self.pending(), flavor=flavor)
            missing = self._missing()
            if missing and not st.decision and verifies_before_handover(self.spec.policy):
                # The policy verifies before a handover ("check them, then hand the member
                # to a duty manager"): the details first, then the person (agents.checks.
                # handover_first reads the same policy).
                st.handover_due, st.requested = True, missing
                return Move(a.REQUEST_INFO, dict.fromkeys(missing, ""), flavor="handover")
            return self._escalate("the customer insisted on a manager")
        if act == a.CHITCHAT:
            return self._chitchat(slots.get("kind") or chitchat_kind(text), text)
        if act in (a.THANK, a.GIVE_UP):
            return Move(a.CLOSE)
        return Move(a.CLARIFY)

    # ---- facts and verification ----------------------------------------------------------

    def _facts(self, act: str, slots: dict[str, str], text: str = "") -> Move:
        st = self.st
        facts = {k: v for k, v in slots.items() if k not in ("topic", "kind")}
        st.issue = True  # whatever they said, it is about the task
        overshared = any(name not in self.known for name in facts)
        mismatched: dict[str, str] = {}
        for name, value in facts.items():
            if name not in self.spec.verify:
                continue
            if same_value(value, self.known[name]):
                if name not in st.verified:
                    st.verified.append(name)
            else:
                mismatched[name] = value
                if name in st.verified:
                    st.verified.remove(name)
        if self.clerk is not None:  # look up what the customer identified, as given
            self.clerk.look_up({**self._given(), **facts})
        if mismatched:
            st.failures += 1
            if st.failures >= MAX_FAILED_CHECKS:
                return self._escalate(
                    f"verification failed {MAX_FAILED_CHECKS} times "
                    f"({', '.join(self.plan.scenario.label(n) for n in mismatched)})"
                )
            st.requested = list(mismatched)
            return Move(a.VERIFY_FAILED, dict(mismatched), privacy=overshared)
        if st.decision and not self._missing():
            # The case is decided: new details are noted; the issue said again gets the same
            # answer, pointing back at it (never the whole turn again word for word).
            move = Move(a.CLOSE) if facts else self._again(_ACTIONS[st.decision], text)
        elif act == a.INFORM and not facts and self._declined(text):
            # Details asked for and declined (withheld, not at hand): hold the policy, never
            # thank for them.
            move = self._next_step(flavor="against_policy")
        else:
            move = self._next_step()
        if overshared and move.flavor in (None, "more"):  # the privacy warning comes first
            move.flavor = "overshare"
        elif overshared:  # a wording of its own (facts for the decision): the remark leads it
            move.privacy = True
        return move

    def _declined(self, text: str) -> bool:
        """Support asked for details and the reply gives none of them but objects or says
        it does not have them."""
        asked = self.st.requested
        heard = any(name in self.heard_now for name in asked)
        return bool(asked) and not heard and bool(_DECLINES.search(text) or declines(text))

    def _given(self) -> dict[str, str]:
        """The verified facts' values: what support may act on."""
        return {name: self.known[name] for name in self.st.verified}

    def _missing(self) -> list[str]:
        return [name for name in self.spec.verify if name not in self.st.verified]

    def _next_step(self, flavor: str | None = None) -> Move:
        st = self.st
        missing = self._missing()
        if missing:
            for name in st.requested:
                if name in missing:
                    st.unanswered[name] = st.unanswered.get(name, 0) + 1
                    if st.unanswered[name] >= MAX_UNANSWERED:
                        return self._escalate(
                            f"could not obtain the {self.plan.scenario.label(name)}"
                        )
            ask = missing[: self.rng.randint(1, len(missing))]
            st.requested = ask
            clerk = self.clerk
            if flavor is None and clerk is not None:  # a value it can see: checks identity
                flavor = "verify" if any(clerk.shows(str(self.known[n])) for n in ask) else None
            if flavor in (None, "verify") and st.verified:
                # Some details already checked out: the rest is asked for without saying
                # again that it is to verify who is writing.
                flavor = "more"
            if flavor == "more" and all(st.unanswered.get(name, 0) for name in ask):
                flavor = "asked_again"  # "Would you also tell me X?" when X was asked before
            return Move(a.REQUEST_INFO, {name: "" for name in ask}, flavor=flavor)
        st.requested = []
        if st.decision:
            return Move(a.CLOSE)
        if st.handover_due:
            return self._escalate("the customer insisted on a manager")
        return self._decide()

    def _decide(self) -> Move:
        rule = first_rule(self.plan)
        says: list[str] = []
        spoken = lines(self.plan, rule.say, rule.translations) if rule is not None else []
        if rule is not None:  # before acting: its words must not state a fact never given
            told = [*self.st.verified, *self.st.heard]
            says, unheard = sayable(spoken, self.known, told)
            # nor turn on one: the facts its `when` (and earlier rules') test (decisive)
            index = self.plan.scenario.support.rules.index(rule)
            for name in decision_facts(self.plan.scenario, index):
                if name not in told and name not in unheard and not self._shown(name):
                    unheard.append(name)
            # asked twice at most: a customer who will not say gets the decision anyway
            ask = [n for n in unheard if self.st.asked_extra.count(n) < 2]
            if ask:
                # Asked to act on, not to check who is writing: no verification frames; a
                # person ("my father" as the new driver) is asked for first, as who it is.
                people = [n for n in ask if str(self.known[n]).lower().startswith(("my ", "our "))]
                ask = people or ask
                self.st.asked_extra.extend(ask)
                self.st.requested = ask
                flavor = "who" if people else "details"
                if any(parse(self.plan.scenario.label(n)).question for n in ask):
                    flavor = "question"  # "could you tell me whether anyone was hurt?"
                return Move(a.REQUEST_INFO, {n: "" for n in ask}, flavor=flavor)
        if rule is not None and rule.confirm and self.st.confirm != "yes":
            # Asks first, before any tool writes: acts on the customer's yes.
            return confirming.question(self.st, self.plan, rule, self._told, self.rng)
        if self.clerk is not None:  # verified: look up what is left, then act
            self.clerk.look_up(self._given())
            refused = self.clerk.act()
            if refused is not None:
                text = self.clerk.refusal(*refused)
                self.st.decision, self.st.said, self.st.tool_refused = "refuse", text, True
                return Move(a.REFUSE, content=text)
        if rule is None:
            return self._escalate("no support rule applies")
        i = self.plan.scenario.support.rules.index(rule)
        options = self._told(says or spoken)
        # A refusal's lines are in order: the first states the reason, the others are for a
        # customer who pushes back (_push_back). Other actions' lines are ways to say one thing.
        line = options[0] if rule.action == "refuse" else self.rng.choice(options)
        text = fill(self.plan, line, f"support.rules[{i}].say")
        if rule.action == "escalate":
            move = self._escalate(
                rule.reason or "the policy requires a hand-over", " ".join(rule.say)
            )
            move.content = text
            return move
        self.st.decision, self.st.said = rule.action, text
        offer = offering.offer_of(self.plan) if rule.action == "refuse" else None
        if offer:  # refuses and offers something else: asked once, with the first refusal
            self.st.offer = "offered"
            return Move(a.REFUSE, content=offering.with_offer(text, offer))
        return Move(_ACTIONS[rule.action], content=text)

    def _shown(self, name: str) -> bool:
        """A tool result showed the known fact's value."""
        return self.clerk is not None and self.clerk.shows(str(self.known[name]))

    def _escalate(self, reason: str, hint: str = "") -> Move:
        """Hand over; `hint` (the rule's words) names the team a transfer tool may ask for."""
        if self.clerk is not None:
            self.clerk.hand_over(self._given(), reason, hint)
        return Move(a.ESCALATE, stop=Outcome(status="escalated", reason=reason, ended_by="support"))
