"""Measure agents.understanding.support on support text nobody here wrote: STAR's agents.

    python bench/support_reading.py PATH/star_dialogues.jsonl.gz [--errors N]

STAR (RasaHQ, MIT) holds 6,652 human-human task dialogues; each agent ("Wizard") turn that
was sent through the annotation tool carries an `action_label`. The labels are mapped onto
the reader's classes below (MAPPING, documented in docs/support-reading.md): every label
gives the classes a correct reading must contain (`required`) and the ones it may also
contain without being wrong (`allowed`, e.g. a booking confirmation that also states the
booking ID answers as well as claims). Precision of a class counts a predicted class as
wrong only if the label does not allow it; recall counts a required class as missed if not
predicted. Unlabelled and `custom` turns, and the trivia domain (a quiz, not support), are
left out. Figures are given per turn and per distinct (label, text) pair, because STAR's
agents mostly picked templated replies and a few templates dominate the turn counts.

For `ask_<fact>` labels the fact is the label's tail (bank_ask_account_number ->
account_number); the reader is given every such fact of the dialogue's domains, named only
by their keys (no labels), and must name the right one. STAR text is read from the path
given and never written anywhere; nothing of it is in the repository.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agents.understanding.support import (
    ANSWERS,
    ASKS,
    CLAIMS,
    CLASSES,
    CLOSES,
    GREETS,
    OFFERS,
    REFUSES,
    read_support,
)

Expected = tuple[frozenset[str], frozenset[str]]  # (required, allowed beyond required)


def _e(required: set[str], allowed: set[str] | None = None) -> Expected:
    return frozenset(required), frozenset(allowed or set())


# Label patterns, first match wins. The classes: asks (for information), claims (an action
# done), offers (an action proposed or promised), refuses (cannot or will not; nothing
# found), answers (information given), greets, closes. STAR has no label for handing over
# or stalling; those two are measured on nothing here (see docs/support-reading.md).
MAPPING: tuple[tuple[str, Expected], ...] = (
    (r"^(custom|trivia_.*|spaceship_inform_outcome)$", _e(set())),  # excluded
    (r"^hello$", _e({GREETS})),
    (r"^(anything_else|goodbye_\d|.*_bye)$", _e({CLOSES})),
    (r"^out_of_scope$", _e({REFUSES}, {ASKS})),
    (r"^meeting_inform_unavailable_ask_different_time$", _e({REFUSES}, {OFFERS, ASKS})),
    (
        r".*(unavailable|_failed|nothing_found|cannot_authenticate|not_available|"
        r"no_venue_available)$",
        _e({REFUSES}, {ASKS, OFFERS, ANSWERS}),
    ),
    (
        r".*(booking_successful|reservation_succeeded|report_submitted|booking_successful|"
        r"meeting_inform_confirmed|confirm_rsvp|changes_successful|request_successful|"
        r"^ride_confirm_booking)$",
        _e({CLAIMS}, {ANSWERS, CLOSES}),
    ),
    (
        r".*(ask_confirm_booking|flight_available|booking_available|viewing_available)$",
        _e({OFFERS}, {ANSWERS, ASKS}),
    ),
    (r"^plane_request_optional$", _e({OFFERS}, {ANSWERS})),
    (r".*_inform_search_criteria$", _e({ANSWERS}, {OFFERS})),
    (
        r".*(search_more|continue_searching|more_questions|custom_message|food_drink_criteria|"
        r"ask_change|ask_service_request|ask_customer_request)$",
        _e({ASKS}, {OFFERS}),
    ),
    (r"^trip_inform_(simple_step_ask_proceed|last_step_and_done)$", _e({ANSWERS}, {ASKS, OFFERS})),
    (r"^(?:\w+_)?ask_\w+$", _e({ASKS})),
    (r".*(_inform_|_provide_|instructions_done).*", _e({ANSWERS})),
)
_NOT_A_FACT = re.compile(r"confirm|search_more|continue_searching|more_questions|change$")


def expected(label: str) -> Expected | None:
    for pattern, exp in MAPPING:
        if re.match(pattern, label):
            return exp if exp[0] else None
    return None


def asked_fact(label: str) -> str | None:
    m = re.match(r"^(?:[a-z]+_)?ask_(\w+)$", label)
    if m is None or _NOT_A_FACT.search(m.group(1)) or not label.startswith(("ask_", *_DOMAINS)):
        return None
    return m.group(1)


_DOMAINS = (
    "bank_", "ride_", "hotel_", "doctor_", "restaurant_", "party_", "plane_", "trip_",
    "apartment_", "meeting_", "weather_", "spaceship_",
)  # fmt: skip


def turns(path: Path) -> Iterator[tuple[list[str], str, str]]:
    """(domains, action label, text) for every labelled agent turn."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            domains = [str(x).casefold() for x in d.get("scenario", {}).get("Domains", [])]
            for t in d.get("turns", []):
                if str(t.get("speaker", "")).casefold() in ("user", "customer"):
                    continue
                label = t.get("action_label")
                if label:
                    yield domains, str(label), str(t.get("text", ""))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("star", type=Path, help="path to star_dialogues.jsonl.gz")
    ap.add_argument("--errors", type=int, default=0, help="print N most frequent mistakes")
    args = ap.parse_args()
    if not args.star.is_file():
        print(
            f"support_reading: error: {args.star}: no such file; give STAR's path", file=sys.stderr
        )
        return 2
    rows = list(turns(args.star))
    facts_by_domain: dict[str, set[str]] = defaultdict(set)
    for domains, label, _ in rows:
        fact = asked_fact(label)
        if fact:
            for dom in domains:
                facts_by_domain[dom].add(fact)
    stats: dict[str, dict[str, Counter[str]]] = {
        k: {"tp": Counter(), "fp": Counter(), "fn": Counter()} for k in ("turn", "text")
    }
    undecided: Counter[str] = Counter()
    fact_tp = fact_fp = fact_fn = 0
    mistakes: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    n = {"turn": 0, "text": 0}
    for domains, label, text in rows:
        exp = expected(label)
        if exp is None:
            continue
        required, allowed = exp
        facts = {f: f.replace("_", " ") for d in domains for f in sorted(facts_by_domain[d])}
        reading = read_support(text, facts)
        got = reading.classes
        keys = ["turn"] + (["text"] if (label, text) not in seen else [])
        seen.add((label, text))
        for key in keys:
            n[key] += 1
            undecided[key] += reading.undecided
            for cls in got:
                if cls in required:
                    stats[key]["tp"][cls] += 1
                elif cls not in allowed:
                    stats[key]["fp"][cls] += 1
            for cls in required - got:
                stats[key]["fn"][cls] += 1
        if (required - got) or (got - required - allowed):
            mistakes[f"{label}: got {sorted(got)} | {text[:110]!r}"] += 1
        fact = asked_fact(label)
        if fact:
            fact_tp += fact in reading.asks
            fact_fn += fact not in reading.asks
            fact_fp += len(reading.asks - {fact})
    print(f"STAR agent turns with a mapped label: {n['turn']} ({n['text']} distinct texts)")
    print(f"{'class':<11} {'P/turn':>7} {'R/turn':>7} {'P/text':>7} {'R/text':>7} {'n/text':>7}")
    for cls in CLASSES:
        line = [f"{cls:<11}"]
        for key in ("turn", "text"):
            s = stats[key]
            t, fp, fn = s["tp"][cls], s["fp"][cls], s["fn"][cls]
            line += [_ratio(t, t + fp), _ratio(t, t + fn)]
        line.append(f"{stats['text']['tp'][cls] + stats['text']['fn'][cls]:>7}")
        print(" ".join(line))
    print(
        f"cannot tell: {_ratio(undecided['turn'], n['turn']).strip()} of turns, "
        f"{_ratio(undecided['text'], n['text']).strip()} of distinct texts"
    )
    print(
        f"facts named in ask turns: precision {_ratio(fact_tp, fact_tp + fact_fp).strip()}, "
        f"recall {_ratio(fact_tp, fact_tp + fact_fn).strip()} ({fact_tp + fact_fn} turns)"
    )
    for text, count in mistakes.most_common(args.errors):
        print(f"{count:5d}  {text}")
    for name, title in SAMPLES:
        free_text(args.star, DATA / name, title, args.errors)
    return 0


DATA = Path(__file__).resolve().parent / "data"
SAMPLES = (
    ("star_free_sample.json", "free-text agent turns, hand-labelled, dev (errors looked at)"),
    ("star_free_heldout.json", "free-text agent turns, hand-labelled, held out (never tuned on)"),
)


def free_text(path: Path, sample: Path, title: str, errors: int) -> None:
    """Free-text agent turns (no template), labelled by hand; looked up by id, not shipped."""
    labels = json.loads(sample.read_text(encoding="utf-8"))["labels"]
    wanted = {(r["dialogue_id"], r["turn"]): r for r in labels}
    texts: dict[tuple[int, int], str] = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            for i, t in enumerate(d.get("turns", [])):
                if (d["dialogue_id"], i) in wanted:
                    texts[(d["dialogue_id"], i)] = str(t.get("text", ""))
    s: dict[str, Counter[str]] = {"tp": Counter(), "fp": Counter(), "fn": Counter()}
    undecided = empty = empty_right = 0
    wrong: list[str] = []
    for key, row in wanted.items():
        required, allowed = set(row["required"]), set(row["allowed"])
        reading = read_support(texts[key])
        got = set(reading.classes)
        undecided += reading.undecided
        if not required:
            empty += 1
            empty_right += got <= allowed
        for cls in got:
            if cls in required:
                s["tp"][cls] += 1
            elif cls not in allowed:
                s["fp"][cls] += 1
        for cls in required - got:
            s["fn"][cls] += 1
        if (required - got) or (got - required - allowed):
            wrong.append(f"want {sorted(required)} got {sorted(got)} | {texts[key][:100]!r}")
    print(f"\n{title}: {len(wanted)} turns")
    print(f"{'class':<11} {'P':>7} {'R':>7} {'n':>5}")
    for cls in CLASSES:
        t, fp, fn = s["tp"][cls], s["fp"][cls], s["fn"][cls]
        print(f"{cls:<11} {_ratio(t, t + fp)} {_ratio(t, t + fn)} {t + fn:>5}")
    exact = len(wanted) - len(wrong)
    print(
        f"cannot tell: {_ratio(undecided, len(wanted)).strip()} of turns; "
        f"turns with nothing to tell read as such: {empty_right}/{empty}; "
        f"turns read exactly right: {exact}/{len(wanted)}"
    )
    for line in wrong[:errors]:
        print("  " + line)


def _ratio(a: int, b: int) -> str:
    return f"{a / b:7.2f}" if b else f"{'-':>7}"


if __name__ == "__main__":
    raise SystemExit(main())
