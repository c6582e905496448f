"""The editor page's script, second part: what its buttons, boxes and keys do.

Each control sends its edit through the first part's queue (editor_sync.py): the form's
fields, the policy as it is typed, the rules' and variables' boxes, add/remove/move/rename,
situations, suggested rules, Save, Try, Save and run 20. The page then shows the answer it
was served with, so it is whole before it is first drawn.
"""

from __future__ import annotations

__all__ = ["ACTIONS_SCRIPT"]

ACTIONS_SCRIPT = """yamlBox.addEventListener('input', () => {
  marked();
  clearTimeout(timer);
  timer = setTimeout(check, 400);
});
document.querySelectorAll('.ff').forEach(el => el.addEventListener('change', () => {
  // Sent as it is typed (below): leaving the box sends it only if it changed since.
  if (el.dataset.sent === el.value) return;
  el.dataset.sent = el.value;
  send('/api/form', {values: {[el.name]: el.value}});
}));
// Every other box updates the YAML as it is typed too, not only once it is left
// (walkthrough 11 saw the first messages reach the YAML only after leaving the box).
document.querySelectorAll('.ff').forEach(el => {
  if (el.id === 'f-support.policy') return;
  let typed = null;
  el.addEventListener('input', () => {
    clearTimeout(typed);
    typed = setTimeout(() => {
      if (el.value === el.dataset.sent) return;
      el.dataset.sent = el.value;
      send('/api/form', {values: {[el.name]: el.value}});
    }, 700);
  });
});
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
// A rule's condition is read as it is typed (walkthrough 9: "reading_below_percent is new:
// ... add it" showed only once the box was left, and typing gave no sign it was read): the
// offer to add the variables it names shows under it; the file changes as the box is left.
let whenTimer = null;
let whenLeft = 0;  // counts boxes left: an offer typed before the last one is stale
document.addEventListener('input', (e) => {
  const el = e.target;
  const m = /^rule[.]([0-9]+)[.]when$/.exec(el.dataset.key || '');
  if (!el.classList.contains('of') || !m) return;
  clearTimeout(whenTimer);
  whenTimer = setTimeout(async () => {
    const value = el.value;
    const left = whenLeft;
    const res = await post('/api/when-typed', {path, text: yamlBox.value, index: +m[1], value});
    const box = document.getElementById('offers-' + m[1]);
    const fresh = left === whenLeft && el.value === value && res.html !== undefined;
    if (box && fresh && box.innerHTML !== res.html) {
      box.innerHTML = res.html;
    }
  }, 500);
});
document.addEventListener('change', (e) => {
  const el = e.target;
  if (el.classList.contains('of')) {
    clearTimeout(whenTimer);
    whenLeft += 1;
    send('/api/offline', {key: el.dataset.key, value: el.value});
  }
  if (el.classList.contains('tg')) {  // a group of ticks: the values ticked, comma between
    const group = document.querySelectorAll('.tg[data-key="' + el.dataset.key + '"]');
    const ticked = [...group].filter(c => c.checked).map(c => c.value);
    send('/api/offline', {key: el.dataset.key, value: ticked.join(',')});
  }
});
function stillUsed(key) {
  // Removing a variable that other places use asks first: it would break them, and the
  // problems would show far from the button. The places are named as the page names them
  // (walkthrough 10 was told "lines 27, 37, 88").
  const m = /^variables\\.([a-z][a-z0-9_]*)$/.exec(key);
  if (!m) return false;
  const used = usedIn[m[1]] || [];
  if (!used.length) return false;
  return !confirm(m[1] + ' is still used in ' + used.join(', ') + '. Remove it anyway? ' +
                  'Those places will then show a problem. (To change its name everywhere ' +
                  'instead, Cancel and press rename.)');
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
  else if (el.classList.contains('bothgo')) {  // two rules that both fit: one rule for both
    send('/api/both', {first: +el.dataset.first, later: +el.dataset.later});
  }
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
  else if (el.classList.contains('tells')) {  // a fact support looked up: the customer's now
    send('/api/add', {kind: 'tells', fields: {name: el.dataset.name}});
  }
  else if (el.classList.contains('sg')) send('/api/suggested', {which: el.dataset.i});
  else if (el.classList.contains('numvar')) {  // "three days" said as the variable tested
    const box = document.getElementById('f-customer.openings');
    for (const p of el.dataset.phrases.split('\x1f')) {
      box.value = box.value.split(p).join(el.dataset.with);
    }
    box.dispatchEvent(new Event('change', {bubbles: true}));
  }
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
