"""A bounded number given as YAML's .nan or .inf is named as not a number (outsider 16 #14:
`timeout_s: .nan` was 'must be at most 600.0, got nan', as if nan were too large)."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.targets import TargetFileError, load_target


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (".nan", "timeout_s: got nan, not a finite number; give a number at most 600.0"),
        ("-.inf", "timeout_s: got -inf, not a finite number; give a number more than 0.0"),
        ("700", "timeout_s: must be at most 600.0, got 700"),
    ],
)
def test_a_timeout_that_is_not_a_number_says_so(value: str, message: str, tmp_path: Path) -> None:
    target = tmp_path / "bot.yaml"
    target.write_text(f"kind: python\ncallable: a:b\ntimeout_s: {value}\n", encoding="utf-8")
    with pytest.raises(TargetFileError) as info:
        load_target(target)
    assert [str(p) for p in info.value.problems] == [f"{target}:3: {message}"]
