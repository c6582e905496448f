"""The Author page: the form for the common keys beside the YAML, kept in sync by small JS.

Typing in the YAML asks the server to lint it (`/api/check`) and refreshes the form and the
problems; changing a form field asks the server to rewrite the YAML (`/api/form`, ruamel
round-trip, comments kept). Problems are listed and also shown under the form field they
concern. Save and Try post the current text.
"""

from __future__ import annotations

import json
from typing import Any

from simulator.studio.editing.author import FORM_FIELDS, edge_case_choices
from simulator.studio.pages.editor_actions import ACTIONS_SCRIPT
from simulator.studio.pages.editor_form import DETAILS, field, main_fields
from simulator.studio.pages.editor_sync import SYNC_SCRIPT
from simulator.studio.pages.pages import esc, page

__all__ = ["edit_page"]


def edit_page(
    rel: str, text: str, models: dict[str, str] | None = None, initial: Any = None, made: str = ""
) -> str:
    """The editor for `rel`, with `initial`: what the first check answers (its problems, the
    form's values, the rules ...), shown before the page is first drawn; `made`: what was
    just made from a pasted policy, said at the top."""
    main = [f for f in FORM_FIELDS if f[0] not in DETAILS]
    details = "".join(field(*f) for f in FORM_FIELDS if f[0] in DETAILS)
    fields = (
        field(*main[0])
        + "<details class='fold' id='details'><summary>Details (optional, made from the id): "
        "title, business area, kind of request, description</summary>"
        + details
        + "</details>"
        + main_fields(main[1:], offline=not models, read_above=bool(made))
    )
    # Just made from a pasted policy: what the studio read in it (each line's rule, and what
    # it did not understand) comes first, where the author looks (walkthrough 16: a 675-word
    # page with the rules below the fold; the author checked none of them).
    understood = (
        "<section id='understood'><h2 id='understood-head'>What the studio read in your "
        "policy</h2><p class='note'>Check each line: this is what support follows in Try."
        "</p><div id='suggest'></div></section>"
        if made
        else ""
    )
    cases_list = edge_case_choices()
    cases = "".join(
        f'<li><button class="ec" data-id="{esc(cid)}">add</button> <b>{esc(cid)}</b> '
        f"({esc(title)}): <small>{esc(desc)}</small></li>"
        for cid, title, desc in cases_list
    )
    engines = "<option value='scripted'>without an AI model (seconds)</option>"
    model_link = " <a href='/settings' class='note'>AI model: optional</a>"
    if models:
        who = ", ".join(f"{role} {models[role]}" for role in ("customer", "support", "critic"))
        engines += f"<option value='models'>with the AI model: {esc(who)}</option>"
        model_link = ""
    # The page is long: Save, Try and where to go stay at the top of the window (sticky).
    body = (
        f"<div class='bar'><b>{esc(rel)}</b> <button id='save'>Save</button> <button "
        "id='try'>Try (5 conversations)</button> <button id='keep' title='save, then simulate "
        "20 conversations kept as a run, shown under Runs'>Save and run 20</button> with "
        "<select id='engine' style='width:auto'>"
        f"{engines}</select>{model_link} <input id='seed' type='hidden' value='1'> "
        "<b id='dirty' class='warning'></b> <b id='barproblems' class='problem'></b>"
        "<div class='jump'>Go to: <a href='#form-head'>the form</a> · <a href='#offline-head'>"
        "what support does</a> · <a href='#carried-head'>everything else</a> · <a "
        # The status on the second line, where it has room: after Try it wrapped the buttons'
        # line and the sticky bar grew over the page (walkthrough 10).
        "href='#conversations-head'>conversations</a> <span id='status'></span></div></div>"
        + (f"<p class='start' id='made'>{esc(made)}</p>" if made else "")
        + understood
        + "<div class='cols'><div><h2 id='form-head'>Form</h2>"
        f"{fields}<h2 id='offline-head'>What support does in Try</h2><div id='offline'>"
        # Folded, as the file below: the first Try needs neither (issue 15: 812 words on
        # the page on arrival, the YAML beside the form half of them).
        "</div><details class='fold' id='samples-fold'><summary>Sample values</summary>"
        "<div id='samples'></div></details>"
        # Folded: the first conversations need none of it (walkthrough 7 read the page for
        # 105 s); a problem in it opens it, as does the bar's link.
        "<details class='fold also' id='also'><summary><h2 id='carried-head'>Also in this "
        "scenario</h2> (optional: what the customer knows, follow-ups, checks, situations, "
        "which customers, grading)</summary><p class='note'>Remove what does not fit "
        "yours.</p><div id='carried'>"
        f"</div><details class='more'><summary>Add a situation: {len(cases_list)} to pick "
        f"from, with what each tests</summary><ul>{cases}</ul></details>"
        "<div id='tuning'></div></details></div>"
        "<div><div id='problems'></div><details class='fold' id='file'><summary><h2>The "
        "scenario file (YAML)</h2>, for those who read it</summary>"
        f"<textarea id='yaml' rows='40' wrap='off' spellcheck='false'>{esc(text)}</textarea>"
        "</details>"
        "<h2 id='conversations-head'>Conversations</h2><div id='conversations'></div></div></div>"
    )
    # JSON inside a script element: "<" escaped, so no text in it can close the element.
    state = json.dumps(initial or {}).replace("<", "\\u003c")
    body += f"<script type='application/json' id='initial'>{state}</script>"
    return page(
        f"Edit {rel}", body, SYNC_SCRIPT % json.dumps(rel).replace("</", "<\\/") + ACTIONS_SCRIPT
    )
