"""Customer phrase banks, one rule per act plus the shared parts they are built from.

Slots: `$content` (scenario text as a sentence), `$content_lc` (the same, lower-cased start and
no final stop, for embedding mid-sentence), `$facts` (values framed by agents.phrasing.facts),
`$fix` (a correction). Parts named `opt_*` are the ones a terse persona drops.
"""

from __future__ import annotations

from agents.phrasing.grammar import Bank

RULES: dict[str, list[str]] = {
    # ---- shared parts -------------------------------------------------------------------
    "opt_hello": [
        "{hi|hello|hey|hi there|hey there|hello there|good morning|good afternoon|morning|"
        "evening|hiya|greetings|yo|hey folks|hello support|hi team|hey guys|hi all|howdy|"
        "heya|dear support|hello again|hi again|good evening|hey hey|sup}{,|!|.| -|...|!!}",
        "",
    ],
    # Someone angry does not call their problem "a small thing" or "a silly question".
    "opt_plea@angry": [
        "{I need {this|my problem} {sorted|fixed|dealt with}{ today| now|}|{got|have|there's} "
        "a {problem|big problem|complaint|serious problem} here|{someone|you} need{s|} to "
        "fix this}{.|!|:}",
        "",
    ],
    "opt_plea@frustrated": [
        "{I need {some|} help{ with this|}|{got|have|there's} a {problem|situation|complaint} "
        "{here|}|{can|could} {you|someone} {please|} {help|sort this out}}{.|!|:| -}",
        "",
    ],
    "opt_plea": [
        "{I {hope|wonder if|was hoping|really hope|am hoping} {you|someone|you guys|somebody} "
        "{can|could|will be able to} help{ me| us|}{ out|}|"
        "{can|could|would} you {help|assist} me {out|} {here|with something|real quick|for a "
        "sec|}|I {need|could use|would like|'d love} {some|a little|a bit of|} {help|support|"
        "assistance|advice} {with something|here|please|on this|}|"
        "{need|looking for|after} {some|} {help|advice|assistance}|"
        "{got|have|there's} a {problem|question|situation|weird one|tricky one|small issue|"
        "big problem} {here|for you|I hope you can solve|}|"
        "{not sure if this is the right place, but|not sure who to ask, so|first time doing "
        "this, so|hopefully this is quick:} {here goes|here it is|}|"
        "{quick|small|weird|silly|urgent|simple} {question|issue|one|request|thing}"
        "{ for you| here|}|I'm {hoping|trying|looking} to {sort something out|get something "
        "fixed|get an answer|figure something out|get help with something}}{.|!|:| -|...}",
        "",
        "",
    ],
    "opt_tail_open": [
        "{Can|Could|Would} you {help|look into it|take a look|check|do something|sort this "
        "out|fix it|help me out|tell me what to do|check what happened}{ please| for me| "
        "asap| today|}?",
        "What {can|should|do} I do{ now| about it| next|}?",
        "What are my options{ here| now|}?",
        "{Any|Got any} {ideas|suggestions|advice|help}{ on this|}?",
        "{Please|Pls|Kindly} {help|advise|let me know what to do|get back to me|sort it}{.|!|}",
        "Is {there anything|that something} you can {fix|help with|do}?",
        "{Not sure|No idea|Unsure} {what to do|what the next step is|what happens now|where "
        "to go from here}{.|...}",
        "{Thanks|Thank you|Thx|Cheers|Ty}{ in advance| a lot|!|}",
        "{How do I {fix|deal with|handle} {this|that|it}|How do I sort {this|that|it} out}{ now|}?",
        "{Who do I talk to|Who should I talk to|Where do I go} about {this|that|it}{ now|}?",
        "{I'd|I would} {like|love|appreciate} {an answer|some help|a solution}{ please|}{.|!}",
        "",
        "",
        "",
    ],
    "opt_ack": [
        "{ok|okay|sure|alright|right|yes|yeah|yep|fine|no problem|of course|got it|"
        "one sec|hang on|let me check|let me see|um|hmm|oh|ah|sure thing|ok ok|yup|okey|ah ok|"
        "oh right|right right|gotcha|mhm|uh|oh sure|fair|ok so|well|ok one moment|wait}"
        "{,|.|!| -|...}",
        "",
        "",
    ],
    "opt_ack@answer": [
        "{ok|okay|thanks|got it|right|alright|I see|ah ok|ok thanks|fair enough|good to know}"
        "{,|.|!| -}",
        "",
    ],
    "opt_ack@verify_failed": [
        "{oh|hmm|sorry|oops|let me check|hang on|ah|ugh|wait}{,|.|!| -|...}",
        "",
    ],
    "opt_soft": [
        "{I think|I believe|pretty sure|if I remember right|I'm fairly sure|as far as I know|"
        "if I'm not mistaken|looks like|from what I can see|I guess|should be right|if I "
        "read it correctly|according to my email|on my receipt|from the confirmation}{,|}",
        "",
        "",
        "",
    ],
    "opt_after_info": [
        "{Does that help|Is that enough|Is that what you need|Anything else you need|"
        "Can you find it now|Can you see it|Does that work|Is that correct|Need anything "
        "else|Can you pull it up|Is that the one}?",
        "{Hope that's right|Let me know if you need more|That should be it|That's what it "
        "says here|Double checked}{.|!}",
        "",
        "",
        "",
    ],
    "opt_q_lead": [
        "{Also|And|Oh and|Quick question|One more thing|Just wondering|By the way|Another thing|"
        "Wait|So|Btw|Question|Hmm|Sorry,|Actually|Ok but|Right, and|Hang on|Hmm, also|Um|"
        "Out of curiosity|Follow-up question|Random thought|Just to check|Before I forget|"
        "Sorry, one more|Okay and}{,|:| -|...}",
        "",
        "",
    ],
    # ---- acts ---------------------------------------------------------------------------
    "open": [
        "<opt_hello> <opt_plea> $content <opt_tail_open>",
        "<opt_hello> $content <opt_tail_open>",
        "<opt_hello> {so|ok so|basically|long story short|here's the thing|the thing is|"
        "so here's my issue|my problem is|um so|well|right so|so yeah|ok|so basically|"
        "quick one|so um}{,|:| -|} $gist. <opt_tail_open>",
        "$content <opt_tail_open>",
        "<opt_hello> {I'm|I am} {writing|messaging|reaching out|contacting you|getting in "
        "touch|here|in touch|on here|chatting}{ today| again|} {because|since|as|cause} "
        "$clause. <opt_tail_open>",
        "<opt_hello> {I've got|I have|there's|got} {a problem|an issue|a question|something|"
        "a complaint|a situation|a query} {- |: |. |... }$content <opt_tail_open>",
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
    "inform": [
        "<opt_ack> <opt_soft> $facts{.|!||} <opt_after_info>",
        "<opt_ack> $facts{.|}",
        "$facts",
        "{Here you go|There you go|Here it is|Here|Sure thing|Yes of course|No problem|"
        "Okay here|Found it|Got it here|Let me look... ok|Just checked|Right here|Ok so|"
        "Sure, one sec|Here's what I have}{:|,|.| -} $facts{.|}",
        "<opt_ack> {sure|yes|yeah|ok|yep|of course|absolutely|no worries}{,| -} $facts{.|!|}",
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
        "I'd like to know|Mind telling me|Any idea|Can you confirm|Just wondering|Tell me|"
        "Do you happen to know}{,|:| -} $question?",
        "<opt_ack> $content",
    ],
    "ask_tail": [
        "{Thanks|Just curious|I'd like to know|I need to know|Just checking|Just want to be "
        "sure|Would be good to know|Trying to plan ahead|It matters to me}",
    ],
    "ask_tail@angry": ["{I need to know|I want an answer|Answer me this time}"],
    "ask_tail@frustrated": ["{I need to know|I'd like a straight answer|It matters to me}"],
    "ask_again": [
        "{what about my question|can you answer my question|so what's the answer|could you "
        "explain that part}{?|...}",
        "{you didn't really answer that|I'm still not clear on that}{.|...}",
    ],
    "ask_bare": [
        "<opt_q_lead> {what happens now|how long will that take|what are the next steps|"
        "how does that work|is there anything else I need to do|when will I hear back|"
        "can you explain that again|what does that mean for me|is that normal|how do I "
        "know it worked|will I get an email|do I need to do anything|when does that kick "
        "in|what's the catch|how much will it cost|can I track it|is that definite}?",
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
    "go_on@refuse": [
        "{I'll {live with it|think about it|keep the booking|leave it then}|not what I "
        "hoped{ for|}|that's {disappointing|a shame|a pity}|{thanks|thank you} for "
        "{explaining|checking}}",
    ],
    "agree@answer": [
        "{ok|okay|got it|right|alright|I see|good to know|that makes sense|fair enough|"
        "understood|ah ok|ok great|thanks|perfect}",
    ],
    "go_on@answer": [
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
    "push_back": [
        "{{that's|this is} {not|hardly} {fair|right|ok|acceptable|what I was told|good enough|"
        "how it should work}|{come on|seriously|really|are you sure|wait what|hold on|hang "
        "on|no way|ugh|hmm|what|excuse me|you're kidding}{?|!|.|...}|I don't {think|accept|"
        "agree} {that's right|that|with that}|{that|this} makes no sense|I {don't|can't} "
        "{understand|see} why|that can't be right|I'm not buying that}"
        "{.|!|,|...| -} <push_reason>",
        "<push_reason> <push_end>",
        "{no|nope|sorry, no|um, no|no no|absolutely not}{,|.| -} $content",
        "{But|Well|Look|Listen|Honestly|Sorry but|With respect}{,|} $content_lc{.|!} <push_end>",
    ],
    "push_reason": [
        "$content",
        "{is there really nothing|is there nothing|surely there's something|there must be "
        "something} {you|anyone|your team} can do{?|!|.}",
        "I {paid|waited|tried|did everything|followed the steps} {for this|already|long "
        "enough|properly|like you said}{.|!}",
        "{can't|couldn't|won't} you {make an exception|check again|ask someone|look again|"
        "ask your manager}{?|}",
        "{I've been|I've always been} a {loyal|long-time|good|regular} customer{.|!}",
        "{this|that} {isn't|is not|wasn't} {what I was told|what the website says|my fault|"
        "what I agreed to|how it worked last time}{.|!}",
        "{{other companies|your competitors} {would|do}|everyone else {would|does}} {sort "
        "this|fix this|refund this} {no questions asked|straight away|easily}{.|!}",
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
    "request_escalation": [
        "{Can|Could|May} I {speak|talk|chat} {to|with} {a|your} {manager|supervisor|someone "
        "senior|team lead|human|real person|someone else|boss}{ please| instead|}?",
        "{I'd like to|I'd prefer to|I'd rather} {speak|talk|chat} {to|with} {a|your} "
        "{manager|supervisor|someone more senior|real person|human being}{ please|}{.|!}",
        "{Please|Just|Can you} {transfer|escalate|put|pass} {me|this} {to|through to|up to|"
        "on to} {a manager|a supervisor|someone who can {actually|} help|the next level|"
        "your boss|a human}{.|!|?|}",
        "{I want|I need|Get me|I'm asking for} {a manager|a supervisor|your boss|a human|"
        "someone in charge}{ please|,|}{ right now| now|}{.|!|}",
        "{This isn't working|We're going in circles|I'm not getting anywhere|This is going "
        "nowhere}{.|,|} {can|could} {I|you} {escalate this|get someone else|find someone "
        "senior}{?|.}",
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
        "{thanks|thank you|thx|ty|many thanks|cheers|big thanks|tysm|thank u|ta}"
        "{ so much| a lot| very much| again| for everything| for {the|your|all your} help| "
        "for sorting {it|that|this} {out|}| for being {so patient|quick|so helpful|clear}| "
        "for explaining| for your time| for the quick {fix|reply|answer}| for bearing with "
        "me|||}",
    ],
    "remark": [
        "{that's {all|everything} {I needed|for now|from me|for today}|{you've been|you were} "
        "{{very|really|super|so|} {helpful|kind|patient|great|quick}|a star|a lifesaver}|"
        "{that|this} {helps|helped} {a lot|loads|massively|}|{all|} sorted then|"
        "{glad|happy|relieved} {that's|it's} {sorted|done|fixed|dealt with|taken care of}|"
        "{you|that} made my day|{problem|issue} solved|saved me a {headache|trip|phone call}|"
        "I was dreading {this|that call}|{that|this} was {painless|easier than I thought|"
        "quicker than expected}|{I knew|I hoped} you'd {sort it|fix it|help}|"
        "I'll {keep an eye out|watch for the email|check {tomorrow|later|my inbox}}|"
        "{I can|finally I can} {relax|stop worrying|sleep tonight} now|"
        "I'll {recommend you|leave a good review|tell my friends}|"
        "{good|great} service{ as always|}|{really|} {quick|smooth|easy} {chat|fix}|"
        "{that|this} {clears it up|makes sense now|answers my question}}",
    ],
    "signoff": [
        "{bye|take care|have a good one|have a {nice|good|great|lovely} {day|evening|"
        "weekend|afternoon}|cheers|all the best|talk soon|ttyl|good night|see you|"
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

BANK = Bank(RULES)
