"""The word lists behind agents.understanding.support: action verbs with their inflections,
the function words that decide aspect, mood and polarity, and the formulaic moves (greeting,
closing, holding, handing over) that support text shares across companies.

Lists are of *English grammar and trade vocabulary* (auxiliaries, modals, negators, the verbs
of refunding, cancelling, booking), never of whole sentences, so that a phrasing nobody here
wrote still decomposes into pieces that are listed. Inflections are generated, not typed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from agents.understanding import negation as _negation


def wordset(text: str) -> frozenset[str]:
    """Space-separated words as a set: long word lists stay readable."""
    return frozenset(text.split())


# Action kinds and the verbs that perform them. A kind's verbs name the act by themselves;
# GENERIC verbs ("processed", "submitted") take their kind from the object they act on.
ACTION_VERBS: dict[str, tuple[str, ...]] = {
    "refund": ("refund", "reimburse", "repay", "reverse"),
    "cancel": ("cancel", "void", "terminate", "annul", "revoke"),
    "change": (
        "change", "modify", "update", "amend", "adjust", "reschedule", "rebook", "edit",
        "upgrade", "downgrade", "correct", "switch", "swap", "exchange",
    ),
    "book": ("book", "reserve", "schedule", "rsvp"),
    "send": ("send", "ship", "dispatch", "resend", "replace", "deliver"),
    "reset": (
        "reset", "unlock", "reactivate", "restore", "unblock", "block", "freeze", "unfreeze",
        "activate", "deactivate", "suspend", "disable", "enable",
    ),
    "credit": ("credit", "waive", "compensate", "discount"),
}  # fmt: skip
GENERIC_VERBS = (
    "process", "complete", "handle", "finish", "finalize", "finalise", "approve",
    "confirm", "sort", "execute", "settle", "arrange", "file", "log", "lodge", "raise",
    "submit", "open", "create", "register", "issue", "apply", "add", "remove", "put",
    "set", "initiate", "place", "accept", "make", "record", "resolve", "fix", "solve",
    "order", "effect", "push", "pop",
)  # fmt: skip
# Generic verbs that mean nothing without an object that names the action.
NEEDS_OBJECT = wordset(
    "open create register add remove put set place accept make record apply raise log "
    "file lodge confirm do push pop"
)
# Objects that give a generic verb its kind ("your refund has been processed").
OBJECT_KIND: dict[str, str] = {
    **dict.fromkeys(wordset("refund refunds reimbursement money funds credit"), "refund"),
    **dict.fromkeys(wordset("cancellation cancelation termination"), "cancel"),
    **dict.fromkeys(
        wordset(
            "booking reservation appointment room table flight ride seat viewing meeting rsvp "
            "visit slot"
        ),
        "book",
    ),
    **dict.fromkeys(wordset("change changes update modification amendment"), "change"),
    **dict.fromkeys(
        wordset("ticket case report claim complaint request dispute incident application"),
        "ticket",
    ),
    **dict.fromkeys(wordset("replacement shipment parcel package label"), "send"),
    **dict.fromkeys(wordset("password pin reset"), "reset"),
    **dict.fromkeys(wordset("discount voucher coupon waiver compensation"), "credit"),
}
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "send": ("sent",), "resend": ("resent",), "do": ("done", "did"), "make": ("made",),
    "set": ("set",), "put": ("put",), "reset": ("reset",), "get": ("got", "gotten"),
}  # fmt: skip
_VOWELS = "aeiou"


def _pasts(lemma: str) -> set[str]:
    if lemma in _IRREGULAR:
        return set(_IRREGULAR[lemma])
    if lemma.endswith("e"):
        return {lemma + "d"}
    if lemma.endswith("y") and lemma[-2] not in _VOWELS:
        return {lemma[:-1] + "ied"}
    out = {lemma + "ed"}
    if lemma[-1] not in _VOWELS + "wxy" and lemma[-2] in _VOWELS and lemma[-3:-2] not in _VOWELS:
        out.add(lemma + lemma[-1] + "ed")  # cancelled and canceled, shipped
    return out


def _ings(lemma: str) -> set[str]:
    if lemma.endswith("e") and not lemma.endswith("ee"):
        return {lemma[:-1] + "ing"}
    out = {lemma + "ing"}
    if lemma[-1] not in _VOWELS + "wxy" and lemma[-2] in _VOWELS and lemma[-3:-2] not in _VOWELS:
        out.add(lemma + lemma[-1] + "ing")
    return out


def _thirds(lemma: str) -> set[str]:
    if lemma.endswith(("s", "sh", "ch", "x", "o")):
        return {lemma + "es"}
    if lemma.endswith("y") and lemma[-2] not in _VOWELS:
        return {lemma[:-1] + "ies"}
    return {lemma + "s"}


@lru_cache(maxsize=1)
def verb_forms() -> dict[str, tuple[str, str, str]]:
    """word -> (lemma, kind or "" for generic, form: base|past|ing). Past forms win a clash
    ("set", "reset") because a claim reads them after an auxiliary anyway."""
    out: dict[str, tuple[str, str, str]] = {}
    entries = [(v, k) for k, vs in ACTION_VERBS.items() for v in vs]
    entries += [(v, "") for v in GENERIC_VERBS]
    for lemma, kind in entries:
        for w in {lemma} | _thirds(lemma):
            out.setdefault(w, (lemma, kind, "base"))
        for w in _ings(lemma):
            out[w] = (lemma, kind, "ing")
        for w in _pasts(lemma):
            out[w] = (lemma, kind, "past")
    return out


# ---- function words ------------------------------------------------------------------------

# Tokens after agents.understanding.support's normaliser split clitics ("can't" -> can n't).
# English's share of the five-language reader (agents.understanding.negation), one list for
# the frames and the clause reader of claimed actions.
NEGATORS = _negation.NEGATORS["en"] | _negation.WITHOUT["en"]
MODALS = _negation.MODALS["en"]
# Before "to": the speaker intends the action, it has not happened ("happy to refund").
INTENT = wordset(
    "happy glad able going ready pleased like love want wants need needs have has try trying about"
)
AUX_PERFECT = wordset("has have 've had is are was were 's 're been be being got get gets am 'm")
FIRST_PERSON = wordset("i we me us")
SECOND_PERSON = wordset("you u")
ADVERBS = wordset(
    "now already just successfully also fully all both been officially completely "
    "automatically finally gone ahead and then since"
)
DETERMINERS = wordset("the a an your my our this that these those their his her its")

# ---- formulaic moves -----------------------------------------------------------------------


def rx(body: str) -> re.Pattern[str]:
    return re.compile(body, re.IGNORECASE)


GREET = rx(
    r"^\W*(?:hello|hi|hey|hiya|howdy|greetings|good (?:morning|afternoon|evening|day)|"
    r"welcome)\b|\bthanks? (?:you )?for (?:contacting|reaching out|getting in touch|"
    r"calling|messaging|writing)\b|\bhow (?:can|may|could|might) (?:i|we) (?:help|assist|"
    r"be of (?:help|assistance)|support)\b|\bwhat can (?:i|we) (?:do|help you with)\b|"
    r"\bhow (?:can|may) i (?:direct|route) your\b|\bhow (?:are|r) (?:you|u|things)(?: doing| "
    r"today| this \w+)?\W*$|\bhow'?s (?:it going|your day)\b|\bmy name is \w+\b.*\b(?:help|assist)"
)
CLOSE = rx(
    r"\b(?:anything|something) (?:else|further|more)\b|\bis there anything (?:\w+ ){0,3}(?:i|we) "
    r"(?:can|could)\b|\b(?:good)?-?bye\b|\bfarewell\b|\bhave a (?:\w+ )?(?:day|evening|"
    r"weekend|night|one|time|trip|flight|stay)\b|\btake care\b|\bglad (?:i|we) (?:could|"
    r"were able to) help\b|\byou'?re (?:very |most )?welcome\b|\b(?:happy|glad|pleased) to "
    r"(?:help|assist|have helped)\b|\bthanks? (?:you )?for (?:choosing|being|your "
    r"(?:business|custom|time|call|message))\b|\b(?:is|was) there (?:something|anything) more\b|"
    r"\benjoy (?:the|your)\b|\bgood luck\b|\bsee you\b|\bcheers\b|\bany (?:other|further|more) "
    r"(?:questions?|help|concerns?)\b|\bif (?:you need|there'?s) anything (?:else )?"
)
HOLD = rx(
    r"\b(?:one|a|just a|give me a|wait a|hang on a|hold on a) ?(?:moment|mo|sec|second|"
    r"minute|min)s?\b|\b(?:give me|gimme|just|wait|hang on|hold on)(?: a| one| two| a couple "
    r"of)? (?:tick|ticks|jiffy|secs|mins)\b|\blet me (?:just )?(?:check|look|see|find|pull|"
    r"verify|search|"
    r"confirm|review|take a look|have a look|dig|investigate|get|look into)\b|"
    r"\bbear with (?:me|us)\b|\b(?:hold|hang) (?:on|tight|the line)\b|"
    r"\bplease (?:hold|wait|stand by)\b|"
    r"\b(?:i'?m|i am|we'?re|we are|still) (?:\w+ )?(?:checking|looking|searching|reviewing|"
    r"investigating|working on|pulling up|verifying)\b|\blooking into (?:it|this|that|your)\b|"
    r"\bchecking (?:on )?(?:it|this|that|now|for you|with)\b|\bwon'?t be (?:long|a moment)\b|"
    r"\bthanks? (?:you )?for (?:your )?(?:patience|waiting|holding)\b|\bstand ?by\b|"
    r"\b(?:i'?ll|i will|we'?ll|we will) (?:get back|come back|be right back|look into|check)\b|"
    r"\bstill (?:on it|waiting on|waiting for)\b|\bin a (?:moment|minute|sec|bit)\b|"
    r"\b(?:while|as) (?:i|we)(?: am|'m|'re| are)? (?:\w+ )?(?:check|look|pull|search|review|"
    r"verify|find|get|confirm|dig|investigate|access|open)\w*\b.*"
)
HANDOVER = rx(
    r"\b(?:transfer|transferr?ing|transferred|connect|connecting|connected|put|putting|"
    r"pass|passing|passed|hand|handing|handed|route|routing|routed|forward|forwarding|"
    r"forwarded|refer|referring|referred|escalat\w*|bring|bringing|loop|looping|looped|get|"
    r"getting) "
    # "passed your case, together with its history, to our team": an aside between commas.
    r"(?:\w+ ){0,3}?(?:\w+, [^,.?!;]{1,60}, )?(?:to|with|through to|over to|in|on to|onto|up "
    r"to) (?:\w+ ){0,3}?"
    r"(?:human|person|agent|specialist|colleague|supervisor|manager|team|department|"
    r"representative|rep|expert|someone|somebody|staff|advisor|adviser|operator|tier|"
    r"desk|lead|senior|handler|adjuster|caseworker)s?\b|"
    r"\bescalat(?:e|ed|ing) (?:this|it|your|the)\b|\b(?:have|has) been escalated\b|"
    r"\b(?:a|an|our|one of our|the) (?:\w+ ){0,2}(?:human|agent|specialist|colleague|"
    r"supervisor|manager|representative|advisor|adviser|expert)s? (?:will|shall|is going "
    r"to|are going to|'ll) (?:\w+ ){0,2}(?:contact|reach|call|be with|get back|join|take "
    r"over|follow up|pick this up|email|be in touch|look into|review|assist|help)\b|"
    # a team is a person only when it comes to the customer: "our team will review your
    # claim in 5 days" is back-office work on a schedule, no handover
    r"\b(?:a|an|our|one of our|the) (?:\w+ ){0,2}teams? (?:will|shall|is going to|are going "
    r"to|'ll) (?:\w+ ){0,2}(?:contact|reach|call|be with|get back|join|take over|follow up|"
    r"pick this up|email|be in touch)\b|"
    r"\b(?:someone|somebody) (?:from|in|on) (?:our|the) \w+ (?:team|department)\b|"
    # "I'm pulling in Morgan from our escalations crew", "Sam from the billing team will take
    # it from here": someone of another team brought in, or taking over.
    r"\b(?:pull|bring|loop|get|call|rope)\w* (?:in|on|over) (?:\w+ ){0,3}?(?:from|on|in|at) "
    r"(?:our|the) (?:\w+ ){0,2}?(?:team|crew|desk|department|squad|line|folks|people|unit)s?\b|"
    r"\b(?:from|on|in) (?:our|the) (?:\w+ ){0,2}?(?:team|crew|desk|department|squad|unit)s?\b"
    r"[^.?!]{0,40}?\b(?:take (?:it|this|over|things)|pick (?:it|this|things) up|jump in|"
    r"step in|be with you|reach out|get in touch|contact you|call you)\b|"
    # "...; she'll pick it up from here": someone else (not I, not we) taking the case over.
    r"\b(?:she|he|they|who)\b[^.?!;]{0,40}?(?:\bwill|'ll|\bis going to|\bare going to) "
    r"(?:\w+ ){0,2}?(?:take over|take (?:it|this|things) from here|pick (?:it|this|things) up "
    r"from here)\b|"
    # "Your case is now in the hands of our billing team": the idiom of a handover.
    r"\bin the hands of (?:\w+ ){0,4}?(?:team|department|desk|specialists?|colleagues?|"
    r"supervisors?|managers?|experts?)\b|"
    # "Transferring you now.", "please hold while I connect you": nothing else to go to.
    r"\b(?:transferr?ing|connecting|transfer|connect) you(?: now| over| through| across)?"
    r"(?: now)?\s*(?:[.!,]|$)"
)
REFUSE = rx(
    r"\bunfortunately\b|\b(?:i'?m|i am|we'?re|we are) afraid\b|\b(?:i'?m|i am|we'?re|we are) "
    r"(?:very |so |really )?sorry,? but\b|\bnot (?:\w+ )?(?:eligible|possible|permitted|"
    r"allowed|available|able|authori[sz]ed|covered|qualif\w+|something (?:i|we) can)\b|"
    r"\bunable to\b|\b(?:can'?t|cannot|can not|couldn'?t|could not|won'?t|will not) "
    r"(?:be able to |currently |actually )?(?:help|assist|do|process|offer|provide|approve|"
    r"issue|make|accept|authenticate|verify|find|locate|grant|give|allow|change|refund|cancel|"
    r"book|transfer|share|disclose|access|override|complete|go ahead|proceed|reserve)\b|"
    # the passive ("can't be paid over chat") is agents.understanding.refusal's
    r"\bno (?:\w+ )?(?:available|left|availability|vacanc\w+)\b|\b(?:fully|already) booked\b|"
    r"\bbooked up\b|\bunavailable\b|\b(?:was|were|has been|have been|got|is) (?:\w+ )?"
    r"(?:declined|denied|rejected|unsuccessful|refused)\b|\bnot (?:\w+ )?successful\b|"
    r"\bfailed\b|\bagainst (?:our|the|company) (?:policy|rules)\b|\b(?:don'?t|do not|"
    r"doesn'?t|does not) (?:\w+ )?(?:allow|permit|offer|support|accept|cover|qualify|"
    r"provide|do)\b|\boutside (?:of )?(?:the|our|your) \w+|\b(?:only|solely) (?:able to|"
    r"(?:help|assist) (?:you )?with)\b|\bno longer\b|\b(?:nothing|no \w+) (?:found|matching|"
    r"matches|that match)\b|\bno (?:results?|matches|records?)\b|\bbeyond (?:what|my|our)\b|"
    r"\bnot in a position\b|\bdoes(?:n'?t| not) (?:match|exist)\b|\bdo(?:n'?t| not) match\b|"
    r"\b(?:i|we) (?:really |just |simply )?(?:cannot|can'?t|can not|won'?t be able|am not able|"
    r"'?m not able|are not able|'re not able)\b|\b(?:i|we) (?:do not|don'?t) have (?:a|any|the)"
    r" (?:way|means|option|ability|access|authority)\b|(?<!not )\btoo (?:small|large|big|"
    r"late|early|soon|far|short|long|busy)\b|\bnot (?:\w+ )?enough\b|\bconflicting\b|"
    r"\b(?:a|any) conflict\b"
)
# An apology that opens a statement ("Sorry, the venue is booked then"): bad news follows,
# so a passive in it reports a state that blocks the request, not an action taken. Apologies
# *for* something ("sorry for the wait") are politeness and change nothing.
APOLOGY_LEAD = rx(
    r"^\W*(?:(?:i'?m|i am|we'?re|we are) )?(?:so |very |really |truly )?(?:sorry|afraid)"
    r"(?!\s+(?:for|about|to hear|to keep))\b|^\W*(?:unfortunately|regrettably|sadly)\b"
)
# Acknowledgements and empathy: they neither answer nor do anything.
_ACK = (
    r"(?:ok(?:ay)?|sure|certainly|of course|absolutely|alright|all right|right|great|perfect|"
    r"excellent|wonderful|no problem(?: at all)?|no worries(?: at all)?|got it|i see|understood|"
    r"noted|yes|yeah|yep|"
    r"no|nope|hmm+|good|fine|excellent news|good news|my apologies|"
    r"thanks?(?: you)?(?: so much| very much)?|(?:i'?m|i am|we'?re) (?:so |very |really )?"
    r"sorry(?: to hear(?: that| about that)?)?|sorry|i (?:completely |totally )?understand|"
    r"i apologi[sz]e(?: for (?:the|any) \w+)?|"
    r"(?:i|we)(?:'d| would)? (?:can |will |be happy to |be glad to )?(?:definitely |"
    r"certainly )?help(?: you)?(?: with (?:that|this))?)"
)
# Acknowledgements and empathy, one or several ("No, I'm sorry."): they neither answer nor act.
NEUTRAL = rx(rf"^\W*{_ACK}(?:\W+{_ACK})*\W*$")
REQUEST = rx(
    r"^\W*(?:(?:please|kindly|pls|plz),? )?(?:provide|send|give|tell|share|enter|type|"
    r"confirm|spell|verify|upload|attach|reply|respond|text|state|list|describe|select|"
    r"choose|pick|specify|include|check|let (?:me|us) know|write|input|supply|"
    r"furnish)\b|\b(?:i|we)(?:'ll| will| would|'d)? (?:still |also "
    r"|first |just )?(?:need|require|want)s? (?:to (?:have|get|see|know|verify|confirm|check) "
    r")?(?:you to |from you |a |an |the |your |some )|\b(?:let me know|let us know)\b|"
    r"\b(?:can|could|would|will) you (?:please |kindly )?(?:provide|send|give|tell|share|"
    r"enter|type|confirm|spell|verify|upload|attach|let|describe|specify|clarify|check|"
    r"read|look)\b|\b(?:may|can|could) (?:i|we) (?:please )?(?:have|get|ask|take|grab|"
    r"confirm|know|see|verify)\b|\bi'?d (?:like|love) to (?:have|get|know|confirm|verify)\b|"
    r"\bmind (?:sharing|telling|providing|giving)\b|\b(?:is|are) required\b|"
    r"\b(?:please|pls|plz)\W*$|^\W*(?:still |also )?needs? (?:the|your|a|an|some|to (?:have|"
    r"see|know|get))\b|\b(?:only|one) thing (?:i'?m |we'?re |still )?missing\b|"
    r"\bmissing (?:is|are)\b"
)
# "We can't proceed without your order number": a request for it, not a refusal.
WITHOUT = rx(
    r"\b(?:cannot|unable to|not able to|can not)\s+(?:\w+ ){0,2}?(?:proceed|continue|go "
    r"(?:any )?further|go ahead|do anything|help|move forward|look (?:it|this|that|you) up|"
    r"find (?:it|this|that|your \w+)|process (?:it|this|that|your \w+))\s+without\b"
)
# Words a terse agent puts before a bare participle ("ok, refunded"): not a subject.
INTERJECTIONS = wordset("ok okay sure alright right great yes yep so and now done good news all")
_WH = r"what|what's|whats|which|when|where|who|whom|whose|how|why"
QUESTION_START = rx(
    rf"^\W*(?:(?:{_WH})\b|(?:can|could|would|will|do|does|did|is|are|was|were|may|shall|"
    r"should|have|has|had|might)\s+(?:you|i|we|it|this|that|there|they|he|she|your|the|"
    r"someone|anyone)\b)"
)
# "would you like me to ...", "shall I ...", "do you want a ...": a proposal, not a claim.
OFFER = rx(
    r"\b(?:would|do|did|will) you (?:\w+ )?(?:like|want|prefer|need|rather)\b|\bwould "
    r"(?:a|an|the|that|this) (?:\w+ ){0,3}?(?:work for you|suit you|do for you)\b|"
    r"\b(?:shall|should|can|could|may) (?:i|we)\b|\bwant me to\b|\bhow about\b|"
    r"\bwhat about\b|\bi (?:can|could) "
    r"(?:\w+ )?(?:offer|provide|give|arrange|do)\b|\b(?:is|would) (?:that|this|it) "
    r"(?:ok|okay|alright|fine|acceptable)\b|\bshould (?:i|we) (?:go ahead|proceed)\b|"
    r"\bif you(?:'d| would)? like\b|\b(?:i|we) (?:can|could) (?:either|also|instead)\b|"
    r"\bproceed\b|\bgo ahead\b"
)
# A question whose first words ask for a value ("what time", "for how many", "where").
WH_FIRST = rx(
    r"^\W*(?:(?:and|so|ok|okay|alright|right|sure|great|then)\W+)*(?:(?:for|at|on|in|to|"
    r"from|with|by|until|till) )?(?:what|which|when|where|who|whom|whose|how (?:many|much|"
    r"long|far|old|often)|how)\b"
)
# "I can also filter by price": a further service put on the table.
CAPABILITY = rx(
    r"^\W*(?:(?:yes|sure|ok|okay|great),? )?(?:i|we) (?:can|could) (?:also |either |instead |"
    r"additionally |even |definitely |certainly )?(?!help\b|only\b|not\b|and\b|but\b|so\b|"
    r"be\b|do\b)\w+"
)
# Evaluative small talk ("That sounds like fun!", "That makes sense."): neither answer nor act.
PLEASANTRY = rx(
    r"^\W*(?:that|this|it|which|how|what a)(?:'s| is| sounds| seems| must be| looks| makes)?"
    r"(?: like)?(?: a| an| so| very| really| such| quite| totally)* (?:fun|great|good|nice|"
    r"impressive|lovely|wonderful|awesome|amazing|exciting|interesting|cool|sad|terrible|"
    r"awful|unfortunate|understandable|fair|sense|true|bummer|shame|pity|frustrating|"
    r"annoying|fantastic|brilliant|exciting|perfect)(?: \w+)?\W*$|^\W*good luck\b"
)
# A reaction to how things turned out ("Glad that's sorted", "good to hear it works now"): it
# judges a state, whoever brought it about, so it claims no action of support's. Only when an
# evaluative word leads and the clause has no first person ("glad I could reset it" claims).
REACTION = rx(
    r"^\W*(?:(?:i'?m|we'?re|i am|we are|so|really|very|that'?s|it'?s|how) )*(?:glad|happy|"
    r"pleased|relieved|great|good|nice|wonderful|awesome|excellent|lovely|fantastic|brilliant|"
    r"delighted)(?: to (?:hear|see|know|read|learn))?(?: that)?\s+(?:that'?s|it'?s|it|this|"
    r"that|the|your|you|you'?re|everything|things|all|they|they'?re)\b"
)
# The customer's request said back ("I understand you want a manager", "I see you'd like a
# refund"): it shows the request was heard and tells nothing new.
ECHO = rx(
    r"^\W*(?:i|we) (?:totally |completely |fully |can )?(?:understand|see|hear|get|appreciate)"
    r"(?: that)? you(?:'d| would|'re| are)? (?:\w+ )?(?:want|wanting|like|wish|prefer|asking|"
    r"hoping|looking|need)\b"
)
# "Let me try first", alone: an attempt announced, no act named (read with the turn: after a
# request for a person it puts the request off, agents.understanding.foreign.reasons).
ATTEMPT = rx(
    r"^\W*(?:ok(?:ay)?,? |but |so )?(?:first,? )?let me (?:just )?(?:try|have a go|have a crack|"
    r"have a shot|give it a (?:go|shot|try))(?: (?:first|myself|this|it))*\W*$"
)
# Words a statement ends in that mark a generic "done" without a verb of the lists.
DONE = rx(
    r"^\W*(?:all )?done\W*$|^\W*(?:all |it'?s |that'?s )?done\b(?!\s+(?:by|with|in|after|before|"
    r"within|if|once|when|until)\b)|\ball (?:set|done|sorted|good to go)\b|\btaken care of\b|"
    r"\b(?:went|gone|go|goes) through\b|\bis (?:now )?(?:complete|confirmed|in place|active|"
    r"underway|on (?:its|the) way)\b|\b(?:are|is) (?:now )?(?:all )?(?:confirmed|complete)\b|"
    r"\b(?:successfully|success)\b|\bgood to go\b|\byou'?re (?:all )?(?:set|booked|"
    r"confirmed|registered)\b|\bhas been (?:taken care of|sorted|done|completed|actioned)\b|"
    r"\b(?:have|'ve|has|is|are|'s|been|got) (?:all |now |just |already )?done\b|"
    r"\bdone(?: for you| now)?\W*$"
)
# "pass them to a human if they push for one", "customers are transferred to ...": a rule
# about handing over, said of others, not this customer handed over now.
DESCRIBES_HANDOVER = re.compile(
    r"\b(?:transfer|pass|hand|put|route|forward|refer|connect|escalate)\w* (?:them|customers?|"
    r"people|users?|callers?)\b|\b(?:customers?|callers?|users?|people) (?:are|get|will be) "
    r"(?:\w+ )?(?:transferred|passed|handed|routed|forwarded|referred|connected|escalated)\b",
    re.IGNORECASE,
)
# A requirement, then what follows once it is met: "need X and we're good to go", "send it
# over and it's done", "only thing missing is X, then you're all set".
NEED_THEN = re.compile(
    r"^\W*(?:(?:just|still|only|all (?:i|we))\W+)*(?:(?:i|we)(?:'d| would)? )?(?:(?:just|"
    r"still|only) )?(?:need|needs|require|requires|missing|send|give|share|drop|pop|pass|"
    r"tell|provide|get me)\b[^.?!]*?(?:,? and (?:then )?|, then )[^.?!]*[.?!]*\s*$",
    re.IGNORECASE,
)
# "I'll transfer you if you like": offered on a condition, not done.
CONDITIONAL_ANYWHERE = re.compile(r"\b(?:if|unless|whenever|should you)\b", re.IGNORECASE)
