"""Customer phrase banks, one rule per act; the shared parts they are built from
(greetings, pleas, acknowledgements, leads) are in agents.phrasing.customer_parts.

Slots: `$content` (scenario text as a sentence), `$content_lc` (the same, lower-cased start and
no final stop, for embedding mid-sentence), `$facts` (values framed by agents.phrasing.facts),
`$fix` (a correction). Parts named `opt_*` are the ones a terse persona drops. Thanks,
giving up and push-back are in agents.phrasing.customer_more.
"""

from __future__ import annotations

from agents.phrasing.customer_more import MORE_RULES
from agents.phrasing.customer_parts import PARTS
from agents.phrasing.grammar import Bank

RULES: dict[str, list[str]] = {
    # ---- acts ---------------------------------------------------------------------------
    "open": [
        "<opt_hello> <opt_plea> $content <opt_tail_open>",
        "<opt_hello> $content <opt_tail_open>",
        "<opt_hello> {so|ok so|basically|um so|well|right so|so yeah|ok|so basically|so um}"
        "{,| -|} $gist. <opt_tail_open>",
        "<opt_hello> {long story short|quick one}{,|:| -} $gist. <opt_tail_open>",
        "<opt_hello> {here's the thing|the thing is|so here's my issue|my problem is}{:| -} "
        "$gist. <opt_tail_open>",
        "$content <opt_tail_open>",
        "<opt_hello> {I'm|I am} {writing|messaging|reaching out|contacting you|getting in "
        "touch|here|in touch|on here|chatting}{ today| again|} {because|since|as|cause} "
        "$clause. <opt_tail_open>",
        "<opt_hello> <open_have> {- |: |. |... }$content <opt_tail_open>",
    ],
    # ("there's a complaint" is not how anyone announces one: "there's" only with a problem)
    "open_have": [
        "{I've got|I have|got} {a problem|an issue|a question|something|a complaint|a "
        "situation|a query}",
        "there's {a problem|an issue|something}",
    ],
    "open_have@routine": ["{I've got|I have|got} {a question|something|a query}"],
    # The issue said after a first message that did not say it (a vague "Can you fix it?"),
    # answering "what happened?": no greeting and no "I've got a query:", which start a chat.
    "opt_hello@late": [""],
    # A polite or angry writer does not open with "yo" or "hey hey".
    "opt_hello@polite": [
        "{hello|hi|good morning|good afternoon|good evening|hello there|hi there|dear "
        "support|greetings|hello support}{,|!|.| -|...}",
        "",
    ],
    "opt_hello@angry": ["{hello|hi|right|look}{,|.| -}", "", ""],
    # After an opening that asks already: thanks, not a second question.
    "opt_tail_open@asked": [
        "{Thanks{ in advance| a lot|}|Thank you{ in advance|}|Thx|Cheers|Ty}{.|!|}",
        "",
        "",
    ],
    "open@late": [
        "$content <opt_tail_open>",
        "{sorry|oh sorry|right, sorry|ok so|so basically|basically|sorry, to explain}{,| -} "
        "$content_lc <opt_tail_open>",
        "{what happened is|the thing is}{:| -} $clause. <opt_tail_open>",
    ],
    "open_greeted": [
        "$content <opt_tail_open>",
        "$content",
    ],
    "open_bare": [
        "<opt_hello> {I {have|got|'ve got} a {problem|question|issue|complaint} {with|about} "
        "my {order|account|booking|bill|subscription|delivery|payment|card}|something went "
        "wrong with my {order|account|purchase|payment|delivery}|I need help with {my "
        "account|an order|a charge|my booking|a refund|a return}|my {order|account|"
        "payment} {isn't working|is messed up|has a problem}}{.|!|...}",
    ],
    # After an answer, the details asked for earlier: no "No problem!" or "Sure," (which
    # answer a request), the answer taken in first.
    "inform@answer": [
        "<opt_ack> <opt_soft> $facts{.|!||} <opt_after_info>",
        "<opt_ack> $facts{.|}",
        "{Ok|Thanks|Got it|Right|Alright|Good to know}{.|!} {As for the details|And the "
        "details you asked for}{:| -} $facts{.|}",
    ],
    "inform": [
        "<opt_ack> <opt_soft> $facts{.|!||} <opt_after_info>",
        "<opt_ack> $facts{.|}",
        "$facts",
        "<present_lead>{:|,|.| -} $facts_presented{.|}",
        "{Sure|Yes|Yeah|Ok|Yep|Of course|Absolutely|No worries}{,| -} $facts{.|!|}",
    ],
    "inform_content": [
        "<opt_ack> $facts. $content",
        "$content {Also|And|Oh and|Plus}{,|} $facts.",
        "$content $facts.",
    ],
    "ask": [
        "<opt_q_lead> $content",
        "<opt_q_lead> $content <ask_tail>{.|!|}",
        "{Can I ask|Could you tell me|Can you tell me|I was wondering|Do you know|"
        "I'd like to know|Mind telling me|Any idea|Just wondering|Tell me|"
        "Do you happen to know}{,|:| -} $question?",
        "<opt_ack> $content",
    ],
    "ask_tail": [
        "{Thanks|Just curious|I'd like to know|I need to know|Just checking|Just want to be "
        "sure|Would be good to know|Trying to plan ahead|It matters to me}",
    ],
    # (never "Answer me this time": a first question has no unanswered time before it)
    "ask_tail@angry": ["{I need to know|I want an answer|I want a straight answer}"],
    "ask_tail@frustrated": ["{I need to know|I'd like a straight answer|It matters to me}"],
    # Asked again before support answered: what was said before was not an answer.
    "ask_again": [
        "{what about my question|can you answer my question first|so what's the answer|"
        "you didn't answer my question}{?|...}",
    ],
    "ask_again@answer": [
        "{what about my question|can you answer my question|so what's the answer|could you "
        "explain that part}{?|...}",
        "{you didn't really answer that|I'm still not clear on that}{.|...}",
    ],
    # Asked again once support decided: a check on what it said, never "what about my
    # question?", which its decision answered.
    "ask_again@resolve": [
        "{sorry|hmm|wait}, {can|could} you {explain|go over} that again?",
        "{sorry, |}just so I'm clear - {what does that mean for me|what happens now|is that "
        "all sorted}?",
        "{so|ok so} {is that it|is that all done|is it all sorted} then?",
    ],
    "ask_again@refuse": [
        "{sorry|hmm|wait}, {can|could} you {explain|go over} that again?",
        "{so|just so I'm clear,} {you can't do anything about it|there's nothing you can do|"
        "that's a no}?",
        "{sorry, |}I'm not sure I follow - {why not|what does that mean for me}?",
    ],
    "ask_bare": [
        "<opt_q_lead> {what happens now|how long will that take|what are the next steps|"
        "how does that work|is there anything else I need to do|when will I hear back|"
        "can you explain that again|what does that mean for me|is that normal|how do I "
        "know it worked|will I get an email|do I need to do anything|when does that kick "
        "in|what's the catch|how much will it cost|can I track it|is that definite}?",
    ],
    "ask_bare@refuse": [
        "<opt_q_lead> {why not|is there really no other way|what can I do instead|is there "
        "anything else I can do|who else can I ask|can I appeal that|what would you "
        "suggest}?",
    ],
    "accept": [
        "<agree>{.|!|,| -|...} <go_on>{.|!|}",
        "<agree>{.|!|}",
        "<go_on>{.|!|}",
        "<agree>{.|!|,} <go_on>{.|!} <thanks>{.|!|}",
        "<opt_ack> $content",
    ],
    # After a refusal, accepting is resigned; after an answer, it is taking the answer in.
    "agree@refuse": [
        "{ok|okay|fine|alright|right|I see|I understand|understood|ok, I guess|fair enough|"
        "if that's the only option|ok then|oh well|I suppose so}",
    ],
    # (no thanks here: "<agree>, <go_on>. <thanks>" would thank twice; the thanks part does)
    "go_on@refuse": [
        "{I'll {live with it|think about it|leave it then}|not what I "
        "hoped{ for|}|that's {disappointing|a shame|a pity}}",
    ],
    # Support held back from a manager or steered back: going along with it is resigned.
    "agree@redirect": ["{ok|okay|fine|alright|right|I see|ok then|fair enough|oh well}"],
    "go_on@redirect": [
        "{let's {carry on|get on with it} then|I'll leave it then|carry on{ then|}|fine, go ahead}",
    ],
    "agree@answer": [
        "{ok|okay|got it|right|alright|I see|good to know|that makes sense|fair enough|"
        "understood|ah ok|ok great|thanks|perfect}",
    ],
    # "I'll do that" only after support said what to do (an answer that advises).
    "go_on@answer": [
        "{that {answers my question|clears it up|helps|makes sense}|good to know|{thanks|thank "
        "you} for explaining|I'll keep that in mind}",
    ],
    "go_on@advice": [
        "{that {answers my question|clears it up|helps|makes sense}|good to know|{thanks|thank "
        "you} for explaining|I'll {keep that in mind|do that}}",
    ],
    "agree": [
        "{ok|okay|alright|sure|great|perfect|sounds good|that works|fine|fair enough|"
        "that's fine|yes please|yeah go ahead|cool|awesome|excellent|brilliant|works for me|"
        "deal|ok sure|ok fine|that'll do|lovely|good|yes|yep|nice|wonderful|oh good|phew|"
        "sweet|right|ok then|sure thing|amazing|that's great|fab|yes that's fine|ok deal|"
        "fine by me|no objections|that sounds fair|sure, why not|that'll work|understood|"
        "ok understood|makes sense|that's reasonable|yeah ok|mhm ok|absolutely|definitely|"
        "100%|of course|go for it|ok let's do it|yes!|that's perfect}",
    ],
    "go_on": [
        "{please|} go ahead{ with that| and do that| then|}",
        "{do|let's do} that{ please| then|}",
        "that's {all I wanted|what I needed|great|fine by me|a relief|perfect|reasonable|"
        "good to hear|fair|the best option}",
        "I'll take {it|that|the offer|that option|the refund|the credit}",
        "{I appreciate it|much appreciated|appreciated}",
        "let's {do it|go with that|go with that option|go ahead|proceed}",
        "I'm {happy|good|ok|fine|satisfied|alright} with that",
        "{that works for me|this helps a lot|that helps}",
        "{sounds|seems} {fair|good|reasonable|like a plan}",
        "{yes|yeah}, {please|that's fine|do it}",
        "{better than nothing|I can live with that|not ideal but ok|it'll have to do}",
        "{that|this} {suits me|is fine|is what I wanted}",
        "{and|} {thanks|thank you|cheers} for {that|sorting it|the offer|the help}",
    ],
    "agree@resolve": [
        "{ok|okay|great|perfect|fine|cool|awesome|excellent|brilliant|lovely|good|nice|"
        "wonderful|oh good|phew|sweet|amazing|that's great|fab|understood|ok understood|"
        "makes sense|that's perfect|alright|right|ok then|oh nice|good stuff|ok cool}",
    ],
    "go_on@resolve": [
        "that's {all I wanted|what I needed|great|a relief|perfect|good to hear}",
        "{I appreciate it|much appreciated|appreciated}",
        "I'm {happy|good|satisfied} with that",
        "{that works for me|this helps a lot|that helps}",
        "{and|} {thanks|thank you|cheers} for {that|sorting it|the help}",
    ],
    "request_escalation": [
        "{Can|Could|May} I {speak|talk|chat} {to|with} {{a|your} {manager|supervisor|team "
        "lead|boss}|someone {senior|else}|a {human|real person}}{ please| instead|}?",
        "{I'd like to|I'd prefer to|I'd rather} {speak|talk|chat} {to|with} {{a|your} "
        "{manager|supervisor}|someone more senior|a {real person|human being}}{ please|}{.|!}",
        "{Please|Just} {{transfer|put} me through to|{escalate|pass} this to|pass this on "
        "to|pass me on to} {a manager|a supervisor|someone who can {actually|} help|"
        "your boss|a human}{.|!}",
        "Can you {{transfer|put} me through to|{escalate|pass} this to|pass this on to|pass "
        "me on to} {a manager|a supervisor|someone who can {actually|} help|your boss|a "
        "human}{?|}",
        "{I want|I need|Get me|I'm asking for} {a manager|a supervisor|your boss|a human|"
        "someone in charge}{ please|,|}{ right now| now|}{.|!|}",
        "{This isn't working|We're going in circles|I'm not getting anywhere|This is going "
        "nowhere}{.|,|} {can|could} {I talk to someone else|I speak to someone senior|you "
        "escalate this|you get someone else|you find someone senior}?",
        "$content {Please escalate|I'd like a supervisor|Let me talk to a manager|Get me "
        "someone senior}{.|!}",
    ],
    "correct": [
        "{sorry|oops|wait|my bad|my mistake|hold on|actually|scratch that|ah sorry|whoops|"
        "no wait|ugh sorry|correction|apologies}{,|!|.| -|...} $fix{.|!|}",
        "{I gave you the wrong one|That was wrong|I made a typo|I mixed it up|I misread "
        "it|Wrong one, sorry|I looked at the wrong email}{,|.| -} $fix.",
        "{Correction|Update|Edit}: $fix.",
    ],
    "chitchat": [
        "$content",
        "<opt_ack> $content",
    ],
    # ---- without facts or scenario text --------------------------------------------------
    "inform_none": [
        "<opt_ack> {I don't {have|know} that{ right now| off hand|}|not sure{, sorry|}|"
        "I can't find it{ anywhere|}|no idea{, sorry|}|I don't remember|I'd have to look}"
        "{.|!|...}",
    ],
    "correct_none": [
        "{sorry|oops|wait|my bad}{,|.| -} {ignore {that|my last message}|that was wrong|"
        "I mixed something up}{.|!|}",
    ],
}

BANK = Bank({**PARTS, **RULES, **MORE_RULES})
