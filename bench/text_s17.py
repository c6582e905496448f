"""Count the defect kinds of reading s17 over a run, per persona language (issue #14).

    convsim run --n 2000 --seed 13579 --out /tmp/run
    python bench/text_s17.py /tmp/run [--examples 2]

Reading s17 (/work/team/reading-s17.md) found each kind a few times in 400 turns and counted
some over the whole run; this counts them all so a change is measured before and after on the
same seed. Counts are turns unless said (lower bounds: the shapes the reader quoted, in the
five languages the scripted engine writes):

- `label_asked`: a support turn naming a form's field as-is: "account role", "guest
  surname", "le nom de famille du client", "Nachname des Gastes", a card's shipping asked as
  "el tipo de envío" with no options.
- `label_echoed`: a customer giving a role as a form's field ("ACCOUNT ROLE: NOT ON THE
  ACCOUNT", "Kontorolle: Kontoinhaber", "les cuento: titular de la cuenta") or a form's
  owner as their own ("Delgado is my guest surname").
- `their_self`: a customer saying "their" of their own things ("my last 4 digits of their
  driving licence"; "... and their licence is valid" is the new driver's, not counted).
- `recap_pasted`: a support turn that says "Here it is again:" / "To recap:" (any lead up to a
  colon, or none) and then the turn just before it, most of it word for word.
- `size_pasted`: an exchange confirmed with the customer's relative words instead of a size
  ("gegen die nächstgrößere Größe", "por um tamanho menor").
- `overshare_convs` / `overshare_noted`: conversations with the overshares_personal_data edge
  case, and those of them where support makes a privacy remark (per language; the reader's
  en 56/67, de 0/10, es 0/11, fr 1/11, pt 2/10).
- `thanks_after_yes`: support thanking for details ("Vielen Dank für die Angaben", "Gracias
  por los datos") right after a customer turn that gave none (a bare yes).
- `odd_lead`: "Tiene razón en pedirlo", "Le entiendo perfectamente", "Haha, though",
  "Alles klar, ich habe es." (stock leads that fit no turn before them).
- `member_dangling`: "As a silver member, I've sent ..." (the agent is no member).
- `de_word_order`: German "Wie ich schon schrieb, eine ... sehen Sie" (no verb second).
- `midchat_greeting`: a customer turn after the first that opens with a greeting (not the
  switches_language edge case, whose switch greets in the new language).
- `signoff_inside`: a sign-off ("Mit freundlichen Grüßen.", "Kind regards") with more of the
  message after it.
- `wrong_resent` / `wrong_impossible`: a customer sending again the value support just said
  did not match (the edge case's customer sure of it: intended); of those, sent after "let me
  check" / "ich schaue noch mal" (`wrong_looked`), and a date that cannot exist (year 1562,
  month 70).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from text_defects import Counts, Tally, run_cli, text_turns

LABEL_ASKED = re.compile(
    r"(?i)(?:account role|guest surname|nom de famille du client|Nachname des Gastes|"
    r"apellido del huésped|sobrenome do hóspede|(?:your|the) (?:guest|customer|passenger) "
    r"(?:surname|last name|name|email)|(?:el tipo de envío|o tipo de entrega|die Versandart|le "
    r"mode de livraison)(?![^.?!]*(?:estándar|padrão|Standard|standard)))"
)
LABEL_ECHOED = re.compile(
    r"(?i)(?:account role\s*[:=-]|role on the account\s*[:=-]|rol en la cuenta\s*[:=-]|rôle "
    r"sur le compte\s*[:=-]|Kontorolle\s*[:=-]|Rolle im Konto\s*[:=-]|papel na conta\s*[:=-]|"
    r"(?:les cuento|le cuento):\s*(?:titular|usuario|no figuro)|my guest surname|guest "
    r"surname\s*[:=-]|nom de famille du client|Nachname des Gastes|apellido del huésped|"
    r"sobrenome do hóspede)"
)
THEIR_SELF = re.compile(r"(?i)\bmy\b[^.?!,]{0,40}\bof their\b")
SIZE_PASTED = re.compile(
    r"(?i)(?:gegen die nächst(?:größere|kleinere) Größe getauscht|trocado por um tamanho|se "
    r"cambiará por una talla|remplacée par la taille (?:au|en)|swapped for the same item one "
    r"size|get it one size)"
)
PRIVACY = re.compile(
    r"(?i)(?:no need to share more|only send what I ask|extra personal details|for your "
    r"(?:privacy|security)|to keep your data safe|por su seguridad|proteger sus datos|"
    r"datos personales de más|pour votre sécurité|protéger vos données|données personnelles|"
    r"zu Ihrer Sicherheit|zum Schutz Ihrer Daten|persönlichen? Daten|para a sua segurança|"
    r"proteger os seus dados|dados pessoais|privacidad|confidentialité|Datenschutz|privacidade)"
)
THANKS_DETAILS = re.compile(
    r"(?i)^(?:Vielen Dank für die Angaben|Danke für die Informationen|Gracias por los datos|"
    r"Gracias por la información|Merci pour ces informations|Merci pour les précisions|"
    r"Obrigado pelos dados|Obrigado pelas informações|Thanks for the (?:details|info))"
)
ODD_LEAD = re.compile(
    r"(?i)(?:Tiene razón en pedirlo|Le entiendo perfectamente|\b(?:Haha|Ha|Good one), though|"
    r"Alles klar, ich habe es\.)"
)
MEMBER = re.compile(r"(?i)\bAs an? \w+ member, I\b")
DE_ORDER = re.compile(
    r"(?:Wie ich schon schrieb|Wie schon erwähnt|Wie bereits erklärt), (?:eine?|der|die|das|"
    r"sie|Sie|ihr|Ihr|ihre|Ihre)\b"
)
GREETING = re.compile(
    r"(?i)^\W*(?:hi|hello|hey|good (?:morning|afternoon|evening)|hola|buenas(?: tardes| "
    r"noches| días)?|muy buenas|bonjour|bonsoir|salut|hallo|guten (?:tag|morgen|abend)|moin|"
    r"servus|grüß gott|olá|oi|bom dia|boa tarde|boa noite)\b[,.!]*\s+\S+\s+\S+"
)
SIGNOFF = re.compile(
    r"(?i)(?:Mit freundlichen Grüßen|Viele Grüße|Kind regards|Best regards|Saludos cordiales|"
    r"Un saludo|Bien cordialement|Cordialement|Atenciosamente|Abraços)[.!,]?\s+(?:\S+\s+){3,}"
)
LOOK_AGAIN = re.compile(
    r"(?i)(?:let me (?:check|look)|ich schaue noch mal|lo miro (?:otra vez|una vez más)|je "
    r"revérifie|vou conferir)"
)
DATE = re.compile(r"(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})")


def _impossible(value: str) -> bool:
    m = DATE.fullmatch(value.strip())
    if m is None:
        return False
    parts = [int(p) for p in m.groups()]
    years = [p for p, raw in zip(parts, m.groups(), strict=True) if len(raw) == 4]
    small = [p for p, raw in zip(parts, m.groups(), strict=True) if len(raw) != 4]
    return (
        any(not 1900 <= y <= 2035 for y in years)
        or min(small, default=1) > 12
        or any(not 1 <= s <= 31 for s in small)
    )


def _pasted(text: str, before: str) -> bool:
    """Most of `before`'s sentences said again in `text`, behind a lead or none."""
    rest = text.split(": ", 1)[1] if ": " in text[:60] else text
    sentences = [s.strip() for s in re.findall(r"[^.!?]+[.!?]*", before) if len(s.split()) >= 5]
    if len(sentences) < 2:
        return False
    inside = sum(1 for s in sentences if s.rstrip(".!?") in rest)
    return inside >= max(2, (2 * len(sentences) + 2) // 3)


def count(path: Path, examples: int) -> tuple[Counts, dict[str, list[str]]]:
    tally = Tally(examples)
    hit = tally.hit
    for conv, lang, turns in text_turns(path):
        cid = conv["id"]
        overshare = "overshares_personal_data" in (conv.get("edge_cases") or [])
        noted = False
        last_support = ""
        last_customer: dict[str, object] = {}
        failed: dict[str, str] = {}
        customers = 0
        for i, turn, text in turns:
            role = turn["role"]
            tally.turn(lang, role)
            if role == "customer":
                customers += 1
                if LABEL_ECHOED.search(text):
                    hit(lang, "label_echoed", cid, i, text)
                if THEIR_SELF.search(text):
                    hit(lang, "their_self", cid, i, text)
                switched = turn.get("edge_case") == "switches_language"
                if customers > 1 and not switched and GREETING.search(text):
                    hit(lang, "midchat_greeting", cid, i, text)
                if SIGNOFF.search(text):
                    hit(lang, "signoff_inside", cid, i, text)
                again = [v for v in failed.values() if v and v in text]
                if again:
                    hit(lang, "wrong_resent", cid, i, f"{last_support[-100:]} -> {text}")
                    if LOOK_AGAIN.search(text):
                        hit(lang, "wrong_looked", cid, i, text)
                    if any(_impossible(v) for v in again):
                        hit(lang, "wrong_impossible", cid, i, text)
                failed = {}
                last_customer = turn
                continue
            if LABEL_ASKED.search(text):
                hit(lang, "label_asked", cid, i, text)
            if last_support and _pasted(text, last_support):
                hit(lang, "recap_pasted", cid, i, text)
            if SIZE_PASTED.search(text):
                hit(lang, "size_pasted", cid, i, text)
            if overshare and PRIVACY.search(text):
                noted = True
            before = str(last_customer.get("content") or "")
            if THANKS_DETAILS.search(text) and last_customer.get("act") == "accept":
                hit(lang, "thanks_after_yes", cid, i, f"{before} -> {text}")
            if ODD_LEAD.search(text):
                hit(lang, "odd_lead", cid, i, f"{before} -> {text}")
            if MEMBER.search(text):
                hit(lang, "member_dangling", cid, i, text)
            if DE_ORDER.search(text):
                hit(lang, "de_word_order", cid, i, text)
            slots = turn.get("slots") or {}
            failed = dict(slots) if turn.get("act") == "verify_failed" else {}
            last_support = text
        if overshare:
            tally.counts[lang]["overshare_convs"] += 1
            tally.counts["all"]["overshare_convs"] += 1
            if noted:
                tally.counts[lang]["overshare_noted"] += 1
                tally.counts["all"]["overshare_noted"] += 1
    return tally.result()


KINDS = (
    "label_asked",
    "label_echoed",
    "their_self",
    "recap_pasted",
    "size_pasted",
    "overshare_convs",
    "overshare_noted",
    "thanks_after_yes",
    "odd_lead",
    "member_dangling",
    "de_word_order",
    "midchat_greeting",
    "signoff_inside",
    "wrong_resent",
    "wrong_looked",
    "wrong_impossible",
)


def main() -> None:
    run_cli(__doc__ or "", count, KINDS, lambda counts: [])


if __name__ == "__main__":
    main()
