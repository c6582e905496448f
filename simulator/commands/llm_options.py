"""The `convsim run` options that choose and limit models (see simulator.engines).

Declared here as annotated types so the run command's signature stays one line per option.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from simulator.engines import LLMOptions

_P = "Models"  # help panel

Config = Annotated[
    Path | None,
    typer.Option(
        "--config", help="TOML file whose llm table sets models (see README).", rich_help_panel=_P
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
    typer.Option(
        "--budget-usd", help="Stop starting conversations at this cost.", rich_help_panel=_P
    ),
]
BudgetTokens = Annotated[
    int | None,
    typer.Option(
        "--budget-tokens",
        help="Stop starting conversations at this many tokens.",
        rich_help_panel=_P,
    ),
]


def llm_options(
    config: Path | None,
    model: str | None,
    base_url: str | None,
    api_key_env: str | None,
    temperature: float | None,
    role_models: tuple[str | None, str | None, str | None],
    role_temperatures: tuple[float | None, float | None, float | None],
    timeout: float | None,
    max_retries: int | None,
    rate_limit: float | None,
    cache: Path | None,
    prices: Path | None,
    budget_usd: float | None,
    budget_tokens: int | None,
    planner_model: str | None = None,
) -> LLMOptions:
    roles = ("customer", "support", "critic")
    return LLMOptions(
        config=config,
        model=model,
        base_url=base_url,
        api_key_env=api_key_env,
        temperature=temperature,
        timeout_s=timeout,
        max_retries=max_retries,
        rate_limit_rps=rate_limit,
        cache=cache,
        prices=prices,
        budget_usd=budget_usd,
        budget_tokens=budget_tokens,
        role_models={**dict(zip(roles, role_models, strict=True)), "planner": planner_model},
        role_temperatures=dict(zip(roles, role_temperatures, strict=True)),
    )
