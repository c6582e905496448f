"""The scripted roles' shortcuts mean what the plain code meant (bench/roles.py times them)."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from agents.scripted import moot
from agents.scripted.memory import load_state, memory_of
from agents.scripted.state import CustomerState
from agents.scripted.support_state import SupportState


def _plain_ruled_out(text: str) -> frozenset[str]:
    """moot.ruled_out as first written: the case-insensitive patterns over the text itself."""
    found: set[str] = set()
    for m in moot._NEGATED.finditer(text):
        for word in m.group(1).lower().split():
            if word not in moot._LIGHT:
                if word not in moot._NOTHING and word.isalpha() and len(word) >= 4:
                    found.add(moot.stem(word))
                break
    found.update(moot.stem(m.group(1).lower()) for m in moot._NOT_ABLE.finditer(text))
    found.update(moot.stem(m.group(1).lower()) for m in moot._NONE_DUE.finditer(text))
    return frozenset(found)


def test_ruled_out_lowered_is_the_case_insensitive_reading() -> None:
    pieces = [
        "can't", "CANNOT", "Can Not", "couldn't", "Won't be able to", "not able to", "UNABLE TO",
        "isn't", "Is Not", "aren't", "non-", "No", "no", " ", "  ", "\n", ".", ",", ";", "!",
        "refund", "Refunded", "REFUNDABLE", "transferable", "it", "the", "be", "from here",
        "is", "are", "will be", "due", "Possible", "available", "payable", "fee", "$", "'",
        "-", "a", "\u00e9", "\u0130", "\u017f", "K", "\u212a", "ss", "\u00df",
    ]  # fmt: skip
    rng = random.Random("ruled_out")
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 24))) for _ in range(20000)]
    texts += ["We can't refund it. No refund of the unused premium is due.", "NON-REFUNDABLE"]
    for text in texts:
        assert moot.ruled_out.__wrapped__(text) == _plain_ruled_out(text), text
    assert moot.ruled_out("Monthly renewals CANNOT be refunded.") == frozenset({"refun"})


@dataclass
class _Book:
    done: bool = False
    count: int = 0
    said: str = ""
    seen: list[str] = field(default_factory=list)
    by: dict[str, int] = field(default_factory=dict)


def test_load_state_copies_what_a_turn_changes_and_ignores_other_keys() -> None:
    first = load_state(_Book, {})
    assert first == _Book()
    first.seen.append("x")
    first.by["a"] = 1
    memory = memory_of(first)
    assert memory == {"done": False, "count": 0, "said": "", "seen": ["x"], "by": {"a": 1}}
    again = load_state(_Book, memory)  # every field: the instance dict, containers copied
    assert again == first and again.seen is not memory["seen"] and again.by is not memory["by"]
    again.seen.append("y")
    again.by["b"] = 2
    assert memory == {"done": False, "count": 0, "said": "", "seen": ["x"], "by": {"a": 1}}
    part = load_state(_Book, {"count": 3, "seen": ["z"], "extra": 1})  # some fields, and more
    assert part == _Book(count=3, seen=["z"]) and not hasattr(part, "extra")
    assert list(vars(load_state(_Book, memory))) == list(vars(_Book()))  # field order kept


def test_the_roles_state_round_trips_through_memory() -> None:
    for cls in (CustomerState, SupportState):
        st = cls()
        for value in vars(st).values():
            if isinstance(value, list):
                value.append("v")
            elif isinstance(value, dict):
                value["k"] = "v"
        memory = memory_of(st)
        back = load_state(cls, memory)
        assert back == st
        for name, value in vars(back).items():
            if isinstance(value, list | dict):
                assert value is not memory[name], name


def test_lowered_patterns_are_the_patterns_without_their_flag() -> None:
    for plain, lowered in zip(
        (moot._NEGATED, moot._NOT_ABLE, moot._NONE_DUE), moot._LOWERED, strict=True
    ):
        assert plain.flags & re.IGNORECASE and not lowered.flags & re.IGNORECASE
        assert "(?i)" + lowered.pattern == plain.pattern
