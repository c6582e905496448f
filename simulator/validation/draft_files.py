"""The files `convsim learn` writes: one draft scenario per intent, the persona weights, and
`learned.json` (counts, characteristic terms, fact kinds, persona statistics, how the number
of intents was chosen). Everything goes to a temporary folder first and is renamed into place,
so a failed learn leaves nothing half-written.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml

from simulator.errors import UserError
from simulator.validation.facts import LABELS, variable_for
from simulator.validation.learn import FACT_SHARE, Draft, Intent

WEIGHTS_NAME = "persona-weights.yaml"
SUMMARY_NAME = "learned.json"
SCHEMA_HEADER = "# Drafted by convsim learn: review the goal, policy and success criteria.\n"
FALLBACK_CLOSING = "That's done for you now. Is there anything else I can help with?"


def scenario(intent: Intent, domain: str, total: int) -> dict[str, Any]:
    variables: dict[str, Any] = {}
    knows: dict[str, str] = {}
    labels: dict[str, str] = {}
    for kind, share in sorted(intent.facts.items(), key=lambda kv: -kv[1]):
        if share < FACT_SHARE:
            continue
        template, declared = variable_for(kind, intent.id_shape)
        if declared is not None:
            variables[f"fact_{kind}"] = declared
        knows[kind] = template
        labels[kind] = LABELS[kind]
    words = ", ".join(intent.terms[:5]) or "(none public)"
    about = f" with this: {' '.join(intent.words)}" if intent.words else ""
    openings = intent.openings or [f"Hi, I need some help{about}."]
    topic = " ".join(intent.words) or "a request"
    customer: dict[str, Any] = {"goal": f"Get help with: {topic}."}
    if knows:
        customer |= {"knows": knows, "reveal_only_when_asked": list(knows), "labels": labels}
    customer["openings"] = openings
    facts = ", ".join(labels.values())
    policy = "Draft learned from real conversations: replace with this team's policy. " + (
        f"Customers with this request usually give their {facts}; ask for it before acting."
        if facts
        else "Customers with this request usually give no identifying facts."
    )
    return {
        "id": f"{domain}/{intent.name.replace('_', '-')}",
        "title": f"Learned intent: {topic}",
        "domain": domain,
        "intent": intent.name,
        "description": (
            f"Drafted by convsim learn from {intent.count} of {total} real conversations "
            f"({intent.count / total:.0%}). Characteristic words: {words}."
        ),
        **({"variables": variables} if variables else {}),
        "customer": customer,
        "support": {
            "policy": policy,
            **({"verify": list(knows)} if knows else {}),
            "rules": [{"action": "resolve", "say": intent.closings or [FALLBACK_CLOSING]}],
        },
        "max_turns": max(4, min(30, intent.customer_turns + 2)),
    }


def summary(draft: Draft, source: str) -> dict[str, Any]:
    c = draft.clustering
    return {
        "source": source,
        "conversations": draft.conversations,
        "clustering": {
            "method": "TF-IDF (word 1-2 grams) + LSA + k-means; k by the highest silhouette",
            "k": c.k,
            "silhouette": None if c.silhouette != c.silhouette else round(c.silhouette, 4),
            "tried": {str(k): round(v, 4) for k, v in c.tried.items()},
        },
        "intents": [
            {
                "name": i.name,
                "count": i.count,
                "share": round(i.count / draft.conversations, 4),
                "terms": i.terms,
                "facts": {k: round(v, 3) for k, v in i.facts.items()},
                "openings_drafted": len(i.openings),
            }
            for i in draft.intents
        ],
        "persona": draft.persona,
        "notes": draft.notes,
    }


def weights_text(draft: Draft) -> str:
    head = (
        f"# Persona trait weights learned by convsim learn from {draft.conversations} "
        "conversations.\n# Use with: convsim run DRAFT --persona-weights THIS_FILE. A listed "
        "value gets its weight, an unlisted one 0;\n# `none` is the weight of having no quirk.\n"
    )
    return head + yaml.safe_dump({"weights": draft.weights}, sort_keys=False)


def write_draft(draft: Draft, out: Path, domain: str, source: str) -> list[Path]:
    """Write the draft into `out` (new or empty); the scenario files written."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UserError(f"--out {out}: exists and is not an empty folder; give a new folder")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    except OSError as exc:
        raise UserError(f"--out {out}: cannot write there ({exc.strerror or exc})") from exc
    written: list[Path] = []
    try:
        (tmp / domain).mkdir()
        for intent in draft.intents:
            data = scenario(intent, domain, draft.conversations)
            name = f"{intent.name.replace('_', '-')}.yaml"
            text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
            (tmp / domain / name).write_text(SCHEMA_HEADER + text, encoding="utf-8")
            written.append(out / domain / name)
        (tmp / WEIGHTS_NAME).write_text(weights_text(draft), encoding="utf-8")
        text = json.dumps(summary(draft, source), indent=2, ensure_ascii=False)
        (tmp / SUMMARY_NAME).write_text(text + "\n", encoding="utf-8")
        if out.exists():
            out.rmdir()
        os.replace(tmp, out)
    except OSError as exc:
        raise UserError(f"--out {out}: cannot write ({exc.strerror or exc})") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return written
