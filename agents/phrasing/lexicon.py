"""Word- and phrase-level paraphrase, applied after the banks so that the same frame (and the
same scenario sentence, said by many simulated customers) does not read identically twice.

Only swaps that are safe in nearly every context are listed: contractions, intensifiers,
politeness formulas and a few true synonyms. Swaps run on free text only (fact values and
identifiers are protected by the caller), and keep the case of the first letter.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Mapping

_COMMON: dict[str, tuple[str, ...]] = {
    # contractions, spelled out (always grammatical; the reverse is not)
    "i'm": ("I am", "im"),
    "don't": ("do not", "dont"),
    "do not": ("don't",),
    "can't": ("cannot", "can not", "cant"),
    "cannot": ("can't",),
    "didn't": ("did not", "didnt"),
    "did not": ("didn't",),
    "isn't": ("is not",),
    "is not": ("isn't",),
    "haven't": ("have not", "havent"),
    "hasn't": ("has not",),
    "wasn't": ("was not",),
    "won't": ("will not", "wont"),
    "i've": ("I have", "ive"),
    "i'll": ("I will",),
    "you're": ("you are",),
    "doesn't": ("does not", "doesnt"),
    "couldn't": ("could not",),
    "we're": ("we are",),
    # intensifiers and softeners
    # ("honestly" is a sentence adverb, not an intensifier: "honestly bad" is not English)
    "really": ("truly", "genuinely"),
    "very": ("really", "super", "so", "extremely"),
    "very much": ("very much",),  # "super much", "extremely much" are not English
    "a bit": ("a little", "slightly", "somewhat", "kind of", "a tad"),
    "probably": ("most likely",),
    "right now": ("now",),  # "at the moment" is not for a demand ("... your boss right now")
    "a lot": ("loads", "a ton", "heaps"),
    # politeness and thanks
    "thank you": ("thanks", "thank u", "many thanks"),
    "many thanks": ("many thanks", "thanks a lot", "big thanks"),
    "thanks a lot": ("thanks a lot", "thank you so much"),
    "thanks a bunch": ("thanks a bunch",),
    # thanks with an intensifier, kept whole ("cheers super much", "many thanks so much")
    "thank you so much": ("thank you so much", "thanks so much"),
    "thank you very much": ("thank you very much", "thanks very much"),
    "thanks so much": ("thanks so much", "thank you so much"),
    "thanks very much": ("thanks very much", "thank you very much"),
    "going great": ("going great",),
    "thank you kindly": ("thank you kindly", "thanks kindly"),
    "because that": ("because that",),  # "Right, because that always works" is an idiom
    "thanks heaps": ("thanks heaps",),
    "thanks in advance": ("thanks in advance", "thank you in advance"),
    "no problem": ("no problem", "no worries"),
    "no worries": ("no worries",),
    "thanks": ("thank you", "thx", "cheers", "ty"),
    "please": ("pls", "plz"),
    "could you": ("can you", "would you", "could u"),
    "can you": ("could you", "can u", "would you"),
    "i want": ("I'd like", "I would like", "I need"),
    "i would like": ("I'd like", "I want"),
    # nouns and adjectives that are true synonyms here
    "problem": ("issue", "problem", "snag"),
    "issue": ("problem", "issue"),
    # (what breaks may be a link or a service: "smashed", "cracked" fit only things)
    "broken": ("busted", "broken"),
    "damaged": ("broken", "busted", "banged up"),
    "great": ("awesome", "excellent", "fantastic", "wonderful", "brilliant"),
    "perfect": ("great", "excellent", "wonderful"),
    "okay": ("ok", "alright", "OK", "k"),
    "ok": ("okay", "alright", "OK"),
    "item": ("product", "thing", "item"),
    "arrived": ("showed up", "got here"),
    "charged": ("billed",),
    "billed": ("charged",),
    "receive": ("get",),
    "received": ("got",),
    "money": ("cash",),  # ("funds" is plural: "money is tight" -> "funds is tight")
    "money back": ("money back",),  # "my cash back" is not the idiom
    "immediately": ("right away", "straight away", "at once", "now"),
    "ridiculous": ("absurd", "insane", "crazy", "unreal"),
    "annoying": ("irritating", "frustrating", "infuriating"),
    "worried": ("concerned", "nervous", "stressed"),
    "maybe": ("perhaps",),  # not "possibly": "Possibly you can bend the rules?"
    "a week": ("seven days", "a whole week"),
    "buy": ("purchase", "order", "get"),
    "bought": ("purchased", "ordered", "got"),
    "delivery": ("shipment", "delivery"),
    # everyday phrasing
    "want to": ("wanna", "would like to", "need to"),
    # in a condition the want stays ("if I would like to leave" is not the phrase)
    "if i want to": ("if I want to",),
    "if you want to": ("if you want to",),
    "have to": ("need to",),
    "need to": ("have to",),
    "how do i": ("how can I", "how would I", "how should I"),
    "can i": ("could I", "may I", "am I able to"),
    # ("I'd love" adds delight: "I'd love to make a complaint" reads as sarcasm)
    "i'd like": ("I would like", "I want"),
    # An ability, not a request: "would you" asks for a favour ("Would you see it?")
    "can you see": ("can you see",),
    "can you find": ("can you find", "could you find"),
    "can you hear": ("can you hear",),
    "can you access": ("can you access",),
    "can you tell if": ("can you tell if",),
    "could you see": ("could you see", "can you see"),
    "could you find": ("could you find", "can you find"),
    "my account": ("my acct", "my account", "the account"),
    "right away": ("asap", "straight away", "now"),
    "as soon as possible": ("asap",),
    "because": ("since", "as", "cause", "bc"),
    "a few": ("a couple of", "some", "a few"),
    # fact labels as people shorten them
    "date of birth": ("DOB", "birth date", "birthday"),
    "email address": ("email", "e-mail", "email addy"),  # "mail" is the post
    "account number": ("acct number", "account no", "account #", "acct no"),
    "phone number": ("phone", "mobile", "cell number", "number"),
    "order number": ("order no", "order #", "order ref", "order id"),
    "full name": ("name", "full name"),
    "last four digits": ("last 4 digits", "last four"),
    "policy number": ("policy no", "policy #", "policy ref"),
    "booking reference": ("booking ref", "reference", "booking code"),
}

# Support swaps are the safe kind only: a verb swapped for a phrasal verb breaks before a
# pronoun ("pull up it"), a verb that is also a noun breaks as a noun ("a quick safety
# verify"), and a word inside a set phrase breaks the phrase ("No concern", "Many thank you",
# "Thank you a lot"). Set phrases are listed as keys that map to themselves, so the words in
# them are never swapped on their own.
_SUPPORT: dict[str, tuple[str, ...]] = {
    "help you": ("assist you", "help you out"),
    "could you": ("can you", "would you", "would you be able to"),
    "can you": ("could you", "would you"),
    "i'm sorry": ("I am sorry", "I'm very sorry"),
    "thank you": ("thanks",),
    "thanks": ("thank you",),
    "great": ("excellent", "wonderful"),
    "i'll": ("I will",),
    "i've": ("I have",),
    "i'm": ("I am",),
    "you're": ("you are",),
    "don't": ("do not",),
    "can't": ("cannot",),
    "isn't": ("is not",),
    "doesn't": ("does not",),
    "couldn't": ("could not",),
    "won't": ("will not",),
    "anything else": ("anything more",),
    "right away": ("straight away", "immediately"),
    "shortly": ("soon", "very soon"),
    # set phrases, kept whole
    "many thanks": ("many thanks",),
    "thanks a lot": ("thanks a lot",),
    "thanks so much": ("thanks so much",),
    "thank you for": ("thank you for",),
    "no problem": ("no problem",),
    "great question": ("great question",),
    "great news": ("great news",),
}


# Where a swap fits depends on the words around it: "don't really understand" is an idiom
# ("don't genuinely understand" is not), "clicked buy" names a button, "a bit of" and "a
# few more" need their own words, "has arrived" needs a participle ("has showed up" is not
# one). A guard sees the word before and after the phrase and gives the alternatives that fit
# there (none: the phrase stays). Looked up only for a phrase about to be swapped.
_NEGATION = frozenset(
    {"not", "don't", "dont", "doesn't", "didn't", "isn't", "wasn't", "aren't", "can't",
     "cant", "won't", "never", "haven't", "hasn't", "wouldn't", "couldn't", "no"}
)  # fmt: skip
_AUXILIARY = frozenset(
    {"has", "have", "had", "hasn't", "haven't", "hadn't", "not", "i've", "it's", "they've",
     "we've", "never", "already", "yet", "just"}
)  # fmt: skip
_COMPARATIVE = frozenset(
    {"more", "less", "longer", "later", "earlier", "faster", "sooner", "better", "worse",
     "cheaper", "bigger", "smaller"}
)  # fmt: skip
_PRESS = frozenset({"clicked", "click", "hit", "pressed", "press", "tap", "tapped", "the", "a"})
_WH = frozenset({"what", "how", "where", "when", "why", "which", "who"})
_SUBJECT = frozenset({"i", "you", "we", "they"})
_POSSESSIVE = frozenset({"my", "your", "our", "his", "her", "their"})
_Guard = Callable[[str, str, tuple[str, ...]], tuple[str, ...]]


def _only(
    before: frozenset[str] = frozenset(),
    after: frozenset[str] = frozenset(),
    need_after: bool = False,
) -> _Guard:
    """A guard that keeps the phrase after any of `before` or before any of `after` (and,
    with `need_after`, at the end of a clause, where an adverbial swap dangles)."""

    def guard(prev: str, nxt: str, options: tuple[str, ...]) -> tuple[str, ...]:
        if prev in before or nxt in after or (need_after and not nxt):
            return ()
        return options

    return guard


def _a_bit(prev: str, nxt: str, options: tuple[str, ...]) -> tuple[str, ...]:
    if not nxt or nxt == "of":  # "wait a bit", "a bit of help": "slightly of help"
        return ()
    if nxt in _COMPARATIVE:  # "a bit more": not "kind of more"
        return tuple(o for o in options if o != "kind of")
    return options


def _want_to(prev: str, nxt: str, options: tuple[str, ...]) -> tuple[str, ...]:
    # "I want to" -> "I would like to"; but "don't want to" / "I really want to" take only
    # "wanna" ("don't would like to", "I really would like to" are not the phrase)
    return options if prev in _SUBJECT else tuple(o for o in options if o == "wanna")


def _problem(prev: str, nxt: str, options: tuple[str, ...]) -> tuple[str, ...]:
    # "a snag", "the snag is"; but "my snag is" is not how anyone says it
    return tuple(o for o in options if o != "snag") if prev in _POSSESSIVE else options


def _can_i(prev: str, nxt: str, options: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(o for o in options if o != "may I") if prev in _WH else options


def _a_week(prev: str, nxt: str, options: tuple[str, ...]) -> tuple[str, ...]:
    # "for a week" / "a week ago" take "seven days"; "within a week", "once a week" do not
    return options if prev in ("for", "than") or nxt in ("ago", "now", "already") else ()


_GUARDS: dict[str, _Guard] = {
    # ("do I really have to" asks whether it is needed: "do I genuinely have to" does not)
    "really": _only(before=_NEGATION, after=frozenset({"have", "need"}), need_after=True),
    "very": _only(before=_NEGATION, after=frozenset({"much", "many"}), need_after=True),
    "a bit": _a_bit,
    "a few": _only(
        before=frozenset({"quite", "only"}), after=frozenset({"of", "more"}), need_after=True
    ),
    "a week": _a_week,
    "because": _only(after=frozenset({"of"})),
    "immediately": _only(after=frozenset({"after", "before", "when", "upon", "once"})),
    "buy": _only(before=_PRESS, after=frozenset({"now", "button"})),
    "arrived": _only(before=_AUXILIARY),
    "thanks": _only(before=frozenset({"no"}), after=frozenset({"to"})),
    "thank you": _only(before=frozenset({"no"})),
    "need to": _only(before=frozenset({"no", "the"})),
    "can i": _can_i,
    "problem": _problem,
    "want to": _want_to,
    "delivery": _only(
        after=frozenset({"address", "option", "options", "date", "fee", "time", "window"})
    ),
    "great": _only(after=frozenset({"deal"})),
}
_WORD = re.compile(r"[a-z][a-z']*")
_LAST_WORD = re.compile(r"([a-z']+)[^a-z']*$")
_FIRST_WORD = re.compile(r"[^a-z'.!?;:]*([a-z']+)")


def _around(low: str, start: int, end: int) -> tuple[str, str]:
    """The word before `start` and after `end`, within the clause ('' at its edge)."""
    before = _LAST_WORD.search(low, max(0, start - 24), start)
    if before is not None and any(c in ".!?;:," for c in low[before.end(1) : start]):
        before = None
    after = _FIRST_WORD.match(low, end)
    return (before.group(1) if before else "", after.group(1) if after else "")


_PRONOUN_AFTER = re.compile(r" (you|i|it|we|they|he|she|there|that|this|u)\b")
_GLUE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789'-_")


def first_words(words: Iterable[str]) -> re.Pattern[str]:
    """The `_WORD` tokens that are one of `words`, found without visiting the others: each
    word's first letter comes first in the pattern (the engine jumps to where one is) and
    what must not precede it is checked behind it. A token after an apostrophe is left out:
    the scan over all tokens skipped it too (`"'" + word` is inside a word or a quote)."""
    groups: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        if _WORD.fullmatch(word):  # (anything else is never a token)
            groups.setdefault(word[0], []).append(word)
    branches = [
        f"{re.escape(first)}(?<![a-z']{re.escape(first)})"
        f"(?:{'|'.join(re.escape(w[1:]) for w in group)})"
        for first, group in groups.items()
    ]
    return re.compile(f"(?:{'|'.join(branches)})(?![a-z'])")


class _Table:
    """Phrases indexed by their first word: a scan over word tokens touches the table only
    where a listed phrase could start (one regex alternation of a hundred phrases is several
    times slower on every turn)."""

    def __init__(
        self, table: dict[str, tuple[str, ...]], guards: Mapping[str, _Guard] | None = None
    ) -> None:
        self.table = table
        self.guards: Mapping[str, _Guard] = guards or {}
        self.by_first: dict[str, list[str]] = {}
        for key in sorted(table, key=len, reverse=True):
            self.by_first.setdefault(key.split()[0], []).append(key)
        self.starts = first_words(self.by_first)

    def sub(self, text: str, rng: random.Random, rate: float) -> str:
        low = text.lower()
        out: list[str] = []
        pos = 0  # text before this index is already in `out`
        seen = 0  # a phrase starting before this index is inside an earlier match
        for m in self.starts.finditer(low):
            start = m.start()
            if start < seen or (start > 0 and low[start - 1] == "-"):
                continue
            keys = self.by_first[m.group()]
            for key in keys:
                end = start + len(key)
                if low.startswith(key, start) and low[end : end + 1] not in _GLUE:
                    break
            else:
                continue
            seen = end
            if rng.random() >= rate:
                continue
            if key.endswith("n't") and _PRONOUN_AFTER.match(low, end):
                continue  # "can't you" is a question; "can not you" is not English
            options = self.table[key]
            guard = self.guards.get(key)
            if guard is not None and not (options := guard(*_around(low, start, end), options)):
                continue
            out.append(text[pos:start])
            out.append(_cased(text[start:end], rng.choice(options)))
            pos = end
        if not out:
            return text
        out.append(text[pos:])
        return "".join(out)


def _cased(word: str, alt: str) -> str:
    if word.isupper() and len(word) > 1:
        return alt.upper()
    if word[:1].isupper() and not alt[:1].isupper():
        return alt[0].upper() + alt[1:]
    return alt


_COMMON_TABLE = _Table(_COMMON, _GUARDS)
_SUPPORT_TABLE = _Table(_SUPPORT)


def paraphrase(text: str, role: str, rng: random.Random, rate: float) -> str:
    """Swap listed words and phrases with probability `rate` each."""
    table = _SUPPORT_TABLE if role == "support" else _COMMON_TABLE
    return table.sub(text, rng, rate)
