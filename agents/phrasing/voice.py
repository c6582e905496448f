"""What a persona adds around the core message: tone lead-ins and tails, chatty asides, and
the vocabulary of people who are (or are not) at home with technology.

Overlays are applied with a probability, not on every turn: an angry customer who opens every
line with the same complaint reads as a template, not as a person.
"""

from __future__ import annotations

from agents.phrasing.grammar import Bank

RULES: dict[str, list[str]] = {
    # Well-wishing belongs to the first message; later turns get a lead that fits mid-chat.
    "lead_polite@open": [
        "{Sorry to bother you|I hope you're well|Hope you're having a good day|"
        "Thank you for your time}{.|!}",
        "{Apologies|Sorry} {for the trouble|in advance|if this is a silly question}{,|.}",
    ],
    "lead_polite": [
        "{Sorry to bother you again|Apologies for the trouble}{.|,}",
    ],
    # "One more thing" brings up something new: a question, never a push-back ("SORRY, ONE
    # MORE THING, THAT MAKES NO SENSE", reading s16).
    "lead_polite@ask": [
        "{Sorry to bother you again|Apologies for the trouble|Sorry, one more thing}{.|,}",
    ],
    "lead_polite@push_back": ["{Sorry|Apologies|With respect}{.|,}"],
    # Thanks in advance and "I'd appreciate it" are for what is still asked (an opening, a
    # question); after something was done or said they read as if it had not been.
    "tail_polite": [
        "{Thank you {so much|kindly|very much}|Many thanks|Much appreciated|Kind regards}{.|!}",
    ],
    "tail_polite@ask": [
        "{Thank you {so much|kindly|very much|in advance}|Many thanks|I'd really appreciate "
        "it|Much appreciated|Kind regards}{.|!}",
    ],
    "lead_friendly@open": [
        "{Hope your day's going well|Hope you're doing great|Happy {Monday|Friday|weekend}|"
        "Good to reach someone}{!|.}",
    ],
    "lead_friendly": ["{Ok|Right|So|Alright}{,|.}"],
    "tail_friendly": [
        "{You guys are the best|Thanks a bunch|Appreciate you|No rush{ at all|}|"
        "Have a great one|Thanks heaps|Cheers}{!|.}",
    ],
    # Nothing here presumes a repeat ("Again", "the second time I'm asking"): a lead is drawn
    # for any turn, the first request for a detail included.
    "lead_frustrated": [
        "{Honestly|Look|Seriously|Ugh|Ok look|Listen}{,|.|!|...}",
        "{I just want this sorted|I've waited long enough|I need this fixed}{.|!|,}",
    ],
    # After a refusal, anger is at the refusal, in any situation.
    "lead_angry@refuse": [
        "{This is unacceptable|Absolutely ridiculous|Unbelievable|What a joke}{!|!!|.}",
        "Are you kidding me{?!|?|!}",
    ],
    "tail_angry@refuse": [
        "{I expect better|I'll be leaving a review|This isn't good enough|Unbelievable}{!|.}"
    ],
    "tail_frustrated@refuse": [
        "{This is getting ridiculous|Not impressed|Really not happy|That's not good enough}{.|!}"
    ],
    # After support did what was asked, a rant ("Worst service ever!") contradicts the turn.
    "tail_angry@resolve": ["{About time|Took long enough|Let's hope that's the end of it}{.|!}"],
    "tail_frustrated@resolve": ["{Finally|About time|Took long enough}{.|!}"],
    # After support has done something good, a tone lead that rages reads as a non sequitur.
    "lead_angry@resolve": ["{Fine|Ok|Right}{.|,}"],
    "lead_frustrated@resolve": ["{Fine|Ok|Right|Finally}{.|,}"],
    "lead_angry@answer": ["{Right|Ok|Fine}{.|,}"],
    # Support waited or checked in: nothing happened to be angry about just then.
    "lead_angry@check_in": ["{Right|Ok|Here}{.|,}"],
    "lead_frustrated@check_in": ["{Right|Ok|Sorry}{.|,}"],
    "tail_polite@open": [
        "{Thank you {so much|kindly|very much|in advance}|Many thanks|I'd really appreciate "
        "it|Much appreciated|Kind regards}{.|!}",
    ],
    # A thank-you is the tail itself: "Goodbye. I'd really appreciate it." thanks twice.
    "tail_polite@thank": [""],
    # Cheer after a push-back or a demand for a manager contradicts it.
    "tail_friendly@push_back": [""],
    "tail_friendly@request_escalation": [""],
    "tail_friendly@give_up": [""],
    "tail_polite@request_escalation": [""],
    "tail_friendly@thank": [""],
    # Accepting what support did: no "No rush", which waits for something still to come.
    "tail_friendly@accept": [
        "{You guys are the best|Thanks a bunch|Appreciate you|Thanks heaps|Cheers}{!|.}"
    ],
    "tail_neutral@thank": [""],
    # Giving details: what is appreciated is the help, said as thanks, not "I'd appreciate it".
    "tail_polite@inform": ["{Thank you|Thanks|Hope that helps}{.|!}"],
    "tail_friendly@inform": ["{Thanks|Cheers|Thanks a bunch}{!|.}"],
    # Asked for a detail: anger at the wait, not outrage at something that did not happen.
    "lead_angry@request_info": [
        "{This is taking forever|Fine|How many more questions|Can we get on with it}{.|!}",
    ],
    # Nothing has gone wrong in the chat yet: anger at the problem, not at the service.
    "tail_angry@open": ["{Fix it|Sort it out|I want this fixed {today|now|immediately}}{!|!!|.}"],
    "lead_angry@open": [
        "{This is unacceptable|Absolutely ridiculous|I'm furious|This is a disgrace}{!|!!|.}",
    ],
    "lead_frustrated@open": ["{Honestly|Look|Seriously|Ugh|Ok look|Listen}{,|.|!|...}"],
    "tail_frustrated@open": [
        "{This shouldn't be so hard|Really not happy about this|I've had enough of this}{.|!}",
    ],
    # An opening that reports nothing gone wrong (a change, a question, a cancellation): the
    # temper is impatience, not outrage at a failure or a complaint that has no object.
    "lead_angry@routine": [
        "{I don't have all day|Let's make this quick|I need this done today|I haven't got "
        "time for a long chat}{!|.}",
    ],
    "tail_angry@routine": [
        "{I expect this sorted today|And I'd like a straight answer|I don't want a runaround}{!|.}",
    ],
    # Giving a detail: hurry support on, not "Fix it!" after a date of birth.
    "tail_angry@inform": ["{Hurry up|Can we get on with it|Now get on with it}{!|.}"],
    "tail_angry@request_info": ["{Hurry up|Can we get on with it|Now get on with it}{!|.}"],
    "tail_frustrated@routine": [
        "{Can we make this quick|I'd like this done without a runaround|Hoping this is quick}{.|!}",
    ],
    # The issue said in a second message, after support asked what happened: the chat has
    # begun, so no well-wishing; anger is still at the problem, not at the question.
    "lead_polite@late": ["{Sorry, I should have {explained|been clearer}|Apologies}{.|,}"],
    "lead_friendly@late": ["{Oops|Ha, sorry|Oh right}{,|.|!}"],
    "lead_angry@late": ["{This is unacceptable|Absolutely ridiculous|I'm furious}{!|.}"],
    "lead_frustrated@late": ["{Honestly|Look|Ugh|Listen}{,|.|...}"],
    "tail_angry@late": ["{Fix it|Sort it out|I want this fixed {today|now}}{!|.}"],
    "tail_frustrated": [
        "{This is getting ridiculous|I'm losing patience here|Not impressed|Can we hurry this "
        "up|This shouldn't be so hard|I've wasted enough time on this|Really not happy}{.|!}",
    ],
    "lead_angry": [
        "{This is unacceptable|Absolutely ridiculous|Unbelievable|I'm furious|What a joke|"
        "This is a disgrace}{!|!!|.}",
        "Are you kidding me{?!|?|!}",
    ],
    "tail_angry": [
        "{Fix it|Sort it out|I want this fixed {today|now|immediately}|I expect better|"
        "Worst service ever|I'll be leaving a review}{!|!!|.}",
    ],
    "lead_anxious": [
        "{I'm {a bit|really|kind of|quite} {worried|nervous|stressed|anxious} about this|"
        "Sorry, I'm {panicking a bit|kind of panicking}|I hope this isn't a big problem}{,|.|...}",
    ],
    "tail_anxious": [
        "{Will it be ok|Is that going to be a problem|Please tell me it's fixable|Should I "
        "be worried}{?|...}",
        "{I really need this sorted|I hope I didn't mess something up}{.|...}",
    ],
    # Giving details is not the moment to ask whether the question made sense.
    "tail_confused@inform": [
        "{Is that the right one|Is that what you needed|Did I give you the right thing|"
        "I hope that's the right one}{?|...}",
    ],
    "tail_anxious@inform": [
        "{I hope that's right|Please tell me that's the right one|Hope that works}{.|...}",
    ],
    "tail_frustrated@inform": [
        "{Can we hurry this up|Hope that's enough|Can we get on with it}{.|?}",
    ],
    "lead_polite@inform": ["{Of course|Certainly|Sure}{.|,}"],
    "lead_friendly@inform": ["{Sure thing|No problem|Happy to}{!|.}"],
    # After an answer: "No problem!" answers a request or an apology, not information.
    "lead_friendly@answer": ["{Ok|Right|Alright|Good to know}{,|.}"],
    "lead_polite@answer": ["{Thank you|Thanks|I see}{.|,}"],
    # Mid-chat questions: a sign-off ("Have a great one") ends a chat, not a question.
    "tail_friendly@ask": [
        "{Thanks a bunch|Appreciate you|No rush{ at all|}|Thanks heaps|Cheers}{!|.}"
    ],
    # Giving details: unsure it is the right thing, not lost ("I don't understand. ORD-1").
    "lead_confused@inform": [
        "{I hope I'm doing this right|Not sure this is what you need|I think this is it}{,|.|...}",
    ],
    "lead_confused": [
        "{I'm not sure I'm doing this right|Sorry, I'm confused|I don't really understand|"
        "Not sure how this works|Maybe I'm missing something}{,|.|...| but}",
    ],
    "tail_confused@push_back": ["{Or am I missing something|Did I get that wrong}{?|...}"],
    "tail_confused": [
        "{Does that make sense|Am I explaining this right|Is that the right thing to ask}{?|...}",
        "{Sorry if that's confusing|I hope that makes sense}{.|...}",
    ],
    "lead_neutral": ["{So|Ok|Right|Well|Alright}{,|.}"],
    "tail_neutral": ["{Thanks|Thank you|Let me know}{.|}"],
    # Asides by moment: how the writer came to write belongs to the first message; a
    # push-back has room for loyalty, not for the weather; a laugh is not for anger.
    "aside_chatty@open": [
        "{I've been a customer for {years|ages|a long time|about {two|three|five} years}|"
        "I'm on my {lunch break|phone|way to work|commute} so sorry if this is {short|messy}|"
        "my {sister|partner|neighbour|colleague|friend} said you'd be able to help|"
        "I {already|} {tried|checked|looked at} {the FAQ|your website|the help page} first"
        "{ but no luck|}|"
        "it's been one of those weeks|I {almost|nearly} didn't bother {writing|asking}|"
        "the weather here is awful so I'm stuck inside sorting things out|"
        "I'm not usually one to complain|I've been meaning to {ask|sort this} for a while|"
        "my {dog|cat|kid} {keeps distracting me|is climbing on me} while I type this|"
        "sorry, long message|bear with me}<aside_end>",
    ],
    "aside_chatty@routine": [
        "{I've been a customer for {years|ages|a long time|about {two|three|five} years}|"
        "I'm on my {lunch break|phone|way to work|commute} so sorry if this is {short|messy}|"
        "my {sister|partner|neighbour|colleague|friend} said you'd be able to help|"
        "I {already|} {checked|looked at} {the FAQ|your website|the help page} first"
        "{ but no luck|}|it's been one of those weeks|"
        "my {dog|cat|kid} {keeps distracting me|is climbing on me} while I type this|"
        "sorry, long message|bear with me}<aside_end>",
    ],
    "aside_chatty@push_back": [
        "{I've been a customer for {years|ages|a long time|about {two|three|five} years}|"
        "I'm not usually one to complain|it's been one of those weeks}{.|!|...}",
    ],
    # (not "I've been meaning to ask for a while": mid-chat, the question arose a minute ago)
    "aside_chatty": [
        "{I'm on my {lunch break|phone|way to work|commute} so sorry if this is {short|messy}|"
        "it's been one of those weeks|"
        "my {dog|cat|kid} {keeps distracting me|is climbing on me} while I type this|"
        "bear with me}<aside_end>",
    ],
    "aside_end": ["{.|!|...| haha.| lol.}"],
    "aside_end@angry": ["{.|!|...}"],
    "aside_end@frustrated": ["{.|!|...}"],
    "aside_end@anxious": ["{.|...}"],
    "aside_low_tech": [
        "{I'm not {great|good|very good} with {computers|technology|apps|these things}|"
        "my {grandson|daughter|son|niece} usually does this for me|I don't really understand "
        "{the website|the app|these online things}|I'm not very technical}{.|,|...}",
    ],
    "aside_high_tech@ecommerce": [
        "{I already {checked the tracking page|looked at my order history|went through the "
        "returns page}|{FWIW|fyi|For what it's worth}, I {checked the tracking page|looked at "
        "the order status online}}{.|,}",
    ],
    "aside_high_tech@travel": [
        "{I already {checked the booking in the app|looked at the flight status online|tried "
        "the manage-booking page}|{FWIW|fyi}, the {app|website} {shows nothing useful|won't "
        "let me change the booking}}{.|,}",
    ],
    "aside_high_tech@banking": [
        "{I already {checked the transactions in the app|looked at my statement online}|"
        "{FWIW|fyi}, the {app|online banking} {shows nothing useful|doesn't explain it}}{.|,}",
    ],
    "aside_high_tech@insurance": [
        "{I already {read the policy documents|looked at my policy online}|{FWIW|fyi}, the "
        "{portal|app} {doesn't say|isn't clear about it}}{.|,}",
    ],
    "aside_high_tech@telecom": [
        "{I already {checked my usage in the app|looked at the bill online}|{FWIW|fyi}, the "
        "{app|online account} {shows nothing useful|doesn't explain it}}{.|,}",
    ],
    "aside_high_tech@saas": [
        "{I already {searched the help centre|looked through the settings|checked the "
        "billing page}|{FWIW|fyi|For what it's worth}, the {dashboard|settings page|help "
        "centre} {doesn't explain it|isn't clear about it}}{.|,}",
    ],
    # A request where nothing went wrong (a question before buying, a change): no order to
    # track, nothing in the app to blame.
    "aside_high_tech@routine": [
        "{I already {looked on your website|searched the help pages|read the FAQ}|{FWIW|fyi}, "
        "the {website|FAQ} {doesn't cover it|isn't clear about it}}{.|,}",
    ],
    # A domain without its own asides: nothing that assumes a website fault.
    "aside_high_tech": [
        "{I already {looked on your website|searched the help pages}|{FWIW|fyi}, the "
        "{website|app} {doesn't explain it|isn't clear about it}}{.|,}",
    ],
}

BANK = Bank(RULES)

# How often a tone overlay appears, and how strongly (lead, tail) for each tone.
TONE_RATES: dict[str, tuple[float, float]] = {
    "polite": (0.25, 0.3),
    "neutral": (0.06, 0.06),
    "friendly": (0.25, 0.25),
    "frustrated": (0.3, 0.3),
    "angry": (0.4, 0.35),
    "anxious": (0.3, 0.3),
    "confused": (0.3, 0.25),
}

# Low-tech vocabulary swaps on free text (never on protected values).
LOW_TECH_WORDS: tuple[tuple[str, str], ...] = (
    ("email", "e-mail"),
    ("app", "app thing"),
    ("website", "web page"),
    ("browser", "internet"),
    ("log in", "get in"),
    ("password", "pass word"),
    ("account", "account thingy"),  # (not in "account number": see _LOW_TECH)
)
