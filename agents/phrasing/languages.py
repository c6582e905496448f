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
        "with {my order|my account|my bill}{.|!}",
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
        "Ich habe ein Problem mit {meiner Bestellung|meinem Konto|meiner Rechnung}{.|!}",
        "{Hallo|Guten Tag}{,|!} {es gibt|ich habe} ein Problem{ mit meiner Bestellung|}{.|,} "
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
        "{Bonjour|Excusez-moi}, j'ai un problème avec {ma commande|mon compte|ma facture}"
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
        "{Hola|Perdón}, tengo un problema con {mi pedido|mi cuenta|mi factura}{.|!} "
        "{¿Me puede ayudar|¿Qué hago}?",
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
        "{Salve|Scusi}, ho un problema con {il mio ordine|il mio account|la mia fattura}"
        "{.|!} {Mi può aiutare|Cosa devo fare}?",
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
        "{Olá|Desculpe}, tenho um problema com {meu pedido|minha conta|minha fatura}{.|!} "
        "{Pode me ajudar|O que eu faço}?",
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
        "{Hallo|Sorry}, ik heb een probleem met {mijn bestelling|mijn account|mijn factuur}"
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

LANGUAGES = ("de", "fr", "es", "it", "pt", "nl")

BANK = Bank(RULES)


def language_for(code: str | None) -> str:
    """The language a persona writing `code` switches to: never its own."""
    key = (code or "").strip().lower().replace("_", "-").split("-")[0]
    return FALLBACK if key in ("", "en") else "en"
