"""Reading a turn that carries no act: text from an LLM, a real bot or a person.

Keyword and regex classification into the same acts the scripted roles annotate, so a
scripted role behaves the same whichever engine is on the other side. Fact values are found
by matching the known values and by shape (a regex derived from the known value: digits stay
digits, letters stay letters, punctuation is kept), so a wrong order number of the right shape
is still recognised as the order number; fact requests are found by the scenario's labels and
fact names. This is deliberately simple and predictable, not a language model.
"""

from __future__ import annotations

import re

from agents import types as a
from agents.checks.matching import shape_of
from agents.phrasing.local_numbers import with_stored
from agents.scripted.common import known_values, value_regex
from agents.types import ConversationPlan
from agents.understanding.answered import states_outputs
from agents.understanding.facts import LABEL_SEP, named_facts
from agents.understanding.foreign.requests import asks_for_person
from agents.understanding.pending import handover_waits
from agents.understanding.support import read_support, spoken_labels
from scenarios.templates import TemplateError, render


def _rx(alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + alternatives + r")", re.IGNORECASE)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b.{0,30}\b(?:instructions?|rules|guidelines|"
    r"prompts?|policy|policies)\b|system prompt|developer mode|\byou are now\b|"
    r"\bfrom now on you\b|\bpretend (?:you are|to be)\b|\bact as (?:an?|my|the)\b|"
    r"^\s*(?:\[?system\]?|admin|#+ ?system ?#*|<sys>)\s*[:\-]|<!--|"
    r"\b(?:repeat|output|paste|reveal|print|show)\b.{0,20}\b(?:instructions|hidden rules|"
    r"system prompt|text above)\b",
    re.IGNORECASE | re.MULTILINE,
)
_ESCALATION = _rx(
    r"manager|supervisor|your boss|someone in charge|real person|a human|human agent|escalat|"
    r"speak to someone else|someone senior|team lead"
)
_GIVE_UP = _rx(
    r"never ?mind|forget (?:it|about it)|i give up|i'?m done|i'?m out|waste of (?:my )?time|"
    r"don'?t have time for this|i'?ll (?:just )?(?:go|take my business) elsewhere|"
    r"not worth it|too (?:much hassle|complicated)|i'?ll (?:come back|try) (?:later|another "
    r"time)|don'?t (?:worry about it|bother)|pointless|useless|going nowhere|getting nowhere|"
    r"had enough|hopeless|i'?ll (?:just )?(?:leave it|call instead|deal with it)|whatever"
)
_THANK = _rx(
    r"thanks?\b|thank you|cheers|appreciate|ty\b|thx|much obliged|bless you|"
    r"that'?s (?:all|everything) I needed|easier than I thought|(?:good)?bye\b|take care|"
    r"catch you later"
)
_CORRECT = _rx(
    r"i meant|i mean\b|correction|sorry,? (?:it'?s|its|that should be)|actually,? it'?s|typo|"
    r"mistyped|wrong (?:one|number|thing)|scratch that|not \S+,? but|mixed (?:them|it) up|"
    r"whoops|oops|my bad|my mistake|it'?s really|should (?:be|read|say)|update:|"
    r"is the (?:correct|right) one|the (?:correct|right) \w+ is"
)
_DECLINE = _rx(
    r"why do you need|what'?s that got to do|rather not|not comfortable|not (?:giving|sharing)|"
    r"don'?t want to (?:give|share)|do I really have to|look it up (?:yourself|without)|"
    r"(?:don'?t|do not) (?:have|know) (?:that|it)|no idea|can'?t find it|don'?t remember"
)
_PUSH_BACK = _rx(
    r"not fair|unacceptable|ridiculous|why not|that'?s wrong|seriously|come on|i insist|"
    r"not acceptable|skip (?:the )?verification|make an exception|bend the rules?|just (?:do|"
    r"refund|fix|cancel) it|can'?t you just|against (?:the )?(?:rules|policy)|hurry|"
    r"taking (?:so|too) long|still waiting|how long does this take|speed this up|poor\b|"
    r"not what i (?:agreed|was told|asked)|not (?:happy|satisfied|ok) with|should count for|"
    r"isn'?t there (?:a|any) way|there must be|makes no sense|i don'?t (?:accept|agree)|"
    r"disappointing|frustrating"
)
_ACCEPT = _rx(
    r"ok(?:ay)?\b|fine\b|great\b|sounds good|that works|perfect|alright|sure\b|got it|"
    r"understood|makes sense|i see\b|yep|yes\b|let'?s (?:proceed|do (?:it|that)|go)|go ahead|"
    r"deal\b|works for me|fair enough|i'?ll take it"
)
_QUESTION_START = re.compile(
    r"^\s*(?:how|what|when|where|why|which|who|can|could|do|does|is|are|will|would|should)\b",
    re.IGNORECASE,
)
_OFF_TOPIC = _rx(
    r"weather|raining|sunny|snowing|football|soccer|\bteam\b|the game|the match|movie|"
    r"podcast|recipe|pizza|pasta|coffee shop|joke|poem|meaning of life|your day|are you a "
    r"(?:robot|bot|real person|human)|my (?:cat|dog|parrot|kid)|weekend|holiday|tv show|"
    r"hiking|band\b|work from home|like your job|capital of|lol\b|haha"
)
# Support-side cues.
_S_ESCALATE = _rx(
    r"transfer(?:ring)? (?:you|this|your case)|escalat(?:e|ing) (?:this|you|your)|"
    r"hand(?:ing)? (?:you|this|it) (?:over|to)|connect(?:ing)? you (?:with|to)|"
    r"pass(?:ing)? (?:you|this|your case) (?:on|to)|bring(?:ing)? in (?:a|my)"
)
_S_NOT_ESCALATE = _rx(
    r"rather than|instead of|no need to|(?:can'?t|cannot|won'?t|not able to) "
    r"(?:transfer|escalate)|before (?:i|we) (?:transfer|escalate)"
)
_S_CHECK_IN = _rx(r"still there|still with me|checking in|are you there|still online")
_S_FAILED = _rx(
    r"does(?:n'?t| not) (?:seem to )?match|do(?:n'?t| not) match|could(?:n'?t| not) find|"
    r"can(?:'?t|not) find|no record|not (?:a )?match|is(?:n'?t| not) valid|invalid|incorrect|"
    r"does(?:n'?t| not) seem right|not recogni[sz]ed|unable to (?:find|locate|verify)|"
    r"could(?:n'?t| not) (?:locate|verify)|no (?:results?|match(?:es)?)\b|nothing comes up|"
    r"not seeing anything|wasn'?t able to (?:find|locate|match|verify)"
)
_S_REQUEST = _rx(
    r"could you|can you|please|provide|share|confirm|what(?:'s| is)|need|may i (?:have|ask)|"
    r"tell me|send me|give me|ask for|have to|verify|security check|grab"
)
_S_REFUSE = _rx(
    r"unfortunately|unable to|not able to|can(?:'?t|not)\b|won'?t be able|not eligible|"
    r"i'?m afraid|(?:not|isn'?t|is not) possible|no longer|do(?:n'?t| not) allow|"
    r"outside (?:the|our)|(?:isn'?t|is not|not) (?:available|eligible|covered)|even so"
)
_S_RESOLVE = _rx(
    r"(?:i'?ve|i have|we'?ve|we have) (?:\w+ ){0,2}(?:issued|processed|refunded|sent|arranged|"
    r"cancel+ed|updated|reset|applied|booked|scheduled|credited|replaced|changed|removed|"
    r"waived|ordered|opened|fixed|restored|approved|blocked|frozen|unlocked|handled|sorted|"
    r"dealt with|set up|submitted|filed|logged|raised|started|put through|gone ahead|"
    r"taken care)|has been (?:issued|processed|refunded|sent|arranged|cancel+ed|updated|reset|"
    r"applied|booked|scheduled|credited|replaced|changed|removed|waived|approved|restored|"
    r"fixed|opened|submitted|filed)|is (?:now|already) (?:open|active|cancel+ed|booked|"
    r"processed|in place|underway|on its way|back)|is on its way|you'?ll hear from|"
    r"all set|taken care of|\bdone\b|everything'?s in place"
)
_S_REDIRECT = _rx(
    r"get back to|back to your|only (?:help|assist) with|i can only|in english|stay on|"
    r"focus on|can'?t share (?:my|internal) instructions|let'?s (?:continue|return)|"
    r"continue with your|still help with your|outside what i can|can'?t act on that|"
    r"sort this out right now|not something i can do"
)
_S_CLARIFY = _rx(
    r"clarify|not (?:quite )?sure (?:i|what)|did(?:n'?t| not) (?:quite )?(?:understand|"
    r"catch|follow)|rephrase|what do you mean|more detail|tell me (?:a bit )?more|"
    r"what (?:seems to be|is) the (?:problem|issue)|how can i help|vague|"
    r"which \w+ is (?:this|it) about|what exactly|a bit lost"
)
_S_GREET = _rx(r"hello|\bhi\b|welcome|good (?:morning|afternoon|evening)")
_S_CLOSE = _rx(
    r"anything else|have a (?:great|nice|good|lovely|pleasant) (?:day|one|evening)|"
    r"glad (?:i|we) could help|take care|happy to help|goodbye|all the best|enjoy the rest|"
    r"have a good one|stay safe|get in touch|reach out|let us know|message us"
)
# A few very common words per language, enough to tell a switch away from English.
_FOREIGN: dict[str, frozenset[str]] = {
    "es": _words(
        "el la los las que por favor pedido hola gracias mi es con para una necesito ayuda "
        "quiero está tengo pero cuenta dinero todavía nada problema"
    ),
    "fr": _words(
        "le les je vous est mon ma commande bonjour merci pas avec pour une besoin aide "
        "voudrais mais compte argent toujours rien problème"
    ),
    "de": _words(
        "der die das ich nicht ist und mein meine bestellung hallo danke bitte mit für ein "
        "eine hilfe brauche aber konto geld immer noch nichts"
    ),
    "pt": _words(
        "os que meu minha pedido olá obrigado obrigada não com para um uma preciso ajuda "
        "quero você mas conta dinheiro ainda nada problema"
    ),
}
_ENGLISH = _words(
    "the and is my i to you it of for this that with have please can me was not your what "
    "order on be do it's i'm"
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def chitchat_kind(text: str) -> str | None:
    """`silence`, `injection`, `language` or `off_topic` for turns without task content."""
    if not _WORD.search(text) and not re.search(r"\d", text):
        return "silence"
    if INJECTION.search(text):
        return "injection"
    if foreign_language(text):
        return "language"
    return None


def foreign_language(text: str) -> str | None:
    words = [w.casefold() for w in _WORD.findall(text)]
    english = sum(w in _ENGLISH for w in words)
    best, hits = None, 0
    for code, vocab in _FOREIGN.items():
        n = sum(w in vocab for w in words)
        if n > hits:
            best, hits = code, n
    return best if hits >= 2 and hits > english else None


def extract_facts(text: str, plan: ConversationPlan) -> dict[str, str]:
    """Fact name -> value as written, by exact known value first, then by the value's shape."""
    found: dict[str, str] = {}
    taken: list[tuple[int, int]] = []

    def free(m: re.Match[str]) -> bool:
        return all(m.end() <= s or m.start() >= e for s, e in taken)

    known = known_values(plan)
    text = with_stored(text)  # a date or amount written the language's way, as stored too
    for name, value in known.items():
        if not value.strip():
            continue
        m = value_regex(value).search(text)
        if m and free(m):
            found[name] = m.group(0)
            taken.append(m.span())
    for name, value in known.items():
        if name in found or not re.search(r"[\d@]", value):
            continue
        for m in shape_of(value).finditer(text):
            if free(m):
                found[name] = m.group(0)
                taken.append(m.span())
                break
    return {name: found[name] for name in known if name in found}


def mentioned_facts(text: str, plan: ConversationPlan) -> list[str]:
    """Facts the text names by their label or fact name ('order number', 'order id'), or by
    any common wording of them ('order #', 'the e-mail on file'; agents.understanding.facts)."""
    low = text.casefold()
    known = plan.scenario.customer.knows
    labels = {n: spoken_labels(plan.scenario, n) for n in known}
    named = set(named_facts(text, labels))
    names: list[str] = []
    for name in known:
        words = {w.casefold() for w in labels[name].split(LABEL_SEP)}
        words.add(name.replace("_", " ").casefold())
        if name in named or any(re.search(r"\b" + re.escape(w) + r"\b", low) for w in words if w):
            names.append(name)
    return names


def knowledge_topic(text: str, plan: ConversationPlan) -> str | None:
    """The knowledge item whose keywords the text hits most (first wins a tie), if any."""
    low = text.casefold()
    best, hits = None, 0
    for item in plan.scenario.support.knowledge:
        n = sum(1 for k in item.keywords if re.search(r"\b" + re.escape(k.casefold()) + r"\b", low))
        if n > hits:
            best, hits = item.id, n
    return best


def authored_act(text: str, plan: ConversationPlan) -> tuple[str, dict[str, str]] | None:
    """The act whose scenario-authored words (a rule's say, a knowledge answer) the text
    carries: most of the authored words present means the same message, however wrapped."""
    words = set(_WORD.findall(text.casefold()))
    best: tuple[float, str, dict[str, str]] | None = None
    candidates: list[tuple[str, str, dict[str, str]]] = []
    for rule in plan.scenario.support.rules:
        act = {"resolve": a.RESOLVE, "refuse": a.REFUSE, "escalate": a.ESCALATE}[rule.action]
        candidates += [(say, act, {}) for say in rule.say]
    for item in plan.scenario.support.knowledge:
        candidates += [(answer, a.ANSWER, {"topic": item.id}) for answer in item.answer]
    for template, act, slots in candidates:
        try:
            authored = set(_WORD.findall(render(template, plan.variables).casefold()))
        except TemplateError:
            continue
        if len(authored) < 4:
            continue
        score = len(authored & words) / len(authored)
        if score >= 0.7 and (best is None or score > best[0]):
            best = (score, act, slots)
    return None if best is None else (best[1], best[2])


def customer_act_from_text(text: str, plan: ConversationPlan) -> tuple[str, dict[str, str]]:
    """The act of a customer message (read by the scripted support)."""
    kind = chitchat_kind(text)
    if kind == "language" and asks_for_person(text):
        return a.REQUEST_ESCALATION, {}  # in Spanish, French, German or Portuguese
    if kind is not None:
        return a.CHITCHAT, {"kind": kind}
    facts = extract_facts(text, plan)
    if facts and _CORRECT.search(text):
        return a.CORRECT, facts
    if _ESCALATION.search(text) or asks_for_person(text):  # English, or es/fr/de/pt
        return a.REQUEST_ESCALATION, {}
    if not facts and _GIVE_UP.search(text):
        return a.GIVE_UP, {}
    if facts:
        return a.INFORM, facts
    if _DECLINE.search(text):
        return a.INFORM, {}
    question = "?" in text or bool(_QUESTION_START.search(text))
    if _THANK.search(text) and not question:
        return a.THANK, {}
    if _PUSH_BACK.search(text):
        return a.PUSH_BACK, {}
    topic = knowledge_topic(text, plan)
    if topic is None and _OFF_TOPIC.search(text):
        return a.CHITCHAT, {"kind": "off_topic"}
    if question:
        return a.ASK, ({"topic": topic} if topic else {})
    if _ACCEPT.search(text):
        return a.ACCEPT, {}
    return a.INFORM, {}


# A handover offered, not done: a condition, a question or the customer's say-so in the same
# sentence ("if you'd still prefer a colleague, just say so and I'll transfer you", "wenn Sie
# trotzdem einen Kollegen wünschen, ... dann verbinde ich Sie", "si lo prefiere, le paso").
_OFFER_MARK = _rx(
    r"\b(?:if|unless|should you|whenever|would you like|do you want|just say|let me know|"
    r"prefer\w*|si|quiere|quieres|desea|prefier\w*|d[ií]game|souhaitez|voulez|pr[eé]f[eé]r\w*|"
    r"dites|wenn|falls|sofern|m[oö]chten|w[uü]nschen|lieber|sagen sie|se|caso|quer|gostaria|"
    r"diga)\b"
)
# A rule about customers in the third person ("Hand the customer to a person when they ask"):
# a recited instruction, not a handover of the customer reading it.
_RULE_SUBJECT = _rx(
    r"\b(?:the customers?|customers|users?|el cliente|los clientes|le client|les clients|"
    r"der kunde|den kunden|die kunden|o cliente|os clientes)\b"
)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


def _hands_over_now(text: str, plan: ConversationPlan, read_as_handover: bool) -> bool:
    """Support hands the customer over in this text: a sentence with a handover cue that is
    neither offered (a condition, a question), nor a rule about customers (a recited prompt).
    An offer is not a handover: the customer may take it, and support must then act."""
    cue = _S_ESCALATE.search(text) and not _S_NOT_ESCALATE.search(text)
    if not cue and not read_as_handover:
        return False
    if handover_waits(text):
        return False  # "I can pass you on, but first I need your number": not yet
    for sentence in _SENTENCE_END.split(text):
        said = bool(_S_ESCALATE.search(sentence)) and not _S_NOT_ESCALATE.search(sentence)
        if not said and not (read_as_handover and read_support(sentence, plan).hands_over):
            continue
        if "?" in sentence or _OFFER_MARK.search(sentence) or _RULE_SUBJECT.search(sentence):
            continue
        return True
    return False


def support_act_from_text(text: str, plan: ConversationPlan) -> tuple[str, dict[str, str]]:
    """The act of a support message (read by the scripted customer): the scenario-specific
    cues first (its facts, its authored wording), then what agents.understanding.support
    reads from the text's grammar, so wording nobody here wrote still maps onto an act."""
    reading = read_support(text, plan)
    if _hands_over_now(text, plan, reading.hands_over):
        return a.ESCALATE, {}
    if _S_CHECK_IN.search(text):
        return a.CHECK_IN, {}
    mentioned = mentioned_facts(text, plan)
    if _S_FAILED.search(text):
        values = extract_facts(text, plan)
        slots = {name: values.get(name, "") for name in mentioned}
        slots.update(values)
        if not slots:
            slots = {name: "" for name in plan.scenario.support.verify}
        return a.VERIFY_FAILED, slots
    if "?" not in text and states_outputs(text, plan):
        return a.RESOLVE, {}  # the answer the customer came for, in whatever words
    if mentioned and "?" in text:
        return a.REQUEST_INFO, {name: "" for name in mentioned}
    if reading.asks:
        return a.REQUEST_INFO, {
            name: "" for name in plan.scenario.customer.knows if name in reading.asks
        }
    authored = authored_act(text, plan)
    if authored is not None:
        return authored
    if reading.claims and not reading.refuses:
        return a.RESOLVE, {}  # before the redirect cues: "sent back to your card" is done
    if _S_REDIRECT.search(text):
        return a.REDIRECT, {}
    if _S_REFUSE.search(text) or reading.refuses:
        return a.REFUSE, {}
    if _S_RESOLVE.search(text):
        return a.RESOLVE, {}
    if mentioned and _S_REQUEST.search(text):
        return a.REQUEST_INFO, {name: "" for name in mentioned}
    if _S_CLARIFY.search(text):
        return a.CLARIFY, {}
    if _S_CLOSE.search(text):
        return a.CLOSE, {}
    topic = knowledge_topic(text, plan)
    if topic is not None:
        return a.ANSWER, {"topic": topic}
    if reading.asks_info and not reading.offers:
        return a.REQUEST_INFO, {}  # asks for something none of the customer's facts names
    if _S_GREET.search(text) or reading.greets:  # "Wie kann ich Ihnen helfen?" greets too
        return a.GREET, {}
    return a.ANSWER, {}
