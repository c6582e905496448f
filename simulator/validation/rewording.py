"""New example lines in the manner of real ones, without copying them.

Real openings and replies are the best description of how a team's customers write, and the
one thing `learn` must not write out. So lines are generated: a second-order Markov chain over
the cluster's tokens (first-order when that finds too few new lines), where
- personal data found by the critic's detectors (emails, phones, cards, IBANs) and names after
  a naming cue ("my name is ...") become template variables (`{email}`, `{first_name}`) or end
  the line;
- a word used in fewer than K_ANON distinct conversations is never written (a name, a street,
  an order number: what is rare is what identifies);
- a line is kept only if it equals no real line and shares no COPY_N-token run with any real
  text, so nothing longer than a short n-gram is verbatim.
Lines are seeded, so the same logs give the same draft.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from agents.checks.pii import find_items

K_ANON = 3
COPY_N = 6
MAX_TOKENS = 45
_TOKEN = re.compile(r"__\w+?__|\w+(?:'\w+)*|[^\w\s]")
_NAME_CUE = re.compile(
    r"\b((?i:my name is|my name's|name is|this is|call me|i am|i'm)\s+)([A-Z][a-z]+)"
    r"(?:\s+[A-Z][a-z]+)?"
)
PLACEHOLDERS = {"__email__": "{email}", "__phone__": "{phone}", "__name__": "{first_name}"}
_STOP = "__end__"
_NO_SPACE_BEFORE = set(".,!?;:%)]'")
_NO_SPACE_AFTER = set("($#[")


def scrub(text: str) -> str:
    """`text` with personal data replaced by placeholder words (cards and IBANs by an end)."""
    for item in sorted(find_items(text), key=lambda i: -i.start):
        word = {"email": " __email__ ", "phone": " __phone__ "}.get(item.kind, " __pii__ ")
        text = text[: item.start] + word + text[item.end :]
    return _NAME_CUE.sub(lambda m: m.group(1) + "__name__", text)


def split(text: str) -> list[str]:
    return _TOKEN.findall(scrub(text))


def document_frequency(texts_by_conversation: Iterable[Iterable[str]]) -> Counter[str]:
    """In how many conversations each (casefolded) token occurs."""
    df: Counter[str] = Counter()
    for texts in texts_by_conversation:
        df.update({t.casefold() for text in texts for t in split(text)})
    return df


def ngram_keys(texts: Iterable[str], n: int = COPY_N) -> set[int]:
    """Hashes of every n-token run (casefolded, placeholders kept) in `texts`."""
    keys: set[int] = set()
    for text in texts:
        toks = [t.casefold() for t in split(text)]
        keys.update(hash(tuple(toks[i : i + n])) for i in range(len(toks) - n + 1))
    return keys


def _normal(tokens: Sequence[str]) -> str:
    return " ".join(t.casefold() for t in tokens if t not in ".,!?")


class Rewriter:
    """Generates lines from `texts` under the module's rules; `df` counts conversations per
    token over the whole corpus, `forbidden` holds the n-gram keys of every real text."""

    def __init__(self, texts: Sequence[str], df: Counter[str], forbidden: set[int]) -> None:
        # order 2 reads best; order 1 recombines more, for clusters too small for order 2
        # to say anything new
        self.chains: dict[int, dict[tuple[str, ...], Counter[str]]] = {
            2: defaultdict(Counter),
            1: defaultdict(Counter),
        }
        self.forbidden = forbidden
        self.seen = {_normal(split(t)) for t in texts}
        for text in texts:
            toks = [t if _writable(t, df) else _STOP for t in split(text)]
            for order, chain in self.chains.items():
                state: tuple[str, ...] = ("",) * order
                for tok in [*toks, _STOP]:
                    chain[state][tok] += 1
                    if tok == _STOP:
                        break
                    state = (*state[1:], tok)

    def lines(self, count: int, seed: int, attempts: int = 300) -> list[str]:
        rng = random.Random(seed)
        out: list[str] = []
        keys: set[str] = set()
        for attempt in range(2 * attempts):
            if len(out) >= count:
                break
            toks = self._walk(rng, 2 if attempt < attempts else 1)
            key = _normal(toks)
            if len([t for t in toks if t[0].isalnum() or t.startswith("__")]) < 4:
                continue
            if key in self.seen or key in keys or self._copies(toks):
                continue
            keys.add(key)
            out.append(render(toks))
        return out

    def _walk(self, rng: random.Random, order: int) -> list[str]:
        chain = self.chains[order]
        state: tuple[str, ...] = ("",) * order
        toks: list[str] = []
        while len(toks) < MAX_TOKENS:
            options = chain.get(state)
            if not options:
                break
            words, weights = zip(*sorted(options.items()), strict=True)
            tok = rng.choices(words, weights)[0]
            if tok == _STOP:
                break
            toks.append(tok)
            state = (*state[1:], tok)
        return toks

    def _copies(self, toks: Sequence[str]) -> bool:
        low = [t.casefold() for t in toks]
        return any(
            hash(tuple(low[i : i + COPY_N])) in self.forbidden for i in range(len(low) - COPY_N + 1)
        )


def _writable(token: str, df: Counter[str]) -> bool:
    if token in PLACEHOLDERS:
        return True
    if token.startswith("__"):
        return False
    return df[token.casefold()] >= K_ANON


def render(toks: Sequence[str]) -> str:
    """Tokens back to text, as a scenario template (placeholders as variables, braces doubled)."""
    parts: list[str] = []
    for i, tok in enumerate(toks):
        word = PLACEHOLDERS.get(tok) or tok.replace("{", "{{").replace("}", "}}")
        glue = i > 0 and tok[0] not in _NO_SPACE_BEFORE and toks[i - 1] not in _NO_SPACE_AFTER
        parts.append((" " if glue else "") + word)
    return "".join(parts)
