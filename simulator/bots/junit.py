"""JUnit XML for CI: one <testcase> per conversation plan (per trial with --trials).

Suites are scenarios; a failed conversation carries a <failure> whose text lists the critic's
findings, an infrastructure error an <error> with the reason; a conversation that could not
be decided (a criterion needs a judge model) or whose failure was the simulated customer's is
<skipped> with the reason: neither is a pass. A pass has none of them. Written
with ElementTree so every value is escaped, and characters XML 1.0 forbids are dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby
from pathlib import Path

from simulator.bots.metrics import ConversationResult, Summary
from simulator.store.atomic import write_atomic

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _ILLEGAL.sub("", text)


def _name(c: ConversationResult) -> str:
    edges = ", ".join(c.edge_cases) or "no edge case"
    trial = f" trial {c.trial}" if c.trial else ""
    return f"{c.task}{trial} [{edges}]"


def _failure_text(c: ConversationResult) -> str:
    lines = []
    for f in c.findings:
        where = f"turn {f['turn']}" if f.get("turn") is not None else "transcript"
        lines.append(
            f"- {f['severity']} {f['dimension']}/{f['category']} ({where}): {f['explanation']}"
            + (f'\n    evidence: "{f["evidence"]}"' if f.get("evidence") else "")
        )
    return "\n".join(lines) or c.reason


def build(summary: Summary, suite_name: str) -> ET.Element:
    root = ET.Element("testsuites", name=_clean(suite_name))
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    ordered = sorted(summary.conversations, key=lambda c: c.scenario_id)
    for scenario, group in groupby(ordered, key=lambda c: c.scenario_id):
        cases = list(group)
        suite = ET.SubElement(root, "testsuite", name=_clean(scenario))
        counts = {
            "tests": len(cases),
            "failures": sum(c.status == "fail" for c in cases),
            "errors": sum(c.status == "error" for c in cases),
            "skipped": sum(c.status in ("undecided", "simulator") for c in cases),
        }
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("time", f"{sum(c.seconds for c in cases):.3f}")
        for c in cases:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=_clean(scenario.replace("/", ".")),
                name=_clean(_name(c)),
                time=f"{c.seconds:.3f}",
            )
            if c.status == "fail":
                first = c.headline
                node = ET.SubElement(case, "failure", message=_clean(f"{c.label}: {first}"))
                node.set("type", c.label)
                node.text = _clean(_failure_text(c))
            elif c.status == "undecided":
                why = "not decided without a judge model: " + ", ".join(c.undecided)
                ET.SubElement(case, "skipped", message=_clean(why))
            elif c.status == "simulator":
                first = c.headline
                why = f"the simulated customer caused the failure: {first}"
                ET.SubElement(case, "skipped", message=_clean(why))
            elif c.status == "error":
                node = ET.SubElement(case, "error", message=_clean(c.reason))
                node.set("type", c.error_kind or "error")
                node.text = _clean(c.reason)
    for key, value in totals.items():
        root.set(key, str(value))
    return root


def write(path: Path, summary: Summary, suite_name: str) -> None:
    root = build(summary, suite_name)
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode", xml_declaration=False)
    write_atomic(path, ['<?xml version="1.0" encoding="UTF-8"?>\n', text, "\n"])
