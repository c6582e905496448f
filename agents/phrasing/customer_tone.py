"""The persona's tone on a customer turn (agents.phrasing.customer_voice words the act):
a lead and a tail of its mood, asides of a chatty or (not) tech-savvy writer, and the feeling
a turn's emoji must match. Kept apart from the act's words because it is applied after them
and never changes what the turn says."""

from __future__ import annotations

import random
import re

from agents import types as acts
from agents.phrasing import stance, style, voice
from agents.phrasing.text import attach, lower_first, marked, prefix, values_of
from agents.phrasing.utterance import Utterance
from personas import Persona

# Acts a persona's tone and asides may decorate.
DECORATED = frozenset(
    {acts.OPEN, acts.INFORM, acts.ASK, acts.PUSH_BACK, acts.REQUEST_ESCALATION, acts.CHITCHAT}
)
ASIDE_ACTS = frozenset({acts.OPEN, acts.ASK, acts.PUSH_BACK})
CALM_TONES = frozenset({"polite", "friendly", "neutral"})
# A greeting at the start of a turn, with its punctuation: a lead goes after it, not before.
GREETING_HEAD = re.compile(
    r"(?i)^\s*((?:hi there|hey there|hello there|hello support|hi team|hey guys|hi all|"
    r"hey folks|hello again|hi again|hey hey|dear support|good (?:morning|afternoon|evening)|"
    r"hiya|heya|howdy|hello|hi|hey|yo|sup|greetings|morning|evening)\b"
    r"(?:[,!.]+| -|\.\.\.)?)\s+"
)
# First words that already mark the turn's start; a discourse marker is not stacked on them.
MARKED_START = re.compile(
    r"(?i)^\s*(so|well|ok|okay|um|erm|uh|right|honestly|look|anyway|oh|hmm|basically|yeah|"
    r"ah|alright|listen|mm|see|sure|yes|yep|of course|no|sorry|oops|wait|hang on|fine|"
    r"got it|gotcha|hi|hello|hey|here|there|found|let me|one sec|actually|also|and|but|"
    r"certainly|absolutely|definitely|no worries|no problem|just checked|happy to)\b"
)
POSITIVE_ACTS = frozenset({acts.THANK, acts.ACCEPT})
THANKS = re.compile(r"(?i)\b(thanks|thank (?:you|u)|cheers|ty|thx|tysm|appreciate|appreciated)\b")
NEGATIVE_ACTS = frozenset({acts.PUSH_BACK, acts.GIVE_UP, acts.REQUEST_ESCALATION})
ACK_START = re.compile(
    r"(?i)(sure|yes|yeah|yep|yup|ok|okay|of course|absolutely|certainly|no worries|no problem|"
    r"alright|right|fine|got it|gotcha|fair|um|hmm|oh|ah|uh|mhm|well|let me|one sec|hang on|"
    r"wait)\b"
)


def affect(act: str, tone: str, case: str | None) -> str:
    """The feeling a turn's emoji must match: its act's, then the persona's tone (a 😊 under
    'Not impressed!' is a contradiction, and so is a 😡 under a thank-you)."""
    if act in POSITIVE_ACTS and case in ("impatient", "demand_manager"):
        return "pleased"  # their impatience is over: a thank-you with 🙄 reads as sarcasm
    if case in ("sarcastic", "impatient", "demand_manager") or act in NEGATIVE_ACTS:
        return "upset" if tone not in ("frustrated", "angry") else tone
    if act in POSITIVE_ACTS:
        return "pleased"
    if case == "off_topic" and tone not in ("angry", "frustrated"):
        return "friendly"  # small talk ("Lol, did you see the game?") is not met with 😕
    if tone in ("friendly", "polite", "neutral"):
        return "plain"  # a complaint or a question is not the place for 😄
    return tone


def decorate(
    text: str,
    u: Utterance,
    persona: Persona | None,
    tone: str,
    verbosity: str,
    rng: random.Random,
    tags: tuple[str, ...] = (),
) -> str:
    calm_close = u.act in (acts.THANK, acts.ACCEPT) and tone in CALM_TONES
    if persona is None or (u.act not in DECORATED and not calm_close):
        return text
    lead_rate, tail_rate = voice.TONE_RATES[tone]
    if verbosity == "terse":
        lead_rate, tail_rate = lead_rate / 3, tail_rate / 3
    elif verbosity == "chatty":
        lead_rate, tail_rate = min(1.0, lead_rate * 1.5), min(1.0, tail_rate * 1.5)
    if u.act in (acts.THANK, acts.ACCEPT):
        lead_rate = 0.0
    keep = values_of(u.facts)
    # The stance the words already take: a lead or tail of the opposite feeling is left out.
    head = GREETING_HEAD.match(text)
    start = (text[head.end() :] if head else text).lstrip()
    reacts = bool(stance.PLEASED_START.match(start))
    pleased = tone in stance.NEGATIVE_TONES and reacts
    upset = tone == "friendly" and bool(stance.UPSET_START.match(start))
    # A lead ("Happy weekend!") or a reaction ("Great.") opens the message: an aside goes
    # after it, never before.
    led = reacts
    if (
        rng.random() < lead_rate
        and not pleased
        and not upset
        and not ((u.act == acts.INFORM and ACK_START.match(text)) or marked(text, GREETING_HEAD))
        and not MARKED_START.match(start)  # "Apologies for the trouble, sorry, no."
    ):
        # (a lead like "Sure." before "Yep - ..." says yes twice; "So." before "Look, ...")
        lead = voice.BANK.render(f"lead_{tone}", {}, rng, tags=tags)
        if stance.words(lead) not in stance.words(text):  # "Not sure how this works" said twice
            text, led = lead_in(lead, text, keep), True
    # After the outcome a tail remarks on it ("About time."): it follows a thank-you, not a
    # new question.
    asks_on = u.act == acts.ASK and acts.RESOLVE in tags
    tailed = rng.random() < tail_rate and not upset and not (pleased and tone != "anxious")
    tail = ""
    if tailed and not asks_on:
        tail = voice.BANK.render(f"tail_{tone}", {}, rng, tags=tags)
        if THANKS.search(tail) and THANKS.search(text):  # thanks said once
            tail = ""
    if u.act in ASIDE_ACTS:
        savvy = style.savvy_of(persona.tech_savviness)
        if verbosity == "chatty" and rng.random() < 0.5 and not stance.SAID_CHATTY.search(text):
            routine = ("routine",) if "routine" in tags else ()
            aside = voice.BANK.render("aside_chatty", {}, rng, tags=(*routine, u.act, tone))
            text = insert_aside(text, aside, rng, keep, led)
        said = stance.SAID_LOW_TECH if savvy == "low" else stance.SAID_HIGH_TECH
        opening = savvy != "medium" and u.act == acts.OPEN
        if opening and rng.random() < 0.3 and not said.search(text):  # one of a kind
            aside = voice.BANK.render(f"aside_{savvy}_tech", {}, rng, tags=tags)
            text = insert_aside(text, aside, rng, keep, led)
    # the tail last: a sign-off ("Kind regards!") ends the message, never sits before an
    # aside ("Kind regards! My dog is climbing on me ...", reading s17)
    return attach(text, tail) if tail else text


def insert_aside(text: str, aside: str, rng: random.Random, keep: list[str], led: bool) -> str:
    if rng.random() >= 0.4 or led:
        return attach(text, aside)
    if aside.endswith(",") and marked(text, GREETING_HEAD):
        aside = aside[:-1] + "."  # not "I already checked the app, well my ..."
    return lead_in(aside, text, keep)


def lead_in(lead: str, text: str, keep: list[str]) -> str:
    """`lead text`, but after the turn's greeting: 'Hi, unbelievable! ...', never
    'Unbelievable! Hi, ...'."""
    m = GREETING_HEAD.match(text)
    if m is None:
        return prefix(lead, text, keep)
    greeting = m.group(1)
    if greeting[-1:].isalpha():
        greeting += ","
    return f"{greeting} {prefix(lower_first(lead), text[m.end() :], keep)}"
