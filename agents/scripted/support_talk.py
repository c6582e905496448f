"""What the scripted support agent says besides verifying and deciding: answers to
questions, the decision said again (a push-back, the case restated), and turns without task
content (silence, asides, injections, another language).

Apart from agents.scripted.support, which checks who is writing and applies the rules: this
part reads what support already said (its decision, its earlier turns), so it never says a
turn again word for word, and what the scenario's knowledge answers.
"""

from __future__ import annotations

import random
import re

from agents import types as a
from agents.scripted.answers import (
    answering,
    asks_what_to_do,
    gist,
    said_before,
    shortened,
    silence_kind,
)
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

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_SPACES = re.compile(r"[\s$]+")
# A sentence of a refusal that offers something (an option, what the customer can still
# do), in the five languages the scripted engine writes: what a push-back is answered with
# once the reason has been given.
_OFFERS = re.compile(
    r"(?i)\b(?:you can|you could|you may|may be available|instead|still|option|"
    r"alternatively|I can|we can|puede|podemos|puedo|todav[ií]a|en su lugar|opci[oó]n|"
    r"pouvez|pourrez|pouvons|peux|peut|encore|à la place|option|k[öo]nnen|k[öo]nnten|"
    r"kann|stattdessen|M[öo]glichkeit|pode|podemos|posso|ainda|em vez|op[cç][aã]o)\b"
)
# A customer asking what the decision means for them or what they can do now, in the five
# languages the scripted engine writes (and a bot's customer may).
_MEANS = re.compile(
    r"(?i)(?:what does (?:that|this) mean|what happens now|what now|what are my options|"
    r"what can i do|what (?:should|do) i do|y ahora qu[eé]|qu[eé] (?:significa|quiere decir) "
    r"(?:eso|esto)|qu[eé] pasa ahora|qu[eé] (?:puedo|debo) hacer|qu[eé] hago|mis opciones|"
    r"et maintenant|il se passe quoi|qu'est-ce qui se passe|que se passe-t-il|"
    r"qu'est-ce que (?:[çc]a|cela) (?:veut dire|signifie)|que (?:dois|puis)-je "
    r"faire|quelles sont mes options|mes options|was (?:hei[ßs]t|bedeutet) das|was passiert "
    r"jetzt|wie geht es (?:jetzt )?weiter|was (?:kann|soll|muss) ich (?:jetzt )?(?:tun|"
    r"machen)|welche (?:Optionen|M[öo]glichkeiten)|e agora|o que (?:isso|isto) (?:significa|"
    r"quer dizer)|o que (?:eu )?(?:posso|devo) fazer|o que eu fa[cç]o|minhas op[cç][õo]es)"
)
# A customer checking that a refusal is a no ("does that mean no?", "so nothing can be
# done?", "das heißt nein?"), in the five languages: answered that it stands, never with "I
# have nothing more on that" (reading s15), which leaves a yes/no question unanswered.
_MEANS_NO = re.compile(
    r"(?i)(?:(?:that|this) means? no|(?:that's|that is|is that) a no|you(?:'re| are) saying no|"
    r"nothing (?:you can|can be) do(?:ne)?|can't do anything|the answer is no|"
    r"quiere decir que no|diciendo que no|(?:no se puede|no hay nada que) hacer nada|"
    r"no hay nada que hacer|c[oó]mo que no|es un no|"
    r"veut dire non|(?:vous me dites|c'est) non|rien [àa] faire|ce n'est pas possible\?|"
    r"hei[ßs]t (?:das )?nein|also nein|(?:gar )?nichts (?:zu )?machen|das geht nicht\?|"
    r"quer dizer que n[aã]o|dizendo que n[aã]o|nada a fazer|n[aã]o d[aá]\?|[eé] um n[aã]o)"
)
# A decision that asks something of the customer ("you'll need to sign in", "veuillez"):
# then "nothing left for you to do" would be false.
_INSTRUCTS = re.compile(
    r"(?i)(?:you(?:'ll| will)? (?:need|have) to|you can|please|make sure|remember|"
    r"tiene que|tendr[aá] que|debe|deber[aá]|puede|por favor|recuerde|aseg[uú]rese|"
    r"vous devez|vous devrez|vous pouvez|veuillez|pensez [àa]|n'oubliez pas|"
    r"m[üu]ssen Sie|Sie m[üu]ssen|k[öo]nnen Sie|Sie k[öo]nnen|bitte|denken Sie|"
    r"voc[eê] precisa|precisa|deve|dever[aá]|pode|por favor|lembre)"
)
# A sentence that says what cannot be done is more of the reason, not an offer.
_NEGATED = re.compile(
    r"(?i)(?:\bnot\b|n't\b|\bcannot\b|\bno\b|\bnever\b|\bne\b|\bn'|\bpas\b|"
    r"\bnicht\b|\bkein\w*|\bnão\b|\bnunca\b|\bjamais\b|\bni\b)"
)
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
            if st.decision == "refuse" and st.said and _MEANS_NO.search(text):
                return self._stands()  # "das heißt nein?": yes, it stands (said anew)
            if st.decision and st.said and _MEANS.search(text):
                # "What does that mean for me?", "¿Y ahora qué?", "Quelles sont mes options?":
                # what it means for them, never the decision pasted again behind "As I
                # mentioned" (reading s14). Done and nothing asked of them: nothing left to
                # do; refused: plainly that it stands, with what the refusal still offers.
                if st.decision == "resolve" and not _INSTRUCTS.search(st.said):
                    return Move(a.ANSWER, flavor="nothing_left")
                if st.decision == "refuse":
                    # asked again once it was said to stand: nothing more, said plainly
                    return self._stands() if not st.stood else Move(a.ANSWER, flavor="unknown")
            if st.decision and st.said:
                part = answering(text, st.said)
                if part is not None:  # the decision's own words: said again, pointing back
                    english = language_of(self.plan) == "en"
                    content = gist(st.said, text) if english else part
                    if self._pasted(content):
                        # asked to go over it right after it was said (reading s17: "Here it
                        # is again:" + the turn before, 21 in 2,000): the part that carries
                        # it, said shorter, else said to be the answer just above
                        # (a one-sentence answer is said again, with the repeat's own lead:
                        # "can you explain that again?" is owed the answer, not a pointer)
                        short = shortened(content, text)
                        if short is not None and len(short) > 0.6 * len(content):
                            return Move(a.ANSWER, flavor="same")
                        content = short or content
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
                # decision): said again, it points back, never claims to put it another way;
                # and never the whole answer again word for word (reading s16): the part of
                # it that answers, or, when that is all of it, that the answer is the same.
                asked_before = again is not None
                again = "repeat"
                short = shortened(content, text)
                if short is not None and not said_before(short, self.earlier[-1:]):
                    content = short
                elif asked_before:  # its answer was this topic's own, given already
                    return Move(a.ANSWER, {"topic": topic}, flavor="same")
            # Asked before anything is decided: no "anything else?" after it, there is more.
            flavor = "_".join(f for f in (again, "" if st.decision else "pending") if f) or None
            return Move(a.ANSWER, {"topic": topic}, content=content, flavor=flavor)
        return Move(a.CLARIFY)

    def _pasted(self, content: str) -> bool:
        """Whether `content` is most of what support said in the turn just before: said
        again, it would be pasted, not answered."""
        if not self.earlier or not content:
            return False
        # (compared without spaces and currency signs: the turn as said wrote the amounts
        # the language's way, "1000 $" for the scenario's "$1000")
        last = _SPACES.sub("", self.earlier[-1])
        sentences = [t.strip() for t in _SENTENCE.split(content.strip()) if t.strip()]
        inside = sum(1 for t in sentences if _SPACES.sub("", t.rstrip(".!?")) in last)
        return inside >= max(1, (len(sentences) + 1) // 2)

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
            return self._stands()
        if st.decision:
            return Move(a.CLOSE)
        # Before the checks are done, pushing back means asking to skip them: hold the policy.
        return self._next_step(flavor="against_policy")

    def _stands(self) -> Move:
        """A push-back once the refusal has nothing left unsaid: support says plainly, once
        with what the refusal still offers, that the answer cannot change (reading s14:
        "Here's where things stand: <the refusal word for word>" dropped the alternative it
        had offered and answered nothing). The reason is not said again: it was said."""
        st = self.st
        sentences = [t.strip() for t in _SENTENCE.split(st.said.strip()) if t.strip()]
        offers = [t for t in sentences[1:] if _OFFERS.search(t) and not _NEGATED.search(t)]
        # The first time with one offer (a second sentence would be the refusal's own words
        # again), or bare; the next time bare if the first had an offer; from then on a
        # short line, never the same sentences again.
        bare = st.stood == 0 or (st.stood == 1 and bool(offers))
        rest = offers[0] if offers and not st.stood else ""
        st.stood += 1
        if rest and self.earlier and rest in self.earlier[-1]:
            # the offer is in the turn just before: pointed back to, never pasted again word
            # for word behind "What I can still suggest:" (reading s15)
            return Move(a.REFUSE, flavor="stands_offered")
        if rest:
            return Move(a.REFUSE, content=rest, flavor="stands")
        return Move(a.REFUSE, flavor="stands_bare" if bare else "stands_again")

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
