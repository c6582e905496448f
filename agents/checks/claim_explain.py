"""The words of an `unperformed_action` finding from agents.checks.claimed_writes: which action
support claims, which tools perform it, and which writes were made (or refused, or went to
another record), so a reviewer sees the defect without reading the call log."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unmade:
    """A claimed action no write of its tools made."""

    sentence: str
    family: str
    tools: tuple[str, ...]  # the domain's tools that perform it
    refused: tuple[str, ...]  # of those, the ones called and refused
    made: tuple[str, ...]  # the writes that did go through by then
    # the claim names one record, the writes that made its action went to these others
    elsewhere: tuple[tuple[str, ...], tuple[str, ...]] | None = None


def explain(unmade: Unmade) -> str:
    """The finding's explanation: which action is claimed, which writes were made."""
    tools = " or ".join(unmade.tools)
    made = ", ".join(unmade.made) if unmade.made else "none"
    if not unmade.tools:
        return (
            f"support says it did something ({unmade.family}) that no tool of the domain does, "
            f"and none of the writes made by then can do it (writes made: {made}): nothing "
            "shows it happened"
        )
    if unmade.elsewhere is not None:
        said, touched = unmade.elsewhere
        return (
            f"support says it did what {tools} does ({unmade.family}) on {', '.join(said)}, "
            f"but the writes that did it went to {', '.join(touched)} (writes made: {made})"
        )
    if unmade.refused:
        return (
            f"support says it did what {tools} does ({unmade.family}), but the call of "
            f"{' and '.join(unmade.refused)} was refused and no call of it had gone through "
            f"by then (writes made: {made})"
        )
    return (
        f"support says it did what {tools} does ({unmade.family}), but no call of it had "
        f"gone through by then (writes made: {made}): nothing shows it happened"
    )
