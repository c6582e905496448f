"""Fact labels as parts of speech, and fact values by kind, so frames fit what fills them.

A scenario names its facts the way its author would say them: "order number", "last four
digits of the card", "time until I need it", "router lights". Pasted into a frame as-is they
read "your last four digits of the card" or "my router lights is no light at all". A `Label`
knows its head noun, its post-modifier ("of the card"), its number and its grammatical
person, and inflects itself: `np("your")` -> "the last four digits of your card", said by
support, "time until you need it". Values have a kind too: an identifier can be "tried", a
reason cannot, and "account role account owner" is not a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from agents.phrasing.whether import mine

_PREPOSITIONS = frozenset(
    {"of", "on", "for", "with", "until", "from", "in", "at", "to", "under", "about", "by"}
)
_NOT_PLURAL = ("ss", "us", "is", "ys")  # address, status, analysis, days-less words
_PERSONAL = ("name", "email", "phone", "address", "birth", "city", "postcode", "zip", "surname")
_CLAUSAL = frozenset({"until", "to", "before", "after", "when"})
_SUBJECTS = frozenset({"i", "you", "we", "it", "they", "he", "she"})
# A label ending in a participle that modifies its noun ("amount sent", "date requested"):
# the participle is a post-modifier, and "my amount sent" is not English ("the amount sent").
_PARTICIPLES = frozenset(
    {"sent", "paid", "lost", "made", "given", "taken", "bought", "spent", "received", "charged",
     "requested", "ordered", "booked", "used", "owed", "due", "transferred", "withdrawn"}
)  # fmt: skip
_FIRST_TO_SECOND = {"i": "you", "me": "you", "my": "your", "mine": "yours", "i'm": "you're"}
_THE_NOUN = re.compile(r"\bthe (?=\w)")
_QUESTION_WORDS = frozenset({"whether", "if"})
_SELF_HEADS = frozenset({"role", "relationship", "position", "capacity"})

# A form names whose detail it holds ("guest surname", "customer email", "account role"); a
# person says it of the one they talk to or of themselves: "your surname", "your role on the
# account", never "your guest surname" or "my last name of the customer" (reading s17: 50
# and 74 support turns in 2,000 conversations). The person is the one writing, so the owner
# goes; a role is someone's standing *on* a thing.
_PERSON = (
    r"(?:guest|customer|client|passenger|traveller|traveler|member|caller|booker|"
    r"lead passenger|lead guest|policyholder|policy holder)"
)
_OWN_DETAIL = (
    r"(surname|last name|family name|first name|full name|name|email address|email|e-mail|"
    r"phone number|phone|mobile number|date of birth|birth date|address|postcode|zip code)"
)
_ROLE_ON = r"(account|policy|booking|plan|subscription|contract|card|order|line|reservation)"
_ROLE_IN = r"(workspace|team|organi[sz]ation|company|project|household|group|business)"
_SPOKEN: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"(?i)^(?:the )?{_PERSON}(?:'s|s')? {_OWN_DETAIL}$"), r"\1"),
    (re.compile(rf"(?i)^(?:the )?{_OWN_DETAIL} (?:of|for) the {_PERSON}$"), r"\1"),
    (re.compile(rf"(?i)^{_ROLE_ON} role$"), r"role on the \1"),
    (re.compile(rf"(?i)^{_ROLE_IN} role$"), r"role in the \1"),
)


@lru_cache(maxsize=512)
def spoken(text: str) -> str:
    """A form's label as a person says it: 'guest surname' -> 'surname', 'account role' ->
    'role on the account'; any other label as it is."""
    for pattern, replacement in _SPOKEN:
        if pattern.match(text.strip()):
            return pattern.sub(replacement, text.strip())
    return text


@dataclass(frozen=True)
class Label:
    """A fact label split into head and post-modifier: 'last four digits' + 'of the card'."""

    text: str
    head: str
    post: str
    plural: bool

    @property
    def be(self) -> str:
        return "are" if self.plural else "is"

    @property
    def question(self) -> bool:
        """An indirect question ('whether anyone was hurt'): it takes no determiner and
        fits only frames that ask ('could you tell me ...'), never 'I'll need ...'."""
        return self.text.split(" ", 1)[0].lower() in _QUESTION_WORDS

    @property
    def clausal(self) -> bool:
        """A post-modifier with a clause of its own ('time until I need it', 'date when it
        happened'): the customer's own words for a fact, not the name of a form's field."""
        words = self.text.lower().split()
        at = next((i for i, w in enumerate(words) if i > 0 and w in _CLAUSAL), len(words))
        return any(w in _SUBJECTS for w in words[at + 1 :])

    @property
    def personal(self) -> bool:
        return any(p in self.text.lower() for p in _PERSONAL)

    @property
    def own_standing(self) -> bool:
        """The head names the speaker's own standing ('role on the account'): the possessive
        goes on the role ('your role on the account'), never on the account."""
        last = self.head.lower().split()[-1:] or [""]
        return last[0] in _SELF_HEADS

    @property
    def owned_post(self) -> bool:
        """The post-modifier names the owner's thing ('of the card'): 'your' goes there."""
        return bool(_THE_NOUN.search(self.post))

    def spoken_by_support(self) -> Label:
        """First person turned round: 'time until I need it' -> 'time until you need it'."""
        text = self.text
        if self.question:  # saved as "whether the customer is a member": "whether you're ..."
            asked = text.split(" ", 1)
            text = f"{asked[0]} {mine(asked[1])}" if len(asked) > 1 else text
        words = text.split()
        swapped = [_FIRST_TO_SECOND.get(w.lower(), w) for w in words]
        if len(swapped) > 2 and [w.lower() for w in swapped[1:3]] == ["you", "was"]:
            swapped[2] = "were"
        if swapped == words:
            return self
        return parse(" ".join(swapped))

    def np(self, det: str) -> str:
        """The label as a noun phrase with a determiner ('your', 'my', 'the'); an indirect
        question as it is."""
        if self.question:
            return self.text
        if det in ("your", "my") and self.clausal:
            det = "the"  # 'the date when it happened', never 'my date when it happened'
        if not self.post:
            return f"{det} {self.head}"
        first = self.post.split()[0].lower()
        if det in ("your", "my") and (first in _CLAUSAL or first in _PARTICIPLES):
            det = "the"  # 'the time until you need it', not 'your time until ...'
        if det in ("your", "my") and self.owned_post and not self.own_standing:
            return f"the {self.head} {_THE_NOUN.sub(det + ' ', self.post, count=1)}"
        return f"{det} {self.head} {self.post}"


@lru_cache(maxsize=512)
def parse(text: str) -> Label:
    words = text.split()
    cut = next((i for i, w in enumerate(words) if i > 0 and w.lower() in _PREPOSITIONS), len(words))
    if cut == len(words) > 1 and words[-1].lower() in _PARTICIPLES:
        cut -= 1  # "amount sent": the noun, then what was done with it
    head, post = " ".join(words[:cut]), " ".join(words[cut:])
    last = words[cut - 1].lower() if cut else ""
    plural = (
        len(last) > 3 and last.endswith("s") and not last.endswith(_NOT_PLURAL) and last != "news"
    )
    return Label(text=text, head=head, post=post, plural=plural)


# ---- values -------------------------------------------------------------------------------

_CLAUSE_START = frozenset(
    {"i", "i'm", "i've", "i'd", "we", "we're", "we've", "my", "our", "it", "it's", "there",
     "nobody", "someone", "they", "he", "she", "a", "an", "the", "you"}
)  # fmt: skip
_QUANTITY = re.compile(r"^(?:[$€£]\s?[\d.,]+|[\d.,]+\s?%|[\d.,]+ [a-z()]+(?: [a-z()]+)?)$")
_VERB = re.compile(
    r"(?i)\b(is|are|was|were|am|be|been|have|has|had|do|does|did|can|could|will|would|need|"
    r"want|found|got|get|go|going|lost|made|paid|bought|left|moved|[a-z]+ed|[a-z]+n't|"
    r"[a-z]+'(m|s|re|ve|d|ll))$"
)
_MODIFIER = re.compile(r"(?i)^(a|an|the|my|our|your|his|her|their|[a-z]+ly)$")


def _has_verb(words: list[str]) -> bool:
    """A finite verb somewhere: 'I miscounted', not 'my newly licensed daughter'."""
    for i, w in enumerate(words):
        if _VERB.match(w.strip(".,!?")) and not (
            w.lower().endswith("ed") and i > 0 and _MODIFIER.match(words[i - 1])
        ):
            return True
    return False


_YES_NO = frozenset({"yes", "no", "y", "n", "true", "false", "none", "n/a", "yep", "nope"})


@lru_cache(maxsize=4096)
def value_kind(value: str) -> str:
    """'id' (a code, number, email, date, name), 'quantity' ('3 days', '$19.00'), 'flag'
    (yes/no), 'clause' (a reason said as a sentence), 'short' (a word or two: 'account
    owner', 'silver') or 'phrase' (a longer description: 'no internet light at all').
    Cached: a conversation's values are framed again at many of its turns."""
    v = value.strip()
    low = v.lower()
    if low in _YES_NO:
        return "flag"
    if _QUANTITY.match(v):
        return "quantity"
    if any(ch.isdigit() for ch in v) or "@" in v:
        return "id"
    words = v.split()
    if all(w[:1].isupper() for w in words if w[:1].isalpha()) and len(words) <= 4:
        return "id"  # a name, a proper noun, a CODE
    if len(words) >= 3 and words[0].lower() in _CLAUSE_START and _has_verb(words):
        return "clause"
    return "short" if len(words) <= 2 else "phrase"
