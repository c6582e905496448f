"""The AI model page: optional, and apart from the editor, so the offline path reads none of it.

Without a model, Try plays the customer and support from the scenario's lines and rules and
runs the automatic checks. A newcomer who wants politeness, correctness and the policy judged
used to be told to restart the studio with `--critic-model` and an environment variable; here
they give the model's name, the service's address and the *name* of the environment variable
that holds the key. The key itself is never typed into a page, stored or shown: the studio
reads it from its own environment when it calls the model, as `convsim run` does.

The settings are kept in the workspace (`.studio/models.json`: model, address, variable name,
what the model plays) so they hold across restarts. Model flags given to `convsim studio`
win, and the page then only shows them. The variable's name must end in `API_KEY`: a page
that could name any variable would let whoever holds the studio's token send, say, a cloud
secret to an address of their choosing.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from agents.llm.config import is_loopback
from simulator.errors import UserError
from simulator.run.engines import ROLES, LLMOptions, build_engines, model_configs
from simulator.store.atomic import write_atomic
from simulator.studio.pages.pages import esc, page
from simulator.studio.trying.trial import Models
from simulator.studio.workspace import Workspace

__all__ = ["ModelSettings", "Settings", "settings_routes"]

DEFAULT_KEY_ENV = "OPENAI_API_KEY"
_KEY_ENV = re.compile(r"[A-Z][A-Z0-9_]{0,60}API_KEY")
_MODEL = re.compile(r"[^\s\x00-\x1f]{1,200}")
Plays = Literal["judge", "all"]


@dataclass(frozen=True)
class Settings:
    model: str
    base_url: str = ""  # "": OpenAI's
    key_env: str = DEFAULT_KEY_ENV
    plays: Plays = "judge"  # "judge": the offline customer and support stay; "all": every role

    @classmethod
    def checked(cls, model: str, base_url: str, key_env: str, plays: str) -> Settings:
        """From the page's form: one plain sentence naming the field when a value is wrong."""
        model, base_url, key_env = model.strip(), base_url.strip(), key_env.strip()
        if not _MODEL.fullmatch(model):
            raise ValueError("Model name: give the model's name, like gpt-4o-mini (no spaces)")
        if base_url:
            parts = urlsplit(base_url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError(
                    "Address: give the service's address starting with http:// or https://, "
                    "like http://localhost:11434/v1, or leave it blank for OpenAI"
                )
            if parts.username or parts.password or parts.query:
                raise ValueError(
                    "Address: no user name, password or ?query in the address: the key goes "
                    "in the environment variable below"
                )
        key_env = key_env or DEFAULT_KEY_ENV
        if not _KEY_ENV.fullmatch(key_env):
            raise ValueError(
                f"Key variable: '{key_env}' is not allowed; give the name of a variable ending "
                "in API_KEY, like OPENAI_API_KEY (capital letters, digits and _)"
            )
        if plays not in ("judge", "all"):
            raise ValueError("What the model does: pick one of the two choices")
        return cls(model, base_url, key_env, "all" if plays == "all" else "judge")

    def options(self) -> LLMOptions:
        roles = {"critic": self.model} if self.plays == "judge" else {}
        return LLMOptions(
            model=self.model if self.plays == "all" else None,
            base_url=self.base_url or None,
            api_key_env=self.key_env,
            role_models=dict(roles),
            roles=ROLES,
        )


class ModelSettings:
    """Which models Try may use: the command's model flags when given, else the page's."""

    def __init__(self, root: Path, cli: LLMOptions | None) -> None:
        self.ws = Workspace(root)
        # model_configs, not Models(cli).names(): building engines loads the runner and the
        # LLM client (1.5 s of CPU), which the first page must not wait for
        self.cli = cli if cli is not None and model_configs(cli) else None

    @property
    def file(self) -> Path:
        """`.studio/models.json`, resolved inside the workspace at each use (OutsideWorkspace
        when `.studio` or the file is a symlink leading out): neither read nor written there."""
        return self.ws.resolve(".studio/models.json")

    def saved(self) -> Settings | None:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
            return Settings.checked(
                str(data["model"]), str(data["base_url"]), str(data["key_env"]), data["plays"]
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None  # none kept, or a file edited by hand into nonsense: offline

    def models(self) -> Models:
        if self.cli is not None:
            return Models(self.cli)
        saved = self.saved()
        return Models(saved.options() if saved else None)

    def save(self, settings: Settings) -> None:
        try:
            build_engines(settings.options())
        except UserError as exc:
            raise ValueError(str(exc)) from exc
        self.ws.folder(".studio")
        # A temp file of this process's own (two studios saving at once no longer write
        # into one `.tmp`), removed by a later save once a killed writer is gone.
        write_atomic(self.file, [json.dumps(asdict(settings), indent=1) + "\n"])

    def remove(self) -> None:
        self.file.unlink(missing_ok=True)


def settings_body(ms: ModelSettings, message: str = "", problem: str = "") -> str:
    intro = (
        "<p><b>You do not need this.</b> Without an AI model, Try plays the customer and "
        "support from your first messages and rules, and checks what can be checked "
        "automatically (did support ask for what it must, did it refuse when a rule says "
        "so). An AI model can also <i>judge</i> each conversation: was support polite and "
        "correct, and did it keep to your policy. It can also play the customer and support "
        "from your goal and policy texts.</p>"
    )
    said = (f"<p class='problem'>{esc(problem)}</p>" if problem else "") + (
        f"<p><b>{esc(message)}</b></p>" if message else ""
    )
    if ms.cli is not None:
        names = ms.models().names() or {}
        who = ", ".join(
            f"{role}: {names.get(role, '')}" for role in ("customer", "support", "critic")
        )
        return (
            intro
            + said
            + f"<p>Set when the studio was started (its model flags): {esc(who)}. To set them "
            "here instead, start the studio without those flags.</p>"
        )
    current = ms.saved()
    shown = current or Settings(model="")
    key_set = bool(os.environ.get(shown.key_env))
    status = (
        f"<p>Now: Try can use <b>{esc(current.model)}</b> "
        f"({'as the judge only' if current.plays == 'judge' else 'for every role'}). In the "
        "editor, pick it next to <i>Try</i>.</p>"
        if current
        else "<p>Now: no AI model. Try works without one.</p>"
    )
    if key_set:
        key_line = f"{esc(shown.key_env)} is set in the studio's environment."
    elif shown.base_url and is_loopback(shown.base_url):
        key_line = f"{esc(shown.key_env)} is not set: a service on this machine needs none."
    else:
        key_line = (
            f"{esc(shown.key_env)} is not set in the studio's environment: stop the studio, "
            f"run <code>export {esc(shown.key_env)}=your-key</code>, and start it again."
        )
    judge = " checked" if shown.plays == "judge" else ""
    every = " checked" if shown.plays == "all" else ""
    form = (
        "<form method='post' action='/settings'>"
        "<label for='s-model'>Model name</label>"
        f"<input id='s-model' name='model' value='{esc(shown.model)}' "
        "placeholder='gpt-4o-mini'>"
        "<label for='s-url'>Address of the service (blank: OpenAI)</label>"
        f"<input id='s-url' name='base_url' value='{esc(shown.base_url)}' "
        "placeholder='http://localhost:11434/v1'>"
        "<div class='note'>Any service that speaks OpenAI's chat API: a model on your own "
        "machine (Ollama, vLLM, LM Studio) gives an address like the example.</div>"
        "<label for='s-key'>Where the key is: the name of an environment variable</label>"
        f"<input id='s-key' name='key_env' value='{esc(shown.key_env)}'>"
        "<div class='note'>The key itself is never typed here, stored or shown: the studio "
        "reads it from this variable when it calls the model. Set it in the terminal before "
        "starting the studio; a model on your own machine takes any value, like "
        f"<code>local</code>. {key_line}</div>"
        "<label>What the model does</label>"
        f"<label class='tick'><input type='radio' name='plays' value='judge'{judge}> judges "
        "the conversations only (the customer and support still follow your lines and "
        "rules)</label><br>"
        f"<label class='tick'><input type='radio' name='plays' value='all'{every}> plays "
        "the customer and support too (they read your goal and policy), and judges</label>"
        "<p><button name='do' value='save'>Save</button> "
        + ("<button name='do' value='remove'>Stop using a model</button>" if current else "")
        + "</p></form><p class='note'>Kept in this workspace's <code>.studio/models.json</code>"
        " (without the key). Each Try with the model makes a few calls per conversation, "
        "which the service may charge for. More: <code>docs/llm.md</code>.</p>"
    )
    return intro + said + status + form


TITLE = "AI model (optional)"


def settings_routes(ms: ModelSettings) -> list[Route]:
    async def show(request: Request) -> Response:
        if request.method == "GET":
            return HTMLResponse(page(TITLE, settings_body(ms)))
        form = await request.form()
        if ms.cli is not None:
            return HTMLResponse(page(TITLE, settings_body(ms)), status_code=400)
        if form.get("do") == "remove":
            ms.remove()
            return HTMLResponse(page(TITLE, settings_body(ms, "Saved: no AI model.")))
        try:
            ms.save(
                Settings.checked(
                    *(str(form.get(k, "")) for k in ("model", "base_url", "key_env", "plays"))
                )
            )
        except ValueError as exc:
            return HTMLResponse(page(TITLE, settings_body(ms, problem=str(exc))), status_code=400)
        return HTMLResponse(page(TITLE, settings_body(ms, "Saved.")))

    async def old_help(request: Request) -> Response:
        return RedirectResponse("/settings", status_code=301)

    return [Route("/settings", show, methods=["GET", "POST"]), Route("/help/models", old_help)]
