"""`convsim test` serving the tool endpoint to an http bot, and `convsim run` with the LLM
support on a domain, in real processes; fake-llm's --tool-script errors."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
from bots import loopback
from cli_process import convsim as run_convsim

from agents.llm.fake import FakeSettings, serve

ROOT = Path(__file__).resolve().parent.parent
WORLD = "tests/data/world"
ORDER = re.compile(r"\bW\d+\b")


def convsim(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_convsim(*args, cwd=ROOT, env={"COLUMNS": "160", **(env or {})}, timeout=120)


def cancel_bot(body: dict[str, Any], headers: Mapping[str, str], path: str) -> dict[str, Any]:
    """Looks up the order the customer named and cancels it when it is pending."""
    said = " ".join(m["content"] for m in body["history"] if m["role"] == "user")
    found = ORDER.findall(said + " " + body["message"])
    if not found:
        return {"reply": "Which order is it? Please give me its number."}
    url = headers["X-Convsim-Tools-Url"]
    lookup = {"name": "get_order", "arguments": {"order_id": found[-1]}}
    order = httpx.post(f"{url}/call", json=lookup).json()
    if order["error"]:
        return {"reply": f"I cannot find order {found[-1]}."}
    status = json.loads(order["content"])["status"]
    if status != "pending":
        return {"reply": f"Order {found[-1]} is {status} already, so it cannot be cancelled."}
    args = {"order_id": found[-1], "reason": "no longer needed"}
    httpx.post(f"{url}/call", json={"name": "cancel_order", "arguments": args})
    return {"reply": f"Order {found[-1]} is cancelled and refunded.", "end": False}


def records(out: Path) -> list[dict[str, Any]]:
    lines = (out / "transcripts.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines]


def test_convsim_test_serves_the_tool_endpoint_to_an_http_bot(tmp_path: Path) -> None:
    with loopback.serve(cancel_bot) as url:
        target = tmp_path / "bot.yaml"
        target.write_text(
            f"kind: http\nurl: {url}\nbody:\n  message: '{{message}}'\n  history: '{{history}}'\n"
        )
        done = convsim("test", WORLD, "--target", str(target), "--n", "4", "--seed", "3",
                       "--out", str(tmp_path / "run"), "--quiet")  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    made = records(tmp_path / "run")
    assert len(made) == 4
    for record in made:
        assert record["outcome"]["status"] != "error", record["outcome"]
        tools = [t for t in record["turns"] if t["role"] == "tool"]
        assert tools and tools[0]["name"] == "get_order"
        calls = [c for t in record["turns"] for c in t.get("tool_calls") or []]
        assert [c["id"] for c in calls] == [t["tool_call_id"] for t in tools]
        said = " ".join(t["content"] for t in record["turns"] if t["role"] == "customer")
        assert calls[0]["arguments"]["order_id"] in said
        if json.loads(tools[0]["content"])["status"] == "pending":
            assert [t["name"] for t in tools][:2] == ["get_order", "cancel_order"]
            assert tools[1]["content"] == '"cancelled"'


def test_convsim_run_with_llm_support_acts_through_the_tools(tmp_path: Path) -> None:
    with serve(FakeSettings(seed=1)) as fake:
        done = convsim("run", WORLD, "--n", "2", "--seed", "1", "--out", str(tmp_path / "run"),
                       "--support-model", "fake", "--base-url", fake.base_url, "--quiet",
                       env={"OPENAI_API_KEY": "sk-test"})  # fmt: skip
    assert done.returncode == 0, done.stderr
    for record in records(tmp_path / "run"):
        first = next(t for t in record["turns"] if t.get("tool_calls"))
        call = first["tool_calls"][0]
        opening = record["turns"][0]["content"]
        assert call["name"] == "get_order" and call["arguments"]["order_id"] in opening
        assert record["usage"]["llm"]["support"]["calls"] > sum(
            1 for t in record["turns"] if t["role"] == "support" and t["content"]
        )  # tool rounds are model calls too


def test_fake_llm_tool_script_errors_are_one_line(tmp_path: Path) -> None:
    script = tmp_path / "script.json"
    script.write_text('[{"calls": [{"name": "get_order", "arguments": 5}]}]')
    done = convsim("fake-llm", "--port", "0", "--tool-script", str(script))
    assert done.returncode == 2
    assert done.stderr == (
        f"convsim: error: --tool-script {script}: step 0, call 0: needs a name (text) and "
        "arguments (an object, or a string sent as it is)\n"
    )
    script.write_text("[{")
    done = convsim("fake-llm", "--port", "0", "--tool-script", str(script))
    assert (done.returncode, done.stderr) == (
        2,
        f"convsim: error: --tool-script {script}:1: not valid JSON (Expecting property name "
        "enclosed in double quotes at column 3)\n",
    )
