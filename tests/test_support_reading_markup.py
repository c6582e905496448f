"""Reading support text the way bots outside this project write it: markdown (headings,
bullets, bold, tables), money "sent back", "no need to" (not a refusal), a handover with no
one named ("transferring you now"), a request phrased as what support cannot do without a
fact, and a verbless "need the ...". Wordings here are not the outsider bots' own: the rules
they test are grammatical, so any wording of the same shape must read the same."""

from __future__ import annotations

import pytest

from agents.understanding import read_support
from agents.understanding.text import plain

FACTS = {"order_id": "order ID", "email": "email"}


def test_plain_removes_markdown_and_keeps_the_words() -> None:
    text = (
        "### Cancellation done\n\n- **Booking:** `BK-2291`\n* _Fee:_ none\n"
        "> see [the terms](https://example.test/terms)\n\n| Item | When |\n|---|:---:|\n"
        "| Card refund | **3 days** |"
    )
    assert plain(text).splitlines() == [
        "Cancellation done",
        "",
        "Booking: BK-2291",
        "Fee: none",
        "see the terms",
        "",
        "Item",
        "When",
        "Card refund",
        "3 days",
    ]
    assert plain("order_id and snake_case stay; 4 * 5 = 20") == (
        "order_id and snake_case stay; 4 * 5 = 20"
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("## Booking cancelled\n\n- **Ref:** `BK-2291`", "cancel"),
        ("**Refund processed** for your order.", "refund"),
        ("Your funds were sent back to the card you paid with.", "refund"),
        ("We reversed the duplicate payment this morning.", "refund"),
        ("The full reimbursement of booking BK-2291 has been effected.", "refund"),
    ],
)
def test_claims_in_markup_and_in_other_words(text: str, kind: str) -> None:
    r = read_support(text, FACTS)
    assert kind in r.claims and not r.refuses, r


@pytest.mark.parametrize(
    "text",
    [
        "It's been refunded, and there's no need to post the parcel back.",
        "Done, and you don't have to return anything.",
        "Cancelled; you needn't send the box back.",
    ],
)
def test_no_need_to_is_not_a_refusal(text: str) -> None:
    r = read_support(text, FACTS)
    assert r.claims and not r.refuses, r


def test_a_perfect_with_have_is_still_a_refusal() -> None:
    r = read_support("Sorry, we have not been able to cancel the booking.", FACTS)
    assert r.refuses and not r.claims, r


@pytest.mark.parametrize(
    ("text", "hands_over"),
    [
        ("Connecting you now.", True),
        ("One moment while I transfer you.", True),
        ("I'll get you through to a specialist.", True),
        ("I'll transfer you to the returns page of our website.", False),
        ("You can transfer the credit to another card.", False),
    ],
)
def test_handover_without_naming_who(text: str, hands_over: bool) -> None:
    assert read_support(text, FACTS).hands_over is hands_over


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("We cannot go any further without the order ID you were sent.", {"order_id"}),
        ("I'm unable to look it up without your e-mail address.", {"email"}),
        ("Still need the order ID.", {"order_id"}),
    ],
)
def test_what_support_cannot_do_without_a_fact_asks_for_it(text: str, facts: set[str]) -> None:
    r = read_support(text, FACTS)
    assert r.asks == facts and not r.refuses, r
