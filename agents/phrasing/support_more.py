"""Support phrase banks, continued (agents.phrasing.support): hand-overs, redirects,
check-ins, clarifications, closings, and the acts without scenario text. Rules here may use
the shared parts defined there (`<opt_more>`, `<case_noun>`); the bank is built from both.
"""

from __future__ import annotations

MORE_RULES: dict[str, list[str]] = {
    # The rule's own words say the hand-over, or what happens instead ("I'm booking you in
    # with our field team"): no stock "let me loop in my manager" before them (reading s18).
    "escalate": [
        "$content",
        "<esc_react> $content",
        "$said <esc_tail>",
    ],
    "esc_react": ["{Okay|Alright|Right}.", ""],
    "esc_react@request_escalation": ["{I understand|Understood|Of course|Certainly|Sure}.", ""],
    "esc_react@push_back": ["{I understand|I hear you|Understood|I know}.", ""],
    "esc_tail": [
        # No time or channel nobody wrote ("within a day or two", "by email"): the scenario
        # says when, if anyone does (walkthrough 9, reading s13).
        "{They|A colleague|The team|A specialist} will {take it from here|pick it up from here|"
        "{get back to you|be in touch} {shortly|soon|as soon as they can}}.",
        "{Thanks|Thank you} for your {patience|understanding}{.|!}",
        "{Please|Kindly} {stay on the line|hold on|bear with us|keep this chat open}"
        "{ for a moment|}{.|!}",
        "",
    ],
    "redirect": [
        "{I'd love to help, but|I'm afraid|Sorry,|Let's get back on track -|"
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
    # A customer who asked for a moment is given it; one who said they are there ("still
    # here", "hello?") is not asked whether they are still there.
    "check_in_wait": [
        "{No problem|Sure|Of course|No rush|Take your time}{.|!} {I'll be here{ when you're "
        "ready|}.|Just let me know when you're ready.|I'll wait.}",
    ],
    "check_in_present": ["{How can I help|What can I do for you|What would you like to do}?"],
    "check_in_poke": ["{How can I help|What can I do for you}?"],
    "lead_present": ["{Great|Good|Thanks}{!|.}"],
    "lead_poke": ["{Yes, I'm here|I'm here|Yes, still here}{!|.}"],
    "clarify": [
        "{Sorry|Apologies|Hmm|I'm sorry|Oh}, {I {didn't|don't} quite {follow|understand|"
        "get that|catch that}|I'm not sure I understood|I'm a bit lost|I'm not sure what you "
        "mean}. {Could|Can|Would} you {rephrase {that|it}|explain {that|it} {again|a "
        "bit more|differently}|tell me a bit more|say that another way|give me an example}"
        "{ please|}?",
        "{Just to make sure I understand|To be sure I have this right|Let me make sure I "
        "follow|Just so I'm clear}{,|:} {what exactly {happened|do you need|went wrong}|"
        "could you give me a few more details|which <case_noun> is this about}?",
        "{Could|Can|Would} you {tell me {more|a bit more}|give me {more|a bit more|some more} "
        "{detail|information|background}} {about|on} {what's going on|the issue|what "
        "happened|what you need|the problem}?",
    ],
    # The customer said no when asked for the go-ahead: nothing was done.
    "close_declined": [
        "{All right|Okay|Understood|No problem}{,|.} {I've left everything as it is|nothing "
        "has been changed|I won't make any changes}{.|!} {If you change your mind, just get in "
        "touch|You're welcome to contact us again any time}{.|!}",
    ],
    # Asking for the go-ahead again, after the customer asked back ("why is that?").
    "lead_confirm_again": [
        "{Fair question|Good question|I understand the question}{.|!} {That's how "
        "our policy works, I'm afraid|It's our policy, I'm afraid|I'm afraid that's the rule}.",
    ],
    # ... after "is that really necessary?", "is there no way around it?", "what does that
    # mean for me?": each answered as asked, never "It's our policy" to the last (reading s18)
    "lead_confirm_again_needed": [
        "{I'm afraid it is|Yes, I'm afraid so|It is, I'm afraid}{ - it's how our policy works|"
        " - it's our policy| - that's the rule here|}.",
    ],
    "lead_confirm_again_around": [
        "{I'm afraid not|Unfortunately not|Sadly, no}{ - it's how our policy works| - that's "
        "the rule here| - it's the same for everyone|}.",
    ],
    "lead_confirm_again_means": [
        "{Of course|Sure|Fair question}. {Here's what it would mean for you|In plain terms, "
        "this is what happens|Let me put it plainly}.",
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
    # Accepting a refusal: no "Perfect! Glad that works for you".
    "close@resigned": [
        "{Thanks for your understanding|Thank you for understanding|I understand}{.|,} {I'm "
        "sorry I couldn't do more|If anything changes, just get in touch|You're welcome to "
        "contact us again any time}{.|!}",
    ],
    "close@accept": [
        # (many ways: one stock "Glad that works for you. Take care." closed a run's chats)
        "{Great|Perfect|Alright|Okay|Good}{!|.} {Glad that works for you|That's everything "
        "then|You're all set|Good to hear|Then we're all done|That settles it|Happy that's "
        "sorted}{.|!} {Have a {great|good|nice|lovely} {day|one|evening}|Take care|All the "
        "best|Thanks for getting in touch|Enjoy the rest of your day|Bye for now}{!|.}",
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
    # Sympathy for frustration only where the customer shows it.
    "sorry_demand": ["{I'm|I am} sorry."],
    "sorry_demand@complaint": ["{I'm|I am} {sorry|sorry you're frustrated}."],
    # A person asked for where the policy verifies before a handover: the request for the
    # details follows this lead (agents.scripted.support).
    "lead_handover": [
        "{I can pass you to|I'll be able to hand you over to} {a colleague|the right "
        "person|a manager} once I've {checked who I'm talking to|verified your identity}.",
        "{I understand you'd like to speak to someone|Of course you can speak to a manager}, "
        "but I need to verify your identity first.",
    ],
    "redirect_demand_manager": [
        "{I understand you'd like {a manager|a supervisor|to speak to someone senior}|I can "
        "ask a supervisor if needed|I get that you want {a manager|someone senior}}, "
        "{but|though} {let me {see what I can do|try to sort this|help} "
        "first|I'm able to handle this myself|I can {resolve|handle} most of this {right "
        "here|myself}}{.|!} {Would that be okay|Can we give it a try|Is that alright}?",
        "<sorry_demand> {Before I {transfer|escalate}|"
        "Rather than wait for a supervisor}, {let me try to fix this {now|myself}|I can "
        "probably sort this out {myself|right now}}{.|!} {Okay|Does that work|Alright}?",
    ],
    # A manager asked for after a decision: the decision stands, no offer to fix it.
    "redirect_demand_manager_refuse": [
        "{I understand you'd like to speak to {a manager|a supervisor|someone senior}|I know "
        "you'd like {a manager|a supervisor}|I get that you'd rather talk to {a manager|a "
        "supervisor}}. {I'm afraid they would "
        "have to apply the same policy, so the answer wouldn't change|They work to the same "
        "policy, though, so I'm afraid they couldn't change this}. {Is there "
        "anything else I can help with|Can I help with anything else}?",
    ],
    "redirect_demand_manager_resolve": [
        "{I understand|Of course, I understand}. {Your request has already been taken care "
        "of|Everything you asked for is already done}, so there's nothing a supervisor would "
        "need to change. {Is there anything else I can help with|Can I help with anything "
        "else}?",
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
    "lead_against_policy@asked_help": [
        "{Yes, I can help with this|I can help with that|I can definitely help} once {I've "
        "confirmed who I'm talking to|I've verified your identity|the security check is "
        "done}.",
    ],
    # What the customer did instead of giving the details (agents.phrasing.declining): an
    # exception is refused only to a customer who asked for one.
    "lead_against_policy@pleaded": [
        "{I understand|I hear you|I know it's a hassle|I get that}, but {I can't skip this "
        "step|I'm afraid I can't make an exception here|this is one rule I can't bend|the "
        "check is the same for everyone, no exceptions}.",
    ],
    "lead_against_policy@why": [
        "{It's how I make sure I'm talking to the right person|I only use it to confirm it's "
        "really you|It's there to keep your account safe}.",
    ],
    "lead_against_policy@unsure": [
        "{No problem|That's okay|No worries}, {take your time|have a look when you can}.",
    ],
    "lead_against_policy": [
        "{I understand|I hear you|I know it's a hassle|I get that|I know}, but {I have to "
        "follow our {policy|process} here|this check is required for everyone|it's a check we "
        "do for everyone}.",
    ],
    # After "Thanks, I have the account in front of me": no second thanks.
    "lead_overshare@noted": [
        "{For your {privacy|security}|To keep your data safe}, {there's no need to share more "
        "personal details than I ask for|please only send what I ask for|please don't post "
        "extra personal details in the chat}.",
    ],
    "lead_overshare": [
        "{Thanks|Thank you}, {but|though} {for your {privacy|security}|to keep your data "
        "safe}, {there's no need to share more personal details than I ask for|please "
        "only send what I ask for|please don't post extra personal details in the chat}.",
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
        "{I'm sorry|Apologies|Sorry}, {I can only {help|assist|support you} in English|"
        "this chat is only available in English|I'm only able to reply in English}{.|!} "
        "{Could you {write|continue} in English{ please|}|Would you mind continuing in "
        "English}?",
    ],
    "redirect_prompt_injection": [
        "{I'm not able to|I can't|I won't be able to} <injection_refused>, {but|though} "
        "{I'm happy to|I can still|I'd be glad to} help with your <case_noun>. $content",
        "{That's not something I can do|I can't act on that}. {Let's get back to your "
        "<case_noun>.|Shall we get back to your <case_noun>?} $content",
    ],
    # A second issue raised beside the case: support says where it goes, not nothing.
    "other_issue": [
        "{As for|About} {the other {issue|thing} you mentioned|your other {point|issue}}, "
        "{that needs its own case|that's a separate matter}, so please {start a new chat|get "
        "in touch separately} about it {once we're done here|afterwards|after this}{.|!}",
        "{For|Regarding} {the other {issue|thing} you mentioned|your second {point|issue}}, "
        "could you {open|start} a {separate|new} chat {so it gets its own case|so the right "
        "team can pick it up}?",
    ],
    # The same question again, its one answer said just before (reading s16: the same body
    # behind "To recap:"): said to be the same, with an offer to explain a part of it.
    "answer_same": [
        "{My answer is still the one just above|The answer is the same as in my last message}. "
        "{Is there a part of it I can explain better|Which part of it is unclear}?",
        "{That hasn't changed since my last message|It's still what I said just above}. "
        "{Would it help if I went through any part of it|Is anything in it unclear}?",
    ],
    # A question the decision does not answer: said plainly, not the decision again.
    "answer_unknown": [
        "{I'm afraid|Sorry,} I don't have {any more detail|anything more} on that {than what "
        "I've told you|beyond what I've said} here. <opt_more>",
        "{I'm afraid|Unfortunately,} I can't tell you more about that from here. <opt_more>",
    ],
    # A question about what is left to do, after the request was carried out.
    "answer_nothing_needed": [
        "{No, there's nothing else you need to do|Nothing else is needed from you|You don't "
        "need to do anything else}{ - it's all taken care of|}{.|!} <opt_more>",
    ],
    # "What does that mean for me?" once the request is done and nothing is asked of them.
    "answer_nothing_left": [
        "{That's everything on our side|It's all taken care of|It means it's all done} - {you "
        "don't need to do anything else|there's nothing more you need to do}. <opt_more>",
    ],
    # What an injected instruction asked for (agents.phrasing.support_voice tags it).
    "injection_refused": ["{do that|act on that|follow instructions like that}"],
    "injection_refused@reveal": ["{share internal instructions|show you how I'm set up}"],
    "injection_refused@bypass": ["{skip our checks|make exceptions to our process}"],
    "redirect_off_topic": [
        "{Ha|Haha|Good one}, but {let's|I should} "
        "{get back to|focus on|stick to} your <case_noun>{.|!} $content",
        "{I'll have to pass on that one|That's a bit outside what I can help with}, "
        "{but|though} {let's|we can} {sort out|continue with} your <case_noun>{.|!} "
        "$content",
    ],
}
