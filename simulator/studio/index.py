"""The first page: what to do first, the author's scenario files, and a new scenario made
from the short starter or a library scenario.

A newcomer reads this page before anything else, so it says little: the walkthroughs timed
every word of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from simulator.studio import author
from simulator.studio.pages import edit_link, esc, page

__all__ = ["file_for_id", "index_page"]


def index_page(root: Path, files: Iterable[str]) -> str:
    listed = "".join(f"<li>{edit_link(rel)}</li>" for rel in files)
    body = (
        f"<p class='note'>Workspace: {esc(root)}</p>{_START}<h2>Your scenarios</h2>"
        f"<ul>{listed or '<li>none yet: create one below</li>'}</ul>"
        "<h2>New scenario</h2><form method='post' action='/new'>"
        f"<label>Start from</label><select name='template'>{_template_options()}</select>"
        "<label>Name: business, then what the customer wants</label>"
        "<input name='id' value='mine/my-scenario'>"
        "<label>File (optional)</label>"
        "<input name='path' placeholder='scenarios/my-scenario.yaml'>"
        "<p><button>Create</button></p></form>"
    )
    return page("Scenarios", body, _FILE_SCRIPT)


_START = (
    "<div class='start'><b>Start here.</b> 1. Name what your customer wants, like <i>Gym: "
    "freeze membership</i>, and press <i>Create</i>. 2. In <i>Support policy</i>, write "
    "when support says no, one rule per line, and add the rules it offers. 3. <i>Try</i>. "
    "4. <i>Save</i>.</div>"
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


def file_for_id(new_id: str) -> str:
    """The file a new scenario gets when none is named: from the last part of its id."""
    stem = new_id.rstrip("/").rsplit("/", 1)[-1] or "my-scenario"
    return f"scenarios/{stem}.yaml"
