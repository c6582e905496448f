"""The options that choose and limit models (see simulator.run.engines), declared once.

`run` and `test` take them through `model_flags`; other commands (grade) pick the annotated
types they need, one line per option.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from agents.llm.config import MAX_RETRIES, MAX_TIMEOUT_S
from simulator.errors import UserError
from simulator.run.engines import PLANNER, LLMOptions

R = TypeVar("R")

_P = "Models"  # help panel

Config = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="TOML file whose llm table sets models (see docs/llm.md).",
        rich_help_panel=_P,
    ),
]
Model = Annotated[
    str | None,
    typer.Option("--model", help="Model for every role (else scripted).", rich_help_panel=_P),
]
BaseUrl = Annotated[
    str | None,
    typer.Option("--base-url", help="OpenAI-compatible endpoint URL.", rich_help_panel=_P),
]
KeyEnv = Annotated[
    str | None,
    typer.Option(
        "--api-key-env",
        help="Environment variable holding the key (default OPENAI_API_KEY).",
        rich_help_panel=_P,
    ),
]
Temperature = Annotated[
    float | None, typer.Option("--temperature", help="Sampling temperature.", rich_help_panel=_P)
]
CustomerModel = Annotated[
    str | None, typer.Option("--customer-model", help="Customer's model.", rich_help_panel=_P)
]
SupportModel = Annotated[
    str | None, typer.Option("--support-model", help="Support's model.", rich_help_panel=_P)
]
CriticModel = Annotated[
    str | None, typer.Option("--critic-model", help="Critic judge's model.", rich_help_panel=_P)
]
PlannerModel = Annotated[
    str | None,
    typer.Option(
        "--planner-model",
        help="Model asked for new edge cases once coverage saturates (written to "
        "edge_case_proposals.yaml, never used by the run).",
        rich_help_panel=_P,
    ),
]
CustomerTemp = Annotated[
    float | None, typer.Option("--customer-temperature", rich_help_panel=_P, show_default=False)
]
SupportTemp = Annotated[
    float | None, typer.Option("--support-temperature", rich_help_panel=_P, show_default=False)
]
CriticTemp = Annotated[
    float | None, typer.Option("--critic-temperature", rich_help_panel=_P, show_default=False)
]
Timeout = Annotated[
    float | None,
    typer.Option("--timeout", help="Seconds per model call (default 60).", rich_help_panel=_P),
]
Retries = Annotated[
    int | None,
    typer.Option("--max-retries", help="Retries per call (default 4).", rich_help_panel=_P),
]
RateLimit = Annotated[
    float | None,
    typer.Option("--rate-limit", help="Requests per second per endpoint.", rich_help_panel=_P),
]
Cache = Annotated[
    Path | None,
    typer.Option("--cache", help="SQLite response cache file.", rich_help_panel=_P),
]
Prices = Annotated[
    Path | None,
    typer.Option(
        "--prices", help="TOML price table extending the built-in one.", rich_help_panel=_P
    ),
]
BudgetUsd = Annotated[
    float | None,
    typer.Option("--budget-usd", help="Stop model calls at this cost.", rich_help_panel=_P),
]
BudgetTokens = Annotated[
    int | None,
    typer.Option(
        "--budget-tokens",
        help="Stop model calls at this many tokens.",
        rich_help_panel=_P,
    ),
]


def model_flags(
    *roles: str, global_model: bool = True
) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Give a command the Models flags for `roles`; it receives them as one `llm: LLMOptions`.

    `run` and `test` declare these flags once, here, so their names, defaults and help cannot
    drift apart. The flags take the place of the command's `llm` parameter in its signature
    (typer reads the signature), and only `roles` (plus the opt-in planner) are built.
    """
    flags = _flags(roles, global_model)

    def decorate(command: Callable[..., R]) -> Callable[..., R]:
        own = inspect.signature(command, eval_str=True).parameters
        if "llm" not in own:
            raise TypeError(f"{command.__name__}: model_flags needs an `llm` parameter")
        params: list[inspect.Parameter] = []
        for param in own.values():
            if param.name != "llm":
                params.append(param)
                continue
            params += [
                inspect.Parameter(name, param.POSITIONAL_OR_KEYWORD, default=None, annotation=kind)
                for name, kind in flags
            ]

        @wraps(command)
        def wrapper(*args: Any, **kwargs: Any) -> R:
            values = {name: kwargs.pop(name, None) for name, _ in flags}
            return command(*args, llm=_options(values, roles), **kwargs)

        wrapper.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in params}
        return wrapper

    return decorate


def _flags(roles: tuple[str, ...], global_model: bool) -> list[tuple[str, Any]]:
    """The flags in help order: per-role models, then per-role temperatures."""
    models = {"customer": CustomerModel, "support": SupportModel, "critic": CriticModel}
    temperatures = {"customer": CustomerTemp, "support": SupportTemp, "critic": CriticTemp}
    return [
        ("config", Config),
        *([("model", Model)] if global_model else []),
        ("base_url", BaseUrl),
        ("api_key_env", KeyEnv),
        ("temperature", Temperature),
        *[(f"{role}_model", models[role]) for role in roles],
        *[(f"{role}_temperature", temperatures[role]) for role in roles],
        ("timeout", Timeout),
        ("max_retries", Retries),
        ("rate_limit", RateLimit),
        ("cache", Cache),
        ("prices", Prices),
        ("budget_usd", BudgetUsd),
        ("budget_tokens", BudgetTokens),
        ("planner_model", PlannerModel),
    ]


def _checked(values: dict[str, Any]) -> None:
    """Flag values no setting could mean, refused in one line before anything is read: an
    empty model name (which read as "no model" and ran scripted), a budget that is not a
    positive finite amount, a timeout that never ends."""
    for name, value in values.items():
        if name.endswith("model") and value is not None and not value.strip():
            flag = "--" + name.replace("_", "-")
            raise UserError(f"{flag} {value!r}: give a model name, or leave the flag out")
    usd = values.get("budget_usd")
    if usd is not None and not (math.isfinite(usd) and usd > 0):
        raise UserError(f"--budget-usd {usd:g}: give dollars, a number more than 0")
    tokens = values.get("budget_tokens")
    if tokens is not None and tokens < 1:
        raise UserError(f"--budget-tokens {tokens}: give a number of tokens, 1 or more")
    for flag, key in (("--timeout", "timeout"), ("--rate-limit", "rate_limit")):
        got = values.get(key)
        if got is not None and not (math.isfinite(got) and got > 0):
            raise UserError(f"{flag} {got:g}: give a number more than 0 (and not inf)")
    timeout = values.get("timeout")
    if timeout is not None and timeout > MAX_TIMEOUT_S:
        raise UserError(f"--timeout {timeout:g}: give seconds per call, at most {MAX_TIMEOUT_S:g}")
    for name, value in values.items():
        if name.endswith("temperature") and value is not None and not 0 <= value <= 2:
            flag = "--" + name.replace("_", "-")  # (nan fails the comparison too)
            raise UserError(f"{flag} {value:g}: give a sampling temperature, 0 to 2")
    retries = values.get("max_retries")
    if retries is not None and not 0 <= retries <= MAX_RETRIES:
        raise UserError(f"--max-retries {retries}: give a number of retries, 0 to {MAX_RETRIES}")


def _options(values: dict[str, Any], roles: tuple[str, ...]) -> LLMOptions:
    _checked(values)
    return LLMOptions(
        config=values["config"],
        model=values.get("model"),
        base_url=values["base_url"],
        api_key_env=values["api_key_env"],
        temperature=values["temperature"],
        timeout_s=values["timeout"],
        max_retries=values["max_retries"],
        rate_limit_rps=values["rate_limit"],
        cache=values["cache"],
        prices=values["prices"],
        budget_usd=values["budget_usd"],
        budget_tokens=values["budget_tokens"],
        role_models={
            **{role: values[f"{role}_model"] for role in roles},
            PLANNER: values["planner_model"],
        },
        role_temperatures={role: values[f"{role}_temperature"] for role in roles},
        roles=(*roles, PLANNER),
    )
