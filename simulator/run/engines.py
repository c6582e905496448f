"""Which engine plays each role: scripted by default, an LLM where a model is configured.

Settings come from `--config convsim.toml` (its `[llm]` table) and the command line; the
command line wins, a per-role flag over the global one. A role without a model stays
scripted, so an LLM customer can talk to the scripted support agent and the reverse.

    [llm]                      # defaults for every role
    model = "gpt-4o-mini"
    base_url = "http://localhost:8000/v1"
    budget_usd = 2.0
    [llm.customer]             # per role: customer, support, critic
    temperature = 1.0
    [llm.planner]              # edge-case proposals: only with a model named here or by
    model = "gpt-4o"           # --planner-model (never from the global model)
    [llm.prices."my-model"]    # USD per million tokens
    input = 0.2
    output = 0.6
"""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agents.llm.budget import Meter, Spent
from agents.llm.config import MAX_TIMEOUT_S, ModelConfig
from agents.llm.errors import LLMConfigError
from agents.llm.prices import Price, PriceTable, load_prices
from agents.llm.structured import FALLBACK, Mode
from scenarios.inputfiles import InputFileError, load_toml
from simulator.errors import UserError

if TYPE_CHECKING:  # imported where used: the runner and the client load LangGraph and
    # LangChain (seconds on a busy machine), which a command checking its flags (studio) skips
    from agents.llm.client import LLMClient
    from simulator.run.runner import Engines

ROLES = ("customer", "support", "critic")
PLANNER = "planner"  # not a conversation role: proposes edge cases once coverage saturates


class RoleSection(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    model: str | None = None
    base_url: str | None = None
    api_key_env: str | None = None
    temperature: float | None = Field(default=None, ge=0, le=2)
    max_tokens: int | None = Field(default=None, ge=1)
    timeout_s: float | None = Field(default=None, gt=0, le=MAX_TIMEOUT_S)
    max_retries: int | None = Field(default=None, ge=0, le=20)
    rate_limit_rps: float | None = Field(default=None, gt=0)
    structured_output: Mode | None = None  # forces a mode; None: probed before the run
    max_tool_rounds: int | None = Field(default=None, ge=1, le=100)  # support with tools
    max_tool_calls: int | None = Field(default=None, ge=1, le=1000)  # in one support reply
    client: Literal["direct", "langchain"] | None = None  # how requests go (agents.llm.wire)


class LLMSection(RoleSection):
    customer: RoleSection = Field(default_factory=RoleSection)
    support: RoleSection = Field(default_factory=RoleSection)
    critic: RoleSection = Field(default_factory=RoleSection)
    planner: RoleSection = Field(default_factory=RoleSection)
    cache: str | None = None
    prices: dict[str, Price] = Field(default_factory=dict)
    prices_file: str | None = None
    budget_usd: float | None = Field(default=None, gt=0)
    budget_tokens: int | None = Field(default=None, ge=1)


@dataclass
class LLMOptions:
    """The LLM flags of `run` / `test`, None where not given."""

    config: Path | None = None
    model: str | None = None
    base_url: str | None = None
    api_key_env: str | None = None
    temperature: float | None = None
    timeout_s: float | None = None
    max_retries: int | None = None
    rate_limit_rps: float | None = None
    cache: Path | None = None
    prices: Path | None = None
    budget_usd: float | None = None
    budget_tokens: int | None = None
    role_models: dict[str, str | None] = field(default_factory=dict)
    role_temperatures: dict[str, float | None] = field(default_factory=dict)
    # The roles the command plays with a model where one is configured: `convsim test` leaves
    # support out (the bot under test plays it), so a global model never builds or preflights it.
    roles: tuple[str, ...] = (*ROLES, PLANNER)


def load_config(path: Path | None) -> LLMSection:
    if path is None:
        return LLMSection()
    try:
        data = load_toml(path, "give a TOML file")
    except InputFileError as exc:
        raise UserError(f"--config {exc}") from None
    try:
        return LLMSection.model_validate(data.get("llm", {}))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in ("llm", *first["loc"]))
        raise UserError(f"--config {path}: {where}: {first['msg']}") from exc


def role_config(role: str, opts: LLMOptions, cfg: LLMSection) -> ModelConfig | None:
    """The model config for one role, or None: the role stays scripted."""
    section: RoleSection = getattr(cfg, role)

    sources: dict[str, str] = {}

    def pick(name: str, cli: Any) -> Any:
        """The flag's value, else the role's config key, else the [llm] key (noting which)."""
        keys = (None, f"llm.{role}.{name}", f"llm.{name}")
        for key, value in zip(keys, (cli, getattr(section, name), getattr(cfg, name)), strict=True):
            if value is not None:
                if key is not None:
                    sources[name] = f"--config {opts.config}: {key}"
                return value
        return None

    if role == PLANNER:  # opt-in: a global model never turns proposals on by itself
        model = opts.role_models.get(role) or section.model
    else:
        model = opts.role_models.get(role) or opts.model or section.model or cfg.model
    if model is None:
        return None
    values = {
        "model": model,
        "base_url": pick("base_url", opts.base_url),
        "api_key_env": pick("api_key_env", opts.api_key_env),
        "temperature": pick(
            "temperature", _first(opts.role_temperatures.get(role), opts.temperature)
        ),
        "max_tokens": pick("max_tokens", None),
        "timeout_s": pick("timeout_s", opts.timeout_s),
        "max_retries": pick("max_retries", opts.max_retries),
        "rate_limit_rps": pick("rate_limit_rps", opts.rate_limit_rps),
        "structured_output": pick("structured_output", None),
        "max_tool_rounds": pick("max_tool_rounds", None),
        "max_tool_calls": pick("max_tool_calls", None),
        "client": pick("client", None),
    }
    try:
        config = ModelConfig.model_validate({k: v for k, v in values.items() if v is not None})
    except ValidationError as exc:
        first = exc.errors()[0]
        message = str(first["msg"]).removeprefix("Value error, ")
        key = str(first["loc"][0])
        where = sources.get(key, f"{role} model settings: {key}")
        raise UserError(f"{where}: {message}") from exc
    _check_rate_gap(config, sources)
    return config


def _check_rate_gap(config: ModelConfig, sources: dict[str, str]) -> None:
    """Refuse a rate limit whose wait between two requests is longer than the call timeout:
    the run would wait that long in silence (1e-9 requests per second is 31 years)."""
    rate = config.rate_limit_rps
    if rate is None or 1 / rate <= config.timeout_s:
        return
    where = sources.get("rate_limit_rps", f"--rate-limit {rate:g}")
    if where.startswith("--config"):
        where += f" = {rate:g}"
    raise UserError(
        f"{where}: one request every {1 / rate:,.0f} s is longer than the call timeout "
        f"({config.timeout_s:g} s); give at least {1 / config.timeout_s:.3g} requests per "
        "second, or leave the rate limit out"
    )


def _first(*values: float | None) -> float | None:
    return next((v for v in values if v is not None), None)


@dataclass
class LLMHooks:
    """The runner's view of the LLM layer: preflight, budget stop, usage report."""

    configs: dict[str, ModelConfig]
    clients: dict[str, LLMClient]
    meter: Meter
    cache: str | None
    # Each role's structured-output mode once the preflight settled it. The engines' recipe
    # holds this same dict, so worker processes started after the preflight ask no endpoint.
    settled: dict[str, Mode] = field(default_factory=dict)

    async def preflight(self) -> None:
        """A ping per endpoint, model and key; a structured-output probe per endpoint and model
        (every role here asks for structured output), skipped where the config forces a mode."""
        checked: set[tuple[str, str, str]] = set()
        probed: dict[tuple[str, str], LLMClient] = {}
        for client in self.clients.values():
            c = client.config
            key = (c.endpoint, c.model, c.api_key_env)
            if key not in checked:
                checked.add(key)
                await client.ping()
            if c.structured_output is not None:
                continue
            first = probed.setdefault((c.endpoint, c.model), client)
            if first is client:
                await client.probe()
            else:
                client.mode = first.mode
        self.settled.update({role: client.mode for role, client in self.clients.items()})

    async def warm(self) -> None:
        """Each client's wire made on this loop before any reply is timed (a worker
        process's first reply would otherwise count the client's construction as latency)."""
        for client in self.clients.values():
            await client.wire()

    def notes(self) -> list[str]:
        """One line per endpoint and model found not to take json_schema (forced modes are
        the user's choice and get none), for the CLI to show on stderr."""
        found: dict[tuple[str, str, Mode], list[str]] = {}
        for role, client in self.clients.items():
            c = client.config
            if c.structured_output is None and client.mode != "json_schema":
                url = str(c.public().get("base_url", c.endpoint))  # no credentials
                found.setdefault((c.model, url, client.mode), []).append(role)
        return [
            f"{'/'.join(f'--{r}-model' for r in roles)} {model} at {endpoint} {FALLBACK[mode]}"
            for (model, endpoint, mode), roles in found.items()
        ]

    def check(self) -> None:
        """Preflight from synchronous code, as a one-line UserError."""
        try:
            asyncio.run(self.preflight())
        except LLMConfigError as exc:
            raise UserError(str(exc)) from exc

    def resume(self, spent: Spent) -> None:
        """What the run directory spent before this session counts against the budget."""
        self.meter.before = spent

    def stop_reason(self) -> str | None:
        return self.meter.exhausted()

    def report(self) -> dict[str, Any]:
        return {
            "models": {
                role: {**c.public(), "structured_output": self.clients[role].mode}
                for role, c in sorted(self.configs.items())
            },
            "cache": self.cache,
            "usage": self.meter.summary(),
        }


def structured_notes(engines: Engines) -> list[str]:
    """The preflight's findings about structured output (`LLMHooks.notes`), for stderr."""
    return engines.hooks.notes() if isinstance(engines.hooks, LLMHooks) else []


def model_configs(opts: LLMOptions) -> dict[str, ModelConfig]:
    """Each role's model, from the config file and flags; empty: every role scripted. A bad
    file or flag is a UserError here, before anything heavy is loaded."""
    return _configs(opts, load_config(opts.config))


def _configs(opts: LLMOptions, cfg: LLMSection) -> dict[str, ModelConfig]:
    wanted = [r for r in (*ROLES, PLANNER) if r in opts.roles]
    return {r: c for r in wanted if (c := role_config(r, opts, cfg)) is not None}


def build_engines(opts: LLMOptions) -> Engines:
    from agents.llm.cache import open_cache
    from agents.llm.client import LLMClient
    from simulator.run.runner import scripted_engines

    cfg = load_config(opts.config)
    configs = _configs(opts, cfg)
    base = scripted_engines()
    if not configs:
        return base
    try:
        prices = load_prices(opts.prices or (Path(cfg.prices_file) if cfg.prices_file else None))
        prices = prices.extended(cfg.prices)
        cache_path = opts.cache or (Path(cfg.cache) if cfg.cache else None)
        cache = open_cache(cache_path) if cache_path else None
    except LLMConfigError as exc:
        raise UserError(str(exc)) from exc
    meter = Meter(
        max_usd=opts.budget_usd if opts.budget_usd is not None else cfg.budget_usd,
        max_tokens=opts.budget_tokens if opts.budget_tokens is not None else cfg.budget_tokens,
    )
    if meter.max_usd is not None:
        _require_prices(configs, prices)
    clients = {
        role: LLMClient(c, prices=prices, meter=meter, cache=cache) for role, c in configs.items()
    }
    hooks = LLMHooks(configs, clients, meter, str(cache_path) if cache_path else None)
    engines = _engines(base, clients, hooks)
    # Workers build the conversation roles (never the planner: proposals stay with the driver).
    roles = tuple(r for r in opts.roles if r != PLANNER)
    recipe = ("simulator.run.engines", "worker_engines", replace(opts, roles=roles), hooks.settled)
    return dataclasses.replace(engines, recipe=recipe)


def worker_engines(opts: LLMOptions, settled: dict[str, Mode]) -> Engines:
    """`build_engines(opts)` in a worker process (`--workers N`): the modes the driver's
    preflight settled, and every request's permit and cost go through the driver, so the
    budget and rate limits are the run's (simulator.run.remote)."""
    from simulator.run import remote

    engines = build_engines(opts)
    hooks = engines.hooks
    link = remote.current()
    if isinstance(hooks, LLMHooks):
        meter = hooks.meter
        # No budget and no rate limit: nothing to ask before a request (usage still goes to
        # the driver's meter, for the manifest), so no round trip is added to each call.
        limited = (
            meter.max_usd is not None
            or meter.max_tokens is not None
            or any(c.config.rate_limit_rps is not None for c in hooks.clients.values())
        )
        if link is not None:
            hooks.meter = remote.RemoteMeter(link)
        for role, client in hooks.clients.items():
            client.mode = settled.get(role, client.mode)
            if link is not None:
                client.meter = hooks.meter
                client.gate = remote.RemoteGate(link) if limited else None
    return engines


def _require_prices(configs: dict[str, ModelConfig], prices: PriceTable) -> None:
    for role, c in configs.items():
        if prices.find(c.model) is None:
            raise UserError(
                f"--budget-usd: {role} model '{c.model}' has no price; add it to a price file "
                f'(--prices FILE with [models."{c.model}"] input = X, output = Y, USD per '
                "million tokens) or use --budget-tokens"
            )


def _engines(base: Engines, clients: dict[str, LLMClient], hooks: LLMHooks) -> Engines:
    from agents.llm.roles import LLMCustomer, LLMSupport
    from simulator.run.runner import Engines

    names = dict(base.names)
    customer, support = base.customer, base.support
    if "customer" in clients:
        customer = LLMCustomer(clients["customer"])
        names["customer"] = f"llm:{clients['customer'].config.model}"
    if "support" in clients:
        support = LLMSupport(clients["support"])
        names["support"] = f"llm:{clients['support'].config.model}"
    grade = base.grade
    if "critic" in clients:
        from agents.critic import Critic
        from agents.judge import LLMJudge

        grade = Critic(judge=LLMJudge(clients["critic"])).agrade
        names["critic"] = f"{names['critic']}+judge:{clients['critic'].config.model}"
    planner = clients.get(PLANNER)
    return Engines(customer, support, grade, names, hooks=hooks, planner_model=planner)
