"""Support answering in a language the customer never wrote in is a finding; following a
customer who switches language, or staying in the one it started in, is not."""

from __future__ import annotations

from critic_fixture import BASE, RESOLVED, c, s

from agents.critic import grade
from agents.types import Turn, Verdict
from agents.understanding.languages import decided_language


def _grade(turns: list[Turn], language: str = "en") -> Verdict:
    persona = BASE.persona.model_copy(update={"language": language})
    return grade(BASE.model_copy(update={"persona": persona}), turns, RESOLVED)


def _wrong(v: Verdict) -> list[tuple[int | None, str]]:
    return [(f.turn, f.severity) for f in v.findings if f.category == "wrong_language"]


def test_short_or_mixed_turns_have_no_decided_language() -> None:
    assert decided_language("Merci, ORD-12345.") is None
    assert decided_language("ok thanks") is None
    assert decided_language("Je voudrais savoir où est ma commande, s'il vous plaît.") == "fr"
    assert decided_language("Could you tell me where the parcel is right now?") == "en"


ENGLISH_CUSTOMER = [
    c("Hello, the kettle I ordered last week arrived with a cracked lid."),
    s("¡Hola! Lamento mucho lo de la tetera. ¿Me puedes dar el número de pedido, por favor?"),
    c("Sorry, I don't speak Spanish. The order is ORD-12345."),
    s("Perfecto, ya he revisado el pedido y te hemos devuelto el dinero a tu tarjeta."),
    c("I think that means it's done? Thanks."),
]


def test_spanish_answers_to_an_english_customer_are_flagged() -> None:
    quiet = [t for i, t in enumerate(ENGLISH_CUSTOMER) if i != 2]
    quiet.insert(2, c("The order is ORD-12345."))
    v = _grade(quiet)
    assert _wrong(v) == [(1, "minor")]
    finding = next(f for f in v.findings if f.category == "wrong_language")
    assert finding.explanation == (
        "support answers in Spanish (2 of 2 turns whose language is clear) a customer who "
        "writes in English (a note: the language came from the default mix, not the scenario)"
    )


def test_carrying_on_after_the_customer_said_they_cannot_read_it_is_major() -> None:
    """ "Sorry, I don't speak Spanish", then Spanish again: the customer is left unable to
    follow, and said so."""
    v = _grade(ENGLISH_CUSTOMER)
    assert _wrong(v) == [(3, "major")]
    finding = next(f for f in v.findings if f.category == "wrong_language")
    assert finding.explanation == (
        "the customer said they could not follow (turn 2); support answered again in a "
        "language they never used (earlier turns read as Spanish), not in English"
    )
    # A request for their language, ignored by the next reply: major at that reply.
    asked = [
        *ENGLISH_CUSTOMER[:2],
        c("Could we do this in English please? ORD-12345."),
        *ENGLISH_CUSTOMER[3:],
    ]
    assert _wrong(_grade(asked)) == [(3, "major")]


def test_following_a_customer_who_switches_language_is_fine() -> None:
    turns = [
        c("Hi there, my new headphones stopped working after two days."),
        s("Sorry about that! Could you give me the order number, please?"),
        c("Ja, Moment. Die Bestellnummer ist ORD-12345, ich bin gerade sehr müde."),
        s("Danke! Ich habe die Bestellung gefunden und die Erstattung ist schon unterwegs."),
        c("Super, vielen Dank für die schnelle Hilfe."),
        s("Gern geschehen, und einen schönen Abend noch!"),
    ]
    assert _wrong(_grade(turns)) == []


def test_one_stray_reply_from_a_side_that_writes_theirs_is_major() -> None:
    """Session 13: a whole reply in another language, from a side whose other replies are in
    the customer's, is a broken step (a reply of another session, a failed translation), not
    a one-language bot's choice (it was left alone before as "not a pattern")."""
    turns = [
        c("Bonjour, mon colis est arrivé abîmé, je voudrais un remboursement."),
        s("Bonjour ! Pouvez-vous me donner le numéro de commande, s'il vous plaît ?"),
        c("Oui, c'est ORD-12345, merci beaucoup."),
        s("Thanks, I have found your order and the refund is on its way now."),
        c("Merci, c'est parfait pour moi."),
        s("Avec plaisir, et bonne journée à vous !"),
    ]
    assert _wrong(_grade(turns, "fr")) == [(3, "major")]


GERMAN_ASK = "Das mit der Lampe tut mir leid. Dafür brauche ich Ihre Bestellnummer, bitte."
SPANISH_DONE = "Listo, he reembolsado el pedido ORD-12345. Verá el importe en su tarjeta."


def test_a_reply_to_text_whose_language_cannot_be_told_is_not_judged() -> None:
    """A garbled opening ("Sn intrnte") has no language: the bot's guess (German) answers
    nothing it could read. From the customer's first readable turn on, theirs counts."""
    assert decided_language("Sn intrnte") is None
    garbled = [
        c("Sn intrnte"),
        s(GERMAN_ASK),
        c("Hola, no tengo internet desde ayer y necesito que lo arreglen. Es el ORD-12345."),
        s(SPANISH_DONE),
    ]
    assert _wrong(_grade(garbled, "es")) == []
    # The same German reply after the customer wrote readable Spanish is a stray: major.
    readable = [
        c("Hola, no tengo internet desde ayer y necesito que lo arreglen, por favor."),
        s(GERMAN_ASK),
        c("Es el ORD-12345, y no entiendo alemán."),
        s(SPANISH_DONE),
    ]
    assert _wrong(_grade(readable, "es")) == [(1, "major")]
    # Kept in German after readable Spanish: judged from there on (turn 3, not turn 1).
    kept = [
        *garbled[:3],
        s("Danke, ich habe die Bestellung gefunden und die Erstattung ist schon unterwegs."),
        c("Vale, gracias por la ayuda, que tenga un buen día."),
        s("Gern geschehen, und einen schönen Abend noch! Ihre Karte sehen Sie bald."),
    ]
    assert [at for at, _ in _wrong(_grade(kept, "es"))] == [3]
