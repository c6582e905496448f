"""The move to word, as the dialogue logic decides it (re-exported by agents.phrasing)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Utterance:
    """A move to word. `content` is scenario-authored text (already rendered) to carry."""

    role: str  # "customer" | "support"
    act: str  # an act constant from agents.types
    facts: dict[str, str] = field(default_factory=dict)  # label -> value ("" when requesting)
    content: str | None = None
    edge_case: str | None = None
    turn_index: int = 0
    # What the other side just did (its act, when known, and its text) and the scenario's
    # domain: reactions and fillers are chosen to fit them ("Thanks" after details were
    # given, never "Perfect!" after a complaint; no caching aside in a jacket exchange).
    after: str | None = None
    after_text: str = ""
    domain: str | None = None
    # The scenario's intent ("service_outage"): asides that belong to one kind of case
    # ("I work from home, I need the connection") are said only in it.
    intent: str | None = None
    language: str = "en"
    # Support opens the turn with what a lookup showed ("I found the order."): that is its
    # reaction to the details given, so the act's own thanks is not said after it.
    noted: bool = False  # what to write in; banks other than English: agents.phrasing.localized
    # The customer's goal reports nothing gone wrong (a change, a question, a cancellation):
    # its temper is impatience, never outrage at a failure ("Fix it!" to a new driver).
    routine: bool = False
    # Support's first reply (nothing said before it but a greeting): no lead that presumes
    # earlier steps ("Almost there", "One more thing").
    first_reply: bool = False
    # Personal data was sent unasked while the turn has a wording of its own (`edge_case`):
    # a privacy remark leads it all the same (reading s17: es 0/11 overshares remarked on).
    privacy: bool = False
    # Facts the scenario names by a question ("whether I want standard or express delivery",
    # "whether anyone was hurt"), by label: "choice" (one of the options it names) or "yes_no".
    # Another language's label is a noun ("Versandart der neuen Karte"): a value framed as that
    # field read as a form ("Express-Versand ist die Versandart der neuen Karte", "Codes de
    # secours: j'ai retrouvé les codes", text7's read), so the value is said as an answer.
    answers: dict[str, str] = field(default_factory=dict)
