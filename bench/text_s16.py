"""Count the defect kinds of reading s16 over a run, per persona language (issue #14).

    convsim run --n 2000 --seed 24680 --out /tmp/run
    python bench/text_s16.py /tmp/run [--examples 2]

Reading s16 found each kind a few times in 400 turns; this counts them over a whole run so a
change is measured before and after on the same seed. Counts are turns (lower bounds: the
shapes the reader quoted, in the five languages the scripted engine writes):

- `unsaid_hold`: a customer asking about a wait of 24 hours / a whole day when no support turn
  before it mentioned one ("why 24 hours?" after a backup code solved it).
- `unsaid_qr`: a customer asking about a QR code or an eSIM when no support turn before it
  mentioned either (a physical SIM was ordered).
- `this_time`: "Answer me this time!" and its translations, from a customer whose earlier
  questions were all answered (no question asked before, or none asked again).
- `reask_timing`: a customer asking when or how long for a refund right after a support turn
  that said when ("available right now", "within 5 business days"), outside the
  repeats_question edge case.
- `verbatim_repeat`: a support turn that holds the last two thirds of the support turn before
  it word for word (the reader's measure: "Se lo resumo: " + the same body).
- `label_raw`: a slot label pasted into a support request ("votre montant envoyé", "mode de
  livraison de la nouvelle carte" after a colon, "el estado del carné", "seu papel na conta").
- `stacked_opener`: a customer question with two openers glued ("Mind telling me - ok and",
  "e tá, e", "ONE MORE THING, THAT MAKES NO SENSE").
- `meaning_to_ask`: "I've been meaning to ask for a while" after the opening.
- `men_dire`: French "m'en dire ce qui/ce dont" (ungrammatical).
- `found_active`: support's "I have X in front of me / here: it's <status>." lookup notes.
- `checked_lead`: an answer that opens with "I checked." / "Já conferi aqui." and the like.
- `second_ignored`: a customer turn raising a second issue (the multiple_issues edge case)
  whose support reply says nothing about it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from text_defects import Counts, Tally, run_cli, text_turns

HOLD_Q = re.compile(
    r"(?i)(?:24 ?(?:hours|h\b|horas|heures|stunden)|whole day|d[ií]a entero|journée entière|"
    r"ganzen Tag|dia inteiro)"
)
HOLD_SAID = re.compile(r"(?i)(?:\b24\b|24-)")
QR_Q = re.compile(r"(?i)(?:\bqr\b|\besim\b|qr-code)")
THIS_TIME = re.compile(
    r"(?i)(?:answer me this time|contésteme esta vez|responda esta vez|répondez-moi cette "
    r"fois|antworten Sie (?:mir )?diesmal|desta vez me responda|me responda desta vez)"
)
REFUND = re.compile(r"(?i)(?:refund|reembolso|rembourse|Erstattung|Rückerstattung|reembolso)")
WHEN_Q = re.compile(
    r"(?i)\b(?:how long|when|how soon|cu[aá]ndo|cu[aá]nto tarda|quand|combien de temps|wann|"
    r"wie lange|quando|quanto tempo)\b"
)
TIMING = re.compile(
    r"(?i)(?:\d+\s*(?:-|to|a|à|bis|até)?\s*\d*\s*(?:business |working )?(?:days?|d[ií]as|"
    r"jours|Tage|Werktage\w*|dias|hours?|horas|heures|Stunden|weeks?|semanas|semaines|"
    r"Wochen)|right now|right away|immediately|straight away|ahora mismo|de inmediato|"
    r"tout de suite|immédiatement|sofort|agora mesmo|na hora|imediatamente)"
)
LABEL_RAW = re.compile(
    r"(?i)(?:votre montant envoyé|: mode de livraison|el estado del carné|seu papel na conta|"
    r"sua função na conta|votre rôle sur le compte|su rol en la cuenta)"
)
STACKED = re.compile(
    r"(?i)(?:(?:mind telling me|can i ask|tell me|any idea|just wondering|quick question|"
    r"pergunta rápida|una pregunta|une question|kurze frage)\W+(?:ok|okay|right|alright|so|"
    r"hmm|tá|vale|bon|ok|also|pues)\b\W+(?:and|e|y|et|und)\b|one more thing,? that makes|"
    r"una cosa más,? eso no|encore une chose,? ça n'a|noch etwas,? das ergibt|mais uma coisa,? "
    r"isso não)"
)
MEANING = re.compile(
    r"(?i)(?:been meaning to ask|hace tiempo que quería preguntar|ça fait un moment que je "
    r"voulais demander|wollte ich schon länger fragen|faz tempo que eu queria perguntar)"
)
MEN_DIRE = re.compile(r"(?i)m'en dire (?:ce qui|ce dont|ce que)")
FOUND_ACTIVE = re.compile(
    r"(?i)(?:(?:in front of me|have the \w+(?: \w+)? here)[;:,] it's \w+|"
    r"sous les yeux[;:,] (?:il|elle) est|delante[;:,] (?:está|figura)|vor mir[;:,] (?:es|er|sie) "
    r"ist|aqui na tela[;:,])"
)
CHECKED = re.compile(
    r"(?i)^(?:I checked\.|I've checked\.|Já conferi aqui\.|Lo he consultado\.|J'ai vérifié\.|"
    r"Ich habe nachgesehen\.)"
)
ADDS = re.compile(
    r"(?i)(?:\b(?:oh and|and also|while I'm here|on top of that|another thing|one more thing|"
    r"besides that)\b|(?:^|[.!?] )(?:Also|Plus),|And - |y otra cosa|Ya que estoy|Además,|"
    r"Y por cierto|et autre chose|Tant que j'y suis|En plus,|Et au fait|und noch etwas|"
    r"Wo ich schon mal hier bin|Außerdem:|Und übrigens|e mais uma coisa|Já que estou aqui|"
    r"Além disso,|E aliás)"
)
SECOND = re.compile(
    r"(?i)(?:own case|separate (?:matter|chat)|new chat|otra consulta|caso aparte|nueva "
    r"conversación|dossier à part|nouvelle conversation|séparément|eigenen Vorgang|neuen Chat|"
    r"separat|caso separado|outro atendimento|nova conversa|à parte|tema aparte|por separado|"
    r"propio caso|sujet séparé|separates Thema|gesondert|assunto separado)"
)


def count(path: Path, examples: int) -> tuple[Counts, dict[str, list[str]]]:
    tally = Tally(examples)
    hit = tally.hit
    for conv, lang, turns in text_turns(path):
        cid = conv["id"]
        said = ""
        last_support = ""
        asked_again = False
        asked_any = False
        second_open = ""
        for i, turn, text in turns:
            role = turn["role"]
            tally.turn(lang, role)
            if role == "customer":
                question = bool(said) and ("?" in text or turn.get("act") == "ask")
                if question and HOLD_Q.search(text) and not HOLD_SAID.search(said):
                    hit(lang, "unsaid_hold", cid, i, text)
                if question and QR_Q.search(text) and not QR_Q.search(said):
                    hit(lang, "unsaid_qr", cid, i, text)
                if THIS_TIME.search(text) and not asked_again:
                    hit(lang, "this_time", cid, i, text)
                if (
                    REFUND.search(text)
                    and WHEN_Q.search(text)
                    and TIMING.search(last_support)
                    and REFUND.search(last_support)
                    and turn.get("edge_case") != "repeats_question"
                ):
                    hit(lang, "reask_timing", cid, i, f"{last_support[-120:]} -> {text}")
                if STACKED.search(text):
                    hit(lang, "stacked_opener", cid, i, text)
                if i > 1 and MEANING.search(text):
                    hit(lang, "meaning_to_ask", cid, i, text)
                if turn.get("edge_case") == "repeats_question" or (
                    asked_any and turn.get("act") == "ask" and "again" in (turn.get("slots") or {})
                ):
                    asked_again = True
                asked_any = asked_any or question
                second_open = (
                    text if turn.get("edge_case") == "multiple_issues" and ADDS.search(text) else ""
                )
                continue
            words = text.split()
            prev = last_support.split()
            if len(prev) >= 9 and not str(turn.get("act") or "").startswith("request"):
                tail = " ".join(prev[len(prev) // 3 :])
                if tail in text:
                    hit(lang, "verbatim_repeat", cid, i, text)
            if LABEL_RAW.search(text):
                hit(lang, "label_raw", cid, i, text)
            if MEN_DIRE.search(text):
                hit(lang, "men_dire", cid, i, text)
            if FOUND_ACTIVE.search(text):
                hit(lang, "found_active", cid, i, text)
            if CHECKED.search(text) and turn.get("act") == "answer":
                hit(lang, "checked_lead", cid, i, text)
            if second_open and words and not SECOND.search(text):
                hit(lang, "second_ignored", cid, i, f"{second_open[-100:]} -> {text}")
            second_open = ""
            said += " " + text
            last_support = text
    return tally.result()


KINDS = (
    "unsaid_hold",
    "unsaid_qr",
    "this_time",
    "reask_timing",
    "verbatim_repeat",
    "label_raw",
    "stacked_opener",
    "meaning_to_ask",
    "men_dire",
    "found_active",
    "checked_lead",
    "second_ignored",
)


def main() -> None:
    run_cli(__doc__ or "", count, KINDS, lambda counts: [])


if __name__ == "__main__":
    main()
