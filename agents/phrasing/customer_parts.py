"""The customer bank's shared parts (agents.phrasing.customer builds its act rules from
them): greetings, pleas, acknowledgements, the leads that present details or a question.
Parts named `opt_*` are the ones a terse persona drops."""

from __future__ import annotations

PARTS: dict[str, list[str]] = {
    # ---- shared parts -------------------------------------------------------------------
    "opt_hello": [
        "{hi|hello|hey|hi there|hey there|hello there|good morning|good afternoon|morning|"
        "evening|hiya|greetings|yo|hey folks|hello support|hi team|hey guys|hi all|howdy|"
        "heya|dear support|hello again|hi again|good evening|hey hey|sup}{,|!|.| -|...|!!}",
        "",
    ],
    # Someone angry does not call their problem "a small thing" or "a silly question".
    "opt_plea@angry": [
        "{I need {this|my problem} {sorted|fixed|dealt with}{ today| now|}|{I've got|I have} "
        "a {problem|big problem|complaint|serious problem} here|there's a {problem|big "
        "problem|serious problem} here|{someone needs|you need} to fix this}{.|!|:}",
        "",
    ],
    "opt_plea@frustrated": [
        "{I need {some|} help{ with this|}|{I've got|I have} a {problem|situation|complaint} "
        "{here|}|there's a problem{ here|}|{can|could} {you|someone} {please|} {help|sort "
        "this out}}{.|!|:| -}",
        "",
    ],
    # An opening that reports nothing gone wrong has no problem or complaint to announce.
    "opt_plea@routine": [
        "{I {hope|was hoping|am hoping} {you|someone} {can|could} help{ me|}{ out|}|"
        "{can|could} you help me {out|} {here|with something|}|"
        "I {need|would like|'d love} {some|a little|} {help|advice} {with something|here|}|"
        "{quick|simple|small} {question|request|one}{ for you| here|}|"
        "{not sure if this is the right place, but|not sure who to ask, so|first time doing "
        "this, so} here goes|I'm {hoping|looking} to {sort something out|get an answer}}"
        "{.|!|:| -|...}",
        "",
        "",
    ],
    "opt_plea": [
        "{I {hope|wonder if|was hoping|really hope|am hoping} {you|someone|you guys|somebody} "
        "{can|could|will be able to} help{ me| us|}{ out|}|"
        "{can|could|would} you {help|assist} me {out|} {here|with something|real quick|for a "
        "sec|}|I {need|could use|would like|'d love} {some|a little|a bit of|} {help|support|"
        "assistance|advice} {with something|here|please|on this|}|"
        "{need|looking for|after} {some|} {help|advice|assistance}|"
        "{I've got|I have|got} a {problem|question|situation|weird one|tricky one|small issue|"
        "big problem} {here|for you|I hope you can solve|}|"
        "{not sure if this is the right place, but|not sure who to ask, so|first time doing "
        "this, so} {here goes|here it is}|"
        "{quick|small|weird|silly|urgent|simple} {question|issue|one|request|thing}"
        "{ for you| here|}|I'm {hoping|trying|looking} to {sort something out|get something "
        "fixed|get an answer|figure something out|get help with something}}{.|!|:| -|...}",
        "",
        "",
    ],
    "opt_tail_open": [
        "{Can|Could|Would} you {look into it|take a look|check|sort this out|fix it|check what "
        "happened}{ please| for me| asap| today|}?",
        "{Can|Could|Would} you {help|do something|help me out|tell me what to do}{ please| "
        "asap| today|}?",
        "What {can|should|do} I do{ now| about it| next|}?",
        "What are my options{ here| now|}?",
        "{Any|Got any} {ideas|suggestions|advice|help}{ on this|}?",
        "{Please|Pls|Kindly} {help|advise|let me know what to do|get back to me|sort it}{.|!|}",
        "Is {there anything|that something} you can {fix|help with|do}?",
        "{Not sure|No idea|Unsure} {what to do|what the next step is|what happens now|where "
        "to go from here}{.|...}",
        "{Thanks{ in advance| a lot|}|Thank you{ in advance|}|Thx|Cheers|Ty}{.|!|}",
        "{How do I {fix|deal with|handle} {this|that|it}|How do I sort {this|that|it} out}{ now|}?",
        "{Who do I talk to|Who should I talk to} about {this|that|it}{ now|}?",
        "Where do I go {with this|from here}{ now|}?",
        "{I'd|I would} {like|love|appreciate} {an answer|some help|a solution}{ please|}{.|!}",
        "",
        "",
        "",
    ],
    # After a routine request: nothing to fix, nothing happened to check.
    "opt_tail_open@routine": [
        "{Can|Could|Would} you {help|take a look|help me out|tell me what to do|tell me how "
        "it works}{ please|}?",
        "What {should|do} I do{ next|}?",
        "What are my options{ here|}?",
        "{Any|Got any} {ideas|suggestions|advice}?",
        "{Please|Pls|Kindly} {help|advise|let me know what to do|get back to me}{.|!|}",
        "{Not sure|No idea|Unsure} {what the next step is|how this works|where to start}{.|...}",
        "{Thanks{ in advance| a lot|}|Thank you{ in advance|}|Thx|Cheers|Ty}{.|!|}",
        "{Who do I talk to|Who should I talk to} about {this|that}?",
        "{I'd|I would} {like|love|appreciate} {an answer|some help}{ please|}{.|!}",
        "",
        "",
        "",
    ],
    "opt_ack": [
        "{ok|okay|sure|alright|right|yes|yeah|yep|fine|no problem|of course|got it|"
        "one sec|hang on|let me check|let me see|sure thing|ok ok|yup|okey|ah ok|"
        "oh right|right right|gotcha|oh sure|ok one moment|wait}{,|.|!| -|...}",
        "{um|hmm|oh|ah|mhm|uh|ok so|well}{,| -|...}",
        "",
        "",
    ],
    "opt_ack@answer": [
        "{ok|okay|thanks|got it|right|alright|I see|ah ok|ok thanks|fair enough|good to know}"
        "{,|.|!| -}",
        "",
    ],
    # After a refusal: no "Sure thing..." before the question it raises.
    "opt_ack@refuse": ["{ok|hmm|right|wait|I see|oh|hang on}{,|.| -|...}", ""],
    "opt_ack@verify_failed": [
        "{oh|hmm|sorry|oops|that's what I have|hang on|ah|ugh|wait}{,|.|!| -|...}",
        "",
    ],
    # Leads that present details; those read off something ("Found it", "Just checked")
    # not before what the customer knows by heart (their role, name or reason).
    "present_lead": [
        "{Here you go|There you go|Here it is|Here|Sure thing|Yes of course|No problem|"
        "Okay here|Found it|Got it here|Let me look... ok|Just checked|Right here|Ok so|"
        "Sure, one sec|Here's what I have}",
    ],
    "present_lead@self": ["{Sure thing|Yes of course|No problem|Ok so|Sure|Right}"],
    # Facts known by heart: no hedge citing a document ("from the confirmation").
    "opt_soft@self": [""],
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
    # Facts known by heart: nothing that presents them as read off a screen.
    "opt_after_info@self": [
        "{Does that help|Is that enough|Is that what you need|Anything else you need|Does "
        "that work|Need anything else}?",
        "{Hope that helps|Let me know if you need more|That should be it}{.|!}",
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
}
