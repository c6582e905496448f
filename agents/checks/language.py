"""Wrong language: support answers in a language the customer never wrote in, or ignores the
customer asking for theirs.

A bot answering an English customer in Spanish, or a German one in a Spanish-English mix,
leaves the customer unable to follow, whatever the bot did. Each turn's language is decided
from its own text (agents.understanding.languages.decided_language: function words and
letters, never trade phrases); short or mixed-evidence turns are undecided and not counted.
A support turn is in the wrong language when its language is none the customer has used so
far (the persona's language, and every customer turn's decided language): a customer who
switches mid-conversation may be followed into the new language, or kept in the old one
(the `switches_language` edge case allows both). The finding needs most of support's decided
turns, and at least two, to be in the wrong language: one stray line, or an English term
quoted inside a German reply (which leaves the turn German), is not a pattern.

The finding is major when the scenario names the customer's language in its persona
constraint (`persona: {language: [es, fr, de, pt]}`): its author asked convsim to play those
customers, so a side that never writes their language fails them. It is a minor note when
the language came from the default mix (no constraint): `convsim test` then gives a bot
customers in all five languages though nobody said the bot must serve them, and a bot built
for one language would fail four in five of its non-English conversations for a product
choice (session 12: made major, 14 tests of correct one-language bots broke; an outsider
counted 18 passes of an English-only bot that carried only the note; session 13 decision).
It is major once the customer asks, below.

A side that answered in the customer's language and then goes on in another one (English
replies, then German from the lookup on) is major too, however many replies the switch
covers: it can write the customer's language, so the switch is a broken step, not the
one-language product the note is for.

A reply in a language the customer never used (in the whole conversation) from a side whose
replies are mostly in the customer's (at most half of its decided turns in other languages)
is major on its own: that side can write the customer's language, so the stray reply is a
broken step (a reply of another session, a translation layer that failed), not a product
choice.

A reply to customer text whose language cannot be told (the customer has written only a
garbled or very short line so far, "Sn intrnte", "hla mi lámpra") is not judged for language:
the side had nothing to answer in, and a bot's guess (its default language) is no broken
step. It is neither wrong nor counted among the decided turns. Once the customer has written
readable text, every later reply is judged as above, the persona's language included.

It is major, whatever the customer wrote before, when the customer asked for their own
language (the persona's: "can we continue in Spanish please?", "bitte auf Deutsch") or said
they cannot read the one support uses (one that is not their own: "no hablo bien inglés",
"what language is this?"), and support's next reply that has a decided language neither is
in the asked one (or is again in the one they cannot read) nor speaks of languages at all
("I'm sorry, I can only help in English" answers the request: a bot may decline politely, as
the edge case allows). A customer who switches to another language mid-conversation
(`switches_language`) and asks for it may be kept in the old one, as before. And when the
customer said they cannot read a language support used, support's next reply again in a
language they never used: told, and carried on.
"""

from __future__ import annotations

from collections.abc import Sequence

from agents.checks import PASS, CheckResult, GradeContext
from agents.checks.customer_language import (
    LOG_PERSONA_ID,
    NAMES_A_LANGUAGE,
    add_customer_languages,
    unreadable_so_far,
)
from agents.checks.mixed_language import mixed_reply
from agents.checks.pii import mask_pii
from agents.phrasing.local_numbers import without_dates
from agents.types import Finding, Severity, Turn
from agents.understanding.languages import (
    DECIDE_MIN_SCORE,
    DECIDE_MIN_WORDS,
    NAMES,
    THIS_LANGUAGE,
    asks_for_language,
    cannot_follow,
    decided_language,
    exclusive_words,
    language_scores,
    speaks_none_of,
    speaks_of_language,
)

MIN_WRONG = 2
# A note when the customer never asked (see the module docstring for why, and what is major).
SEVERITY: Severity = "minor"
# Support turns read after a request: the reply may hold first, or call a tool.
_REPLIES_READ = 2


def wrong_language(ctx: GradeContext) -> CheckResult:
    turns = ctx.turns
    persona = ctx.plan.persona.language
    used = {persona}
    read = 0  # the customer turns before this index are in `used`
    decided = 0
    wrong: list[tuple[int, str]] = []
    wrote_theirs = False  # a reply in the customer's language came before any other
    bare: dict[int, str] = {}  # turns decided once the customer's values were cut out
    for index, turn in enumerate(turns):
        if turn.role != "support" or not turn.content.strip():
            continue
        lang = decided_language(turn.content)
        if lang is None:
            text = _without_values(turn.content, ctx)
            lang = decided_language(text) if text != turn.content else None
            if lang is None:
                read = add_customer_languages(turns, read, index, used, persona)
                lang = _none_of_theirs(text, used)
            if lang is not None:
                bare[index] = text
        if lang is None:
            continue
        decided += 1
        if lang in used:
            wrote_theirs = wrote_theirs or not wrong
            continue
        # Only a support turn in another language than the customer's so far asks which
        # languages the customer used before it: most conversations never read theirs.
        read = add_customer_languages(turns, read, index, used, persona)
        if lang in used:
            wrote_theirs = wrote_theirs or not wrong
        elif unreadable_so_far(turns, index, persona):
            decided -= 1  # nothing readable to answer in: not judged (module docstring)
        else:
            wrong.append((index, lang))
    if wrong:
        add_customer_languages(turns, read, len(turns), used, persona)
        kept_on = _carried_on(turns, wrong, used)
        if kept_on is not None:
            return CheckResult((_told_finding(ctx, kept_on, wrong[0][1], used),))
    ignored = _ignored_request(ctx)
    if ignored is not None:
        return CheckResult((ignored,))
    if wrong and 2 * len(wrong) <= decided:
        # Read against every language the customer wrote in, before or after the reply: a
        # first reply in English to a customer whose opening was too short to tell is theirs.
        strays = [
            (index, lang)
            for index, lang in wrong
            if lang not in used and clearly_other(bare.get(index, turns[index].content), lang, used)
        ]
        if strays:
            return CheckResult(tuple(_stray(ctx, index, lang, used) for index, lang in strays))
        return _mixed(ctx, read, used)
    if not wrong or len(wrong) < MIN_WRONG:
        return _mixed(ctx, read, used)
    first, lang = wrong[0]
    theirs = " or ".join(NAMES.get(code, code) for code in sorted(used))
    asked = drawn_explicitly(ctx)
    why = (
        "; the log gives this as the customer's language"
        if asked and ctx.plan.persona.id == LOG_PERSONA_ID
        else "; the scenario asks for customers in this language"
        if asked
        else f"; it wrote {theirs} before, so it switched mid-conversation"
        if wrote_theirs
        else " (a note: the language came from the default mix, not the scenario)"
    )
    asked = asked or wrote_theirs
    finding = Finding(
        turn=first,
        dimension="task_success",
        category="wrong_language",
        severity="major" if asked else SEVERITY,
        evidence=mask_pii(ctx.turns[first].content),
        explanation=f"support answers in {NAMES.get(lang, lang)} ({len(wrong)} of {decided} "
        f"turns whose language is clear) a customer who writes in {theirs}{why}",
    )
    return CheckResult((finding,))


def _mixed(ctx: GradeContext, read: int, used: set[str]) -> CheckResult:
    """No reply is wrong as a whole: one sentence of a reply may still be in a language the
    customer never used (agents.checks.mixed_language)."""
    add_customer_languages(ctx.turns, read, len(ctx.turns), used, ctx.plan.persona.language)
    found = mixed_reply(ctx, used)
    return CheckResult((found,)) if found is not None else PASS


def _without_values(text: str, ctx: GradeContext) -> str:
    """The reply without the values it carries: its dates written with a month's name ("le 8
    de enero de 2027") and the conversation's own values ("máquina de remo"), which keep
    the words of the language they were given in. A French reply carrying a Spanish
    customer's date read as neither and was not judged (outsider 17's drift bot); read
    without them, it is French. Only a reply undecided as written is read again this way."""
    text = without_dates(text)
    for value in ctx.plan.variables.values():
        if len(value) >= 4 and " " in value and value in text:
            text = text.replace(value, " ")
    return text


def _none_of_theirs(text: str, used: set[str]) -> str | None:
    """A reply undecided between two languages the customer never used ("Il prossimo
    pagamento ... sarà addebitato l'8 gennaio 2027": Italian or French?) is in neither of
    the customer's: the language it reads most as, when that is neither English (the
    one-language bot's note is another matter) nor the customer's, reads three times more
    as it than as theirs, and has two words only it has and none only theirs has."""
    if len(text.split()) < DECIDE_MIN_WORDS:
        return None
    score = language_scores(text)
    top = max(score, key=lambda code: score[code], default=None)
    if top is None or top == "en" or top in used or score[top] < 2 * DECIDE_MIN_SCORE:
        return None
    if score[top] < STRAY_MARGIN * max((score.get(u, 0.0) for u in used), default=0.0):
        return None
    own, theirs = exclusive_words(text, top, used)
    return top if own >= 2 and theirs == 0 else None


STRAY_MARGIN = 3.0  # the reply's language over any of the customer's, to call it a stray


def clearly_other(text: str, lang: str, used: set[str]) -> bool:
    """The reply reads as `lang` three times more than as any language the customer used: a
    Portuguese reply whose words French shares ("as", "confirmar a") is not a French stray."""
    score = language_scores(text)
    if score.get(lang, 0.0) >= STRAY_MARGIN * max((score.get(u, 0.0) for u in used), default=0.0):
        return True
    # or a word only `lang` has, and none that only the customer's languages have
    # ("Votre prochain paiement ... sera prélevé le": Spanish shares "de" and "le")
    own, theirs = exclusive_words(text, lang, used)
    return own >= 1 and theirs == 0


def drawn_explicitly(ctx: GradeContext) -> bool:
    """The customer's language is one the scenario asks for by name (`persona: {language:
    [de, ...]}`): its author wants those customers served, so a side that never writes it
    fails them; or a graded log's record says it (its customer really wrote it). A language
    drawn from the default mix asks nothing of the bot."""
    persona = ctx.plan.persona
    if persona.id == LOG_PERSONA_ID and persona.language != "en":
        # a graded log that says its customer's language: a real customer who wrote it
        # (outsiders 26 and 30), not a language convsim drew for a bot nobody asked to serve it
        return True
    return persona.language in ctx.plan.scenario.persona.get("language", ())


def _stray(ctx: GradeContext, index: int, lang: str, used: set[str]) -> Finding:
    """A reply in a language the customer never used, from a side whose other replies are
    mostly in the customer's: not a one-language bot's choice (it can write theirs) but a
    reply from elsewhere, a broken translation step or a mixed-up session."""
    theirs = " or ".join(NAMES.get(code, code) for code in sorted(used))
    return Finding(
        turn=index,
        dimension="data_quality",
        category="wrong_language",
        severity="major",
        evidence=mask_pii(ctx.turns[index].content),
        explanation=f"one support reply is in {NAMES.get(lang, lang)}, a language the "
        f"customer never used, where support's other replies are in {theirs}",
    )


def _carried_on(
    turns: Sequence[Turn], wrong: list[tuple[int, str]], used: set[str]
) -> tuple[int, int] | None:
    """(customer turn, support turn): after a reply in a wrong language, the customer said they
    cannot read it, and support's next reply was again in none of the customer's languages.
    Read only when a wrong-language turn exists (rare), from the first one on."""
    codes = {code for _, code in wrong}
    told: int | None = None
    for index in range(wrong[0][0] + 1, len(turns)):
        turn = turns[index]
        if turn.role == "customer":
            named = cannot_follow(turn.content)
            if THIS_LANGUAGE in named or named & codes:
                told = index
            continue
        if told is None or turn.role != "support" or not turn.content.strip():
            continue
        lang = decided_language(turn.content)
        if (lang is not None and lang not in used) or (
            lang is None and speaks_none_of(turn.content, used)
        ):
            return told, index
        told = None
    return None


def _told_finding(ctx: GradeContext, at: tuple[int, int], lang: str, used: set[str]) -> Finding:
    asked, index = at
    theirs = " or ".join(NAMES.get(code, code) for code in sorted(used))
    return Finding(
        turn=index,
        dimension="task_success",
        category="wrong_language",
        severity="major",
        evidence=mask_pii(ctx.turns[index].content),
        explanation=f"the customer said they could not follow (turn {asked}); support "
        f"answered again in a language they never used (earlier turns read as "
        f"{NAMES.get(lang, lang)}), not in {theirs}",
    )


def _ignored_request(ctx: GradeContext) -> Finding | None:
    """The customer asked for a language, or said they cannot read support's, and support's
    next reply with a decided language ignored it (see the module docstring)."""
    turns = ctx.turns
    own = ctx.plan.persona.language
    last_support: str | None = None  # the decided language of support's latest turn
    for index, turn in enumerate(turns):
        if turn.role == "support":
            lang = decided_language(turn.content) if turn.content.strip() else None
            last_support = lang or last_support
            continue
        if turn.role != "customer" or not NAMES_A_LANGUAGE.search(turn.content):
            continue
        # Only the customer's own language (the persona's) is theirs to ask for: a customer who
        # switches mid-conversation (switches_language) may be kept in the old one.
        wanted = asks_for_language(turn.content)
        if wanted != own:
            wanted = None
        unreadable = set(cannot_follow(turn.content))
        if THIS_LANGUAGE in unreadable:
            unreadable.discard(THIS_LANGUAGE)
            if last_support is not None:
                unreadable.add(last_support)
        unreadable.discard(own)
        if wanted is None and not unreadable:
            continue
        reply = _next_decided_reply(turns, index)
        if reply is None:
            continue
        at, lang = reply
        if (wanted is not None and lang != wanted) or (wanted is None and lang in unreadable):
            asked = (
                f"asked to go on in {NAMES.get(wanted, wanted)}"
                if wanted is not None
                else "said they cannot read "
                + " or ".join(NAMES.get(c, c) for c in sorted(unreadable))
            )
            return Finding(
                turn=at,
                dimension="task_success",
                category="wrong_language",
                severity="major",
                evidence=mask_pii(turns[at].content),
                explanation=f"the customer {asked} (turn {index}); support's next reply is in "
                f"{NAMES.get(lang, lang)} and does not answer the request",
            )
    return None


def _next_decided_reply(turns: Sequence[Turn], after: int) -> tuple[int, str] | None:
    """(index, language) of the first of support's next replies with a decided language; None
    when none has one, or when one of them speaks of languages (it answered the request)."""
    seen = 0
    for index in range(after + 1, len(turns)):
        turn = turns[index]
        if turn.role == "customer":
            if seen:
                return None  # the customer went on after undecided replies: nothing to tell
            continue
        if turn.role != "support" or not turn.content.strip():
            continue
        if speaks_of_language(turn.content):
            return None
        lang = decided_language(turn.content)
        if lang is not None:
            return index, lang
        seen += 1
        if seen >= _REPLIES_READ:
            return None
    return None
