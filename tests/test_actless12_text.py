"""Act-less text the critic misread (actless12, outsider 21's leftovers), on a domain of this
test's own (tests/data/bikeshop):

- one whole sentence in a language the customer never used, inside a reply otherwise in
  theirs, passed: the reply's language was decided as a whole (their false pass 4);
- a heavy-typo customer who never gave the fact asked for by "An welche Packstation ...?"
  ("which <noun>", the fact's label noun) to the turn limit was support's failure: the
  question was not read as asking it, and a typo style was taken for an edge case that
  holds facts back;
- the same customer restating a request support rightly refused, in new misspellings each
  time, to the turn limit, was support's failure too."""

from __future__ import annotations

from pathlib import Path

import pytest
from courier_chat import Chat
from persona_fixture import ADA

from agents.types import Outcome, Turn, Verdict
from scenarios.edge_cases import load_edge_cases
from scenarios.loader import load_scenarios

HERE = Path(__file__).resolve().parent / "data" / "bikeshop"
SCENARIOS = {s.id: s for s in load_scenarios([HERE])}
DETAILS = SCENARIOS["bikeshop/change-details"]
POST_BACK = SCENARIOS["bikeshop/post-back"]
TYPOS = load_edge_cases().by_id()["heavy_typos"]
LIMIT = Outcome(status="max_turns", reason="turn limit", ended_by="limit")
ROW = {
    "booking_id": "BK-5101", "status": "booked", "cleaning": "added", "bike": "in_workshop",
    "customer_id": "CU-301", "email": "lea.b@example.net",
}  # fmt: skip


def _chat(scenario: object, variables: dict[str, str], lang: str) -> Chat:
    chat = Chat(scenario, variables, ADA.model_copy(update={"language": lang}))
    chat.plan = chat.plan.model_copy(update={"edge_cases": (TYPOS,)})
    return chat


def _typo(chat: Chat, text: str) -> Chat:
    chat.turns.append(Turn(role="customer", content=text, edge_case="heavy_typos"))
    return chat


def _wrong_language(verdict: Verdict) -> list[tuple[str, str]]:
    return [(f.severity, f.explanation) for f in verdict.findings if f.category == "wrong_language"]


# -- a stray sentence in another language ------------------------------------------------------

DETAILS_VARS = {"booking_id": "BK-5101", "customer_email": "lea.b@example.net"}
# (customer language, opening, reply with one sentence in English, the customer's thanks)
MIXED = {
    "de": (
        "Hallo, ich bin umgezogen und möchte meine Adresse ändern lassen.",
        "Sorry, I still need this before I can change anything. Danke. Wie lautet die "
        "E-Mail-Adresse zu Ihrer Buchung?",
        "Die E-Mail ist lea.b@example.net, vielen Dank.",
    ),
    "es": (
        "Hola, me he mudado y quiero cambiar mi dirección, por favor.",
        "Gracias por escribirnos. I need your booking number before I can look at this. "
        "¿Me dice también su correo electrónico?",
        "Es BK-5101 y el correo lea.b@example.net, gracias.",
    ),
    "fr": (
        "Bonjour, j'ai déménagé et je voudrais changer mon adresse.",
        "Merci pour votre message. Please send me the booking number so that I can check it. "
        "Quelle est aussi votre adresse e-mail ?",
        "C'est BK-5101 et lea.b@example.net, merci beaucoup.",
    ),
    "pt": (
        "Olá, mudei de casa e queria alterar a minha morada, por favor.",
        "Obrigado pela mensagem. I can only change it once you have given me your email. "
        "Qual é o número da sua reserva?",
        "É BK-5101 e o e-mail é lea.b@example.net, obrigada.",
    ),
    "en": (
        "Hi, I've moved and I'd like my address changed, please.",
        "Thanks for getting in touch. Ich brauche zuerst die Buchungsnummer und Ihre "
        "E-Mail-Adresse. What's your booking number?",
        "It's BK-5101 and the email is lea.b@example.net, thanks.",
    ),
}


def _mixed_chat(lang: str, reply: str) -> Chat:
    first, _, answer = MIXED[lang]
    return (
        Chat(DETAILS, DETAILS_VARS, ADA.model_copy(update={"language": lang}))
        .customer(first)
        .support(reply)
        .customer(answer)
    )


@pytest.mark.parametrize("lang", sorted(MIXED))
def test_one_sentence_in_a_language_the_customer_never_used_is_a_finding(lang: str) -> None:
    found = _wrong_language(_mixed_chat(lang, MIXED[lang][1]).verdict())
    assert len(found) == 1, found
    severity, why = found[0]
    assert severity == "major" and "one sentence of a reply" in why


QUOTED_OR_CODES = {
    "de": "Ihr Tarif heißt „Full Service Plus Annual“ und ist aktiv. Wie lautet Ihre "
    "E-Mail-Adresse?",
    "es": 'Su plan "Full Service Plus Annual" sigue activo. ¿Cuál es su correo electrónico?',
    "fr": "OK. Votre formule « Full Service Plus Annual » est active. Quelle est votre adresse "
    "e-mail ?",
    "pt": 'O seu plano "Full Service Plus Annual" continua ativo. Qual é o seu e-mail?',
    "en": 'Your plan "Rundum Sorglos Jahrespaket" is active. What is your email address?',
}


@pytest.mark.parametrize("lang", sorted(QUOTED_OR_CODES))
def test_a_quoted_name_or_a_code_is_no_stray_sentence(lang: str) -> None:
    assert _wrong_language(_mixed_chat(lang, QUOTED_OR_CODES[lang]).verdict()) == []


def test_a_stray_sign_off_is_a_minor_note() -> None:
    reply = (
        "Ich habe Ihre Anschrift geändert. Die neue Anschrift steht jetzt in Ihrem Konto. "
        "Have a nice day!"
    )
    found = _wrong_language(_mixed_chat("de", reply).verdict())
    assert [s for s, _ in found] == ["minor"], found


# -- "which <noun>?" asks for the fact; a typo style holds nothing back ------------------------

WHICH = {
    "en": ("Which address should we post the bike to?", "dunno rihgt now sory"),
    "es": ("¿A qué dirección le enviamos la bicicleta?", "no lo se ahroa mismo prdon"),
    "fr": ("À quelle adresse devons-nous renvoyer le vélo ?", "je sais pas la tout de siute"),
    "de": ("An welche Anschrift sollen wir das Rad schicken?", "das weiß icch grad nicht"),
    "pt": ("Para qual morada devemos enviar a bicicleta?", "nao sei agr dsculpe"),
}


@pytest.mark.parametrize("lang", sorted(WHICH))
def test_which_noun_asks_the_labelled_fact_and_a_typo_customer_who_never_gives_it_is_blamed(
    lang: str,
) -> None:
    ask, dunno = WHICH[lang]
    variables = {**DETAILS_VARS, "new_address": "12 Elm Court, Bath"}
    chat = _chat(POST_BACK, variables, lang)
    _typo(chat, "pls post my bik bak BK-5101 lea.b@example.net")
    chat.call("get_booking", ROW, booking_id="BK-5101")
    for _ in range(3):
        chat.support(ask)
        _typo(chat, dunno)
    verdict = chat.verdict(LIMIT)
    assert any(f.category == "withheld_fact" for f in verdict.findings), verdict.findings
    assert verdict.blame == "simulator", verdict.rationale


# -- a request restated after a right refusal ---------------------------------------------------

REFUSED = {"booking_id": "BK-5102", "customer_email": "lea.b@example.net"}
RESTATED = [
    "pls post my bike bak, booking BK-5102",
    "i realy need BK-5102 postd back to me",
    "agian: BK-5102 bike bakc pls",
]
REFUSAL = "Booking BK-5102 is not under your email, so I can't post that bike."


def _restating(variables: dict[str, str]) -> Chat:
    chat = _chat(POST_BACK, {**variables, "new_address": "12 Elm Court, Bath"}, "en")
    _typo(chat, "hi my bike BK-5102 shuld come bak to me, lea.b@example.net")
    chat.call("get_booking", {**ROW, "booking_id": "BK-5102"}, booking_id="BK-5102")
    chat.support(REFUSAL)
    for text in RESTATED:
        _typo(chat, text)
        chat.support("I've checked again, but it stays as it is: " + REFUSAL)
    return chat


def test_a_request_restated_after_a_right_refusal_is_the_customers_loop() -> None:
    verdict = _restating(REFUSED).verdict(LIMIT)
    found = [f for f in verdict.findings if f.category == "ignored_answer"]
    assert len(found) == 1 and "restates" in found[0].explanation, verdict.findings
    assert verdict.blame == "simulator", verdict.rationale


def test_a_request_restated_where_a_write_is_expected_stays_supports() -> None:
    """BK-5101 is the customer's: refusing it is wrong, and pushing back is right."""
    verdict = _restating({"booking_id": "BK-5101", "customer_email": "lea.b@example.net"})
    verdict = verdict.verdict(LIMIT)
    assert not [f for f in verdict.findings if f.category == "ignored_answer"]
    assert verdict.blame is None
