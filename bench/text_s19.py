"""Count the defect kinds of reading s18 over a run, per persona language (issue #14).

    convsim run --n 2000 --seed 97531 --out /tmp/run
    python bench/text_s19.py /tmp/run [--examples 2]

Reading s18 (main 910d028, seed 97531) found each kind a few times in 400 turns; this counts
them over the whole run so a change is measured before and after on the same seed. Counts
are turns (lower bounds: the shapes the reader quoted, in the five languages the scripted
engine writes; the patterns are written here, apart from the phrase banks):

- `asked_again_pasted`: support's turn holds the whole of its previous turn again, word for
  word (the go-ahead question said again after "Is that really necessary?").
- `policy_to_meaning`: "It's our policy" (any language) right after the customer asked what
  it means for them.
- `first_person_pasted`: a value the customer gave in the first person ("a cash withdrawal
  I didn't make", "que je n'ai pas fait") inside a support turn.
- `size_pasted`: an exchange confirmed with the customer's relative words ("one size up").
- `handover_then_acts`: an escalation turn with a stock hand-over ("let me loop in my
  manager") that goes on with what support does itself (two or more sentences more).
- `in_front_of_me` / `glad_works`: stock support lines ("I have the order in front of me",
  "Glad that works for you").
- `lead_fragment`: a customer sentence that is only a joining lead ("Et aussi.", "Ah, y.").
- `relief_after_no`: relief or praise ("Phew", "Perfect", "Ufa", "Estupendo") opening a
  customer turn right after a support turn that says no or that it cannot say more (not of
  sarcastic personas, whose praise is the quirk).
- `opening_points_back`: a first customer turn pointing back at something said before
  ("Wie gesagt", "as I said", "lo de antes", "de tout à l'heure").
- `calque`: a set phrase said in a formal word ("Großartig, erneut.", "Que beleza,
  novamente.").
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from text_defects import Counts, Tally, run_cli, text_turns

POLICY = re.compile(
    r"(?i)(?:our policy|that's the rule|nuestra política|es la norma|notre politique|c'est la "
    r"règle|unsere Richtlinie|die Regel|nossa política|é a regra)"
)
MEANS = re.compile(
    r"(?i)(?:mean for me|mean to me|what does (?:that|this|it) mean|significa|quiere decir|"
    r"veut dire|heißt das|bedeutet das|quer dizer)"
)
FIRST = re.compile(
    r"(?i)\b(?:I|my|me|I'm|I've|yo|mi|mis|je|j'|mon|ma|mes|ich|mein\w*|mich|mir|eu|meu|minha|"
    r"meus|minhas)\b|\bque no \w+o\b|\bj'ai\b|\bque eu\b"
)
SIZE_PASTED = re.compile(
    r"(?i)(?:gegen die nächst(?:größere|kleinere) Größe getauscht|trocado por um tamanho|se "
    r"cambiará por una talla|remplacée par la taille (?:au|en)|swapped for the same item one "
    r"size|get it one size)"
)
STOCK_HANDOVER = re.compile(
    r"(?i)(?:escalate this|pass this on|hand this over|transfer you|bring in|loop in) (?:to )?"
    r"(?:a specialist|my supervisor|the right team|a senior (?:colleague|agent)|our escalations "
    r"team|a colleague|my manager)"
)
IN_FRONT = re.compile(
    r"(?i)(?:in front of me|sous les yeux|vor mir|delante|na minha frente|na minha tela)"
)
GLAD = re.compile(
    r"(?i)(?:glad that works for you|me alegro de que le sirva|ravi que cela vous convienne|"
    r"freut mich, dass das passt|que bom que deu certo)"
)
LEAD_FRAGMENT = re.compile(
    r"(?i)(?:^|[.!?]\s+)(?:Et aussi|Ah, et|Y otra cosa|Ah, y|Und noch was|Ach, und|E mais uma "
    r"coisa|Ah, e|And also|Oh, and)\s*[.!]"
)
SAYS_NO = re.compile(
    r"(?i)(?:\bcan't\b|\bcannot\b|not able to|unable to|I'm afraid|unfortunately|no puedo|no "
    r"es posible|lamentablemente|me temo|je ne peux pas|pas possible|malheureusement|kann ich "
    r"nicht|nicht möglich|leider|não posso|não consigo|não é possível|infelizmente)"
)
RELIEF = re.compile(
    r"(?i)^\W*(?:phew|great|perfect|wonderful|awesome|fantastic|brilliant|excellent|yay|"
    r"that's a relief|ufa|uf\b|ouf|puh|qué alivio|quel soulagement|que alívio|genial|"
    r"perfecto|estupendo|fenomenal|parfait|génial|formidable|super\b|perfekt|prima|klasse|"
    r"wunderbar|großartig|ótimo|perfeito|maravilh|finalmente|enfin|endlich|por fin)"
)
POINTS_BACK = re.compile(
    r"(?i)(?:\bas I said\b|\blike I said\b|wie gesagt|wie ich schon|como (?:le )?dije|lo que "
    r"le dije|lo que le digo|comme je (?:disais|l'ai dit)|como eu (?:falei|disse)|von vorhin|"
    r"de tout à l'heure|lo de antes|aquilo de antes|same as before|immer noch dasselbe|"
    r"toujours pareil|sigue igual|continua igual)"
)
CALQUE = re.compile(r"(?i)(?:,\s*erneut[.!]|erneut dasselbe|,\s*novamente[.!]|coisa novamente)")
_SENTENCE = re.compile(r"[^.!?]+[.!?]*")


def _sentences(text: str) -> int:
    return sum(1 for s in _SENTENCE.findall(text) if len(s.split()) >= 2)


def count(path: Path, examples: int) -> tuple[Counts, dict[str, list[str]]]:
    tally = Tally(examples)
    hit = tally.hit
    for conv, lang, turns in text_turns(path):
        cid = conv["id"]
        last_support = ""
        last_customer = ""
        mine: list[str] = []  # the customer's first-person values so far
        customers = 0
        # praise said as sarcasm is the persona's quirk
        sarcastic = "sarcastic" in (conv.get("edge_cases") or []) or (
            conv["persona"].get("tone") == "sarcastic"
        )
        for i, turn, text in turns:
            role = turn["role"]
            tally.turn(lang, role)
            if role == "customer":
                customers += 1
                for value in (turn.get("slots") or {}).values():
                    if isinstance(value, str) and len(value.split()) >= 3 and FIRST.search(value):
                        mine.append(value)
                if LEAD_FRAGMENT.search(text):
                    hit(lang, "lead_fragment", cid, i, text)
                no = last_support and SAYS_NO.search(last_support)
                if no and not sarcastic and RELIEF.search(text):
                    hit(lang, "relief_after_no", cid, i, f"{last_support[:100]} -> {text}")
                if customers == 1 and POINTS_BACK.search(text):
                    hit(lang, "opening_points_back", cid, i, text)
                if CALQUE.search(text):
                    hit(lang, "calque", cid, i, text)
                last_customer = text
                continue
            words = last_support.split()
            if len(words) >= 6 and last_support.strip() in text:
                hit(lang, "asked_again_pasted", cid, i, f"{last_customer} -> {text}")
            if POLICY.search(text) and MEANS.search(last_customer):
                hit(lang, "policy_to_meaning", cid, i, f"{last_customer} -> {text}")
            if any(v in text for v in mine):
                hit(lang, "first_person_pasted", cid, i, text)
            if SIZE_PASTED.search(text):
                hit(lang, "size_pasted", cid, i, text)
            m = STOCK_HANDOVER.search(text)
            if m and turn.get("act") == "escalate" and _sentences(text[m.end() :]) >= 2:
                hit(lang, "handover_then_acts", cid, i, text)
            if IN_FRONT.search(text):
                hit(lang, "in_front_of_me", cid, i, text)
            if GLAD.search(text):
                hit(lang, "glad_works", cid, i, text)
            last_support = text
    return tally.result()


KINDS = (
    "asked_again_pasted",
    "policy_to_meaning",
    "first_person_pasted",
    "size_pasted",
    "handover_then_acts",
    "in_front_of_me",
    "glad_works",
    "lead_fragment",
    "relief_after_no",
    "opening_points_back",
    "calque",
)


def main() -> None:
    run_cli(__doc__ or "", count, KINDS, lambda counts: [])


if __name__ == "__main__":
    main()
