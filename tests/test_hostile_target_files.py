"""Target files that would have failed late: a URL httpx cannot send to, header names and
values that would start a new header (or are not ASCII, which httpx cannot encode), an
environment variable holding a line break, a module that calls sys.exit when imported.
Each is one `file:line: field: message` before anything runs, values never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.targets import TargetFileError, build_role, load_target


def problems(tmp_path: Path, text: str, environ: dict[str, str] | None = None) -> list[str]:
    file = tmp_path / "bot.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(TargetFileError) as info:
        build_role(load_target(file, environ or {}))
    return [str(p).removeprefix(f"{file}:") for p in info.value.problems]


HTTP = "kind: http\nurl: http://127.0.0.1:1/x\n"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("kind: http\nurl: 'http://[::1]:99999/x'\n",
         "2: url: 'http://[::1]:99999/x' is not a URL (Port out of range 0-65535)"),
        ("kind: http\nurl: 'http://my bot/x'\n",
         "2: url: 'http://my bot/x' has a space or control character; write it as %20"),
        ("kind: http\nurl: 'http:///x'\n", "2: url: 'http:///x' names no host"),
        ("kind: openai\nbase_url: 'https://:80/v1'\nmodel: m\nsystem_prompt: s\n"
         "api_key_env: HOME\n", "2: base_url: 'https://:80/v1' names no host"),
        (HTTP + 'headers: {"X\\nY": v}\n',
         "3: headers: 'X\\nY' is not a header name (letters, digits, - and _)"),
        (HTTP + "headers: {X: \"a\\r\\nX-Admin: 1\"}\n",
         "3: headers: the value of X holds a line break; a header value is printable ASCII on "
         "one line"),
        (HTTP + "headers: {X: caf\u00e9}\n",
         "3: headers: the value of X holds the character '\u00e9'; a header value is printable "
         "ASCII on one line"),
    ],
)  # fmt: skip
def test_what_httpx_could_not_send_is_named_in_the_file(
    tmp_path: Path, text: str, problem: str
) -> None:
    assert problems(tmp_path, text, {"HOME": "/root"}) == [problem]


def test_a_header_variable_holding_a_line_break_is_named_not_shown(tmp_path: Path) -> None:
    secret = "tok-4471\r\nX-Admin: yes"
    got = problems(tmp_path, HTTP + "headers: {Authorization: 'Bearer ${TOKEN}'}\n",
                   {"TOKEN": secret})  # fmt: skip
    assert got == [
        "3: headers.Authorization: environment variable TOKEN holds a line break; a header "
        "value is printable ASCII on one line (its value is not shown)"
    ]
    assert "tok-4471" not in got[0]


def test_a_module_that_exits_when_imported_is_a_problem_not_the_end(tmp_path: Path) -> None:
    (tmp_path / "exits_on_import.py").write_text("import sys\nsys.exit(4)\n")
    text = "kind: python\ncallable: exits_on_import:reply\npythonpath: [.]\n"
    assert problems(tmp_path, text) == [
        "2: callable: importing exits_on_import called sys.exit(4); guard the module's script "
        "code with if __name__ == '__main__':"
    ]


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ('""', "3: name: is empty; give the bot a short name for reports, or leave `name` out "
               "to use the file's name"),
        ('"   "', "3: name: is empty; give the bot a short name for reports, or leave `name` "
                  "out to use the file's name"),
        ("x" * 10_000, "3: name: is 10,000 characters long; give a name of at most 100"),
        ('"bot\\x1b[2J"', "3: name: character 4 is U+001B a control character, which a "
                         "terminal hides or acts on; use letters, digits, spaces and punctuation"),
        ('"a\\u202eb"', "3: name: character 2 is U+202E RIGHT-TO-LEFT OVERRIDE, which a terminal "
                       "hides or acts on; use letters, digits, spaces and punctuation"),
        ('"two\\nlines"', "3: name: character 4 is U+000A a control character, which a terminal "
                         "hides or acts on; use letters, digits, spaces and punctuation"),
        ('" padded"', "3: name: starts or ends with spaces; remove them"),
    ],
)  # fmt: skip
def test_a_target_name_is_one_short_visible_line(tmp_path: Path, name: str, problem: str) -> None:
    assert problems(tmp_path, f"{HTTP}name: {name}\n") == [problem]


def test_a_name_with_brackets_or_slashes_is_shown_as_written(tmp_path: Path) -> None:
    """Rich read `[/]` in a name as markup and the report died with a MarkupError traceback."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    (tmp_path / "polite.py").write_text("def reply(messages):\n    return 'Sorry, no.'\n")
    target = tmp_path / "bot.yaml"
    target.write_text("kind: python\ncallable: polite:reply\nname: '[/]bot [v2] a/b'\n")
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "test", "--target", str(target), "--n", "1",
         "--seed", "1", "--out", str(tmp_path / "run"), "--no-judge", "--quiet"],
        capture_output=True, text=True, cwd=root, timeout=300,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root), "COLUMNS": "200"},
    )  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in (0, 1), done.stderr
    assert ": [/]bot [v2] a/b" in done.stdout


FIX = "write ${NAME} (letters, digits, _), or put a value holding '${' in an environment "
FIX += "variable and read that"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("${A-B}", "has '${A-B}', which is not a variable reference; " + FIX),
        ("${}", "has '${}', which is not a variable reference; " + FIX),
        ("Bearer ${TOKEN:-dev}", "has '${TOKEN:-dev}', which is not a variable reference; " + FIX),
        ("${TOKEN", "has '${TOKEN', which is not closed with '}'; " + FIX),
        ("${TOKEN} and ${ 2}", "has '${ 2}', which is not a variable reference; " + FIX),
        ("$${TOKEN}", "has '$${TOKEN}': '$$' is no escape here, so this sends '$' and the value "
                      "of TOKEN; " + FIX),
    ],
)  # fmt: skip
def test_a_malformed_variable_reference_in_a_header_is_named(
    tmp_path: Path, value: str, problem: str
) -> None:
    """outsider18 #16: everything but a well-formed ${NAME} was sent to the bot as written,
    shell syntax (${FOO:-default}) and an unclosed ${TOKEN included, with exit 0."""
    text = HTTP + f"headers:\n  X-Key: '{value}'\n"
    assert problems(tmp_path, text, {"TOKEN": "tok-12345678"}) == [
        f"3: headers: the value of X-Key {problem}"
    ]


def test_a_url_does_not_read_the_environment(tmp_path: Path) -> None:
    text = "kind: http\nurl: 'http://127.0.0.1:1/x?k=${HOME}'\n"
    assert problems(tmp_path, text, {"HOME": "/root"}) == [
        "2: url: 'http://127.0.0.1:1/x?k=${HOME}' holds '${': a URL is not read from the "
        "environment (header values are); write the URL out, and put a secret in a header"
    ]


def test_a_malformed_reference_is_exit_2_before_anything_runs(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    target = tmp_path / "bot.yaml"
    target.write_text(HTTP + "headers: {Authorization: 'Bearer ${TOKEN'}\n")
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "test", "--target", str(target), "--n", "1",
         "--out", str(tmp_path / "run")],
        capture_output=True, text=True, cwd=root, timeout=300,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root), "TOKEN": "tok-12345678"},
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        f"convsim: error: {target}:3: headers: the value of Authorization has '${{TOKEN', "
        f"which is not closed with '}}'; {FIX}\n"
    )
    assert not (tmp_path / "run").exists()
