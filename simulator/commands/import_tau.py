"""`convsim import tau-bench`: tau-bench's data files and a task file as a convsim domain and
one scenario per task.

The output folder holds `domains/tau_<domain>.yaml` (document tables over copies of the data
files, and tau-bench's tools as registered Python tools with its descriptions and parameter
schemas), and `tau-<domain>/task-<i>.yaml` per task (i = its position in the task file, from
0): the customer's goal is the task's instruction, the support policy is tau-bench's policy
file, and `expect` holds the task's actions and outputs, so grading replays them as
tau-bench's reward does. Everything is written to a temporary folder first and renamed into
place, so a failed import leaves nothing behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

from scenarios import jsondata
from scenarios.domains.loader import check_domain
from scenarios.domains.tau.specs import DOMAINS, TABLES, WRITES, implementation, tool_data
from scenarios.inputfiles import InputFileError
from scenarios.jsondata import JSONValueError
from scenarios.schema.source import read_yaml
from simulator.commands.common import user_errors
from simulator.errors import UserError
from simulator.quality.tau_task import literal

OPENING = "Hi, I need some help with my account."
CLOSING = "Is there anything else I can help you with?"
MAX_TURNS = 30  # tau-bench's agent takes at most 30 steps by default


class _Dumper(yaml.SafeDumper):
    """Multi-line text as YAML blocks, so the written files read like hand-written ones."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def _data_folder(data_dir: Path, domain: str) -> Path:
    for folder in (data_dir / domain, data_dir):
        paths = [folder / f"{table}.json" for table in TABLES[domain]]
        if all(p.is_file() for p in paths):
            return folder
        odd = [p for p in paths if p.exists() and not p.is_file()]
        if odd and all(p.exists() for p in paths):  # the folder, with a pipe, device, folder...
            raise UserError(f"{odd[0]}: not a regular file; give tau-bench's {odd[0].name}")
    files = ", ".join(f"{t}.json" for t in TABLES[domain])
    raise UserError(
        f"{data_dir}: no tau-bench {domain} data ({files}) in it or in {data_dir / domain}; "
        "give tau-bench's data folder"
    )


def _policy(data_dir: Path, folder: Path, domain: str, given: Path | None) -> str:
    if given is not None:
        if not given.is_file():
            raise UserError(f"--policy {given}: no such file")
        return given.read_text(encoding="utf-8")
    for path in (data_dir / f"{domain}_policy.md", folder / "wiki.md", folder / "policy.md"):
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise UserError(
        f"{data_dir}: no {domain}_policy.md (or wiki.md) found; give the policy with --policy FILE"
    )


def _tasks(path: Path, domain: str) -> list[dict[str, Any]]:
    """The task file, checked: a list of {instruction, actions: [{name, kwargs}], outputs}."""
    where = f"--tasks {path}"
    try:
        tasks = jsondata.load(path, "give tau-bench's tasks JSON")
    except (InputFileError, JSONValueError) as exc:
        raise UserError(f"--tasks {exc}") from None
    if not isinstance(tasks, list) or not tasks:
        raise UserError(f"{where}: expected a non-empty JSON list of tasks")
    known = {item["name"] for item in tool_data(domain)}
    for i, task in enumerate(tasks):
        at = f"{where}: task {i}"
        if not isinstance(task, dict):
            raise UserError(f"{at}: expected an object")
        if not isinstance(task.get("instruction"), str):
            raise UserError(f"{at}: instruction: expected text")
        if not isinstance(task.get("actions", []), list):
            raise UserError(f"{at}: actions: expected a list")
        for j, action in enumerate(task.get("actions", [])):
            if not isinstance(action, dict) or not isinstance(action.get("name"), str):
                raise UserError(f"{at}: actions[{j}]: expected {{name, kwargs}}")
            if action["name"] not in known:
                raise UserError(
                    f"{at}: actions[{j}].name: '{action['name']}' is not a tau-bench {domain} "
                    "tool; is --domain right?"
                )
            if not isinstance(action.get("kwargs", {}), dict):
                raise UserError(f"{at}: actions[{j}].kwargs: expected an object")
        outputs = task.get("outputs", [])
        if not isinstance(outputs, list) or not all(isinstance(o, str) for o in outputs):
            raise UserError(f"{at}: outputs: expected a list of text")
    return tasks


def domain_file(domain: str, source: Path) -> dict[str, Any]:
    name = f"tau_{domain}"
    return {
        "name": name,
        "description": f"tau-bench's {domain} domain, imported from {source}.",
        "tables": {
            table: {"key": key, "documents": f"{name}/{table}.json"}
            for table, key in TABLES[domain].items()
        },
        "tools": [
            {
                **item,
                "python": implementation(domain, item["name"]),
                "writes": item["name"] in WRITES[domain],
            }
            for item in tool_data(domain)
        ],
    }


def scenario_file(domain: str, index: int, task: dict[str, Any], policy: str, source: str) -> Any:
    user_id = task.get("user_id")
    customer: dict[str, Any] = {"goal": literal(task["instruction"])}
    if isinstance(user_id, str):
        customer["knows"] = {"user_id": literal(user_id)}
        customer["labels"] = {"user_id": "user id"}
    customer["openings"] = [OPENING]
    return {
        "id": f"tau-{domain}/task-{index}",
        "title": f"tau-bench {domain} task {index}",
        "domain": domain,
        "intent": "tau_bench_task",
        "description": f"Imported from tau-bench: task {index} of {source}.",
        "world": f"tau_{domain}",
        "customer": customer,
        "support": {"policy": policy, "rules": [{"action": "resolve", "say": [CLOSING]}]},
        "expect": {
            "actions": [
                {"tool": a["name"], "arguments": literal(a.get("kwargs", {}))}
                for a in task.get("actions", [])
            ],
            "outputs": literal(list(task.get("outputs", []))),
        },
        "max_turns": MAX_TURNS,
    }


def write_import(
    data_dir: Path, domain: str, tasks_path: Path, out: Path, policy_file: Path | None = None
) -> int:
    """Write the domain and scenarios into `out` (which must not exist or be empty); the
    number of scenarios written."""
    if domain not in DOMAINS:
        raise UserError(f"--domain {domain}: unknown; give one of {', '.join(DOMAINS)}")
    if not data_dir.is_dir():
        raise UserError(f"{data_dir}: no such folder; give tau-bench's data folder")
    folder = _data_folder(data_dir, domain)
    policy = _policy(data_dir, folder, domain, policy_file)
    tasks = _tasks(tasks_path, domain)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UserError(f"--out {out}: exists and is not an empty folder; give a new folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        domains = tmp / "domains"
        (domains / f"tau_{domain}").mkdir(parents=True)
        for table in TABLES[domain]:
            shutil.copyfile(folder / f"{table}.json", domains / f"tau_{domain}" / f"{table}.json")
        text = _dump(domain_file(domain, folder))
        (domains / f"tau_{domain}.yaml").write_text(text, encoding="utf-8")
        _check(domains / f"tau_{domain}.yaml", domains / f"tau_{domain}", folder)
        scenarios = tmp / f"tau-{domain}"
        scenarios.mkdir()
        for i, task in enumerate(tasks):
            text = _dump(scenario_file(domain, i, task, policy, tasks_path.name))
            (scenarios / f"task-{i}.yaml").write_text(text, encoding="utf-8")
        if out.exists():
            out.rmdir()
        os.replace(tmp, out)
    except OSError as exc:
        raise UserError(f"--out {out}: cannot write ({exc.strerror or exc})") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return len(tasks)


def _check(path: Path, copies: Path, folder: Path) -> None:
    """The written domain loads as `lint` and `run` will load it: data files that are not
    tau-bench's (not JSON, nested too deeply, the wrong shape) are refused here, naming the
    file given, instead of writing an import that fails later."""
    domain, problems = check_domain(read_yaml(path, str(path)), path.parent)
    if domain is not None:
        domain.template.close()
    if problems:
        first = str(problems[0]).replace(f"{copies}{os.sep}", f"{folder}{os.sep}")
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise UserError(f"{first}{more}; give tau-bench's data files as it ships them")


@user_errors
def tau_bench(
    data_dir: Annotated[
        Path,
        typer.Argument(
            metavar="DATA_DIR",
            help="tau-bench's data folder (with airline/ and retail/, or one domain's files).",
        ),
    ],
    domain: Annotated[str, typer.Option("--domain", help="airline or retail.")],
    tasks: Annotated[Path, typer.Option("--tasks", help="tau-bench's tasks JSON file.")],
    out: Annotated[Path, typer.Option("--out", help="A new folder to write into.")],
    policy: Annotated[
        Path | None,
        typer.Option("--policy", help="The policy file, when not in DATA_DIR.", show_default=False),
    ] = None,
) -> None:
    """Import tau-bench's data and tasks as a domain and one scenario per task."""
    count = write_import(data_dir, domain, tasks, out, policy)
    print(
        f"imported {count} tau-bench {domain} tasks into {out}: domains/tau_{domain}.yaml and "
        f"tau-{domain}/task-0 .. task-{count - 1}"
    )


app = typer.Typer(help="Import conversations' worlds and tasks from other tools.")
app.command("tau-bench")(tau_bench)
