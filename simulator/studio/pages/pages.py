"""HTML of the studio's pages. Every value from a file or a request goes through `esc`."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from html import escape
from typing import Any
from urllib.parse import quote, urlencode

from simulator.studio.trying.deciding import kept_rule, to_decide
from simulator.studio.trying.endings import ending

__all__ = [
    "JUDGE_HOWTO",
    "conversation",
    "esc",
    "page",
    "problems_html",
    "remove_button",
    "summary",
]


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def remove_button(key: str, what: str) -> str:
    """A remove button, and the place where lint's problems about the item show."""
    field = re.sub(r"\.(\d+)(?=\.|$)", r"[\1]", key)  # success.2 -> success[2], as lint says
    return (
        f"<button class='rm' data-key='{esc(key)}' title='remove {esc(what)}'>remove</button>"
        f"<span class='problem field-problem' id='fp-{esc(field)}'></span>"
    )


@functools.cache
def _situation_words() -> dict[str, str]:
    """The library's edge cases by id, in their titles' words (read once per process)."""
    from scenarios.edge_cases import load_edge_cases

    return {c.id: c.title[:1].lower() + c.title[1:] for c in load_edge_cases().edge_cases}


def situation_words(case: str) -> str:
    """One edge case in plain words (its id with spaces when the library lacks it)."""
    return _situation_words().get(case, case.replace("_", " "))


def situations(ids: list[str]) -> str:
    """Edge cases in plain words (`wrong_identifier` -> `gives a wrong identifier first`),
    the ids kept in a tooltip for those who read the YAML."""
    if not ids:
        return "none"
    words = _situation_words()
    shown = "; ".join(words.get(i, i.replace("_", " ")) for i in ids)
    return f"<span title='{esc(', '.join(ids))}'>{esc(shown)}</span>"


_STYLE = """
body{font-family:system-ui,sans-serif;margin:0 1.5em;color:#222}
nav a{margin-right:1em} textarea{width:100%;font-family:monospace;font-size:13px}
.cols{display:flex;gap:1.5em} .cols>div{flex:1;min-width:0}
.problem{color:#a00} .warning{color:#8a5a00} .finding{color:#a50;margin-left:2em;font-size:90%}
.turn{margin:.2em 0} .customer{color:#035} .support{color:#350} .tool{color:#666}
label{display:block;margin-top:.5em;font-weight:600} input,select{width:100%}
.note{color:#555;font-size:90%} code{font-size:90%} .tool{border-top:1px solid #ddd}
table.records{border-collapse:collapse;font-size:85%} table.records td,table.records th{
border:1px solid #ddd;padding:0} table.records input{border:0;width:100%;min-width:5em}
tr.bad{background:#fee} tr.warn{background:#fff4d6} .hmwrap{overflow-x:auto}
table.heatmap{border-collapse:collapse}
table.heatmap td.hm{width:2.2em;height:1.6em;text-align:center;border:1px solid #fff}
table.heatmap th.sc{text-align:right;font-weight:normal;font-size:85%;padding-right:.5em}
table.heatmap th.rot{height:9em;vertical-align:bottom;font-weight:normal;font-size:80%}
table.heatmap th.rot div{writing-mode:vertical-rl;transform:rotate(180deg)}
form.filters{display:flex;flex-wrap:wrap;gap:.3em 1em;align-items:end}
form.filters label{margin:0;font-size:90%} form.filters select,form.filters input{width:12em}
.start{background:#f3f7ff;border:1px solid #cde;padding:.6em;margin:.5em 0}
#problems li.atfield{display:none} #variables>summary h3,#file>summary h2{display:inline}
.conv{border:1px solid #ccc;padding:.5em;margin:.5em 0} .ACCEPT{color:#070} .REJECT{color:#a00}
.UNDECIDED{color:#8a5a00} .REVIEW{color:#a50} code.key{color:#777;font-size:80%;font-weight:normal}
details{display:inline;font-size:85%;color:#555} details[open]{display:block}
.item{border-left:3px solid #cde;padding-left:.6em;margin:.6em 0} label.inline{display:inline}
.notice{background:#fff7e0;border:1px solid #e8d49a;padding:.5em;margin:.5em 0}
.bar{position:sticky;top:0;z-index:5;background:#fff;padding:.4em 0;border-bottom:1px solid #ddd}
.jump{font-size:85%;margin-top:.2em} #status{margin-left:1.5em;font-size:110%}
label.tick{display:inline;font-weight:normal;margin:0 .7em 0 0}
label.tick input{width:auto;margin:0 .2em 0 0} html{scroll-padding-top:5.5em}
button,input,select,textarea{scroll-margin-top:5.5em}
.fn{color:#8a5a00} details.more{display:block;font-size:100%;color:inherit;margin-top:1em}
details.more>summary{font-weight:600;font-size:110%;cursor:pointer}
details.fold{display:block;font-size:100%;color:inherit;margin:.5em 0}
details.fold>summary{cursor:pointer;color:#555} button.ins{font-family:monospace;padding:0 .3em}
.ph{display:none} .ph.on{display:block}
.suggest{background:#f3f7ff;border:1px solid #cde;padding:.4em .6em;margin:.4em 0}
details.also>summary h2{display:inline;color:#222}
.suggest ul{margin:.2em 0;padding-left:1.2em} .suggest li{margin:.25em 0} .ok{color:#070}
"""


def page(title: str, body: str, script: str = "") -> str:
    nav = (
        '<nav><a href="/">Scenarios</a><a href="/domains">Domains</a><a href="/runs">Runs</a>'
        '<a href="/settings">AI model (optional)</a></nav>'
    )
    tail = f"<script>{script}</script>" if script else ""
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{esc(title)} · convsim"
        f" studio</title><style>{_STYLE}</style></head><body>{nav}<h1>{esc(title)}</h1>"
        f"{body}{tail}</body></html>"
    )


def link(path: str, params: dict[str, str], text: str) -> str:
    return f'<a href="{esc(path + "?" + urlencode(params))}">{esc(text)}</a>'


def edit_link(rel: str) -> str:
    return f'<a href="/edit?path={esc(quote(rel))}">{esc(rel)}</a>'


def problems_html(problems: Iterable[Any]) -> str:
    """Lint's lines, as `convsim lint` prints them; warnings (which lint passes) apart in
    amber, so a file with warnings only still says it has no problems."""
    listed = list(problems)
    items = "".join(
        f'<li class="{"warning" if getattr(p, "warning", False) else "problem"}" '
        f'data-field="{esc(p.field)}">{esc(p)}</li>'
        for p in listed
    )
    if any(not getattr(p, "warning", False) for p in listed):
        return f"<ul>{items}</ul>"
    return f"<p>No problems found.</p><ul>{items}</ul>" if items else "<p>No problems found.</p>"


def summary(
    records: list[dict[str, Any]],
    expected: list[str | None] | None = None,
    rules: list[int | None] | None = None,
) -> str:
    """One line over Try's conversations: how they ended and what the checks said, counted,
    so the author sees at a glance whether a rule took effect before reading each one; and
    what was not judged (walkthrough 10 read "no problem found" on refusals its policy did not
    call for: whether support kept to the policy is judged only by a model)."""
    ends: dict[str, int] = {}
    verdicts: dict[str, int] = {}
    unjudged: dict[str, None] = {}
    for n, record in enumerate(records):
        status = ending(record, expected[n] if expected else None, rules[n] if rules else None)
        ends[status] = ends.get(status, 0) + 1
        verdict = record.get("verdict") or {}
        label = str(verdict.get("label") or "")
        shown = _VERDICT_WORDS.get(label, (label, label))[0]
        if label == "ACCEPT" and verdict.get("unjudged"):
            shown = _UNDECIDED
        if verdict.get("blame") == "simulator":
            shown += ", caused by the simulated customer"
        verdicts[shown] = verdicts.get(shown, 0) + 1
        unjudged.update(dict.fromkeys(str(u) for u in verdict.get("unjudged") or []))
    if not records:
        return ""
    ended, judged = (
        ", ".join(f"{n} {esc(_many(k, n))}" for k, n in sorted(d.items(), key=lambda kv: -kv[1]))
        for d in (ends, verdicts)
    )
    kept = [kept_rule(r, expected[n] if expected else None) for n, r in enumerate(records)]
    decided = sum(k is not None for k in kept)
    by_rules = (
        f" Decided by your rules: support did what the rule says in {kept.count(True)} of "
        f"{decided}" + (f" (<b>{kept.count(False)} did not</b>)" if False in kept else "") + "."
        if decided
        else ""
    )
    missing = (
        " · <b>Not judged: whether support kept to your policy</b> "
        f"({esc(', '.join(unjudged))}; needs an <a href='/settings'>AI model</a>).{by_rules} "
        "What decides the rest is whether each rule is what your policy means for the values "
        "drawn: each conversation asks it"
        if unjudged
        else ""
    )
    return f"<p class='summary'><b>Ended:</b> {ended} · <b>Verdicts:</b> {judged}{missing}</p>"


# An ACCEPT with checks left undone: no check failed, which says nothing of the policy
# (walkthrough 16 read "5 no problem found, not fully judged" over five conversations that
# all broke the policy as meant): undecided, never a pass.
_UNDECIDED = "undecided (no check failed; the policy was not judged)"


def _many(ended: str, n: int) -> str:
    """ "customer left after ..." said of `n` conversations: "2 customers left" (walkthrough
    14 read "2 customer left")."""
    return (
        "customers" + ended[len("customer") :] if n > 1 and ended.startswith("customer ") else ended
    )


def drawn(record: dict[str, Any]) -> str:
    """The scenario's own values this conversation drew (`hours_left 31 · reference
    REF-36674`): without them an author cannot tell on screen whether a rule applied."""
    from scenarios.model import BUILTIN_VARIABLES

    values = record.get("variables") or {}
    return " · ".join(f"{k} {v}" for k, v in values.items() if k not in BUILTIN_VARIABLES)


def conversation(
    record: dict[str, Any],
    rule: int | None = None,
    expected: str | None = None,
    when: str = "",
    reason: str = "",
) -> str:
    """One transcript with its verdict, and each finding under the turn it points to; `rule`:
    the number of the rule its values select (Try knows the rules it ran), `expected` its
    action (see endings.ending), `when` its condition in words: a number alone named another
    rule once a rule was put above it (walkthrough 11)."""
    verdict = record.get("verdict") or {}
    findings = verdict.get("findings") or []
    by_turn: dict[Any, list[dict[str, Any]]] = {}
    for finding in findings:
        by_turn.setdefault(finding.get("turn"), []).append(finding)
    persona = record.get("persona") or {}
    label = str(verdict.get("label") or "")
    unjudged = [str(u) for u in verdict.get("unjudged") or []]
    shown_label, css = _VERDICT_WORDS.get(label, (label, label))
    if label == "ACCEPT" and unjudged:  # no check failed, but not everything was judged
        shown_label, css = _UNDECIDED, "UNDECIDED"
    if verdict.get("blame") == "simulator":  # not support's failure: say so at the verdict
        shown_label += ", caused by the simulated customer, not support"
    head = (
        f"<b>{esc(record.get('scenario_id'))}</b> · ended: "
        f"<b>{esc(ending(record, expected, rule))}</b> · verdict "
        f"<b class='{esc(css)}'>{esc(shown_label)}</b> · situations: "
        f"{situations([str(c) for c in record.get('edge_cases') or []])} · customer "
        f"{esc(persona.get('tone'))}/{esc(persona.get('patience'))} patience"
    )
    values = drawn(record)
    if values or rule is not None:
        named = f" ({when})" if when else ""
        used = f" · Rule {rule}{named} applies" if rule is not None else ""
        head += f"<div class='note'>{esc(values) or 'no values drawn'}{used}</div>"
    if unjudged:
        head += (
            "<div class='note'>Not checked (needs an <a href='/settings'>AI model</a>): "
            f"{esc(', '.join(unjudged))}</div>"
        )
        if label == "ACCEPT":  # undecided: what the rules decide, and what is left to ask
            head += to_decide(record, rule, expected, values, reason)
    rows = []
    for i, turn in enumerate(record.get("turns") or []):
        role = str(turn.get("role"))
        text = turn.get("content") or ""
        for call in turn.get("tool_calls") or []:
            text += f" [calls {call.get('name')}({call.get('arguments')})]"
        rows.append(f'<div class="turn {esc(role)}">{i}. <b>{esc(role)}</b>: {esc(text)}</div>')
        rows += [_finding(f) for f in by_turn.get(i, [])]
    rows += [_finding(f) for f in by_turn.get(None, [])]
    # With no finding, the critic's note only repeats the verdict line above in its own terms.
    why = plain(str(verdict.get("rationale"))) if findings else None
    note = f"<details><summary>the critic's note</summary>{esc(why)}</details>" if why else ""
    return f'<div class="conv"><div>{head}</div>{"".join(rows)}{note}</div>'


# Verdict labels in plain words (the label itself in brackets: filters and exports use it).
_VERDICT_WORDS = {
    "ACCEPT": ("good (ACCEPT)", "ACCEPT"),
    "REVIEW": ("a person should look (REVIEW)", "REVIEW"),
    "REJECT": ("failed (REJECT)", "REJECT"),
    "ERROR": ("could not run (ERROR)", "ERROR"),
}

# How to get judged what the offline critic cannot judge: one line, and the page that says more.
JUDGE_HOWTO = "An AI model can judge them: it is optional (<a href='/settings'>set one up</a>)."


# The critic's and the CLI's terms, as a domain expert would say them (the CLI and the
# exports keep theirs: programmers read those).
_PLAIN = (
    ("deterministic check", "automatic check"),
    ("a judge model", "an AI model"),
    ("persona_drift", "customer out of character"),
    ("edge case", "situation"),
)


def plain(text: str) -> str:
    for term, words in _PLAIN:
        text = text.replace(term, words)
    return text


def _finding(f: dict[str, Any]) -> str:
    category = plain(str(f.get("category"))).replace("_", " ")
    return (
        f'<div class="finding">⚑ {esc(f.get("severity"))} {esc(category)}: '
        f"{esc(plain(str(f.get('explanation'))))} — “{esc(f.get('evidence'))}”</div>"
    )
