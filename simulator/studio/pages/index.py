"""The first page: what to do first, the author's scenario files, and a new scenario made
from the short starter or a library scenario.

A newcomer reads this page before anything else, so it says little: the walkthroughs timed
every word of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from simulator.studio.editing import author
from simulator.studio.pages.pages import edit_link, esc, page

__all__ = ["DEFAULT_ID", "EXAMPLE_NAME", "POLICY_EXAMPLE", "file_for_id", "index_page"]

# The name the first page shows as an example (the hint's and the box's), and the id a new
# scenario gets when the box is left empty.
EXAMPLE_NAME = "Gym: freeze membership"
DEFAULT_ID = "mine/my-scenario"


def index_page(root: Path, files: Iterable[str]) -> str:
    listed = "".join(f"<li>{edit_link(rel)}</li>" for rel in files)
    body = (
        f"<p class='note'>Workspace: {esc(root)}</p>{_START}"
        + (f"<h2>Your scenarios</h2><ul>{listed}</ul>" if listed else "")
        + "<h2>New scenario</h2><form method='post' action='/new'>"
        # The policy first: a support desk has one written down, and pasting it saves the
        # typing that took two newcomers 220 s of their five minutes (walkthroughs 11, 12).
        "<label for='new-policy'>Your support policy, one rule per line</label>"
        f"<textarea name='policy' id='new-policy' rows='7' placeholder='{esc(POLICY_EXAMPLE)}'>"
        "</textarea>"
        # Empty, with an example as its placeholder: walkthrough 7's newcomer found
        # `mine/my-scenario` in the box and hesitated. Left empty, the name comes from the
        # policy, else the id is `mine/my-scenario`.
        "<label for='new-name'>Name (optional)</label>"
        f"<input name='id' id='new-name' placeholder='{esc(EXAMPLE_NAME)}'>"
        "<p><button>Create</button></p>"
        # Folded: a newcomer's first conversations need neither (the walkthroughs read every
        # word of this page before typing anything).
        "<details class='fold' id='more'><summary>More: start from a library scenario, "
        "name the file</summary>"
        f"<label>Start from</label><select name='template'>{_template_options()}</select>"
        "<label>File</label>"
        "<input name='path' placeholder='scenarios/my-scenario.yaml'></details></form>"
    )
    return page("Scenarios", body, _FILE_SCRIPT)


# What the policy box shows until something is pasted: another business's lines, so that
# skipping it leaves nothing of theirs in the file.
POLICY_EXAMPLE = (
    "like:\nAsk for the membership number first.\nPauses longer than 3 months are not possible."
)

_START = (
    "<div class='start'><b>Start here.</b> Paste your support policy and press "
    "<i>Create</i>: a scenario is made from it. Then <i>Try</i>, and <i>Save</i>.</div>"
)


# The File box shows, as its placeholder, the file the name typed so far gives.
_FILE_SCRIPT = """
const nameBox = document.querySelector('input[name=id]');
const fileBox = document.querySelector('input[name=path]');
let asked = 0;
nameBox.addEventListener('input', async () => {
  const mine = ++asked;
  const r = await fetch('/api/file-for?' + new URLSearchParams({name: nameBox.value}));
  const answer = await r.json();
  if (mine === asked) fileBox.placeholder = answer.file;  // a late answer never wins
});
"""


def _template_options() -> str:
    """The starter first (selected), then the library's scenarios by business area; those
    that work on a domain's records say so (their variables and checks come from them)."""
    groups: dict[str, list[str]] = {}
    for rel, title, world in author.template_titles():
        uses = f", uses the {world} records" if world else ""
        groups.setdefault(rel.split("/", 1)[0], []).append(
            f"<option value='{esc(rel)}'>{esc(title)} ({esc(rel)}{esc(uses)})</option>"
        )
    starter = (
        f"<optgroup label='Start small'><option value='{author.STARTER}' selected>A short "
        "scenario in plain words, to make your own (English, no records)</option></optgroup>"
    )
    return starter + "".join(
        f"<optgroup label='Library: {esc(area)}'>{''.join(opts)}</optgroup>"
        for area, opts in groups.items()
    )


def free_id(new_id: str, taken: Callable[[str], bool]) -> str:
    """`new_id`, or `new_id-2`, `-3` ... whose file is not `taken`: a second Create of one
    policy made the same name and was refused, "already exists" (newcomer 18); a file the
    author named is never overwritten (the caller's)."""
    for n in range(2, 1000):
        candidate = f"{new_id.rstrip('/')}-{n}"
        if not taken(candidate):
            return candidate
    return new_id


def file_for_id(new_id: str) -> str:
    """The file a new scenario gets when none is named: from the last part of its id."""
    stem = new_id.rstrip("/").rsplit("/", 1)[-1] or "my-scenario"
    return f"scenarios/{stem}.yaml"
