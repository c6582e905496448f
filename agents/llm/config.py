"""What to call: one model on one endpoint, with its sampling and resilience settings.

The key itself is never part of a config: only the name of the environment variable that
holds it, so a config can be written to the manifest as it is.
"""

from __future__ import annotations

import ipaddress
import os
import unicodedata
from typing import Literal
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel, ConfigDict, Field, field_validator

from agents.llm.errors import LLMConfigError
from agents.llm.structured import Mode
from agents.scrub import keep_secret

DEFAULT_KEY_ENV = "OPENAI_API_KEY"
KEYLESS = "no-key"  # what a keyless local server is sent: the client library needs some key


MAX_RETRIES = 20  # retries per call; more only stretches a failing run
MAX_TIMEOUT_S = 600.0  # per call, as for a target file: past that a dead endpoint reads as a hang


class ModelConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    model: str = Field(min_length=1)
    base_url: str | None = Field(default=None, description="None: the provider's default")
    api_key_env: str = DEFAULT_KEY_ENV
    temperature: float | None = Field(default=None, ge=0, le=2)
    max_tokens: int | None = Field(default=None, ge=1)
    timeout_s: float = Field(default=60.0, gt=0, le=MAX_TIMEOUT_S)
    max_retries: int = Field(default=4, ge=0, le=MAX_RETRIES)
    backoff_s: float = Field(default=0.5, ge=0, description="first retry delay; doubles")
    max_backoff_s: float = Field(default=30.0, ge=0)
    rate_limit_rps: float | None = Field(
        default=None, gt=0, description="requests per second to this endpoint, shared"
    )
    cache_path: str | None = Field(default=None, description="SQLite response cache file")
    structured_output: Mode | None = Field(
        default=None, description="None: probed before the run (json_schema if it is taken)"
    )
    client: Literal["direct", "langchain"] | None = Field(
        default=None,
        description="None or direct: convsim's own Chat Completions request through the "
        "openai SDK (agents.llm.wire); langchain: through ChatOpenAI",
    )
    max_tool_rounds: int | None = Field(
        default=None,
        ge=1,
        le=100,
        description="requests that call tools in one support reply; None: 8 (agents.calls)",
    )
    max_tool_calls: int | None = Field(
        default=None,
        ge=1,
        le=1000,
        description="tool calls in one support reply, all its requests together; None: 20 "
        "(agents.calls), as for a bot under test",
    )

    keyless: bool = Field(
        default=False,
        exclude=True,
        description="a server that needs no key: with the variable unset, a placeholder that "
        "is no secret is sent (always so for a server on this machine: `is_loopback`)",
    )

    @field_validator("base_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        """A URL the HTTP client can send to, or the one-line reason it is not one."""
        if value is None:
            return value
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"{value!r} must start with http:// or https://")
        if any(c.isspace() for c in value):
            raise ValueError(f"{value!r} has a space in it")
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018 - raises on a port out of range or not a number
        except ValueError as e:
            raise ValueError(f"{value!r} is not a URL ({e})") from e
        if not parts.hostname:
            raise ValueError(f"{value!r} names no host")
        if (why := unusable_url(value)) is not None:
            raise ValueError(why)
        return value

    @property
    def endpoint(self) -> str:
        """The endpoint a rate limit is shared over (scheme://host:port/path)."""
        return (self.base_url or "https://api.openai.com/v1").rstrip("/")

    def api_key(self) -> str:
        """The key from the environment; a missing one is a one-line config error. Spaces and
        line breaks around it are dropped (a key pasted from a file, a .env with CRLF endings);
        one that still holds a character an HTTP header cannot carry is a config error naming
        the variable, never the key (it was sent five times and blamed on --base-url)."""
        key = env_key(self.api_key_env)
        if not key and (self.keyless or is_loopback(self.endpoint)):
            return KEYLESS
        if not key:
            raise LLMConfigError(
                f"{self.api_key_env} is not set (needed for model '{self.model}' at "
                f"{self.endpoint}): export {self.api_key_env}=<key>, or name another "
                "variable with --api-key-env (a server on this machine, localhost or "
                "127.0.0.1, needs none)"
            )
        return key

    def public(self) -> dict[str, object]:
        """The settings as written to manifests: no key, no credentials inside the URL."""
        data = self.model_dump(exclude_none=True)
        if self.base_url:
            parts = urlsplit(self.base_url)
            host = parts.hostname or ""
            netloc = host + (f":{parts.port}" if parts.port else "")
            data["base_url"] = parts._replace(netloc=netloc, query="").geturl()
        return data


def is_loopback(url: str) -> bool:
    """Whether `url` names this machine (localhost, 127.0.0.0/8, ::1): a local model server,
    which usually takes no key. One rule for every role (customer, support, critic, planner)
    and for a bot under test of kind `openai`: without the key's variable set, such a server
    is sent a placeholder; a remote one needs the key."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_KINDS_OF_CHARACTER = ((str.isspace, "a space or line break"), (str.isascii, "a control character"))


def env_key(name: str) -> str:
    """The key in environment variable `name`, without surrounding whitespace; LLMConfigError
    if what is left cannot be sent in an Authorization header (printable ASCII only). The
    message says what kind of character, and where, never the key."""
    key = os.environ.get(name, "").strip()
    for i, ch in enumerate(key, 1):
        if not ("!" <= ch <= "~"):
            kind = next((what for test, what in _KINDS_OF_CHARACTER if test(ch)), None)
            raise LLMConfigError(
                f"{name} holds {kind or 'a character that is not ASCII'} at character {i} of "
                f"{len(key)}, which an HTTP header cannot carry: set {name} to the key alone "
                "(copy it again from your provider)"
            )
    keep_secret(key)  # never stored, whatever endpoint echoes it (agents.scrub)
    return key


def unusable_url(value: str) -> str | None:
    """Why the HTTP client cannot send to `value`, a URL that otherwise parses: a character a
    terminal hides or reorders (a bidi override pasted into the host ended `convsim test`
    in an IDNA traceback), or a host httpx refuses. None when it can."""
    for i, ch in enumerate(value, 1):
        if not ch.isprintable():
            return (
                f"{value!r} has U+{ord(ch):04X} {unicodedata.name(ch, '(no name)')} at "
                f"character {i}, an invisible character; retype the URL"
            )
    try:
        httpx.URL(value)
    except httpx.InvalidURL as e:
        return f"{value!r} is not a URL the HTTP client can use ({e})"
    return None
