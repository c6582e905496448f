"""Whether a support turn gives the customer the answer it came for: the outputs the
scenario expects support to say, found as values in any written form. The simulated customer
reads it (agents.understanding.acts.support_act_from_text) before the wording cues, so a
terse or a foreign answer is an answer."""

from __future__ import annotations

from agents.checks.output_values import display_forms, said_as_value, said_as_words
from agents.types import ConversationPlan
from scenarios.templates import TemplateError, render

__all__ = ["states_outputs"]


def states_outputs(text: str, plan: ConversationPlan) -> bool:
    """The text states every output the scenario expects support to say (`expect.outputs`,
    the answer the customer came for: a date, an amount, a status), each as a value in any
    written form ('34,99 EUR' for 34.99, '15 January 2027' for 2027-01-15) or as written,
    a stored status also as the domain's `display` says it in a language ('en retouche').
    A customer who hears them has the answer, however terse or worded: 'Next payment: 34.99
    EUR on 15 January 2027.' answers as 'Your next payment of 34.99 EUR will be taken on
    January 15, 2027.' does, and asking again would be the simulator's fault. Only where the
    conversation expects no write: elsewhere a figure is quoted before the change is made.
    A text with a question mark asks something back, and is read by the cues below."""
    expect = plan.scenario.expect
    if expect is None or not expect.outputs or expect.actions or expect.records:
        return False  # where a write is expected, values stated are no answer yet (a quote)
    low = text.lower().replace(",", "")
    for template in expect.outputs:
        try:
            output = render(template, plan.variables)
        except TemplateError:
            return False
        if not output.strip():
            return False
        if output.lower() not in low and not said_as_value(output, (text,)):
            forms = display_forms(_domain(plan), output)
            if not any(said_as_words(form, (text,)) for form in forms):
                return False
    return True


def _domain(plan: ConversationPlan) -> object:
    """The scenario's domain, for the `display` forms of a stored value (None: none)."""
    from scenarios.domains import domain_for
    from scenarios.schema.problems import ScenarioError

    try:
        return domain_for(plan.scenario)
    except ScenarioError:
        return None
