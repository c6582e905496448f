"""Walkthrough 14's findings (issue 15): a pet insurer pasted its claim-review policy, numbered
lines of several sentences each. Each test fails on 49313d4. The policies here are other
businesses', so the reader is checked on the general case, not that one policy."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from ruamel.yaml import YAML

from scenarios.loader import load_scenarios
from scenarios.variables import REFERENCE_DATE, draw_variables
from simulator.studio.editing import author
from simulator.studio.pages.pages import summary
from simulator.studio.pages.suggested_page import suggest_html
from simulator.studio.policy.from_policy import made_from_policy, made_line
from simulator.studio.policy.headings import is_heading
from simulator.studio.policy.lookups import decides_html, theirs
from simulator.studio.policy.policy_checks import told_after
from simulator.studio.policy.suggest import suggest
from simulator.studio.policy.suggested import add_suggested
from simulator.studio.policy.told import checked_in

# A hotel's reception notes: a title, then numbered lines, two of them two sentences long.
HOTEL = (
    "Late check-out and room moves - reception notes\n"
    "1. Ask for the booking reference first. Offer a welcome drink to every guest.\n"
    "2. Room moves are not possible on fully booked nights.\n"
    "3. Explain the minibar charges item by item. Keep a friendly tone with every guest.\n"
    "4. Write down every complaint in the guest file.\n"
    "5. Mention the breakfast times to every guest who checks in.\n"
)


def _made(policy: str) -> tuple[str, str]:
    text = made_from_policy(author.STARTER, "stay", "Hotel: change my stay", policy)
    return text, suggest_html(YAML(typ="safe").load(text))


def test_every_line_read_as_no_rule_is_shown_and_counted_as_written() -> None:
    """No unclickable "and 3 more": each line the studio reads no rule in is on the page, and
    the count is of the author's lines (three whole, one in part), not of sentence pieces."""
    text, shown = _made(HOTEL)
    assert "3 lines are no rule, and part of 1 more: see under the policy." in made_line(text)
    for sentence in (
        "Offer a welcome drink to every guest.",
        "Explain the minibar charges item by item.",
        "Keep a friendly tone with every guest.",
        "Write down every complaint in the guest file.",
        "Mention the breakfast times to every guest who checks in.",
    ):
        assert f"<i>{sentence}</i>" in shown, sentence
    assert " more" not in shown[shown.index("No rule read in") :]
    # the line half read says so; the title is no line at all
    assert "<i>Offer a welcome drink to every guest.</i> <small>(the rest of this " in shown
    assert "reception notes" not in shown


def test_a_title_saying_how_the_desk_handles_something_is_a_heading() -> None:
    assert is_heading('Parcel claims - how we handle "where is my parcel" calls')
    assert is_heading("Refund requests: how to answer them")
    assert not is_heading("Refunds: how we decide is up to the manager.")


# A parcel carrier's claims desk: a threshold hand-over said of any claim, refusals said as
# "the decision stands" of either of two facts, and a way to get it.
PARCEL = (
    "Parcel claims - how we handle broken deliveries\n"
    "1. Ask for the tracking number first.\n"
    "2. If the box was opened or the seal is broken, the decision stands.\n"
    "3. If the parcel arrived damaged, refund the value of the contents.\n"
    "4. Any claim above 500 EUR goes to a senior adjuster.\n"
)


def _rules(text: str) -> list[dict[str, object]]:
    return list(YAML(typ="safe").load(text)["support"]["rules"])


def test_a_threshold_hand_over_of_any_claim_is_a_number_rule_before_all_it_overrides() -> None:
    """ "Any claim above 500 EUR goes to a senior adjuster": an amount drawn on both sides of
    500, and the hand-over first, before the refusals and the way it takes over from."""
    text = made_from_policy(author.STARTER, "claim", "Parcel: claim", PARCEL)
    data = YAML(typ="safe").load(text)
    rules = _rules(text)
    assert rules[0]["when"] == {"claim_amount": {"gt": 500}}
    assert rules[0]["action"] == "escalate"
    low, high = data["variables"]["claim_amount"]["range"]
    assert low < 500 < high
    assert [r["action"] for r in rules] == ["escalate", "refuse", "refuse", "resolve", "refuse"]


def test_a_hand_over_said_of_some_cases_still_comes_after_the_refusals() -> None:
    """Without "any", a hand-over by amount decides what would be done (walkthrough 13):
    after the refusals, before the way."""
    policy = PARCEL.replace("Any claim above 500 EUR goes", "Refunds above 500 EUR go")
    rules = _rules(made_from_policy(author.STARTER, "claim", "Parcel: claim", policy))
    assert [r["action"] for r in rules] == ["refuse", "refuse", "escalate", "resolve", "refuse"]


def test_either_fact_of_a_decision_that_stands_is_a_refusal_with_its_fact() -> None:
    """ "If the box was opened or the seal is broken, the decision stands": two refusals, each
    testing its own fact, which the customer is asked about in those words."""
    text = made_from_policy(author.STARTER, "claim", "Parcel: claim", PARCEL)
    data = YAML(typ="safe").load(text)
    refusals = [r["when"] for r in _rules(text) if r["action"] == "refuse" and "when" in r]
    assert refusals == [{"box_opened": {"eq": "yes"}}, {"seal_broken": {"eq": "yes"}}]
    assert data["customer"]["labels"]["box_opened"] == "whether the box was opened"
    assert data["customer"]["labels"]["seal_broken"] == "whether the seal is broken"


def test_a_check_with_its_outcome_is_a_rule_with_its_fact() -> None:
    """A check ("check whether ...", or a question) and what its answer decides is a rule
    testing that fact, asked in the check's words; the answer's line is read with it."""
    for policy, when, label in (
        (
            "Check whether the repair was booked inside the warranty period: if it was, "
            "decline the charge.",
            "repair_booked_inside is yes",
            "whether the repair was booked inside the warranty period",
        ),
        (
            "Check whether the meter was read by an engineer; if not, the estimate stands.",
            "meter_read_engineer is no",
            "whether the meter was read by an engineer",
        ),
        (
            "Was the parcel opened? If so, the decision stands.",
            "parcel_opened is yes",
            "whether the parcel was opened",
        ),
    ):
        [found] = suggest(policy)
        assert (found.action, found.when) == ("refuse", when), policy
        assert found.asks == {when.split()[0]: label}
    # an answer whose question says a number is not turned around ("not within 30 days")
    assert suggest("Was the item returned within 30 days? If not, decline the refund.") == []
    # "If so, ..." after no question names no fact ("so")
    assert suggest("Members are welcome. If so, waive the fee.") == []


def test_a_line_for_a_customer_still_unhappy_adds_to_the_refusals_and_decides_nothing() -> None:
    """ "Always offer the written complaints route if the customer is still unhappy" is no rule
    (walkthrough 14: rule 1 `unhappy is yes` "does it" took every unhappy caller before the
    decision): each refusal's line for a customer who pushes back ends with the offer."""
    policy = (
        PARCEL + "5. Always offer the written complaints route if the customer is still unhappy.\n"
    )
    text = made_from_policy(author.STARTER, "claim", "Parcel: claim", policy)
    data = YAML(typ="safe").load(text)
    rules = _rules(text)
    assert "unhappy" not in str(data["variables"]) and "unhappy" not in str(
        [r.get("when") for r in rules]
    )
    assert [r["action"] for r in rules] == ["escalate", "refuse", "refuse", "resolve", "refuse"]
    added = "If you're still unhappy, I can offer you the written complaints route."
    for rule in rules:
        said = [str(x) for x in rule["say"]]
        if rule["action"] == "refuse":
            assert said[-1].endswith(" " + added), said
            assert added not in said[0]
        else:
            assert added not in " ".join(said)
    # adding again adds it once; the page says what it adds, and that it is no rule
    again = add_suggested(text, "all")
    assert again.count(added) == text.count(added) == 3
    shown = suggest_html(data)
    assert f"no rule: each refusal adds <i>{added}</i>" in shown.replace("&#x27;", "'")
    assert "No rule read in" not in shown  # every line is read
    # a rule per fact of "A or B"; the add-on is none
    assert made_line(text).startswith(
        "Made from your policy: 5 rules, 5 variables (4 the rules test)."
    )


def test_add_on_lines_in_other_words() -> None:
    for line, said in (
        (
            "If the guest is still not satisfied, give them the manager's email address.",
            "If you're still not satisfied, I can give you the manager's email address.",
        ),
        (
            "Explain how to appeal when the member disagrees with the decision.",
            "If you disagree with the decision, I can explain how to appeal.",
        ),
    ):
        [found] = suggest(line)
        assert (found.action, found.when, found.does) == ("adds to refusals", "", said), line
    # a condition of the case, not how the customer takes the answer, is still a rule
    [rule] = suggest("If the parcel is lost, offer a replacement.")
    assert rule.action == "resolve" and rule.when == "parcel_lost is yes"


def test_whose_fact_it_is_stays_in_its_name_and_its_values(tmp_path: Path) -> None:
    """ "the horse's date of birth" is the horse's: asked as such, drawn as a horse's (a real,
    recent date), never "your date of birth" with a person's; "the vehicle's registration" is
    the vehicle's; the customer's own ("the rider's surname") is theirs, as before."""
    policy = (
        "1. Ask for the livery number and the horse's date of birth first.\n"
        "2. Ask for the vehicle's registration and the rider's surname before any change.\n"
        "3. Bookings of more than 5 nights go to the yard manager.\n"
    )
    [first, second] = [s for s in suggest(policy) if s.action == "asks"]
    assert first.reason == "livery number, horse's date of birth"
    assert second.reason == "vehicle's registration, surname"
    text = made_from_policy(author.STARTER, "stay", "Livery: book a stay", policy.split("2.")[0])
    data = YAML(typ="safe").load(text)
    assert data["support"]["verify"] == ["livery_number", "horse_date_of_birth"]
    assert data["customer"]["labels"]["horse_date_of_birth"] == "horse's date of birth"
    path = tmp_path / "stay.yaml"
    path.write_text(text, encoding="utf-8")
    [scenario] = load_scenarios([path])
    for seed in range(40):
        born = date.fromisoformat(draw_variables(scenario, seed, "en_GB")["horse_date_of_birth"])
        assert REFERENCE_DATE - timedelta(days=16 * 366) < born < REFERENCE_DATE, born


def test_a_persons_date_of_birth_is_a_real_adult_date(tmp_path: Path) -> None:
    policy = "Ask for the account number and the customer's date of birth before any change.\n"
    text = made_from_policy(author.STARTER, "plan", "Phone: change my plan", policy)
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    [scenario] = load_scenarios([path])
    for seed in range(40):
        born = date.fromisoformat(draw_variables(scenario, seed, "en_GB")["date_of_birth"])
        assert 18 <= (REFERENCE_DATE - born).days / 365.25 <= 91, born


def test_first_messages_come_from_the_policy_never_from_a_name_that_names_a_process() -> None:
    """ "Parcel: claim review" names what the desk does, not what a customer asks: no "I'd
    like to claim my review" (walkthrough 14), but the policy's topic, and the request it
    quotes customers making first."""
    policy = (
        'Claim reviews - how we handle "can you look at my claim again" calls\n'
        + (PARCEL.split("\n", 1)[1])
    )
    text = made_from_policy(author.STARTER, "claim-review", "Parcel: claim review", policy)
    customer = YAML(typ="safe").load(text)["customer"]
    assert customer["openings"] == [
        "Hi, can you look at my claim again?",
        "Can you help me with my claim, please?",
        "something's not right with my claim",
    ]
    assert customer["goal"] == "I need help with my claim."
    assert "review" not in " ".join(customer["openings"])
    # a quote that is no customer's request is not said as one
    plain = 'Parcel claims\nUse "Dear customer" in letters.\n' + PARCEL.split("\n", 1)[1]
    text = made_from_policy(author.STARTER, "claim-review", "Parcel: claim handling", plain)
    assert YAML(typ="safe").load(text)["customer"]["openings"][0] == (
        "Hi, I have a question about my parcel."
    )


def test_a_fact_the_policy_has_support_check_is_looked_up_not_asked() -> None:
    """ "Check the claim against the policy: was the condition pre-existing ..." has support
    decide it from its records: no rule's fact is asked of the customer by default (walkthrough
    14: "could you let me know whether the condition is pre-existing?")."""
    policy = (
        "1. Ask for the account number first.\n"
        "2. Check the repair history: was the fault reported before, was the device dropped.\n"
        "3. If the fault was reported before or the device was dropped, the decision stands.\n"
        "4. If the customer is a student, waive the fee.\n"
    )
    text = made_from_policy(author.STARTER, "repair", "Phone: repair", policy)
    data = YAML(typ="safe").load(text)
    whens = [r.get("when") for r in _rules(text)]
    assert {"fault_reported_before": {"eq": "yes"}} in whens
    assert {"device_dropped": {"eq": "yes"}} in whens
    knows = data["customer"]["knows"]
    assert "fault_reported_before" not in knows and "device_dropped" not in knows
    assert "student" in knows  # not checked by support: the customer's to tell
    assert checked_in(policy, "device_dropped") and not checked_in(policy, "student")
    # a line that has support ask the customer checks nothing itself
    assert not checked_in(
        "Check with the customer whether the device was dropped.", "device_dropped"
    )


def test_the_last_refusal_names_what_it_refuses_and_labels_say_me() -> None:
    """ "If A, B and C, the purchase price (or the unused part) is refunded within 5 working
    days": the last rule refuses to refund the purchase price, never "do that"."""
    policy = (
        "If the item is unopened, the receipt is shown and the box is intact, the purchase "
        "price (or the unused part) is refunded within 5 working days.\n"
    )
    rules = _rules(made_from_policy(author.STARTER, "refund", "Shop: refund", policy))
    assert rules[-1]["say"][0] == (
        "I'm sorry, but I can only refund the purchase price if the item is unopened."
    )
    [s] = suggest(
        "If the item was damaged by the customer or the box is missing, the decision stands."
    )
    assert s.asks["item_damaged"] == "whether the item was damaged by me"


def test_the_summary_counts_customers_in_the_plural() -> None:
    left = {"outcome": {"status": "abandoned", "ended_by": "customer"}, "verdict": {}}
    done = {"outcome": {"status": "resolved", "ended_by": "customer"}, "verdict": {}}
    shown = summary([left, left, done])
    assert "2 customers gave up" in shown and "2 customer " not in shown
    assert "1 customer gave up" in summary([left, done])


def test_a_decision_that_stands_says_its_own_fact_and_a_hand_over_what_the_customer_hears() -> None:
    """Each refusal of "If A or B, the decision stands" says its fact, not the sentence with
    the other one; what the policy has support tell the customer on a hand-over is said."""
    policy = PARCEL.replace(
        "goes to a senior adjuster.",
        "goes to a senior adjuster; tell the customer they will hear back within 10 days.",
    )
    rules = _rules(made_from_policy(author.STARTER, "claim", "Parcel: claim", policy))
    assert rules[0]["say"] == [
        "I'm passing this to a senior adjuster: they decide on any claim above 500 EUR. "
        "You'll hear back within 10 days."
    ]
    assert rules[1]["say"][0] == "I'm sorry, but the decision stands: the box was opened."
    assert rules[2]["say"][0] == "I'm sorry, but the decision stands: the seal is broken."
    assert told_after("Let the customer know they are on the waiting list.") == (
        "You're on the waiting list."
    )


def test_what_support_asks_before_deciding_is_said_on_supports_side() -> None:
    """The page's "Before deciding, support asks the customer for:" names the fact as support
    would ("whether they're a student"), never in the customer's "I"."""
    policy = (
        "1. Ask for the account number first.\n2. If the customer is a student, waive the fee.\n"
    )
    data = YAML(typ="safe").load(made_from_policy(author.STARTER, "fee", "Gym: fee", policy))
    assert data["customer"]["labels"]["student"] == "whether I'm a student"  # the customer's
    shown = decides_html(data)
    assert "<b title='in the file: student'>whether they&#x27;re a student</b>" in shown
    assert theirs("whether I have my receipt") == "whether they have their receipt"


def test_the_note_about_a_way_names_its_line() -> None:
    """ "This line becomes a rule" belonged to no line on the page (walkthrough 14)."""
    policy = "If the parcel arrived damaged, refund the value of the contents."
    text = made_from_policy(author.STARTER, "claim", "Parcel: claim", policy)
    shown = suggest_html(YAML(typ="safe").load(text))
    assert f"The line <i>{policy}</i> becomes a rule: when what it names holds" in shown
    assert "This line" not in shown


def test_a_way_says_what_happens_by_when_as_the_policy_says_it() -> None:
    """ "..., the purchase price (or the unused part) is refunded within 5 working days": the
    rule that does it says so, not the starter's "Done! That's taken care of"."""
    policy = (
        "If the item is unopened, the receipt is shown and the box is intact, the purchase "
        "price (or the unused part) is refunded within 5 working days."
    )
    rules = _rules(made_from_policy(author.STARTER, "refund", "Shop: refund", policy))
    assert rules[0]["action"] == "resolve"
    assert rules[0]["say"] == ["Good news: the purchase price is refunded within 5 working days."]


def test_lines_that_say_how_a_rule_is_carried_out_are_read_with_it() -> None:
    """ "Do not discuss any claim until both match" after what support asks for first, and
    "explain why in plain words" after a refusal, are read with them, not listed as no rule."""
    policy = (
        "1. Ask for the tracking number first. Do not discuss any claim until it matches.\n"
        "2. If the box was opened, the decision stands; explain why in plain words.\n"
    )
    found = suggest(policy)
    assert [(s.action, s.more) for s in found] == [
        ("asks", "Do not discuss any claim until it matches."),
        ("refuse", "explain why in plain words."),
    ]
    text = made_from_policy(author.STARTER, "claim", "Parcel: claim", policy)
    assert "no rule" not in made_line(text)
