"""Count the support-side defects of issue #14's es/fr/de/pt reading in a run, per language.

    convsim run --n 2000 --seed 24680 --out /tmp/run
    python bench/lang_defects.py /tmp/run [--show KIND]

Each kind is found mechanically, so a before/after pair of runs of one seed compares the
composition, not a reader's mood. The kinds (readings s11, s11b):

- verbatim: a support turn with a sentence of five words or more that an earlier support turn
  of the conversation said word for word (a refusal said again after a push-back);
- reset: a redirect (off-topic, another language, an injection, a manager asked for) that ends
  on a generic "how can I help?" while support waits for details it asked for, before any
  decision;
- reask: support asks for a fact the customer already gave in words it took (the fact is in
  an earlier customer turn's slots) and that was not rejected since (no verify_failed);
- thanks_back: support's close answers a thank-you ("A usted", "Eu que agradeço", "Avec
  plaisir", "Gern geschehen") that the customer's last turn did not give;
- claims_check: a redirect that says a check is under way ("Estou verificando agora");
- agreement: word forms a fluent writer never writes ("a el", "de el", "de le", "à les",
  "em o", "wie Sie es" after a feminine noun ...).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

_SENT = re.compile(r"(?<=[.!?])\s+")
_WORDS = re.compile(r"[^\W\d_]+|\d+")

# A closing generic offer of help: the conversation starts over.
_GENERIC_HELP = re.compile(
    r"(?i)(en qué (?:más )?(?:puedo|le puedo) (?:ayudarle|ser útil)|cómo (?:puedo ayudarle|le "
    r"ayudo)|me cuenta (?:de nuevo )?qué necesita|qué necesita(?: exactamente)?\?|me explica "
    r"(?:de nuevo )?su consulta|me lo explica otra vez|en qué le (?:puedo )?ayud|"
    r"comment puis-je vous aider|qu'est-ce que je peux faire pour vous|que puis-je faire pour "
    r"vous|en quoi puis-je vous aider|de quoi avez-vous besoin|vous m'expliquez|"
    r"wie kann ich (?:ihnen )?helfen|wobei kann ich (?:ihnen )?helfen|was kann ich für sie tun|"
    r"erklären sie mir ihr anliegen|was brauchen sie noch|worum geht es|"
    r"como posso (?:te |lhe )?ajudar|em que posso (?:te |lhe )?ajudar|o que (?:você )?precisa|"
    r"me conta (?:de novo )?o que|me explica (?:de novo|outra vez))"
)
_THANKS_BACK = re.compile(
    r"(?i)^\W*(a usted|gracias a usted|de nada|eu que agrade|não há de quê|por nada|"
    r"de rien|avec plaisir|je vous en prie|c'est moi qui vous remercie|gern geschehen|"
    r"sehr gern|bitte sehr|nichts zu danken|ich danke ihnen)"
)
_THANKED = re.compile(
    r"(?i)(gracias|graci|obrigad|valeu|agrade[cçz]|merci|remerci|danke|dank|vielen dank|"
    r"thank|thx|ty\b|cheers)"
)
_CHECKING = re.compile(
    r"(?i)(estou verificando|estou conferindo|já conferi|estoy revisando su caso|estoy "
    r"comprobando|lo estoy mirando|lo he consultado|je vérifie|je contrôle|ich prüfe gerade|"
    r"ich sehe (?:es )?mir gerade|ich schaue gerade|ya tengo su caso abierto)"
)
_AGREEMENT = {
    "es": re.compile(r"(?i)\b(?:a|de) el\b(?! que)|\b(?:la|una|esta) \w+o\b(?= (?:está|es)\b)"),
    "fr": re.compile(r"(?i)\b(?:de|à) (?:le|les)\b(?! \w+-)|\bde un\b"),
    "pt": re.compile(r"(?i)\b(?:de|em|por) (?:o|a|os|as)\b(?= \w)"),
    "de": re.compile(
        r"(?i)\b(?:Ihre|die) (?:[A-ZÄÖÜ]\w*(?:nummer|adresse|angabe|summe|PIN|Endung))\b[^.?!]*"
        r"\bwie Sie es\b"
    ),
}
_DECIDED = frozenset({"resolve", "refuse", "escalate"})
KINDS = ("verbatim", "reset", "reask", "thanks_back", "claims_check", "agreement")


def conversations(path: Path) -> Iterator[dict[str, Any]]:
    file = path / "transcripts.jsonl" if path.is_dir() else path
    with file.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT.split(text.strip()) if len(_WORDS.findall(s)) >= 5]


def defects(rec: dict[str, Any]) -> Iterator[tuple[str, int]]:
    """(kind, turn index) of each defect in one conversation."""
    lang = (rec.get("persona") or {}).get("language", "en")
    turns = rec.get("turns", [])
    said: set[str] = set()
    given: set[str] = set()
    asked = decided = False
    last_customer = ""
    for i, t in enumerate(turns):
        text, act = t.get("content") or "", t.get("act")
        if t.get("role") == "customer":
            last_customer = text
            given.update(k for k, v in (t.get("slots") or {}).items() if v and k != "topic")
            continue
        if t.get("role") != "support" or not text:
            continue
        sents = _sentences(text)
        if act != "greet" and any(s in said for s in sents):
            yield "verbatim", i
        said.update(sents)
        if act == "redirect" and asked and not decided and _GENERIC_HELP.search(text[-80:]):
            yield "reset", i
        if act == "verify_failed":
            given.difference_update(t.get("slots") or {})
        if act == "request_info" and given & set(t.get("slots") or {}):
            yield "reask", i
        if act == "close" and _THANKS_BACK.search(text) and not _THANKED.search(last_customer):
            yield "thanks_back", i
        if act == "redirect" and _CHECKING.search(text):
            yield "claims_check", i
        pattern = _AGREEMENT.get(lang)
        if pattern is not None and pattern.search(text):
            yield "agreement", i
        asked = asked or act in ("request_info", "verify_failed")
        decided = decided or act in _DECIDED


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("run", type=Path)
    ap.add_argument("--show", choices=KINDS, help="print the turns of this kind")
    ap.add_argument("--language", help="only this persona language (with --show)")
    args = ap.parse_args(argv)
    counts: Counter[tuple[str, str]] = Counter()
    convs: Counter[str] = Counter()
    for rec in conversations(args.run):
        lang = (rec.get("persona") or {}).get("language", "en")
        convs[lang] += 1
        for kind, i in defects(rec):
            counts[(lang, kind)] += 1
            if kind == args.show and args.language in (None, lang):
                prev = next(
                    (t["content"] for t in reversed(rec["turns"][:i]) if t.get("role") != "tool"),
                    "",
                )
                print(f"[{lang}] {rec['id']} t{i} {rec['scenario_id']}\n  < {prev}")
                print(f"  > {rec['turns'][i]['content']}")
    langs = sorted(convs, key=lambda x: (x != "en", x))
    print("kind          " + " ".join(f"{lang:>6}" for lang in langs))
    print("conversations " + " ".join(f"{convs[lang]:>6}" for lang in langs))
    for kind in KINDS:
        print(f"{kind:<13} " + " ".join(f"{counts[(lang, kind)]:>6}" for lang in langs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
