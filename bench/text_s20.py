"""Count the defect kinds text7's read left open (session 19) over a run, per language (#14).

    convsim run --n 2000 --seed 31415 --out /tmp/run
    python bench/text_s20.py /tmp/run [--examples 2]

text7's own 100-turn read (seeds 97531, 2468) found these a few times each; this counts them
over a whole run so a change is measured before and after on the same seed. Counts are turns
(lower bounds; the patterns are written here, apart from the phrase banks, and the plural
values and choice labels are read from the built-in library itself):

- `size_pasted`: an exchange confirmed with the customer's relative words ("one size up").
- `choice_as_label`: a customer turn that gives a choice (a fact whose English label is a
  "whether ..." question) back with its label as a noun ("Express-Versand ist die Versandart
  der neuen Karte", "tipo de envío de la tarjeta nueva: envío urgente").
- `again_unanswered`: a customer asking to hear it again, to have it summed up, or whether it
  is all done, answered that support has no more details.
- `plural_singular`: a plural value of the library (its English choice is a plural noun)
  followed by a verb in the singular ("unos zapatos ... puede llegar", "des chaussures peut
  arriver"), or after an article of the frame ("o umas xícaras").
- `redirect_repeats`: a redirect that says a request of support's turn before again word for
  word ("Weiter im Text: Könnten Sie mir bitte Ihre Versicherungsnummer nennen?").

Reader 20's families (session 20, seed 80513), English:

- `advice_as_fact`: advice led as a fact or a rule: an imperative after "About that," ("About
  that, shut off the water"), a recommendation after "According to the guidelines:" ("... a
  parcel locker is the safest option").
- `readout`: a customer's opening fact read out as a form's field: an amount as a possession
  ("My charge amount is $1185"), "is no longer needed" said of the label, a plural label said
  to be one thing ("the router lights are a blinking orange light").
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from text_defects import Counts, Tally, run_cli, text_turns

SIZE_PASTED = re.compile(
    r"(?i)(?:gegen die nächst(?:größere|kleinere) Größe getauscht|trocado por um tamanho|se "
    r"cambiará por una talla|remplacée par la taille (?:au|en)|swapped for the same item one "
    r"size|get it one size)"
)
AGAIN = re.compile(
    r"(?i)(?:explain (?:that|it) again|go over (?:that|it)|run (?:that|it) by me again|"
    r"explicar\w* (?:otra vez|de nuevo)|me lo (?:repite|resume)|ya está (?:todo )?(?:hecho|"
    r"resuelto)|réexpliquer|expliquer (?:à nouveau|encore)|c'est réglé|tout est fait|"
    r"noch einmal erklären|nochmal erklären|ist (?:das )?(?:jetzt )?erledigt|alles geklärt|"
    r"explicar de novo|explicar outra vez|já está resolvido|está tudo certo)"
)
NO_MORE = re.compile(
    r"(?i)(?:don't have (?:any more detail|anything more)|can't tell you more|no tengo más "
    r"detalles|no puedo decirle nada más|pas plus de détails|pas vous en dire plus|keine "
    r"weiteren Details|mehr kann ich Ihnen dazu|mehr weiß ich dazu|não tenho mais detalhes|"
    r"não consigo te dizer mais)"
)
# singular verbs a value may be the subject of, by language
SINGULAR_VERB = {
    "es": r"(?:puede|llega|llegará|llegaría|está|es|sale|cuesta|tarda)",
    "fr": r"(?:peut|arrive|arrivera|est|sera|part|coûte)",
    "de": r"(?:kann|kommt|ist|wird|kostet)",
    "pt": r"(?:pode|chega|chegará|está|é|sai|custa|vai)",
}
ARTICLE_BEFORE = {"pt": r"\b(?:o|a)\s+", "es": r"\b(?:el|la)\s+", "fr": r"\b(?:le|la)\s+"}
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
ADVICE_AS_FACT = re.compile(
    r"(?:(?:About that|On your question|As for your question), (?:shut|switch|turn|unplug|"
    r"restart|check|call|take|keep|use|try|go|contact|send|make|wait|leave|choose|bring|"
    r"photograph|stop|ask)\b|(?:According to|Going by) (?:our|the) (?:policy|guidelines|"
    r"terms): [^.]*\b(?:safest|best option|best bet|recommend|suggest|you should)\b)"
)
READOUT = re.compile(
    r"(?i)(?:\bmy \w+ amount (?:is|was)\b|\b(?:is|are) no longer needed\b|\b\w+s are an? "
    r"\w+(?: \w+)? (?:light|symbol|sign)\b)"
)


def _library() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """From the built-in library: the plural values of each language (a translation whose
    English choice is a plural noun) and each language's labels of choice facts."""
    import yaml

    from agents.phrasing.number import is_plural

    root = Path(__file__).resolve().parent.parent / "scenarios" / "library"
    plurals: dict[str, list[str]] = {}
    labels: dict[str, list[str]] = {}
    for file in root.rglob("*.yaml"):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            continue
        for var in (data.get("variables") or {}).values():
            if not isinstance(var, dict) or not var.get("choice"):
                continue
            for lang, values in (var.get("translations") or {}).items():
                for en, value in zip(var["choice"], values, strict=False):
                    if isinstance(en, str) and is_plural(en):
                        plurals.setdefault(lang, []).append(str(value))
        for label in ((data.get("customer") or {}).get("labels") or {}).values():
            if isinstance(label, dict) and str(label.get("en", "")).startswith("whether"):
                for lang, text in label.items():
                    if lang != "en":
                        labels.setdefault(lang, []).append(str(text))
    return plurals, labels


def _any(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    return re.compile("(?i)(?:" + "|".join(sorted({re.escape(w) for w in words})) + ")")


def count(path: Path, examples: int) -> tuple[Counts, dict[str, list[str]]]:
    tally = Tally(examples)
    hit = tally.hit
    plurals, labels = _library()
    plural_verb: dict[str, re.Pattern[str]] = {}
    for lang, verb in SINGULAR_VERB.items():
        values = "|".join(sorted({re.escape(v) for v in plurals.get(lang, [])}))
        if values:
            article = ARTICLE_BEFORE.get(lang)
            pattern = rf"(?:{values})(?:\s+\w+){{0,3}}?\s+{verb}\b"
            if article:
                pattern += rf"|{article}(?:{values})"
            plural_verb[lang] = re.compile("(?i)" + pattern)
    label_of = {lang: _any(words) for lang, words in labels.items()}
    for conv, lang, turns in text_turns(path):
        cid = conv["id"]
        last_support = ""
        last_customer = ""
        for i, turn, text in turns:
            role = turn["role"]
            tally.turn(lang, role)
            if role == "customer":
                found = label_of.get(lang)
                if found is not None and found.search(text) and turn.get("act") != "open":
                    hit(lang, "choice_as_label", cid, i, text)
                pv = plural_verb.get(lang)
                if pv is not None and pv.search(text):
                    hit(lang, "plural_singular", cid, i, text)
                if READOUT.search(text):
                    hit(lang, "readout", cid, i, text)
                last_customer = text
                continue
            if SIZE_PASTED.search(text):
                hit(lang, "size_pasted", cid, i, text)
            if ADVICE_AS_FACT.search(text):
                hit(lang, "advice_as_fact", cid, i, text)
            if AGAIN.search(last_customer) and NO_MORE.search(text):
                hit(lang, "again_unanswered", cid, i, f"{last_customer} -> {text}")
            pv = plural_verb.get(lang)
            if pv is not None and pv.search(text):
                hit(lang, "plural_singular", cid, i, text)
            if turn.get("act") == "redirect":
                before = {s.strip() for s in _SENTENCE.split(last_support) if len(s.split()) >= 5}
                clauses = [c for s in _SENTENCE.split(text) for c in (s, s.rpartition(": ")[2])]
                if any(c.strip() in before for c in clauses):
                    hit(lang, "redirect_repeats", cid, i, f"{last_support} -> {text}")
            last_support = text
    return tally.result()


KINDS = (
    "size_pasted",
    "choice_as_label",
    "again_unanswered",
    "plural_singular",
    "redirect_repeats",
    "advice_as_fact",
    "readout",
)


def main() -> None:
    run_cli(__doc__ or "", count, KINDS, lambda counts: [])


if __name__ == "__main__":
    main()
