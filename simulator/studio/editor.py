"""The Author page: the form for the common keys beside the YAML, kept in sync by small JS.

Typing in the YAML asks the server to lint it (`/api/check`) and refreshes the form and the
problems; changing a form field asks the server to rewrite the YAML (`/api/form`, ruamel
round-trip, comments kept). Problems are listed and also shown under the form field they
concern. Save and Try post the current text.
"""

from __future__ import annotations

import json
from typing import Any

from simulator.studio.author import FORM_FIELDS, edge_case_choices
from simulator.studio.pages import esc, page

__all__ = ["edit_page"]

_SCRIPT = """
const path = %s;
const yamlBox = document.getElementById('yaml');
const original = yamlBox.value;  // as the page opened: Try says which edits it cannot act on
let saved = original;  // as on disk: leaving the page with other text asks first
function marked() {
  document.getElementById('dirty').textContent = yamlBox.value === saved ? '' : 'not saved yet';
}
window.addEventListener('beforeunload', (e) => {
  if (yamlBox.value !== saved) { e.preventDefault(); e.returnValue = ''; }
});
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
document.addEventListener('focusin', (e) => {
  // The "You can use: {item} ..." line shows under the box being typed in only: under every
  // box at once it was a fifth of the words a newcomer read before changing anything.
  const el = e.target;
  if (!/^(INPUT|TEXTAREA)$/.test(el.tagName)) return;  // a click on its buttons keeps it
  document.querySelectorAll('.ph').forEach(p => p.classList.toggle('on', p.dataset.for === el.id));
});
function morph(old, fresh) {
  // `old` made like `fresh` in place: the elements stay (a reference to one, the cursor in
  // one, a box opened, its scroll), only what differs changes. Replacing the box's HTML on
  // every answer took the field from under a click (walkthrough 7: the first click into a
  // box was lost) and left tests holding elements no longer in the page.
  if (old.classList && old.classList.contains('field-problem')) return;  // show() keeps these
  for (const a of [...old.attributes]) {
    if (!fresh.hasAttribute(a.name) && !(a.name === 'open' && old.tagName === 'DETAILS') &&
        !a.name.startsWith('data-shown')) old.removeAttribute(a.name);
  }
  for (const a of fresh.attributes) {
    if (old.getAttribute(a.name) !== a.value) old.setAttribute(a.name, a.value);
  }
  if (/^(INPUT|TEXTAREA|SELECT)$/.test(old.tagName)) {
    // The field with the cursor keeps what the author typed in it, but follows the server
    // while it still shows what the server last gave it.
    const active = old === document.activeElement;
    if (old.type === 'checkbox' || old.type === 'radio') {
      if (!active) old.checked = fresh.checked;
      return;
    }
    const untouched = old.value === old.defaultValue;
    if (old.tagName === 'SELECT') {
      morphChildren(old, fresh);
      if (!active || untouched) old.value = fresh.value;
      return;
    }
    if (active && !untouched) return;
    old.defaultValue = fresh.defaultValue;
    old.value = fresh.value;
    return;
  }
  morphChildren(old, fresh);
}
function morphChildren(old, fresh) {
  const mine = [...old.childNodes];
  const theirs = [...fresh.childNodes];
  theirs.forEach((node, i) => {
    const here = mine[i];
    if (!here) { old.appendChild(node); return; }
    const same = here.nodeType === node.nodeType &&
      (node.nodeType !== 1 || (here.tagName === node.tagName && here.id === node.id));
    if (!same) { here.replaceWith(node); return; }
    if (node.nodeType === 1) morph(here, node);
    else if (here.nodeValue !== node.nodeValue) here.nodeValue = node.nodeValue;
  });
  mine.slice(theirs.length).forEach(n => n.remove());
}
function refill(id, html) {
  const box = document.getElementById(id);
  if (box.dataset.shown === html) return;  // unchanged: nothing is redrawn
  box.dataset.shown = html;
  const fresh = document.createElement(box.tagName);
  fresh.innerHTML = html;
  morphChildren(box, fresh);
}
function show(res) {
  if (res.offline_html !== undefined) refill('offline', res.offline_html);
  if (res.carried_html !== undefined) refill('carried', res.carried_html);
  if (res.tuning_html !== undefined) refill('tuning', res.tuning_html);
  if (res.placeholders_html !== undefined) {
    document.querySelectorAll('.ph').forEach(e => {  // unchanged: keep the buttons clicked
      if (e.dataset.shown !== res.placeholders_html) {
        e.innerHTML = res.placeholders_html;
        e.dataset.shown = res.placeholders_html;
      }
    });
  }
  const listed = document.getElementById('problems');
  if (listed.dataset.shown !== res.problems_html) {
    listed.innerHTML = res.problems_html;
    listed.dataset.shown = res.problems_html;
  }
  barProblems(res.problems);
  const wanted = new Map();  // each field's lines; one per message (openings may share one)
  for (const p of res.problems) {
    const el = place(p.field);
    if (!el) continue;
    const lines = wanted.get(el) || [];
    if (!lines.some(q => q.message === p.message)) lines.push(p);
    wanted.set(el, lines);
    const folded = el.closest('details');  // a problem in the folded Details box opens it
    if (folded && !p.warning) folded.open = true;
  }
  document.querySelectorAll('.field-problem').forEach(e => {
    if (!wanted.has(e) && e.childNodes.length) wanted.set(e, []);
  });
  for (const [el, lines] of wanted) {
    // Unchanged lines stay as they are: the box offered under one keeps the cursor and what
    // was typed in it while other answers come.
    const key = JSON.stringify(lines.map(p => [p.message, !!p.warning]));
    if (el.dataset.shown === key) continue;
    el.dataset.shown = key;
    el.textContent = '';
    for (const p of lines) problemLine(el, p);
  }
  for (const [k, v] of Object.entries(res.form)) {
    const el = document.getElementById('f-' + k);
    if (el && document.activeElement !== el && el.value !== v) el.value = v;
  }
  for (const [k, v] of Object.entries(res.form_notes || {})) {
    const el = document.getElementById('fn-' + k);
    if (el && el.textContent !== v) el.textContent = v;
  }
  const samples = document.getElementById('samples');
  if (samples.dataset.shown !== res.samples_html) {
    samples.innerHTML = res.samples_html;
    samples.dataset.shown = res.samples_html;
  }
  if (res.suggest_html !== undefined) {
    const box = document.getElementById('suggest');
    if (box.dataset.shown !== res.suggest_html) {
      box.innerHTML = res.suggest_html;
      box.dataset.shown = res.suggest_html;
    }
  }
  if (res.status) document.getElementById('status').textContent = res.status;
}
function problemLine(el, p) {
  const line = document.createElement('div');
  line.className = p.warning ? 'warning' : 'problem';
  line.textContent = p.message;
  const unknown = /unknown variable '([a-z][a-z0-9_]*)'/.exec(p.message) ||
                  /'([a-z][a-z0-9_]*)' is not a variable/.exec(p.message);
  const offered = unknown && el.parentElement &&
                  el.parentElement.querySelector('.offer[data-name="' + unknown[1] + '"]');
  if (unknown && !offered) {  // made here, where it is used: its values typed in place
    const made = document.createElement('span');
    made.className = 'defhere';
    made.dataset.name = unknown[1];
    made.innerHTML = " <input class='dvin' style='width:16em'> <button class='defgo'>add " +
      "it</button> <span class='note'>values, comma between; or 1-45; or M-#####</span>";
    made.querySelector('input').placeholder = unknown[1] + "'s values";
    made.querySelector('.defgo').textContent = 'add ' + unknown[1] + ' as a variable';
    line.append(made);
  }
  el.appendChild(line);
}
// One request at a time, in order, each sent with the YAML as it is by then: a late answer
// to an earlier edit can never overwrite a later one.
let queue = Promise.resolve();
function enqueue(fn) { queue = queue.then(fn, fn); return queue; }
function send(url, extra) {
  return enqueue(async () => {
    const res = await post(url, Object.assign({path, text: yamlBox.value}, extra));
    if (res.new_text !== undefined) { yamlBox.value = res.new_text; }
    if (res.saved !== undefined) { saved = res.saved; }
    show(res);
    marked();
  });
}
function check() { return send('/api/check', {}); }
yamlBox.addEventListener('input', () => {
  marked();
  clearTimeout(timer);
  timer = setTimeout(check, 400);
});
document.querySelectorAll('.ff').forEach(el => el.addEventListener('change', () => {
  // The policy is sent as it is typed: leaving the box sends it only if it changed since.
  if (el.dataset.sent === el.value) return;
  if (el.id === 'f-support.policy') el.dataset.sent = el.value;
  send('/api/form', {values: {[el.name]: el.value}});
}));
// The policy's rules show while it is typed, not only once the box is left.
const policyBox = document.getElementById('f-support.policy');
let policyTimer = null;
policyBox.addEventListener('input', () => {
  clearTimeout(policyTimer);
  policyTimer = setTimeout(() => {
    if (policyBox.value !== policyBox.dataset.sent) {
      policyBox.dataset.sent = policyBox.value;
      send('/api/form', {values: {'support.policy': policyBox.value}});
    }
  }, 700);
});
document.addEventListener('change', (e) => {
  const el = e.target;
  if (el.classList.contains('of')) send('/api/offline', {key: el.dataset.key, value: el.value});
  if (el.classList.contains('tg')) {  // a group of ticks: the values ticked, comma between
    const group = document.querySelectorAll('.tg[data-key="' + el.dataset.key + '"]');
    const ticked = [...group].filter(c => c.checked).map(c => c.value);
    send('/api/offline', {key: el.dataset.key, value: ticked.join(',')});
  }
});
function stillUsed(key) {
  // Removing a variable that other lines use asks first: it would break them, and the
  // problems would show far from the button.
  const m = /^variables\\.([a-z][a-z0-9_]*)$/.exec(key);
  if (!m) return false;
  const word = new RegExp('\\\\{' + m[1] + '\\\\}|\\\\b' + m[1] + ':');
  let inVariables = false;
  const used = [];
  yamlBox.value.split('\\n').forEach((line, i) => {
    if (/^\\S/.test(line)) inVariables = line.startsWith('variables:');
    if (!inVariables && word.test(line)) used.push(i + 1);
  });
  if (!used.length) return false;
  return !confirm(m[1] + ' is still used on line' + (used.length > 1 ? 's ' : ' ') +
                  used.join(', ') + ' of the scenario (a rule, a reply or a text). Remove ' +
                  'it anyway? Those places will then show a problem. (To change its name ' +
                  'everywhere instead, Cancel and press rename.)');
}
function barProblems(problems) {
  // The sticky bar says how many problems there are and jumps to the first.
  const errors = problems.filter(p => !p.warning);
  const box = document.getElementById('barproblems');
  box.textContent = '';
  if (!errors.length) return;
  box.append(errors.length + (errors.length > 1 ? ' problems ' : ' problem '));
  const go = document.createElement('a');
  go.href = '#';
  go.id = 'goproblem';
  go.textContent = 'go to the first';
  go.addEventListener('click', (e) => {
    e.preventDefault();
    const el = place(errors[0].field) || document.getElementById('problems');
    const folded = el.closest('details');
    if (folded) folded.open = true;
    el.scrollIntoView({block: 'center'});
  });
  box.append(go);
}
document.addEventListener('click', (e) => {
  const el = e.target;
  if (el.classList.contains('rm')) {
    if (!stillUsed(el.dataset.key)) send('/api/remove', {key: el.dataset.key});
  }
  else if (el.classList.contains('up')) send('/api/move', {key: el.dataset.key});
  else if (el.classList.contains('rn')) renameBox(el);  // a field in place, no dialog
  else if (el.classList.contains('rngo')) renameGo(el.closest('.rnbox'));
  else if (el.classList.contains('rnno')) el.closest('.rnbox').remove();
  else if (el.classList.contains('add')) {
    const fields = {};
    document.querySelectorAll('.nf[data-kind="' + el.dataset.kind + '"]').forEach(f => {
      fields[f.dataset.f] = f.type === 'checkbox' ? (f.checked ? '1' : '') : f.value;
    });
    send('/api/add', {kind: el.dataset.kind, fields});
  }
  else if (el.classList.contains('define')) {  // a variable a condition names, made here
    const offer = el.closest('.offer');
    const fields = {name: offer.dataset.name, kind: offer.dataset.kind,
                    instead: el.dataset.instead || ''};
    offer.querySelectorAll('.dv').forEach(f => { fields[f.dataset.f] = f.value; });
    send('/api/variable', {fields});
  }
  else if (el.classList.contains('ec')) send('/api/edge-case', {id: el.dataset.id});
  else if (el.classList.contains('sg')) send('/api/suggested', {which: el.dataset.i});
  else if (el.classList.contains('ins')) {  // a {placeholder} put where the cursor is
    const box = document.getElementById(el.closest('.ph').dataset.for);
    const at = box.selectionStart ?? box.value.length;
    box.value = box.value.slice(0, at) + el.dataset.ph + box.value.slice(box.selectionEnd ?? at);
    box.focus();
    box.selectionStart = box.selectionEnd = at + el.dataset.ph.length;
    box.dispatchEvent(new Event('change', {bubbles: true}));
  }
  else if (el.classList.contains('defgo')) {  // a {placeholder}'s variable, made in place
    const made = el.closest('.defhere');
    send('/api/variable', {fields: {name: made.dataset.name, kind: 'typed',
                                    values: made.querySelector('input').value}});
  }
  else if (el.classList.contains('defvar')) {
    const name = document.querySelector('.nf[data-kind="variable"][data-f="name"]');
    const values = document.querySelector('.nf[data-kind="variable"][data-f="values"]');
    name.value = el.dataset.name;
    values.scrollIntoView({block: 'center'});
    values.focus();
  }
});
function renameBox(button) {
  // Rename in place: a field beside the button, Enter (or the button) renames, Esc leaves.
  const open = button.parentElement.querySelector('.rnbox');
  if (open) { open.querySelector('input').select(); return; }
  const box = document.createElement('span');
  box.className = 'rnbox';
  box.style.display = 'block';  // a line of its own under the variable
  box.dataset.name = button.dataset.name;
  box.innerHTML = "new name <input class='rnf' style='width:12em'> " +
    "<button class='rngo'>rename everywhere</button> <button class='rnno'>cancel</button> " +
    "<span class='note'></span>";
  box.querySelector('.note').textContent = 'lowercase, _ between words; every {' +
    button.dataset.name + '} and every rule that tests it follow';
  const field = box.querySelector('input');
  field.value = button.dataset.name;
  field.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); renameGo(box); }
    if (e.key === 'Escape') box.remove();
  });
  button.parentElement.append(box);
  field.focus();
  field.select();
}
function renameGo(box) {
  const name = box.querySelector('input').value.trim();
  if (name && name !== box.dataset.name) send('/api/rename', {old: box.dataset.name, new: name});
  else box.remove();
}
document.querySelector("a[href='#carried-head']").addEventListener('click', () => {
  document.getElementById('also').open = true;  // the link opens what it points to
});
document.getElementById('save').addEventListener('click', () => send('/api/save', {}));
document.getElementById('keep').addEventListener('click', () => enqueue(async () => {
  const status = document.getElementById('status');
  status.textContent = 'saving, then simulating 20 conversations...';
  const res = await post('/api/keep', {path, text: yamlBox.value,
                                       engine: document.getElementById('engine').value,
                                       seed: +document.getElementById('seed').value || 1});
  if (res.saved !== undefined) { saved = res.saved; marked(); }
  status.textContent = res.status + ' ';
  if (res.run) {
    const a = document.createElement('a');
    a.href = res.run;
    a.textContent = 'open them under Runs';
    status.append(a);
  }
}));
document.addEventListener('keydown', (e) => {
  // Enter in a small "add" field presses its add button, as in any form.
  const el = e.target;
  if (e.key === 'Enter' && el.classList && el.classList.contains('dvin')) {
    e.preventDefault();
    el.closest('.defhere').querySelector('.defgo').click();
    return;
  }
  if (e.key !== 'Enter' || !el.classList || !el.classList.contains('nf')) return;
  const button = document.querySelector('button.add[data-kind="' + el.dataset.kind + '"]');
  if (button) { e.preventDefault(); button.click(); }
});
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
// The page comes with what the first check would answer: no blank form while it is asked
// (walkthrough 7: the form filled in about 2 s after Create on a loaded machine).
show(JSON.parse(document.getElementById('initial').textContent));
marked();
"""


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
_DETAILS = ("title", "domain", "intent", "description")
_SPOKEN = ("customer.goal", "customer.openings")  # may use {placeholders}: listed under them


def _field(key: str, label: str, multi: bool, offline: bool = False) -> str:
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


def _main_fields(fields: list[tuple[str, str, bool]], offline: bool) -> str:
    """The first messages and the policy on the first screen, the rules the policy reads as
    under it; without a model, what only a model reads (the goal) and the conversation's
    length folded under one line: the walkthroughs spent two minutes reading the edit page
    before changing anything, and most of their time writing rules the policy already said."""
    policy = "<div id='suggest'></div>"
    if not offline:
        return "".join(_field(*f) + (policy if f[0] == "support.policy" else "") for f in fields)
    first = [f for f in fields if f[0] in ("customer.openings", "support.policy")]
    rest = [f for f in fields if f not in first]
    return (
        "".join(_field(*f, offline=True) for f in first)
        + policy
        + "<details class='fold' id='optional'><summary>Optional: what the customer wants "
        "(only an AI model reads it), longest conversation</summary>"
        + "".join(_field(*f, offline=True) for f in rest)
        + "</details>"
    )


def edit_page(
    rel: str, text: str, models: dict[str, str] | None = None, initial: Any = None
) -> str:
    """The editor for `rel`, with `initial`: what the first check answers (its problems, the
    form's values, the rules ...), shown before the page is first drawn."""
    main = [f for f in FORM_FIELDS if f[0] not in _DETAILS]
    details = "".join(_field(*f) for f in FORM_FIELDS if f[0] in _DETAILS)
    fields = (
        _field(*main[0])
        + "<details class='fold' id='details'><summary>Details (optional, made from the id): "
        "title, business area, kind of request, description</summary>"
        + details
        + "</details>"
        + _main_fields(main[1:], offline=not models)
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
        "<span id='status'></span> "
        "<b id='dirty' class='warning'></b> <b id='barproblems' class='problem'></b>"
        "<div class='jump'>Go to: <a href='#form-head'>the form</a> · <a href='#offline-head'>"
        "what support does</a> · <a href='#carried-head'>everything else</a> · <a "
        "href='#conversations-head'>conversations</a></div></div>"
        "<div class='cols'><div><h2 id='form-head'>Form</h2>"
        f"{fields}<h2 id='offline-head'>What support does in Try</h2><div id='offline'>"
        "</div><h2>Sample values</h2><div id='samples'></div>"
        # Folded: the first conversations need none of it (walkthrough 7 read the page for
        # 105 s); a problem in it opens it, as does the bar's link.
        "<details class='fold also' id='also'><summary><h2 id='carried-head'>Also in this "
        "scenario</h2> (optional: what the customer knows, follow-ups, checks, situations, "
        "which customers, grading)</summary><p class='note'>Remove what does not fit "
        "yours.</p><div id='carried'>"
        f"</div><details class='more'><summary>Add a situation: {len(cases_list)} to pick "
        f"from, with what each tests</summary><ul>{cases}</ul></details>"
        "<div id='tuning'></div></details></div>"
        "<div><h2>The scenario file (YAML)</h2><div id='problems'></div>"
        f"<textarea id='yaml' rows='40' wrap='off' spellcheck='false'>{esc(text)}</textarea>"
        "<h2 id='conversations-head'>Conversations</h2><div id='conversations'></div></div></div>"
    )
    # JSON inside a script element: "<" escaped, so no text in it can close the element.
    state = json.dumps(initial or {}).replace("<", "\\u003c")
    body += f"<script type='application/json' id='initial'>{state}</script>"
    return page(f"Edit {rel}", body, _SCRIPT % json.dumps(rel).replace("</", "<\\/"))
