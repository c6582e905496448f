"""What an action is done to, in five languages: the object nouns a claim and a tool share.

Two write tools of one family ("update_address" and "update_phone", "cancel_booking" and
"cancel_addon") are told apart by what each acts on, read from the tool's own name and
description (agents.understanding.action_words.tool_words). An English claim names it in the
tool's words ("I've updated your address"); a claim in Spanish, French, German or Portuguese
names it in its own ("He cambiado la dirección", "Ich habe die Telefonnummer geändert"), which
share no letters with the tool's. Both sides are therefore also read as *concepts*: a small
lexicon of the things support desks act on, as a speaker of each language names them (stems,
so "Telefonnummer" and "Rufnummer" read as a phone; "$" marks a whole word where a stem would
read others: French "vol" is a flight, "volé" is not). A word of none of these concepts is
compared as itself, as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from agents.understanding.lexicon import wordset

# concept -> stems and whole words ("$"), grouped per language: en | es | fr | de | pt.
_CONCEPTS: dict[str, str] = {
    "address": "address postal$ postcode | direccion domicilio | adresse | adresse anschrift "
    "| endereco morada",
    "phone": "phone telephon mobile$ | telefono movil | telephon portable$ | telefon handy "
    "rufnummer mobilnummer | telefone telemovel celular",
    "email": "email mail$ | correo | courriel | email | email",
    "booking": "booking reservation appointment | reserva cita | reservation rendez | buchung "
    "reservierung termin | reserva agendamento marcacao",
    "addon": "addon extra$ extras$ option | extra$ extras$ complemento opcion adicional$ "
    "| option supplement | zusatz extra$ extras$ option "
    "| extra$ extras$ complemento opcao adicional$",
    "card": "card | tarjeta | carte$ cartes$ | karte | cartao cartoes",
    "order": "order$ orders$ | pedido | commande | bestellung auftrag | encomenda pedido",
    "parcel": "parcel package shipment | paquete envio$ | colis | paket sendung | pacote",
    "flight": "flight | vuelo | vol$ vols$ | flug | voo$ voos$",
    "seat": "seat | asiento | siege | sitzplatz sitz$ | assento",
    "date": "date$ dates$ | fecha | date$ dates$ | datum | data$ datas$",
    "name": "name$ names$ | nombre | nom$ noms$ | name$ namen$ | nome$ nomes$",
    "password": "password passcode | contrasena | | passwort kennwort | senha",
    "account": "account | cuenta | compte | konto | conta$ contas$",
    "subscription": "subscription membership | suscripcion membresia | abonnement adhesion "
    "| abonnement abo$ mitgliedschaft | assinatura",
    "delivery": "delivery | entrega | livraison | lieferung zustellung | entrega",
    "payment": "payment | pago | paiement | zahlung | pagamento",
    "pin": "pin$ | pin$ | pin$ | pin$ | pin$",
}


@lru_cache(maxsize=1)
def _table() -> tuple[tuple[str, tuple[str, ...], frozenset[str]], ...]:
    out = []
    for concept, spec in _CONCEPTS.items():
        words = spec.replace("|", " ").split()
        stems = tuple(sorted({w for w in words if not w.endswith("$")}, key=len, reverse=True))
        whole = frozenset(w[:-1] for w in words if w.endswith("$"))
        out.append((concept, stems, whole))
    return tuple(out)


@lru_cache(maxsize=8192)
def concept_of(word: str) -> str | None:
    """The concept a folded word names ("telefonnummer" -> phone, "direccion" -> address),
    if any. A German compound ending in a stem of six letters or more names it too
    ("Lieferadresse", "Handynummer" starts with one)."""
    for concept, stems, whole in _table():
        if word in whole:
            return concept
        for stem in stems:
            if word.startswith(stem) or (len(stem) >= 6 and word.endswith(stem)):
                return concept
    return None


def with_concepts(tokens: frozenset[str] | set[str]) -> frozenset[str]:
    """The words and, for each that names a concept, the concept as "~concept"."""
    return frozenset(tokens) | {f"~{c}" for c in map(concept_of, tokens) if c is not None}


STOP_WORDS = wordset(
    "the and for from with that this its their your our one any all only not into onto "
    "when once then than are was were has have been will can may with within per"
)
_NAME_SPLIT = re.compile(r"[_\W]+|(?<=[a-z])(?=[A-Z])")


def name_parts(name: str) -> list[str]:
    return [w.lower() for w in _NAME_SPLIT.split(name) if w]


def distinguishing(
    tools: Mapping[str, frozenset[str]],
    tokens: Iterable[str],
    names: Mapping[str, frozenset[str]] | None = None,
) -> frozenset[str]:
    """Of `tools` (name -> what it acts on, all performing the claimed action), those whose
    words the claim names most ("updated your mailing address" -> update_mailing_address,
    not update_flights); all of them when no word tells them apart. Words are also compared
    as the things they name in five languages ("la dirección", "die Telefonnummer": agents.
    understanding.object_words), and a word of the tool's own name (`names`) counts again:
    "your booking" is `cancel_booking`, though `cancel_addon`'s description says "booking"."""
    said = {singular(t) for t in tokens if len(t) >= 3 and t not in STOP_WORDS}
    concepts = {c for c in map(concept_of, said) if c is not None}
    named = names or {}

    def hits(acted: frozenset[str]) -> int:
        # Each word of the tool counts once, said as itself or as the thing it names.
        return sum(
            1 for w in acted if any(_near(w, s) for s in said) or (concept_of(w) or "-") in concepts
        )

    scored = {
        name: hits(acted) + hits(named.get(name, frozenset())) for name, acted in tools.items()
    }
    best = max(scored.values(), default=0)
    if best == 0 or all(v == best for v in scored.values()):
        return frozenset(tools)
    return frozenset(n for n, v in scored.items() if v == best)


def name_words(name: str) -> frozenset[str]:
    """The words of a tool's name but its action's verb ("cancel_addon" -> addon)."""
    parts = name_parts(name)
    return frozenset(singular(w) for w in parts[1:] if len(w) >= 3 and w not in STOP_WORDS)


def singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("es") and len(word) > 4:
        return word[:-2]
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _near(a: str, b: str) -> bool:
    """One word is the other or starts it ("bag"/"baggage", "flight"/"flights"); a prefix
    of fewer than three letters tells nothing."""
    if a == b:
        return True
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return len(short) >= 3 and long.startswith(short) and short not in STOP_WORDS
