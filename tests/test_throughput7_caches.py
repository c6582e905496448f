"""The text readers' caches (throughput7): a cached reading is the same as a fresh one, a
caller that changes what it got back cannot change what the next caller reads, and a long
text is read without being kept (the caches are bounded in bytes, not only in entries)."""

from __future__ import annotations

from agents.checks.mixed_language import stray_sentence
from agents.scripted import answers, beats
from agents.understanding import languages, text
from agents.understanding.facts import concept


def test_tokens_are_the_callers_own_list() -> None:
    sentence = "We couldn't find the parcel you're after, sorry."
    first = text.tokens(sentence)
    first.append("spoiled")
    first[0] = "changed"
    again = text.tokens(sentence)
    assert again == ["we", "could", "n't", "find", "the", "parcel", "you", "'re", "after", "sorry"]
    assert again is not first


def test_language_scores_are_the_callers_own_dict() -> None:
    reply = "Hemos tramitado el reembolso de su pedido y lo verá en unos días."
    scores = languages.language_scores(reply)
    assert max(scores, key=lambda code: scores[code]) == "es"
    scores["es"] = -100.0
    scores["xx"] = 5.0
    fresh = languages.language_scores(reply)
    assert fresh["es"] > 0 and "xx" not in fresh
    assert languages.language_of(reply) == "es"


def test_long_texts_are_read_but_not_kept() -> None:
    long_reply = "Your replacement ships on Monday and the label is in your inbox. " * 80
    assert len(long_reply) > languages.CACHED_TEXT
    kept = languages._weighed.cache_info().currsize
    tokens_kept = text._tokens.cache_info().currsize
    clauses_kept = languages._cached_clause_language.cache_info().currsize
    anchors_kept = beats._cached_anchors.cache_info().currsize
    assert languages.language_of(long_reply) == "en"
    assert languages.clause_language(long_reply, "fr") in ("en", None)
    assert text.tokens(long_reply)[:3] == ["your", "replacement", "ships"]
    assert "monda" in beats._anchors(long_reply)
    assert languages._weighed.cache_info().currsize == kept
    assert text._tokens.cache_info().currsize == tokens_kept
    assert languages._cached_clause_language.cache_info().currsize == clauses_kept
    assert beats._cached_anchors.cache_info().currsize == anchors_kept


def test_cached_and_uncached_readings_agree() -> None:
    clause = "nous avons bien reçu votre demande de remboursement"
    assert languages.clause_language(clause, "en") == languages._clause_language_of(clause, "en")
    assert languages.clause_language(clause, "en") == "fr"
    assert concept("Orders") == concept("orders") == "order"
    assert answers._clauses("Noted: we ship today. Anything else?") == (
        "Noted: we ship today.",
        "we ship today.",
        "Anything else?",
    )


def test_stray_sentence_once_per_sentence_reading() -> None:
    # A German reply with one French sentence in it: found whichever sentence comes first.
    reply = (
        "Vielen Dank für Ihre Geduld mit uns. Die Rücksendung ist jetzt bei uns eingegangen. "
        "Nous vous remercions de votre patience et de votre compréhension. "
        "Das Geld ist in drei Tagen auf Ihrem Konto."
    )
    found = stray_sentence(reply, {"de"})
    assert found is not None and found[1] == "fr"
    assert stray_sentence(reply, {"de", "fr"}) is None
