"""Count the defect kinds of reading s13 over a run, per persona language (issue #14).

    convsim run --n 2000 --seed 24680 --out /tmp/run
    python bench/text_defects.py /tmp/run [--examples 2]

Reading finds a defect once; this counts its kind over a whole run so a change can be measured
before and after on the same seed. Each count is a number of turns (lower bounds: the patterns
are the shapes the reader quoted, in the five languages the scripted engine writes):

- `status_tacked`: a support turn that closes on a sentence saying the record's status now
  ("The card is now marked blocked.", "La tarjeta figura ahora como bloqueada.").
- `status_raw`: a record status quoted as a label ('Status „aktiv“', «en tránsito») or pasted
  after "marked" ("it's marked no scan since check-in").
- `found_then_ask`: a support turn that says it found or sees a record and then asks for that
  record's own key ("found the order ... your order number?") or says the request is to find
  it ("so I can locate your case").
- `whether_as_field`: a yes/no fact asked as if it were a noun ("brauche ich ob ...",
  "Könnten Sie mir bitte ob ... bestätigen?"), or "your account role" asked as a field.
- `cant_tell`: "I can't tell you more about that from here" and its translations.
- `label_pasted`: a customer pasting a field label as speech ("the time until I need it is").
- `security_bang`: a support sentence that asks for details for security or verification and
  ends with "!".
- `also_again`: support asking "also" for a detail it asked for before (nothing new is asked).
- `promise_unwritten`: support promising a contact time ("within a day or two", "within the
  hour") that no text of the scenario holds.
- `caps_missed`: turns of all_caps personas with a lower-case letter (the quirk not applied);
  printed with the number of such turns.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

LANGS = ("en", "es", "fr", "de", "pt")
Counts = dict[str, Counter[str]]

STATUS_TACKED = re.compile(
    r"(?:now (?:shows as|marked)|is now marked|figura ahora como|ya aparece como|ya consta "
    r"como|Ahora su estado es|El estado ha pasado a|aparece con estado|est maintenant \w+\.|"
    r"est désormais|Le statut est maintenant|c'est désormais|enregistré comme|Der Status ist "
    r"jetzt|Im System steht jetzt|jetzt als „|agora consta como|já aparece como|Agora o status "
    r"é|O status passou para)"
)
STATUS_RAW = re.compile(
    r"«\s*[^»\d@]+»|„[^“\d@]+“|(?:status|aparece como|passou para|consta como) \"[^\"\d@]+\"|"
    r"it's marked (?:no |located |in |trace )"
)
FOUND = re.compile(
    r"(?i)(?:found the|pulled up the|have the \w+ (?:here|in front of me)|I can see the|"
    r"gefunden|vor mir|sehe \w+ \w+ im System|aufgerufen|retrouvé|sous les yeux|je vois l|"
    r"j'ai consulté|veo el|veo la|he consultado|he localizado|tengo \w+ \w+ delante|"
    r"localizei|estou vendo|consultei)"
)
# (the record found, its own key asked for): "found the order ... your order number?"
SAME_KEY = (
    (
        re.compile(r"(?i)\b(?:order|Bestellung|commande|pedido)\b"),
        re.compile(r"(?i)order (?:number|ID)|Bestellnummer|numéro de commande|número d[eo] pedido"),
    ),
    (
        re.compile(r"(?i)\b(?:booking|reservation|Buchung|réservation|reserva)\b"),
        re.compile(
            r"(?i)booking reference|confirmation number|Buchungscode|référence de réservation|"
            r"numéro de confirmation|localizador|código d[ae] reserva"
        ),
    ),
)
LOCATE = re.compile(
    r"(?i)(?:localizo|localizarlo|encontrarlo|localizar su caso|retrouver votre dossier|"
    r"finde ich Ihren Vorgang|Vorgang zu finden|localizar o seu caso|so I can (?:find|locate))"
)
WHETHER_FIELD = re.compile(
    r"(?i)(?:brauche ich ob|bitte ob|benötige ich ob|mir bitte ob|account role|rol en la cuenta|"
    r"papel na conta|função na conta|rôle sur le compte|Rolle im Konto|Kontorolle|"
    r"donner s'il|darme si|dar-me se|me passa se|tell me your whether)"
)
CANT_TELL = re.compile(
    r"(?i)(?:can't tell you more|cannot tell you more|no puedo decirle (?:nada )?más|no tengo "
    r"más detalles|pas vous en dire plus|nicht mehr dazu sagen|kann ich Ihnen [^.]{0,30}nicht "
    r"mehr|não consigo (?:te )?dizer mais|não posso dizer mais|consigo te dizer mais)"
)
LABEL_PASTED = re.compile(
    r"(?i)(?:time until I need it|tiempo hasta que lo necesito|temps avant d.en avoir besoin|"
    r"Zeit, bis ich es brauche|tempo até eu precisar)"
)
SECURITY = re.compile(
    r"(?i)(?:security|verification|verify|safety|seguridad|verificar|sécurité|vérifi|"
    r"Sicherheit|prüfen|segurança|confirmar)"
)
ALSO = {
    "en": re.compile(r"(?i)\balso\b"),
    "es": re.compile(r"(?i)\btambién\b"),
    "fr": re.compile(r"(?i)\b(?:aussi|également)\b"),
    "de": re.compile(r"(?i)\bauch\b"),
    "pt": re.compile(r"(?i)\btambém\b"),
}
PROMISE = re.compile(
    r"(?i)(?:within (?:24 hours|one business day|a day or two|the hour)|"
    r"en (?:24 horas|un día o dos|la próxima hora)|dans (?:les 24 heures|un jour ou deux|"
    r"l'heure)|innerhalb (?:von 24 Stunden|eines Werktags|der nächsten Stunde)|"
    r"em (?:24 horas|um ou dois dias|até uma hora))"
)
_SENTENCE = re.compile(r"[^.!?]+[.!?]+")


def conversations(path: Path) -> Iterator[dict[str, Any]]:
    file = path / "transcripts.jsonl" if path.is_dir() else path
    with file.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


Turn = tuple[int, dict[str, Any], str]


def text_turns(path: Path) -> Iterator[tuple[dict[str, Any], str, list[Turn]]]:
    """Each conversation of a run with its persona's language and its turns that have text
    (index, turn, text): tool calls and the empty support turns that carry them are left
    out. The loader every counter here shares (bench/text_s14.py, text_s16.py, text_s17.py)."""
    for conv in conversations(path):
        turns = [
            (i, t, str(t.get("content") or ""))
            for i, t in enumerate(conv["turns"])
            if t.get("content") and t["role"] in ("customer", "support")
        ]
        yield conv, conv["persona"].get("language", "en"), turns


class Tally:
    """Counts per language (and "all") and a few examples per kind: what a counter's loop
    records, and what `run_cli` prints."""

    def __init__(self, examples: int, width: int = 240) -> None:
        self.counts: Counts = defaultdict(Counter)
        self.shown: dict[str, list[str]] = defaultdict(list)
        self.examples = examples
        self.width = width

    def turn(self, lang: str, role: str) -> None:
        self.counts[lang][f"{role}_turns"] += 1
        self.counts["all"][f"{role}_turns"] += 1

    def hit(self, lang: str, kind: str, cid: str, i: int, text: str) -> None:
        self.counts[lang][kind] += 1
        self.counts["all"][kind] += 1
        if len(self.shown[kind]) < self.examples:
            self.shown[kind].append(f"[{lang} {cid} t{i}] {text[: self.width]}")

    def result(self) -> tuple[Counts, dict[str, list[str]]]:
        return self.counts, self.shown


def _scenario_texts() -> dict[str, str]:
    """Every string of each built-in scenario, lower-cased: what support may promise."""
    import yaml

    root = Path(__file__).resolve().parent.parent / "scenarios" / "library"
    out: dict[str, str] = {}
    for file in root.rglob("*.yaml"):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "id" in data:
            out[str(data["id"])] = json.dumps(data, ensure_ascii=False).lower()
    return out


def count(path: Path, examples: int) -> tuple[dict[str, Counter[str]], dict[str, list[str]]]:
    scenario_text = _scenario_texts()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    shown: dict[str, list[str]] = defaultdict(list)

    def hit(lang: str, kind: str, text: str) -> None:
        counts[lang][kind] += 1
        counts["all"][kind] += 1
        if len(shown[kind]) < examples:
            shown[kind].append(f"[{lang}] {text[:200]}")

    for conv in conversations(path):
        lang = conv["persona"].get("language", "en")
        caps = "all_caps" in (conv["persona"].get("quirks") or [])
        own = scenario_text.get(conv["scenario_id"], "")
        asked_before: set[str] = set()
        for turn in conv["turns"]:
            text = turn.get("content") or ""
            if not text:
                continue
            if turn["role"] == "customer":
                counts[lang]["customer_turns"] += 1
                counts["all"]["customer_turns"] += 1
                if LABEL_PASTED.search(text):
                    hit(lang, "label_pasted", text)
                if caps:
                    counts["all"]["caps_turns"] += 1
                    if re.search(r"[a-zà-ÿß]", text):
                        hit(lang, "caps_missed", text)
                continue
            if turn["role"] != "support":
                continue
            counts[lang]["support_turns"] += 1
            counts["all"]["support_turns"] += 1
            if STATUS_TACKED.search(text):
                hit(lang, "status_tacked", text)
            if STATUS_RAW.search(text):
                hit(lang, "status_raw", text)
            found = FOUND.search(text)
            if found:
                lead = re.split(r"(?<=[.!?])\s", text[found.start() :], maxsplit=1)
                rest = lead[1] if len(lead) > 1 else ""
                if LOCATE.search(rest) or any(
                    noun.search(lead[0]) and key.search(rest) for noun, key in SAME_KEY
                ):
                    hit(lang, "found_then_ask", text)
            if WHETHER_FIELD.search(text):
                hit(lang, "whether_as_field", text)
            if CANT_TELL.search(text):
                hit(lang, "cant_tell", text)
            if any(
                SECURITY.search(s) and s.rstrip().endswith("!") for s in _SENTENCE.findall(text)
            ):
                hit(lang, "security_bang", text)
            asked = (
                set((turn.get("slots") or {}).keys())
                if turn.get("act") == "request_info"
                else set()
            )
            if asked and asked <= asked_before and ALSO[lang].search(text):
                hit(lang, "also_again", text)
            asked_before |= asked
            promise = PROMISE.search(text)
            if promise and promise.group(0).lower() not in own:
                hit(lang, "promise_unwritten", text)
    return counts, shown


KINDS = (
    "status_tacked",
    "status_raw",
    "found_then_ask",
    "whether_as_field",
    "cant_tell",
    "security_bang",
    "also_again",
    "promise_unwritten",
    "label_pasted",
    "caps_missed",
)


CountFn = Callable[[Path, int], tuple[Counts, dict[str, list[str]]]]


def run_cli(
    doc: str, count: CountFn, kinds: Sequence[str], extra: Callable[[Counts], list[str]]
) -> None:
    """The command line of a defect counter (this one, bench/text_s14.py): a run folder and
    --examples N in; out a table of each kind per language, the turns counted, `extra`'s
    lines, then the examples."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("run", type=Path)
    parser.add_argument("--examples", type=int, default=0)
    args = parser.parse_args()
    counts, shown = count(args.run, args.examples)
    cols = ("all", *LANGS)
    print(f"{'kind':18}" + "".join(f"{c:>7}" for c in cols))
    for kind in kinds:
        print(f"{kind:18}" + "".join(f"{counts[c][kind]:>7}" for c in cols))
    print(f"{'support turns':18}" + "".join(f"{counts[c]['support_turns']:>7}" for c in cols))
    print(f"{'customer turns':18}" + "".join(f"{counts[c]['customer_turns']:>7}" for c in cols))
    for line in extra(counts):
        print(line)
    for kind in kinds:
        for line in shown.get(kind, []):
            print(f"  {kind}: {line}")


def main() -> None:
    run_cli(
        __doc__ or "",
        count,
        KINDS,
        lambda counts: [f"all_caps customer turns: {counts['all']['caps_turns']}"],
    )


if __name__ == "__main__":
    main()
