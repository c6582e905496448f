"""The Author page: the form for the common keys beside the YAML, kept in sync by small JS.

Typing in the YAML asks the server to lint it (`/api/check`) and refreshes the form and the
problems; changing a form field asks the server to rewrite the YAML (`/api/form`, ruamel
round-trip, comments kept). Problems are listed and also shown under the form field they
concern. Save and Try post the current text.
"""

from __future__ import annotations

import json

from simulator.studio.author import FORM_FIELDS, LIST_FIELDS, edge_case_choices
from simulator.studio.pages import esc, page

__all__ = ["edit_page"]

_SCRIPT = """
const path = %s;
const yamlBox = document.getElementById('yaml');
let timer = null;
async function post(url, body) {
  const r = await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'},
                              body: JSON.stringify(body)});
  return r.json();
}
function show(res) {
  document.getElementById('problems').innerHTML = res.problems_html;
  document.querySelectorAll('.field-problem').forEach(e => e.textContent = '');
  for (const p of res.problems) {
    const top = p.field.split(/[.\\[]/)[0];
    const el = document.getElementById('fp-' + p.field) || document.getElementById('fp-' + top);
    if (el) el.textContent += p.message + ' ';
  }
  for (const [k, v] of Object.entries(res.form)) {
    const el = document.getElementById('f-' + k);
    if (el && document.activeElement !== el) el.value = v;
  }
  document.getElementById('samples').innerHTML = res.samples_html;
}
// One request at a time, in order, each sent with the YAML as it is by then: a late answer
// to an earlier edit can never overwrite a later one.
let queue = Promise.resolve();
function enqueue(fn) { queue = queue.then(fn, fn); return queue; }
function check() {
  return enqueue(async () => show(await post('/api/check', {path, text: yamlBox.value})));
}
yamlBox.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(check, 400); });
document.querySelectorAll('.ff').forEach(el => el.addEventListener('change', () => {
  const value = el.value;
  enqueue(async () => {
    const res = await post('/api/form', {path, text: yamlBox.value, values: {[el.name]: value}});
    if (res.new_text !== undefined) { yamlBox.value = res.new_text; }
    show(res);
  });
}));
document.getElementById('save').addEventListener('click', () => enqueue(async () => {
  const res = await post('/api/save', {path, text: yamlBox.value});
  document.getElementById('status').textContent = res.status;
  show(res);
}));
document.getElementById('try').addEventListener('click', async () => {
  document.getElementById('status').textContent = 'simulating...';
  const engine = document.getElementById('engine').value;
  const res = await post('/api/try', {path, text: yamlBox.value, engine});
  document.getElementById('status').textContent = res.status;
  document.getElementById('conversations').innerHTML = res.html;
  document.getElementById('conversations-head').scrollIntoView();
});
document.querySelectorAll('.ec').forEach(el => el.addEventListener('click', () => enqueue(
  async () => {
    const res = await post('/api/edge-case', {path, text: yamlBox.value, id: el.dataset.id});
    if (res.new_text !== undefined) { yamlBox.value = res.new_text; }
    if (res.status) document.getElementById('status').textContent = res.status;
    show(res);
  })));
check();
"""


# What a field changes, where it is not what a newcomer expects: the scripted engines (Try
# offline) write from openings, knowledge and rules; goal and policy are what models are told
# and what the critic's judge reads.
_HINTS = {
    "customer.goal": "What a model playing the customer is told, and what the judge reads. "
    "The scripted customer (offline Try) writes from the first messages below and "
    "customer.knows in the YAML.",
    "support.policy": "What a model playing support is told, and what the judge grades "
    "against. The scripted support (offline Try) acts from support.rules and "
    "support.knowledge in the YAML: change those to change what it does.",
}


def edit_page(rel: str, text: str, models: dict[str, str] | None = None) -> str:
    fields = "".join(
        f'<label for="f-{esc(key)}">{esc(label)}</label>'
        + (
            f'<textarea class="ff" rows="4" id="f-{esc(key)}" name="{esc(key)}"'
            f"{' wrap=off' if key in LIST_FIELDS else ''}></textarea>"
            if multi
            else f'<input class="ff" id="f-{esc(key)}" name="{esc(key)}">'
        )
        + (f"<div class='note'>{esc(_HINTS[key])}</div>" if key in _HINTS else "")
        + f'<div class="problem field-problem" id="fp-{esc(key)}"></div>'
        for key, label, multi in FORM_FIELDS
    )
    cases = "".join(
        f'<li><button class="ec" data-id="{esc(cid)}">add</button> <b>{esc(cid)}</b> '
        f"({esc(title)}): <small>{esc(desc)}</small></li>"
        for cid, title, desc in edge_case_choices()
    )
    engines = "<option value='scripted'>scripted (offline, seconds)</option>"
    if models:
        who = ", ".join(f"{role} {models[role]}" for role in ("customer", "support", "critic"))
        engines += f"<option value='models'>models: {esc(who)}</option>"
    body = (
        f"<p>{esc(rel)} <button id='save'>Save</button> <button id='try'>Try "
        f"(5 conversations)</button> with <select id='engine' style='width:auto'>{engines}"
        "</select> <span id='status'></span></p>"
        "<div class='cols'><div><h2>Form</h2>"
        f"{fields}<h2>Variables (sample values)</h2><div id='samples'></div>"
        f"<h2>Edge cases</h2><ul>{cases}</ul></div>"
        "<div><h2>YAML</h2><div id='problems'></div>"
        f"<textarea id='yaml' rows='40' wrap='off' spellcheck='false'>{esc(text)}</textarea>"
        "<h2 id='conversations-head'>Conversations</h2><div id='conversations'></div></div></div>"
    )
    return page(f"Edit {rel}", body, _SCRIPT % json.dumps(rel).replace("</", "<\\/"))
