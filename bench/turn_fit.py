"""Count the turns that do not fit the turn before them, over a whole run (reading s12).

    convsim run --n 2000 --seed 2468 --languages en,de,es,fr,pt --out /tmp/run
    python bench/turn_fit.py /tmp/run

The s12 reader flagged, in all five languages: an acknowledgement that answers nothing
("Thanks, that matches." after "Lost them too."), praise of a question to an angry customer,
a restart lead after push-back, a label asked as a form's field ("Ich brauche diese Angabe:
..."), French without its elision ("me indiquer"), ISO dates in support's sentences, the
same record announced in reply after reply, a customer thanking for an explanation support
declined, an aside from another kind of case (working from home in a roaming dispute) and a
switch-language line about "my order" outside a shop. Each is counted here with a reading
that does not use the engine's own code (the persona's tone, not its anger reader; the
scenario's `verify` list, not the support state), so a run before and after a change can be
compared on the same seed. Counts are per persona language.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scenarios.loader import builtin_library, load_scenarios

_ACK = re.compile(
    r"^(Thanks, that matches|Gracias, coincide|Merci, c'est bien ça|Danke, das passt|"
    r"Obrigad[oa], confere|You're verified)"
)
_CHEER = re.compile(
    r"(?i)(great question|good question|glad you asked|gute frage|das fragen viele|"
    r"buena pregunta|bonne question|boa pergunta|ótima pergunta)"
)
_RESTART = re.compile(r"(?i)\b(first things first|step one|to begin|just to start)\b")
_FORM = re.compile(
    r"(?i)(diese Angabe|folgende Angabe|este dato|desta informação|cette information)\s*:"
)
_UNELIDED = re.compile(r"(?<![\w'-])(?:me|te|se|le|la|de|ne|je|que) [aeiouéèêàâîôû]")
_ISO = re.compile(r"\b20\d\d-\d\d-\d\d\b")
_DECLINED = re.compile(
    r"(?i)(can't tell you more|don't have (any more detail|anything more)|"
    r"no puedo decirle (nada )?más|ne peux pas vous en dire plus|nicht mehr sagen|"
    r"não consigo (te )?dizer mais)"
)
_UNDERSTOOD = re.compile(
    r"(?i)(makes sense|clears it up|answers my question|keep that in mind|so clear|"
    r"jetzt (ist|verstehe)|ergibt sinn|lo entiendo|lo comprendo|me queda claro|"
    r"lo tendré en cuenta|je comprends mieux|je vois à présent|agora entendi|faz sentido|"
    r"ficou claro)"
)
_HOME = re.compile(
    r"(?i)((?<!you )(?<!there )work from home|working from home|homeoffice|home office|"
    r"von zu hause|desde casa|"
    r"teletrabajo|télétravaille|de chez moi|trabalho de casa)"
)
_ORDER = re.compile(r"(?i)problem with my order")
_ANGRY = frozenset({"angry", "frustrated"})


def _announcements() -> re.Pattern[str]:
    """Support's "what a lookup showed" sentences, every language's, as patterns."""
    from agents.phrasing.local_bank import LANGUAGES, bank
    from agents.scripted import tool_words

    templates = [*tool_words._FOUND, *tool_words._FOUND_PLAIN]
    for code in LANGUAGES:
        tools = bank(code).tools
        for kind in ("found", "found_plain", "found_agreed"):
            templates += list(tools.get(kind, ()))
    parts = []
    for t in templates:
        head = re.split(r"\{(?:noun|status|pron)\}", t)
        parts.append(".{1,40}?".join(re.escape(h) for h in head))
    return re.compile("^(?:" + "|".join(sorted(set(parts), key=len, reverse=True)) + ")")


def conversations(path: Path) -> Iterator[dict[str, Any]]:
    file = path / "transcripts.jsonl" if path.is_dir() else path
    with file.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def count(path: Path) -> dict[str, Counter[str]]:
    library = {s.id: s for s in load_scenarios([builtin_library()])}
    announce = _announcements()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for conv in conversations(path):
        lang = conv["persona"]["language"]
        c = counts[lang]
        scenario = library.get(conv["scenario_id"])
        verify = set(scenario.support.verify) if scenario else set()
        intent = scenario.intent if scenario else ""
        domain = scenario.domain if scenario else ""
        angry = conv["persona"]["tone"] in _ANGRY or "sarcastic" in conv["edge_cases"]
        turns = [t for t in conv["turns"] if t["role"] in ("customer", "support")]
        turns = [t for t in turns if t.get("content")]
        c["conversations"] += 1
        announced = 0
        prev: dict[str, Any] | None = None
        for t in turns:
            text = t["content"]
            if t["role"] == "support":
                c["support turns"] += 1
                given = set(prev.get("slots") or {}) if prev else set()
                c["'that matches' after nothing verified"] += bool(
                    _ACK.search(text) and prev is not None and not given & verify
                )
                c["praise of the question, angry customer"] += bool(angry and _CHEER.search(text))
                c["restart lead after push-back"] += bool(
                    prev is not None and prev.get("act") == "push_back" and _RESTART.search(text)
                )
                c["label asked as a form field"] += bool(_FORM.search(text))
                c["French without elision"] += bool(lang == "fr" and _UNELIDED.search(text))
                c["ISO date in support text"] += bool(_ISO.search(text))
                announced += bool(announce.search(text))
            else:
                c["customer turns"] += 1
                declined = prev is not None and prev["role"] == "support"
                declined = declined and bool(_DECLINED.search(prev["content"]))  # type: ignore[index]
                c["'now I understand' after a declined answer"] += bool(
                    declined and _UNDERSTOOD.search(text)
                )
                c["working from home outside an outage"] += bool(
                    intent != "service_outage" and _HOME.search(text)
                )
                c["'my order' outside a shop"] += bool(
                    domain != "ecommerce" and _ORDER.search(text)
                )
            prev = t
        c["record announced in 2+ replies (conversations)"] += announced > 1
        c["record announcements"] += announced
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("run", type=Path, help="a run directory or its transcripts.jsonl")
    args = ap.parse_args(argv)
    counts = count(args.run)
    keys: list[str] = []
    for c in counts.values():
        keys += [k for k in c if k not in keys]
    langs = sorted(counts, key=lambda x: (x != "en", x))
    print("| measure | " + " | ".join(langs) + " | all |")
    print("|---|" + "---|" * (len(langs) + 1))
    for key in keys:
        row = [counts[g][key] for g in langs]
        print(f"| {key} | " + " | ".join(map(str, row)) + f" | {sum(row)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
