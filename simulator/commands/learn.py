"""`convsim learn`: draft scenarios and persona weights from a team's real conversations."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from simulator.commands.common import note_line, out_path, stdout, user_errors
from simulator.errors import UserError

_DOMAIN = re.compile(r"^[a-z][a-z0-9_]*$")


@user_errors
def learn(
    logs: Annotated[
        Path,
        typer.Argument(
            metavar="LOGS",
            help="Real conversations: OpenAI `messages` JSONL or STAR dialogues (.jsonl, "
            ".jsonl.gz, or a folder of .json files).",
        ),
    ],
    out: Annotated[
        Path,
        typer.Option("--out", help="A new folder for the draft.", parser=out_path),
    ],
    domain: Annotated[
        str, typer.Option("--domain", help="Domain name of the drafted scenarios.")
    ] = "learned",
) -> None:
    """Draft a scenario folder and persona weights from real support conversations."""
    # Imported here: scikit-learn would otherwise load (~90 MB) in every convsim command.
    from simulator.validation.draft_files import SUMMARY_NAME, WEIGHTS_NAME, write_draft
    from simulator.validation.learn import learn as learn_draft
    from simulator.validation.logs import read_logs

    if not _DOMAIN.match(domain):
        raise UserError(f"--domain {domain}: use lower-case letters, digits and _, e.g. learned")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):  # before minutes of work
        raise UserError(f"--out {out}: exists and is not an empty folder; give a new folder")
    dialogues = read_logs(logs, "LOGS", None)
    draft = learn_draft(dialogues)
    files = write_draft(draft, out, domain, str(logs))
    console = stdout()
    c = draft.clustering
    how = f"silhouette {c.silhouette:.3f}, best of k=2..{max(c.tried)}" if c.tried else "too few"
    console.print(
        f"learned {len(draft.intents)} intents from {draft.conversations} conversations ({how})",
        soft_wrap=True,
        markup=False,
    )
    for intent in draft.intents:
        console.print(
            f"  {intent.name:<32} {intent.count:>6}  {len(intent.openings)} openings",
            soft_wrap=True,
            markup=False,
        )
    console.print(
        f"scenarios:       {out / domain} ({len(files)} files)", soft_wrap=True, markup=False
    )
    console.print(f"persona weights: {out / WEIGHTS_NAME}", soft_wrap=True, markup=False)
    console.print(f"summary:         {out / SUMMARY_NAME}", soft_wrap=True, markup=False)
    for note in draft.notes:
        note_line(note)
