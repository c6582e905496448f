"""Walkthrough 13: a refusal the studio wrote from a policy line recited the instruction to
the customer ("I'm sorry, I can't do that: don't refund if the bike was left unlocked ...")
and the critic failed it for reciting the policy. A refusal made from an order not to grant
something says the outcome and its reason in the customer's words. Fails on a8dff35."""

from __future__ import annotations

from pathlib import Path

from simulator.studio.editing import author
from simulator.studio.policy.from_policy import made_from_policy
from simulator.studio.policy.own_words import refusal_lines
from simulator.studio.trying.trial import try_text

# A library's desk policy: the refusal line is long enough to read as recited policy.
LIBRARY = (
    "Late fees on loans\n"
    "Do not waive the late fee if the book was returned damaged or after the final reminder.\n"
    "Late fees above 20 EUR go to a supervisor.\n"
)


def test_an_order_not_to_grant_is_said_as_the_outcome_and_why() -> None:
    first, again = refusal_lines(
        "do not waive the late fee if the book was returned damaged or after the final reminder"
    )
    assert first == (
        "I'm sorry, but I can't waive the late fee, as the book was returned damaged or after "
        "the final reminder."
    )
    assert again.endswith("I can't waive the late fee, as the book was returned damaged or "
                          "after the final reminder.")  # fmt: skip
    # the customer named in the third person is "you"; an order with no object refuses "this"
    assert refusal_lines("Never refund if the customer has used the pass twice")[0] == (
        "I'm sorry, but I can't refund this, as you have used the pass twice."
    )
    assert refusal_lines("don't extend the loan unless the member has no overdue books")[0] == (
        "I'm sorry, but I can't extend the loan unless you have no overdue books."
    )
    # what support must not do is no outcome: only the reason is said
    assert refusal_lines("do not promise a payout if the claim is still open")[0] == (
        "I'm sorry, but I can't do that, as the claim is still open."
    )
    for line in (first, again):
        assert "don't" not in line and "do not" not in line


def test_the_critic_does_not_fail_the_studios_own_refusal(tmp_path: Path) -> None:
    text = made_from_policy(author.STARTER, "fee", "Waive my late fee", LIBRARY)
    assert "don't waive" not in text
    refused = 0
    for seed in (1, 2, 3):
        for record in try_text(tmp_path, tmp_path / "s" / "fee.yaml", text, seed=seed):
            refused += any(t["act"] == "refuse" for t in record["turns"] if t["role"] == "support")
            checks = [f.get("category") for f in record["verdict"]["findings"]]
            assert "disclosed_instructions" not in checks, record["verdict"]
    assert refused  # the refusal was said in some conversation
