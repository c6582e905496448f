"""`heard_in` finds a value exactly where its regex (`value_regex`) does, though it compiles
none for a one-word ASCII value: checked on texts built around the characters whose case
folding differs between `str.lower()` and re.IGNORECASE."""

from __future__ import annotations

import random

from agents.scripted.common import heard_in, value_regex

VALUES = ["ORD-12345", "ada@example.com", "Ab", "k", "s1", "x y", "a.b", "_a", "ß", "ǅa", "K"]
ALPHABET = "aAbBkKsSiI0123456789-_.@ \t\nÉéßſıİKµ٣²ǅ"


def test_heard_in_agrees_with_the_value_regex() -> None:
    rng = random.Random(5)
    for _ in range(20_000):
        value = rng.choice(VALUES)
        said = [rng.choice([value, value.upper(), value.lower(), ""]) for _ in range(2)]
        glue = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 6)))
        text = glue.join(said) + "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 3)))
        expected = ["v"] if value_regex(value).search(text) else []
        assert heard_in(text, {"v": value}) == expected, (value, text)


def test_heard_in_examples() -> None:
    known = {"order_id": "ORD-12345", "email": "ada@example.com", "name": "Ada Lovelace"}
    assert heard_in("it's ord-12345, from ADA@example.com", known) == ["order_id", "email"]
    assert heard_in("ORD-123456 and xada@example.com", known) == []
    assert heard_in("ada   lovelace here", known) == ["name"]
    assert heard_in("order ORD-12345_2", known) == []
