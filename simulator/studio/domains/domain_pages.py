"""The Domains pages: list the workspace's domain files, copy a built-in one in, and edit one
(its records in cells, its tools' descriptions, the YAML beside), checked as `convsim lint`
checks it, saved atomically. Same pattern as the scenario editor (`editor.py`), through the
same JSON API (`yaml_api.py`)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from scenarios.domains.loader import is_domain_file
from scenarios.schema.problems import Problem
from scenarios.schema.source import YAMLFileError, read_capped
from simulator.studio.domains import domains as dom
from simulator.studio.domains.domain_view import view_html
from simulator.studio.editing.yaml_api import YamlApi
from simulator.studio.pages.pages import esc, page
from simulator.studio.workspace import Workspace

__all__ = ["domain_routes"]

_NAME = re.compile(r"[a-z][a-z0-9_]*")

_SCRIPT = """
const path = %s;
const yamlBox = document.getElementById('yaml');
const view = document.getElementById('view');
let timer = null;
async function post(url, body) {
  const r = await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'},
                              body: JSON.stringify(body)});
  return r.json();
}
function show(res) {
  // The cell being typed in keeps what is typed (its change is sent when it is left).
  const active = document.activeElement;
  const focused = active && view.contains(active) ? active.id : '';
  const typed = focused ? active.value : null;
  document.getElementById('problems').innerHTML = res.problems_html;
  view.innerHTML = res.view_html;
  const again = focused ? document.getElementById(focused) : null;
  if (again) { again.value = typed; again.focus(); }
  if (res.status !== undefined) document.getElementById('status').textContent = res.status;
}
let queue = Promise.resolve();
function enqueue(fn) { queue = queue.then(fn, fn); return queue; }
function send(url, extra) {
  return enqueue(async () => {
    const res = await post(url, Object.assign({path, text: yamlBox.value}, extra));
    if (res.new_text !== undefined) yamlBox.value = res.new_text;
    show(res);
  });
}
yamlBox.addEventListener('input', () => {
  clearTimeout(timer); timer = setTimeout(() => send('/api/domain/check', {}), 400);
});
view.addEventListener('change', (e) => {
  const el = e.target;
  if (el.classList.contains('cell')) {
    send('/api/domain/cell', {table: el.dataset.t, index: +el.dataset.i, column: el.dataset.c,
                              value: el.value});
  } else if (el.classList.contains('tooldesc')) {
    send('/api/domain/tool', {index: +el.dataset.i, description: el.value});
  }
});
view.addEventListener('click', (e) => {
  const el = e.target;
  if (!el.classList.contains('addrec')) return;
  const key = view.querySelector('.newkey[data-t="' + el.dataset.t + '"]').value;
  send('/api/domain/record', {table: el.dataset.t, key});
});
document.getElementById('save').addEventListener('click', () => send('/api/domain/save', {}));
send('/api/domain/check', {});
"""


def domain_routes(ws: Workspace) -> list[Route]:
    def domain_path(rel: str) -> Path:
        """Domain pages read and write `domains/*.yaml` files only."""
        path = ws.resolve(rel)
        if not is_domain_file(path) or path.is_dir():
            raise ValueError(f"{rel}: not a domain file; give domains/NAME.yaml")
        return path

    async def listing(request: Request) -> Response:
        mine = "".join(
            f"<li><a href='/domain?path={esc(rel)}'>{esc(rel)}</a></li>"
            for rel in ws.domain_files()
        )
        names = dom.builtin_domain_names()
        options = "".join(f"<option>{esc(n)}</option>" for n in names)
        builtins = "".join(
            f"<li><a href='/domain/builtin?name={esc(n)}'>{esc(n)}</a></li>" for n in names
        )
        body = (
            "<p>A domain is the desk support works at: tables of records (customers, orders "
            "...) and the tools support uses on them (look up an order, refund it ...). A "
            "scenario uses one with <code>world: NAME</code>; a domain of the same name in this "
            "workspace comes before the built-in one.</p><h2>Your domains</h2>"
            f"<ul>{mine or '<li>none yet: copy a built-in one below</li>'}</ul>"
            f"<h2>Built-in domains (open one to look at it)</h2><ul>{builtins}</ul>"
            "<h2>Copy a built-in domain into the workspace, to change it</h2>"
            "<form method='post' action='/domains/new'>"
            f"<label>Built-in domain</label><select name='builtin'>{options}</select>"
            "<label>Name (lowercase; the same name as the built-in one replaces it for your "
            "scenarios)</label><input name='name' placeholder='same as the built-in one'>"
            "<p><button>Copy</button></p></form>"
        )
        return HTMLResponse(page("Domains", body))

    async def new(request: Request) -> Response:
        form = await request.form()
        builtin = str(form.get("builtin", ""))
        name = str(form.get("name", "")).strip() or builtin
        if not _NAME.fullmatch(name):
            raise ValueError(
                f"name '{name}': use lowercase letters, digits and _, starting with a letter"
            )
        rel = dom.domain_file_name(name)
        path = domain_path(rel)
        if path.exists():
            raise ValueError(f"{rel}: already exists; open it from the list or pick another name")
        text = ws.schema_header(dom.from_builtin(builtin, name), path, "domain.schema.json")
        ws.write_atomic(rel, text)
        return RedirectResponse(f"/domain?path={rel}", status_code=303)

    async def edit(request: Request) -> Response:
        rel = request.query_params.get("path", "")
        path = domain_path(rel)
        if not path.is_file():
            return HTMLResponse(page("Error", f"<p class='problem'>{esc(rel)}: no such file</p>"),
                                status_code=404)  # fmt: skip
        try:  # at most the YAML limit is read, as `convsim lint` reads it
            text = read_capped(path, rel)
        except YAMLFileError as e:
            return HTMLResponse(page("Error", f"<p class='problem'>{esc(str(e))}</p>"), 400)
        body = (
            f"<p>{esc(ws.rel(path))} <button id='save'>Save</button> <span id='status'></span></p>"
            "<div class='cols'><div id='view'></div><div><h2>The domain file (YAML)</h2>"
            "<div id='problems'></div>"
            "<textarea id='yaml' rows='40' wrap='off' spellcheck='false'>"
            f"{esc(text)}</textarea></div></div>"
        )
        script = _SCRIPT % json.dumps(ws.rel(path)).replace("</", "<\\/")
        return HTMLResponse(page(f"Domain {ws.rel(path)}", body, script))

    async def builtin(request: Request) -> Response:
        """A built-in domain, to look at: read only (copying it in is how to change it)."""
        name = request.query_params.get("name", "")
        if name not in dom.builtin_domain_names():
            raise ValueError(f"unknown built-in domain '{name}'")
        text, loaded = dom.builtin_domain(name)
        body = (
            "<p class='note'>A built-in domain, shown read only. To change it, copy it into "
            "your workspace:</p><form method='post' action='/domains/new'>"
            f"<input type='hidden' name='builtin' value='{esc(name)}'>"
            f"<input type='hidden' name='name' value='{esc(name)}'>"
            "<button>Copy into my workspace</button></form>"
            + view_html(dom.load_for_form(text), [], "", loaded, readonly=True)
        )
        return HTMLResponse(page(f"Built-in domain {name}", body))

    def shown(rel: str, path: Path, text: str) -> tuple[list[Problem], dict[str, Any]]:
        loaded, problems = dom.check_domain_text(ws.root, path, rel, text)
        return problems, {"view_html": view_html(dom.load_for_form(text), problems, rel, loaded)}

    api = YamlApi(ws, domain_path, shown)

    cell = api.editing(
        lambda text, d: dom.set_cell(
            text, str(d.get("table")), int(d.get("index", -1)), str(d.get("column")),
            str(d.get("value", "")),
        ),
        "record",
    )  # fmt: skip
    record = api.editing(
        lambda text, d: dom.add_record(text, str(d.get("table")), str(d.get("key", ""))), "record"
    )
    tool = api.editing(
        lambda text, d: dom.set_tool_description(
            text, int(d.get("index", -1)), str(d.get("description", ""))
        ),
        "tool",
    )
    return [
        Route("/domains", listing),
        Route("/domains/new", new, methods=["POST"]),
        Route("/domain", edit),
        Route("/domain/builtin", builtin),
        Route("/api/domain/check", api.check, methods=["POST"]),
        Route("/api/domain/cell", cell, methods=["POST"]),
        Route("/api/domain/record", record, methods=["POST"]),
        Route("/api/domain/tool", tool, methods=["POST"]),
        Route("/api/domain/save", api.save, methods=["POST"]),
    ]
