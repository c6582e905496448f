"""Customer phrase banks, continued (agents.phrasing.customer): pushing back, thanking and
giving up, each fitted to what support just did (`rule@act` variants: a push-back against
being asked for details is not a push-back against a refusal).
"""

from __future__ import annotations

MORE_RULES: dict[str, list[str]] = {
    # The answer to support asking for the go-ahead (a rule's `confirm`): a plain yes, or a
    # plain no that leaves things as they are.
    "accept@confirm": [
        "{Yes|Yes, please|Yeah|Yep|Sure|OK|Okay|Alright}{,| -|.} {go ahead|please go ahead|"
        "you can go ahead|please do|that's fine with me|I'm OK with that|do it}{.|!|}",
        "{Go ahead|Please go ahead|Yes, go ahead|Yes, please do|That's fine, go ahead}{.|!|}",
    ],
    # Asked for the go-ahead on a detail read back wrong: no, and the right value.
    "inform@confirm": [
        "{No|Hmm, no|Wait, no|No, sorry}{,|.| -} {that's not it|that's not right|not quite}{.|:|,}"
        " $facts{.|}",
        "{Hold on|Wait}{,|.} {that's not what I said|that's wrong}{.|:} $facts{.|}",
    ],
    "ask_bare@confirm": [
        "{Hmm|Wait|Oh}{,|.} {is there no way around that|is that really necessary|what does "
        "that mean for me|why is that}?",
    ],
    "push_back@confirm": [
        "{No|Hmm, no|Actually, no|No, thanks}{,|.} {please don't go ahead|leave it as it is "
        "then|I'd rather not|let's leave it|I'll leave it for now}{.|!|}",
        "{Hmm|Oh|Ah}{,|.} {in that case|then} {I'd rather not|please leave it as it is|"
        "please don't go ahead}{.|!|}",
    ],
    "push_back": [
        "{{that's|this is} {not|hardly} {fair|right|ok|acceptable|what I was told|good enough|"
        "how it should work}|{come on|seriously|really|are you sure|wait what|hold on|hang "
        "on|no way|ugh|hmm|what|excuse me|you're kidding}{?|!|.|...}|I don't {think that's "
        "right|accept that|agree with that}|{that|this} makes no sense|I {don't|can't} "
        "{understand|see} why|that can't be right|I'm not buying that}"
        "{.|!|,|...| -} <push_reason>",
        "<push_reason> <push_end>",
        "{no|nope|sorry, no|um, no|no no|absolutely not}{,|.| -} $content",
        "{But|Well|Look|Listen|Honestly|Sorry but|With respect}{,|} $content_lc{.|!} <push_end>",
    ],
    "push_reason": [
        "$content",
        "{is there really nothing|is there nothing} {you|anyone|your team} can do{?|...}",
        "{surely there's something|there must be something} {you|someone|your team} can do{!|.}",
        # (not "I tried already": nothing was suggested to try)
        "I {paid for this|waited long enough|did everything {properly|right}|did nothing "
        "wrong}{.|!}",
        "{can't|couldn't|won't} you {make an exception|check again|ask someone|look again|"
        "ask your manager}{?|}",
        # ("always" with "long-time" says the length twice)
        "{I've been a {loyal|long-time|good|regular}|I've always been a {loyal|good}} "
        "customer{.|!}",
        "{this|that} {isn't|is not|wasn't} {what I was told|what the website says|my fault|"
        "what I agreed to|how it worked last time}{.|!}",
        "{{other companies|your competitors} would|everyone else would} {sort this|fix this} "
        "{no questions asked|straight away|easily}{.|!}",
        "{other companies|your competitors} {sort|fix} this {no questions asked|straight "
        "away|easily}{.|!}",
    ],
    # Pushing back against being asked for details (an impatient or sarcastic customer):
    # nothing was refused or claimed yet, so "that can't be right" has nothing to deny.
    "push_back@request_info": [
        "{{Why|Why exactly} do you need {that|all that|this}|Do I really have to {go through "
        "this|give you all that}|{Come on|Seriously|Really}, more questions|Is all this "
        "really necessary}{?|??} <push_reason>",
        "<push_reason> <push_end>",
        "{Ugh|Sigh|Come on|Seriously}{,|.|...} <push_reason>",
    ],
    "push_reason@request_info": [
        "{I just want this {sorted|fixed|dealt with}|this is taking {forever|too long|ages}|"
        "I've {already|} {told you|explained} what happened|I don't have time for this}{.|!}",
        "{can't|couldn't} you {just|} {look it up|find it} {without that|yourself}?",
    ],
    "push_end@request_info": [
        "{Can we {hurry this up|speed this up|get on with it}|Is this really necessary}?",
        "",
    ],
    # Against an answer: it did not help, nothing was refused.
    "push_back@answer": [
        "{{That doesn't {really|} {help|answer my question|solve anything}|That's not what I "
        "asked}{.|!|...}|{So that's it|Seriously|Really}{?|...}} <push_reason>",
        "<push_reason> <push_end>",
    ],
    "push_reason@answer": [
        "I {need|want} {a real|a proper|an actual} {answer|fix|solution}{.|!}",
        "{is there really nothing|surely there's something} {else|} you can do{?|!}",
        "{can't|couldn't} you {check again|ask someone|do something else}?",
        "{this|that} {isn't|is not} what I was told{.|!}",
    ],
    # After it was done: a sarcastic remark on how long it took, not a denial.
    "push_back@resolve": [
        "{Took long enough|About time|Finally|That took ages}{.|!} {Next time{,|} {be "
        "quicker|get it right the first time}|I {shouldn't|should not} have had to {chase "
        "this|ask twice}}{.|!}",
    ],
    "push_end": [
        "{Please|Can you please|Could you} {check again|reconsider|look again|try again|"
        "ask someone}{.|?}",
        "{I'm|I am} not {happy|ok|satisfied|thrilled} with {that|this}{.|!}",
        "What else {can you do|is there|do you suggest}?",
        "{That's|This is} {ridiculous|frustrating|disappointing|not great|poor|a joke}{.|!}",
        "",
        "",
    ],
    "thank": [
        "<reaction> <thanks>{.|!|!!} <remark>{.|!} <signoff>",
        "<thanks>{.|!|,} <remark>{.|!|}",
        "<reaction> <thanks>{.|!|}",
        "<thanks>{!|.} <signoff>",
        "<remark>{.|!}<thanks_tail>",
        "<reaction> <remark>{.|!} <thanks>{.|!|}",
        "$content <thanks>{!|.|}",
    ],
    "thanks_tail": [" {Thanks|Thank you|Cheers|Ty|Thx}{!|.|}", ""],
    "reaction": [
        "{great|perfect|brilliant|awesome|wonderful|excellent|lovely|fantastic|super|nice|"
        "amazing|oh good|phew|that's a relief|good to know|nice one|sweet|ok cool|fab|"
        "ok great|alright|right|ah perfect|oh nice|yay|cool cool|splendid|oh thank god|"
        "finally|good stuff|marvellous|ah ok|ok perfect|great stuff|sorted}{,|!|.|...| -}",
    ],
    "thanks": [
        "{much appreciated|appreciate it|really appreciate it|much obliged|bless you|"
        "thank you kindly}",
        "{many thanks|cheers|big thanks|tysm|ta}{ again| for everything| for {the|your|all "
        "your} help| for your time| for sorting {it|that|this} {out|}||}",
        "{thanks|thx} a lot",
        "{thanks|thank you|thx|ty|thank u}"
        "{ so much| very much| again| for everything| for {the|your|all your} help| "
        "for sorting {it|that|this} {out|}| for being {so patient|quick|so helpful|clear}| "
        "for explaining| for your time| for the quick {fix|reply|answer}| for bearing with "
        "me|||}",
    ],
    # Thanking after a refusal (or an answer that says no): resigned, no relief or praise.
    "thank@refuse": [
        "{Ok|Alright|I see|Fair enough|Oh well}{,|.} {thanks|thank you} {for explaining|anyway|"
        "for checking|for your time}{.|!|}",
        "{Ok|I understand|Right}{.|,} {That's all then|I'll leave it there}{, thanks|}.",
    ],
    # After a refusal nothing was sorted: thanks for the explanation, or anyway.
    "thanks@refuse": [
        "{thanks|thank you|thx|ty|cheers}{ for explaining| for checking| anyway| for your time|}",
    ],
    # After support steered back from an aside (the case is done): thanks for the help, no
    # "Perfect!" or "that helped massively" about the steer.
    "thank@redirect": [
        "{Ok|Fair enough|Right|No worries|Alright}{,|.} {thanks|thank you|cheers} for {the|"
        "your} help{!|.} <signoff>",
        "{Ha, ok|Fair enough|Ok then}{.|!} {That's all from me|That's everything|I'm all set}"
        "{, thanks|}{.|!}",
    ],
    # After an answer nothing was fixed or sorted: the thanks is for the information.
    "thanks@answer": [
        "{much appreciated|appreciate it|really appreciate it|thank you kindly}",
        "{thanks|thank you|thx|ty|cheers}{ so much| again| for explaining| for the "
        "{info|answer|quick answer}| for your time||}",
        "{thanks|thx} a lot",
    ],
    "remark@answer": [
        "{that {helps|helped} {a lot|loads|}|{that|this} {clears it up|makes sense now|answers "
        "my question}|good to know|I'll keep that in mind|that's {all|everything} "
        "I needed{ to know|}|{you've been|you were} {{very|really|super|so|} {helpful|"
        "clear|patient}|a star}}",
    ],
    # After an answer that says what to do, the customer may say they will.
    "remark@advice": [
        "{that {helps|helped} {a lot|loads|}|{that|this} {clears it up|makes sense now|answers "
        "my question}|good to know|I'll {keep that in mind|do that}|that's {all|everything} "
        "I needed{ to know|}|{you've been|you were} {{very|really|super|so|} {helpful|"
        "clear|patient}|a star}}",
    ],
    # (not "that answers my question", which is for an answer: see remark@answer)
    "remark": [
        "{that's {all|everything} {I needed|for now|from me|for today}|{you've been|you were} "
        "{{very|really|super|so|} {helpful|kind|patient|great|quick}|a star|a lifesaver}|"
        "{that|this} {helps|helped} {a lot|loads|massively|}|{all|} sorted then|"
        "{glad|happy|relieved} {that's|it's} {sorted|done|fixed|dealt with|taken care of}|"
        "{you|that} made my day|{problem|issue} solved|saved me a {headache|trip|phone call}|"
        "I was dreading this|{that|this} was {painless|easier than I thought|"
        "quicker than expected}|I knew you'd {sort it|fix it|help}|"
        "I'll {keep an eye out|watch for the email|check {tomorrow|later|my inbox}}|"
        "{I can|finally I can} {relax|stop worrying|sleep tonight} now|"
        "I'll {recommend you|leave a good review|tell my friends}|"
        "{good|great} service{ as always|}|{really|} {quick|smooth|easy} {chat|fix}}",
    ],
    "signoff": [
        "{bye|take care|have a good one|have a {nice|good|great|lovely} {day|evening|"
        "weekend|afternoon}|all the best|talk soon|ttyl|good night|see you|"
        "bye bye|goodbye|later|over and out|catch you later|peace}{!|.|}",
        "",
    ],
    "give_up": [
        "<quit>{.|!|,|...} <quit_why>{.|!|}",
        "<quit>{.|!|...}",
        "<quit_why>{.|!|,} <quit>{.|!|}",
        "<quit_why>{.|!|} <quit_next>{.|!|}",
        "<quit>{.|!|,|...} <quit_next>{.|!|} <quit_bye>{.|!|}",
        "{ok|fine|alright|right}{,|.} {I guess {there's nothing else|that's it} then|"
        "I'll {try again later|leave it}|{not what I hoped|disappointing} but whatever}{.|}",
        "$content <quit>{.|!}",
    ],
    "quit": [
        "{forget it|never mind|nevermind|whatever|forget about it|don't bother|fine, forget "
        "it|you know what, forget it|enough|I give up|I'm done|I'm out|that's it|I've had "
        "enough|no thanks|let's stop here|stop|I'll pass|ok whatever|drop it|save it|"
        "not worth it|oh forget it|ugh, never mind|screw it|meh}",
    ],
    "quit_why": [
        "{I don't have time for this|this is going nowhere|I've had enough|this is hopeless|"
        "we're getting nowhere|this is a waste of my time|this is pointless|you're not "
        "listening|we're going round in circles|I've been at this for ages|you clearly can't "
        "help|it's not worth the hassle|I'm too tired for this|my lunch break is over|I have "
        "to go|this is taking forever|nothing is getting fixed|I'll lose my mind}",
    ],
    "quit_next": [
        "I'll {go elsewhere|figure it out myself|try another way|call instead|take my business "
        "elsewhere|deal with it myself|dispute it with my bank|ask in the store|write an "
        "email instead|try again tomorrow|post about it online|cancel my account|ask my "
        "{son|daughter|friend} to sort it|just eat the cost}",
    ],
    "quit_bye": ["{bye|goodbye|later|good day|whatever|thanks for nothing|see ya}", ""],
}
