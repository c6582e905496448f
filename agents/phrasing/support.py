"""Support phrase banks: professional, warm, and never the same sentence twice in a row.

Slots: `$content` (scenario text: an answer, a rule's wording, a reason), `$content_lc`,
`$ask` (requested facts as 'your order number and the email on the account'), `$mismatch`
(values that failed verification), `$labels` ('the order number'), `$agent` (a first name).
"""

from __future__ import annotations

from agents.phrasing.grammar import Bank

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
    "opt_thanks@correct": [
        "{Thanks for correcting that|Thanks for the correction|No problem, thanks|Got it, "
        "thanks}{.|!}",
        "",
    ],
    "opt_thanks@push_back": [
        "{I understand|I hear you|I understand your frustration|I know this is frustrating}.",
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
        "this happened}|{That|This} {sounds|must be|is} {{really|very|so|} {frustrating|annoying|"
        "stressful|inconvenient|disappointing|worrying}|not the experience we want for you}|"
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
        "you|Can I do anything else for you|Any other questions}{ today| at the moment| "
        "for now|}?",
        "{Let me know if {you need anything else|there's anything else|anything is unclear|"
        "you have other questions}|Feel free to {reach out|message us|ask} if {anything else "
        "comes up|you have more questions|you need us}|Just shout if you need anything else|"
        "I'm here if you need {anything|more help}}{.|!}",
        "",
        "",
    ],
    "opt_lookup": [
        "{So {that|} I can|To|So we can|Before I can|In order to|Just so I can}{ quickly|} "
        "{look into {this|that|it|your <case_noun>}|check {this|that|things} "
        "{for you|on my end|properly|}|verify {your identity|it's you}|get {started|this "
        "moving|things going}},",
        "",
    ],
    "opt_please": [
        "{please|if you could|when you get a chance|if possible|when you can}",
        "",
        "",
    ],
    "ask_verb": [
        "{could|can|would|will} you {please|kindly|just|} {give me|share|send|send "
        "over|provide|confirm|tell me|let me know|type in|pass along|post|check and send}",
        "{may|could|can} I {have|get|ask for|grab}",
        "{would you mind|do you mind} {sharing|sending|confirming|providing|giving me}",
    ],
    # Phrasal verbs ("pull up", "sort out") take a pronoun between verb and particle, so
    # pronoun objects only go with the plain verbs.
    "lead_check": [
        "{Let me|I'll|I can|I'm going to|Happy to|Glad to|I'd be happy to|I'd be glad to} "
        "{{check|look into|look at|dig into|review|take a look at|investigate|help with} "
        "{this|that|it|your <case_noun>}|sort out your <case_noun>|sort it out}{ for you| "
        "right away| now| straight away|}{.|!}",
    ],
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
    "request_info": [
        "<opt_thanks> <opt_lookup> <ask_verb> $ask{?| <opt_please>?}",
        "<opt_thanks> <opt_lookup> {I'll|I will|I'd|I would|I'm going to|I just} need $ask"
        "{, <opt_please>|| first| to start| before we continue}{.|!}",
        "<opt_thanks> {May I have|Can I get|Could I get|Could I have|Can I "
        "ask for|Could you share|Mind sharing|Can you give me|Could you confirm} $ask"
        "{, <opt_please>|| first| to start}?",
        "<opt_empathy> <lead_check> {Could|Can|Would} you {first|just|please|} {confirm|give "
        "me|share|send|tell me|provide} $ask?",
        "<opt_thanks> <lead_check> {Could|Can|Would} you {first|just|please|} {confirm|give "
        "me|share|send|tell me|provide} $ask?",
        "<opt_thanks> {First|Just to start|To begin|Before anything else|First things first|"
        "To get started|Before we go on|Step one|For security|For verification}{,|:} "
        "{{I need|I'll need|please share|please send|I'd like} $ask.|{could you give me|can "
        "you confirm|would you provide} $ask?}",
        "<opt_thanks> {{Please|Kindly} {send|share|provide|confirm} $ask.|{Could|Can|Would} "
        "you {send|share|provide|confirm|give me|tell me} $ask?}",
        "{To {verify|check|confirm} {it's you|your identity|the account|ownership}|For "
        "{security|verification|privacy} reasons|As a quick {security|safety} check|Per "
        "our {policy|process}}{,|} {I'll|I'd|I will} {need|have to ask for|have to check} "
        "$ask{.|!}",
    ],
    "verify_failed": [
        "{Hmm|Sorry|Unfortunately|I'm sorry|Apologies|Hm|Okay|Thanks, but|I've checked, and|"
        "I looked, but|Sorry about this}, I {couldn't|can't|wasn't able to|am unable to|"
        "didn't manage to} {find|locate|see} {anything|a record|a match|any entry} "
        "{with|for|under} $mismatch. "
        "{Could|Can|Would} you {double-check|check|confirm|verify|look at} {it|that|"
        "$labels}{ for me|| again| once more}{ please|}?",
        "{It looks like|It seems|I'm afraid|Looks like|It appears|I see that} $mismatch "
        "{doesn't|does not} {match|match what I have|match our records|match anything "
        "on file|line up with {our|the} records|come up in our system}. {Could|Can|"
        "Would} you {take another look|double-check|verify that|check it again|confirm it "
        "once more|make sure it's right}?",
        "{That|This} {doesn't|does not} {seem to|appear to|} match {our records|what I have "
        "on file|the system|what we have}. {Is there a chance|Could it be|"
        "Maybe|Perhaps|Is it possible} {there's|there is} a {typo|small mistake|mix-up} in "
        "$labels?",
        "{Sorry|Apologies|Hmm}, {nothing comes up|I'm not seeing anything|there's no match|"
        "I get no results|the system shows nothing} for $mismatch. {{Would you mind|Could "
        "you try|Can you try} {checking|re-entering|sending|typing} {it|$labels} "
        "{again|once more|one more time}?|Please {check|re-enter|send} {it|$labels} {again|"
        "once more}.}",
    ],
    "answer": [
        "{Sure|Of course|Good question|Great question|Happy to explain|Right|Certainly|"
        "Let me explain|Okay|I checked|Thanks for asking|Glad you asked|I looked into it|"
        "Here's the answer}{!|.} $content <opt_more>",
        "$content <opt_more>",
        "{{Here's {how it works|what I can tell you|what I found}|{According to|Going by} "
        "{our|the} {policy|guidelines|terms}|{In short|Put simply|Short answer}}:|To answer "
        "your question,} $content_lc{.|!} {Does that {help|answer your question|make sense|"
        "clear it up}?|"
        "Hope that helps{.|!}|Let me know if that's unclear.|}",
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
    "resolve@inform": [
        "{Thanks, that checks out|Everything checks out|You're all verified|That matches our "
        "records|Thanks, you're verified|Verified, thank you|That all matches}{.|!} $content "
        "<opt_more>",
        "{Thanks|Thank you}{.|!} $content <opt_more>",
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
        "{I understand|I hear you|I see where you're coming from}, but $content_lc.",
    ],
    "escalate": [
        "{I'm going to|I'll|Let me|I need to|I'd like to} {{escalate this|pass this on|hand "
        "this over} to {a specialist|my supervisor|the right team|a senior colleague|our "
        "escalations team}|transfer you to {a specialist|my supervisor|the right team|a senior "
        "colleague}|bring in {a colleague|a specialist|my supervisor|a senior agent}|loop in "
        "{my manager|a specialist|the right team}}{ so they can take it from here|}{.|!} "
        "$content",
        "<esc_react> {I'm|I am} {transferring|escalating|passing|forwarding|handing} "
        "{you|this|your case|"
        "your request} to {a supervisor|a specialist|our {billing|escalations|specialist|"
        "senior|priority} team|a manager|someone senior}{ now| right away|}{.|!} <esc_tail>",
        "$content {I'm|I'll be} {transferring|escalating|forwarding} {you|this|your case} "
        "{now|to a specialist|to the right team|to my supervisor}{.|!} <esc_tail>",
    ],
    "esc_react": ["{Okay|Alright|Right}.", ""],
    "esc_react@request_escalation": ["{I understand|Understood|Of course|Certainly|Sure}.", ""],
    "esc_react@push_back": ["{I understand|I hear you|Understood}.", ""],
    "esc_tail": [
        "{They|Someone|A colleague|The team|A specialist} will {be with you|get back to you|"
        "contact you|reach out|follow up} {shortly|soon|within {24 hours|one business day|a "
        "day or two|the hour}|by email|as soon as possible}{.|!}",
        "{Thanks|Thank you} for your {patience|understanding}{.|!}",
        "{Please|Kindly} {stay on the line|hold on|bear with us|keep this chat open}"
        "{ for a moment|}{.|!}",
        "",
    ],
    "redirect": [
        "{I'd love to help, but|I'm afraid|Sorry,|Let's get back on track -|I hear you, but|"
        "Fair enough, but|Understood, but} {I can only help with|I'm here to help with|let's "
        "focus on|I need to stick to} {your {request|issue|account|case|question}|the issue "
        "you contacted us about|your support question|what you wrote in about}{.|!} "
        "{Where were we?|Could we get back to that?|Shall we continue?|Let's pick up where "
        "we left off.|}",
        "{Let's {get back to|focus on|return to|go back to} <redirect_topic>.|{Can|Could|"
        "Shall} we {get back to|focus on|return to|go back to} <redirect_topic>?} $content",
    ],
    "redirect_topic": [
        "{your {issue|request|case|question}|what you contacted us about|the problem at "
        "hand|the matter at hand|what brought you here}",
    ],
    "check_in": [
        "{Are you still there|Still with me|Hello|Hi, are you still there|Just checking in - "
        "are you still there|Did you have a chance to {look|check}|Is everything ok on your "
        "end|Are you still online|Can you see my messages}?{ I'm {here|still here} {when "
        "you're ready|if you need me|to help|}.| Take your time.| No rush.|}",
        "{I haven't heard back from you|It's been quiet for a bit|I didn't get a reply|I "
        "haven't seen a reply|It looks like you went quiet}. {Are you still there|Do you "
        "still need help|Is there anything I can do|Should I keep this chat open}?",
    ],
    "clarify": [
        "{Sorry|Apologies|Hmm|I'm sorry|Oh}, {I {didn't|don't} quite {follow|understand|"
        "get that|catch that}|I'm not sure I understood|I'm a bit lost|I'm not sure what you "
        "mean}. {Could|Can|Would} you {rephrase {that|it}|explain {that|it} {again|a "
        "bit more|differently}|tell me a bit more|say that another way|give me an example}"
        "{ please|}?",
        "{Just to make sure I understand|To be sure I have this right|Let me make sure I "
        "follow|Just so I'm clear}{,|:} {what exactly {happened|do you need|went wrong}|"
        "could you give me a few more details|which <case_noun> is this about}?",
        "{Could|Can|Would} you {tell|give} me {more|a bit more|some more} "
        "{detail|information|background} {about|on} {what's going on|the issue|what "
        "happened|what you need|the problem}?",
    ],
    "close@ask": [
        "{Sorry, I don't have more on that here|I'm not able to say more about that here}"
        ". {Is there anything else I can help with|Anything else I can do for you}?",
    ],
    "close@give_up": [
        "{I'm sorry I couldn't do more|I'm sorry we couldn't sort this out today|I understand, "
        "and I'm sorry about this}. {You're welcome to get back in touch any time|If you "
        "change your mind, just message us}{.|!}",
    ],
    "close@accept": [
        "{Great|Perfect|Alright|Okay|Good}{!|.} {Glad that works for you|That's everything "
        "then|You're all set}{.|!} {Have a {great|good|nice} {day|one}|Take care|All the best}"
        "{!|.}",
    ],
    "close@inform": [
        "{Thanks|Thank you}{,|.} {I've noted that|I've added that to your {case|file}|that's on "
        "file now}{.|!} {Anything else I can help with|Is there anything else}?",
    ],
    "close": [
        "{You're welcome|My pleasure|Glad I could help|Happy to help|No problem at all|"
        "Anytime|Glad that's sorted|Thanks for reaching out|Thanks for contacting us|Great|"
        "Wonderful|Perfect|It was a pleasure|Glad we got there|Always happy to help}{!|.|,} "
        "{Have a {great|good|lovely|nice|wonderful|pleasant|fantastic} {day|evening|weekend|"
        "one|afternoon|week}|Take care|All the best|Bye for now|Goodbye|Enjoy the rest of "
        "your day|Stay safe|Enjoy your {purchase|day|weekend}}{!|.}",
        "{Thanks for your patience|Thanks for chatting with us|Thank you for contacting "
        "support|Thanks for your understanding|Thanks for bearing with me}{!|.} {If anything "
        "else comes up, {just|} {reach out|let us know|message us|get in touch}|We're here "
        "if you need us|Have a good one|Take care}{.|!}",
        "$content {Have a {great|nice|good} day|Take care|Goodbye|All the best|Bye}{!|.}",
    ],
    "redirect_demand_manager": [
        "{I understand you'd like {a manager|a supervisor|to speak to someone senior}|I hear "
        "you, and I can ask a supervisor if needed|I get that you want {a manager|someone "
        "senior}}, {but|though} {let me {see what I can do|try to sort this|help} "
        "first|I'm able to handle this myself|I can {resolve|handle} most of this {right "
        "here|myself}}{.|!} {Would that be okay|Can we give it a try|Is that alright}?",
        "{I'm|I am} {sorry|sorry you're frustrated}. {Before I {transfer|escalate}|"
        "Rather than wait for a supervisor}, {let me try to fix this {now|myself}|I can "
        "probably sort this out {myself|right now}}{.|!} {Okay|Does that work|Alright}?",
    ],
    "clarify@ask": [
        "{Sorry|Hmm|I'm sorry}, I {don't|didn't} quite {follow|understand} the question. "
        "{Could|Can|Would} you {rephrase it|say a bit more about what you'd like to know|"
        "tell me what you'd like to know}?",
    ],
    "clarify_vague": [
        "{Sorry|Hmm|I'm sorry|Okay}, {I'll need a bit more to go on|I'm not sure what's "
        "wrong yet|that's a little vague for me}. {Which <case_noun> is "
        "this about|What exactly {went wrong|happened|do you need help with}}?",
    ],
    "lead_against_policy": [
        "{I understand|I hear you|I know it's a hassle}, but {I can't skip this "
        "step|I have to follow our {policy|process} here|this check is required for everyone|"
        "I'm not able to make an exception on this}.",
    ],
    "lead_overshare": [
        "{Thanks|Thank you}, {but|though} {for your {privacy|security}|to keep your data "
        "safe}, {there's no need to share more personal details than I ask for|please "
        "only send what I ask for|please don't post extra personal details in the chat}{.|!}",
    ],
    # ---- scenario text that already carries its own opener or apology -------------------
    "plain": ["$content <opt_more>", "$content"],
    # ---- without scenario text -------------------------------------------------------
    "answer_bare": [
        "{Let me check {that|on that} for you|Good question, let me look that up|I'll find out "
        "for you}{.|!} {One moment|Bear with me|Just a moment}{.|!|...}",
    ],
    "resolve_bare": [
        "{Good news|All done|Done|Perfect}{!|,|.} {I've|I have} {taken care of {that|it}|sorted "
        "{that|it} out|processed your request|updated your account}{.|!} <opt_more>",
    ],
    "refuse_bare": [
        "{I'm sorry|Unfortunately|I'm afraid}{,|} {I'm not able to|I can't|we can't} "
        "{do that|help with that|approve that|make that change}{ in this case| under our "
        "policy| here|}{.|!} <opt_more>",
    ],
    "escalate_bare": [
        "{I'll|Let me|I'm going to} {pass this to|transfer you to|escalate this to} {a "
        "specialist|my supervisor|the right team|a senior colleague}{.|!} <esc_tail>",
    ],
    "redirect_switch_language": [
        "{I'm sorry|Apologies|Sorry}{,|} {I can only {help|assist|support you} in English|"
        "this chat is only available in English|I'm only able to reply in English}{.|!} "
        "{Could you {write|continue} in English{ please|}|Would you mind continuing in "
        "English}?",
    ],
    "redirect_prompt_injection": [
        "{I'm not able to|I can't|I won't be able to} {do that|change how I work|share "
        "internal instructions|skip our verification steps}, {but|though} {I'm happy to|I "
        "can still|I'd be glad to} help with your <case_noun>. $content",
        "{That's not something I can do|I can't act on that}. {Let's get back to your "
        "<case_noun>.|Shall we get back to your <case_noun>?} $content",
    ],
    "redirect_off_topic": [
        "{Ha|Haha|Fair question|Good one|I wish I knew}, {but|though} {let's|I should} "
        "{get back to|focus on|stick to} your <case_noun>{.|!} $content",
        "{I'll have to pass on that one|That's a bit outside what I can help with}, "
        "{but|though} {let's|we can} {sort out|continue with} your <case_noun>{.|!} "
        "$content",
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

BANK = Bank(RULES)
