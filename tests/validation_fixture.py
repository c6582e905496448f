"""Small support logs made up for the learn/validate tests (never third-party data).

Four intents, each written from seeded random parts so no two conversations are the same;
`mix` sets the intents' shares. Each conversation's customer gives an id and a name, and
sometimes an email address, as real customers do.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

GREETINGS = ["hi", "hello", "hey there", "good morning", "hi team", ""]
INTENTS: dict[str, tuple[list[str], list[str]]] = {
    "refund": (
        ["I want a refund for", "please refund", "can I get a refund for",
         "I'd like to return and get a refund for", "refund needed for"],
        ["the blender", "my headphones", "the broken kettle", "a jacket that ripped",
         "the lamp", "those running shoes"],
    ),
    "password": (
        ["I can't log in, password problem on", "reset the password on",
         "locked out, new password for", "forgot the password for", "password keeps failing on"],
        ["my account", "the app", "the website", "my profile", "the portal"],
    ),
    "delivery": (
        ["where is the delivery of", "still waiting for delivery of",
         "delivery tracking shows nothing for", "when is the delivery of", "no delivery yet for"],
        ["my parcel", "order from last week", "the package", "my delivery", "the box I ordered"],
    ),
    "cancel": (
        ["cancel", "I want to cancel", "please cancel", "how do I cancel", "need to cancel"],
        ["my subscription", "the monthly plan", "my membership", "the premium tier",
         "auto renewal"],
    ),
}  # fmt: skip
TAILS = ["", " please", " asap", " thanks", "!", "?", " today if possible"]
NAMES = ["Mira", "Tobias", "Keiko", "Oluwaseun", "Ines", "Radek", "Priya", "Santiago"]
SUPPORT_ASK = ["Could you give me the order number?", "What is the reference on your account?",
               "Can I have your reference number please?"]  # fmt: skip
SUPPORT_DONE = ["All set, that is taken care of now.", "Done: you will get a confirmation soon.",
                "I have sorted that out for you."]  # fmt: skip


def conversation(rng: random.Random, intent: str, index: int) -> list[dict[str, str]]:
    starts, objects = INTENTS[intent]
    greeting = rng.choice(GREETINGS)
    text = f"{rng.choice(starts)} {rng.choice(objects)}{rng.choice(TAILS)}"
    opening = f"{greeting}, {text}" if greeting else text
    if rng.random() < 0.3:
        opening = opening.lower()
    ident = f"AB-{rng.randrange(10000, 99999)}"
    name = rng.choice(NAMES)
    reply = f"it's {ident}, my name is {name}"
    if rng.random() < 0.4:
        reply += f", email {name.lower()}.{index}@example.org"
    return [
        {"role": "user", "content": opening},
        {"role": "assistant", "content": rng.choice(SUPPORT_ASK)},
        {"role": "user", "content": reply},
        {"role": "assistant", "content": rng.choice(SUPPORT_DONE)},
        {"role": "user", "content": rng.choice(["thanks", "great, thank you", "ok bye"])},
    ]


def records(n: int, seed: int, mix: Sequence[float] = (1, 1, 1, 1)) -> list[dict[str, Any]]:
    """`n` OpenAI `messages` records with `metadata.intent`, intents drawn by `mix`."""
    rng = random.Random(seed)
    names = list(INTENTS)
    out = []
    for i in range(n):
        intent = rng.choices(names, mix)[0]
        out.append({"messages": conversation(rng, intent, i), "metadata": {"intent": intent}})
    return out


def as_star(record: dict[str, Any], i: int) -> dict[str, Any]:
    speaker = {"user": "user", "assistant": "agent"}
    return {
        "dialogue_id": i,
        "scenario": {"WizardCapabilities": [{"Task": record["metadata"]["intent"]}]},
        "turns": [{"speaker": speaker[m["role"]], "text": m["content"]}
                  for m in record["messages"]],
    }  # fmt: skip


def write_jsonl(path: Path, rows: Sequence[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path
