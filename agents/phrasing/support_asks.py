"""Support phrase banks for asking (agents.phrasing.support): the requests for details in
every context (first ask, more after some checked out, a fact asked as a question, a fact
support can see asked to verify who writes), their leads and politeness parts, and the
reply when a detail does not match. The bank is built from this, support and support_more.

Slots: `$ask` (requested facts as 'your order number and the email on the account'),
`$mismatch` (values that failed verification), `$labels` ('the order number').
"""

from __future__ import annotations

ASK_RULES: dict[str, list[str]] = {
    # Some details already checked out: the rest is not asked for to verify who writes.
    "opt_lookup@more": [
        "{{So {that|} I can|To|In order to|Just so I can}{ quickly|}|Before I can} "
        "{look into {this|that|it|your <case_noun>}|check {this|that|things} "
        "{for you|on my end|properly|}|get {this moving|things going}},",
        "",
    ],
    # A request for details ends as a request: never "I'll need your account number!" (an
    # exclamation reads as a demand in a security check, walkthrough 9).
    # Asked before and not given: asked again plainly, no "also" (nothing new is asked) and
    # no new reason for it.
    "request_info@asked_again": [
        "<opt_thanks> {Could|Can} you {send|give me|confirm} $ask{, please|}?",
        "<opt_thanks> I still need $ask{ to go on| before I can continue|}.",
        "<opt_thanks> {To go on|Before I can continue}, could you {send|give me} $ask?",
    ],
    "request_info@more": [
        "<opt_thanks> <opt_lookup> <ask_verb> $ask{?| <opt_please>?}",
        "<opt_thanks> {I'll|I will|I'd} also need $ask{, <opt_please_s>|}.",
        "<opt_thanks> {Could|Can|Would} you {also|} {send|share|confirm|give me|tell me} $ask?",
        "<opt_thanks> {Next|One more thing|Now}, {could you give me|can you confirm|would you "
        "send} $ask?",
    ],
    # The turn opens with the record a lookup found: no "So I can look into your order" after
    # it.
    "opt_lookup@noted": ["{Before I go ahead|To go on},", ""],
    "opt_lookup": [
        "{{So {that|} I can|To|So we can|In order to|Just so I can}{ quickly|}|Before I can} "
        "{look into {this|that|it|your <case_noun>}|check {this|that|things} "
        "{for you|on my end|properly|}|verify {your identity|it's you}|get {started|this "
        "moving|things going}},",
        "",
    ],
    # After a question ("Could you send ...?", "May I have ...?"): "if you could" repeats
    # its "could you", and "when you can" does not fit "may I"; these fit either.
    "opt_please": [
        "{please|when you get a chance|if possible}",
        "",
        "",
    ],
    # After a statement ("I'll need ..."): the writer's own time is meant.
    "opt_please_s": [
        "{please|when you get a chance|if possible|when you can}",
        "",
        "",
    ],
    "ask_verb": [
        "{could|can|would|will} you {please|kindly|just|} {give me|share|send|send "
        "over|provide|confirm|tell me|let me know|type in|pass along|post}",
        "{may|could|can} I {have|get|ask for|grab}",
        "{would you mind|do you mind} {sharing|sending|confirming|providing|giving me}",
    ],
    # Phrasal verbs ("pull up", "sort out") take a pronoun between verb and particle, so
    # pronoun objects only go with the plain verbs.
    "request_info": [
        "<opt_thanks> <opt_lookup> <ask_verb> $ask{?| <opt_please>?}",
        "<opt_thanks> <opt_lookup> {I'll|I will|I'd|I would|I'm going to} need $ask"
        "{, <opt_please_s>|}.",
        "<opt_thanks> {I'll|I will|I'd|I would|I just} need $ask{ first| to start| before we "
        "continue}.",
        "<opt_thanks> {May I have|Can I get|Could I get|Could I have|Can I "
        "ask for|Could you share|Mind sharing|Can you give me|Could you confirm} $ask"
        "{, <opt_please>|| first| to start}?",
        "<opt_empathy> <lead_check> {Could|Can|Would} you {first|just|please|} {confirm|give "
        "me|share|send|tell me|provide} $ask?",
        "<opt_thanks> <lead_check> {Could|Can|Would} you {first|just|please|} {confirm|give "
        "me|share|send|tell me|provide} $ask?",
        "<opt_thanks> <first_lead>{,|:} "
        "{{I need|I'll need|please share|please send|I'd like} $ask.|{could you give me|can "
        "you confirm|would you provide} $ask?}",
        "<opt_thanks> {{Please|Kindly} {send|share|provide|confirm} $ask.|{Could|Can|Would} "
        "you {send|share|provide|confirm|give me|tell me} $ask?}",
        "{To {verify|check|confirm} {it's you|your identity|the account|ownership}|For "
        "{security|verification|privacy} reasons|As a quick {security|safety} check}{,|} "
        "{I'll|I'd|I will} {need|have to ask for} $ask.",
    ],
    "request_info@details": [
        "<opt_thanks> {To {help with this|look into this|sort this out}|So I can {help|look "
        "into this|check this for you}}, {{I'll need|I need} $ask.|could you tell me $ask?}",
        "<opt_thanks> {Could|Can|Would} you {tell me|confirm|let me know} $ask{?| <opt_please>?}",
        "<opt_thanks> <progress_lead>{:|,} could you {confirm|tell me} $ask?",
    ],
    "first_lead": [
        "{First|Just to start|To begin|Before anything else|First things first|To get started|"
        "Before we go on|Step one|For security|For verification}"
    ],
    # After push-back the case does not start over: no "First things first" or "Step one".
    "first_lead@push_back": ["{For security|For verification|Before we go on|To go on}"],
    # Leads that presuppose earlier steps ("Almost there", "One more thing"): never in
    # support's first reply, where nothing has been done yet.
    "progress_lead": ["{One more thing|Before I go ahead|Almost there}"],
    "progress_lead@opening": ["{Before I go ahead|To get started}"],
    # A fact asked as an indirect question ("whether anyone was hurt"): only frames that ask.
    "request_info@question": [
        "<opt_thanks> {<progress_lead>|So I can {help|look into this}}, "
        "could you {tell me|let me know} $ask?",
        "<opt_thanks> {Could|Can} you {tell me|let me know} $ask?",
    ],
    "request_info@who": [
        "<opt_thanks> {To sort this out|Before I go ahead|So I can help}, could you "
        "tell me who $labels {is|will be}?",
        "<opt_thanks> {Who is|Who will be} $labels?",
    ],
    "verify_failed": [
        "{Hmm,|Sorry,|Unfortunately,|I'm sorry,|Apologies,|Hm,|Okay,|Thanks, but|I've checked, "
        "and|I looked, but|Sorry about this,} I {couldn't|can't|wasn't able to|am unable to|"
        "didn't manage to} {find|locate|see} {anything|a record|a match|any entry} "
        "{with|for|under} $mismatch. "
        "{Could|Can|Would} you {double-check|check|confirm|verify|look at} {it|that|"
        "$labels}{ for me|| again| once more}{ please|}?",
        "{It looks like|It seems|I'm afraid|Looks like|It appears} I {can't|cannot|couldn't} "
        "{match|find} $mismatch {in our records|on file|in our system}. {Could|Can|"
        "Would} you {take another look|double-check|verify that|check it again|confirm it "
        "once more|make sure it's right}?",
        "{That|This} {doesn't|does not} {seem to|appear to|} match {our records|what I have "
        "on file|the system|what we have}. {Is there a chance|Could it be|"
        "Maybe|Perhaps|Is it possible} {there's|there is} a {typo|small mistake|mix-up} in "
        "$labels?",
        "{Sorry|Apologies|Hmm}, {nothing comes up|I'm not seeing anything|there's no match|"
        "I get no results|the system shows nothing} for $mismatch. {{Would you mind|Could "
        "you try|Can you try} {checking|sending|typing} {it|$labels} "
        "{again|once more|one more time}?|Please {{check|send} {it|$labels} {again|once "
        "more}|re-enter {it|$labels}}.}",
    ],
    # A fact support can already see (a record it looked up) is asked to verify who writes.
    "request_info@verify": [
        "<opt_thanks> {To {confirm|verify} {it's you|your identity}|For security|Just to "
        "verify}, {could you confirm|can you confirm|could you tell me} $ask?",
        "<opt_thanks> {Before I go on|Before I change anything}, please confirm $ask {to "
        "verify it's you|for security}.",
    ],
}
