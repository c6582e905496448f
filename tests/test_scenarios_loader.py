"""Loading scenario files: every problem, in every file, as `file:line: field: message`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scenarios.loader import (
    Problem,
    ScenarioError,
    builtin_library,
    collect,
    discover,
    load_scenarios,
)

DATA = Path(__file__).parent / "data"
BAD = DATA / "scenarios_bad"
GOOD = DATA / "scenarios_good"
TRAITS = {
    "patience": {"low", "medium", "high"},
    "tone": {"friendly", "angry"},
    "language": {"en", "de"},
}

# file -> every problem it has, as "line: field: message" (the file name is prefixed below).
EXPECTED: dict[str, list[str]] = {
    "bad_date_args.yaml": [
        "7: variables.delivered.args: start_date 'yesterday' is not a date; use 'today', "
        "'-30d', '+2w', '-1y' or 'YYYY-MM-DD'",
    ],
    "duplicate_a.yaml": [],
    "duplicate_b.yaml": [],  # only a duplicate of duplicate_a.yaml when loaded together
    "duplicate_key.yaml": ["8: customer.goal: duplicate key 'goal' (first at line 6)"],
    "edge_case_library.yaml": ["1: edge_cases: this is an edge-case library, not a scenario"],
    "empty.yaml": ["1: empty file; a scenario is a mapping of keys"],
    "malformed.yaml": [
        "6: invalid YAML: found unexpected end of stream while scanning a quoted scalar "
        "(started at line 4)",
    ],
    "not_mapping.yaml": ["1: expected a mapping of scenario keys, got a list"],
    "quoting.yaml": [
        "7: customer.knows.pin: expected text, got the number 1234; put it in quotes",
        "9: customer.openings[0]: expected text, got yes, which YAML reads as true/false; "
        "put it in quotes",
        "13: support.rules[0].when.x.gt: expected a number, got text 'abc'",
        "13: support.rules[0].when.x: 'x' is not a variable; conditions test the scenario's "
        "variables",
    ],
    "references.yaml": [
        "7: variables.email: 'email' is a built-in variable (from the persona); pick another name",
        "8: variables.Order-ID: 'Order-ID' cannot be used as {Order-ID}: use lowercase "
        "letters, digits and '_', starting with a letter",
        "9: variables.serial: faker 'bothify' needs text: the pattern to fill, like 'ORD-#####'",
        "10: variables.amount.args: args are only used with faker",
        "11: variables.when.text: text is only used with faker bothify, numerify or lexify",
        "11: variables.when.args.maxx: 'random_int' takes no argument 'maxx' (did you mean 'max'?)",
        "13: customer.goal: unknown variable 'prodcut' (did you mean 'product'?)",
        "15: customer.knows.order_id: unknown variable 'order_number'; define it under variables",
        "17: customer.reveal_only_when_asked[0]: 'order_no' is not a fact in customer.knows "
        "(did you mean 'order_id'?)",
        "18: customer.labels.ordr_id: 'ordr_id' is not a fact in customer.knows "
        "(did you mean 'order_id'?)",
        "20: customer.openings[0]: single '{' at character 21; write '{{' for a literal brace",
        "21: customer.openings[1]: '{customer.name}' is not a placeholder; use {name} with "
        "letters, digits and '_', or '{{' '}}' for literal braces",
        "22: persona.patiense: unknown trait 'patiense' (did you mean 'patience'?)",
        "22: persona.tone[0]: unknown value 'frendly' for trait 'tone' (did you mean 'friendly'?)",
        "25: support.verify[1]: 'zip_code' is not a fact in customer.knows (facts: order_id, item)",
        "29: support.knowledge[0].answer[0]: unknown variable 'dayz'; define it under variables",
        "30: support.knowledge[1].id: duplicate id 'shipping' (first at support.knowledge[0])",
        "34: support.rules[0].when.days: 'days' is not a variable; conditions test the "
        "scenario's variables",
        "36: support.rules[0].say[0]: unknown variable 'fist_name' (did you mean 'first_name'?)",
        "37: support.rules[1].when.product.eq: 'Wacth' is not one of the choices of 'product' "
        "(did you mean 'Watch'?)",
        "40: support.rules[2].when.product.in[1]: 'Earbud' is not one of the choices of "
        "'product' (did you mean 'Earbuds'?)",
        "40: support.rules[2].when.product.gt: 'product' has choices that are not numbers "
        "('Watch'), so gt cannot compare them",
        "45: flow[0].asks: 'shiping' is not a knowledge id in support.knowledge "
        "(did you mean 'shipping'?)",
        "48: success[0].check.requested: 'order_num' is not a fact in customer.knows "
        "(did you mean 'order_id'?)",
        "49: success[1].check.support_says: invalid regular expression: missing ), "
        "unterminated subpattern at position 0",
        "51: edge_cases[1]: unknown edge case 'demand_manager' (did you mean 'demands_manager'?)",
        "51: edge_cases[4]: 'gives_up' is listed twice",
        "51: edge_cases[5]: unknown edge case 'teleports'",
    ],
    "requirements.yaml": [
        "11: edge_cases[0]: edge case 'wrong_identifier' requires verify, "
        "but support.verify is empty",
        "11: edge_cases[1]: edge case 'repeats_question' requires knowledge, "
        "but support.knowledge is empty",
    ],
    "schema_errors.yaml": [
        "1: id: 'Test/Bad ID' is not a valid id: use lowercase letters, digits, '-' and '_', "
        "with '/' between parts (like ecommerce/refund-damaged-item)",
        "2: title: expected text, got a list",
        "6: variables.product.choice[0]: 'yes' is read as true/false by YAML; put it in quotes",
        "6: variables.product.choice[1]: 'no' is read as true/false by YAML; put it in quotes",
        "7: variables.code.faker: faker provider 'bothifi' is not allowed "
        "(did you mean 'bothify'?)",
        "8: variables.size.range: expected [low, high]: a list of two whole numbers",
        "9: variables.both: give exactly one of choice, faker, range, record",
        "12: customer.openings: expected a list, got text 'My order is broken.'; a list is "
        "written with dashes, one item per line ('- item'), or [a, b]",
        "14: customer.revael_only_when_asked: unknown key 'revael_only_when_asked' "
        "(did you mean 'reveal_only_when_asked'?)",
        "15: support.policy: required key is missing",
        "16: support.polcy: unknown key 'polcy' (did you mean 'policy'?)",
        "18: support.rules[0].action: must be 'resolve', 'refuse' or 'escalate', got text 'refund'",
        "19: support.rules[0].say: must not be empty",
        "22: flow[0].after: must be 'open', 'resolve', 'refuse', 'answer' or 'any', "
        "got text 'later'",
        "26: success[0].check: give exactly one check, got 2",
        "28: max_turns: must be at least 2, got 1",
        "29: persona.patience: expected a list, got text 'low'; a list is written with "
        "dashes, one item per line ('- item'), or [a, b]",
        "30: hobbies: unknown key 'hobbies'; allowed keys: id, title, domain, intent, "
        "description, variables, customer, persona, support, flow, success, edge_cases, "
        "max_turns, rubric, world, expect",
    ],
}


def _lines(problems: list[Problem], path: Path) -> list[str]:
    prefix = f"{path}:"
    assert all(str(p).startswith(prefix) for p in problems), problems
    return [str(p).removeprefix(prefix) for p in problems]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_file_reports_exact_problems(name: str) -> None:
    path = BAD / name
    scenarios, problems = collect([path], TRAITS)
    assert _lines(problems, path) == EXPECTED[name]
    assert scenarios == ([] if EXPECTED[name] else scenarios)


def test_every_fixture_is_covered() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted(EXPECTED)


def test_folder_collects_all_problems_of_all_files_in_sorted_order() -> None:
    with pytest.raises(ScenarioError) as err:
        load_scenarios([BAD], TRAITS)
    per_file = dict(EXPECTED)
    per_file["duplicate_b.yaml"] = [
        f"1: id: duplicate scenario id 'test/duplicate' (first in {BAD / 'duplicate_a.yaml'}:1)"
    ]
    expected = [f"{BAD / name}:{line}" for name in sorted(per_file) for line in per_file[name]]
    assert [str(p) for p in err.value.problems] == expected
    assert str(err.value) == "\n".join(expected)


def test_good_scenario_loads_with_its_fields() -> None:
    (scenario,) = load_scenarios([GOOD], TRAITS)
    assert scenario.id == "test/refund-damaged-item"
    assert list(scenario.variables) == [
        "product",
        "order_id",
        "days_since_delivery",
        "delivered_on",
    ]
    assert scenario.customer.openings[1] == "Hi {{support}}, the {product} I ordered is cracked."
    assert scenario.support.rules[0].when["days_since_delivery"].gt == 30
    assert scenario.edge_cases == [
        "wrong_identifier",
        "demands_manager",
        "repeats_question",
        "gives_up",
    ]
    assert scenario.max_turns == 10


def test_persona_constraints_are_only_checked_when_traits_are_given() -> None:
    _, problems = collect([BAD / "references.yaml"])
    assert not any(p.field.startswith("persona") for p in problems)


def test_schema_key_is_ignored_but_must_be_text(tmp_path: Path) -> None:
    text = (GOOD / "refund.yaml").read_text()
    ok = tmp_path / "ok.yaml"
    ok.write_text("$schema: ../schema/scenario.schema.json\n" + text)
    assert load_scenarios([ok])[0].id == "test/refund-damaged-item"
    bad = tmp_path / "bad.yaml"
    bad.write_text("$schema: 3\n" + text)
    _, problems = collect([bad])
    assert [str(p) for p in problems] == [
        f"{bad}:1: $schema: expected text: a path or URL to the JSON Schema"
    ]


def test_paths_that_do_not_exist_or_hold_no_scenarios(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    (empty / ".hidden").mkdir(parents=True)
    (empty / ".hidden" / "x.yaml").write_text("id: x\n")
    (empty / "notes.txt").write_text("not yaml")
    missing = tmp_path / "missing.yaml"
    with pytest.raises(ScenarioError) as err:
        load_scenarios([missing, empty, tmp_path / "empty" / "notes.txt"])
    assert [str(p) for p in err.value.problems] == [
        f"{missing}: no such file or directory",
        f"{empty}: no scenario files (*.yaml, *.yml) under {empty}",
        f"{empty / 'notes.txt'}: not a YAML file (*.yaml, *.yml)",
    ]


def test_discovery_is_recursive_sorted_and_each_file_once(tmp_path: Path) -> None:
    for rel in ("b/z.yaml", "b/a.yml", "a.yaml", "c/d/e.yaml", ".git/x.yaml", "c/readme.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("")
    files, problems = discover([tmp_path, tmp_path / "a.yaml"])
    assert problems == []
    assert [f.relative_to(tmp_path).as_posix() for f in files] == [
        "a.yaml",
        "b/a.yml",
        "b/z.yaml",
        "c/d/e.yaml",
    ]


def test_many_files_load_together(tmp_path: Path) -> None:
    text = (GOOD / "refund.yaml").read_text()
    for i in range(25):
        (tmp_path / f"s{i:02d}.yaml").write_text(text.replace("test/refund", f"test/r{i:02d}"))
    scenarios = load_scenarios([tmp_path])
    assert [s.id for s in scenarios] == [f"test/r{i:02d}-damaged-item" for i in range(25)]


def test_problem_str_leaves_out_missing_parts() -> None:
    assert str(Problem("a.yaml", 3, "customer.goal", "m")) == "a.yaml:3: customer.goal: m"
    assert str(Problem("a.yaml", 3, "", "m")) == "a.yaml:3: m"
    assert str(Problem("a.yaml", 0, "", "m")) == "a.yaml: m"


def test_builtin_library_is_the_packaged_folder(tmp_path: Path) -> None:
    assert builtin_library() == Path(__file__).parents[1] / "scenarios" / "library"
    # the built-in folder is loaded the way a user's folder is
    copy = tmp_path / "lib"
    shutil.copytree(GOOD, copy)
    assert [s.id for s in load_scenarios([copy])] == ["test/refund-damaged-item"]
