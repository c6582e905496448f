"""The finishing passes every rendered turn goes through: the seams a template's empty
alternatives and filled slots leave (double spaces, a space before a comma, "?."), sentence
capitals, counts of one in a plural frame, and English "a"/"an" agreeing with the next word.

Apart from the grammar (agents.phrasing.grammar) because they read finished text, whoever
made it: the banks, the localized writers and the word swaps all end here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_STOP_THEN_PUNCT = re.compile(r"([!?])\.")
_STOP_THEN_COMMA = re.compile(r"(?<!\.\.)([!?.]),(?=\s)")
_SENTENCE_START = re.compile(r"([.!?]\s+)([a-z])(?=[a-z']*[\s,.!?:;-])")
_MID_CAPITAL = re.compile(
    r"(, |; | - )(Could|Can|Would|What|How|Please|Let|Is|Are|Do|Does|May|Feel|Thanks|Thank|"
    r"That|This|It|The|We|You|Just|So|Anything|Where|Shall|They|Someone|Not|Any|Who|Here|"
    r"Sorry|Nothing|Maybe|Ok|Okay|Sure|Yes|No|Yeah|Bye|Goodbye|Have|Take|Looks|If|Pretty|"
    r"But|And|Also|Oh|Btw|Hmm|Um|Wait|Actually|Got|My|There|Right|Fine|Alright|All|Allow|"
    r"Kindly|To|For|Per|Before|First|Your|Our|Happy|Glad|Good|Great|Welcome|Enjoy|Stay|"
    r"Once|Since|Because|Instead|Unfortunately|Everything|Most|Rather|Tell|Ugh|Honestly|"
    r"Seriously|Look|Listen|Come|Why|When|Which|Will|Should|Did|Was|Were|Has|Had|"
    r"Thx|Cheers|Many|Much|Appreciate|Hope|Hello|Hi|Hey|Perfect|Lovely|Cool|Awesome|"
    r"Excellent|Wonderful|Brilliant|Fantastic|Nice|Super|Amazing)\b"
)
_MID_CAPITAL_HINT = re.compile(r"[,;-] [A-Z]")
# "1 business days", "1 passenger(s)": a count of one filled into a plural frame.
_ONE_PLURAL = re.compile(  # (the 1 first, what may not precede it checked behind it)
    r"(1(?<![\w.,$]1) (?:business |working |full )?(?:day|hour|night|week|month|year|minute|"
    r"passenger|traveller|traveler|item|seat|user|line))(?:s\b|\(s\))"
)
_N_PLURAL = re.compile(r"(\b\d+ (?:[a-z]+ )?[a-z]+)\(s\)")
_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE = re.compile(r" +([,.!?;:])")
_DOUBLE_PUNCT = re.compile(r"([,;:])\s*([,.!?;:])")
_DOUBLE_DOT = re.compile(r"(?<!\.)\.\.(?!\.)")
# A joining lead before text that joins on its own ("Ah, et" + "et en attendant ..."):
# the conjunction is said once (reading s18: "Ah, et et en attendant, je me déplace comment?").
_JOINED_TWICE = re.compile(r"(?i)(?<![\w-])(and|et|y|e|und)\s+\1(?=\s)")


def _within(text: str, value: str, pos: int) -> bool:
    """Whether `pos` falls inside an occurrence of `value` in `text` (only a value with a
    stop of its own can have a sentence seem to start inside it)."""
    if "." not in value and "!" not in value and "?" not in value:
        return False
    at = text.find(value, max(0, pos - len(value)))
    while at != -1 and at < pos:
        if pos < at + len(value):
            return True
        at = text.find(value, at + 1)
    return False


def tidy(text: str, keep: Sequence[str] = (), english: bool = True) -> str:
    """Collapse the seams left by empty alternatives and fix case at sentence starts.

    Case is never changed where one of `keep` (fact values) begins. `english=False` leaves
    out what only English needs (counts of one, "a"/"an"): "a un" is Spanish, "il y a une"
    French, and re-agreeing them as English articles broke them.
    """
    text = text.strip()
    if "\n" in text:
        text = text.replace(" \n", "\n").replace("\n ", "\n")
    if "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    # Looked for before substituting: most texts have neither seam, and a substitution with a
    # template costs a Python-level call even where nothing matches (a space before a mark is
    # found faster as six substrings than by the pattern).
    if " ," in text or " ." in text or " !" in text or " ?" in text or " ;" in text or " :" in text:
        text = _SPACE_BEFORE.sub(r"\1", text)
    if _DOUBLE_PUNCT.search(text):
        text = _DOUBLE_PUNCT.sub(r"\2", text)
    if ".." in text:
        text = _DOUBLE_DOT.sub(".", text)
    if _JOINED_TWICE.search(text):
        text = _JOINED_TWICE.sub(r"\1", text)
    if "?." in text or "!." in text:
        text = _STOP_THEN_PUNCT.sub(r"\1", text)
    if "!," in text or "?," in text or ".," in text:
        text = _STOP_THEN_COMMA.sub(r"\1", text)

    def kept(pos: int) -> bool:  # where a value begins, or inside one ('EE. UU. continental')
        return any(v and (text.startswith(v, pos) or _within(text, v, pos)) for v in keep)

    def upper(m: re.Match[str]) -> str:
        if kept(m.start(2)):
            return m.group(0)
        return m.group(1) + m.group(2).upper()

    def lower(m: re.Match[str]) -> str:
        if kept(m.start(2)):
            return m.group(0)
        return m.group(1) + m.group(2).lower()

    text = _SENTENCE_START.sub(upper, text)
    if _MID_CAPITAL_HINT.search(text):
        text = _MID_CAPITAL.sub(lower, text)
    if text[:1].isalpha() and text[:1].islower() and not kept(0):
        text = text[0].upper() + text[1:]
    if not english:
        return text
    if "1 " in text:
        text = _ONE_PLURAL.sub(r"\1", text)
    if "(s)" in text:
        text = _N_PLURAL.sub(r"\1s", text)
    return agree_articles(text)


# ---- article agreement -------------------------------------------------------------------
# "a"/"an" follow the sound of the next word, whatever filled the slot after them ("a
# economy fare" came from a scenario's `a {cabin} fare`; "an problem" from a word swap).

# An article at the text's start or a sentence's, or a lower-case one after any space. The
# letter comes first and the place is checked behind it: a pattern that opens with a
# look-behind is tried at every position of the text, one that opens with a letter only
# where that letter is (eight times faster here).
_ARTICLE = re.compile(
    r"(a(?:(?<![\s\S]a)|(?<=\sa))n?|A(?:(?<![\s\S]A)|(?<=[.!?:]\sA))[nN]?)( +)([A-Za-z][A-Za-z'-]*)"
)
_YOU_SOUND = re.compile(r"(?i)^(u[bcfhklmnprstv][aeiou]|u[nt]i|eu|ewe|uk\b|us\b|usa|one\b|once)")
_SILENT_H = re.compile(r"(?i)^(hour|honest|honou?r|heir)")
_VOWEL_LETTERS = frozenset("AEFHILMNORSX")
_SAID_AS_WORD = re.compile(
    r"^(?:[^AEIOU]{0,2}[AEIOU][^AEIOU]+|[^AEIOU]{1,2}[AEIOU][A-Z]*)$"
)  # letters whose names start with a vowel sound


def vowel_sound(word: str) -> bool:
    """Whether `word` starts with a vowel sound, as far as spelling tells."""
    if len(word) > 1 and word.isupper() and word.isalpha():
        if _SAID_AS_WORD.match(word):  # SWIFT, PIN, SIM, NASA: read as words
            return word[0] in "AEIO"
        return word[0] in _VOWEL_LETTERS  # SMS, MRI, URL: read letter by letter
    if _SILENT_H.match(word):
        return True
    if _YOU_SOUND.match(word) and not re.match(r"(?i)^un[^i]", word):
        return False
    return word[:1].lower() in "aeiou"


def agree_articles(text: str) -> str:
    def fix(m: re.Match[str]) -> str:
        art, space, word = m.group(1), m.group(2), m.group(3)
        if len(word) == 1:
            return m.group(0)  # "a B", "option a": a letter, not an article frame
        want_an = vowel_sound(word)
        if art.lower() == "a" and want_an:
            new = {"a": "an", "A": "An"}[art]
        elif art.lower() == "an" and not want_an:
            new = {"an": "a", "An": "A", "AN": "A"}[art]
        else:
            return m.group(0)
        return f"{new}{space}{word}"

    return _ARTICLE.sub(fix, text) if " a" in text.lower() or text[:1] in "aA" else text
