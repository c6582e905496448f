"""How facts read: human labels, lists of requested facts, and the frames values sit in.

Facts arrive as `label -> value`. Labels may be a scenario's spoken label ("order number") or
a bare variable name ("order_id"); either way the text must say it the way a person would.
Values are inserted verbatim: nothing here (or later) may change a single character of them.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from agents.phrasing import labels as lb
from agents.phrasing.number import is_plural
from agents.phrasing.seams import vowel_sound
from agents.phrasing.whether import whether_answer

_WORDS = {
    "id": "ID",
    "dob": "date of birth",
    "zip": "ZIP code",
    "zipcode": "ZIP code",
    "postcode": "postcode",
    "iban": "IBAN",
    "pin": "PIN",
    "sku": "SKU",
    "imei": "IMEI",
    "url": "URL",
    "ip": "IP address",
    "vin": "VIN",
}
_WHOLE = {
    "email": "email address",
    "phone": "phone number",
    "name": "name",
    "customer_name": "full name",
    "first_name": "first name",
    "last_name": "last name",
    "address": "address",
    "city": "city",
}
_PERSONAL = ("name", "email", "phone", "address", "birth", "city", "postcode", "zip")

# Looks like an identifier, an email, a phone number, a URL or anything with a digit in it:
# these are protected from styling even when they are not among the turn's facts. Split by
# trigger character so the common case (plain words) costs one cheap scan.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"https?://\S+")
_PHONE = re.compile(r"\+?\d[\d ()./-]{5,}\d")  # digit runs with spaces: phone numbers
_DIGIT_TOKEN = re.compile(r"(?<!\S)\S*\d\S*")  # a whitespace-delimited token with a digit
_TRAILING = ".,;:!?)\"'"
_CODE = re.compile(r"\b[A-Z]{2,}[-_][A-Z0-9-]+\b")  # CODE-ABC style ids
_HAS_DIGIT = re.compile(r"\d")


def protected_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if "@" in text:
        spans.extend(m.span() for m in _EMAIL.finditer(text))
    if "://" in text:
        spans.extend(m.span() for m in _URL.finditer(text))
    if _HAS_DIGIT.search(text):
        spans.extend(m.span() for m in _PHONE.finditer(text))
        for m in _DIGIT_TOKEN.finditer(text):
            start, end = m.span()
            while end > start and text[end - 1] in _TRAILING:
                end -= 1
            while start < end and text[start] in "(\"'":
                start += 1
            spans.append((start, end))
    if "-" in text or "_" in text:
        spans.extend(m.span() for m in _CODE.finditer(text))
    return spans


@lru_cache(maxsize=1024)
def human_label(label: str) -> str:
    """`order_id` -> `order ID`; labels that already read as words are kept."""
    key = label.strip()
    if key in _WHOLE:
        return _WHOLE[key]
    words = [_WORDS.get(w.lower(), w) for w in re.split(r"[_\s]+", key) if w]
    return " ".join(words)


def is_personal(label: str) -> bool:
    low = label.lower()
    return any(p in low for p in _PERSONAL)


def join_words(items: Sequence[str], rng: random.Random, last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c' (sometimes with a serial comma, as people vary)."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    serial = "," if len(items) > 2 and rng.random() < 0.3 else ""
    return ", ".join(items[:-1]) + f"{serial} {last} " + items[-1]


# Frames by value kind: {my}/{the} are the inflected label, {L} the label alone, {be} its
# verb. An identifier fits every frame; a reason said as a clause fits only a few.
_ONE_ANY = (
    "{my} {be} {v}", "{the} {be} {v}", "{L}: {v}", "it's {v}", "{v}", "here's {my}: {v}",
    "that would be {v}", "{the} would be {v}", "{L} - {v}",
)  # fmt: skip
_ONE_ID = (
    "{v} is {my}", "it should be {v}", "{my}? {v}", "{v} - that's {the}",
    "I have {v} as {the}", "got it here: {v}", "{v} I think", "try {v}", "it says {v}",
    "it's {v} on my end", "{v}, that's it", "{v} is the one", "use {v}", "{v} should work",
    "this one: {v}", "the one I used is {v}", "{L}... {v}", "{L} = {v}",
)  # fmt: skip
_ONE_CLAUSE = ("{L}: {v}", "{v}", "well, {v}", "{the} {be} that {v}", "it's because {v}")
_ONE_FLAG = ("{L}: {v}", "{v}", "{L} - {v}")
# Never "{v} ({L})" in any frame: "0312 (the last four digits of my card)", "GOLD (membership
# level)" and "$450 (amount sent)" read as a filled-in form; a person writes "it's 0312" or
# "my membership level is Gold" (reading s11b: 213 English customer turns did).
_ONE_QTY = ("{v} I think", "about {v}", "{v}, that's it", "it says {v}")
_MANY_ANY = ("{my} {be} {v}", "{the} {be} {v}", "{L}: {v}", "{L} - {v}", "for {the}, it's {v}")
_MANY_ID = ("{L} {v}", "{v} for {the}", "{L} = {v}", "{v} as {the}", "{v} is {my}")
_MANY_CLAUSE = ("{L}: {v}", "{L} - {v}", "as for {the}, {v}")
_MANY_FLAG = ("{L}: {v}", "{L} - {v}")
_FRAMES = {
    "id": (_ONE_ANY + _ONE_ID, _MANY_ANY + _MANY_ID),
    "quantity": (_ONE_ANY + _ONE_QTY, _MANY_ANY),
    "phrase": (("{L}: {v}", "{v}", "{L} - {v}"), ("{L}: {v}", "{L} - {v}")),
    "short": ((*_ONE_ANY[:3], "{L}: {v}", "{v}"), _MANY_ANY),
    "clause": (_ONE_CLAUSE, _MANY_CLAUSE),
    "flag": (_ONE_FLAG, _MANY_FLAG),
}
# A fact volunteered in an opening, where nobody asked for it: said in a sentence ("My
# membership level is Gold.", "The reason for cancelling: money is tight."), never as a
# form's field ("MEMBERSHIP LEVEL: GOLD.", "Shipping destination - the mainland US.", which
# a no-punctuation persona turns into "Router lights a red power light"). A label with the
# determiner before its colon reads as speech; a bare capitalised label does not.
_OPENED = {
    "id": ("{my} {be} {v}", "{the} {be} {v}", "in case it helps, {my} {be} {v}",
           "for reference, {my} {be} {v}"),
    # (an amount is the thing's, never a possession: "My charge amount is $1185", reader 20)
    "quantity": ("{the} {be} {v}",),
    "short": ("{my} {be} {v}", "{the} {be} {v}"),
    "phrase": ("{the}: {v}", "as for {the}, {v}"),
    "noun": ("{my} {be} {v}", "{the} {be} {v}"),
    "clause": ("{the} {be} that {v}", "it's because {v}", "{v}", "{the}: {v}"),
    "flag": ("{the}: {v}",),
}  # fmt: skip
# Values a terse persona gives alone: one that says what it is ("0312", "$45", "Gold"), not a
# reason or a description, which want the sentence around them.
_BARE_KINDS = frozenset({"id", "quantity", "short", "flag"})
_PADDED = re.compile(r"for reference|in case it helps")
_OPENED_JOINERS = (". ", ", and ", ". Also, ")
# A label naming the speaker's own standing ("account role", "relationship to the
# policyholder"): its value describes who is writing ("account holder", "not on the
# account"), so it is said of oneself ("I'm an account holder"), never as "the account role
# is account holder". {r} is the value as a complement (with an article when it is a noun).
_SELF_HEADS = frozenset({"role", "relationship", "position", "capacity"})
# Never the label as a form's field ("Account role: account holder", reading s17).
_ROLE_FRAMES = (
    ("I'm {r}", "I'm {r}", "{v}"),
    ("I'm {r}",),
)
# A complement that needs no article: it has one, or it is a predicate ("not on the account").
_HAS_DET = frozenset(
    {"a", "an", "the", "my", "our", "not", "no", "on", "in", "with", "from", "at", "just",
     "only", "also", "both", "one", "someone", "somebody", "nobody", "none", "his", "her"}
)  # fmt: skip
_JOINERS = (", ", " and ", ". ", "; ", ", and ", "\n")


@lru_cache(maxsize=512)
def is_self_label(raw_label: str) -> bool:
    """Whether the label names the speaker's own standing (its head noun is a role)."""
    head = lb.parse(human_label(raw_label)).head.lower().split()
    return bool(head) and head[-1] in _SELF_HEADS


# What a customer knows by heart, not reads off a receipt or a screen: their role, their
# name and birth date, their reason. "Found it", "Just checked" or "from the confirmation"
# before one of these reads as if they had to look themselves up.
_BY_HEART = re.compile(r"(?i)\b(name|surname|birth|reason|cause|why)\b")


def by_heart(facts: Mapping[str, str]) -> bool:
    """Whether every fact given is one the customer knows without looking it up."""
    return bool(facts) and all(
        is_self_label(k)
        or _BY_HEART.search(human_label(k))
        or lb.value_kind(v) == "clause"
        # what one saw or wants ("whether I see any transactions I don't recognise"): known,
        # never read off an email ("according to my email none, I don't see any ...")
        or re.match(r"(?i)\s*(?:whether|if)\s", human_label(k))
        for k, v in facts.items()
        if v
    )


def _complement(value: str) -> str:
    """'account holder' -> 'an account holder'; 'not on the account' stays as it is."""
    first = value.split(" ", 1)[0]
    if first.lower() in _HAS_DET or lb.value_kind(value) in ("clause", "id"):
        return value
    return f"{'an' if vowel_sound(first) else 'a'} {value}"


def frame(template: str, raw_label: str, value: str) -> str:
    my, the, text, be = _label_parts(raw_label)
    r = _complement(value) if "{r}" in template else value
    return template.format(my=my, the=the, L=text, be=be, v=value, r=r)


@lru_cache(maxsize=1024)
def _label_parts(raw_label: str) -> tuple[str, str, str, str]:
    """A label's noun phrases: the same few labels are framed on every customer turn."""
    label = lb.parse(human_label(raw_label))
    return label.np("my"), label.np("the"), label.text, label.be


_PRESENTS = ("here's ", "got it here", "this one", "the one I used")
# Frames for a value read off a screen or a receipt ("it's Ferreira on my end", "try Mbeki").
_LOOKED_UP = frozenset(
    {"it's {v} on my end", "try {v}", "use {v}", "{v} should work", "it says {v}",
     "got it here: {v}", "this one: {v}", "the one I used is {v}", "{v} I think",
     "{v} is the one"}
)  # fmt: skip


_REASON = re.compile(r"(?i)\b(reason|cause|why|problem|issue)\b")


def _fitting(frames: tuple[str, ...], raw_label: str, opened: bool = False) -> tuple[str, ...]:
    """The frames a label fits: "it's because ..." and "the ... is that ..." only for a
    reason ("the injuries are that nobody was hurt" is not English); an indirect-question
    label ("whether anyone was hurt") only where it reads as a topic ("as for ...").
    `opened`: the frames of a fact nobody asked for, which are sentences already."""
    label = lb.parse(human_label(raw_label))
    if not _REASON.search(label.text):
        frames = tuple(f for f in frames if "because" not in f and "{be} that" not in f)
    if opened:  # ("whether anyone was hurt: nobody was" is no sentence: the value alone)
        return ("{v}",) if label.question else frames
    if label.clausal:
        # "time until I need it" is a phrase of the customer's own, not a form's field name:
        # never bare ("1 day (time until I need it)", "time until I need it: 1 day"), only
        # inside a sentence ("the time until I need it is 1 day"), and never read off a
        # screen ("it says 1 day").
        frames = tuple(
            f
            for f in frames
            if "{L}" not in f
            and f not in _LOOKED_UP
            and f != "{v} is {my}"
            and not f.startswith("here's")
        )
    if label.question:
        topical = "as for {the}, {v}"
        bare = tuple(f for f in frames if "{" not in f.replace("{v}", ""))
        return bare or (topical,)
    return frames


# ("no" before "longer" is no determiner: "The reason for cancelling is no longer needed"
# said the reason was not needed, reader 20)
_DETERMINED = re.compile(r"(?i)^(?:a|an|the|my|our|all|no(?!\s+longer\b)|some|one|two|three)\s")


def _opened_kind(value: str) -> str:
    """A value's kind for `_OPENED`: a phrase that is a noun phrase ("a black suitcase",
    "all the usual lights") is what the label is ("the bag description is a black
    suitcase"); one that is not ("ordered by mistake") is set after the label."""
    kind = lb.value_kind(value)
    return "noun" if kind in ("phrase", "short") and _DETERMINED.match(value) else kind


_SINGLE = re.compile(r"(?i)^(?:a|an|one)\s")


def _number_clash(label: str, value: str) -> bool:
    """A plural label said to be one thing ("router lights" = "a blinking orange light"):
    "are a ... light" is no sentence a person writes (reader 20, 8 a run)."""
    return bool(_SINGLE.match(value)) and is_plural(label)


def customer_facts(
    facts: Mapping[str, str],
    rng: random.Random,
    labelled: bool = False,
    presented: bool = False,
    opened: bool = False,
    terse: bool = False,
) -> str:
    """Facts as a customer gives them: one value alone, or several framed and joined.

    `labelled` frames always name the fact, for values volunteered next to other text;
    `presented`: the turn already presents them ("Here you go:"), so no frame that does
    ("here's my order number: ...") is drawn; `opened`: volunteered in a first message,
    each said in a sentence of its own (`_OPENED`); `terse`: a persona of few words, who
    answers a question about one identifier or amount with the value alone ("0312") half
    the time, as such people do.
    """
    items = [(k, v) for k, v in facts.items() if v]
    if not items:
        return ""
    if opened:
        # "for reference" / "in case it helps" once, on a fact said alone: never after a lead
        # that already says it ("In case you need it: for reference, ...") or on every fact
        plain = labelled or len(items) > 1
        said = []
        for raw, value in items:
            whether = whether_answer(human_label(raw), value, rng)
            if whether:  # "yes, I'm a member", never "as for whether I'm a member, yes"
                said.append(whether)
                continue
            kind = _opened_kind(value)
            if kind == "noun" and _number_clash(human_label(raw), value):
                kind = "phrase"  # never "the router lights are a blinking orange light"
            frames = _ROLE_FRAMES[0][:1] if is_self_label(raw) else _OPENED[kind]
            if plain:
                frames = tuple(f for f in frames if not _PADDED.search(f)) or frames
            if is_personal(raw):  # one's own birth date, never "the date of birth is ..."
                frames = tuple(f for f in frames if "{the}" not in f) or frames
            said.append(frame(rng.choice(_fitting(frames, raw, opened=True) or frames), raw, value))
        if len(said) == 1:
            return said[0]
        # ("A. Also, B. Also, C" says "also" twice: only the last fact is added that way)
        return ". ".join(said[:-1]) + rng.choice(_OPENED_JOINERS) + said[-1]
    if len(items) == 1 and not labelled:
        raw, value = items[0]
        whether = whether_answer(human_label(raw), value, rng)
        if whether:  # "yes, I'm a member", never "as for whether I'm a member, yes"
            return whether
        if terse and lb.value_kind(value) in _BARE_KINDS and rng.random() < 0.5:
            return value
        frames = _ROLE_FRAMES[0] if is_self_label(raw) else _FRAMES[lb.value_kind(value)][0]
        if presented:
            frames = tuple(f for f in frames if not f.startswith(_PRESENTS))
        if "name" in human_label(raw).lower():  # a person's name is known, not looked up
            frames = tuple(f for f in frames if f not in _LOOKED_UP)
        frames = _fitting(frames, raw) or frames
        return frame(rng.choice(frames), raw, value)
    joiner = rng.choice(_JOINERS)
    parts = []
    for raw, value in items:
        whether = whether_answer(human_label(raw), value, rng)
        if whether:
            parts.append(whether)
            continue
        frames = _ROLE_FRAMES[1] if is_self_label(raw) else _FRAMES[lb.value_kind(value)][1]
        frames = _fitting(frames, raw) or frames
        parts.append(frame(rng.choice(frames), raw, value))
    if len(parts) > 1 and joiner in (", ", "; ") and rng.random() < 0.5:
        return joiner.join(parts[:-1]) + " and " + parts[-1]
    return joiner.join(parts)


def correction(facts: Mapping[str, str], rng: random.Random) -> str:
    items = [(k, v) for k, v in facts.items() if v]
    if not items:
        return ""
    parts = [
        frame(
            rng.choice(
                (
                    "the right {L} {be} {v}",
                    "it's {v}, not what I said before",
                    "{the} should be {v}",
                    "{v} {be} the correct {L}",
                    "it's actually {v}",
                    "{the} {be} really {v}",
                )
            ),
            raw,
            value,
        )
        for raw, value in items
    ]
    return join_words(parts, rng)
