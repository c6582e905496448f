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
const original = yamlBox.value;  // as the page opened: Try says which edits it cannot act on
let timer = null;
async function post(url, body) {
  const r = await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'},
                              body: JSON.stringify(body)});
  return r.json();
}
function place(field) {
  // The most precise field box there is: support.rules[0].when, then support.rules[0] ...
  let key = field;
  while (key) {
    const el = document.getElementById('fp-' + key);
    if (el) return el;
    const cut = Math.max(key.lastIndexOf('.'), key.lastIndexOf('['));
    key = cut > 0 ? key.slice(0, cut) : '';
  }
  return null;
}
function ids(root) { return [...root.querySelectorAll('[id]')].map(e => e.id).join(' '); }
function refill(id, html) {
  // While the author types in this box and its fields stay the same, only the other fields'
  // values change: replacing the box would take the field from under the typing.
  const box = document.getElementById(id);
  const active = document.activeElement;
  const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(active ? active.tagName : '');
  const inside = typing && box.contains(active);
  const fresh = document.createElement('div');
  fresh.innerHTML = html;
  if (inside && ids(fresh) === ids(box)) {
    fresh.querySelectorAll('input, textarea, select').forEach(f => {
      const old = f.id ? document.getElementById(f.id) : null;
      if (old && old !== active && old.type !== 'checkbox') old.value = f.value;
    });
    return;
  }
  const focused = inside ? active.id : '';
  const typed = focused ? active.value : null;
  box.innerHTML = html;
  const again = focused ? document.getElementById(focused) : null;
  if (again) { again.value = typed; again.focus(); }
}
function show(res) {
  if (res.offline_html !== undefined) refill('offline', res.offline_html);
  if (res.carried_html !== undefined) refill('carried', res.carried_html);
  document.getElementById('problems').innerHTML = res.problems_html;
  document.querySelectorAll('.field-problem').forEach(e => e.textContent = '');
  for (const p of res.problems) {
    const el = place(p.field);
    if (el) el.textContent += p.message + ' ';
  }
  for (const [k, v] of Object.entries(res.form)) {
    const el = document.getElementById('f-' + k);
    if (el && document.activeElement !== el) el.value = v;
  }
  for (const [k, v] of Object.entries(res.form_notes || {})) {
    const el = document.getElementById('fn-' + k);
    if (el) el.textContent = v;
  }
  document.getElementById('samples').innerHTML = res.samples_html;
  if (res.status) document.getElementById('status').textContent = res.status;
}
// One request at a time, in order, each sent with the YAML as it is by then: a late answer
// to an earlier edit can never overwrite a later one.
let queue = Promise.resolve();
function enqueue(fn) { queue = queue.then(fn, fn); return queue; }
function send(url, extra) {
  return enqueue(async () => {
    const res = await post(url, Object.assign({path, text: yamlBox.value}, extra));
    if (res.new_text !== undefined) { yamlBox.value = res.new_text; }
    show(res);
  });
}
function check() { return send('/api/check', {}); }
yamlBox.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(check, 400); });
document.querySelectorAll('.ff').forEach(el => el.addEventListener('change', () => {
  send('/api/form', {values: {[el.name]: el.value}});
}));
document.addEventListener('change', (e) => {
  const el = e.target;
  if (el.classList.contains('of')) send('/api/offline', {key: el.dataset.key, value: el.value});
});
document.addEventListener('click', (e) => {
  const el = e.target;
  if (el.classList.contains('rm')) send('/api/remove', {key: el.dataset.key});
  else if (el.classList.contains('up')) send('/api/move', {key: el.dataset.key});
  else if (el.classList.contains('add')) {
    const fields = {};
    document.querySelectorAll('.nf[data-kind="' + el.dataset.kind + '"]').forEach(f => {
      fields[f.dataset.f] = f.type === 'checkbox' ? (f.checked ? '1' : '') : f.value;
    });
    send('/api/add', {kind: el.dataset.kind, fields});
  }
  else if (el.classList.contains('ec')) send('/api/edge-case', {id: el.dataset.id});
});
document.getElementById('save').addEventListener('click', () => send('/api/save', {}));
document.getElementById('try').addEventListener('click', () => enqueue(async () => {
  document.getElementById('status').textContent = 'simulating...';
  const engine = document.getElementById('engine').value;
  const seedBox = document.getElementById('seed');
  const res = await post('/api/try', {path, text: yamlBox.value, engine, original,
                                      seed: +seedBox.value || 1});
  document.getElementById('status').textContent = res.status;
  document.getElementById('conversations').innerHTML = (res.notice || '') + res.html;
  if (res.next_seed) seedBox.value = res.next_seed;  // the next click shows new conversations
  document.getElementById('conversations-head').scrollIntoView();
}));
check();
"""


# What a field changes, where it is not what a newcomer expects: the offline roles act from
# the first messages, what the customer knows, and support's rules and answers; goal and
# policy are what a model is told and what the judge reads.
_HINTS = {
    "customer.goal": "Read by a model playing the customer, and by the judge. Offline, the "
    "customer starts from the first messages below and tells what it knows (further down).",
    "support.policy": "Read by a model playing support, and by the judge. Offline, support "
    "does not read this text: it follows \u201cWhat the offline support does\u201d below; "
    "change that too.",
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
        + f'<div class="note" id="fn-{esc(key)}"></div>'
        + f'<div class="problem field-problem" id="fp-{esc(key)}"></div>'
        for key, label, multi in FORM_FIELDS
    )
    cases = "".join(
        f'<li><button class="ec" data-id="{esc(cid)}">add</button> <b>{esc(cid)}</b> '
        f"({esc(title)}): <small>{esc(desc)}</small></li>"
        for cid, title, desc in edge_case_choices()
    )
    engines = "<option value='scripted'>offline (no model, seconds)</option>"
    if models:
        who = ", ".join(f"{role} {models[role]}" for role in ("customer", "support", "critic"))
        engines += f"<option value='models'>models: {esc(who)}</option>"
    body = (
        f"<p>{esc(rel)} <button id='save'>Save</button> <button id='try'>Try "
        f"(5 conversations)</button> with <select id='engine' style='width:auto'>{engines}"
        "</select> <label class='inline'>conversation set <input id='seed' type='number' "
        "value='1' min='1' style='width:5em'></label> <span id='status'></span></p>"
        "<div class='cols'><div><h2>Form</h2>"
        f"{fields}<h2>What the offline support does</h2><div id='offline'></div>"
        "<h2>Variables (sample values)</h2><div id='samples'></div>"
        "<h2>Also in this scenario</h2><p class='note'>A scenario made from a template keeps "
        "all of this: remove what does not fit yours.</p><div id='carried'></div>"
        f"<h3>Add a situation (edge case)</h3><ul>{cases}</ul></div>"
        "<div><h2>The scenario file (YAML)</h2><div id='problems'></div>"
        f"<textarea id='yaml' rows='40' wrap='off' spellcheck='false'>{esc(text)}</textarea>"
        "<h2 id='conversations-head'>Conversations</h2><div id='conversations'></div></div></div>"
    )
    return page(f"Edit {rel}", body, _SCRIPT % json.dumps(rel).replace("</", "<\\/"))
