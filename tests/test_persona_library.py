"""The persona trait library file: the packaged one, a user's that extends it, and the errors
that name the file and field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from personas import (
    TraitLibrary,
    TraitsError,
    load_traits,
    sample_persona,
)
from personas.library import persona_traits

ROOT = Path(__file__).resolve().parent.parent
PACKAGED = ROOT / "personas" / "traits.yaml"


# --- the library file ----------------------------------------------------------------------


def test_packaged_library_is_cached_and_complete() -> None:
    library = load_traits()
    assert library is load_traits()
    assert set(library.traits) == set(persona_traits())
    assert library.traits["quirks"].multi and library.traits["quirks"].max_values == 2
    assert len(library.locales) >= 7
    for spec in library.traits.values():
        assert spec.description and spec.weights and len(spec.weights) == len(spec.values)


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "traits.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _packaged_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(PACKAGED.read_text(encoding="utf-8"))
    return data


def test_user_library_extends_values(tmp_path: Path) -> None:
    data = _packaged_data()
    tone = data["traits"]["tone"]
    tone["values"] = [*tone["values"], "sarcastic"]
    tone["weights"] = [*tone["weights"], 0.05]
    library = load_traits(_write(tmp_path, data))
    assert isinstance(library, TraitLibrary)
    assert library is not load_traits()
    p = sample_persona(1, {"tone": ["sarcastic"]}, library=library)
    assert p.tone == "sarcastic"


def _rename_patience(data: dict[str, Any]) -> None:
    data["traits"]["patiense"] = data["traits"].pop("patience")


def _none_as_quirk(data: dict[str, Any]) -> None:
    quirks = data["traits"]["quirks"]
    quirks.update(values=["typos", "none"], weights=[1, 1], exclusive=[])


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda d: d["traits"]["patience"].update(weights=[1, 2]),
            "traits.patience.weights: 2 weights for 3 values; give one weight per value",
        ),
        (
            _rename_patience,
            "traits.patiense: not a persona trait (did you mean 'patience'?) (and 1 more problem)",
        ),
        (
            lambda d: d["traits"]["quirks"].update(mutli=3),
            "traits.quirks.mutli: unknown key; remove it or fix its spelling",
        ),
        (
            lambda d: d.update(locales={"de_DX": "de"}),
            "locales.de_DX: not a Faker locale (did you mean 'de_DE'?)",
        ),
        (_none_as_quirk, "traits.quirks.values: 'none' is reserved for \"no values\"; rename it"),
        (
            lambda d: d["traits"]["tone"].update(values=[]),
            "traits.tone.values: List should have at least 1 item after validation, not 0",
        ),
    ],
)
def test_user_library_errors_name_file_and_field(
    tmp_path: Path, edit: Callable[[dict[str, Any]], None], message: str
) -> None:
    data = _packaged_data()
    edit(data)
    path = _write(tmp_path, data)
    with pytest.raises(TraitsError) as info:
        load_traits(path)
    assert str(info.value) == f"{path}: {message}"


def test_unreadable_library_files(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(TraitsError, match=r"nope\.yaml: no such file; give the path"):
        load_traits(missing)
    bad = tmp_path / "bad.yaml"
    bad.write_text("traits: [\n", encoding="utf-8")
    with pytest.raises(TraitsError) as info:
        load_traits(bad)
    assert str(info.value) == (
        f"{bad}: invalid YAML at line 2: expected the node content, but found '<stream end>'"
    )
    bad.write_text("- a\n", encoding="utf-8")
    with pytest.raises(TraitsError) as info:
        load_traits(bad)
    assert str(info.value) == f"{bad}: expected a mapping with keys 'traits' and 'locales'"
