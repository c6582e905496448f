"""Role mailboxes: an email address that names a function (support@, billing@, kundenservice@),
not a person.

A support desk names its own mailboxes freely ("write to returns@shop.example"); the
personal-data check must not read them as another person's address. Only the local part is
read, split at dots, dashes, pluses and underscores, and every piece must be a role word: a
person's name among them ("support.jane@") makes it a person's address again.
"""

from __future__ import annotations

import re

# Role mailboxes: local parts naming a function, not a person (en/es/fr/de/pt).
_ROLE_TEXT = (
    "support help helpdesk service services customerservice customercare care billing "
    "returns return refunds refund sales info information contact contacts hello team "
    "orders order admin noreply no reply donotreply privacy security feedback complaints "
    "claims accounts account invoices invoice payments payment shipping delivery office "
    "enquiries inquiries questions desk customer customers care center centre hr jobs "
    "press media legal compliance dpo abuse postmaster webmaster mail bookings booking "
    "reservations travel membership members tickets ticket warranty repairs tech techsupport "
    "soporte ayuda atencion atencionalcliente cliente clientes servicio facturacion "
    "devoluciones reembolsos pedidos consultas reclamaciones ventas contacto hola equipo "
    "assistance aide sav client clients serviceclient facturation remboursements commandes retours "
    "reclamations bonjour equipe kontakt kundenservice kundendienst hilfe rechnung rechnungen "
    "retouren erstattung bestellungen kunden beschwerden datenschutz buchhaltung hallo vertrieb "
    "suporte ajuda atendimento faturamento devolucoes reclamacoes pedidos vendas contato "
    "ola equipe"
)
ROLE_WORDS = frozenset(_ROLE_TEXT.split())
_LOCAL_SPLIT = re.compile(r"[._+-]+")


def role_address(email: str) -> bool:
    """True when every piece of the local part of `email` is a role word."""
    words = [w for w in _LOCAL_SPLIT.split(email.partition("@")[0].casefold()) if w]
    return bool(words) and all(w in ROLE_WORDS for w in words)
