"""The editor page's script, first part: the page and the file kept in sync.

Every edit goes to the server with the file's whole text, one request at a time and in order
(a late answer never overwrites a later edit), and each answer is shown by changing only what
differs, in place: the boxes are morphed, not redrawn, so the element being clicked or typed
in, and what was typed there, stay (walkthrough 7 lost a click to a redraw). Problems go
under the field they concern.
"""

from __future__ import annotations

__all__ = ["SYNC_SCRIPT"]

# `%s` is the file's path, as JSON.
SYNC_SCRIPT = """
const path = %s;
const yamlBox = document.getElementById('yaml');
const original = yamlBox.value;  // as the page opened: Try says which edits it cannot act on
let saved = original;  // as on disk: leaving the page with other text asks first
let usedIn = {};  // each variable and the places that use it, named (places.py)
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
  // A warning shown at its field is not said twice: the list keeps the others (issue 15).
  listed.querySelectorAll('li.warning').forEach(li => {
    li.classList.toggle('atfield', !!place(li.dataset.field));
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
  if (res.used_in !== undefined) usedIn = res.used_in;
  if (res.suggest_html !== undefined) {
    const box = document.getElementById('suggest');
    if (box.dataset.shown !== res.suggest_html) {
      box.innerHTML = res.suggest_html;
      box.dataset.shown = res.suggest_html;
      // At the top of a page made from a policy, what was read is shown open (walkthrough 16)
      if (box.closest('#understood')) {
        box.querySelectorAll('details').forEach(d => { d.open = true; });
      }
    }
  }
  const made = document.getElementById('made');
  if (made && res.made_line && made.textContent !== res.made_line) made.textContent = res.made_line;
  // An edit made answers with an empty status: it clears a refusal an earlier edit left.
  if (res.status !== undefined) document.getElementById('status').textContent = res.status;
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
  // Two rules that both fit, each doing something: one click adds a rule for both above them.
  const both = /^warning: rules ([0-9]+) and ([0-9]+) both fit .*to do both/.exec(p.message);
  if (both) {
    const go = document.createElement('button');
    go.className = 'bothgo';
    go.dataset.first = +both[1] - 1;
    go.dataset.later = +both[2] - 1;
    go.textContent = 'add a rule for both';
    line.append(' ', go);
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
    // A rule just added: the page takes the author to its condition, selected to retype.
    const focus = res.focus && document.getElementById(res.focus);
    if (focus) {
      const folded = focus.closest('details');
      if (folded) folded.open = true;
      focus.scrollIntoView({block: 'center'});
      focus.focus();
      focus.select();
    }
  });
}
function check() { return send('/api/check', {}); }
"""
