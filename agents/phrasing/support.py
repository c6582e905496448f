"""Support phrase banks: professional, warm, and never the same sentence twice in a row.
The shared parts and the acts of a case's main line are here; the requests for details are in
agents.phrasing.support_asks; hand-overs, redirects, clarifications and closings are in
agents.phrasing.support_more.

Slots: `$content` (scenario text: an answer, a rule's wording, a reason), `$content_lc`,
`$ask` (requested facts as 'your order number and the email on the account'), `$mismatch`
(values that failed verification), `$labels` ('the order number'), `$agent` (a first name).
"""

from __future__ import annotations

from agents.phrasing.grammar import Bank
from agents.phrasing.support_asks import ASK_RULES
from agents.phrasing.support_more import MORE_RULES

RULES: dict[str, list[str]] = {
    # ---- shared parts -------------------------------------------------------------------
    # A reaction to what the customer just did (tagged by its act): thanks for details,
    # understanding for a push-back, agreement for a request; never cheer by default.
    "opt_thanks": [
        "{Sure|Of course|Certainly|Okay|Alright|Right|Happy to help|I can help with that|"
        "Glad to help|I'm on it|No problem|I can look into that}{.|!}",
        "",
        "",
    ],
    "opt_thanks@inform": [
        "{Thanks|Thank you|Thanks so much|Thanks a lot|Many thanks|Thanks for that|Thank you "
        "for {that|the details|the info|getting back to me|the quick reply}|"
        "Appreciate it|Got it, thanks|Noted, thank you}{.|!}",
        "{Okay|Alright|Got it|Understood|Noted|All right|Right}{.|,} {thanks|thank you}.",
        "",
    ],
    # The turn opens with what a lookup showed ("I found the order."): that acknowledges
    # the details, a thanks after it reads as an afterthought.
    "opt_thanks@noted": [""],
    # The customer's reply gave nothing (a vague "Help!", a refusal to share): no thanks.
    "opt_thanks@unclear": [""],
    # An opening: an offer to help fits any request (not "No problem.", which answers one).
    # An opening: the offer to help is the request's own lead ("Happy to look into this"),
    # so no reaction before it ("Happy to help! Happy to review this").
    "opt_thanks@open": [""],
    # After a complaint, agreement ("Sure!", "Happy to help!") reads as cheer.
    "opt_thanks@complaint": [
        "{I'm sorry to hear that|Sorry about that|I'm sorry about this|Sorry for the trouble}.",
        "",
    ],
    "opt_thanks@correct": [
        "{Thanks for correcting that|Thanks for the correction|No problem, thanks|Got it, "
        "thanks}{.|!}",
        "",
    ],
    "opt_thanks@push_back": [
        "{I understand|I hear you|I understand your frustration|I know this is frustrating|"
        "I get that|I know|I can see why}.",
        "",
    ],
    "opt_thanks@accept": [
        "{Great|Perfect|Okay|Alright|Sounds good|Lovely|Excellent}{.|!}",
        "",
    ],
    "opt_thanks@ask": [
        "{Good question|Sure|Of course|Happy to explain}{.|!}",
        "",
    ],
    "opt_empathy": [""],
    "opt_empathy@complaint": [
        "{I'm {so|really|very|truly|} sorry {to hear that|about that|for the trouble|"
        "for the {inconvenience|hassle|mix-up|delay|confusion}|you're dealing with this|"
        "this happened}|{That|This} {{sounds|must be|is} {really|very|so|} {frustrating|"
        "annoying|stressful|inconvenient|disappointing|worrying}|is not the experience we "
        "want for you}|"
        "I {understand|can see|get} {how {frustrating|annoying|stressful} that {is|must be}|"
        "why you're {upset|concerned|frustrated}|your concern|the urgency}|"
        "I {completely|totally|fully} understand|{Oh no|Oh dear}{, sorry about that|, "
        "that's not good|}}{.|!}",
        "",
    ],
    "opt_more": [
        "{Is there anything else I can {help {you|} with|do for you|assist with|look into}|"
        "Anything else {I can do for you|on your mind|you need|I can help with}|"
        "Can I help with anything else|Is there something else {you need|I can do}|"
        "Do you need help with anything else|Was there anything else|What else can I do for "
        "you|Can I do anything else for you|Any other questions}{ today|}?",
        "{Let me know if {you need anything else|there's anything else|anything is unclear|"
        "you have other questions}|Feel free to {reach out|message us|ask} if {anything else "
        "comes up|you have more questions|you need us}|Just shout if you need anything else|"
        "I'm here if you need {anything|more help}}{.|!}",
        "",
        "",
    ],
    "lead_check": [
        "{Let me|I'll|I can|I'm going to|Happy to|Glad to|I'd be happy to|I'd be glad to} "
        "{{check|look into|look at|dig into|review|take a look at|investigate|help with} "
        "{this|that|it|your <case_noun>}|sort out your <case_noun>|sort it out}{ for you| "
        "right away| now| straight away|}{.|!}",
    ],
    # A turn led by the record a lookup found: no "Glad to look into your order" after it.
    "lead_check@noted": [""],
    # What support calls the customer's matter and the record it looks up, by domain.
    "case_noun": ["{request|case|issue}"],
    "case_noun@ecommerce": ["{order|request|case}"],
    "case_noun@travel": ["{booking|request|trip}"],
    "case_noun@banking": ["{account|request|case}"],
    "case_noun@insurance": ["{policy|request|case}"],
    "case_noun@telecom": ["{account|request|case}"],
    "case_noun@saas": ["{account|request|case}"],
    "record_noun": ["{details|records|file}"],
    "record_noun@ecommerce": ["{order|account|details}"],
    "record_noun@travel": ["{booking|reservation|details}"],
    "record_noun@banking": ["{account|records|details}"],
    "record_noun@insurance": ["{policy|records|details}"],
    "record_noun@telecom": ["{account|records|details}"],
    "record_noun@saas": ["{account|workspace|details}"],
    # ---- acts ---------------------------------------------------------------------------
    "greet": [
        "{Hi|Hello|Hey|Hi there|Hello there|Good day|Welcome|Hey there|Greetings|Good "
        "{morning|afternoon|evening}}{,|!|.} {{you're chatting with|this is|I'm|my name is|"
        "you've reached} $agent{ from support| from the support team| on the {support|help|"
        "customer care} team| from customer care| here|}{.|!|,}|} "
        "{how can I help{ you|}|what can I do for you|how may I help you|what can I help "
        "you with|what brings you {here|in|to us}|how can I assist{ you|}|what's going on|"
        "what do you need help with|what can I sort out for you|how can I make your day "
        "easier|what seems to be the problem|what's up|how are things|tell me what you need}"
        "{ today| this {morning|afternoon|evening}| right now|}?",
        "{Thanks for {reaching out|getting in touch|contacting us|your message|your patience|"
        "waiting|writing in|messaging us|holding}|Welcome to {support|customer care|the help "
        "desk|our help chat}|Good to hear from you|Nice to meet you}{!|.|,} "
        "{how can I help|what can I do for you|how may I assist you|what can I help with|"
        "tell me what's going on|what's the {issue|problem|question}|what would you like "
        "help with|what happened}{ today|}?",
        "{Hi|Hello|Hi there}{!|,} {{I'll|I can|Let me} {take a look|see what I can do|look "
        "into it|sort this out}{ for you| right away| now|}|Let's {get this sorted|figure this "
        "out|get to the bottom of this}{ together| right away| now|}}{.|!}",
    ],
    # Scenario text that ends by asking something, or hands the customer over itself:
    # nothing is said after it.
    "content_only": ["$content"],
    "answer": [
        "<answer_lead>{!|.} $content <opt_more>",
        "$content <opt_more>",
        "{Here's {how it works|what I can tell you|what I found}|<by_policy>|{In short|Put "
        "simply|Short answer}}: $content_colonless. <answer_tail>",
        # (one lead of several: "To answer your question," on every answer is a tic)
        "{To answer your question|On your question|As for your question|About that}, "
        "$content_lc. <answer_tail>",
    ],
    # Advice ("Shut off the water, ...", "a parcel locker is the safest option"): said as
    # advice, never behind "About that," or "According to the guidelines:" (reader 20: 26
    # and 7 a run), which introduce a fact or a rule.
    "answer@advice": [
        "<answer_lead>{!|.} $content <opt_more>",
        "$content <opt_more>",
        "{Here's what I'd suggest|My advice|Here's what I'd do|What usually works}: "
        "$content_colonless. <answer_tail>",
    ],
    "answer_lead": [
        "{Good question|Great question|Happy to explain|Let me explain|Thanks for "
        "asking|Glad you asked}"
    ],
    # An angry or sarcastic question gets the answer, never cheer about the question.
    # (no "I checked": a scenario's answer needs no checking, reading s16)
    "answer_lead@heated": ["{Let me explain|Here's how it works|Fair question}"],
    # An answer before the case is decided: no closing "anything else?", the case goes on.
    "answer_tail@pending": ["{Does that {help|answer your question}?|}"],
    "opt_more@pending": [""],
    "answer_tail": [
        "{Does that {help|answer your question|make sense|clear it up}?|Hope that helps{.|!}|"
        "Let me know if that's unclear.|}",
    ],
    "resolve": [
        "{Good news|Great news|All done|Done|Okay|Alright|Perfect|Thanks for your patience|"
        "Thanks for waiting|That's sorted|Sorted|All set|You're all set|Right then|Success|"
        "There we go|Finished|Everything's in place}{!|.| -} $content <opt_more>",
        "{I've|I have|We've} {taken care of {that|this|it}|gone ahead with {that|this|it}|"
        "sorted {that|this|it} out|processed {that|this|your request}|handled {that|this|it}|"
        "dealt with {that|it}}{ for you| just now|}{.|!} $content <opt_more>",
        "$content <opt_more>",
    ],
    "resolve@noted": ["$content <opt_more>", "$content"],
    # A decision that gives advice, nothing done: no "Done!" or "That's sorted!" before it.
    "resolve@advice": [
        "$content <opt_more>",
        "{Here's what I'd suggest|My advice|Here's the best option|Here's what I'd do}: "
        "$content_colonless. <opt_more>",
    ],
    # "According to our terms" introduces a rule, not advice ("check your downloads").
    "by_policy": ["{According to|Going by} {our|the} {policy|guidelines|terms}"],
    "by_policy@advice": ["{Here's what I'd suggest|Here's what I'd do}"],
    # The same question again: no "Glad you asked!", the answer put another way.
    "answer@again": [
        "{Sorry if that wasn't clear|Let me put it another way}. $content <opt_more>",
        "$content {Does that help|Is that clearer}?",
    ],
    # Something support said already (the scenario has one answer; the decision said it):
    # said again, it points back at itself, never the same words bare.
    "answer@repeat": [
        "{As I said|Like I mentioned|As I mentioned}, $content_lc. <opt_more>",
        "{To recap|Just to recap}: $content_colonless. {Does that help|Does that answer it}?",
        "{In short|The short version}: $content_colonless. {Does that help|Does that answer it}?",
    ],
    # The decision said again (the customer restated the issue, or pushed back and the rule
    # has no other words): acknowledged and pointing back, only the part that answers.
    "resolve@repeat": [
        "{As I said|Like I mentioned|As I mentioned}, $content_lc. <opt_more>",
        "{Yes|Just to confirm|To confirm}{,| -} $content_lc. <opt_more>",
        "{To recap|Just to recap}: $content_colonless. <opt_more>",
        "Here's where things stand: $content <opt_more>",
    ],
    # The same, for a text that ends on its own question: nothing asked after it.
    "repeat_asking": [
        "{As I said|Like I mentioned|As I mentioned}, $content_lc",
        "Here's where things stand: $content",
    ],
    "refuse@repeat": [
        "{I understand|I know it's not what you hoped for|I get that}{, and I'm sorry|}. {As I "
        "said|Like I mentioned|As I explained}, $content_lc.",
        "{I'm sorry|I understand}, but {my answer|the answer} {hasn't changed|is still the "
        "same|stays the same}: $content_colonless.",
        "{I've looked at it again|I've double-checked}, and I'm afraid {nothing has changed|"
        "it's still the case}: $content_colonless.",
        "{I understand|I hear you|I know}{, and I'm sorry|}. Here's where things stand: $content",
    ],
    # Pushed back once the refusal has nothing left unsaid: said plainly that it stands,
    # with what the refusal still offers ($content: its sentences after the reason), never
    # the reason again word for word; `_bare`: nothing left to offer.
    "refuse_stands": [
        "{I understand|I hear you|I know it's not what you hoped for}{, and I'm sorry|}, but "
        "{I can't change {this|that} decision|that decision can't be changed}. What I can "
        "still suggest: $content_colonless.",
        "{I'm sorry|I understand, and I'm sorry}, but {this isn't something I can change|my "
        "answer can't change here}. {That said|Still|Remember}, $content_lc.",
    ],
    "refuse_stands_bare": [
        "{I understand|I hear you|I know it's not what you hoped for}{, and I'm sorry|}, but "
        "{I can't change {this|that} decision|that decision can't be changed}{.| here.} {Is "
        "there anything else I can help with?|}",
        "{I'm sorry|I understand, and I'm sorry}, but {this isn't something I can change|my "
        "answer has to stay the same}. {Is there anything else I can do for you?|}",
    ],
    # Pushed back on right after a refusal that offered something: the offer pointed back
    # to, not said again word for word.
    "refuse_stands_offered": [
        "{I understand|I hear you|I know it's not what you hoped for}{, and I'm sorry|}, but "
        "{I can't change {this|that} decision|that decision can't be changed}. {What I "
        "suggested is still an option|The option I mentioned is still open to you}{, if it "
        "helps|}.",
    ],
    # Pushed back on again once the answer was said to stand twice: short, no question.
    "refuse_stands_again": [
        "{Sorry, that still stands.|I'm sorry, it stays as it is.}",
    ],
    # A question about what the decision ruled out (the refund's timing after refusing it).
    "answer_moot": [
        "{I'm afraid|Sorry,} that {won't|doesn't} apply here, since that part can't go "
        "ahead{, as I explained| as I said|}. <opt_more>",
        "{As I explained|As I mentioned}, that part can't go ahead, so {that|it} doesn't "
        "apply here{, I'm afraid|}. <opt_more>",
    ],
    "resolve@inform": [
        "{Thanks, that checks out|Everything checks out|You're all verified|That matches our "
        "records|Thanks, you're verified|Verified, thank you|That all matches}{.|!} $content "
        "<opt_more>",
        "{Thanks|Thank you}{.|!} $content <opt_more>",
        "$content <opt_more>",
    ],
    # Resolved after details that verified nothing (whether anyone was hurt, backup codes):
    # thanks for them, never "You're verified" or "That matches our records".
    "resolve@details": [
        "{Thanks|Thank you|Got it, thanks|Thanks for that}{.|!} $content <opt_more>",
        "$content <opt_more>",
    ],
    "refuse": [
        "{I'm {sorry|really sorry|so sorry}|Unfortunately|Sorry|I apologize|"
        "Regrettably|Sadly|I'm sorry to say}, $content_lc. "
        "{{Is there anything else I can {do|help with}|Can I help with anything else}?|"
        "I know {that's|this is|it's} {not what you hoped|disappointing|frustrating|not "
        "ideal|not the answer you wanted}.|I'm sorry I can't do more.|}",
        "<opt_empathy> {Unfortunately,|Sadly,|I'm afraid} $content_lc.",
        "$content {I'm sorry {about that|I can't do more|for the inconvenience|it's not "
        "better news}.|Sorry about that.|I know it's not ideal.|I hope you understand.|That's "
        "our policy, I'm afraid.|}",
    ],
    # A concession answers an objection: only after a push-back.
    "refuse@push_back": [
        "{I understand|I hear you|I see where you're coming from|I get that|I know}, but "
        "$content_lc.",
        "{I'm {sorry|really sorry}|Unfortunately}, $content_lc.",
        "$content {I'm sorry about that.|Sorry, I know it's not what you hoped.|}",
    ],
}

AGENT_NAMES = (
    "Alex",
    "Sam",
    "Jordan",
    "Taylor",
    "Priya",
    "Marco",
    "Lena",
    "Tom",
    "Aisha",
    "Chris",
    "Dana",
    "Kim",
    "Noah",
    "Maya",
    "Omar",
    "Elena",
    "Ben",
    "Rosa",
    "Leo",
    "Nina",
    "Jamie",
    "Sofia",
    "Ravi",
    "Hannah",
    "Luis",
    "Grace",
    "Ken",
    "Zoe",
    "Amir",
    "Julia",
)

BANK = Bank({**RULES, **ASK_RULES, **MORE_RULES})
