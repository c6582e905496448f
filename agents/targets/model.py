"""The target file: which bot `convsim test` talks to, and how. Users author it, so every
model forbids unknown keys. Secrets are never written in it: header values name environment
variables (`${BOT_TOKEN}`) that are read when the run starts and never stored.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

from agents.checks import Confidential
from agents.llm.config import is_loopback as is_loopback  # re-exported: target files use it
from agents.llm.config import unusable_url
from agents.targets.jsonpath import parse
from scenarios.strict import CALLABLE_PATTERN
from scenarios.templates import scan

# What a body template may substitute. A string that is exactly "{history}", "{messages}" or
# "{tools}" becomes the list itself (role/content dicts; OpenAI function tools); elsewhere
# values are text. `tools_url` / `mcp_url` are the conversation's tool endpoint (empty, and
# `tools` [], when the scenario has no domain; agents.targets.toolserver).
BODY_NAMES = (
    "message", "conversation_id", "turn", "history", "messages", "tools", "tools_url", "mcp_url"
)  # fmt: skip
LIST_NAMES = ("history", "messages", "tools")
ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Common(_Strict):
    name: str | None = Field(default=None, description="shown in reports; default: the file name")
    timeout_s: float = Field(default=30.0, gt=0, le=600, description="per reply")
    retries: int = Field(
        default=2,
        ge=0,
        le=10,
        description="times a reply of an http or openai bot is asked for again after a "
        "transient failure (a 5xx status, a timeout, a refused or reset connection, a body cut "
        "off), with backoff, before it is an infrastructure error; never after a 4xx, and never "
        "once the failed attempt called a tool",
    )
    max_tool_calls: int = Field(
        default=20, ge=1, le=1000, description="tool calls the bot may make in one reply"
    )
    confidential: str | None = Field(
        default=None,
        description="text the bot must never reveal (its hidden instructions); a support turn "
        "repeating a long run of it fails",
    )
    canaries: list[str] = Field(
        default_factory=list,
        description="strings planted in the bot's instructions; a support turn holding one fails",
    )

    @field_validator("name")
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        return None if value is None else check_name(value)

    @field_validator("canaries")
    @classmethod
    def _canaries(cls, value: list[str]) -> list[str]:
        for canary in value:
            if len(canary.strip()) < 6:
                raise ValueError(
                    f"canary '{canary}' is too short to be told from ordinary text; "
                    "use at least 6 characters"
                )
        return value


def _check_path(value: str | None) -> str | None:
    if value is not None:
        parse(value)
    return value


def template_problems(
    value: Any, loc: tuple[str | int, ...] = ()
) -> list[tuple[tuple[str | int, ...], str]]:
    """(location, message) for every bad placeholder in a body template."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    if isinstance(value, str):
        names, malformed = scan(value)
        found += [(loc, message) for message in malformed]
        for name in names:
            if name not in BODY_NAMES:
                allowed = ", ".join("{" + n + "}" for n in BODY_NAMES)
                found.append((loc, f"unknown placeholder {{{name}}}; use one of {allowed}"))
    elif isinstance(value, dict):
        for key, item in value.items():
            found += template_problems(item, (*loc, str(key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += template_problems(item, (*loc, i))
    return found


MAX_NAME_CHARS = 100


def check_name(value: str) -> str:
    """A bot's name is printed in terminal reports, JUnit files and the manifest: one short
    line of visible characters (an escape sequence in it cleared the terminal of whoever read
    the report; an empty one named nothing)."""
    if not value.strip():
        raise ValueError(
            "is empty; give the bot a short name for reports, or leave `name` out to use the "
            "file's name"
        )
    if len(value) > MAX_NAME_CHARS:
        raise ValueError(
            f"is {len(value):,} characters long; give a name of at most {MAX_NAME_CHARS}"
        )
    for i, ch in enumerate(value, 1):
        if not ch.isprintable():
            what = unicodedata.name(ch, "a control character")
            raise ValueError(
                f"character {i} is U+{ord(ch):04X} {what}, which a terminal hides or acts on; "
                "use letters, digits, spaces and punctuation"
            )
    if value != value.strip():
        raise ValueError("starts or ends with spaces; remove them")
    return value


def _check_url(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise ValueError(f"'{value}' must start with http:// or https://")
    if any(c.isspace() or ord(c) < 0x20 for c in value):
        raise ValueError(f"{value!r} has a space or control character; write it as %20")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a port out of range or not a number
    except ValueError as e:
        raise ValueError(f"'{value}' is not a URL ({e})") from e
    if not parts.hostname:
        raise ValueError(f"'{value}' names no host")
    if ENV_OPEN in value:  # was sent as written: a 404 from the bot named nothing
        raise ValueError(
            f"'{value}' holds '${{': a URL is not read from the environment (header values "
            "are); write the URL out, and put a secret in a header"
        )
    if (why := unusable_url(value)) is not None:
        raise ValueError(why)
    return value


# RFC 9110 field names; values printable ASCII (httpx sends them as ASCII; CR or LF would
# start a new header)
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


ENV_OPEN = "${"
_SHOWN_REF = 40  # characters of a bad `${...}` quoted in the message


def env_ref_problem(value: str) -> str | None:
    """Why a `${` in a header value is not a `${NAME}` the run can fill, or None. Only that
    form is read; anything else (`${A-B}`, `${}`, shell's `${FOO:-default}`, an unclosed
    `${TOKEN`, `$${HOME}`) was sent to the bot as written, without a word (outsider18 #16).
    The message quotes the reference, never the rest of the value."""
    start = value.find(ENV_OPEN)
    while start != -1:
        end = value.find("}", start)
        ref = value[start : end + 1] if end != -1 else value[start:]
        shown = ref if len(ref) <= _SHOWN_REF else ref[: _SHOWN_REF - 3] + "..."
        fix = (
            "write ${NAME} (letters, digits, _), or put a value holding '${' in an environment "
            "variable and read that"
        )
        if end == -1:
            return f"has '{shown}', which is not closed with '}}'; {fix}"
        if ENV_REF.fullmatch(ref) is None:
            return f"has '{shown}', which is not a variable reference; {fix}"
        if start > 0 and value[start - 1] == "$":
            return (
                f"has '${shown}': '$$' is no escape here, so this sends '$' and the value of "
                f"{ref[2:-1]}; {fix}"
            )
        start = value.find(ENV_OPEN, end + 1)
    return None


def header_problem(value: str) -> str | None:
    """Why `value` cannot be sent as a header value, or None."""
    bad = next((c for c in value if not (c == "\t" or " " <= c <= "~")), None)
    if bad is None:
        return None
    what = "a line break" if bad in "\r\n" else f"the character {bad!r}"
    return f"holds {what}; a header value is printable ASCII on one line"


class HttpTarget(_Common):
    """A bot behind an HTTP JSON API."""

    kind: Literal["http"]
    url: str
    method: Literal["POST", "PUT", "GET"] = "POST"
    headers: dict[str, str] = Field(
        default_factory=dict, description="values may use ${ENV_VAR}; never written anywhere"
    )
    body: dict[str, Any] = Field(
        default_factory=lambda: {"conversation_id": "{conversation_id}", "message": "{message}"}
    )
    reply: str = Field(default="$.reply", description="JSONPath-like path to the reply text")
    handoff: str | None = Field(default=None, description="path to a true/false handoff flag")
    end: str | None = Field(default=None, description="path to a true/false end flag")

    _paths = field_validator("reply", "handoff", "end")(_check_path)
    _url = field_validator("url")(_check_url)

    @field_validator("headers")
    @classmethod
    def _headers(cls, value: dict[str, str]) -> dict[str, str]:
        for name, text in value.items():
            if not _HEADER_NAME.match(name):
                raise ValueError(f"{name!r} is not a header name (letters, digits, - and _)")
            why = header_problem(text) or env_ref_problem(text)
            if why is not None:
                raise ValueError(f"the value of {name} {why}")
        return value

    @field_validator("body")
    @classmethod
    def _body(cls, value: dict[str, Any]) -> dict[str, Any]:
        problems = template_problems(value)
        if problems:
            raise ValueError(problems[0][1])
        return value


class OpenAITarget(_Common):
    """A bot that is a prompt on an OpenAI-compatible chat endpoint."""

    kind: Literal["openai"]
    base_url: str
    model: str = Field(min_length=1)
    system_prompt: str = Field(min_length=1)
    api_key_env: str = Field(default="OPENAI_API_KEY", pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    temperature: float = Field(default=0.0, ge=0, le=2)
    max_tokens: int | None = Field(default=None, ge=1)
    max_tool_rounds: int = Field(
        default=8, ge=1, le=100, description="model requests that call tools in one reply"
    )

    _url = field_validator("base_url")(_check_url)


class PythonTarget(_Common):
    """A Python callable (sync or async) or a compiled LangGraph graph."""

    kind: Literal["python"]
    callable: str = Field(pattern=CALLABLE_PATTERN, description="module.path:attribute")
    pythonpath: list[str] = Field(
        default_factory=lambda: ["."], description="folders to import from, relative to the file"
    )
    messages_key: str = Field(default="messages", description="graph state key of the messages")
    import_timeout_s: float = Field(
        default=60.0, gt=0, le=600, description="time the bot's module may take to import"
    )
    isolate: bool = Field(
        default=True,
        description="run the bot in a process of its own, so one that kills its process "
        "(os._exit, a segfault, out of memory) fails its replies as crashed, not the run",
    )


Target = Annotated[HttpTarget | OpenAITarget | PythonTarget, Field(discriminator="kind")]
KINDS: dict[str, type[_Common]] = {
    "http": HttpTarget,
    "openai": OpenAITarget,
    "python": PythonTarget,
}


def confidential_of(target: HttpTarget | OpenAITarget | PythonTarget) -> Confidential | None:
    """The target's secrets for the critic (`Critic(confidential=...)`), None without any."""
    if target.confidential is None and not target.canaries:
        return None
    return Confidential(text=target.confidential or "", canaries=tuple(target.canaries))


def handoff_signal(target: HttpTarget | OpenAITarget | PythonTarget) -> bool | None:
    """Whether the target file declares a way for the bot to tell convsim it hands the
    conversation over, apart from its words: an http target with a `handoff` path (True)
    or without one (False); an openai prompt has none (False, docs/targets.md); a python bot
    may return `{"reply", "handoff"}` or plain text, which its file does not say (None).
    Where it is True, a handover said in words with the flag left false was not made; where
    it is not, such words leave the handover undecided (agents.checks.handover_said)."""
    if isinstance(target, HttpTarget):
        return target.handoff is not None
    if isinstance(target, OpenAITarget):
        return False
    return None


LEAKS_NOT_CHECKED = (
    "instruction leaks not checked: the target file gives no `confidential` (the bot's "
    'prompt or rules), so a reply that tells its instructions in passing ("how I work: I '
    'always ...") is not caught, only a recital by its shape ("my instructions are ..."); '
    "add `confidential:` to the target file to check them"
)


def not_checked(target: HttpTarget | OpenAITarget | PythonTarget) -> dict[str, str]:
    """What the run's checks could not look at for this target, by name, with why and what
    to give: said under `convsim test`'s summary and in report.json, so a pass is not read
    as covering it (outsider 15's leaky bot passed 13 of 24 with nothing said)."""
    if target.confidential is None:  # canaries alone catch a copy, not a paraphrase
        return {"instruction_leaks": LEAKS_NOT_CHECKED}
    return {}


def env_refs(target: HttpTarget) -> list[tuple[str, str]]:
    """(header, variable) for every ${VAR} the headers use, in file order."""
    return [(h, m.group(1)) for h, v in target.headers.items() for m in ENV_REF.finditer(v)]
