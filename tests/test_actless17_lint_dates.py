"""An unquoted date in a YAML file is read as a date by YAML: lint says to quote it
(actless17; outsider 24: "tables.orders.records[0].slot: expected text, got date" said what
was wrong, not how to fix it, and the scenario's line about its domain file read as a riddle)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from simulator.cli import app

DESK = Path(__file__).resolve().parent / "data" / "tailor"


def _lint(tmp_path: Path, domain: str, scenario: str) -> list[str]:
    (tmp_path / "domains").mkdir()
    (tmp_path / "domains" / "tailor.yaml").write_text(domain, encoding="utf-8")
    (tmp_path / "when-ready.yaml").write_text(scenario, encoding="utf-8")
    result = CliRunner().invoke(app, ["lint", str(tmp_path)])
    assert result.exit_code == 1, result.output
    return [line for line in result.output.splitlines() if ": " in line]


def test_an_unquoted_date_in_a_record_says_to_quote_it(tmp_path: Path) -> None:
    domain = (DESK / "domains" / "tailor.yaml").read_text(encoding="utf-8")
    broken = domain.replace('ready_on: "2026-12-18"', "ready_on: 2026-12-18")
    assert broken != domain
    scenario = (DESK / "desk" / "when-ready.yaml").read_text(encoding="utf-8")
    lines = _lint(tmp_path, broken, scenario)
    line = next(
        n for n, text in enumerate(broken.splitlines(), 1) if "ready_on: 2026-12-18" in text
    )
    expected = (
        f"domains/tailor.yaml:{line}: tables.tickets.records[2].ready_on: expected text, got "
        "the date 2026-12-18, which YAML reads as a date, not text; put it in quotes: "
        "'2026-12-18'"
    )
    assert any(text.endswith(expected) for text in lines), lines
    assert any(text.endswith("has problems: fix the lines listed under its name") for text in lines)


def test_an_unquoted_date_in_a_scenario_says_to_quote_it(tmp_path: Path) -> None:
    domain = (DESK / "domains" / "tailor.yaml").read_text(encoding="utf-8")
    scenario = (DESK / "desk" / "when-ready.yaml").read_text(encoding="utf-8")
    broken = scenario.replace('outputs: ["{ready_on}"]', "outputs: [2027-01-15]")
    assert broken != scenario
    lines = _lint(tmp_path, domain, broken)
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if "2027-01-15" in text)
    expected = (
        f"when-ready.yaml:{line}: expect.outputs[0]: expected text, got the date 2027-01-15, "
        "which YAML reads as a date, not text; put it in quotes: '2027-01-15'"
    )
    assert any(text.endswith(expected) for text in lines), lines
