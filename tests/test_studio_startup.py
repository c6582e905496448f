"""`convsim studio` starts without the simulation stack: its first page needs none of
LangGraph, LangChain (not even langchain_core, which an engines import once pulled, nor the
engines the command's model flags would build) or pandas, which took seconds to load before
the address and the page (bench/studio_startup.py measures the seconds)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("langgraph", "langchain_core", "langchain_openai", "pandas", "simulator.run.runner")

PROBE = """
import json, sys, pathlib
from starlette.testclient import TestClient
from simulator.cli import app
import typer.main
command = typer.main.get_command(app)
loaded_for_parse = sorted({m.split('.')[0] for m in sys.modules})
studio = command.commands["studio"]
from simulator.studio.pages.app import create_app
from simulator.run.engines import ROLES, LLMOptions
import dataclasses
options = dataclasses.replace(LLMOptions(), roles=ROLES)  # as the command passes them
client = TestClient(create_app(pathlib.Path(sys.argv[1]), warm=False, models=options),
                    base_url="http://127.0.0.1")
page = client.get("/")
heavy = [m for m in %r if m in sys.modules]
warmed = TestClient(create_app(pathlib.Path(sys.argv[1])), base_url="http://127.0.0.1")
warmed.get("/")
import threading, time
for t in threading.enumerate():
    if t is not threading.main_thread() and t.daemon:
        t.join(timeout=240)
print(json.dumps({"status": page.status_code, "heavy": heavy,
                  "scenarios": "New scenario" in page.text,
                  "warmed": "simulator.run.runner" in sys.modules,
                  "studio_params": [p.name for p in studio.params][:3]}))
"""


def _probe(tmp_path: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", PROBE % (HEAVY,), str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=300,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_first_page_loads_no_simulation_stack(tmp_path: Path) -> None:
    found = _probe(tmp_path)
    assert found["status"] == 200 and found["scenarios"] is True
    assert found["heavy"] == []
    assert found["warmed"] is True  # loaded for the first Try once the page was out
    assert found["studio_params"] == ["folder", "port", "host"]


def test_one_command_loads_only_its_own_module() -> None:
    code = (
        "import sys; from simulator.cli import app; import typer.main;"
        "g = typer.main.get_command(app); g.commands['lint'];"
        "print(sorted(m for m in sys.modules if m.startswith('simulator.commands.')))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    loaded = out.stdout.strip()
    assert "simulator.commands.lint" in loaded
    for other in ("simulator.commands.run'", "simulator.commands.studio'", "commands.test'"):
        assert other not in loaded


def test_unknown_command_still_suggests_from_the_names(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-m", "simulator", "studoi"], capture_output=True, text=True, env=env
    )
    assert out.returncode == 2
    assert out.stderr.strip() == (
        "convsim: error: No such command 'studoi'. Did you mean 'studio'? (see 'convsim --help')"
    )
