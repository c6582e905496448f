"""The price table: packaged defaults plus the user's own entries, in USD per million tokens."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agents.llm.errors import LLMConfigError
from scenarios.inputfiles import InputFileError, load_toml

PACKAGED = Path(__file__).with_name("prices.toml")


class Price(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    input: float = Field(ge=0, description="USD per million prompt tokens")
    output: float = Field(ge=0, description="USD per million completion tokens")


class _PriceFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    models: dict[str, Price] = Field(default_factory=dict)


@dataclass(frozen=True)
class PriceTable:
    prices: Mapping[str, Price]

    def find(self, model: str) -> Price | None:
        if model in self.prices:
            return self.prices[model]
        matches = [name for name in self.prices if model.startswith(name)]
        return self.prices[max(matches, key=len)] if matches else None

    def cost(self, model: str, prompt_tokens: int, completion_tokens: int) -> float | None:
        price = self.find(model)
        if price is None:
            return None
        return (prompt_tokens * price.input + completion_tokens * price.output) / 1_000_000

    def extended(self, extra: Mapping[str, Price]) -> PriceTable:
        return PriceTable({**self.prices, **extra})


def parse_prices(data: object, where: str) -> dict[str, Price]:
    try:
        return dict(_PriceFile.model_validate(data).models)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise LLMConfigError(
            f'{where}: {field}: {first["msg"]} (write [models."NAME"] input = X, output = Y, '
            "USD per million tokens)"
        ) from exc


def load_prices(extra_file: Path | None = None) -> PriceTable:
    """The packaged table, extended by `extra_file` (same format) when given."""
    table = PriceTable(parse_prices(tomllib.loads(PACKAGED.read_text("utf-8")), str(PACKAGED)))
    if extra_file is None:
        return table
    try:
        data = load_toml(extra_file, "give a TOML file")
    except InputFileError as exc:
        raise LLMConfigError(f"--prices {exc}") from None
    return table.extended(parse_prices(data, str(extra_file)))
