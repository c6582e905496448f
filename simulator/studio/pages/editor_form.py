"""The editor's form: the common keys of a scenario as labelled fields.

Labels are plain words, with what each box is for said once in its label; what only a model
reads (the goal) is folded away when no model is set, and the policy, whose sentences become
rules, stays on the first screen.
"""

from __future__ import annotations

from simulator.studio.pages.pages import esc

__all__ = ["DETAILS", "field", "main_fields"]

# Goal and policy are what a model is told and what the judge reads; the offline roles act
# from the first messages and the rules. Said once, in the label: the walkthrough's newcomer
# read two paragraphs of help here before typing anything.
_HINTS = {
    "customer.goal": "Read by the AI model and the judge. Try without a model starts from "
    "the first messages.",
    "support.policy": "Read by the AI model and the judge. Try's support without a model "
    "follows the rules under What support does: add them from here.",
}
# With no model configured, the label says it can be skipped, and the policy box shows an
# example instead of a rule of someone else's business.
_OFFLINE_LABEL = " (optional: only an AI model reads this)"
# The policy is where an author says when support refuses; its sentences offer rules.
_POLICY_LABEL = "Support policy: when support says no, hands over or asks first, one rule per line"
_PLACEHOLDERS = {
    "support.policy": "like:\nOrders older than 30 days cannot be returned.\nRefunds over "
    "100 EUR need a manager.\nCustomers with unpaid invoices must pay them first.",
}


# Not needed for the first conversations: folded away, filled from the id when left empty.
DETAILS = ("title", "domain", "intent", "description")
_SPOKEN = ("customer.goal", "customer.openings")  # may use {placeholders}: listed under them


def field(key: str, label: str, multi: bool, offline: bool = False) -> str:
    """One form field; `offline` (no model configured): the goal says it is optional, the
    policy that its sentences become rules."""
    hints = {} if offline else _HINTS
    if key == "support.policy":
        label = _POLICY_LABEL
    elif offline and key in _HINTS:
        label += _OFFLINE_LABEL
    hint = f' placeholder="{esc(_PLACEHOLDERS[key])}"' if key in _PLACEHOLDERS else ""
    return (
        f'<label for="f-{esc(key)}">{esc(label)}</label>'
        + (
            f'<textarea class="ff" rows="4" id="f-{esc(key)}" name="{esc(key)}"{hint}></textarea>'
            if multi
            else f'<input class="ff" id="f-{esc(key)}" name="{esc(key)}">'
        )
        + (f"<div class='note ph' data-for='f-{esc(key)}'></div>" if key in _SPOKEN else "")
        + (f"<div class='note'>{esc(hints[key])}</div>" if key in hints else "")
        + f'<div class="note fn" id="fn-{esc(key)}"></div>'
        + f'<div class="problem field-problem" id="fp-{esc(key)}"></div>'
    )


def main_fields(
    fields: list[tuple[str, str, bool]], offline: bool, read_above: bool = False
) -> str:
    """The first messages and the policy on the first screen, the rules the policy reads as
    under it (above the form when `read_above`: edit_page); without a model, what only a model
    reads (the goal) and the conversation's length folded under one line: the walkthroughs
    spent two minutes reading the edit page before changing anything, and most of their time
    writing rules the policy already said."""
    policy = (
        "<div class='note'>What the studio read in it is at the top of the page.</div>"
        if read_above
        else "<div id='suggest'></div>"
    )
    if not offline:
        return "".join(field(*f) + (policy if f[0] == "support.policy" else "") for f in fields)
    first = [f for f in fields if f[0] in ("customer.openings", "support.policy")]
    rest = [f for f in fields if f not in first]
    return (
        "".join(field(*f, offline=True) for f in first)
        + policy
        + "<details class='fold' id='optional'><summary>Optional: what the customer wants "
        "(only an AI model reads it), longest conversation</summary>"
        + "".join(field(*f, offline=True) for f in rest)
        + "</details>"
    )
