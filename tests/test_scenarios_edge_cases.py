"""The packaged edge-case library and the checks on edge-case library files."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarios.edge_cases import PACKAGED, load_edge_cases
from scenarios.loader import ScenarioError

BAD = Path(__file__).parent / "data" / "scenarios_bad"

# The contract with the scripted customer (agents/scripted): id -> (behavior, requires).
EXPECTED = {
    "wrong_identifier": ("wrong_identifier", ["verify"]),
    "demands_manager": ("demand_manager", []),
    "multiple_issues": ("multi_issue", []),
    "switches_language": ("switch_language", []),
    "goes_silent": ("silence", []),
    "off_topic": ("off_topic", []),
    "gives_up": ("give_up_early", []),
    "prompt_injection": ("prompt_injection", []),
    "overshares_personal_data": ("overshare", []),
    "corrects_itself": ("self_correct", ["verify"]),
    "returns_to_earlier_issue": ("return_to_issue", []),
    "asks_against_policy": ("against_policy", ["verify"]),
    "impatient": ("impatient", []),
    "sarcastic": ("sarcastic", []),
    "heavy_typos": ("heavy_typos", []),
    "withholds_info": ("withhold", ["verify"]),
    "vague_opening": ("vague", []),
    "repeats_question": ("repeat_question", ["knowledge"]),
}


def test_packaged_library_has_the_agreed_cases() -> None:
    lib = load_edge_cases()
    assert len(lib.edge_cases) >= 15
    assert {e.id: (e.behavior, e.requires) for e in lib.edge_cases} == EXPECTED
    assert load_edge_cases() is lib  # cached
    assert load_edge_cases(PACKAGED) == lib


def test_incompatibilities_are_symmetric_and_known() -> None:
    by_id = load_edge_cases().by_id()
    pairs = {
        tuple(sorted((case.id, other)))
        for case in by_id.values()
        for other in case.incompatible_with
    }
    for a, b in pairs:
        assert a in by_id[b].incompatible_with and b in by_id[a].incompatible_with
    assert ("demands_manager", "gives_up") in pairs
    assert ("gives_up", "goes_silent") in pairs
    assert len(pairs) >= 5


def test_descriptions_are_written_for_a_domain_expert() -> None:
    for case in load_edge_cases().edge_cases:
        assert len(case.description) >= 120, case.id
        assert "Tests" in case.description, case.id  # says what it probes in support


def test_bad_library_reports_every_problem() -> None:
    path = BAD / "edge_case_library.yaml"
    with pytest.raises(ScenarioError) as err:
        load_edge_cases(path)
    assert [str(p) for p in err.value.problems] == [
        f"{path}:7: edge_cases[0].incompatible_with[0]: 'whispers' does not list 'shouts' in "
        "its incompatible_with; add it there too (incompatibility goes both ways)",
        f"{path}:7: edge_cases[0].incompatible_with[1]: 'mumbles' does not list 'shouts' in "
        "its incompatible_with; add it there too (incompatibility goes both ways)",
        f"{path}:7: edge_cases[0].incompatible_with[2]: 'shouts' cannot be incompatible with "
        "itself",
        f"{path}:11: edge_cases[1].category: must be 'identity', 'emotion', 'conversation', "
        "'policy', 'security', 'language' or 'privacy', got text 'emotionn'",
        f"{path}:13: edge_cases[2].id: duplicate edge case id 'shouts' (first at edge_cases[0])",
    ]


def test_unknown_incompatible_id_gets_a_suggestion(tmp_path: Path) -> None:
    path = tmp_path / "lib.yaml"
    path.write_text(
        "edge_cases:\n"
        "  - {id: a_case, title: A, description: D, category: emotion, behavior: a,\n"
        "     incompatible_with: [b_cas]}\n"
        "  - {id: b_case, title: B, description: D, category: emotion, behavior: b}\n"
    )
    with pytest.raises(ScenarioError) as err:
        load_edge_cases(path)
    assert [str(p) for p in err.value.problems] == [
        f"{path}:3: edge_cases[0].incompatible_with[0]: unknown edge case 'b_cas' "
        "(did you mean 'b_case'?)"
    ]


def test_missing_library_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as err:
        load_edge_cases(tmp_path / "nope.yaml")
    assert str(err.value) == f"{tmp_path / 'nope.yaml'}: no such file"
