"""Learn from real logs, simulate, validate against held-out real logs (run by hand).

    python bench/validate.py --real ../shared/realdata/star/star_dialogues.jsonl.gz

The real file (STAR or OpenAI `messages` JSONL) is shuffled with a seed and cut in two: one
half goes to `convsim learn`, the draft is run with its persona weights (`--planner random`,
so the learned weights are what draws personas), and the run is validated against the other
half, which learn never saw. For comparison, a run of the built-in library is validated
against the same half. The halves and runs are written to a temporary folder (or --work),
never into the repository. Prints the headline figures of both.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HEADLINE = (
    "fidelity.customer_words_w1", "fidelity.customer_turns_w1", "fidelity.vocabulary_js",
    "fidelity.intent_mix_js", "fidelity.persona_mad", "utility.trtr_accuracy",
    "utility.tstr_accuracy", "utility.tstr_trtr_ratio", "utility.trtr_macro_f1",
    "utility.tstr_macro_f1", "utility.majority_baseline", "privacy.exact_copies",
    "privacy.long_ngram_share", "privacy.near_copy_share", "privacy.real_pii_found",
    "diversity.distinct_2", "diversity.self_similarity", "diversity.rare_intents_reached",
    "diversity.rare_phrasings_reached",
)  # fmt: skip


def convsim(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "simulator", *args], check=False)
    return time.perf_counter() - start


def halves(path: Path, seed: int) -> tuple[list[str], list[str]]:
    opener: Any = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip()]
    random.Random(seed).shuffle(lines)
    cut = len(lines) // 2
    return lines[:cut], lines[cut:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, required=True, help="real logs (JSONL, .gz ok)")
    parser.add_argument("--labels", default="scenario.WizardCapabilities.0.Task",
                        help="dotted label field (STAR's task by default)")  # fmt: skip
    parser.add_argument("--n", type=int, default=2000, help="conversations to simulate")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=None, help="keep the files here")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="convsim-validate-"))
    work.mkdir(parents=True, exist_ok=True)
    learn_half, held_half = halves(args.real, args.seed)
    (work / "learn.jsonl").write_text("".join(learn_half), encoding="utf-8")
    (work / "held.jsonl").write_text("".join(held_half), encoding="utf-8")
    print(f"real: {len(learn_half)} conversations to learn from, {len(held_half)} held out")
    timings = {"learn": convsim("learn", str(work / "learn.jsonl"), "--out", str(work / "draft"))}
    runs = {
        "learned": ["run", str(work / "draft" / "learned"), "--persona-weights",
                    str(work / "draft" / "persona-weights.yaml"), "--planner", "random"],
        "library": ["run", "--planner", "random"],
    }  # fmt: skip
    for name, command in runs.items():
        out = work / f"run-{name}"
        timings[f"run {name}"] = convsim(
            *command, "--n", str(args.n), "--seed", str(args.seed), "--out", str(out), "-q"
        )
        timings[f"validate {name}"] = convsim(
            "validate", str(out), "--real", str(work / "held.jsonl"), "--labels", args.labels,
            "--json", str(work / f"validation-{name}.json"),
        )  # fmt: skip
    results = {
        name: {f["key"]: f for f in json.loads((work / f"validation-{name}.json").read_text())[
            "figures"]}
        for name in runs
    }  # fmt: skip
    print(f"\n{'figure':<34} {'learned draft':>14} {'built-in library':>17} {'real side':>9}")
    for key in HEADLINE:
        a, b = results["learned"].get(key, {}), results["library"].get(key, {})
        ref = a.get("real")
        print(f"{key:<34} {_v(a.get('value')):>14} {_v(b.get('value')):>17} {_v(ref):>9}")
    print("\n" + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items()))
    print(f"files: {work}")


def _v(value: Any) -> str:
    return "-" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    main()
