"""The studio's routes (Starlette). Every path a request names goes through the workspace,
which refuses anything outside it (403); every text shown is escaped (`pages.esc`)."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from scenarios.schema.problems import Problem
from scenarios.schema.source import YAMLFileError, read_capped
from simulator.errors import UserError
from simulator.run.engines import LLMOptions
from simulator.studio.domains.data_paths import outside_data
from simulator.studio.domains.domain_pages import domain_routes
from simulator.studio.editing import author
from simulator.studio.editing.both_rule import rule_for_both
from simulator.studio.editing.places import used_places
from simulator.studio.editing.rename import rename_variable
from simulator.studio.editing.variables import define_variable, typed_offer
from simulator.studio.editing.yaml_api import BodyLimit, TooLarge, YamlApi, reads
from simulator.studio.pages.carried import carried_html
from simulator.studio.pages.editor import edit_page
from simulator.studio.pages.guard import Guard
from simulator.studio.pages.index import DEFAULT_ID, file_for_id, free_id, index_page
from simulator.studio.pages.notice import try_notice
from simulator.studio.pages.pages import (
    conversation,
    esc,
    problems_html,
    summary,
)
from simulator.studio.pages.placeholders import placeholders_html
from simulator.studio.pages.run_pages import bad as _bad
from simulator.studio.pages.run_pages import run_routes
from simulator.studio.pages.sections import LANGUAGES_NOTE, offline_html
from simulator.studio.pages.settings import ModelSettings, settings_routes
from simulator.studio.pages.suggested_page import suggest_html
from simulator.studio.pages.tuning import tuning_html
from simulator.studio.policy.from_policy import made_from_policy, made_line, name_from_policy
from simulator.studio.policy.said_numbers import numbers_html
from simulator.studio.policy.starter_words import GENERAL_NOTE, said_as_general
from simulator.studio.policy.suggested import add_suggested
from simulator.studio.trying import offline
from simulator.studio.trying.deciding import rule_reasons
from simulator.studio.trying.trial import (
    KEEP_N,
    TRY_N,
    keep_run,
    rule_actions,
    rule_whens,
    rules_used,
    scripted_engines,
    try_text,
)
from simulator.studio.trying.trial import warm_up as trial_warm_up
from simulator.studio.workspace import OutsideWorkspace, Workspace

__all__ = ["create_app"]


def create_app(
    root: Path,
    *,
    token: str | None = None,
    loopback: bool = True,
    models: LLMOptions | None = None,
    warm: bool = True,
) -> Starlette:
    """The studio over `root`. `token`: every request must carry it (`guard.Guard`);
    `loopback`: answer loopback host names only; `models`: what Try may use besides the
    scripted engines (the model flags of `convsim run`); `warm`: load the runner in the
    background once the first page is out (off: it loads at the first Try)."""
    ws = Workspace(root)
    chosen_models = ModelSettings(ws.root, models)  # the model flags, else the settings page

    warming: list[threading.Thread] = []

    def warm_up() -> None:
        """Once the first page is out, load the runner for the first Try in the background
        (it is not needed to show a page, and loading it before would delay the first one)."""
        if warm and not warming:
            warming.append(threading.Thread(target=trial_warm_up, daemon=True))
            warming[0].start()

    async def index(request: Request) -> Response:
        html = index_page(ws.root, ws.scenario_files())
        return HTMLResponse(html, background=BackgroundTask(warm_up))

    async def file_for(request: Request) -> Response:
        """The file a name gives (the File box's placeholder follows the Name box)."""
        new_id, _title = author.id_from_words(request.query_params.get("name", ""))
        return JSONResponse({"file": file_for_id(new_id)})

    async def new(request: Request) -> Response:
        form = await request.form()
        template = str(form.get("template", "")) or author.STARTER
        policy = str(form.get("policy", "")).strip()
        typed = str(form.get("id", "")).strip()
        named = bool(typed) or not policy
        new_id, title = author.id_from_words(
            typed or (name_from_policy(policy) if policy else "") or DEFAULT_ID
        )
        chosen = str(form.get("path", "")).strip()
        rel = chosen or file_for_id(new_id)
        path = ws.resolve(rel)
        if path.suffix not in (".yaml", ".yml"):
            return _bad(f"{rel}: a scenario file name ends in .yaml")
        if not chosen and path.exists():  # a name the studio chose is made free
            new_id = free_id(new_id, lambda i: ws.resolve(file_for_id(i)).exists())
            rel = file_for_id(new_id)
            path = ws.resolve(rel)
        if path.exists():
            return _bad(f"{rel}: already exists; pick another name (or open it from the list)")
        try:
            if policy:  # the rules read from it added, first messages drafted from it
                text = made_from_policy(template, new_id, title, policy, named)
            else:
                text = author.from_template(template, new_id, title)
        except ValueError as e:
            return _bad(str(e))
        ws.write_atomic(rel, ws.schema_header(text, path, "scenario.schema.json"))
        made = "&made=policy" if policy else ""
        return RedirectResponse(f"/edit?path={ws.rel(path)}{made}", status_code=303)

    async def edit(request: Request) -> Response:
        rel = request.query_params.get("path", "")
        path = _yaml_path(rel)
        if not path.is_file():
            return _bad(f"{rel}: no such file", 404)
        try:  # at most the YAML limit is read: a 50 MB file froze every page for minutes
            text = read_capped(path, rel)
        except YAMLFileError as e:
            return _bad(str(e))
        initial = api.payload(ws.rel(path), path, text)
        # Just made from a pasted policy: one line says what was made from it (a reload
        # says it again, from the file as it is).
        made = made_line(text) if request.query_params.get("made") == "policy" else ""
        names = chosen_models.models().names()
        return HTMLResponse(edit_page(ws.rel(path), text, names, initial, made))

    def _checked(path: Path, rel: str, text: str) -> author.Checked:
        """Lint, once every data file of the scenario's domain is known to be in the
        workspace (domains.data_paths): lint and Try would show an outside file's contents."""
        outside = outside_data(ws.root, path, text)
        return author.Checked(outside, []) if outside else author.check_text(path, rel, text)

    def _yaml_path(rel: str) -> Path:
        """Scenario pages read and write YAML files only: never run.db or a report."""
        path = ws.resolve(rel)
        if path.suffix not in (".yaml", ".yml") or path.is_dir():
            raise ValueError(f"{rel}: not a scenario file; give a .yaml file")
        return path

    def _shown(rel: str, path: Path, text: str) -> tuple[list[Problem], dict[str, Any]]:
        checked = _checked(path, rel, text)
        samples = "".join(
            "<p>" + esc(", ".join(f"{k}={v}" for k, v in s.items())) + "</p>"
            for s in checked.samples
        )
        shown = {
            "form": author.form_values(text),
            **_sections(text),
            "samples_html": samples
            or (
                "<p class='note'>(sample values show once the problems are fixed)</p>"
                if checked.problems
                else "<p class='note'>(no variables)</p>"
            ),
        }
        data = author.load_for_form(text)
        shown["placeholders_html"] = placeholders_html(data, checked.samples)
        shown["used_in"] = used_places(data)  # named in "still used" when removing one
        return [*checked.problems, *checked.warnings], shown

    api = YamlApi(ws, _yaml_path, _shown)

    async def api_form(request: Request) -> Response:
        rel, path, text, data = await api.read(request)
        raw = data.get("values")
        values: dict[str, Any] = raw if isinstance(raw, dict) else {}
        try:
            text = author.apply_form(text, {str(k): str(v) for k, v in values.items()})
            reads(text, rel)
        except Exception as e:  # unparsable YAML: the form waits for the text to be fixed
            return api.answer(rel, path, text, status=f"form not applied: {e}")
        return api.answer(rel, path, text, new_text=text)

    async def api_edge_case(request: Request) -> Response:
        rel, path, text, data = await api.read(request)
        try:
            text = author.add_edge_case(text, str(data.get("id", "")))
            reads(text, rel)
        except Exception as e:  # unparsable YAML or an unknown id: nothing changes
            return api.answer(rel, path, text, status=f"situation not added: {e}")
        return api.answer(rel, path, text, new_text=text)

    api_offline = api.editing(
        lambda text, d: offline.apply_field(text, str(d.get("key", "")), str(d.get("value", "")))
    )
    api_remove = api.editing(lambda text, d: offline.remove(text, str(d.get("key", ""))))

    async def api_rename(request: Request) -> Response:
        rel, path, text, data = await api.read(request)
        old, new = str(data.get("old", "")), str(data.get("new", ""))
        try:
            text, places = rename_variable(text, old, new)
            reads(text, rel)
        except Exception as e:  # unparsable YAML, a clash: nothing changes
            return api.answer(rel, path, text, status=f"not renamed: {e}")
        status = f"renamed {old} to {new.strip()} in {places} place{'' if places == 1 else 's'}"
        return api.answer(rel, path, text, new_text=text, status=status)

    api_suggested = api.editing(
        lambda text, d: add_suggested(text, str(d.get("which", ""))), "rule"
    )
    api_move = api.editing(lambda text, d: offline.move_up(text, str(d.get("key", ""))))

    async def api_when_typed(request: Request) -> Response:
        data = await request.json()
        if not isinstance(data, dict):
            raise ValueError("send a JSON object with 'text', 'index' and 'value'")
        html = typed_offer(
            str(data.get("text", "")), int(data.get("index", -1)), str(data.get("value", ""))
        )
        return JSONResponse({} if html is None else {"html": html})

    api_both = api.editing(
        lambda text, d: rule_for_both(text, int(d.get("first", -1)), int(d.get("later", -1))),
        "rule",
    )
    api_variable = api.editing(
        lambda text, d: define_variable(
            text, {str(k): str(v) for k, v in (d.get("fields") or {}).items()}
        ),
        "variable",
    )
    api_add = api.editing(
        lambda text, d: offline.add_item_noted(
            text,
            str(d.get("kind", "")),
            {str(k): str(v) for k, v in (d.get("fields") or {}).items()},
        )
    )

    async def api_try(request: Request) -> Response:
        rel, path, text, data = await api.read(request)
        checked = _checked(path, rel, text)
        if checked.problems:
            return JSONResponse(
                {"status": "fix the problems first", "html": problems_html(checked.problems)}
            )
        chosen = chosen_models.models().engines(str(data.get("engine") or "scripted"))
        seed = _seed(data.get("seed"))
        try:
            # The runner drives its own event loop (asyncio.run): a worker thread, not this loop.
            records = await run_in_threadpool(try_text, ws.root, path, text, chosen, seed)
        except UserError as e:  # a model's preflight: no key, endpoint down, budget
            return JSONResponse({"status": f"not tried: {e}", "html": ""})
        form_data = author.load_for_form(text)
        used = rules_used(form_data, records)
        actions = rule_actions(form_data, used)
        whens = rule_whens(form_data, used)
        reasons = rule_reasons(form_data, used)
        html = summary(records, actions, used) + "".join(
            conversation(r, n, a, w, why)
            for r, n, a, w, why in zip(records, used, actions, whens, reasons, strict=True)
        )
        original = data.get("original")
        notice = try_notice(
            original if isinstance(original, str) else None,
            text,
            offline_support=chosen.names["support"] == scripted_engines().names["support"],
            judged="judge" in chosen.names["critic"],
        )
        status = (
            f"{len(records)} of {TRY_N} conversations ({played(chosen.names)}). Try again for "
            "five different ones"
        )
        return JSONResponse(
            {"status": status, "html": html, "notice": notice, "next_seed": seed + 1}
        )

    async def api_keep(request: Request) -> Response:
        """Save, then run KEEP_N conversations of the saved file into runs/ (see keep_run)."""
        rel, path, text, data = await api.read(request)
        checked = _checked(path, rel, text)
        if checked.problems:
            return JSONResponse({"status": "fix the problems first"})
        ws.write_atomic(rel, text)
        chosen = chosen_models.models().engines(str(data.get("engine") or "scripted"))
        try:
            out = await run_in_threadpool(keep_run, ws.root, path, chosen, _seed(data.get("seed")))
        except UserError as e:
            return JSONResponse({"status": f"saved {rel}; not run: {e}", "saved": text})
        kept = ws.rel(out)
        return JSONResponse(
            {
                "status": f"saved {rel}; {KEEP_N} conversations kept in {kept}",
                "saved": text,
                "run": "/runs?" + urlencode({"run": kept}),
            }
        )

    async def refused(request: Request, exc: Exception) -> Response:
        return _bad(f"refused: {exc}", 403)

    async def bad_input(request: Request, exc: Exception) -> Response:
        return _bad(str(exc))

    async def too_deep(request: Request, exc: Exception) -> Response:
        """A body or YAML text nested thousands deep exhausts the parser's recursion."""
        return _bad("nested too deeply (exceeded maximum nesting depth); flatten it", 400)

    async def user_error(request: Request, exc: Exception) -> Response:
        """A refusal convsim words for its command line (a report.html that is a symbolic
        link): the same sentence, as one line."""
        return _bad(str(exc).splitlines()[0] if str(exc) else "refused", 400)

    async def too_large(request: Request, exc: Exception) -> Response:
        return _bad(str(exc), 413)

    async def cannot(request: Request, exc: Exception) -> Response:
        """A file the request names cannot be read or written (a name too long, no space left,
        no permission): said in one line, never a traceback."""
        assert isinstance(exc, OSError)
        name = exc.filename if isinstance(exc.filename, str) else ""
        with contextlib.suppress(ValueError):
            name = Path(name).relative_to(ws.root).as_posix()
        where = f"{name[:80]}: " if name else ""
        return _bad(f"{where}cannot read or write it: {exc.strerror or exc}", 400)

    routes = [
        Route("/", index),
        Route("/new", new, methods=["POST"]),
        Route("/api/file-for", file_for),
        Route("/edit", edit),
        Route("/api/check", api.check, methods=["POST"]),
        Route("/api/form", api_form, methods=["POST"]),
        Route("/api/edge-case", api_edge_case, methods=["POST"]),
        Route("/api/save", api.save, methods=["POST"]),
        Route("/api/offline", api_offline, methods=["POST"]),
        Route("/api/remove", api_remove, methods=["POST"]),
        Route("/api/move", api_move, methods=["POST"]),
        Route("/api/both", api_both, methods=["POST"]),
        Route("/api/when-typed", api_when_typed, methods=["POST"]),
        Route("/api/rename", api_rename, methods=["POST"]),
        Route("/api/add", api_add, methods=["POST"]),
        Route("/api/variable", api_variable, methods=["POST"]),
        *settings_routes(chosen_models),
        Route("/api/try", api_try, methods=["POST"]),
        Route("/api/suggested", api_suggested, methods=["POST"]),
        Route("/api/keep", api_keep, methods=["POST"]),
        *run_routes(ws),
        *domain_routes(ws),
    ]
    handlers = {
        OutsideWorkspace: refused,
        ValueError: bad_input,
        TooLarge: too_large,
        OSError: cannot,
        RecursionError: too_deep,
        UserError: user_error,
    }
    guard = Middleware(Guard, token=token, loopback=loopback)
    return Starlette(
        routes=routes, exception_handlers=handlers, middleware=[guard, Middleware(BodyLimit)]
    )


def _seed(value: Any) -> int:
    """The conversation set Try shows: each click asks for the next one, so it shows new
    conversations; the same number shows the same ones again (deterministic by seed)."""
    try:
        seed = int(value)
    except (TypeError, ValueError):
        return 1
    return seed if 1 <= seed < 2**31 else 1


def _sections(text: str) -> dict[str, Any]:
    """The form's offline-support and carried-over sections, from the YAML as it is now."""
    data = author.load_for_form(text)
    if data is None:
        wait = "<p class='note'>(shown again once the file reads)</p>"
        return {"offline_html": wait, "carried_html": wait, "tuning_html": wait, "suggest_html": ""}
    openings = (data.get("customer") or {}).get("openings")
    notes = {
        "customer.openings": LANGUAGES_NOTE % ", ".join(map(str, openings))
        if isinstance(openings, dict)
        else GENERAL_NOTE
        if said_as_general(openings)
        else ""
    }
    return {
        "offline_html": offline_html(data),
        "carried_html": carried_html(data),
        "tuning_html": tuning_html(data),
        "suggest_html": suggest_html(data) + numbers_html(data),
        "form_notes": notes,
        # the top line of a page made from a policy, as the file is now (walkthrough 17 read
        # "11 rules ... 2 conditions were not understood" after editing them away)
        "made_line": made_line(text),
    }


def played(names: dict[str, str]) -> str:
    """Who played: `offline`, or each role's engine (`customer llm:gpt-4o-mini, ...`)."""
    if chosen_scripted(names):
        return "without an AI model"
    return ", ".join(f"{role} {names[role]}" for role in ("customer", "support", "critic"))


def chosen_scripted(names: dict[str, str]) -> bool:
    return names == scripted_engines().names
