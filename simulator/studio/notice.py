"""What Try says above its conversations: which of the author's edits the offline roles do
not act on, and what would.

The offline (scripted) support follows `support.rules` and `support.knowledge`, the offline
customer its first messages and what it knows; the goal and policy prose is read only by a
model, and offline no judge reads anything, so an edited policy changes neither the
conversations nor their verdicts. A newcomer who sees five conversations after editing the
policy believes the policy was followed and checked: this notice says plainly that it was
not, by comparing the text as the page opened with the text tried.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from simulator.studio.pages import JUDGE_HOWTO

__all__ = ["HELP_MODELS", "try_notice"]


def _load(text: str) -> dict[str, Any]:
    try:
        data = YAML(typ="safe").load(text)
    except YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _get(data: dict[str, Any], *keys: str) -> Any:
    value: Any = data
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def try_notice(original: str | None, text: str, *, offline_support: bool, judged: bool) -> str:
    """HTML for above Try's conversations ('' when there is nothing to say)."""
    lines = []
    if offline_support and original is not None:
        before, now = _load(original), _load(text)
        policy = _get(before, "support", "policy") != _get(now, "support", "policy")
        acts = any(
            _get(before, "support", key) != _get(now, "support", key)
            for key in ("rules", "knowledge", "verify")
        ) or _get(before, "expect") != _get(now, "expect")
        if policy and not acts:
            lines.append(
                "<b>You changed the support policy, but the offline support does not read "
                "it.</b> These conversations follow the rules under <i>What the offline "
                "support does</i>, which you have not changed. Change those rules (or try "
                "with a model) to see your policy acted on."
            )
        elif policy:
            lines.append(
                "You changed the policy and the rules: the offline support follows the rules; "
                "the policy text is read only by a model."
            )
        rules = _get(before, "support", "rules") != _get(now, "support", "rules")
        if rules and _get(now, "expect") and _get(before, "expect") == _get(now, "expect"):
            lines.append(
                "You changed the rules but not <i>What a correct conversation does</i> (under "
                "<i>Also in this scenario</i>): the checks still expect the old behaviour, so a "
                "conversation that follows your new rule may fail them until they match."
            )
        if _get(before, "customer", "goal") != _get(now, "customer", "goal"):
            lines.append(
                "You changed the customer's goal: the offline customer does not read it. It "
                "starts from the first messages and tells what it knows (under <i>Also in this "
                "scenario</i>)."
            )
    openings = _get(_load(text), "customer", "openings")
    if isinstance(openings, dict) and len(openings) > 1:
        lines.append(
            f"The scenario has its lines in {', '.join(map(str, openings))}, so some customers "
            "write in another language than English. To have English only, press <i>Keep "
            "English only</i> under <i>What the offline support does</i>."
        )
    if not judged:
        lines.append(
            "No judge model is set, so nothing here checks the conversations against your "
            "policy or your <i>judged by a model</i> checks: only the automatic checks ran. "
            + JUDGE_HOWTO
        )
    return "".join(f"<div class='notice'>{line}</div>" for line in lines)


HELP_MODELS = """
<p>Offline, the studio plays the customer and support from the scenario's written lines and
rules, and checks the conversations with automatic checks only. To have the policy and the
goal followed, and the <i>judged by a model</i> checks judged, give the studio a model when
you start it. Any service that speaks OpenAI's chat API works.</p>
<h2>OpenAI</h2>
<pre>export OPENAI_API_KEY=sk-...
convsim studio my-workspace --model gpt-4o-mini --budget-usd 1</pre>
<p>Every role then uses the model. To keep the offline customer and support and only have a
model judge the conversations: <code>--critic-model gpt-4o-mini</code> instead of
<code>--model</code>.</p>
<h2>A model on your own machine (Ollama, vLLM, LM Studio)</h2>
<pre>export OPENAI_API_KEY=local
convsim studio my-workspace --model llama3.1 --base-url http://localhost:11434/v1</pre>
<h2>Then</h2>
<p>In the editor, next to <i>Try</i>, pick <i>models</i> instead of <i>offline</i>. The same
settings can go in a file (<code>--config convsim.toml</code>). The full reference is
<code>docs/llm.md</code> (<i>Using a model</i>) in convsim's documentation.</p>
"""
