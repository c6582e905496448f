"""tau-bench result records built as its tool-calling agent writes them, on the fixture
airline domain (tests/data/tau): litellm message dumps, one tool message per call that ran
(its result computed by the fixture tools themselves), `info` with the task and reward
details. Written for convsim's tests; no tau-bench text or code."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tau_fixture import state

DATA = Path(__file__).resolve().parent / "data" / "tau"
TASKS: list[dict[str, Any]] = json.loads((DATA / "airline_tasks.json").read_text())
BAGS = {"reservation_id": "RES001", "total_baggages": 3, "nonfree_baggages": 2,
        "payment_id": "gift_card_1"}  # fmt: skip
# tau-bench's hash of the fixture's records after task 1's actions (computed with tau-bench's
# own reward code on tests/data/tau/airline, outside the repo)
TASK1_GT_HASH = "7514e2d831d1516b21cd7af06daff9adfd0fb4a18c15f5bc44c4472497175531"
PRISTINE_HASH = "28d63ec2ba2cd9f9f207665adcbc5f535a93f678261755bc69ad086675efd39b"


def assistant(content: str | None, calls: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "content": content, "role": "assistant", "tool_calls": calls, "function_call": None,
        "refusal": None, "annotations": [], "audio": None,
    }  # fmt: skip


def fn_call(cid: str, tool: str, arguments: Any) -> dict[str, Any]:
    text = arguments if isinstance(arguments, str) else json.dumps(arguments)
    return {"function": {"arguments": text, "name": tool}, "id": cid, "type": "function"}


class Traj:
    """A conversation built turn by turn; `run` calls execute on the fixture's records."""

    def __init__(self, opening: str) -> None:
        self.state = state("airline")
        self.messages: list[dict[str, Any]] = [
            {"role": "system", "content": "# Airline agent policy"},
            {"role": "user", "content": opening},
        ]

    def calls(self, tool: str, arguments: Any, content: str | None = None) -> Traj:
        """One call, answered with the tool's own result (an error text for bad arguments)."""
        return self.several([(tool, arguments)], ran=1, content=content)

    def several(self, calls: list[tuple[str, Any]], ran: int, content: str | None = None) -> Traj:
        """A message with several calls of which the first `ran` were run and answered."""
        n = len(self.messages)
        items = [fn_call(f"call_{n}_{j}", t, a) for j, (t, a) in enumerate(calls)]
        self.messages.append(assistant(content, items))
        for item, (tool, arguments) in zip(items[:ran], calls[:ran], strict=True):
            if isinstance(arguments, dict):
                result = self.state.call(tool, arguments).content
            else:
                result = "Error: arguments are not a JSON object"
            self.messages.append(
                {"role": "tool", "tool_call_id": item["id"], "name": tool, "content": result}
            )
        return self

    def says(self, text: str | None) -> Traj:
        self.messages.append(assistant(text))
        return self

    def user(self, text: str) -> Traj:
        self.messages.append({"role": "user", "content": text})
        return self


def record(
    task_id: int,
    traj: Traj | None,
    reward: float,
    trial: int = 0,
    task: dict[str, Any] | None = None,
    gt_hash: str | None = None,
) -> dict[str, Any]:
    """A result record; `task` is the task the run carried (default: the fixture task)."""
    carried = task if task is not None else TASKS[task_id]
    detail: dict[str, Any] = (
        {"r_outputs": reward, "outputs": {o: bool(reward) for o in carried["outputs"]}}
        if carried["outputs"]
        else {"r_actions": bool(reward), "gt_data_hash": gt_hash or "0" * 64}
    )
    info = {
        "task": carried, "source": "user", "user_cost": 0.01,
        "reward_info": {"reward": reward, "info": detail, "actions": carried["actions"]},
    }  # fmt: skip
    messages = traj.messages if traj is not None else []
    return {"task_id": task_id, "reward": reward, "info": info, "traj": messages, "trial": trial}
