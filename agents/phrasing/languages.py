"""Turns in another language, for the switch_language edge case.

A customer who switches language writes the whole turn in a language other than the one
the conversation is in (the persona's): scenario text is not carried, fact values are
(verbatim, as `$values`). An English-writing persona switches to Spanish; any other persona
switches to English, the language a customer abroad falls back on.
"""

from __future__ import annotations

from agents.phrasing.grammar import Bank

FALLBACK = "es"

RULES: dict[str, list[str]] = {
    "en_open": [
        "{Sorry|Excuse me}, can we {continue|carry on} in English{ please|}? {It's easier for "
        "me|I'd rather write in English}{.|!}",
        "{Hello|Hi}, {could|can} you {answer|reply} in English{, please|}? I have a problem "
        "with <thing_en>{.|!}",
        "{Is it OK if|Would you mind if} I {switch to|write in} English? {It's quicker for me|"
        "It's just easier|I type faster in English}{.|!}",
        "{Do you speak English|Does anyone there speak English}? {I'd explain it better|It "
        "would be much quicker|I'm more comfortable} in English{.|!}",
        "{Sorry to switch|Apologies for switching}, but English is easier for me. {Is that OK|"
        "Can we do that}?",
    ],
    "en_inform": [
        "{Here|Here you go}{:|,} $values{.|}",
        "{It's|That's} $values{.|}",
    ],
    "en_other": [
        "{Can|Could} you {answer|write} in English{ please|}? {I don't understand|That's too "
        "complicated for me}{.|!}",
        "{Sorry|Pardon}? I didn't {get|understand} that{.|!} {In English, please|Thanks}{.|!}",
        "{I'm lost|You've lost me|I'm not following}, {sorry|to be honest}. {Could you say that "
        "again in English|Any chance of that in English}?",
        "{Would it be possible to|Could we} {keep going|stick to} English? I {keep missing "
        "things|don't want to misunderstand anything}{.|!}",
    ],
    "de_open": [
        "{Hallo|Guten Tag|Hi|Servus|Moin}{,|!|.} {können|könnten} wir {bitte|} auf Deutsch "
        "{weitermachen|schreiben}? {Mein Englisch ist nicht so gut|Das ist einfacher für mich}"
        "{.|!}",
        "{Entschuldigung|Sorry}, ich {verstehe|spreche} nicht {so gut|gut} Englisch{.|!} "
        "Ich habe ein Problem mit <thing_de>{.|!}",
        "{Hallo|Guten Tag}{,|!} {es gibt|ich habe} ein Problem{ mit <thing_de>|}{.|,} "
        "{Können Sie mir helfen|Was kann ich tun}?",
    ],
    "de_inform": [
        "{Hier|Bitte schön|Also}{:|,} $values{.|}",
        "{Das ist|Es ist} $values{.|}",
        "{Meine Daten|Die Angaben}{:|sind} $values{.|}",
    ],
    "de_other": [
        "{Können Sie|Könnten Sie} {bitte|} auf Deutsch {antworten|schreiben}? "
        "{Ich verstehe das nicht|Das ist zu kompliziert für mich}{.|!}",
        "{Was|Wie} {meinen Sie|bitte}? {Ich verstehe nicht|Auf Deutsch bitte}{.|!}",
        "{Und jetzt|Also}{,|} {was passiert jetzt|wie geht es weiter}?",
    ],
    "fr_open": [
        "{Bonjour|Salut|Bonsoir}{,|!|.} {est-ce qu'on peut|on peut} continuer en français"
        "{ s'il vous plaît|}? {Mon anglais n'est pas très bon|C'est plus facile pour moi}{.|!}",
        "{Bonjour|Excusez-moi}, j'ai un problème avec <thing_fr>"
        "{.|!} {Vous pouvez m'aider|Que dois-je faire}?",
        "Désolé{,|} je ne parle pas bien anglais{.|!} {J'ai besoin d'aide|Aidez-moi "
        "s'il vous plaît}{.|!}",
    ],
    "fr_inform": [
        "{Voilà|Voici|Alors}{:|,} $values{.|}",
        "{C'est|Ce sont} $values{.|}",
        "{Mes informations|Les détails}{:| sont} $values{.|}",
    ],
    "fr_other": [
        "{Pouvez-vous|Vous pouvez} répondre en français{ s'il vous plaît|}? {Je ne comprends "
        "pas|C'est trop compliqué}{.|!}",
        "{Pardon|Comment}? Je n'ai pas compris{.|!} {En français, s'il vous plaît|Merci}{.|!}",
        "{Et maintenant|Alors}{,|} {qu'est-ce qui se passe|on fait quoi}?",
    ],
    "es_open": [
        "{Hola|Buenas|Buenos días|Buenas tardes}{,|!|.} {¿podemos|¿puedo} {seguir|hablar} en "
        "español{ por favor|}? {Mi inglés no es muy bueno|Es más fácil para mí}{.|!}",
        "{Hola|Perdón}, tengo un problema con <thing_es>{.|!} {¿Me puede ayudar|¿Qué hago}?",
        "Lo siento{,|} no hablo bien inglés{.|!} {Necesito ayuda|Ayúdeme por favor}{.|!}",
    ],
    "es_inform": [
        "{Aquí está|Aquí tiene|Bueno}{:|,} $values{.|}",
        "{Es|Son} $values{.|}",
        "{Mis datos|Los datos}{:| son} $values{.|}",
    ],
    "es_other": [
        "{¿Puede|¿Podría} responder en español{ por favor|}? {No entiendo|Es muy complicado "
        "para mí}{.|!}",
        "{¿Cómo|¿Perdón}? No entendí{.|!} {En español, por favor|Gracias}{.|!}",
        "{¿Y ahora|Entonces}{,|} {¿qué pasa|¿qué hago}?",
    ],
    "it_open": [
        "{Ciao|Salve|Buongiorno|Buonasera}{,|!|.} possiamo {continuare|parlare} in italiano"
        "{ per favore|}? {Il mio inglese non è molto buono|È più facile per me}{.|!}",
        "{Salve|Scusi}, ho un problema con <thing_it>{.|!} {Mi può aiutare|Cosa devo fare}?",
        "Mi dispiace{,|} non parlo bene l'inglese{.|!} {Ho bisogno di aiuto|Mi aiuti per "
        "favore}{.|!}",
    ],
    "it_inform": [
        "{Ecco|Allora}{:|,} $values{.|}",
        "{È|Sono} $values{.|}",
        "{I miei dati|I dati}{:| sono} $values{.|}",
    ],
    "it_other": [
        "{Può|Potrebbe} rispondere in italiano{ per favore|}? {Non capisco|È troppo "
        "complicato}{.|!}",
        "{Come|Scusi}? Non ho capito{.|!} {In italiano, per favore|Grazie}{.|!}",
        "{E adesso|Allora}{,|} {cosa succede|cosa faccio}?",
    ],
    "pt_open": [
        "{Olá|Oi|Bom dia|Boa tarde}{,|!|.} podemos {continuar|falar} em português"
        "{ por favor|}? {Meu inglês não é muito bom|É mais fácil para mim}{.|!}",
        "{Olá|Desculpe}, tenho um problema com <thing_pt>{.|!} {Pode me ajudar|O que eu faço}?",
        "Desculpe{,|} não falo bem inglês{.|!} {Preciso de ajuda|Me ajude por favor}{.|!}",
    ],
    "pt_inform": [
        "{Aqui está|Pronto|Então}{:|,} $values{.|}",
        "{É|São} $values{.|}",
        "{Meus dados|Os dados}{:| são} $values{.|}",
    ],
    "pt_other": [
        "{Pode|Poderia} responder em português{ por favor|}? {Não entendo|É muito complicado}{.|!}",
        "{Como|Desculpe}? Não entendi{.|!} {Em português, por favor|Obrigado}{.|!}",
        "{E agora|Então}{,|} {o que acontece|o que eu faço}?",
    ],
    "nl_open": [
        "{Hallo|Hoi|Goedemiddag|Goedemorgen}{,|!|.} kunnen we {verder|doorgaan} in het "
        "Nederlands{ alstublieft|}? {Mijn Engels is niet zo goed|Dat is makkelijker voor mij}"
        "{.|!}",
        "{Hallo|Sorry}, ik heb een probleem met <thing_nl>"
        "{.|!} {Kunt u mij helpen|Wat moet ik doen}?",
        "Sorry{,|} ik spreek niet goed Engels{.|!} {Ik heb hulp nodig|Help me alstublieft}{.|!}",
    ],
    "nl_inform": [
        "{Hier|Alsjeblieft|Nou}{:|,} $values{.|}",
        "{Het is|Dat is} $values{.|}",
        "{Mijn gegevens|De gegevens}{:| zijn} $values{.|}",
    ],
    "nl_other": [
        "{Kunt u|Kan je} in het Nederlands antwoorden{ alstublieft|}? {Ik begrijp het niet|"
        "Het is te ingewikkeld}{.|!}",
        "{Wat|Pardon}? Ik begrijp het niet{.|!} {In het Nederlands graag|Dank u}{.|!}",
        "{En nu|Dus}{,|} {wat gebeurt er nu|wat moet ik doen}?",
    ],
}

# What the customer has a problem with, in the scenario's domain: never "my order" in a
# flight's cancellation (reading s12); a domain the bank does not know gets the account.
_THINGS: dict[str, dict[str, str]] = {
    "en": {"": "my account", "ecommerce": "{my order|my delivery}", "banking": "{my account|"
           "my card}", "telecom": "{my bill|my line|my contract}", "travel": "{my booking|my "
           "reservation|my trip}", "insurance": "{my policy|my claim}", "saas": "{my account|"
           "my subscription}"},
    "de": {"": "meinem Konto", "ecommerce": "{meiner Bestellung|meiner Lieferung}", "banking":
           "{meinem Konto|meiner Karte}", "telecom": "{meiner Rechnung|meinem Vertrag}",
           "travel": "{meiner Buchung|meiner Reise}", "insurance": "{meiner Versicherung|"
           "meinem Schaden}", "saas": "{meinem Konto|meinem Abo}"},
    "fr": {"": "mon compte", "ecommerce": "{ma commande|ma livraison}", "banking": "{mon "
           "compte|ma carte}", "telecom": "{ma facture|mon forfait}", "travel": "{ma "
           "réservation|mon voyage}", "insurance": "{mon contrat|mon sinistre}", "saas": "{mon "
           "compte|mon abonnement}"},
    "es": {"": "mi cuenta", "ecommerce": "{mi pedido|mi envío}", "banking": "{mi cuenta|mi "
           "tarjeta}", "telecom": "{mi factura|mi línea}", "travel": "{mi reserva|mi viaje}",
           "insurance": "{mi póliza|mi seguro}", "saas": "{mi cuenta|mi suscripción}"},
    "it": {"": "il mio account", "ecommerce": "{il mio ordine|la mia spedizione}", "banking":
           "{il mio conto|la mia carta}", "telecom": "{la mia fattura|la mia linea}", "travel":
           "{la mia prenotazione|il mio viaggio}", "insurance": "la mia polizza", "saas": "{il "
           "mio account|il mio abbonamento}"},
    "pt": {"": "minha conta", "ecommerce": "{meu pedido|minha entrega}", "banking": "{minha "
           "conta|meu cartão}", "telecom": "{minha fatura|minha linha}", "travel": "{minha "
           "reserva|minha viagem}", "insurance": "{minha apólice|meu seguro}", "saas": "{minha "
           "conta|minha assinatura}"},
    "nl": {"": "mijn account", "ecommerce": "{mijn bestelling|mijn levering}", "banking":
           "{mijn rekening|mijn pas}", "telecom": "{mijn factuur|mijn abonnement}", "travel":
           "{mijn boeking|mijn reis}", "insurance": "mijn polis", "saas": "{mijn account|"
           "mijn abonnement}"},
}  # fmt: skip
for _code, _by_domain in _THINGS.items():
    for _domain, _words in _by_domain.items():
        RULES[f"thing_{_code}@{_domain}" if _domain else f"thing_{_code}"] = [_words]

LANGUAGES = ("de", "fr", "es", "it", "pt", "nl")

BANK = Bank(RULES)


def language_for(code: str | None) -> str:
    """The language a persona writing `code` switches to: never its own."""
    key = (code or "").strip().lower().replace("_", "-").split("-")[0]
    return FALLBACK if key in ("", "en") else "en"
