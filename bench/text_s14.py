"""Count the defect kinds of reading s14 over a run, per persona language (issue #14).

    convsim run --n 2000 --seed 97531 --out /tmp/run
    python bench/text_s14.py /tmp/run [--examples 2]

Reading s14 found each kind a few times in 400 turns; this counts them over a whole run so a
change is measured before and after on the same seed. Counts are turns (lower bounds: the
shapes the reader quoted, in the five languages the scripted engine writes):

- `repeat_not_answer`: a support turn after a customer question or push-back that says again,
  word for word, a sentence of six words or more from an earlier support turn;
  `points_back`: those behind a lead that owns the repeat ("Here's where things stand:",
  "As I mentioned,", "Je vous le redis", "Resumindo:", "Wie gesagt").
- `typo_clarify`: support asking what the customer means right after a heavy-typo message;
  `typo_restate`: a heavy-typo customer turn after the opening that restates the issue
  (a chit-chat turn marked with the edge case).
- `cant_tell`: "I can't tell you more about that from here" and its translations.
- `reask_price`: a customer asking what something costs right after a support turn that
  stated an amount.
- `aside_off_domain`: a customer turn outside e-commerce naming a parcel's tracking link.
- `exception` / `exception_unasked`: support saying it cannot make an exception; those whose
  customer turn before asked for none (no push-back, no plea to skip or bend a rule).
- `role_field`: a role asked as a field ("I'll need the account role", "Kontorolle").
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from text_defects import CANT_TELL, Counts, Tally, run_cli, text_turns

_SENTENCE = re.compile(r"[^.!?:]+[.!?:]*")
_WORDS = re.compile(r"[^\W_]+")
POINTS_BACK = re.compile(
    r"(?i)(?:here's where things stand|as i mentioned|as i said|like i mentioned|to recap|"
    r"je vous le redis|comme je vous le disais|comme je le disais|resumindo|como eu disse|"
    r"como te disse|como le decía|como le dije|wie gesagt|wie ich schon sagte|noch einmal:)"
)
PRICE_Q = re.compile(
    r"(?i)(?:how much|h\w{0,2} m\w{0,2}ch|what does .{0,30}cost|price|cu[aá]nto (?:cuesta|"
    r"cobran|sale)|combien|was kostet|wie viel|quanto (?:custa|fica|sai))"
)
AMOUNT = re.compile(r"(?:[$€£]\s?\d|\d(?:[.,]\d\d)?\s?(?:\$|€|EUR|USD|dólares|euros?))")
TRACKING = re.compile(
    r"(?i)(?:tracking link|enlace de seguimiento|lien de suivi|Sendungsverfolgung|"
    r"link de rastreio)"
)
EXCEPTION = re.compile(r"(?i)(?:make an exception|excepción|exception|Ausnahme|exceção)")
ASKED_EXCEPTION = re.compile(
    r"(?i)(?:exception|excepción|exceção|Ausnahme|skip|just this once|bend|bypass|"
    r"sáltese|saltar|sauter|passer outre|überspringen|pular|sem (?:isso|verifica)|"
    r"sin (?:eso|verifica)|sans (?:ça|vérif)|ohne (?:das|Prüfung))"
)
ROLE_FIELD = re.compile(
    r"(?i)(?:the account role|your account role|rol en la cuenta|papel na conta|"
    r"rôle sur le compte|Rolle im Konto|Kontorolle)"
)
CLARIFY_ACTS = ("clarify",)


def _long_sentences(text: str) -> set[str]:
    return {
        s.strip().rstrip(".!?:").strip()
        for s in _SENTENCE.findall(text)
        if len(_WORDS.findall(s)) >= 6
    }


def count(path: Path, examples: int) -> tuple[Counts, dict[str, list[str]]]:
    tally = Tally(examples, width=220)
    hit = tally.hit
    for conv, lang, turns in text_turns(path):
        domain = conv["scenario_id"].split("/", 1)[0]
        cid = conv["id"]
        said: set[str] = set()
        last_customer: dict[str, object] | None = None
        last_support = ""
        for i, turn, text in turns:
            role = turn["role"]
            tally.turn(lang, role)
            if role == "customer":
                if (
                    turn.get("edge_case") == "heavy_typos"
                    and turn.get("act") == "chitchat"
                    and i > 0
                ):
                    hit(lang, "typo_restate", cid, i, text)
                if domain != "ecommerce" and TRACKING.search(text):
                    hit(lang, "aside_off_domain", cid, i, text)
                if PRICE_Q.search(text) and AMOUNT.search(last_support):
                    hit(lang, "reask_price", cid, i, text)
                last_customer = turn
                continue
            before = last_customer or {}
            before_text = str(before.get("content") or "")
            asking = before.get("act") in ("ask", "push_back") or "?" in before_text
            mine = _long_sentences(text)
            if asking and mine & said:
                hit(lang, "repeat_not_answer", cid, i, text)
                if POINTS_BACK.search(text):
                    hit(lang, "points_back", cid, i, text)
            said |= mine
            if turn.get("act") in CLARIFY_ACTS and before.get("edge_case") == "heavy_typos":
                hit(lang, "typo_clarify", cid, i, f"{before_text} -> {text}")
            if CANT_TELL.search(text):
                hit(lang, "cant_tell", cid, i, text)
            if EXCEPTION.search(text):
                hit(lang, "exception", cid, i, text)
                if before.get("act") != "push_back" and not ASKED_EXCEPTION.search(before_text):
                    hit(lang, "exception_unasked", cid, i, f"{before_text} -> {text}")
            if ROLE_FIELD.search(text):
                hit(lang, "role_field", cid, i, text)
            last_support = text
    return tally.result()


KINDS = (
    "repeat_not_answer",
    "points_back",
    "typo_clarify",
    "typo_restate",
    "cant_tell",
    "reask_price",
    "aside_off_domain",
    "exception",
    "exception_unasked",
    "role_field",
)


def main() -> None:
    run_cli(__doc__ or "", count, KINDS, lambda counts: [])


if __name__ == "__main__":
    main()
