"""What a customer says to a reply in a language it does not write: it asks, once, to go on
in its own. Without this it read nothing in the reply and sent its issue again as if nothing
had been said (a bot answering an English customer in Spanish, a German one in English).
Written per language as a speaker would say it; the other language is named in the speaker's.
"""

from __future__ import annotations

import random

# language -> (how its speaker names each other language, lines with {other})
_NAMES: dict[str, dict[str, str]] = {
    "en": {"es": "Spanish", "fr": "French", "de": "German", "pt": "Portuguese", "it": "Italian"},
    "es": {"en": "inglés", "fr": "francés", "de": "alemán", "pt": "portugués", "it": "italiano"},
    "fr": {
        "en": "l'anglais", "es": "l'espagnol", "de": "l'allemand", "pt": "le portugais",
        "it": "l'italien",
    },
    "de": {
        "en": "Englisch", "es": "Spanisch", "fr": "Französisch", "pt": "Portugiesisch",
        "it": "Italienisch",
    },
    "pt": {"en": "inglês", "es": "espanhol", "fr": "francês", "de": "alemão", "it": "italiano"},
}  # fmt: skip
# (Italian is read, never played: a bot may answer in it; see agents.understanding.languages.)
_LINES: dict[str, tuple[str, ...]] = {
    "en": (
        "Sorry, I don't speak {other}. Could we do this in English?",
        "Sorry, I can't read {other}. Can you say that in English, please?",
        "I don't understand {other}, sorry. English please?",
    ),
    "es": (
        "Perdona, no hablo {other}. ¿Podemos seguir en español?",
        "Lo siento, no entiendo el {other}. ¿Me lo puedes decir en español?",
    ),
    "fr": (
        "Désolé, je ne comprends pas {other}. On peut continuer en français ?",
        "Pardon, je ne parle pas {other}. Vous pouvez me répondre en français ?",
    ),
    "de": (
        "Entschuldigung, ich verstehe kein {other}. Können wir auf Deutsch weitermachen?",
        "Tut mir leid, ich spreche kein {other}. Geht das auch auf Deutsch?",
    ),
    "pt": (
        "Desculpa, não entendo {other}. Podemos continuar em português?",
        "Desculpe, eu não falo {other}. Pode me responder em português?",
    ),
}


def cannot_read(own: str, other: str, rng: random.Random) -> str | None:
    """The request to go on in `own` after a reply in `other`; None for a pair not written."""
    name = _NAMES.get(own, {}).get(other)
    if name is None:
        return None
    return rng.choice(_LINES[own]).format(other=name)
